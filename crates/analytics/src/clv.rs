//! Lifetime value models: BG/NBD (Fader, Hardie & Lee 2005) for purchase counts and
//! Gamma-Gamma (Fader, Hardie & Lee 2005b) for spend, fitted by maximum likelihood with
//! the conventions of the Python package `lifetimes`.
//!
//! 1. [`summaries`] turns orders into each customer's [`History`] (repeat purchases,
//!    recency, age) and mean repeat-purchase value, exactly as
//!    `lifetimes.utils.summary_data_from_transaction_data` does.
//! 2. [`fit_bgnbd`] and [`fit_gamma_gamma`] fit the models by maximum likelihood. Fits
//!    work in log-parameter space (all parameters are positive) from the `lifetimes`
//!    start (every parameter 1); customers with identical histories are collapsed into
//!    one weighted term, which shrinks a million-order data set to a few thousand terms.
//!    Thin data is a typed [`FitError`], never garbage parameters.
//! 3. [`BgNbd::p_alive`], [`BgNbd::expected_purchases`], [`GammaGamma::expected_value`]
//!    and [`clv`] predict per customer.
//!
//! On the CDNOW sample of Fader, Hardie & Lee, the fits reproduce the published
//! parameters (the crate's README shows it), and the predictions agree with
//! `lifetimes`' own to 1e-6.
//!
//! ```
//! use kehu_analytics::clv::{BgNbd, GammaGamma, History, clv};
//!
//! // The published CDNOW parameters (time unit: weeks).
//! let bg = BgNbd { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259, log_likelihood: 0.0 };
//! let gg = GammaGamma { p: 6.25, q: 3.74, gamma: 15.44, log_likelihood: 0.0 };
//! // Bought 2 more times after the first, the last 30 weeks after it; observed 39 weeks.
//! let h = History { frequency: 2.0, recency: 30.0, t: 39.0 };
//!
//! // What `lifetimes` 0.11.3 gives for the same customer and parameters.
//! let close = |got: f64, want: f64| ((got - want) / want).abs() < 1e-8;
//! assert!(close(bg.p_alive(&h), 0.7195881224));
//! assert!(close(bg.expected_purchases(52.0, &h), 1.539452534)); // in the next year
//! // Expected value of a purchase, from $40 on average so far.
//! assert!(close(gg.expected_value(h.frequency, 40.0), 39.14041995));
//! // Twelve months of purchases, discounted 1 % a month (4.345 weeks a month).
//! assert!(close(clv(&bg, &gg, &h, 40.0, 12, 0.01, 4.345), 56.87720689));
//! ```

use crate::float;
use crate::group::ByKey;
use crate::optimize::{Minimum, NelderMead, bfgs, bfgs_from, digamma, ln_gamma, nelder_mead};
use crate::{Orders, Window};
use rustc_hash::FxHashMap;

/// One customer's history in the `lifetimes` convention, in the model's time unit:
/// `frequency` = repeat purchase days, `recency` = last − first purchase, `t` = end of
/// observation − first purchase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct History {
    pub frequency: f64,
    pub recency: f64,
    pub t: f64,
}

/// One customer's summary for the models, in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub customer: u32,
    pub history: History,
    /// Mean value of the repeat purchase days in major units (cents / 100), 0 without
    /// repeats.
    pub monetary: f64,
}

/// The models' time unit: `lifetimes`' `freq="D"` or `freq="W"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeUnit {
    #[default]
    Days,
    /// Weeks from Monday to Sunday (pandas' `W`, which ends weeks on Sunday).
    Weeks,
}

impl TimeUnit {
    /// The period holding `day`: the day itself, or its week (1970-01-01 was a Thursday,
    /// so Mondays are the days with (day + 3) divisible by 7).
    pub fn period(self, day: i32) -> i32 {
        match self {
            TimeUnit::Days => day,
            TimeUnit::Weeks => (day + 3).div_euclid(7),
        }
    }

    /// Periods in `days` days, for horizons given in days.
    pub fn of_days(self, days: f64) -> f64 {
        match self {
            TimeUnit::Days => days,
            TimeUnit::Weeks => days / 7.0,
        }
    }

    /// Periods in a month, as `lifetimes`' CLV counts them (30 days, 4.345 weeks).
    pub fn per_month(self) -> f64 {
        match self {
            TimeUnit::Days => 30.0,
            TimeUnit::Weeks => 4.345,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            TimeUnit::Days => "days",
            TimeUnit::Weeks => "weeks",
        }
    }
}

/// Summaries of every customer with an order in the window, by ascending key, as
/// `lifetimes.utils.summary_data_from_transaction_data` makes them (time unit days):
/// orders on one calendar day are one purchase (amounts summed); frequency = purchase
/// days − 1; recency = last − first purchase day; T = analysis date − first purchase day;
/// monetary = mean of the repeat purchase days' amounts.
pub fn summaries(orders: Orders, w: Window) -> Vec<Summary> {
    summaries_in(orders, w, TimeUnit::Days)
}

/// [`summaries`] in a time unit: with weeks, orders in one week are one purchase and
/// recency and T count whole weeks, as `lifetimes` does with `freq="W"`.
pub fn summaries_in(orders: Orders, w: Window, unit: TimeUnit) -> Vec<Summary> {
    let end = unit.period(w.as_of);
    by_customer(orders, w, unit)
        .groups()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(c, rows)| summary(c, rows, end))
        .collect()
}

