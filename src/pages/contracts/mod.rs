//! Contracts and warranties (服务协议和合同) at `#/contracts?customer=…`: every one the
//! shop holds, or one customer's, those ending soon first, each with its period, value
//! and where it stands. One contract's page is `form.rs`; the cover a ticket shows is
//! [`CoverNote`]. The office shows these pages (`office.rs`).

mod form;
pub(crate) mod messages;

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::platform;
use crate::route::{Params, Route};
use crate::state::use_app;
pub use form::ContractPage;
use kehu_core::contract::{Contract, Standing, cover};
use kehu_core::{Day, Id, Product};
use leptos::prelude::*;
use messages as M;

/// The order of the list: ending soon, then in force by end, then not started, then
/// expired (latest first).
fn list_order(a: &Contract, b: &Contract, today: Day) -> std::cmp::Ordering {
    let rank = |c: &Contract| match c.standing(today) {
        Standing::Ending => (0, c.end.0),
        Standing::Active => (1, c.end.0),
        Standing::Upcoming => (2, c.start.0),
        Standing::Expired => (3, -c.end.0),
    };
    rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::Millis;

    #[test]
    fn the_list_puts_contracts_ending_soon_first_and_expired_ones_last() {
        let today = Day(20_600);
        let c = |id: &str, start: i32, end: i32| Contract {
            start: Day(start),
            end: Day(end),
            ..Contract::new(Id(id.into()), Id("c".into()), Day(start), Millis(0))
        };
        let mut all = [
            c("old", 20_000, 20_300),
            c("later", 20_700, 21_000),
            c("long", 20_500, 20_900),
            c("ending", 20_300, 20_610),
            c("older", 19_000, 19_300),
        ];
        all.sort_by(|a, b| list_order(a, b, today));
        let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["ending", "long", "later", "old", "older"]);
    }
}

/// The catalogue's names by id, for the lists and selects that name products.
pub(crate) fn product_names() -> LocalResource<Result<Vec<(Id, String)>, kehu_store::StoreError>> {
    data::resource(vec![Topic::of::<Product>()], |db| async move {
        let all = db.all_docs::<Product>().await?;
        Ok(all.into_iter().map(|p| (p.id, p.name)).collect())
    })
}

#[component]
pub fn ContractsPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let customer = params.get("customer").map(|c| Id(c.to_string()));
    let all = data::resource(vec![Topic::of::<Contract>()], |db| async move {
        db.all_docs::<Contract>().await
    });
    let products = product_names();
    let new_href = Route::NewContract(Params(
        customer
            .iter()
            .map(|c| ("customer".to_string(), c.0.clone()))
            .collect(),
    ))
    .href();
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn btn-primary" id="new-contract" href=new_href>{i.tr(M::NewContract)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            {customer.is_some().then(|| view! {
                <p><a href=Route::Contracts(Params::default()).href() id="contracts-all">{i.tr(M::AllCustomers)}</a></p>
            })}
            {move || match (all.get(), products.get()) {
                (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                (Some(Ok(all)), Some(Ok(products))) => {
                    let today = platform::today();
                    let mut rows: Vec<Contract> = (all.into_iter())
                        .filter(|c| customer.as_ref().is_none_or(|x| c.customer == *x))
                        .collect();
                    if rows.is_empty() {
                        return view! { <p class="panel muted" id="no-contracts">{i.t(M::Empty)}</p> }.into_any();
                    }
                    rows.sort_by(|a, b| list_order(a, b, today));
                    view! { <Listed rows products today/> }.into_any()
                }
                _ => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
            }}
        </section>
    }
}

/// A product's name (its id when no longer in the catalogue); `None` for a contract
/// covering every product, whose words follow the language.
fn product_name(products: &[(Id, String)], p: &Option<Id>) -> Option<String> {
    let id = p.as_ref()?;
    Some(
        (products.iter())
            .find(|(x, _)| x == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone()),
    )
}

