//! One expense claim at `#/expenses/<id>` or `#/expenses/new?customer=…&opportunity=…`:
//! who, when, what kind, how much, where it stands and a note; the customer and
//! opportunity it was for, when it was opened from one. The rules are
//! `kehu_core::expense`'s.

use super::messages as M;
use crate::components::{CodeSelect, OwnerSelect, TextField};
use crate::i18n::{self, K, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Params, Route, navigate};
use crate::state::use_app;
use kehu_core::expense::{Expense, ExpenseCategory, ExpenseDraft, ExpenseStatus};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{Id, Opportunity};
use leptos::prelude::*;

/// Where the claim goes back to: its month.
fn back(x: &Expense) -> Route {
    let (y, m, _) = x.day.ymd();
    Route::Expenses(Params(vec![("month".into(), format!("{y:04}-{m:02}"))]))
}

#[component]
fn ExpenseEditor(
    base: Expense,
    adding: bool,
    names: (Option<String>, Option<String>),
) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(ExpenseDraft::from_expense(&base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let base = StoredValue::new(base);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = draft
            .with_untracked(|d| d.validate(base.get_value(), platform::today(), platform::now()));
        match checked {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
            }
            Ok(x) => {
                let to = back(&x);
                app.write(
                    move |db| async move { db.put_doc(&x).await },
                    move |_| {
                        app.say(M::Saved, None);
                        navigate(&to);
                    },
                )
            }
        }
    };
    let (customer, opportunity) = base.with_value(|x| (x.customer.clone(), x.opportunity.clone()));
    let (customer_name, opportunity_title) = names;
    let d = draft;
    view! {
        <div class="page-head">
            <h1>{move || if adding { i.t(M::NewExpense) } else { i.t(M::EditTitle) }}</h1>
        </div>
        <form class="card" id="expense-form" on:submit=save novalidate>
            {customer.map(|c| view! {
                <p class="muted" id="expense-for">{i.tr(M::ForCustomer)}" "
                    <a href=Route::Customer(c.0).href()>{customer_name.unwrap_or_default()}</a>
                    {opportunity.zip(opportunity_title).map(|(o, t)| view! {
                        " · "{i.tr(M::ForOpportunity)}" "<a href=Route::Opportunity(o.0).href()>{t}</a>
                    })}
                </p>
            })}
            <div class="grid-2">
                <OwnerSelect id="expense-owner" label=K::FOppOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
                <TextField id="expense-day" label=K::FExpenseDay draft=d get=|d| &d.day set=|d| &mut d.day field=Field::ExpenseDay errors=errors input_type="date" required=true/>
                <CodeSelect id="expense-category" label=M::ColCategory draft=d get=|d| Some(d.category) set=|d, v| if let Some(c) = v { d.category = c }
                    all=&ExpenseCategory::ALL code=ExpenseCategory::code from_code=ExpenseCategory::from_code/>
                <TextField id="expense-amount" label=K::Amount draft=d get=|d| &d.amount set=|d| &mut d.amount field=Field::ExpenseAmount errors=errors input_mode="decimal" required=true/>
                <CodeSelect id="expense-status" label=M::ColStatus draft=d get=|d| Some(d.status) set=|d, v| if let Some(s) = v { d.status = s }
                    all=&ExpenseStatus::ALL code=ExpenseStatus::code from_code=ExpenseStatus::from_code/>
            </div>
            // The owner is named only if missing (the select shows no error of its own).
            <p class="field-error" id="expense-owner-err">{move || errors.with(|e| e.iter().find(|e| e.field == Field::ExpenseOwner).map(|e| i18n::problem(i.get(), &e.problem)))}</p>
            <TextField id="expense-note" label=K::Note draft=d get=|d| &d.note set=|d| &mut d.note field=Field::ExpenseNote errors=errors multiline=true/>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="expense-delete" on:click=move |_| {
                        let x = base.get_value();
                        let to = back(&x);
                        crate::pages::delete_with_undo(x, M::Deleted, to);
                    }>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=base.with_value(back).href()>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="expense-save">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}

/// The page at `#/expenses/<id>` or `#/expenses/new`.
#[component]
pub fn ExpensePage(id: Option<String>, params: Params) -> impl IntoView {
    let customer = params.get("customer").map(|c| Id(c.to_string()));
    let opportunity = params.get("opportunity").map(|o| Id(o.to_string()));
    let loaded = crate::data::resource(vec![], move |db| {
        let (id, customer, opportunity) = (id.clone(), customer.clone(), opportunity.clone());
        async move {
            let (base, adding) = match id {
                Some(id) => match db.doc::<Expense>(&id).await? {
                    Some(x) => (x, false),
                    None => return Ok(None),
                },
                None => {
                    let mut x =
                        Expense::new(platform::new_id(), platform::today(), platform::now());
                    x.owner = crate::roster::me().unwrap_or_default();
                    x.customer = customer;
                    x.opportunity = opportunity;
                    (x, true)
                }
            };
            let customer = match &base.customer {
                Some(c) => db.customer(c.as_str()).await?.map(|c| c.name),
                None => None,
            };
            let title = match &base.opportunity {
                Some(o) => db.doc::<Opportunity>(o.as_str()).await?.map(|o| o.title),
                None => None,
            };
            Ok(Some((base, adding, (customer, title))))
        }
    });
    crate::pages::record_page(
        loaded,
        M::NotFound,
        |(base, adding, names)| view! { <ExpenseEditor base=base adding=adding names=names/> },
    )
}
