//! The survey kiosk: a full-screen page for a counter. Staff pick the customer (and the
//! survey: the quick questions or a designed one) and hand the device over; the customer
//! answers one question at a time on large buttons; the answers are saved as one
//! response and the kiosk asks for the device back. The customer never sees the picker,
//! so never another customer's name: going back to it takes the staff PIN when one is
//! set. A Kano feature is two screens (with it, without it), a SERVQUAL statement two
//! (expectation, perception).

use crate::i18n::{self, K, use_i18n};
use crate::kiosk_lock;
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::validate::ResponseDraft;
use kehu_core::{Id, Question, Survey, SurveyKind, SurveyResponse};
use leptos::prelude::*;
use std::time::Duration;

/// Seconds the thank-you screen stays before the kiosk resets.
const RESET_AFTER: Duration = Duration::from_secs(4);

#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Staff choose the survey and the customer.
    Pick,
    Ask(usize),
    Thanks,
    /// Waiting for staff: the way back to the picker.
    Handback,
}

/// What a correct PIN opens.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unlock {
    Leave,
    Pick,
}

/// Where a kiosk starts: at the picker when staff just opened it; waiting for staff when
/// it was already locked (a reload, a new tab, an address typed by whoever holds the
/// device), whatever customer the address names.
fn first_step(was_locked: bool, customer_named: bool) -> Step {
    match (was_locked, customer_named) {
        (true, _) => Step::Handback,
        (false, true) => Step::Ask(0),
        (false, false) => Step::Pick,
    }
}

fn question_key(q: Question) -> K {
    match q {
        Question::Nps => K::KioskNps,
        Question::Csat => K::KioskCsat,
        Question::Ces => K::KioskCes,
    }
}

/// The ends of each scale, in words.
fn ends(q: Question) -> (K, K) {
    match q {
        Question::Nps => (K::KioskNotLikely, K::KioskVeryLikely),
        Question::Csat => (K::KioskUnhappy, K::KioskHappy),
        Question::Ces => (K::KioskHard, K::KioskEasy),
    }
}

/// Where an answer goes in the draft.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    /// `scores[i]`.
    Quick(usize),
    /// `items[pos].1` (functional, expectation, a custom score) or `.2`.
    First(usize),
    Second(usize),
}

