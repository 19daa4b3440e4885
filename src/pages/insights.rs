//! The dashboards: overview, value, loyalty and clusters, drawn from the cached
//! insights the analytics worker computes (see `analytics.rs`). Nothing is computed
//! here: every figure comes from `kehu_core::analytics::insights`.

use crate::analytics::{Choice, Job, use_analytics};
use crate::charts::{Chart, Mark, Shape, Spec};
use crate::components::Stat;
use crate::i18n::{self, Currency, K, Label, Lang, cluster_words, segment_action, use_i18n};
use crate::route::{Route, Tab, customers_in};
use crate::state::use_app;
use kehu_core::SurveyKind;
use kehu_core::analytics::insights::{
    Action, DimensionGap, Insights, ItemResult, QUADRANTS, Stage, SurveyResult,
};
use kehu_core::analytics::retention::Period;
use kehu_core::analytics::rfm::Segment;
use kehu_core::analytics::satisfaction::{Dimension, Kano, KanoFeature, Loyalty};
use kehu_core::analytics::value::Tier;
use kehu_core::query::InsightFilter;
use kehu_core::{Cents, Day};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

#[component]
pub fn InsightsPage(tab: Tab) -> impl IntoView {
    let a = use_analytics();
    let i = use_i18n();
    a.ensure();
    let ins = Memo::new(move |_| a.cached.get().map(|c| Arc::new(c.insights.clone())));
    let tab_link = move |t: Tab, k: K| {
        let cls = if t == tab { "tab active" } else { "tab" };
        view! {
            <a class=cls href=Route::Insights(t).href() aria-current=(t == tab).then_some("page")>{move || i.t(k)}</a>
        }
    };
    let body = move || match ins.get() {
        None => view! { <p class="empty">{move || i.t(K::AnalysisNone)}</p> }.into_any(),
        Some(x) => match tab {
            Tab::Overview => view! { <Overview ins=x/> }.into_any(),
            Tab::Value => view! { <Value ins=x/> }.into_any(),
            Tab::Loyalty => view! { <Loyalty ins=x/> }.into_any(),
            Tab::Satisfaction => view! { <Satisfaction ins=x/> }.into_any(),
            Tab::Clusters => view! { <Clusters ins=x/> }.into_any(),
        },
    };
    view! {
        <section class="page insights">
            <div class="page-head">
                <h1>{move || i.t(K::NavInsights)}</h1>
                <Controls/>
            </div>
            <JobStatus/>
            <nav class="tabs" aria-label=move || i.t(K::NavInsights)>
                {tab_link(Tab::Overview, K::TabOverview)}
                {tab_link(Tab::Value, K::TabValue)}
                {tab_link(Tab::Loyalty, K::TabLoyalty)}
                {tab_link(Tab::Satisfaction, K::TabSatisfaction)}
                {tab_link(Tab::Clusters, K::TabClusters)}
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
                <span>{move || i.t(K::AnalysisDate)}</span>
                <input type="date" id="analysis-date" prop:value=date_value on:change=on_date/>
            </label>
            <label class="field field-inline">
                <span>{move || i.t(K::AnalysisWindow)}</span>
                <select id="analysis-window" prop:value=window_value on:change=on_window>
                    <option value="">{move || i.t(K::WindowAll)}</option>
                    <option value="365">{move || i.t(K::WindowDays365)}</option>
                    <option value="730">{move || i.t(K::WindowDays730)}</option>
                </select>
            </label>
            <button class="btn" id="recompute" on:click=move |_| a.run()
                disabled=move || matches!(a.job.get(), Job::Running(_))>{move || i.t(K::Recompute)}</button>
        </div>
    }
}

