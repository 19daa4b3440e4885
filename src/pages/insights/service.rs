//! The Service tab (服务, DOMAIN.md §3): open tickets by age and assignee, first-response
//! and resolution times, the breach rate, the complaint rate (抱怨率) by month with the
//! products and root causes behind the complaints, ratings after resolution and repeat
//! contacts, from `kehu_core::analytics::service`. The figures are asked of a worker
//! each time the tab is shown or tickets, ratings or settings change: they stand at
//! this moment under this device's service levels, which a cache keyed by the data
//! would not follow. Every bar of tickets drills down to the desk showing them.

use super::messages as M;
use super::*;
use crate::data::{Topic, use_versions};
use crate::pages::tickets::messages as TM;
use crate::roster::{owner_name, use_roster};
use crate::route::tickets_in;
use crate::worker::{self, Failure, Reply};
use kehu_core::analytics::service::{AGE_DAYS, Ask, ServiceFigures, Slice};
use kehu_core::envelope::Request;
use kehu_core::staff::Roster;
use kehu_core::{SurveyResponse, Ticket};

/// What the worker was asked: the tickets now, under this device's service levels, and
/// each month's active customers from the insights.
fn ask(ins: &Insights) -> Ask {
    Ask {
        policy: crate::platform::setting(crate::pages::tickets::LEVELS_SETTING).unwrap_or_default(),
        now: crate::platform::now(),
        zone: crate::platform::zone().to_text(),
        active: ins.retention.iter().map(|r| (r.month, r.active)).collect(),
        slice: None,
    }
}

/// The worker's answer.
async fn figures(ask: Ask) -> Result<Arc<ServiceFigures>, Failure> {
    match worker::answer(Request::Service(ask)).await {
        Reply::Service(Ok(f)) => Ok(Arc::new(*f)),
        Reply::Service(Err(e)) => Err(Failure::Store(e)),
        Reply::Crashed(m) => Err(Failure::Crashed(m)),
        _ => Err(Failure::Crashed("unexpected answer".into())),
    }
}

