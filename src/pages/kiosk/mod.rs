//! The survey kiosk: a full-screen page for a counter. Staff pick the customer (and the
//! survey: the quick questions or a designed one) and hand the device over; the customer
//! answers one question at a time on large buttons; the answers are saved as one
//! response and the kiosk asks for the device back. The customer never sees the picker,
//! so never another customer's name: going back to it takes the staff PIN when one is
//! set. A Kano feature is two screens (with it, without it), a SERVQUAL statement two
//! (expectation, perception).

mod flow;
mod messages;

use crate::i18n::{self, K, Msg, use_i18n};
use crate::kiosk_lock;
use crate::platform;
use crate::route::{Route, Tab};
use crate::state::{AppState, use_app};
use flow::{Ask, Prompt, Step, Unlock};
use kehu_core::validate::ResponseDraft;
use kehu_core::{Id, Question, Survey, SurveyResponse};
use leptos::prelude::*;
use messages as M;
use std::time::Duration;

/// Seconds the thank-you screen stays before the kiosk resets.
const RESET_AFTER: Duration = Duration::from_secs(4);

fn question_key(q: Question) -> Msg {
    match q {
        Question::Nps => M::KioskNps,
        Question::Csat => M::KioskCsat,
        Question::Ces => M::KioskCes,
    }
}

/// The ends of a screen's scale, in words (a Kano answer is words already).
fn ends(ask: &Ask) -> Option<(Msg, Msg)> {
    match ask {
        Ask::Quick(Question::Nps) => Some((M::KioskNotLikely, M::KioskVeryLikely)),
        Ask::Quick(Question::Csat) => Some((M::KioskUnhappy, M::KioskHappy)),
        Ask::Quick(Question::Ces) => Some((M::KioskHard, M::KioskEasy)),
        Ask::Kano { .. } => None,
        Ask::Servqual { .. } => Some((M::KioskDisagree, M::KioskAgree)),
        Ask::Custom(_) => Some((M::KioskPoor, M::KioskExcellent)),
    }
}

/// The staff PIN being asked for, and what it will open.
#[derive(Clone, Copy)]
struct PinAsk {
    asking: RwSignal<Option<Unlock>>,
    typed: RwSignal<String>,
    refusal: RwSignal<Option<kiosk_lock::Try>>,
    checking: RwSignal<bool>,
}

/// One kiosk session: who answers which survey, and how far they are.
#[derive(Clone, Copy)]
struct KioskState {
    app: AppState,
    surveys: Signal<Option<Vec<Survey>>>,
    survey_id: RwSignal<Option<String>>,
    current: Memo<Option<Survey>>,
    screens: Memo<Vec<Prompt>>,
    who: RwSignal<Option<(Id, String)>>,
    step: RwSignal<Step>,
    answers: RwSignal<ResponseDraft>,
    search: RwSignal<String>,
    /// Whether an exit PIN holds this device in the kiosk.
    locked: bool,
    pin: PinAsk,
}

impl KioskState {
    fn new(customer: Option<String>, survey: Option<String>, was_locked: bool) -> KioskState {
        let app = use_app();
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
        let screens = Memo::new(move |_| {
            if survey_id.with(Option::is_some) && surveys.with(Option::is_none) {
                return Vec::new();
            }
            current.with(|s| flow::prompts(s.as_ref()))
        });
        let who = customer.filter(|_| !was_locked).and_then(|id| {
            app.rows.with_untracked(|rows| {
                rows.iter()
                    .find(|r| r.id.0 == id && !r.deleted)
                    .map(|r| (r.id.clone(), r.name.clone()))
            })
        });
        KioskState {
            app,
            surveys,
            survey_id,
            current,
            screens,
            step: RwSignal::new(flow::first_step(was_locked, who.is_some())),
            who: RwSignal::new(who),
            answers: RwSignal::new(ResponseDraft::new(platform::today())),
            search: RwSignal::new(String::new()),
            locked: kiosk_lock::pin_set(),
            pin: PinAsk {
                asking: RwSignal::new(None),
                typed: RwSignal::new(String::new()),
                refusal: RwSignal::new(None),
                checking: RwSignal::new(false),
            },
        }
    }

