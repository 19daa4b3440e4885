//! The import wizard: a CSV or XLSX file of customers, orders, contacts, interactions or
//! survey responses, its encoding, delimiter and date
//! form (sniffed, overridable), a preview with a field chosen for each column (suggested
//! from the header, remembered), every row checked before anything is written, then the
//! valid rows written in batches. Checking and writing run in the import worker
//! (`importer.rs`), which reads the file in slices: the page only holds its first bytes.

use crate::i18n::tr;
use crate::i18n::{self, K, Label, Lang, use_i18n};
use crate::importer::{self, Message};
use crate::platform;
use crate::route::{Params, Route};
use crate::state::{db, use_app};
use kehu_core::import::formats::DayOrder;
use kehu_core::import::job::{Failure, ImportJob, ImportSettings, ImportStatus, Tally, ToImporter};
use kehu_core::import::mapping::{self, ImportKind, Target};
use kehu_core::import::plan::{Choices, ImportError, When};
use kehu_core::import::table::{DELIMITERS, Preview, TableOptions};
use kehu_core::import::text::Encoding;
use kehu_core::*;
use leptos::prelude::*;
use std::sync::Arc;

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 8;
/// Errors listed on the page; the report has them all.
const SHOWN_ERRORS: usize = 100;
/// Where the columns the user mapped are remembered: header name → field code.
const MAPPING_SETTING: &str = "import_mapping";

/// The name of what an import creates.
/// What a finished import wrote, for the toast and the page.
fn done_text(l: Lang, job: &ImportJob) -> String {
    let w = job.written;
    let n = |k: K, v: u64| format!("{} {}", k.text(l), i18n::count(v as usize));
    let parts = match job.settings.kind {
        ImportKind::Customers => [
            n(K::ImportWillCreate, w.created),
            n(K::ImportWillUpdate, w.updated),
        ]
        .join(" · "),
        ImportKind::Orders => [
            n(K::ImportOrderCount, w.orders),
            n(K::ImportWillCreate, w.created),
        ]
        .join(" · "),
        ImportKind::Interactions => n(K::ImportInteractionCount, w.interactions),
        ImportKind::Contacts => n(K::ImportContactCount, w.contacts),
        ImportKind::Responses => n(K::ImportResponseCount, w.responses),
    };
    let done = K::ImportDone.text(l);
    tr!(l, "{done}：{parts}", "{done}: {parts}")
}

/// An encoding as the picker names it.
fn encoding_label(e: Encoding, lang: Lang) -> String {
    match e {
        Encoding::Utf8 => "UTF-8".into(),
        Encoding::Gb18030 => tr!(
            lang,
            "GBK / GB18030（简体中文）",
            "GBK / GB18030 (Simplified Chinese)"
        ),
        Encoding::Big5 => tr!(lang, "Big5（繁体中文）", "Big5 (Traditional Chinese)"),
        Encoding::Utf16Le => "UTF-16 LE".into(),
        Encoding::Utf16Be => "UTF-16 BE".into(),
        Encoding::Windows1252 => tr!(lang, "Windows-1252（西文）", "Windows-1252 (Western)"),
    }
}

/// Columns the preview draws with a field picker: one picker per column would be
/// thousands of them for a wide file, so the first [`PREVIEW_COLUMNS`] and any other
/// that a field is mapped to (a suggestion or an earlier choice).
fn visible_columns(columns: usize, mapping: &[Option<Target>]) -> Vec<usize> {
    (0..columns)
        .filter(|&c| c < PREVIEW_COLUMNS || mapping.get(c).copied().flatten().is_some())
        .collect()
}

/// Columns the preview shows at least (see [`visible_columns`]).
const PREVIEW_COLUMNS: usize = 60;

pub fn kind_label(k: ImportKind) -> K {
    match k {
        ImportKind::Customers => K::ImportCustomers,
        ImportKind::Orders => K::ImportOrders,
        ImportKind::Interactions => K::ImportInteractions,
        ImportKind::Contacts => K::ImportContacts,
        ImportKind::Responses => K::ImportResponsesKind,
    }
}

