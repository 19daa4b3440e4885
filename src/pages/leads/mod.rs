//! Leads (潜在客户) at `#/leads`: the list with counts by status, filters by status and
//! owner, and a search; one lead's form with the region rule and the conversion is
//! `form.rs`; what the list keeps and in which order is `list.rs`, tested natively.

mod form;
mod list;
mod messages;

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::roster::{owner_name, use_roster};
use crate::route::{Params, Route};
use crate::state::use_app;
pub use form::LeadPage;
use kehu_core::lead::{Lead, LeadStatus};
use leptos::prelude::*;
use list::LeadQuery;
use messages as M;

impl LeadQuery {
    fn from_params(p: &Params) -> LeadQuery {
        LeadQuery {
            status: p.get("status").and_then(LeadStatus::from_code),
            owner: p.get("owner").map(str::to_string),
            text: p.get("q").unwrap_or("").to_string(),
        }
    }

    fn to_params(&self) -> Params {
        let mut p = Vec::new();
        if let Some(s) = self.status {
            p.push(("status".into(), s.code().into()));
        }
        if let Some(o) = &self.owner {
            p.push(("owner".into(), o.clone()));
        }
        p.push(("q".into(), self.text.clone()));
        Params(p)
    }
}

#[component]
pub fn LeadsPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let query = RwSignal::new(LeadQuery::from_params(&params));
    // The address follows the filters (replaced, so Back leaves the page).
    Effect::new(move |_| crate::route::replace(&Route::Leads(query.get().to_params())));
    let leads = data::resource(vec![Topic::of::<Lead>()], |db| async move {
        db.all_docs::<Lead>().await
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::Pipeline.href()>{i.tr(K::NavPipeline)}</a>
                    <a class="btn" id="import-leads" href=Route::Import(kehu_core::import::mapping::ImportKind::Leads).href()>{i.tr(K::NavImport)}</a>
                    <a class="btn btn-primary" id="new-lead" href=Route::NewLead.href()>{i.tr(M::NewLead)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            {move || match leads.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="panel muted" id="no-leads">{i.t(M::Empty)}</p> }.into_any(),
                Some(Ok(all)) => view! { <StatusChips all=all.clone() query=query/><Filters query=query/><LeadTable all=all query=query/> }.into_any(),
            }}
        </section>
    }
}

/// How many leads of each status, each a filter (pressed when applied).
#[component]
fn StatusChips(all: Vec<Lead>, query: RwSignal<LeadQuery>) -> impl IntoView {
    let i = use_i18n();
    let chips = list::counts(&all)
        .into_iter()
        .map(|(s, n)| {
            let on = move || query.with(|q| q.status == Some(s));
            view! {
                <button type="button" class="chip" id=format!("leads-{}", s.code()) aria-pressed=move || on().to_string()
                    on:click=move |_| query.update(|q| q.status = if q.status == Some(s) { None } else { Some(s) })>
                    {move || s.label(i.get())}" "<span class="count">{n}</span>
                </button>
            }
        })
        .collect_view();
    view! { <div class="chips" role="group" aria-label=i.tr(M::ColStatus)>{chips}</div> }
}

#[component]
fn Filters(query: RwSignal<LeadQuery>) -> impl IntoView {
    let i = use_i18n();
    let owner = move || query.with(|q| q.owner.clone().unwrap_or_default());
    view! {
        <div class="toolbar">
            <div class="field field-inline">
                <label for="leads-search">{i.tr(M::Search)}</label>
                <input id="leads-search" type="search" placeholder=i.tr(M::SearchPlaceholder)
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |ev| query.update(|q| q.text = event_target_value(&ev))/>
            </div>
            <crate::components::PeopleFilter id="leads-owner" label=K::FOppOwner any=M::AnyOwner
                value=owner on_pick=move |v: String| query.update(|q| q.owner = (!v.is_empty()).then_some(v))/>
        </div>
    }
}

#[component]
fn LeadTable(all: Vec<Lead>, query: RwSignal<LeadQuery>) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let all = StoredValue::new(all);
    let rows = move || {
        let q = query.get();
        all.with_value(|all| q.run(all).into_iter().cloned().collect::<Vec<_>>())
    };
    let row = move |l: Lead| {
        let (status, source, owner) = (l.status, l.source, l.owner.clone());
        let place = [l.region.as_str(), l.city.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let amount = l.amount;
        let added = kehu_core::Millis::day(l.created);
        let open = Route::Lead(l.id.0.clone()).href();
        view! {
            <tr class="lead-row" data-id=l.id.0.clone()>
                <th scope="row"><a href=open>{l.display_name()}</a></th>
                <td><span class=format!("lead-status lead-{}", status.code())>{move || status.label(i.get())}</span></td>
                <td class="num">{l.score()}</td>
                <td>{move || source.map(|s| s.label(i.get()))}</td>
                <td>{place}</td>
                <td>{l.interest.clone()}{amount.map(|a| view! { " "<span class="muted">{move || i18n::money(a, app.currency.get(), false)}</span> })}</td>
                <td>{move || roster.with(|r| owner_name(r, &owner))}</td>
                <td>{move || i18n::date(i.get(), added)}</td>
            </tr>
        }
    };
    view! {
        {move || {
            let list = rows();
            if list.is_empty() {
                return view! { <p class="panel muted" id="no-match">{i.t(M::NoMatch)}</p> }.into_any();
            }
            view! {
                <div class="table-wrap table-scroll">
                    <table class="table" id="lead-table">
                        <thead><tr>
                            <th scope="col">{i.tr(M::ColLead)}</th>
                            <th scope="col">{i.tr(M::ColStatus)}</th>
                            <th scope="col" class="num">{i.tr(M::ColScore)}</th>
                            <th scope="col">{i.tr(M::ColSource)}</th>
                            <th scope="col">{i.tr(M::ColWhere)}</th>
                            <th scope="col">{i.tr(M::ColInterest)}</th>
                            <th scope="col">{i.tr(K::FOppOwner)}</th>
                            <th scope="col">{i.tr(M::ColAdded)}</th>
                        </tr></thead>
                        <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
    }
}
