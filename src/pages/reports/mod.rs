//! Pivot reports (报表) at `#/reports?source=…&rows=…&cols=…&measure=…&show=…&from=…&to=…`:
//! orders, order lines or opportunities summed, counted or averaged by one field down
//! and another across, with the records behind any cell and the table as CSV or XLSX.
//!
//! The figures are `kehu_core::analytics::pivot`'s, computed in a worker of their own
//! (`Request::Pivot`), which reads the store itself: a report over a million orders
//! takes most of a second, which the page must not spend. The worker is kept for the
//! page and keeps what it read until the data change, so later reports and drill-downs
//! skip the reading; it answers in turn, and an answer no longer wanted (a report
//! asked for since) is ignored. Switching between sum, count and average only
//! redraws, since every cell carries all three.

mod messages;
mod table;

use crate::data::{Topic, use_versions};
use crate::i18n::{K, Label as _, Lang, Msg, use_i18n};
use crate::roster::owner_name;
use crate::route::{Params, Route};
use crate::worker::{self, Failure, Handle, Reply};
use kehu_core::analytics::pivot::{
    Agg, Answer, Ask, Dim, Drilled, Grain, Label, Measure, Pivot, Source, Spec,
};
use kehu_core::envelope::Request;
use kehu_core::opportunity::Standing;
use kehu_core::staff::Roster;
use kehu_core::{Day, Opportunity, OrderStatus, Product};
use leptos::prelude::*;
use messages as M;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;
use table::{DrillPanel, PivotTable};

/// A report and how its cells are shown: what the address bar holds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Choice {
    spec: Spec,
    show: Agg,
}

impl Choice {
    fn of(p: &Params) -> Choice {
        let spec = Spec {
            source: p
                .get("source")
                .and_then(Source::from_slug)
                .unwrap_or_default(),
            rows: p
                .get("rows")
                .and_then(Dim::from_slug)
                .unwrap_or(Dim::Time(Grain::Month)),
            cols: p.get("cols").and_then(Dim::from_slug),
            measure: p
                .get("measure")
                .and_then(Measure::from_slug)
                .unwrap_or_default(),
            from: p.get("from").and_then(Day::parse),
            to: p.get("to").and_then(Day::parse),
        };
        let show = p.get("show").and_then(Agg::from_slug).unwrap_or_default();
        Choice {
            spec: spec.fixed(),
            show,
        }
    }

