//! The customer behaviour matrix and the customer value pyramid.
//!
//! The **behaviour matrix** (客户行为矩阵, [`behaviour`]) places each customer with an
//! order in the window by order count and average order value, each split at its median
//! over those customers ("high" is strictly above it): best customers (both high),
//! frequent (many small orders), spenders (few large orders) and uncertain (both low).
//!
//! The **value pyramid** (客户价值金字塔, [`tiers`], [`pyramid`]) ranks customers by a
//! value (revenue, margin, predicted lifetime value), highest first, ties in id order.
//! With n customers of positive value, the customer in place p (from 1) is VIP while
//! p ≤ ⌈1 % · n⌉, major while p ≤ ⌈5 % · n⌉, ordinary while p ≤ ⌈20 % · n⌉ and small
//! after that ([`Cutoffs`] changes the shares); customers without value are inactive.
//! [`tier_stats`] gives each tier's size and share of the value, [`migration`] how
//! customers moved between two pyramids.
//!
//! ```
//! use kehu_analytics::value::{Cutoffs, Tier, tier_stats, tiers};
//!
//! // Revenue in cents of customers 0..200; customer 0 has bought nothing.
//! let revenue: Vec<i64> = (0..200).map(|k| k * 1_000).collect();
//! let everyone: Vec<u32> = (0..200).collect();
//! let t = tiers(&revenue, &everyone, &[], Cutoffs::default());
//! assert_eq!(t[199], (199, Tier::Vip)); // ⌈1 % of 199⌉ = 2 VIPs
//! assert_eq!(t[198], (198, Tier::Vip));
//! assert_eq!(t[197], (197, Tier::Major));
//! assert_eq!(t[0], (0, Tier::Inactive));
//!
//! let stats = tier_stats(&t, &revenue);
//! assert_eq!(stats[Tier::Vip.index()].customers, 2);
//! assert_eq!(stats[Tier::Small.index()].customers, 199 - 40);
//! ```

use crate::{Orders, Totals, Window};

/// 客户行为矩阵: order count × average order value, each split at its median.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Quadrant {
    /// 最好的客户: high frequency, high average.
    Best,
    /// 经常性客户: high frequency, low average.
    Frequent,
    /// 乐于消费型: low frequency, high average.
    Spenders,
    /// 不确定型: low frequency, low average.
    Uncertain,
}

impl Quadrant {
    pub fn code(self) -> &'static str {
        match self {
            Quadrant::Best => "best",
            Quadrant::Frequent => "frequent",
            Quadrant::Spenders => "spenders",
            Quadrant::Uncertain => "uncertain",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Behaviour {
    pub customer: u32,
    pub frequency: u32,
    /// Mean order value in cents (a fraction of a cent is kept: it only decides sides).
    pub average: f64,
    pub quadrant: Quadrant,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BehaviourMatrix {
    pub median_frequency: f64,
    pub median_average: f64,
    /// By ascending key.
    pub customers: Vec<Behaviour>,
}

/// The median; for an even count, the mean of the two middle values. `None` when empty.
/// Reorders `values` (a selection, not a sort: linear time).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let (below, &mut middle, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    Some(if n % 2 == 1 {
        middle
    } else {
        // The value just below the middle is the largest of those before it.
        let before = below.iter().copied().max_by(f64::total_cmp)?;
        (before + middle) / 2.0
    })
}

/// Splits the customers with an order in the window; "high" is strictly above the median.
pub fn behaviour(orders: Orders, w: Window) -> BehaviourMatrix {
    behaviour_of(&Totals::of(orders, w))
}

/// [`behaviour`] from the window's totals.
pub fn behaviour_of(t: &Totals) -> BehaviourMatrix {
    let rows: Vec<(u32, u32, f64)> = t
        .active()
        .map(|k| {
            let (c, s) = (t.count[k as usize], t.cents[k as usize]);
            (k, c, s as f64 / c as f64)
        })
        .collect();
    let mf = median(&mut rows.iter().map(|r| r.1 as f64).collect::<Vec<_>>()).unwrap_or(0.0);
    let ma = median(&mut rows.iter().map(|r| r.2).collect::<Vec<_>>()).unwrap_or(0.0);
    let customers = rows
        .into_iter()
        .map(|(customer, frequency, average)| {
            let quadrant = match (frequency as f64 > mf, average > ma) {
                (true, true) => Quadrant::Best,
                (true, false) => Quadrant::Frequent,
                (false, true) => Quadrant::Spenders,
                (false, false) => Quadrant::Uncertain,
            };
            Behaviour {
                customer,
                frequency,
                average,
                quadrant,
            }
        })
        .collect();
    BehaviourMatrix {
        median_frequency: mf,
        median_average: ma,
        customers,
    }
}

