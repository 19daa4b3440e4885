//! The survey kiosk: a full-screen page for a counter. Staff pick the customer, then the
//! customer answers one question at a time on large buttons; the answers are saved as one
//! response and the kiosk resets for the next customer.

use crate::i18n::{K, use_i18n};
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::validate::ResponseDraft;
use kehu_core::{Id, Question, SurveyResponse};
use leptos::prelude::*;
use std::time::Duration;

/// Seconds the thank-you screen stays before the kiosk resets.
const RESET_AFTER: Duration = Duration::from_secs(4);

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Pick,
    Ask(usize),
    Thanks,
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

#[component]
pub fn Kiosk(customer: Option<String>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let who = RwSignal::new(customer.and_then(|id| {
        app.rows.with_untracked(|rows| {
            rows.iter()
                .find(|r| r.id.0 == id && !r.deleted)
                .map(|r| (r.id.clone(), r.name.clone()))
        })
    }));
    let step = RwSignal::new(if who.get_untracked().is_some() {
        Step::Ask(0)
    } else {
        Step::Pick
    });
    let answers = RwSignal::new(Vec::<Option<u8>>::new());
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
    let reset = move || {
        who.set(None);
        answers.set(Vec::new());
        search.set(String::new());
        step.set(Step::Pick);
    };
    let finish = move || {
        let Some((id, _)) = who.get_untracked() else {
            return reset();
        };
        let today = platform::today();
        let mut d = ResponseDraft::new(today);
        for (k, a) in answers.get_untracked().into_iter().enumerate() {
            if let Some(slot) = d.scores.get_mut(k) {
                slot.1 = a;
            }
        }
        let now = platform::now();
        let base = SurveyResponse::blank(platform::new_id(), id, today, now);
        step.set(Step::Thanks);
        // Nothing answered (all skipped): nothing to save.
        if let Ok(r) = d.validate(base, today) {
            app.write(move |db| async move { db.put_response(&r).await }, |_| {});
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
        answers.update(|a| {
            a.resize(Question::ALL.len(), None);
            a[k] = v;
        });
        if k + 1 < Question::ALL.len() {
            step.set(Step::Ask(k + 1));
        } else {
            finish();
        }
    };
    let pick = move |id: Id, name: String| {
        who.set(Some((id, name)));
        answers.set(Vec::new());
        step.set(Step::Ask(0));
    };
    let body = move || {
        match step.get() {
        Step::Pick => view! {
            <div class="kiosk-pick">
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
            let q = Question::ALL[k];
            let (lo, hi) = q.scale();
            let (low, high) = ends(q);
            view! {
                <div class="kiosk-question" role="group" aria-labelledby="kiosk-q">
                    <p class="muted kiosk-progress">{format!("{} / {}", k + 1, Question::ALL.len())}</p>
                    <h1 id="kiosk-q">{move || i.t(question_key(q))}</h1>
                    <div class="kiosk-scale">
                        {(lo..=hi).map(|v| view! {
                            <button class="kiosk-score" data-score=v.to_string() on:click=move |_| answer(k, Some(v))>{v.to_string()}</button>
                        }).collect_view()}
                    </div>
                    <div class="kiosk-ends"><span>{move || i.t(low)}</span><span>{move || i.t(high)}</span></div>
                    <button class="btn btn-link kiosk-skip" on:click=move |_| answer(k, None)>{move || i.t(K::KioskSkip)}</button>
                </div>
            }
            .into_any()
        }
        Step::Thanks => view! {
            <div class="kiosk-thanks" role="status" id="kiosk-thanks">
                <h1>{move || i.t(K::KioskThanks)}</h1>
                <button class="btn btn-lg" on:click=move |_| reset()>{move || i.t(K::KioskNext)}</button>
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <section class="kiosk" id="kiosk">
            <div class="kiosk-bar">
                <span>{move || who.get().map(|(_, n)| n).unwrap_or_default()}</span>
                <a class="btn btn-small" href=Route::Insights(crate::route::Tab::Satisfaction).href()>{move || i.t(K::KioskExit)}</a>
            </div>
            {body}
        </section>
    }
}
