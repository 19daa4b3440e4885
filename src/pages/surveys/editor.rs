//! Designing a survey: its name, its items (moved, removed, a dimension or a scale
//! each), and SERVQUAL's weights; an answered survey says what editing it changes.

use super::messages as M;
use crate::components::field_error;
use crate::i18n::{K, Label, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Route, navigate};
use crate::state::{AppState, db, use_app};
use kehu_core::analytics::satisfaction::Dimension;
use kehu_core::validate::{Field, FieldError, QuestionDraft, SurveyDraft};
use kehu_core::{Scale, Survey, SurveyKind};
use leptos::prelude::*;

/// A new item, in the dimension of the one before it (SERVQUAL items come in runs).
fn add_item(d: &mut SurveyDraft) {
    let dimension = d
        .items
        .last()
        .map_or(Dimension::Tangibles, |it| it.dimension);
    d.items.push(QuestionDraft {
        id: None,
        text: String::new(),
        dimension,
        scale: Scale::Five,
    });
}

/// Item `k` one place up or down; nothing at either end.
fn shift_item(d: &mut SurveyDraft, k: usize, up: bool) {
    let j = if up { k.checked_sub(1) } else { Some(k + 1) };
    if let Some(j) = j.filter(|&j| j < d.items.len()) {
        d.items.swap(k, j);
    }
}

/// The survey being edited, the version it started from, and what checking it found.
#[derive(Clone, Copy)]
struct Editor {
    app: AppState,
    draft: RwSignal<SurveyDraft>,
    errors: RwSignal<Vec<FieldError>>,
    base: RwSignal<Option<Survey>>,
    missing: RwSignal<bool>,
    /// Responses the survey already has: editing it then changes what they mean.
    answered: RwSignal<u32>,
}

impl Editor {
    fn new() -> Editor {
        Editor {
            app: use_app(),
            draft: RwSignal::new(SurveyDraft {
                name: String::new(),
                items: Vec::new(),
                weights: Default::default(),
            }),
            errors: RwSignal::new(Vec::new()),
            base: RwSignal::new(None),
            missing: RwSignal::new(false),
            answered: RwSignal::new(0),
        }
    }

    fn kind(self) -> Option<SurveyKind> {
        self.base.with(|b| b.as_ref().map(|b| b.kind))
    }

    /// A new survey from its template's starting items, in the UI's language.
    fn start(self, kind: SurveyKind, chinese: bool) {
        let s = Survey::starter(kind, chinese, platform::new_id(), platform::now());
        self.draft.set(SurveyDraft::of(&s));
        self.base.set(Some(s));
    }

    fn load(self, id: String) {
        let app = self.app;
        leptos::task::spawn_local(async move {
            let found = async {
                let db = db()?;
                let s = db.surveys().await?.into_iter().find(|s| s.id.0 == id);
                let n = db.survey_response_count(&id).await?;
                Ok::<_, kehu_store::StoreError>(s.map(|s| (s, n)))
            };
            match found.await {
                Ok(Some((s, n))) => {
                    self.draft.try_set(SurveyDraft::of(&s));
                    self.base.try_set(Some(s));
                    self.answered.try_set(n);
                }
                Ok(None) => {
                    self.missing.try_set(true);
                }
                Err(e) => app.report(&e),
            }
        });
    }

    fn save(self) {
        let app = self.app;
        let Some(b) = self.base.get_untracked() else {
            return;
        };
        match self.draft.get_untracked().validate(b, platform::now()) {
            Err(e) => {
                self.errors.set(e);
                focus_first_invalid();
            }
            Ok(s) => app.write(
                move |db| async move { db.put_survey(&s).await },
                move |_| {
                    app.say(K::Saved, None);
                    navigate(&Route::Surveys);
                },
            ),
        }
    }

    fn add(self) {
        self.draft.update(add_item);
        let n = self.draft.with_untracked(|d| d.items.len()) - 1;
        request_animation_frame(move || platform::focus(&format!("item-text-{n}")));
    }
}

