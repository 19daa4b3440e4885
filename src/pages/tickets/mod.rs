//! The service desk (服务工单) at `#/tickets?assignee=…&done=1`: the open tickets in the
//! order a desk works them (`kehu_core::ticket::desk_order`: past their service level,
//! then near it, then by when they fall due), each with its first-response and
//! resolution due times; resolved and closed ones on asking. One ticket's page is
//! `form.rs`. The office shows these pages (`office.rs`).

mod form;
mod levels;
mod messages;

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::platform;
use crate::roster::{owner_name, use_roster};
use crate::route::{Params, Route};
pub use form::TicketPage;
use kehu_core::Ticket;
use kehu_core::sla::{Check, Policy, Standing};
use kehu_core::ticket::{Service, desk_order};
use leptos::prelude::*;
pub use levels::ServiceLevelsPage;
use messages as M;

/// The setting that holds the shop's service levels (a `Policy` as JSON), carried in
/// backups.
pub const LEVELS_SETTING: &str = "service_levels";

/// The shop's service levels: its own, or the defaults.
pub fn policy() -> Policy {
    platform::setting(LEVELS_SETTING)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// The desk's choices, kept in the address.
#[derive(Debug, Clone, PartialEq)]
struct View {
    assignee: String,
    /// Resolved and closed ones shown too.
    done: bool,
}

impl View {
    fn of(p: &Params) -> View {
        View {
            assignee: p.get("assignee").unwrap_or("").into(),
            done: p.get("done") == Some("1"),
        }
    }

    fn params(&self) -> Params {
        let mut p = vec![("assignee".to_string(), self.assignee.clone())];
        if self.done {
            p.push(("done".into(), "1".into()));
        }
        Params(p)
    }

    /// The tickets shown with their service levels at `now`, in the desk's order.
    fn rows(&self, all: &[Ticket], now: kehu_core::Millis) -> Vec<(Ticket, Service)> {
        let (policy, zone) = (policy(), platform::zone());
        let mut rows: Vec<(Ticket, Service)> = all
            .iter()
            .filter(|t| self.done || t.status.is_open())
            .filter(|t| self.assignee.is_empty() || t.assignee == self.assignee)
            .map(|t| (t.clone(), t.service(&policy, now, &zone)))
            .collect();
        rows.sort_by(|a, b| desk_order((&a.0, &a.1), (&b.0, &b.1)));
        rows
    }
}

#[component]
pub fn TicketsPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let view = RwSignal::new(View::of(&params));
    Effect::new(move |_| crate::route::replace(&Route::Tickets(view.get().params())));
    let all = data::resource(vec![Topic::of::<Ticket>()], |db| async move {
        db.all_docs::<Ticket>().await
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn" id="service-levels" href=Route::ServiceLevels.href()>{i.tr(M::LevelsLink)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            <div class="toolbar">
                <crate::components::PeopleFilter id="tickets-assignee" label=M::ColAssignee any=M::AnyAssignee
                    value=Signal::derive(move || view.with(|v| v.assignee.clone()))
                    on_pick=move |a| view.update(|v| v.assignee = a)/>
                <label class="check">
                    <input type="checkbox" id="tickets-done" prop:checked=move || view.with(|v| v.done)
                        on:change=move |ev| view.update(|v| v.done = event_target_checked(&ev))/>
                    " "{i.tr(M::ShowDone)}
                </label>
            </div>
            {move || match all.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="panel muted" id="no-tickets">{i.t(M::Empty)}</p> }.into_any(),
                Some(Ok(all)) => {
                    let rows = view.with(|v| v.rows(&all, platform::now()));
                    if rows.is_empty() {
                        return view! { <p class="panel muted" id="no-open-tickets">{i.t(M::NoneOpen)}</p> }.into_any();
                    }
                    view! { <Desk rows=rows/> }.into_any()
                }
            }}
        </section>
    }
}

/// A due time and where it stands, marked when near or past it.
pub(crate) fn due_cell(check: Check, open: bool) -> impl IntoView {
    let i = use_i18n();
    let offset = platform::utc_offset_min();
    let class = match check.standing {
        Standing::Breached => "sla sla-breached",
        Standing::Near if open => "sla sla-near",
        _ => "sla",
    };
    view! {
        <span class=class>{move || M::due(i.get(), &i18n::datetime(i.get(), check.due, offset), check.standing)}</span>
    }
}

/// The tickets as the desk works them.
#[component]
fn Desk(rows: Vec<(Ticket, Service)>) -> impl IntoView {
    let (i, roster) = (use_i18n(), use_roster());
    let names = crate::pages::tasks::customers_of(rows.iter().map(|(t, _)| &t.customer));
    let row = move |(t, s): (Ticket, Service)| {
        let name = names
            .get(&t.customer)
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let (kind, priority, status, assignee) = (t.kind, t.priority, t.status, t.assignee.clone());
        let open = status.is_open();
        let worst = match open {
            true => s.worst(),
            false => Standing::Met,
        };
        view! {
            <tr class="ticket-row" data-standing=format!("{worst:?}").to_lowercase()>
                <td><a href=Route::Ticket(t.id.0.clone()).href()>{t.subject.clone()}</a></td>
                <td><a href=Route::Customer(t.customer.0.clone()).href()>{name}</a></td>
                <td>{due_cell(s.resolve, open)}</td>
                <td>{due_cell(s.respond, open)}</td>
                <td>{move || kind.label(i.get())}</td>
                <td>{move || priority.label(i.get())}</td>
                <td>{move || status.label(i.get())}</td>
                <td>{move || roster.with(|r| owner_name(r, &assignee))}</td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap table-scroll">
            <table class="table" id="ticket-table">
                <thead><tr>
                    <th scope="col">{i.tr(M::ColSubject)}</th>
                    <th scope="col">{i.tr(M::ColCustomer)}</th>
                    // The due times next: on a phone they are what fits.
                    <th scope="col">{i.tr(M::ColResolve)}</th>
                    <th scope="col">{i.tr(M::ColRespond)}</th>
                    <th scope="col">{i.tr(M::ColType)}</th>
                    <th scope="col">{i.tr(M::ColPriority)}</th>
                    <th scope="col">{i.tr(M::ColStatus)}</th>
                    <th scope="col">{i.tr(M::ColAssignee)}</th>
                </tr></thead>
                <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}
