//! Backup and restore (a card on the settings page) and the reminder when the last backup
//! is old (on the overview).

use crate::components::ConfirmDialog;
use crate::data::Topic;
use crate::i18n::tr;
use crate::i18n::{self, Currency, K, Lang, use_i18n};
use crate::importer::{self, Message};
use crate::platform;
use crate::state::{AppState, use_app};
use kehu_core::Millis;
use kehu_core::backup::{self, BackupError, Header};
use kehu_core::date::MS_PER_DAY;
use kehu_core::import::job::{Failure, ToImporter};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
mod messages;
use messages as M;
pub(crate) use messages::field_label;

/// Settings that travel in a backup (not the kiosk PIN, a device secret, nor the backup
/// bookkeeping itself).
const CARRIED: &[&str] = &[
    "lang",
    "currency",
    "analysis_as_of",
    "analysis_window",
    "analysis_k",
    "analysis_rank",
    // What commission is paid on.
    crate::pages::insights::COMMISSION_BASIS,
    "import_mapping",
    // The letterhead printed on quotes.
    "business",
    // Opening hours, holidays and ticket targets.
    crate::pages::tickets::LEVELS_SETTING,
    // The rewards programme: whether it runs, its rates and tiers.
    crate::pages::rewards::SETTING,
    REMIND_SETTING,
];
const LAST_SETTING: &str = "last_backup";
const REMIND_SETTING: &str = "backup_reminder_days";
/// Days after which the overview reminds, unless the user chose otherwise.
const DEFAULT_REMIND_DAYS: u32 = 7;
const REMIND_CHOICES: [u32; 5] = [1, 7, 14, 30, 0];

fn last_backup() -> Option<Millis> {
    platform::setting(LAST_SETTING)?.parse().ok().map(Millis)
}

fn remind_days() -> u32 {
    platform::setting(REMIND_SETTING)
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_REMIND_DAYS)
}

pub fn backup_error(lang: Lang, e: &BackupError) -> String {
    match e {
        BackupError::NotABackup => tr!(
            lang,
            "这不是 kehu 备份文件",
            "This is not a kehu backup file"
        ),
        BackupError::TooNew(v) => tr!(
            lang,
            "这个备份由更新版本的 kehu 制作（格式 {v}），请先更新本应用",
            "This backup was made by a newer kehu (format {v}); update this app first",
        ),
        BackupError::NewerSchema { file, app } => tr!(
            lang,
            "这个备份来自更新版本的 kehu（数据库版本 {file}，本应用是 {app}）。为避免丢失新版本的数据，请先更新本应用再恢复。",
            "This backup comes from a newer kehu (database version {file}; this app is at {app}). Update this app before restoring, so nothing the newer version stored is lost.",
        ),
        BackupError::Damaged => tr!(
            lang,
            "备份文件已损坏（校验和不符），可能不完整或被修改过",
            "The backup file is damaged (checksum mismatch): cut short or changed",
        ),
        BackupError::Invalid(m) => tr!(
            lang,
            "备份内容无法读取：{m}",
            "The backup cannot be read: {m}"
        ),
        BackupError::Record { place, fault } => {
            let (place, fault) = (backup_place(lang, place), backup_fault(lang, fault));
            tr!(
                lang,
                "备份中有一条记录不符合要求，未做任何更改。{place}：{fault}",
                "A record in the backup breaks a rule; nothing was changed. {place}: {fault}",
            )
        }
    }
}

/// Which record of a backup a problem is in, as the user knows it.
fn backup_place(lang: Lang, p: &backup::Place) -> String {
    use backup::Place as P;
    match p {
        P::Customer { key, name } => tr!(lang, "客户 #{key}「{name}」", "Customer #{key} “{name}”"),
        P::KeySequence => tr!(lang, "客户编号序列", "The customer number sequence"),
        P::OrderChunk(n) => tr!(lang, "订单块 {n}", "Order block {n}"),
        P::Order(id) => tr!(lang, "订单 {id}", "Order {id}"),
        P::Record { kind, id } => {
            let kind = i18n::record_kind(lang, kind);
            tr!(lang, "{kind} {id}", "{kind} {id}")
        }
        P::Survey(id) => tr!(lang, "问卷 {id}", "Survey {id}"),
    }
}

