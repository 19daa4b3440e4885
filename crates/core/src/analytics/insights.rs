//! Everything the dashboards show, computed in one call: the per-customer analysis of
//! [`pipeline::analyze`](super::pipeline::analyze) plus the aggregates drawn as charts
//! (segments, R×F grid, behaviour quadrants, pyramid and migration, lifetime value,
//! retention and cohorts, churn risk, occasions, clusters) and the headline figures
//! with their change against the previous period.
//!
//! The browser's worker runs this and stores the result; the page only draws it. The
//! aggregates are small (tens of kilobytes as JSON); the per-customer columns are kept
//! apart in [`PerCustomer`] so storage can hold them as typed arrays.

use super::cluster::{Level, features, kmeans, profiles, silhouettes};
use super::pipeline::{Analysis, PyramidValue, Settings, Step, analyze};
use super::retention::{Activity, Period, repeat_purchase_rate};
use super::rfm::Segment;
use super::satisfaction::{
    CsiItem, Dimension, KanoFeature, Loyalty, Nps, ServqualItem, csi, kano_feature, servqual,
};
use super::value::{Quadrant, Tier, tier_stats, tiers};
use super::{Totals, Window, alerts};
use crate::opportunity::Opportunity;
use crate::{AnswerColumns, Day, OrderColumns, Question, SurveyKind};
use serde::{Deserialize, Serialize};

/// The headline period: figures compare the last 90 days with the 90 before.
pub const PERIOD_DAYS: i32 = 90;
/// How far back the pyramid's migration matrix looks (DOMAIN.md §5).
pub const MIGRATION_DAYS: i32 = 365;
/// Reminders of occasions falling within this many days are listed.
pub const OCCASION_DAYS: i32 = 30;
/// Rows kept in the ranked lists (top CLV, churn risk).
pub const LIST_LEN: usize = 50;
/// The k the cluster chooser offers.
pub const K_RANGE: std::ops::RangeInclusive<usize> = 2..=8;
/// Points the silhouette is measured on (it is quadratic).
const SILHOUETTE_SAMPLE: usize = 1_500;
/// Customers the k chooser clusters for each k.
const CHOOSER_SAMPLE: usize = 20_000;

/// What the user asked for: the analysis date, the window, the number of clusters and
/// what ranks the value pyramid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub as_of: Day,
    /// Trailing days; `None` is all history.
    pub window_days: Option<u32>,
    pub clusters: u8,
    #[serde(default)]
    pub rank: PyramidValue,
}

impl Request {
    pub fn window(&self) -> Window {
        Window {
            as_of: self.as_of.0,
            days: self.window_days,
        }
    }
}

/// A figure now and one period earlier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Delta<T> {
    pub now: T,
    pub before: T,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// Customers analysed (not in the trash).
    pub customers: u32,
    /// Customers with an order in the window.
    pub buyers: u32,
    /// Customers with an order in the period.
    pub active: Delta<u32>,
    pub revenue: Delta<i64>,
    pub orders: Delta<u32>,
    /// Repeat-purchase rate of the window, as of the analysis date and one period earlier.
    pub repeat_rate: Delta<Option<f64>>,
    /// Of the customers active in the period before, the share active in the period.
    pub retention: Delta<Option<f64>>,
    /// NPS of the answers given in the period.
    pub nps: Delta<Option<f64>>,
}

