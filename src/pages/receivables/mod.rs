//! Who owes what (应收账款) at `#/receivables?owner=…`: each customer's opening balance
//! plus their unpaid orders, the largest debt first, limited to one owner's customers
//! if chosen. The sums are `kehu_core::receivables`'; the unpaid orders are read from
//! the order store (`Db::unpaid_orders`), which skips chunks of imported history unread.

mod messages;

use crate::data::{self, Topic};
use crate::i18n::{self, K, use_i18n};
use crate::roster::{owner_name, use_roster};
use crate::route::{Params, Route};
use crate::state::use_app;
use kehu_core::query::CustomerRow;
use kehu_core::{Owing, receivables};
use leptos::prelude::*;
use messages as M;
use std::collections::HashMap;

/// A line of the list: what is owed, with the customer it is owed by.
#[derive(Clone)]
struct Line {
    owing: Owing,
    row: CustomerRow,
}

/// The lines for `owner`'s customers (everyone's when empty), from the unpaid orders
/// and the customers' rows (which carry the opening balances).
fn lines(unpaid: &kehu_core::OrderColumns, rows: &[CustomerRow], owner: &str) -> Vec<Line> {
    let by_key: HashMap<u32, &CustomerRow> = rows
        .iter()
        .filter(|r| !r.deleted && (owner.is_empty() || r.owner == owner))
        .map(|r| (r.key, r))
        .collect();
    let opening = by_key.values().map(|r| (r.key, r.arrears));
    receivables(unpaid, opening, |k| by_key.contains_key(&k))
        .into_iter()
        .filter_map(|owing| {
            let row = (*by_key.get(&owing.customer)?).clone();
            Some(Line { owing, row })
        })
        .collect()
}

#[component]
pub fn ReceivablesPage(params: Params) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let owner = RwSignal::new(params.get("owner").unwrap_or("").to_string());
    Effect::new(move |_| {
        let p = Params(vec![("owner".into(), owner.get())]);
        crate::route::replace(&Route::Receivables(p))
    });
    let unpaid = data::resource(
        vec![Topic::Orders],
        |db| async move { db.unpaid_orders().await },
    );
    let body = move || match unpaid.get() {
        None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }
                .into_any()
        }
        Some(Ok(unpaid)) => {
            let lines = app
                .rows
                .with(|rows| owner.with(|o| lines(&unpaid, rows, o)));
            if lines.is_empty() {
                return view! { <p class="panel muted" id="no-receivables">{i.t(M::Empty)}</p> }
                    .into_any();
            }
            view! { <Owed lines=lines/> }.into_any()
        }
    };
    view! {
        <section class="page">
            <div class="page-head"><h1>{i.tr(M::Title)}</h1></div>
            <p class="muted">{i.tr(M::Intro)}</p>
            <div class="toolbar">
                <crate::components::PeopleFilter id="receivables-owner" label=K::FOwner any=M::AnyOwner
                    value=owner on_pick=move |o| owner.set(o)/>
            </div>
            {body}
        </section>
    }
}

/// The total and a line per customer.
#[component]
fn Owed(lines: Vec<Line>) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let today = crate::platform::today();
    let money = move |c| i18n::money(c, app.currency.get(), false);
    let total = kehu_core::Cents(lines.iter().map(|l| l.owing.owed.0).sum());
    let n = lines.len();
    let line = move |l: Line| {
        let (owing, row) = (l.owing, l.row);
        let href = Route::Customer(row.id.0.clone()).href();
        let owner = row.owner.clone();
        let since = move || match owing.since {
            Some(d) => {
                let days = i18n::days(i.get(), (today.0 - d.0).max(0) as u32);
                M::since(i.get(), &i18n::date(i.get(), d), &days)
            }
            None => i.t(M::OpeningOnly).to_string(),
        };
        view! {
            <tr class="receivable">
                <th scope="row"><a href=href>{row.name.clone()}</a></th>
                <td class="col-owner">{move || roster.with(|r| owner_name(r, &owner))}</td>
                <td class="num"><strong>{move || money(owing.owed)}</strong></td>
                <td class="num col-count">{owing.orders}</td>
                <td class="col-date">{since}</td>
            </tr>
        }
    };
    view! {
        <p id="receivables-total"><strong>{move || M::total(i.get(), n, &money(total))}</strong></p>
        <div class="table-wrap table-scroll">
            <table class="table" id="receivables">
                <thead><tr>
                    <th scope="col">{i.tr(M::ColCustomer)}</th>
                    <th scope="col" class="col-owner">{i.tr(K::FOwner)}</th>
                    <th scope="col" class="num">{i.tr(M::ColOwed)}</th>
                    <th scope="col" class="num col-count">{i.tr(M::ColOrders)}</th>
                    <th scope="col" class="col-date">{i.tr(M::ColSince)}</th>
                </tr></thead>
                <tbody>{lines.into_iter().map(line).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::validate::blank_customer;
    use kehu_core::{Cents, Day, Id, Millis, Order, OrderColumns, OrderStatus};

    #[test]
    fn the_list_adds_opening_balances_and_keeps_to_the_owners_customers() {
        let row = |key: u32, owner: &str, arrears: i64| {
            let mut c = blank_customer(Id(format!("c{key}")), key, Millis(0));
            c.owner = owner.into();
            c.arrears = Cents(arrears);
            CustomerRow::from_customer(&c)
        };
        let mut trashed = row(4, "s1", 999);
        trashed.deleted = true;
        let rows = [
            row(1, "s1", 0),
            row(2, "s2", 300),
            row(3, "s1", 50),
            trashed,
        ];
        let mut unpaid = OrderColumns::default();
        for (id, customer, cents) in [(1, 1, 1_000), (2, 3, 100), (3, 4, 5)] {
            unpaid.push_order(&Order {
                id,
                customer,
                day: Day(20_000),
                amount: Cents(cents),
                status: OrderStatus::Open,
                ..Default::default()
            });
        }
        let keys = |ls: Vec<Line>| -> Vec<(u32, i64)> {
            ls.iter().map(|l| (l.row.key, l.owing.owed.0)).collect()
        };
        assert_eq!(
            keys(lines(&unpaid, &rows, "")),
            [(1, 1_000), (2, 300), (3, 150)]
        );
        assert_eq!(keys(lines(&unpaid, &rows, "s1")), [(1, 1_000), (3, 150)]);
    }
}
