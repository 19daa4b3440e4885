//! A launched campaign's effect and its members: what the worker reckons of it
//! (`kehu_core::marketing::effects`: attributed revenue, ROI, cost per response, the
//! lift over the control group with its interval), and the list itself, on which each
//! contacted member's responses are ticked one by one or for everyone shown at once
//! (one write).

use super::messages as M;
use super::{effects, roi_text, share};
use crate::components::Stat;
use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, Msg, use_i18n};
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::marketing::{Campaign, CampaignMember, Effect, ResponseKind};
use kehu_core::text::fold;
use kehu_core::{Cents, Id};
use leptos::prelude::*;
use std::collections::HashMap;

/// Members shown at once: ticking responses is done a screenful at a time, and a
/// list of thousands of rows would hold the page up.
const SHOWN: usize = 200;

#[component]
pub(super) fn Results(campaign: Campaign) -> impl IntoView {
    let i = use_i18n();
    let effects = effects();
    let id = campaign.id.clone();
    let cost = campaign.cost;
    let effect = move || match effects.get() {
        Some(Ok(v)) => Some(Ok(v.into_iter().find(|e| e.campaign == id))),
        Some(Err(e)) => Some(Err(e.why(i.get()))),
        None => None,
    };
    view! {
        <section class="card" id="campaign-effect" aria-live="polite">
            <h2>{i.tr(M::Effect)}</h2>
            <p class="muted">{i.tr(M::EffectNote)}</p>
            {move || match effect() {
                None => view! { <p class="loading">{i.t(M::Loading)}</p> }.into_any(),
                Some(Err(why)) => view! { <p class="panel panel-error" role="alert">{why}</p> }.into_any(),
                Some(Ok(None)) => ().into_any(),
                Some(Ok(Some(e))) => view! { <EffectStats e cost/> }.into_any(),
            }}
        </section>
        <Members campaign=campaign.id.clone()/>
    }
}

#[component]
fn EffectStats(e: Effect, cost: Cents) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let stat = move |label: Msg, id: &'static str, value: Signal<String>| {
        view! { <div id=id><Stat label=Signal::derive(move || i.t(label).to_string()) value/></div> }
    };
    let money = move |c: Cents| Signal::derive(move || i18n::money(c, app.currency.get(), true));
    let fixed = |s: String| Signal::derive(move || s.clone());
    let (lift, incremental) = (e.lift, e.incremental());
    view! {
        <div class="stats" id="campaign-stats">
            {stat(M::ColContacted, "stat-contacted", fixed(i18n::count(e.contacted as usize)))}
            {stat(M::StatResponseRate, "stat-responded", fixed(share(e.responded, e.contacted)))}
            {stat(M::StatRevenue, "stat-revenue", money(e.revenue))}
            {stat(M::StatIncremental, "stat-incremental", Signal::derive(move || {
                incremental.map(|c| i18n::money(c, app.currency.get(), true)).unwrap_or_else(|| "–".into())
            }))}
            {stat(M::ColCost, "stat-cost", money(cost))}
            {stat(M::StatRoi, "stat-roi", fixed(roi_text(e.roi)))}
            {stat(M::StatCostPerResponse, "stat-cpr", Signal::derive(move || {
                e.cost_per_response.map(|c| i18n::money(c, app.currency.get(), false)).unwrap_or_else(|| "–".into())
            }))}
            {stat(M::StatConversion, "stat-conversion", fixed(share(e.buyers, e.contacted)))}
            {stat(M::StatControlConversion, "stat-control-conversion", fixed(share(e.control_buyers, e.control)))}
        </div>
        <p id="campaign-lift" data-difference=lift.map(|l| format!("{:.4}", l.difference)).unwrap_or_default()>
            {move || match lift {
                Some(l) => format!(
                    "{}{} {}",
                    M::ColLift.text(i.get()),
                    i18n::labelled(i.get(), "", &M::lift(i.get(), l.difference, l.low, l.high)),
                    M::lift_verdict(i.get(), l.low, l.high)
                ),
                None => M::NoControl.text(i.get()).to_string(),
            }}
        </p>
    }
}

/// The members with their customers' names (from the customer list's rows; a
/// customer no longer there by id), held back last, then by name.
fn named(app: crate::state::AppState, all: Vec<CampaignMember>) -> Vec<(String, CampaignMember)> {
    let names: HashMap<Id, String> = app.rows.with_untracked(|rows| {
        let wanted: std::collections::HashSet<&Id> = all.iter().map(|m| &m.customer).collect();
        (rows.iter())
            .filter(|r| wanted.contains(&r.id))
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect()
    });
    let mut out: Vec<(String, CampaignMember)> = (all.into_iter())
        .map(|m| {
            let name = names.get(&m.customer).cloned();
            (name.unwrap_or_else(|| m.customer.0.clone()), m)
        })
        .collect();
    out.sort_by(|(a, x), (b, y)| (x.control, a, &x.id).cmp(&(y.control, b, &y.id)));
    out
}

