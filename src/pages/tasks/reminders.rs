//! Reminders, on every page: the open tasks are read once the database is open (and
//! again when tasks change); every half minute those whose reminder is due (for whoever
//! uses this device, or everyone when nobody is set) come up in a panel with "done",
//! "open" and "dismiss", and, where the user allowed it, as a browser notification,
//! once per task and page load. Dismissing is stored on the task, so every device and
//! tab stops reminding.
//!
//! Notifications are made by the page (no service worker): they show while kehu is open
//! in some tab, which is what a shop's counter or a salesperson's browser keeps.

use super::agenda::{Agenda, Whose};
use super::item::{complete, due_text, log_when_done};
use super::messages as M;
use crate::data::{Topic, Versions};
use crate::i18n::use_i18n;
use crate::platform;
use crate::roster::me;
use crate::route::Route;
use crate::state::{AppState, DbStatus, db, use_app};
use kehu_core::task::{AGENDA, Task};
use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/reminders.js")]
extern "C" {
    fn notify_state() -> String;
    #[wasm_bindgen(catch)]
    async fn notify_ask() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn notify_show(title: &str, body: &str, tag: &str, href: &str) -> Result<(), JsValue>;
}

/// How many reminders the panel lists (the rest are a link away, on the agenda).
const SHOWN: usize = 3;

/// Whether this browser may show notifications, and whether the user turned them on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Unsupported,
    /// Not asked yet (or asked and the question dismissed).
    Ask,
    Denied,
    Granted,
}

pub fn permission() -> Permission {
    match notify_state().as_str() {
        "granted" => Permission::Granted,
        "denied" => Permission::Denied,
        "default" => Permission::Ask,
        _ => Permission::Unsupported,
    }
}

/// Asks the browser, and turns notifications on when it says yes.
pub async fn ask() -> Permission {
    let _ = notify_ask().await;
    let p = permission();
    set_notify(p == Permission::Granted);
    p
}

/// Whether notifications are on for this device (the user's choice, and the browser's).
pub fn notify_on() -> bool {
    platform::setting("tasks.notify").as_deref() == Some("on")
        && permission() == Permission::Granted
}

pub fn set_notify(on: bool) {
    platform::set_setting("tasks.notify", if on { "on" } else { "off" });
}

/// The open tasks, app-wide (the reminders and the navigation's count read them).
#[derive(Clone, Copy)]
pub struct OpenTasks(pub Memo<Vec<Task>>);

impl OpenTasks {
    pub fn provide(app: AppState) {
        let versions: Versions = app.versions;
        let read = LocalResource::new(move || {
            versions.track(&[Topic::of::<Task>()]);
            let ready = app.status.get() == DbStatus::Ready;
            async move {
                let (lo, hi) = Task::open_range();
                match (ready, db()) {
                    (true, Ok(db)) => Some(db.docs_between::<Task>(AGENDA, &lo, &hi).await),
                    _ => None,
                }
            }
        });
        let open = Memo::new(move |_| match read.get().flatten() {
            Some(Ok((tasks, _))) => tasks,
            Some(Err(e)) => {
                app.report(&e);
                Vec::new()
            }
            None => Vec::new(),
        });
        provide_context(OpenTasks(open));
    }
}

/// Whose reminders this device shows: its user's and nobody's, or everyone's when no
/// user is set.
fn mine(t: &Task, me: &Option<String>) -> bool {
    me.as_ref()
        .is_none_or(|m| t.owner.is_empty() || &t.owner == m)
}

/// A clock that moves every half minute (reminders fall due as time passes).
fn ticking() -> RwSignal<u64> {
    let tick = RwSignal::new(0u64);
    let handle = set_interval_with_handle(
        move || tick.update(|n| *n += 1),
        std::time::Duration::from_secs(30),
    );
    if let Ok(h) = handle {
        on_cleanup(move || h.clear());
    }
    tick
}

/// How many of the user's tasks are overdue or due today (the navigation's count).
pub fn pressing() -> Memo<usize> {
    let open = expect_context::<OpenTasks>().0;
    let tick = ticking();
    Memo::new(move |_| {
        tick.track();
        let who = match me() {
            Some(m) => Whose::Owner(m),
            None => Whose::Everyone,
        };
        open.with(|l| {
            Agenda::of(l, &who, platform::today(), super::minute_now(), |_| None).pressing()
        })
    })
}

