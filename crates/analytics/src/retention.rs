//! Retention, churn, repeat purchases and cohorts.
//!
//! - **Retention** into a period ([`retention`]) is the share of the customers who
//!   ordered in the period before who order in this one too; churn is its complement.
//!   Periods are calendar months, quarters or years ([`Period`]).
//! - **The repeat-purchase rate** ([`repeat_purchase_rate`]) is the share of the buyers
//!   in the window with two orders or more.
//! - **Cohorts** ([`cohorts`]) group customers by the month of their first order in the
//!   window and count how many of them order again 0, 1, 2, … months later.
//!
//! ```
//! use kehu_analytics::retention::{Period, cohorts, retention};
//! use kehu_analytics::{Orders, Window, calendar::from_ymd};
//!
//! let day = |m, d| from_ymd(2026, m, d).unwrap();
//! // Customer 0 orders in January, February and March; 1 in January and March;
//! // 2 in February only.
//! let customer = [0, 0, 0, 1, 1, 2];
//! let days = [day(1, 5), day(2, 5), day(3, 5), day(1, 20), day(3, 1), day(2, 1)];
//! let cents = [100; 6];
//! let orders = Orders::new(&customer, &days, &cents);
//! let w = Window::all_to(day(3, 31));
//!
//! let r = retention(orders, w, Period::Month);
//! assert_eq!(Period::Month.label(r[0].period), "2026-02");
//! assert_eq!(r[0].rate(), Some(0.5)); // of 0 and 1, only 0 came back in February
//! assert_eq!(r[1].rate(), Some(0.5)); // of 0 and 2, only 0 came back in March
//!
//! let c = cohorts(orders, w);
//! assert_eq!((c[0].size, c[0].active.clone()), (2, vec![2, 1, 2])); // January's
//! ```

use crate::calendar::{DayTable, ymd};
use crate::group::ByKey;
use crate::{Orders, Totals, Window};

/// The period retention is measured over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    /// A running index of the period containing `day` (consecutive periods differ by 1).
    pub fn index(self, day: i32) -> i32 {
        let (y, m, _) = ymd(day);
        match self {
            Period::Month => y * 12 + (m as i32 - 1),
            Period::Quarter => y * 4 + (m as i32 - 1) / 3,
            Period::Year => y,
        }
    }

    /// `2026-01`, `2026Q1`, `2026`.
    pub fn label(self, index: i32) -> String {
        match self {
            Period::Month => format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1),
            Period::Quarter => format!("{}Q{}", index.div_euclid(4), index.rem_euclid(4) + 1),
            Period::Year => index.to_string(),
        }
    }
}

/// Retention from the period before into `period`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodRetention {
    pub period: i32,
    /// Customers with an order in this period (its active customers).
    pub active: u32,
    /// Customers with an order in the previous period.
    pub previous: u32,
    /// Of those, customers with an order in this period too.
    pub retained: u32,
}

impl PeriodRetention {
    /// retained / previous; `None` when nobody ordered in the previous period.
    pub fn rate(&self) -> Option<f64> {
        (self.previous > 0).then(|| self.retained as f64 / self.previous as f64)
    }

    pub fn churn(&self) -> Option<f64> {
        self.rate().map(|r| 1.0 - r)
    }
}

/// Who was active when: the distinct (customer, period) pairs of the orders in a window,
/// sorted. Retention and cohorts both count these; made once, it serves both (and any
/// other per-customer view of activity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    period: Period,
    /// The period of the analysis date.
    last: i32,
    pairs: Vec<(u32, i32)>,
}

impl Activity {
    pub fn of(orders: Orders, w: Window, period: Period) -> Activity {
        // Grouped by customer, each one's few periods sorted: a fraction of sorting
        // every pair.
        let index = DayTable::over(orders.day.iter().copied(), |d| period.index(d));
        let mut periods = ByKey::of(
            orders.len(),
            |i| w.contains(orders.day[i]).then_some(orders.customer[i]),
            |i| index.get(orders.day[i]),
        );
        periods.sort_dedup_each();
        Activity {
            period,
            last: period.index(w.as_of),
            pairs: periods.pairs().collect(),
        }
    }

