//! The Service dashboard's figures (DOMAIN.md §3) over the tickets: what is open and
//! for how long and with whom, how fast tickets are answered and resolved (median and
//! 90th percentile, in business minutes), how many missed a service level, the
//! complaint rate (抱怨率: complaints / active customers) by month with the products
//! and root causes behind the complaints, and repeat contacts.
//!
//! Percentiles interpolate between ranks as numpy's default does (`method="linear"`),
//! so a spreadsheet or pandas gives the same figures. Every count has a [`Slice`]
//! naming the tickets behind it, so the dashboard drills down to the desk showing
//! exactly those.

use super::retention::Period;
use crate::Id;
use crate::date::{Millis, Zone};
use crate::sla::{Policy, Standing, TicketType};
use crate::ticket::{RootCause, Ticket};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Ages of open tickets, in days since opened: under 1, 1–3, 3–7, 7–30, 30 and more.
pub const AGE_DAYS: [i64; 4] = [1, 3, 7, 30];

/// A repeat contact: a ticket its customer opened within this many days of their
/// previous one.
pub const REPEAT_DAYS: i64 = 7;

/// How long something took, in business minutes, over the tickets it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintMonth {
    /// A month index ([`Period::Month`]).
    pub month: i32,
    pub complaints: u32,
    pub active: u32,
    /// `complaints / active`; `None` without active customers.
    pub rate: Option<f64>,
}

/// The customers' ratings of resolved tickets (CSAT, DOMAIN.md §5: the share of 4 and 5).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ratings {
    /// Rated tickets by score, 1 to 5.
    pub by_score: [u32; 5],
    /// Percent of ratings 4 or 5; `None` without ratings.
    pub csat: Option<f64>,
}

impl Ratings {
    pub fn count(&self) -> u32 {
        self.by_score.iter().sum()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ServiceFigures {
    /// Tickets counted (those of live customers).
    pub tickets: u32,
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
    /// By month, oldest first, for the months `active` gives from the first ticket's.
    pub complaint_rate: Vec<ComplaintMonth>,
    /// Complaints by the product they were about (`None`: none named), most first.
    pub complaints_by_product: Vec<(Option<Id>, u32)>,
    /// Complaints by root cause (`None`: not yet known), most first.
    pub complaints_by_cause: Vec<(Option<RootCause>, u32)>,
    /// Tickets opened within [`REPEAT_DAYS`] of their customer's previous one.
    pub repeat_contacts: u32,
    /// Filled by [`ratings`] (the scores live in survey responses).
    #[serde(default)]
    pub ratings: Ratings,
    /// The names of the products in `complaints_by_product`, for a page that holds no
    /// catalogue (filled by whoever read the products).
    #[serde(default)]
    pub product_names: Vec<(Id, String)>,
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
    let mut f = ServiceFigures {
        tickets: tickets.len() as u32,
        ..ServiceFigures::default()
    };
    let (mut respond, mut resolve) = (Vec::new(), Vec::new());
    let mut by_assignee: HashMap<&str, u32> = HashMap::new();
    let cal = &policy.calendar;
    for t in tickets {
        if t.status.is_open() {
            f.open += 1;
            f.open_by_age[age_band(t, now) as usize] += 1;
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
        *by_month.entry(month_of(t, zone)).or_default() += 1;
    }
    // From the month of the first ticket: before it the desk was not in use, and
    // "no complaints" would say what nobody knows.
    let first = tickets.iter().map(|t| month_of(t, zone)).min();
    f.complaint_rate = (active.iter())
        .filter(|&(&month, _)| first.is_some_and(|f| month >= f))
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
    repeat_ids(tickets).len() as u32
}

/// The band of [`AGE_DAYS`] a ticket's age at `now` falls in (0: under a day).
fn age_band(t: &Ticket, now: Millis) -> u8 {
    let days = (now.0 - t.opened.0).max(0) / 86_400_000;
    AGE_DAYS.iter().filter(|&&d| days >= d).count() as u8
}

/// The month index ([`Period::Month`]) a ticket was opened in, in `zone`.
fn month_of(t: &Ticket, zone: &Zone) -> i32 {
    Period::Month.index(zone.day(t.opened).0)
}

/// The tickets opened within [`REPEAT_DAYS`] of their customer's previous one.
fn repeat_ids<'a>(tickets: &[&'a Ticket]) -> HashSet<&'a Id> {
    let mut by_customer: HashMap<&Id, Vec<(i64, &Id)>> = HashMap::new();
    for t in tickets {
        (by_customer.entry(&t.customer).or_default()).push((t.opened.0, &t.id));
    }
    let window = REPEAT_DAYS * 86_400_000;
    let mut out = HashSet::new();
    for mut at in by_customer.into_values() {
        at.sort_unstable();
        out.extend(
            (at.windows(2))
                .filter(|w| w[1].0 - w[0].0 <= window)
                .map(|w| w[1].1),
        );
    }
    out
}

