//! The tasks (行动管理): the agenda (overdue, today, this week, later, done today), the
//! urgent × important matrix, and a month or week calendar; for everyone or one owner.
//! What each view holds is `agenda.rs`, tested natively; a task's form is `form.rs`;
//! the reminders that come up on every page are `reminders.rs`.

pub mod agenda;
mod calendar;
mod form;
pub mod item;
mod messages;
pub mod reminders;

use crate::data::{self, Topic};
use crate::i18n::{K, Label, use_i18n};
use crate::platform;
use crate::roster::me;
use crate::route::{Params, Route, TaskView, navigate};
use crate::state::use_app;
use agenda::{Agenda, Whose};
pub use form::TaskPage;
use item::{Names, TaskItem};
use kehu_core::opportunity::{Opportunity, SETTLED};
use kehu_core::task::{AGENDA, Task};
use kehu_core::{Day, Id};
use leptos::prelude::*;
use messages as M;
use std::collections::HashMap;

/// The open tasks, and those due within a month either side of today (which holds the
/// ones done today), through the agenda index.
async fn around_today(db: kehu_store::Db) -> Result<Vec<Task>, kehu_store::StoreError> {
    let (lo, hi) = Task::open_range();
    let (mut tasks, _) = db.docs_between::<Task>(AGENDA, &lo, &hi).await?;
    let today = platform::today();
    let [_, (lo, hi)] = Task::due_ranges(Day(today.0 - 31), Day(today.0 + 31));
    tasks.extend(db.docs_between::<Task>(AGENDA, &lo, &hi).await?.0);
    Ok(tasks)
}

/// The titles of the opportunities open or closed in the last quarter (those tasks are
/// about), by id.
pub async fn opportunity_titles(
    db: &kehu_store::Db,
) -> Result<HashMap<String, String>, kehu_store::StoreError> {
    let since = Opportunity::settled_since(Day(platform::today().0 - 90));
    let (opps, _) = db.docs_from::<Opportunity>(SETTLED, &since).await?;
    Ok(opps.into_iter().map(|o| (o.id.0, o.title)).collect())
}

/// The name and owner of each customer in `ids`, from the list's rows in one pass (a
/// search of the rows per line would be tasks × customers).
pub fn customers_of<'a>(ids: impl IntoIterator<Item = &'a Id>) -> HashMap<Id, (String, String)> {
    let wanted: std::collections::HashSet<&Id> = ids.into_iter().collect();
    use_app().rows.with_untracked(|rows| {
        rows.iter()
            .filter(|r| wanted.contains(&r.id))
            .map(|r| (r.id.clone(), (r.name.clone(), r.owner.clone())))
            .collect()
    })
}

/// Names for the lines of `tasks`: customers from the list's rows, opportunities from
/// `titles`.
pub fn names_for(
    tasks: &[Task],
    titles: &HashMap<String, String>,
) -> impl Fn(&Task) -> Names + use<> {
    let customers = customers_of(tasks.iter().filter_map(|t| t.customer.as_ref()));
    let titles = titles.clone();
    move |t: &Task| Names {
        customer: t
            .customer
            .as_ref()
            .and_then(|c| customers.get(c).map(|(name, _)| name.clone())),
        opportunity: t
            .opportunity
            .as_ref()
            .and_then(|o| titles.get(o.as_str()).cloned()),
    }
}

/// The address of a new task about `customer`, titled and due as given.
pub fn new_task_href(customer: &str, title: &str, due: Option<Day>) -> String {
    let mut p = vec![
        ("customer".to_string(), customer.to_string()),
        ("title".into(), title.to_string()),
    ];
    if let Some(d) = due {
        p.push(("due".into(), d.to_string()));
    }
    Route::NewTask(Params(p)).href()
}

/// A churn-risk customer's win-back task.
pub fn win_back_href(lang: crate::i18n::Lang, customer: &str, name: &str) -> String {
    new_task_href(customer, &M::win_back(lang, name), None)
}

/// A buying occasion's task, due on the day to remind.
pub fn occasion_href(
    lang: crate::i18n::Lang,
    customer: &str,
    name: &str,
    month: &str,
    on: Day,
) -> String {
    new_task_href(customer, &M::occasion(lang, month, name), Some(on))
}

/// The local day a task was done.
pub fn done_on(t: &Task) -> Option<Day> {
    t.done.map(platform::local_day)
}

/// Minutes after local midnight now.
pub fn minute_now() -> u16 {
    let local = platform::zone().local(platform::now());
    (local.rem_euclid(kehu_core::date::MS_PER_DAY) / 60_000) as u16
}

