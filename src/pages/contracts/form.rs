//! One contract or warranty at `#/contracts/<id>` or `#/contracts/new?customer=…`: its
//! type, title, product, period, value, what it covers and who looks after it. Saving
//! writes it and its renewal task in one write (`Contract::renewal`: one task per
//! contract, moved when the contract is renewed). The rules are `kehu_core::contract`'s.

use super::messages as M;
use crate::components::{CodeSelect, OwnerSelect, TextField};
use crate::i18n::{K, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Params, Route, navigate};
use crate::state::use_app;
use kehu_core::contract::{Contract, ContractDraft, ContractKind};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{Docs, Id, Task};
use leptos::prelude::*;

/// Where the contract goes back to: its customer's contracts.
fn back(c: &Contract) -> Route {
    Route::Contracts(Params(vec![("customer".into(), c.customer.0.clone())]))
}

/// Writes `c` with its renewal task as it should now be, in one write.
async fn save(
    db: kehu_store::Db,
    c: Contract,
    title: String,
) -> Result<(), kehu_store::StoreError> {
    let kept = db.doc::<Task>(c.renewal_id().as_str()).await?;
    let task = c.renewal(kept.as_ref(), &title, platform::today(), platform::now());
    let docs = Docs {
        contracts: vec![c],
        tasks: task.into_iter().collect(),
        ..Docs::default()
    };
    db.put_together(&docs).await
}

#[component]
fn ContractEditor(base: Contract, adding: bool, customer_name: String) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(ContractDraft::from_contract(&base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let base = StoredValue::new(base);
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(|d| d.validate(base.get_value(), platform::now())) {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
            }
            Ok(c) => {
                let (to, title) = (back(&c), M::renew(i.lang.get_untracked(), &c.title));
                app.write(
                    move |db| save(db, c, title),
                    move |_| {
                        app.say(M::Saved, None);
                        navigate(&to);
                    },
                )
            }
        }
    };
    let customer = base.with_value(|c| c.customer.clone());
    let d = draft;
    view! {
        <div class="page-head">
            <h1>{move || if adding { i.t(M::NewContract) } else { i.t(M::EditTitle) }}</h1>
        </div>
        <form class="card" id="contract-form" on:submit=on_save novalidate>
            <p class="muted" id="contract-for">{i.tr(M::ForCustomer)}" "
                <a href=Route::Customer(customer.0.clone()).href()>{customer_name}</a>
            </p>
            <div class="grid-2">
                <CodeSelect id="contract-kind" label=M::ColKind draft=d get=|d| Some(d.kind) set=|d, v| if let Some(k) = v { d.kind = k }
                    all=&ContractKind::ALL code=ContractKind::code from_code=ContractKind::from_code/>
                <TextField id="contract-title" label=K::FContractTitle draft=d get=|d| &d.title set=|d| &mut d.title field=Field::ContractTitle errors=errors required=true/>
                <super::ProductSelect id="contract-product" label=M::ColProduct none=M::AllProducts draft=d
                    get=|d| &d.product set=|d| &mut d.product/>
                <OwnerSelect id="contract-owner" label=K::FOppOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
                <TextField id="contract-start" label=K::FContractStart draft=d get=|d| &d.start set=|d| &mut d.start field=Field::ContractStart errors=errors input_type="date" required=true/>
                <TextField id="contract-end" label=K::FContractEnd draft=d get=|d| &d.end set=|d| &mut d.end field=Field::ContractEnd errors=errors input_type="date" required=true/>
                <TextField id="contract-value" label=K::FContractValue draft=d get=|d| &d.value set=|d| &mut d.value field=Field::ContractValue errors=errors input_mode="decimal"/>
            </div>
            <TextField id="contract-coverage" label=K::FContractCoverage draft=d get=|d| &d.coverage set=|d| &mut d.coverage field=Field::ContractCoverage errors=errors multiline=true/>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="contract-delete" on:click=move |_| {
                        let c = base.get_value();
                        let to = back(&c);
                        crate::pages::delete_with_undo(c, M::Deleted, to);
                    }>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=base.with_value(back).href()>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="contract-save">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}

/// The page at `#/contracts/<id>` or `#/contracts/new?customer=…`.
#[component]
pub fn ContractPage(id: Option<String>, params: Params) -> impl IntoView {
    let customer = params.get("customer").map(|c| Id(c.to_string()));
    let loaded = crate::data::resource(vec![], move |db| {
        let (id, customer) = (id.clone(), customer.clone());
        async move {
            let (base, adding) = match (id, customer) {
                (Some(id), _) => match db.doc::<Contract>(&id).await? {
                    Some(c) => (c, false),
                    None => return Ok(None),
                },
                (None, Some(c)) => {
                    let mut k =
                        Contract::new(platform::new_id(), c, platform::today(), platform::now());
                    k.owner = crate::roster::me().unwrap_or_default();
                    (k, true)
                }
                // A contract is always some customer's.
                (None, None) => return Ok(None),
            };
            let name = db.customer(base.customer.as_str()).await?.map(|c| c.name);
            Ok(name.map(|n| (base, adding, n)))
        }
    });
    crate::pages::record_page(loaded, M::NotFound, |(base, adding, name)| {
        view! { <ContractEditor base=base adding=adding customer_name=name/> }
    })
}