/// The name of a mapping target; items of a designed survey by number and text.
fn target_text(t: Target, lang: Lang, survey: Option<&Survey>) -> String {
    let item = |pos: u8, second: bool| {
        let n = pos as usize + 1;
        let number = tr!(lang, "第 {n} 题", "Item {n}");
        let Some(sv) = survey else { return number };
        let text = sv.items.get(pos as usize).map_or("", |it| it.text.as_str());
        let part = match (sv.kind, second) {
            (SurveyKind::Kano, false) => Some(K::KanoWith),
            (SurveyKind::Kano, true) => Some(K::KanoWithout),
            (SurveyKind::Servqual, false) => Some(K::Expectation),
            (SurveyKind::Servqual, true) => Some(K::Perception),
            (SurveyKind::Custom, _) => None,
        };
        match part.map(|k| k.text(lang)) {
            Some(part) => tr!(
                lang,
                "{number}：{text} · {part}",
                "{number}: {text} · {part}"
            ),
            None => tr!(lang, "{number}：{text}", "{number}: {text}"),
        }
    };
    match t {
        Target::Item(pos) => item(pos, false),
        Target::ItemSecond(pos) => item(pos, true),
        t => target_label(t).text(lang).to_string(),
    }
}

/// The field label of a mapping target.
fn target_label(t: Target) -> K {
    use Target::*;
    match t {
        Id => K::FKehuId,
        Code => K::FCode,
        Name => K::FName,
        Kind => K::FKind,
        CustomerType => K::FType,
        Stage => K::FStage,
        Level => K::FLevel,
        Gender => K::FGender,
        Phone => K::FPhone,
        Mobile => K::FMobile,
        Email => K::FEmail,
        Wechat => K::FWechat,
        Region => K::FRegion,
        City => K::FCity,
        Address => K::FAddress,
        Source => K::FSource,
        Occupation => K::FOccupation,
        BirthDate => K::FBirthDate,
        CompanySize => K::FCompanySize,
        Owner => K::FOwner,
        KeyAccount => K::FKeyAccount,
        CreditRating => K::FCreditRating,
        CreditLimit => K::FCreditLimit,
        Tags => K::FTags,
        Notes => K::FNotes,
        OrderCustomer => K::ImpOrderCustomer,
        OrderCustomerName => K::ImpOrderCustomerName,
        OrderNumber => K::ImpOrderNumber,
        OrderDate => K::OrderDate,
        OrderAmount => K::Amount,
        InteractionAt => K::ImpInteractionAt,
        InteractionKind => K::InteractionKindLabel,
        InteractionSubject => K::Subject,
        InteractionNote => K::Note,
        ContactOf => K::ImpContactOf,
        ContactName => K::ContactName,
        ContactRole => K::ContactRole,
        ContactPhone => K::FPhone,
        ContactEmail => K::FEmail,
        ResponseDate => K::ImpResponseDate,
        Nps => K::QNps,
        Csat => K::QCsat,
        Ces => K::QCes,
        ResponseComment => K::ImpComment,
        // Named with their survey's text by `target_text`.
        Item(_) | ItemSecond(_) => K::QuickQuestions,
    }
}

/// The choice fields' labels in both languages, so files exported in either import.
pub fn choices() -> Choices {
    fn add<T: Copy + Label>(c: &mut Choices, t: Target, all: &[T], code: fn(T) -> &'static str) {
        for &v in all {
            for lang in Lang::ALL {
                c.add(t, v.label(lang), code(v));
            }
        }
    }
    let mut c = Choices::default();
    add(&mut c, Target::Kind, Kind::ALL, Kind::code);
    add(
        &mut c,
        Target::CustomerType,
        CustomerType::ALL,
        CustomerType::code,
    );
    add(
        &mut c,
        Target::Stage,
        LifecycleStage::ALL,
        LifecycleStage::code,
    );
    add(
        &mut c,
        Target::Level,
        RelationshipLevel::ALL,
        RelationshipLevel::code,
    );
    add(&mut c, Target::Gender, Gender::ALL, Gender::code);
    add(
        &mut c,
        Target::Source,
        SourceChannel::ALL,
        SourceChannel::code,
    );
    add(
        &mut c,
        Target::CreditRating,
        CreditRating::ALL,
        CreditRating::code,
    );
    add(
        &mut c,
        Target::InteractionKind,
        InteractionKind::ALL,
        InteractionKind::code,
    );
    c
}

/// Header names mapped in earlier imports.
/// The columns mapped in earlier imports: header name to field, or to `None` where the
/// user chose "do not import".
fn remembered() -> Vec<(String, Option<Target>)> {
    platform::setting(MAPPING_SETTING)
        .and_then(|s| serde_json::from_str::<Vec<(String, String)>>(&s).ok())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(h, t)| match t.as_str() {
            "" => Some((h, None)),
            t => Some((h, Some(Target::from_code(t)?))),
        })
        .collect()
}