    fn blank(self) -> ResponseDraft {
        let today = platform::today();
        match self.current.get_untracked() {
            Some(s) => ResponseDraft::for_survey(today, &s),
            None => ResponseDraft::new(today),
        }
    }

    /// The respondent done: nobody chosen, nothing typed, the device back to staff.
    fn reset(self) {
        self.who.set(None);
        self.answers.set(self.blank());
        self.search.set(String::new());
        self.step.set(Step::Handback);
    }

    fn pick(self, id: Id, name: String) {
        self.who.set(Some((id, name)));
        self.answers.set(self.blank());
        self.step.set(Step::Ask(0));
    }

    /// Screen `k` answered (`None`: skipped); the next screen, or the end.
    fn answer(self, k: usize, v: Option<u8>) {
        if let Some(p) = self.screens.with_untracked(|p| p.get(k).cloned()) {
            self.answers.update(|d| flow::record(d, p.slot, v));
        }
        if k + 1 < self.screens.with_untracked(Vec::len) {
            self.step.set(Step::Ask(k + 1));
        } else {
            self.finish();
        }
    }

    /// Saves the answers as one response (unless all were skipped) and thanks.
    fn finish(self) {
        let Some((id, _)) = self.who.get_untracked() else {
            return self.reset();
        };
        let today = platform::today();
        let mut d = self.answers.get_untracked();
        d.date = today.to_string();
        let base = SurveyResponse::blank(platform::new_id(), id, today, platform::now());
        self.step.set(Step::Thanks);
        let checked = match self.current.get_untracked() {
            Some(s) => {
                if s.kind.paired() {
                    flow::drop_half_pairs(&mut d);
                }
                d.validate_survey(base, today, &s)
            }
            None => d.validate(base, today),
        };
        if let Ok(r) = checked {
            self.app
                .write(move |db| async move { db.put_doc(&r).await }, |_| {});
        }
        let step = self.step;
        set_timeout(
            move || {
                if step.try_get_untracked() == Some(Step::Thanks) {
                    self.reset();
                }
            },
            RESET_AFTER,
        );
    }

    fn unlocked(self, u: Unlock) {
        match u {
            Unlock::Leave => {
                kiosk_lock::unlock();
                crate::route::lock_kiosk(None);
                crate::route::navigate(&Route::Insights(Tab::Satisfaction));
            }
            Unlock::Pick => self.step.set(Step::Pick),
        }
    }

    /// Staff's way back to the picker, or out: the PIN first when one is set.
    fn ask_pin(self, u: Unlock) {
        if !self.locked {
            return self.unlocked(u);
        }
        self.pin.refusal.set(None);
        self.pin.typed.set(String::new());
        self.pin.asking.set(Some(u));
    }

    fn try_pin(self) {
        let pin = self.pin;
        let Some(u) = pin.asking.get_untracked() else {
            return;
        };
        pin.checking.set(true);
        leptos::task::spawn_local(async move {
            let outcome = kiosk_lock::try_pin(&pin.typed.get_untracked()).await;
            pin.checking.set(false);
            pin.typed.set(String::new());
            if outcome == kiosk_lock::Try::Right {
                pin.asking.set(None);
                self.unlocked(u);
            } else {
                pin.refusal.set(Some(outcome));
            }
        });
    }
}

/// With an exit PIN set on this device, the kiosk holds the screen (and, through a
/// stored flag, every reload and new tab) until it is given.
fn hold_screen() {
    let here = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let here = flow::without_customer(&here);
    kiosk_lock::lock(&here);
    crate::route::lock_kiosk(Some(here));
}