/// Which members the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    All,
    Contacted,
    Control,
}

#[component]
fn Members(campaign: Id) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let members = data::resource(vec![Topic::of::<CampaignMember>()], move |db| {
        let id = campaign.0.clone();
        async move {
            let (all, _) = db
                .docs_between::<CampaignMember>("campaign", &id, &id)
                .await?;
            Ok(named(app, all))
        }
    });
    let show = RwSignal::new(Show::All);
    let find = RwSignal::new(String::new());
    let bulk = RwSignal::new(ResponseKind::Sent);
    let shown = move |all: &[(String, CampaignMember)]| -> Vec<(String, CampaignMember)> {
        let (s, words) = (show.get(), fold(&find.get()));
        (all.iter())
            .filter(|(name, m)| {
                let group = match s {
                    Show::All => true,
                    Show::Contacted => !m.control,
                    Show::Control => m.control,
                };
                group && fold(name).contains(words.trim())
            })
            .take(SHOWN)
            .cloned()
            .collect()
    };
    // Every contacted member shown gets the chosen response, in one write.
    let on_bulk = move |_| {
        let Some(Ok(all)) = members.get_untracked() else {
            return;
        };
        let (kind, today, now) = (bulk.get_untracked(), platform::today(), platform::now());
        let changed: Vec<CampaignMember> = (shown(&all).iter())
            .filter_map(|(_, m)| m.marked(kind, true, today, now))
            .collect();
        if changed.is_empty() {
            return;
        }
        app.write(
            move |db| async move { db.put_docs(&changed).await },
            move |_| app.say(M::Marked, None),
        );
    };
    view! {
        <section class="card" id="campaign-members">
            <h2>{i.tr(M::Members)}</h2>
            <div class="toolbar">
                <div class="field field-inline">
                <label for="members-show">{i.tr(M::FilterMembers)}</label>
                <select id="members-show" on:change=move |ev| show.set(match event_target_value(&ev).as_str() {
                    "contacted" => Show::Contacted,
                    "control" => Show::Control,
                    _ => Show::All,
                })>
                    <option value="all">{i.tr(M::AllMembers)}</option>
                    <option value="contacted">{i.tr(M::Contacted)}</option>
                    <option value="control">{i.tr(M::Control)}</option>
                </select>
                </div>
                <div class="field field-inline">
                <label for="members-find">{i.tr(M::FindMember)}</label>
                <input id="members-find" type="search" prop:value=find
                    on:input=move |ev| find.set(event_target_value(&ev))/>
                </div>
                <div class="field field-inline">
                <label for="members-bulk">{i.tr(M::MarkAll)}</label>
                <select id="members-bulk" on:change=move |ev| {
                    if let Some(k) = ResponseKind::from_code(&event_target_value(&ev)) { bulk.set(k) }
                }>
                    {ResponseKind::ALL.map(|k| view! { <option value=k.code()>{move || k.label(i.get())}</option> }).collect_view()}
                </select>
                </div>
                <button type="button" class="btn" id="members-bulk-mark" on:click=on_bulk>{i.tr(M::MarkAllButton)}</button>
            </div>
            {move || match members.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) => {
                    let rows = shown(&all);
                    let total = all.len();
                    view! {
                        <p class="muted" id="members-count">{M::showing(i.get(), rows.len(), total)}</p>
                        <MemberTable rows/>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn MemberTable(rows: Vec<(String, CampaignMember)>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let tick = move |m: CampaignMember, kind: ResponseKind, on: bool| {
        if let Some(next) = m.marked(kind, on, platform::today(), platform::now()) {
            app.write(move |db| async move { db.put_doc(&next).await }, |_| {});
        }
    };
    let row = move |(name, m): (String, CampaignMember)| {
        let group = if m.control { M::Control } else { M::Contacted };
        let boxes = ResponseKind::ALL.map(|k| {
            let (m, name) = (m.clone(), name.clone());
            let label = move || format!("{name}: {}", k.label(i.get()));
            let (checked, control) = (m.has(k), m.control);
            view! {
                <td class="resp">
                    <input type="checkbox" class=format!("response-{}", k.code()) checked=checked disabled=control
                        aria-label=label on:change=move |ev| tick(m.clone(), k, event_target_checked(&ev))/>
                </td>
            }
        });
        view! {
            <tr class="member-row" data-control=m.control.to_string()>
                <td><a href=Route::Customer(m.customer.0.clone()).href()>{name}</a></td>
                <td>{move || group.text(i.get())}</td>
                {boxes.collect_view()}
            </tr>
        }
    };
    view! {
        <div class="table-wrap table-scroll">
            <table class="table" id="member-table">
                <thead><tr>
                    <th scope="col">{i.tr(M::ColCustomer)}</th>
                    <th scope="col">{i.tr(M::ColGroup)}</th>
                    {ResponseKind::ALL.map(|k| view! { <th scope="col" class="resp">{move || k.label(i.get())}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}
