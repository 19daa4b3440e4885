//! The shop's service levels at `#/service-levels`: opening hours per weekday, holidays
//! and 调休 make-up working days, and the first-answer and resolution targets in hours
//! for each ticket type and priority, the defaults filled in. Saved to the settings
//! (carried in backups); the desk and every ticket measure against them. The rules are
//! `kehu_core::sla::PolicyDraft`'s.

use super::messages as M;
use crate::i18n::{self, K, Label, Msg, use_i18n};
use crate::platform;
use crate::route::{Params, Route};
use crate::state::use_app;
use kehu_core::sla::{Policy, PolicyDraft, Priority, TicketType};
use kehu_core::validate::{Field, FieldError};
use leptos::prelude::*;

/// The problem named for `field`, if any.
fn problem_of(
    errors: RwSignal<Vec<FieldError>>,
    field: Field,
) -> impl Fn() -> Option<String> + Copy {
    let i = use_i18n();
    move || {
        errors.with(|e| {
            (e.iter().find(|e| e.field == field)).map(|e| i18n::problem(i.get(), &e.problem))
        })
    }
}

#[component]
pub fn ServiceLevelsPage() -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(PolicyDraft::from_policy(&super::policy()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(PolicyDraft::validate) {
            Err(errs) => {
                errors.set(errs);
                crate::pages::customer_form::focus_first_invalid();
            }
            Ok(p) => {
                errors.set(Vec::new());
                // Our own plain type always serialises.
                let text = serde_json::to_string(&p).unwrap_or_default();
                platform::set_setting(super::LEVELS_SETTING, &text);
                app.say(M::LevelsSaved, None);
            }
        }
    };
    let reset = move |_| {
        draft.set(PolicyDraft::from_policy(&Policy::default()));
        errors.set(Vec::new());
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::LevelsTitle)}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::Tickets(Params::default()).href()>{i.tr(M::Title)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::LevelsIntro)}</p>
            <form class="card" id="levels-form" on:submit=save novalidate>
                <Week draft=draft errors=errors/>
                <Days draft=draft errors=errors/>
                <Targets draft=draft errors=errors/>
                <div class="form-actions">
                    <button type="button" class="btn" id="levels-reset" on:click=reset>{i.tr(M::LevelsReset)}</button>
                    <button type="submit" class="btn btn-primary" id="levels-save">{i.tr(K::Save)}</button>
                </div>
            </form>
        </section>
    }
}