/// The window's orders as (period, cents), grouped by customer and sorted by period
/// within each: a counting sort on the dense keys, where sorting every row by
/// (customer, period) cost twice as much.
fn by_customer(orders: Orders, w: Window, unit: TimeUnit) -> ByKey<(i32, i64)> {
    let mut rows = ByKey::of(
        orders.len(),
        |i| w.contains(orders.day[i]).then_some(orders.customer[i]),
        |i| (unit.period(orders.day[i]), orders.cents[i]),
    );
    rows.sort_each_by_key(|r| r.0);
    rows
}

/// One customer's summary from its (period, cents) rows, sorted by period: orders in
/// one period are one purchase.
fn summary(customer: u32, rows: &[(i32, i64)], end: i32) -> Summary {
    let first = rows[0].0;
    let (mut last, mut days, mut repeat_cents) = (first, 0u32, 0i64);
    for purchase in rows.chunk_by(|a, b| a.0 == b.0) {
        if days > 0 {
            repeat_cents += purchase.iter().map(|r| r.1).sum::<i64>();
        }
        days += 1;
        last = purchase[0].0;
    }
    let frequency = (days - 1) as f64;
    Summary {
        customer,
        history: History {
            frequency,
            recency: (last - first) as f64,
            t: (end - first) as f64,
        },
        monetary: if days > 1 {
            repeat_cents as f64 / 100.0 / frequency
        } else {
            0.0
        },
    }
}

/// Why a model could not be fitted, so a caller reports it instead of showing garbage.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("too few customers to fit ({have}, need at least {need})")]
    TooFewCustomers { have: usize, need: usize },
    #[error("no customer has bought more than once")]
    NoRepeatPurchases,
    #[error("the fit did not converge")]
    DidNotConverge,
    #[error("the fit ran away to an implausible parameter ({name} = {value:e})")]
    Degenerate { name: &'static str, value: f64 },
}

/// Fewest customers (or repeat customers, for Gamma-Gamma) a fit is attempted on.
pub const MIN_CUSTOMERS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    /// Total log-likelihood at the fitted parameters.
    pub log_likelihood: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    /// γ (`v` in `lifetimes`).
    pub gamma: f64,
    pub log_likelihood: f64,
}

/// Identical items (by `key`) merged, with their counts as weights, in order of first
/// appearance: so the terms, and every sum over them, do not depend on the hash.
fn collapse<T: Copy, const N: usize>(
    items: impl Iterator<Item = T>,
    key: impl Fn(&T) -> [u64; N],
) -> Vec<(T, f64)> {
    let mut at: FxHashMap<[u64; N], usize> = FxHashMap::default();
    let mut out: Vec<(T, f64)> = Vec::new();
    for x in items {
        match at.entry(key(&x)) {
            std::collections::hash_map::Entry::Occupied(i) => out[*i.get()].1 += 1.0,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(out.len());
                out.push((x, 1.0));
            }
        }
    }
    out
}

fn history_bits(x: &History) -> [u64; 3] {
    [x.frequency.to_bits(), x.recency.to_bits(), x.t.to_bits()]
}

/// A negative log-likelihood with its gradient, in log-parameter space.
type NllGrad<'a> = dyn Fn(&[f64]) -> (f64, Vec<f64>) + 'a;

/// Terms beyond which a fit first runs on an even sample of them.
const SAMPLE_ABOVE: usize = 20_000;
const SAMPLE_SIZE: usize = 4_000;

/// Every k-th weighted term, when there are many, with the ratio of the full weight to the
/// sample's.
fn even_sample<T: Clone + WeightedTerm>(terms: &[T]) -> Option<(Vec<T>, f64)> {
    if terms.len() <= SAMPLE_ABOVE {
        return None;
    }
    let every = terms.len() / SAMPLE_SIZE;
    let sample: Vec<T> = terms.iter().step_by(every).cloned().collect();
    let total: f64 = terms.iter().map(WeightedTerm::weight).sum();
    let part: f64 = sample.iter().map(WeightedTerm::weight).sum();
    Some((sample, total / part))
}

trait WeightedTerm {
    fn weight(&self) -> f64;
}

impl WeightedTerm for (History, f64) {
    fn weight(&self) -> f64 {
        self.1
    }
}

impl WeightedTerm for (f64, f64, f64) {
    fn weight(&self) -> f64 {
        self.2
    }
}

/// Minimises from the `lifetimes` start (every parameter 1). With a sample (and the ratio
/// of the full likelihood's weight to its own), the sample is fitted first: its optimum
/// lies near the full one, and its curvature, scaled by the ratio, is a good first
/// inverse Hessian, so the full fit takes a few evaluations instead of thirty. The
/// optimum is the full likelihood's either way. Nelder–Mead is the last resort.
fn minimise(full: &NllGrad, sample: Option<(&NllGrad, f64)>, dims: usize) -> Option<Minimum> {
    let start = vec![0.0; dims];
    if let Some((fg, ratio)) = sample
        && let Some(m) = bfgs(fg, &start, 1_000)
        && m.inverse_hessian.len() == dims
    {
        let h = m
            .inverse_hessian
            .iter()
            .map(|row| row.iter().map(|v| v / ratio).collect())
            .collect();
        if let Some(found) = bfgs_from(full, &m.x, Some(h), 1_000) {
            return Some(found);
        }
    }
    bfgs(full, &start, 1_000)
        .or_else(|| nelder_mead(|lp| full(lp).0, &start, NelderMead::default()))
}