/// A new survey (from its template's starting items, in the UI's language) or an
/// existing one.
#[component]
pub fn SurveyEditor(id: Option<String>, kind: SurveyKind) -> impl IntoView {
    let i = use_i18n();
    let e = Editor::new();
    let is_new = id.is_none();
    match id {
        None => e.start(kind, i.lang.get_untracked().is_chinese()),
        Some(id) => e.load(id),
    }
    let d = e.draft;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        e.save();
    };
    let heading = move || match e.kind() {
        Some(SurveyKind::Kano) => i.t(M::KanoItemsHeading),
        Some(SurveyKind::Servqual) => i.t(M::ServqualItemsHeading),
        _ => i.t(M::CustomItemsHeading),
    };
    let name_err = move || field_error(e.errors, Field::SurveyName, i.get());
    let items_err = move || field_error(e.errors, Field::SurveyItems, i.get());
    view! {
        <div class="page-head">
            <h1>
                {move || if is_new { i.t(M::NewSurvey) } else { i.t(M::EditSurvey) }}
                {move || e.kind().map(|k| format!(" · {}", k.label(i.get())))}
            </h1>
        </div>
        <Show when=move || !e.missing.get() fallback=move || view! {
            <div class="panel"><p>{i.t(K::PageNotFound)}</p><a class="btn" href=Route::Surveys.href()>{i.t(K::NavSurveys)}</a></div>
        }>
            <form class="card survey-editor" id="survey-form" on:submit=submit novalidate>
                <div class="field" class:field-invalid=move || name_err().is_some()>
                    <label for="survey-name">{i.tr(K::SurveyName)}" *"</label>
                    <input id="survey-name" type="text" required=true
                        prop:value=move || d.with(|d| d.name.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); d.update(|d| d.name = v); }
                        aria-invalid=move || name_err().map(|_| "true")
                        aria-describedby=move || name_err().map(|_| "survey-name-err")/>
                    {move || name_err().map(|e| view! { <div class="field-error" id="survey-name-err">{e}</div> })}
                </div>
                {move || (e.answered.get() > 0).then(|| view! {
                    <p class="panel panel-warn" id="survey-answered" role="note">
                        {M::survey_answered(i.get(), e.answered.get())}
                    </p>
                })}
                <h2>{heading}</h2>
                {move || items_err().map(|e| view! { <div class="field-error" role="alert">{e}</div> })}
                <ol class="plain survey-items-edit">
                    {move || (0..d.with(|d| d.items.len())).map(|k| view! { <ItemRow e k/> }).collect_view()}
                </ol>
                <button type="button" class="btn" id="add-survey-item" on:click=move |_| e.add()>{i.tr(M::AddSurveyItem)}</button>
                <Show when=move || e.kind() == Some(SurveyKind::Servqual)>
                    <Weights e/>
                </Show>
                <div class="form-actions">
                    <a class="btn" href=Route::Surveys.href()>{i.tr(K::Cancel)}</a>
                    <button type="submit" class="btn btn-primary" id="save-survey">{i.tr(K::Save)}</button>
                </div>
            </form>
        </Show>
    }
}

/// Item `k`: its text, its dimension (SERVQUAL) or scale (custom), and the tools that
/// move and remove it.
#[component]
fn ItemRow(e: Editor, k: usize) -> impl IntoView {
    let i = use_i18n();
    let d = e.draft;
    let kind = move || e.kind();
    let shift = move |k: usize, up: bool| d.update(|d| shift_item(d, k, up));
    let err = move || field_error(e.errors, Field::SurveyItemText(k), i.get());
    let text_id = format!("item-text-{k}");
    let err_id = format!("item-text-{k}-err");
    view! {
        <li class="survey-item" class:field-invalid=move || err().is_some()>
            <span class="survey-item-no" aria-hidden="true">{k + 1}"."</span>
            <div class="survey-item-main">
                <label for=text_id.clone() class="visually-hidden">{move || format!("{} {}", i.t(K::ItemText), k + 1)}</label>
                <input id=text_id type="text" class="survey-item-text"
                    prop:value=move || d.with(|d| d.items.get(k).map(|x| x.text.clone()).unwrap_or_default())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        d.update(|d| if let Some(x) = d.items.get_mut(k) { x.text = v; });
                    }
                    aria-invalid=move || err().map(|_| "true")
                    aria-describedby=move || err().map(|_| format!("item-text-{k}-err"))/>
                {move || err().map(|e| view! { <div class="field-error" id=err_id.clone()>{e}</div> })}
            </div>
            {move || (kind() == Some(SurveyKind::Servqual)).then(|| view! {
                <select id=format!("item-dim-{k}") aria-label=move || format!("{} {}", i.t(M::DimensionLabel), k + 1)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(dim) = Dimension::ALL.iter().find(|x| format!("{x:?}") == v) {
                            d.update(|d| if let Some(x) = d.items.get_mut(k) { x.dimension = *dim; });
                        }
                    }>
                    {Dimension::ALL.iter().map(|&dim| view! {
                        <option value=format!("{dim:?}") selected=move || d.with(|d| d.items.get(k).is_some_and(|x| x.dimension == dim))>
                            {move || dim.label(i.get())}
                        </option>
                    }).collect_view()}
                </select>
            })}
            {move || (kind() == Some(SurveyKind::Custom)).then(|| view! {
                <select id=format!("item-scale-{k}") aria-label=move || format!("{} {}", i.t(K::ScaleLabel), k + 1)
                    on:change=move |ev| {
                        if let Some(sc) = Scale::from_code(&event_target_value(&ev)) {
                            d.update(|d| if let Some(x) = d.items.get_mut(k) { x.scale = sc; });
                        }
                    }>
                    {Scale::ALL.iter().map(|&sc| view! {
                        <option value=sc.code() selected=move || d.with(|d| d.items.get(k).is_some_and(|x| x.scale == sc))>
                            {move || sc.label(i.get())}
                        </option>
                    }).collect_view()}
                </select>
            })}
            <div class="survey-item-tools">
                <button type="button" class="btn btn-small btn-icon" aria-label=move || format!("{} {}", i.t(M::MoveUp), k + 1)
                    disabled=k == 0 on:click=move |_| shift(k, true)>"↑"</button>
                <button type="button" class="btn btn-small btn-icon" aria-label=move || format!("{} {}", i.t(M::MoveDown), k + 1)
                    disabled=move || d.with(|d| k + 1 >= d.items.len()) on:click=move |_| shift(k, false)>"↓"</button>
                <button type="button" class="btn btn-small btn-icon remove-item" aria-label=move || format!("{} {}", i.t(M::RemoveItem), k + 1)
                    on:click=move |_| d.update(|d| { if k < d.items.len() { d.items.remove(k); } })>"×"</button>
            </div>
        </li>
    }
}