/// What is wrong with it.
fn backup_fault(lang: Lang, f: &backup::Fault) -> String {
    use backup::Fault as F;
    match f {
        F::BadId => tr!(
            lang,
            "编号为空、过长或含有空白/控制字符",
            "its id is empty, too long, or holds spaces or control characters",
        ),
        F::Duplicate => tr!(lang, "与前面的记录重复", "it repeats an earlier record"),
        F::NoKey => tr!(lang, "缺少内部编号", "it has no internal number"),
        F::SharedKey { other } => tr!(
            lang,
            "与客户「{other}」的内部编号相同",
            "it has the same internal number as “{other}”",
        ),
        F::KeyOutOfRange { max } => tr!(
            lang,
            "内部编号超出范围（最大 {max}）",
            "its internal number is out of range (at most {max})",
        ),
        F::BadChunk => tr!(lang, "块编号或容量无效", "its number or size is invalid"),
        F::ColumnsDiffer => tr!(lang, "各列长度不一致", "its columns differ in length"),
        F::OutsideChunk => tr!(
            lang,
            "订单编号不在所属块内或顺序错乱",
            "its id lies outside its block, or out of order",
        ),
        F::DayOutOfRange => tr!(
            lang,
            "日期早于 1000 年或晚于今天",
            "its date is before the year 1000 or after today",
        ),
        F::AmountOutOfRange => tr!(
            lang,
            "金额为负数或过大",
            "its amount is negative or too large"
        ),
        F::UnknownCustomer => tr!(
            lang,
            "所属客户不在备份中",
            "its customer is not in the backup"
        ),
        F::UnknownOrder => tr!(
            lang,
            "对应的订单不在备份中",
            "its order is not in the backup"
        ),
        F::UnknownSurvey => tr!(
            lang,
            "所答问卷不在备份中",
            "the survey it answers is not in the backup",
        ),
        F::Field(e) => format!(
            "{} {}",
            M::field_label(lang, e.field),
            i18n::problem(lang, &e.problem)
        ),
    }
}

/// The settings a replaced database comes back with (those that travel in a backup).
fn apply_settings(app: AppState, settings: &std::collections::BTreeMap<String, String>) {
    for (k, v) in settings {
        if CARRIED.contains(&k.as_str()) {
            platform::set_setting(k, v);
        }
    }
    if let Some(lang) = settings.get("lang").and_then(|s| Lang::from_code(s)) {
        app.lang.set(lang);
    }
    if let Some(c) = settings
        .get("currency")
        .and_then(|s| Currency::from_code(s))
    {
        app.currency.set(c);
    }
}