/// 客户价值金字塔 tiers, top first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Tier {
    Vip,
    Major,
    Ordinary,
    Small,
    /// No value in the window.
    Inactive,
}

impl Tier {
    pub const ALL: [Tier; 5] = [
        Tier::Vip,
        Tier::Major,
        Tier::Ordinary,
        Tier::Small,
        Tier::Inactive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Tier::Vip => "vip",
            Tier::Major => "major",
            Tier::Ordinary => "ordinary",
            Tier::Small => "small",
            Tier::Inactive => "inactive",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Cumulative tier cut-offs in basis points of the ranked customers (defaults: the top
/// 1 % are VIP, the next to 5 % major, the next to 20 % ordinary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoffs {
    pub vip_bp: u32,
    pub major_bp: u32,
    pub ordinary_bp: u32,
}

impl Default for Cutoffs {
    fn default() -> Self {
        Cutoffs {
            vip_bp: 100,
            major_bp: 500,
            ordinary_bp: 2_000,
        }
    }
}

/// ceil(n · bp / 10,000) in integers.
fn ceil_share(n: usize, bp: u32) -> usize {
    (n * bp as usize).div_ceil(10_000)
}

/// Tiers by value: customers with value > 0 ranked descending (ties in id order, by
/// `id_rank[key]`); position p of n is VIP if p ≤ ceil(1 %·n), and so on; every other
/// customer in `universe` is inactive. Returned by ascending key over `universe`.
pub fn tiers(value: &[i64], universe: &[u32], id_rank: &[u32], cut: Cutoffs) -> Vec<(u32, Tier)> {
    let v = |k: u32| value.get(k as usize).copied().unwrap_or(0);
    let tie = |k: u32| id_rank.get(k as usize).copied().unwrap_or(u32::MAX / 2 + k);
    let mut ranked: Vec<u32> = universe.iter().copied().filter(|&k| v(k) > 0).collect();
    ranked.sort_unstable_by(|&a, &b| v(b).cmp(&v(a)).then(tie(a).cmp(&tie(b))));
    let n = ranked.len();
    let (c1, c2, c3) = (
        ceil_share(n, cut.vip_bp),
        ceil_share(n, cut.major_bp),
        ceil_share(n, cut.ordinary_bp),
    );
    let size = universe.iter().map(|&k| k as usize + 1).max().unwrap_or(0);
    let mut tier_of = vec![Tier::Inactive; size];
    for (i, &k) in ranked.iter().enumerate() {
        let p = i + 1;
        let t = if p <= c1 {
            Tier::Vip
        } else if p <= c2 {
            Tier::Major
        } else if p <= c3 {
            Tier::Ordinary
        } else {
            Tier::Small
        };
        tier_of[k as usize] = t;
    }
    let mut out: Vec<(u32, Tier)> = universe.iter().map(|&k| (k, tier_of[k as usize])).collect();
    out.sort_unstable_by_key(|x| x.0);
    out.dedup_by_key(|x| x.0);
    out
}

/// Revenue tiers over a window: [`tiers`] with value = the window's revenue.
pub fn pyramid(
    orders: Orders,
    w: Window,
    universe: &[u32],
    id_rank: &[u32],
    cut: Cutoffs,
) -> Vec<(u32, Tier)> {
    tiers(&Totals::of(orders, w).cents, universe, id_rank, cut)
}

/// A tier's size and share of the value.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TierStat {
    pub customers: u32,
    pub value: i64,
    /// Share of the total value, 0–1.
    pub share: f64,
}

pub fn tier_stats(tiers: &[(u32, Tier)], value: &[i64]) -> [TierStat; 5] {
    let mut s = [TierStat::default(); 5];
    for &(k, t) in tiers {
        let st = &mut s[t.index()];
        st.customers += 1;
        st.value += value.get(k as usize).copied().unwrap_or(0).max(0);
    }
    let total: i64 = s.iter().map(|x| x.value).sum();
    for st in &mut s {
        st.share = if total > 0 {
            st.value as f64 / total as f64
        } else {
            0.0
        };
    }
    s
}

/// `m[from][to]`: customers whose tier moved from `before` to `after` (a customer absent
/// from `before` counts as inactive then).
pub fn migration(before: &[(u32, Tier)], after: &[(u32, Tier)]) -> [[u32; 5]; 5] {
    let was: std::collections::HashMap<u32, Tier> = before.iter().copied().collect();
    let mut m = [[0u32; 5]; 5];
    for &(k, t) in after {
        let from = was.get(&k).copied().unwrap_or(Tier::Inactive);
        m[from.index()][t.index()] += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn behaviour_quadrants_split_strictly_above_the_median() {
        let mut o = crate::Cols::default();
        // key: orders × amount → (F, A)
        for (k, n, a) in [
            (1u32, 5, 500i64),
            (2, 5, 100),
            (3, 1, 900),
            (4, 1, 100),
            (5, 2, 300),
        ] {
            for _ in 0..n {
                o.push(k, 10, a);
            }
        }
        let m = behaviour(o.orders(), Window::all_to(10));
        assert_eq!((m.median_frequency, m.median_average), (2.0, 300.0));
        let q: Vec<Quadrant> = m.customers.iter().map(|c| c.quadrant).collect();
        assert_eq!(
            q,
            vec![
                Quadrant::Best,
                Quadrant::Frequent,
                Quadrant::Spenders,
                Quadrant::Uncertain,
                Quadrant::Uncertain, // exactly at both medians: not high
            ]
        );
    }

    #[test]
    fn pyramid_positions_follow_the_ceiling_rule() {
        // 200 customers with value 1..=200 (key = value), plus key 0 with none.
        let value: Vec<i64> = (0..=200).collect();
        let universe: Vec<u32> = (0..=200).collect();
        let t = tiers(&value, &universe, &[], Cutoffs::default());
        let count = |tier| t.iter().filter(|x| x.1 == tier).count();
        assert_eq!(count(Tier::Vip), 2, "ceil(1% of 200)");
        assert_eq!(count(Tier::Major), 8, "to ceil(5%) = 10");
        assert_eq!(count(Tier::Ordinary), 30, "to ceil(20%) = 40");
        assert_eq!(count(Tier::Small), 160);
        assert_eq!(count(Tier::Inactive), 1);
        assert_eq!(t[200], (200, Tier::Vip));
        assert_eq!(t[0], (0, Tier::Inactive));
        // With 7 customers, ceil(1% of 7) = 1: the top one is still VIP.
        let small = tiers(&value[..8], &universe[..8], &[], Cutoffs::default());
        assert_eq!(small.iter().filter(|x| x.1 == Tier::Vip).count(), 1);
    }

    #[test]
    fn equal_values_are_ranked_in_id_order() {
        let value = vec![0, 5, 5, 5];
        let universe = [1, 2, 3];
        // ceil(33 % of 3) = 1 VIP place; the other cut-offs add none.
        let cut = Cutoffs {
            vip_bp: 3_300,
            major_bp: 3_300,
            ordinary_bp: 3_300,
        };
        // Key 3 is first in id order, so it takes the single VIP place.
        let t = tiers(&value, &universe, &[0, 2, 1, 0], cut);
        assert_eq!(t, vec![(1, Tier::Small), (2, Tier::Small), (3, Tier::Vip)]);
    }

    #[test]
    fn stats_and_migration() {
        let value = vec![0, 90, 10, 0];
        let after = vec![(1, Tier::Vip), (2, Tier::Small), (3, Tier::Inactive)];
        let s = tier_stats(&after, &value);
        assert_eq!(s[Tier::Vip.index()].customers, 1);
        assert!((s[Tier::Vip.index()].share - 0.9).abs() < 1e-12);
        let before = vec![(1, Tier::Major), (3, Tier::Small)];
        let m = migration(&before, &after);
        assert_eq!(m[Tier::Major.index()][Tier::Vip.index()], 1);
        assert_eq!(
            m[Tier::Inactive.index()][Tier::Small.index()],
            1,
            "absent before"
        );
        assert_eq!(m[Tier::Small.index()][Tier::Inactive.index()], 1);
    }

    proptest! {
        /// The selection gives what sorting gives, to the bit, with repeated values.
        #[test]
        fn the_median_is_the_sorted_middle(
            values in proptest::collection::vec((0u8..20, -1e3..1e3f64), 1..300)
        ) {
            // Few distinct values, so that the middle ones repeat.
            let mut values: Vec<f64> = values.iter().map(|&(i, x)| if i < 10 { i as f64 } else { x }).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let n = sorted.len();
            let expected = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
            prop_assert_eq!(median(&mut values).map(f64::to_bits), Some(expected.to_bits()));
        }

        #[test]
        fn tiers_are_ordered_by_value_and_cover_the_universe(
            value in proptest::collection::vec(0i64..1_000, 1..500)
        ) {
            let universe: Vec<u32> = (0..value.len() as u32).collect();
            let t = tiers(&value, &universe, &[], Cutoffs::default());
            prop_assert_eq!(t.len(), universe.len());
            for &(a, ta) in &t {
                prop_assert_eq!(ta == Tier::Inactive, value[a as usize] == 0);
                for &(b, tb) in &t {
                    // A strictly higher value is never in a lower tier.
                    if value[a as usize] > value[b as usize] {
                        prop_assert!(ta <= tb);
                    }
                }
            }
        }
    }
}
