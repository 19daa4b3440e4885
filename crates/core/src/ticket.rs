//! Service tickets (业务受理: 咨询、投诉、故障处理、退换货、回访、关怀; DOMAIN.md §3): what a
//! customer asked for or complained about, through which channel, how urgent, who
//! handles it, where it stands (new → assigned → in progress → waiting on the customer
//! → resolved → closed, and reopened), the notes and calls logged on it, and how it was
//! resolved and why it happened.
//!
//! The clock of its service levels is kept on the record: when it was opened, first
//! answered, resolved and closed. [`Ticket::service`] measures those against the
//! shop's [`Policy`] in business time.

use crate::sla::{Check, Policy, Priority, Standing, TicketType};
use crate::validate::{self, Field, FieldError, Problem};
use crate::{Day, Id, Millis, date::Zone};
use serde::{Deserialize, Serialize};

/// How the customer reached the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Web,
    Email,
    Wechat,
    Visit,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Self::Phone,
        Self::Web,
        Self::Email,
        Self::Wechat,
        Self::Visit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Web => "web",
            Self::Email => "email",
            Self::Wechat => "wechat",
            Self::Visit => "visit",
        }
    }

    pub fn from_code(s: &str) -> Option<Channel> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    New,
    Assigned,
    InProgress,
    /// Waiting on the customer.
    Waiting,
    Resolved,
    Closed,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 6] = [
        Self::New,
        Self::Assigned,
        Self::InProgress,
        Self::Waiting,
        Self::Resolved,
        Self::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Assigned => "assigned",
            Self::InProgress => "in_progress",
            Self::Waiting => "waiting",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    pub fn from_code(s: &str) -> Option<TicketStatus> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }

    /// Still to be resolved.
    pub fn is_open(self) -> bool {
        self < Self::Resolved
    }

    /// Whether the customer has heard back: work on it began, or it is done. Being
    /// assigned is internal and answers nobody.
    fn answers(self) -> bool {
        self >= Self::InProgress
    }
}

/// Why it happened (根本原因), for the complaint figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RootCause {
    Product,
    Delivery,
    Service,
    Billing,
    Usage,
    Other,
}

impl RootCause {
    pub const ALL: [RootCause; 6] = [
        Self::Product,
        Self::Delivery,
        Self::Service,
        Self::Billing,
        Self::Usage,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Product => "product",
            Self::Delivery => "delivery",
            Self::Service => "service",
            Self::Billing => "billing",
            Self::Usage => "usage",
            Self::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<RootCause> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// A note or a call logged on a ticket: the conversation so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketNote {
    pub at: Millis,
    /// Who logged it (a staff id; empty for nobody in particular).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// A call with the customer, rather than a note to the file.
    #[serde(default)]
    pub call: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: Id,
    pub customer: Id,
    pub kind: TicketType,
    pub channel: Channel,
    pub priority: Priority,
    pub subject: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The product it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Id>,
    /// Who handles it (a staff id; empty for nobody yet).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assignee: String,
    pub status: TicketStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<TicketNote>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resolution: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<RootCause>,
    /// When the service clocks start.
    pub opened: Millis,
    /// When the customer first heard back: a call logged, or work begun.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Millis>,
    /// Times it was reopened after being resolved.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reopened: u32,
    /// The survey response holding the customer's rating after it was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Id>,
    /// Knowledge-base articles that helped with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<Id>,
    pub created: Millis,
    pub updated: Millis,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A ticket's two service levels as they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub respond: Check,
    pub resolve: Check,
}

impl Service {
    /// The worse of the two: what the list sorts and colours by.
    pub fn worst(&self) -> Standing {
        self.respond.standing.max(self.resolve.standing)
    }
}

impl Ticket {
    pub fn new(id: Id, customer: Id, now: Millis) -> Ticket {
        Ticket {
            id,
            customer,
            kind: TicketType::Inquiry,
            channel: Channel::Phone,
            priority: Priority::Normal,
            subject: String::new(),
            description: String::new(),
            product: None,
            assignee: String::new(),
            status: TicketStatus::New,
            notes: Vec::new(),
            resolution: String::new(),
            root_cause: None,
            opened: now,
            first_response: None,
            resolved: None,
            closed: None,
            reopened: 0,
            rating: None,
            articles: Vec::new(),
            created: now,
            updated: now,
        }
    }

