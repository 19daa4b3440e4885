//! The calendar: a month (or a week) of tasks by due day, visit tasks marked, and the
//! visits logged on customers' timelines (read by time across customers), with the way
//! to the month or week before and after. A day shows its first few tasks and how many
//! more; on a phone the days with tasks are listed one under another.

use super::agenda::{self, Span, Whose, clock};
use super::messages as M;
use crate::data::{self, Topic};
use crate::i18n::{self, Lang, use_i18n};
use crate::platform;
use crate::route::{Params, Route};
use kehu_core::task::{AGENDA, Task, TaskKind};
use kehu_core::{Day, Id, Interaction, InteractionKind};
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// How many tasks a month's day shows before "n more".
const SHOWN_PER_DAY: usize = 4;

const WEEKDAYS: [(&str, &str); 7] = [
    ("一", "Mon"),
    ("二", "Tue"),
    ("三", "Wed"),
    ("四", "Thu"),
    ("五", "Fri"),
    ("六", "Sat"),
    ("日", "Sun"),
];

/// "2026年12月" or "December 2026"; for a week, its first day.
fn heading(lang: Lang, at: Day, span: Span) -> String {
    match span {
        Span::Week => i18n::date(lang, agenda::monday(at)),
        Span::Month => {
            let (y, m, _) = at.ymd();
            i18n::month(lang, y, m)
        }
    }
}

#[component]
pub(super) fn CalendarView(params: Params, whose: Whose) -> impl IntoView {
    let i = use_i18n();
    let today = platform::today();
    let span = Span::parse(params.get("span"));
    let at = params.get("at").and_then(Day::parse).unwrap_or(today);
    let weeks = agenda::weeks(at, span);
    let (first, last) = (weeks[0][0], weeks[weeks.len() - 1][6]);
    // The tasks due in the weeks shown, and the visits logged in them (from the first
    // day's local midnight to the last's).
    let zone = platform::zone();
    let (from, to) = (
        zone.instant(first.start_millis().0).0 as f64,
        zone.instant(Day(last.0 + 1).start_millis().0).0 as f64 - 1.0,
    );
    let tasks = data::resource(
        vec![Topic::of::<Task>(), Topic::of::<Interaction>()],
        move |db| async move {
            let mut all = Vec::new();
            for (lo, hi) in Task::due_ranges(first, last) {
                all.extend(db.docs_between::<Task>(AGENDA, &lo, &hi).await?.0);
            }
            let visits: Vec<Interaction> = db
                .docs_timed::<Interaction>(from, to)
                .await?
                .into_iter()
                .filter(|x| x.kind == InteractionKind::Visit)
                .collect();
            Ok((all, visits))
        },
    );
    let link = {
        let params = params.clone();
        move |at: Day, span: Span| {
            let mut p = params.clone();
            p.0.retain(|(k, _)| k != "at" && k != "span");
            p.0.push(("at".into(), at.to_string()));
            p.0.push(("span".into(), span.code().into()));
            Route::Tasks(p).href()
        }
    };
    let nav = view! {
        <div class="calendar-nav">
            <a class="btn btn-small" id="cal-prev" href=link(agenda::step(at, span, -1), span)>"← "{i.tr(M::Previous)}</a>
            <a class="btn btn-small" id="cal-today" href=link(today, span)>{i.tr(M::ThisPeriod)}</a>
            <a class="btn btn-small" id="cal-next" href=link(agenda::step(at, span, 1), span)>{i.tr(M::Next)}" →"</a>
            <h2 id="cal-heading">{move || heading(i.get(), at, span)}</h2>
            <span class="tabs">
                <a class="tab" class:active=span == Span::Month id="cal-month" href=link(at, Span::Month)>{i.tr(M::Month)}</a>
                <a class="tab" class:active=span == Span::Week id="cal-week" href=link(at, Span::Week)>{i.tr(M::Week)}</a>
            </span>
        </div>
    };
    let month = at.ymd().1;
    let grid = move || match tasks.get() {
        None => view! { <p class="loading">{i.t(crate::i18n::K::Loading)}</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }
                .into_any()
        }
        Some(Ok((all, visits))) => {
            let days = agenda::by_day(&all, &whose);
            // One owner's calendar shows the visits to their customers.
            let customers = super::customers_of(visits.iter().map(|v| &v.customer));
            let visits: Vec<&Interaction> = visits
                .iter()
                .filter(|v| match &whose {
                    Whose::Everyone => true,
                    Whose::Owner(o) => customers
                        .get(&v.customer)
                        .is_some_and(|(_, owner)| owner == o),
                })
                .collect();
            let logged = visits_by_day(&visits, &customers);
            let shown = if span == Span::Week {
                usize::MAX
            } else {
                SHOWN_PER_DAY
            };
            let cell = |d: Day| {
                let list: Vec<Task> = days
                    .get(&d)
                    .map(|l| l.iter().map(|t| (*t).clone()).collect())
                    .unwrap_or_default();
                let visits = logged.get(&d).cloned().unwrap_or_default();
                view! { <DayCell d=d tasks=list visits=visits today=today outside=d.ymd().1 != month && span == Span::Month shown=shown more_href=link(d, Span::Week)/> }
            };
            view! {
                <table class=format!("calendar calendar-{}", span.code()) id="calendar">
                    <thead><tr>{WEEKDAYS.iter().map(|&(zh, en)| view! {
                        <th scope="col">{move || if i.get() == Lang::Zh { zh } else { en }}</th>
                    }).collect_view()}</tr></thead>
                    <tbody>{weeks.iter().map(|w| view! {
                        <tr>{w.iter().map(|&d| cell(d)).collect_view()}</tr>
                    }).collect_view()}</tbody>
                </table>
            }
            .into_any()
        }
    };
    view! {
        {nav}
        {grid}
        <p class="cal-legend muted">
            <span class="cal-key"></span>{i.tr(M::KeyTask)}
            <span class="cal-key cal-visit"></span>{i.tr(M::KeyVisit)}
            <span class="cal-key cal-visit cal-logged"></span>{i.tr(M::KeyLogged)}
        </p>
    }
}

