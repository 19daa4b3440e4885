//! One campaign at `#/campaigns/<id>`, or a new one at `#/campaigns/new`: its goal,
//! channel, segment, period, owner, budget and cost, control share and attribution
//! window. Below, its target list: previewed by the worker as the form stands (who is
//! on it, who is held back, who is left out and why), then launched — saved, drawn and
//! its members written in one transaction — after which `members.rs` shows its effect
//! and its members' responses. The rules are `kehu_core::marketing`'s.

use super::ask;
use super::messages as M;
use crate::components::{CodeSelect, ConfirmDialog, OwnerSelect, TextField};
use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, Lang, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Route, navigate};
use crate::state::use_app;
use kehu_core::Docs;
use kehu_core::marketing::{Answer, Campaign, CampaignDraft, CampaignMember, Launched, What};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{ConsentChannel, Segment};
use leptos::prelude::*;

/// Where the list stands.
#[derive(Debug, Clone, PartialEq)]
enum Drawn {
    NotYet,
    Working,
    Ready {
        segment: u32,
        list: Launched,
    },
    /// Why there is no list (the worker's answer, or a failure), in words.
    Failed(String),
}

/// The words for an answer that is not a list.
pub(super) fn refusal(lang: Lang, a: &Answer) -> String {
    let m = match a {
        Answer::NoSegment => M::NoSegment,
        Answer::NoInsights => M::NoInsights,
        Answer::AlreadyLaunched => M::AlreadyLaunched,
        Answer::Gone => M::Gone,
        _ => return "unexpected answer".into(),
    };
    m.text(lang).to_string()
}

async fn preview(lang: Lang, c: Campaign) -> Drawn {
    match ask(What::Preview(Box::new(c))).await {
        Ok(Answer::Preview { segment, list }) => Drawn::Ready { segment, list },
        Ok(other) => Drawn::Failed(refusal(lang, &other)),
        Err(e) => Drawn::Failed(e.why(lang)),
    }
}