/// A suggested piece of work, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Action {
    /// Valuable customers who stopped buying: Can't Lose Them, At Risk.
    WinBack {
        segment: Segment,
        customers: u32,
        mean_days: u32,
    },
    /// Customers at risk of churning, and the yearly revenue at stake.
    ChurnRisk { customers: u32, value_at_risk: i64 },
    /// Occasion reminders falling in the next [`OCCASION_DAYS`].
    Occasions { customers: u32 },
    /// New customers to welcome toward a second purchase.
    Welcome { customers: u32 },
    /// Champions to reward.
    Reward { customers: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SegmentStat {
    pub segment: Segment,
    pub customers: u32,
    pub revenue: i64,
    pub mean_recency: f64,
}

/// One cell of the R×F grid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RfCell {
    pub r: u8,
    pub f: u8,
    pub customers: u32,
    /// Mean monetary value of the cell's customers, in cents (0 when empty).
    pub mean_monetary: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QuadrantStat {
    pub quadrant: Quadrant,
    pub customers: u32,
    pub revenue: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Behaviour {
    pub median_orders: f64,
    /// Median average order value, in cents.
    pub median_average: f64,
    pub quadrants: Vec<QuadrantStat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TierRow {
    pub tier: Tier,
    pub customers: u32,
    /// Revenue in the window, in cents.
    pub revenue: i64,
    /// Share of the window's revenue, 0–1.
    pub share: f64,
    /// Gross margin in the window over the orders whose cost is known; `None` when no
    /// order in the window has a cost.
    #[serde(default)]
    pub margin: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pyramid {
    /// What ranked the customers (CLV falls back to revenue without models).
    pub by_clv: bool,
    /// Ranked by gross margin (which falls back to revenue when no cost is known).
    #[serde(default)]
    pub by_margin: bool,
    pub tiers: Vec<TierRow>,
    /// The date the migration compares with.
    pub migration_from: Day,
    /// `migration[from][to]` by [`Tier::index`], ranked by revenue at both dates.
    pub migration: [[u32; 5]; 5],
}

/// A histogram bin `[low, high)` in cents (the last bin is closed).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    pub low: i64,
    pub high: i64,
    pub customers: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TopCustomer {
    pub customer: u32,
    /// CLV in cents.
    pub clv: i64,
    pub p_alive: f64,
    pub expected_purchases: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lifetime {
    pub bgnbd: [f64; 4],
    pub gamma_gamma: Option<[f64; 3]>,
    /// Sum of the customers' CLV, in cents (`None` without Gamma-Gamma).
    pub total_clv: Option<i64>,
    pub clv_bins: Vec<Bin>,
    /// Customers by P(alive) in tenths: `p_alive_bins[i]` counts [i/10, (i+1)/10).
    pub p_alive_bins: [u32; 10],
    pub top: Vec<TopCustomer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RetentionPoint {
    /// Month index ([`Period::Month`]).
    pub month: i32,
    pub previous: u32,
    pub retained: u32,
    /// Customers with an order in the month: the complaint rate's denominator
    /// (DOMAIN.md §3). Zero in insights computed before it was kept.
    #[serde(default)]
    pub active: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortRow {
    pub month: i32,
    pub size: u32,
    pub active: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChurnRow {
    pub customer: u32,
    pub p_alive: Option<f64>,
    pub days_since: u32,
    /// Mean days between purchase days (`None` with a single purchase day).
    pub usual_interval: Option<f64>,
    /// Yearly revenue the customer brought, times the chance they are gone, in cents.
    pub value_at_risk: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OccasionRow {
    pub customer: u32,
    pub remind_on: Day,
    pub month_start: Day,
    pub years: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClusterRow {
    pub customers: u32,
    pub revenue: i64,
    pub mean_recency: f64,
    pub mean_orders: f64,
    /// Mean spend in the window, in yuan.
    pub mean_spend: f64,
    pub recency: Level,
    pub frequency: Level,
    pub monetary: Level,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clusters {
    pub k: u8,
    /// Mean silhouette for each k of [`K_RANGE`] (higher separates better).
    pub silhouettes: Vec<(u8, f64)>,
    pub clusters: Vec<ClusterRow>,
}

/// Per-customer results by key, as parallel columns. Codes are indexes into
/// `Segment::ALL`, `Tier::ALL`, [`QUADRANTS`]; [`NONE`] and NaN mean "does not apply".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PerCustomer {
    pub segment: Vec<u8>,
    pub tier: Vec<u8>,
    pub quadrant: Vec<u8>,
    pub cluster: Vec<u8>,
    pub p_alive: Vec<f32>,
    /// CLV in yuan.
    pub clv: Vec<f32>,
    /// 1 where the customer is on the churn-risk list.
    pub churn_risk: Vec<u8>,
    /// R and F scores packed as `r * 16 + f` (0 without orders in the window).
    pub rf: Vec<u8>,
    /// Index into `Loyalty::ALL` (attitude × behaviour), [`NONE`] without an NPS answer.
    pub loyalty: Vec<u8>,
    /// The month ([`Period::Month`] index) of the first order in the window, [`NO_MONTH`]
    /// without one: the cohort.
    pub first_month: Vec<i32>,
    /// Bit j set: ordered in month `months_to − j` (the last [`MONTH_BITS`] months).
    pub months: Vec<u16>,
    /// The month of the analysis date: bit 0 of `months`.
    pub months_to: i32,
    /// The latest CSAT answer (1–5) in the window, [`NONE`] without.
    pub csat: Vec<u8>,
}

pub const NO_MONTH: i32 = i32::MAX;
/// Months of order activity kept per customer: the retention chart's 13 months and the
/// month before the first of them, and the cohort table's 12.
pub const MONTH_BITS: i32 = 16;

/// The P(alive) histogram's bin (tenths) of a stored value, so the chart and the list
/// filter put a customer in the same bin.
pub fn p_alive_bin(p: f32) -> usize {
    ((p as f64 * 10.0) as usize).min(9)
}

/// A stored CLV (yuan, f32) in cents, as the CLV histogram bins it.
pub fn clv_cents(v: f32) -> i64 {
    (v as f64 * 100.0).round() as i64
}

pub const NONE: u8 = u8::MAX;
pub const QUADRANTS: [Quadrant; 4] = [
    Quadrant::Best,
    Quadrant::Frequent,
    Quadrant::Spenders,
    Quadrant::Uncertain,
];

impl PerCustomer {
    pub fn len(&self) -> usize {
        self.tier.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tier.is_empty()
    }

    pub fn segment(&self, key: u32) -> Option<Segment> {
        let c = *self.segment.get(key as usize)?;
        Segment::ALL.get(c as usize).copied()
    }

    pub fn tier(&self, key: u32) -> Option<Tier> {
        let c = *self.tier.get(key as usize)?;
        Tier::ALL.get(c as usize).copied()
    }

    pub fn quadrant(&self, key: u32) -> Option<Quadrant> {
        let c = *self.quadrant.get(key as usize)?;
        QUADRANTS.get(c as usize).copied()
    }

    pub fn cluster(&self, key: u32) -> Option<u8> {
        self.cluster
            .get(key as usize)
            .copied()
            .filter(|&c| c != NONE)
    }

    pub fn p_alive(&self, key: u32) -> Option<f64> {
        let v = *self.p_alive.get(key as usize)?;
        (!v.is_nan()).then_some(v as f64)
    }

    pub fn clv(&self, key: u32) -> Option<f64> {
        let v = *self.clv.get(key as usize)?;
        (!v.is_nan()).then_some(v as f64)
    }

    pub fn rf(&self, key: u32) -> Option<(u8, u8)> {
        let v = *self.rf.get(key as usize)?;
        (v != 0).then_some((v / 16, v % 16))
    }

    pub fn loyalty(&self, key: u32) -> Option<Loyalty> {
        let c = *self.loyalty.get(key as usize)?;
        Loyalty::ALL.get(c as usize).copied()
    }

    pub fn churn_risk(&self, key: u32) -> bool {
        self.churn_risk.get(key as usize) == Some(&1)
    }

    pub fn first_month(&self, key: u32) -> Option<i32> {
        self.first_month
            .get(key as usize)
            .copied()
            .filter(|&m| m != NO_MONTH)
    }

    /// Whether the customer ordered in `month` (only the last [`MONTH_BITS`] months are
    /// known; earlier ones answer false).
    pub fn active_in(&self, key: u32, month: i32) -> bool {
        let back = self.months_to - month;
        (0..MONTH_BITS).contains(&back)
            && self
                .months
                .get(key as usize)
                .is_some_and(|m| m & (1 << back) != 0)
    }

    pub fn csat(&self, key: u32) -> Option<u8> {
        self.csat.get(key as usize).copied().filter(|&v| v != NONE)
    }
}

/// A message from the page to the analytics worker (sent as JSON).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToWorker {
    /// Brings the stored insights up to date for `request`: when only the Sales
    /// dashboard's records changed since they were computed for the same request, only
    /// its figures are recomputed; `full` recomputes everything whatever changed.
    Run {
        request: Request,
        #[serde(default)]
        full: bool,
    },
}

/// A message from the analytics worker to the page (sent as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromWorker {
    Progress {
        stage: Stage,
    },
    /// The insights for data version `version` are stored.
    Done {
        version: u64,
    },
    Failed {
        error: String,
    },
}

/// The stages a computation goes through, in order, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Read,
    Scores,
    Fit,
    Predict,
    Cluster,
    /// The dashboards' aggregates.
    Summarise,
    Save,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Read,
        Stage::Scores,
        Stage::Fit,
        Stage::Predict,
        Stage::Cluster,
        Stage::Summarise,
        Stage::Save,
    ];

    pub fn of(step: Step) -> Stage {
        match step {
            Step::Scores => Stage::Scores,
            Step::Fit => Stage::Fit,
            Step::Predict => Stage::Predict,
            Step::Cluster => Stage::Cluster,
        }
    }
}

/// NPS answers of one month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NpsMonth {
    pub month: i32,
    pub nps: Nps,
}

/// Customers whose latest CSAT answer was `score`, and how many of them bought again
/// after answering: the satisfaction–loyalty curve (DOMAIN.md §6, the satisfaction trap).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    pub score: u8,
    pub customers: u32,
    pub repurchased: u32,
}

/// The satisfaction dashboard: answers in the window.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SatisfactionStats {
    pub nps: Nps,
    /// Answers by NPS score 0–10.
    pub nps_scores: Vec<u32>,
    /// The last 12 months with answers.
    pub nps_trend: Vec<NpsMonth>,
    pub csat: Option<f64>,
    /// Answers by CSAT score 1–5.
    pub csat_scores: Vec<u32>,
    pub ces: Option<f64>,
    pub ces_responses: u32,
    /// Answers by CES score 1–7.
    #[serde(default)]
    pub ces_scores: Vec<u32>,
    /// Customer satisfaction index 0–100 over the NPS (as 1–11), CSAT and CES answers,
    /// equal weights (DOMAIN.md §6).
    #[serde(default)]
    pub csi: Option<f64>,
    /// Attitude × behaviour (DOMAIN.md §7), `Loyalty` order: true, latent, inertia, none.
    pub loyalty: [u32; 4],
    /// Customers with orders in the window but no NPS answer (no quadrant guessed).
    pub loyalty_unknown: u32,
    pub curve: Vec<CurvePoint>,
    /// The designed surveys' results (Kano, SERVQUAL, custom), in the surveys' order.
    #[serde(default)]
    pub surveys: Vec<SurveyResult>,
}

/// One designed survey's answers in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResult {
    pub survey: crate::Id,
    pub name: String,
    pub kind: SurveyKind,
    pub archived: bool,
    /// Responses (a customer's answers on one day).
    pub responses: u32,
    /// In the survey's item order.
    pub items: Vec<ItemResult>,
    /// SERVQUAL: per dimension in [`Dimension::ALL`] order.
    pub dimensions: Vec<DimensionGap>,
    /// SERVQUAL: the mean of the dimension gaps, and the weighted sum (all five needed).
    pub overall: Option<f64>,
    pub weighted: Option<f64>,
    pub weights: [f64; 5],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub item: u16,
    pub text: String,
    pub dimension: Option<Dimension>,
    /// Complete answers (both halves of a pair).
    pub answers: u32,
    /// Kano.
    pub kano: Option<KanoFeature>,
    /// SERVQUAL: mean expectation and perception; gap = P − E.
    pub expectation: Option<f64>,
    pub perception: Option<f64>,
    pub gap: Option<f64>,
    /// Custom: the mean and the answers per scale point from the bottom.
    pub mean: Option<f64>,
    pub scores: Vec<u32>,
    pub scale: (u8, u8),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionGap {
    pub dimension: Dimension,
    /// Items with answers.
    pub items: u32,
    pub expectation: Option<f64>,
    pub perception: Option<f64>,
    pub gap: Option<f64>,
}

/// Each designed survey's figures from the item answers in the window (DOMAIN.md §6:
/// Kano evaluation table and better/worse; SERVQUAL gaps per item and dimension).
fn survey_results(
    answers: &AnswerColumns,
    is_live: &dyn Fn(u32) -> bool,
    w: Window,
) -> Vec<SurveyResult> {
    let t = &answers.items;
    // Rows per survey and item: (first, second).
    let mut rows: Vec<std::collections::HashMap<u16, Vec<(u8, u8)>>> =
        vec![Default::default(); answers.surveys.len()];
    let mut respondents: Vec<std::collections::HashSet<(u32, i32)>> =
        vec![Default::default(); answers.surveys.len()];
    for i in 0..t.first.len() {
        let (k, day, si) = (t.customer[i], t.day[i], t.survey[i] as usize);
        if si >= rows.len() || !is_live(k) || !w.contains(day) {
            continue;
        }
        let survey = &answers.surveys[si];
        let Some(item) = survey.item(t.item[i]) else {
            continue; // an item since removed
        };
        let (lo, hi) = survey.scale_of(item);
        let on = |v: u8| (lo..=hi).contains(&v);
        let ok = on(t.first[i])
            && if survey.kind.paired() {
                on(t.second[i])
            } else {
                true
            };
        if !ok {
            continue; // validated on entry; a bad stored value is skipped, not trusted
        }
        rows[si]
            .entry(t.item[i])
            .or_default()
            .push((t.first[i], t.second[i]));
        respondents[si].insert((k, day));
    }
    answers
        .surveys
        .iter()
        .zip(rows)
        .zip(respondents)
        .map(|((survey, rows), who)| {
            let items: Vec<ItemResult> = survey
                .items
                .iter()
                .map(|it| {
                    let pairs = rows.get(&it.id).map(Vec::as_slice).unwrap_or(&[]);
                    let scale = survey.scale_of(it);
                    let mut r = ItemResult {
                        item: it.id,
                        text: it.text.clone(),
                        dimension: it.dimension,
                        answers: pairs.len() as u32,
                        kano: None,
                        expectation: None,
                        perception: None,
                        gap: None,
                        mean: None,
                        scores: Vec::new(),
                        scale,
                    };
                    let n = pairs.len() as f64;
                    match survey.kind {
                        SurveyKind::Kano => r.kano = kano_feature(pairs).ok(),
                        SurveyKind::Servqual if !pairs.is_empty() => {
                            let e = pairs.iter().map(|p| p.0 as f64).sum::<f64>() / n;
                            let p = pairs.iter().map(|p| p.1 as f64).sum::<f64>() / n;
                            (r.expectation, r.perception, r.gap) = (Some(e), Some(p), Some(p - e));
                        }
                        SurveyKind::Servqual => {}
                        SurveyKind::Custom => {
                            r.scores = vec![0; (scale.1 - scale.0) as usize + 1];
                            for p in pairs {
                                r.scores[(p.0 - scale.0) as usize] += 1;
                            }
                            r.mean = (!pairs.is_empty())
                                .then(|| pairs.iter().map(|p| p.0 as f64).sum::<f64>() / n);
                        }
                    }
                    r
                })
                .collect();
            let mut result = SurveyResult {
                survey: survey.id.clone(),
                name: survey.name.clone(),
                kind: survey.kind,
                archived: survey.archived,
                responses: who.len() as u32,
                items: Vec::new(),
                dimensions: Vec::new(),
                overall: None,
                weighted: None,
                weights: survey.weights,
            };
            if survey.kind == SurveyKind::Servqual {
                let input: Vec<ServqualItem> = survey
                    .items
                    .iter()
                    .map(|it| ServqualItem {
                        dimension: it.dimension.unwrap_or(Dimension::Tangibles),
                        answers: rows.get(&it.id).cloned().unwrap_or_default(),
                    })
                    .collect();
                if let Ok(q) = servqual(&input, Some(survey.weights)) {
                    (result.overall, result.weighted) = (q.overall, q.weighted);
                    result.dimensions = Dimension::ALL
                        .iter()
                        .enumerate()
                        .map(|(d, &dimension)| {
                            let mine: Vec<&ItemResult> = items
                                .iter()
                                .filter(|r| {
                                    r.answers > 0
                                        && r.dimension.unwrap_or(Dimension::Tangibles) == dimension
                                })
                                .collect();
                            let mean = |f: fn(&ItemResult) -> Option<f64>| {
                                (!mine.is_empty()).then(|| {
                                    mine.iter().filter_map(|r| f(r)).sum::<f64>()
                                        / mine.len() as f64
                                })
                            };
                            DimensionGap {
                                dimension,
                                items: mine.len() as u32,
                                expectation: mean(|r| r.expectation),
                                perception: mean(|r| r.perception),
                                gap: q.dimensions[d],
                            }
                        })
                        .collect();
                }
            }
            result.items = items;
            result
        })
        .collect()
}

/// Everything the dashboards draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Insights {
    pub request: Request,
    pub headline: Headline,
    pub actions: Vec<Action>,
    /// In `Segment::ALL` order, empty segments included.
    pub segments: Vec<SegmentStat>,
    /// 25 cells, R 5→1, F 1→5.
    pub rf_grid: Vec<RfCell>,
    pub behaviour: Option<Behaviour>,
    pub pyramid: Pyramid,
    /// `None` when the models could not be fitted; `model_error` says why.
    pub lifetime: Option<Lifetime>,
    pub model_error: Option<String>,
    /// Monthly retention, the last 13 months at most.
    pub retention: Vec<RetentionPoint>,
    /// The last 12 first-order months at most.
    pub cohorts: Vec<CohortRow>,
    pub churn: Vec<ChurnRow>,
    /// Customers on the churn-risk list (the list itself keeps the top [`LIST_LEN`]).
    pub churn_total: u32,
    pub occasions: Vec<OccasionRow>,
    pub clusters: Option<Clusters>,
    #[serde(default)]
    pub satisfaction: SatisfactionStats,
    /// The overview's figures (orders, revenue, the last 12 months to `as_of`), so the
    /// home page never reads the orders itself.
    #[serde(default)]
    pub overview: crate::Overview,
    /// The Sales dashboard: the opportunities of live customers opened in the window
    /// (`None` without any opportunity at all).
    #[serde(default)]
    pub sales: Option<super::sales::SalesFigures>,
    /// What is bought together, from the lines of the window's orders (`None` when no
    /// such order has lines).
    #[serde(default)]
    pub basket: Option<super::basket::Basket>,
    #[serde(skip)]
    pub customers: PerCustomer,
}

/// Computes the insights for the customers with `live[key]` true (the rest, e.g. the
/// trash, and their orders are left out). `id_rank[key]` breaks ties in id order.
pub fn compute(
    all_orders: &OrderColumns,
    answers: &AnswerColumns,
    live: &[bool],
    id_rank: &[u32],
    req: Request,
    stage: &mut dyn FnMut(Stage),
) -> Insights {
    let is_live = |k: u32| live.get(k as usize).copied().unwrap_or(false);
    let mut orders = OrderColumns::with_capacity(all_orders.len());
    // Costs come along for the margin; status and seller are not read here.
    let costs = !all_orders.cost.is_empty();
    for i in 0..all_orders.len() {
        if is_live(all_orders.customer[i]) {
            orders.id.push(all_orders.id[i]);
            orders.customer.push(all_orders.customer[i]);
            orders.day.push(all_orders.day[i]);
            orders.cents.push(all_orders.cents[i]);
            if costs {
                orders.cost.push(all_orders.cost[i]);
            }
        }
    }
    let overview = crate::Overview::of(&orders, req.as_of, |_| true);
    let w = req.window();
    let settings = Settings {
        clusters: req.clusters as usize,
        pyramid_by: req.rank,
        ..Settings::default()
    };
    let a = analyze(&orders, live.len(), id_rank, w, &settings, &mut |s| {
        stage(Stage::of(s))
    });
    stage(Stage::Summarise);
    let universe: Vec<u32> = (0..live.len() as u32).filter(|&k| is_live(k)).collect();
    let totals = Totals::of(orders.orders(), w);
    let revenue = |k: u32| totals.cents.get(k as usize).copied().unwrap_or(0);

    let mut headline = headline(&orders, &totals, &universe, req);
    let mut customers = per_customer(&a, live);
    let satisfaction = satisfaction(answers, &is_live, &totals, w, &mut customers);
    let nps_between = |from: i32, to: i32| {
        let scores: Vec<u8> = (0..answers.len())
            .filter(|&i| {
                answers.question[i] == Question::Nps
                    && is_live(answers.customer[i])
                    && answers.day[i] > from
                    && answers.day[i] <= to
            })
            .map(|i| answers.score[i])
            .collect();
        Nps::of(&scores).ok().and_then(|n| n.score())
    };
    let a0 = req.as_of.0;
    headline.nps = Delta {
        now: nps_between(a0 - PERIOD_DAYS, a0),
        before: nps_between(a0 - 2 * PERIOD_DAYS, a0 - PERIOD_DAYS),
    };
    let segments = segments(&a, &universe, &revenue);
    let rf_grid = rf_grid(&a, &universe);
    let behaviour = behaviour(&a, &universe, &totals);
    let pyramid = pyramid(&orders, &a, &universe, id_rank, req);
    let (lifetime, model_error) = lifetime(&a, &universe);
    // Who ordered in which month: retention, cohorts and each customer's months alike.
    let months = Activity::of(orders.orders(), w, Period::Month);
    let retention: Vec<RetentionPoint> = {
        let r = months.retention();
        r[r.len().saturating_sub(13)..]
            .iter()
            .map(|p| RetentionPoint {
                month: p.period,
                previous: p.previous,
                retained: p.retained,
                active: p.active,
            })
            .collect()
    };
    let cohorts: Vec<CohortRow> = {
        let c = months.cohorts();
        c[c.len().saturating_sub(12)..]
            .iter()
            .map(|c| CohortRow {
                month: c.month,
                size: c.size,
                active: c.active.clone(),
            })
            .collect()
    };
    let mut churn = churn(&a, &totals);
    let churn_total = churn.len() as u32;
    activity(&months, &mut customers);
    for c in &churn {
        customers.churn_risk[c.customer as usize] = 1;
    }
    let occasions: Vec<OccasionRow> = alerts::occasions(&orders, req.as_of, OCCASION_DAYS)
        .into_iter()
        .map(|o| OccasionRow {
            customer: o.customer,
            remind_on: o.remind_on,
            month_start: o.month_start,
            years: o.years,
        })
        .collect();
    let value_at_risk: i64 = churn.iter().map(|c| c.value_at_risk).sum();
    churn.truncate(LIST_LEN);
    let actions = actions(&segments, churn_total, value_at_risk, &occasions);
    let clusters = clusters(&a, &totals);
    Insights {
        request: req,
        headline,
        actions,
        segments,
        rf_grid,
        behaviour,
        pyramid,
        lifetime,
        model_error,
        retention,
        cohorts,
        churn,
        churn_total,
        occasions,
        clusters,
        satisfaction,
        overview,
        sales: None,
        basket: None,
        customers,
    }
}

impl Insights {
    /// Adds the Sales dashboard's figures over `opps`, the opportunities of live
    /// customers, as of the analysis date and within its window.
    pub fn with_sales<'a>(mut self, opps: impl IntoIterator<Item = &'a Opportunity>) -> Insights {
        self.sales = sales_figures(self.request, opps);
        self
    }

    /// Adds the basket analysis of the window's orders among `orders` (the counted
    /// ones, in id order) of the customers `live` accepts, from their `lines`, with
    /// products typed in matched to the `catalogue` by name.
    pub fn with_basket(
        mut self,
        lines: &[crate::OrderLines],
        catalogue: &[crate::Product],
        orders: &OrderColumns,
        live: impl Fn(u32) -> bool,
    ) -> Insights {
        let w = self.request.window();
        let kept = super::basket::OrderSet::of(
            (0..orders.len())
                .filter(|&i| live(orders.customer[i]) && w.contains(orders.day[i]))
                .map(|i| orders.id[i]),
        );
        let b = super::basket::analyse(lines, &kept, catalogue);
        self.basket = (b.orders > 0).then_some(b);
        self
    }

    /// Adds the paid orders by seller and month (for commission on paid orders) to the
    /// sales figures, if there are any: `orders` of the customers `live` accepts.
    pub fn with_paid_orders(
        mut self,
        orders: &OrderColumns,
        live: impl Fn(u32) -> bool,
    ) -> Insights {
        if let Some(s) = &mut self.sales {
            s.paid_by_owner_month = super::sales::paid_by_owner_month(orders, live);
        }
        self
    }
}

/// The Sales dashboard's figures over `opps`, the opportunities of live customers, as
/// of `req`'s analysis date and within its window (`None` without any opportunity).
pub fn sales_figures<'a>(
    req: Request,
    opps: impl IntoIterator<Item = &'a Opportunity>,
) -> Option<super::sales::SalesFigures> {
    let mut opps = opps.into_iter().peekable();
    opps.peek()?;
    let opened = super::sales::Opened::window(req.as_of, req.window_days);
    Some(super::sales::sales(opps, opened))
}

