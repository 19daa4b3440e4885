//! The programme's settings: switched on from a day, points per yuan, points per yuan
//! off, and the tiers, with a live example of what they give. The rules are
//! `kehu_core::rewards::ProgrammeDraft`'s.

use super::messages as M;
use crate::components::*;
use crate::i18n::{self, K, use_i18n};
use crate::pages::customer_form::{RowInput, RowList, focus_first_invalid};
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::Cents;
use kehu_core::rewards::ProgrammeDraft;
use kehu_core::validate::{Field, FieldError};
use leptos::prelude::*;

#[component]
pub fn RewardsPage() -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let saved = super::saved_or_standard(i.lang.get_untracked());
    let d = RwSignal::new(ProgrammeDraft::from_programme(&saved, platform::today()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match d.with_untracked(ProgrammeDraft::validate) {
            Err(e) => {
                errors.set(e);
                focus_first_invalid();
            }
            Ok(p) => {
                errors.set(Vec::new());
                // Our own plain type always serialises.
                let text = serde_json::to_string(&p).unwrap_or_default();
                platform::set_setting(super::SETTING, &text);
                app.say(M::Saved, None);
            }
        }
    };
    let on = move || d.with(|d| d.on);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::Campaigns.href()>{i.tr(K::NavMarketing)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            <form class="card" id="rewards-form" on:submit=save novalidate>
                <label class="check">
                    <input type="checkbox" id="rewards-on" prop:checked=on
                        on:change=move |ev| d.update(|d| d.on = event_target_checked(&ev))/>
                    " "{i.tr(M::On)}
                </label>
                <fieldset class="plain" prop:disabled=move || !on()>
                    <div class="grid-3">
                        <TextField id="rewards-since" label=M::FSince draft=d get=|d| &d.since set=|d| &mut d.since
                            field=Field::RewardsSince errors=errors input_type="date" hint=M::SinceHint/>
                        <TextField id="rewards-per-yuan" label=M::FPerYuan draft=d get=|d| &d.per_yuan set=|d| &mut d.per_yuan
                            field=Field::RewardsPerYuan errors=errors input_mode="numeric"/>
                        <TextField id="rewards-redeem" label=M::FRedeem draft=d get=|d| &d.redeem set=|d| &mut d.redeem
                            field=Field::RewardsRedeem errors=errors input_mode="numeric"/>
                    </div>
                    <Example d=d/>
                    <Tiers d=d errors=errors/>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="rewards-save">{i.tr(K::Save)}</button>
                </div>
            </form>
        </section>
    }
}

/// What an order of 100 earns and what 100 points take off, as the form stands.
#[component]
fn Example(d: RwSignal<ProgrammeDraft>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    move || {
        let p = d
            .with(|d| {
                ProgrammeDraft {
                    on: true,
                    ..d.clone()
                }
                .validate()
            })
            .ok()?;
        let cur = app.currency.get();
        let hundred = i18n::money(Cents(10_000), cur, false);
        let points = i18n::count(p.points_for(Cents(10_000)) as usize);
        let off = i18n::money(p.worth(100), cur, false);
        Some(
            view! { <p class="field-hint" id="rewards-example">{M::example(i.get(), &hundred, &points, &off)}</p> },
        )
    }
}

/// The tiers, a row each: name and the points earned that reach it.
#[component]
fn Tiers(d: RwSignal<ProgrammeDraft>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i = use_i18n();
    let cell = move |ix: usize, name: bool| {
        Signal::derive(move || {
            d.with(|d| {
                d.tiers
                    .get(ix)
                    .map(|t| if name { t.0.clone() } else { t.1.clone() })
            })
            .unwrap_or_default()
        })
    };
    let set = move |ix: usize, name: bool| {
        Callback::new(move |v: String| {
            d.update(|d| {
                if let Some(t) = d.tiers.get_mut(ix) {
                    *(if name { &mut t.0 } else { &mut t.1 }) = v;
                }
            })
        })
    };
    view! {
        <div class="field" id="rewards-tiers">
            <span class="label">{i.tr(M::Tiers)}</span>
            <p class="field-hint">{i.tr(M::TiersHint)}</p>
            // The rows' inputs carry their names as labels; these head the columns.
            <div class="row-line row-head" aria-hidden="true">
                <span class="row-cell">{i.tr(M::TierName)}</span>
                <span class="row-cell">{i.tr(M::TierFrom)}</span>
            </div>
            <RowList
                count=Signal::derive(move || d.with(|d| d.tiers.len()))
                add=M::AddTier
                on_add=Callback::new(move |_| d.update(|d| d.tiers.push(Default::default())))
                on_remove=Callback::new(move |ix: usize| d.update(|d| { d.tiers.remove(ix); }))
                row=move |ix: usize| view! {
                    <RowInput label=M::TierName value=cell(ix, true) on_input=set(ix, true)
                        error=Signal::derive(move || field_error(errors, Field::TierName(ix), i.get()))/>
                    <RowInput label=M::TierFrom input_mode="numeric" value=cell(ix, false) on_input=set(ix, false)
                        error=Signal::derive(move || field_error(errors, Field::TierFrom(ix), i.get()))/>
                }.into_any()/>
        </div>
    }
}
