//! Settings: language, currency, where the data lives and whether the browser keeps it.

use crate::components::{ConfirmDialog, Stat};
use crate::data::{self, Topic};
use crate::i18n::{self, Currency, K, Lang, use_i18n};
use crate::platform;
use crate::state::use_app;
use leptos::prelude::*;
mod messages;
use messages as M;

#[component]
pub fn Settings() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let sync = crate::sync::use_sync();
    let confirm = RwSignal::new(false);
    let counts = data::resource(
        vec![
            Topic::Customers,
            Topic::Orders,
            Topic::of::<kehu_core::Interaction>(),
        ],
        |db| async move {
            Ok((
                db.count_customers().await?,
                db.count_orders().await?,
                db.count_docs::<kehu_core::Interaction>().await?,
            ))
        },
    );
    let erase = Callback::new(move |_| {
        app.write(
            |db| async move { db.clear_all().await },
            move |_| {
                // This device's settings go too: the kiosk PIN and lock, remembered
                // column mappings, analysis choices, the backup reminder.
                platform::clear_settings();
                leptos::task::spawn_local(async move {
                    if let Err(e) = app.reload_all().await {
                        app.report(&e);
                    }
                });
                app.say(M::Erased, None);
            },
        );
    });
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            app.persisted.set(kehu_store::request_persistence().await);
        });
    };
    let persist_text = move || match app.persisted.get() {
        Some(true) => i.t(M::PersistGranted),
        Some(false) => i.t(M::PersistDenied),
        None => i.t(M::PersistUnknown),
    };
    let n = move |f: fn((u32, u64, u32)) -> u64| {
        counts
            .get()
            .and_then(Result::ok)
            .map(|c| i18n::group(f(c)))
            .unwrap_or_else(|| "…".into())
    };
    // The PIN is never shown: only whether one is set (it is stored hashed).
    let pin = RwSignal::new(String::new());
    let pin_set = RwSignal::new(crate::kiosk_lock::pin_set());
    let pin_err = RwSignal::new(None::<String>);
    let store_pin = move |p: Option<String>| {
        leptos::task::spawn_local(async move {
            if !crate::kiosk_lock::set_pin(p.as_deref()).await {
                return pin_err.set(Some(i.now(M::KioskPinNoCrypto).to_string()));
            }
            pin_set.set(p.is_some());
            pin.set(String::new());
            let k = if p.is_some() {
                M::KioskPinSaved
            } else {
                M::KioskPinCleared
            };
            app.say(k, None);
        });
    };
    let save_pin = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match kehu_core::validate::kiosk_pin(&pin.get_untracked()) {
            // Empty: nothing typed, nothing changed (removing is its own button).
            Ok(None) => pin_err.set(None),
            Ok(Some(p)) => {
                pin_err.set(None);
                store_pin(Some(p));
            }
            Err(e) => pin_err.set(Some(i18n::problem(i.lang.get_untracked(), &e))),
        }
    };
    view! {
        <section class="page page-narrow">
            <h1>{i.tr(K::NavSettings)}</h1>
            <div class="card">
                <div class="grid-2">
                    <div class="field">
                        <label for="settings-lang">{i.tr(K::Language)}</label>
                        <select id="settings-lang" on:change=move |ev| {
                            if let Some(l) = Lang::from_code(&event_target_value(&ev)) { app.lang.set(l); }
                        }>
                            {Lang::ALL.map(|l| view! {
                                <option value=l.code() selected=move || app.lang.get() == l>{l.native_name()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="settings-currency">{i.tr(M::Currency)}</label>
                        <select id="settings-currency" on:change=move |ev| {
                            if let Some(c) = Currency::from_code(&event_target_value(&ev)) {
                                app.currency.set(c);
                                platform::set_setting("currency", c.code());
                            }
                        }>
                            {Currency::ALL.iter().map(|c| {
                                let c = *c;
                                view! { <option value=c.code() selected=move || app.currency.get() == c>{format!("{} {}", c.symbol(), c.code())}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
            </div>
            <div class="card">
                <h2>{i.tr(M::StorageTitle)}</h2>
                <p>{i.tr(M::StorageHere)}</p>
                <div class="stats stats-small">
                    <Stat label=Signal::derive(move || i.t(K::StatCustomers).to_string()) value=Signal::derive(move || n(|c| c.0 as u64))/>
                    <Stat label=Signal::derive(move || i.t(K::StatOrders).to_string()) value=Signal::derive(move || n(|c| c.1))/>
                    <Stat label=Signal::derive(move || i.t(K::StatInteractions).to_string()) value=Signal::derive(move || n(|c| c.2 as u64))/>
                </div>
                <p id="persist-status" class=move || if app.persisted.get() == Some(true) { "ok" } else { "warn" }>{persist_text}</p>
                <Show when=move || app.persisted.get() == Some(false)>
                    <button class="btn" on:click=ask>{i.tr(M::AskPersist)}</button>
                </Show>
            </div>
            <SyncCard/>
            <crate::pages::backup::BackupCard/>
            <crate::pages::tasks::reminders::NotificationSettings/>
            <form class="card" id="kiosk-settings" on:submit=save_pin novalidate>
                <h2>{i.tr(M::KioskPinTitle)}</h2>
                <div class="field" class:field-invalid=move || pin_err.get().is_some()>
                    <label for="kiosk-pin-setting">{i.tr(M::KioskPinLabel)}</label>
                    <input id="kiosk-pin-setting" type="password" inputmode="numeric" autocomplete="new-password"
                        prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))
                        aria-invalid=move || pin_err.get().map(|_| "true")
                        aria-describedby="kiosk-pin-hint"/>
                    <div class="field-hint" id="kiosk-pin-hint">{i.tr(M::KioskPinHint)}</div>
                    {move || pin_err.get().map(|e| view! { <div class="field-error">{e}</div> })}
                </div>
                <p class="muted" id="kiosk-pin-state">{move || if pin_set.get() { i.t(M::KioskPinIsSet) } else { i.t(M::KioskPinNotSet) }}</p>
                <div class="form-actions">
                    <Show when=move || pin_set.get()>
                        <button type="button" class="btn" id="remove-kiosk-pin" on:click=move |_| store_pin(None)>{i.tr(M::KioskPinRemove)}</button>
                    </Show>
                    <button type="submit" class="btn" id="save-kiosk-pin">{i.tr(K::Save)}</button>
                </div>
            </form>
            <div class="card card-danger">
                <h2>{i.tr(M::EraseAll)}</h2>
                <p>{i.tr(M::EraseConfirmBody)}</p>
                {move || sync.server.with(Option::is_some).then(|| match sync.admin_only() {
                    true => view! { <p class="panel panel-warn" id="erase-admin-only">{i.tr(M::EraseAdminOnly)}</p> }.into_any(),
                    false => view! { <p class="muted" id="erase-syncing">{i.tr(M::EraseSyncing)}</p> }.into_any(),
                })}
                <button class="btn btn-danger" id="erase-all" prop:disabled=move || sync.admin_only()
                    on:click=move |_| confirm.set(true)>{i.tr(M::EraseAll)}</button>
            </div>
            <ConfirmDialog open=confirm title=M::EraseConfirmTitle body=M::EraseConfirmBody confirm=M::EraseAll danger=true on_confirm=erase/>
        </section>
    }
}

/// Sync on this device: the server, the user and how sync stands, with "sync now"; set
/// up, signed in and out on the sync page (`#/sync`).
#[component]
fn SyncCard() -> impl IntoView {
    let (sync, i) = (crate::sync::use_sync(), use_i18n());
    let user = LocalResource::new(move || async move {
        let server = sync.server.get()?;
        crate::sync::signed_in(&server).await.map(|u| u.0)
    });
    let state = move || {
        (sync.status.get())
            .map(|s| crate::sync::status_text(i.get(), &s))
            .unwrap_or_default()
    };
    view! {
        <div class="card" id="sync">
            <h2>{i.tr(M::SyncTitle)}</h2>
            {move || match sync.server.get() {
                None => view! {
                    <p>{i.tr(M::SyncOff)}</p>
                    <a class="btn" id="sync-set-up" href="#/sync">{i.tr(M::SyncSetUp)}</a>
                }.into_any(),
                Some(server) => view! {
                    <dl class="profile">
                        <dt>{i.tr(M::SyncServer)}</dt><dd id="sync-server-shown">{server.db().to_string()}</dd>
                        <dt>{i.tr(M::SyncUser)}</dt>
                        <dd id="sync-user-shown">{move || user.get().flatten().unwrap_or_else(|| i.t(M::SyncNobody).to_string())}</dd>
                        <dt>{i.tr(M::SyncState)}</dt><dd id="sync-state">{state}</dd>
                    </dl>
                    <div class="form-actions">
                        <a class="btn" href="#/sync">{i.tr(M::SyncAccount)}</a>
                        <button class="btn btn-primary" id="sync-now" on:click=move |_| sync.now()>{i.tr(M::SyncNow)}</button>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