/// Opening hours, a row per weekday.
#[component]
fn Week(draft: RwSignal<PolicyDraft>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i = use_i18n();
    let row = move |d: usize| {
        let field = Field::SlaDay(d as u8);
        let bad = problem_of(errors, field);
        let name = move || i18n::weekday(i.get(), d as u8);
        let open = move || draft.with(|x| x.week[d].0);
        view! {
            <tr>
                <th scope="row">
                    <label class="check">
                        <input type="checkbox" id=format!("levels-open-{d}") prop:checked=open
                            on:change=move |ev| draft.update(|x| x.week[d].0 = event_target_checked(&ev))/>
                        " "{name}
                    </label>
                    <div class="field-error" role="alert">{bad}</div>
                </th>
                <td><input type="text" inputmode="numeric" size="5" placeholder="09:00" id=format!("levels-from-{d}") aria-label=move || format!("{} {}", name(), i.t(M::Opens))
                    disabled=move || !open() aria-invalid=move || bad().is_some().to_string()
                    prop:value=move || draft.with(|x| x.week[d].1.clone())
                    on:change=move |ev| draft.update(|x| x.week[d].1 = event_target_value(&ev))/></td>
                <td><input type="text" inputmode="numeric" size="5" placeholder="18:00" id=format!("levels-to-{d}") aria-label=move || format!("{} {}", name(), i.t(M::Closes))
                    disabled=move || !open() aria-invalid=move || bad().is_some().to_string()
                    prop:value=move || draft.with(|x| x.week[d].2.clone())
                    on:change=move |ev| draft.update(|x| x.week[d].2 = event_target_value(&ev))/></td>
            </tr>
        }
    };
    view! {
        <h2>{i.tr(K::FServiceHours)}</h2>
        <div class="table-wrap">
            <table class="table" id="levels-week">
                <thead><tr>
                    <th scope="col">{i.tr(M::Weekday)}</th>
                    <th scope="col">{i.tr(M::Opens)}</th>
                    <th scope="col">{i.tr(M::Closes)}</th>
                </tr></thead>
                <tbody>{(0..7).map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}

/// Holidays and make-up working days, as lists of dates.
#[component]
fn Days(draft: RwSignal<PolicyDraft>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i = use_i18n();
    let area = move |id: &'static str, label: Msg, field: Field, holidays: bool| {
        let bad = problem_of(errors, field);
        view! {
            <div class="field">
                <label for=id>{i.tr(label)}</label>
                <textarea id=id rows="3" aria-describedby=format!("{id}-err") placeholder="2026-10-01"
                    aria-invalid=move || bad().is_some().to_string()
                    prop:value=move || draft.with(|x| if holidays { x.holidays.clone() } else { x.workdays.clone() })
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|x| if holidays { x.holidays = v } else { x.workdays = v });
                    }></textarea>
                <p class="field-error" id=format!("{id}-err") role="alert">{bad}</p>
            </div>
        }
    };
    view! {
        <p class="muted">{i.tr(M::DaysHint)}</p>
        <div class="grid-2">
            {area("levels-holidays", K::FHolidays, Field::SlaHolidays, true)}
            {area("levels-workdays", K::FWorkdays, Field::SlaWorkdays, false)}
        </div>
    }
}

/// The targets, in hours, a row per type and priority.
#[component]
fn Targets(draft: RwSignal<PolicyDraft>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i = use_i18n();
    let input = move |k: usize, which: usize, label: Msg| {
        let bad = problem_of(errors, Field::SlaTarget(k as u8));
        let (t, p) = (TicketType::ALL[k / 4], Priority::ALL[k % 4]);
        view! {
            <input type="text" inputmode="decimal" size="5" id=format!("levels-target-{k}-{which}")
                aria-label=move || format!("{} {} {}", t.label(i.get()), p.label(i.get()), i.t(label))
                aria-invalid=move || bad().is_some().to_string()
                prop:value=move || draft.with(|x| x.targets[k][which].clone())
                on:change=move |ev| draft.update(|x| x.targets[k][which] = event_target_value(&ev))/>
        }
    };
    let row = move |k: usize| {
        let (t, p) = (TicketType::ALL[k / 4], Priority::ALL[k % 4]);
        view! {
            <tr>
                <th scope="row">{k.is_multiple_of(4).then_some(move || t.label(i.get()))}</th>
                <td>
                    {move || p.label(i.get())}
                    <div class="field-error" role="alert">{problem_of(errors, Field::SlaTarget(k as u8))}</div>
                </td>
                <td class="num">{input(k, 0, M::ColRespond)}</td>
                <td class="num">{input(k, 1, M::ColResolve)}</td>
            </tr>
        }
    };
    view! {
        <h2>{i.tr(M::Targets)}</h2>
        <p class="muted">{i.tr(M::TargetsHint)}</p>
        <div class="table-wrap">
            <table class="table" id="levels-targets">
                <thead><tr>
                    <th scope="col">{i.tr(M::ColType)}</th>
                    <th scope="col">{i.tr(M::ColPriority)}</th>
                    <th scope="col" class="num">{i.tr(M::ColRespond)}</th>
                    <th scope="col" class="num">{i.tr(M::ColResolve)}</th>
                </tr></thead>
                <tbody>{(0..TicketType::ALL.len() * 4).map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}
