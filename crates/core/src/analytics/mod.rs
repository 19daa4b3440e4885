//! Customer analytics over orders in columns (DOMAIN.md §5–§7).
//!
//! Every function takes [`OrderColumns`](crate::OrderColumns), the layout the browser's
//! order store keeps and the command line reads, and an analysis [`Window`]: nothing is
//! converted row by row, and "today" is always a parameter. Customers are identified by
//! their dense `u32` key; where the definitions break ties "in id order", the caller
//! passes each customer's place in that order ([`id_order`]).

pub mod alerts;
pub mod basket;
pub mod cluster;
pub mod clv;
pub mod funnel;
pub mod insights;
pub mod optimize;
pub mod parallel;
pub mod pipeline;
pub mod pivot;
pub mod retention;
pub mod rfm;
pub mod sales;
pub mod satisfaction;
pub mod service;
pub mod value;

use crate::{Day, OrderColumns};

/// Which orders an analysis looks at: those dated on or before `as_of`, and within the
/// trailing `days` when set (`as_of - days < day <= as_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub as_of: Day,
    pub days: Option<u32>,
}

impl Window {
    /// Every order up to `as_of`.
    pub fn all_to(as_of: Day) -> Window {
        Window { as_of, days: None }
    }

    pub fn contains(&self, day: i32) -> bool {
        day <= self.as_of.0 && self.days.is_none_or(|d| day > self.as_of.0 - d as i32)
    }
}

/// Per-customer totals of the orders in a window, indexed by customer key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Order rows (several on one day count apart).
    pub count: Vec<u32>,
    /// Sum of amounts in cents.
    pub cents: Vec<i64>,
    /// Last order day; meaningful only where `count > 0`.
    pub last: Vec<i32>,
    /// First order day; meaningful only where `count > 0`.
    pub first: Vec<i32>,
}

/// Gross margin (amount less cost) per customer key over the window's orders whose cost
/// is known; `None` when no order in the window has a cost (imported history, a shop
/// that does not record costs), so a caller can fall back to revenue.
pub fn margins(orders: &OrderColumns, w: Window, n: usize) -> Option<Vec<i64>> {
    if orders.cost.is_empty() {
        return None;
    }
    let mut out = vec![0i64; n];
    let mut any = false;
    for i in 0..orders.len() {
        let (Some(cost), true) = (orders.cost_of(i), w.contains(orders.day[i])) else {
            continue;
        };
        let k = orders.customer[i] as usize;
        if k >= out.len() {
            out.resize(k + 1, 0);
        }
        out[k] += orders.cents[i] - cost.0;
        any = true;
    }
    any.then_some(out)
}

impl Totals {
    /// One pass over the orders. Keys are dense, so the tables are plain vectors sized to
    /// the largest key.
    pub fn of(orders: &OrderColumns, w: Window) -> Totals {
        let n = orders
            .customer
            .iter()
            .copied()
            .max()
            .map_or(0, |k| k as usize + 1);
        let mut t = Totals {
            count: vec![0; n],
            cents: vec![0; n],
            last: vec![i32::MIN; n],
            first: vec![i32::MAX; n],
        };
        for i in 0..orders.len() {
            let day = orders.day[i];
            if !w.contains(day) {
                continue;
            }
            let k = orders.customer[i] as usize;
            t.count[k] += 1;
            t.cents[k] += orders.cents[i];
            t.last[k] = t.last[k].max(day);
            t.first[k] = t.first[k].min(day);
        }
        t
    }

    /// Keys of the customers with at least one order in the window, ascending.
    pub fn active(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.count.len())
            .filter(|&k| self.count[k] > 0)
            .map(|k| k as u32)
    }
}

/// Each id's place in DOMAIN.md's id order: ids that are integers first, in numeric
/// order, then all other ids in byte order. `ranks[i]` is the place of `ids[i]`.
pub fn id_order<S: AsRef<str>>(ids: &[S]) -> Vec<u32> {
    ranks(ids.len(), |a, b| {
        id_key(ids[a].as_ref()).cmp(&id_key(ids[b].as_ref()))
    })
}

