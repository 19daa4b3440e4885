//! The service desk (服务工单) at `#/tickets?assignee=…&done=1`: the open tickets in the
//! order a desk works them (`kehu_core::ticket::desk_order`: past their service level,
//! then near it, then by when they fall due), each with its first-response and
//! resolution due times; resolved and closed ones on asking. `?slice=…` shows the
//! tickets behind a figure of the Service dashboard instead (its drill-down), whatever
//! their status. One ticket's page is `form.rs`. The office shows these pages
//! (`office.rs`).

mod form;
mod levels;
pub(crate) mod messages;

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::platform;
use crate::roster::{owner_name, use_roster};
use crate::route::{Params, Route};
pub use form::TicketPage;
use kehu_core::Ticket;
use kehu_core::analytics::service::Slice;
use kehu_core::date::Zone;
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
    Policy::from_setting(&platform::setting(LEVELS_SETTING).unwrap_or_default())
}

/// The desk's choices, kept in the address.
#[derive(Debug, Clone, PartialEq)]
struct View {
    assignee: String,
    /// Resolved and closed ones shown too.
    done: bool,
    /// The tickets behind a dashboard figure, of live customers only as it counted them.
    slice: Option<Slice>,
    /// False when the address named a slice this version does not know.
    understood: bool,
}

impl View {
    fn of(p: &Params) -> View {
        let slice = p.get("slice").map(Slice::parse);
        View {
            assignee: p.get("assignee").unwrap_or("").into(),
            done: p.get("done") == Some("1"),
            understood: !matches!(slice, Some(None)),
            slice: slice.flatten(),
        }
    }

    fn params(&self) -> Params {
        let mut p = vec![("assignee".to_string(), self.assignee.clone())];
        if self.done {
            p.push(("done".into(), "1".into()));
        }
        p.extend(self.slice.as_ref().map(|s| ("slice".to_string(), s.code())));
        Params(p)
    }

    /// The tickets shown with their service levels at `now` under `policy` in `zone`,
    /// in the desk's order.
    fn rows(
        &self,
        all: &[Ticket],
        (policy, now, zone): (&Policy, kehu_core::Millis, &Zone),
    ) -> Vec<(Ticket, Service)> {
        let picked: Vec<&Ticket> = match &self.slice {
            // The worker picked them (`desk_tickets`), whatever their status.
            Some(_) => all.iter().collect(),
            None => all
                .iter()
                .filter(|t| self.done || t.status.is_open())
                .collect(),
        };
        let mut rows: Vec<(Ticket, Service)> = (picked.into_iter())
            .filter(|t| self.assignee.is_empty() || t.assignee == self.assignee)
            .map(|t| (t.clone(), t.service(policy, now, zone)))
            .collect();
        rows.sort_by(|a, b| desk_order((&a.0, &a.1), (&b.0, &b.1)));
        rows
    }
}

