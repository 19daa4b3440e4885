//! A campaign's numbers (营销活动, DOMAIN.md §4): the target list, built with consent
//! enforced and a random hold-out control group left uncontacted; and the effect:
//! revenue attributed to the contact, ROI, cost per response, and the lift against the
//! control group with its confidence interval.

use crate::{Cents, ConsentChannel, Customer, Id};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Why a member of the segment is not on the list, in the order they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOut {
    /// In the trash.
    Deleted,
    /// On the blacklist: never contacted, whatever their consent.
    Blacklisted,
    /// Said no to this channel.
    OptedOut,
    /// Never said yes to this channel.
    NoConsent,
    /// No number or address the channel can use.
    NoContact,
}

/// Who is contacted, who is held back to measure against, and who is left out and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetList {
    pub contacted: Vec<Id>,
    pub control: Vec<Id>,
    /// How many were left out for each reason (reasons with none left out are absent).
    pub left_out: Vec<(LeftOut, usize)>,
}

/// Whether `c` may be contacted through `channel`, or why not.
pub fn reachable(c: &Customer, channel: ConsentChannel) -> Result<(), LeftOut> {
    if c.is_deleted() {
        return Err(LeftOut::Deleted);
    }
    if c.blacklisted {
        return Err(LeftOut::Blacklisted);
    }
    match c.consent(channel) {
        Some(k) if !k.granted => return Err(LeftOut::OptedOut),
        None => return Err(LeftOut::NoConsent),
        Some(_) => {}
    }
    let has = |s: &str| !s.trim().is_empty();
    let contact = match channel {
        // A text message needs a mobile; a call takes either number.
        ConsentChannel::Sms => has(&c.mobile),
        ConsentChannel::Phone => has(&c.mobile) || has(&c.phone),
        ConsentChannel::Email => has(&c.email),
        ConsentChannel::Mail => has(&c.address),
    };
    if contact {
        Ok(())
    } else {
        Err(LeftOut::NoContact)
    }
}

/// The list for `channel` from a segment's `members`: those who may be contacted, of
/// whom `control_bp` basis points (rounded) are held back as the control group. Who is
/// held back is drawn by `seed` and the customer's id alone, so the same seed over the
/// same members draws the same group.
pub fn target_list(
    members: &[&Customer],
    channel: ConsentChannel,
    control_bp: u32,
    seed: u64,
) -> TargetList {
    let mut counts: HashMap<LeftOut, usize> = HashMap::new();
    let mut eligible: Vec<(u64, &Id)> = Vec::new();
    for c in members {
        match reachable(c, channel) {
            Ok(()) => eligible.push((draw(seed, &c.id), &c.id)),
            Err(why) => *counts.entry(why).or_default() += 1,
        }
    }
    eligible.sort_unstable();
    let held = (eligible.len() as u64 * control_bp.min(10_000) as u64 + 5_000) / 10_000;
    let (control, contacted) = eligible.split_at(held as usize);
    let ids = |v: &[(u64, &Id)]| {
        let mut ids: Vec<Id> = v.iter().map(|(_, id)| (*id).clone()).collect();
        ids.sort();
        ids
    };
    let mut left_out: Vec<(LeftOut, usize)> = counts.into_iter().collect();
    left_out.sort();
    TargetList {
        contacted: ids(contacted),
        control: ids(control),
        left_out,
    }
}

/// A customer's place in the draw: a hash of the seed and the id (FNV-1a, stable
/// across versions and machines, unlike the standard library's).
fn draw(seed: u64, id: &Id) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in id.0.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// ROI = (attributed revenue − cost) / cost; none without a cost.
pub fn roi(revenue: Cents, cost: Cents) -> Option<f64> {
    (cost.0 > 0).then(|| (revenue.0 - cost.0) as f64 / cost.0 as f64)
}

/// Cost per response; none without responses.
pub fn cost_per_response(cost: Cents, responses: usize) -> Option<Cents> {
    (responses > 0).then(|| Cents((cost.0 as f64 / responses as f64).round() as i64))
}

/// The conversion rates of the contacted and the control group, their difference, and
/// its 95 % confidence interval (normal approximation to the difference of two
/// proportions, unpooled).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Lift {
    pub contacted: f64,
    pub control: f64,
    pub difference: f64,
    pub low: f64,
    pub high: f64,
}

/// The two-sided 95 % normal quantile.
const Z95: f64 = 1.959_963_984_540_054;

/// The lift of `converted` of `contacted` against `held_converted` of `held`; none when
/// either group is empty.
pub fn lift(
    converted: usize,
    contacted: usize,
    held_converted: usize,
    held: usize,
) -> Option<Lift> {
    if contacted == 0 || held == 0 {
        return None;
    }
    let (p1, n1) = (converted as f64 / contacted as f64, contacted as f64);
    let (p2, n2) = (held_converted as f64 / held as f64, held as f64);
    let se = (p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2).sqrt();
    let d = p1 - p2;
    Some(Lift {
        contacted: p1,
        control: p2,
        difference: d,
        low: d - Z95 * se,
        high: d + Z95 * se,
    })
}

#[cfg(test)]
#[path = "campaign_tests.rs"]
mod tests;
