//! The whole per-customer analysis in one call: RFM scores and segments, behaviour
//! quadrant, value tier, BG/NBD + Gamma-Gamma predictions and a k-means cluster. This is
//! what `kehu analyze` writes and what the browser's worker computes, so both run the
//! same code on the same columns.

use super::cluster::{KMeans, features, kmeans};
use super::clv::{self, BgNbd, FitError, GammaGamma};
use super::rfm::{Rfm, rfm_of};
use super::value::{Cutoffs, Quadrant, Tier, behaviour_of, tiers};
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
    /// Days in a month for CLV, as `lifetimes` counts with a daily time unit (with weeks,
    /// 4.345 weeks).
    pub days_per_month: f64,
    pub cutoffs: Cutoffs,
    /// What ranks customers in the value pyramid.
    pub pyramid_by: PyramidValue,
    /// The models' time unit; the horizon stays in days and CLV in months.
    pub time_unit: clv::TimeUnit,
}

/// The value the pyramid ranks by (DOMAIN.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PyramidValue {
    /// Revenue in the window.
    #[default]
    Revenue,
    /// Gross margin in the window (amount less cost, over the orders whose cost is
    /// known); revenue when no order in the window has a cost.
    Margin,
    /// Predicted CLV over [`Settings::clv_months`]; revenue when the models could not be
    /// fitted (see [`Analysis::pyramid_by`]).
    Clv,
}

impl PyramidValue {
    pub const ALL: [PyramidValue; 3] = [Self::Revenue, Self::Margin, Self::Clv];

    pub fn code(self) -> &'static str {
        match self {
            Self::Revenue => "revenue",
            Self::Margin => "margin",
            Self::Clv => "clv",
        }
    }

    pub fn from_code(s: &str) -> Option<PyramidValue> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }
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
            pyramid_by: PyramidValue::Revenue,
            time_unit: clv::TimeUnit::Days,
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
    /// What the pyramid tiers were ranked by.
    pub pyramid_by: PyramidValue,
    /// The models' per-customer histories (in [`Settings::time_unit`]), by ascending key.
    pub summaries: Vec<clv::Summary>,
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
    let totals = Totals::of(orders.orders(), w);
    let scores = rfm_of(&totals, w, id_rank);
    for r in &scores {
        out[r.customer as usize].rfm = Some(*r);
    }
    for b in behaviour_of(&totals).customers {
        out[b.customer as usize].quadrant = Some(b.quadrant);
    }

    step(Step::Fit);
    let summaries = clv::summaries_in(orders.orders(), w, s.time_unit);
    let histories: Vec<clv::History> = summaries.iter().map(|x| x.history).collect();
    let pairs: Vec<(f64, f64)> = summaries
        .iter()
        .map(|x| (x.history.frequency, x.monetary))
        .collect();
    // Two fits that share nothing, side by side natively.
    let (bgnbd, gamma_gamma) = super::parallel::join(
        || clv::fit_bgnbd(&histories),
        || clv::fit_gamma_gamma(&pairs),
    );

    step(Step::Predict);
    if let Ok(bg) = &bgnbd {
        // The month ends of CLV and the horizon, in one pass of eq. 10's series.
        let months = s.clv_months as usize;
        let per_month = match s.time_unit {
            clv::TimeUnit::Days => s.days_per_month,
            weeks => weeks.per_month(),
        };
        let mut ts: Vec<f64> = (1..=months).map(|i| i as f64 * per_month).collect();
        ts.push(s.time_unit.of_days(s.horizon_days));
        // Each customer's own, on every core natively.
        let scratch = || vec![0.0; ts.len()];
        let predicted = super::parallel::map(&summaries, scratch, |expected, x| {
            bg.expected_purchases_at(&ts, &x.history, expected);
            let clv = gamma_gamma.as_ref().ok().map(|gg| {
                let value = gg.expected_value(x.history.frequency, x.monetary);
                clv::discounted_value(value, &expected[..months], s.monthly_discount)
            });
            (bg.p_alive(&x.history), expected[months], clv)
        });
        for (x, (p_alive, expected, clv)) in summaries.iter().zip(predicted) {
            let c = &mut out[x.customer as usize];
            c.p_alive = Some(p_alive);
            c.expected_purchases = Some(expected);
            c.clv = clv;
        }
    }

    let by_clv = s.pyramid_by == PyramidValue::Clv && gamma_gamma.is_ok() && bgnbd.is_ok();
    let margin = match s.pyramid_by {
        PyramidValue::Margin => super::margins(orders, w, n),
        _ => None,
    };
    let pyramid_by = match (by_clv, &margin) {
        (true, _) => PyramidValue::Clv,
        (false, Some(_)) => PyramidValue::Margin,
        (false, None) => PyramidValue::Revenue,
    };
    let value: Vec<i64> = match (by_clv, margin) {
        (true, _) => out
            .iter()
            .map(|c| c.clv.map_or(0, |v| (v * 100.0).round() as i64))
            .collect(),
        (false, Some(m)) => m,
        (false, None) => totals.cents.clone(),
    };
    let universe: Vec<u32> = (0..n as u32).collect();
    for (k, t) in tiers(&value, &universe, id_rank, s.cutoffs) {
        out[k as usize].tier = t;
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
        pyramid_by,
        summaries,
    }
}