#[component]
pub fn Reminders() -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let open = expect_context::<OpenTasks>().0;
    let tick = ticking();
    let notified = StoredValue::new(HashSet::<String>::new());
    let due = Memo::new(move |_| {
        tick.track();
        let now = platform::zone().local(platform::now());
        let me = me();
        open.with(|l| {
            let mut due: Vec<Task> = l
                .iter()
                .filter(|t| t.reminder_due(now) && mine(t, &me))
                .cloned()
                .collect();
            due.sort_by_key(Task::order_key);
            due
        })
    });
    // Each newly due reminder once as a notification, where allowed.
    Effect::new(move |_| {
        let list = due.get();
        if !notify_on() {
            return;
        }
        let lang = i.lang.get_untracked();
        for t in list {
            if notified.with_value(|n| n.contains(t.id.as_str())) {
                continue;
            }
            notified.update_value(|n| {
                n.insert(t.id.0.clone());
            });
            let body = M::reminder(lang, &t.title, &due_text(lang, &t));
            let href = Route::Task(t.id.0.clone()).href();
            let _ = notify_show(&t.title, &body, t.id.as_str(), &href);
        }
    });
    let dismiss = move |t: Task| {
        let put = Task {
            reminded: true,
            ..t
        };
        app.write(move |db| async move { db.put_doc(&put).await }, |_| {});
    };
    let row = move |t: Task| {
        let (a, b) = (t.clone(), t.clone());
        let when = {
            let t = t.clone();
            move || due_text(i.get(), &t)
        };
        view! {
            <li class="reminder" data-id=t.id.0.clone()>
                <div class="reminder-what">
                    <a class="reminder-title" href=Route::Task(t.id.0.clone()).href()>{t.title.clone()}</a>
                    " "<span class="muted">{when}</span>
                </div>
                <div class="reminder-actions">
                    <button class="btn btn-small btn-primary reminder-done" on:click=move |_| complete(a.clone(), log_when_done())>{i.tr(M::MarkDone)}</button>
                    <button class="btn btn-small reminder-dismiss" on:click=move |_| dismiss(b.clone())>{i.tr(M::Dismiss)}</button>
                </div>
            </li>
        }
    };
    // Folded to its heading by the user, until a further reminder falls due.
    // Kept on the device, so a folded panel stays folded across page loads.
    let folded = RwSignal::new(platform::setting("reminders.folded").as_deref() == Some("1"));
    Effect::new(move |_| {
        platform::set_setting("reminders.folded", if folded.get() { "1" } else { "0" })
    });
    Effect::new(move |before: Option<usize>| {
        let n = due.with(Vec::len);
        if before.is_some_and(|b| n > b) {
            folded.set(false);
        }
        n
    });
    view! {
        <Show when=move || !due.with(Vec::is_empty)>
            <section class="reminders" class:folded=move || folded.get() id="reminders" role="region" aria-label=i.tr(M::Reminders)>
                <div class="reminders-head">
                    <h2>{i.tr(M::Reminders)}" "<span class="nav-count">{move || due.with(Vec::len)}</span></h2>
                    <button class="btn btn-small" id="reminders-fold" aria-controls="reminder-list"
                        aria-expanded=move || (!folded.get()).to_string()
                        on:click=move |_| folded.update(|f| *f = !*f)>
                        {move || i.t(if folded.get() { M::Unfold } else { M::Fold })}
                    </button>
                </div>
                <ul id="reminder-list" aria-live="polite" hidden=move || folded.get()>
                    {move || due.get().into_iter().take(SHOWN).map(row).collect_view()}
                </ul>
                {move || (due.with(Vec::len) > SHOWN && !folded.get()).then(|| view! {
                    <a class="reminders-all" href=Route::Tasks(Default::default()).href()>{M::all_reminders(i.get(), due.with(Vec::len))}</a>
                })}
            </section>
        </Show>
    }
}

/// The settings card: browser notifications for reminders, on or off.
#[component]
pub fn NotificationSettings() -> impl IntoView {
    let i = use_i18n();
    let state = RwSignal::new((permission(), notify_on()));
    let turn_on = move |_| {
        leptos::task::spawn_local(async move {
            let p = ask().await;
            state.set((p, notify_on()));
        });
    };
    let turn_off = move |_| {
        set_notify(false);
        state.set((permission(), false));
    };
    let status = move || match state.get() {
        (Permission::Unsupported, _) => M::NotificationsUnsupported,
        (Permission::Denied, _) => M::NotificationsBlocked,
        (_, true) => M::NotificationsOn,
        (_, false) => M::NotificationsOff,
    };
    view! {
        <section class="card" id="notifications">
            <h2>{i.tr(M::Notifications)}</h2>
            <p class="muted">{i.tr(M::NotificationsIntro)}</p>
            <p id="notify-status" role="status">{move || i.t(status())}</p>
            {move || match state.get() {
                (Permission::Unsupported | Permission::Denied, _) => ().into_any(),
                (_, true) => view! { <button class="btn" id="notify-off" on:click=turn_off>{i.tr(M::TurnOff)}</button> }.into_any(),
                (_, false) => view! { <button class="btn btn-primary" id="notify-on" on:click=turn_on>{i.tr(M::TurnOn)}</button> }.into_any(),
            }}
        </section>
    }
}