#[component]
fn Listed(rows: Vec<Contract>, products: Vec<(Id, String)>, today: Day) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let names = crate::pages::tasks::customers_of(rows.iter().map(|c| &c.customer));
    let row = move |c: Contract| {
        let name = names
            .get(&c.customer)
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let (kind, standing, value) = (c.kind, c.standing(today), c.value);
        let product = product_name(&products, &c.product);
        let product = move || {
            product
                .clone()
                .unwrap_or_else(|| M::AllProducts.text(i.get()).into())
        };
        let period = move || {
            let l = i.get();
            M::period(l, &i18n::date(l, c.start), &i18n::date(l, c.end))
        };
        view! {
            <tr class="contract-row" data-standing=format!("{standing:?}").to_lowercase()>
                <td><a href=Route::Contract(c.id.0.clone()).href()>{c.title.clone()}</a></td>
                <td><a href=Route::Customer(c.customer.0.clone()).href()>{name}</a></td>
                <td class=move || match standing { Standing::Ending => "sla sla-near", Standing::Expired => "muted", _ => "" }>
                    {move || standing.label(i.get())}
                </td>
                <td>{period}</td>
                <td>{move || kind.label(i.get())}</td>
                <td>{product}</td>
                <td class="num">{move || i18n::money(value, app.currency.get(), false)}</td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap table-scroll">
            <table class="table table-cards" id="contract-table">
                <thead><tr>
                    <th scope="col">{i.tr(M::ColTitle)}</th>
                    <th scope="col">{i.tr(M::ColCustomer)}</th>
                    <th scope="col">{i.tr(M::ColStanding)}</th>
                    <th scope="col">{i.tr(M::ColPeriod)}</th>
                    <th scope="col">{i.tr(M::ColKind)}</th>
                    <th scope="col">{i.tr(M::ColProduct)}</th>
                    <th scope="col" class="num">{i.tr(M::ColValue)}</th>
                </tr></thead>
                <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}

/// A select of the catalogue's products, with "none" first (`none` names it).
#[component]
pub fn ProductSelect<D: Send + Sync + 'static>(
    id: &'static str,
    label: crate::i18n::Msg,
    none: crate::i18n::Msg,
    draft: RwSignal<D>,
    get: fn(&D) -> &String,
    set: fn(&mut D) -> &mut String,
) -> impl IntoView {
    let i = use_i18n();
    let products = product_names();
    let options = move || match products.get() {
        Some(Ok(all)) => (all.into_iter())
            .map(|(id, name)| view! { <option value=id.0>{name}</option> })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{i.tr(label)}</label>
            <select id=id on:change=move |ev| draft.update(|d| *set(d) = event_target_value(&ev))
                prop:value=move || draft.with(|d| get(d).clone())>
                <option value="">{i.tr(none)}</option>
                {options}
            </select>
        </div>
    }
}

/// What covers a ticket's product for its customer on `day`: the contracts and
/// warranties in force, or that none does (so the desk knows before promising a free
/// repair).
#[component]
pub fn CoverNote(
    customer: Id,
    #[prop(into)] product: Signal<Option<Id>>,
    day: Day,
) -> impl IntoView {
    let i = use_i18n();
    let theirs = data::resource(vec![Topic::of::<Contract>()], move |db| {
        let customer = customer.clone();
        async move { db.docs_of::<Contract>(customer.as_str()).await }
    });
    move || {
        let Some(Ok(theirs)) = theirs.get() else {
            return None;
        };
        let wanted = product.get();
        let found = cover(&theirs, wanted.as_ref(), day);
        let l = i.get();
        let lines: Vec<_> = (found.iter())
            .map(|c| {
                let text = M::covered_by(l, c.kind.label(l), &c.title, &i18n::date(l, c.end));
                view! { <li><a href=Route::Contract(c.id.0.clone()).href()>{text}</a></li> }
            })
            .collect();
        let none = match wanted {
            Some(_) => M::NotCovered,
            None => M::NoCover,
        };
        let bare = lines.is_empty();
        Some(view! {
            <div class="panel" id="ticket-cover" class:panel-warn=bare>
                <strong>{M::Cover.text(l)}</strong>
                {if bare {
                    view! { <p id="ticket-cover-none">{none.text(l)}</p> }.into_any()
                } else {
                    view! { <ul id="ticket-cover-list">{lines}</ul> }.into_any()
                }}
            </div>
        })
    }
}