    /// Moves it to `to` at `now`, keeping its clocks: the first answer, resolution and
    /// closing are stamped the first time they happen, and a reopened ticket's
    /// resolution is cleared (its clock runs again) and counted.
    pub fn set_status(&mut self, to: TicketStatus, now: Millis) {
        if to == self.status {
            return;
        }
        if to.answers() && self.first_response.is_none() {
            self.first_response = Some(now);
        }
        match to {
            TicketStatus::Resolved => {
                self.resolved.get_or_insert(now);
                self.closed = None;
            }
            TicketStatus::Closed => {
                self.resolved.get_or_insert(now);
                self.closed.get_or_insert(now);
            }
            _ if !self.status.is_open() => {
                self.resolved = None;
                self.closed = None;
                self.reopened += 1;
            }
            _ => {}
        }
        self.status = to;
    }

    /// Logs a note or a call at `note.at`; a call answers the customer.
    pub fn log(&mut self, note: TicketNote) {
        if note.call && self.first_response.is_none() {
            self.first_response = Some(note.at);
        }
        self.updated = self.updated.max(note.at);
        self.notes.push(note);
    }

    /// The entry `note` makes on the customer's timeline (a call, or a note, under the
    /// ticket's subject), with id `id`.
    pub fn as_interaction(&self, note: &TicketNote, id: Id) -> crate::Interaction {
        crate::Interaction {
            id,
            customer: self.customer.clone(),
            kind: match note.call {
                true => crate::InteractionKind::Call,
                false => crate::InteractionKind::Note,
            },
            at: note.at,
            subject: self.subject.clone(),
            note: note.text.clone(),
            created: note.at,
            updated: note.at,
        }
    }

    /// The customer's rating of how it was handled (CSAT, 1–5, and a comment) as a
    /// survey response with id `id` given on `day`: the satisfaction dashboard counts it
    /// as any other answer. The ticket keeps its id (`rating`); the response is checked
    /// by the survey rules ([`crate::validate::check_response`]).
    pub fn rate(
        &mut self,
        score: u8,
        comment: &str,
        id: Id,
        day: Day,
        now: Millis,
    ) -> Result<crate::SurveyResponse, Vec<FieldError>> {
        let r = crate::SurveyResponse {
            id,
            customer: self.customer.clone(),
            day,
            answers: vec![crate::Answer {
                question: crate::Question::Csat,
                score,
            }],
            comment: comment.to_string(),
            created: now,
            survey: None,
            items: Vec::new(),
        };
        let r = validate::check_response(r, None, day)?;
        self.rating = Some(r.id.clone());
        self.updated = now;
        Ok(r)
    }

    /// Its first-response and resolution targets under `policy`, at `now`.
    pub fn service(&self, policy: &Policy, now: Millis, zone: &Zone) -> Service {
        let target = policy.target(self.kind, self.priority);
        Service {
            respond: policy.check(self.opened, target.respond, self.first_response, now, zone),
            resolve: policy.check(self.opened, target.resolve, self.resolved, now, zone),
        }
    }
}

/// The index of tickets by when they were settled ([`Ticket::settled`]).
pub const SETTLED: &str = "settled";
/// Sorts after every day, so one range from a day on holds the open tickets and those
/// settled since.
pub const STILL_OPEN: &str = "open";

impl Ticket {
    /// Its [`SETTLED`] index value: [`STILL_OPEN`] while open, else the (UTC) day it
    /// was resolved. The desk reads the open ones, or those settled lately, through it,
    /// not every ticket there ever was.
    pub fn settled(&self) -> String {
        match (self.status.is_open(), self.resolved) {
            (false, Some(at)) => at.day().to_string(),
            (false, None) => self.updated.day().to_string(),
            (true, _) => STILL_OPEN.into(),
        }
    }
}

impl crate::kinds::Doc for Ticket {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo {
        indexes: &[SETTLED],
        ..crate::kinds::KindInfo::created("tickets")
    };

    crate::kinds::doc_accessors!(customer);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn indexed(&self) -> Vec<(&'static str, std::borrow::Cow<'_, str>)> {
        vec![(SETTLED, self.settled().into())]
    }

