//! The import history: every import with its state and what it wrote. One that stopped
//! (cancelled, failed, or cut off by a closed tab) resumes after its last batch once the
//! user picks the same file again; any import can be taken back completely.

use crate::components::ConfirmDialog;
use crate::i18n::{self, I18n, K, Lang, Msg, tr, use_i18n};
use crate::importer::{self, Message};
use crate::platform;
use crate::route::Route;
use crate::state::{AppState, db, use_app};
use kehu_core::import::job::{Failure, ImportJob, ImportStatus, Reached, ToImporter};
use kehu_core::import::mapping::ImportKind;
use kehu_core::import::plan::When;
use leptos::prelude::*;
use std::collections::HashSet;
mod messages;
use messages as M;

/// Whether a worker (of this tab or another) is writing `job`, by the lock it holds:
/// then it can be neither resumed (two writers would write its rows twice) nor taken
/// back.
fn live(job: &ImportJob, held: &HashSet<String>) -> bool {
    importer::writing(job) || held.contains(&job.lock_name())
}

fn status_label(job: &ImportJob, held: &HashSet<String>) -> Msg {
    match job.status {
        ImportStatus::Running if importer::writing(job) => M::StatusRunning,
        ImportStatus::Running if live(job, held) => M::StatusRunningElsewhere,
        ImportStatus::Running => M::StatusInterrupted,
        ImportStatus::Cancelled => M::StatusCancelled,
        ImportStatus::Failed => M::StatusFailed,
        ImportStatus::Done => M::StatusDone,
        ImportStatus::RolledBack => M::StatusRolledBack,
    }
}

/// Where an import stands, for the history's progress column. Line numbers are the
/// file's (blank lines and cells over several lines count), so there is no "of N".
fn progress_text(lang: Lang, job: &ImportJob) -> String {
    let written = i18n::count(job.written.total() as usize);
    let written = tr!(lang, "已写入 {written}", "Written {written}");
    if job.status.resumable() {
        let lines = i18n::count(job.line as usize);
        tr!(
            lang,
            "{written} · 已处理到第 {lines} 行",
            "{written} · up to line {lines}"
        )
    } else if job.kept > 0 {
        let kept = i18n::count(job.kept as usize);
        tr!(
            lang,
            "{written} · {kept} 条记录保留（导入后有改动）",
            "{written} · {kept} records kept (worked on since)"
        )
    } else {
        written
    }
}

/// The history's state: the imports, which are being written elsewhere, and the one
/// resume or take-back under way.
#[derive(Clone, Copy)]
struct History {
    app: AppState,
    i: I18n,
    jobs: RwSignal<Option<Vec<ImportJob>>>,
    /// Import locks held by workers (this tab's or another's).
    held: StoredValue<HashSet<String>>,
    busy: RwSignal<bool>,
    progress: RwSignal<Option<(usize, usize)>>,
    error: RwSignal<Option<String>>,
    /// The import the take-back dialog asks about.
    confirm: RwSignal<bool>,
    target: StoredValue<Option<String>>,
}

impl History {
    fn new() -> History {
        History {
            app: use_app(),
            i: use_i18n(),
            jobs: RwSignal::new(None),
            held: StoredValue::new(HashSet::new()),
            busy: RwSignal::new(false),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            confirm: RwSignal::new(false),
            target: StoredValue::new(None),
        }
    }

    fn load(self) {
        let app = self.app;
        leptos::task::spawn_local(async move {
            self.held.set_value(importer::held_locks().await);
            match async { db()?.import_jobs().await }.await {
                Ok(j) => self.jobs.set(Some(j)),
                Err(e) => app.report(&e),
            }
        })
    }

    /// After writes: this tab's list, the other tabs, and the history itself.
    fn refresh(self, customers: Option<Vec<kehu_core::Id>>) {
        let app = self.app;
        leptos::task::spawn_local(async move {
            if let Ok(db) = db() {
                db.changes().announce(&kehu_store::Change::All);
            }
            if let Err(e) = app.reload_written(customers).await {
                app.report(&e);
            }
            self.load();
        });
    }

