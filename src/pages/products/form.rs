//! One product's form at `#/products/<id>` or `#/products/new`: code, name, category
//! (offering the ones in use), unit, price, cost with the margin as it is typed, stock
//! and whether it is on sale. The rules are `kehu_core::product`'s. Below a saved
//! product's form: what it is bought together with (`together.rs`).

use super::messages as M;
use crate::components::{CheckField, TextField};
use crate::i18n::{self, K, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Params, Route, navigate};
use crate::state::use_app;
use kehu_core::Product;
use kehu_core::product::{ProductDraft, categories, margin_bp};
use kehu_core::validate::{Field, FieldError};
use leptos::prelude::*;

#[component]
fn ProductEditor(base: Product, adding: bool, others: Vec<Product>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(ProductDraft::from_product(&base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let base = StoredValue::new(base);
    let in_use = categories(&others);
    let others = StoredValue::new(others);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = draft.with_untracked(|d| {
            others.with_value(|o| d.validate(base.get_value(), o, platform::now()))
        });
        match checked {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
            }
            Ok(p) => app.write(
                move |db| async move { db.put_doc(&p).await },
                move |_| {
                    app.say(M::Saved, None);
                    navigate(&Route::Products(Params::default()));
                },
            ),
        }
    };
    // The margin of one unit, once price and cost read as money.
    let margin = move || {
        draft.with(|d| {
            let price = kehu_core::Cents::parse(&d.price).ok()?;
            let cost = kehu_core::Cents::parse(&d.cost).ok()?;
            let pct = i18n::percent(margin_bp(price, cost)? as f64 / 10_000.0);
            let amount = i18n::money(
                kehu_core::Cents(price.0 - cost.0),
                app.currency.get(),
                false,
            );
            Some(M::margin_line(i.get(), &amount, &pct))
        })
    };
    let d = draft;
    view! {
        <div class="page-head">
            <h1>{move || if adding { i.t(M::NewProduct) } else { i.t(M::EditTitle) }}</h1>
        </div>
        <form class="card" id="product-form" on:submit=save novalidate>
            <div class="grid-2">
                <TextField id="product-sku" label=K::FSku draft=d get=|d| &d.sku set=|d| &mut d.sku field=Field::ProductSku errors=errors required=true/>
                <TextField id="product-name" label=K::FProductName draft=d get=|d| &d.name set=|d| &mut d.name field=Field::ProductName errors=errors required=true/>
                <div class="field">
                    <label for="product-category">{i.tr(K::FCategory)}</label>
                    <input id="product-category" list="product-categories"
                        prop:value=move || d.with(|d| d.category.clone())
                        on:input=move |ev| d.update(|d| d.category = event_target_value(&ev))/>
                    <datalist id="product-categories">
                        {in_use.into_iter().map(|c| view! { <option value=c/> }).collect_view()}
                    </datalist>
                </div>
                <TextField id="product-unit" label=K::FUnit draft=d get=|d| &d.unit set=|d| &mut d.unit field=Field::ProductUnit errors=errors/>
                <TextField id="product-price" label=K::FListPrice draft=d get=|d| &d.price set=|d| &mut d.price field=Field::ProductPrice errors=errors input_mode="decimal" required=true/>
                <TextField id="product-cost" label=K::FCost draft=d get=|d| &d.cost set=|d| &mut d.cost field=Field::ProductCost errors=errors input_mode="decimal"/>
                <TextField id="product-stock" label=K::FStock draft=d get=|d| &d.stock set=|d| &mut d.stock field=Field::ProductStock errors=errors input_mode="numeric" hint=M::StockHint/>
                <CheckField id="product-active" label=M::Active draft=d get=|d| d.active set=|d, v| d.active = v/>
            </div>
            <p class="muted" id="product-margin">{margin}</p>
            <TextField id="product-note" label=K::Note draft=d get=|d| &d.note set=|d| &mut d.note field=Field::ProductNote errors=errors multiline=true/>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="product-delete" on:click=move |_| {
                        crate::pages::delete_with_undo(base.get_value(), M::Deleted, Route::Products(Params::default()));
                    }>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=Route::Products(Params::default()).href()>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="product-save">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}

/// The page at `#/products/<id>` or `#/products/new`.
#[component]
pub fn ProductPage(id: Option<String>) -> impl IntoView {
    let loaded = crate::data::resource(vec![], move |db| {
        let id = id.clone();
        async move {
            let all = db.all_docs::<Product>().await?;
            let base = match id {
                Some(id) => match all.iter().find(|p| p.id.0 == id) {
                    Some(p) => (p.clone(), false),
                    None => return Ok(None),
                },
                None => (Product::new(platform::new_id(), platform::now()), true),
            };
            Ok(Some((base, all)))
        }
    });
    crate::pages::record_page(loaded, M::NotFound, |((base, adding), all)| {
        let id = (!adding).then(|| base.id.0.clone());
        view! {
            <ProductEditor base=base adding=adding others=all/>
            {id.map(|id| view! { <super::together::BoughtTogether id=id/> })}
        }
    })
}