fn stage_key(s: Stage) -> K {
    match s {
        Stage::Read => K::StageRead,
        Stage::Scores => K::StageScores,
        Stage::Fit => K::StageFit,
        Stage::Predict => K::StagePredict,
        Stage::Cluster => K::StageCluster,
        Stage::Summarise => K::StageSummarise,
        Stage::Save => K::StageSave,
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
                    <label for="analysis-bar">{move || i.t(K::Computing)}": "{move || i.t(stage_key(stage))}</label>
                    <progress id="analysis-bar" max="100" value=pct></progress>
                    <button class="btn btn-small" id="analysis-cancel" on:click=move |_| a.cancel()>{move || i.t(K::Cancel)}</button>
                </div>
            }
            .into_any()
        }
        Job::Failed(e) => view! {
            <div class="panel panel-error job" role="alert">{move || i.t(K::AnalysisFailed)}{e.clone()}</div>
        }
        .into_any(),
        Job::Idle => view! {
            <p class="muted job" id="analysis-as-of">
                {move || as_of().map(|d| format!("{} {d}", i.t(K::ComputedFor)))}
                {move || (a.cached.with(|c| c.is_some()) && a.is_stale()).then(|| view! {
                    " · "<span class="stale">{i.t(K::AnalysisStale)}</span>
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
                {move || { let d = delta.get(); (!d.is_empty()).then(|| format!("{d} {}", i.t(K::VsPrevious))) }}
            </div>
        </div>
    }
}

#[component]
fn Overview(ins: Arc<Insights>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let h = ins.headline;
    let cur = move || app.currency.get();
    let actions = ins.actions.clone();
    let action_view = move |a: Action| {
        let (text, href) = match a {
            Action::WinBack {
                segment,
                customers,
                mean_days,
            } => (
                Signal::derive(move || match i.get() {
                    Lang::Zh => format!(
                        "{customers} 位「{}」客户平均已有 {mean_days} 天没有下单：{}",
                        segment.label(Lang::Zh),
                        segment_action(Lang::Zh, segment)
                    ),
                    Lang::En => format!(
                        "{customers} {} customers have not ordered for {mean_days} days on average. {}",
                        segment.label(Lang::En),
                        segment_action(Lang::En, segment)
                    ),
                }),
                customers_in(InsightFilter::Segment(segment)),
            ),
            Action::ChurnRisk {
                customers,
                value_at_risk,
            } => (
                Signal::derive(move || match i.get() {
                    Lang::Zh => format!(
                        "{customers} 位客户有流失风险，每年约 {} 的销售额面临风险。",
                        money(value_at_risk, cur())
                    ),
                    Lang::En => format!(
                        "{customers} customers are at risk of churning, about {} a year at stake.",
                        money(value_at_risk, cur())
                    ),
                }),
                customers_in(InsightFilter::ChurnRisk),
            ),
            Action::Occasions { customers } => (
                Signal::derive(move || match i.get() {
                    Lang::Zh => format!(
                        "未来 30 天有 {customers} 位客户进入他们惯常的购买月份，提前联系他们。"
                    ),
                    Lang::En => format!(
                        "{customers} customers enter a month they usually buy in within 30 days: contact them ahead."
                    ),
                }),
                Route::Insights(Tab::Loyalty).href(),
            ),
            Action::Welcome { customers } => (
                Signal::derive(move || match i.get() {
                    Lang::Zh => format!(
                        "欢迎 {customers} 位新客户：{}",
                        segment_action(Lang::Zh, Segment::NewCustomers)
                    ),
                    Lang::En => format!(
                        "Welcome {customers} new customers. {}",
                        segment_action(Lang::En, Segment::NewCustomers)
                    ),
                }),
                customers_in(InsightFilter::Segment(Segment::NewCustomers)),
            ),
            Action::Reward { customers } => (
                Signal::derive(move || match i.get() {
                    Lang::Zh => format!(
                        "{customers} 位冠军客户：{}",
                        segment_action(Lang::Zh, Segment::Champions)
                    ),
                    Lang::En => format!(
                        "{customers} champions. {}",
                        segment_action(Lang::En, Segment::Champions)
                    ),
                }),
                customers_in(InsightFilter::Segment(Segment::Champions)),
            ),
        };
        view! {
            <li class="action">
                <span>{text}</span>
                <a class="btn btn-small" href=href>{move || i.t(K::ViewCustomers)}</a>
            </li>
        }
    };
    let seg_ins = ins.clone();
    let segments =
        Signal::derive(move || Some(segment_spec(&seg_ins, i.get(), app.currency.get())));
    view! {
        <div class="stats" id="insight-stats">
            <Stat label=Signal::derive(move || i.t(K::StatCustomers).to_string()) value=Signal::derive(move || i18n::count(h.customers as usize))/>
            <Stat label=Signal::derive(move || i.t(K::StatBuyers).to_string()) value=Signal::derive(move || i18n::count(h.buyers as usize))/>
            <Delta label=Signal::derive(move || i.t(K::StatActive90).to_string()) value=Signal::derive(move || i18n::count(h.active.now as usize))
                delta=Signal::derive(move || change(h.active.now as f64, h.active.before as f64))/>
            <Delta label=Signal::derive(move || i.t(K::StatRevenue90).to_string()) value=Signal::derive(move || money(h.revenue.now, cur()))
                delta=Signal::derive(move || change(h.revenue.now as f64, h.revenue.before as f64))/>
            <Delta label=Signal::derive(move || i.t(K::StatOrders90).to_string()) value=Signal::derive(move || i18n::count(h.orders.now as usize))
                delta=Signal::derive(move || change(h.orders.now as f64, h.orders.before as f64))/>
            <Delta label=Signal::derive(move || i.t(K::StatRepeatRate).to_string()) value=Signal::derive(move || rate(h.repeat_rate.now))
                delta=Signal::derive(move || change_pts(h.repeat_rate.now, h.repeat_rate.before))/>
            <Delta label=Signal::derive(move || i.t(K::StatRetention).to_string()) value=Signal::derive(move || rate(h.retention.now))
                delta=Signal::derive(move || change_pts(h.retention.now, h.retention.before))/>
            <Delta label=Signal::derive(move || i.t(K::StatNps90).to_string()) value=Signal::derive(move || nps_text(h.nps.now))
                delta=Signal::derive(move || nps_change(h.nps.now, h.nps.before))/>
        </div>
        <section class="card" id="top-actions">
            <h2>{move || i.t(K::TopActions)}</h2>
            {if actions.is_empty() {
                view! { <p class="muted">{move || i.t(K::NoActions)}</p> }.into_any()
            } else {
                view! { <ul class="actions">{actions.into_iter().map(action_view).collect_view()}</ul> }.into_any()
            }}
        </section>
        <Chart id="chart-segments" title=Signal::derive(move || i.t(K::ChartSegments).to_string()) spec=segments height=340.0/>
    }
}

fn segment_spec(ins: &Insights, lang: Lang, cur: Currency) -> Spec {
    let marks: Vec<Mark> = ins
        .segments
        .iter()
        .map(|s| Mark {
            label: s.segment.label(lang).to_string(),
            value: s.customers as f64,
            text: format!(
                "{} · {}",
                i18n::count(s.customers as usize),
                money(s.revenue, cur)
            ),
            tip: format!(
                "{}: {} · {}",
                s.segment.label(lang),
                i18n::count(s.customers as usize),
                money(s.revenue, cur)
            ),
            href: Some(customers_in(InsightFilter::Segment(s.segment))),
        })
        .collect();
    Spec {
        shape: Shape::Bars(marks),
        head: vec![
            K::ColSegment.text(lang).into(),
            K::ColCustomers.text(lang).into(),
            K::ColRevenue.text(lang).into(),
            K::ColRecency.text(lang).into(),
        ],
        rows: ins
            .segments
            .iter()
            .map(|s| {
                vec![
                    s.segment.label(lang).into(),
                    i18n::count(s.customers as usize),
                    money(s.revenue, cur),
                    format!("{:.0}", s.mean_recency),
                ]
            })
            .collect(),
    }
}

#[component]
fn Value(ins: Arc<Insights>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let names = names(
        ins.lifetime
            .iter()
            .flat_map(|l| l.top.iter().take(20).map(|t| t.customer))
            .collect(),
    );
    let x = ins.clone();
    let pyramid = Signal::derive(move || {
        let (lang, cur) = (i.get(), app.currency.get());
        let marks = x
            .pyramid
            .tiers
            .iter()
            .map(|t| Mark {
                label: t.tier.label(lang).into(),
                value: t.customers as f64,
                text: format!(
                    "{} · {}",
                    i18n::count(t.customers as usize),
                    i18n::percent(t.share)
                ),
                tip: format!(
                    "{}: {} · {} · {}",
                    t.tier.label(lang),
                    i18n::count(t.customers as usize),
                    money(t.revenue, cur),
                    i18n::percent(t.share)
                ),
                href: Some(customers_in(InsightFilter::Tier(t.tier))),
            })
            .collect();
        Some(Spec {
            shape: Shape::Pyramid(marks),
            head: vec![
                K::ColTier.text(lang).into(),
                K::ColCustomers.text(lang).into(),
                K::ColRevenue.text(lang).into(),
                K::ColShare.text(lang).into(),
            ],
            rows: x
                .pyramid
                .tiers
                .iter()
                .map(|t| {
                    vec![
                        t.tier.label(lang).into(),
                        i18n::count(t.customers as usize),
                        money(t.revenue, cur),
                        i18n::percent(t.share),
                    ]
                })
                .collect(),
        })
    });
    let x = ins.clone();
    let migration = Signal::derive(move || {
        let lang = i.get();
        let m = &x.pyramid.migration;
        let tiers: Vec<String> = Tier::ALL
            .iter()
            .map(|t| t.label(lang).to_string())
            .collect();
        let max = m.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
        let mut cells = Vec::new();
        let mut rows = Vec::new();
        for (a, row) in m.iter().enumerate() {
            let mut line = vec![tiers[a].clone()];
            for (b, &n) in row.iter().enumerate() {
                cells.push(Mark {
                    label: String::new(),
                    value: if n == 0 {
                        f64::NAN
                    } else {
                        (n as f64 / max).sqrt()
                    },
                    text: i18n::count(n as usize),
                    tip: format!("{} → {}: {}", tiers[a], tiers[b], i18n::count(n as usize)),
                    href: Some(customers_in(InsightFilter::Tier(Tier::ALL[b]))),
                });
                line.push(i18n::count(n as usize));
            }
            rows.push(line);
        }
        let mut head = vec![K::ColFrom.text(lang).to_string()];
        head.extend(tiers.iter().cloned());
        Some(Spec {
            shape: Shape::Grid {
                rows: tiers.clone(),
                cols: tiers,
                cells,
            },
            head,
            rows,
        })
    });
    let x = ins.clone();
    let behaviour = Signal::derive(move || {
        let (lang, cur) = (i.get(), app.currency.get());
        let b = x.behaviour.as_ref()?;
        let total = b.quadrants.iter().map(|q| q.customers).sum::<u32>().max(1) as f64;
        // Rows: high F then low F; columns: low A then high A.
        let order = [1usize, 0, 3, 2];
        let cells = order
            .iter()
            .map(|&k| {
                let q = b.quadrants[k];
                Mark {
                    label: q.quadrant.label(lang).into(),
                    value: q.customers as f64 / total,
                    text: format!(
                        "{}\n{}\n{}",
                        q.quadrant.label(lang),
                        i18n::count(q.customers as usize),
                        money(q.revenue, cur)
                    ),
                    tip: format!(
                        "{}: {} · {}",
                        q.quadrant.label(lang),
                        i18n::count(q.customers as usize),
                        money(q.revenue, cur)
                    ),
                    href: Some(customers_in(InsightFilter::Quadrant(QUADRANTS[k]))),
                }
            })
            .collect();
        let (hi, lo) = match lang {
            Lang::Zh => ("高频", "低频"),
            Lang::En => ("Frequent", "Infrequent"),
        };
        let (lo_a, hi_a) = match lang {
            Lang::Zh => ("客单价低", "客单价高"),
            Lang::En => ("Low order value", "High order value"),
        };
        Some(Spec {
            shape: Shape::Grid {
                rows: vec![hi.into(), lo.into()],
                cols: vec![lo_a.into(), hi_a.into()],
                cells,
            },
            head: vec![
                K::ColSegment.text(lang).into(),
                K::ColCustomers.text(lang).into(),
                K::ColRevenue.text(lang).into(),
            ],
            // In the grid's order, so each row links like its cell.
            rows: order
                .iter()
                .map(|&k| {
                    let q = b.quadrants[k];
                    vec![
                        q.quadrant.label(lang).into(),
                        i18n::count(q.customers as usize),
                        money(q.revenue, cur),
                    ]
                })
                .collect(),
        })
    });
    let x = ins.clone();
    let rf = Signal::derive(move || {
        let (lang, cur) = (i.get(), app.currency.get());
        let max = x
            .rf_grid
            .iter()
            .map(|c| c.customers)
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let cells = x
            .rf_grid
            .iter()
            .map(|c| Mark {
                label: String::new(),
                value: if c.customers == 0 {
                    f64::NAN
                } else {
                    (c.customers as f64 / max).sqrt()
                },
                text: format!(
                    "{}\n{}",
                    i18n::count(c.customers as usize),
                    money(c.mean_monetary, cur)
                ),
                tip: format!(
                    "R{} F{} · {}: {} · {}",
                    c.r,
                    c.f,
                    Segment::of(c.r, c.f).label(lang),
                    i18n::count(c.customers as usize),
                    money(c.mean_monetary, cur)
                ),
                href: Some(customers_in(InsightFilter::Rf(c.r, c.f))),
            })
            .collect();
        Some(Spec {
            shape: Shape::Grid {
                rows: (1..=5).rev().map(|r| format!("R{r}")).collect(),
                cols: (1..=5).map(|f| format!("F{f}")).collect(),
                cells,
            },
            head: vec![
                "R".into(),
                "F".into(),
                K::ColSegment.text(lang).into(),
                K::ColCustomers.text(lang).into(),
                K::ColMeanSpend.text(lang).into(),
            ],
            rows: x
                .rf_grid
                .iter()
                .map(|c| {
                    vec![
                        c.r.to_string(),
                        c.f.to_string(),
                        Segment::of(c.r, c.f).label(lang).into(),
                        i18n::count(c.customers as usize),
                        money(c.mean_monetary, cur),
                    ]
                })
                .collect(),
        })
    });
    let x = ins.clone();
    let clv = Signal::derive(move || {
        let (lang, cur) = (i.get(), app.currency.get());
        let l = x.lifetime.as_ref()?;
        l.total_clv?;
        let range = |b: &kehu_core::analytics::insights::Bin| {
            format!("{}–{}", money(b.low, cur), money(b.high, cur))
        };
        Some(Spec {
            shape: Shape::Columns(
                l.clv_bins
                    .iter()
                    .map(|b| Mark {
                        label: money(b.high, cur),
                        value: b.customers as f64,
                        text: i18n::count(b.customers as usize),
                        tip: format!("{}: {}", range(b), i18n::count(b.customers as usize)),
                        href: Some(customers_in(InsightFilter::Clv(b.low / 100, b.high / 100))),
                    })
                    .collect(),
            ),
            head: vec![
                K::ColRange.text(lang).into(),
                K::ColCustomers.text(lang).into(),
            ],
            rows: l
                .clv_bins
                .iter()
                .map(|b| vec![range(b), i18n::count(b.customers as usize)])
                .collect(),
        })
    });
    let by_clv = ins.pyramid.by_clv;
    let model_error = ins.model_error.clone();
    let top = ins
        .lifetime
        .as_ref()
        .map(|l| l.top.clone())
        .unwrap_or_default();
    let segs = ins.segments.clone();
    view! {
        <div class="grid-2">
            <Chart id="chart-pyramid" title=Signal::derive(move || i.t(K::ChartPyramid).to_string()) spec=pyramid height=260.0
                note=Signal::derive(move || i.t(if by_clv { K::PyramidByClv } else { K::PyramidByRevenue }).to_string())/>
            <Chart id="chart-migration" title=Signal::derive(move || i.t(K::ChartMigration).to_string()) spec=migration height=260.0
                note=Signal::derive(move || i.t(K::MigrationNote).to_string())/>
            <Chart id="chart-rf" title=Signal::derive(move || i.t(K::ChartRf).to_string()) spec=rf height=320.0
                note=Signal::derive(move || i.t(K::RfNote).to_string())/>
            <Chart id="chart-behaviour" title=Signal::derive(move || i.t(K::ChartBehaviour).to_string()) spec=behaviour height=320.0
                note=Signal::derive(move || i.t(K::BehaviourNote).to_string())/>
        </div>
        <section class="card" id="segment-cards">
            <h2>{move || i.t(K::SegmentCards)}</h2>
            <div class="segment-grid">
                {segs.into_iter().filter(|s| s.customers > 0).map(|s| view! {
                    <article class="segment-card">
                        <h3>{move || s.segment.label(i.get())}</h3>
                        <p class="segment-figures">{i18n::count(s.customers as usize)}" · "{move || money(s.revenue, app.currency.get())}</p>
                        <p class="muted">{move || segment_action(i.get(), s.segment)}</p>
                        <a class="btn btn-small" href=customers_in(InsightFilter::Segment(s.segment))>{move || i.t(K::ViewCustomers)}</a>
                    </article>
                }).collect_view()}
            </div>
        </section>
        {model_error.map(|e| view! { <p class="panel-warn">{move || i.t(K::ModelNotFitted)}{e.clone()}</p> })}
        <div class="grid-2">
            <Chart id="chart-clv" title=Signal::derive(move || i.t(K::ChartClv).to_string()) spec=clv height=240.0/>
            <section class="card" id="top-clv">
                <h2>{move || i.t(K::TopClv)}</h2>
                <div class="table-wrap table-scroll">
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{move || i.t(K::ColCustomer)}</th>
                            <th scope="col" class="num">{move || i.t(K::ColClv)}</th>
                            <th scope="col" class="num">{move || i.t(K::ColPAlive)}</th>
                            <th scope="col" class="num">{move || i.t(K::ColExpected)}</th>
                        </tr></thead>
                        <tbody>
                            {top.into_iter().take(20).map(|t| {
                                let who = move || names.with(|n| n.get(&t.customer).cloned());
                                view! {
                                    <tr>
                                        <td>{move || who().map(|(id, name)| view! { <a href=Route::Customer(id).href()>{name}</a> })}</td>
                                        <td class="num">{move || money(t.clv, app.currency.get())}</td>
                                        <td class="num">{i18n::percent(t.p_alive)}</td>
                                        <td class="num">{format!("{:.2}", t.expected_purchases)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </div>
    }
}

#[component]
fn Loyalty(ins: Arc<Insights>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let names = names(
        ins.churn
            .iter()
            .take(20)
            .map(|c| c.customer)
            .chain(ins.occasions.iter().take(30).map(|o| o.customer))
            .collect(),
    );
    let x = ins.clone();
    let retention = Signal::derive(move || {
        let lang = i.get();
        if x.retention.is_empty() {
            return None;
        }
        let r = |p: &kehu_core::analytics::insights::RetentionPoint| {
            (p.previous > 0).then(|| p.retained as f64 / p.previous as f64)
        };
        Some(Spec {
            shape: Shape::Columns(
                x.retention
                    .iter()
                    .map(|p| Mark {
                        label: Period::Month.label(p.month),
                        value: r(p).unwrap_or(0.0),
                        text: rate(r(p)),
                        tip: format!(
                            "{}: {} ({}/{})",
                            Period::Month.label(p.month),
                            rate(r(p)),
                            p.retained,
                            p.previous
                        ),
                        href: Some(customers_in(InsightFilter::Retained(p.month))),
                    })
                    .collect(),
            ),
            head: vec![
                K::ColMonth.text(lang).into(),
                K::ColRate.text(lang).into(),
                K::ColCustomers.text(lang).into(),
            ],
            rows: x
                .retention
                .iter()
                .map(|p| {
                    vec![
                        Period::Month.label(p.month),
                        rate(r(p)),
                        format!("{}/{}", p.retained, p.previous),
                    ]
                })
                .collect(),
        })
    });
    let x = ins.clone();
    let cohorts = Signal::derive(move || {
        let lang = i.get();
        if x.cohorts.is_empty() {
            return None;
        }
        let width = x
            .cohorts
            .iter()
            .map(|c| c.active.len())
            .max()
            .unwrap_or(1)
            .min(12);
        let mut cells = Vec::new();
        let mut rows = Vec::new();
        for c in &x.cohorts {
            let mut line = vec![Period::Month.label(c.month), c.size.to_string()];
            for k in 0..width {
                let v = c.active.get(k).map(|&a| a as f64 / c.size.max(1) as f64);
                cells.push(Mark {
                    label: String::new(),
                    value: v.unwrap_or(f64::NAN),
                    text: v.map(i18n::percent).unwrap_or_default(),
                    tip: v
                        .map(|v| {
                            format!(
                                "{} +{k}: {}",
                                Period::Month.label(c.month),
                                i18n::percent(v)
                            )
                        })
                        .unwrap_or_default(),
                    href: v.map(|_| customers_in(InsightFilter::CohortActive(c.month, k as u8))),
                });
                line.push(v.map(i18n::percent).unwrap_or_default());
            }
            rows.push(line);
        }
        let mut head = vec![
            K::ColMonth.text(lang).to_string(),
            K::ColCustomers.text(lang).to_string(),
        ];
        head.extend((0..width).map(|k| format!("+{k}")));
        Some(Spec {
            shape: Shape::Grid {
                rows: x
                    .cohorts
                    .iter()
                    .map(|c| Period::Month.label(c.month))
                    .collect(),
                cols: (0..width).map(|k| format!("+{k}")).collect(),
                cells,
            },
            head,
            rows,
        })
    });
    let x = ins.clone();
    let p_alive = Signal::derive(move || {
        let lang = i.get();
        let l = x.lifetime.as_ref()?;
        let label = |k: usize| format!("{}–{}%", k * 10, k * 10 + 10);
        Some(Spec {
            shape: Shape::Columns(
                l.p_alive_bins
                    .iter()
                    .enumerate()
                    .map(|(k, &n)| Mark {
                        label: label(k),
                        value: n as f64,
                        text: i18n::count(n as usize),
                        tip: format!("{}: {}", label(k), i18n::count(n as usize)),
                        href: Some(customers_in(InsightFilter::PAlive(k as u8))),
                    })
                    .collect(),
            ),
            head: vec![
                K::ColPAlive.text(lang).into(),
                K::ColCustomers.text(lang).into(),
            ],
            rows: l
                .p_alive_bins
                .iter()
                .enumerate()
                .map(|(k, &n)| vec![label(k), i18n::count(n as usize)])
                .collect(),
        })
    });
    let repeat = ins.headline.repeat_rate.now;
    let churn = ins.churn.clone();
    let churn_total = ins.churn_total;
    let occasions = ins.occasions.clone();
    view! {
        <div class="stats stats-small">
            <Stat label=Signal::derive(move || i.t(K::StatRepeatRate).to_string()) value=Signal::derive(move || rate(repeat))/>
            <Stat label=Signal::derive(move || i.t(K::ChurnRiskBadge).to_string()) value=Signal::derive(move || i18n::count(churn_total as usize))/>
        </div>
        <div class="grid-2">
            <Chart id="chart-retention" title=Signal::derive(move || i.t(K::ChartRetention).to_string()) spec=retention height=240.0/>
            <Chart id="chart-p-alive" title=Signal::derive(move || i.t(K::ChartPAlive).to_string()) spec=p_alive height=240.0/>
        </div>
        <Chart id="chart-cohorts" title=Signal::derive(move || i.t(K::ChartCohorts).to_string()) spec=cohorts height=360.0/>
        <div class="grid-2">
            <section class="card" id="churn-list">
                <div class="card-head">
                    <h2>{move || i.t(K::ChurnList)}</h2>
                    <a class="btn btn-small" href=customers_in(InsightFilter::ChurnRisk)>{move || i.t(K::ViewCustomers)}</a>
                </div>
                <div class="table-wrap table-scroll">
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{move || i.t(K::ColCustomer)}</th>
                            <th scope="col" class="num">{move || i.t(K::ColValueAtRisk)}</th>
                            <th scope="col" class="num">{move || i.t(K::ColPAlive)}</th>
                            <th scope="col" class="num">{move || i.t(K::ColDaysSince)}</th>
                            <th scope="col" class="num">{move || i.t(K::ColUsualGap)}</th>
                        </tr></thead>
                        <tbody>
                            {churn.into_iter().take(20).map(|c| {
                                let who = move || names.with(|n| n.get(&c.customer).cloned());
                                view! {
                                    <tr>
                                        <td>{move || who().map(|(id, name)| view! { <a href=Route::Customer(id).href()>{name}</a> })}</td>
                                        <td class="num">{move || money(c.value_at_risk, app.currency.get())}</td>
                                        <td class="num">{rate(c.p_alive)}</td>
                                        <td class="num">{c.days_since}</td>
                                        <td class="num">{c.usual_interval.map(|g| format!("{g:.0}")).unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section class="card" id="occasions">
                <h2>{move || i.t(K::OccasionsList)}</h2>
                {if occasions.is_empty() {
                    view! { <p class="muted">{move || i.t(K::NothingToShow)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap table-scroll">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{move || i.t(K::ColCustomer)}</th>
                                    <th scope="col">{move || i.t(K::ColRemindOn)}</th>
                                    <th scope="col">{move || i.t(K::ColForMonth)}</th>
                                    <th scope="col" class="num">{move || i.t(K::ColYears)}</th>
                                </tr></thead>
                                <tbody>
                                    {occasions.into_iter().take(30).map(|o| {
                                        let who = move || names.with(|n| n.get(&o.customer).cloned());
                                        view! {
                                            <tr>
                                                <td>{move || who().map(|(id, name)| view! { <a href=Route::Customer(id).href()>{name}</a> })}</td>
                                                <td>{move || i18n::date(i.get(), o.remind_on)}</td>
                                                <td>{Period::Month.label(Period::Month.index(o.month_start))}</td>
                                                <td class="num">{o.years}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

#[component]
fn Clusters(ins: Arc<Insights>) -> impl IntoView {
    let a = use_analytics();
    let app = use_app();
    let i = use_i18n();
    let Some(cl) = ins.clusters.clone() else {
        return view! { <p class="empty">{move || i.t(K::NothingToShow)}</p> }.into_any();
    };
    let best = cl
        .silhouettes
        .iter()
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|x| x.0);
    let current = cl.k;
    let on_k = move |ev| {
        if let Ok(k) = event_target_value(&ev).parse::<u8>() {
            let c = a.choice.get_untracked();
            a.set_choice(Choice { clusters: k, ..c });
        }
    };
    let sil = cl.silhouettes.clone();
    let bars_height = cl.clusters.len() as f64 * 34.0 + 12.0;
    let x = cl.clone();
    let sizes = Signal::derive(move || {
        let (lang, cur) = (i.get(), app.currency.get());
        Some(Spec {
            shape: Shape::Bars(
                x.clusters
                    .iter()
                    .enumerate()
                    .map(|(k, c)| Mark {
                        label: format!("{} {}", K::ClusterLabel.text(lang), k + 1),
                        value: c.customers as f64,
                        text: format!(
                            "{} · {}",
                            i18n::count(c.customers as usize),
                            money(c.revenue, cur)
                        ),
                        tip: cluster_words(lang, c.recency, c.frequency, c.monetary),
                        href: Some(customers_in(InsightFilter::Cluster(k as u8))),
                    })
                    .collect(),
            ),
            head: vec![
                K::ColCluster.text(lang).into(),
                K::ColCustomers.text(lang).into(),
                K::ColRevenue.text(lang).into(),
                K::ColRecency.text(lang).into(),
            ],
            rows: x
                .clusters
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    vec![
                        (k + 1).to_string(),
                        i18n::count(c.customers as usize),
                        money(c.revenue, cur),
                        format!("{:.0}", c.mean_recency),
                    ]
                })
                .collect(),
        })
    });
    view! {
        <section class="card">
            <label class="field field-inline">
                <span>{move || i.t(K::ClusterCount)}</span>
                <select id="cluster-k" on:change=on_k>
                    {sil.into_iter().map(|(k, s)| {
                        let rec = best == Some(k);
                        view! {
                            <option value=k.to_string() selected=k == current>
                                {move || format!("k = {k} · {} {s:.2}{}", i.t(K::Silhouette), if rec { format!(" · {}", i.t(K::Recommended)) } else { String::new() })}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </label>
        </section>
        <Chart id="chart-clusters" title=Signal::derive(move || i.t(K::ChartClusterSizes).to_string()) spec=sizes height=bars_height/>
        <div class="segment-grid" id="cluster-profiles">
            {cl.clusters.into_iter().enumerate().map(|(k, c)| view! {
                <article class="segment-card">
                    <h3>{move || format!("{} {}", i.t(K::ClusterLabel), k + 1)}</h3>
                    <p>{move || cluster_words(i.get(), c.recency, c.frequency, c.monetary)}</p>
                    <p class="muted">{move || match i.get() {
                        Lang::Zh => format!("{} 位客户；平均 {:.0} 天未购，{:.1} 单，消费 {}", i18n::count(c.customers as usize), c.mean_recency, c.mean_orders, money((c.mean_spend * 100.0).round() as i64, app.currency.get())),
                        Lang::En => format!("{} customers; on average {:.0} days since the last order, {:.1} orders, {} spent", i18n::count(c.customers as usize), c.mean_recency, c.mean_orders, money((c.mean_spend * 100.0).round() as i64, app.currency.get())),
                    }}</p>
                    <a class="btn btn-small" href=customers_in(InsightFilter::Cluster(k as u8))>{move || i.t(K::ViewCustomers)}</a>
                </article>
            }).collect_view()}
        </div>
    }
    .into_any()
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

#[component]
fn Satisfaction(ins: Arc<Insights>) -> impl IntoView {
    let i = use_i18n();
    let s = ins.satisfaction.clone();
    let x = s.clone();
    let distribution = Signal::derive(move || {
        let lang = i.get();
        if x.nps.responses() == 0 {
            return None;
        }
        Some(Spec {
            shape: Shape::Columns(
                x.nps_scores
                    .iter()
                    .enumerate()
                    .map(|(v, &n)| Mark {
                        label: v.to_string(),
                        value: n as f64,
                        text: i18n::count(n as usize),
                        tip: format!("{v}: {}", i18n::count(n as usize)),
                        href: None,
                    })
                    .collect(),
            ),
            head: vec![
                K::ColScore.text(lang).into(),
                K::ColResponses.text(lang).into(),
            ],
            rows: x
                .nps_scores
                .iter()
                .enumerate()
                .map(|(v, &n)| vec![v.to_string(), i18n::count(n as usize)])
                .collect(),
        })
    });
    let x = s.clone();
    let trend = Signal::derive(move || {
        let lang = i.get();
        if x.nps_trend.is_empty() {
            return None;
        }
        Some(Spec {
            shape: Shape::Columns(
                x.nps_trend
                    .iter()
                    .map(|m| Mark {
                        label: Period::Month.label(m.month),
                        value: m.nps.score().unwrap_or(0.0),
                        text: nps_text(m.nps.score()),
                        tip: format!(
                            "{}: NPS {} ({})",
                            Period::Month.label(m.month),
                            nps_text(m.nps.score()),
                            m.nps.responses()
                        ),
                        href: None,
                    })
                    .collect(),
            ),
            head: vec![
                K::ColMonth.text(lang).into(),
                "NPS".into(),
                K::ColResponses.text(lang).into(),
            ],
            rows: x
                .nps_trend
                .iter()
                .map(|m| {
                    vec![
                        Period::Month.label(m.month),
                        nps_text(m.nps.score()),
                        m.nps.responses().to_string(),
                    ]
                })
                .collect(),
        })
    });
    let x = s.clone();
    let quadrant = Signal::derive(move || {
        let lang = i.get();
        let total: u32 = x.loyalty.iter().sum();
        if total == 0 {
            return None;
        }
        // Row-major: the quadrants' order is already (high, high), (high, low), ...
        let cells: Vec<Mark> = Loyalty::ALL
            .iter()
            .zip(x.loyalty)
            .map(|(&l, n)| Mark {
                label: l.label(lang).into(),
                value: n as f64 / total as f64,
                text: format!("{}\n{}", l.label(lang), i18n::count(n as usize)),
                tip: format!("{}: {}", l.label(lang), i18n::count(n as usize)),
                href: Some(customers_in(InsightFilter::Loyalty(l))),
            })
            .collect();
        Some(Spec {
            shape: Shape::Grid {
                rows: vec![
                    K::AttitudeHigh.text(lang).into(),
                    K::AttitudeLow.text(lang).into(),
                ],
                cols: vec![
                    K::BehaviourHigh.text(lang).into(),
                    K::BehaviourLow.text(lang).into(),
                ],
                cells,
            },
            head: vec![
                K::ColSegment.text(lang).into(),
                K::ColCustomers.text(lang).into(),
            ],
            rows: Loyalty::ALL
                .iter()
                .zip(x.loyalty)
                .map(|(l, n)| vec![l.label(lang).into(), i18n::count(n as usize)])
                .collect(),
        })
    });
    let x = s.clone();
    let curve = Signal::derive(move || {
        let lang = i.get();
        if x.curve.iter().all(|p| p.customers == 0) {
            return None;
        }
        let share = |p: &kehu_core::analytics::insights::CurvePoint| {
            (p.customers > 0).then(|| p.repurchased as f64 / p.customers as f64)
        };
        Some(Spec {
            shape: Shape::Columns(
                x.curve
                    .iter()
                    .map(|p| Mark {
                        label: format!("CSAT {}", p.score),
                        value: share(p).unwrap_or(0.0),
                        text: rate(share(p)),
                        tip: format!(
                            "CSAT {}: {} ({}/{})",
                            p.score,
                            rate(share(p)),
                            p.repurchased,
                            p.customers
                        ),
                        href: Some(customers_in(InsightFilter::Csat(p.score))),
                    })
                    .collect(),
            ),
            head: vec![
                K::ColScore.text(lang).into(),
                K::ColCustomers.text(lang).into(),
                K::ColRepurchased.text(lang).into(),
            ],
            rows: x
                .curve
                .iter()
                .map(|p| {
                    vec![
                        p.score.to_string(),
                        i18n::count(p.customers as usize),
                        rate(share(p)),
                    ]
                })
                .collect(),
        })
    });
    let nps = s.nps;
    let (csat, ces, ces_n, csi) = (s.csat, s.ces, s.ces_responses, s.csi);
    // Archived surveys without answers in the window have nothing left to say.
    let results: Vec<SurveyResult> = s
        .surveys
        .iter()
        .filter(|r| !r.archived || r.responses > 0)
        .cloned()
        .collect();
    let unknown = s.loyalty_unknown;
    view! {
        <div class="page-actions section-actions">
            <ResponseImport/>
            <a class="btn" id="open-kiosk" href=Route::Kiosk { customer: None, survey: None }.href()>{move || i.t(K::KioskOpen)}</a>
        </div>
        <div class="stats stats-small" id="satisfaction-stats">
            <Stat label=Signal::derive(move || "NPS".to_string()) value=Signal::derive(move || nps_text(nps.score()))/>
            <Stat label=Signal::derive(move || i.t(K::NpsMix).to_string())
                value=Signal::derive(move || format!("{} / {} / {}", nps.promoters, nps.passives, nps.detractors))/>
            <Stat label=Signal::derive(move || "CSAT".to_string()) value=Signal::derive(move || csat.map(|v| format!("{v:.0}%")).unwrap_or_else(|| "–".into()))/>
            <Stat label=Signal::derive(move || i.t(K::CesLabel).to_string()) value=Signal::derive(move || ces.map(|v| format!("{v:.2} ({ces_n})")).unwrap_or_else(|| "–".into()))/>
            <Stat label=Signal::derive(move || i.t(K::CsiLabel).to_string()) value=Signal::derive(move || csi.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into()))/>
        </div>
        <div class="grid-2">
            <Chart id="chart-nps" title=Signal::derive(move || i.t(K::ChartNps).to_string()) spec=distribution height=240.0
                note=Signal::derive(move || i.t(K::NpsNote).to_string())/>
            <Chart id="chart-nps-trend" title=Signal::derive(move || i.t(K::ChartNpsTrend).to_string()) spec=trend height=240.0/>
            <Chart id="chart-loyalty" title=Signal::derive(move || i.t(K::ChartLoyalty).to_string()) spec=quadrant height=260.0
                note=Signal::derive(move || format!("{} {}", i.t(K::LoyaltyNote), i18n::count(unknown as usize)))/>
            <Chart id="chart-curve" title=Signal::derive(move || i.t(K::ChartCurve).to_string()) spec=curve height=260.0
                note=Signal::derive(move || i.t(K::CurveNote).to_string())/>
        </div>
        {results.into_iter().enumerate().map(|(n, r)| view! { <SurveyResults r=r n=n/> }).collect_view()}
        <p><a class="btn" id="manage-surveys" href=Route::Surveys.href()>{move || i.t(K::ManageSurveys)}</a></p>
    }
}

fn coefficient(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

fn signed(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:+.2}"))
}

fn mean(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

/// The Kano chart: each feature at (|worse|, better), coloured by its category.
fn kano_spec(r: &SurveyResult, lang: Lang) -> Option<Spec> {
    let answered: Vec<(&ItemResult, &KanoFeature)> = r
        .items
        .iter()
        .filter_map(|it| {
            it.kano
                .as_ref()
                .filter(|k| k.better.is_some())
                .map(|k| (it, k))
        })
        .collect();
    if answered.is_empty() {
        return None;
    }
    let category = |k: &KanoFeature| k.category.map_or("–", |c| c.label(lang));
    Some(Spec {
        shape: Shape::Scatter {
            x_axis: "|Worse|".into(),
            y_axis: "Better".into(),
            marks: answered
                .iter()
                .map(|(it, k)| Mark {
                    label: it.text.clone(),
                    value: k.better.unwrap_or(0.0),
                    text: category(k).into(),
                    tip: format!(
                        "{}: {} · Better {} · Worse {} ({})",
                        it.text,
                        category(k),
                        coefficient(k.better),
                        coefficient(k.worse),
                        it.answers
                    ),
                    href: None,
                })
                .collect(),
            at: answered
                .iter()
                .map(|(_, k)| {
                    let g = k
                        .category
                        .and_then(|c| Kano::ALL.iter().position(|&x| x == c));
                    (
                        -k.worse.unwrap_or(0.0),
                        k.better.unwrap_or(0.0),
                        g.unwrap_or(3),
                    )
                })
                .collect(),
            groups: Kano::ALL
                .iter()
                .map(|k| k.label(lang).to_string())
                .collect(),
            corners: [
                Kano::Attractive,
                Kano::OneDimensional,
                Kano::MustBe,
                Kano::Indifferent,
            ]
            .map(|k| k.label(lang).to_string()),
        },
        head: vec![
            K::ColFeature.text(lang).into(),
            K::ColCategory.text(lang).into(),
            K::ColBetter.text(lang).into(),
            K::ColWorse.text(lang).into(),
            K::ColResponses.text(lang).into(),
        ],
        rows: answered
            .iter()
            .map(|(it, k)| {
                vec![
                    it.text.clone(),
                    category(k).into(),
                    coefficient(k.better),
                    coefficient(k.worse),
                    it.answers.to_string(),
                ]
            })
            .collect(),
    })
}

/// SERVQUAL gap bars per dimension, with the expectation and perception behind them.
fn servqual_dims_spec(r: &SurveyResult, lang: Lang) -> Option<Spec> {
    let dims: Vec<&DimensionGap> = r.dimensions.iter().filter(|d| d.gap.is_some()).collect();
    if dims.is_empty() {
        return None;
    }
    let weight = |d: &DimensionGap| {
        let k = Dimension::ALL
            .iter()
            .position(|&x| x == d.dimension)
            .unwrap_or(0);
        format!("{:.0}%", r.weights[k] * 100.0)
    };
    Some(Spec {
        shape: Shape::Bars(
            dims.iter()
                .map(|d| Mark {
                    label: d.dimension.label(lang).into(),
                    value: d.gap.unwrap_or(0.0),
                    text: format!(
                        "{} (E {} · P {})",
                        signed(d.gap),
                        mean(d.expectation),
                        mean(d.perception)
                    ),
                    tip: format!(
                        "{}: {} {} · {} {} · {} {}",
                        d.dimension.label(lang),
                        K::ColExpectation.text(lang),
                        mean(d.expectation),
                        K::ColPerception.text(lang),
                        mean(d.perception),
                        K::ColGap.text(lang),
                        signed(d.gap)
                    ),
                    href: None,
                })
                .collect(),
        ),
        head: vec![
            K::ColDimension.text(lang).into(),
            K::ColExpectation.text(lang).into(),
            K::ColPerception.text(lang).into(),
            K::ColGap.text(lang).into(),
            K::ColItems.text(lang).into(),
            K::ColWeight.text(lang).into(),
        ],
        rows: dims
            .iter()
            .map(|d| {
                vec![
                    d.dimension.label(lang).into(),
                    mean(d.expectation),
                    mean(d.perception),
                    signed(d.gap),
                    d.items.to_string(),
                    weight(d),
                ]
            })
            .collect(),
    })
}

/// SERVQUAL gap bars per item.
fn servqual_items_spec(r: &SurveyResult, lang: Lang) -> Option<Spec> {
    let items: Vec<&ItemResult> = r.items.iter().filter(|it| it.gap.is_some()).collect();
    if items.is_empty() {
        return None;
    }
    let dim = |it: &ItemResult| it.dimension.map_or("–", |d| d.label(lang));
    Some(Spec {
        shape: Shape::Bars(
            items
                .iter()
                .map(|it| Mark {
                    label: it.text.clone(),
                    value: it.gap.unwrap_or(0.0),
                    text: signed(it.gap),
                    tip: format!(
                        "{} ({}): E {} · P {} · {}",
                        it.text,
                        dim(it),
                        mean(it.expectation),
                        mean(it.perception),
                        signed(it.gap)
                    ),
                    href: None,
                })
                .collect(),
        ),
        head: vec![
            K::ItemText.text(lang).into(),
            K::ColDimension.text(lang).into(),
            K::ColExpectation.text(lang).into(),
            K::ColPerception.text(lang).into(),
            K::ColGap.text(lang).into(),
            K::ColResponses.text(lang).into(),
        ],
        rows: items
            .iter()
            .map(|it| {
                vec![
                    it.text.clone(),
                    dim(it).into(),
                    mean(it.expectation),
                    mean(it.perception),
                    signed(it.gap),
                    it.answers.to_string(),
                ]
            })
            .collect(),
    })
}

/// Custom items: the mean answer of each, on its own scale.
fn custom_spec(r: &SurveyResult, lang: Lang) -> Option<Spec> {
    let items: Vec<&ItemResult> = r.items.iter().filter(|it| it.mean.is_some()).collect();
    if items.is_empty() {
        return None;
    }
    let scale = |it: &ItemResult| format!("{}–{}", it.scale.0, it.scale.1);
    Some(Spec {
        shape: Shape::Bars(
            items
                .iter()
                .map(|it| Mark {
                    label: it.text.clone(),
                    // Shares of the scale, so items on different scales compare.
                    value: (it.mean.unwrap_or(0.0) - it.scale.0 as f64)
                        / (it.scale.1 - it.scale.0).max(1) as f64,
                    text: format!("{} / {} (n = {})", mean(it.mean), it.scale.1, it.answers),
                    tip: format!(
                        "{}: {} ({}) · {}",
                        it.text,
                        mean(it.mean),
                        scale(it),
                        it.answers
                    ),
                    href: None,
                })
                .collect(),
        ),
        head: vec![
            K::ItemText.text(lang).into(),
            K::ColMean.text(lang).into(),
            K::ScaleLabel.text(lang).into(),
            K::ColResponses.text(lang).into(),
        ],
        rows: items
            .iter()
            .map(|it| {
                vec![
                    it.text.clone(),
                    mean(it.mean),
                    scale(it),
                    it.answers.to_string(),
                ]
            })
            .collect(),
    })
}

/// One designed survey's results: the Kano chart, the SERVQUAL gaps, or the custom
/// items' means; `n` numbers the survey's charts.
#[component]
fn SurveyResults(r: SurveyResult, n: usize) -> impl IntoView {
    let i = use_i18n();
    let r = Arc::new(r);
    let head = {
        let r = r.clone();
        move || {
            format!(
                "{} · {} · {} {}",
                r.kind.label(i.get()),
                if r.archived {
                    i.t(K::SurveyArchived)
                } else {
                    i.t(K::SurveyActive)
                },
                i18n::count(r.responses as usize),
                i.t(K::ResponsesCount)
            )
        }
    };
    let (name, label) = (r.name.clone(), r.name.clone());
    let body = if r.responses == 0 {
        view! { <p class="muted">{move || i.t(K::NoSurveyAnswers)}</p> }.into_any()
    } else {
        match r.kind {
            SurveyKind::Kano => {
                let x = r.clone();
                view! {
                    <Chart id=format!("kano-{n}") title=Signal::derive(move || i.t(K::ChartKano).to_string())
                        spec=Signal::derive(move || kano_spec(&x, i.get())) height=380.0
                        note=Signal::derive(move || i.t(K::KanoNote).to_string())/>
                }
                .into_any()
            }
            SurveyKind::Servqual => {
                let (x, y) = (r.clone(), r.clone());
                let rows = r.items.iter().filter(|it| it.gap.is_some()).count();
                let (overall, weighted) = (r.overall, r.weighted);
                view! {
                    <div class="stats stats-small">
                        <Stat label=Signal::derive(move || i.t(K::OverallGap).to_string()) value=Signal::derive(move || signed(overall))/>
                        <Stat label=Signal::derive(move || i.t(K::WeightedGap).to_string()) value=Signal::derive(move || signed(weighted))/>
                    </div>
                    <div class="grid-2">
                        <Chart id=format!("servqual-dims-{n}") title=Signal::derive(move || i.t(K::ChartServqualDims).to_string())
                            spec=Signal::derive(move || servqual_dims_spec(&x, i.get())) height=200.0
                            note=Signal::derive(move || i.t(K::ServqualNote).to_string())/>
                        <Chart id=format!("servqual-items-{n}") title=Signal::derive(move || i.t(K::ChartServqualItems).to_string())
                            spec=Signal::derive(move || servqual_items_spec(&y, i.get())) height=(rows as f64 * 24.0 + 8.0).max(120.0)/>
                    </div>
                }
                .into_any()
            }
            SurveyKind::Custom => {
                let x = r.clone();
                let rows = r.items.len();
                view! {
                    <Chart id=format!("custom-{n}") title=Signal::derive(move || i.t(K::ChartCustomMeans).to_string())
                        spec=Signal::derive(move || custom_spec(&x, i.get())) height=(rows as f64 * 30.0 + 8.0).max(100.0)/>
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="survey-results" id=format!("survey-{n}") aria-label=label>
            <h2 class="section-title">{name}</h2>
            <p class="muted">{head}</p>
            {body}
        </section>
    }
}

/// Survey responses from a file: a template for the chosen survey's columns, and the
/// import wizard (which checks every row, writes in batches and can take it back).
#[component]
fn ResponseImport() -> impl IntoView {
    use kehu_core::import::mapping::ImportKind;
    use kehu_core::import::responses::template_header;
    let i = use_i18n();
    let surveys = crate::pages::surveys::use_surveys();
    // The designed survey the template is for; `None`: the quick questions.
    let chosen = RwSignal::new(None::<String>);
    let template = move |_| {
        let id = chosen.get_untracked();
        let header = surveys
            .with_untracked(|all| {
                all.iter()
                    .flatten()
                    .find(|s| Some(&s.id.0) == id.as_ref())
                    .map(template_header)
            })
            .unwrap_or_else(|| "customer,date,nps,csat,ces,comment".to_string());
        crate::platform::download(
            "kehu-responses.csv",
            "text/csv",
            &format!("\u{feff}{header}\n"),
        );
    };
    view! {
        <label class="field-inline import-survey">
            <span>{move || i.t(K::TemplateFor)}</span>
            <select id="template-survey" on:change=move |ev| {
                let v = event_target_value(&ev);
                chosen.set((!v.is_empty()).then_some(v));
            }>
                <option value="">{move || i.t(K::QuickQuestions)}</option>
                {move || surveys.get().into_iter().flatten().filter(|s| !s.archived).map(|s| {
                    view! { <option value=s.id.0.clone()>{s.name.clone()}</option> }
                }).collect_view()}
            </select>
        </label>
        <button class="btn" id="import-template" on:click=template title=move || i.t(K::TemplateHint)>{move || i.t(K::DownloadTemplate)}</button>
        <a class="btn" id="import-responses-link" href=Route::Import(ImportKind::Responses).href()>{move || i.t(K::ImportResponses)}</a>
    }
}
