//! One opportunity's form: new (for a customer) or edited; saving records a stage change
//! with its moment. The rules are `kehu_core::opportunity::OpportunityDraft`'s.

use super::messages as M;
use crate::components::{OwnerSelect, TextField};
use crate::i18n::{self, K, Label, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::roster::me;
use crate::route::{Route, navigate};
use crate::state::use_app;
use kehu_core::Customer;
use kehu_core::opportunity::{DEFAULT_PROBABILITY, Opportunity, OpportunityDraft, Standing};
use kehu_core::validate::{Field, FieldError};
use leptos::prelude::*;

/// What the form edits: the record it started from and its customer.
#[derive(Clone)]
pub(super) struct Editing {
    pub base: Opportunity,
    pub customer: Customer,
    pub adding: bool,
}

/// A new opportunity for `customer`, owned by the customer's owner, else by whoever
/// uses this device.
pub(super) fn new_for(customer: Customer) -> Editing {
    let mut base = Opportunity::new(platform::new_id(), customer.id.clone(), platform::now());
    base.owner = if customer.owner.is_empty() {
        me().unwrap_or_default()
    } else {
        customer.owner.clone()
    };
    Editing {
        base,
        customer,
        adding: true,
    }
}

#[component]
pub(super) fn OpportunityEditor(e: Editing) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(OpportunityDraft::from_opportunity(&e.base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let back = Route::Customer(e.customer.id.0.clone()).href();
    let (base, adding) = (StoredValue::new(e.base.clone()), e.adding);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(|d| d.validate(base.get_value(), platform::now())) {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
            }
            Ok(o) => {
                let to = Route::Customer(o.customer.0.clone());
                app.write(
                    move |db| async move { db.put_doc(&o).await },
                    move |_| {
                        app.say(M::Saved, None);
                        navigate(&to);
                    },
                )
            }
        }
    };
    let lost = move || draft.with(|d| d.standing == Some(Standing::Lost));
    let d = draft;
    view! {
        <div class="page-head">
            <div>
                <h1>{move || if adding { i.t(K::NewOpportunity) } else { i.t(M::EditTitle) }}</h1>
                <p class="muted"><a href=back.clone()>{e.customer.name.clone()}</a></p>
            </div>
        </div>
        <form class="card" id="opportunity-form" on:submit=save novalidate>
            <TextField id="opp-title" label=K::FOpportunity draft=d get=|d| &d.title set=|d| &mut d.title field=Field::OppTitle errors=errors required=true/>
            <div class="grid-2">
                <TextField id="opp-amount" label=K::Amount draft=d get=|d| &d.amount set=|d| &mut d.amount field=Field::OppAmount errors=errors required=true input_mode="decimal"/>
                <OwnerSelect id="opp-owner" label=K::FOppOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
                <StandingSelect draft=d/>
                <TextField id="opp-probability" label=K::FChance draft=d get=|d| &d.probability set=|d| &mut d.probability
                    field=Field::OppProbability errors=errors input_mode="numeric" hint=M::FProbabilityHint/>
                <TextField id="opp-close" label=K::FExpectedClose draft=d get=|d| &d.close set=|d| &mut d.close field=Field::OppClose errors=errors input_type="date"/>
                <TextField id="opp-competitors" label=K::FCompetitors draft=d get=|d| &d.competitors set=|d| &mut d.competitors field=Field::OppCompetitors errors=errors/>
            </div>
            <TextField id="opp-next" label=K::FNextStep draft=d get=|d| &d.next_step set=|d| &mut d.next_step field=Field::OppNextStep errors=errors/>
            <Show when=lost>
                <TextField id="opp-lost-reason" label=K::FLostReason draft=d get=|d| &d.lost_reason set=|d| &mut d.lost_reason field=Field::OppLostReason errors=errors/>
            </Show>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="opp-delete" on:click=move |_| delete(base.get_value())>{i.tr(K::Delete)}</button>
                })}
                {(!adding).then(|| {
                    let p = crate::route::Params(vec![
                        ("customer".into(), e.base.customer.0.clone()),
                        ("opportunity".into(), e.base.id.0.clone()),
                    ]);
                    let expense = Route::NewExpense(p.clone()).href();
                    view! {
                        <a class="btn" id="opp-expense" href=expense>{i.tr(K::NewExpenseLink)}</a>
                        <a class="btn" id="opp-quote" href=Route::NewQuote(p).href()>{i.tr(K::NewQuoteLink)}</a>
                    }
                })}
                <a class="btn" href=back>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="opp-save">{i.tr(K::Save)}</button>
            </div>
        </form>
        {(!adding).then(|| {
            let (customer, opportunity) = (e.base.customer.clone(), e.base.id.clone());
            view! {
                <crate::pages::tasks::TasksCard customer=customer opportunity=opportunity readonly=false/>
                <History o=e.base/>
            }
        })}
    }
}

/// Deletes `o`, offering undo, and goes back to its customer.
fn delete(o: Opportunity) {
    let back = Route::Customer(o.customer.0.clone());
    crate::pages::delete_with_undo(o, M::Deleted, back);
}

/// Every stage the opportunity entered, with its date.
#[component]
fn History(o: Opportunity) -> impl IntoView {
    let i = use_i18n();
    view! {
        <section class="card" id="opp-history">
            <h2>{i.tr(M::History)}</h2>
            <ol class="stage-history">
                {o.history.into_iter().map(|c| {
                    let day = platform::local_day(c.at);
                    view! { <li>{move || c.to.label(i.get())}" "<span class="muted">{move || i18n::date(i.get(), day)}</span></li> }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The stage select, each open stage with its default probability.
#[component]
fn StandingSelect(draft: RwSignal<OpportunityDraft>) -> impl IntoView {
    let i = use_i18n();
    let label = move |s: Standing| match s {
        Standing::Open(st) => {
            let pct = (DEFAULT_PROBABILITY[st as usize] * 100.0).round();
            format!("{} ({pct}%)", s.label(i.get()))
        }
        _ => s.label(i.get()).to_string(),
    };
    view! {
        <div class="field">
            <label for="opp-stage">{i.tr(K::FStageOfSale)}</label>
            <select id="opp-stage" prop:value=move || draft.with(|d| d.standing.map(Standing::code).unwrap_or(""))
                on:change=move |ev| {
                    let v = Standing::from_code(&event_target_value(&ev));
                    draft.update(|d| d.standing = v);
                }>
                {Standing::ALL.iter().map(|&s| view! {
                    <option value=s.code() selected=move || draft.with(|d| d.standing == Some(s))>{move || label(s)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The page at `#/opportunities/<id>` or `#/opportunities/new?customer=<id>`.
#[component]
pub fn OpportunityPage(id: Option<String>, customer: Option<String>) -> impl IntoView {
    let loaded = crate::data::resource(vec![], move |db| {
        let (id, customer) = (id.clone(), customer.clone());
        async move {
            let (opp, cid) = match id {
                Some(id) => match db.doc::<Opportunity>(&id).await? {
                    Some(o) => {
                        let c = o.customer.0.clone();
                        (Some(o), c)
                    }
                    None => return Ok(None),
                },
                None => (None, customer.unwrap_or_default()),
            };
            let Some(c) = db.customer(&cid).await? else {
                return Ok(None);
            };
            Ok(Some(match opp {
                Some(base) => Editing {
                    base,
                    customer: c,
                    adding: false,
                },
                None => new_for(c),
            }))
        }
    });
    crate::pages::record_page(loaded, M::NotFound, |e| view! { <OpportunityEditor e=e/> })
}
