//! The satisfaction tab: NPS, CSAT and CES, loyalty by attitude and behaviour, each
//! designed survey's results, and the way into importing responses.

use super::messages as M;
use super::*;

#[component]
pub(super) fn Satisfaction(ins: Arc<Insights>) -> impl IntoView {
    let i = use_i18n();
    let s = ins.satisfaction.clone();
    let distribution = chart_of(s.clone(), distribution_spec);
    let trend = chart_of(s.clone(), trend_spec);
    let quadrant = chart_of(s.clone(), quadrant_spec);
    let curve = chart_of(s.clone(), curve_spec);
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
            <a class="btn" id="open-kiosk" href=Route::Kiosk { customer: None, survey: None }.href()>{i.tr(K::KioskOpen)}</a>
        </div>
        <div class="stats stats-small" id="satisfaction-stats">
            <Stat label=Signal::derive(move || "NPS".to_string()) value=Signal::derive(move || nps_text(nps.score()))/>
            <Stat label=Signal::derive(move || i.t(M::NpsMix).to_string())
                value=Signal::derive(move || format!("{} / {} / {}", nps.promoters, nps.passives, nps.detractors))/>
            <Stat label=Signal::derive(move || "CSAT".to_string()) value=Signal::derive(move || csat.map(|v| format!("{v:.0}%")).unwrap_or_else(|| "–".into()))/>
            <Stat label=Signal::derive(move || i.t(M::CesLabel).to_string()) value=Signal::derive(move || ces.map(|v| format!("{v:.2} ({ces_n})")).unwrap_or_else(|| "–".into()))/>
            <Stat label=Signal::derive(move || i.t(M::CsiLabel).to_string()) value=Signal::derive(move || csi.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into()))/>
        </div>
        <div class="grid-2">
            <Chart id="chart-nps" title=Signal::derive(move || i.t(M::ChartNps).to_string()) spec=distribution height=240.0
                note=Signal::derive(move || i.t(M::NpsNote).to_string())/>
            <Chart id="chart-nps-trend" title=Signal::derive(move || i.t(M::ChartNpsTrend).to_string()) spec=trend height=240.0/>
            <Chart id="chart-loyalty" title=Signal::derive(move || i.t(M::ChartLoyalty).to_string()) spec=quadrant height=260.0
                note=Signal::derive(move || M::loyalty_note(i.get(), unknown as u64))/>
            <Chart id="chart-curve" title=Signal::derive(move || i.t(M::ChartCurve).to_string()) spec=curve height=260.0
                note=Signal::derive(move || i.t(M::CurveNote).to_string())/>
        </div>
        {results.into_iter().enumerate().map(|(n, r)| view! { <SurveyResults r=r n=n/> }).collect_view()}
        <p><a class="btn" id="manage-surveys" href=Route::Surveys.href()>{i.tr(M::ManageSurveys)}</a></p>
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
pub(super) fn kano_spec(r: &SurveyResult, lang: Lang) -> Option<Spec> {
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
            M::ColFeature.text(lang).into(),
            M::ColCategory.text(lang).into(),
            M::ColBetter.text(lang).into(),
            M::ColWorse.text(lang).into(),
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
pub(super) fn servqual_dims_spec(r: &SurveyResult, lang: Lang) -> Option<Spec> {
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
                        M::ColExpectation.text(lang),
                        mean(d.expectation),
                        M::ColPerception.text(lang),
                        mean(d.perception),
                        M::ColGap.text(lang),
                        signed(d.gap)
                    ),
                    href: None,
                })
                .collect(),
        ),
        head: vec![
            M::ColDimension.text(lang).into(),
            M::ColExpectation.text(lang).into(),
            M::ColPerception.text(lang).into(),
            M::ColGap.text(lang).into(),
            K::ColItems.text(lang).into(),
            M::ColWeight.text(lang).into(),
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
pub(super) fn servqual_items_spec(r: &SurveyResult, lang: Lang) -> Option<Spec> {
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
            M::ColDimension.text(lang).into(),
            M::ColExpectation.text(lang).into(),
            M::ColPerception.text(lang).into(),
            M::ColGap.text(lang).into(),
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
pub(super) fn custom_spec(r: &SurveyResult, lang: Lang) -> Option<Spec> {
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
            M::ColMean.text(lang).into(),
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
                i.t(M::ResponsesCount)
            )
        }
    };
    let (name, label) = (r.name.clone(), r.name.clone());
    let body = if r.responses == 0 {
        view! { <p class="muted">{i.tr(M::NoSurveyAnswers)}</p> }.into_any()
    } else {
        match r.kind {
            SurveyKind::Kano => {
                let x = r.clone();
                view! {
                    <Chart id=format!("kano-{n}") title=Signal::derive(move || i.t(M::ChartKano).to_string())
                        spec=Signal::derive(move || kano_spec(&x, i.get())) height=380.0
                        note=Signal::derive(move || i.t(M::KanoNote).to_string())/>
                }
                .into_any()
            }
            SurveyKind::Servqual => {
                let (x, y) = (r.clone(), r.clone());
                let rows = r.items.iter().filter(|it| it.gap.is_some()).count();
                let (overall, weighted) = (r.overall, r.weighted);
                view! {
                    <div class="stats stats-small">
                        <Stat label=Signal::derive(move || i.t(M::OverallGap).to_string()) value=Signal::derive(move || signed(overall))/>
                        <Stat label=Signal::derive(move || i.t(M::WeightedGap).to_string()) value=Signal::derive(move || signed(weighted))/>
                    </div>
                    <div class="grid-2">
                        <Chart id=format!("servqual-dims-{n}") title=Signal::derive(move || i.t(M::ChartServqualDims).to_string())
                            spec=Signal::derive(move || servqual_dims_spec(&x, i.get())) height=200.0
                            note=Signal::derive(move || i.t(M::ServqualNote).to_string())/>
                        <Chart id=format!("servqual-items-{n}") title=Signal::derive(move || i.t(M::ChartServqualItems).to_string())
                            spec=Signal::derive(move || servqual_items_spec(&y, i.get())) height=(rows as f64 * 24.0 + 8.0).max(120.0)/>
                    </div>
                }
                .into_any()
            }
            SurveyKind::Custom => {
                let x = r.clone();
                let rows = r.items.len();
                view! {
                    <Chart id=format!("custom-{n}") title=Signal::derive(move || i.t(M::ChartCustomMeans).to_string())
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
            <span>{i.tr(M::TemplateFor)}</span>
            <select id="template-survey" on:change=move |ev| {
                let v = event_target_value(&ev);
                chosen.set((!v.is_empty()).then_some(v));
            }>
                <option value="">{i.tr(K::QuickQuestions)}</option>
                {move || surveys.get().into_iter().flatten().filter(|s| !s.archived).map(|s| {
                    view! { <option value=s.id.0.clone()>{s.name.clone()}</option> }
                }).collect_view()}
            </select>
        </label>
        <button class="btn" id="import-template" on:click=template title=i.tr(M::TemplateHint)>{i.tr(M::DownloadTemplate)}</button>
        <a class="btn" id="import-responses-link" href=Route::Import(ImportKind::Responses).href()>{i.tr(M::ImportResponses)}</a>
    }
}

/// The distribution chart and its table.
pub(super) fn distribution_spec(
    x: &kehu_core::analytics::insights::SatisfactionStats,
    lang: Lang,
    _cur: Currency,
) -> Option<Spec> {
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
}

/// The trend chart and its table.
pub(super) fn trend_spec(
    x: &kehu_core::analytics::insights::SatisfactionStats,
    lang: Lang,
    _cur: Currency,
) -> Option<Spec> {
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
            M::ColMonth.text(lang).into(),
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
}

/// The quadrant chart and its table.
pub(super) fn quadrant_spec(
    x: &kehu_core::analytics::insights::SatisfactionStats,
    lang: Lang,
    _cur: Currency,
) -> Option<Spec> {
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
                M::AttitudeHigh.text(lang).into(),
                M::AttitudeLow.text(lang).into(),
            ],
            cols: vec![
                M::BehaviourHigh.text(lang).into(),
                M::BehaviourLow.text(lang).into(),
            ],
            cells,
        },
        head: vec![
            K::ColSegment.text(lang).into(),
            M::ColCustomers.text(lang).into(),
        ],
        rows: Loyalty::ALL
            .iter()
            .zip(x.loyalty)
            .map(|(l, n)| vec![l.label(lang).into(), i18n::count(n as usize)])
            .collect(),
    })
}

/// The curve chart and its table.
pub(super) fn curve_spec(
    x: &kehu_core::analytics::insights::SatisfactionStats,
    lang: Lang,
    _cur: Currency,
) -> Option<Spec> {
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
            M::ColCustomers.text(lang).into(),
            M::ColRepurchased.text(lang).into(),
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
}