/// The paid orders by seller and month, as [`super::sales::SalesFigures`] keeps them.
pub type PaidByOwnerMonth = Vec<super::sales::Forecast<(String, i32, u32)>>;

/// The Sales figures recomputed over `opps` alone, for when nothing but opportunities
/// changed since figures for `req` were computed: their paid orders by seller, `paid`,
/// are kept, since only the orders change them.
pub fn sales_again<'a>(
    req: Request,
    paid: PaidByOwnerMonth,
    opps: impl IntoIterator<Item = &'a Opportunity>,
) -> Option<super::sales::SalesFigures> {
    let mut now = sales_figures(req, opps)?;
    now.paid_by_owner_month = paid;
    Some(now)
}

/// The satisfaction figures; `per` gets each customer's loyalty quadrant and latest
/// CSAT answer.
fn satisfaction(
    answers: &AnswerColumns,
    is_live: &dyn Fn(u32) -> bool,
    totals: &Totals,
    w: Window,
    per: &mut PerCustomer,
) -> SatisfactionStats {
    let mut s = SatisfactionStats {
        nps_scores: vec![0; 11],
        csat_scores: vec![0; 5],
        ces_scores: vec![0; 7],
        ..Default::default()
    };
    let n = totals.count.len().max(
        answers
            .customer
            .iter()
            .map(|&k| k as usize + 1)
            .max()
            .unwrap_or(0),
    );
    // Each customer's latest NPS and CSAT answer in the window: (day, score).
    let mut latest_nps: Vec<Option<(i32, u8)>> = vec![None; n];
    let mut latest_csat: Vec<Option<(i32, u8)>> = vec![None; n];
    let mut by_month: std::collections::BTreeMap<i32, Vec<u8>> = Default::default();
    let mut ces_sum = 0u64;
    for i in 0..answers.len() {
        let (k, day, score) = (answers.customer[i], answers.day[i], answers.score[i]);
        if !is_live(k) || !w.contains(day) {
            continue;
        }
        let (lo, hi) = answers.question[i].scale();
        if !(lo..=hi).contains(&score) {
            continue; // validated on entry; a bad stored value is skipped, not trusted
        }
        let newer = |slot: &Option<(i32, u8)>| slot.is_none_or(|(d, _)| day >= d);
        match answers.question[i] {
            Question::Nps => {
                s.nps_scores[score as usize] += 1;
                by_month
                    .entry(Period::Month.index(day))
                    .or_default()
                    .push(score);
                if newer(&latest_nps[k as usize]) {
                    latest_nps[k as usize] = Some((day, score));
                }
            }
            Question::Csat => {
                s.csat_scores[score as usize - 1] += 1;
                if newer(&latest_csat[k as usize]) {
                    latest_csat[k as usize] = Some((day, score));
                }
            }
            Question::Ces => {
                ces_sum += score as u64;
                s.ces_responses += 1;
                s.ces_scores[score as usize - 1] += 1;
            }
        }
    }
    let all_nps: Vec<u8> = s
        .nps_scores
        .iter()
        .enumerate()
        .flat_map(|(v, &c)| std::iter::repeat_n(v as u8, c as usize))
        .collect();
    s.nps = Nps::of(&all_nps).unwrap_or_default();
    let months: Vec<_> = by_month.into_iter().collect();
    s.nps_trend = months[months.len().saturating_sub(12)..]
        .iter()
        .map(|(m, v)| NpsMonth {
            month: *m,
            nps: Nps::of(v).unwrap_or_default(),
        })
        .collect();
    let csat_total: u32 = s.csat_scores.iter().sum();
    s.csat = (csat_total > 0)
        .then(|| 100.0 * (s.csat_scores[3] + s.csat_scores[4]) as f64 / csat_total as f64);
    s.ces = (s.ces_responses > 0).then(|| ces_sum as f64 / s.ces_responses as f64);
    let expand = |counts: &[u32], offset: u8| -> Vec<u8> {
        counts
            .iter()
            .enumerate()
            .flat_map(|(v, &c)| std::iter::repeat_n(v as u8 + offset, c as usize))
            .collect()
    };
    let item = |scale_max: u8, answers: Vec<u8>| CsiItem {
        weight: 1.0,
        scale_max,
        answers,
    };
    s.csi = csi(&[
        item(11, expand(&s.nps_scores, 1)),
        item(5, expand(&s.csat_scores, 1)),
        item(7, expand(&s.ces_scores, 1)),
    ])
    .ok()
    .flatten();
    for (k, &count) in totals.count.iter().enumerate() {
        if !is_live(k as u32) || count == 0 {
            continue;
        }
        match Loyalty::of(latest_nps[k].map(|x| x.1), count) {
            Some(l) => {
                let i = Loyalty::ALL.iter().position(|&x| x == l).unwrap_or(3);
                s.loyalty[i] += 1;
                if let Some(slot) = per.loyalty.get_mut(k) {
                    *slot = i as u8;
                }
            }
            None => s.loyalty_unknown += 1,
        }
    }
    // Bought again after the latest CSAT answer: the last order day in the window, per
    // customer, is all that is needed.
    for (k, v) in latest_csat.iter().enumerate() {
        if let (Some((_, score)), Some(slot)) = (v, per.csat.get_mut(k)) {
            *slot = *score;
        }
    }
    s.curve = (1..=5)
        .map(|score| CurvePoint {
            score,
            customers: 0,
            repurchased: 0,
        })
        .collect();
    for (k, slot) in latest_csat.iter().enumerate() {
        if let Some((day, score)) = *slot {
            let p = &mut s.curve[score as usize - 1];
            p.customers += 1;
            if totals.count.get(k).is_some_and(|&c| c > 0) && totals.last[k] > day {
                p.repurchased += 1;
            }
        }
    }
    s.surveys = survey_results(answers, is_live, w);
    s
}

