//! The import history: every import with its state and what it wrote. One that stopped
//! (cancelled, failed, or cut off by a closed tab) resumes after its last batch once the
//! user picks the same file again; any import can be taken back completely.

use crate::components::ConfirmDialog;
use crate::i18n::{self, K, use_i18n};
use crate::importer::{self, Message};
use crate::platform;
use crate::route::Route;
use crate::state::{db, use_app};
use kehu_core::import::job::{Failure, ImportJob, ImportStatus, ToImporter};
use kehu_core::import::mapping::ImportKind;
use kehu_core::import::plan::When;
use leptos::prelude::*;
use std::collections::HashSet;

/// Whether a worker (of this tab or another) is writing `job`, by the lock it holds:
/// then it can be neither resumed (two writers would write its rows twice) nor taken
/// back.
fn live(job: &ImportJob, held: &HashSet<String>) -> bool {
    importer::writing(job) || held.contains(&job.lock_name())
}

fn status_label(job: &ImportJob, held: &HashSet<String>) -> K {
    match job.status {
        ImportStatus::Running if importer::writing(job) => K::StatusRunning,
        ImportStatus::Running if live(job, held) => K::StatusRunningElsewhere,
        ImportStatus::Running => K::StatusInterrupted,
        ImportStatus::Cancelled => K::StatusCancelled,
        ImportStatus::Failed => K::StatusFailed,
        ImportStatus::Done => K::StatusDone,
        ImportStatus::RolledBack => K::StatusRolledBack,
    }
}

