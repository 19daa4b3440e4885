//! The customer's opportunities: where each stands and for how much, with the way to add
//! one. The board (`pages/pipeline`) shows every customer's.

use super::messages as M;
use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::route::Route;
use crate::state::use_app;
use kehu_core::{Id, Opportunity};
use leptos::prelude::*;

#[component]
pub(super) fn Opportunities(customer: Id, readonly: bool) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let cid = customer.0.clone();
    let opps = data::resource(vec![Topic::of::<Opportunity>()], move |db| {
        let c = cid.clone();
        async move { db.docs_of::<Opportunity>(&c).await }
    });
    let new_href = Route::NewOpportunity(customer.0.clone()).href();
    let row = move |o: Opportunity| {
        let standing = o.standing;
        view! {
            <li class="opp-item" data-id=o.id.0.clone()>
                <a href=Route::Opportunity(o.id.0.clone()).href()>{o.title.clone()}</a>
                <span class=format!("opp-stage opp-{}", standing.code())>{move || standing.label(i.get())}</span>
                <span class="opp-amount">{move || i18n::money(o.amount, app.currency.get(), false)}</span>
            </li>
        }
    };
    view! {
        <div class="card" id="customer-opportunities">
            <div class="card-head">
                <h2>{i.tr(M::Opportunities)}</h2>
                {(!readonly).then(|| view! {
                    <a class="btn btn-small" id="new-opportunity" href=new_href>{i.tr(K::NewOpportunity)}</a>
                })}
            </div>
            {move || match opps.get() {
                None => view! { <p class="muted">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(l)) if l.is_empty() => view! { <p class="muted">{i.t(M::NoOpportunities)}</p> }.into_any(),
                Some(Ok(l)) => view! { <ul class="opp-list">{l.into_iter().map(row).collect_view()}</ul> }.into_any(),
            }}
        </div>
    }
}