/// Has the import worker write a backup file of everything (serialising a million
/// orders would hold the page up), downloads it and remembers when.
async fn download(app: AppState) {
    let settings = CARRIED
        .iter()
        .filter_map(|k| Some((k.to_string(), platform::setting(k)?)))
        .collect();
    let now = platform::now();
    let request = ToImporter::Backup {
        schema: kehu_store::SCHEMA_VERSION,
        created: now,
        settings,
    };
    let made = Rc::new(RefCell::new(None::<Result<JsValue, _>>));
    let m2 = made.clone();
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let m2 = m2.clone();
        importer::run_once(request.clone(), move |m, payload| {
            let r = match (m, payload) {
                (Message::BackupMade, Some(text)) => Ok(text),
                (Message::Failed { error }, _) => Err(error),
                _ => return,
            };
            *m2.borrow_mut() = Some(r);
            let _ = resolve.call0(&JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    let result = made.borrow_mut().take();
    match result {
        Some(Ok(text)) => {
            platform::download_js(
                &format!("kehu-backup-{}.json", platform::today()),
                "application/json",
                &text,
            );
            platform::set_setting(LAST_SETTING, &now.0.to_string());
            app.versions.bump(Topic::Settings);
        }
        Some(Err(e)) => app.toast_error(move |l| importer::failure_text(l, &e)),
        None => {}
    }
}

#[component]
pub fn BackupCard() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let busy = RwSignal::new(false);
    // A backup file read and checked (by the worker), waiting for the user's choice.
    let loaded = RwSignal::new(None::<Header>);
    let file = StoredValue::new_local(None::<web_sys::File>);
    let reading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let replace = RwSignal::new(true);
    // On a device that syncs, replacing the data replaces the shop's: an admin's call.
    let sync = crate::sync::use_sync();
    let replacing = move || replace.get() && !sync.admin_only();
    let confirm = RwSignal::new(false);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let remind = RwSignal::new(remind_days());
    let last = move || {
        app.versions.track(&[Topic::Settings]);
        last_backup()
    };

    let save = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            download(app).await;
            busy.set(false);
        });
    };
    let lang = move || i.lang.get_untracked();
    let failed = move |f: Failure<kehu_store::StoreError>| match f {
        Failure::Backup(e) => error.set(Some(backup_error(lang(), &e))),
        Failure::File(e) => error.set(Some(i18n::file_error(lang(), &e))),
        Failure::Store(e) => app.report(&e),
        Failure::Busy => error.set(Some(K::ImportBusy.text(lang()).to_string())),
    };
    // The file is read and checked whole in the worker: a backup is megabytes of JSON,
    // which would hold the page up for a second or more.
    let on_file = move |ev: leptos::ev::Event| {
        let Some(f) = platform::chosen_file(&ev) else {
            return;
        };
        loaded.set(None);
        error.set(None);
        reading.set(true);
        file.set_value(Some(f.clone()));
        let request = ToImporter::ReadBackup {
            schema: kehu_store::SCHEMA_VERSION,
            today: platform::today(),
        };
        importer::start(Some(f), request, move |m| match m {
            Message::BackupRead { header } => {
                reading.set(false);
                loaded.set(Some(header));
            }
            Message::Failed { error: e } => {
                reading.set(false);
                failed(e);
            }
            _ => {}
        });
    };
    let run = Callback::new(move |_| {
        let Some(f) = file.get_value() else {
            return;
        };
        let whole = untrack(replacing);
        busy.set(true);
        progress.set(Some((0, 1)));
        let request = ToImporter::Restore {
            schema: kehu_store::SCHEMA_VERSION,
            today: platform::today(),
            replace: whole,
        };
        importer::start(Some(f), request, move |m| match m {
            Message::Progress { read, total } => {
                progress.set(Some((read as usize, total as usize)))
            }
            Message::Restored { settings } => leptos::task::spawn_local(async move {
                busy.set(false);
                progress.set(None);
                // Settings come back with a replaced database; a merge keeps this one's.
                if whole {
                    apply_settings(app, &settings);
                    remind.set(remind_days());
                }
                loaded.set(None);
                file.set_value(None);
                if let Err(e) = app.reload_all().await {
                    app.report(&e);
                }
                app.versions.bump(Topic::Settings);
                app.say(M::RestoreDone, None);
            }),
            Message::Failed { error: e } => {
                busy.set(false);
                progress.set(None);
                failed(e);
            }
            _ => {}
        });
    });
    let start = move |_| {
        if untrack(replacing) {
            confirm.set(true);
        } else {
            run.run(());
        }
    };

    let summary = move || {
        let h = loaded.get()?;
        let c = h.counts;
        let created = move || i18n::datetime(i.get(), h.created, platform::offset_of(h.created));
        Some(view! {
            <div class="panel restore-summary" id="restore-summary" role="status">
                <p><strong>{i.tr(M::BackupMadeOn)}" "{created}</strong></p>
                <p class="muted">
                    {move || format!(
                        "{} {} · {} {} · {} {} · {} {} · {} {}",
                        i.t(K::StatCustomers), i18n::count(c.customers),
                        i.t(K::StatOrders), i18n::count(c.orders),
                        i.t(K::StatInteractions), i18n::count(c.of("interactions")),
                        i.t(K::NavSurveys), i18n::count(c.surveys),
                        i.t(M::BackupResponses), i18n::count(c.of("responses")),
                    )}
                </p>
                <fieldset class="restore-mode">
                    <legend class="visually-hidden">{i.tr(M::RestoreMode)}</legend>
                    <label class="check">
                        <input type="radio" name="restore-mode" id="restore-replace" prop:checked=replacing
                            prop:disabled=move || sync.admin_only() on:change=move |_| replace.set(true)/>
                        <span><strong>{i.tr(M::RestoreReplace)}</strong>" "<span class="muted">{i.tr(M::RestoreReplaceHint)}</span></span>
                    </label>
                    <label class="check">
                        <input type="radio" name="restore-mode" id="restore-merge" prop:checked=move || !replacing()
                            on:change=move |_| replace.set(false)/>
                        <span><strong>{i.tr(M::RestoreMerge)}</strong>" "<span class="muted">{i.tr(M::RestoreMergeHint)}</span></span>
                    </label>
                </fieldset>
                {move || sync.server.with(Option::is_some).then(|| match sync.admin_only() {
                    true => view! { <p class="panel panel-warn" id="restore-admin-only">{i.tr(M::RestoreAdminOnly)}</p> }.into_any(),
                    false => view! { <p class="muted" id="restore-syncing">{i.tr(M::RestoreSyncing)}</p> }.into_any(),
                })}
                <div class="form-actions">
                    <button class="btn" on:click=move |_| loaded.set(None)>{i.tr(K::Cancel)}</button>
                    <button class="btn btn-primary" id="restore-run" disabled=move || busy.get() on:click=start>
                        {i.tr(M::RestoreRun)}
                    </button>
                </div>
            </div>
        })
    };

    view! {
        <div class="card" id="backup">
            <h2>{i.tr(M::BackupTitle)}</h2>
            <p>{i.tr(M::BackupBody)}</p>
            <p class="muted" id="last-backup">
                {move || match last() {
                    Some(m) => format!("{} {}", i.t(M::BackupLast), i18n::datetime(i.get(), m, platform::offset_of(m))),
                    None => i.t(M::BackupNever).to_string(),
                }}
            </p>
            <div class="form-actions form-actions-start">
                <button class="btn btn-primary" id="backup-download" on:click=save disabled=move || busy.get()>
                    {i.tr(M::BackupDownload)}
                </button>
                <label class="btn" for="restore-file">{i.tr(M::RestoreChoose)}</label>
                <input type="file" id="restore-file" accept=".json,application/json" class="visually-hidden" on:change=on_file/>
            </div>
            <label class="field-inline backup-remind">
                <span>{i.tr(M::BackupRemind)}</span>
                <select id="backup-remind" on:change=move |ev| {
                    if let Ok(d) = event_target_value(&ev).parse::<u32>() {
                        remind.set(d);
                        platform::set_setting(REMIND_SETTING, &d.to_string());
                    }
                }>
                    {REMIND_CHOICES.map(|d| view! {
                        <option value=d.to_string() selected=move || remind.get() == d>
                            {move || if d == 0 { i.t(M::BackupRemindNever).to_string() } else { i18n::days(i.get(), d) }}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            {move || reading.get().then(|| view! { <p class="loading" role="status">{i.tr(K::ImportReading)}</p> })}
            {move || error.get().map(|e| view! { <p class="panel panel-error" id="restore-error" role="alert">{e}</p> })}
            {summary}
            <Show when=move || progress.get().is_some()>
                <crate::components::ProgressBar id="restore-progress" label=M::RestoreRunning progress=progress/>
            </Show>
            <ConfirmDialog open=confirm title=M::RestoreConfirmTitle body=M::RestoreConfirmBody confirm=M::RestoreReplace danger=true on_confirm=run/>
        </div>
    }
}

/// A reminder on the overview when the last backup (on this device) is older than the
/// chosen number of days, with the button that makes one.
#[component]
pub fn BackupReminder() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let busy = RwSignal::new(false);
    let due = move || {
        app.versions.track(&[Topic::Settings]);
        let days = remind_days();
        if days == 0 {
            return None;
        }
        let now = platform::now();
        match last_backup() {
            None => Some(None),
            Some(m) if now.0 - m.0 > days as i64 * MS_PER_DAY => {
                Some(Some(((now.0 - m.0) / MS_PER_DAY) as u32))
            }
            Some(_) => None,
        }
    };
    let save = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            download(app).await;
            busy.set(false);
        });
    };
    move || {
        due().map(|ago| {
            view! {
                <div class="panel panel-warn backup-reminder" id="backup-reminder" role="status">
                    <span>{move || match ago {
                        None => i.t(M::BackupNeverWarn).to_string(),
                        Some(d) => {
                            let l = i.get();
                            let ago = i18n::days(l, d);
                            tr!(l, "上次备份是 {d} 天前。", "The last backup was {ago} ago.")
                        }
                    }}</span>
                    <button class="btn btn-small" id="backup-now" on:click=save disabled=move || busy.get()>{i.tr(M::BackupNow)}</button>
                </div>
            }
        })
    }
}
