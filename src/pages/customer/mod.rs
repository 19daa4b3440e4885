//! One customer: profile, portrait (tags), contacts, and one timeline of interactions and
//! orders, with forms to log an interaction or add and edit an order.

use crate::components::*;
use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, Msg, use_i18n};
use crate::pages::customer_form::{RowInput, RowList, focus_first_invalid};
use crate::platform;
use crate::route::{Params, Route};
use crate::state::use_app;
use kehu_core::validate::{Field, FieldError, InteractionDraft, ItemDraft, OrderDraft};
use kehu_core::*;
use kehu_store::{Db, StoreError};
use leptos::prelude::*;
mod actions;
mod campaigns;
mod messages;
mod opportunities;
mod points;
mod profile;
mod reach;
mod responses;
mod tickets;
mod timeline;
use messages as M;
use responses::Responses;
use timeline::Timeline;

#[derive(Clone)]
struct Loaded {
    customer: Customer,
    interactions: Vec<Interaction>,
    orders: Vec<Order>,
}

async fn load(db: Db, id: String) -> Result<Option<Loaded>, StoreError> {
    let Some(customer) = db.customer(&id).await? else {
        return Ok(None);
    };
    let interactions = db.docs_of::<Interaction>(&id).await?;
    let orders = db.orders_of(customer.key).await?;
    Ok(Some(Loaded {
        customer,
        interactions,
        orders,
    }))
}