/// What a drill-down shows, in words.
fn slice_text(lang: i18n::Lang, s: &Slice, staff: &dyn Fn(&str) -> String) -> String {
    match s {
        Slice::Aged(b) => M::open_aged(lang, M::age_band(lang, *b)),
        Slice::With(who) => M::open_with(lang, &staff(who)),
        Slice::Breached => M::PastLevel.text(lang).into(),
        Slice::ComplaintsIn(m) => {
            let month = i18n::month(lang, m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
            M::complaints_in(lang, &month)
        }
        Slice::About(None) => M::complaints_about(lang, M::NoProduct.text(lang)),
        Slice::About(Some(_)) => M::ProductComplaints.text(lang).into(),
        Slice::Cause(c) => M::complaints_about(lang, M::cause(lang, *c)),
        Slice::Repeats => M::Repeats.text(lang).into(),
    }
}

/// The drill-down's heading: what is shown, the way back to the dashboard and to the
/// whole desk.
#[component]
fn Drilled(slice: Slice) -> impl IntoView {
    let (i, roster) = (use_i18n(), use_roster());
    let text = move || roster.with(|r| slice_text(i.get(), &slice, &|w| owner_name(r, w)));
    view! {
        <p class="panel" id="tickets-slice">
            <strong>{text}</strong>" · "
            <a href=Route::Tickets(Params::default()).href()>{i.tr(M::WholeDesk)}</a>" · "
            <a href=Route::Insights(crate::route::Tab::Service).href()>{i.tr(M::ToDashboard)}</a>
        </p>
    }
}

/// How far back "show resolved" reaches.
const DONE_DAYS: i32 = 90;

/// The tickets the desk reads, and how many there are in all: the open ones through
/// their index (a desk of 50,000 tickets, most long closed, reads a few hundred), with
/// `done` those settled in the last [`DONE_DAYS`] too; a drill-down's from the worker,
/// which reads them all so that the page does not.
async fn desk_tickets(
    db: kehu_store::Db,
    slice: Option<Slice>,
    done: bool,
) -> Result<(Vec<Ticket>, u32), kehu_store::StoreError> {
    use kehu_core::ticket::{SETTLED, STILL_OPEN};
    let since = kehu_core::Day(platform::today().0 - DONE_DAYS).to_string();
    match (slice, done) {
        (Some(s), _) => {
            let got = drilled(&s).await?;
            let n = got.len() as u32;
            Ok((got, n))
        }
        (None, false) => db.docs_from::<Ticket>(SETTLED, STILL_OPEN).await,
        (None, true) => db.docs_from::<Ticket>(SETTLED, &since).await,
    }
}

/// The tickets of live customers in `slice`, from a worker.
async fn drilled(slice: &Slice) -> Result<Vec<Ticket>, kehu_store::StoreError> {
    let ask = kehu_core::analytics::service::Ask {
        policy: platform::setting(LEVELS_SETTING).unwrap_or_default(),
        now: platform::now(),
        zone: platform::zone().to_text(),
        active: Vec::new(),
        slice: Some(slice.code()),
    };
    match crate::worker::answer(kehu_core::envelope::Request::Service(ask)).await {
        crate::worker::Reply::Sliced(got) => got,
        crate::worker::Reply::Crashed(m) => Err(kehu_store::StoreError::Other {
            name: "worker".into(),
            message: m,
        }),
        _ => Err(kehu_store::StoreError::Other {
            name: "worker".into(),
            message: "unexpected answer".into(),
        }),
    }
}

#[component]
pub fn TicketsPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let view = RwSignal::new(View::of(&params));
    let (slice, understood) = view.with_untracked(|v| (v.slice.clone(), v.understood));
    let drilled = slice.is_some();
    Effect::new(move |_| crate::route::replace(&Route::Tickets(view.get().params())));
    let done = Memo::new(move |_| view.with(|v| v.done));
    let wanted = slice.clone();
    let all = data::resource(vec![Topic::of::<Ticket>()], move |db| {
        let (done, slice) = (done.get(), wanted.clone());
        async move { desk_tickets(db, slice, done).await }
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn" id="articles-link" href=Route::Articles(Params::default()).href()>{i.tr(M::ArticlesLink)}</a>
                    <a class="btn" id="contracts-link" href=Route::Contracts(Params::default()).href()>{i.tr(M::ContractsLink)}</a>
                    <a class="btn" id="service-levels" href=Route::ServiceLevels.href()>{i.tr(M::LevelsLink)}</a>
                    <a class="btn" id="import-tickets" href=Route::Import(kehu_core::import::mapping::ImportKind::Tickets).href()>{i.tr(K::NavImport)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            {(!understood).then(|| view! { <p class="panel panel-warn" role="alert">{i.tr(M::LinkNotUnderstood)}</p> })}
            {slice.map(|slice| view! { <Drilled slice/> })}
            <div class="toolbar">
                <crate::components::PeopleFilter id="tickets-assignee" label=M::ColAssignee any=M::AnyAssignee
                    value=Signal::derive(move || view.with(|v| v.assignee.clone()))
                    on_pick=move |a| view.update(|v| v.assignee = a)/>
                // A drill-down shows its slice whatever the status.
                {(!drilled).then(|| view! {
                    <label class="check">
                        <input type="checkbox" id="tickets-done" prop:checked=move || view.with(|v| v.done)
                            on:change=move |ev| view.update(|v| v.done = event_target_checked(&ev))/>
                        " "{i.tr(M::ShowDone)}
                    </label>
                })}
            </div>
            {move || match all.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok((_, 0))) if !drilled => view! { <p class="panel muted" id="no-tickets">{i.t(M::Empty)}</p> }.into_any(),
                Some(Ok((all, _))) => {
                    let at = (&policy(), platform::now(), &*platform::zone());
                    let rows = view.with(|v| v.rows(&all, at));
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

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::ticket::TicketStatus;
    use kehu_core::{Day, Id, Millis};

    fn params(q: &str) -> Params {
        Params::parse(q)
    }

    #[test]
    fn a_drill_down_shows_what_the_worker_picked_whatever_the_status() {
        let now = Millis(Day(20_600).start_millis().0 + 12 * 3_600_000);
        let mut done = Ticket::new(Id("done".into()), Id("c1".into()), now);
        done.set_status(TicketStatus::Resolved, now);
        let all = [done, Ticket::new(Id("open".into()), Id("c1".into()), now)];
        let at = (&Policy::default(), now, &Zone::default());
        let ids = |v: &View| {
            let mut got: Vec<String> = v.rows(&all, at).into_iter().map(|r| r.0.id.0).collect();
            got.sort();
            got
        };
        let month = kehu_core::analytics::retention::Period::Month.index(20_600);
        let drilled = View::of(&params(&format!(
            "slice={}",
            Slice::ComplaintsIn(month).code()
        )));
        assert!(drilled.understood);
        assert_eq!(View::of(&drilled.params()), drilled, "kept in the address");
        assert_eq!(ids(&drilled), ["done", "open"]);
        assert_eq!(ids(&View::of(&params(""))), ["open"], "the desk: open ones");
        assert_eq!(ids(&View::of(&params("done=1"))), ["done", "open"]);
        let odd = View::of(&params("slice=weather"));
        assert!(!odd.understood && odd.slice.is_none());
    }
}
