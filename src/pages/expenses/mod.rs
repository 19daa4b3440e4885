//! Expense reports (费用报告) at `#/expenses?month=…&owner=…&status=…`: a month's
//! claims, summed by person (by category, awaiting approval, approved) and listed;
//! status counts as filters. One claim's form is `form.rs`. The office shows these
//! pages (`office.rs`); the sums are `kehu_core::expense::report`'s.

mod form;
mod messages;

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::roster::{owner_name, use_roster};
use crate::route::{Params, Route};
use crate::state::use_app;
pub use form::ExpensePage;
use kehu_core::expense::{Expense, ExpenseStatus, report};
use kehu_core::{Day, Id};
use leptos::prelude::*;
use messages as M;

/// The list's choices, kept in the address.
#[derive(Debug, Clone, PartialEq)]
struct View {
    /// The first day of the month shown.
    month: Day,
    owner: String,
    status: Option<ExpenseStatus>,
}

impl View {
    fn of(p: &Params, today: Day) -> View {
        let (y, m, _) = today.ymd();
        let this = Day::from_ymd(y, m, 1).unwrap_or(today);
        let month = p
            .get("month")
            .and_then(|s| Day::parse(&format!("{s}-01")))
            .unwrap_or(this);
        View {
            month,
            owner: p.get("owner").unwrap_or("").into(),
            status: p.get("status").and_then(ExpenseStatus::from_code),
        }
    }

    fn params(&self) -> Params {
        let (y, m, _) = self.month.ymd();
        let mut p = vec![("month".to_string(), format!("{y:04}-{m:02}"))];
        p.push(("owner".into(), self.owner.clone()));
        if let Some(s) = self.status {
            p.push(("status".into(), s.code().into()));
        }
        Params(p)
    }

    /// The month's last day.
    fn last(&self) -> Day {
        Day(self.month.add_months(1).0 - 1)
    }

    /// The month's claims of the chosen person.
    fn claims(&self, all: &[Expense]) -> Vec<Expense> {
        let (from, to) = (self.month, self.last());
        all.iter()
            .filter(|x| (from..=to).contains(&x.day))
            .filter(|x| self.owner.is_empty() || x.owner == self.owner)
            .cloned()
            .collect()
    }
}

#[component]
pub fn ExpensesPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let view = RwSignal::new(View::of(&params, crate::platform::today()));
    Effect::new(move |_| crate::route::replace(&Route::Expenses(view.get().params())));
    let all = data::resource(vec![Topic::of::<Expense>()], |db| async move {
        db.all_docs::<Expense>().await
    });
    let step = move |by: i32| view.update(|v| v.month = v.month.add_months(by));
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn btn-primary" id="new-expense" href=Route::NewExpense(Params::default()).href()>{i.tr(M::NewExpense)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            <div class="toolbar">
                <button type="button" class="btn" id="expenses-prev" aria-label=i.tr(M::Previous) on:click=move |_| step(-1)>"‹"</button>
                <strong id="expenses-month">{move || {
                    let v = view.get();
                    let (y, m, _) = v.month.ymd();
                    let n = all.get().and_then(|r| r.ok()).map_or(0, |a| v.claims(&a).len());
                    M::month_count(i.get(), &i18n::month(i.get(), y, m), n)
                }}</strong>
                <button type="button" class="btn" id="expenses-next" aria-label=i.tr(M::Next) on:click=move |_| step(1)>"›"</button>
                <crate::components::PeopleFilter id="expenses-owner" label=K::FOppOwner any=M::AnyOwner
                    value=Signal::derive(move || view.with(|v| v.owner.clone()))
                    on_pick=move |o| view.update(|v| v.owner = o)/>
            </div>
            {move || match all.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) => {
                    let claims = view.with(|v| v.claims(&all));
                    if claims.is_empty() {
                        return view! { <p class="panel muted" id="no-expenses">{i.t(M::Empty)}</p> }.into_any();
                    }
                    view! { <Summary claims=claims.clone() view=view/><Claims claims=claims view=view/> }.into_any()
                }
            }}
        </section>
    }
}

