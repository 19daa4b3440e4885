//! Survey responses on the customer's page, and the form that answers a survey.

use super::*;

/// The questions of a designed survey as form fields: a Kano feature's two answers
/// (with it, without it), a SERVQUAL statement's expectation and perception, or a
/// custom item's score. Fills `draft.items`, which is in the survey's item order.
#[component]
fn SurveyQuestions(
    survey: kehu_core::Survey,
    draft: RwSignal<kehu_core::validate::ResponseDraft>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    use kehu_core::SurveyKind;
    let i = use_i18n();
    let kind = survey.kind;
    let select = move |pos: usize, second: bool, label: Msg, (lo, hi): (u8, u8)| {
        let id = format!("sv-item-{pos}-{}", if second { "b" } else { "a" });
        let get = move |d: &kehu_core::validate::ResponseDraft| {
            d.items
                .get(pos)
                .and_then(|x| if second { x.2 } else { x.1 })
        };
        view! {
            <div class="field">
                <label for=id.clone()>{move || i.t(label)}</label>
                <select id=id on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<u8>().ok();
                    draft.update(|d| if let Some(x) = d.items.get_mut(pos) {
                        if second { x.2 = v } else { x.1 = v }
                    });
                }>
                    <option value="" selected=move || draft.with(|d| get(d).is_none())>"–"</option>
                    {(lo..=hi).map(|v| view! {
                        <option value=v.to_string() selected=move || draft.with(|d| get(d) == Some(v))>
                            {move || if kind == SurveyKind::Kano {
                                format!("{v} {}", i.t(i18n::KANO_ANSWERS[v as usize - 1]))
                            } else {
                                v.to_string()
                            }}
                        </option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let scales: Vec<(u8, u8)> = survey.items.iter().map(|it| survey.scale_of(it)).collect();
    view! {
        <div class="survey-questions">
            {survey.items.iter().enumerate().map(|(pos, it)| {
                let scale = scales[pos];
                let err = move || field_error(errors, Field::SurveyItem(pos), i.get());
                let dim = it.dimension;
                view! {
                    <fieldset class="survey-q" class:field-invalid=move || err().is_some()>
                        <legend>
                            {format!("{}. {}", pos + 1, it.text)}
                            {dim.map(|d| view! { <span class="muted">{move || format!(" · {}", d.label(i.get()))}</span> })}
                        </legend>
                        <div class="survey-q-answers">
                            {match kind {
                                SurveyKind::Kano => view! {
                                    {select(pos, false, K::KanoWith, scale)}
                                    {select(pos, true, K::KanoWithout, scale)}
                                }.into_any(),
                                SurveyKind::Servqual => view! {
                                    {select(pos, false, K::Expectation, scale)}
                                    {select(pos, true, K::Perception, scale)}
                                }.into_any(),
                                SurveyKind::Custom => select(pos, false, K::ColScore, scale).into_any(),
                            }}
                        </div>
                        {move || err().map(|e| view! { <div class="field-error" role="alert">{e}</div> })}
                    </fieldset>
                }
            }).collect_view()}
        </div>
    }
}

/// The customer's survey answers, and a form to record a new one: the quick questions
/// (NPS, CSAT, CES) or a designed survey.
#[component]
pub(super) fn Responses(customer: Id, readonly: bool) -> impl IntoView {
    use kehu_core::validate::ResponseDraft;
    use kehu_core::{Question, SurveyResponse};
    let app = use_app();
    let i = use_i18n();
    let open = RwSignal::new(false);
    let customer = StoredValue::new(customer);
    let read = data::resource(vec![Topic::of::<SurveyResponse>()], move |db| {
        let id = customer.get_value().0;
        async move {
            let mut v = db.docs_of::<SurveyResponse>(&id).await?;
            v.reverse();
            Ok(v)
        }
    });

    // A response recorded by mistake (a wrong customer at the kiosk) is deleted, with undo.
    let delete = move |id: String| {
        crate::pages::delete_id_with_undo::<SurveyResponse>(id, M::ResponseDeleted, None)
    };
    let d = RwSignal::new(ResponseDraft::new(platform::today()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let surveys = crate::pages::surveys::use_surveys();
    // The designed survey being answered; `None`: the quick questions.
    let chosen = RwSignal::new(None::<String>);
    let survey_id = move || chosen.get();
    let current = move || {
        let id = chosen.get()?;
        surveys.with(|all| all.iter().flatten().find(|s| s.id.0 == id).cloned())
    };
    let choose = move |id: String| {
        let today = platform::today();
        let found =
            surveys.with_untracked(|all| all.iter().flatten().find(|s| s.id.0 == id).cloned());
        let fresh = match &found {
            Some(s) => ResponseDraft::for_survey(today, s),
            None => ResponseDraft::new(today),
        };
        // The date and note carry over; the answers belong to the questions.
        d.update(|d| {
            *d = ResponseDraft {
                date: std::mem::take(&mut d.date),
                comment: std::mem::take(&mut d.comment),
                ..fresh
            }
        });
        errors.set(vec![]);
        chosen.set(found.map(|s| s.id.0));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now = platform::now();
        let base = SurveyResponse::blank(
            platform::new_id(),
            customer.get_value(),
            platform::today(),
            now,
        );
        let draft = d.get_untracked();
        let checked = match untrack(current) {
            Some(s) => draft.validate_survey(base, platform::today(), &s),
            None => draft.validate(base, platform::today()),
        };
        match checked {
            Err(e) => {
                errors.set(e);
                focus_first_invalid();
            }
            Ok(r) => app.write(
                move |db| async move { db.put_doc(&r).await },
                move |_| {
                    open.set(false);
                    errors.set(vec![]);
                    let today = platform::today();
                    d.set(match untrack(current) {
                        Some(s) => ResponseDraft::for_survey(today, &s),
                        None => ResponseDraft::new(today),
                    });
                    app.say(K::Saved, None);
                },
            ),
        }
    };
    let q_label = |q: Question| match q {
        Question::Nps => K::QNps,
        Question::Csat => K::QCsat,
        Question::Ces => K::QCes,
    };
    // The draft changes shape with the survey chosen before this field goes: hence
    // `get`, not indexing.
    let score_field = move |idx: usize, q: Question| {
        let (lo, hi) = q.scale();
        let id = format!("sv-{}", q.code());
        view! {
            <div class="field">
                <label for=id.clone()>{move || i.t(q_label(q))}</label>
                <select id=id on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<u8>().ok();
                    d.update(|d| if let Some(x) = d.scores.get_mut(idx) { x.1 = v });
                }>
                    <option value="" selected=move || d.with(|d| d.scores.get(idx).is_none_or(|x| x.1.is_none()))>"–"</option>
                    {(lo..=hi).map(|v| view! {
                        <option value=v.to_string() selected=move || d.with(|d| d.scores.get(idx).is_some_and(|x| x.1 == Some(v)))>{v.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <div class="card" id="responses">
            <div class="card-head">
                <h2>{i.tr(M::SurveyResponses)}</h2>
                {(!readonly).then(|| view! {
                    <div class="page-actions">
                        <a class="btn btn-small" id="open-kiosk" href=move || Route::Kiosk { customer: Some(customer.get_value().0), survey: survey_id() }.href()>{i.tr(K::KioskOpen)}</a>
                        <button class="btn btn-small" id="add-response" on:click=move |_| open.update(|o| *o = !*o)>{i.tr(M::RecordResponse)}</button>
                    </div>
                })}
            </div>
            <Show when=move || open.get()>
                <form class="inline-form" id="response-form" on:submit=submit novalidate>
                    <TextField id="f-when" label=K::When draft=d get=|d| &d.date set=|d| &mut d.date field=Field::SurveyDate errors=errors input_type="date"/>
                    <div class="field">
                        <label for="sv-survey">{i.tr(K::SurveyPick)}</label>
                        <select id="sv-survey" on:change=move |ev| choose(event_target_value(&ev))>
                            <option value="" selected=move || chosen.with(Option::is_none)>{i.tr(K::QuickQuestions)}</option>
                            {move || surveys.get().into_iter().flatten().filter(|s| !s.archived).map(|s| {
                                let id = s.id.0.clone();
                                let id2 = id.clone();
                                view! { <option value=id selected=move || chosen.with(|c| c.as_deref() == Some(id2.as_str()))>{s.name.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    {move || match current() {
                        None => view! {
                            {score_field(0, Question::Nps)}
                            {score_field(1, Question::Csat)}
                            {score_field(2, Question::Ces)}
                        }.into_any(),
                        Some(s) => view! { <SurveyQuestions survey=s draft=d errors=errors/> }.into_any(),
                    }}
                    {move || field_error(errors, Field::SurveyAnswers, i.get()).map(|_| view! {
                        <p class="field-error" role="alert">{i.t(M::SurveyNeedsAnswer)}</p>
                    })}
                    <TextField id="f-note" label=K::Note draft=d get=|d| &d.comment set=|d| &mut d.comment field=Field::SurveyComment errors=errors multiline=true/>
                    <div class="form-actions">
                        <button type="button" class="btn" on:click=move |_| open.set(false)>{i.tr(K::Cancel)}</button>
                        <button type="submit" class="btn btn-primary" id="save-response">{i.tr(K::Save)}</button>
                    </div>
                </form>
            </Show>
            {move || {
                let rows = match read.get() {
                    None => Vec::new(),
                    Some(Ok(rows)) => rows,
                    Some(Err(e)) => return view! {
                        <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p>
                    }.into_any(),
                };
                if rows.is_empty() {
                    return view! { <p class="muted">{i.t(M::NoResponses)}</p> }.into_any();
                }
                view! {
                    <ul class="plain responses">
                        {rows.into_iter().map(|r| {
                            let mut parts: Vec<String> = r.answers.iter().map(|a| format!("{} {}", a.question.code().to_uppercase(), a.score)).collect();
                            if let Some(id) = &r.survey {
                                let name = surveys.with(|all| all.iter().flatten().find(|s| &s.id == id).map(|s| s.name.clone()));
                                parts.push(format!("{} · {} {}", name.unwrap_or_default(), r.items.len(), i.t(M::ItemsAnswered)));
                            }
                            let id = r.id.0.clone();
                            view! {
                                <li>
                                    <span class="muted">{move || i18n::date(i.get(), r.day)}</span>" · "{parts.join(" · ")}
                                    {(!readonly).then(|| view! {
                                        " "<button class="btn btn-link btn-small delete-response" on:click=move |_| delete(id.clone())>{i.tr(K::Delete)}</button>
                                    })}
                                    {(!r.comment.is_empty()).then(|| view! { <div class="muted prewrap">{r.comment.clone()}</div> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}
