//! Designed surveys: the list (with how many responses each has), and the editor of a
//! Kano, SERVQUAL or custom survey's items. The rules (ids kept, weights summing to
//! 100%) are `kehu_core::validate::SurveyDraft`'s; this page only shows them.

use crate::data::{self, Topic};
use crate::i18n::{K, Label, use_i18n};
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::{Survey, SurveyKind};
use leptos::prelude::*;
use std::collections::HashMap;
mod editor;
mod messages;
pub use editor::SurveyEditor;
use messages as M;

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
                    M::SurveyArchivedToast
                } else {
                    K::Restored
                };
                app.say(k, None);
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
                app.say(M::SurveyDeleted, Some(undo));
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
                        <a class="btn btn-small" href=Route::Kiosk { customer: None, survey: Some(id.clone()) }.href()>{i.tr(K::KioskOpen)}</a>
                    })}
                    <button class="btn btn-small archive-survey" on:click=move |_| set_archived(s1.clone(), !archived)>
                        {move || if archived { i.t(M::Unarchive) } else { i.t(M::Archive) }}
                    </button>
                    <button class="btn btn-small btn-danger delete-survey" disabled=answered.clone()
                        title=move || answered().then(|| i.t(M::SurveyHasAnswers))
                        on:click=move |_| delete(id1.clone())>{i.tr(K::Delete)}</button>
                </td>
            </tr>
        }
    };
    view! {
        <div class="page-head">
            <h1>{i.tr(M::SurveysTitle)}</h1>
            <div class="page-actions">
                <a class="btn btn-primary" id="new-kano" href=Route::NewSurvey(SurveyKind::Kano).href()>{i.tr(M::NewKano)}</a>
                <a class="btn btn-primary" id="new-servqual" href=Route::NewSurvey(SurveyKind::Servqual).href()>{i.tr(M::NewServqual)}</a>
                <a class="btn btn-primary" id="new-custom" href=Route::NewSurvey(SurveyKind::Custom).href()>{i.tr(M::NewCustom)}</a>
            </div>
        </div>
        <p class="muted">{i.tr(M::SurveysIntro)}</p>
        <div class="card">
            {move || match surveys.get() {
                None => view! { <p class="muted">{i.t(K::Loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="muted" id="no-surveys">{i.t(M::NoSurveys)}</p> }.into_any(),
                Some(list) => view! {
                    <div class="table-wrap">
                        <table class="table" id="survey-table">
                            <thead><tr>
                                <th scope="col">{i.tr(M::ColSurvey)}</th>
                                <th scope="col">{i.tr(M::ColTemplate)}</th>
                                <th scope="col" class="num">{i.tr(K::ColItems)}</th>
                                <th scope="col" class="num">{i.tr(K::ColResponses)}</th>
                                <th scope="col">{i.tr(M::ColStatus)}</th>
                                <th scope="col"><span class="visually-hidden">{i.tr(K::Edit)}</span></th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