fn headline(orders: &OrderColumns, totals: &Totals, universe: &[u32], req: Request) -> Headline {
    let as_of = req.as_of.0;
    // (active customers, revenue, orders) in (end − 90, end], and who was active there.
    let period = |end: i32| {
        let w = Window {
            as_of: end,
            days: Some(PERIOD_DAYS as u32),
        };
        let t = Totals::of(orders.orders(), w);
        let active: Vec<bool> = t.count.iter().map(|&c| c > 0).collect();
        let n = active.iter().filter(|&&x| x).count() as u32;
        (
            n,
            t.cents.iter().sum::<i64>(),
            t.count.iter().sum::<u32>(),
            active,
        )
    };
    let (a0, r0, o0, act0) = period(as_of);
    let (a1, r1, o1, act1) = period(as_of - PERIOD_DAYS);
    let (_, _, _, act2) = period(as_of - 2 * PERIOD_DAYS);
    let kept = |prev: &[bool], now: &[bool]| {
        let before = prev.iter().filter(|&&x| x).count();
        let both = prev.iter().zip(now).filter(|&(&p, &n)| p && n).count();
        (before > 0).then(|| both as f64 / before as f64)
    };
    let earlier = Window {
        as_of: as_of - PERIOD_DAYS,
        days: req.window_days,
    };
    Headline {
        customers: universe.len() as u32,
        buyers: totals.count.iter().filter(|&&c| c > 0).count() as u32,
        active: Delta {
            now: a0,
            before: a1,
        },
        revenue: Delta {
            now: r0,
            before: r1,
        },
        orders: Delta {
            now: o0,
            before: o1,
        },
        repeat_rate: Delta {
            now: repeat_purchase_rate(orders.orders(), req.window()),
            before: repeat_purchase_rate(orders.orders(), earlier),
        },
        retention: Delta {
            now: kept(&act1, &act0),
            before: kept(&act2, &act1),
        },
        nps: Delta {
            now: None,
            before: None,
        },
    }
}

