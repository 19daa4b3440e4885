//! The page's side of the analytics worker: starts it, follows its progress, cancels
//! it, and holds the cached insights for every page that shows them.
//!
//! The insights live in IndexedDB with the data version they were computed from. On
//! start the cache is read (so dashboards open instantly); whenever the data changes
//! and the cache no longer matches the data version it is marked stale and recomputed
//! in the background, a moment after the last change.

use crate::platform;
use crate::state::{db, use_app};
use crate::worker::{self, Handle, Reply};
use kehu_core::Day;
use kehu_core::analytics::insights::{FromWorker, Request as Analysis, Stage, ToWorker};
use kehu_core::analytics::pipeline::PyramidValue;
use kehu_core::envelope::Request;
use kehu_store::CachedInsights;
use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

/// How long after a change the background recomputation waits for more changes.
const SETTLE: Duration = Duration::from_millis(1500);

#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Idle,
    Running(Stage),
    Failed(String),
}

/// The user's choice of analysis date ("today" unless fixed) and window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    pub as_of: Option<Day>,
    pub window_days: Option<u32>,
    pub clusters: u8,
    /// What ranks the value pyramid.
    pub rank: PyramidValue,
}

impl Choice {
    fn load() -> Choice {
        let get = |k: &str| platform::setting(k);
        Choice {
            as_of: get("analysis_as_of").and_then(|s| Day::parse(&s)),
            window_days: get("analysis_window").and_then(|s| s.parse().ok()),
            clusters: get("analysis_k")
                .and_then(|s| s.parse().ok())
                .filter(|k| (2..=8).contains(k))
                .unwrap_or(5),
            rank: get("analysis_rank")
                .and_then(|s| PyramidValue::from_code(&s))
                .unwrap_or_default(),
        }
    }

    fn save(&self) {
        platform::set_setting(
            "analysis_as_of",
            &self.as_of.map(|d| d.to_string()).unwrap_or_default(),
        );
        platform::set_setting(
            "analysis_window",
            &self.window_days.map(|d| d.to_string()).unwrap_or_default(),
        );
        platform::set_setting("analysis_k", &self.clusters.to_string());
        platform::set_setting("analysis_rank", self.rank.code());
    }

    pub fn request(&self) -> Analysis {
        Analysis {
            as_of: self.as_of.unwrap_or_else(platform::today),
            window_days: self.window_days,
            clusters: self.clusters,
            rank: self.rank,
        }
    }
}

thread_local! {
    static WORKER: RefCell<Option<Handle>> = const { RefCell::new(None) };
}

#[derive(Clone, Copy)]
pub struct Analytics {
    pub cached: RwSignal<Option<Arc<CachedInsights>>>,
    pub job: RwSignal<Job>,
    /// The data version now in the database (`None` until read).
    pub version: RwSignal<Option<u64>>,
    pub choice: RwSignal<Choice>,
    /// Whether the cache has been read once.
    loaded: RwSignal<bool>,
    /// Bumped by each data change; a pending recomputation only runs if it is the last.
    changes: StoredValue<u64>,
}

pub fn use_analytics() -> Analytics {
    expect_context::<Analytics>()
}

impl Analytics {
    /// Creates the controller, reads the cache, and follows data changes.
    pub fn provide() -> Analytics {
        let a = Analytics {
            cached: RwSignal::new(None),
            job: RwSignal::new(Job::Idle),
            version: RwSignal::new(None),
            choice: RwSignal::new(Choice::load()),
            loaded: RwSignal::new(false),
            changes: StoredValue::new(0),
        };
        provide_context(a);
        let app = use_app();
        Effect::new(move |_| {
            // Runs once the database is ready, then on every change to what the
            // dashboards read, here or elsewhere (a call logged is not one).
            app.versions.track(&crate::data::Topic::feeding_analytics());
            if app.status.get() != crate::state::DbStatus::Ready {
                return;
            }
            a.changes.update_value(|c| *c += 1);
            let mine = a.changes.get_value();
            leptos::task::spawn_local(async move {
                a.refresh().await;
                if a.cached.with_untracked(|c| c.is_some()) && a.is_stale_untracked() {
                    set_timeout(
                        move || {
                            if a.changes.get_value() == mine && a.is_stale_untracked() {
                                a.run(false);
                            }
                        },
                        SETTLE,
                    );
                }
            });
        });
        a
    }