    /// Shows a batch written: from the message, not the database (a read racing the
    /// final save could show "done" before the list is reloaded).
    fn batch(self, job: ImportJob, from: Reached) {
        self.progress.set(Some(job.progress_since(from)));
        self.jobs.update(|all| {
            if let Some(all) = all
                && let Some(j) = all.iter_mut().find(|j| j.id == job.id)
            {
                *j = job;
            }
        });
    }

    fn stopped(self) {
        self.busy.set(false);
        self.progress.set(None);
    }

    /// Writes the rest of `job` from `f`, which must be the file it started with.
    fn resume(self, job: ImportJob, f: web_sys::File) {
        let (app, i) = (self.app, self.i);
        self.error.set(None);
        if !job.file.same(&importer::file_info(&f)) {
            self.error
                .set(Some(i.now(M::ImportNotSameFile).to_string()));
            return;
        }
        self.busy.set(true);
        let from = job.reached();
        self.progress.set(Some(job.progress_since(from)));
        let request = ToImporter::Write {
            job,
            choices: crate::pages::import::choices(),
            when: When {
                today: platform::today(),
                now: platform::now(),
                zone: (*platform::zone()).clone(),
            },
        };
        importer::start(Some(f), request, move |m| match m {
            Message::Batch { job } => self.batch(job, from),
            Message::Finished {
                error: e,
                customers,
                ..
            } => {
                self.stopped();
                if let Some(e) = e {
                    app.report(&e);
                }
                self.refresh(customers);
            }
            Message::Failed { error: e } => {
                self.stopped();
                let lang = i.lang.get_untracked();
                match e {
                    Failure::Store(e) => app.report(&e),
                    other => self.error.set(Some(importer::failure_text(lang, &other))),
                }
                self.load();
            }
            _ => {}
        });
        self.load();
    }

    /// Takes the confirmed import back, in a worker: taking back a million orders
    /// rewrites their chunks.
    fn roll_back(self) {
        let app = self.app;
        self.confirm.set(false);
        let Some(id) = self.target.get_value() else {
            return;
        };
        self.busy.set(true);
        let request = ToImporter::Rollback {
            id,
            now: platform::now(),
        };
        importer::run_once(request, move |m, _| match m {
            Message::RolledBack { .. } => {
                self.busy.set(false);
                app.say(M::ImportRolledBackToast, None);
                self.refresh(None);
            }
            Message::Failed { error } => {
                self.busy.set(false);
                match error {
                    Failure::Store(e) => app.report(&e),
                    other => app.toast_error(move |l| importer::failure_text(l, &other)),
                }
            }
            _ => {}
        });
    }
}

