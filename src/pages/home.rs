//! The overview: headline figures, recent customers, and on a fresh database the
//! welcome with "Load demo data" and "Add your first customer".

use crate::components::Stat;
use crate::i18n::{self, K, Lang, use_i18n};
use crate::platform;
use crate::route::Route;
use crate::state::{db, use_app};
use kehu_core::demo::{self, DemoSpec, NameStyle};
use kehu_core::{Kind, Overview};
use kehu_store::{Batch, StoreError};
use leptos::prelude::*;
use std::collections::HashSet;

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
        let style = match i.lang.get_untracked() {
            Lang::Zh => NameStyle::Chinese,
            Lang::En => NameStyle::English,
        };
        leptos::task::spawn_local(async move {
            let result = load_demo(style, move |d, t| progress.set(Some((d, t)))).await;
            progress.set(None);
            match result {
                Ok(()) => {
                    let _ = app.reload_all().await;
                    app.toast(i.now(K::DemoLoaded).to_string(), None);
                }
                Err(e) => app.report(&e),
            }
        });
    };
    view! {
        <section class="welcome">
            <h1>{move || i.t(K::WelcomeTitle)}</h1>
            <p class="lead">{move || i.t(K::WelcomeBody)}</p>
            <div class="welcome-actions">
                <button class="btn btn-primary btn-lg" id="load-demo" on:click=load
                    disabled=move || progress.get().is_some()>{move || i.t(K::LoadDemo)}</button>
                <a class="btn btn-lg" href=Route::NewCustomer(Kind::Person).href()>{move || i.t(K::AddFirstCustomer)}</a>
                <a class="btn btn-lg" id="welcome-import" href=Route::Import(kehu_core::import::mapping::ImportKind::Customers).href()>{move || i.t(K::ImportFromFile)}</a>
            </div>
            <Show when=move || progress.get().is_some()>
                <crate::components::ProgressBar id="demo-progress" label=K::LoadingDemo progress=progress/>
            </Show>
        </section>
    }
}

async fn load_demo(style: NameStyle, progress: impl FnMut(usize, usize)) -> Result<(), StoreError> {
    let data = demo::generate(&DemoSpec::standard(platform::today(), style));
    db()?
        .import(
            Batch {
                customers: data.customers,
                orders: data.orders,
                interactions: data.interactions,
                responses: data.responses,
                surveys: data.surveys,
                ..Default::default()
            },
            progress,
        )
        .await
        .map(|_| ())
}

#[component]
fn Dashboard() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let figures = RwSignal::new(None::<(Overview, u32)>);
    Effect::new(move |_| {
        app.tick.track();
        let live: HashSet<u32> = app
            .rows
            .with_untracked(|r| r.iter().filter(|r| !r.deleted).map(|r| r.key).collect());
        leptos::task::spawn_local(async move {
            let r = async {
                let db = db()?;
                let orders = db.all_orders().await?;
                let interactions = db.count_interactions().await?;
                Ok::<_, StoreError>((
                    Overview::of(&orders, platform::today(), |k| live.contains(&k)),
                    interactions,
                ))
            }
            .await;
            match r {
                Ok(f) => figures.set(Some(f)),
                Err(e) => app.report(&e),
            }
        });
    });
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
                <h1>{move || i.t(K::NavHome)}</h1>
                <div class="page-actions">
                    <a class="btn btn-primary" href=Route::NewCustomer(Kind::Person).href()>{move || i.t(K::NewCustomer)}</a>
                </div>
            </div>
            <crate::pages::backup::BackupReminder/>
            <div class="stats" id="stats">
                <Stat label=Signal::derive(move || i.t(K::StatCustomers).to_string())
                    value=Signal::derive(move || i18n::count(customers()))/>
                <Stat label=Signal::derive(move || i.t(K::StatOrders).to_string())
                    value=Signal::derive(move || figures.get().map(|f| i18n::count(f.0.orders)).unwrap_or_else(|| "…".into()))/>
                <Stat label=Signal::derive(move || i.t(K::StatRevenue12m).to_string())
                    value=Signal::derive(move || figures.get().map(|f| money(f.0.revenue_12m)).unwrap_or_else(|| "…".into()))/>
                <Stat label=Signal::derive(move || i.t(K::StatRevenue).to_string())
                    value=Signal::derive(move || figures.get().map(|f| money(f.0.revenue)).unwrap_or_else(|| "…".into()))/>
                <Stat label=Signal::derive(move || i.t(K::StatInteractions).to_string())
                    value=Signal::derive(move || figures.get().map(|f| i18n::count(f.1 as usize)).unwrap_or_else(|| "…".into()))/>
            </div>
            <h2>{move || i.t(K::RecentCustomers)}</h2>
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