    /// (customer, period) for every period a customer ordered in, by customer, then
    /// period.
    pub fn pairs(&self) -> &[(u32, i32)] {
        &self.pairs
    }

    /// The period of the analysis date.
    pub fn last(&self) -> i32 {
        self.last
    }

    /// Retention for every period after the first one with orders, through the period
    /// of the analysis date, oldest first.
    pub fn retention(&self) -> Vec<PeriodRetention> {
        let pairs = &self.pairs;
        let Some(first) = pairs.iter().map(|x| x.1).min() else {
            return Vec::new();
        };
        let span = (self.last - first + 1).max(0) as usize;
        let mut active = vec![0u32; span];
        let mut kept = vec![0u32; span];
        for (i, &(c, t)) in pairs.iter().enumerate() {
            active[(t - first) as usize] += 1;
            if i > 0 && pairs[i - 1] == (c, t - 1) {
                kept[(t - first) as usize] += 1;
            }
        }
        (1..span)
            .map(|i| PeriodRetention {
                period: first + i as i32,
                active: active[i],
                previous: active[i - 1],
                retained: kept[i],
            })
            .collect()
    }

    /// The cohort table by first period (the first order inside the window).
    pub fn cohorts(&self) -> Vec<Cohort> {
        let (pairs, last) = (&self.pairs, self.last);
        let mut table: std::collections::BTreeMap<i32, Cohort> = Default::default();
        let mut i = 0;
        while i < pairs.len() {
            let c = pairs[i].0;
            let start = pairs[i].1;
            let cohort = table.entry(start).or_insert_with(|| Cohort {
                month: start,
                size: 0,
                active: vec![0; (last - start + 1).max(1) as usize],
            });
            cohort.size += 1;
            while i < pairs.len() && pairs[i].0 == c {
                let k = (pairs[i].1 - start) as usize;
                if let Some(slot) = cohort.active.get_mut(k) {
                    *slot += 1;
                }
                i += 1;
            }
        }
        table.into_values().collect()
    }

    pub fn period(&self) -> Period {
        self.period
    }
}

/// Retention for every period after the first one with orders, through the period of
/// the analysis date, oldest first.
pub fn retention(orders: Orders, w: Window, p: Period) -> Vec<PeriodRetention> {
    Activity::of(orders, w, p).retention()
}

/// Customers with at least two orders / customers with at least one, in the window.
pub fn repeat_purchase_rate(orders: Orders, w: Window) -> Option<f64> {
    let t = Totals::of(orders, w);
    let buyers = t.count.iter().filter(|&&c| c >= 1).count();
    let repeat = t.count.iter().filter(|&&c| c >= 2).count();
    (buyers > 0).then(|| repeat as f64 / buyers as f64)
}

/// Customers who first ordered in one month, and how many of them ordered again in each
/// later month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    /// Month index ([`Period::Month`]) of the first order.
    pub month: i32,
    pub size: u32,
    /// `active[k]`: cohort members with an order k months after the first (k = 0 is the
    /// first month itself, so `active[0] == size`), up to the analysis month.
    pub active: Vec<u32>,
}

impl Cohort {
    pub fn rate(&self, k: usize) -> Option<f64> {
        let a = *self.active.get(k)?;
        (self.size > 0).then(|| a as f64 / self.size as f64)
    }
}

