//! Churn risk and occasion reminders (DOMAIN.md §5 and §1).

use super::clv::{BgNbd, Summary};
use crate::{Day, OrderColumns};

/// Default P(alive) below which a customer is at risk.
pub const P_ALIVE_THRESHOLD: f64 = 0.5;

/// Why a customer is at risk of churning (either or both).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChurnRisk {
    pub customer: u32,
    /// P(alive) when it is below the threshold.
    pub low_p_alive: Option<f64>,
    /// Days since the last purchase when that is more than twice the customer's usual
    /// interval (the mean gap between purchase days), with that interval.
    pub overdue: Option<(f64, f64)>,
}

/// Customers at risk, by ascending key. `model` may be absent (too little data to fit):
/// then only the interval rule applies.
pub fn churn_risks(summaries: &[Summary], model: Option<&BgNbd>, threshold: f64) -> Vec<ChurnRisk> {
    summaries
        .iter()
        .filter_map(|s| {
            let h = &s.history;
            let low_p_alive = model.map(|m| m.p_alive(h)).filter(|p| *p < threshold);
            let overdue = (h.frequency >= 1.0)
                .then(|| {
                    let usual = h.recency / h.frequency;
                    let since = h.t - h.recency;
                    (since, usual)
                })
                .filter(|(since, usual)| *since > 2.0 * usual);
            (low_p_alive.is_some() || overdue.is_some()).then_some(ChurnRisk {
                customer: s.customer,
                low_p_alive,
                overdue,
            })
        })
        .collect()
}

/// A reminder to contact a customer before a month they habitually buy in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occasion {
    pub remind_on: Day,
    pub month_start: Day,
    pub customer: u32,
    /// The earlier years the customer bought in that month.
    pub years: u32,
}

/// Days before the month starts that the reminder falls.
pub const REMIND_DAYS_BEFORE: i32 = 14;