/// The ratings of `tickets`, whose scores `score` gives by response id (a rating whose
/// response was deleted counts for nothing).
pub fn ratings(tickets: &[&Ticket], score: impl Fn(&str) -> Option<u8>) -> Ratings {
    let mut r = Ratings::default();
    let scores: Vec<u8> = (tickets.iter())
        .filter_map(|t| score(t.rating.as_ref()?.as_str()))
        .filter(|s| (1..=5).contains(s))
        .collect();
    for &s in &scores {
        r.by_score[s as usize - 1] += 1;
    }
    r.csat = super::satisfaction::csat(&scores).ok().flatten();
    r
}

/// The tickets behind one of the figures: what a bar of the dashboard drills down to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slice {
    /// Open, aged in band `n` of [`AGE_DAYS`].
    Aged(u8),
    /// Open, with this assignee (a staff id; empty for nobody).
    With(String),
    /// Past a service level.
    Breached,
    /// Complaints opened in the month (an index, [`Period::Month`]).
    ComplaintsIn(i32),
    /// Complaints about the product (`None`: none named).
    About(Option<Id>),
    /// Complaints with the root cause (`None`: not yet known).
    Cause(Option<RootCause>),
    /// Repeat contacts.
    Repeats,
}

impl Slice {
    /// For a link: `aged:2`, `with:<staff>`, `breached`, `month:2026-11`,
    /// `product:<id>`, `cause:<code>`, `repeats` (an empty value: none).
    pub fn code(&self) -> String {
        match self {
            Slice::Aged(n) => format!("aged:{n}"),
            Slice::With(who) => format!("with:{who}"),
            Slice::Breached => "breached".into(),
            Slice::ComplaintsIn(m) => format!("month:{}", Period::Month.label(*m)),
            Slice::About(p) => format!("product:{}", p.as_ref().map_or("", |p| p.as_str())),
            Slice::Cause(c) => format!("cause:{}", c.map_or("", |c| c.code())),
            Slice::Repeats => "repeats".into(),
        }
    }

    pub fn parse(s: &str) -> Option<Slice> {
        let (head, rest) = s.split_once(':').unwrap_or((s, ""));
        Some(match head {
            "aged" => Slice::Aged(rest.parse().ok().filter(|&n| n <= AGE_DAYS.len() as u8)?),
            "with" => Slice::With(rest.into()),
            "breached" => Slice::Breached,
            "month" => {
                let (y, m) = rest.split_once('-')?;
                let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
                (1..=12).contains(&m).then_some(())?;
                Slice::ComplaintsIn(y * 12 + m - 1)
            }
            "product" => Slice::About((!rest.is_empty()).then(|| Id(rest.into()))),
            "cause" if rest.is_empty() => Slice::Cause(None),
            "cause" => Slice::Cause(Some(RootCause::from_code(rest)?)),
            "repeats" => Slice::Repeats,
            _ => return None,
        })
    }

    /// The tickets of `tickets` in the slice, as the figures at `now` counted them.
    pub fn of<'a>(
        &self,
        tickets: &[&'a Ticket],
        policy: &Policy,
        now: Millis,
        zone: &Zone,
    ) -> Vec<&'a Ticket> {
        let complaint = |t: &Ticket| t.kind == TicketType::Complaint;
        let repeats = match self {
            Slice::Repeats => repeat_ids(tickets),
            _ => HashSet::new(),
        };
        let keep = |t: &Ticket| match self {
            Slice::Aged(n) => t.status.is_open() && age_band(t, now) == *n,
            Slice::With(who) => t.status.is_open() && t.assignee == *who,
            Slice::Breached => {
                let s = t.service(policy, now, zone);
                [s.respond.standing, s.resolve.standing].contains(&Standing::Breached)
            }
            Slice::ComplaintsIn(m) => complaint(t) && month_of(t, zone) == *m,
            Slice::About(p) => complaint(t) && t.product == *p,
            Slice::Cause(c) => complaint(t) && t.root_cause == *c,
            Slice::Repeats => repeats.contains(&t.id),
        };
        tickets.iter().copied().filter(|t| keep(t)).collect()
    }
}

/// The tickets of live customers (`live`, by id) in `slice`, as a drill-down shows them
/// (the figures left the trash out too).
pub fn sliced(
    tickets: &[Ticket],
    live: impl Fn(&str) -> bool,
    slice: &Slice,
    policy: &Policy,
    now: Millis,
    zone: &Zone,
) -> Vec<Ticket> {
    let theirs: Vec<&Ticket> = (tickets.iter())
        .filter(|t| live(t.customer.as_str()))
        .collect();
    (slice.of(&theirs, policy, now, zone).into_iter())
        .cloned()
        .collect()
}

/// What the page asks the worker for the Service dashboard: the shop's service levels
/// (a device setting the worker cannot read), the time and zone they are measured at,
/// and each month's active customers from the cached insights. The levels and the zone
/// travel as the page keeps them, as text: the page's binary then carries neither's
/// parser nor writer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ask {
    /// The setting's JSON ([`Policy::from_setting`]).
    pub policy: String,
    pub now: Millis,
    /// [`Zone::to_text`]; unreadable is UTC.
    pub zone: String,
    pub active: Vec<(i32, u32)>,
    /// Only the tickets behind this figure ([`Slice::code`]), for the desk's
    /// drill-down, rather than the figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slice: Option<String>,
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