#[component]
pub fn TasksPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let view_ = TaskView::of(&params);
    let whose = Whose::parse(params.get("owner"), me());
    let go = {
        let params = params.clone();
        move |key: &str, value: Option<String>| {
            let mut p = params.clone();
            p.0.retain(|(k, _)| k != key);
            if let Some(v) = value {
                p.0.push((key.to_string(), v));
            }
            navigate(&Route::Tasks(p));
        }
    };
    let tab = {
        let params = params.clone();
        move |v: TaskView, label| {
            let mut p = params.clone();
            p.0.retain(|(k, _)| k == "owner");
            if v != TaskView::Agenda {
                p.0.push(("view".into(), v.code().into()));
            }
            let current = v == view_;
            view! {
                <a class="tab" class:active=current aria-current=current.then_some("page")
                    id=format!("tasks-{}", v.code()) href=Route::Tasks(p).href()>{move || i.t(label)}</a>
            }
        }
    };
    let body = match view_ {
        TaskView::Agenda => view! { <AgendaView whose=whose.clone()/> }.into_any(),
        TaskView::Matrix => view! { <MatrixView whose=whose.clone()/> }.into_any(),
        TaskView::Calendar => {
            view! { <calendar::CalendarView params=params.clone() whose=whose.clone()/> }.into_any()
        }
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn" id="care-rules-link" href=Route::CareRules.href()>{i.tr(M::CareRulesLink)}</a>
                    <a class="btn btn-primary" id="new-task" href=Route::NewTask(Params::default()).href()>{i.tr(K::NewTask)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            <nav class="tabs" aria-label=i.tr(M::Title)>
                {tab(TaskView::Agenda, M::ViewAgenda)}
                {tab(TaskView::Matrix, M::ViewMatrix)}
                {tab(TaskView::Calendar, M::ViewCalendar)}
            </nav>
            <div class="toolbar">
                <WhoseSelect whose=whose on_pick=Callback::new(move |w: Whose| go("owner", Some(w.param().to_string())))/>
                <LogToggle/>
            </div>
            {body}
        </section>
    }
}

/// Everyone's tasks, mine, one person's, or those of nobody in particular.
#[component]
fn WhoseSelect(whose: Whose, on_pick: Callback<Whose>) -> impl IntoView {
    let i = use_i18n();
    let value = whose.param().to_string();
    let people = crate::roster::people();
    let mine = me();
    let (v2, v3) = (value.clone(), value.clone());
    view! {
        <div class="field field-inline">
            <label for="tasks-owner">{i.tr(M::Whose)}</label>
            <select id="tasks-owner" prop:value=value.clone() on:change=move |ev| {
                on_pick.run(Whose::parse(Some(&event_target_value(&ev)), None));
            }>
                <option value="*" selected=value == "*">{i.tr(M::Everyone)}</option>
                {mine.map(|id| {
                    let sel = value == id;
                    view! { <option value=id selected=sel>{i.tr(M::Mine)}</option> }
                })}
                {move || people().into_iter().map(|(id, name)| {
                    let sel = v2 == id;
                    view! { <option value=id selected=sel>{name}</option> }
                }).collect_view()}
                <option value="-" selected=v3 == "-">{i.tr(M::Unassigned)}</option>
            </select>
        </div>
    }
}

/// This device's choice: log a ticked-off task on its customer's timeline.
#[component]
fn LogToggle() -> impl IntoView {
    let i = use_i18n();
    let on = RwSignal::new(item::log_when_done());
    view! {
        <div class="field field-check">
            <input type="checkbox" id="tasks-log" prop:checked=move || on.get() on:change=move |ev| {
                let v = event_target_checked(&ev);
                on.set(v);
                item::set_log_when_done(v);
            }/>
            <label for="tasks-log">{i.tr(M::LogWhenDone)}</label>
        </div>
    }
}

/// The tasks and the opportunity titles they name, refetched when either changes.
type Loaded = (Vec<Task>, HashMap<String, String>);

fn load_around_today() -> LocalResource<Result<Loaded, kehu_store::StoreError>> {
    data::resource(
        vec![Topic::of::<Task>(), Topic::of::<Opportunity>()],
        |db| async move {
            let tasks = around_today(db.clone()).await?;
            Ok((tasks, opportunity_titles(&db).await?))
        },
    )
}

/// Shows `loaded` once read: the loading line, the error, or `ok` of the data.
fn loaded_view(
    loaded: LocalResource<Result<Loaded, kehu_store::StoreError>>,
    ok: impl Fn(&Loaded) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    move || {
        match loaded.get() {
        None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{crate::i18n::store_error(i.get(), &e)}</p> }.into_any(),
        Some(Ok(l)) => ok(&l),
    }
    }
}

