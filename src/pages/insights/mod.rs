//! The dashboards: overview, value, loyalty, satisfaction, clusters, sales, basket and
//! service, drawn from the cached insights the analytics worker computes (see
//! `analytics.rs`; the Service tab asks a worker of its own). Nothing is computed here:
//! every figure comes from `kehu_core::analytics`. Each tab is a file
//! of its own; this one holds the page, its controls and the helpers the tabs share.

mod basket;
mod clusters;
mod loyalty;
mod marketing;
mod overview;
mod sales;
pub use sales::BASIS_SETTING as COMMISSION_BASIS;
mod satisfaction;
mod service;
mod value;

use basket::BasketTab;
use clusters::Clusters;
use loyalty::Loyalty;
use marketing::MarketingTab;
use overview::Overview;
use sales::Sales;
use satisfaction::Satisfaction;
use service::ServiceTab;
use value::Value;

use crate::analytics::{Choice, Job, use_analytics};
use crate::charts::{Chart, Mark, Shape, Spec};
use crate::components::Stat;
use crate::i18n::{self, Currency, K, Label, Lang, Msg, tr, use_i18n};
use crate::route::{Route, Tab, customers_in};
use crate::state::use_app;
use kehu_core::SurveyKind;
use kehu_core::analytics::insights::{
    Action, DimensionGap, Insights, ItemResult, QUADRANTS, Stage, SurveyResult,
};
use kehu_core::analytics::pipeline::PyramidValue;
use kehu_core::analytics::retention::Period;
use kehu_core::analytics::rfm::Segment;
use kehu_core::analytics::satisfaction::{Dimension, Kano, KanoFeature, Loyalty};
use kehu_core::analytics::value::Tier;
use kehu_core::query::InsightFilter;
use kehu_core::{Cents, Day};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
mod messages;
use messages as M;

#[component]
pub fn InsightsPage(tab: Tab) -> impl IntoView {
    let a = use_analytics();
    let i = use_i18n();
    a.ensure();
    let ins = Memo::new(move |_| a.cached.get().map(|c| Arc::new(c.insights.clone())));
    let tab_link = move |t: Tab, k: Msg| {
        let cls = if t == tab { "tab active" } else { "tab" };
        view! {
            <a class=cls href=Route::Insights(t).href() aria-current=(t == tab).then_some("page")>{move || i.t(k)}</a>
        }
    };
    let body = move || match ins.get() {
        // Campaigns are measured on the orders themselves, not on the analysis.
        _ if tab == Tab::Marketing => view! { <MarketingTab/> }.into_any(),
        None => view! { <p class="empty">{i.tr(M::AnalysisNone)}</p> }.into_any(),
        Some(x) => match tab {
            Tab::Overview => view! { <Overview ins=x/> }.into_any(),
            Tab::Value => view! { <Value ins=x/> }.into_any(),
            Tab::Loyalty => view! { <Loyalty ins=x/> }.into_any(),
            Tab::Satisfaction => view! { <Satisfaction ins=x/> }.into_any(),
            Tab::Clusters => view! { <Clusters ins=x/> }.into_any(),
            Tab::Sales => view! { <Sales ins=x/> }.into_any(),
            Tab::Basket => view! { <BasketTab ins=x/> }.into_any(),
            Tab::Service => view! { <ServiceTab ins=x/> }.into_any(),
            Tab::Marketing => ().into_any(),
        },
    };
    view! {
        <section class="page insights">
            <div class="page-head">
                <h1>{i.tr(K::NavInsights)}</h1>
                // Campaigns are measured as of today, whatever the analysis date.
                {(tab != Tab::Marketing).then(|| view! { <Controls/> })}
            </div>
            <JobStatus/>
            <nav class="tabs" aria-label=i.tr(K::NavInsights)>
                {tab_link(Tab::Overview, M::TabOverview)}
                {tab_link(Tab::Value, M::TabValue)}
                {tab_link(Tab::Loyalty, M::TabLoyalty)}
                {tab_link(Tab::Satisfaction, M::TabSatisfaction)}
                {tab_link(Tab::Clusters, M::TabClusters)}
                {tab_link(Tab::Sales, M::TabSales)}
                {tab_link(Tab::Basket, M::TabBasket)}
                {tab_link(Tab::Service, M::TabService)}
                {tab_link(Tab::Marketing, M::TabMarketing)}
                <a class="tab" id="tab-reports" href=Route::Reports(Default::default()).href()>{i.tr(K::ReportsLink)}</a>
            </nav>
            {body}
        </section>
    }
}