/// A line per person: the month's claims by category, awaiting approval, approved.
#[component]
fn Summary(claims: Vec<Expense>, view: RwSignal<View>) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let (from, to) = view.with_untracked(|v| (v.month, v.last()));
    let lines = report(&claims, from, to);
    let money = move |c| i18n::money(c, app.currency.get(), false);
    let line = move |l: kehu_core::expense::OwnerExpenses| {
        let owner = l.owner.clone();
        let cats = l
            .by_category
            .iter()
            .map(|(c, a)| (*c, *a))
            .collect::<Vec<_>>();
        view! {
            <tr class="expense-owner">
                <th scope="row">{move || roster.with(|r| owner_name(r, &owner))}</th>
                <td class="wrap">{move || cats.iter().map(|(c, a)| format!("{} {}", c.label(i.get()), money(*a))).collect::<Vec<_>>().join(" · ")}</td>
                <td class="num">{move || money(l.pending)}</td>
                <td class="num">{move || money(l.approved)}</td>
                <td class="num"><strong>{move || money(l.total)}</strong></td>
                <td class="num">{l.count}</td>
            </tr>
        }
    };
    view! {
        <h2>{i.tr(M::ByOwner)}</h2>
        <div class="table-wrap table-scroll">
            <table class="table" id="expense-summary">
                <thead><tr>
                    <th scope="col">{i.tr(K::FOppOwner)}</th>
                    <th scope="col">{i.tr(M::ColCategory)}</th>
                    <th scope="col" class="num">{i.tr(M::ColPending)}</th>
                    <th scope="col" class="num">{i.tr(M::ColApproved)}</th>
                    <th scope="col" class="num">{i.tr(M::ColTotal)}</th>
                    <th scope="col" class="num">{i.tr(M::ColCount)}</th>
                </tr></thead>
                <tbody>{lines.into_iter().map(line).collect_view()}</tbody>
            </table>
        </div>
        <p class="muted">{i.tr(M::RejectedOut)}</p>
    }
}

/// The month's claims, newest first, with status counts as filters.
#[component]
fn Claims(claims: Vec<Expense>, view: RwSignal<View>) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let names = StoredValue::new(crate::pages::tasks::customers_of(
        claims.iter().filter_map(|x| x.customer.as_ref()),
    ));
    let chips = ExpenseStatus::ALL
        .into_iter()
        .map(|s| {
            let n = claims.iter().filter(|x| x.status == s).count();
            let on = move || view.with(|v| v.status == Some(s));
            view! {
                <button type="button" class="chip" id=format!("expenses-{}", s.code()) aria-pressed=move || on().to_string()
                    on:click=move |_| view.update(|v| v.status = if v.status == Some(s) { None } else { Some(s) })>
                    {move || s.label(i.get())}" "<span class="count">{n}</span>
                </button>
            }
        })
        .collect_view();
    let mut claims = claims;
    claims.sort_by_key(|x| std::cmp::Reverse((x.day, x.created)));
    let claims = StoredValue::new(claims);
    let row = move |x: Expense| {
        let (owner, status, category, amount, day) =
            (x.owner.clone(), x.status, x.category, x.amount, x.day);
        let customer = x.customer.clone().map(|c: Id| {
            let name = names.with_value(|n| n.get(&c).map(|(n, _)| n.clone()).unwrap_or_default());
            view! { <a href=Route::Customer(c.0).href()>{name}</a> }
        });
        view! {
            <tr class="expense-row">
                <td>{move || i18n::date(i.get(), day)}</td>
                <td>{move || roster.with(|r| owner_name(r, &owner))}</td>
                <td>{move || category.label(i.get())}</td>
                <td class="num"><a href=Route::Expense(x.id.0.clone()).href()>{move || i18n::money(amount, app.currency.get(), false)}</a></td>
                <td>{customer}</td>
                <td><span class=format!("expense-status expense-{}", status.code())>{move || status.label(i.get())}</span></td>
                <td class="wrap">{x.note.clone()}</td>
            </tr>
        }
    };
    let rows = move || {
        let want = view.with(|v| v.status);
        claims.with_value(|all| {
            all.iter()
                .filter(|x| want.is_none_or(|s| x.status == s))
                .cloned()
                .map(row)
                .collect_view()
        })
    };
    view! {
        <h2>{i.tr(M::Claims)}</h2>
        <div class="chips" role="group" aria-label=i.tr(M::ColStatus)>{chips}</div>
        <div class="table-wrap table-scroll">
            <table class="table" id="expense-table">
                <thead><tr>
                    <th scope="col">{i.tr(K::FExpenseDay)}</th>
                    <th scope="col">{i.tr(K::FOppOwner)}</th>
                    <th scope="col">{i.tr(M::ColCategory)}</th>
                    <th scope="col" class="num">{i.tr(K::Amount)}</th>
                    <th scope="col">{i.tr(M::ColFor)}</th>
                    <th scope="col">{i.tr(M::ColStatus)}</th>
                    <th scope="col">{i.tr(K::Note)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