fn check(name: &'static str, value: f64) -> Result<f64, FitError> {
    if value.is_finite() && (1e-8..=1e8).contains(&value) {
        Ok(value)
    } else {
        Err(FitError::Degenerate { name, value })
    }
}

/// Fits BG/NBD to the histories.
pub fn fit_bgnbd(histories: &[History]) -> Result<BgNbd, FitError> {
    if histories.len() < MIN_CUSTOMERS {
        return Err(FitError::TooFewCustomers {
            have: histories.len(),
            need: MIN_CUSTOMERS,
        });
    }
    if histories.iter().all(|h| h.frequency <= 0.0) {
        return Err(FitError::NoRepeatPurchases);
    }
    let weighted = collapse(histories.iter().copied(), history_bits);
    let terms = BgNbdTerms::new(&weighted);
    let sample = even_sample(&weighted).map(|(s, ratio)| (BgNbdTerms::new(&s), ratio));
    let on_sample = sample
        .as_ref()
        .map(|(t, ratio)| (move |lp: &[f64]| t.nll_grad(lp), *ratio));
    let m = minimise(
        &|lp: &[f64]| terms.nll_grad(lp),
        on_sample.as_ref().map(|(f, ratio)| (f as &NllGrad, *ratio)),
        4,
    )
    .ok_or(FitError::DidNotConverge)?;
    Ok(BgNbd {
        r: check("r", m.x[0].exp())?,
        alpha: check("alpha", m.x[1].exp())?,
        a: check("a", m.x[2].exp())?,
        b: check("b", m.x[3].exp())?,
        log_likelihood: -m.value,
    })
}

/// Weighted histories laid out for evaluating the BG/NBD likelihood many times.
///
/// The ln Γ and ψ parts depend on the purchase count alone, and ln(α + t) on a recency or
/// age alone; both take far fewer distinct values than there are customers (ages are
/// whole days), so each is computed once per distinct value and evaluation.
#[derive(Debug, Clone)]
pub struct BgNbdTerms {
    /// Distinct purchase counts, ascending, each with the end of its run in `terms`.
    counts: Vec<(f64, usize)>,
    /// Distinct recencies and ages (`t`), which `terms` index.
    spans: Vec<f64>,
    /// (index of t in `spans`, index of recency in `spans`, weight), grouped by count.
    terms: Vec<(u32, u32, f64)>,
}

impl BgNbdTerms {
    pub fn new(weighted: &[(History, f64)]) -> BgNbdTerms {
        let mut sorted: Vec<&(History, f64)> = weighted.iter().collect();
        sorted.sort_by(|a, b| a.0.frequency.total_cmp(&b.0.frequency));
        let mut spans: Vec<f64> = weighted
            .iter()
            .flat_map(|(h, _)| [h.t, h.recency])
            .collect();
        spans.sort_by(f64::total_cmp);
        spans.dedup();
        let at = |v: f64| spans.partition_point(|s| *s < v) as u32;
        let mut counts: Vec<(f64, usize)> = Vec::new();
        let mut terms = Vec::with_capacity(sorted.len());
        for (h, w) in sorted {
            match counts.last_mut() {
                Some((x, end)) if *x == h.frequency => *end += 1,
                _ => counts.push((h.frequency, terms.len() + 1)),
            }
            terms.push((at(h.t), at(h.recency), *w));
        }
        BgNbdTerms {
            counts,
            spans,
            terms,
        }
    }

