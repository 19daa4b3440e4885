//! The overview: headline figures, recent customers, and on a fresh database the
//! welcome with "Load demo data" and "Add your first customer".

use crate::analytics::use_analytics;
use crate::components::Stat;
use crate::data::{self, Topic};
use crate::i18n::{self, K, use_i18n};
use crate::importer::{self, Message};
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::demo::{DemoSpec, NameStyle};
use kehu_core::import::job::{Failure, ToImporter};
use kehu_core::{Interaction, Kind};
use kehu_store::StoreError;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
mod messages;
use messages as M;

#[component]
pub fn Home() -> impl IntoView {
    let app = use_app();
    let empty = move || app.rows.with(|r| r.is_empty());
    view! {
        <Show when=empty fallback=|| view! { <Dashboard/> }>
            <Welcome/>
        </Show>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    // (done, total) while the demo is being written.
    let progress = RwSignal::new(None::<(usize, usize)>);
    let load = move |_| {
        if progress.get_untracked().is_some() {
            return;
        }
        progress.set(Some((0, 1)));
        let style = if i.lang.get_untracked().is_chinese() {
            NameStyle::Chinese
        } else {
            NameStyle::English
        };
        let spec = DemoSpec {
            utc_offset_min: platform::utc_offset_min(),
            ..DemoSpec::standard(platform::today(), style)
        };
        leptos::task::spawn_local(async move {
            let result = load_demo(spec, move |d, t| progress.set(Some((d, t)))).await;
            progress.set(None);
            match result {
                Ok(()) => {
                    let _ = app.reload_all().await;
                    app.say(M::DemoLoaded, None);
                }
                Err(e) => app.toast_error(move |l| importer::failure_text(l, &e)),
            }
        });
    };
    view! {
        <section class="welcome">
            <h1>{i.tr(M::WelcomeTitle)}</h1>
            <p class="lead">{i.tr(M::WelcomeBody)}</p>
            <div class="welcome-actions">
                <button class="btn btn-primary btn-lg" id="load-demo" on:click=load
                    disabled=move || progress.get().is_some()>{i.tr(M::LoadDemo)}</button>
                <a class="btn btn-lg" href=Route::NewCustomer(Kind::Person).href()>{i.tr(M::AddFirstCustomer)}</a>
                <a class="btn btn-lg" id="welcome-import" href=Route::Import(kehu_core::import::mapping::ImportKind::Customers).href()>{i.tr(M::ImportFromFile)}</a>
            </div>
            <Show when=move || progress.get().is_some()>
                <crate::components::ProgressBar id="demo-progress" label=M::LoadingDemo progress=progress/>
            </Show>
        </section>
    }
}

/// Has the import worker generate and write the demo `spec` (generating 20,000 orders
/// would hold the page up); resolves once it is stored. `progress(done, total)` counts
/// records written.
pub async fn load_demo(
    spec: DemoSpec,
    progress: impl Fn(usize, usize) + 'static,
) -> Result<(), Failure<StoreError>> {
    let outcome = Rc::new(RefCell::new(None::<Result<(), Failure<StoreError>>>));
    let out = outcome.clone();
    let mut progress = Some(progress);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let (out, progress) = (out.clone(), progress.take());
        importer::run_once(ToImporter::Demo { spec }, move |m, _| {
            let r = match m {
                Message::Progress { read, total } => {
                    if let Some(p) = &progress {
                        p(read as usize, total as usize);
                    }
                    return;
                }
                Message::DemoLoaded => Ok(()),
                Message::Failed { error } => Err(error),
                _ => return,
            };
            *out.borrow_mut() = Some(r);
            let _ = resolve.call0(&JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    let result = outcome.borrow_mut().take();
    result.unwrap_or(Err(Failure::Store(StoreError::Aborted)))
}

#[component]
fn Dashboard() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    // The order figures come from the dashboards' cache, computed in the worker: the
    // page never reads a million orders for four numbers. Counting interactions is an
    // index count.
    let a = use_analytics();
    a.ensure();
    let overview = move || a.cached.with(|c| c.as_ref().map(|c| c.insights.overview));
    // The day the figures are as of, when it is not today (a fixed analysis date, or a
    // cache being recomputed after midnight).
    let as_of = move || {
        a.cached
            .with(|c| c.as_ref().map(|c| c.insights.request.as_of))
            .filter(|&d| d != platform::today())
    };
    let interactions = data::resource(vec![Topic::of::<Interaction>()], |db| async move {
        db.count_docs::<Interaction>().await
    });
    let interactions = move || interactions.get().and_then(Result::ok);
    let customers = move || app.rows.with(|r| r.iter().filter(|r| !r.deleted).count());
    let money = move |c| i18n::money(c, app.currency.get(), true);
    let recent = move || {
        app.rows.with(|rows| {
            let mut v: Vec<_> = rows.iter().filter(|r| !r.deleted).collect();
            v.sort_by_key(|r| std::cmp::Reverse(r.updated));
            v.into_iter()
                .take(8)
                .map(|r| (r.id.0.clone(), r.name.clone(), r.stage, r.updated))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(K::NavHome)}</h1>
                <div class="page-actions">
                    <a class="btn btn-primary" href=Route::NewCustomer(Kind::Person).href()>{i.tr(M::NewCustomer)}</a>
                </div>
            </div>
            <crate::pages::backup::BackupReminder/>
            <div class="stats" id="stats">
                <Stat label=Signal::derive(move || i.t(K::StatCustomers).to_string())
                    value=Signal::derive(move || i18n::count(customers()))/>
                <Stat label=Signal::derive(move || i.t(K::StatOrders).to_string())
                    value=Signal::derive(move || overview().map(|o| i18n::count(o.orders)).unwrap_or_else(|| "…".into()))/>
                <Stat label=Signal::derive(move || i.t(M::StatRevenue12m).to_string())
                    value=Signal::derive(move || overview().map(|o| money(o.revenue_12m)).unwrap_or_else(|| "…".into()))/>
                <Stat label=Signal::derive(move || i.t(M::StatRevenue).to_string())
                    value=Signal::derive(move || overview().map(|o| money(o.revenue)).unwrap_or_else(|| "…".into()))/>
                <Stat label=Signal::derive(move || i.t(K::StatInteractions).to_string())
                    value=Signal::derive(move || interactions().map(|n| i18n::count(n as usize)).unwrap_or_else(|| "…".into()))/>
            </div>
            {move || as_of().map(|d| view! {
                <p class="muted" id="figures-as-of">{move || M::figures_as_of(i.get(), d)}</p>
            })}
            <h2>{i.tr(M::RecentCustomers)}</h2>
            <ul class="recent">
                {move || recent().into_iter().map(|(id, name, stage, updated)| {
                    use crate::i18n::Label;
                    let href = Route::Customer(id).href();
                    view! {
                        <li>
                            <a href=href>{name}</a>
                            <span class="muted">{move || stage.label(i.get())}</span>
                            <span class="muted">{move || i18n::date(i.get(), platform::local_day(updated))}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