fn segments(a: &Analysis, universe: &[u32], revenue: &dyn Fn(u32) -> i64) -> Vec<SegmentStat> {
    let mut out: Vec<SegmentStat> = Segment::ALL
        .iter()
        .map(|&segment| SegmentStat {
            segment,
            customers: 0,
            revenue: 0,
            mean_recency: 0.0,
        })
        .collect();
    for &k in universe {
        if let Some(r) = a.customers[k as usize].rfm {
            let s = &mut out[segment_index(r.segment)];
            s.customers += 1;
            s.revenue += revenue(k);
            s.mean_recency += r.recency as f64;
        }
    }
    for s in &mut out {
        s.mean_recency /= s.customers.max(1) as f64;
    }
    out
}

fn segment_index(s: Segment) -> usize {
    Segment::ALL.iter().position(|&x| x == s).unwrap_or(0)
}

fn rf_grid(a: &Analysis, universe: &[u32]) -> Vec<RfCell> {
    let mut sum = [[(0u32, 0i64); 5]; 5];
    for &k in universe {
        if let Some(r) = a.customers[k as usize].rfm {
            let c = &mut sum[(5 - r.r) as usize][(r.f - 1) as usize];
            c.0 += 1;
            c.1 += r.monetary;
        }
    }
    let mut out = Vec::with_capacity(25);
    for (ri, row) in sum.iter().enumerate() {
        for (fi, &(n, total)) in row.iter().enumerate() {
            out.push(RfCell {
                r: 5 - ri as u8,
                f: fi as u8 + 1,
                customers: n,
                mean_monetary: if n > 0 { total / n as i64 } else { 0 },
            });
        }
    }
    out
}

fn behaviour(a: &Analysis, universe: &[u32], totals: &Totals) -> Option<Behaviour> {
    let mut stats: Vec<QuadrantStat> = QUADRANTS
        .iter()
        .map(|&quadrant| QuadrantStat {
            quadrant,
            customers: 0,
            revenue: 0,
        })
        .collect();
    let (mut counts, mut averages) = (Vec::new(), Vec::new());
    for &k in universe {
        let c = &a.customers[k as usize];
        if let Some(q) = c.quadrant {
            let i = QUADRANTS.iter().position(|&x| x == q).unwrap_or(3);
            stats[i].customers += 1;
            stats[i].revenue += totals.cents[k as usize];
            let n = totals.count[k as usize];
            counts.push(n as f64);
            averages.push(totals.cents[k as usize] as f64 / n.max(1) as f64);
        }
    }
    Some(Behaviour {
        median_orders: super::value::median(&mut counts)?,
        median_average: super::value::median(&mut averages)?,
        quadrants: stats,
    })
}

fn pyramid(
    orders: &OrderColumns,
    a: &Analysis,
    universe: &[u32],
    id_rank: &[u32],
    req: Request,
) -> Pyramid {
    let w = req.window();
    let revenue = Totals::of(orders.orders(), w).cents;
    let now: Vec<(u32, Tier)> = universe
        .iter()
        .map(|&k| (k, a.customers[k as usize].tier))
        .collect();
    let stats = tier_stats(&now, &revenue);
    // Summed as they are: a customer sold to at a loss lowers their tier's margin.
    let margins = super::margins(orders, w, revenue.len()).map(|m| {
        let mut by_tier = [0i64; 5];
        for &(k, t) in &now {
            by_tier[t.index()] += m.get(k as usize).copied().unwrap_or(0);
        }
        by_tier
    });
    let from = Day(req.as_of.0 - MIGRATION_DAYS);
    let before_w = Window {
        as_of: from.0,
        days: req.window_days,
    };
    let before = tiers(
        &Totals::of(orders.orders(), before_w).cents,
        universe,
        id_rank,
        Default::default(),
    );
    // Migration compares like with like: revenue tiers at both dates.
    let now_by_revenue = if a.pyramid_by == PyramidValue::Clv {
        tiers(&revenue, universe, id_rank, Default::default())
    } else {
        now.clone()
    };
    Pyramid {
        by_clv: a.pyramid_by == PyramidValue::Clv,
        by_margin: a.pyramid_by == PyramidValue::Margin,
        tiers: Tier::ALL
            .iter()
            .map(|&tier| {
                let s = stats[tier.index()];
                TierRow {
                    tier,
                    customers: s.customers,
                    revenue: s.value,
                    share: s.share,
                    margin: margins.map(|m| m[tier.index()]),
                }
            })
            .collect(),
        migration_from: from,
        migration: super::value::migration(&before, &now_by_revenue),
    }
}

fn lifetime(a: &Analysis, universe: &[u32]) -> (Option<Lifetime>, Option<String>) {
    let bg = match &a.bgnbd {
        Ok(bg) => bg,
        Err(e) => return (None, Some(e.to_string())),
    };
    let gg = a.gamma_gamma.as_ref().ok();
    let mut p_alive_bins = [0u32; 10];
    let mut clvs: Vec<(u32, f64)> = Vec::new();
    for &k in universe {
        let c = &a.customers[k as usize];
        if let Some(p) = c.p_alive {
            p_alive_bins[p_alive_bin(p as f32)] += 1;
        }
        if let Some(v) = c.clv {
            clvs.push((k, v));
        }
    }
    let cents = |v: f64| (v * 100.0).round() as i64;
    let max = clvs.iter().map(|x| cents(x.1)).max().unwrap_or(0);
    let edges = nice_edges(max);
    let mut clv_bins: Vec<Bin> = edges
        .windows(2)
        .map(|e| Bin {
            low: e[0],
            high: e[1],
            customers: 0,
        })
        .collect();
    for &(_, v) in &clvs {
        let c = clv_cents(v as f32);
        let i = clv_bins
            .iter()
            .position(|b| c < b.high)
            .unwrap_or(clv_bins.len().saturating_sub(1));
        if let Some(b) = clv_bins.get_mut(i) {
            b.customers += 1;
        }
    }
    clvs.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let top = clvs
        .iter()
        .take(LIST_LEN)
        .map(|&(k, v)| {
            let c = &a.customers[k as usize];
            TopCustomer {
                customer: k,
                clv: cents(v),
                p_alive: c.p_alive.unwrap_or(0.0),
                expected_purchases: c.expected_purchases.unwrap_or(0.0),
            }
        })
        .collect();
    let model_error = a.gamma_gamma.as_ref().err().map(|e| e.to_string());
    (
        Some(Lifetime {
            bgnbd: [bg.r, bg.alpha, bg.a, bg.b],
            gamma_gamma: gg.map(|g| [g.p, g.q, g.gamma]),
            total_clv: gg.map(|_| clvs.iter().map(|x| cents(x.1)).sum()),
            clv_bins,
            p_alive_bins,
            top,
        }),
        model_error,
    )
}

/// Histogram edges 0, then 1-2-5 steps (in whole yuan) up past `max` cents, at most
/// 12 bins: the lowest edges merge into the first bin when the range is wide.
pub fn nice_edges(max: i64) -> Vec<i64> {
    let mut steps = Vec::new();
    let mut unit = 100i64; // ¥1
    'outer: loop {
        for m in [1, 2, 5] {
            let e = unit * m;
            steps.push(e);
            if e > max {
                break 'outer;
            }
        }
        unit *= 10;
    }
    let keep = steps.len().min(11);
    let mut edges = vec![0];
    edges.extend_from_slice(&steps[steps.len() - keep..]);
    edges
}

fn churn(a: &Analysis, totals: &Totals) -> Vec<ChurnRow> {
    let model = a.bgnbd.as_ref().ok();
    let mut rows: Vec<ChurnRow> =
        alerts::churn_risks(&a.summaries, model, alerts::P_ALIVE_THRESHOLD)
            .into_iter()
            .filter_map(|r| {
                let i = a
                    .summaries
                    .binary_search_by_key(&r.customer, |s| s.customer)
                    .ok()?;
                let s = &a.summaries[i];
                let k = r.customer as usize;
                let h = s.history;
                let p = a.customers[k].p_alive;
                // The revenue of an average year of the customer's history.
                let span = (h.t).max(365.0);
                let yearly = totals.cents.get(k).copied().unwrap_or(0) as f64 * 365.0 / span;
                Some(ChurnRow {
                    customer: r.customer,
                    p_alive: p,
                    days_since: (h.t - h.recency).max(0.0) as u32,
                    usual_interval: (h.frequency >= 1.0).then(|| h.recency / h.frequency),
                    value_at_risk: (yearly * (1.0 - p.unwrap_or(0.0))).round() as i64,
                })
            })
            .collect();
    rows.sort_by(|x, y| {
        y.value_at_risk
            .cmp(&x.value_at_risk)
            .then(x.customer.cmp(&y.customer))
    });
    rows
}

