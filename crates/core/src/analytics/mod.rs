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
pub mod pipeline;
pub mod retention;
pub mod rfm;
pub mod satisfaction;
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
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum K<'a> {
        // Integers of any length compare by (length without leading zeros, digits).
        Int(usize, &'a str),
        Other(&'a [u8]),
    }
    fn key(s: &str) -> K<'_> {
        let t = s.trim();
        let digits = t.strip_prefix('+').unwrap_or(t);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let z = digits.trim_start_matches('0');
            K::Int(z.len(), z)
        } else {
            K::Other(s.as_bytes())
        }
    }
    let mut idx: Vec<usize> = (0..ids.len()).collect();
    idx.sort_by(|&a, &b| {
        key(ids[a].as_ref())
            .cmp(&key(ids[b].as_ref()))
            .then_with(|| ids[a].as_ref().cmp(ids[b].as_ref()))
    });
    let mut ranks = vec![0u32; ids.len()];
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
}