/// What one screen asks.
#[derive(Debug, Clone, PartialEq)]
enum Ask {
    Quick(Question),
    Kano {
        feature: String,
        with: bool,
    },
    Servqual {
        statement: String,
        expectation: bool,
    },
    Custom(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Prompt {
    ask: Ask,
    scale: (u8, u8),
    slot: Slot,
}

/// The screens for `survey`, or for the quick questions.
fn prompts(survey: Option<&Survey>) -> Vec<Prompt> {
    let Some(s) = survey else {
        return Question::ALL
            .iter()
            .enumerate()
            .map(|(k, &q)| Prompt {
                ask: Ask::Quick(q),
                scale: q.scale(),
                slot: Slot::Quick(k),
            })
            .collect();
    };
    let mut out = Vec::new();
    for (pos, it) in s.items.iter().enumerate() {
        let scale = s.scale_of(it);
        let text = it.text.clone();
        match s.kind {
            SurveyKind::Kano | SurveyKind::Servqual => {
                for second in [false, true] {
                    let ask = if s.kind == SurveyKind::Kano {
                        Ask::Kano {
                            feature: text.clone(),
                            with: !second,
                        }
                    } else {
                        Ask::Servqual {
                            statement: text.clone(),
                            expectation: !second,
                        }
                    };
                    let slot = if second {
                        Slot::Second(pos)
                    } else {
                        Slot::First(pos)
                    };
                    out.push(Prompt { ask, scale, slot });
                }
            }
            SurveyKind::Custom => out.push(Prompt {
                ask: Ask::Custom(text),
                scale,
                slot: Slot::First(pos),
            }),
        }
    }
    out
}

#[component]
pub fn Kiosk(customer: Option<String>, survey: Option<String>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let surveys = crate::pages::surveys::use_surveys();
    let survey_id = RwSignal::new(survey);
    let current = Memo::new(move |_| {
        let id = survey_id.get()?;
        surveys.with(|all| {
            all.iter()
                .flatten()
                .find(|s| s.id.0 == id && !s.archived)
                .cloned()
        })
    });
    // While the surveys load, a survey named in the URL has no screens yet (rather
    // than the quick questions flashing by).
    // With an exit PIN set on this device, the kiosk holds the screen (and, through a
    // stored flag, every reload and new tab) until it is given.
    let locked = kiosk_lock::pin_set();
    let was_locked = kiosk_lock::locked_at().is_some();
    if locked {
        let here = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        // The address without a customer: a reload must not land on one.
        let here = match here.split_once('?') {
            Some((path, q)) => {
                let kept: Vec<&str> = q
                    .split('&')
                    .filter(|p| !p.starts_with("customer="))
                    .collect();
                if kept.is_empty() {
                    path.to_string()
                } else {
                    format!("{path}?{}", kept.join("&"))
                }
            }
            None => here,
        };
        kiosk_lock::lock(&here);
        crate::route::lock_kiosk(Some(here));
    }
    on_cleanup(|| crate::route::lock_kiosk(None));
    let asking = RwSignal::new(None::<Unlock>);
    let typed = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<kiosk_lock::Try>);
    let checking = RwSignal::new(false);
    let leave = move || {
        kiosk_lock::unlock();
        crate::route::lock_kiosk(None);
        crate::route::navigate(&Route::Insights(crate::route::Tab::Satisfaction));
    };
    let screens = Memo::new(move |_| {
        if survey_id.with(Option::is_some) && surveys.with(Option::is_none) {
            return Vec::new();
        }
        current.with(|s| prompts(s.as_ref()))
    });
    let customer = customer.filter(|_| !was_locked);
    let who = RwSignal::new(customer.and_then(|id| {
        app.rows.with_untracked(|rows| {
            rows.iter()
                .find(|r| r.id.0 == id && !r.deleted)
                .map(|r| (r.id.clone(), r.name.clone()))
        })
    }));
    let step = RwSignal::new(first_step(was_locked, who.get_untracked().is_some()));
    let blank = move || {
        let today = platform::today();
        match current.get_untracked() {
            Some(s) => ResponseDraft::for_survey(today, &s),
            None => ResponseDraft::new(today),
        }
    };
    let answers = RwSignal::new(ResponseDraft::new(platform::today()));
    let search = RwSignal::new(String::new());
    let matches = Memo::new(move |_| {
        let q = search.get();
        let terms: Vec<String> = kehu_core::text::fold(&q)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        app.rows.with(|rows| {
            rows.iter()
                .filter(|r| !r.deleted && r.matches_text(&terms))
                .take(8)
                .map(|r| (r.id.clone(), r.name.clone(), r.phone.clone()))
                .collect::<Vec<_>>()
        })
    });
    // A survey chosen (or loaded) starts its questions from the first.
    Effect::new(move |_| {
        current.track();
        answers.set(blank());
        if matches!(step.get_untracked(), Step::Ask(_)) {
            step.set(Step::Ask(0));
        }
    });
    // The respondent done: nobody chosen, nothing typed, the device back to staff.
    let reset = move || {
        who.set(None);
        answers.set(blank());
        search.set(String::new());
        step.set(Step::Handback);
    };
    let unlocked = move |u: Unlock| match u {
        Unlock::Leave => leave(),
        Unlock::Pick => step.set(Step::Pick),
    };
    // Staff's way back to the picker, or out: the PIN first when one is set.
    let ask_pin = move |u: Unlock| {
        if !locked {
            return unlocked(u);
        }
        refusal.set(None);
        typed.set(String::new());
        asking.set(Some(u));
    };
    let try_pin = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(u) = asking.get_untracked() else {
            return;
        };
        checking.set(true);
        leptos::task::spawn_local(async move {
            let outcome = kiosk_lock::try_pin(&typed.get_untracked()).await;
            checking.set(false);
            typed.set(String::new());
            if outcome == kiosk_lock::Try::Right {
                asking.set(None);
                unlocked(u);
            } else {
                refusal.set(Some(outcome));
            }
        });
    };
    let finish = move || {
        let Some((id, _)) = who.get_untracked() else {
            return reset();
        };
        let today = platform::today();
        let mut d = answers.get_untracked();
        d.date = today.to_string();
        let now = platform::now();
        let base = SurveyResponse::blank(platform::new_id(), id, today, now);
        step.set(Step::Thanks);
        let checked = match current.get_untracked() {
            Some(s) => {
                // Half a pair skipped skips the item: the other half alone means nothing.
                if s.kind.paired() {
                    for x in &mut d.items {
                        if x.1.is_none() || x.2.is_none() {
                            (x.1, x.2) = (None, None);
                        }
                    }
                }
                d.validate_survey(base, today, &s)
            }
            None => d.validate(base, today),
        };
        // Nothing answered (all skipped): nothing to save.
        if let Ok(r) = checked {
            app.write(move |db| async move { db.put_doc(&r).await }, |_| {});
        }
        set_timeout(
            move || {
                if step.try_get_untracked() == Some(Step::Thanks) {
                    reset();
                }
            },
            RESET_AFTER,
        );
    };
    let answer = move |k: usize, v: Option<u8>| {
        let Some(p) = screens.with_untracked(|p| p.get(k).cloned()) else {
            return finish();
        };
        answers.update(|d| match p.slot {
            Slot::Quick(q) => {
                if let Some(x) = d.scores.get_mut(q) {
                    x.1 = v;
                }
            }
            Slot::First(pos) => {
                if let Some(x) = d.items.get_mut(pos) {
                    x.1 = v;
                }
            }
            Slot::Second(pos) => {
                if let Some(x) = d.items.get_mut(pos) {
                    x.2 = v;
                }
            }
        });
        if k + 1 < screens.with_untracked(Vec::len) {
            step.set(Step::Ask(k + 1));
        } else {
            finish();
        }
    };
    let pick = move |id: Id, name: String| {
        who.set(Some((id, name)));
        answers.set(blank());
        step.set(Step::Ask(0));
    };
    let body = move || {
        match step.get() {
        Step::Pick => view! {
            <div class="kiosk-pick">
                <div class="field kiosk-survey-pick">
                    <label for="kiosk-survey">{move || i.t(K::SurveyPick)}</label>
                    <select id="kiosk-survey" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        survey_id.set((!v.is_empty()).then_some(v));
                    }>
                        <option value="" selected=move || current.with(Option::is_none)>{move || i.t(K::QuickQuestions)}</option>
                        {move || surveys.get().into_iter().flatten().filter(|s| !s.archived).map(|s| {
                            let id = s.id.0.clone();
                            let id2 = id.clone();
                            view! { <option value=id selected=move || current.with(|c| c.as_ref().is_some_and(|c| c.id.0 == id2))>{s.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <h1>{move || i.t(K::KioskWho)}</h1>
                <label for="kiosk-search" class="visually-hidden">{move || i.t(K::Search)}</label>
                <input id="kiosk-search" type="search" class="kiosk-search" autocomplete="off"
                    placeholder=move || i.t(K::SearchPlaceholder)
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                <ul class="kiosk-matches">
                    {move || matches.get().into_iter().map(|(id, name, phone)| {
                        let n2 = name.clone();
                        view! {
                            <li><button class="btn btn-lg kiosk-customer" on:click=move |_| pick(id.clone(), n2.clone())>
                                {name}" "<span class="muted">{phone}</span>
                            </button></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any(),
        Step::Ask(k) => {
            let Some(p) = screens.with(|p| p.get(k).cloned()) else {
                return view! { <p class="muted">{i.t(K::Loading)}</p> }.into_any();
            };
            let total = screens.with(Vec::len);
            let (lo, hi) = p.scale;
            let kano = matches!(p.ask, Ask::Kano { .. });
            let ends = match &p.ask {
                Ask::Quick(q) => Some(ends(*q)),
                Ask::Kano { .. } => None,
                Ask::Servqual { .. } => Some((K::KioskDisagree, K::KioskAgree)),
                Ask::Custom(_) => Some((K::KioskPoor, K::KioskExcellent)),
            };
            let ask = p.ask.clone();
            let heading = move || match &ask {
                Ask::Quick(q) => i.t(question_key(*q)).to_string(),
                Ask::Kano { feature, with } => i18n::kiosk_kano(i.get(), feature, *with),
                Ask::Servqual { statement, expectation } => {
                    i18n::kiosk_servqual(i.get(), statement, *expectation)
                }
                Ask::Custom(text) => text.clone(),
            };
            view! {
                <div class="kiosk-question" role="group" aria-labelledby="kiosk-q">
                    <p class="muted kiosk-progress">{format!("{} / {}", k + 1, total)}</p>
                    <h1 id="kiosk-q">{heading}</h1>
                    <div class="kiosk-scale" class:kiosk-words=kano>
                        {(lo..=hi).map(|v| view! {
                            <button class="kiosk-score" data-score=v.to_string() on:click=move |_| answer(k, Some(v))>
                                {move || if kano {
                                    i.t(i18n::KANO_ANSWERS[v as usize - 1]).to_string()
                                } else {
                                    v.to_string()
                                }}
                            </button>
                        }).collect_view()}
                    </div>
                    {ends.map(|(low, high)| view! {
                        <div class="kiosk-ends"><span>{move || i.t(low)}</span><span>{move || i.t(high)}</span></div>
                    })}
                    <button class="btn btn-link kiosk-skip" on:click=move |_| answer(k, None)>{move || i.t(K::KioskSkip)}</button>
                </div>
            }
            .into_any()
        }
        Step::Thanks => view! {
            <div class="kiosk-thanks" role="status" id="kiosk-thanks">
                <h1>{move || i.t(K::KioskThanks)}</h1>
                <button class="btn btn-lg" on:click=move |_| reset()>{move || i.t(K::KioskDone)}</button>
            </div>
        }
        .into_any(),
        Step::Handback => view! {
            <div class="kiosk-thanks" id="kiosk-handback">
                <h1>{move || i.t(K::KioskHandback)}</h1>
                <button class="btn btn-lg" id="kiosk-next" on:click=move |_| ask_pin(Unlock::Pick)>{move || i.t(K::KioskNext)}</button>
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <section class="kiosk" id="kiosk">
            <div class="kiosk-bar">
                <span>{move || {
                    let who = who.get().map(|(_, n)| n);
                    let survey = current.with(|s| s.as_ref().map(|s| s.name.clone()));
                    [who, survey].into_iter().flatten().collect::<Vec<_>>().join(" · ")
                }}</span>
                {if locked {
                    view! {
                        <button class="btn btn-small" id="kiosk-exit" on:click=move |_| ask_pin(Unlock::Leave)>{move || i.t(K::KioskExit)}</button>
                    }.into_any()
                } else {
                    view! {
                        <a class="btn btn-small" id="kiosk-exit" href=Route::Insights(crate::route::Tab::Satisfaction).href()>{move || i.t(K::KioskExit)}</a>
                    }.into_any()
                }}
            </div>
            <Show when=move || asking.with(Option::is_some)>
                <form class="kiosk-pin" id="kiosk-pin-form" on:submit=try_pin>
                    <label for="kiosk-pin">{move || i.t(K::KioskPinAsk)}</label>
                    <input id="kiosk-pin" type="password" inputmode="numeric" autocomplete="off" autofocus
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))
                        aria-invalid=move || refusal.get().map(|_| "true")
                        aria-describedby=move || refusal.get().map(|_| "kiosk-pin-err")/>
                    {move || refusal.get().map(|r| view! {
                        <p class="field-error" id="kiosk-pin-err" role="alert">{i18n::kiosk_refusal(i.get(), r)}</p>
                    })}
                    <div class="form-actions">
                        <button type="button" class="btn" on:click=move |_| { asking.set(None); typed.set(String::new()); }>{move || i.t(K::Cancel)}</button>
                        <button type="submit" class="btn btn-primary" id="kiosk-pin-ok" disabled=move || checking.get()>
                            {move || if asking.get() == Some(Unlock::Leave) { i.t(K::KioskLeave) } else { i.t(K::KioskNext) }}
                        </button>
                    </div>
                </form>
            </Show>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kiosk_locked_before_it_opened_waits_for_staff() {
        assert_eq!(
            first_step(true, true),
            Step::Handback,
            "a customer in the address is ignored"
        );
        assert_eq!(first_step(true, false), Step::Handback);
        assert_eq!(first_step(false, true), Step::Ask(0));
        assert_eq!(first_step(false, false), Step::Pick);
    }
}
