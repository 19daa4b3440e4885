//! The Service dashboard's figures (DOMAIN.md §3) over the tickets: what is open and
//! for how long and with whom, how fast tickets are answered and resolved (median and
//! 90th percentile, in business minutes), how many missed a service level, the
//! complaint rate (抱怨率: complaints / active customers) by month with the products
//! and root causes behind the complaints, and repeat contacts.
//!
//! Percentiles interpolate between ranks as numpy's default does (`method="linear"`),
//! so a spreadsheet or pandas gives the same figures.

use super::retention::Period;
use crate::Id;
use crate::date::{Millis, Zone};
use crate::sla::{Policy, Standing, TicketType};
use crate::ticket::{RootCause, Ticket};
use std::collections::{BTreeMap, HashMap};

/// Ages of open tickets, in days since opened: under 1, 1–3, 3–7, 7–30, 30 and more.
pub const AGE_DAYS: [i64; 4] = [1, 3, 7, 30];

/// A repeat contact: a ticket its customer opened within this many days of their
/// previous one.
pub const REPEAT_DAYS: i64 = 7;

/// How long something took, in business minutes, over the tickets it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Durations {
    pub count: u32,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

impl Durations {
    fn of(mut minutes: Vec<u32>) -> Durations {
        minutes.sort_unstable();
        Durations {
            count: minutes.len() as u32,
            median: percentile(&minutes, 0.5),
            p90: percentile(&minutes, 0.9),
        }
    }
}

/// The `q` quantile of sorted `xs`, interpolated linearly between ranks (numpy's
/// default); `None` for no values.
pub fn percentile(xs: &[u32], q: f64) -> Option<f64> {
    let last = xs.len().checked_sub(1)?;
    let at = q.clamp(0.0, 1.0) * last as f64;
    let (lo, frac) = (at.floor() as usize, at.fract());
    let hi = (lo + 1).min(last);
    Some(xs[lo] as f64 + (xs[hi] as f64 - xs[lo] as f64) * frac)
}

/// One month's complaints against its active customers.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintMonth {
    /// A month index ([`Period::Month`]).
    pub month: i32,
    pub complaints: u32,
    pub active: u32,
    /// `complaints / active`; `None` without active customers.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceFigures {
    pub open: u32,
    /// Open tickets by age, in the bands of [`AGE_DAYS`].
    pub open_by_age: [u32; 5],
    /// Open tickets by assignee (a staff id; empty for nobody), most first.
    pub open_by_assignee: Vec<(String, u32)>,
    /// From opening to the first answer, over the tickets answered.
    pub first_response: Durations,
    /// From opening to resolution, over the tickets resolved.
    pub resolution: Durations,
    /// Tickets whose targets are decided (both met, or one missed), and how many of
    /// them missed one.
    pub decided: u32,
    pub breached: u32,
    /// By month, oldest first, for the months `active` gives.
    pub complaint_rate: Vec<ComplaintMonth>,
    /// Complaints by the product they were about (`None`: none named), most first.
    pub complaints_by_product: Vec<(Option<Id>, u32)>,
    /// Complaints by root cause (`None`: not yet known), most first.
    pub complaints_by_cause: Vec<(Option<RootCause>, u32)>,
    /// Tickets opened within [`REPEAT_DAYS`] of their customer's previous one.
    pub repeat_contacts: u32,
}

impl ServiceFigures {
    /// The share of decided tickets that missed a target.
    pub fn breach_rate(&self) -> Option<f64> {
        (self.decided > 0).then(|| self.breached as f64 / self.decided as f64)
    }
}

/// The figures over `tickets` (those of live customers) at `now` in `zone`, under
/// `policy`; `active` gives each month's active customers (by month index), the
/// months the complaint rate is shown for.
pub fn service(
    tickets: &[&Ticket],
    policy: &Policy,
    now: Millis,
    zone: &Zone,
    active: &BTreeMap<i32, u32>,
) -> ServiceFigures {
    let mut f = ServiceFigures::default();
    let (mut respond, mut resolve) = (Vec::new(), Vec::new());
    let mut by_assignee: HashMap<&str, u32> = HashMap::new();
    let cal = &policy.calendar;
    for t in tickets {
        if t.status.is_open() {
            f.open += 1;
            let days = (now.0 - t.opened.0).max(0) / 86_400_000;
            f.open_by_age[AGE_DAYS.iter().filter(|&&d| days >= d).count()] += 1;
            *by_assignee.entry(t.assignee.as_str()).or_default() += 1;
        }
        if let Some(at) = t.first_response {
            respond.push(cal.between(t.opened, at, zone));
        }
        if let Some(at) = t.resolved {
            resolve.push(cal.between(t.opened, at, zone));
        }
        let s = t.service(policy, now, zone);
        let standings = [s.respond.standing, s.resolve.standing];
        if standings.contains(&Standing::Breached) {
            f.decided += 1;
            f.breached += 1;
        } else if standings.iter().all(|&x| x == Standing::Met) {
            f.decided += 1;
        }
    }
    f.first_response = Durations::of(respond);
    f.resolution = Durations::of(resolve);
    f.open_by_assignee = most_first(by_assignee.into_iter().map(|(k, n)| (k.to_string(), n)));
    complaints(tickets, zone, active, &mut f);
    f.repeat_contacts = repeats(tickets);
    f
}

fn complaints(
    tickets: &[&Ticket],
    zone: &Zone,
    active: &BTreeMap<i32, u32>,
    f: &mut ServiceFigures,
) {
    let complaints: Vec<&&Ticket> = (tickets.iter())
        .filter(|t| t.kind == TicketType::Complaint)
        .collect();
    let mut by_month: BTreeMap<i32, u32> = BTreeMap::new();
    for t in &complaints {
        *by_month
            .entry(Period::Month.index(zone.day(t.opened)))
            .or_default() += 1;
    }
    f.complaint_rate = (active.iter())
        .map(|(&month, &active)| {
            let complaints = by_month.get(&month).copied().unwrap_or(0);
            ComplaintMonth {
                month,
                complaints,
                active,
                rate: (active > 0).then(|| complaints as f64 / active as f64),
            }
        })
        .collect();
    let mut products: HashMap<Option<&Id>, u32> = HashMap::new();
    let mut causes: HashMap<Option<RootCause>, u32> = HashMap::new();
    for t in &complaints {
        *products.entry(t.product.as_ref()).or_default() += 1;
        *causes.entry(t.root_cause).or_default() += 1;
    }
    f.complaints_by_product = most_first(products.into_iter().map(|(k, n)| (k.cloned(), n)));
    f.complaints_by_cause = most_first(causes);
}

/// `(key, count)` pairs, most first, ties in key order.
fn most_first<K: Ord>(pairs: impl IntoIterator<Item = (K, u32)>) -> Vec<(K, u32)> {
    let mut v: Vec<(K, u32)> = pairs.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn repeats(tickets: &[&Ticket]) -> u32 {
    let mut by_customer: HashMap<&Id, Vec<i64>> = HashMap::new();
    for t in tickets {
        by_customer.entry(&t.customer).or_default().push(t.opened.0);
    }
    let window = REPEAT_DAYS * 86_400_000;
    by_customer
        .into_values()
        .map(|mut at| {
            at.sort_unstable();
            at.windows(2).filter(|w| w[1] - w[0] <= window).count() as u32
        })
        .sum()
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
