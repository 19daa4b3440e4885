//! Quotes (报价管理) at `#/quotes`: the list with counts by status (an open quote past
//! its validity counts as expired), for one customer on asking (`customer`); a new
//! quote starts from a customer (`new.rs` finds one); the editor with its lines, sums,
//! credit warning and the way to an order is `editor.rs`; the printed quote `print.rs`.
//! The office shows these pages (`office.rs`).

mod editor;
mod messages;
mod print;

use crate::data::{self, Topic};
use crate::i18n::{self, K, Msg, use_i18n};
use crate::platform;
use crate::route::{Params, Route};
use crate::state::use_app;
pub use editor::QuotePage;
use kehu_core::quote::{Quote, QuoteStatus};
use leptos::prelude::*;
use messages as M;
pub use print::QuotePrintPage;

/// A status's words.
fn status_label(s: QuoteStatus) -> Msg {
    match s {
        QuoteStatus::Draft => M::Draft,
        QuoteStatus::Sent => M::Sent,
        QuoteStatus::Accepted => M::Accepted,
        QuoteStatus::Rejected => M::Rejected,
        QuoteStatus::Expired => M::Expired,
    }
}

/// A status as a coloured label.
fn status_badge(s: QuoteStatus) -> impl IntoView {
    let i = use_i18n();
    let tone = match s {
        QuoteStatus::Accepted => "badge-info",
        QuoteStatus::Rejected | QuoteStatus::Expired => "badge-danger",
        QuoteStatus::Sent => "badge-gold",
        QuoteStatus::Draft => "badge-neutral",
    };
    view! { <span class=format!("badge quote-status {tone}")>{i.tr(status_label(s))}</span> }
}

#[component]
pub fn QuotesPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let status = RwSignal::new(params.get("status").and_then(QuoteStatus::from_code));
    let customer = params.get("customer").map(str::to_string);
    let who = customer.clone();
    Effect::new(move |_| {
        let mut p = vec![];
        if let Some(s) = status.get() {
            p.push(("status".to_string(), s.code().to_string()));
        }
        if let Some(c) = &who {
            p.push(("customer".to_string(), c.clone()));
        }
        crate::route::replace(&Route::Quotes(Params(p)));
    });
    let quotes = data::resource(vec![Topic::of::<Quote>()], move |db| {
        let customer = customer.clone();
        async move {
            match customer {
                Some(c) => db.docs_of::<Quote>(&c).await,
                None => db.all_docs::<Quote>().await,
            }
        }
    });
    let new_href = Route::NewQuote(Params(
        params
            .get("customer")
            .map(|c| vec![("customer".to_string(), c.to_string())])
            .unwrap_or_default(),
    ))
    .href();
    let filtered = params.get("customer").is_some();
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    {filtered.then(|| view! { <a class="btn" href=Route::Quotes(Params::default()).href()>{i.tr(M::AllQuotes)}</a> })}
                    <a class="btn" href=Route::Products(Params::default()).href()>{i.tr(M::Products)}</a>
                    <a class="btn btn-primary" id="new-quote" href=new_href>{i.tr(M::NewQuote)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            {move || match quotes.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="panel muted" id="no-quotes">{i.t(M::Empty)}</p> }.into_any(),
                Some(Ok(all)) => view! { <StatusChips all=all.clone() status=status/><QuoteTable all=all status=status/> }.into_any(),
            }}
        </section>
    }
}

/// How many quotes of each status, each a filter.
#[component]
fn StatusChips(all: Vec<Quote>, status: RwSignal<Option<QuoteStatus>>) -> impl IntoView {
    let i = use_i18n();
    let today = platform::today();
    let chips = QuoteStatus::ALL
        .into_iter()
        .map(|s| {
            let n = all.iter().filter(|q| q.status_on(today) == s).count();
            let on = move || status.get() == Some(s);
            view! {
                <button type="button" class="chip" id=format!("quotes-{}", s.code()) aria-pressed=move || on().to_string()
                    on:click=move |_| status.update(|x| *x = if *x == Some(s) { None } else { Some(s) })>
                    {i.tr(status_label(s))}" "<span class="count">{n}</span>
                </button>
            }
        })
        .collect_view();
    view! { <div class="chips" role="group" aria-label=i.tr(M::ColStatus)>{chips}</div> }
}