    /// The BG/NBD negative log-likelihood and its gradient in log-parameter space.
    pub fn nll_grad(&self, lp: &[f64]) -> (f64, Vec<f64>) {
        let (r, alpha, a, b) = (lp[0].exp(), lp[1].exp(), lp[2].exp(), lp[3].exp());
        let (ln_alpha, ln_a) = (alpha.ln(), a.ln());
        let shared = ln_gamma(a + b) - ln_gamma(r) - ln_gamma(b) + r * ln_alpha;
        let (psi_r, psi_ab, psi_b) = (digamma(r), digamma(a + b), digamma(b));
        // ln(α + s) and 1 / (α + s) for every distinct span s.
        let ln_span: Vec<f64> = self.spans.iter().map(|s| (alpha + s).ln()).collect();
        let inv_span: Vec<f64> = self.spans.iter().map(|s| 1.0 / (alpha + s)).collect();
        let mut total = 0.0;
        let mut g = [0.0f64; 4];
        let mut begin = 0;
        for &(x, end) in &self.counts {
            let by_count = shared + ln_gamma(r + x) + ln_gamma(b + x) - ln_gamma(a + b + x);
            let psi_abx = digamma(a + b + x);
            let d_count = [
                digamma(r + x) - psi_r + ln_alpha,
                r / alpha,
                psi_ab - psi_abx,
                psi_ab - psi_b + digamma(b + x) - psi_abx,
            ];
            let bx1 = b + x.max(1.0) - 1.0;
            let ln_ab = ln_a - bx1.ln();
            let rx = r + x;
            let (mut ll_sum, mut weight) = (0.0, 0.0);
            let (mut g0, mut g1, mut g4) = (0.0, 0.0, 0.0);
            for &(ti, ri, w) in &self.terms[begin..end] {
                let (lt, it) = (ln_span[ti as usize], inv_span[ti as usize]);
                let a3 = -rx * lt;
                if x > 0.0 {
                    let (lr, ir) = (ln_span[ri as usize], inv_span[ri as usize]);
                    let a4 = ln_ab - rx * lr;
                    // ln(e^a3 + e^a4) and the two shares, with one exp.
                    let d = a4 - a3;
                    let e = (-d.abs()).exp();
                    let (hi, p_hi) = (float::max(a3, a4), 1.0 / (1.0 + e));
                    let (p3, p4) = if d > 0.0 {
                        (1.0 - p_hi, p_hi)
                    } else {
                        (p_hi, 1.0 - p_hi)
                    };
                    ll_sum += w * (hi + e.ln_1p());
                    g0 += w * (-p3 * lt - p4 * lr);
                    g1 += w * (-rx * (p3 * it + p4 * ir));
                    g4 += w * p4;
                } else {
                    ll_sum += w * a3;
                    g0 += w * -lt;
                    g1 += w * (-rx * it);
                }
                weight += w;
            }
            total += weight * by_count + ll_sum;
            g[0] += g0 + weight * d_count[0];
            g[1] += g1 + weight * d_count[1];
            g[2] += g4 / a + weight * d_count[2];
            g[3] += -g4 / bx1 + weight * d_count[3];
            begin = end;
        }
        // d/d(ln θ) = θ · d/dθ, and the sign of a negative log-likelihood.
        let theta = [r, alpha, a, b];
        (-total, (0..4).map(|k| -theta[k] * g[k]).collect())
    }
}

/// Weighted (repeat purchases x, mean value m) pairs laid out for evaluating the
/// Gamma-Gamma likelihood many times: the ln Γ and ψ parts depend on x alone, which takes
/// few distinct values, and ln m is fixed.
#[derive(Debug, Clone)]
pub struct GammaGammaTerms {
    /// Distinct x, ascending, each with the end of its run in `terms`.
    counts: Vec<(f64, usize)>,
    /// (m, ln m, weight), grouped by x.
    terms: Vec<(f64, f64, f64)>,
}

impl GammaGammaTerms {
    pub fn new(weighted: &[(f64, f64, f64)]) -> GammaGammaTerms {
        let mut sorted = weighted.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut counts: Vec<(f64, usize)> = Vec::new();
        let mut terms = Vec::with_capacity(sorted.len());
        for (x, m, w) in sorted {
            match counts.last_mut() {
                Some((c, end)) if *c == x => *end += 1,
                _ => counts.push((x, terms.len() + 1)),
            }
            terms.push((m, m.ln(), w));
        }
        GammaGammaTerms { counts, terms }
    }

    /// The Gamma-Gamma negative log-likelihood and its gradient in log-parameter space.
    pub fn nll_grad(&self, lp: &[f64]) -> (f64, Vec<f64>) {
        let (p, q, v) = (lp[0].exp(), lp[1].exp(), lp[2].exp());
        let (ln_v, psi_q, lg_q) = (v.ln(), digamma(q), ln_gamma(q));
        let (mut total, mut g) = (0.0, [0.0f64; 3]);
        let mut begin = 0;
        for &(x, end) in &self.counts {
            let (px, ln_x) = (p * x, x.ln());
            let psi_pxq = digamma(px + q);
            // Eq. 1a without its m terms, and the gradient's parts that depend on x alone.
            let by_count = ln_gamma(px + q) - ln_gamma(px) - lg_q + q * ln_v + px * ln_x;
            let d_p = psi_pxq - digamma(px) + ln_x;
            let d_q = psi_pxq - psi_q + ln_v;
            let (mut ll, mut weight, mut g0, mut g1, mut g2) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for &(m, ln_m, w) in &self.terms[begin..end] {
                let xmv = x * m + v;
                let lxmv = xmv.ln();
                ll += w * ((px - 1.0) * ln_m - (px + q) * lxmv);
                g0 += w * (ln_m - lxmv);
                g1 -= w * lxmv;
                g2 -= w * (px + q) / xmv;
                weight += w;
            }
            total += weight * by_count + ll;
            g[0] += x * (weight * d_p + g0);
            g[1] += weight * d_q + g1;
            g[2] += weight * q / v + g2;
            begin = end;
        }
        let theta = [p, q, v];
        (-total, (0..3).map(|k| -theta[k] * g[k]).collect())
    }
}

/// Gamma-Gamma log-likelihood of one repeat customer with `x` repeat purchases of mean
/// value `m` (Hardie's note 025, eq. 1a, as `lifetimes` computes it).
pub fn gamma_gamma_ll(p: f64, q: f64, v: f64, x: f64, m: f64) -> f64 {
    ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
        + q * v.ln()
        + (p * x - 1.0) * m.ln()
        + (p * x) * x.ln()
        - (p * x + q) * (x * m + v).ln()
}

