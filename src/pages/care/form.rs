//! One care rule at `#/care/<id>`, or a new one at `#/care/new`: its condition (with
//! the days, category or value it takes), its task and who gets it. Below, the
//! preview: what the rule as typed would create were it switched on today, worked out
//! by the worker, writing nothing. Only after a preview of the rule as it stands can it
//! be switched on; any edit asks for a new one. The rules are `kehu_core::care`'s.

use super::messages as M;
use crate::components::{CodeSelect, OwnerSelect, TextField};
use crate::i18n::{self, K, Msg, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Route, navigate};
use crate::state::use_app;
use crate::worker::{self, Reply};
use kehu_core::Task;
use kehu_core::care::{CareDraft, CareRule, Outcome, Trigger, TriggerKind};
use kehu_core::envelope::Request;
use kehu_core::task::TaskKind;
use kehu_core::validate::{Field, FieldError};
use leptos::prelude::*;

fn list() -> Route {
    Route::CareRules
}

/// Where the preview stands.
#[derive(Debug, Clone, PartialEq)]
enum Preview {
    NotYet,
    Working,
    Ready { total: usize, first: Vec<Task> },
    Failed(String),
}

/// What `rule` would make, from a worker of its own.
async fn preview_of(lang: i18n::Lang, rule: CareRule) -> Preview {
    match worker::answer(Request::Care(crate::care::ask(lang, Some(rule)))).await {
        Reply::Care(Ok(Outcome::Preview { total, first })) => Preview::Ready { total, first },
        Reply::Care(Err(e)) => Preview::Failed(i18n::store_error(lang, &e)),
        Reply::Crashed(m) => Preview::Failed(m),
        _ => Preview::Failed("unexpected answer".into()),
    }
}

#[component]
fn CareEditor(base: CareRule, adding: bool) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(CareDraft::from_rule(&base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let preview = RwSignal::new(Preview::NotYet);
    let since = base.since;
    let base = StoredValue::new(base);
    // A preview is of the draft it was made from: an edit sets it aside.
    Effect::new(move |seen: Option<()>| {
        draft.track();
        if seen.is_some() {
            preview.set(Preview::NotYet);
        }
    });
    let checked =
        move || match draft.with_untracked(|d| d.validate(base.get_value(), platform::now())) {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
                None
            }
            Ok(r) => {
                errors.set(Vec::new());
                Some(r)
            }
        };
    let save = move |r: CareRule, done: Msg| {
        app.write(
            move |db| async move { db.put_doc(&r).await },
            move |_| {
                app.say(done, None);
                navigate(&list());
            },
        )
    };
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(r) = checked() {
            save(r, M::Saved);
        }
    };
    let on_preview = move |_| {
        if let Some(r) = checked() {
            preview.set(Preview::Working);
            let lang = i.lang.get_untracked();
            leptos::task::spawn_local(async move { preview.set(preview_of(lang, r).await) });
        }
    };
    let on_switch_on = move |_| {
        if let Some(r) = checked() {
            super::switch(r, true, || navigate(&list()));
        }
    };
    let on_switch_off = move |_| super::switch(base.get_value(), false, || navigate(&list()));
    let d = draft;
    view! {
        <div class="page-head">
            <h1>{move || if adding { i.t(M::NewRule) } else { i.t(M::EditTitle) }}</h1>
        </div>
        <form class="card" id="care-form" on:submit=on_save novalidate>
            <div class="grid-2">
                <CodeSelect id="care-when" label=M::FWhen draft=d get=|d| Some(d.kind) set=set_kind
                    all=&TriggerKind::ALL code=TriggerKind::code from_code=TriggerKind::from_code/>
                <TextField id="care-name" label=K::FCareName draft=d get=|d| &d.name set=|d| &mut d.name field=Field::CareName errors=errors required=true/>
            </div>
            <TriggerFields draft=d errors=errors/>
            <div class="grid-2">
                <CodeSelect id="care-task" label=M::FTask draft=d get=|d| Some(d.task) set=|d, v| if let Some(k) = v { d.task = k }
                    all=&TaskKind::ALL code=TaskKind::code from_code=TaskKind::from_code/>
                <TextField id="care-title" label=K::FCareTitle draft=d get=|d| &d.title set=|d| &mut d.title field=Field::CareTitle errors=errors required=true/>
                <div>
                    <OwnerSelect id="care-owner" label=M::FOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
                    <p class="hint">{i.tr(M::OwnerHint)}</p>
                </div>
            </div>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="care-delete" on:click=move |_| {
                        crate::pages::delete_with_undo(base.get_value(), M::Deleted, list());
                    }>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=list().href()>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="care-save">{i.tr(K::Save)}</button>
            </div>
        </form>
        <section class="card" id="care-preview" aria-live="polite">
            <h2>{i.tr(M::Preview)}</h2>
            <p id="care-status" class=if since.is_some() { "" } else { "muted" }>{move || match since {
                Some(d) => M::on_since(i.get(), &d.to_string()),
                None => M::PreviewFirst.text(i.get()).to_string(),
            }}</p>
            <PreviewResult preview=preview/>
            <div class="form-actions">
                <button type="button" class="btn" id="care-preview-run" on:click=on_preview
                    disabled=move || preview.with(|p| *p == Preview::Working)>{i.tr(M::Preview)}</button>
                {move || match (since, preview.with(|p| matches!(p, Preview::Ready { .. }))) {
                    (Some(_), _) => view! {
                        <button type="button" class="btn btn-danger" id="care-switch-off" on:click=on_switch_off>{i.tr(M::SwitchOff)}</button>
                    }.into_any(),
                    (None, true) => view! {
                        <button type="button" class="btn btn-primary" id="care-switch-on" on:click=on_switch_on>{i.tr(M::SaveAndOn)}</button>
                    }.into_any(),
                    (None, false) => ().into_any(),
                }}
            </div>
        </section>
    }
}