/// Analysis date, window, recompute.
#[component]
fn Controls() -> impl IntoView {
    let a = use_analytics();
    let i = use_i18n();
    let choice = a.choice;
    let on_date = move |ev| {
        let v = event_target_value(&ev);
        let mut c = choice.get_untracked();
        c.as_of = Day::parse(&v);
        a.set_choice(c);
    };
    let on_window = move |ev| {
        let v = event_target_value(&ev);
        let mut c = choice.get_untracked();
        c.window_days = v.parse().ok();
        a.set_choice(c);
    };
    // The date in effect: today unless the user fixed one (clearing the field goes back
    // to following today).
    let date_value = move || choice.get().request().as_of.to_string();
    let window_value = move || {
        choice
            .get()
            .window_days
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    view! {
        <div class="page-actions analysis-controls">
            <label class="field field-inline">
                <span>{i.tr(M::AnalysisDate)}</span>
                <input type="date" id="analysis-date" prop:value=date_value on:change=on_date/>
            </label>
            <label class="field field-inline">
                <span>{i.tr(M::AnalysisWindow)}</span>
                <select id="analysis-window" prop:value=window_value on:change=on_window>
                    <option value="">{i.tr(M::WindowAll)}</option>
                    <option value="365">{i.tr(M::WindowDays365)}</option>
                    <option value="730">{i.tr(M::WindowDays730)}</option>
                </select>
            </label>
            <button class="btn" id="recompute" on:click=move |_| a.run(true)
                disabled=move || matches!(a.job.get(), Job::Running(_))>{i.tr(M::Recompute)}</button>
        </div>
    }
}

fn stage_key(s: Stage) -> Msg {
    match s {
        Stage::Read => M::StageRead,
        Stage::Scores => M::StageScores,
        Stage::Fit => M::StageFit,
        Stage::Predict => M::StagePredict,
        Stage::Cluster => M::StageCluster,
        Stage::Summarise => M::StageSummarise,
        Stage::Save => M::StageSave,
    }
}

/// Progress, errors, staleness, and what the shown figures are as of.
#[component]
fn JobStatus() -> impl IntoView {
    let a = use_analytics();
    let i = use_i18n();
    let as_of = move || {
        a.cached.with(|c| {
            c.as_ref()
                .map(|c| i18n::date(i.get(), c.insights.request.as_of))
        })
    };
    move || {
        match a.job.get() {
        Job::Running(stage) => {
            let done = Stage::ALL.iter().position(|&s| s == stage).unwrap_or(0);
            let pct = (done * 100 / Stage::ALL.len()) as u32;
            view! {
                <div class="panel-warn job" role="status" id="analysis-progress">
                    <label for="analysis-bar">{i.tr(M::Computing)}": "{move || i.t(stage_key(stage))}</label>
                    <progress id="analysis-bar" max="100" value=pct></progress>
                    <button class="btn btn-small" id="analysis-cancel" on:click=move |_| a.cancel()>{i.tr(K::Cancel)}</button>
                </div>
            }
            .into_any()
        }
        Job::Failed(e) => view! {
            <div class="panel panel-error job" role="alert">{i.tr(M::AnalysisFailed)}{e.clone()}</div>
        }
        .into_any(),
        Job::Idle => view! {
            <p class="muted job" id="analysis-as-of">
                {move || as_of().map(|d| format!("{} {d}", i.t(M::ComputedFor)))}
                {move || (a.cached.with(|c| c.is_some()) && a.is_stale()).then(|| view! {
                    " · "<span class="stale">{i.t(M::AnalysisStale)}</span>
                })}
            </p>
        }
        .into_any(),
    }
    }
}

fn money(c: i64, cur: Currency) -> String {
    i18n::money(Cents(c), cur, true)
}

/// "+12%" / "−3%" against the previous period, or nothing when there is no base.
fn change(now: f64, before: f64) -> String {
    if before == 0.0 {
        return String::new();
    }
    let d = (now - before) / before.abs() * 100.0;
    if d >= 0.0 {
        format!("+{d:.0}%")
    } else {
        format!("−{:.0}%", -d)
    }
}

/// Change of a rate in percentage points.
fn change_pts(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(n), Some(b)) => {
            let d = (n - b) * 100.0;
            if d >= 0.0 {
                format!("+{d:.1} pt")
            } else {
                format!("−{:.1} pt", -d)
            }
        }
        _ => String::new(),
    }
}