/// Fits Gamma-Gamma to (repeat purchases, mean repeat purchase value) pairs; customers
/// without repeat purchases or with no positive value are left out, as in `lifetimes`.
pub fn fit_gamma_gamma(pairs: &[(f64, f64)]) -> Result<GammaGamma, FitError> {
    let repeat = pairs.iter().copied().filter(|(x, m)| *x > 0.0 && *m > 0.0);
    let terms: Vec<(f64, f64, f64)> = collapse(repeat, |(x, m)| [x.to_bits(), m.to_bits()])
        .into_iter()
        .map(|((x, m), w)| (x, m, w))
        .collect();
    let n: f64 = terms.iter().map(|t| t.2).sum();
    if (n as usize) < MIN_CUSTOMERS {
        return Err(FitError::TooFewCustomers {
            have: n as usize,
            need: MIN_CUSTOMERS,
        });
    }
    let sample = even_sample(&terms).map(|(s, ratio)| (GammaGammaTerms::new(&s), ratio));
    let terms = GammaGammaTerms::new(&terms);
    let on_sample = sample
        .as_ref()
        .map(|(t, ratio)| (move |lp: &[f64]| t.nll_grad(lp), *ratio));
    let m = minimise(
        &|lp: &[f64]| terms.nll_grad(lp),
        on_sample.as_ref().map(|(f, ratio)| (f as &NllGrad, *ratio)),
        3,
    )
    .ok_or(FitError::DidNotConverge)?;
    Ok(GammaGamma {
        p: check("p", m.x[0].exp())?,
        q: check("q", m.x[1].exp())?,
        gamma: check("gamma", m.x[2].exp())?,
        log_likelihood: -m.value,
    })
}

/// Gauss's hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1, as its logarithm.
///
/// Uses Euler's transformation ₂F₁(a, b; c; z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z): in
/// BG/NBD's eq. 10, c−a and c−b do not grow with the purchase count while c does, so the
/// transformed series converges in few terms where the direct one overflows. Falls back
/// to the direct series should the transformed sum not be positive. `None` if neither
/// converges.
pub fn ln_hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&z) {
        return None;
    }
    let series = |a: f64, b: f64| -> Option<f64> {
        let (mut term, mut sum) = (1.0f64, 1.0f64);
        for n in 0..200_000 {
            let n = n as f64;
            term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
            sum += term;
            if term.abs() <= 1e-17 * sum.abs() {
                return (sum > 0.0 && sum.is_finite()).then_some(sum);
            }
            if !sum.is_finite() {
                return None;
            }
        }
        None
    };
    if let Some(s) = series(c - a, c - b) {
        return Some((c - a - b) * (1.0 - z).ln() + s.ln());
    }
    series(a, b).map(f64::ln)
}

/// The sums S(z) = ₂F₁(c−a, c−b; c; z) of Euler's transformation (see [`ln_hyp2f1`]:
/// ₂F₁(a, b; c; z) = (1−z)^(c−a−b) · S(z)) for several z at once: the series'
/// coefficients do not depend on z. False if a sum does not converge to a positive value,
/// for the caller to fall back to [`ln_hyp2f1`] one z at a time.
fn euler_sums(a: f64, b: f64, c: f64, zs: &[f64], out: &mut [f64]) -> bool {
    let m = zs.len().min(LANES);
    if zs.iter().any(|z| !(0.0..1.0).contains(z)) {
        return false;
    }
    let (ta, tb) = (c - a, c - b);
    // Terms may pass through zero while n + ta or n + tb is near zero; only past that can
    // a tiny term mean convergence.
    let settled_from = ta.abs().max(tb.abs()) + 1.0;
    // Lanes by z: the smaller z, the sooner its series converges and leaves the loop.
    let mut order = [0usize; LANES];
    for (j, o) in order.iter_mut().enumerate().take(m) {
        *o = j;
    }
    order[..m].sort_by(|&i, &j| zs[i].total_cmp(&zs[j]));
    let mut coef = 1.0f64;
    let (mut pow, mut sum) = ([1.0f64; LANES], [1.0f64; LANES]);
    let mut done = 0;
    for n in 0..200_000 {
        let n = n as f64;
        coef *= (ta + n) * (tb + n) / ((c + n) * (n + 1.0));
        for &j in &order[done..m] {
            pow[j] *= zs[j];
            sum[j] += coef * pow[j];
        }
        if n >= settled_from {
            while done < m {
                let j = order[done];
                if (coef * pow[j]).abs() <= 1e-17 * sum[j].abs() {
                    done += 1;
                } else {
                    break;
                }
            }
        }
        if done == m {
            break;
        }
        if !coef.is_finite() {
            return false;
        }
    }
    if done < m || sum[..m].iter().any(|s| !(*s > 0.0 && s.is_finite())) {
        return false;
    }
    out[..m].copy_from_slice(&sum[..m]);
    true
}

/// Horizons evaluated in one pass of the series (on the stack: no allocation per
/// customer).
const LANES: usize = 16;

