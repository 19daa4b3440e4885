//! A quote as printed for the customer at `#/quotes/<id>/print`: the shop's letterhead
//! (its details are a setting of this device, edited here), the customer, the lines,
//! the sums, the validity and terms, and a place to sign. The print stylesheet
//! (`style/main.css`, `@media print`) leaves only the sheet on paper, in the language
//! the app is shown in.

use super::messages as M;
use crate::i18n::{self, K, use_i18n};
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::quote::{Letterhead, Quote};
use kehu_core::{Customer, Kind};
use leptos::prelude::*;

/// The setting that holds the letterhead, as JSON.
const SETTING: &str = "business";

fn letterhead() -> Letterhead {
    platform::setting(SETTING)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

#[component]
pub fn QuotePrintPage(id: String) -> impl IntoView {
    let loaded = crate::data::resource(vec![], move |db| {
        let id = id.clone();
        async move {
            let Some(q) = db.doc::<Quote>(&id).await? else {
                return Ok(None);
            };
            let c = db.customer(q.customer.as_str()).await?;
            Ok(c.map(|c| (q, c)))
        }
    });
    crate::pages::record_page(
        loaded,
        M::NotFound,
        |(q, c)| view! { <Sheet quote=q customer=c/> },
    )
}

#[component]
fn Sheet(quote: Quote, customer: Customer) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let head = RwSignal::new(letterhead());
    let editing = RwSignal::new(head.get_untracked().name.is_empty());
    let totals = quote.totals().unwrap_or_default();
    let money = move |c: kehu_core::Cents| i18n::money(c, app.currency.get(), false);
    let contact = match customer.kind {
        Kind::Organisation => customer.contacts.first().map(|c| c.name.clone()),
        Kind::Person => None,
    };
    let phone = [&customer.mobile, &customer.phone]
        .into_iter()
        .find(|p| !p.is_empty())
        .cloned();
    let lines = quote.lines.clone();
    let line = move |(n, l): (usize, kehu_core::quote::QuoteLine)| {
        let net = kehu_core::Cents(l.net() as i64);
        let off = (l.discount_bp > 0).then(|| {
            let pct = kehu_core::staff::percent_text(l.discount_bp) + "%";
            move || M::discount(i.get(), &pct)
        });
        view! {
            <tr>
                <td class="num">{n + 1}</td>
                <td>{l.name.clone()}</td>
                <td>{l.unit.clone()}</td>
                <td class="num">{l.quantity}</td>
                <td class="num">{move || money(l.unit_price)}</td>
                <td class="num">{off}</td>
                <td class="num">{move || money(net)}</td>
            </tr>
        }
    };
    let back = Route::Quote(quote.id.0.clone()).href();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let (issued, valid) = (quote.issued, quote.valid_until);
    view! {
        <div class="page-head no-print">
            <h1>{i.tr(M::Print)}</h1>
            <div class="page-actions">
                <a class="btn" href=back>{i.tr(M::BackToQuote)}</a>
                <button type="button" class="btn" id="edit-business" on:click=move |_| editing.update(|e| *e = !*e)>{i.tr(M::EditBusiness)}</button>
                <button type="button" class="btn btn-primary" id="print-now" on:click=print>{i.tr(M::Print)}</button>
            </div>
        </div>
        <Show when=move || editing.get()><BusinessForm head=head editing=editing/></Show>
        <article class="quote-sheet" id="quote-sheet">
            <header class="sheet-head">
                <div>
                    <div class="sheet-business" id="sheet-business">{move || head.with(|h| h.name.clone())}</div>
                    <div class="muted">{move || head.with(|h| [h.address.as_str(), h.phone.as_str(), h.email.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "))}</div>
                    <div class="muted">{move || head.with(|h| h.tax_id.clone())}</div>
                </div>
                <div class="sheet-title">
                    <h2>{i.tr(M::Quotation)}</h2>
                    <div id="sheet-number">{quote.number.clone()}</div>
                    <div>{move || i18n::date(i.get(), issued)}</div>
                    <div>{move || M::valid_until(i.get(), &i18n::date(i.get(), valid))}</div>
                </div>
            </header>
            <p class="sheet-to"><strong>{i.tr(M::To)}" "</strong>{customer.name.clone()}
                {contact.map(|c| view! { " · "{c} })}{phone.map(|p| view! { " · "{p} })}
                {(!customer.address.is_empty()).then(|| view! { <br/>{customer.address.clone()} })}</p>
            <div class="sheet-lines-wrap">
            <table class="table sheet-lines" id="sheet-lines">
                <thead><tr>
                    <th scope="col" class="num">"#"</th>
                    <th scope="col">{i.tr(M::Item)}</th>
                    <th scope="col">{i.tr(K::FUnit)}</th>
                    <th scope="col" class="num">{i.tr(K::Quantity)}</th>
                    <th scope="col" class="num">{i.tr(K::UnitPrice)}</th>
                    <th scope="col" class="num">{i.tr(K::FDiscount)}</th>
                    <th scope="col" class="num">{i.tr(M::LineTotal)}</th>
                </tr></thead>
                <tbody>{lines.into_iter().enumerate().map(line).collect_view()}</tbody>
            </table>
            </div>
            <table class="sheet-sums">
                <tbody>
                    {(totals.discount.0 != 0).then(|| view! {
                        <tr><th scope="row">{i.tr(M::LinesTotal)}</th><td class="num">{move || money(totals.lines)}</td></tr>
                        <tr><th scope="row">{i.tr(M::Discount)}</th><td class="num">{move || money(totals.discount)}</td></tr>
                    })}
                    <tr><th scope="row">{i.tr(M::Net)}</th><td class="num">{move || money(totals.net)}</td></tr>
                    <tr><th scope="row">{i.tr(M::Tax)}</th><td class="num">{move || money(totals.tax)}</td></tr>
                    <tr class="sheet-total"><th scope="row">{i.tr(M::Total)}</th><td class="num" id="sheet-total">{move || money(totals.total)}</td></tr>
                </tbody>
            </table>
            {(!quote.terms.is_empty()).then(|| view! { <p class="sheet-terms"><strong>{i.tr(K::FTerms)}"："</strong>{quote.terms.clone()}</p> })}
            <p class="muted">{move || head.with(|h| h.bank.clone())}</p>
            <div class="sheet-sign">{i.tr(M::Signature)}</div>
        </article>
    }
}

/// The letterhead's fields, saved to this device's settings.
#[component]
fn BusinessForm(head: RwSignal<Letterhead>, editing: RwSignal<bool>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(head.get_untracked());
    let field = move |id: &'static str,
                      label,
                      get: fn(&Letterhead) -> &String,
                      set: fn(&mut Letterhead) -> &mut String| {
        view! {
            <div class="field">
                <label for=id>{i.tr(label)}</label>
                <input id=id prop:value=move || draft.with(|d| get(d).clone())
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| *set(d) = v); }/>
            </div>
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let h = draft.get_untracked();
        platform::set_setting(SETTING, &serde_json::to_string(&h).unwrap_or_default());
        head.set(h);
        editing.set(false);
        app.say(M::BusinessSaved, None);
    };
    view! {
        <form class="card no-print" id="business-form" on:submit=save>
            <h2>{i.tr(M::Business)}</h2>
            <p class="muted">{i.tr(M::BusinessIntro)}</p>
            <div class="grid-2">
                {field("business-name", M::BusinessName, |h| &h.name, |h| &mut h.name)}
                {field("business-address", M::Address, |h| &h.address, |h| &mut h.address)}
                {field("business-phone", K::FPhone, |h| &h.phone, |h| &mut h.phone)}
                {field("business-email", K::FEmail, |h| &h.email, |h| &mut h.email)}
                {field("business-tax", M::TaxId, |h| &h.tax_id, |h| &mut h.tax_id)}
                {field("business-bank", M::Bank, |h| &h.bank, |h| &mut h.bank)}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="business-save">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}
