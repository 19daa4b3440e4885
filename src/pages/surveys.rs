//! Designed surveys: the list (with how many responses each has), and the editor of a
//! Kano, SERVQUAL or custom survey's items. The rules (ids kept, weights summing to
//! 100%) are `kehu_core::validate::SurveyDraft`'s; this page only shows them.

use crate::components::field_error;
use crate::data::{self, Topic};
use crate::i18n::{K, Label, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Route, navigate};
use crate::state::{db, use_app};
use kehu_core::analytics::satisfaction::Dimension;
use kehu_core::validate::{Field, FieldError, QuestionDraft, SurveyDraft};
use kehu_core::{Scale, Survey, SurveyKind};
use leptos::prelude::*;
use std::collections::HashMap;

/// Every designed survey, refetched when surveys change (here or in another tab);
/// `None` until read.
pub fn use_surveys() -> Signal<Option<Vec<Survey>>> {
    let read = data::resource(vec![Topic::Surveys], |db| async move { db.surveys().await });
    Signal::derive(move || read.get().and_then(Result::ok))
}

#[component]
pub fn SurveyList() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let surveys = use_surveys();
    // How many answers each survey has (by index: no response is read).
    let counts = data::resource(
        vec![Topic::Surveys, Topic::of::<kehu_core::SurveyResponse>()],
        |db| async move {
            let mut found = HashMap::new();
            for s in db.surveys().await? {
                found.insert(
                    s.id.0.clone(),
                    db.survey_response_count(s.id.as_str()).await?,
                );
            }
            Ok(found)
        },
    );
    let set_archived = move |s: Survey, archived: bool| {
        let s = Survey {
            archived,
            updated: platform::now(),
            ..s
        };
        app.write(
            move |db| async move { db.put_survey(&s).await },
            move |_| {
                let k = if archived {
                    K::SurveyArchivedToast
                } else {
                    K::Restored
                };
                app.toast(i.now(k).to_string(), None);
            },
        );
    };
    let delete = move |id: String| {
        app.write(
            move |db| async move { db.delete_survey(&id).await },
            move |old: Survey| {
                let undo = Callback::new(move |_| {
                    let old = old.clone();
                    app.write(
                        move |db| async move { db.put_survey_back(&old).await },
                        |_| {},
                    );
                });
                app.toast(i.now(K::SurveyDeleted).to_string(), Some(undo));
            },
        );
    };
    let row = move |s: Survey| {
        let id = s.id.0.clone();
        let count = {
            let id = id.clone();
            move || {
                counts
                    .get()
                    .and_then(Result::ok)
                    .and_then(|c| c.get(&id).copied())
            }
        };
        let answered = {
            let count = count.clone();
            move || count().is_none_or(|n| n > 0)
        };
        let (kind, archived, items) = (s.kind, s.archived, s.items.len());
        let (s1, id1) = (s.clone(), id.clone());
        view! {
            <tr class="survey-row" data-id=id.clone()>
                <td><a href=Route::EditSurvey(id.clone()).href()>{s.name.clone()}</a></td>
                <td>{move || kind.label(i.get())}</td>
                <td class="num">{items}</td>
                <td class="num">{move || count().map(|n| crate::i18n::count(n as usize)).unwrap_or_else(|| "…".into())}</td>
                <td>{move || if archived { i.t(K::SurveyArchived) } else { i.t(K::SurveyActive) }}</td>
                <td class="row-actions">
                    {(!archived).then(|| view! {
                        <a class="btn btn-small" href=Route::Kiosk { customer: None, survey: Some(id.clone()) }.href()>{move || i.t(K::KioskOpen)}</a>
                    })}
                    <button class="btn btn-small archive-survey" on:click=move |_| set_archived(s1.clone(), !archived)>
                        {move || if archived { i.t(K::Unarchive) } else { i.t(K::Archive) }}
                    </button>
                    <button class="btn btn-small btn-danger delete-survey" disabled=answered.clone()
                        title=move || answered().then(|| i.t(K::SurveyHasAnswers))
                        on:click=move |_| delete(id1.clone())>{move || i.t(K::Delete)}</button>
                </td>
            </tr>
        }
    };
    view! {
        <div class="page-head">
            <h1>{move || i.t(K::SurveysTitle)}</h1>
            <div class="page-actions">
                <a class="btn btn-primary" id="new-kano" href=Route::NewSurvey(SurveyKind::Kano).href()>{move || i.t(K::NewKano)}</a>
                <a class="btn btn-primary" id="new-servqual" href=Route::NewSurvey(SurveyKind::Servqual).href()>{move || i.t(K::NewServqual)}</a>
                <a class="btn btn-primary" id="new-custom" href=Route::NewSurvey(SurveyKind::Custom).href()>{move || i.t(K::NewCustom)}</a>
            </div>
        </div>
        <p class="muted">{move || i.t(K::SurveysIntro)}</p>
        <div class="card">
            {move || match surveys.get() {
                None => view! { <p class="muted">{i.t(K::Loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="muted" id="no-surveys">{i.t(K::NoSurveys)}</p> }.into_any(),
                Some(list) => view! {
                    <div class="table-wrap">
                        <table class="table" id="survey-table">
                            <thead><tr>
                                <th scope="col">{move || i.t(K::ColSurvey)}</th>
                                <th scope="col">{move || i.t(K::ColTemplate)}</th>
                                <th scope="col" class="num">{move || i.t(K::ColItems)}</th>
                                <th scope="col" class="num">{move || i.t(K::ColResponses)}</th>
                                <th scope="col">{move || i.t(K::ColStatus)}</th>
                                <th scope="col"><span class="visually-hidden">{move || i.t(K::Edit)}</span></th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

/// A new survey (from its template's starting items, in the UI's language) or an
/// existing one.
#[component]
pub fn SurveyEditor(id: Option<String>, kind: SurveyKind) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let base = RwSignal::new(None::<Survey>);
    let missing = RwSignal::new(false);
    // Responses the survey already has: editing it then changes what they mean.
    let answered = RwSignal::new(0u32);
    let d = RwSignal::new(SurveyDraft {
        name: String::new(),
        items: Vec::new(),
        weights: Default::default(),
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let is_new = id.is_none();
    match id {
        None => {
            let s = Survey::starter(
                kind,
                i.lang.get_untracked().is_chinese(),
                platform::new_id(),
                platform::now(),
            );
            d.set(SurveyDraft::of(&s));
            base.set(Some(s));
        }
        Some(id) => leptos::task::spawn_local(async move {
            let found = async {
                let db = db()?;
                let s = db.surveys().await?.into_iter().find(|s| s.id.0 == id);
                let n = db.survey_response_count(&id).await?;
                Ok::<_, kehu_store::StoreError>(s.map(|s| (s, n)))
            };
            match found.await {
                Ok(found) => match found {
                    Some((s, n)) => {
                        d.try_set(SurveyDraft::of(&s));
                        base.try_set(Some(s));
                        answered.try_set(n);
                    }
                    None => {
                        missing.try_set(true);
                    }
                },
                Err(e) => app.report(&e),
            }
        }),
    }
    let kind = move || base.with(|b| b.as_ref().map(|b| b.kind));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(b) = base.get_untracked() else {
            return;
        };
        match d.get_untracked().validate(b, platform::now()) {
            Err(e) => {
                errors.set(e);
                focus_first_invalid();
            }
            Ok(s) => app.write(
                move |db| async move { db.put_survey(&s).await },
                move |_| {
                    app.toast(i.now(K::Saved).to_string(), None);
                    navigate(&Route::Surveys);
                },
            ),
        }
    };
    let add = move |_| {
        d.update(|d| {
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
        });
        let n = d.with_untracked(|d| d.items.len()) - 1;
        request_animation_frame(move || crate::platform::focus(&format!("item-text-{n}")));
    };
    let shift = move |k: usize, up: bool| {
        d.update(|d| {
            let j = if up { k.checked_sub(1) } else { Some(k + 1) };
            if let Some(j) = j.filter(|&j| j < d.items.len()) {
                d.items.swap(k, j);
            }
        });
    };
    let item_row = move |k: usize| {
        let err = move || field_error(errors, Field::SurveyItemText(k), i.get());
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
                    <select id=format!("item-dim-{k}") aria-label=move || format!("{} {}", i.t(K::DimensionLabel), k + 1)
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
                    <button type="button" class="btn btn-small btn-icon" aria-label=move || format!("{} {}", i.t(K::MoveUp), k + 1)
                        disabled=k == 0 on:click=move |_| shift(k, true)>"↑"</button>
                    <button type="button" class="btn btn-small btn-icon" aria-label=move || format!("{} {}", i.t(K::MoveDown), k + 1)
                        disabled=move || d.with(|d| k + 1 >= d.items.len()) on:click=move |_| shift(k, false)>"↓"</button>
                    <button type="button" class="btn btn-small btn-icon remove-item" aria-label=move || format!("{} {}", i.t(K::RemoveItem), k + 1)
                        on:click=move |_| d.update(|d| { if k < d.items.len() { d.items.remove(k); } })>"×"</button>
                </div>
            </li>
        }
    };
    let weights = move || {
        (kind() == Some(SurveyKind::Servqual)).then(|| {
            let total = move || {
                d.with(|d| {
                    d.weights
                        .iter()
                        .filter_map(|w| kehu_core::validate::percent(w))
                        .sum::<f64>()
                })
            };
            let err = move || field_error(errors, Field::SurveyWeights, i.get());
            view! {
                <fieldset class="weights" id="survey-weights" aria-invalid=move || err().map(|_| "true")>
                    <legend>{move || i.t(K::WeightsLabel)}</legend>
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
                        <p class="weights-total">{move || i.t(K::WeightsTotal)}": "<strong>{move || format!("{:.1}%", total())}</strong></p>
                    </div>
                    {move || err().map(|e| view! { <div class="field-error" role="alert">{e}</div> })}
                </fieldset>
            }
        })
    };
    let heading = move || match kind() {
        Some(SurveyKind::Kano) => i.t(K::KanoItemsHeading),
        Some(SurveyKind::Servqual) => i.t(K::ServqualItemsHeading),
        _ => i.t(K::CustomItemsHeading),
    };
    let name_err = move || field_error(errors, Field::SurveyName, i.get());
    let items_err = move || field_error(errors, Field::SurveyItems, i.get());
    view! {
        <div class="page-head">
            <h1>
                {move || if is_new { i.t(K::NewSurvey) } else { i.t(K::EditSurvey) }}
                {move || kind().map(|k| format!(" · {}", k.label(i.get())))}
            </h1>
        </div>
        <Show when=move || !missing.get() fallback=move || view! {
            <div class="panel"><p>{i.t(K::PageNotFound)}</p><a class="btn" href=Route::Surveys.href()>{i.t(K::NavSurveys)}</a></div>
        }>
            <form class="card survey-editor" id="survey-form" on:submit=submit novalidate>
                <div class="field" class:field-invalid=move || name_err().is_some()>
                    <label for="survey-name">{move || i.t(K::SurveyName)}" *"</label>
                    <input id="survey-name" type="text" required=true
                        prop:value=move || d.with(|d| d.name.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); d.update(|d| d.name = v); }
                        aria-invalid=move || name_err().map(|_| "true")
                        aria-describedby=move || name_err().map(|_| "survey-name-err")/>
                    {move || name_err().map(|e| view! { <div class="field-error" id="survey-name-err">{e}</div> })}
                </div>
                {move || (answered.get() > 0).then(|| view! {
                    <p class="panel panel-warn" id="survey-answered" role="note">
                        {crate::i18n::survey_answered(i.get(), answered.get())}
                    </p>
                })}
                <h2>{heading}</h2>
                {move || items_err().map(|e| view! { <div class="field-error" role="alert">{e}</div> })}
                <ol class="plain survey-items-edit">
                    {move || (0..d.with(|d| d.items.len())).map(item_row).collect_view()}
                </ol>
                <button type="button" class="btn" id="add-survey-item" on:click=add>{move || i.t(K::AddSurveyItem)}</button>
                {weights}
                <div class="form-actions">
                    <a class="btn" href=Route::Surveys.href()>{move || i.t(K::Cancel)}</a>
                    <button type="submit" class="btn btn-primary" id="save-survey">{move || i.t(K::Save)}</button>
                </div>
            </form>
        </Show>
    }
}
