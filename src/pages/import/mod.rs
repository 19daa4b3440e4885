//! The import wizard: a CSV or XLSX file of customers, orders, contacts, interactions or
//! survey responses, its encoding, delimiter and date
//! form (sniffed, overridable), a preview with a field chosen for each column (suggested
//! from the header, remembered), every row checked before anything is written, then the
//! valid rows written in batches. Checking and writing run in the import worker
//! (`importer.rs`), which reads the file in slices: the page only holds its first bytes.
//!
//! `flow.rs` is the wizard's state machine (tested natively); `parts.rs` draws it; this
//! file holds the [`Form`] they share and the requests to the worker.

mod flow;
mod parts;

use crate::i18n::tr;
use crate::i18n::{self, I18n, K, Label, Lang, Msg, use_i18n};
use crate::importer::{self, Message};
use crate::platform;
use crate::route::Route;
use crate::state::{AppState, db, use_app};
use flow::{Shown, Step, Wizard};
use kehu_core::import::formats::DayOrder;
use kehu_core::import::job::{Failure, ImportJob, ImportSettings, ImportStatus, ToImporter};
use kehu_core::import::mapping::{self, ImportKind, Target};
use kehu_core::import::plan::{Choices, When};
use kehu_core::import::table::{Preview, TableOptions};
use kehu_core::import::text::Encoding;
use kehu_core::sla::{Priority, TicketType};
use kehu_core::ticket::{Channel, RootCause, TicketStatus};
use kehu_core::*;
use leptos::prelude::*;
use parts::*;
mod messages;
use messages as M;

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
    let n = |k: Msg, v: u64| format!("{} {}", k.text(l), i18n::count(v as usize));
    let parts = match job.settings.kind {
        ImportKind::Customers => [
            n(M::ImportWillCreate, w.created),
            n(M::ImportWillUpdate, w.updated),
        ]
        .join(" · "),
        ImportKind::Orders => [
            n(M::ImportOrderCount, w.orders),
            n(M::ImportWillCreate, w.created),
        ]
        .join(" · "),
        ImportKind::Interactions => n(M::ImportInteractionCount, w.interactions),
        ImportKind::Contacts => n(M::ImportContactCount, w.contacts),
        ImportKind::Responses => n(M::ImportResponseCount, w.responses),
        ImportKind::Products => n(M::ImportProductCount, w.records),
        ImportKind::Leads => n(M::ImportLeadCount, w.records),
        ImportKind::Opportunities => n(M::ImportOppCount, w.records),
        ImportKind::Tickets => n(M::ImportTicketCount, w.records),
        ImportKind::CampaignResponses => n(M::ImportCampaignResponseCount, w.responses),
        ImportKind::OrderLines => [
            n(M::ImportOrderCount, w.orders),
            n(M::ImportWillCreate, w.created),
        ]
        .join(" · "),
    };
    let done = M::ImportDone.text(l);
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