#[component]
pub fn Kiosk(customer: Option<String>, survey: Option<String>) -> impl IntoView {
    let was_locked = kiosk_lock::locked_at().is_some();
    let k = KioskState::new(customer, survey, was_locked);
    if k.locked {
        hold_screen();
    }
    on_cleanup(|| crate::route::lock_kiosk(None));
    // A survey chosen (or loaded) starts its questions from the first.
    Effect::new(move |_| {
        k.current.track();
        k.answers.set(k.blank());
        if matches!(k.step.get_untracked(), Step::Ask(_)) {
            k.step.set(Step::Ask(0));
        }
    });
    let body = move || match k.step.get() {
        Step::Pick => view! { <PickScreen k/> }.into_any(),
        Step::Ask(n) => view! { <QuestionScreen k n/> }.into_any(),
        Step::Thanks => view! { <ThanksScreen k/> }.into_any(),
        Step::Handback => view! { <HandbackScreen k/> }.into_any(),
    };
    view! {
        <section class="kiosk" id="kiosk">
            <KioskBar k/>
            <Show when=move || k.pin.asking.with(Option::is_some)>
                <PinForm k/>
            </Show>
            {body}
        </section>
    }
}

/// Who is answering which survey, and the way out.
#[component]
fn KioskBar(k: KioskState) -> impl IntoView {
    let i = use_i18n();
    let exit = if k.locked {
        view! {
            <button class="btn btn-small" id="kiosk-exit" on:click=move |_| k.ask_pin(Unlock::Leave)>{i.tr(M::KioskExit)}</button>
        }
        .into_any()
    } else {
        view! {
            <a class="btn btn-small" id="kiosk-exit" href=Route::Insights(Tab::Satisfaction).href()>{i.tr(M::KioskExit)}</a>
        }
        .into_any()
    };
    view! {
        <div class="kiosk-bar">
            <span>{move || {
                let who = k.who.get().map(|(_, n)| n);
                let survey = k.current.with(|s| s.as_ref().map(|s| s.name.clone()));
                [who, survey].into_iter().flatten().collect::<Vec<_>>().join(" · ")
            }}</span>
            {exit}
        </div>
    }
}

#[component]
fn PinForm(k: KioskState) -> impl IntoView {
    let i = use_i18n();
    let pin = k.pin;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        k.try_pin();
    };
    view! {
        <form class="kiosk-pin" id="kiosk-pin-form" on:submit=submit>
            <label for="kiosk-pin">{i.tr(M::KioskPinAsk)}</label>
            <input id="kiosk-pin" type="password" inputmode="numeric" autocomplete="off" autofocus
                prop:value=move || pin.typed.get() on:input=move |ev| pin.typed.set(event_target_value(&ev))
                aria-invalid=move || pin.refusal.get().map(|_| "true")
                aria-describedby=move || pin.refusal.get().map(|_| "kiosk-pin-err")/>
            {move || pin.refusal.get().map(|r| view! {
                <p class="field-error" id="kiosk-pin-err" role="alert">{M::kiosk_refusal(i.get(), r)}</p>
            })}
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| { pin.asking.set(None); pin.typed.set(String::new()); }>{i.tr(K::Cancel)}</button>
                <button type="submit" class="btn btn-primary" id="kiosk-pin-ok" disabled=move || pin.checking.get()>
                    {move || if pin.asking.get() == Some(Unlock::Leave) { i.t(M::KioskLeave) } else { i.t(M::KioskNext) }}
                </button>
            </div>
        </form>
    }
}

