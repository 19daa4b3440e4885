//! The care rules at work (`kehu_core::care`): as the app opens, and a moment after
//! each change to what the rules read (customers, orders, tickets, contracts, the rules,
//! the dashboards' figures), a worker of its own derives the rules' tasks and writes
//! those never written before. The store's announcement of that write refreshes the
//! task pages; a toast says how many came. One run at a time: a change during a run
//! asks for one more after it. A page left open runs them again when the day turns.
//!
//! A device locked to the kiosk runs none: it is the customers' screen.

use crate::data::Topic;
use crate::state::{DbStatus, use_app};
use crate::worker::{self, Reply};
use crate::{i18n::Lang, platform};
use kehu_core::care::{Ask, CareRule, Outcome};
use kehu_core::envelope::Request;
use kehu_core::{Contract, Ticket};
use leptos::prelude::*;
use std::time::Duration;

/// How long after a change a run waits for more changes.
const SETTLE: Duration = Duration::from_millis(2000);

/// The request for a run (or, with `preview`, for what that rule would make).
pub fn ask(lang: Lang, preview: Option<CareRule>) -> Ask {
    Ask {
        today: platform::today(),
        now: platform::now(),
        zone: platform::zone().to_text(),
        renew: crate::pages::contracts::messages::renew(lang, "{title}"),
        preview,
    }
}

#[derive(Default)]
struct Runs {
    /// Changes seen: a run starts only after the last one has settled.
    changes: u64,
    busy: bool,
    again: bool,
    /// Runs finished.
    done: u64,
}

/// Starts following the data (once, in the page's app).
pub fn provide() {
    if crate::kiosk_lock::locked_at().is_some() {
        return;
    }
    let app = use_app();
    let cached = crate::analytics::use_analytics().cached;
    let runs = StoredValue::new(Runs::default());
    let topics = [
        Topic::Customers,
        Topic::Orders,
        Topic::of::<Ticket>(),
        Topic::of::<Contract>(),
        Topic::of::<CareRule>(),
    ];
    // A new day brings new events (a birthday within reach) without any change to the
    // data: a page left open runs the rules again when the day turns.
    let day = RwSignal::new(platform::today());
    set_interval(
        move || {
            let today = platform::today();
            if day.get_untracked() != today {
                day.set(today);
            }
        },
        Duration::from_secs(10 * 60),
    );
    Effect::new(move |_| {
        app.versions.track(&topics);
        cached.track();
        day.track();
        if app.status.get() != DbStatus::Ready {
            return;
        }
        runs.update_value(|r| r.changes += 1);
        let mine = runs.with_value(|r| r.changes);
        mark("data-care", "pending");
        set_timeout(
            move || {
                if runs.with_value(|r| r.changes) == mine {
                    run(app, runs);
                }
            },
            SETTLE,
        );
    });
}

fn run(app: crate::state::AppState, runs: StoredValue<Runs>) {
    let busy = runs.with_value(|r| r.busy);
    runs.update_value(|r| match busy {
        true => r.again = true,
        false => r.busy = true,
    });
    if busy {
        return;
    }
    let seen = runs.with_value(|r| r.changes);
    leptos::task::spawn_local(async move {
        let lang = app.lang.get_untracked();
        // Nothing to derive without a rule or a contract: no worker is started.
        let reply = match something_to_do().await {
            true => worker::answer(Request::Care(ask(lang, None))).await,
            false => Reply::Ready,
        };
        match reply {
            Reply::Care(Ok(Outcome::Made { tasks, .. })) if tasks > 0 => {
                app.toast(move |l| made(l, tasks), None)
            }
            Reply::Care(Err(e)) => app.report(&e),
            Reply::Crashed(m) => app.toast_error(move |l| crate::worker::crashed(l, &m)),
            _ => {}
        }
        runs.update_value(|r| r.done += 1);
        let (done, again, changes) = runs.with_value(|r| (r.done, r.again, r.changes));
        mark("data-care-runs", &done.to_string());
        if !again && changes == seen {
            mark("data-care", "idle");
        }
        runs.update_value(|r| {
            r.busy = false;
            r.again = false;
        });
        if again {
            run(app, runs);
        }
    });
}

/// Whether the store holds a care rule or a contract (a failed read says yes: the
/// worker will report it).
async fn something_to_do() -> bool {
    let Ok(db) = crate::state::db() else {
        return false;
    };
    // One after the other: each is a count of a store, a moment.
    let rules = db.count_docs::<CareRule>().await;
    let contracts = db.count_docs::<Contract>().await;
    !matches!((rules, contracts), (Ok(0), Ok(0)))
}

/// Marks the page with where the runs stand (`data-care`: pending or idle, and
/// `data-care-runs`: how many finished), so a test can wait for them.
fn mark(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(name, value);
    }
}

/// "关怀规则新建了 3 个任务".
fn made(lang: Lang, n: usize) -> String {
    match n {
        1 => crate::i18n::tr!(lang, "关怀规则新建了 1 个任务", "Care rules added a task"),
        _ => crate::i18n::tr!(
            lang,
            "关怀规则新建了 {n} 个任务",
            "Care rules added {n} tasks"
        ),
    }
}