/// The columns of [`write_csv`], one row per customer.
pub const CSV_HEADER: [&str; 15] = [
    "customer_id",
    "recency_days",
    "frequency",
    "monetary_total",
    "monetary_mean",
    "r_score",
    "f_score",
    "m_score",
    "segment",
    "behaviour_quadrant",
    "pyramid_tier",
    "p_alive",
    "expected_purchases_90d",
    "clv_12m",
    "cluster",
];

/// Writes the analysis as CSV, one row per customer (`ids[key]` names customer `key`):
/// amounts in yuan with two decimals, probabilities and expectations with six, empty
/// cells where a value does not apply. An id a spreadsheet would run as a formula gets a
/// leading quote.
pub fn write_csv(a: &Analysis, ids: &[String], mut w: impl std::io::Write) -> std::io::Result<()> {
    w.write_all(CSV_HEADER.join(",").as_bytes())?;
    w.write_all(b"\n")?;
    // Two halves formatted side by side natively (in wasm, one after the other), each in
    // memory: a few MB at a million orders.
    let n = a.customers.len().min(ids.len());
    let rows = |r: std::ops::Range<usize>| csv_rows(&a.customers[r.clone()], &ids[r]);
    let (first, second) = match n > 20_000 {
        true => super::parallel::join(|| rows(0..n / 2), || rows(n / 2..n)),
        false => (rows(0..n), Vec::new()),
    };
    w.write_all(&first)?;
    w.write_all(&second)?;
    w.flush()
}

/// The CSV rows of these customers. Rows are put together by hand: through `fmt` and a
/// CSV writer, formatting took longer than the whole k-means.
fn csv_rows(customers: &[CustomerAnalysis], ids: &[String]) -> Vec<u8> {
    let mut row: Vec<u8> = Vec::with_capacity(customers.len() * 80);
    for (c, id) in customers.iter().zip(ids) {
        push_text(&mut row, &crate::text::formula_safe(id));
        match &c.rfm {
            Some(r) => {
                for n in [r.recency, r.frequency] {
                    row.push(b',');
                    push_uint(&mut row, n as u64);
                }
                for cents in [r.monetary, r.monetary_mean()] {
                    row.push(b',');
                    push_cents(&mut row, cents);
                }
                for score in [r.r, r.f, r.m] {
                    row.push(b',');
                    push_uint(&mut row, score as u64);
                }
                row.push(b',');
                row.extend_from_slice(r.segment.code().as_bytes());
            }
            None => row.extend_from_slice(b",,,,,,,,"),
        }
        row.push(b',');
        row.extend_from_slice(c.quadrant.map_or("", |q| q.code()).as_bytes());
        row.push(b',');
        row.extend_from_slice(c.tier.code().as_bytes());
        for v in [c.p_alive, c.expected_purchases] {
            row.push(b',');
            if let Some(v) = v {
                push_fixed6(&mut row, v);
            }
        }
        row.push(b',');
        if let Some(v) = c.clv {
            push_cents(&mut row, (v * 100.0).round() as i64);
        }
        row.push(b',');
        if let Some(k) = c.cluster {
            push_uint(&mut row, k as u64);
        }
        row.push(b'\n');
    }
    row
}