/// Sets the condition; a task still of the old condition's usual kind follows to the
/// new one's (a visit after a complaint, a call otherwise).
fn set_kind(d: &mut CareDraft, v: Option<TriggerKind>) {
    if let Some(k) = v {
        if d.task == d.kind.usual_task() {
            d.task = k.usual_task();
        }
        d.kind = k;
    }
}

/// The fields of the chosen condition: its days, its category, its value.
#[component]
fn TriggerFields(draft: RwSignal<CareDraft>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i = use_i18n();
    let kind = Memo::new(move |_| draft.with(|d| d.kind));
    let d = draft;
    move || {
        let days = |label: Msg| {
            view! {
                <TextField id="care-days" label=label draft=d get=|d| &d.days set=|d| &mut d.days field=Field::CareDays errors=errors input_mode="numeric" required=true/>
            }
        };
        match kind.get() {
            TriggerKind::AfterOrder => view! {
                <div class="grid-2">
                    {days(M::DaysAfterOrder)}
                    <TextField id="care-category" label=K::FCategory draft=d get=|d| &d.category set=|d| &mut d.category field=Field::CareCategory errors=errors hint=M::CategoryHint/>
                </div>
            }.into_any(),
            TriggerKind::AfterComplaint => view! { <div class="grid-2">{days(M::DaysAfterComplaint)}</div> }.into_any(),
            TriggerKind::Birthday => view! { <div class="grid-2">{days(M::DaysBefore)}</div> }.into_any(),
            TriggerKind::Occasion => view! { <p class="hint" id="care-occasion">{i.tr(M::OccasionNote)}</p> }.into_any(),
            TriggerKind::ChurnRisk => view! {
                <div class="grid-2">
                    <TextField id="care-value" label=K::FCareValue draft=d get=|d| &d.value set=|d| &mut d.value field=Field::CareValue errors=errors input_mode="decimal" hint=M::ValueHint/>
                </div>
            }.into_any(),
        }
    }
}

/// The preview's count and its first tasks.
#[component]
fn PreviewResult(preview: RwSignal<Preview>) -> impl IntoView {
    let (i, roster) = (use_i18n(), crate::roster::use_roster());
    move || match preview.get() {
        Preview::NotYet => ().into_any(),
        Preview::Working => view! { <p class="loading">{i.t(M::Previewing)}</p> }.into_any(),
        Preview::Failed(why) => {
            view! { <p class="panel panel-error" role="alert">{why}</p> }.into_any()
        }
        Preview::Ready { total: 0, .. } => {
            view! { <p id="care-would" data-total="0">{i.t(M::WouldMakeNone)}</p> }.into_any()
        }
        Preview::Ready { total, first } => {
            let names =
                crate::pages::tasks::customers_of(first.iter().filter_map(|t| t.customer.as_ref()));
            let row = |t: Task| {
                let c = t.customer.clone().unwrap_or_default();
                let name = names.get(&c).map(|(n, _)| n.clone()).unwrap_or_default();
                let owner = roster.with_untracked(|r| match r {
                    Some(r) => r.name(&t.owner).to_string(),
                    None => t.owner.clone(),
                });
                view! {
                    <tr class="care-would-row">
                        <td><a href=Route::Customer(c.0.clone()).href()>{name}</a></td>
                        <td>{move || i18n::date(i.get(), t.due)}</td>
                        <td>{t.title.clone()}</td>
                        <td>{owner}</td>
                    </tr>
                }
            };
            let shown = first.len();
            view! {
                <p id="care-would" data-total=total.to_string()>
                    {move || M::would_make(i.get(), total)}
                    {(shown < total).then(|| view! { " "{move || M::first_of(i.get(), shown)} })}
                </p>
                <div class="table-wrap table-scroll">
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{i.tr(M::ColCustomer)}</th>
                            <th scope="col">{i.tr(M::ColDue)}</th>
                            <th scope="col">{i.tr(M::ColTask)}</th>
                            <th scope="col">{i.tr(M::ColWho)}</th>
                        </tr></thead>
                        <tbody>{first.into_iter().map(row).collect_view()}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    }
}

/// The page at `#/care/<id>` or `#/care/new`.
#[component]
pub fn CareRulePage(id: Option<String>) -> impl IntoView {
    let loaded = crate::data::resource(vec![], move |db| {
        let id = id.clone();
        async move {
            Ok(match id {
                Some(id) => db.doc::<CareRule>(&id).await?.map(|r| (r, false)),
                None => {
                    let after = Trigger::AfterOrder {
                        days: 7,
                        category: String::new(),
                    };
                    Some((
                        CareRule::new(platform::new_id(), after, platform::now()),
                        true,
                    ))
                }
            })
        }
    });
    crate::pages::record_page(loaded, M::NotFound, |(base, adding)| {
        view! { <CareEditor base=base adding=adding/> }
    })
}