impl BgNbd {
    /// Expected purchases in the next `t` time units for a customer with history `h`
    /// (FHL 2005 eq. 10; `lifetimes`' `conditional_expected_number_of_purchases_up_to_time`).
    pub fn expected_purchases(&self, t: f64, h: &History) -> f64 {
        let mut out = [0.0];
        self.expected_purchases_at(&[t], h, &mut out);
        out[0]
    }

    /// [`expected_purchases`](Self::expected_purchases) for several horizons at once:
    /// the hypergeometric series of eq. 10 has the same coefficients for every horizon,
    /// so one pass serves them all (CLV needs twelve).
    pub fn expected_purchases_at(&self, ts: &[f64], h: &History, out: &mut [f64]) {
        for (ts, out) in ts.chunks(LANES).zip(out.chunks_mut(LANES)) {
            self.expected_purchases_lanes(ts, h, out);
        }
    }

    /// [`expected_purchases_at`](Self::expected_purchases_at) for at most [`LANES`]
    /// horizons.
    fn expected_purchases_lanes(&self, ts: &[f64], h: &History, out: &mut [f64]) {
        let BgNbd { r, alpha, a, b, .. } = *self;
        let x = h.frequency;
        let (ha, hb, hc) = (r + x, b + x, a + b + x - 1.0);
        let m = ts.len();
        // z = t / (α + T + t), and 1 − z, the ratio eq. 10 raises to a power.
        let (mut zs, mut ratio) = ([0.0; LANES], [0.0; LANES]);
        for j in 0..m {
            let t = float::max(ts[j], 0.0);
            zs[j] = t / (alpha + h.t + t);
            ratio[j] = (alpha + h.t) / (alpha + h.t + t);
        }
        let mut sums = [0.0; LANES];
        let euler = euler_sums(ha, hb, hc, &zs[..m], &mut sums);
        let first = hc / (a - 1.0);
        let den = if x > 0.0 {
            1.0 + (a / (b + x - 1.0)) * ((alpha + h.t) / (alpha + h.recency)).powf(r + x)
        } else {
            1.0
        };
        let ln_age = (alpha + h.t).ln();
        for j in 0..m {
            let second = if euler {
                // 1 − ₂F₁ · ratio^(r+x) with ₂F₁ = ratio^(c−a−b) · S, and c−a−b+r+x = a−1;
                // by exp and ln, cheaper than powf where libm is software (wasm).
                let ln_ratio = ln_age - (alpha + h.t + float::max(ts[j], 0.0)).ln();
                1.0 - sums[j] * ((a - 1.0) * ln_ratio).exp()
            } else {
                let ln_hyp = ln_hyp2f1(ha, hb, hc, zs[j]).unwrap_or(f64::NAN);
                1.0 - (ln_hyp + (r + x) * ratio[j].ln()).exp()
            };
            out[j] = if ts[j] <= 0.0 {
                0.0
            } else {
                first * second / den
            };
        }
    }

    /// Probability the customer is still active; 1 without repeat purchases, as in
    /// `lifetimes`.
    pub fn p_alive(&self, h: &History) -> f64 {
        if h.frequency == 0.0 {
            return 1.0;
        }
        let BgNbd { r, alpha, a, b, .. } = *self;
        let x = h.frequency;
        let log_div = (r + x) * ((alpha + h.t) / (alpha + h.recency)).ln()
            + (a / (b + x.max(1.0) - 1.0)).ln();
        1.0 / (1.0 + log_div.exp())
    }
}

impl GammaGamma {
    /// Expected mean purchase value: a weighted average of the customer's own mean
    /// repeat-purchase value `m` and the population mean.
    pub fn expected_value(&self, frequency: f64, m: f64) -> f64 {
        let GammaGamma { p, q, gamma: v, .. } = *self;
        let w = p * frequency / (p * frequency + q - 1.0);
        (1.0 - w) * (v * p / (q - 1.0)) + w * m
    }
}

/// Customer lifetime value over `months`, discounted monthly at `discount`, as
/// `lifetimes.utils._customer_lifetime_value`: month i's expected purchases times the
/// Gamma-Gamma expected value, divided by (1 + discount)^i. `units_per_month` is 30 when
/// the model's time unit is days (4.345 for weeks).
pub fn clv(
    bg: &BgNbd,
    gg: &GammaGamma,
    h: &History,
    mean_value: f64,
    months: u32,
    discount: f64,
    units_per_month: f64,
) -> f64 {
    let ts: Vec<f64> = (1..=months).map(|i| i as f64 * units_per_month).collect();
    let mut cumulative = vec![0.0; ts.len()];
    bg.expected_purchases_at(&ts, h, &mut cumulative);
    discounted_value(
        gg.expected_value(h.frequency, mean_value),
        &cumulative,
        discount,
    )
}