    fn params(&self) -> Params {
        let s = &self.spec;
        let mut v = vec![("source", s.source.slug().to_string())];
        v.push(("rows", s.rows.slug().into()));
        v.extend(s.cols.map(|c| ("cols", c.slug().into())));
        v.push(("measure", s.measure.slug().into()));
        v.extend((self.show != Agg::Sum).then(|| ("show", self.show.slug().into())));
        v.extend(s.from.map(|d| ("from", d.to_string())));
        v.extend(s.to.map(|d| ("to", d.to_string())));
        Params(v.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    /// Revenue by `rows`, over all time.
    fn preset(rows: Dim) -> Choice {
        Choice {
            spec: Spec {
                rows,
                ..Spec::default()
            },
            show: Agg::Sum,
        }
    }
}

/// Why a report has no figures.
fn failure_text(f: &Failure, lang: Lang) -> String {
    format!("{}{}", M::Failed.text(lang), f.why(lang))
}

/// Asks a worker of its own; `on` gets the one answer. The worker lives as long as the
/// handle.
fn ask(ask: Ask, on: impl Fn(Result<Answer, Failure>) + 'static) -> Option<Handle> {
    worker::spawn(
        Request::Pivot(ask),
        None,
        move |reply, payload| match reply {
            Reply::Pivot(Ok(())) => {
                let text = payload.and_then(|p| p.as_string()).unwrap_or_default();
                on(serde_json::from_str(&text).map_err(|e| Failure::Crashed(e.to_string())))
            }
            Reply::Pivot(Err(e)) => on(Err(Failure::Store(e))),
            Reply::Crashed(m) => on(Err(Failure::Crashed(m))),
            _ => {}
        },
    )
}

/// Who gets a worker's answer.
type OnAnswer = Rc<dyn Fn(Result<Answer, Failure>)>;

/// The page's report worker, kept between requests: while the data stay the same, the
/// next report or drill-down computes on what it read for the first (a report over a
/// million orders reads for most of a second and computes in a tenth of one). It
/// answers in turn, so answers go to their askers in the order they asked; an asker
/// whose question is no longer wanted ignores its answer.
#[derive(Clone, Copy)]
struct Kept {
    handle: StoredValue<Option<Handle>, LocalStorage>,
    /// Who gets each answer the worker owes, first first.
    owed: StoredValue<VecDeque<OnAnswer>, LocalStorage>,
    /// Asked before the worker was first heard from (it is sent its first request
    /// once it is ready; a message before then could be lost).
    unsent: StoredValue<Vec<Ask>, LocalStorage>,
    heard: StoredValue<bool>,
}

impl Kept {
    fn new() -> Kept {
        Kept {
            handle: StoredValue::new_local(None),
            owed: StoredValue::new_local(VecDeque::new()),
            unsent: StoredValue::new_local(Vec::new()),
            heard: StoredValue::new(false),
        }
    }

    fn ask(self, a: Ask, on: impl Fn(Result<Answer, Failure>) + 'static) {
        self.owed.update_value(|q| q.push_back(Rc::new(on)));
        match self.handle.with_value(Option::is_some) {
            true if self.heard.get_value() => self.post(a),
            true => self.unsent.update_value(|u| u.push(a)),
            false => {
                self.heard.set_value(false);
                let h = ask(a, move |r| self.answered(r));
                self.handle.set_value(h);
            }
        }
    }

    fn post(self, a: Ask) {
        self.handle
            .with_value(|h| h.as_ref().map(|h| h.post(&Request::Pivot(a))));
    }

    /// An answer: to its asker, after sending what waited for the worker to be heard
    /// from. A worker that crashed fails every question it owes.
    fn answered(self, r: Result<Answer, Failure>) {
        if let Err(Failure::Crashed(_)) = &r {
            self.handle.try_update_value(Option::take);
            self.unsent.try_update_value(std::mem::take);
            let owed = self
                .owed
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            return owed.into_iter().for_each(|on| on(r.clone()));
        }
        self.heard.try_set_value(true);
        for a in self
            .unsent
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            self.post(a);
        }
        if let Some(on) = self.owed.try_update_value(VecDeque::pop_front).flatten() {
            on(r);
        }
    }
}

/// What a dimension is called.
fn dim_name(d: Dim) -> Msg {
    match d {
        Dim::Customer => M::DimCustomer,
        Dim::Product => M::DimProduct,
        Dim::Category => M::DimCategory,
        Dim::Region => M::DimRegion,
        Dim::Owner => M::DimOwner,
        Dim::Status => M::DimStatus,
        Dim::Stage => M::DimStage,
        Dim::Time(Grain::Day) => M::DimDay,
        Dim::Time(Grain::Week) => M::DimWeek,
        Dim::Time(Grain::Month) => M::DimMonth,
        Dim::Time(Grain::Quarter) => M::DimQuarter,
        Dim::Time(Grain::Year) => M::DimYear,
    }
}

fn measure_name(m: Measure) -> Msg {
    match m {
        Measure::Amount => M::MeasureAmount,
        Measure::Margin => M::MeasureMargin,
        Measure::Quantity => M::MeasureQuantity,
        Measure::Weighted => M::MeasureWeighted,
    }
}

fn source_name(s: Source) -> Msg {
    match s {
        Source::Orders => M::SourceOrders,
        Source::Lines => M::SourceLines,
        Source::Opportunities => M::SourceOpportunities,
    }
}

fn agg_name(a: Agg) -> Msg {
    match a {
        Agg::Sum => M::AggSum,
        Agg::Count => M::AggCount,
        Agg::Average => M::AggAverage,
    }
}

/// A heading as the user reads it: staff by name, codes translated, blanks as "not
/// set", a fold as "12 more".
fn heading(lang: Lang, roster: &Option<Roster>, d: Dim, l: &Label) -> String {
    if l.folded > 0 {
        return M::folded(lang, l.folded);
    }
    let text = match d {
        Dim::Owner if !l.key.is_empty() => owner_name(roster, &l.key),
        Dim::Status => OrderStatus::from_slug(&l.key)
            .map_or("", |s| s.label(lang))
            .into(),
        Dim::Stage => Standing::from_code(&l.key)
            .map_or("", |s| s.label(lang))
            .into(),
        _ => l.name.clone(),
    };
    if text.trim().is_empty() {
        K::NotSet.text(lang).to_string()
    } else {
        text
    }
}

/// The records behind a cell being looked at.
#[derive(Debug, Clone)]
struct Drill {
    spec: Spec,
    row: Option<Label>,
    col: Option<Label>,
    answer: Option<Result<Drilled, Failure>>,
}

#[component]
pub fn ReportsPage(params: Params, route: RwSignal<Route>) -> impl IntoView {
    let i = use_i18n();
    let choice = RwSignal::new(Choice::of(&params));
    Effect::new(move |_| crate::route::replace(&Route::Reports(choice.get().params())));
    // An address from elsewhere (a link, the back button, one typed) while the page is
    // open; the page's own replacement reads back as the same choice and changes nothing.
    Effect::new(move |_| {
        if let Route::Reports(p) = route.get() {
            let c = Choice::of(&p);
            if c != choice.get_untracked() {
                choice.set(c);
            }
        }
    });
    let spec = Memo::new(move |_| choice.get().spec);
    // With the spec it answers: the table shows what was computed, not what is being.
    let result = RwSignal::new(None::<Result<(Spec, Arc<Pivot>), Failure>>);
    let computing = RwSignal::new(true);
    let kept = Kept::new();
    let reports = StoredValue::new(0u32);
    let versions = use_versions();
    let topics = [
        Topic::Customers,
        Topic::Orders,
        Topic::of::<Opportunity>(),
        Topic::of::<Product>(),
    ];
    let drill = RwSignal::new(None::<Drill>);
    Effect::new(move |_| {
        versions.track(&topics);
        let s = spec.get();
        computing.set(true);
        drill.set(None);
        reports.update_value(|n| *n += 1);
        let n = reports.get_value();
        kept.ask(Ask::Report(s), move |r| {
            // A report asked for since makes this one's answer stale.
            if reports.try_get_value() != Some(n) {
                return;
            }
            let r = r.and_then(|a| match a {
                Answer::Report(p) => Ok((s, Arc::new(*p))),
                Answer::Drilled(_) => Err(Failure::Crashed("unexpected answer".into())),
            });
            computing.try_set(false);
            result.try_set(Some(r));
        });
    });
    let drills = StoredValue::new(0u32);
    let open_drill = move |row: Option<Label>, col: Option<Label>| {
        let Some(Ok((spec, _))) = result.get_untracked() else {
            return;
        };
        let a = Ask::Drill {
            spec,
            row: row.as_ref().map(|l| l.key.clone()),
            col: col.as_ref().map(|l| l.key.clone()),
        };
        drill.set(Some(Drill {
            spec,
            row,
            col,
            answer: None,
        }));
        // The panel is below a table that may be long: take the user there.
        request_animation_frame(|| crate::platform::focus("drill-title"));
        // Only the latest drill-down's answer is shown.
        drills.update_value(|n| *n += 1);
        let n = drills.get_value();
        let on = move |r: Result<Answer, Failure>| {
            let r = r.and_then(|a| match a {
                Answer::Drilled(d) => Ok(d),
                Answer::Report(_) => Err(Failure::Crashed("unexpected answer".into())),
            });
            if drills.try_get_value() != Some(n) {
                return;
            }
            drill.try_update(|d| {
                if let Some(d) = d {
                    d.answer = Some(r);
                }
            });
        };
        kept.ask(a, on);
    };
    let body = move || {
        match result.get() {
        None => view! { <p class="loading">{i.tr(M::Computing)}</p> }.into_any(),
        Some(Err(f)) => {
            view! { <p class="panel panel-error" role="alert">{move || failure_text(&f, i.get())}</p> }
                .into_any()
        }
        Some(Ok((spec, p))) if p.total.count == 0 => {
            let why = match spec.measure {
                Measure::Margin => M::EmptyMargin,
                _ => M::Empty,
            };
            view! { <p class="panel muted" id="report-empty">{i.tr(why)}</p> }.into_any()
        }
        Some(Ok((spec, p))) => {
            let on_drill = Callback::new(move |(r, c)| open_drill(r, c));
            let show = Signal::derive(move || choice.get().show);
            view! { <PivotTable pivot=p spec=spec show=show on_drill=on_drill/> }.into_any()
        }
    }
    };
    view! {
        <section class="page reports-page">
            <div class="page-head"><h1>{i.tr(M::Title)}</h1></div>
            <p class="muted">{i.tr(M::Intro)}</p>
            <Presets choice=choice/>
            <Controls choice=choice/>
            <p class="muted report-status" aria-live="polite">
                {move || computing.get().then(|| i.t(M::Computing))}
            </p>
            {body}
            <DrillPanel drill=drill/>
        </section>
    }
}

/// Revenue by month, region or owner, one click away.
#[component]
fn Presets(choice: RwSignal<Choice>) -> impl IntoView {
    let i = use_i18n();
    let preset = move |rows: Dim, id: &'static str, label: Msg| {
        let c = Choice::preset(rows);
        view! {
            <button class="btn btn-small" id=id aria-pressed=move || (choice.get() == c).to_string()
                on:click=move |_| choice.set(c)>{move || i.t(label)}</button>
        }
    };
    view! {
        <div class="toolbar report-presets" role="group" aria-label=i.tr(M::Presets)>
            {preset(Dim::Time(Grain::Month), "preset-month", M::ByMonth)}
            {preset(Dim::Region, "preset-region", M::ByRegion)}
            {preset(Dim::Owner, "preset-owner", M::ByOwner)}
        </div>
    }
}

