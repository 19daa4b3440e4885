//! One task as a line of a list (the agenda, the matrix, a customer's or an
//! opportunity's tasks): a box to tick it off, its title, when it is due, its flags,
//! who it is about and who does it; and what ticking it does.

use super::agenda::clock;
use super::messages as M;
use crate::i18n::{self, Label, use_i18n};
use crate::platform;
use crate::roster::{owner_name, use_roster};
use crate::route::Route;
use crate::state::use_app;
use kehu_core::task::Task;
use kehu_core::{Day, Docs};
use leptos::prelude::*;

/// Whether ticking a task about a customer logs it on their timeline (this device's
/// choice, on unless turned off).
pub fn log_when_done() -> bool {
    platform::setting("tasks.log").as_deref() != Some("off")
}

pub fn set_log_when_done(on: bool) {
    platform::set_setting("tasks.log", if on { "on" } else { "off" });
}

/// Ticks `t` off, logging it on its customer's timeline when asked: the task and the
/// contact are written together or not at all.
pub fn complete(t: Task, log: bool) {
    let app = use_app();
    let now = platform::now();
    let mut done = t;
    done.complete(now);
    let logged = log
        .then(|| done.as_interaction(platform::new_id(), now))
        .flatten();
    let kind = logged.as_ref().map(|x| x.kind);
    let title = done.title.clone();
    let docs = Docs {
        interactions: logged.into_iter().collect(),
        tasks: vec![done],
        ..Docs::default()
    };
    app.write(
        move |db| async move { db.put_together(&docs).await },
        move |_| {
            app.toast(move |l| M::done(l, &title, kind.map(|k| k.label(l))), None);
        },
    );
}

/// Opens a done task again.
pub fn reopen(t: Task) {
    let app = use_app();
    let open = Task {
        done: None,
        updated: platform::now(),
        ..t
    };
    app.write(move |db| async move { db.put_doc(&open).await }, |_| {});
}

/// The due day (and time) as shown: "12月3日 14:30".
pub fn due_text(lang: i18n::Lang, t: &Task) -> String {
    let day = i18n::date(lang, t.due);
    match t.time {
        Some(m) => format!("{day} {}", clock(m)),
        None => day,
    }
}

/// Names shown beside a task: its customer's and its opportunity's, when known.
#[derive(Clone, Default)]
pub struct Names {
    pub customer: Option<String>,
    pub opportunity: Option<String>,
}

#[component]
pub fn TaskItem(t: Task, #[prop(optional)] names: Names, today: Day) -> impl IntoView {
    let (i, roster) = (use_i18n(), use_roster());
    let open = t.is_open();
    let overdue = open && t.due < today;
    let title = t.title.clone();
    let label = {
        let title = title.clone();
        move || {
            format!(
                "{}：{title}",
                i.t(if open { M::MarkDone } else { M::Reopen })
            )
        }
    };
    let tick = {
        let t = t.clone();
        move |_| match open {
            true => complete(t.clone(), log_when_done()),
            false => reopen(t.clone()),
        }
    };
    let (kind, urgent, important) = (t.kind, t.urgent, t.important);
    let from_rule = t.rule.is_some();
    let due = {
        let t = t.clone();
        move || due_text(i.get(), &t)
    };
    let owner = t.owner.clone();
    let customer = t.customer.clone().map(|c| {
        let name = names.customer.clone().unwrap_or_else(|| "…".into());
        view! { <a class="task-customer" href=Route::Customer(c.0).href()>{name}</a> }
    });
    let opportunity = t
        .opportunity
        .clone()
        .zip(names.opportunity.clone())
        .map(|(o, name)| {
            view! { <a class="task-opportunity" href=Route::Opportunity(o.0).href()>{name}</a> }
        });
    view! {
        <li class="task-item" class:task-done=!open data-id=t.id.0.clone()>
            <input type="checkbox" class="task-tick" prop:checked=!open aria-label=label on:change=tick/>
            <div class="task-body">
                <a class="task-title" href=Route::Task(t.id.0.clone()).href()>{title}</a>
                <div class="task-meta">
                    <span class="task-kind">{move || kind.label(i.get())}</span>
                    <span class="task-due" class:overdue=overdue>{due}</span>
                    {urgent.then(|| view! { <span class="badge badge-urgent">{i.tr(M::Urgent)}</span> })}
                    {important.then(|| view! { <span class="badge badge-important">{i.tr(M::Important)}</span> })}
                    {from_rule.then(|| view! { <span class="badge task-care" title=i.tr(M::FromRuleTip)>{i.tr(M::FromRule)}</span> })}
                    {customer}
                    {opportunity}
                    {(!owner.is_empty()).then(|| view! {
                        <span class="task-owner">{move || roster.with(|r| owner_name(r, &owner))}</span>
                    })}
                </div>
            </div>
        </li>
    }
}
