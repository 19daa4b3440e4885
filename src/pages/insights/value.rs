//! The value tab: the customer value pyramid, tier migration, the R×F grid, the
//! behaviour matrix, lifetime value and the customers worth most.

use super::messages as M;
use super::*;

#[component]
pub(super) fn Value(ins: Arc<Insights>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let names = names(
        ins.lifetime
            .iter()
            .flat_map(|l| l.top.iter().take(20).map(|t| t.customer))
            .collect(),
    );
    let pyramid = chart_of(ins.clone(), pyramid_spec);
    let migration = chart_of(ins.clone(), migration_spec);
    let behaviour = chart_of(ins.clone(), behaviour_spec);
    let rf = chart_of(ins.clone(), rf_spec);
    let clv = chart_of(ins.clone(), clv_spec);
    let (by_clv, by_margin) = (ins.pyramid.by_clv, ins.pyramid.by_margin);
    let note = move || match (by_clv, by_margin) {
        (true, _) => M::PyramidByClv,
        (false, true) => M::PyramidByMargin,
        (false, false) => M::PyramidByRevenue,
    };
    let model_error = ins.model_error.clone();
    let top = ins
        .lifetime
        .as_ref()
        .map(|l| l.top.clone())
        .unwrap_or_default();
    let segs = ins.segments.clone();
    view! {
        <RankChoice/>
        <div class="grid-2">
            <Chart id="chart-pyramid" title=Signal::derive(move || i.t(M::ChartPyramid).to_string()) spec=pyramid height=260.0
                note=Signal::derive(move || i.t(note()).to_string())/>
            <Chart id="chart-migration" title=Signal::derive(move || i.t(M::ChartMigration).to_string()) spec=migration height=260.0
                note=Signal::derive(move || i.t(M::MigrationNote).to_string())/>
            <Chart id="chart-rf" title=Signal::derive(move || i.t(M::ChartRf).to_string()) spec=rf height=320.0
                note=Signal::derive(move || i.t(M::RfNote).to_string())/>
            <Chart id="chart-behaviour" title=Signal::derive(move || i.t(M::ChartBehaviour).to_string()) spec=behaviour height=320.0
                note=Signal::derive(move || i.t(M::BehaviourNote).to_string())/>
        </div>
        <section class="card" id="segment-cards">
            <h2>{i.tr(M::SegmentCards)}</h2>
            <div class="segment-grid">
                {segs.into_iter().filter(|s| s.customers > 0).map(|s| view! {
                    <article class="segment-card">
                        <h3>{move || s.segment.label(i.get())}</h3>
                        <p class="segment-figures">{i18n::count(s.customers as usize)}" · "{move || money(s.revenue, app.currency.get())}</p>
                        <p class="muted">{move || M::segment_action(i.get(), s.segment)}</p>
                        <a class="btn btn-small" href=customers_in(InsightFilter::Segment(s.segment))>{i.tr(M::ViewCustomers)}</a>
                    </article>
                }).collect_view()}
            </div>
        </section>
        {model_error.map(|e| view! { <p class="panel-warn">{i.tr(M::ModelNotFitted)}{e.clone()}</p> })}
        <div class="grid-2">
            <Chart id="chart-clv" title=Signal::derive(move || i.t(M::ChartClv).to_string()) spec=clv height=240.0/>
            <section class="card" id="top-clv">
                <h2>{i.tr(M::TopClv)}</h2>
                <div class="table-wrap table-scroll">
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{i.tr(M::ColCustomer)}</th>
                            <th scope="col" class="num">{i.tr(K::ColClv)}</th>
                            <th scope="col" class="num">{i.tr(K::ColPAlive)}</th>
                            <th scope="col" class="num">{i.tr(M::ColExpected)}</th>
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

/// What ranks the pyramid: revenue, gross margin or predicted CLV (a new analysis).
#[component]
fn RankChoice() -> impl IntoView {
    let (a, i) = (use_analytics(), use_i18n());
    let label = |v: PyramidValue| match v {
        PyramidValue::Revenue => M::RankRevenue,
        PyramidValue::Margin => M::RankMargin,
        PyramidValue::Clv => M::RankClv,
    };
    let on_rank = move |ev| {
        if let Some(rank) = PyramidValue::from_code(&event_target_value(&ev)) {
            let c = a.choice.get_untracked();
            a.set_choice(Choice { rank, ..c });
        }
    };
    view! {
        <div class="toolbar">
            <label class="field field-inline">
                <span>{i.tr(M::PyramidRank)}</span>
                <select id="pyramid-rank" prop:value=move || a.choice.get().rank.code() on:change=on_rank>
                    {PyramidValue::ALL.into_iter().map(|v| view! { <option value=v.code()>{i.tr(label(v))}</option> }).collect_view()}
                </select>
            </label>
        </div>
    }
}

/// The pyramid chart and its table.
pub(super) fn pyramid_spec(x: &Insights, lang: Lang, cur: Currency) -> Option<Spec> {
    // The margin column appears once some order in the window has a cost.
    let margins = x.pyramid.tiers.iter().any(|t| t.margin.is_some());
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
    let mut head = vec![
        K::ColTier.text(lang).into(),
        M::ColCustomers.text(lang).into(),
        M::ColRevenue.text(lang).into(),
        M::ColShare.text(lang).into(),
    ];
    if margins {
        head.push(M::ColMargin.text(lang).into());
    }
    Some(Spec {
        shape: Shape::Pyramid(marks),
        head,
        rows: x
            .pyramid
            .tiers
            .iter()
            .map(|t| {
                let mut row = vec![
                    t.tier.label(lang).into(),
                    i18n::count(t.customers as usize),
                    money(t.revenue, cur),
                    i18n::percent(t.share),
                ];
                if margins {
                    row.push(t.margin.map(|m| money(m, cur)).unwrap_or_default());
                }
                row
            })
            .collect(),
    })
}

/// The migration chart and its table.
pub(super) fn migration_spec(x: &Insights, lang: Lang, _cur: Currency) -> Option<Spec> {
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
    let mut head = vec![M::ColFrom.text(lang).to_string()];
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
}

/// The behaviour chart and its table.
pub(super) fn behaviour_spec(x: &Insights, lang: Lang, cur: Currency) -> Option<Spec> {
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
    let (hi, lo) = (
        i18n::tr!(lang, "高频", "Frequent"),
        i18n::tr!(lang, "低频", "Infrequent"),
    );
    let (lo_a, hi_a) = (
        i18n::tr!(lang, "客单价低", "Low order value"),
        i18n::tr!(lang, "客单价高", "High order value"),
    );
    Some(Spec {
        shape: Shape::Grid {
            rows: vec![hi, lo],
            cols: vec![lo_a, hi_a],
            cells,
        },
        head: vec![
            K::ColSegment.text(lang).into(),
            M::ColCustomers.text(lang).into(),
            M::ColRevenue.text(lang).into(),
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
}

/// The rf chart and its table.
pub(super) fn rf_spec(x: &Insights, lang: Lang, cur: Currency) -> Option<Spec> {
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
            M::ColCustomers.text(lang).into(),
            M::ColMeanSpend.text(lang).into(),
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
}

/// The clv chart and its table.
pub(super) fn clv_spec(x: &Insights, lang: Lang, cur: Currency) -> Option<Spec> {
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
            M::ColRange.text(lang).into(),
            M::ColCustomers.text(lang).into(),
        ],
        rows: l
            .clv_bins
            .iter()
            .map(|b| vec![range(b), i18n::count(b.customers as usize)])
            .collect(),
    })
}
