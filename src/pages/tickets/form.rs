//! One ticket at `#/tickets/<id>` or `#/tickets/new?customer=…`: what it is about, how
//! it came in, how urgent, who handles it and where it stands, its service level due
//! times, the conversation logged on it (each entry on the customer's timeline too),
//! and how it was resolved. The rules are `kehu_core::ticket`'s.

use super::messages as M;
use crate::components::{CodeSelect, OwnerSelect, TextField};
use crate::i18n::{self, K, Label, use_i18n};
use crate::pages::contracts::{CoverNote, ProductSelect};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::roster::{owner_name, use_roster};
use crate::route::{Params, Route, navigate};
use crate::state::use_app;
use kehu_core::sla::{Priority, TicketType};
use kehu_core::ticket::{Channel, RootCause, TicketDraft, TicketNote, TicketStatus};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{Docs, Id, SurveyResponse, Ticket};
use leptos::prelude::*;

fn desk() -> Route {
    Route::Tickets(Params::default())
}

#[component]
fn TicketEditor(
    base: Ticket,
    adding: bool,
    customer_name: String,
    rated: Option<(u8, String)>,
) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(TicketDraft::from_ticket(&base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let customer = base.customer.clone();
    // The cover that counts is the one on the day it came in.
    let opened_day = platform::zone().day(base.opened);
    let base = StoredValue::new(base);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = draft
            .with_untracked(|d| d.validate(base.get_value(), platform::today(), platform::now()));
        match checked {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
            }
            Ok(t) => app.write(
                move |db| async move { db.put_doc(&t).await },
                move |_| {
                    app.say(M::Saved, None);
                    navigate(&desk());
                },
            ),
        }
    };
    let d = draft;
    view! {
        <div class="page-head">
            <h1>{move || if adding { i.t(M::NewTicket) } else { i.t(M::EditTitle) }}</h1>
        </div>
        <form class="card" id="ticket-form" on:submit=save novalidate>
            <p class="muted" id="ticket-for">{i.tr(M::ForCustomer)}" "
                <a href=Route::Customer(customer.0.clone()).href()>{customer_name}</a>
            </p>
            <TextField id="ticket-subject" label=K::Subject draft=d get=|d| &d.subject set=|d| &mut d.subject field=Field::TicketSubject errors=errors required=true/>
            <div class="grid-2">
                <CodeSelect id="ticket-kind" label=M::ColType draft=d get=|d| Some(d.kind) set=|d, v| if let Some(k) = v { d.kind = k }
                    all=&TicketType::ALL code=TicketType::code from_code=TicketType::from_code/>
                <CodeSelect id="ticket-priority" label=M::ColPriority draft=d get=|d| Some(d.priority) set=|d, v| if let Some(p) = v { d.priority = p }
                    all=&Priority::ALL code=Priority::code from_code=Priority::from_code/>
                <CodeSelect id="ticket-channel" label=M::Channel draft=d get=|d| Some(d.channel) set=|d, v| if let Some(c) = v { d.channel = c }
                    all=&Channel::ALL code=Channel::code from_code=Channel::from_code/>
                <OwnerSelect id="ticket-assignee" label=M::ColAssignee draft=d get=|d| &d.assignee set=|d| &mut d.assignee/>
                <CodeSelect id="ticket-status" label=M::ColStatus draft=d get=|d| Some(d.status) set=|d, v| if let Some(s) = v { d.status = s }
                    all=&TicketStatus::ALL code=TicketStatus::code from_code=TicketStatus::from_code/>
                <CodeSelect id="ticket-cause" label=M::RootCauseLabel draft=d get=|d| d.root_cause set=|d, v| d.root_cause = v
                    all=&RootCause::ALL code=RootCause::code from_code=RootCause::from_code optional=true/>
                <ProductSelect id="ticket-product" label=K::Product none=M::AnyProduct draft=d
                    get=|d| &d.product set=|d| &mut d.product/>
            </div>
            <CoverNote customer=customer.clone() day=opened_day
                product=Signal::derive(move || draft.with(|d| Some(d.product.trim()).filter(|p| !p.is_empty()).map(|p| Id(p.into()))))/>
            <TextField id="ticket-description" label=K::FTicketDescription draft=d get=|d| &d.description set=|d| &mut d.description field=Field::TicketDescription errors=errors multiline=true/>
            <TextField id="ticket-resolution" label=K::FResolution draft=d get=|d| &d.resolution set=|d| &mut d.resolution field=Field::TicketResolution errors=errors multiline=true/>
            // Problems with what the form has no input for (times, the log).
            <p class="field-error" id="ticket-form-err" role="alert">{move || errors.with(|e| {
                e.iter()
                    .filter(|e| matches!(e.field, Field::TicketOpened | Field::TicketNote))
                    .map(|e| format!("{}: {}", crate::pages::backup::field_label(i.get(), e.field), i18n::problem(i.get(), &e.problem)))
                    .collect::<Vec<_>>()
                    .join(" ")
            })}</p>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="ticket-delete" on:click=move |_| {
                        crate::pages::delete_with_undo(base.get_value(), M::Deleted, desk());
                    }>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=desk().href()>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="ticket-save">{i.tr(K::Save)}</button>
            </div>
        </form>
        {(!adding).then(|| view! {
            <ServiceLevel t=base.get_value()/>
            <Conversation t=base.get_value()/>
            <crate::pages::articles::TicketArticles t=base.get_value()/>
        })}
        {(!adding && !base.with_value(|t| t.status.is_open())).then(|| view! { <Rating t=base.get_value() rated=rated/> })}
    }
}