#[component]
pub fn CustomerPage(id: String) -> impl IntoView {
    let i = use_i18n();
    let id = StoredValue::new(id);
    let data = data::resource(
        vec![Topic::Customers, Topic::Orders, Topic::of::<Interaction>()],
        move |db| load(db, id.get_value()),
    );
    view! {
        <section class="page">
            {move || match data.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(None)) => view! {
                    <div class="panel">
                        <p>{i.t(K::CustomerNotFound)}</p>
                        <a class="btn" href=Route::Customers(Params::default()).href()>{i.t(K::BackToList)}</a>
                    </div>
                }.into_any(),
                Some(Ok(Some(l))) => view! { <Profile loaded=l/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Profile(loaded: Loaded) -> impl IntoView {
    let c = loaded.customer;
    let deleted = c.is_deleted();
    let (key, cid) = (c.key, c.id.clone());
    let (c_limit, c_opening) = (c.credit_limit, c.arrears);
    let held = points::held(cid.clone(), loaded.orders.clone());
    reach::provide_contact();
    view! {
        <ProfileHead c=c.clone()/>
        {deleted.then(|| view! { <p class="panel panel-warn">{move || use_i18n().t(M::InTrash)}</p> })}
        <OrderStats orders=loaded.orders.clone()/>
        <div class="columns">
            <div class="col-side">
                <profile::ProfileCard c=c.clone() orders=loaded.orders.clone()/>
                <points::Points held=held readonly=deleted/>
                <profile::SideCards c=c/>
                <opportunities::Opportunities customer=cid.clone() readonly=deleted/>
                <tickets::Tickets customer=cid.clone() readonly=deleted/>
                <campaigns::Campaigns customer=cid.clone() readonly=deleted/>
                <crate::pages::tasks::TasksCard customer=cid.clone() readonly=deleted/>
                <Responses customer=cid.clone() readonly=deleted/>
            </div>
            <div class="col-main">
                <Timeline customer=cid key=key credit=(c_limit, c_opening) interactions=loaded.interactions orders=loaded.orders points=held readonly=deleted/>
            </div>
        </div>
    }
}

/// Orders, spend, average and last order.
#[component]
fn OrderStats(orders: Vec<Order>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let summary = OrderSummary::of(&orders);
    let cur = move || app.currency.get();
    view! {
        <div class="stats stats-small">
            <Stat label=Signal::derive(move || i.t(M::OrdersCount).to_string()) value=Signal::derive(move || i18n::count(summary.orders))/>
            <Stat label=Signal::derive(move || i.t(M::TotalSpend).to_string()) value=Signal::derive(move || i18n::money(summary.total, cur(), false))/>
            <Stat label=Signal::derive(move || i.t(M::AverageOrder).to_string())
                value=Signal::derive(move || summary.average().map(|a| i18n::money(a, cur(), false)).unwrap_or_else(|| "—".into()))/>
            <Stat label=Signal::derive(move || i.t(M::LastOrder).to_string())
                value=Signal::derive(move || summary.last.map(|d| i18n::date(i.get(), d)).unwrap_or_else(|| i.t(M::Never).into()))/>
        </div>
    }
}

/// The name, the badges, and what can be done with the customer: edit or trash; from
/// the trash, restore or forget for good.
#[component]
fn ProfileHead(c: Customer) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let confirm = RwSignal::new(false);
    let confirm_purge = RwSignal::new(false);
    let (trash, forget, restore) = (c.clone(), c.clone(), c.clone());
    let delete = Callback::new(move |_| actions::trash(app, trash.clone()));
    let purge = Callback::new(move |_| actions::forget(app, forget.clone()));
    let restore = move |_| actions::restore(app, restore.clone());
    let edit_href = Route::EditCustomer(c.id.0.clone()).href();
    let quotes_href = Route::Quotes(crate::route::Params(vec![(
        "customer".into(),
        c.id.0.clone(),
    )]))
    .href();
    let deleted = c.is_deleted();
    let (stage, level, kind) = (c.stage, c.level, c.kind);
    let (key_account, potential, blacklisted) =
        (c.key_account, c.potential_key_account, c.blacklisted);
    view! {
        <div class="page-head">
            <div>
                <h1 id="customer-name">{c.name.clone()}</h1>
                <div class="badges">
                    <Badge text=Signal::derive(move || kind.label(i.get()).to_string())/>
                    <span class=format!("stage stage-{}", stage.code())>{move || stage.label(i.get())}</span>
                    <Badge text=Signal::derive(move || level.label(i.get()).to_string())/>
                    {key_account.then(|| view! { <Badge text=Signal::derive(move || i.t(K::FKeyAccount).to_string()) tone="badge-gold"/> })}
                    {potential.then(|| view! { <Badge text=Signal::derive(move || i.t(K::FPotentialKeyAccount).to_string()) tone="badge-info"/> })}
                    {blacklisted.then(|| view! { <Badge text=Signal::derive(move || i.t(K::FBlacklisted).to_string()) tone="badge-danger"/> })}
                </div>
                <InsightBadges key=c.key/>
            </div>
            <div class="page-actions">
                {if deleted {
                    view! {
                        <button class="btn btn-danger-outline" id="purge-customer" on:click=move |_| confirm_purge.set(true)>{i.tr(M::Purge)}</button>
                        <button class="btn btn-primary" id="restore-customer" on:click=restore>{i.tr(M::Restore)}</button>
                    }.into_any()
                } else {
                    view! {
                        <a class="btn" id="customer-quotes" href=quotes_href.clone()>{i.tr(K::QuotesLink)}</a>
                        <a class="btn" href=edit_href id="edit-customer">{i.tr(K::Edit)}</a>
                        <button class="btn btn-danger-outline" id="delete-customer" on:click=move |_| confirm.set(true)>{i.tr(K::Delete)}</button>
                    }.into_any()
                }}
            </div>
        </div>
        <ConfirmDialog open=confirm title=M::ConfirmDeleteTitle body=M::ConfirmDeleteBody confirm=K::Delete danger=true on_confirm=delete/>
        <ConfirmDialog open=confirm_purge title=M::PurgeTitle body=M::PurgeBody confirm=M::Purge danger=true on_confirm=purge/>
    }
}

/// The latest analysis of this customer: segment, tier, quadrant, cluster, churn risk,
/// P(alive) and CLV, each a link to the customers who share it.
#[component]
fn InsightBadges(key: u32) -> impl IntoView {
    use crate::route::customers_in;
    use kehu_core::query::InsightFilter;
    let a = crate::analytics::use_analytics();
    let app = use_app();
    let i = use_i18n();
    move || {
        let c = a.cached.get()?;
        let per = &c.insights.customers;
        let lang = i.get();
        let mut out: Vec<(String, String, &'static str)> = Vec::new();
        if let Some(s) = per.segment(key) {
            out.push((
                s.label(lang).into(),
                customers_in(InsightFilter::Segment(s)),
                "badge-info",
            ));
        }
        if let Some(t) = per.tier(key) {
            out.push((
                t.label(lang).into(),
                customers_in(InsightFilter::Tier(t)),
                "badge-gold",
            ));
        }
        if let Some(q) = per.quadrant(key) {
            out.push((
                q.label(lang).into(),
                customers_in(InsightFilter::Quadrant(q)),
                "badge-neutral",
            ));
        }
        if let Some(k) = per.cluster(key) {
            out.push((
                i18n::cluster_name(i.get(), k as usize + 1),
                customers_in(InsightFilter::Cluster(k)),
                "badge-neutral",
            ));
        }
        if let Some(l) = per.loyalty(key) {
            out.push((
                l.label(lang).into(),
                customers_in(InsightFilter::Loyalty(l)),
                "badge-neutral",
            ));
        }
        if per.churn_risk(key) {
            out.push((
                i.t(K::ChurnRiskBadge).into(),
                customers_in(InsightFilter::ChurnRisk),
                "badge-danger",
            ));
        }
        let p_alive = per.p_alive(key);
        let clv = per.clv(key);
        let cur = app.currency.get();
        Some(view! {
            <div class="badges insight-badges" id="insight-badges" aria-label=i.t(M::AnalyticsHeading)>
                {out.into_iter().map(|(text, href, tone)| view! {
                    <a class=format!("badge {tone}") href=href>{text}</a>
                }).collect_view()}
                {p_alive.map(|p| view! { <span class="badge badge-neutral">{format!("{} {}", i.t(K::ColPAlive), i18n::percent(p))}</span> })}
                {clv.map(|v| view! { <span class="badge badge-neutral">{format!("{} {}", i.t(K::ColClv), i18n::money(kehu_core::Cents((v * 100.0).round() as i64), cur, true))}</span> })}
            </div>
        })
    }
}