#[component]
fn CampaignEditor(base: Campaign, adding: bool) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(CampaignDraft::from_campaign(&base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let drawn = RwSignal::new(Drawn::NotYet);
    let confirm = RwSignal::new(false);
    let launched = base.launched.clone();
    let locked = launched.is_some();
    let title = base.name.clone();
    let base = StoredValue::new(base);
    // A preview is of the draft it was made from: an edit sets it aside.
    Effect::new(move |seen: Option<()>| {
        draft.track();
        if seen.is_some() {
            drawn.set(Drawn::NotYet);
        }
    });
    let checked =
        move || match draft.with_untracked(|d| d.validate(base.get_value(), platform::now())) {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
                None
            }
            Ok(c) => {
                errors.set(Vec::new());
                Some(c)
            }
        };
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(c) = checked() {
            let id = c.id.0.clone();
            app.write(
                move |db| async move { db.put_doc(&c).await },
                move |_| {
                    app.say(M::Saved, None);
                    if adding {
                        navigate(&Route::Campaign(id));
                    }
                },
            );
        }
    };
    let on_preview = move |_| {
        if let Some(c) = checked() {
            drawn.set(Drawn::Working);
            let lang = i.lang.get_untracked();
            leptos::task::spawn_local(async move { drawn.set(preview(lang, c).await) });
        }
    };
    // Launching saves the campaign as typed, then has the worker draw its list and
    // write it with the launched campaign.
    let on_launch = Callback::new(move |_| {
        let Some(c) = checked() else { return };
        let id = c.id.clone();
        drawn.set(Drawn::Working);
        app.write(
            move |db| async move { db.put_doc(&c).await },
            move |_| {
                leptos::task::spawn_local(async move {
                    let lang = i.lang.get_untracked();
                    match ask(What::Launch(id.clone())).await {
                        Ok(Answer::Launched(_)) => {
                            app.say(M::Launched, None);
                            navigate(&Route::Campaign(id.0));
                        }
                        Ok(other) => drawn.set(Drawn::Failed(refusal(lang, &other))),
                        Err(e) => drawn.set(Drawn::Failed(e.why(lang))),
                    }
                });
            },
        );
    });
    let d = draft;
    view! {
        <div class="page-head">
            <h1>{move || if adding { i.t(M::NewCampaign).to_string() } else { title.clone() }}</h1>
            <div class="page-actions">
                <a class="btn" href=Route::Campaigns.href()>{i.tr(M::AllCampaigns)}</a>
            </div>
        </div>
        <form class="card" id="campaign-form" on:submit=on_save novalidate>
            <div class="grid-2">
                <TextField id="campaign-name" label=K::FCampaignName draft=d get=|d| &d.name set=|d| &mut d.name field=Field::CampaignName errors=errors required=true/>
                <OwnerSelect id="campaign-owner" label=M::FOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
            </div>
            <TextField id="campaign-goal" label=K::FCampaignGoal draft=d get=|d| &d.goal set=|d| &mut d.goal field=Field::CampaignGoal errors=errors multiline=true/>
            <div class="grid-2">
                <CodeSelect id="campaign-channel" label=M::FChannel draft=d get=|d| Some(d.channel) set=|d, v| if let Some(c) = v { d.channel = c }
                    all=ConsentChannel::ALL code=ConsentChannel::code from_code=ConsentChannel::from_code disabled=locked/>
                <SegmentSelect draft=d disabled=locked/>
                <TextField id="campaign-start" label=K::FCampaignStart draft=d get=|d| &d.start set=|d| &mut d.start field=Field::CampaignStart errors=errors input_type="date" required=true/>
                <TextField id="campaign-end" label=K::FCampaignEnd draft=d get=|d| &d.end set=|d| &mut d.end field=Field::CampaignEnd errors=errors input_type="date" required=true/>
                <TextField id="campaign-budget" label=K::FBudget draft=d get=|d| &d.budget set=|d| &mut d.budget field=Field::CampaignBudget errors=errors input_mode="decimal"/>
                <TextField id="campaign-cost" label=K::FCampaignCost draft=d get=|d| &d.cost set=|d| &mut d.cost field=Field::CampaignCost errors=errors input_mode="decimal"/>
                {(!locked).then(|| view! {
                    <TextField id="campaign-control" label=K::FControlShare draft=d get=|d| &d.control set=|d| &mut d.control field=Field::CampaignControl errors=errors input_mode="decimal" hint=M::ControlHint/>
                })}
                <TextField id="campaign-window" label=K::FWindow draft=d get=|d| &d.window set=|d| &mut d.window field=Field::CampaignWindow errors=errors input_mode="numeric" hint=M::WindowHint/>
            </div>
            {locked.then(|| view! { <p class="hint" id="campaign-locked">{i.tr(M::LockedHint)}</p> })}
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="campaign-delete" on:click=move |_| {
                        delete_with_members(base.get_value());
                    }>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=Route::Campaigns.href()>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="campaign-save">{i.tr(K::Save)}</button>
            </div>
        </form>
        {match launched {
            Some(l) => view! {
                <section class="card" id="campaign-list">
                    <h2>{i.tr(M::List)}</h2>
                    <p id="campaign-launched">{move || M::launched_on(i.get(), &i18n::date(i.get(), l.day), l.contacted, l.control)}</p>
                    <LeftOut list=l.clone()/>
                </section>
                <super::members::Results campaign=base.get_value()/>
                <super::exports::Exports campaign=base.get_value()/>
            }.into_any(),
            None => view! {
                <section class="card" id="campaign-list" aria-live="polite">
                    <h2>{i.tr(M::List)}</h2>
                    <DrawnList drawn=drawn/>
                    <div class="form-actions">
                        <button type="button" class="btn" id="campaign-preview" on:click=on_preview
                            disabled=move || drawn.with(|p| *p == Drawn::Working)>{i.tr(M::PreviewList)}</button>
                        {move || drawn.with(|p| matches!(p, Drawn::Ready { list, .. } if list.contacted > 0)).then(|| view! {
                            <button type="button" class="btn btn-primary" id="campaign-launch"
                                on:click=move |_| confirm.set(true)>{i.tr(M::Launch)}</button>
                        })}
                    </div>
                    <ConfirmDialog open=confirm title=M::LaunchTitle body=M::LaunchBody confirm=M::Launch on_confirm=on_launch/>
                </section>
            }.into_any(),
        }}
    }
}