#[component]
fn QuoteTable(all: Vec<Quote>, status: RwSignal<Option<QuoteStatus>>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let today = platform::today();
    let names = StoredValue::new(crate::pages::tasks::customers_of(
        all.iter().map(|q| &q.customer),
    ));
    let roster = crate::roster::use_roster();
    let mut all = all;
    // Newest first.
    all.sort_by(|a, b| (b.issued, &b.number).cmp(&(a.issued, &a.number)));
    let all = StoredValue::new(all);
    let row = move |q: Quote| {
        let s = q.status_on(today);
        let total = q.totals().map(|t| t.total);
        let name = names.with_value(|n| n.get(&q.customer).map(|(n, _)| n.clone()));
        let owner = q.owner.clone();
        view! {
            <tr class="quote-row">
                <th scope="row"><a href=Route::Quote(q.id.0.clone()).href()>{q.number.clone()}</a></th>
                <td><a href=Route::Customer(q.customer.0.clone()).href()>{name}</a></td>
                <td>{move || i18n::date(i.get(), q.issued)}</td>
                <td>{move || i18n::date(i.get(), q.valid_until)}</td>
                <td>{status_badge(s)}</td>
                <td class="num">{move || total.map(|t| i18n::money(t, app.currency.get(), false))}</td>
                <td>{move || roster.with(|r| crate::roster::owner_name(r, &owner))}</td>
            </tr>
        }
    };
    move || {
        let want = status.get();
        let list: Vec<Quote> = all.with_value(|all| {
            all.iter()
                .filter(|q| want.is_none_or(|s| q.status_on(today) == s))
                .cloned()
                .collect()
        });
        if list.is_empty() {
            return view! { <p class="panel muted" id="no-match">{i.t(M::NoMatch)}</p> }.into_any();
        }
        view! {
            <div class="table-wrap table-scroll">
                <table class="table" id="quote-table">
                    <thead><tr>
                        <th scope="col">{i.tr(M::ColNumber)}</th>
                        <th scope="col">{i.tr(M::ColCustomer)}</th>
                        <th scope="col">{i.tr(K::FIssued)}</th>
                        <th scope="col">{i.tr(K::FValidUntil)}</th>
                        <th scope="col">{i.tr(M::ColStatus)}</th>
                        <th scope="col" class="num">{i.tr(M::ColTotal)}</th>
                        <th scope="col">{i.tr(K::FOppOwner)}</th>
                    </tr></thead>
                    <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// The new-quote page without a customer: find one, then quote for them.
#[component]
fn CustomerPicker() -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let text = RwSignal::new(String::new());
    let found = move || {
        let terms: Vec<String> = kehu_core::text::fold(&text.get())
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        app.rows.with(|rows| {
            rows.iter()
                .filter(|r| !r.deleted && r.matches_text(&terms))
                .take(8)
                .map(|r| (r.id.0.clone(), r.name.clone(), r.phone.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page">
            <div class="page-head"><h1>{i.tr(M::NewQuote)}</h1></div>
            <div class="card">
                <h2>{i.tr(M::PickCustomer)}</h2>
                <div class="field">
                    <label for="quote-find">{i.tr(M::FindCustomer)}</label>
                    <input id="quote-find" type="search" autofocus prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))/>
                    <div class="field-hint">{i.tr(M::FindHint)}</div>
                </div>
                <ul class="pick-list" id="quote-customers">
                    {move || found().into_iter().map(|(id, name, phone)| {
                        let href = Route::NewQuote(Params(vec![("customer".into(), id)])).href();
                        view! { <li><a href=href>{name}</a>" "<span class="muted">{phone}</span></li> }
                    }).collect_view()}
                </ul>
            </div>
        </section>
    }
}