/// The CLV sum from the expected purchases by the end of months 1, 2, …: month i's
/// purchases times `value`, divided by (1 + discount)^i.
pub fn discounted_value(value: f64, cumulative: &[f64], discount: f64) -> f64 {
    let (mut total, mut before, mut factor) = (0.0, 0.0, 1.0);
    for e in cumulative {
        factor /= 1.0 + discount;
        total += value * (e - before) * factor;
        before = *e;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1−z)/z.
        for z in [0.1f64, 0.5, 0.9, 0.99] {
            let want = (-(1.0 - z).ln() / z).ln();
            let got = ln_hyp2f1(1.0, 1.0, 2.0, z).unwrap();
            assert!((got - want).abs() < 1e-12, "z = {z}: {got} vs {want}");
        }
        // ₂F₁(a, b; b; z) = (1−z)^(−a), with large parameters.
        let got = ln_hyp2f1(300.5, 280.0, 280.0, 0.7).unwrap();
        assert!((got - (-300.5 * 0.3f64.ln())).abs() < 1e-9);
        assert_eq!(ln_hyp2f1(1.0, 1.0, 2.0, 1.0), None);
    }

    /// The many-horizon paths (one series for up to 16 horizons, CLV in chunks of 16
    /// months) give what one horizon at a time gives.
    #[test]
    fn horizons_together_match_one_at_a_time() {
        let bg = BgNbd {
            r: 0.7,
            alpha: 24.5,
            a: 0.46,
            b: 16.9,
            log_likelihood: 0.0,
        };
        let gg = GammaGamma {
            p: 1.93,
            q: 1.79,
            gamma: 412.0,
            log_likelihood: 0.0,
        };
        for h in [
            History {
                frequency: 0.0,
                recency: 0.0,
                t: 400.0,
            },
            History {
                frequency: 12.0,
                recency: 300.0,
                t: 310.0,
            },
            History {
                frequency: 75.0,
                recency: 1_000.0,
                t: 1_002.0,
            },
        ] {
            let ts: Vec<f64> = (0..40).map(|i| i as f64 * 30.0).collect();
            let mut together = vec![0.0; ts.len()];
            bg.expected_purchases_at(&ts, &h, &mut together);
            for (t, e) in ts.iter().zip(&together) {
                let alone = bg.expected_purchases(*t, &h);
                assert!((e - alone).abs() <= 1e-12 * alone.abs().max(1.0), "t = {t}");
            }
            let value = gg.expected_value(h.frequency, 50.0);
            let by_month: f64 = (1..=40)
                .map(|i| {
                    let t = i as f64 * 30.0;
                    let n = bg.expected_purchases(t, &h) - bg.expected_purchases(t - 30.0, &h);
                    value * n / 1.01f64.powi(i)
                })
                .sum();
            let got = clv(&bg, &gg, &h, 50.0, 40, 0.01, 30.0);
            assert!(
                (got - by_month).abs() <= 1e-9 * by_month,
                "{got} vs {by_month}"
            );
        }
    }

    /// The summaries as first written: every row sorted by (customer, period).
    fn summaries_by_sorting(orders: Orders, w: Window, unit: TimeUnit) -> Vec<Summary> {
        let mut rows: Vec<(u32, i32, i64)> = (0..orders.len())
            .filter(|&i| w.contains(orders.day()[i]))
            .map(|i| {
                (
                    orders.customer()[i],
                    unit.period(orders.day()[i]),
                    orders.cents()[i],
                )
            })
            .collect();
        rows.sort_unstable_by_key(|r| (r.0, r.1));
        rows.chunk_by(|a, b| a.0 == b.0)
            .map(|c| {
                let mine: Vec<(i32, i64)> = c.iter().map(|r| (r.1, r.2)).collect();
                summary(c[0].0, &mine, unit.period(w.as_of))
            })
            .collect()
    }

    proptest::proptest! {
        /// Grouping by customer with a counting sort gives exactly the summaries of
        /// sorting every row, in days and in weeks, inside a window or not.
        #[test]
        fn summaries_group_like_a_full_sort(
            rows in proptest::collection::vec((0u32..30, 0i32..60, 1i64..10_000), 0..300),
            days in proptest::option::of(1u32..50),
            weeks in proptest::bool::ANY,
        ) {
            let mut o = crate::Cols::default();
            for &(c, d, a) in &rows {
                o.push(c, d, a);
            }
            let w = Window { as_of: 50, days };
            let unit = if weeks { TimeUnit::Weeks } else { TimeUnit::Days };
            proptest::prop_assert_eq!(
                summaries_in(o.orders(), w, unit),
                summaries_by_sorting(o.orders(), w, unit)
            );
        }
    }

    #[test]
    fn summaries_follow_the_lifetimes_conventions() {
        let mut o = crate::Cols::default();
        // Customer 4: day 10 (two orders, one purchase), day 15, day 30 (after as-of).
        o.push(4, 10, 1_000);
        o.push(4, 10, 500);
        o.push(4, 15, 2_000);
        o.push(4, 18, 1_001);
        o.push(4, 30, 9_999);
        o.push(2, 12, 700);
        let s = summaries(o.orders(), Window::all_to(20));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].customer, 2);
        assert_eq!(
            (s[0].history.frequency, s[0].history.t, s[0].monetary),
            (0.0, 8.0, 0.0)
        );
        let h = s[1].history;
        assert_eq!((h.frequency, h.recency, h.t), (2.0, 8.0, 10.0));
        assert!(
            (s[1].monetary - 15.005).abs() < 1e-12,
            "mean of the repeat days in yuan"
        );
    }

    /// The summaries `lifetimes` 0.11.3 gives for these orders with `freq="W"` and
    /// `freq="D"` (observation end 2026-02-10).
    #[test]
    fn weekly_summaries_follow_lifetimes() {
        let d = |m, day| crate::calendar::from_ymd(2026, m, day).unwrap();
        let mut o = crate::Cols::default();
        for (k, day, yuan) in [
            (0, d(1, 5), 10),
            (0, d(1, 6), 5),
            (0, d(1, 12), 7),
            (0, d(2, 1), 3),
            (1, d(1, 11), 4),
            (1, d(1, 12), 6),
            (2, d(2, 3), 9),
        ] {
            o.push(k, day, yuan * 100);
        }
        let w = Window::all_to(d(2, 10));
        let got = |unit| -> Vec<(f64, f64, f64, f64)> {
            summaries_in(o.orders(), w, unit)
                .iter()
                .map(|s| {
                    (
                        s.history.frequency,
                        s.history.recency,
                        s.history.t,
                        s.monetary,
                    )
                })
                .collect()
        };
        assert_eq!(
            got(TimeUnit::Weeks),
            [
                (2.0, 3.0, 5.0, 5.0),
                (1.0, 1.0, 5.0, 6.0),
                (0.0, 0.0, 1.0, 0.0)
            ]
        );
        assert_eq!(
            got(TimeUnit::Days),
            [
                (3.0, 27.0, 36.0, 5.0),
                (1.0, 1.0, 30.0, 6.0),
                (0.0, 0.0, 7.0, 0.0)
            ]
        );
    }

    #[test]
    fn thin_data_is_refused_with_a_reason() {
        let one = History {
            frequency: 0.0,
            recency: 0.0,
            t: 10.0,
        };
        assert_eq!(
            fit_bgnbd(&[one; 3]),
            Err(FitError::TooFewCustomers { have: 3, need: 10 })
        );
        assert_eq!(fit_bgnbd(&[one; 50]), Err(FitError::NoRepeatPurchases));
        assert!(matches!(
            fit_gamma_gamma(&[(0.0, 5.0); 40]),
            Err(FitError::TooFewCustomers { have: 0, .. })
        ));
    }

    type ValueAndGradient<'a> = &'a dyn Fn(&[f64]) -> (f64, Vec<f64>);

    /// Central differences agree with the analytic gradients.
    #[test]
    fn gradients_match_finite_differences() {
        let hs = [
            History {
                frequency: 0.0,
                recency: 0.0,
                t: 30.0,
            },
            History {
                frequency: 3.0,
                recency: 20.0,
                t: 38.0,
            },
            History {
                frequency: 1.0,
                recency: 2.0,
                t: 39.0,
            },
        ];
        let mut terms: Vec<(History, f64)> = hs.iter().map(|h| (*h, 2.0)).collect();
        terms.sort_by(|a, b| a.0.frequency.total_cmp(&b.0.frequency));
        let gg_terms = [(1.0, 20.0, 1.0), (4.0, 35.5, 3.0), (2.0, 12.0, 1.0)];
        let at = [-1.4, 1.5, -0.2, 0.9];
        let check = |f: ValueAndGradient, x: &[f64]| {
            let (_, g) = f(x);
            for k in 0..x.len() {
                let h = 1e-6;
                let (mut up, mut down) = (x.to_vec(), x.to_vec());
                up[k] += h;
                down[k] -= h;
                let numeric = (f(&up).0 - f(&down).0) / (2.0 * h);
                assert!(
                    (numeric - g[k]).abs() < 1e-5 * numeric.abs().max(1.0),
                    "∂{k}: {numeric} vs {}",
                    g[k]
                );
            }
        };
        let bg = BgNbdTerms::new(&terms);
        check(&|lp: &[f64]| bg.nll_grad(lp), &at);
        let gg = GammaGammaTerms::new(&gg_terms);
        check(&|lp: &[f64]| gg.nll_grad(lp), &at[..3]);
        // The grouped likelihood is the sum of the per-customer one (eq. 1a).
        let (p, q, v) = (0.7f64, 3.1f64, 12.0f64);
        let direct: f64 = gg_terms
            .iter()
            .map(|&(x, m, w)| w * gamma_gamma_ll(p, q, v, x, m))
            .sum();
        let grouped = -gg.nll_grad(&[p.ln(), q.ln(), v.ln()]).0;
        assert!((direct - grouped).abs() < 1e-9 * direct.abs());
    }

    #[test]
    fn collapsing_keeps_the_likelihood() {
        let h = [
            History {
                frequency: 2.0,
                recency: 30.0,
                t: 39.0,
            },
            History {
                frequency: 2.0,
                recency: 30.0,
                t: 39.0,
            },
            History {
                frequency: 0.0,
                recency: 0.0,
                t: 39.0,
            },
        ];
        let c = collapse(h.iter().copied(), history_bits);
        assert_eq!(c.len(), 2);
        let lp = [0.3f64.ln(), 4.0f64.ln(), 0.8f64.ln(), 2.4f64.ln()];
        let one_each: Vec<(History, f64)> = h.iter().map(|x| (*x, 1.0)).collect();
        let direct = BgNbdTerms::new(&one_each).nll_grad(&lp).0;
        let merged = BgNbdTerms::new(&c).nll_grad(&lp).0;
        assert!((direct - merged).abs() < 1e-9);
    }
}