/// Deletes `c` with the members of its list, in one write, with an undo that puts them
/// all back: members of a campaign that is gone would only be clutter on customers'
/// pages.
fn delete_with_members(c: Campaign) {
    let app = use_app();
    app.write(
        move |db| async move {
            let id = c.id.0.clone();
            let (members, _) = db
                .docs_between::<CampaignMember>("campaign", &id, &id)
                .await?;
            let all = Docs {
                campaigns: vec![c],
                campaign_members: members,
                ..Docs::default()
            };
            db.delete_together(&all).await?;
            Ok(all)
        },
        move |all: Docs| {
            let undo = Callback::new(move |_| {
                let all = all.clone();
                app.write(move |db| async move { db.put_together(&all).await }, |_| {});
            });
            app.say(M::Deleted, Some(undo));
            navigate(&Route::Campaigns);
        },
    );
}

/// A select of the saved segments, with "every customer" first.
#[component]
fn SegmentSelect(draft: RwSignal<CampaignDraft>, disabled: bool) -> impl IntoView {
    let i = use_i18n();
    let segments = data::resource(vec![Topic::of::<Segment>()], |db| async move {
        let mut all = db.all_docs::<Segment>().await?;
        all.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(all)
    });
    let options = move || match segments.get() {
        Some(Ok(all)) => (all.into_iter())
            .map(|s| {
                let v = s.id.0.clone();
                let selected = draft.with_untracked(|d| d.segment == v);
                view! { <option value=v selected=selected>{s.name}</option> }
            })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    view! {
        <div class="field">
            <label for="campaign-segment">{i.tr(M::FSegment)}</label>
            <select id="campaign-segment" disabled=disabled
                on:change=move |ev| draft.update(|d| d.segment = event_target_value(&ev))
                prop:value=move || draft.with(|d| d.segment.clone())>
                <option value="">{i.tr(M::Everyone)}</option>
                {options}
            </select>
        </div>
    }
}

/// The previewed list: its counts and who is left out.
#[component]
fn DrawnList(drawn: RwSignal<Drawn>) -> impl IntoView {
    let i = use_i18n();
    move || {
        match drawn.get() {
        Drawn::NotYet => view! { <p class="muted">{i.t(M::PreviewHint)}</p> }.into_any(),
        Drawn::Working => view! { <p class="loading">{i.t(M::Previewing)}</p> }.into_any(),
        Drawn::Failed(why) => view! { <p class="panel panel-error" role="alert" id="campaign-refused">{why}</p> }.into_any(),
        Drawn::Ready { segment, list } => view! {
            <p id="campaign-drawn" data-contacted=list.contacted.to_string() data-control=list.control.to_string()>
                {move || M::drawn(i.get(), segment, list.contacted, list.control)}
            </p>
            <LeftOut list=list.clone()/>
        }
        .into_any(),
    }
    }
}

/// Who was left out of a list, and why.
#[component]
fn LeftOut(list: Launched) -> impl IntoView {
    let i = use_i18n();
    if list.left_out.is_empty() {
        return None;
    }
    let row = move |(why, n): (kehu_core::campaign::LeftOut, u32)| {
        view! {
            <tr class="left-out-row" data-why=format!("{why:?}").to_lowercase() data-count=n.to_string()>
                <td>{move || why.label(i.get())}</td>
                <td class="num">{i18n::count(n as usize)}</td>
            </tr>
        }
    };
    Some(view! {
        <div class="table-wrap">
            <h3>{i.tr(M::LeftOutHead)}</h3>
            <table class="table" id="campaign-left-out">
                <tbody>{list.left_out.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    })
}

/// The page at `#/campaigns/<id>` or `#/campaigns/new`.
#[component]
pub fn CampaignPage(id: Option<String>) -> impl IntoView {
    let loaded = data::resource(vec![Topic::of::<Campaign>()], move |db| {
        let id = id.clone();
        async move {
            Ok(match id {
                Some(id) => db.doc::<Campaign>(&id).await?.map(|c| (c, false)),
                None => Some((
                    Campaign::new(platform::new_id(), platform::today(), platform::now()),
                    true,
                )),
            })
        }
    });
    crate::pages::record_page(loaded, M::NotFound, |(base, adding)| {
        view! { <CampaignEditor base=base adding=adding/> }
    })
}
