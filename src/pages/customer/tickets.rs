//! The customer's service tickets: what each is about and where it stands, open ones
//! first, with the way to open one. The desk (`pages/tickets`) shows every customer's.

use super::messages as M;
use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::route::{Params, Route};
use kehu_core::{Id, Ticket};
use leptos::prelude::*;

#[component]
pub(super) fn Tickets(customer: Id, readonly: bool) -> impl IntoView {
    let i = use_i18n();
    let cid = customer.0.clone();
    let tickets = data::resource(vec![Topic::of::<Ticket>()], move |db| {
        let c = cid.clone();
        async move { db.docs_of::<Ticket>(&c).await }
    });
    let new_href = Route::NewTicket(Params(vec![("customer".into(), customer.0.clone())])).href();
    let contracts_href =
        Route::Contracts(Params(vec![("customer".into(), customer.0.clone())])).href();
    let row = move |t: Ticket| {
        let (kind, status) = (t.kind, t.status);
        view! {
            <li class="ticket-item" data-id=t.id.0.clone()>
                <a href=Route::Ticket(t.id.0.clone()).href()>{t.subject.clone()}</a>
                <span class="muted">{move || kind.label(i.get())}</span>
                <span class=format!("ticket-status ticket-{}", status.code())>{move || status.label(i.get())}</span>
            </li>
        }
    };
    let list = move |mut l: Vec<Ticket>| {
        // Open ones first, then the latest.
        l.sort_by_key(|t| (!t.status.is_open(), std::cmp::Reverse(t.opened)));
        view! { <ul class="ticket-list">{l.into_iter().map(row).collect_view()}</ul> }
    };
    view! {
        <div class="card" id="customer-tickets">
            <div class="card-head">
                <h2>{i.tr(M::Tickets)}</h2>
                {(!readonly).then(|| view! {
                    <a class="btn btn-small" id="new-ticket" href=new_href>{i.tr(M::NewTicket)}</a>
                })}
            </div>
            {move || match tickets.get() {
                None => view! { <p class="muted">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(l)) if l.is_empty() => view! { <p class="muted">{i.t(M::NoTickets)}</p> }.into_any(),
                Some(Ok(l)) => list(l).into_any(),
            }}
            <p><a id="customer-contracts" href=contracts_href>{i.tr(M::Contracts)}</a></p>
        </div>
    }
}
