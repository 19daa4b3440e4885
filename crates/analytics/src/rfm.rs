//! RFM: recency, frequency and monetary value per customer, quintile scores from 1 to 5,
//! and the ten R×F segments.
//!
//! Over the orders in a [`Window`]:
//!
//! - **R**ecency is the days from a customer's last order to the analysis date. Smaller
//!   is better, so its score is turned round: the most recent fifth scores 5.
//! - **F**requency is the number of orders (several on one day count apart).
//! - **M**onetary value is the sum of their amounts, in cents.
//!
//! Scores follow pandas' `qcut(x.rank(method="first"), 5, labels=False) + 1`, the
//! common analyst's recipe, made exact in integers ([`quintiles`]): equal values are
//! ranked in id order, so the same data gives the same scores on every machine.
//!
//! The segment comes from the R and F scores ([`Segment::of`]):
//!
//! | R \ F | 1 | 2 | 3 | 4 | 5 |
//! |---|---|---|---|---|---|
//! | **5** | new customers | potential loyalists | potential loyalists | champions | champions |
//! | **4** | promising | potential loyalists | potential loyalists | loyal customers | loyal customers |
//! | **3** | about to sleep | about to sleep | need attention | loyal customers | loyal customers |
//! | **2** | hibernating | hibernating | at risk | at risk | can't lose them |
//! | **1** | hibernating | hibernating | at risk | at risk | can't lose them |
//!
//! ```
//! use kehu_analytics::rfm::{Segment, quintiles};
//!
//! // Ten customers' order counts; ties are ranked by the second slice (id order).
//! let orders = [1, 1, 2, 3, 3, 3, 5, 8, 13, 21];
//! let id_order: Vec<u32> = (0..10).collect();
//! assert_eq!(quintiles(&orders, &id_order), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
//!
//! assert_eq!(Segment::of(5, 5), Segment::Champions);
//! assert_eq!(Segment::of(1, 5).code(), "cant_lose_them");
//! ```

use crate::{Orders, Totals, Window};

/// One customer's RFM over a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rfm {
    pub customer: u32,
    /// Days from the last order to the analysis date.
    pub recency: u32,
    /// Order rows in the window.
    pub frequency: u32,
    /// Sum of the order amounts, in cents.
    pub monetary: i64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: Segment,
}

impl Rfm {
    /// Mean order value, rounded half away from zero to the cent.
    pub fn monetary_mean(&self) -> i64 {
        let (t, f) = (self.monetary as i128, self.frequency.max(1) as i128);
        ((2 * t + t.signum() * f) / (2 * f)) as i64
    }
}

/// Quintile scores 1–5 by the pandas convention `qcut(x.rank(method="first"), 5)`, made
/// exact: order by value ascending, ties by `tie` (each element's place in id order);
/// rank r = 1..n; q = max(1, ceil(5·(r−1)/(n−1))), and q = 3 when n = 1.
pub fn quintiles(values: &[i64], tie: &[u32]) -> Vec<u8> {
    let n = values.len();
    // (value, tie, index) packed in one integer in the same order, sorted without a
    // lookup per comparison: the value's sign bit flipped orders it as unsigned.
    let mut keys: Vec<u128> = (0..n)
        .map(|i| {
            let value = (values[i] as u64 ^ 1 << 63) as u128;
            value << 64 | (tie[i] as u128) << 32 | i as u128
        })
        .collect();
    keys.sort_unstable();
    let mut q = vec![0u8; n];
    if n == 1 {
        q[0] = 3;
        return q;
    }
    for (pos, i) in keys.iter().map(|&key| key as u32 as usize).enumerate() {
        // r − 1 = pos; ceil(5·pos / (n−1)) in integers.
        let num = 5 * pos;
        let den = n - 1;
        q[i] = num.div_ceil(den).max(1) as u8;
    }
    q
}

/// RFM for every customer with an order in the window, by ascending key. `id_rank[k]` is
/// customer k's place in id order (see [`crate::id_order`]); keys beyond it tie by key.
pub fn rfm(orders: Orders, w: Window, id_rank: &[u32]) -> Vec<Rfm> {
    rfm_of(&Totals::of(orders, w), w, id_rank)
}

