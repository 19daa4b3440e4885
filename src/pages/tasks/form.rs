//! One task's form: new (about a customer, opportunity or quote, or the shop) or edited.
//! The rules are `kehu_core::task::TaskDraft`'s.

use super::messages as M;
use crate::components::{CheckField, CodeSelect, OwnerSelect, TextField};
use crate::i18n::{K, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::roster::me;
use crate::route::{Params, Route, navigate};
use crate::state::use_app;
use kehu_core::quote::Quote;
use kehu_core::task::{Minutes, REMIND_CHOICES, Task, TaskDraft, TaskKind};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{Customer, Opportunity};
use leptos::prelude::*;

/// What the form edits: the record it started from, and who it is about.
#[derive(Clone)]
struct Editing {
    base: Task,
    customer: Option<Customer>,
    opportunity: Option<Opportunity>,
    quote: Option<Quote>,
    adding: bool,
}

impl Editing {
    /// Where saving or cancelling goes: the quote, else the opportunity, else the
    /// customer, else the tasks.
    fn back(&self) -> Route {
        match (&self.quote, &self.opportunity, &self.customer) {
            (Some(q), _, _) => Route::Quote(q.id.0.clone()),
            (None, Some(o), _) => Route::Opportunity(o.id.0.clone()),
            (None, None, Some(c)) => Route::Customer(c.id.0.clone()),
            (None, None, None) => Route::Tasks(Params::default()),
        }
    }
}

/// Who and what a task is about, as read for its form.
struct About {
    customer: Option<Customer>,
    opportunity: Option<Opportunity>,
    quote: Option<Quote>,
}

/// A new task due today (or on the `due` asked for), titled as asked, about the
/// customer, opportunity and quote when given, owned by the quote's owner, else the
/// opportunity's, else the customer's, else whoever uses this device.
fn new_task(about: About, params: &Params) -> Editing {
    let About {
        customer,
        opportunity,
        quote,
    } = about;
    let due = params
        .get("due")
        .and_then(kehu_core::Day::parse)
        .unwrap_or_else(platform::today);
    let title = params.get("title").unwrap_or("");
    let mut base = Task::new(platform::new_id(), due, platform::now());
    base.title = title.to_string();
    base.customer = customer.as_ref().map(|c| c.id.clone());
    base.opportunity = opportunity.as_ref().map(|o| o.id.clone());
    base.quote = quote.as_ref().map(|q| q.id.clone());
    base.owner = [
        quote.as_ref().map(|q| q.owner.clone()),
        opportunity.as_ref().map(|o| o.owner.clone()),
        customer.as_ref().map(|c| c.owner.clone()),
        me(),
    ]
    .into_iter()
    .flatten()
    .find(|o| !o.is_empty())
    .unwrap_or_default();
    Editing {
        base,
        customer,
        opportunity,
        quote,
        adding: true,
    }
}

#[component]
fn TaskEditor(e: Editing) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(TaskDraft::from_task(&e.base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let back = e.back();
    let (base, adding) = (StoredValue::new(e.base.clone()), e.adding);
    let save = {
        let back = back.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match draft.with_untracked(|d| d.validate(base.get_value(), platform::now())) {
                Err(errs) => {
                    errors.set(errs);
                    focus_first_invalid();
                }
                Ok(t) => {
                    let back = back.clone();
                    app.write(
                        move |db| async move { db.put_doc(&t).await },
                        move |_| {
                            app.say(M::Saved, None);
                            navigate(&back);
                        },
                    )
                }
            }
        }
    };
    let about = e.customer.clone().map(|c| {
        let opp = e.opportunity.clone().map(|o| {
            view! { " · "<a href=Route::Opportunity(o.id.0.clone()).href()>{o.title.clone()}</a> }
        });
        let quote = e.quote.clone().map(|q| {
            view! { " · "<a id="task-quote" href=Route::Quote(q.id.0.clone()).href()>{q.number.clone()}</a> }
        });
        view! { <p class="muted" id="task-about"><a href=Route::Customer(c.id.0.clone()).href()>{c.name.clone()}</a>{opp}{quote}</p> }
    });
    let d = draft;
    let back_href = back.href();
    view! {
        <div class="page-head">
            <div>
                <h1>{move || if adding { i.t(K::NewTask) } else { i.t(M::EditTitle) }}</h1>
                {about}
            </div>
        </div>
        <form class="card" id="task-form" on:submit=save novalidate>
            <TextField id="task-title" label=K::FTask draft=d get=|d| &d.title set=|d| &mut d.title field=Field::TaskTitle errors=errors required=true/>
            <div class="grid-2">
                <CodeSelect id="task-kind" label=M::FKind draft=d get=|d| Some(d.kind) set=|d, v| if let Some(k) = v { d.kind = k }
                    all=&TaskKind::ALL code=TaskKind::code from_code=TaskKind::from_code/>
                <OwnerSelect id="task-owner" label=K::FOppOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
                <TextField id="task-due" label=K::FDue draft=d get=|d| &d.due set=|d| &mut d.due field=Field::TaskDue errors=errors input_type="date" required=true/>
                <TextField id="task-time" label=K::TimeOfDay draft=d get=|d| &d.time set=|d| &mut d.time field=Field::TaskTime errors=errors input_type="time" hint=M::FTimeHint/>
                <RemindSelect draft=d/>
                <div class="field-row">
                    <CheckField id="task-urgent" label=M::Urgent draft=d get=|d| d.urgent set=|d, v| d.urgent = v/>
                    <CheckField id="task-important" label=M::Important draft=d get=|d| d.important set=|d, v| d.important = v/>
                </div>
            </div>
            <TextField id="task-note" label=K::Note draft=d get=|d| &d.note set=|d| &mut d.note field=Field::TaskNote errors=errors multiline=true/>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="task-delete" on:click=move |_| delete(base.get_value())>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=back_href>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="task-save">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}

/// Deletes `t`, offering undo, and goes back to the tasks.
fn delete(t: Task) {
    crate::pages::delete_with_undo(t, M::Deleted, Route::Tasks(Params::default()));
}

/// No reminder, or one of the offered leads (a stored lead the form does not offer, from
/// another device or a file, is kept and shown too).
#[component]
fn RemindSelect(draft: RwSignal<TaskDraft>) -> impl IntoView {
    let i = use_i18n();
    let mut choices: Vec<Minutes> = REMIND_CHOICES.to_vec();
    if let Some(m) = draft.with_untracked(|d| d.remind)
        && !choices.contains(&m)
    {
        choices.push(m);
        choices.sort_unstable();
    }
    view! {
        <div class="field">
            <label for="task-remind">{i.tr(K::FRemind)}</label>
            <select id="task-remind" prop:value=move || draft.with(|d| d.remind.map(|m| m.to_string()).unwrap_or_default())
                on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<Minutes>().ok();
                    draft.update(|d| d.remind = v);
                }>
                <option value="" selected=move || draft.with(|d| d.remind.is_none())>{i.tr(M::NoReminder)}</option>
                {choices.into_iter().map(|m| view! {
                    <option value=m.to_string() selected=move || draft.with(|d| d.remind == Some(m))>{move || M::remind_before(i.get(), m)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The page at `#/tasks/<id>` or `#/tasks/new?customer=…&opportunity=…&quote=…&title=…`
/// (a quote's customer is the task's when none is given).
#[component]
pub fn TaskPage(id: Option<String>, params: Params) -> impl IntoView {
    let loaded = crate::data::resource(vec![], move |db| {
        let (id, params) = (id.clone(), params.clone());
        async move {
            let task = match &id {
                Some(id) => match db.doc::<Task>(id).await? {
                    Some(t) => Some(t),
                    None => return Ok(None),
                },
                None => None,
            };
            let qid = task
                .as_ref()
                .map_or(params.get("quote").map(str::to_string), |t| {
                    t.quote.as_ref().map(|q| q.0.clone())
                });
            let quote = match qid.filter(|q| !q.is_empty()) {
                Some(q) => db.doc::<Quote>(&q).await?,
                None => None,
            };
            let cid = task
                .as_ref()
                .map_or(params.get("customer").map(str::to_string), |t| {
                    t.customer.as_ref().map(|c| c.0.clone())
                })
                .or_else(|| quote.as_ref().map(|q| q.customer.0.clone()));
            let oid = task
                .as_ref()
                .map_or(params.get("opportunity").map(str::to_string), |t| {
                    t.opportunity.as_ref().map(|o| o.0.clone())
                });
            let customer = match cid.filter(|c| !c.is_empty()) {
                Some(c) => db.customer(&c).await?,
                None => None,
            };
            let opportunity = match oid.filter(|o| !o.is_empty()) {
                Some(o) => db.doc::<Opportunity>(&o).await?,
                None => None,
            };
            let about = About {
                customer,
                opportunity,
                quote,
            };
            Ok(Some(match task {
                Some(base) => Editing {
                    base,
                    customer: about.customer,
                    opportunity: about.opportunity,
                    quote: about.quote,
                    adding: false,
                },
                None => new_task(about, &params),
            }))
        }
    });
    crate::pages::record_page(loaded, M::NotFound, |e| view! { <TaskEditor e=e/> })
}