fn actions(
    segments: &[SegmentStat],
    churn: u32,
    value_at_risk: i64,
    occasions: &[OccasionRow],
) -> Vec<Action> {
    let seg = |s: Segment| segments[segment_index(s)];
    let mut out = Vec::new();
    for s in [Segment::CantLoseThem, Segment::AtRisk] {
        let st = seg(s);
        if st.customers > 0 {
            out.push(Action::WinBack {
                segment: s,
                customers: st.customers,
                mean_days: st.mean_recency.round() as u32,
            });
        }
    }
    if churn > 0 {
        out.push(Action::ChurnRisk {
            customers: churn,
            value_at_risk,
        });
    }
    let mut who: Vec<u32> = occasions.iter().map(|o| o.customer).collect();
    who.sort_unstable();
    who.dedup();
    if !who.is_empty() {
        out.push(Action::Occasions {
            customers: who.len() as u32,
        });
    }
    let new = seg(Segment::NewCustomers).customers;
    if new > 0 {
        out.push(Action::Welcome { customers: new });
    }
    let champions = seg(Segment::Champions).customers;
    if champions > 0 {
        out.push(Action::Reward {
            customers: champions,
        });
    }
    out
}

fn clusters(a: &Analysis, totals: &Totals) -> Option<Clusters> {
    let km = a.kmeans.as_ref()?;
    let scores: Vec<super::rfm::Rfm> = a.customers.iter().filter_map(|c| c.rfm).collect();
    // The chooser compares every k on the same even sample: k-means on 20,000 of 100,000
    // customers finds the same structure at a fifth of the cost, and the silhouette is
    // sampled anyway.
    let points = features(&scores);
    let step = points.len().div_ceil(CHOOSER_SAMPLE).max(1);
    let sample: Vec<_> = points.iter().step_by(step).copied().collect();
    let ks: Vec<usize> = K_RANGE.filter(|&k| k <= sample.len()).collect();
    let labels: Vec<Vec<usize>> = ks.iter().map(|&k| kmeans(&sample, k, 42).labels).collect();
    let labellings: Vec<&[usize]> = labels.iter().map(|l| &l[..]).collect();
    let silhouettes = ks
        .iter()
        .zip(silhouettes(&sample, &labellings, SILHOUETTE_SAMPLE))
        .filter_map(|(&k, s)| Some((k as u8, s?)))
        .collect();
    let mut revenue = vec![0i64; km.centres.len()];
    for (r, &l) in scores.iter().zip(&km.labels) {
        revenue[l] += totals.cents[r.customer as usize];
    }
    Some(Clusters {
        k: km.centres.len() as u8,
        silhouettes,
        clusters: profiles(&scores, km)
            .into_iter()
            .zip(revenue)
            .map(|(p, revenue)| ClusterRow {
                customers: p.size as u32,
                revenue,
                mean_recency: p.mean_recency_days,
                mean_orders: p.mean_orders,
                mean_spend: p.mean_spend,
                recency: p.recency,
                frequency: p.frequency,
                monetary: p.monetary,
            })
            .collect(),
    })
}

/// Each customer's cohort (first month with an order in the window) and the months of
/// the last [`MONTH_BITS`] they ordered in: what the cohort and retention charts count.
fn activity(months: &Activity, p: &mut PerCustomer) {
    p.months_to = months.last();
    for &(k, m) in months.pairs() {
        let k = k as usize;
        if k >= p.first_month.len() {
            continue;
        }
        let first = &mut p.first_month[k];
        *first = (*first).min(m);
        let back = p.months_to - m;
        if (0..MONTH_BITS).contains(&back) {
            p.months[k] |= 1 << back;
        }
    }
}

