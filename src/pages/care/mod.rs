//! The care and follow-up rules (`kehu_core::care`) at `#/care`: each rule's condition,
//! its task, who gets it and whether it is on; switched off here with one click, and
//! switched on only from its own page, after its preview (`form.rs`). The rules run in
//! the background (`crate::care`). The office shows these pages.

mod form;
pub(crate) mod messages;

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::platform;
use crate::roster::use_roster;
use crate::route::{Params, Route};
use crate::state::use_app;
pub use form::CareRulePage;
use kehu_core::care::CareRule;
use leptos::prelude::*;
use messages as M;

/// Every rule, again when one changes.
fn all_rules() -> LocalResource<Result<Vec<CareRule>, kehu_store::StoreError>> {
    data::resource(vec![Topic::of::<CareRule>()], |db| async move {
        let mut all = db.all_docs::<CareRule>().await?;
        all.sort_by_key(|r| r.created);
        Ok(all)
    })
}

/// Saves `r` switched on from today (`on`) or off, with a toast saying which.
pub(crate) fn switch(r: CareRule, on: bool, then: impl FnOnce() + 'static) {
    let app = use_app();
    let r = CareRule {
        since: on.then(platform::today),
        updated: platform::now(),
        ..r
    };
    let done = if on { M::SwitchedOn } else { M::SwitchedOff };
    app.write(
        move |db| async move { db.put_doc(&r).await },
        move |_| {
            app.say(done, None);
            then();
        },
    );
}

#[component]
pub fn CareRulesPage() -> impl IntoView {
    let i = use_i18n();
    let all = all_rules();
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::Tasks(Params::default()).href()>{i.tr(K::NavTasks)}</a>
                    <a class="btn btn-primary" id="new-care-rule" href=Route::NewCareRule.href()>{i.tr(M::NewRule)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            {move || match all.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="panel muted" id="no-care-rules">{i.t(M::Empty)}</p> }.into_any(),
                Some(Ok(all)) => view! { <Listed rules=all/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Listed(rules: Vec<CareRule>) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let row = move |r: CareRule| {
        let (trigger, task, owner) = (r.trigger.clone(), r.task, r.owner.clone());
        let title = r.title.clone();
        let when = move || {
            let cur = app.currency.get();
            M::when(i.get(), &trigger, &|c| i18n::money(c, cur, false))
        };
        let who = move || match owner.is_empty() {
            true => M::EachOwner.text(i.get()).to_string(),
            false => roster.with(|r| match r {
                Some(r) => r.name(&owner).to_string(),
                None => owner.clone(),
            }),
        };
        let status = r.since.map(|d| d.to_string());
        let status = move || match &status {
            Some(d) => M::on_since(i.get(), d),
            None => M::Off.text(i.get()).to_string(),
        };
        let id = r.id.0.clone();
        let action = match r.is_on() {
            true => {
                let r = r.clone();
                view! {
                    <button type="button" class="btn btn-small care-off" on:click=move |_| switch(r.clone(), false, || {})>
                        {i.tr(M::SwitchOff)}
                    </button>
                }.into_any()
            }
            false => view! {
                <a class="btn btn-small care-on" href=Route::CareRule(id.clone()).href()>{i.tr(M::PreviewAndOn)}</a>
            }.into_any(),
        };
        view! {
            <tr class="care-row" data-on=r.is_on().to_string()>
                <td><a href=Route::CareRule(r.id.0.clone()).href()>{r.name.clone()}</a></td>
                <td>{when}</td>
                <td>{move || M::task_line(i.get(), task.label(i.get()), &title)}</td>
                <td>{who}</td>
                <td class=if r.is_on() { "" } else { "muted" }>{status}</td>
                <td>{action}</td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap">
            <table class="table table-cards" id="care-table">
                <thead><tr>
                    <th scope="col">{i.tr(M::ColRule)}</th>
                    <th scope="col">{i.tr(M::ColWhen)}</th>
                    <th scope="col">{i.tr(M::ColTask)}</th>
                    <th scope="col">{i.tr(M::ColWho)}</th>
                    <th scope="col">{i.tr(M::ColStatus)}</th>
                    <th scope="col"><span class="visually-hidden">{i.tr(M::ColAction)}</span></th>
                </tr></thead>
                <tbody>{rules.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}