/// A text field, quoted as CSV needs (when it holds a comma, quote or line end).
fn push_text(out: &mut Vec<u8>, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

fn push_uint(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Cents as yuan with two decimals, as [`crate::Cents`] displays them.
fn push_cents(out: &mut Vec<u8>, cents: i64) {
    if cents < 0 {
        out.push(b'-');
    }
    let a = cents.unsigned_abs();
    push_uint(out, a / 100);
    out.extend_from_slice(&[b'.', b'0' + (a % 100 / 10) as u8, b'0' + (a % 10) as u8]);
}

/// Six decimals: rounds as `{:.6}` does but for halfway cases a millionth apart.
fn push_fixed6(out: &mut Vec<u8>, v: f64) {
    let scaled = (v * 1e6).round();
    if (0.0..9e15).contains(&scaled) {
        let n = scaled as u64;
        push_uint(out, n / 1_000_000);
        out.push(b'.');
        let frac = n % 1_000_000;
        let mut digits = [b'0'; 6];
        let mut f = frac;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (f % 10) as u8;
            f /= 10;
        }
        out.extend_from_slice(&digits);
    } else {
        out.extend_from_slice(format!("{v:.6}").as_bytes());
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
            crate::analytics::all_to(today),
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
    fn numbers_and_awkward_ids_are_written_as_csv_reads_them() {
        let mut out = Vec::new();
        push_cents(&mut out, -1_205);
        out.push(b' ');
        push_cents(&mut out, 7);
        out.push(b' ');
        push_fixed6(&mut out, 0.000_000_4);
        out.push(b' ');
        push_fixed6(&mut out, 12.345_678_9);
        out.push(b' ');
        push_uint(&mut out, 0);
        out.push(b' ');
        push_text(&mut out, "a \"b\", c");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "-12.05 0.07 0.000000 12.345679 0 \"a \"\"b\"\", c\""
        );
        for v in [0.0, 0.5, 1.0 / 3.0, 98_765.432_1, 1e-7] {
            let mut out = Vec::new();
            push_fixed6(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{v:.6}"));
        }
    }

    #[test]
    fn the_pyramid_can_rank_by_predicted_clv() {
        let today = Day::from_ymd(2026, 6, 30).unwrap();
        let spec = DemoSpec {
            customers: 500,
            orders: 6_000,
            interactions_per_customer: 0,
            ..DemoSpec::standard(today, NameStyle::English)
        };
        let data = generate(&spec);
        let ids: Vec<String> = (0..500).map(|k| format!("C{k:04}")).collect();
        let settings = Settings {
            pyramid_by: PyramidValue::Clv,
            ..Settings::default()
        };
        let w = crate::analytics::all_to(today);
        let a = analyze(
            &data.orders,
            500,
            &id_order(&ids),
            w,
            &settings,
            &mut |_| {},
        );
        assert_eq!(a.pyramid_by, PyramidValue::Clv);
        // The VIPs are those with the highest CLV, not necessarily the highest revenue.
        let clv = |c: &CustomerAnalysis| c.clv.unwrap_or(0.0);
        let vips: Vec<f64> = a
            .customers
            .iter()
            .filter(|c| c.tier == Tier::Vip)
            .map(clv)
            .collect();
        let others: Vec<f64> = a
            .customers
            .iter()
            .filter(|c| c.tier != Tier::Vip)
            .map(clv)
            .collect();
        // Both sides non-empty: a minimum over no VIPs would be +∞ and prove nothing.
        assert!(
            !vips.is_empty() && !others.is_empty(),
            "{} VIPs",
            vips.len()
        );
        let lowest_vip = vips.iter().copied().fold(f64::INFINITY, f64::min);
        let highest_other = others.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(lowest_vip > 0.0);
        assert!(lowest_vip >= highest_other);
        // Without orders nothing can be predicted: revenue it is, and it says so.
        let none = analyze(
            &OrderColumns::default(),
            2,
            &[0, 1],
            w,
            &settings,
            &mut |_| {},
        );
        assert_eq!(none.pyramid_by, PyramidValue::Revenue);
    }

    #[test]
    fn the_pyramid_can_rank_by_gross_margin_and_falls_back_without_costs() {
        let today = Day(20_000);
        // Customer 0 buys much at a thin margin, customer 1 little at a fat one;
        // customer 2's order has no known cost, so it has no margin to rank by.
        let mut orders = OrderColumns::default();
        let mut add = |id, customer, cents, cost: Option<i64>| {
            orders.push_order(&crate::Order {
                id,
                customer,
                day: Day(19_990),
                amount: crate::Cents(cents),
                cost: cost.map(crate::Cents),
                ..Default::default()
            })
        };
        add(1, 0, 100_000, Some(98_000));
        add(2, 1, 10_000, Some(2_000));
        add(3, 2, 50_000, None);
        let w = crate::analytics::all_to(today);
        let rank = |by, orders: &OrderColumns| {
            let s = Settings {
                pyramid_by: by,
                cutoffs: Cutoffs {
                    vip_bp: 3_300,
                    major_bp: 6_600,
                    ordinary_bp: 10_000,
                },
                ..Settings::default()
            };
            let a = analyze(orders, 3, &[0, 1, 2], w, &s, &mut |_| {});
            let tiers: Vec<Tier> = a.customers.iter().map(|c| c.tier).collect();
            (a.pyramid_by, tiers)
        };
        let (by, tiers) = rank(PyramidValue::Margin, &orders);
        assert_eq!(by, PyramidValue::Margin);
        assert_eq!(tiers, [Tier::Major, Tier::Vip, Tier::Inactive]);
        let (_, tiers) = rank(PyramidValue::Revenue, &orders);
        assert_eq!(tiers, [Tier::Vip, Tier::Ordinary, Tier::Major]);
        // With no cost anywhere, the margin ranking is the revenue one, and says so.
        let mut plain = OrderColumns::default();
        plain.extend(&orders);
        plain.cost.clear();
        assert_eq!(
            rank(PyramidValue::Margin, &plain),
            rank(PyramidValue::Revenue, &plain)
        );
        assert_eq!(rank(PyramidValue::Margin, &plain).0, PyramidValue::Revenue);
    }

    #[test]
    fn without_orders_nothing_is_fitted_and_nothing_fails() {
        let a = analyze(
            &OrderColumns::default(),
            3,
            &[0, 1, 2],
            Window::all_to(0),
            &Settings::default(),
            &mut |_| {},
        );
        assert_eq!(a.customers.len(), 3);
        assert!(a.bgnbd.is_err() && a.kmeans.is_none());
    }
}