fn rate(v: Option<f64>) -> String {
    v.map(i18n::percent).unwrap_or_else(|| "–".into())
}

/// Ids and names of the listed customers, from the list rows (the analysis knows only
/// keys). One pass over the rows, copying only the few names shown.
fn names(keys: Vec<u32>) -> Memo<HashMap<u32, (String, String)>> {
    let app = use_app();
    let wanted: std::collections::HashSet<u32> = keys.into_iter().collect();
    Memo::new(move |_| {
        app.rows.with(|rows| {
            rows.iter()
                .filter(|r| wanted.contains(&r.key))
                .map(|r| (r.key, (r.id.0.clone(), r.name.clone())))
                .collect()
        })
    })
}

#[component]
fn Delta(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] delta: Signal<String>,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="stat">
            <div class="stat-value">{value}</div>
            <div class="stat-label">{label}</div>
            <div class="stat-delta" class:up=move || delta.get().starts_with('+') class:down=move || delta.get().starts_with('−')>
                {move || { let d = delta.get(); (!d.is_empty()).then(|| format!("{d} {}", i.t(M::VsPrevious))) }}
            </div>
        </div>
    }
}

fn nps_text(v: Option<f64>) -> String {
    v.map(|x| format!("{x:+.0}")).unwrap_or_else(|| "–".into())
}

/// NPS change in points.
fn nps_change(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(n), Some(b)) if n >= b => format!("+{:.0}", n - b),
        (Some(n), Some(b)) => format!("−{:.0}", b - n),
        _ => String::new(),
    }
}

/// The height of a chart of `n` horizontal bars.
fn bars_height(n: usize) -> f64 {
    n as f64 * 34.0 + 12.0
}

/// A chart's view model as a signal: `spec` (a pure function of the insights, the
/// language and the currency, tested natively) again whenever either changes.
fn chart_of<T: ?Sized + 'static, D: std::borrow::Borrow<T> + Send + Sync + 'static>(
    data: D,
    spec: fn(&T, Lang, Currency) -> Option<Spec>,
) -> Signal<Option<Spec>> {
    let (app, i) = (use_app(), use_i18n());
    Signal::derive(move || spec(data.borrow(), i.get(), app.currency.get()))
}

/// The demo's insights, computed as the worker does, for the chart view models' tests.
#[cfg(test)]
pub(super) mod fixture {
    use super::*;
    use kehu_core::analytics::insights::{Request, compute};
    use kehu_core::demo::{DemoSpec, NameStyle, generate};

    pub fn demo() -> Insights {
        demo_with_staff().0
    }

    /// The demo's insights and its staff (with their quotas).
    pub fn demo_with_staff() -> (Insights, Vec<kehu_core::Staff>) {
        let today = Day(20_600);
        let d = generate(&DemoSpec {
            customers: 400,
            orders: 4_000,
            ..DemoSpec::standard(today, NameStyle::English)
        });
        let key: HashMap<&str, u32> = d
            .customers
            .iter()
            .enumerate()
            .map(|(k, c)| (c.id.0.as_str(), k as u32))
            .collect();
        let answers = kehu_core::AnswerColumns::of(&d.responses, d.surveys.clone(), |id| {
            key.get(id).copied()
        });
        let n = d.customers.len();
        let rank: Vec<u32> = (0..n as u32).collect();
        let req = Request {
            as_of: today,
            window_days: None,
            clusters: 4,
            rank: Default::default(),
        };
        let ins = compute(&d.orders, &answers, &vec![true; n], &rank, req, &mut |_| {})
            .with_sales(&d.opportunities)
            .with_paid_orders(&d.orders, |_| true)
            .with_basket(
                std::slice::from_ref(&d.lines),
                &d.products,
                &d.orders,
                |_| true,
            );
        (ins, d.staff)
    }