#[component]
pub fn ImportHistory() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let jobs = RwSignal::new(None::<Vec<ImportJob>>);
    let held = StoredValue::new(HashSet::<String>::new());
    let load = move || {
        leptos::task::spawn_local(async move {
            held.set_value(importer::held_locks().await);
            match async { db()?.import_jobs().await }.await {
                Ok(j) => jobs.set(Some(j)),
                Err(e) => app.report(&e),
            }
        })
    };
    load();
    // After writes: this tab's list, the other tabs, and the history itself.
    let refresh = move || {
        leptos::task::spawn_local(async move {
            if let Ok(db) = db() {
                db.changes().announce(&kehu_store::Change::All);
            }
            if let Err(e) = app.reload_all().await {
                app.report(&e);
            }
            load();
        });
    };
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let error = RwSignal::new(None::<String>);

    let resume = move |job: ImportJob, f: web_sys::File| {
        error.set(None);
        if !job.file.same(&importer::file_info(&f)) {
            error.set(Some(i.t(K::ImportNotSameFile).to_string()));
            return;
        }
        busy.set(true);
        let from = job.reached();
        progress.set(Some(job.progress_since(from)));
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
            Message::Batch { job } => {
                progress.set(Some(job.progress_since(from)));
                // From the message, not the database: a read racing the final save
                // could show "done" before the list is reloaded.
                jobs.update(|all| {
                    if let Some(all) = all
                        && let Some(j) = all.iter_mut().find(|j| j.id == job.id)
                    {
                        *j = job;
                    }
                });
            }
            Message::Finished { error: e, .. } => {
                busy.set(false);
                progress.set(None);
                if let Some(e) = e {
                    app.report(&e);
                }
                refresh();
            }
            Message::Failed { error: e } => {
                busy.set(false);
                progress.set(None);
                match e {
                    Failure::File(e) => error.set(Some(i18n::file_error(i.get(), &e))),
                    Failure::Store(e) => app.report(&e),
                    Failure::Busy => error.set(Some(i.t(K::ImportBusy).to_string())),
                    Failure::Backup(e) => {
                        error.set(Some(crate::pages::backup::backup_error(i.get(), &e)))
                    }
                }
                load();
            }
            _ => {}
        });
        load();
    };

    let confirm = RwSignal::new(false);
    let target = StoredValue::new(None::<String>);
    let rollback = Callback::new(move |_| {
        confirm.set(false);
        let Some(id) = target.get_value() else {
            return;
        };
        busy.set(true);
        // In a worker: taking back a million orders rewrites their chunks.
        let request = ToImporter::Rollback {
            id,
            now: platform::now(),
        };
        importer::run_once(request, move |m, _| match m {
            Message::RolledBack { .. } => {
                busy.set(false);
                app.toast(i.t(K::ImportRolledBackToast).to_string(), None);
                refresh();
            }
            Message::Failed { error } => {
                busy.set(false);
                match error {
                    Failure::Store(e) => app.report(&e),
                    other => {
                        app.toast_error(importer::failure_text(i.lang.get_untracked(), &other))
                    }
                }
            }
            _ => {}
        });
    });

    let row = move |job: ImportJob| {
        let held = held.get_value();
        let status = status_label(&job, &held);
        let resumable = job.status.resumable() && !live(&job, &held);
        let can_roll_back = job.status != ImportStatus::RolledBack && !live(&job, &held);
        let input_id = format!("import-resume-{}", job.id.as_str());
        let (j2, j3) = (job.clone(), job.clone());
        let id = job.id.0.clone();
        let kind = crate::pages::import::kind_label(job.settings.kind);
        let w = job.written;
        let (data_status, name, error) = (
            format!("{:?}", job.status),
            job.file.name.clone(),
            job.error.clone(),
        );
        view! {
            <tr class="import-job" data-status=data_status>
                <td>{move || i18n::datetime(i.get(), j3.started, platform::offset_of(j3.started))}</td>
                <td class="cell-text">{name}<div class="muted">{move || i.t(kind)}</div></td>
                <td><span class="badge">{move || i.t(status)}</span>
                    {error.map(|e| view! { <div class="muted">{e}</div> })}
                </td>
                <td>
                    // Where an unfinished import stands; line numbers are the file's
                    // (blank lines and cells over several lines count), so no "of N".
                    {move || {
                        let written = format!("{} {}", i.t(K::ImportWritten), i18n::count(w.total() as usize));
                        if j2.status.resumable() {
                            format!("{written} · {} {}", i.t(K::ImportLinesDone), i18n::count(j2.line as usize))
                        } else if j2.kept > 0 {
                            format!("{written} · {} {}", i18n::count(j2.kept as usize), i.t(K::ImportKept))
                        } else {
                            written
                        }
                    }}
                </td>
                <td class="actions">
                    <Show when=move || resumable>
                        <label class="btn btn-small" for=input_id.clone() title=move || i.t(K::ImportPickAgain)>
                            {move || i.t(K::ImportResume)}
                        </label>
                        <input type="file" id=input_id.clone() class="visually-hidden resume-file"
                            accept=".xlsx,.csv,.txt,.tsv,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            aria-label=move || i.t(K::ImportPickAgain)
                            disabled=move || busy.get()
                            on:change={
                                let job = job.clone();
                                move |ev| {
                                    if let Some(f) = platform::chosen_file(&ev) {
                                        resume(job.clone(), f);
                                    }
                                }
                            }/>
                    </Show>
                    <Show when=move || can_roll_back>
                        <button class="btn btn-small btn-danger rollback" disabled=move || busy.get()
                            on:click={
                                let id = id.clone();
                                move |_| {
                                    target.set_value(Some(id.clone()));
                                    confirm.set(true);
                                }
                            }>
                            {move || i.t(K::ImportRollback)}
                        </button>
                    </Show>
                </td>
            </tr>
        }
    };

    view! {
        <section class="page imports-page">
            <div class="page-head">
                <h1>{move || i.t(K::ImportHistory)}</h1>
                <a class="btn btn-primary" href=Route::Import(ImportKind::Customers).href()>{move || i.t(K::NavImport)}</a>
            </div>
            <p class="lead">{move || i.t(K::ImportHistoryLead)}</p>
            {move || error.get().map(|e| view! { <p class="panel panel-error" id="imports-error" role="alert">{e}</p> })}
            <Show when=move || busy.get() && progress.with(Option::is_some)>
                <div class="import-busy">
                    <crate::components::ProgressBar id="imports-progress" label=K::ImportWriting progress=progress/>
                    <button class="btn" on:click=move |_| importer::cancel()>{move || i.t(K::ImportCancel)}</button>
                </div>
            </Show>
            {move || match jobs.get() {
                None => view! { <p class="loading">{move || i.t(K::Loading)}</p> }.into_any(),
                Some(j) if j.is_empty() => view! { <p class="muted" id="imports-empty">{move || i.t(K::ImportHistoryEmpty)}</p> }.into_any(),
                Some(j) => view! {
                    <div class="table-wrap">
                        <table class="table" id="imports">
                            <thead>
                                <tr>
                                    <th scope="col">{move || i.t(K::ImportStarted)}</th>
                                    <th scope="col">{move || i.t(K::ImportFile)}</th>
                                    <th scope="col">{move || i.t(K::ImportStatusCol)}</th>
                                    <th scope="col">{move || i.t(K::ImportProgressCol)}</th>
                                    <th scope="col"><span class="visually-hidden">{move || i.t(K::Actions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{j.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
            <ConfirmDialog open=confirm title=K::ImportRollbackTitle body=K::ImportRollbackBody
                confirm=K::ImportRollback danger=true on_confirm=rollback/>
        </section>
    }
}