/// The ticket's first-response and resolution due times, as they stand now.
#[component]
fn ServiceLevel(t: Ticket) -> impl IntoView {
    let i = use_i18n();
    let s = t.service(&super::policy(), platform::now(), &platform::zone());
    let open = t.status.is_open();
    view! {
        <section class="card" id="ticket-sla" aria-labelledby="ticket-sla-title">
            <h2 id="ticket-sla-title">{i.tr(M::ServiceLevel)}</h2>
            <dl class="facts">
                <dt>{i.tr(M::ColRespond)}</dt><dd id="ticket-respond">{super::due_cell(s.respond, open)}</dd>
                <dt>{i.tr(M::ColResolve)}</dt><dd id="ticket-resolve">{super::due_cell(s.resolve, open)}</dd>
                {(t.reopened > 0).then(|| view! { <dt>{i.tr(M::Reopened)}</dt><dd>{t.reopened}</dd> })}
            </dl>
        </section>
    }
}

/// What was said and done, and a box to log the next entry: it is written with the
/// ticket and on the customer's timeline in one write.
#[component]
fn Conversation(t: Ticket) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let offset = platform::utc_offset_min();
    let (text, call, problem) = (
        RwSignal::new(String::new()),
        RwSignal::new(true),
        RwSignal::new(false),
    );
    let ticket = StoredValue::new(t.clone());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let said = text.get_untracked();
        if said.trim().is_empty() {
            problem.set(true);
            platform::focus("ticket-log-text");
            return;
        }
        let now = platform::now();
        let note = TicketNote {
            at: now,
            by: crate::roster::me().unwrap_or_default(),
            call: call.get_untracked(),
            text: said,
        };
        let mut t = ticket.get_value();
        let entry = t.as_interaction(&note, platform::new_id());
        t.log(note);
        let docs = Docs {
            tickets: vec![t],
            interactions: vec![entry],
            ..Docs::default()
        };
        app.write(
            move |db| async move { db.put_together(&docs).await },
            move |_| app.say(M::Logged, None),
        );
    };
    let entry = move |n: TicketNote| {
        let by = n.by.clone();
        view! {
            <li class="ticket-note">
                <span class="muted">
                    {move || i18n::datetime(i.get(), n.at, offset)}
                    {n.call.then(|| view! { " · "{move || kehu_core::InteractionKind::Call.label(i.get())} })}
                    {(!by.is_empty()).then(|| view! { " · "{move || roster.with(|r| owner_name(r, &by))} })}
                </span>
                <p class="wrap">{n.text.clone()}</p>
            </li>
        }
    };
    view! {
        <section class="card" id="ticket-log" aria-labelledby="ticket-log-title">
            <h2 id="ticket-log-title">{i.tr(M::Log)}</h2>
            {if t.notes.is_empty() {
                view! { <p class="muted" id="ticket-log-empty">{i.tr(M::LogEmpty)}</p> }.into_any()
            } else {
                view! { <ol class="ticket-notes">{t.notes.into_iter().map(entry).collect_view()}</ol> }.into_any()
            }}
            <form id="ticket-log-form" on:submit=add novalidate>
                <div class="field">
                    <label for="ticket-log-text">{i.tr(M::LogText)}</label>
                    <textarea id="ticket-log-text" rows="3" aria-invalid=move || problem.get().to_string()
                        aria-describedby="ticket-log-err" prop:value=move || text.get()
                        on:input=move |ev| { text.set(event_target_value(&ev)); problem.set(false); }></textarea>
                    <p class="field-error" id="ticket-log-err" role="alert">{move || problem.get().then(|| i.t(M::LogNeeded))}</p>
                </div>
                <label class="check">
                    <input type="checkbox" id="ticket-log-call" prop:checked=move || call.get()
                        on:change=move |ev| call.set(event_target_checked(&ev))/>
                    " "{i.tr(M::LogCall)}
                </label>
                <div class="form-actions">
                    <button type="submit" class="btn" id="ticket-log-add">{i.tr(M::LogAdd)}</button>
                </div>
            </form>
        </section>
    }
}

