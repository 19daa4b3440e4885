//! The calendar: a month (or a week) of tasks by due day, visits marked, with the way to
//! the month or week before and after. A day shows its first few tasks and how many
//! more; on a phone the days with tasks are listed one under another.

use super::agenda::{self, Span, Whose, clock};
use super::messages as M;
use crate::data::{self, Topic};
use crate::i18n::{self, Lang, use_i18n};
use crate::platform;
use crate::route::{Params, Route};
use kehu_core::Day;
use kehu_core::task::{AGENDA, Task, TaskKind};
use leptos::prelude::*;

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
    let tasks = data::resource(vec![Topic::of::<Task>()], move |db| async move {
        let mut all = Vec::new();
        for (lo, hi) in Task::due_ranges(first, last) {
            all.extend(db.docs_between::<Task>(AGENDA, &lo, &hi).await?.0);
        }
        Ok(all)
    });
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
        Some(Ok(all)) => {
            let days = agenda::by_day(&all, &whose);
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
                view! { <DayCell d=d tasks=list today=today outside=d.ymd().1 != month && span == Span::Month shown=shown/> }
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
    view! { {nav} {grid} }
}

#[component]
fn DayCell(d: Day, tasks: Vec<Task>, today: Day, outside: bool, shown: usize) -> impl IntoView {
    let i = use_i18n();
    let more = tasks.len().saturating_sub(shown);
    let empty = tasks.is_empty();
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
            <ul>{items}</ul>
            {(more > 0).then(|| view! { <div class="cal-more">{move || M::more(i.get(), more)}</div> })}
        </td>
    }
}