/// A visit logged on a customer's timeline: (customer id, its name, local minute,
/// subject).
type Logged = (String, String, u16, String);

/// The visits logged, by the local day they happened, each day's in time order.
fn visits_by_day(
    visits: &[&Interaction],
    customers: &HashMap<Id, (String, String)>,
) -> BTreeMap<Day, Vec<Logged>> {
    let zone = platform::zone();
    let mut days: BTreeMap<Day, Vec<Logged>> = BTreeMap::new();
    for v in visits {
        let local = zone.local(v.at);
        let minute = (local.rem_euclid(kehu_core::date::MS_PER_DAY) / 60_000) as u16;
        let name = customers
            .get(&v.customer)
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        days.entry(kehu_core::Millis(local).day())
            .or_default()
            .push((v.customer.0.clone(), name, minute, v.subject.clone()));
    }
    for list in days.values_mut() {
        list.sort_by_key(|l| l.2);
    }
    days
}

#[component]
fn DayCell(
    d: Day,
    tasks: Vec<Task>,
    visits: Vec<Logged>,
    today: Day,
    outside: bool,
    shown: usize,
    /// Where the day's tasks not shown are (its week).
    more_href: String,
) -> impl IntoView {
    let i = use_i18n();
    let more = (tasks.len() + visits.len()).saturating_sub(shown);
    let empty = tasks.is_empty() && visits.is_empty();
    let room = shown.saturating_sub(tasks.len());
    let logged = visits
        .into_iter()
        .take(room)
        .map(|(customer, name, minute, subject)| {
            let text = match subject.is_empty() {
                true => name,
                false => format!("{name} · {subject}"),
            };
            view! {
                <li class="cal-task cal-visit cal-logged">
                    <a href=Route::Customer(customer).href()>{format!("{} ", clock(minute))}{text}</a>
                </li>
            }
        })
        .collect_view();
    let items = tasks
        .into_iter()
        .take(shown)
        .map(|t| {
            let class = format!(
                "cal-task{}{}",
                if t.kind == TaskKind::Visit { " cal-visit" } else { "" },
                if t.is_open() { "" } else { " cal-done" }
            );
            let time = t.time.map(|m| format!("{} ", clock(m)));
            view! {
                <li class=class><a href=Route::Task(t.id.0.clone()).href()>{time}{t.title.clone()}</a></li>
            }
        })
        .collect_view();
    view! {
        <td class="cal-day" class:cal-today=d == today class:cal-outside=outside class:cal-empty=empty
            data-day=d.to_string()>
            <div class="cal-date">
                <span class="cal-num" aria-hidden="true">{d.ymd().2}</span>
                <span class="cal-full">{move || i18n::date(i.get(), d)}</span>
            </div>
            <ul>{items}{logged}</ul>
            {(more > 0).then(|| view! { <a class="cal-more" href=more_href>{move || M::more(i.get(), more)}</a> })}
        </td>
    }
}