/// Staff choose the survey and find the customer.
#[component]
fn PickScreen(k: KioskState) -> impl IntoView {
    let i = use_i18n();
    let matches = Memo::new(move |_| {
        let terms: Vec<String> = kehu_core::text::fold(&k.search.get())
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        k.app.rows.with(|rows| {
            rows.iter()
                .filter(|r| !r.deleted && r.matches_text(&terms))
                .take(8)
                .map(|r| (r.id.clone(), r.name.clone(), r.phone.clone()))
                .collect::<Vec<_>>()
        })
    });
    let is_current = move |id: &str| k.current.with(|c| c.as_ref().is_some_and(|c| c.id.0 == id));
    view! {
        <div class="kiosk-pick">
            <div class="field kiosk-survey-pick">
                <label for="kiosk-survey">{i.tr(K::SurveyPick)}</label>
                <select id="kiosk-survey" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    k.survey_id.set((!v.is_empty()).then_some(v));
                }>
                    <option value="" selected=move || k.current.with(Option::is_none)>{i.tr(K::QuickQuestions)}</option>
                    {move || k.surveys.get().into_iter().flatten().filter(|s| !s.archived).map(|s| {
                        let id = s.id.0.clone();
                        let id2 = id.clone();
                        view! { <option value=id selected=move || is_current(&id2)>{s.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <h1>{i.tr(M::KioskWho)}</h1>
            <label for="kiosk-search" class="visually-hidden">{i.tr(K::Search)}</label>
            <input id="kiosk-search" type="search" class="kiosk-search" autocomplete="off"
                placeholder=i.tr(K::SearchPlaceholder)
                prop:value=move || k.search.get() on:input=move |ev| k.search.set(event_target_value(&ev))/>
            <ul class="kiosk-matches">
                {move || matches.get().into_iter().map(|(id, name, phone)| {
                    let n2 = name.clone();
                    view! {
                        <li><button class="btn btn-lg kiosk-customer" on:click=move |_| k.pick(id.clone(), n2.clone())>
                            {name}" "<span class="muted">{phone}</span>
                        </button></li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Screen `n`: one question on large buttons, or a skip.
#[component]
fn QuestionScreen(k: KioskState, n: usize) -> impl IntoView {
    let i = use_i18n();
    let Some(p) = k.screens.with(|p| p.get(n).cloned()) else {
        return view! { <p class="muted">{i.t(K::Loading)}</p> }.into_any();
    };
    let total = k.screens.with(Vec::len);
    let (lo, hi) = p.scale;
    let kano = matches!(p.ask, Ask::Kano { .. });
    let ends = ends(&p.ask);
    let ask = p.ask;
    let heading = move || match &ask {
        Ask::Quick(q) => i.t(question_key(*q)).to_string(),
        Ask::Kano { feature, with } => M::kiosk_kano(i.get(), feature, *with),
        Ask::Servqual {
            statement,
            expectation,
        } => M::kiosk_servqual(i.get(), statement, *expectation),
        Ask::Custom(text) => text.clone(),
    };
    let score_text = move |v: u8| {
        if kano {
            i.t(i18n::KANO_ANSWERS[v as usize - 1]).to_string()
        } else {
            v.to_string()
        }
    };
    view! {
        <div class="kiosk-question" role="group" aria-labelledby="kiosk-q">
            <p class="muted kiosk-progress">{format!("{} / {}", n + 1, total)}</p>
            <h1 id="kiosk-q">{heading}</h1>
            <div class="kiosk-scale" class:kiosk-words=kano>
                {(lo..=hi).map(|v| view! {
                    <button class="kiosk-score" data-score=v.to_string() on:click=move |_| k.answer(n, Some(v))>
                        {move || score_text(v)}
                    </button>
                }).collect_view()}
            </div>
            {ends.map(|(low, high)| view! {
                <div class="kiosk-ends"><span>{move || i.t(low)}</span><span>{move || i.t(high)}</span></div>
            })}
            <button class="btn btn-link kiosk-skip" on:click=move |_| k.answer(n, None)>{i.tr(M::KioskSkip)}</button>
        </div>
    }
    .into_any()
}

#[component]
fn ThanksScreen(k: KioskState) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="kiosk-thanks" role="status" id="kiosk-thanks">
            <h1>{i.tr(M::KioskThanks)}</h1>
            <button class="btn btn-lg" on:click=move |_| k.reset()>{i.tr(M::KioskDone)}</button>
        </div>
    }
}

#[component]
fn HandbackScreen(k: KioskState) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="kiosk-thanks" id="kiosk-handback">
            <h1>{i.tr(M::KioskHandback)}</h1>
            <button class="btn btn-lg" id="kiosk-next" on:click=move |_| k.ask_pin(Unlock::Pick)>{i.tr(M::KioskNext)}</button>
        </div>
    }
}
