//! One quote at `#/quotes/<id>` or `#/quotes/new?customer=…&opportunity=…`: its
//! number, dates, owner and opportunity; lines picked from the catalogue (or typed),
//! each with quantity, price and discount; a discount on the whole and tax; the sums
//! and margin as they are typed; a warning when it would take the customer past their
//! credit limit; then sent, accepted (its order made and its opportunity won, in one
//! write) or rejected. The rules are `kehu_core::quote`'s.

use super::messages as M;
use super::{CustomerPicker, status_badge};
use crate::components::{OwnerSelect, TextField};
use crate::i18n::{self, K, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Params, Route, navigate};
use crate::state::use_app;
use kehu_core::opportunity::Standing;
use kehu_core::quote::{LineDraft, Quote, QuoteDraft, QuoteStatus, next_number, over_credit};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{Customer, Docs, Id, Opportunity, Product};
use leptos::prelude::*;

/// What the editor needs, read once.
#[derive(Clone)]
struct Loaded {
    quote: Quote,
    adding: bool,
    customer: Customer,
    /// What the customer owes: the opening balance plus the unpaid orders.
    owes: kehu_core::Cents,
    products: Vec<Product>,
    opportunities: Vec<Opportunity>,
}

/// The page at `#/quotes/<id>` or `#/quotes/new`.
#[component]
pub fn QuotePage(id: Option<String>, params: Params) -> impl IntoView {
    let i = use_i18n();
    let customer = params.get("customer").map(str::to_string);
    if id.is_none() && customer.is_none() {
        return view! { <CustomerPicker/> }.into_any();
    }
    let opportunity = params.get("opportunity").map(|o| Id(o.to_string()));
    // Read once: a write elsewhere never replaces what is being typed. After its own
    // writes the editor asks for a fresh read (`reread`).
    let loaded = crate::data::resource(vec![], move |db| {
        let (id, customer, opportunity) = (id.clone(), customer.clone(), opportunity.clone());
        async move {
            let (quote, adding) = match id {
                Some(id) => match db.doc::<Quote>(&id).await? {
                    Some(q) => (q, false),
                    None => return Ok(Err(M::NotFound)),
                },
                None => {
                    let all = db.all_docs::<Quote>().await?;
                    let today = platform::today();
                    let number = next_number(all.iter().map(|q| q.number.as_str()), today.year());
                    let cid = Id(customer.unwrap_or_default());
                    let mut q = Quote::new(platform::new_id(), cid, number, today, platform::now());
                    q.opportunity = opportunity;
                    (q, true)
                }
            };
            let Some(customer) = db.customer(quote.customer.as_str()).await? else {
                return Ok(Err(M::NoCustomer));
            };
            let products = db.all_docs::<Product>().await?;
            let opportunities = db.docs_of::<Opportunity>(customer.id.as_str()).await?;
            let unpaid = kehu_core::OrderSummary::of(&db.orders_of(customer.key).await?).owed;
            Ok(Ok(Loaded {
                quote,
                adding,
                owes: kehu_core::Cents(customer.arrears.0 + unpaid.0),
                customer,
                products,
                opportunities,
            }))
        }
    });
    view! {
        <section class="page">
            {move || match loaded.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(Err(why))) => view! { <p class="panel">{i.t(why)}</p> }.into_any(),
                Some(Ok(Ok(l))) => view! { <QuoteEditor loaded=l reread=Callback::new(move |_| loaded.refetch())/> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// The new-task page for a follow-up of quote `quote` of customer `customer`.
fn follow_up(quote: &str, customer: &str, title: &str) -> String {
    let p = [("customer", customer), ("quote", quote), ("title", title)];
    Route::NewTask(Params(
        p.map(|(k, v)| (k.to_string(), v.to_string())).to_vec(),
    ))
    .href()
}

#[component]
fn QuoteEditor(loaded: Loaded, reread: Callback<()>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let Loaded {
        quote,
        adding,
        customer,
        products,
        opportunities,
        owes,
    } = loaded;
    let mut start = QuoteDraft::from_quote(&quote);
    if adding {
        // A new quote starts with one line to fill and the customer's owner.
        start.lines.push(LineDraft::default());
        start.owner = crate::roster::me().unwrap_or_else(|| customer.owner.clone());
    }
    let draft = RwSignal::new(start);
    let opportunity = RwSignal::new(quote.opportunity.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let status = quote.status_on(platform::today());
    let decided = !quote.status.is_open();
    let base = StoredValue::new(quote);
    let opps = StoredValue::new(opportunities);
    let (key, limit, arrears) = (customer.key, customer.credit_limit, owes);
    // Checks the draft; on success the quote it makes, with `to` as its status.
    let checked = move |to: Option<QuoteStatus>| -> Option<Quote> {
        match draft.with_untracked(|d| d.validate(base.get_value(), platform::now())) {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
                None
            }
            Ok(mut q) => {
                errors.set(Vec::new());
                q.opportunity = opportunity.get_untracked();
                if let Some(s) = to {
                    q.status = s;
                }
                Some(q)
            }
        }
    };
    // After a write: a new quote goes to its own address, a stored one is read again
    // (its status, the order it became).
    let written = move |id: Id| match adding {
        true => navigate(&Route::Quote(id.0)),
        false => reread.run(()),
    };
    let save = move |to: Option<QuoteStatus>| {
        let Some(q) = checked(to) else { return };
        let id = q.id.clone();
        app.write(
            move |db| async move { db.put_doc(&q).await },
            move |_| {
                app.say(M::Saved, None);
                written(id);
            },
        );
    };
    let accept = move |_| {
        let Some(mut q) = checked(Some(QuoteStatus::Accepted)) else {
            return;
        };
        let (now, today) = (platform::now(), platform::today());
        q.ordered = Some(now);
        let Some(order) = q.to_order(key, today) else {
            return;
        };
        if let Err(errs) = kehu_core::validate::check_order(order.clone(), today) {
            let why = errs.into_iter().next().map(|e| e.problem);
            app.toast_error(move |l| why.as_ref().map_or(String::new(), |p| i18n::problem(l, p)));
            return;
        }
        // Its opportunity, if still open, is won by it.
        let won: Vec<Opportunity> = opps.with_value(|all| {
            all.iter()
                .filter(|o| Some(&o.id) == q.opportunity.as_ref())
                .filter(|o| matches!(o.standing, Standing::Open(_)))
                .map(|o| {
                    let mut o = o.clone();
                    o.move_to(Standing::Won, now);
                    o
                })
                .collect()
        });
        let id = q.id.clone();
        let units = q.units();
        let mut docs = Docs {
            quotes: vec![q],
            opportunities: won,
            ..Docs::default()
        };
        app.write(
            move |db| async move {
                // The goods leave stock with the order, in the same write. Products are
                // read afresh here, not from when the page opened.
                for (pid, n) in units {
                    if let Some(mut p) = db.doc::<Product>(pid.as_str()).await?
                        && p.take(n, now)
                    {
                        docs.products.push(p);
                    }
                }
                db.add_order_with(&order, &docs).await
            },
            move |_| {
                app.say(M::AcceptedToast, None);
                written(id);
            },
        );
    };
    let credit = move || {
        let total = draft.with(|d| d.preview())?.total;
        let over = over_credit(limit, arrears, total)?;
        let cur = app.currency.get();
        let (over, limit) = (
            i18n::money(over, cur, false),
            i18n::money(limit?, cur, false),
        );
        Some(
            view! { <p class="panel panel-warn" id="quote-credit" role="alert">{M::over_credit(i.get(), &over, &limit)}</p> },
        )
    };
    let d = draft;
    let id = base.with_value(|q| q.id.0.clone());
    let ordered = base.with_value(|q| q.ordered.is_some());
    view! {
        <div class="page-head">
            <h1>{i.tr(M::EditTitle)}" "{move || d.with(|d| d.number.clone())}" "{status_badge(status)}</h1>
            <div class="page-actions">
                <a class="btn" href=Route::Customer(customer.id.0.clone()).href()>{customer.name.clone()}</a>
                {(!adding).then(|| view! { <a class="btn" id="quote-print" href=Route::QuotePrint(id.clone()).href()>{i.tr(M::Print)}</a> })}
                {(!adding).then(|| {
                    let (id, cid) = (id.clone(), customer.id.0.clone());
                    let number = d.with_untracked(|d| d.number.clone());
                    let href = move || follow_up(&id, &cid, &M::follow_up_title(i.get(), &number));
                    view! { <a class="btn" id="quote-task" href=href>{i.tr(M::FollowUp)}</a> }
                })}
            </div>
        </div>
        {ordered.then(|| view! {
            <p class="panel panel-ok" id="quote-ordered">{i.tr(M::BecameOrder)}" "
                <a href=Route::Customer(customer.id.0.clone()).href()>{i.tr(M::SeeOrders)}</a></p>
        })}
        {credit}
        <form class="card" id="quote-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save(None);
        }>
            <div class="grid-2">
                <TextField id="quote-number" label=K::FQuoteNumber draft=d get=|d| &d.number set=|d| &mut d.number field=Field::QuoteNumber errors=errors required=true/>
                <OwnerSelect id="quote-owner" label=K::FOppOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
                <TextField id="quote-issued" label=K::FIssued draft=d get=|d| &d.issued set=|d| &mut d.issued field=Field::QuoteIssued errors=errors input_type="date"/>
                <TextField id="quote-valid" label=K::FValidUntil draft=d get=|d| &d.valid_until set=|d| &mut d.valid_until field=Field::QuoteValidUntil errors=errors input_type="date"/>
                <OpportunitySelect opportunity=opportunity opps=opps/>
            </div>
            <Lines draft=d errors=errors products=products/>
            <div class="grid-2">
                <TextField id="quote-discount" label=M::DiscountPct draft=d get=|d| &d.discount set=|d| &mut d.discount field=Field::QuoteDiscount errors=errors input_mode="decimal"/>
                <TextField id="quote-tax" label=M::TaxPct draft=d get=|d| &d.tax set=|d| &mut d.tax field=Field::QuoteTax errors=errors input_mode="decimal"/>
            </div>
            <Sums draft=d/>
            <TextField id="quote-terms" label=K::FTerms draft=d get=|d| &d.terms set=|d| &mut d.terms field=Field::QuoteTerms errors=errors multiline=true/>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="quote-delete" on:click=move |_| {
                        crate::pages::delete_with_undo(base.get_value(), M::Deleted, Route::Quotes(Params::default()));
                    }>{i.tr(K::Delete)}</button>
                })}
                <button type="submit" class="btn" id="quote-save">{i.tr(M::Save)}</button>
                {(!decided).then(|| view! {
                    <button type="button" class="btn" id="quote-sent" on:click=move |_| save(Some(QuoteStatus::Sent))>{i.tr(M::MarkSent)}</button>
                    <button type="button" class="btn" id="quote-reject" on:click=move |_| save(Some(QuoteStatus::Rejected))>{i.tr(M::Reject)}</button>
                    <button type="button" class="btn btn-primary" id="quote-accept" on:click=accept>{i.tr(M::Accept)}</button>
                })}
            </div>
        </form>
    }
}