/// Reminders falling from `today` through `today + horizon_days`: for each of the next
/// months, customers who bought in that calendar month in at least two distinct earlier
/// years, reminded 14 days before the month starts. Sorted by date, then customer.
pub fn occasions(orders: &OrderColumns, today: Day, horizon_days: i32) -> Vec<Occasion> {
    // Each customer's distinct (month, year) of the orders up to today, packed into one
    // sortable integer: grouped by customer, each one's few sorted (a million orders in
    // a few milliseconds).
    let month_year = kehu_analytics::calendar::DayTable::over(orders.day.iter().copied(), |d| {
        let (y, m, _) = Day(d).ymd();
        m << 16 | y.clamp(0, 0xFFFF) as u32
    });
    let mut seen = kehu_analytics::group::ByKey::of(
        orders.len(),
        |i| (orders.day[i] <= today.0).then_some(orders.customer[i]),
        |i| month_year.get(orders.day[i]),
    );
    seen.sort_dedup_each();
    let (ty, tm, _) = today.ymd();
    let mut out = Vec::new();
    // Month starts whose reminder can fall in the horizon: this month's through a year on.
    for ahead in 0..=13 {
        let total = ty * 12 + tm as i32 - 1 + ahead;
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        let Some(start) = Day::from_ymd(y, m, 1) else {
            continue;
        };
        let remind_on = Day(start.0 - REMIND_DAYS_BEFORE);
        if remind_on < today || remind_on.0 > today.0 + horizon_days {
            continue;
        }
        for (customer, months) in seen.groups() {
            // The years before `y` in which the customer bought in month `m`.
            let earlier = months
                .iter()
                .filter(|&&v| v >> 16 == m && ((v & 0xFFFF) as i32) < y)
                .count() as u32;
            if earlier >= 2 {
                out.push(Occasion {
                    remind_on,
                    month_start: start,
                    customer,
                    years: earlier,
                });
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cents;
    use crate::analytics::clv::History;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// The definition, written plainly: a set of years per (customer, month).
    fn occasions_plain(orders: &OrderColumns, today: Day, horizon_days: i32) -> Vec<Occasion> {
        let mut seen: BTreeMap<(u32, u32), BTreeSet<i32>> = BTreeMap::new();
        for i in 0..orders.len() {
            if orders.day[i] <= today.0 {
                let (y, m, _) = Day(orders.day[i]).ymd();
                seen.entry((orders.customer[i], m)).or_default().insert(y);
            }
        }
        let (ty, tm, _) = today.ymd();
        let mut out = Vec::new();
        for ahead in 0..=13 {
            let total = ty * 12 + tm as i32 - 1 + ahead;
            let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
            let start = Day::from_ymd(y, m, 1).unwrap();
            let remind_on = Day(start.0 - REMIND_DAYS_BEFORE);
            if remind_on < today || remind_on.0 > today.0 + horizon_days {
                continue;
            }
            for (&(customer, month), years) in &seen {
                let earlier = years.iter().filter(|&&yr| yr < y).count() as u32;
                if month == m && earlier >= 2 {
                    out.push(Occasion {
                        remind_on,
                        month_start: start,
                        customer,
                        years: earlier,
                    });
                }
            }
        }
        out.sort();
        out
    }

    proptest! {
        #[test]
        fn occasions_match_the_plain_definition(
            // Empty, one, all on one day, and the window's edges drawn on purpose.
            rows in proptest::prop_oneof![
                proptest::strategy::Just(Vec::new()),
                proptest::collection::vec((0u32..2, proptest::strategy::Just(20_000i32)), 1..30),
                proptest::collection::vec((0u32..40, proptest::prop_oneof![
                    proptest::strategy::Just(18_000i32), proptest::strategy::Just(20_699), 18_000i32..20_700,
                ]), 0..400),
            ],
            today in 19_500i32..20_800,
            horizon in 0i32..400,
        ) {
            let mut o = OrderColumns::default();
            for (i, &(c, d)) in rows.iter().enumerate() {
                o.push(i as u32, c, Day(d), Cents(100));
            }
            prop_assert_eq!(occasions(&o, Day(today), horizon), occasions_plain(&o, Day(today), horizon));
        }
    }

    fn summary(customer: u32, frequency: f64, recency: f64, t: f64) -> Summary {
        Summary {
            customer,
            history: History {
                frequency,
                recency,
                t,
            },
            monetary: 0.0,
        }
    }

    #[test]
    fn overdue_means_more_than_twice_the_usual_interval() {
        let s = [
            summary(1, 4.0, 40.0, 70.0), // usual 10 days, 30 since: overdue
            summary(2, 4.0, 40.0, 60.0), // 20 since: exactly twice, not overdue
            summary(3, 0.0, 0.0, 500.0), // one purchase: no usual interval
        ];
        let r = churn_risks(&s, None, P_ALIVE_THRESHOLD);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].customer, r[0].overdue), (1, Some((30.0, 10.0))));
    }

    #[test]
    fn low_p_alive_flags_a_customer() {
        let m = BgNbd {
            r: 0.2426,
            alpha: 4.4136,
            a: 0.7929,
            b: 2.4259,
            log_likelihood: 0.0,
        };
        // Bought often early on, then nothing for a long time.
        let s = [summary(7, 10.0, 5.0, 38.0)];
        let r = churn_risks(&s, Some(&m), P_ALIVE_THRESHOLD);
        assert!(r[0].low_p_alive.unwrap() < 0.5);
    }

    #[test]
    fn occasion_reminders_need_two_earlier_years() {
        let d = |y, m, dd| Day::from_ymd(y, m, dd).unwrap();
        let mut o = OrderColumns::default();
        o.push(0, 1, d(2024, 12, 3), Cents(1)); // customer 1: December 2024 and 2025
        o.push(0, 1, d(2025, 12, 20), Cents(1));
        o.push(0, 2, d(2025, 12, 1), Cents(1)); // customer 2: one December only
        o.push(0, 2, d(2025, 12, 9), Cents(1));
        o.push(0, 3, d(2024, 1, 9), Cents(1)); // customer 3: January 2024 and 2025
        o.push(0, 3, d(2025, 1, 9), Cents(1));
        let today = d(2026, 11, 17);
        let r = occasions(&o, today, 60);
        let got: Vec<(u32, String)> = r
            .iter()
            .map(|x| (x.customer, x.remind_on.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![(1, "2026-11-17".into()), (3, "2026-12-18".into())],
            "14 days before 1 December and 1 January"
        );
        assert!(
            occasions(&o, d(2026, 11, 18), 20).is_empty(),
            "December's reminder has passed"
        );
    }
}