fn per_customer(a: &Analysis, live: &[bool]) -> PerCustomer {
    let n = a.customers.len();
    let mut p = PerCustomer {
        segment: vec![NONE; n],
        tier: vec![NONE; n],
        quadrant: vec![NONE; n],
        cluster: vec![NONE; n],
        p_alive: vec![f32::NAN; n],
        clv: vec![f32::NAN; n],
        churn_risk: vec![0; n],
        rf: vec![0; n],
        loyalty: vec![NONE; n],
        first_month: vec![NO_MONTH; n],
        months: vec![0; n],
        months_to: 0,
        csat: vec![NONE; n],
    };
    for (k, c) in a.customers.iter().enumerate() {
        if !live.get(k).copied().unwrap_or(false) {
            continue;
        }
        if let Some(r) = c.rfm {
            p.segment[k] = segment_index(r.segment) as u8;
            p.rf[k] = r.r * 16 + r.f;
        }
        p.tier[k] = c.tier.index() as u8;
        if let Some(q) = c.quadrant {
            p.quadrant[k] = QUADRANTS.iter().position(|&x| x == q).unwrap_or(3) as u8;
        }
        if let Some(l) = c.cluster {
            p.cluster[k] = l;
        }
        if let Some(v) = c.p_alive {
            p.p_alive[k] = v as f32;
        }
        if let Some(v) = c.clv {
            p.clv[k] = v as f32;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cents;
    use crate::analytics::satisfaction::Kano;

    /// Customer k buys every `gap[k]` days from `start[k]`, `n[k]` times, ¥(10·(k+1)).
    fn shop() -> (OrderColumns, usize) {
        let mut o = OrderColumns::default();
        let mut id = 0;
        let customers = 40;
        for k in 0..customers as u32 {
            let gap = 7 + (k % 5) as i32 * 20;
            let n = 1 + k % 7;
            let start = 19_900 + (k as i32 * 13) % 100;
            for j in 0..n {
                o.push(
                    id,
                    k,
                    Day(start + j as i32 * gap),
                    Cents((k as i64 + 1) * 1000),
                );
                id += 1;
            }
        }
        (o, customers)
    }

    fn request() -> Request {
        Request {
            as_of: Day(20_600),
            window_days: None,
            clusters: 3,
            rank: PyramidValue::Revenue,
        }
    }

    #[test]
    fn the_pyramid_ranks_by_margin_when_costs_are_known_and_sums_each_tiers_margin() {
        let (mut o, n) = shop();
        let live = vec![true; n];
        let rank: Vec<u32> = (0..n as u32).collect();
        let by_margin = Request {
            rank: PyramidValue::Margin,
            ..request()
        };
        let run = |o: &OrderColumns, req| {
            compute(o, &AnswerColumns::default(), &live, &rank, req, &mut |_| {}).pyramid
        };
        let plain = run(&o, by_margin);
        assert!(!plain.by_margin, "no costs: ranked by revenue");
        assert!(plain.tiers.iter().all(|t| t.margin.is_none()));
        // Costs fall as the customer key rises, so the margin order reverses revenue's
        // for the upper keys.
        for i in 0..o.len() {
            let cost = o.cents[i] * (40 - o.customer[i] as i64) / 40;
            o.set_terms(i, crate::OrderStatus::Completed, "", Some(Cents(cost)));
        }
        let p = run(&o, by_margin);
        assert!(p.by_margin);
        let margin: i64 = p.tiers.iter().filter_map(|t| t.margin).sum();
        let revenue: i64 = p.tiers.iter().map(|t| t.revenue).sum();
        let expected: i64 = (0..o.len()).map(|i| o.cents[i] - o.cost[i]).sum();
        assert_eq!(margin, expected);
        assert!(margin < revenue);
        let by_revenue = run(&o, request());
        assert!(!by_revenue.by_margin);
        assert_eq!(
            by_revenue.tiers.iter().map(|t| t.customers).sum::<u32>(),
            p.tiers.iter().map(|t| t.customers).sum::<u32>(),
        );
    }

    #[test]
    fn counts_add_up_across_every_view() {
        let (o, n) = shop();
        let live = vec![true; n];
        let rank: Vec<u32> = (0..n as u32).collect();
        let ins = compute(
            &o,
            &AnswerColumns::default(),
            &live,
            &rank,
            request(),
            &mut |_| {},
        );
        let buyers = ins.headline.buyers;
        assert_eq!(buyers, n as u32);
        assert_eq!(
            ins.segments.iter().map(|s| s.customers).sum::<u32>(),
            buyers
        );
        assert_eq!(ins.rf_grid.len(), 25);
        assert_eq!(ins.rf_grid.iter().map(|c| c.customers).sum::<u32>(), buyers);
        let b = ins.behaviour.as_ref().unwrap();
        assert_eq!(b.quadrants.iter().map(|q| q.customers).sum::<u32>(), buyers);
        assert_eq!(
            ins.pyramid.tiers.iter().map(|t| t.customers).sum::<u32>(),
            n as u32
        );
        let shares: f64 = ins.pyramid.tiers.iter().map(|t| t.share).sum();
        assert!((shares - 1.0).abs() < 1e-9);
        let moved: u32 = ins.pyramid.migration.iter().flatten().sum();
        assert_eq!(moved, n as u32);
        let total: i64 = ins.segments.iter().map(|s| s.revenue).sum();
        assert_eq!(total, o.total().0);
        let cl = ins.clusters.as_ref().unwrap();
        assert_eq!(cl.k, 3);
        assert_eq!(cl.clusters.iter().map(|c| c.customers).sum::<u32>(), buyers);
        assert!(
            cl.silhouettes
                .iter()
                .all(|&(_, s)| (-1.0..=1.0).contains(&s))
        );
        assert_eq!(ins.customers.len(), n);
        assert!((0..n as u32).all(|k| ins.customers.segment(k).is_some()));
    }

    #[test]
    fn the_trash_is_left_out() {
        let (o, n) = shop();
        let mut live = vec![true; n];
        live[3] = false;
        live[10] = false;
        let rank: Vec<u32> = (0..n as u32).collect();
        let ins = compute(
            &o,
            &AnswerColumns::default(),
            &live,
            &rank,
            request(),
            &mut |_| {},
        );
        assert_eq!(ins.headline.customers, n as u32 - 2);
        assert_eq!(ins.headline.buyers, n as u32 - 2);
        assert_eq!(ins.customers.segment(3), None);
        assert_eq!(ins.customers.tier(10), None);
        assert!(ins.customers.tier(11).is_some());
        let total: i64 = ins.segments.iter().map(|s| s.revenue).sum();
        let trashed: i64 = (0..o.len())
            .filter(|&i| [3, 10].contains(&o.customer[i]))
            .map(|i| o.cents[i])
            .sum();
        assert_eq!(total, o.total().0 - trashed);
    }

    #[test]
    fn headline_compares_with_the_previous_period() {
        let mut o = OrderColumns::default();
        // Customer 0 bought in both periods, customer 1 only before, customer 2 only now.
        let as_of = 20_600;
        o.push(0, 0, Day(as_of - 100), Cents(1000));
        o.push(1, 0, Day(as_of - 10), Cents(3000));
        o.push(2, 1, Day(as_of - 120), Cents(2000));
        o.push(3, 2, Day(as_of - 5), Cents(4000));
        let live = vec![true; 3];
        let ins = compute(
            &o,
            &AnswerColumns::default(),
            &live,
            &[0, 1, 2],
            request(),
            &mut |_| {},
        );
        let h = ins.headline;
        assert_eq!(h.active, Delta { now: 2, before: 2 });
        assert_eq!(
            h.revenue,
            Delta {
                now: 7000,
                before: 3000
            }
        );
        assert_eq!(h.orders, Delta { now: 2, before: 2 });
        assert_eq!(h.retention.now, Some(0.5));
        assert_eq!(h.retention.before, None);
        assert_eq!(h.repeat_rate.now, Some(1.0 / 3.0));
        assert_eq!(h.repeat_rate.before, Some(0.0));
        // Too little data for the models: said so, not drawn.
        assert!(ins.lifetime.is_none());
        assert!(ins.model_error.is_some());
    }

    #[test]
    fn an_empty_shop_has_empty_insights() {
        let ins = compute(
            &OrderColumns::default(),
            &AnswerColumns::default(),
            &[],
            &[],
            request(),
            &mut |_| {},
        );
        assert_eq!(ins.headline.customers, 0);
        assert!(ins.behaviour.is_none());
        assert!(ins.clusters.is_none());
        assert!(ins.actions.is_empty());
        let json = serde_json::to_string(&ins).unwrap();
        let back: Insights = serde_json::from_str(&json).unwrap();
        assert_eq!(back.headline, ins.headline);
    }

    #[test]
    fn insights_survive_json() {
        let (o, n) = shop();
        let rank: Vec<u32> = (0..n as u32).collect();
        let ins = compute(
            &o,
            &AnswerColumns::default(),
            &vec![true; n],
            &rank,
            request(),
            &mut |_| {},
        );
        let back: Insights = serde_json::from_str(&serde_json::to_string(&ins).unwrap()).unwrap();
        assert_eq!(back.segments, ins.segments);
        assert_eq!(back.pyramid, ins.pyramid);
        assert_eq!(back.actions, ins.actions);
    }

    #[test]
    fn satisfaction_counts_answers_loyalty_and_the_curve() {
        let mut o = OrderColumns::default();
        // Customer 0 buys twice (after answering), 1 once, 2 twice, 3 never answers.
        for (id, (k, d)) in [
            (0, 20_100),
            (0, 20_300),
            (1, 20_100),
            (2, 20_000),
            (2, 20_050),
            (3, 20_100),
        ]
        .into_iter()
        .enumerate()
        {
            o.push(id as u32, k, Day(d), Cents(1000));
        }
        let mut a = AnswerColumns::default();
        let mut answer = |k: u32, d: i32, q: Question, s: u8| {
            a.customer.push(k);
            a.day.push(d);
            a.question.push(q);
            a.score.push(s);
        };
        answer(0, 20_150, Question::Nps, 10);
        answer(0, 20_150, Question::Csat, 5);
        answer(1, 20_150, Question::Nps, 9);
        answer(1, 20_150, Question::Csat, 5);
        answer(2, 20_060, Question::Nps, 3);
        answer(2, 20_590, Question::Nps, 8); // the latest counts for the quadrant
        answer(2, 20_060, Question::Ces, 6);
        answer(9, 20_100, Question::Nps, 0); // not a live customer: ignored
        let ins = compute(&o, &a, &[true; 4], &[0, 1, 2, 3], request(), &mut |_| {});
        let s = &ins.satisfaction;
        assert_eq!(
            (s.nps.promoters, s.nps.passives, s.nps.detractors),
            (2, 1, 1)
        );
        assert_eq!(s.nps.score(), Some(25.0));
        assert_eq!(s.nps_scores.iter().sum::<u32>(), 4);
        assert_eq!(s.csat, Some(100.0));
        assert_eq!(s.ces, Some(6.0));
        // true (0: promoter, 2 orders), latent (1: promoter, 1 order), inertia (2: 8, 2 orders)
        assert_eq!(s.loyalty, [1, 1, 1, 0]);
        assert_eq!(s.loyalty_unknown, 1);
        // CSI over NPS (as 1–11), CSAT and CES, equal weights:
        // NPS mean 7.5 → 7.5/10; CSAT mean 5 → 4/4; CES 6 → 5/6.
        let want = 100.0 * (7.5 + 4.0 + 5.0) / (10.0 + 4.0 + 6.0);
        assert!((s.csi.unwrap() - want).abs() < 1e-9);
        assert_eq!(ins.customers.loyalty(0), Some(Loyalty::True));
        assert_eq!(ins.customers.loyalty(3), None, "no answer, no quadrant");
        let five = s.curve[4];
        assert_eq!(
            (five.customers, five.repurchased),
            (2, 1),
            "only customer 0 bought after answering"
        );
        assert_eq!(ins.headline.nps.now, Some(100.0 * (0.0 - 0.0) / 1.0));
    }

    #[test]
    fn histogram_edges_cover_the_maximum() {
        assert_eq!(nice_edges(0), vec![0, 100]);
        assert_eq!(nice_edges(150), vec![0, 100, 200]);
        let e = nice_edges(123_456_789);
        assert!(e.len() <= 12);
        assert!(*e.last().unwrap() > 123_456_789);
        assert!(e.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn actions_name_the_valuable_customers_who_stopped_buying() {
        let (o, n) = shop();
        let rank: Vec<u32> = (0..n as u32).collect();
        let ins = compute(
            &o,
            &AnswerColumns::default(),
            &vec![true; n],
            &rank,
            request(),
            &mut |_| {},
        );
        let win_backs: Vec<_> = ins
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::WinBack {
                    segment, customers, ..
                } => Some((*segment, *customers)),
                _ => None,
            })
            .collect();
        // The shop has valuable customers who stopped buying: at least one win-back.
        assert!(!win_backs.is_empty(), "{:?}", ins.actions);
        for (segment, customers) in win_backs {
            let s = ins.segments.iter().find(|s| s.segment == segment).unwrap();
            assert!(customers > 0);
            assert_eq!(s.customers, customers);
        }
    }

    fn respond(
        survey: &crate::Survey,
        customer: &str,
        day: i32,
        items: &[(u16, u8, Option<u8>)],
    ) -> crate::SurveyResponse {
        crate::SurveyResponse {
            survey: Some(survey.id.clone()),
            items: items
                .iter()
                .map(|&(item, first, second)| crate::ItemAnswer {
                    item,
                    first,
                    second,
                })
                .collect(),
            ..crate::SurveyResponse::blank(
                crate::Id(format!("r{customer}{day}")),
                crate::Id(customer.into()),
                Day(day),
                crate::Millis(0),
            )
        }
    }

    fn survey_of(kind: SurveyKind) -> crate::Survey {
        crate::Survey::starter(kind, false, crate::Id(kind.code().into()), crate::Millis(0))
    }

    fn results(
        responses: &[crate::SurveyResponse],
        surveys: Vec<crate::Survey>,
        live: Vec<bool>,
    ) -> Vec<SurveyResult> {
        let (o, n) = shop();
        let answers = AnswerColumns::of(responses, surveys, |id| {
            id.strip_prefix('c').and_then(|k| k.parse().ok())
        });
        let mut alive = vec![true; n];
        alive[..live.len()].copy_from_slice(&live);
        let rank: Vec<u32> = (0..n as u32).collect();
        compute(&o, &answers, &alive, &rank, request(), &mut |_| {})
            .satisfaction
            .surveys
    }

    #[test]
    fn kano_answers_give_each_feature_its_category_and_coefficients() {
        let kano = survey_of(SurveyKind::Kano);
        // Feature 1: two must-be pairs, one attractive; feature 2: one-dimensional.
        let rs = vec![
            respond(&kano, "c0", 20_500, &[(1, 2, Some(5)), (2, 1, Some(5))]),
            respond(&kano, "c1", 20_500, &[(1, 3, Some(5)), (2, 1, Some(5))]),
            respond(&kano, "c2", 20_500, &[(1, 1, Some(3))]),
            // The trash, a future answer and a removed item are left out.
            respond(&kano, "c3", 20_500, &[(1, 1, Some(3))]),
            respond(&kano, "c4", 20_700, &[(1, 1, Some(3))]),
            respond(&kano, "c5", 20_500, &[(99, 1, Some(3))]),
        ];
        let r = &results(&rs, vec![kano], vec![true, true, true, false])[0];
        assert_eq!(r.responses, 3);
        let f1 = r.items[0].kano.as_ref().unwrap();
        assert_eq!(r.items[0].answers, 3);
        assert_eq!(f1.category, Some(Kano::MustBe));
        assert!((f1.better.unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert!((f1.worse.unwrap() + 2.0 / 3.0).abs() < 1e-12);
        let f2 = r.items[1].kano.as_ref().unwrap();
        assert_eq!(f2.category, Some(Kano::OneDimensional));
        assert_eq!((f2.better, f2.worse), (Some(1.0), Some(-1.0)));
        assert_eq!(r.items[2].answers, 0);
        assert_eq!(r.items[2].kano.as_ref().unwrap().category, None);
    }

    #[test]
    fn servqual_gaps_per_item_and_dimension_and_weighted() {
        let mut sq = survey_of(SurveyKind::Servqual);
        sq.weights = [0.1, 0.3, 0.2, 0.2, 0.2];
        // Every item: expectation 7, perception 5 (gap −2) except item 5 (reliability):
        // perception 3 (gap −4).
        let all: Vec<(u16, u8, Option<u8>)> = sq
            .items
            .iter()
            .map(|i| (i.id, 7, Some(if i.id == 5 { 3 } else { 5 })))
            .collect();
        let rs = vec![
            respond(&sq, "c0", 20_500, &all),
            respond(&sq, "c1", 20_500, &all),
        ];
        let r = &results(&rs, vec![sq], vec![])[0];
        let item5 = &r.items[4];
        assert_eq!(
            (item5.expectation, item5.perception, item5.gap),
            (Some(7.0), Some(3.0), Some(-4.0))
        );
        assert_eq!(r.dimensions.len(), 5);
        let rel = &r.dimensions[1];
        assert_eq!(rel.dimension, Dimension::Reliability);
        assert_eq!(rel.items, 5);
        assert!((rel.gap.unwrap() + 2.4).abs() < 1e-12); // (−4 − 2·4) / 5
        assert!((rel.perception.unwrap() - 4.6).abs() < 1e-12);
        assert_eq!(r.dimensions[0].gap, Some(-2.0));
        assert!((r.overall.unwrap() + 2.08).abs() < 1e-12);
        assert!((r.weighted.unwrap() + (0.1 * 2.0 + 0.3 * 2.4 + 0.6 * 2.0)).abs() < 1e-12);
    }

    #[test]
    fn custom_items_count_their_scale_and_ignore_half_stored_pairs() {
        let mut custom = survey_of(SurveyKind::Custom);
        custom.items[1].scale = Some(crate::Scale::Ten);
        let rs = vec![
            respond(&custom, "c0", 20_500, &[(1, 5, None), (2, 0, None)]),
            respond(
                &custom,
                "c1",
                20_500,
                &[(1, 4, None), (2, 10, None), (3, 9, None)],
            ),
        ];
        let r = &results(&rs, vec![custom], vec![])[0];
        assert_eq!(r.items[0].mean, Some(4.5));
        assert_eq!(r.items[0].scores, vec![0, 0, 0, 1, 1]);
        assert_eq!(r.items[1].scale, (0, 10));
        assert_eq!(r.items[1].scores[0] + r.items[1].scores[10], 2);
        // 9 is off item 3's 1–5 scale: skipped, not trusted.
        assert_eq!(r.items[2].answers, 0);
        assert_eq!(r.responses, 2);
    }

    #[test]
    fn demo_surveys_come_out_as_designed() {
        let today = Day(20_600);
        let d = crate::demo::generate(&crate::demo::DemoSpec::standard(
            today,
            crate::demo::NameStyle::English,
        ));
        assert_eq!(d.surveys.len(), 3);
        let ids: std::collections::HashMap<&str, u32> = d
            .customers
            .iter()
            .enumerate()
            .map(|(k, c)| (c.id.0.as_str(), k as u32))
            .collect();
        let answers = AnswerColumns::of(&d.responses, d.surveys.clone(), |id| ids.get(id).copied());
        let n = d.customers.len();
        let rank: Vec<u32> = (0..n as u32).collect();
        let req = Request {
            as_of: today,
            window_days: None,
            clusters: 3,
            rank: PyramidValue::Revenue,
        };
        let s = compute(&d.orders, &answers, &vec![true; n], &rank, req, &mut |_| {}).satisfaction;
        let kano = &s.surveys[0];
        assert!(kano.responses > 100, "{}", kano.responses);
        let cat = |i: usize| kano.items[i].kano.as_ref().unwrap().category.unwrap();
        assert_eq!(cat(0), Kano::MustBe);
        assert_eq!(cat(1), Kano::OneDimensional);
        assert_eq!(cat(3), Kano::Attractive);
        assert_eq!(cat(5), Kano::Indifferent);
        let sq = &s.surveys[1];
        let gaps: Vec<f64> = sq.dimensions.iter().map(|d| d.gap.unwrap()).collect();
        assert!(gaps.iter().all(|&g| g < 0.0), "{gaps:?}");
        let widest = gaps
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .unwrap()
            .0;
        assert_eq!(Dimension::ALL[widest], Dimension::Reliability);
        assert!(sq.weighted.is_some());
        assert!(s.surveys[2].items.iter().all(|i| i.mean.is_some()));
    }

    /// After opportunities change (one won, one added), recomputing only the Sales
    /// figures gives what a full computation gives.
    #[test]
    fn sales_again_equals_a_full_computation_after_opportunities_change() {
        use crate::opportunity::Standing;
        let today = Day(20_600);
        let mut d = crate::demo::generate(&crate::demo::DemoSpec::standard(
            today,
            crate::demo::NameStyle::English,
        ));
        let n = d.customers.len();
        let (live, rank) = (vec![true; n], (0..n as u32).collect::<Vec<_>>());
        let full = |opps: &[Opportunity]| {
            compute(
                &d.orders,
                &AnswerColumns::default(),
                &live,
                &rank,
                request(),
                &mut |_| {},
            )
            .with_sales(opps)
            .with_paid_orders(&d.orders, |_| true)
            .sales
            .expect("the demo has opportunities")
        };
        let before = full(&d.opportunities);
        assert!(!before.paid_by_owner_month.is_empty());
        let open = d
            .opportunities
            .iter()
            .position(|o| matches!(o.standing, Standing::Open(_)))
            .expect("an open one");
        let at = crate::Millis(today.start_millis().0 - 3_600_000);
        d.opportunities[open].move_to(Standing::Won, at);
        let mut added = Opportunity::new(
            crate::Id("0190a000-0000-7000-8000-000000000001".into()),
            d.customers[3].id.clone(),
            at,
        );
        added.amount = Cents(1_234_500);
        d.opportunities.push(added);
        let after = full(&d.opportunities);
        assert_ne!(after, before);
        assert_eq!(
            sales_again(
                request(),
                before.paid_by_owner_month.clone(),
                &d.opportunities
            ),
            Some(after)
        );
        assert_eq!(sales_again(request(), vec![], &[]), None, "none left");
    }

    /// Every chart's drill-down list holds exactly the customers its mark counts.
    #[test]
    fn drill_down_filters_count_what_the_charts_count() {
        use crate::query::InsightFilter as F;
        let today = Day(20_600);
        let d = crate::demo::generate(&crate::demo::DemoSpec::standard(
            today,
            crate::demo::NameStyle::English,
        ));
        let ids: std::collections::HashMap<&str, u32> = d
            .customers
            .iter()
            .enumerate()
            .map(|(k, c)| (c.id.0.as_str(), k as u32))
            .collect();
        let answers = AnswerColumns::of(&d.responses, d.surveys.clone(), |id| ids.get(id).copied());
        let n = d.customers.len();
        let mut live = vec![true; n];
        live[7] = false;
        let rank: Vec<u32> = (0..n as u32).collect();
        let req = Request {
            as_of: today,
            window_days: Some(730),
            clusters: 3,
            rank: PyramidValue::Revenue,
        };
        let ins = compute(&d.orders, &answers, &live, &rank, req, &mut |_| {});
        let count = |f: F| {
            (0..n as u32)
                .filter(|&k| f.matches(&ins.customers, k))
                .count() as u32
        };
        assert!(ins.cohorts.len() >= 10);
        for c in &ins.cohorts {
            assert_eq!(count(F::Cohort(c.month)), c.size);
            for (k, &active) in c.active.iter().enumerate() {
                assert_eq!(
                    count(F::CohortActive(c.month, k as u8)),
                    active,
                    "{} +{k}",
                    c.month
                );
            }
        }
        assert_eq!(ins.retention.len(), 13);
        for r in &ins.retention {
            assert_eq!(count(F::Retained(r.month)), r.retained, "{}", r.month);
        }
        let life = ins.lifetime.as_ref().unwrap();
        for (b, &c) in life.p_alive_bins.iter().enumerate() {
            assert_eq!(count(F::PAlive(b as u8)), c);
        }
        for bin in &life.clv_bins {
            assert_eq!(count(F::Clv(bin.low / 100, bin.high / 100)), bin.customers);
        }
        for p in &ins.satisfaction.curve {
            assert_eq!(count(F::Csat(p.score)), p.customers);
        }
    }
}
