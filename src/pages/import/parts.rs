//! The import wizard's parts: each draws one piece of the [`Form`] and sends what the
//! user does to the page through a callback.

use super::flow::{Shown, Step};
use super::messages as M;
use super::{
    Form, SHOWN_ERRORS, done_text, encoding_label, kind_label, target_text, visible_columns,
};
use crate::i18n::{self, K, Msg, use_i18n};
use crate::platform;
use crate::route::{Params, Route};
use kehu_core::import::formats::DayOrder;
use kehu_core::import::job::{ImportJob, Tally};
use kehu_core::import::mapping::{ImportKind, Target};
use kehu_core::import::plan::ImportError;
use kehu_core::import::table::{DELIMITERS, TableOptions};
use kehu_core::import::text::Encoding;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub(super) fn KindPicker(f: Form, on_switch: Callback<ImportKind>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="field">
            <span class="label">{i.tr(M::ImportWhat)}</span>
            <div class="segmented segmented-wrap" role="radiogroup" aria-label=i.tr(M::ImportWhat)>
                {ImportKind::ALL.map(|k| {
                    let id = format!("import-kind-{}", k.code());
                    let text = kind_label(k);
                    view! {
                        <input type="radio" name="import-kind" id=id.clone() value=k.code()
                            prop:checked=move || f.kind.get() == k on:change=move |_| on_switch.run(k)/>
                        <label for=id>{move || i.t(text)}</label>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}

/// Which designed survey a responses file answers (or the quick questions).
#[component]
pub(super) fn SurveyPick(f: Form) -> impl IntoView {
    let i = use_i18n();
    let surveys = crate::pages::surveys::use_surveys();
    let pick = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        f.survey.set(
            surveys.with_untracked(|all| all.iter().flatten().find(|s| s.id.0 == id).cloned()),
        );
        if let Some(s) = f.wizard.with_untracked(|w| w.shown.clone()) {
            f.changed();
            f.suggest(&s.preview);
        }
    };
    view! {
        <Show when=move || f.kind.get() == ImportKind::Responses>
            <div class="field import-survey-pick">
                <label class="field-inline">
                    <span>{i.tr(M::ImportFor)}</span>
                    <select id="import-survey" on:change=pick>
                        <option value="" selected=move || f.survey.with(Option::is_none)>{i.tr(K::QuickQuestions)}</option>
                        {move || surveys.get().into_iter().flatten().filter(|s| !s.archived).map(|s| {
                            let id = s.id.clone();
                            view! {
                                <option value=s.id.0.clone() selected=move || f.survey.with(|c| c.as_ref().is_some_and(|c| c.id == id))>
                                    {s.name.clone()}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </label>
                <p class="muted">{i.tr(M::ImportSurveyHint)}</p>
            </div>
        </Show>
    }
}

/// Where a file is dropped or chosen.
#[component]
pub(super) fn DropZone(f: Form, on_file: Callback<web_sys::File>) -> impl IntoView {
    let i = use_i18n();
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            on_file.run(file);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(file) = platform::chosen_file(&ev) {
            on_file.run(file);
        }
    };
    view! {
        <div class="drop-zone" class:dragging=move || dragging.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <p>
                {i.tr(M::ImportDrop)}" "
                <label class="btn btn-primary" for="import-file">{i.tr(M::ImportChoose)}</label>
                <input type="file" id="import-file" accept=".xlsx,.csv,.txt,.tsv,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" class="visually-hidden" on:change=on_change/>
            </p>
            <p class="muted">{move || f.file_name.get().unwrap_or_else(|| i.t(M::ImportFormats).to_string())}</p>
        </div>
    }
}

/// What a finished import wrote, and where to go next.
#[component]
pub(super) fn DonePanel(f: Form, on_switch: Callback<ImportKind>) -> impl IntoView {
    let i = use_i18n();
    let done = move || match f.wizard.with(|w| w.step.clone()) {
        Step::Done { job } => Some(job),
        _ => None,
    };
    move || {
        done().map(|job| view! {
        <div class="panel import-done" id="import-done" role="status">
            <p>{move || done_text(i.get(), &job)}</p>
            <div class="form-actions">
                <Show when=move || f.kind.get() == ImportKind::Customers>
                    <button class="btn" id="import-orders-next" on:click=move |_| on_switch.run(ImportKind::Orders)>
                        {i.tr(M::ImportOrdersNext)}
                    </button>
                </Show>
                <a class="btn" id="import-find-duplicates" href=Route::Duplicates.href()>{i.tr(K::FindDuplicates)}</a>
                <a class="btn btn-primary" href=Route::Customers(Params::default()).href()>{i.tr(M::ImportViewCustomers)}</a>
            </div>
        </div>
    })
    }
}

/// Encoding, delimiter (not for a workbook) and date order.
#[component]
pub(super) fn OptionsBar(f: Form, on_reread: Callback<TableOptions>) -> impl IntoView {
    let i = use_i18n();
    let shown = move || {
        f.wizard
            .with(|w| w.shown.as_ref().map(|s| (s.options, s.workbook)))
    };
    move || {
        shown().map(|(o, workbook)| {
        let set = move |change: &dyn Fn(&mut TableOptions)| {
            let mut o = o;
            change(&mut o);
            on_reread.run(o);
        };
        view! {
            <div class="import-options">
                {(!workbook).then(|| view! {
                    <label class="field-inline">
                        <span>{i.tr(M::ImportEncoding)}</span>
                        <select id="import-encoding" on:change=move |ev| {
                            if let Some(e) = Encoding::from_code(&event_target_value(&ev)) {
                                set(&|o| o.encoding = e);
                            }
                        }>
                            {Encoding::ALL.map(|e| view! {
                                <option value=e.code() selected=o.encoding == e>{move || encoding_label(e, i.get())}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field-inline">
                        <span>{i.tr(M::ImportDelimiter)}</span>
                        <select id="import-delimiter" on:change=move |ev| {
                            if let Some(d) = event_target_value(&ev).bytes().next() {
                                set(&|o| o.delimiter = d);
                            }
                        }>
                            {DELIMITERS.map(|d| {
                                let k = match d { b',' => M::DelimComma, b';' => M::DelimSemicolon, b'\t' => M::DelimTab, _ => M::DelimBar };
                                view! { <option value=(d as char).to_string() selected=o.delimiter == d>{move || i.t(k)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })}
                <label class="field-inline">
                    <span>{i.tr(M::ImportDayOrder)}</span>
                    <select id="import-day-order" on:change=move |ev| {
                        if let Some(o) = DayOrder::from_code(&event_target_value(&ev)) {
                            f.order.set(o);
                            f.changed();
                        }
                    }>
                        {DayOrder::ALL.map(|d| {
                            let k = match d { DayOrder::DayFirst => M::DayFirst, DayOrder::MonthFirst => M::MonthFirst };
                            view! { <option value=d.code() selected=move || f.order.get() == d>{move || i.t(k)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            {move || f.wizard.with(|w| w.shown.as_ref().is_some_and(|s| s.doubtful)).then(|| view! {
                <p class="panel panel-warn" id="import-encoding-doubt" role="status">{i.tr(M::ImportEncodingDoubt)}</p>
            })}
        }
    })
    }
}

/// A field picker for column `c`: choosing a field takes it from any other column.
#[component]
fn ColumnPicker(f: Form, c: usize, head: String) -> impl IntoView {
    let i = use_i18n();
    let label = move || format!("{} {}", i.t(M::ImportColumnFor), head);
    let pick = move |ev: leptos::ev::Event| {
        let t = Target::from_code(&event_target_value(&ev));
        f.mapping.update(|m| {
            for (j, x) in m.iter_mut().enumerate() {
                if j != c && t.is_some() && *x == t {
                    *x = None;
                }
            }
            if let Some(x) = m.get_mut(c) {
                *x = t;
            }
        });
        f.changed();
    };
    let is = move |t: Option<Target>| f.mapping.with(|m| m.get(c).copied().flatten() == t);
    view! {
        <select class="import-map" aria-label=label on:change=pick>
            <option value="" selected=move || is(None)>{i.tr(M::ImportSkipColumn)}</option>
            {move || f.targets().into_iter().map(|t| view! {
                <option value=t.code().into_owned() selected=move || is(Some(t))>
                    {move || f.survey.with(|s| target_text(t, i.get(), s.as_ref()))}
                </option>
            }).collect_view()}
        </select>
    }
}

/// The file's first rows, a field picker over each column.
#[component]
pub(super) fn PreviewTable(f: Form) -> impl IntoView {
    let i = use_i18n();
    let shown = move || {
        f.wizard
            .with(|w| w.shown.as_ref().map(|s: &Shown| s.preview.clone()))
    };
    move || {
        shown().map(|p| {
        let columns = visible_columns(p.header.len(), &f.mapping.get_untracked());
        let hidden = p.header.len() - columns.len();
        view! {
            <h2>{i.tr(M::ImportPreview)}</h2>
            {(hidden > 0).then(|| view! {
                <p class="muted" id="import-columns-hidden">{move || M::columns_hidden(i.get(), hidden)}</p>
            })}
            <div class="table-wrap import-preview">
                <table class="table" id="import-preview">
                    <thead>
                        <tr>
                            <th scope="col">{i.tr(M::ImportLine)}</th>
                            {columns.iter().map(|&c| {
                                let head = p.header[c].clone();
                                view! {
                                    <th scope="col">
                                        <div class="import-head">{head.clone()}</div>
                                        <ColumnPicker f=f c=c head=head/>
                                    </th>
                                }
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {p.rows.iter().map(|(line, cells)| view! {
                            <tr>
                                <td class="muted">{*line}</td>
                                {columns.iter().map(|&c| view! { <td>{cells.get(c).cloned().unwrap_or_default()}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    })
    }
}

/// Required fields left unmapped, creating missing customers (orders), and the check.
#[component]
pub(super) fn CheckBar(f: Form, on_check: Callback<()>) -> impl IntoView {
    let i = use_i18n();
    let missing = move || {
        let m = f.missing();
        (!m.is_empty()).then(|| view! {
            <p class="panel panel-warn" id="import-missing" role="status">
                {i.tr(M::ImportMissing)}
                {i.get().list(&m.iter().map(|t| target_text(*t, i.get(), None)).collect::<Vec<_>>())}
            </p>
        })
    };
    view! {
        <Show when=move || f.wizard.with(|w| w.shown.is_some())>
            {missing}
            <Show when=move || matches!(f.kind.get(), ImportKind::Orders | ImportKind::OrderLines)>
                <label class="check">
                    <input type="checkbox" id="import-create-missing" prop:checked=move || f.create_missing.get()
                        on:change=move |ev| { f.create_missing.set(event_target_checked(&ev)); f.changed(); }/>
                    {i.tr(M::ImportCreateMissing)}
                </label>
            </Show>
            <div class="form-actions">
                <button class="btn btn-primary" id="import-check" on:click=move |_| on_check.run(())
                    disabled=move || !f.wizard.with(|w| w.can_check(!f.missing().is_empty()))>
                    {i.tr(M::ImportCheck)}
                </button>
            </div>
        </Show>
    }
}

/// "Written n · lines done m" for a job under way or stopped.
fn written_text(i: crate::i18n::I18n, j: &ImportJob) -> String {
    format!(
        "{} {} · {} {}",
        i.t(K::ImportWritten),
        i18n::count(j.written.total() as usize),
        i.t(K::ImportLinesDone),
        i18n::count(j.line as usize),
    )
}

/// The running check or write: its progress, the time left, and a stop button.
#[component]
pub(super) fn BusyPanel(f: Form, on_stop: Callback<()>) -> impl IntoView {
    let i = use_i18n();
    let label = Signal::derive(move || match f.wizard.with(|w| w.step == Step::Checking) {
        true => M::ImportChecking,
        false => K::ImportWriting,
    });
    // Time left, from the share of the file read so far.
    let left = Signal::derive(move || {
        let (done, total) = f.progress.get()?;
        let secs = (platform::now().0 as f64 - f.started.get_value()) / 1000.0;
        (done > 0 && secs >= 1.0).then(|| {
            M::remaining(
                i.get(),
                secs * (total - done.min(total)) as f64 / done as f64,
            )
        })
    });
    let writing = move || match f.wizard.with(|w| w.step.clone()) {
        Step::Writing { job, .. } if job.batches > 0 => Some(written_text(i, &job)),
        _ => None,
    };
    view! {
        <Show when=move || f.wizard.with(|w| w.busy())>
            <div class="import-busy">
                <crate::components::ProgressBar id="import-progress" label=label progress=f.progress note=left/>
                <p class="muted" id="import-written">{writing}</p>
                <button class="btn" id="import-stop" on:click=move |_| on_stop.run(())>{i.tr(K::ImportCancel)}</button>
            </div>
        </Show>
    }
}

/// A write that stopped before the end, to resume.
#[component]
pub(super) fn StoppedPanel(f: Form, on_resume: Callback<()>) -> impl IntoView {
    let i = use_i18n();
    let stopped = move || match f.wizard.with(|w| w.step.clone()) {
        Step::Stopped { job } => Some(job),
        _ => None,
    };
    move || {
        stopped().map(|j| view! {
        <div class="panel panel-warn" id="import-stopped" role="status">
            <p>{i.tr(M::ImportStopped)}</p>
            <p class="muted">{move || written_text(i, &j)}</p>
            <div class="form-actions">
                <a class="btn" href=Route::Imports.href()>{i.tr(K::ImportHistory)}</a>
                <button class="btn btn-primary" id="import-resume" on:click=move |_| on_resume.run(())>{i.tr(K::ImportResume)}</button>
            </div>
        </div>
    })
    }
}

/// The figures a plan shows for its kind.
fn figures(kind: ImportKind, p: &Tally) -> Vec<(Msg, String)> {
    let n = |x: u64| i18n::count(x as usize);
    let (skipped, bad) = (i18n::count(p.skipped.len()), i18n::count(p.bad_rows()));
    let mut out = vec![(M::ImportRowsRead, n(p.rows))];
    out.extend(match kind {
        ImportKind::Orders => vec![
            (M::ImportOrderCount, n(p.orders)),
            (M::ImportWillCreate, n(p.create)),
        ],
        ImportKind::OrderLines => vec![
            (M::ImportOrderCount, n(p.orders)),
            (M::ImportLineCount, n(p.lines)),
            (M::ImportWillCreate, n(p.create)),
        ],
        ImportKind::Contacts => vec![
            (M::ImportContactsAdded, n(p.create)),
            (M::ImportContactsFilled, n(p.update)),
            (M::ImportUnchanged, n(p.unchanged)),
        ],
        ImportKind::Interactions => vec![(M::ImportInteractionCount, n(p.interactions))],
        ImportKind::Responses => vec![(M::ImportResponseCount, n(p.responses))],
        ImportKind::Products => vec![(M::ImportProductCount, n(p.records))],
        ImportKind::Leads => vec![(M::ImportLeadCount, n(p.records))],
        ImportKind::Opportunities => vec![(M::ImportOppCount, n(p.records))],
        ImportKind::Tickets => vec![(M::ImportTicketCount, n(p.records))],
        ImportKind::CampaignResponses => vec![(M::ImportCampaignResponseCount, n(p.responses))],
        ImportKind::Customers => vec![
            (M::ImportWillCreate, n(p.create)),
            (M::ImportWillUpdate, n(p.update)),
            (M::ImportUnchanged, n(p.unchanged)),
        ],
    });
    out.extend([(M::ImportSkipped, skipped), (M::ImportBadRows, bad)]);
    out
}

/// Every problem of a plan, by line, as a CSV file the user downloads.
fn download_report(l: crate::i18n::Lang, p: &Tally, header: &[String]) {
    let mut all: Vec<&ImportError> = p.errors.iter().chain(&p.skipped).collect();
    all.sort_by_key(|e| e.line);
    let head = [
        M::ReportLine,
        M::ReportColumn,
        M::ReportValue,
        M::ReportProblem,
    ]
    .map(|k| k.text(l));
    let rows = all.iter().map(|e| {
        let column = e
            .column
            .and_then(|c| header.get(c))
            .map_or(String::new(), Clone::clone);
        vec![
            e.line.to_string().into(),
            column.into(),
            e.value.as_str().into(),
            i18n::import_problem(l, &e.problem).into(),
        ]
    });
    let csv = kehu_core::export::to_csv(&head, rows);
    let name = format!("kehu-import-errors-{}.csv", platform::today());
    platform::download(&name, "text/csv", &csv);
}

/// What the checked rows would write, the first problems, and the button that writes.
#[component]
pub(super) fn PlanSummary(f: Form, on_run: Callback<()>) -> impl IntoView {
    let i = use_i18n();
    let plan = move || {
        f.wizard
            .with(|w| w.plan().map(|(t, s)| (Arc::clone(t), s.kind)))
    };
    move || {
        plan().map(|(p, kind)| {
        let header = f.wizard.with_untracked(|w| w.shown.as_ref().map(|s| s.preview.header.clone()).unwrap_or_default());
        // The first errors in line order (the list is capped; the report has them all).
        let mut listed: Vec<ImportError> = p.errors.iter().chain(&p.skipped).take(SHOWN_ERRORS * 2).cloned().collect();
        listed.sort_by_key(|e| e.line);
        listed.truncate(SHOWN_ERRORS);
        let total = p.errors.len() + p.skipped.len();
        let writes = p.writes() as usize;
        let (p2, header2) = (p.clone(), header.clone());
        view! {
            <section class="card import-plan" id="import-plan" aria-labelledby="import-plan-title">
                <h2 id="import-plan-title">{i.tr(M::ImportPlanTitle)}</h2>
                <dl class="import-figures">
                    {figures(kind, &p).into_iter().map(|(k, v)| view! {
                        <div><dt>{move || i.t(k)}</dt><dd>{v}</dd></div>
                    }).collect_view()}
                </dl>
                <Show when=move || total != 0>
                    <ul class="plain import-errors" id="import-errors">
                        {listed.iter().map(|e| {
                            let (e, h) = (e.clone(), header.clone());
                            view! { <li>{move || M::import_error(i.get(), &e, &h)}</li> }
                        }).collect_view()}
                    </ul>
                    <p class="muted">
                        {move || (total > SHOWN_ERRORS).then(|| i.t(M::ImportMoreErrors))}
                    </p>
                    <button class="btn" id="import-report" on:click={
                        let (p, h) = (p2.clone(), header2.clone());
                        move |_| download_report(f.lang(), &p, &h)
                    }>{i.tr(M::ImportReport)}</button>
                </Show>
                <div class="form-actions">
                    <button class="btn" on:click=move |_| f.wizard.update(|w| w.back_to_mapping())>{i.tr(K::Cancel)}</button>
                    <button class="btn btn-primary" id="import-run" disabled=move || writes == 0 || f.wizard.with(|w| w.busy())
                        on:click=move |_| on_run.run(())>
                        {move || if writes == 0 { i.t(M::ImportNothing).to_string() } else { format!("{} ({})", i.t(M::ImportRun), i18n::count(writes)) }}
                    </button>
                </div>
            </section>
        }
    })
    }
}