/// The customer's opportunity the quote is for (their open ones, and the one it has).
#[component]
fn OpportunitySelect(
    opportunity: RwSignal<Option<Id>>,
    opps: StoredValue<Vec<Opportunity>>,
) -> impl IntoView {
    let i = use_i18n();
    let current = opportunity.get_untracked();
    let offered: Vec<(String, String)> = opps.with_value(|all| {
        all.iter()
            .filter(|o| matches!(o.standing, Standing::Open(_)) || Some(&o.id) == current.as_ref())
            .map(|o| (o.id.0.clone(), o.title.clone()))
            .collect()
    });
    view! {
        <div class="field">
            <label for="quote-opportunity">{i.tr(M::ForOpportunity)}</label>
            <select id="quote-opportunity"
                prop:value=move || opportunity.get().map(|o| o.0).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    opportunity.set((!v.is_empty()).then_some(Id(v)));
                }>
                <option value="">{i.tr(M::NoOpportunity)}</option>
                {offered.into_iter().map(|(id, title)| {
                    let selected = current.as_ref().is_some_and(|c| c.0 == id);
                    view! { <option value=id selected=selected>{title}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The lines: a product (or typed text), quantity, price and discount, and the line's
/// amount as typed.
#[component]
fn Lines(
    draft: RwSignal<QuoteDraft>,
    errors: RwSignal<Vec<FieldError>>,
    products: Vec<Product>,
) -> impl IntoView {
    let i = use_i18n();
    let products = StoredValue::new(products);
    let count = Memo::new(move |_| draft.with(|d| d.lines.len()));
    let rows = move || {
        (0..count.get())
            .map(|n| view! { <LineRow n=n draft=draft errors=errors products=products/> })
            .collect_view()
    };
    view! {
        <fieldset class="quote-lines">
            <legend>{i.tr(M::Lines)}</legend>
            <div class="table-wrap">
                <table class="table" id="quote-lines">
                    <thead><tr>
                        <th scope="col">{i.tr(M::Line)}</th>
                        <th scope="col" class="num">{i.tr(K::Quantity)}</th>
                        <th scope="col" class="num">{i.tr(K::UnitPrice)}</th>
                        <th scope="col" class="num">{i.tr(K::FDiscount)}" %"</th>
                        <th scope="col" class="num">{i.tr(M::LineTotal)}</th>
                        <th scope="col"><span class="visually-hidden">{i.tr(M::RemoveLine)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="button" class="btn btn-small" id="quote-add-line"
                on:click=move |_| draft.update(|d| d.lines.push(LineDraft::default()))>{i.tr(M::AddLine)}</button>
        </fieldset>
    }
}

/// One line's inputs; choosing a product fills in its name, unit, price and cost.
#[component]
fn LineRow(
    n: usize,
    draft: RwSignal<QuoteDraft>,
    errors: RwSignal<Vec<FieldError>>,
    products: StoredValue<Vec<Product>>,
) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let get = move |f: fn(&LineDraft) -> &String| {
        move || draft.with(|d| d.lines.get(n).map(|l| f(l).clone()).unwrap_or_default())
    };
    let set = move |f: fn(&mut LineDraft) -> &mut String| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            draft.update(|d| {
                if let Some(l) = d.lines.get_mut(n) {
                    *f(l) = v;
                }
            });
        }
    };
    let chosen = move || {
        draft.with(|d| {
            d.lines
                .get(n)
                .and_then(|l| l.product.clone())
                .map(|p| p.0)
                .unwrap_or_default()
        })
    };
    let pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let p = products.with_value(|all| all.iter().find(|p| p.id.0 == v).cloned());
        draft.update(|d| {
            let Some(l) = d.lines.get_mut(n) else { return };
            match p {
                Some(p) => {
                    let quantity = std::mem::take(&mut l.quantity);
                    *l = LineDraft::of(&kehu_core::quote::QuoteLine::of(&p));
                    if !quantity.trim().is_empty() {
                        l.quantity = quantity;
                    }
                }
                None => l.product = None,
            }
        });
    };
    let err = move |f: Field| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|e| e.field == f)
                    .map(|e| i18n::problem(i.get(), &e.problem))
            })
        }
    };
    let amount = move || {
        draft
            .with(|d| d.lines.get(n).map(|l| l.preview().net()))
            .map(|c| i18n::money(kehu_core::Cents(c as i64), app.currency.get(), false))
    };
    let offered = products.with_value(|all| {
        let now = chosen();
        all.iter()
            .filter(|p| p.active || p.id.0 == now)
            .map(|p| (p.id.0.clone(), p.label()))
            .collect::<Vec<_>>()
    });
    let id = |what: &str| format!("line-{n}-{what}");
    view! {
        <tr class="quote-line">
            <td>
                <select id=id("product") aria-label=i.tr(K::Product) prop:value=chosen on:change=pick>
                    <option value="">{i.tr(M::Typed)}</option>
                    {offered.into_iter().map(|(v, label)| view! { <option value=v>{label}</option> }).collect_view()}
                </select>
                <input id=id("name") aria-label=i.tr(M::Line) prop:value=get(|l| &l.name) on:input=set(|l| &mut l.name)/>
                <span class="field-error" id=id("name-err")>{err(Field::LineName(n))}</span>
            </td>
            <td class="num">
                <input id=id("qty") class="input-num" inputmode="numeric" aria-label=i.tr(K::Quantity)
                    prop:value=get(|l| &l.quantity) on:input=set(|l| &mut l.quantity)/>
                <span class="field-error" id=id("qty-err")>{err(Field::LineQuantity(n))}</span>
            </td>
            <td class="num">
                <input id=id("price") class="input-num" inputmode="decimal" aria-label=i.tr(K::UnitPrice)
                    prop:value=get(|l| &l.unit_price) on:input=set(|l| &mut l.unit_price)/>
                <span class="field-error" id=id("price-err")>{err(Field::LinePrice(n))}</span>
            </td>
            <td class="num">
                <input id=id("discount") class="input-num" inputmode="decimal" aria-label=i.tr(K::FDiscount)
                    prop:value=get(|l| &l.discount) on:input=set(|l| &mut l.discount)/>
                <span class="field-error" id=id("discount-err")>{err(Field::LineDiscount(n))}</span>
            </td>
            <td class="num line-amount">{amount}</td>
            <td>
                <button type="button" class="btn btn-icon" id=id("remove") aria-label=i.tr(M::RemoveLine)
                    on:click=move |_| draft.update(|d| { if n < d.lines.len() { d.lines.remove(n); } })>"×"</button>
            </td>
        </tr>
    }
}

