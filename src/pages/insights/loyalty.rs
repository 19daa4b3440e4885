//! The loyalty tab: retention and churn, P(alive), cohorts and the churn-risk list.

use super::messages as M;
use super::*;

#[component]
pub(super) fn Loyalty(ins: Arc<Insights>) -> impl IntoView {
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
    let retention = chart_of(ins.clone(), retention_spec);
    let cohorts = chart_of(ins.clone(), cohorts_spec);
    let p_alive = chart_of(ins.clone(), p_alive_spec);
    let repeat = ins.headline.repeat_rate.now;
    let churn = ins.churn.clone();
    let churn_total = ins.churn_total;
    let occasions = ins.occasions.clone();
    view! {
        <div class="stats stats-small">
            <Stat label=Signal::derive(move || i.t(M::StatRepeatRate).to_string()) value=Signal::derive(move || rate(repeat))/>
            <Stat label=Signal::derive(move || i.t(K::ChurnRiskBadge).to_string()) value=Signal::derive(move || i18n::count(churn_total as usize))/>
        </div>
        <div class="grid-2">
            <Chart id="chart-retention" title=Signal::derive(move || i.t(M::ChartRetention).to_string()) spec=retention height=240.0/>
            <Chart id="chart-p-alive" title=Signal::derive(move || i.t(M::ChartPAlive).to_string()) spec=p_alive height=240.0/>
        </div>
        <Chart id="chart-cohorts" title=Signal::derive(move || i.t(M::ChartCohorts).to_string()) spec=cohorts height=360.0/>
        <div class="grid-2">
            <section class="card" id="churn-list">
                <div class="card-head">
                    <h2>{i.tr(M::ChurnList)}</h2>
                    <a class="btn btn-small" href=customers_in(InsightFilter::ChurnRisk)>{i.tr(M::ViewCustomers)}</a>
                </div>
                <div class="table-wrap table-scroll">
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{i.tr(M::ColCustomer)}</th>
                            <th scope="col" class="num">{i.tr(M::ColValueAtRisk)}</th>
                            <th scope="col" class="num">{i.tr(K::ColPAlive)}</th>
                            <th scope="col" class="num">{i.tr(M::ColDaysSince)}</th>
                            <th scope="col" class="num">{i.tr(M::ColUsualGap)}</th>
                            <th scope="col"><span class="visually-hidden">{i.tr(K::MakeTask)}</span></th>
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
                                        <td>{move || who().map(|(id, name)| view! {
                                            <a class="btn btn-small make-task" href=crate::pages::tasks::win_back_href(i.get(), &id, &name)>{i.t(K::MakeTask)}</a>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section class="card" id="occasions">
                <h2>{i.tr(M::OccasionsList)}</h2>
                {if occasions.is_empty() {
                    view! { <p class="muted">{i.tr(K::NothingToShow)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap table-scroll">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{i.tr(M::ColCustomer)}</th>
                                    <th scope="col">{i.tr(M::ColRemindOn)}</th>
                                    <th scope="col">{i.tr(M::ColForMonth)}</th>
                                    <th scope="col" class="num">{i.tr(M::ColYears)}</th>
                                    <th scope="col"><span class="visually-hidden">{i.tr(K::MakeTask)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {occasions.into_iter().take(30).map(|o| {
                                        let who = move || names.with(|n| n.get(&o.customer).cloned());
                                        view! {
                                            <tr>
                                                <td>{move || who().map(|(id, name)| view! { <a href=Route::Customer(id).href()>{name}</a> })}</td>
                                                <td>{move || i18n::date(i.get(), o.remind_on)}</td>
                                                <td>{Period::Month.label(Period::Month.index(o.month_start.0))}</td>
                                                <td class="num">{o.years}</td>
                                                <td>{move || who().map(|(id, name)| {
                                                    let month = Period::Month.label(Period::Month.index(o.month_start.0));
                                                    let href = crate::pages::tasks::occasion_href(i.get(), &id, &name, &month, o.remind_on);
                                                    view! { <a class="btn btn-small make-task" href=href>{i.t(K::MakeTask)}</a> }
                                                })}</td>
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

/// The retention chart and its table.
pub(super) fn retention_spec(x: &Insights, lang: Lang, _cur: Currency) -> Option<Spec> {
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
            M::ColMonth.text(lang).into(),
            M::ColRate.text(lang).into(),
            M::ColCustomers.text(lang).into(),
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
}

/// The cohorts chart and its table.
pub(super) fn cohorts_spec(x: &Insights, lang: Lang, _cur: Currency) -> Option<Spec> {
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
        M::ColMonth.text(lang).to_string(),
        M::ColCustomers.text(lang).to_string(),
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
}

/// The p alive chart and its table.
pub(super) fn p_alive_spec(x: &Insights, lang: Lang, _cur: Currency) -> Option<Spec> {
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
            M::ColCustomers.text(lang).into(),
        ],
        rows: l
            .p_alive_bins
            .iter()
            .enumerate()
            .map(|(k, &n)| vec![label(k), i18n::count(n as usize)])
            .collect(),
    })
}