pub fn kind_label(k: ImportKind) -> Msg {
    match k {
        ImportKind::Customers => M::ImportCustomers,
        ImportKind::Orders => M::ImportOrders,
        ImportKind::Interactions => M::ImportInteractions,
        ImportKind::Contacts => M::ImportContacts,
        ImportKind::Responses => M::ImportResponsesKind,
        ImportKind::Products => M::ImportProductsKind,
        ImportKind::Leads => M::ImportLeadsKind,
        ImportKind::Opportunities => M::ImportOppsKind,
        ImportKind::Tickets => M::ImportTicketsKind,
        ImportKind::CampaignResponses => M::ImportCampaignResponsesKind,
        ImportKind::OrderLines => M::ImportLinesKind,
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
fn target_label(t: Target) -> Msg {
    use Target::*;
    match t {
        Id => M::FKehuId,
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
        OrderCustomer => M::ImpOrderCustomer,
        OrderCustomerName => M::ImpOrderCustomerName,
        OrderNumber => M::ImpOrderNumber,
        OrderDate => K::OrderDate,
        OrderAmount => K::Amount,
        OrderState => K::FOrderStatus,
        OrderSeller => K::FSeller,
        OrderCost => K::FCost,
        LineProduct => M::ImpLineProduct,
        LineQuantity => K::Quantity,
        LinePrice => K::UnitPrice,
        LineDiscount => M::ImpLineDiscount,
        LineCost => M::ImpProductCost,
        InteractionAt => M::ImpInteractionAt,
        InteractionKind => K::InteractionKindLabel,
        InteractionSubject => K::Subject,
        InteractionNote => K::Note,
        ContactOf => M::ImpContactOf,
        ContactName => K::ContactName,
        ContactRole => K::ContactRole,
        ContactPhone => K::FPhone,
        ContactEmail => K::FEmail,
        ResponseDate => M::ImpResponseDate,
        Nps => K::QNps,
        Csat => K::QCsat,
        Ces => K::QCes,
        ResponseComment => M::ImpComment,
        ProductSku => M::ImpProductSku,
        ProductName => M::ImpProductName,
        ProductCategory => M::ImpProductCategory,
        ProductUnit => M::ImpProductUnit,
        ProductPrice => M::ImpProductPrice,
        ProductCost => M::ImpProductCost,
        ProductStock => M::ImpProductStock,
        ProductActive => M::ImpProductActive,
        ProductNote => K::Note,
        LeadName => M::ImpLeadName,
        LeadCompany => M::ImpLeadCompany,
        LeadPhone => K::FPhone,
        LeadEmail => K::FEmail,
        LeadRegion => K::FRegion,
        LeadCity => K::FCity,
        LeadSource => M::ImpLeadSource,
        LeadStatus => M::ImpLeadStatus,
        LeadOwner => M::ImpLeadOwner,
        LeadScore => M::ImpLeadScore,
        LeadInterest => M::ImpLeadInterest,
        LeadAmount => M::ImpLeadAmount,
        LeadNote => K::Note,
        OppCustomer => M::ImpOrderCustomer,
        OppTitle => M::ImpOppTitle,
        OppAmount => K::Amount,
        OppStage => M::ImpOppStage,
        OppOwner => M::ImpLeadOwner,
        OppClose => M::ImpOppClose,
        OppProbability => M::ImpOppProbability,
        OppCompetitors => M::ImpOppCompetitors,
        OppLostReason => M::ImpOppLostReason,
        OppNextStep => M::ImpOppNextStep,
        TicketCustomer => M::ImpOrderCustomer,
        TicketSubject => K::Subject,
        TicketType => M::ImpTicketType,
        TicketChannel => M::ImpTicketChannel,
        TicketPriority => M::ImpTicketPriority,
        TicketStatus => M::ImpTicketStatus,
        TicketOpened => K::FOpened,
        TicketResolved => M::ImpTicketResolved,
        TicketAssignee => M::ImpTicketAssignee,
        TicketProduct => M::ImpTicketProduct,
        TicketDescription => K::FTicketDescription,
        TicketResolution => K::FResolution,
        TicketRootCause => M::ImpTicketRootCause,
        ResponseCampaign => M::ImpResponseCampaign,
        ResponseCustomer => M::ImpOrderCustomer,
        ResponseKind => M::ImpResponseKind,
        ResponseDay => M::ImpResponseDay,
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
        Target::LeadSource,
        SourceChannel::ALL,
        SourceChannel::code,
    );
    add(
        &mut c,
        Target::OppStage,
        &kehu_core::opportunity::Standing::ALL,
        kehu_core::opportunity::Standing::code,
    );
    add(
        &mut c,
        Target::TicketType,
        &TicketType::ALL,
        TicketType::code,
    );
    add(&mut c, Target::TicketChannel, &Channel::ALL, Channel::code);
    add(
        &mut c,
        Target::TicketPriority,
        &Priority::ALL,
        Priority::code,
    );
    add(
        &mut c,
        Target::TicketStatus,
        &TicketStatus::ALL,
        TicketStatus::code,
    );
    add(
        &mut c,
        Target::ResponseKind,
        &kehu_core::marketing::ResponseKind::ALL,
        kehu_core::marketing::ResponseKind::code,
    );
    add(
        &mut c,
        Target::TicketRootCause,
        &RootCause::ALL,
        RootCause::code,
    );
    add(
        &mut c,
        Target::LeadStatus,
        &kehu_core::lead::LeadStatus::SETTABLE,
        kehu_core::lead::LeadStatus::code,
    );
    add(
        &mut c,
        Target::OrderState,
        kehu_core::OrderStatus::ALL,
        kehu_core::OrderStatus::slug,
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

/// The wizard's state, shared by its parts: every field a signal or stored value, so it
/// is `Copy` and each part takes what it draws.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub kind: RwSignal<ImportKind>,
    pub wizard: RwSignal<Wizard>,
    pub mapping: RwSignal<Vec<Option<Target>>>,
    pub order: RwSignal<DayOrder>,
    pub create_missing: RwSignal<bool>,
    /// The designed survey a responses file answers; `None`: the quick questions.
    pub survey: RwSignal<Option<Survey>>,
    pub progress: RwSignal<Option<(usize, usize)>>,
    /// When the running check or write began (for the time left).
    pub started: StoredValue<f64>,
    /// The file (read by the worker, which also previews it).
    pub file: StoredValue<Option<web_sys::File>, LocalStorage>,
    pub file_name: RwSignal<Option<String>>,
    pub i18n: I18n,
}

impl Form {
    fn new(kind: ImportKind, i18n: I18n) -> Form {
        Form {
            i18n,
            kind: RwSignal::new(kind),
            wizard: RwSignal::new(Wizard::default()),
            mapping: RwSignal::new(Vec::new()),
            order: RwSignal::new(DayOrder::DayFirst),
            create_missing: RwSignal::new(true),
            survey: RwSignal::new(None),
            progress: RwSignal::new(None),
            started: StoredValue::new(0.0),
            file: StoredValue::new_local(None),
            file_name: RwSignal::new(None),
        }
    }

    /// The fields a column can be mapped to: the kind's, and a survey's items.
    pub fn targets(self) -> Vec<Target> {
        let k = self.kind.get();
        let mut all = k.targets().to_vec();
        if k == ImportKind::Responses {
            self.survey
                .with(|s| all.extend(s.iter().flat_map(mapping::item_targets)));
        }
        all
    }

    /// Required fields no column is mapped to.
    pub fn missing(self) -> Vec<Target> {
        self.mapping.with(|m| mapping::missing(self.kind.get(), m))
    }

    /// Suggests a field for each column of a (new) header, and the date order its date
    /// columns show.
    pub fn suggest(self, p: &Preview) {
        let k = self.kind.get_untracked();
        let labels: Vec<(String, Target)> = k
            .targets()
            .iter()
            .flat_map(|&t| Lang::ALL.map(|l| (target_label(t).text(l).to_string(), t)))
            .collect();
        let mut m = mapping::suggest(k, &p.header, &remembered(), &labels);
        if k == ImportKind::Responses {
            self.survey.with_untracked(|s| {
                if let Some(s) = s {
                    mapping::suggest_items(s, &p.header, &mut m);
                }
            });
        }
        let dates = [Target::BirthDate, Target::OrderDate, Target::ResponseDate];
        for (c, t) in m.iter().enumerate() {
            if t.is_some_and(|t| dates.contains(&t))
                && let Some(o) = DayOrder::detect(p.rows.iter().map(|r| r.1[c].as_str()))
            {
                self.order.set(o);
            }
        }
        self.mapping.set(m);
    }

    /// The form changed: a plan checked before is set aside.
    pub fn changed(self) {
        self.wizard.update(|w| w.changed());
    }

    /// The settings a check of `shown` runs with, as the form holds them now.
    fn settings(self, shown: &Shown) -> ImportSettings {
        let kind = self.kind.get_untracked();
        ImportSettings {
            kind,
            options: shown.options,
            mapping: self.mapping.get_untracked(),
            day_order: self.order.get_untracked(),
            create_missing: self.create_missing.get_untracked(),
            workbook: shown.workbook,
            survey: (kind == ImportKind::Responses)
                .then(|| self.survey.get_untracked())
                .flatten(),
        }
    }

    /// A request failed: a storage error is reported like any other, the rest said on
    /// the page.
    fn failed(self, app: AppState, error: Failure<kehu_store::StoreError>) {
        self.progress.set(None);
        let problem = match &error {
            Failure::Store(e) => {
                app.report(e);
                None
            }
            e => Some(importer::failure_text(self.lang(), e)),
        };
        self.wizard.update(|w| w.failed(problem));
    }

    /// The language now (read outside any reactive scope: the worker's answers).
    pub fn lang(self) -> Lang {
        self.i18n.lang.get_untracked()
    }

    fn begin(self, progress: (usize, usize)) {
        self.progress.set(Some(progress));
        self.started.set_value(platform::now().0 as f64);
    }
}

fn when() -> When {
    When {
        today: platform::today(),
        now: platform::now(),
        zone: (*platform::zone()).clone(),
    }
}

/// Has the worker read the header and first rows (a workbook is read whole and unpacked
/// there, so no file can hold up the page). `options`: the user's choice of encoding and
/// delimiter, or `None` to sniff them.
fn read_preview(f: Form, options: Option<TableOptions>) {
    let Some(file) = f.file.get_value() else {
        return;
    };
    let l = f.lang();
    let request = ToImporter::Preview {
        options,
        rows: PREVIEW_ROWS,
    };
    importer::start(Some(file), request, move |m| match m {
        Message::Previewed {
            preview,
            options,
            workbook,
            doubtful,
        } => {
            let shown = Shown {
                preview: preview.clone(),
                options,
                workbook,
                doubtful,
            };
            let mut fresh = false;
            f.wizard.update(|w| fresh = w.previewed(shown));
            if fresh {
                f.suggest(&preview);
            }
        }
        Message::Failed { error } => {
            let problem = importer::failure_text(l, &error);
            f.wizard.update(|w| w.failed(Some(problem)));
        }
        _ => {}
    });
}

/// Checks every row in the worker; nothing is written.
fn check(app: AppState, f: Form) {
    let Some(file) = f.file.get_value() else {
        return;
    };
    let Some(shown) = f.wizard.with_untracked(|w| w.shown.clone()) else {
        return;
    };
    let missing = !f
        .mapping
        .with_untracked(|m| mapping::missing(f.kind.get_untracked(), m))
        .is_empty();
    let mut go = false;
    f.wizard.update(|w| go = w.checking(missing));
    if !go {
        return;
    }
    let settings = f.settings(&shown);
    f.begin((0, file.size() as usize));
    let request = ToImporter::Check {
        settings: settings.clone(),
        choices: choices(),
        when: when(),
    };
    importer::start(Some(file), request, move |m| match m {
        Message::Progress { read, total } => f.progress.set(Some((read as usize, total as usize))),
        Message::Checked { tally } => {
            f.progress.set(None);
            f.wizard.update(|w| w.checked(tally, settings.clone()));
        }
        Message::Failed { error } => f.failed(app, error),
        _ => {}
    });
}

/// Writes `job` (new, or stopped earlier) from after its last batch.
fn write(app: AppState, f: Form, job: ImportJob) {
    let Some(file) = f.file.get_value() else {
        return;
    };
    let header = f
        .wizard
        .with_untracked(|w| w.shown.as_ref().map(|s| s.preview.header.clone()));
    let mut go = false;
    f.wizard.update(|w| go = w.writing(job.clone()));
    if !go {
        return;
    }
    let from = job.reached();
    f.begin(job.progress_since(from));
    let request = ToImporter::Write {
        job,
        choices: choices(),
        when: when(),
    };
    importer::start(Some(file), request, move |m| match m {
        Message::Batch { job } => {
            f.progress.set(Some(job.progress_since(from)));
            f.wizard.update(|w| w.batch_written(job));
        }
        Message::Finished {
            job,
            error,
            customers,
        } => {
            let header = header.clone();
            leptos::task::spawn_local(async move {
                // One reload here and one message to the other tabs, for all the
                // batches; the page says "done" once the list shows the import.
                if let Ok(db) = db() {
                    db.changes().announce(&kehu_store::Change::All);
                }
                if let Err(e) = app.reload_written(customers).await {
                    app.report(&e);
                }
                f.progress.set(None);
                if let Some(e) = error {
                    app.report(&e);
                }
                if job.status == ImportStatus::Done {
                    if let Some(h) = &header {
                        remember(h, &job.settings.mapping);
                    }
                    let done = job.clone();
                    app.toast(move |l| done_text(l, &done), None);
                    f.file.set_value(None);
                    f.file_name.set(None);
                }
                f.wizard.update(|w| w.finished(job));
            })
        }
        Message::Failed { error } => f.failed(app, error),
        _ => {}
    });
}

/// Imports that stopped before their end (in this tab or one closed since), which the
/// history resumes.
fn unfinished_imports() -> RwSignal<usize> {
    let unfinished = RwSignal::new(0usize);
    leptos::task::spawn_local(async move {
        let held = importer::held_locks().await;
        if let Ok(jobs) = async { db()?.import_jobs().await }.await {
            let open = jobs
                .iter()
                .filter(|j| j.status.resumable() && !held.contains(&j.lock_name()));
            unfinished.set(open.count());
        }
    });
    unfinished
}

#[component]
pub fn ImportPage(kind: ImportKind) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let f = Form::new(kind, i);
    let take_file = Callback::new(move |file: web_sys::File| {
        f.file_name.set(Some(file.name()));
        f.file.set_value(Some(file));
        f.wizard.update(|w| w.file_chosen());
        read_preview(f, None);
    });
    let reread = Callback::new(move |options: TableOptions| {
        f.wizard.update(|w| w.reread());
        read_preview(f, Some(options));
    });
    let switch_kind = Callback::new(move |k: ImportKind| {
        f.kind.set(k);
        crate::route::replace(&Route::Import(k));
        f.wizard.update(|w| w.kind_switched());
        if let Some(s) = f.wizard.with_untracked(|w| w.shown.clone()) {
            f.suggest(&s.preview);
        }
    });
    // A link to another kind (`#/import?kind=orders`) while the page is open.
    let route = expect_context::<RwSignal<Route>>();
    Effect::new(move |_| {
        if let Route::Import(k) = route.get()
            && k != f.kind.get_untracked()
        {
            switch_kind.run(k);
        }
    });
    let run = Callback::new(move |_| {
        let plan = f
            .wizard
            .with_untracked(|w| w.plan().map(|(t, s)| (t.rows, s.clone())));
        let (Some(file), Some((rows, settings))) = (f.file.get_value(), plan) else {
            return;
        };
        let info = importer::file_info(&file);
        write(
            app,
            f,
            ImportJob::new(platform::new_id(), info, settings, rows, platform::now()),
        );
    });
    let resume = Callback::new(move |_| {
        if let Some(Step::Stopped { job }) = f.wizard.with_untracked(|w| Some(w.step.clone())) {
            write(app, f, job);
        }
    });
    let stop = Callback::new(move |_| {
        if f.wizard.with_untracked(|w| w.step == Step::Checking) {
            importer::stop();
            f.progress.set(None);
            f.wizard.update(|w| w.back_to_mapping());
        } else {
            importer::cancel();
        }
    });
    let unfinished = unfinished_imports();
    let idle = move || f.wizard.with(|w| w.job().is_none());

    view! {
        <section class="page import-page">
            <div class="page-head">
                <h1>{i.tr(M::ImportTitle)}</h1>
                <a class="btn" id="import-history" href=Route::Imports.href()>{i.tr(K::ImportHistory)}</a>
            </div>
            <p class="lead">{i.tr(M::ImportLead)}</p>
            {move || (unfinished.get() > 0 && idle()).then(|| view! {
                <p class="panel panel-warn" id="import-unfinished" role="status">
                    {move || M::unfinished(i.get(), unfinished.get())}" "
                    <a href=Route::Imports.href()>{i.tr(K::ImportHistory)}</a>
                </p>
            })}
            <KindPicker f=f on_switch=switch_kind/>
            <SurveyPick f=f/>
            <Show when=move || f.kind.get() == ImportKind::OrderLines>
                <p class="muted" id="import-lines-hint">{i.tr(M::ImportLinesHint)}</p>
            </Show>
            <DropZone f=f on_file=take_file/>
            {move || f.wizard.with(|w| w.problem.clone()).map(|e| view! {
                <p class="panel panel-error" id="import-file-error" role="alert">{e}</p>
            })}
            <DonePanel f=f on_switch=switch_kind/>
            {move || f.wizard.with(|w| w.step == Step::Reading).then(|| view! {
                <p class="loading" id="import-reading" role="status">{i.tr(K::ImportReading)}</p>
            })}
            <OptionsBar f=f on_reread=reread/>
            <PreviewTable f=f/>
            <CheckBar f=f on_check=Callback::new(move |_| check(app, f))/>
            <BusyPanel f=f on_stop=stop/>
            <StoppedPanel f=f on_resume=resume/>
            <PlanSummary f=f on_run=run/>
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