/// The sums as typed: lines, discount, before tax, tax, total, and the margin when
/// every line's cost is known.
#[component]
fn Sums(draft: RwSignal<QuoteDraft>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let totals = Memo::new(move |_| draft.with(|d| d.preview()).unwrap_or_default());
    let money = move |c: kehu_core::Cents| i18n::money(c, app.currency.get(), false);
    let row = move |label,
                    id: &'static str,
                    value: fn(&kehu_core::quote::Totals) -> kehu_core::Cents| {
        view! { <tr><th scope="row">{i.tr(label)}</th><td class="num" id=id>{move || money(value(&totals.get()))}</td></tr> }
    };
    let margin = move || {
        let t = totals.get();
        match t.margin() {
            Some(m) => money(m),
            None => i.t(M::MarginUnknown).to_string(),
        }
    };
    view! {
        <table class="table quote-sums" id="quote-sums">
            <tbody>
                {row(M::LinesTotal, "sum-lines", |t| t.lines)}
                {row(M::Discount, "sum-discount", |t| t.discount)}
                {row(M::Net, "sum-net", |t| t.net)}
                {row(M::Tax, "sum-tax", |t| t.tax)}
                {row(M::Total, "sum-total", |t| t.total)}
                <tr class="muted"><th scope="row">{i.tr(M::Margin)}</th><td class="num" id="sum-margin">{margin}</td></tr>
            </tbody>
        </table>
    }
}