#[component]
pub(super) fn ServiceTab(ins: Arc<Insights>) -> impl IntoView {
    let (i, versions) = (use_i18n(), use_versions());
    let topics = [
        Topic::of::<Ticket>(),
        Topic::of::<SurveyResponse>(),
        Topic::Settings,
    ];
    let got = LocalResource::new(move || {
        versions.track(&topics);
        figures(ask(&ins))
    });
    move || {
        match got.get() {
        None => view! { <p class="loading" id="service-loading">{i.t(K::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! {
            <p class="panel panel-error" role="alert">{i.t(M::AnalysisFailed)}{e.why(i.get())}</p>
        }
        .into_any(),
        Some(Ok(f)) if f.tickets == 0 => view! {
            <p class="panel muted" id="service-empty">
                {i.tr(M::ServiceEmpty)}" "<a href=Route::Tickets(Default::default()).href()>{i.tr(K::NavService)}</a>
            </p>
        }
        .into_any(),
        Some(Ok(f)) => view! { <Figures f/> }.into_any(),
    }
    }
}

#[component]
fn Figures(f: Arc<ServiceFigures>) -> impl IntoView {
    let i = use_i18n();
    let stat = move |label: Msg, value: String| {
        view! { <Stat label=Signal::derive(move || i.t(label).to_string()) value=Signal::derive(move || value.clone())/> }
    };
    let hours = move |m: Option<f64>| {
        m.map(|m| TM::hours(i.get(), m))
            .unwrap_or_else(|| "–".into())
    };
    let csat = f
        .ratings
        .csat
        .map(|c| format!("{c:.0}%"))
        .unwrap_or_else(|| "–".into());
    let assignees = roster_chart(f.clone(), assignee_spec);
    let products = f.complaints_by_product.len();
    let (respond, resolve) = (f.first_response.median, f.resolution.median);
    let breached = f.breached;
    let causes = f.complaints_by_cause.len();
    view! {
        <p class="muted" id="service-note">{i.tr(M::ServiceNote)}</p>
        <div class="stats" id="service-stats">
            {stat(M::StatOpenTickets, i18n::count(f.open as usize))}
            {move || stat(M::StatRespondMedian, hours(respond))}
            {move || stat(M::StatResolveMedian, hours(resolve))}
            {stat(M::StatBreachRate, rate(f.breach_rate()))}
            {stat(M::StatCsatAfter, csat.clone())}
            {stat(M::StatRepeats, i18n::count(f.repeat_contacts as usize))}
        </div>
        <p class="links" id="service-links">
            <a href=tickets_in(&Slice::Breached) id="service-breached">{move || M::breached(i.get(), breached)}</a>
            " · "
            <a href=tickets_in(&Slice::Repeats) id="service-repeats">{i.tr(M::RepeatsLink)}</a>
        </p>
        <Chart id="chart-open-age" title=Signal::derive(move || i.t(M::ChartOpenAge).to_string())
            spec=chart_of(f.clone(), age_spec)/>
        <Chart id="chart-open-assignee" title=Signal::derive(move || i.t(M::ChartOpenAssignee).to_string())
            spec=assignees height=bars_height(f.open_by_assignee.len())/>
        <Chart id="chart-times" title=Signal::derive(move || i.t(M::ChartTimes).to_string())
            note=Signal::derive(move || i.t(M::TimesNote).to_string())
            spec=chart_of(f.clone(), times_spec) height=bars_height(4)/>
        <Chart id="chart-complaint-rate" title=Signal::derive(move || i.t(M::ChartComplaintRate).to_string())
            note=Signal::derive(move || i.t(M::ComplaintRateNote).to_string())
            spec=chart_of(f.clone(), complaint_rate_spec)/>
        <Chart id="chart-complaint-product" title=Signal::derive(move || i.t(M::ChartComplaintProduct).to_string())
            spec=chart_of(f.clone(), product_spec) height=bars_height(products)/>
        <Chart id="chart-complaint-cause" title=Signal::derive(move || i.t(M::ChartComplaintCause).to_string())
            spec=chart_of(f.clone(), cause_spec) height=bars_height(causes)/>
        <Chart id="chart-ratings" title=Signal::derive(move || i.t(M::ChartRatings).to_string())
            spec=chart_of(f.clone(), ratings_spec)/>
    }
}

/// A chart that names staff from the roster, again whenever it, the language or the
/// currency changes.
fn roster_chart(
    f: Arc<ServiceFigures>,
    spec: fn(&ServiceFigures, &Option<Roster>, Lang) -> Option<Spec>,
) -> Signal<Option<Spec>> {
    let (i, roster) = (use_i18n(), use_roster());
    Signal::derive(move || roster.with(|r| spec(&f, r, i.get())))
}

/// A bar of tickets: its count, and the desk showing them.
fn tickets_mark(label: String, n: u32, slice: Slice) -> Mark {
    let count = i18n::count(n as usize);
    Mark {
        tip: format!("{label}: {count}"),
        label,
        value: n as f64,
        text: count,
        href: Some(tickets_in(&slice)),
    }
}

/// A chart of tickets by some label, and its table: the label and the count.
fn counted(lang: Lang, head: Msg, shape: fn(Vec<Mark>) -> Shape, marks: Vec<Mark>) -> Option<Spec> {
    if marks.is_empty() {
        return None;
    }
    let rows = marks
        .iter()
        .map(|m| vec![m.label.clone(), m.text.clone()])
        .collect();
    Some(Spec {
        shape: shape(marks),
        head: vec![
            head.text(lang).to_string(),
            M::ColTickets.text(lang).to_string(),
        ],
        rows,
    })
}

pub(super) fn age_spec(f: &ServiceFigures, lang: Lang, _: Currency) -> Option<Spec> {
    let marks = (0..=AGE_DAYS.len() as u8)
        .map(|b| {
            tickets_mark(
                TM::age_band(lang, b).into(),
                f.open_by_age[b as usize],
                Slice::Aged(b),
            )
        })
        .collect();
    counted(lang, M::ColWaiting, Shape::Columns, marks)
}

pub(super) fn assignee_spec(
    f: &ServiceFigures,
    roster: &Option<Roster>,
    lang: Lang,
) -> Option<Spec> {
    let marks = (f.open_by_assignee.iter())
        .map(|(who, n)| tickets_mark(owner_name(roster, who), *n, Slice::With(who.clone())))
        .collect();
    counted(lang, M::ColAssignee, Shape::Bars, marks)
}

pub(super) fn product_spec(f: &ServiceFigures, lang: Lang, _: Currency) -> Option<Spec> {
    let name = |p: &Option<kehu_core::Id>| match p {
        None => M::NoProduct.text(lang).to_string(),
        Some(id) => (f.product_names.iter())
            .find(|(x, _)| x == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone()),
    };
    let marks = (f.complaints_by_product.iter())
        .map(|(p, n)| tickets_mark(name(p), *n, Slice::About(p.clone())))
        .collect();
    counted(lang, M::ColProduct, Shape::Bars, marks)
}

pub(super) fn cause_spec(f: &ServiceFigures, lang: Lang, _: Currency) -> Option<Spec> {
    let marks = (f.complaints_by_cause.iter())
        .map(|(c, n)| tickets_mark(TM::cause(lang, *c).into(), *n, Slice::Cause(*c)))
        .collect();
    counted(lang, M::ColCause, Shape::Bars, marks)
}

/// Medians and 90th percentiles of both clocks, in business hours.
pub(super) fn times_spec(f: &ServiceFigures, lang: Lang, _: Currency) -> Option<Spec> {
    if f.first_response.count + f.resolution.count == 0 {
        return None;
    }
    let clocks = [
        (M::StatFirstResponse, f.first_response),
        (M::StatResolution, f.resolution),
    ];
    let mut marks = Vec::new();
    let mut rows = Vec::new();
    let shown = |m: Option<f64>| m.map(|m| TM::hours(lang, m)).unwrap_or_else(|| "–".into());
    for (what, d) in clocks {
        let what = what.text(lang);
        for (which, v) in [(M::ColMedian, d.median), (M::ColP90, d.p90)] {
            let label = format!("{what} · {}", which.text(lang));
            marks.push(Mark {
                tip: format!("{label}: {} ({})", shown(v), M::tickets(lang, d.count)),
                label,
                value: v.unwrap_or(0.0) / 60.0,
                text: shown(v),
                href: None,
            });
        }
        rows.push(vec![
            what.to_string(),
            i18n::count(d.count as usize),
            shown(d.median),
            shown(d.p90),
        ]);
    }
    let head = [M::ColMeasure, M::ColTickets, M::ColMedian, M::ColP90];
    Some(Spec {
        shape: Shape::Bars(marks),
        head: head.map(|m| m.text(lang).to_string()).to_vec(),
        rows,
    })
}

/// A rate of a few percent, to a tenth of one ("1.6%"): whole percentages would make
/// most months' complaint rates 1% or 2%.
fn small_rate(v: Option<f64>) -> String {
    v.map(|r| format!("{:.1}%", (r * 1000.0).round() / 10.0))
        .unwrap_or_else(|| "–".into())
}

pub(super) fn complaint_rate_spec(f: &ServiceFigures, lang: Lang, _: Currency) -> Option<Spec> {
    if f.complaint_rate.is_empty() {
        return None;
    }
    let month = |m: i32| i18n::month(lang, m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
    let marks = (f.complaint_rate.iter())
        .map(|m| {
            let (label, shown) = (month(m.month), small_rate(m.rate));
            Mark {
                tip: M::complaint_rate(lang, &label, m.complaints, m.active, &shown),
                label,
                value: m.rate.unwrap_or(0.0) * 100.0,
                text: shown,
                href: Some(tickets_in(&Slice::ComplaintsIn(m.month))),
            }
        })
        .collect();
    let rows = (f.complaint_rate.iter())
        .map(|m| {
            let n = |x: u32| i18n::count(x as usize);
            vec![
                month(m.month),
                n(m.complaints),
                n(m.active),
                small_rate(m.rate),
            ]
        })
        .collect();
    let head = [
        M::ColMonth,
        M::ColComplaints,
        M::ColActive,
        M::ColComplaintRate,
    ];
    Some(Spec {
        shape: Shape::Columns(marks),
        head: head.map(|m| m.text(lang).to_string()).to_vec(),
        rows,
    })
}

pub(super) fn ratings_spec(f: &ServiceFigures, lang: Lang, _: Currency) -> Option<Spec> {
    let total = f.ratings.count();
    if total == 0 {
        return None;
    }
    let marks: Vec<Mark> = (f.ratings.by_score.iter().enumerate())
        .map(|(k, &n)| {
            let label = TM::score(lang, k as u8 + 1);
            let text = i18n::count(n as usize);
            Mark {
                tip: format!("{label}: {text}"),
                label,
                value: n as f64,
                text,
                href: None,
            }
        })
        .collect();
    let rows = (marks.iter().zip(&f.ratings.by_score))
        .map(|(m, &n)| {
            vec![
                m.label.clone(),
                m.text.clone(),
                i18n::percent(n as f64 / total as f64),
            ]
        })
        .collect();
    let head = [M::ColScore, M::ColTickets, M::ColRatingShare];
    Some(Spec {
        shape: Shape::Columns(marks),
        head: head.map(|m| m.text(lang).to_string()).to_vec(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixture::marks;
    use super::*;
    use kehu_core::date::Zone;
    use kehu_core::demo::{DemoSpec, NameStyle, generate};
    use kehu_core::sla::Policy;
    use kehu_core::{Day, Millis};
    use std::collections::BTreeMap;

    /// The demo's desk measured at the end of its today, with its ratings, and what the
    /// figures count: (figures, tickets, now).
    fn demo() -> (ServiceFigures, Vec<Ticket>, Millis) {
        let today = Day(20_600);
        let d = generate(&DemoSpec::standard(today, NameStyle::English));
        let now = Millis(Day(today.0 + 1).start_millis().0 - 1);
        let refs: Vec<&Ticket> = d.tickets.iter().collect();
        let month = |k: i32| kehu_core::analytics::retention::Period::Month.index(today.0) - k;
        let active = BTreeMap::from([
            (month(3), 300),
            (month(2), 320),
            (month(1), 310),
            (month(0), 280),
        ]);
        let mut f = service_figures(&refs, now, &active);
        let score = |id: &str| {
            d.responses
                .iter()
                .find(|r| r.id.as_str() == id)?
                .answers
                .first()
                .map(|a| a.score)
        };
        f.ratings = kehu_core::analytics::service::ratings(&refs, score);
        (f, d.tickets.clone(), now)
    }

    fn service_figures(t: &[&Ticket], now: Millis, active: &BTreeMap<i32, u32>) -> ServiceFigures {
        kehu_core::analytics::service::service(t, &Policy::default(), now, &Zone::default(), active)
    }

    fn every_chart(f: &ServiceFigures, lang: Lang) -> Vec<(&'static str, Spec)> {
        let cur = Currency::Cny;
        let charts = [
            ("age", age_spec(f, lang, cur)),
            ("assignee", assignee_spec(f, &None, lang)),
            ("times", times_spec(f, lang, cur)),
            ("complaint rate", complaint_rate_spec(f, lang, cur)),
            ("product", product_spec(f, lang, cur)),
            ("cause", cause_spec(f, lang, cur)),
            ("ratings", ratings_spec(f, lang, cur)),
        ];
        charts
            .into_iter()
            .filter_map(|(n, s)| Some((n, s?)))
            .collect()
    }

    #[test]
    fn every_service_chart_has_a_full_table_view_and_a_tip_on_every_mark() {
        let (f, _, _) = demo();
        for lang in Lang::ALL {
            let charts = every_chart(&f, lang);
            assert_eq!(charts.len(), 7, "the demo fills every chart");
            for (name, s) in charts {
                assert!(!s.rows.is_empty(), "{name}: a table view");
                assert!(s.rows.iter().all(|r| r.len() == s.head.len()), "{name}");
                assert!(marks(&s).iter().all(|m| !m.tip.is_empty()), "{name}: tips");
            }
        }
    }

    #[test]
    fn every_bar_of_tickets_opens_the_desk_on_exactly_those_tickets() {
        let (f, tickets, now) = demo();
        let refs: Vec<&Ticket> = tickets.iter().collect();
        let mut drilled = 0;
        for (name, s) in every_chart(&f, Lang::En) {
            for m in marks(&s).iter().filter(|m| m.href.is_some()) {
                let href = m.href.as_deref().unwrap_or_default();
                let code = href.strip_prefix("#/tickets?slice=").expect(href);
                let code = crate::route::Params::parse(&format!("slice={code}"));
                let slice = Slice::parse(code.get("slice").unwrap_or_default()).expect(href);
                let shown = slice
                    .of(&refs, &Policy::default(), now, &Zone::default())
                    .len();
                if name == "complaint rate" {
                    let month = f
                        .complaint_rate
                        .iter()
                        .find(|c| Slice::ComplaintsIn(c.month) == slice);
                    assert_eq!(month.map(|c| c.complaints as usize), Some(shown), "{href}");
                } else {
                    assert_eq!(m.value, shown as f64, "{name}: {href}");
                }
                drilled += 1;
            }
        }
        assert!(drilled > 15, "{drilled} bars drill down");
    }

    #[test]
    fn the_complaint_rate_reads_as_complaints_over_active_customers() {
        let (f, _, _) = demo();
        let s = complaint_rate_spec(&f, Lang::En, Currency::Cny).unwrap();
        let nov = f.complaint_rate.last().unwrap();
        assert_eq!(s.rows.last().unwrap()[2], "280");
        let tip = &marks(&s).last().unwrap().tip;
        assert!(
            tip.contains(&format!(
                "{} complaints ÷ 280 active customers",
                nov.complaints
            )),
            "{tip}"
        );
        let times = times_spec(&f, Lang::Zh, Currency::Cny).unwrap();
        assert!(times.rows[0][2].ends_with(" 小时"), "{:?}", times.rows[0]);
    }
}