/// The customer's rating once it is resolved (CSAT 1–5 and a comment): stored as a survey
/// response, with the ticket, in one write, so the satisfaction dashboard counts it.
#[component]
fn Rating(t: Ticket, rated: Option<(u8, String)>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let (score, comment) = (RwSignal::new(5u8), RwSignal::new(String::new()));
    let ticket = StoredValue::new(t);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut t = ticket.get_value();
        let (day, now) = (platform::today(), platform::now());
        let given = t.rate(
            score.get_untracked(),
            &comment.get_untracked(),
            platform::new_id(),
            day,
            now,
        );
        // The form offers only the scale and a comment within the box's limit.
        let Ok(r) = given else { return };
        let docs = Docs {
            tickets: vec![t],
            responses: vec![r],
            ..Docs::default()
        };
        app.write(
            move |db| async move { db.put_together(&docs).await },
            move |_| app.say(M::Rated, None),
        );
    };
    let shown = rated.map(|(s, c)| {
        view! { <p id="ticket-rated">{move || M::rated(i.get(), s)}{(!c.is_empty()).then(|| format!(" · {c}"))}</p> }
    });
    view! {
        <section class="card" id="ticket-rating" aria-labelledby="ticket-rating-title">
            <h2 id="ticket-rating-title">{i.tr(M::RatingTitle)}</h2>
            {match shown {
                Some(v) => v.into_any(),
                None => view! {
                    <form id="ticket-rating-form" on:submit=save>
                        <div class="field">
                            <label for="ticket-rating-score">{i.tr(M::RatingScore)}</label>
                            <select id="ticket-rating-score" prop:value=move || score.get().to_string()
                                on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { score.set(v) }>
                                {(1..=5u8).rev().map(|n| view! { <option value=n.to_string()>{move || M::score(i.get(), n)}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="ticket-rating-comment">{i.tr(K::Note)}</label>
                            <textarea id="ticket-rating-comment" rows="2" maxlength="2000" prop:value=move || comment.get()
                                on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="btn" id="ticket-rate">{i.tr(M::RatingSave)}</button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

/// The page at `#/tickets/<id>` or `#/tickets/new?customer=…`.
#[component]
pub fn TicketPage(id: Option<String>, params: Params) -> impl IntoView {
    let customer = params.get("customer").map(|c| Id(c.to_string()));
    // A stored ticket is read again when tickets change (a note logged, a rating given);
    // a new one's form is left alone.
    let topics = match id {
        Some(_) => vec![crate::data::Topic::of::<Ticket>()],
        None => Vec::new(),
    };
    let loaded = crate::data::resource(topics, move |db| {
        let (id, customer) = (id.clone(), customer.clone());
        async move {
            let (base, adding) = match (id, customer) {
                (Some(id), _) => match db.doc::<Ticket>(&id).await? {
                    Some(t) => (t, false),
                    None => return Ok(None),
                },
                (None, Some(c)) => {
                    let mut t = Ticket::new(platform::new_id(), c, platform::now());
                    t.assignee = crate::roster::me().unwrap_or_default();
                    (t, true)
                }
                // A ticket is always some customer's.
                (None, None) => return Ok(None),
            };
            let name = db.customer(base.customer.as_str()).await?.map(|c| c.name);
            let rated = match &base.rating {
                Some(r) => db.doc::<SurveyResponse>(r.as_str()).await?.map(|r| {
                    let score = r.answers.first().map_or(0, |a| a.score);
                    (score, r.comment)
                }),
                None => None,
            };
            Ok(name.map(|n| (base, adding, n, rated)))
        }
    });
    crate::pages::record_page(loaded, M::NotFound, |(base, adding, name, rated)| {
        view! { <TicketEditor base=base adding=adding customer_name=name rated=rated/> }
    })
}