/// A labelled select of `options` (value, name).
fn select(
    id: &'static str,
    label: Msg,
    options: impl Fn() -> Vec<(String, Msg)> + Send + Sync + 'static,
    value: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="field field-inline">
            <label for=id>{move || i.t(label)}</label>
            <select id=id prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                {move || options().into_iter().map(|(v, m)| view! { <option value=v>{move || i.t(m)}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// What is reported, along what, and which figure is shown.
#[component]
fn Controls(choice: RwSignal<Choice>) -> impl IntoView {
    let i = use_i18n();
    let edit = move |f: &dyn Fn(&mut Choice)| {
        let mut c = choice.get_untracked();
        f(&mut c);
        c.spec = c.spec.fixed();
        choice.set(c);
    };
    let dims = move |none: bool| {
        let source = choice.with(|c| c.spec.source);
        let mut v: Vec<(String, Msg)> = none
            .then(|| (String::new(), M::NoCols))
            .into_iter()
            .collect();
        v.extend(
            Dim::ALL
                .into_iter()
                .filter(|&d| source.has(d))
                .map(|d| (d.slug().to_string(), dim_name(d))),
        );
        v
    };
    let date = move |id: &'static str, label: Msg, to: bool| {
        let value = move || {
            let s = choice.get().spec;
            (if to { s.to } else { s.from })
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        view! {
            <div class="field field-inline">
                <label for=id>{move || i.t(label)}</label>
                <input type="date" id=id prop:value=value on:change=move |ev| {
                    let d = Day::parse(&event_target_value(&ev));
                    edit(&|c| if to { c.spec.to = d } else { c.spec.from = d });
                }/>
            </div>
        }
    };
    view! {
        <div class="toolbar report-controls">
            {select("report-source", M::Source,
                || Source::ALL.into_iter().map(|s| (s.slug().to_string(), source_name(s))).collect(),
                move || choice.get().spec.source.slug().to_string(),
                move |v| edit(&|c| if let Some(s) = Source::from_slug(&v) { c.spec.source = s }))}
            {select("report-rows", M::Rows, move || dims(false),
                move || choice.get().spec.rows.slug().to_string(),
                move |v| edit(&|c| if let Some(d) = Dim::from_slug(&v) { c.spec.rows = d }))}
            {select("report-cols", M::Cols, move || dims(true),
                move || choice.get().spec.cols.map_or("", |d| d.slug()).to_string(),
                move |v| edit(&|c| c.spec.cols = Dim::from_slug(&v)))}
            {select("report-measure", M::Measure,
                move || choice.with(|c| c.spec.source.measures().iter().map(|&m| (m.slug().to_string(), measure_name(m))).collect()),
                move || choice.get().spec.measure.slug().to_string(),
                move |v| edit(&|c| if let Some(m) = Measure::from_slug(&v) { c.spec.measure = m }))}
            {select("report-show", M::Show,
                || Agg::ALL.into_iter().map(|a| (a.slug().to_string(), agg_name(a))).collect(),
                move || choice.get().show.slug().to_string(),
                move |v| edit(&|c| if let Some(a) = Agg::from_slug(&v) { c.show = a }))}
            {date("report-from", M::From, false)}
            {date("report-to", M::To, true)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_bar_holds_the_whole_report() {
        let p = Params(vec![
            ("source".into(), "lines".into()),
            ("rows".into(), "category".into()),
            ("cols".into(), "quarter".into()),
            ("measure".into(), "quantity".into()),
            ("show".into(), "average".into()),
            ("from".into(), "2026-01-01".into()),
        ]);
        let c = Choice::of(&p);
        assert_eq!(c.spec.rows, Dim::Category);
        assert_eq!(c.spec.cols, Some(Dim::Time(Grain::Quarter)));
        assert_eq!(c.show, Agg::Average);
        assert_eq!(Choice::of(&c.params()), c);
        assert_eq!(c.params().0.len(), 6);
    }

    #[test]
    fn a_report_its_records_cannot_make_is_put_right() {
        let p = Params(vec![
            ("source".into(), "opportunities".into()),
            ("rows".into(), "product".into()),
            ("measure".into(), "quantity".into()),
            ("show".into(), "nonsense".into()),
        ]);
        let c = Choice::of(&p);
        assert_eq!(c.spec.rows, Dim::Customer);
        assert_eq!(c.spec.measure, Measure::Amount);
        assert_eq!(c.show, Agg::Sum);
        assert_eq!(
            Choice::of(&Params::default()),
            Choice::preset(Dim::Time(Grain::Month))
        );
    }

    #[test]
    fn headings_name_staff_translate_codes_and_mark_blanks() {
        let label = |key: &str, name: &str| Label {
            key: key.into(),
            name: name.into(),
            folded: 0,
        };
        assert_eq!(
            heading(Lang::En, &None, Dim::Status, &label("paid", "paid")),
            OrderStatus::Paid.label(Lang::En)
        );
        assert_eq!(
            heading(Lang::Zh, &None, Dim::Stage, &label("won", "won")),
            "赢单"
        );
        assert_eq!(
            heading(Lang::En, &None, Dim::Region, &label("", "")),
            "Not set"
        );
        let fold = Label {
            folded: 12,
            ..Label::default()
        };
        assert_eq!(heading(Lang::En, &None, Dim::Customer, &fold), "12 more");
    }
}