    /// A chart's marks, whatever its shape.
    pub fn marks(s: &Spec) -> &[Mark] {
        match &s.shape {
            Shape::Bars(m) | Shape::Progress(m) | Shape::Columns(m) | Shape::Pyramid(m) => m,
            Shape::Grid { cells, .. } => cells,
            Shape::Scatter { marks, .. } => marks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{demo, marks};
    use super::*;

    /// Every chart of every tab, in `lang`.
    fn every_chart(ins: &Insights, lang: Lang) -> Vec<(&'static str, Spec)> {
        let cur = Currency::Cny;
        let s = &ins.satisfaction;
        let mut out: Vec<(&'static str, Option<Spec>)> = vec![
            ("segments", Some(overview::segment_spec(ins, lang, cur))),
            ("pyramid", value::pyramid_spec(ins, lang, cur)),
            ("migration", value::migration_spec(ins, lang, cur)),
            ("behaviour", value::behaviour_spec(ins, lang, cur)),
            ("rf", value::rf_spec(ins, lang, cur)),
            ("clv", value::clv_spec(ins, lang, cur)),
            ("retention", loyalty::retention_spec(ins, lang, cur)),
            ("cohorts", loyalty::cohorts_spec(ins, lang, cur)),
            ("p_alive", loyalty::p_alive_spec(ins, lang, cur)),
            (
                "distribution",
                satisfaction::distribution_spec(s, lang, cur),
            ),
            ("trend", satisfaction::trend_spec(s, lang, cur)),
            ("quadrant", satisfaction::quadrant_spec(s, lang, cur)),
            ("curve", satisfaction::curve_spec(s, lang, cur)),
        ];
        if let Some(f) = &ins.sales {
            let name = |w: &str| format!("staff {w}");
            out.push(("funnel", sales::funnel_spec(f, lang, cur)));
            out.push(("outcomes", sales::outcome_spec(f, lang, cur)));
            out.push(("forecast by month", sales::month_spec(f, lang, cur)));
            out.push(("forecast by owner", sales::owner_spec(f, &name, lang, cur)));
        }
        if let Some(cl) = &ins.clusters {
            out.push(("clusters", clusters::sizes_spec(cl, lang, cur)));
        }
        if let Some(b) = &ins.basket {
            out.push(("basket", basket::basket_spec(b, lang, cur)));
        }
        for r in &s.surveys {
            out.push(("kano", satisfaction::kano_spec(r, lang)));
            out.push((
                "servqual dimensions",
                satisfaction::servqual_dims_spec(r, lang),
            ));
            out.push(("servqual items", satisfaction::servqual_items_spec(r, lang)));
            out.push(("custom", satisfaction::custom_spec(r, lang)));
        }
        out.into_iter().filter_map(|(n, s)| Some((n, s?))).collect()
    }

    #[test]
    fn every_chart_has_a_full_table_view_and_a_tip_on_every_mark() {
        let ins = demo();
        for lang in Lang::ALL {
            let charts = every_chart(&ins, lang);
            assert!(
                charts.len() >= 20,
                "the demo fills every chart: {}",
                charts.len()
            );
            for (name, s) in charts {
                assert!(!s.rows.is_empty(), "{name}: a table view");
                for row in &s.rows {
                    assert_eq!(row.len(), s.head.len(), "{name}: a cell per column");
                }
                // (A grid's empty cells, such as the cohorts' months to come, draw nothing.)
                for m in marks(&s).iter().filter(|m| !m.value.is_nan()) {
                    assert!(!m.tip.is_empty(), "{name}: a tip on {m:?}");
                }
            }
        }
    }

    #[test]
    fn the_pyramid_counts_each_tiered_customer_once_and_drills_into_its_tier() {
        let ins = demo();
        let s = value::pyramid_spec(&ins, Lang::En, Currency::Cny).unwrap();
        let m = marks(&s);
        assert_eq!(m.len(), Tier::ALL.len());
        let drawn: f64 = m.iter().map(|m| m.value).sum();
        let tiered: u32 = ins.pyramid.tiers.iter().map(|t| t.customers).sum();
        assert_eq!(drawn, tiered as f64);
        for (mark, tier) in m.iter().zip(Tier::ALL) {
            let filter = InsightFilter::Tier(tier);
            assert_eq!(mark.href.as_deref(), Some(customers_in(filter).as_str()));
        }
        // The demo's orders have costs: the table shows each tier's gross margin.
        assert!(!ins.pyramid.by_margin, "ranked by revenue unless asked");
        assert_eq!(s.head.last().map(String::as_str), Some("Gross margin"));
        assert!(s.rows.iter().all(|r| r.len() == 5));
    }

    #[test]
    fn the_nps_distribution_adds_up_to_the_responses() {
        let ins = demo();
        let s = &ins.satisfaction;
        let spec = satisfaction::distribution_spec(s, Lang::Zh, Currency::Cny).unwrap();
        let drawn: f64 = marks(&spec).iter().map(|m| m.value).sum();
        assert_eq!(drawn, s.nps.responses() as f64);
    }

    #[test]
    fn deltas_read_as_signed_percentages_or_points() {
        assert_eq!(change(110.0, 100.0), "+10%");
        assert_eq!(change(97.0, 100.0), "−3%");
        assert_eq!(change(5.0, 0.0), "", "no base, no change");
    }

    #[test]
    fn the_demo_quotas_are_partly_met_with_a_full_table() {
        use kehu_core::analytics::sales::QuotaPeriod;
        let (ins, staff) = super::fixture::demo_with_staff();
        let f = ins.sales.as_ref().unwrap();
        let roster = Some(kehu_core::staff::Roster::new(staff));
        for period in [QuotaPeriod::Month, QuotaPeriod::Quarter] {
            let spec = sales::quota_spec(f, &roster, period, Lang::Zh, Currency::Cny).unwrap();
            assert_eq!(
                spec.rows.len(),
                3,
                "the manager and two sellers have quotas"
            );
            assert!(spec.rows.iter().all(|r| r.len() == spec.head.len()));
        }
        let quarter = sales::quota_spec(f, &roster, QuotaPeriod::Quarter, Lang::En, Currency::Cny);
        let shares: Vec<f64> = marks(&quarter.unwrap()).iter().map(|m| m.value).collect();
        assert!(
            shares.iter().any(|&s| s > 0.0 && s < 1.0),
            "partly met: {shares:?}"
        );
        use kehu_core::analytics::sales::CommissionBasis;
        let paid =
            sales::commission_spec(f, &roster, CommissionBasis::Won, Lang::Zh, Currency::Cny)
                .unwrap();
        assert_eq!(paid.rows.len(), 4, "everyone in the demo has a rate");
        assert!(paid.rows.iter().all(|r| r.len() == paid.head.len()));
        // On paid orders: the demo's sellers were paid for orders this month.
        let on_paid =
            sales::commission_spec(f, &roster, CommissionBasis::Paid, Lang::En, Currency::Cny)
                .unwrap();
        assert_eq!(on_paid.head[2], "Paid orders this month");
        assert!(marks(&on_paid).iter().any(|m| m.value > 0.0));
        assert!(marks(&on_paid).iter().all(|m| m.href.is_none()));
        assert!(sales::quota_spec(f, &None, QuotaPeriod::Month, Lang::En, Currency::Cny).is_none());
    }

    #[test]
    fn every_sales_bar_drills_down_to_its_slice_of_the_same_period() {
        let ins = demo();
        let f = ins.sales.as_ref().expect("the demo has a pipeline");
        let spec = sales::funnel_spec(f, Lang::Zh, Currency::Cny).unwrap();
        let hrefs: Vec<&str> = marks(&spec)
            .iter()
            .filter_map(|m| m.href.as_deref())
            .collect();
        assert_eq!(hrefs.len(), 4);
        assert_eq!(
            hrefs[2],
            format!(
                "#/opportunities?slice=reached%3Anegotiation&to={}",
                f.opened.to
            )
        );
        let owners = sales::owner_spec(f, &|w| w.to_string(), Lang::En, Currency::Cny).unwrap();
        let weighted: Vec<f64> = marks(&owners).iter().map(|m| m.value).collect();
        assert!(weighted.windows(2).all(|w| w[0] >= w[1]), "largest first");
        let total: f64 = weighted.iter().sum();
        assert!((total - f.weighted.0 as f64 / 100.0).abs() < 1.0);
    }
}