/// The tie order for stored customers: DOMAIN.md's id order over the id the user knows
/// (`known[i]`, [`crate::Customer::known_id`]: the customer number when there is one,
/// as an orders file names them and `kehu analyze` orders them), then, among customers
/// known by the same text, by `global[i]`, kehu's global id, which is the same on every
/// device. So the same data gives the same scores in every browser and on the command
/// line, whatever ids a browser made up.
pub fn known_id_order<S: AsRef<str>, T: AsRef<str>>(known: &[S], global: &[T]) -> Vec<u32> {
    assert_eq!(known.len(), global.len(), "one global id per known id");
    ranks(known.len(), |a, b| {
        id_key(known[a].as_ref())
            .cmp(&id_key(known[b].as_ref()))
            .then_with(|| global[a].as_ref().cmp(global[b].as_ref()))
    })
}

/// An id's sort key: integers of any length compare by (length without leading zeros,
/// digits), before every other id, which compares by bytes; the text itself last, so
/// "010" and "10" still have an order.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum IdKey<'a> {
    Int(usize, &'a str, &'a str),
    Other(&'a [u8]),
}

fn id_key(s: &str) -> IdKey<'_> {
    let t = s.trim();
    let digits = t.strip_prefix('+').unwrap_or(t);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let z = digits.trim_start_matches('0');
        IdKey::Int(z.len(), z, s)
    } else {
        IdKey::Other(s.as_bytes())
    }
}

/// `ranks[i]`: the place of item `i` when `n` items are sorted by `cmp` (stable).
fn ranks(n: usize, cmp: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<u32> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    let mut ranks = vec![0u32; n];
    for (place, &i) in idx.iter().enumerate() {
        ranks[i] = place as u32;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cents;

    #[test]
    fn windows_include_the_as_of_day_and_exclude_the_far_edge() {
        let w = Window {
            as_of: Day(100),
            days: Some(10),
        };
        assert!(w.contains(100) && w.contains(91));
        assert!(!w.contains(90) && !w.contains(101));
        assert!(Window::all_to(Day(100)).contains(-5_000));
    }

    #[test]
    fn totals_count_rows_and_sum_cents() {
        let mut o = OrderColumns::default();
        o.push(0, 2, Day(10), Cents(100));
        o.push(0, 2, Day(10), Cents(50));
        o.push(0, 2, Day(30), Cents(1));
        o.push(0, 0, Day(40), Cents(7));
        let t = Totals::of(&o, Window::all_to(Day(35)));
        assert_eq!(t.count, vec![0, 0, 3]);
        assert_eq!(t.cents[2], 151);
        assert_eq!((t.first[2], t.last[2]), (10, 30));
        assert_eq!(t.active().collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn integer_ids_come_first_in_numeric_order() {
        let ids = ["b", "10", "9", "a", "010", "A"];
        let r = id_order(&ids);
        let mut sorted: Vec<&str> = vec![""; ids.len()];
        for (i, &p) in r.iter().enumerate() {
            sorted[p as usize] = ids[i];
        }
        assert_eq!(sorted, vec!["9", "010", "10", "A", "a", "b"]);
    }

    #[test]
    fn known_ids_order_first_and_global_ids_break_their_ties() {
        // Two customers both known as "Li Lei" (no number): the global id decides, so
        // the order is the same wherever the same records are; generated keys play no
        // part.
        let known = ["Li Lei", "7", "Li Lei", "12", ""];
        let global = ["0193-b", "0193-z", "0193-a", "0193-c", "0193-d"];
        // Places: "7", "12", "", then the two "Li Lei" by global id (…-a before …-b).
        assert_eq!(known_id_order(&known, &global), vec![4, 0, 3, 1, 2]);
    }
}
