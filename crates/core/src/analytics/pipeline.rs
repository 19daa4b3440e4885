//! The whole per-customer analysis in one call: RFM scores and segments, behaviour
//! quadrant, value tier, BG/NBD + Gamma-Gamma predictions and a k-means cluster. This is
//! what `kehu analyze` writes and what the browser's worker computes, so both run the
//! same code on the same columns.

use super::cluster::{KMeans, features, kmeans};
use super::clv::{self, BgNbd, FitError, GammaGamma};
use super::rfm::{Rfm, rfm};
use super::value::{Cutoffs, Quadrant, Tier, behaviour, tiers};
use super::{Totals, Window};
use crate::OrderColumns;

/// The knobs of [`analyze`]; the defaults are the command line's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// k of k-means (at most the number of customers with orders).
    pub clusters: usize,
    /// Seed of the k-means++ seeding.
    pub seed: u64,
    /// Horizon of the expected purchases, in days.
    pub horizon_days: f64,
    pub clv_months: u32,
    pub monthly_discount: f64,
    /// Days in a month for CLV, as `lifetimes` counts with a daily time unit.
    pub days_per_month: f64,
    pub cutoffs: Cutoffs,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            clusters: 5,
            seed: 42,
            horizon_days: 90.0,
            clv_months: 12,
            monthly_discount: 0.01,
            days_per_month: 30.0,
            cutoffs: Cutoffs::default(),
        }
    }
}

/// The stages of [`analyze`], announced as each begins (for progress and timings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Scores,
    Fit,
    Predict,
    Cluster,
}

/// One customer's results. Everything but the tier is `None` for a customer without
/// orders in the window; the predictions are also `None` when their model could not be
/// fitted (see [`Analysis::bgnbd`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerAnalysis {
    pub rfm: Option<Rfm>,
    pub quadrant: Option<Quadrant>,
    pub tier: Tier,
    pub p_alive: Option<f64>,
    /// Expected purchases within [`Settings::horizon_days`].
    pub expected_purchases: Option<f64>,
    /// Discounted lifetime value over [`Settings::clv_months`], in yuan.
    pub clv: Option<f64>,
    pub cluster: Option<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Indexed by customer key.
    pub customers: Vec<CustomerAnalysis>,
    pub bgnbd: Result<BgNbd, FitError>,
    pub gamma_gamma: Result<GammaGamma, FitError>,
    /// `None` without any customer with orders in the window.
    pub kmeans: Option<KMeans>,
}

/// Analyses customers `0..customers` (and any key found in the orders beyond that) over
/// the window. `id_rank[k]` is customer k's place in id order, which breaks ties.
pub fn analyze(
    orders: &OrderColumns,
    customers: usize,
    id_rank: &[u32],
    w: Window,
    s: &Settings,
    step: &mut dyn FnMut(Step),
) -> Analysis {
    step(Step::Scores);
    let n = orders
        .customer
        .iter()
        .map(|&k| k as usize + 1)
        .max()
        .unwrap_or(0)
        .max(customers);
    let mut out = vec![
        CustomerAnalysis {
            rfm: None,
            quadrant: None,
            tier: Tier::Inactive,
            p_alive: None,
            expected_purchases: None,
            clv: None,
            cluster: None,
        };
        n
    ];
    let scores = rfm(orders, w, id_rank);
    for r in &scores {
        out[r.customer as usize].rfm = Some(*r);
    }
    for b in behaviour(orders, w).customers {
        out[b.customer as usize].quadrant = Some(b.quadrant);
    }
    let universe: Vec<u32> = (0..n as u32).collect();
    let totals = Totals::of(orders, w);
    for (k, t) in tiers(&totals.cents, &universe, id_rank, s.cutoffs) {
        out[k as usize].tier = t;
    }

    step(Step::Fit);
    let summaries = clv::summaries(orders, w);
    let histories: Vec<clv::History> = summaries.iter().map(|x| x.history).collect();
    let pairs: Vec<(f64, f64)> = summaries
        .iter()
        .map(|x| (x.history.frequency, x.monetary))
        .collect();
    let bgnbd = clv::fit_bgnbd(&histories);
    let gamma_gamma = clv::fit_gamma_gamma(&pairs);

    step(Step::Predict);
    if let Ok(bg) = &bgnbd {
        for x in &summaries {
            let c = &mut out[x.customer as usize];
            c.p_alive = Some(bg.p_alive(&x.history));
            c.expected_purchases = Some(bg.expected_purchases(s.horizon_days, &x.history));
            if let Ok(gg) = &gamma_gamma {
                c.clv = Some(clv::clv(
                    bg,
                    gg,
                    &x.history,
                    x.monetary,
                    s.clv_months,
                    s.monthly_discount,
                    s.days_per_month,
                ));
            }
        }
    }

    step(Step::Cluster);
    let kmeans = (!scores.is_empty() && s.clusters > 0)
        .then(|| kmeans(&features(&scores), s.clusters.min(scores.len()), s.seed));
    if let Some(km) = &kmeans {
        for (r, &l) in scores.iter().zip(&km.labels) {
            out[r.customer as usize].cluster = Some(l as u8);
        }
    }
    Analysis {
        customers: out,
        bgnbd,
        gamma_gamma,
        kmeans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoSpec, NameStyle, generate};
    use crate::{Day, analytics::id_order};

    #[test]
    fn every_customer_gets_a_row_and_the_active_ones_everything() {
        let today = Day::from_ymd(2026, 6, 30).unwrap();
        let spec = DemoSpec {
            customers: 300,
            orders: 3_000,
            interactions_per_customer: 0,
            ..DemoSpec::standard(today, NameStyle::English)
        };
        let data = generate(&spec);
        let ids: Vec<String> = (0..400).map(|k| format!("C{k:04}")).collect();
        let mut steps = Vec::new();
        let a = analyze(
            &data.orders,
            400,
            &id_order(&ids),
            Window::all_to(today),
            &Settings::default(),
            &mut |s| steps.push(s),
        );
        assert_eq!(
            steps,
            [Step::Scores, Step::Fit, Step::Predict, Step::Cluster]
        );
        assert_eq!(a.customers.len(), 400);
        assert!(a.bgnbd.is_ok() && a.gamma_gamma.is_ok());
        for c in &a.customers {
            match c.rfm {
                Some(r) => {
                    assert!((1..=5).contains(&r.r) && (1..=5).contains(&r.f));
                    assert!(c.quadrant.is_some() && c.cluster.is_some_and(|l| l < 5));
                    let p = c.p_alive.unwrap();
                    assert!((0.0..=1.0).contains(&p));
                    assert!(c.expected_purchases.unwrap() >= 0.0 && c.clv.unwrap() >= 0.0);
                    assert_ne!(c.tier, Tier::Inactive, "every buyer here spent something");
                }
                None => {
                    assert_eq!(c.tier, Tier::Inactive);
                    assert!(c.p_alive.is_none() && c.cluster.is_none());
                }
            }
        }
        // Keys 300..400 have no orders.
        assert!(a.customers[300..].iter().all(|c| c.rfm.is_none()));
    }

    #[test]
    fn without_orders_nothing_is_fitted_and_nothing_fails() {
        let a = analyze(
            &OrderColumns::default(),
            3,
            &[0, 1, 2],
            Window::all_to(Day(0)),
            &Settings::default(),
            &mut |_| {},
        );
        assert_eq!(a.customers.len(), 3);
        assert!(a.bgnbd.is_err() && a.kmeans.is_none());
    }
}
