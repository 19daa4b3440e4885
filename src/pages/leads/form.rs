//! One lead's form at `#/leads/<id>` or `#/leads/new`: its details, status, score and
//! owner (by hand, or by the region rule), and the conversion into a customer and an
//! opportunity. The rules are `kehu_core::lead`'s.

use super::messages as M;
use crate::components::{CodeSelect, OwnerSelect, TextField};
use crate::i18n::{self, K, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::roster::me;
use crate::route::{Params, Route, navigate};
use crate::state::use_app;
use kehu_core::lead::{self, Lead, LeadDraft, LeadStatus, NewIds};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{Docs, SourceChannel, Staff};
use leptos::prelude::*;

#[component]
fn LeadEditor(base: Lead, adding: bool, staff: Vec<Staff>, leads: Vec<Lead>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(LeadDraft::from_lead(&base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let nobody = RwSignal::new(false);
    let base = StoredValue::new(base);
    // The region rule's owner for a region, if anybody covers it.
    let open = lead::open_by_owner(&leads);
    let rule = StoredValue::new((staff, open));
    let owner_for = move |region: &str| {
        rule.with_value(|(staff, open)| lead::owner_by_region(region, staff, open))
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(|d| d.validate(base.get_value(), platform::now())) {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
            }
            Ok(mut l) => {
                // A new lead nobody took follows its region (the territories).
                if adding && l.owner.is_empty() {
                    l.owner = owner_for(&l.region).map(|id| id.0).unwrap_or_default();
                }
                app.write(
                    move |db| async move { db.put_doc(&l).await },
                    move |_| {
                        app.say(M::Saved, None);
                        navigate(&Route::Leads(Params::default()));
                    },
                )
            }
        }
    };
    let by_region = move |_| {
        let region = draft.with_untracked(|d| d.region.clone());
        match owner_for(&region) {
            Some(id) => {
                nobody.set(false);
                draft.update(|d| d.owner = id.0);
            }
            None => nobody.set(true),
        }
    };
    let auto = move || {
        draft.with(|d| {
            d.validate(base.get_value(), platform::now())
                .ok()
                .map(|l| M::auto_score(i.get(), l.computed_score()))
        })
    };
    let converted = base.with_value(|b| b.converted.clone());
    let locked = base.with_value(|b| b.status == LeadStatus::Converted);
    let d = draft;
    view! {
        <div class="page-head">
            <h1>{move || if adding { i.t(M::NewLead) } else { i.t(M::EditTitle) }}</h1>
        </div>
        {converted.map(|c| view! {
            <p class="panel panel-ok" id="lead-converted">{i.tr(M::ConvertedTo)}" "
                <a id="lead-customer" href=Route::Customer(c.customer.0.clone()).href()>{i.tr(M::OpenCustomer)}</a>" · "
                <a href=Route::Opportunity(c.opportunity.0.clone()).href()>{i.tr(M::OpenOpportunity)}</a>
            </p>
        })}
        <form class="card" id="lead-form" on:submit=save novalidate>
            <div class="grid-2">
                <TextField id="lead-name" label=M::FName draft=d get=|d| &d.name set=|d| &mut d.name field=Field::LeadName errors=errors required=true/>
                <TextField id="lead-company" label=M::FCompany draft=d get=|d| &d.company set=|d| &mut d.company field=Field::LeadCompany errors=errors/>
                <TextField id="lead-phone" label=K::FPhone draft=d get=|d| &d.phone set=|d| &mut d.phone field=Field::LeadPhone errors=errors input_type="tel"/>
                <TextField id="lead-email" label=K::FEmail draft=d get=|d| &d.email set=|d| &mut d.email field=Field::LeadEmail errors=errors input_type="email"/>
                <TextField id="lead-region" label=K::FRegion draft=d get=|d| &d.region set=|d| &mut d.region field=Field::LeadRegion errors=errors/>
                <TextField id="lead-city" label=K::FCity draft=d get=|d| &d.city set=|d| &mut d.city field=Field::LeadCity errors=errors/>
                <CodeSelect id="lead-source" label=K::FSource draft=d get=|d| d.source set=|d, v| d.source = v
                    all=SourceChannel::ALL code=SourceChannel::code from_code=SourceChannel::from_code optional=true/>
                // A converted lead's status is shown, not offered.
                <CodeSelect id="lead-status" label=M::ColStatus draft=d get=|d| Some(d.status) set=|d, v| if let Some(st) = v { d.status = st }
                    all=if locked { &LeadStatus::ALL } else { &LeadStatus::SETTABLE } code=LeadStatus::code from_code=LeadStatus::from_code disabled=locked/>
                <div class="field">
                    <OwnerSelect id="lead-owner" label=K::FOppOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
                    <button type="button" class="btn btn-small" id="lead-by-region" on:click=by_region>{i.tr(M::ByRegion)}</button>
                    {adding.then(|| view! { <div class="field-hint">{i.tr(M::OwnerHint)}</div> })}
                    <Show when=move || nobody.get()>
                        <div class="field-error" id="lead-by-region-err" role="alert">{i.tr(M::NobodyForRegion)}</div>
                    </Show>
                </div>
                <TextField id="lead-score" label=M::FScore draft=d get=|d| &d.score set=|d| &mut d.score field=Field::LeadScore errors=errors input_mode="numeric" hint=M::FScoreHint/>
                <TextField id="lead-interest" label=M::FInterest draft=d get=|d| &d.interest set=|d| &mut d.interest field=Field::LeadInterest errors=errors/>
                <TextField id="lead-amount" label=M::FAmount draft=d get=|d| &d.amount set=|d| &mut d.amount field=Field::LeadAmount errors=errors input_mode="decimal"/>
            </div>
            <p class="muted" id="lead-auto-score">{auto}</p>
            <TextField id="lead-note" label=K::Note draft=d get=|d| &d.note set=|d| &mut d.note field=Field::LeadNote errors=errors multiline=true/>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="lead-delete" on:click=move |_| delete(base.get_value())>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=Route::Leads(Params::default()).href()>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="lead-save">{i.tr(K::Save)}</button>
            </div>
        </form>
        {(!adding && !locked).then(|| view! { <ConvertCard lead=base/> })}
    }
}

/// Converting, for a stored lead: offered once it is qualified (as stored), with a
/// warning when a customer with its phone or email exists.
#[component]
fn ConvertCard(lead: StoredValue<Lead>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let qualified = lead.with_value(|l| l.status == LeadStatus::Qualified);
    let twin = app.rows.with_untracked(|rows| {
        lead.with_value(|l| {
            super::list::already_customer(l, rows).map(|r| (r.id.0.clone(), r.name.clone()))
        })
    });
    let convert = move |_| {
        let l = lead.get_value();
        let lang = i.lang.get_untracked();
        let ids = NewIds {
            customer: platform::new_id(),
            opportunity: platform::new_id(),
            note: platform::new_id(),
        };
        let made = lead::convert(
            &l,
            ids,
            M::ConvertedNote.text(lang),
            M::FirstDeal.text(lang),
            platform::now(),
            platform::today(),
        );
        match made {
            Err(lead::ConvertError::NotQualified) => {
                app.toast_error(|l| M::OnlyQualified.text(l).to_string())
            }
            Err(lead::ConvertError::Invalid(errs)) => {
                let why = errs.into_iter().next().map(|e| e.problem);
                app.toast_error(move |l| {
                    let why = why.as_ref().map_or(String::new(), |p| i18n::problem(l, p));
                    M::cannot_convert(l, &why)
                });
            }
            Ok(c) => {
                let (to, name) = (Route::Customer(c.customer.id.0.clone()), l.display_name());
                let batch = kehu_store::Batch {
                    customers: vec![c.customer],
                    docs: Docs {
                        opportunities: vec![c.opportunity],
                        interactions: vec![c.note],
                        leads: vec![c.lead],
                        ..Docs::default()
                    },
                    ..Default::default()
                };
                app.write(
                    move |db| async move { db.import(batch, |_, _| {}).await },
                    move |saved| {
                        app.upsert_many(&saved);
                        app.toast(move |l| M::converted(l, &name), None);
                        navigate(&to);
                    },
                );
            }
        }
    };
    view! {
        <section class="card" id="lead-convert">
            <h2>{i.tr(M::Convert)}</h2>
            <p class="muted">{move || i.t(if qualified { M::ConvertIntro } else { M::OnlyQualified })}</p>
            {twin.map(|(id, name)| view! {
                <p class="panel panel-warn" id="lead-twin">{i.tr(M::MaybeCustomer)}" "<a href=Route::Customer(id).href()>{name}</a></p>
            })}
            <button type="button" class="btn btn-primary" id="lead-convert-btn" disabled=!qualified on:click=convert>{i.tr(M::Convert)}</button>
        </section>
    }
}

/// Deletes `l`, offering undo, and goes back to the leads.
fn delete(l: Lead) {
    crate::pages::delete_with_undo(l, M::Deleted, Route::Leads(Params::default()));
}

/// The page at `#/leads/<id>` or `#/leads/new`.
#[component]
pub fn LeadPage(id: Option<String>) -> impl IntoView {
    let loaded = crate::data::resource(vec![], move |db| {
        let id = id.clone();
        async move {
            let staff = db.all_docs::<Staff>().await?;
            let leads = db.all_docs::<Lead>().await?;
            let (base, adding) = match id {
                Some(id) => match leads.iter().find(|l| l.id.0 == id) {
                    Some(l) => (l.clone(), false),
                    None => return Ok(None),
                },
                None => {
                    let mut l = Lead::new(platform::new_id(), platform::now());
                    l.owner = me().unwrap_or_default();
                    (l, true)
                }
            };
            Ok(Some((base, adding, staff, leads)))
        }
    });
    crate::pages::record_page(
        loaded,
        M::NotFound,
        |(base, adding, staff, leads)| view! { <LeadEditor base=base adding=adding staff=staff leads=leads/> },
    )
}