/// [`rfm`] from the window's totals, for callers that need them for more than RFM.
pub fn rfm_of(t: &Totals, w: Window, id_rank: &[u32]) -> Vec<Rfm> {
    let keys: Vec<u32> = t.active().collect();
    let tie: Vec<u32> = keys
        .iter()
        .map(|&k| id_rank.get(k as usize).copied().unwrap_or(u32::MAX / 2 + k))
        .collect();
    let recency: Vec<i64> = keys
        .iter()
        .map(|&k| (w.as_of - t.last[k as usize]) as i64)
        .collect();
    let freq: Vec<i64> = keys.iter().map(|&k| t.count[k as usize] as i64).collect();
    let money: Vec<i64> = keys.iter().map(|&k| t.cents[k as usize]).collect();
    let (qr, qf, qm) = (
        quintiles(&recency, &tie),
        quintiles(&freq, &tie),
        quintiles(&money, &tie),
    );
    keys.iter()
        .enumerate()
        .map(|(i, &k)| {
            let (r, f) = (6 - qr[i], qf[i]);
            Rfm {
                customer: k,
                recency: recency[i] as u32,
                frequency: freq[i] as u32,
                monetary: money[i],
                r,
                f,
                m: qm[i],
                segment: Segment::of(r, f),
            }
        })
        .collect()
}

/// The R×F segments, each with a recommended action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Segment {
    Champions,
    LoyalCustomers,
    PotentialLoyalists,
    NewCustomers,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CantLoseThem,
    Hibernating,
}