    /// Rereads the data version and, when it changed, the cache.
    async fn refresh(self) {
        let Ok(db) = db() else { return };
        let Ok(v) = db.data_version().await else {
            return;
        };
        self.version.set(Some(v));
        let have = self
            .cached
            .with_untracked(|c| c.as_ref().map(|c| c.version));
        // Another tab may have computed newer results: the stored ones are read whenever
        // ours do not match the data.
        if have != Some(v)
            && let Ok(Some(c)) = db.insights().await
            && Some(c.version) != have
        {
            self.cached.set(Some(Arc::new(c)));
        }
        self.loaded.set(true);
    }

    fn is_stale_untracked(self) -> bool {
        untrack(|| self.is_stale())
    }

    /// Whether the shown insights lag behind the data or the chosen settings.
    pub fn is_stale(self) -> bool {
        let want = self.choice.get().request();
        let version = self.version.get();
        self.cached.with(|c| match c {
            None => true,
            Some(c) => Some(c.version) != version || c.insights.request != want,
        })
    }

    /// Computes when nothing is cached yet (first visit to a dashboard), once the cache
    /// has been looked at.
    pub fn ensure(self) {
        leptos::task::spawn_local(async move {
            if !self.loaded.get_untracked() {
                self.refresh().await;
            }
            if self.cached.with_untracked(|c| c.is_none()) && self.job.get_untracked() == Job::Idle
            {
                self.run(false);
            }
        });
    }

    pub fn set_choice(self, c: Choice) {
        c.save();
        self.choice.set(c);
        self.run(false);
    }

    /// Starts a computation in a fresh worker (cancelling one under way). The worker
    /// recomputes only what changed (the Sales figures alone, when only opportunities
    /// did), unless `full` asks for everything (the Recompute button).
    pub fn run(self, full: bool) {
        self.cancel();
        self.job.set(Job::Running(Stage::Read));
        let request = Request::Analytics(ToWorker::Run {
            request: self.choice.get_untracked().request(),
            full,
        });
        let handle = worker::spawn(request, None, move |reply, _| match reply {
            Reply::Analytics(FromWorker::Progress { stage }) => self.job.set(Job::Running(stage)),
            Reply::Analytics(FromWorker::Done { .. }) => {
                self.finish();
                leptos::task::spawn_local(async move {
                    match db().map(|db| async move { db.insights().await }) {
                        Ok(f) => match f.await {
                            Ok(c) => self.cached.set(c.map(Arc::new)),
                            Err(e) => self.job.set(Job::Failed(e.to_string())),
                        },
                        Err(e) => self.job.set(Job::Failed(e.to_string())),
                    }
                    self.refresh().await;
                });
            }
            Reply::Analytics(FromWorker::Failed { error }) | Reply::Crashed(error) => {
                self.finish();
                self.job.set(Job::Failed(error));
            }
            Reply::Ready
            | Reply::Import(_)
            | Reply::Pivot(_)
            | Reply::Service(_)
            | Reply::Sliced(_)
            | Reply::Care(_)
            | Reply::Marketing(_)
            | Reply::Sync(_) => {}
        });
        WORKER.with(|w| *w.borrow_mut() = handle);
    }

    /// Stops the worker; its memory (a copy of every order) goes with it.
    fn finish(self) {
        let gone = WORKER.with(|w| w.borrow_mut().take());
        drop(gone);
        self.job.set(Job::Idle);
    }

    /// Cancels a computation under way; the cache keeps the previous results.
    pub fn cancel(self) {
        self.finish();
    }
}