#[component]
pub fn ImportHistory() -> impl IntoView {
    let i = use_i18n();
    let h = History::new();
    h.load();
    let rollback = Callback::new(move |_| h.roll_back());
    view! {
        <section class="page imports-page">
            <div class="page-head">
                <h1>{i.tr(K::ImportHistory)}</h1>
                <a class="btn btn-primary" href=Route::Import(ImportKind::Customers).href()>{i.tr(K::NavImport)}</a>
            </div>
            <p class="lead">{i.tr(M::ImportHistoryLead)}</p>
            {move || h.error.get().map(|e| view! { <p class="panel panel-error" id="imports-error" role="alert">{e}</p> })}
            <Show when=move || h.busy.get() && h.progress.with(Option::is_some)>
                <div class="import-busy">
                    <crate::components::ProgressBar id="imports-progress" label=K::ImportWriting progress=h.progress/>
                    <button class="btn" on:click=move |_| importer::cancel()>{i.tr(K::ImportCancel)}</button>
                </div>
            </Show>
            {move || match h.jobs.get() {
                None => view! { <p class="loading">{i.tr(K::Loading)}</p> }.into_any(),
                Some(j) if j.is_empty() => view! { <p class="muted" id="imports-empty">{i.tr(M::ImportHistoryEmpty)}</p> }.into_any(),
                Some(j) => view! {
                    <div class="table-wrap">
                        <table class="table" id="imports">
                            <thead>
                                <tr>
                                    <th scope="col">{i.tr(M::ImportStarted)}</th>
                                    <th scope="col">{i.tr(M::ImportFile)}</th>
                                    <th scope="col">{i.tr(M::ImportStatusCol)}</th>
                                    <th scope="col">{i.tr(M::ImportProgressCol)}</th>
                                    <th scope="col"><span class="visually-hidden">{i.tr(M::Actions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{j.into_iter().map(|job| view! { <JobRow h job/> }).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
            <ConfirmDialog open=h.confirm title=M::ImportRollbackTitle body=M::ImportRollbackBody
                confirm=M::ImportRollback danger=true on_confirm=rollback/>
        </section>
    }
}

/// One import: when, which file, its state, how far, and what can be done with it.
#[component]
fn JobRow(h: History, job: ImportJob) -> impl IntoView {
    let i = use_i18n();
    let held = h.held.get_value();
    let status = status_label(&job, &held);
    let resumable = job.status.resumable() && !live(&job, &held);
    let can_roll_back = job.status != ImportStatus::RolledBack && !live(&job, &held);
    let input_id = format!("import-resume-{}", job.id.as_str());
    let kind = crate::pages::import::kind_label(job.settings.kind);
    let started = job.started;
    let (data_status, name, error) = (
        format!("{:?}", job.status),
        job.file.name.clone(),
        job.error.clone(),
    );
    let shown = job.clone();
    let id = job.id.0.clone();
    let pick = move |ev: leptos::ev::Event| {
        if let Some(f) = platform::chosen_file(&ev) {
            h.resume(job.clone(), f);
        }
    };
    let ask_roll_back = move |_| {
        h.target.set_value(Some(id.clone()));
        h.confirm.set(true);
    };
    view! {
        <tr class="import-job" data-status=data_status>
            <td>{move || i18n::datetime(i.get(), started, platform::offset_of(started))}</td>
            <td class="cell-text">{name}<div class="muted">{move || i.t(kind)}</div></td>
            <td><span class="badge">{move || i.t(status)}</span>
                {error.map(|e| view! { <div class="muted">{e}</div> })}
            </td>
            <td>{move || progress_text(i.get(), &shown)}</td>
            <td class="actions">
                <Show when=move || resumable>
                    <label class="btn btn-small" for=input_id.clone() title=i.tr(M::ImportPickAgain)>
                        {i.tr(K::ImportResume)}
                    </label>
                    <input type="file" id=input_id.clone() class="visually-hidden resume-file"
                        accept=".xlsx,.csv,.txt,.tsv,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        aria-label=i.tr(M::ImportPickAgain)
                        disabled=move || h.busy.get()
                        on:change=pick.clone()/>
                </Show>
                <Show when=move || can_roll_back>
                    <button class="btn btn-small btn-danger rollback" disabled=move || h.busy.get()
                        on:click=ask_roll_back.clone()>
                        {i.tr(M::ImportRollback)}
                    </button>
                </Show>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::import::job::{FileInfo, ImportSettings};
    use kehu_core::import::table::TableOptions;
    use kehu_core::import::text::Encoding;
    use kehu_core::{Id, Millis};

    #[test]
    fn the_progress_column_says_how_far_an_import_got() {
        let file = FileInfo {
            name: "a.csv".into(),
            size: 10,
            modified: 0.0,
        };
        let settings = ImportSettings {
            kind: ImportKind::Customers,
            options: TableOptions {
                encoding: Encoding::Utf8,
                delimiter: b',',
            },
            mapping: vec![],
            day_order: Default::default(),
            create_missing: false,
            workbook: false,
            survey: None,
        };
        let mut job = ImportJob::new(Id("j".into()), file, settings, 9, Millis(0));
        job.written.created = 1200;
        job.line = 1201;
        job.status = ImportStatus::Cancelled;
        assert_eq!(
            progress_text(Lang::En, &job),
            "Written 1,200 · up to line 1,201"
        );
        job.status = ImportStatus::RolledBack;
        job.kept = 3;
        assert_eq!(
            progress_text(Lang::En, &job),
            "Written 1,200 · 3 records kept (worked on since)"
        );
        assert_eq!(
            progress_text(Lang::Zh, &job),
            "已写入 1,200 · 3 条记录保留（导入后有改动）"
        );
    }
}