    fn check(self, _refs: &crate::kinds::Refs, today: Day) -> Result<Self, Vec<FieldError>> {
        check_ticket(self, today)
    }
}

/// Longest a ticket's conversation grows: a ticket past it is better split.
pub const MAX_NOTES_LOGGED: usize = 500;

/// The rules a ticket obeys, whoever wrote it: a subject; texts within their limits;
/// no time after the end of `today`; a resolution only once resolved.
pub fn check_ticket(t: Ticket, today: Day) -> Result<Ticket, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let subject = validate::line(
        &t.subject,
        validate::MAX_TEXT,
        Field::TicketSubject,
        &mut err,
    );
    if subject.is_empty() {
        err(Field::TicketSubject, Problem::Required);
    }
    let description = validate::block(
        &t.description,
        validate::MAX_NOTES,
        Field::TicketDescription,
        &mut err,
    );
    let resolution = validate::block(
        &t.resolution,
        validate::MAX_NOTES,
        Field::TicketResolution,
        &mut err,
    );
    // `today` is the shop's day; times are instants. Past the end of `today` in the
    // earliest zone there is (UTC+14) nothing can have happened yet.
    let end = Millis(Day(today.0 + 1).start_millis().0 + 14 * 3_600_000);
    let times = [Some(t.opened), t.first_response, t.resolved, t.closed];
    if times.iter().flatten().any(|m| *m >= end) {
        err(Field::TicketOpened, Problem::DateInFuture);
    }
    let mut notes = Vec::with_capacity(t.notes.len());
    for n in &t.notes {
        let text = validate::block(&n.text, validate::MAX_NOTES, Field::TicketNote, &mut err);
        notes.push(TicketNote { text, ..n.clone() });
    }
    if notes.len() > MAX_NOTES_LOGGED {
        err(
            Field::TicketNote,
            Problem::TooManyItems {
                max: MAX_NOTES_LOGGED,
            },
        );
    }
    validate::merged(
        Ok(Ticket {
            subject,
            description,
            resolution,
            notes,
            ..t
        }),
        errs,
    )
}

/// A ticket as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketDraft {
    pub kind: TicketType,
    pub channel: Channel,
    pub priority: Priority,
    pub subject: String,
    pub description: String,
    pub assignee: String,
    pub status: TicketStatus,
    pub resolution: String,
    pub root_cause: Option<RootCause>,
    /// The product it is about: an id, or empty for none.
    pub product: String,
}

impl TicketDraft {
    pub fn from_ticket(t: &Ticket) -> TicketDraft {
        TicketDraft {
            kind: t.kind,
            channel: t.channel,
            priority: t.priority,
            subject: t.subject.clone(),
            description: t.description.clone(),
            assignee: t.assignee.clone(),
            status: t.status,
            resolution: t.resolution.clone(),
            root_cause: t.root_cause,
            product: t.product.as_ref().map(|p| p.0.clone()).unwrap_or_default(),
        }
    }

    /// The ticket this draft makes of `base` at `now`, or every problem. Choosing
    /// someone moves a new ticket to "assigned".
    pub fn validate(
        &self,
        base: Ticket,
        today: Day,
        now: Millis,
    ) -> Result<Ticket, Vec<FieldError>> {
        let mut t = Ticket {
            kind: self.kind,
            channel: self.channel,
            priority: self.priority,
            subject: self.subject.clone(),
            description: self.description.clone(),
            assignee: self.assignee.trim().to_string(),
            resolution: self.resolution.clone(),
            root_cause: self.root_cause,
            product: Some(self.product.trim())
                .filter(|p| !p.is_empty())
                .map(|p| Id(p.into())),
            updated: now,
            ..base
        };
        let to = match self.status {
            TicketStatus::New if !t.assignee.is_empty() => TicketStatus::Assigned,
            s => s,
        };
        t.set_status(to, now);
        check_ticket(t, today)
    }
}

/// The order a service desk works in: breached first, then near breach, then the rest
/// by the resolution due time; closed and resolved ones last, latest first.
pub fn desk_order(a: (&Ticket, &Service), b: (&Ticket, &Service)) -> std::cmp::Ordering {
    let rank = |(t, s): (&Ticket, &Service)| match t.status.is_open() {
        true => (0, std::cmp::Reverse(s.worst()), s.resolve.due.0),
        false => (1, std::cmp::Reverse(Standing::Met), -t.updated.0),
    };
    rank(a).cmp(&rank(b)).then_with(|| a.0.id.0.cmp(&b.0.id.0))
}

#[cfg(test)]
#[path = "ticket_tests.rs"]
mod tests;