impl Segment {
    pub const ALL: &'static [Segment] = &[
        Segment::Champions,
        Segment::LoyalCustomers,
        Segment::PotentialLoyalists,
        Segment::NewCustomers,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
    ];

    /// The segment of an R and an F score (the module's table; scores outside 1–5 are
    /// clamped).
    pub fn of(r: u8, f: u8) -> Segment {
        use Segment::*;
        const TABLE: [[Segment; 5]; 5] = [
            [
                NewCustomers,
                PotentialLoyalists,
                PotentialLoyalists,
                Champions,
                Champions,
            ],
            [
                Promising,
                PotentialLoyalists,
                PotentialLoyalists,
                LoyalCustomers,
                LoyalCustomers,
            ],
            [
                AboutToSleep,
                AboutToSleep,
                NeedAttention,
                LoyalCustomers,
                LoyalCustomers,
            ],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
        ];
        let (r, f) = (r.clamp(1, 5), f.clamp(1, 5));
        TABLE[(5 - r) as usize][(f - 1) as usize]
    }

    /// The stable code, as in the command line's output.
    pub fn code(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::LoyalCustomers => "loyal_customers",
            Segment::PotentialLoyalists => "potential_loyalists",
            Segment::NewCustomers => "new_customers",
            Segment::Promising => "promising",
            Segment::NeedAttention => "need_attention",
            Segment::AboutToSleep => "about_to_sleep",
            Segment::AtRisk => "at_risk",
            Segment::CantLoseThem => "cant_lose_them",
            Segment::Hibernating => "hibernating",
        }
    }

    /// What to do about the segment, in English (the app translates by [`Segment::code`]).
    pub fn action(self) -> &'static str {
        match self {
            Segment::Champions => {
                "Reward them; ask for reviews and referrals; offer new products first."
            }
            Segment::LoyalCustomers => {
                "Upsell higher-value products; invite them to the membership programme."
            }
            Segment::PotentialLoyalists => {
                "Offer membership or loyalty points; recommend related products."
            }
            Segment::NewCustomers => {
                "Welcome them well; help with first use; make the second purchase easy."
            }
            Segment::Promising => {
                "Build awareness: free trials, samples, a small time-limited offer."
            }
            Segment::NeedAttention => {
                "Send a personalised, time-limited offer based on past purchases."
            }
            Segment::AboutToSleep => {
                "Reconnect with popular products and discounts before they drift off."
            }
            Segment::AtRisk => {
                "Send personal emails or calls to reconnect; offer renewals and help."
            }
            Segment::CantLoseThem => {
                "Win them back with a personal call; learn what went wrong; do not lose them to a competitor."
            }
            Segment::Hibernating => {
                "Offer other relevant products and special discounts; accept that some are gone."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quintile_formula_matches_the_definition() {
        let v: Vec<i64> = (0..7).collect();
        let tie: Vec<u32> = (0..7).collect();
        assert_eq!(quintiles(&v, &tie), vec![1, 1, 2, 3, 4, 5, 5]);
        assert_eq!(
            quintiles(&[42], &[0]),
            vec![3],
            "a single customer scores 3"
        );
        assert_eq!(quintiles(&[5, 1], &[0, 1]), vec![5, 1]);
    }

    #[test]
    fn ties_are_broken_by_id_order_not_input_order() {
        // Equal values: the customer earlier in id order ranks lower.
        let q = quintiles(&[10, 10, 10, 10, 10, 10], &[5, 4, 3, 2, 1, 0]);
        assert_eq!(q, vec![5, 4, 3, 2, 1, 1]);
    }

    #[test]
    fn segment_table_corners() {
        assert_eq!(Segment::of(5, 5), Segment::Champions);
        assert_eq!(Segment::of(5, 1), Segment::NewCustomers);
        assert_eq!(Segment::of(1, 5), Segment::CantLoseThem);
        assert_eq!(Segment::of(1, 1), Segment::Hibernating);
        assert_eq!(Segment::of(3, 3), Segment::NeedAttention);
        assert_eq!(Segment::of(4, 1), Segment::Promising);
        assert_eq!(Segment::of(2, 3), Segment::AtRisk);
        // Every cell is one of the ten segments, and each segment occurs.
        let mut seen = std::collections::HashSet::new();
        for r in 1..=5 {
            for f in 1..=5 {
                seen.insert(Segment::of(r, f));
            }
        }
        assert_eq!(seen.len(), Segment::ALL.len());
    }

    #[test]
    fn rfm_per_customer_in_the_window() {
        let mut o = crate::Cols::default();
        // Customer 1: two orders, last on day 95. Customer 2: one order on day 50.
        // Customer 3: only an order after the analysis date.
        o.push(1, 90, 1_000);
        o.push(1, 95, 501);
        o.push(2, 50, 300);
        o.push(3, 120, 9);
        let res = rfm(o.orders(), Window::all_to(100), &[]);
        assert_eq!(res.len(), 2);
        let c1 = res[0];
        assert_eq!((c1.customer, c1.recency, c1.frequency), (1, 5, 2));
        assert_eq!(c1.monetary, 1_501);
        assert_eq!(c1.monetary_mean(), 751, "750.5 rounds half up");
        assert_eq!(
            (c1.r, c1.f, c1.m),
            (5, 5, 5),
            "most recent, most frequent, most spent"
        );
        assert_eq!((res[1].r, res[1].f, res[1].m), (1, 1, 1));
        let windowed = rfm(
            o.orders(),
            Window {
                as_of: 100,
                days: Some(20),
            },
            &[],
        );
        assert_eq!(
            windowed.len(),
            1,
            "customer 2's order is outside the window"
        );
    }

    proptest! {
        #[test]
        fn scores_are_1_to_5_and_quintile_sizes_differ_by_at_most_one(
            values in proptest::collection::vec(0i64..50, 2..400)
        ) {
            let tie: Vec<u32> = (0..values.len() as u32).collect();
            let q = quintiles(&values, &tie);
            let mut sizes = [0usize; 5];
            for s in &q {
                prop_assert!((1..=5).contains(s));
                sizes[*s as usize - 1] += 1;
            }
            if values.len() >= 5 {
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                prop_assert!(hi - lo <= 1, "sizes {:?}", sizes);
            }
            // Monotone: a larger value never scores lower.
            for i in 0..values.len() {
                for j in 0..values.len() {
                    if values[i] < values[j] {
                        prop_assert!(q[i] <= q[j]);
                    }
                }
            }
        }

        /// Every customer with an order in the window gets the R, F and M of its own
        /// orders, scores from 1 to 5 that never rank a more recent (more frequent,
        /// bigger-spending) customer lower, and the segment the table gives for its
        /// scores. Days and amounts are drawn with their edges on purpose (the window's
        /// first and last day, the same day for many, the smallest and a huge amount),
        /// and files of none, one or a few customers.
        #[test]
        fn every_customer_gets_its_own_rfm_and_the_segment_of_its_scores(
            rows in proptest::collection::vec((
                prop_oneof![Just(0u32), Just(1), 0u32..60],
                prop_oneof![Just(0i32), Just(400), Just(200), 0i32..=400],
                prop_oneof![Just(1i64), Just((1i64 << 52) / 1_000), 1i64..100_000],
            ), 0..300)
        ) {
            let mut o = crate::Cols::default();
            for (c, d, a) in &rows {
                o.push(*c, *d, *a);
            }
            let res = rfm(o.orders(), Window::all_to(400), &[]);
            let mut keys: Vec<u32> = rows.iter().map(|r| r.0).collect();
            keys.sort_unstable();
            keys.dedup();
            prop_assert_eq!(res.iter().map(|r| r.customer).collect::<Vec<_>>(), keys);
            for r in &res {
                let mine: Vec<_> = rows.iter().filter(|x| x.0 == r.customer).collect();
                let last = mine.iter().map(|x| x.1).max().unwrap();
                prop_assert_eq!(r.recency, (400 - last) as u32);
                prop_assert_eq!(r.frequency as usize, mine.len());
                prop_assert_eq!(r.monetary, mine.iter().map(|x| x.2).sum::<i64>());
                prop_assert!((1..=5).contains(&r.r) && (1..=5).contains(&r.f) && (1..=5).contains(&r.m));
                prop_assert_eq!(r.segment, Segment::of(r.r, r.f));
            }
            for a in &res {
                for b in &res {
                    if a.recency < b.recency { prop_assert!(a.r >= b.r); }
                    if a.frequency > b.frequency { prop_assert!(a.f >= b.f); }
                    if a.monetary > b.monetary { prop_assert!(a.m >= b.m); }
                }
            }
        }
    }
}