/// SERVQUAL's weight of each dimension, in percent, and their total.
#[component]
fn Weights(e: Editor) -> impl IntoView {
    let i = use_i18n();
    let d = e.draft;
    let total = move || {
        d.with(|d| {
            d.weights
                .iter()
                .filter_map(|w| kehu_core::validate::percent(w))
                .sum::<f64>()
        })
    };
    let err = move || field_error(e.errors, Field::SurveyWeights, i.get());
    view! {
        <fieldset class="weights" id="survey-weights" aria-invalid=move || err().map(|_| "true")>
            <legend>{i.tr(K::WeightsLabel)}</legend>
            <div class="weights-row">
                {Dimension::ALL.iter().enumerate().map(|(k, &dim)| view! {
                    <div class="field">
                        <label for=format!("weight-{k}")>{move || dim.label(i.get())}</label>
                        <input id=format!("weight-{k}") type="number" min="0" max="100" step="any" inputmode="decimal"
                            prop:value=move || d.with(|d| d.weights[k].clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                d.update(|d| d.weights[k] = v);
                            }/>
                    </div>
                }).collect_view()}
                <p class="weights-total">{i.tr(M::WeightsTotal)}": "<strong>{move || format!("{:.1}%", total())}</strong></p>
            </div>
            {move || err().map(|e| view! { <div class="field-error" role="alert">{e}</div> })}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(texts: &[&str]) -> SurveyDraft {
        let mut d = SurveyDraft {
            name: "s".into(),
            items: Vec::new(),
            weights: Default::default(),
        };
        for t in texts {
            add_item(&mut d);
            d.items.last_mut().unwrap().text = t.to_string();
        }
        d
    }

    fn texts(d: &SurveyDraft) -> Vec<&str> {
        d.items.iter().map(|x| x.text.as_str()).collect()
    }

    #[test]
    fn items_move_within_the_list_and_stop_at_its_ends() {
        let mut d = draft(&["a", "b", "c"]);
        shift_item(&mut d, 0, true);
        assert_eq!(texts(&d), ["a", "b", "c"], "the first cannot go up");
        shift_item(&mut d, 0, false);
        assert_eq!(texts(&d), ["b", "a", "c"]);
        shift_item(&mut d, 2, false);
        assert_eq!(texts(&d), ["b", "a", "c"], "the last cannot go down");
        shift_item(&mut d, 2, true);
        assert_eq!(texts(&d), ["b", "c", "a"]);
    }

    #[test]
    fn a_new_item_follows_the_dimension_of_the_one_before() {
        let mut d = draft(&["a"]);
        d.items[0].dimension = Dimension::Empathy;
        add_item(&mut d);
        assert_eq!(d.items[1].dimension, Dimension::Empathy);
        assert_eq!(draft(&["x"]).items[0].dimension, Dimension::Tangibles);
    }
}
