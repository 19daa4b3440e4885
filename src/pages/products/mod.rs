//! The catalogue (产品) at `#/products`: a search, a category filter and the
//! discontinued ones on asking; price, cost, margin and stock per product. One product's
//! form is `form.rs`. The office shows these pages (`office.rs`).

mod form;
mod messages;
mod together;

use crate::data::{self, Topic};
use crate::i18n::{self, K, use_i18n};
use crate::route::{Params, Route};
use crate::state::use_app;
pub use form::ProductPage;
use kehu_core::Product;
use kehu_core::product::{categories, listed};
use leptos::prelude::*;
use messages as M;

/// The list's filters, kept in the address.
#[derive(Debug, Clone, PartialEq, Default)]
struct Filter {
    text: String,
    category: String,
    all: bool,
}

impl Filter {
    fn of(p: &Params) -> Filter {
        Filter {
            text: p.get("q").unwrap_or("").into(),
            category: p.get("category").unwrap_or("").into(),
            all: p.get("all") == Some("1"),
        }
    }

    fn params(&self) -> Params {
        Params(vec![
            ("q".into(), self.text.clone()),
            ("category".into(), self.category.clone()),
            (
                "all".into(),
                if self.all { "1".into() } else { String::new() },
            ),
        ])
    }
}

#[component]
pub fn ProductsPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let filter = RwSignal::new(Filter::of(&params));
    Effect::new(move |_| crate::route::replace(&Route::Products(filter.get().params())));
    let products = data::resource(vec![Topic::of::<Product>()], |db| async move {
        db.all_docs::<Product>().await
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::Quotes(Params::default()).href()>{i.tr(M::Quotes)}</a>
                    <a class="btn" id="import-products" href=Route::Import(kehu_core::import::mapping::ImportKind::Products).href()>{i.tr(K::NavImport)}</a>
                    <a class="btn btn-primary" id="new-product" href=Route::NewProduct.href()>{i.tr(M::NewProduct)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            {move || match products.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="panel muted" id="no-products">{i.t(M::Empty)}</p> }.into_any(),
                Some(Ok(all)) => view! { <Filters filter=filter categories=categories(&all)/><ProductTable all=all filter=filter/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Filters(filter: RwSignal<Filter>, categories: Vec<String>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="toolbar">
            <div class="field field-inline">
                <label for="products-search">{i.tr(M::Search)}</label>
                <input id="products-search" type="search" placeholder=i.tr(M::SearchPlaceholder)
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev))/>
            </div>
            <div class="field field-inline">
                <label for="products-category">{i.tr(K::FCategory)}</label>
                <select id="products-category" prop:value=move || filter.with(|f| f.category.clone())
                    on:change=move |ev| filter.update(|f| f.category = event_target_value(&ev))>
                    <option value="">{i.tr(M::AnyCategory)}</option>
                    {categories.into_iter().map(|c| {
                        let v = c.clone();
                        view! { <option value=v>{c}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field field-check">
                <input type="checkbox" id="products-all" prop:checked=move || filter.with(|f| f.all)
                    on:change=move |ev| filter.update(|f| f.all = event_target_checked(&ev))/>
                <label for="products-all">{i.tr(M::ShowAll)}</label>
            </div>
        </div>
    }
}

/// The stock as the list shows it: the count, "out of stock" at none, or that it is
/// not counted.
fn stock_cell(stock: Option<i64>) -> impl IntoView {
    let i = use_i18n();
    match stock {
        None => view! { <span class="muted">{i.tr(M::NotCounted)}</span> }.into_any(),
        Some(n) if n <= 0 => {
            view! { <span class="badge badge-danger">{i.tr(M::OutOfStock)}" "{n}</span> }.into_any()
        }
        Some(n) => view! { <span>{i18n::group(n as u64)}</span> }.into_any(),
    }
}

#[component]
fn ProductTable(all: Vec<Product>, filter: RwSignal<Filter>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let all = StoredValue::new(all);
    let rows = move || {
        let f = filter.get();
        all.with_value(|all| {
            listed(all, &f.text, &f.category, f.all)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let row = move |p: Product| {
        let (price, cost) = (p.price, p.cost);
        let margin = p.margin_bp().map(|m| i18n::percent(m as f64 / 10_000.0));
        let class = if p.active {
            "product-row"
        } else {
            "product-row row-muted"
        };
        view! {
            <tr class=class>
                <td class="mono">{p.sku.clone()}</td>
                <th scope="row"><a href=Route::Product(p.id.0.clone()).href()>{p.name.clone()}</a>
                    {(!p.active).then(|| view! { " "<span class="badge badge-neutral">{i.tr(M::Discontinued)}</span> })}</th>
                <td>{p.category.clone()}</td>
                <td>{p.unit.clone()}</td>
                <td class="num">{move || i18n::money(price, app.currency.get(), false)}</td>
                <td class="num">{move || cost.map(|c| i18n::money(c, app.currency.get(), false))}</td>
                <td class="num">{margin}</td>
                <td class="num">{stock_cell(p.stock)}</td>
            </tr>
        }
    };
    move || {
        let list = rows();
        if list.is_empty() {
            return view! { <p class="panel muted" id="no-match">{i.t(M::NoMatch)}</p> }.into_any();
        }
        view! {
            <div class="table-wrap table-scroll">
                <table class="table" id="product-table">
                    <thead><tr>
                        <th scope="col">{i.tr(K::FSku)}</th>
                        <th scope="col">{i.tr(K::FProductName)}</th>
                        <th scope="col">{i.tr(K::FCategory)}</th>
                        <th scope="col">{i.tr(K::FUnit)}</th>
                        <th scope="col" class="num">{i.tr(K::FListPrice)}</th>
                        <th scope="col" class="num">{i.tr(K::FCost)}</th>
                        <th scope="col" class="num">{i.tr(M::ColMargin)}</th>
                        <th scope="col" class="num">{i.tr(K::FStock)}</th>
                    </tr></thead>
                    <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