/// Remembers this file's choices (newest first), "do not import" included, so a column
/// left out stays left out next time even when its name suggests a field.
pub fn remember(header: &[String], mapping: &[Option<Target>]) {
    let code = |t: &Option<Target>| t.map(|t| t.code().to_string()).unwrap_or_default();
    let mut all: Vec<(String, String)> = header
        .iter()
        .zip(mapping)
        .map(|(h, t)| (mapping::header_key(h), code(t)))
        .filter(|(h, _)| !h.is_empty())
        .collect();
    for (h, t) in remembered() {
        let h = mapping::header_key(&h);
        if !all.iter().any(|(k, _)| *k == h) {
            all.push((h, code(&t)));
        }
    }
    all.truncate(200);
    if let Ok(s) = serde_json::to_string(&all) {
        platform::set_setting(MAPPING_SETTING, &s);
    }
}

#[component]
pub fn ImportPage(kind: ImportKind) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let kind = RwSignal::new(kind);
    // The file (read by the worker, which also previews it).
    let file = StoredValue::new_local(None::<web_sys::File>);
    let file_name = RwSignal::new(None::<String>);
    let file_error = RwSignal::new(None::<String>);
    let opts = RwSignal::new(None::<TableOptions>);
    let order = RwSignal::new(DayOrder::DayFirst);
    let shown = RwSignal::new(None::<Preview>);
    let mapping = RwSignal::new(Vec::<Option<Target>>::new());
    let create_missing = RwSignal::new(true);
    // The file is an .xlsx workbook (read as the CSV of its first sheet).
    let workbook = RwSignal::new(false);
    let plan = RwSignal::new(None::<Arc<Tally>>);
    // The settings the plan was checked with (what the write uses).
    let checked = StoredValue::new(None::<ImportSettings>);
    let busy = RwSignal::new(None::<K>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let started = StoredValue::new(0.0f64);
    let writing = RwSignal::new(None::<ImportJob>);
    // A write that stopped before the end (cancelled or failed), to resume.
    let stopped = RwSignal::new(None::<ImportJob>);
    let finished = RwSignal::new(None::<String>);
    // The designed survey a responses file answers; `None`: the quick questions.
    let survey = RwSignal::new(None::<Survey>);
    let surveys = crate::pages::surveys::use_surveys();
    // The fields a column can be mapped to: the kind's, and a survey's items.
    let targets = move || {
        let k = kind.get();
        let mut all = k.targets().to_vec();
        if k == ImportKind::Responses {
            survey.with(|s| all.extend(s.iter().flat_map(mapping::item_targets)));
        }
        all
    };

    let lang = move || i.lang.get_untracked();
    // Suggestions for a (new) header, and the date order its date columns show.
    let suggest = move |p: &Preview| {
        let k = kind.get_untracked();
        let labels: Vec<(String, Target)> = k
            .targets()
            .iter()
            .flat_map(|&t| Lang::ALL.map(|l| (target_label(t).text(l).to_string(), t)))
            .collect();
        let mut m = mapping::suggest(k, &p.header, &remembered(), &labels);
        if k == ImportKind::Responses {
            survey.with_untracked(|s| {
                if let Some(s) = s {
                    mapping::suggest_items(s, &p.header, &mut m);
                }
            });
        }
        for (c, t) in m.iter().enumerate() {
            if matches!(
                t,
                Some(Target::BirthDate | Target::OrderDate | Target::ResponseDate)
            ) && let Some(o) = DayOrder::detect(p.rows.iter().map(|r| r.1[c].as_str()))
            {
                order.set(o);
            }
        }
        mapping.set(m);
    };
    // Whether the file reads wrongly in the chosen encoding (a hint to pick another).
    let doubt = RwSignal::new(false);
    let reading = RwSignal::new(false);
    // The header and first rows, read by the worker: a workbook is read whole and
    // unpacked there, so no file can hold up the page. `options`: the user's choice of
    // encoding and delimiter, or `None` to sniff them.
    let read_preview = move |options: Option<TableOptions>| {
        let Some(f) = file.get_value() else {
            return;
        };
        plan.set(None);
        reading.set(true);
        let request = ToImporter::Preview {
            options,
            rows: PREVIEW_ROWS,
        };
        importer::start(Some(f), request, move |m| match m {
            Message::Previewed {
                preview: p,
                options,
                workbook: w,
                doubtful,
            } => {
                reading.set(false);
                workbook.set(w);
                opts.set(Some(options));
                doubt.set(doubtful);
                let same =
                    shown.with_untracked(|s| s.as_ref().is_some_and(|s| s.header == p.header));
                if !same {
                    suggest(&p);
                }
                file_error.set(None);
                shown.set(Some(p));
            }
            Message::Failed { error } => {
                reading.set(false);
                shown.set(None);
                opts.set(None);
                file_error.set(Some(importer::failure_text(lang(), &error)));
            }
            _ => {}
        });
    };
    let refresh = move || read_preview(opts.get_untracked());
    let take_file = move |f: web_sys::File| {
        file_name.set(Some(f.name()));
        finished.set(None);
        stopped.set(None);
        plan.set(None);
        shown.set(None);
        file_error.set(None);
        file.set_value(Some(f));
        read_preview(None);
    };
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(f) = platform::chosen_file(&ev) {
            take_file(f);
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take_file(f);
        }
    };
    let switch_kind = move |k: ImportKind| {
        kind.set(k);
        crate::route::replace(&Route::Import(k));
        finished.set(None);
        file_error.set(None);
        if let Some(p) = shown.get_untracked() {
            plan.set(None);
            suggest(&p);
        }
    };
    // Imports that stopped before their end (in this tab or one closed since), which the
    // history resumes.
    let unfinished = RwSignal::new(0usize);
    leptos::task::spawn_local(async move {
        let held = importer::held_locks().await;
        if let Ok(jobs) = async { db()?.import_jobs().await }.await {
            unfinished.set(
                jobs.iter()
                    .filter(|j| j.status.resumable() && !held.contains(&j.lock_name()))
                    .count(),
            );
        }
    });
    // A link to another kind (`#/import?kind=orders`) while the page is open.
    let route = expect_context::<RwSignal<Route>>();
    Effect::new(move |_| {
        if let Route::Import(k) = route.get()
            && k != kind.get_untracked()
        {
            switch_kind(k);
        }
    });

    let missing = move || mapping.with(|m| mapping::missing(kind.get(), m));
    // Time left, from the share of the file read so far.
    let left = Signal::derive(move || {
        let (done, total) = progress.get()?;
        let secs = (platform::now().0 as f64 - started.get_value()) / 1000.0;
        (done > 0 && secs >= 1.0).then(|| {
            i18n::remaining(
                i.get(),
                secs * (total - done.min(total)) as f64 / done as f64,
            )
        })
    });
    let failed = move |error: Failure<kehu_store::StoreError>| {
        busy.set(None);
        progress.set(None);
        match error {
            Failure::File(e) => file_error.set(Some(i18n::file_error(lang(), &e))),
            Failure::Store(e) => app.report(&e),
            Failure::Busy => file_error.set(Some(K::ImportBusy.text(lang()).to_string())),
            Failure::Backup(e) => {
                file_error.set(Some(crate::pages::backup::backup_error(lang(), &e)))
            }
        }
    };
    let when = || When {
        today: platform::today(),
        now: platform::now(),
        zone: (*platform::zone()).clone(),
    };
    let check = move |_| {
        let (Some(f), Some(o)) = (file.get_value(), opts.get_untracked()) else {
            return;
        };
        let settings = ImportSettings {
            kind: kind.get_untracked(),
            options: o,
            mapping: mapping.get_untracked(),
            day_order: order.get_untracked(),
            create_missing: create_missing.get_untracked(),
            workbook: workbook.get_untracked(),
            survey: (kind.get_untracked() == ImportKind::Responses)
                .then(|| survey.get_untracked())
                .flatten(),
        };
        checked.set_value(Some(settings.clone()));
        busy.set(Some(K::ImportChecking));
        progress.set(Some((0, f.size() as usize)));
        started.set_value(platform::now().0 as f64);
        let request = ToImporter::Check {
            settings,
            choices: choices(),
            when: when(),
        };
        importer::start(Some(f), request, move |m| match m {
            Message::Progress { read, total } => {
                progress.set(Some((read as usize, total as usize)))
            }
            Message::Checked { tally } => {
                busy.set(None);
                progress.set(None);
                plan.set(Some(Arc::new(tally)));
            }
            Message::Failed { error } => failed(error),
            _ => {}
        });
    };
    let report = move |_| {
        let (Some(p), Some(s)) = (plan.get_untracked(), shown.get_untracked()) else {
            return;
        };
        let l = lang();
        let mut all: Vec<&ImportError> = p.errors.iter().chain(&p.skipped).collect();
        all.sort_by_key(|e| e.line);
        let csv = kehu_core::export::to_csv(
            &[
                K::ReportLine.text(l),
                K::ReportColumn.text(l),
                K::ReportValue.text(l),
                K::ReportProblem.text(l),
            ],
            all.iter().map(|e| {
                vec![
                    e.line.to_string().into(),
                    e.column
                        .and_then(|c| s.header.get(c))
                        .map_or(String::new(), Clone::clone)
                        .into(),
                    e.value.as_str().into(),
                    i18n::import_problem(l, &e.problem).into(),
                ]
            }),
        );
        platform::download(
            &format!("kehu-import-errors-{}.csv", platform::today()),
            "text/csv",
            &csv,
        );
    };
    // Writes `job` (new, or stopped earlier) from after its last batch.
    let write = move |f: web_sys::File, job: ImportJob| {
        let header = shown.with_untracked(|s| s.as_ref().map(|s| s.header.clone()));
        busy.set(Some(K::ImportWriting));
        let from = job.reached();
        progress.set(Some(job.progress_since(from)));
        started.set_value(platform::now().0 as f64);
        stopped.set(None);
        writing.set(Some(job.clone()));
        let request = ToImporter::Write {
            job,
            choices: choices(),
            when: when(),
        };
        importer::start(Some(f), request, move |m| match m {
            Message::Batch { job } => {
                progress.set(Some(job.progress_since(from)));
                writing.set(Some(job));
            }
            Message::Finished { job, error } => {
                let header = header.clone();
                leptos::task::spawn_local(async move {
                    // One reload here and one message to the other tabs, for all the
                    // batches; the page says "done" once the list shows the import.
                    if let Ok(db) = db() {
                        db.changes().announce(&kehu_store::Change::All);
                    }
                    if let Err(e) = app.reload_all().await {
                        app.report(&e);
                    }
                    busy.set(None);
                    progress.set(None);
                    writing.set(None);
                    if let Some(e) = error {
                        app.report(&e);
                    }
                    if job.status != ImportStatus::Done {
                        stopped.set(Some(job));
                        return;
                    }
                    if let Some(h) = &header {
                        remember(h, &job.settings.mapping);
                    }
                    let text = done_text(lang(), &job);
                    plan.set(None);
                    shown.set(None);
                    file.set_value(None);
                    opts.set(None);
                    file_name.set(None);
                    app.toast(text.clone(), None);
                    finished.set(Some(text));
                })
            }
            Message::Failed { error } => {
                writing.set(None);
                failed(error)
            }
            _ => {}
        });
    };
    let run = move |_| {
        let (Some(f), Some(s), Some(p)) =
            (file.get_value(), checked.get_value(), plan.get_untracked())
        else {
            return;
        };
        let job = ImportJob::new(
            platform::new_id(),
            importer::file_info(&f),
            s,
            p.rows,
            platform::now(),
        );
        write(f, job);
    };
    let resume = move |_| {
        if let (Some(f), Some(job)) = (file.get_value(), stopped.get_untracked()) {
            write(f, job);
        }
    };
    let stop = move |_| {
        if busy.get_untracked() == Some(K::ImportChecking) {
            importer::stop();
            busy.set(None);
            progress.set(None);
        } else {
            importer::cancel();
        }
    };

    let options = move || {
        let o = opts.get()?;
        let set = move |f: &dyn Fn(&mut TableOptions)| {
            opts.update(|o| {
                if let Some(o) = o {
                    f(o)
                }
            });
            refresh();
        };
        Some(view! {
            <div class="import-options">
                <Show when=move || !workbook.get()>
                <label class="field-inline">
                    <span>{move || i.t(K::ImportEncoding)}</span>
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
                    <span>{move || i.t(K::ImportDelimiter)}</span>
                    <select id="import-delimiter" on:change=move |ev| {
                        if let Some(d) = event_target_value(&ev).bytes().next() {
                            set(&|o| o.delimiter = d);
                        }
                    }>
                        {DELIMITERS.map(|d| {
                            let k = match d { b',' => K::DelimComma, b';' => K::DelimSemicolon, b'\t' => K::DelimTab, _ => K::DelimBar };
                            view! { <option value=(d as char).to_string() selected=o.delimiter == d>{move || i.t(k)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                </Show>
                <label class="field-inline">
                    <span>{move || i.t(K::ImportDayOrder)}</span>
                    <select id="import-day-order" on:change=move |ev| {
                        if let Some(o) = DayOrder::from_code(&event_target_value(&ev)) {
                            order.set(o);
                            plan.set(None);
                        }
                    }>
                        {DayOrder::ALL.map(|d| {
                            let k = match d { DayOrder::DayFirst => K::DayFirst, DayOrder::MonthFirst => K::MonthFirst };
                            view! { <option value=d.code() selected=move || order.get() == d>{move || i.t(k)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
        })
    };

    let table = move || {
        let p = shown.get()?;
        let columns = visible_columns(p.header.len(), &mapping.get_untracked());
        let hidden = p.header.len() - columns.len();
        let header: Vec<(usize, String)> =
            columns.iter().map(|&c| (c, p.header[c].clone())).collect();
        Some(view! {
            <h2>{move || i.t(K::ImportPreview)}</h2>
            {(hidden > 0).then(|| view! {
                <p class="muted" id="import-columns-hidden">{move || i18n::columns_hidden(i.get(), hidden)}</p>
            })}
            <div class="table-wrap import-preview">
                <table class="table" id="import-preview">
                    <thead>
                        <tr>
                            <th scope="col">{move || i.t(K::ImportLine)}</th>
                            {header.iter().map(|(c, h)| {
                                let (c, h) = (*c, h.clone());
                                let h2 = h.clone();
                                let label = move || format!("{} {}", i.t(K::ImportColumnFor), h2);
                                view! {
                                    <th scope="col">
                                        <div class="import-head">{h}</div>
                                        <select class="import-map" aria-label=label on:change=move |ev| {
                                            let t = Target::from_code(&event_target_value(&ev));
                                            mapping.update(|m| {
                                                // A field goes to one column: taking it frees the other.
                                                for (j, x) in m.iter_mut().enumerate() {
                                                    if j != c && t.is_some() && *x == t {
                                                        *x = None;
                                                    }
                                                }
                                                if let Some(x) = m.get_mut(c) {
                                                    *x = t;
                                                }
                                            });
                                            plan.set(None);
                                        }>
                                            <option value="" selected=move || mapping.with(|m| m.get(c).copied().flatten().is_none())>{move || i.t(K::ImportSkipColumn)}</option>
                                            {move || targets().into_iter().map(|t| {
                                                view! {
                                                    <option value=t.code().into_owned() selected=move || mapping.with(|m| m.get(c).copied().flatten() == Some(t))>
                                                        {move || survey.with(|s| target_text(t, i.get(), s.as_ref()))}
                                                    </option>
                                                }
                                            }).collect_view()}
                                        </select>
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
        })
    };

    let summary = move || {
        // While writing, or stopped with something to resume, the plan is spent.
        if writing.with(Option::is_some) || stopped.with(Option::is_some) {
            return None;
        }
        let p = plan.get()?;
        let header = shown.with(|s| s.as_ref().map(|s| s.header.clone()).unwrap_or_default());
        // The first errors in line order (the list is capped; the report has them all).
        let mut listed: Vec<ImportError> = p
            .errors
            .iter()
            .chain(&p.skipped)
            .take(SHOWN_ERRORS * 2)
            .cloned()
            .collect();
        listed.sort_by_key(|e| e.line);
        let total = p.errors.len() + p.skipped.len();
        let n = |x: u64| i18n::count(x as usize);
        let figures: Vec<(K, String)> = match checked.get_value().map(|s| s.kind) {
            Some(ImportKind::Orders) => vec![
                (K::ImportRowsRead, n(p.rows)),
                (K::ImportOrderCount, n(p.orders)),
                (K::ImportWillCreate, n(p.create)),
                (K::ImportSkipped, i18n::count(p.skipped.len())),
                (K::ImportBadRows, i18n::count(p.bad_rows())),
            ],
            Some(ImportKind::Contacts) => vec![
                (K::ImportRowsRead, n(p.rows)),
                (K::ImportContactsAdded, n(p.create)),
                (K::ImportContactsFilled, n(p.update)),
                (K::ImportUnchanged, n(p.unchanged)),
                (K::ImportSkipped, i18n::count(p.skipped.len())),
                (K::ImportBadRows, i18n::count(p.bad_rows())),
            ],
            Some(ImportKind::Interactions) => vec![
                (K::ImportRowsRead, n(p.rows)),
                (K::ImportInteractionCount, n(p.interactions)),
                (K::ImportSkipped, i18n::count(p.skipped.len())),
                (K::ImportBadRows, i18n::count(p.bad_rows())),
            ],
            Some(ImportKind::Responses) => vec![
                (K::ImportRowsRead, n(p.rows)),
                (K::ImportResponseCount, n(p.responses)),
                (K::ImportSkipped, i18n::count(p.skipped.len())),
                (K::ImportBadRows, i18n::count(p.bad_rows())),
            ],
            _ => vec![
                (K::ImportRowsRead, n(p.rows)),
                (K::ImportWillCreate, n(p.create)),
                (K::ImportWillUpdate, n(p.update)),
                (K::ImportUnchanged, n(p.unchanged)),
                (K::ImportSkipped, i18n::count(p.skipped.len())),
                (K::ImportBadRows, i18n::count(p.bad_rows())),
            ],
        };
        let writes = p.writes() as usize;
        let header2 = header.clone();
        Some(view! {
            <section class="card import-plan" id="import-plan" aria-labelledby="import-plan-title">
                <h2 id="import-plan-title">{move || i.t(K::ImportPlanTitle)}</h2>
                <dl class="import-figures">
                    {figures.into_iter().map(|(k, v)| view! {
                        <div><dt>{move || i.t(k)}</dt><dd>{v}</dd></div>
                    }).collect_view()}
                </dl>
                <Show when=move || total != 0>
                    <ul class="plain import-errors" id="import-errors">
                        {listed.iter().take(SHOWN_ERRORS).map(|e| {
                            let (e, h) = (e.clone(), header2.clone());
                            view! { <li>{move || i18n::import_error(i.get(), &e, &h)}</li> }
                        }).collect_view()}
                    </ul>
                    <p class="muted">
                        {move || (total > SHOWN_ERRORS).then(|| i.t(K::ImportMoreErrors))}
                    </p>
                    <button class="btn" id="import-report" on:click=report>{move || i.t(K::ImportReport)}</button>
                </Show>
                <div class="form-actions">
                    <button class="btn" on:click=move |_| plan.set(None)>{move || i.t(K::Cancel)}</button>
                    <button class="btn btn-primary" id="import-run" disabled=move || writes == 0 || busy.get().is_some()
                        on:click=run>
                        {move || if writes == 0 { i.t(K::ImportNothing).to_string() } else { format!("{} ({})", i.t(K::ImportRun), i18n::count(writes)) }}
                    </button>
                </div>
            </section>
        })
    };

    view! {
        <section class="page import-page">
            <div class="page-head">
                <h1>{move || i.t(K::ImportTitle)}</h1>
                <a class="btn" id="import-history" href=Route::Imports.href()>{move || i.t(K::ImportHistory)}</a>
            </div>
            <p class="lead">{move || i.t(K::ImportLead)}</p>
            {move || (unfinished.get() > 0 && writing.with(Option::is_none) && stopped.with(Option::is_none)).then(|| view! {
                <p class="panel panel-warn" id="import-unfinished" role="status">
                    {move || format!("{} {}", i.t(K::ImportUnfinished), unfinished.get())}" "
                    <a href=Route::Imports.href()>{move || i.t(K::ImportHistory)}</a>
                </p>
            })}
            <div class="field">
                <span class="label">{move || i.t(K::ImportWhat)}</span>
                <div class="segmented" role="radiogroup" aria-label=move || i.t(K::ImportWhat)>
                    {ImportKind::ALL.map(|k| {
                        let id = format!("import-kind-{}", k.code());
                        let text = kind_label(k);
                        view! {
                            <input type="radio" name="import-kind" id=id.clone() value=k.code()
                                prop:checked=move || kind.get() == k on:change=move |_| switch_kind(k)/>
                            <label for=id>{move || i.t(text)}</label>
                        }
                    }).collect_view()}
                </div>
            </div>
            <Show when=move || kind.get() == ImportKind::Responses>
                <div class="field import-survey-pick">
                    <label class="field-inline">
                        <span>{move || i.t(K::ImportFor)}</span>
                        <select id="import-survey" on:change=move |ev| {
                            let id = event_target_value(&ev);
                            survey.set(surveys.with_untracked(|all| {
                                all.iter().flatten().find(|s| s.id.0 == id).cloned()
                            }));
                            if let Some(p) = shown.get_untracked() {
                                plan.set(None);
                                suggest(&p);
                            }
                        }>
                            <option value="" selected=move || survey.with(Option::is_none)>{move || i.t(K::QuickQuestions)}</option>
                            {move || surveys.get().into_iter().flatten().filter(|s| !s.archived).map(|s| {
                                let id = s.id.clone();
                                view! {
                                    <option value=s.id.0.clone() selected=move || survey.with(|c| c.as_ref().is_some_and(|c| c.id == id))>
                                        {s.name.clone()}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                    </label>
                    <p class="muted">{move || i.t(K::ImportSurveyHint)}</p>
                </div>
            </Show>
            <div class="drop-zone" class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <p>
                    {move || i.t(K::ImportDrop)}" "
                    <label class="btn btn-primary" for="import-file">{move || i.t(K::ImportChoose)}</label>
                    <input type="file" id="import-file" accept=".xlsx,.csv,.txt,.tsv,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" class="visually-hidden" on:change=on_file/>
                </p>
                <p class="muted">{move || file_name.get().unwrap_or_else(|| i.t(K::ImportFormats).to_string())}</p>
            </div>
            {move || file_error.get().map(|e| view! {
                <p class="panel panel-error" id="import-file-error" role="alert">{e}</p>
            })}
            {move || finished.get().map(|text| view! {
                <div class="panel import-done" id="import-done" role="status">
                    <p>{text}</p>
                    <div class="form-actions">
                        <Show when=move || kind.get() == ImportKind::Customers>
                            <button class="btn" id="import-orders-next" on:click=move |_| switch_kind(ImportKind::Orders)>
                                {move || i.t(K::ImportOrdersNext)}
                            </button>
                        </Show>
                        <a class="btn" id="import-find-duplicates" href=Route::Duplicates.href()>{move || i.t(K::FindDuplicates)}</a>
                        <a class="btn btn-primary" href=Route::Customers(Params::default()).href()>{move || i.t(K::ImportViewCustomers)}</a>
                    </div>
                </div>
            })}
            {move || reading.get().then(|| view! {
                <p class="loading" id="import-reading" role="status">{move || i.t(K::ImportReading)}</p>
            })}
            {options}
            {move || (doubt.get() && shown.with(Option::is_some)).then(|| view! {
                <p class="panel panel-warn" id="import-encoding-doubt" role="status">{move || i.t(K::ImportEncodingDoubt)}</p>
            })}
            {table}
            <Show when=move || shown.with(Option::is_some)>
                {move || {
                    let m = missing();
                    (!m.is_empty()).then(|| view! {
                        <p class="panel panel-warn" id="import-missing" role="status">
                            {move || i.t(K::ImportMissing)}
                            {i.get().list(&m.iter().map(|t| target_text(*t, i.get(), None)).collect::<Vec<_>>())}
                        </p>
                    })
                }}
                <Show when=move || kind.get() == ImportKind::Orders>
                    <label class="check">
                        <input type="checkbox" id="import-create-missing" prop:checked=move || create_missing.get()
                            on:change=move |ev| { create_missing.set(event_target_checked(&ev)); plan.set(None); }/>
                        {move || i.t(K::ImportCreateMissing)}
                    </label>
                </Show>
                <div class="form-actions">
                    <button class="btn btn-primary" id="import-check" on:click=check
                        disabled=move || !missing().is_empty() || busy.get().is_some()>
                        {move || i.t(K::ImportCheck)}
                    </button>
                </div>
            </Show>
            {move || busy.get().map(|k| view! {
                <div class="import-busy">
                    <crate::components::ProgressBar id="import-progress" label=k progress=progress note=left/>
                    <p class="muted" id="import-written">
                        {move || writing.get().filter(|j| j.batches > 0).map(|j| format!(
                            "{} {} · {} {}",
                            i.t(K::ImportWritten),
                            i18n::count(j.written.total() as usize),
                            i.t(K::ImportLinesDone),
                            i18n::count(j.line as usize),
                        ))}
                    </p>
                    <button class="btn" id="import-stop" on:click=stop>{move || i.t(K::ImportCancel)}</button>
                </div>
            })}
            {move || stopped.get().map(|j| view! {
                <div class="panel panel-warn" id="import-stopped" role="status">
                    <p>{move || i.t(K::ImportStopped)}</p>
                    <p class="muted">
                        {move || format!(
                            "{} {} · {} {}",
                            i.t(K::ImportWritten),
                            i18n::count(j.written.total() as usize),
                            i.t(K::ImportLinesDone),
                            i18n::count(j.line as usize),
                        )}
                    </p>
                    <div class="form-actions">
                        <a class="btn" href=Route::Imports.href()>{move || i.t(K::ImportHistory)}</a>
                        <button class="btn btn-primary" id="import-resume" on:click=resume>{move || i.t(K::ImportResume)}</button>
                    </div>
                </div>
            })}
            {summary}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_file_shows_the_first_columns_and_the_mapped_ones() {
        let mut mapping = vec![None; 20_000];
        mapping[15_000] = Some(Target::Name);
        let shown = visible_columns(20_000, &mapping);
        assert_eq!(shown.len(), PREVIEW_COLUMNS + 1);
        assert_eq!(shown.last(), Some(&15_000));
        assert_eq!(visible_columns(3, &[]), vec![0, 1, 2]);
    }
}