/// The cohort retention table by first-order month (first orders inside the window).
pub fn cohorts(orders: Orders, w: Window) -> Vec<Cohort> {
    Activity::of(orders, w, Period::Month).cohorts()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::from_ymd;

    fn day(y: i32, m: u32, d: u32) -> i32 {
        from_ymd(y, m, d).unwrap()
    }

    /// Customer 1 orders in Jan, Feb, Mar; 2 in Jan and Mar; 3 in Feb only (twice).
    fn sample() -> crate::Cols {
        let mut o = crate::Cols::default();
        for (c, d) in [
            (1, day(2026, 1, 5)),
            (1, day(2026, 2, 5)),
            (1, day(2026, 3, 5)),
            (2, day(2026, 1, 20)),
            (2, day(2026, 3, 1)),
            (3, day(2026, 2, 1)),
            (3, day(2026, 2, 28)),
        ] {
            o.push(c, d, 100);
        }
        o
    }

    #[test]
    fn monthly_retention_and_churn() {
        let w = Window::all_to(from_ymd(2026, 3, 31).unwrap());
        let r = retention(sample().orders(), w, Period::Month);
        let labels: Vec<String> = r.iter().map(|x| Period::Month.label(x.period)).collect();
        assert_eq!(labels, vec!["2026-02", "2026-03"]);
        // Feb: of Jan's {1, 2}, only 1 came back. Mar: of Feb's {1, 3}, only 1.
        assert_eq!((r[0].previous, r[0].retained), (2, 1));
        // Feb's active customers {1, 3}, March's {1, 2}.
        assert_eq!((r[0].active, r[1].active, r[1].previous), (2, 2, 2));
        assert_eq!(r[0].rate(), Some(0.5));
        assert_eq!(r[1].churn(), Some(0.5));
        let q = retention(sample().orders(), w, Period::Quarter);
        assert!(q.is_empty(), "one quarter has no predecessor");
        assert_eq!(
            Period::Quarter.label(Period::Quarter.index(day(2026, 5, 1))),
            "2026Q2"
        );
    }

    #[test]
    fn repeat_rate_counts_customers_with_two_or_more_orders() {
        let w = Window::all_to(from_ymd(2026, 3, 31).unwrap());
        assert_eq!(repeat_purchase_rate(sample().orders(), w), Some(1.0));
        let early = Window::all_to(from_ymd(2026, 1, 31).unwrap());
        assert_eq!(repeat_purchase_rate(sample().orders(), early), Some(0.0));
        assert_eq!(repeat_purchase_rate(Orders::default(), w), None);
    }

    proptest::proptest! {
        #[test]
        fn rates_are_fractions_and_every_buyer_is_in_one_cohort(
            rows in proptest::collection::vec((0u32..40, 0i32..900), 1..300)
        ) {
            let mut o = crate::Cols::default();
            for (c, d) in &rows {
                o.push(*c, 20_000 + *d, 1);
            }
            let w = Window::all_to(20_900);
            for p in [Period::Month, Period::Quarter, Period::Year] {
                for r in retention(o.orders(), w, p) {
                    proptest::prop_assert!(r.retained <= r.previous);
                    if let Some(x) = r.rate() {
                        proptest::prop_assert!((0.0..=1.0).contains(&x));
                    }
                }
            }
            let c = cohorts(o.orders(), w);
            let mut buyers: Vec<u32> = rows.iter().map(|r| r.0).collect();
            buyers.sort_unstable();
            buyers.dedup();
            proptest::prop_assert_eq!(c.iter().map(|x| x.size as usize).sum::<usize>(), buyers.len());
            for x in &c {
                proptest::prop_assert_eq!(x.active[0], x.size);
                proptest::prop_assert!(x.active.iter().all(|&a| a <= x.size));
            }
        }
    }

    #[test]
    fn cohort_table_by_first_order_month() {
        let w = Window::all_to(from_ymd(2026, 3, 31).unwrap());
        let c = cohorts(sample().orders(), w);
        assert_eq!(c.len(), 2);
        assert_eq!(
            (Period::Month.label(c[0].month), c[0].size),
            ("2026-01".into(), 2)
        );
        assert_eq!(
            c[0].active,
            vec![2, 1, 2],
            "Jan cohort: both, then 1, then both"
        );
        assert_eq!(
            c[1].active,
            vec![1, 0],
            "Feb cohort: customer 3 never returned"
        );
        assert_eq!(c[0].rate(1), Some(0.5));
    }
}