#[component]
fn AgendaView(whose: Whose) -> impl IntoView {
    let i = use_i18n();
    let loaded = load_around_today();
    loaded_view(loaded, move |(tasks, titles)| {
        let today = platform::today();
        let a = Agenda::of(tasks, &whose, today, minute_now(), done_on);
        let names = names_for(tasks, titles);
        let list = |l: Vec<Task>| {
            l.into_iter()
                .map(|t| {
                    let n = names(&t);
                    view! { <TaskItem t=t names=n today=today/> }
                })
                .collect_view()
        };
        let empty = a.sections.is_empty();
        let sections = a
            .sections
            .into_iter()
            .map(|(b, l)| {
                let n = l.len();
                view! {
                    <section class="card task-section" id=format!("tasks-{b:?}").to_lowercase()>
                        <h2>{move || b.label(i.get())}" "<span class="count">{n}</span></h2>
                        <ul class="task-list">{list(l)}</ul>
                    </section>
                }
            })
            .collect_view();
        let done = (!a.done_today.is_empty()).then(|| {
            view! {
                <section class="card task-section" id="tasks-done">
                    <h2>{i.tr(M::DoneToday)}</h2>
                    <ul class="task-list">{list(a.done_today)}</ul>
                </section>
            }
        });
        view! {
            {empty.then(|| view! { <p class="panel muted" id="tasks-none">{i.tr(M::NothingDue)}</p> })}
            {sections}
            {done}
        }
        .into_any()
    })
}

#[component]
fn MatrixView(whose: Whose) -> impl IntoView {
    let i = use_i18n();
    let loaded = load_around_today();
    let body = loaded_view(loaded, move |(tasks, titles)| {
        let today = platform::today();
        let names = names_for(tasks, titles);
        agenda::matrix(tasks, &whose)
            .into_iter()
            .map(|(q, l)| {
                let empty = l.is_empty();
                let items = l
                    .into_iter()
                    .map(|t| {
                        let n = names(&t);
                        view! { <TaskItem t=t names=n today=today/> }
                    })
                    .collect_view();
                view! {
                    <section class=format!("card quadrant quadrant-{}", q as u8) id=format!("quadrant-{}", q as u8)>
                        <h2>{move || q.label(i.get())}</h2>
                        {empty.then(|| view! { <p class="muted">{i.tr(M::Empty)}</p> })}
                        <ul class="task-list">{items}</ul>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    });
    view! {
        <p class="muted">{i.tr(M::MatrixIntro)}</p>
        <div class="matrix">{body}</div>
    }
}

/// A customer's or an opportunity's open tasks, with the way to add one.
#[component]
pub fn TasksCard(
    /// The customer the tasks are about.
    customer: Id,
    /// Only this opportunity's, when given.
    #[prop(optional)]
    opportunity: Option<Id>,
    readonly: bool,
) -> impl IntoView {
    let i = use_i18n();
    let cid = customer.0.clone();
    let tasks = data::resource(vec![Topic::of::<Task>()], move |db| {
        let c = cid.clone();
        async move { db.docs_of::<Task>(&c).await }
    });
    let mut p = vec![("customer".to_string(), customer.0.clone())];
    if let Some(o) = &opportunity {
        p.push(("opportunity".into(), o.0.clone()));
    }
    let new_href = Route::NewTask(Params(p)).href();
    let today = platform::today();
    let list = move |all: Vec<Task>| {
        let mut open: Vec<Task> = all
            .into_iter()
            .filter(|t| t.is_open() && (opportunity.is_none() || t.opportunity == opportunity))
            .collect();
        open.sort_by_key(Task::order_key);
        if open.is_empty() {
            return view! { <p class="muted">{i.tr(M::NoOpenTasks)}</p> }.into_any();
        }
        view! {
            <ul class="task-list">
                {open.into_iter().map(|t| view! { <TaskItem t=t today=today/> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="card" id="tasks-card">
            <div class="card-head">
                <h2>{i.tr(M::Tasks)}</h2>
                {(!readonly).then(|| view! {
                    <a class="btn btn-small" id="new-task" href=new_href>{i.tr(K::NewTask)}</a>
                })}
            </div>
            {move || match tasks.get() {
                None => view! { <p class="muted">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error">{crate::i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(l)) => list.clone()(l),
            }}
        </div>
    }
}

/// An opportunity's next task on its board card: what and when, late ones marked.
#[component]
pub fn NextTask(t: Task) -> impl IntoView {
    let i = use_i18n();
    let late = t.due < platform::today();
    let href = Route::Task(t.id.0.clone()).href();
    let (title, due) = (t.title.clone(), move || item::due_text(i.get(), &t));
    view! {
        <div class="opp-task">
            <span class="visually-hidden">{i.tr(M::NextTask)}": "</span>
            <span aria-hidden="true">"☑ "</span>
            <a href=href draggable="false">{title}</a>" "
            <span class="task-due" class:overdue=late>{due}</span>
        </div>
    }
}
