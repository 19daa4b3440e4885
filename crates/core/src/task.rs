//! Tasks (行动管理, DOMAIN.md §2): something to do by a day (and optionally a time), for
//! an owner, about a customer or an opportunity, marked urgent and/or important so it
//! sits in one quadrant of the urgent × important matrix. A reminder may be set; when a
//! task is done it can be logged on the customer's timeline as the contact it was.
//!
//! The due day and time are the owner's wall clock (a visit at 09:30 stays at 09:30
//! whatever the device's zone); the app turns them into an instant with the zone
//! (`date::Zone`) only to remind.

use crate::validate::{self, Field, FieldError, Problem};
use crate::{Day, Id, Interaction, InteractionKind, Millis};
use serde::{Deserialize, Serialize};

/// What kind of action it is; a done one is logged as the matching interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    Call,
    Visit,
    Email,
    Todo,
}

impl TaskKind {
    pub const ALL: [TaskKind; 4] = [Self::Call, Self::Visit, Self::Email, Self::Todo];

    pub fn code(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Visit => "visit",
            Self::Email => "email",
            Self::Todo => "todo",
        }
    }

    pub fn from_code(s: &str) -> Option<TaskKind> {
        Self::ALL.iter().copied().find(|k| k.code() == s)
    }

    /// The interaction a done task of this kind is logged as.
    pub fn logs_as(self) -> InteractionKind {
        match self {
            Self::Call => InteractionKind::Call,
            Self::Visit => InteractionKind::Visit,
            Self::Email => InteractionKind::Email,
            Self::Todo => InteractionKind::Note,
        }
    }
}

/// The quadrants of the urgent × important matrix, numbered as the textbook numbers
/// them: 1 do now, 2 schedule, 3 delegate, 4 drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quadrant {
    DoNow = 1,
    Schedule = 2,
    Delegate = 3,
    Drop = 4,
}

impl Quadrant {
    pub const ALL: [Quadrant; 4] = [
        Quadrant::DoNow,
        Quadrant::Schedule,
        Quadrant::Delegate,
        Quadrant::Drop,
    ];

    pub fn of(urgent: bool, important: bool) -> Quadrant {
        match (urgent, important) {
            (true, true) => Quadrant::DoNow,
            (false, true) => Quadrant::Schedule,
            (true, false) => Quadrant::Delegate,
            (false, false) => Quadrant::Drop,
        }
    }
}

/// Minutes after midnight.
pub type Minutes = u16;

/// The reminders a form offers, in minutes before the due time.
pub const REMIND_CHOICES: [Minutes; 5] = [0, 15, 60, 24 * 60, 2 * 24 * 60];
/// The latest a reminder may come before its task (a week).
pub const MAX_REMIND: Minutes = 7 * 24 * 60;
/// Where a task without a time is due for its reminder: the start of a working day.
pub const DAY_STARTS: Minutes = 9 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: Id,
    pub title: String,
    pub kind: TaskKind,
    /// The day it is due, on the owner's calendar.
    pub due: Day,
    /// The time it is due that day; none for "some time that day".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Minutes>,
    /// The member of staff who does it (a staff id; empty for nobody).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity: Option<Id>,
    /// The quote it follows up, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Id>,
    /// The care rule that made it, if one did (`care::CareRule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Id>,
    #[serde(default)]
    pub urgent: bool,
    #[serde(default)]
    pub important: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// A reminder this many minutes before it is due; none for no reminder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind: Option<Minutes>,
    /// The reminder was seen and put away (reset when the due time or reminder changes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reminded: bool,
    /// When it was done; none while it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Millis>,
    pub created: Millis,
    pub updated: Millis,
}

/// Where an open task stands against today, for the agenda's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    /// Its day has passed, or today's time has.
    Overdue,
    Today,
    /// Later this week (weeks start on Monday).
    ThisWeek,
    Later,
}

impl Bucket {
    pub const ALL: [Bucket; 4] = [
        Bucket::Overdue,
        Bucket::Today,
        Bucket::ThisWeek,
        Bucket::Later,
    ];
}

impl Task {
    pub fn new(id: Id, due: Day, now: Millis) -> Task {
        Task {
            id,
            title: String::new(),
            kind: TaskKind::Call,
            due,
            time: None,
            owner: String::new(),
            customer: None,
            opportunity: None,
            quote: None,
            rule: None,
            urgent: false,
            important: false,
            note: String::new(),
            remind: None,
            reminded: false,
            done: None,
            created: now,
            updated: now,
        }
    }

    pub fn is_open(&self) -> bool {
        self.done.is_none()
    }

    pub fn quadrant(&self) -> Quadrant {
        Quadrant::of(self.urgent, self.important)
    }

    /// The order tasks are done in: by day, timed ones first at their time, then the
    /// older first.
    pub fn order_key(&self) -> (Day, Minutes, Millis) {
        (self.due, self.time.unwrap_or(Minutes::MAX), self.created)
    }

    /// Its section of the agenda at local day `today`, minute `now`; none when done.
    pub fn bucket(&self, today: Day, now: Minutes) -> Option<Bucket> {
        if !self.is_open() {
            return None;
        }
        let sunday = Day(today.0 + 6 - today.weekday() as i32);
        Some(
            if self.due < today || (self.due == today && self.time.is_some_and(|t| t < now)) {
                Bucket::Overdue
            } else if self.due == today {
                Bucket::Today
            } else if self.due <= sunday {
                Bucket::ThisWeek
            } else {
                Bucket::Later
            },
        )
    }

    /// The local wall-clock moment (milliseconds, as `Zone::local` gives them) its
    /// reminder is due, if it has one: before its time, or before the day starts.
    pub fn remind_at(&self) -> Option<i64> {
        let before = self.remind?;
        let at = self.time.unwrap_or(DAY_STARTS);
        Some(self.due.start_millis().0 + (i64::from(at) - i64::from(before)) * 60_000)
    }

    /// Whether its reminder should show at local moment `now` (open, due, not put away).
    pub fn reminder_due(&self, now_local: i64) -> bool {
        self.is_open() && !self.reminded && self.remind_at().is_some_and(|at| at <= now_local)
    }

    /// Marks it done at `now`.
    pub fn complete(&mut self, now: Millis) {
        self.done = Some(now);
        self.updated = now;
    }

    /// The contact a done task was, for its customer's timeline (none without a
    /// customer): the kind's interaction, with the task's title and note, at `at`.
    pub fn as_interaction(&self, id: Id, at: Millis) -> Option<Interaction> {
        Some(Interaction {
            id,
            customer: self.customer.clone()?,
            kind: self.kind.logs_as(),
            at,
            subject: self.title.clone(),
            note: self.note.clone(),
            created: at,
            updated: at,
        })
    }
}

/// The next open task of each opportunity (the one due first), from `tasks`.
pub fn next_by_opportunity(tasks: &[Task]) -> std::collections::HashMap<&str, &Task> {
    let mut next = std::collections::HashMap::<&str, &Task>::new();
    for t in tasks.iter().filter(|t| t.is_open()) {
        if let Some(o) = &t.opportunity {
            let slot = next.entry(o.as_str()).or_insert(t);
            if t.order_key() < slot.order_key() {
                *slot = t;
            }
        }
    }
    next
}

/// The agenda index: an open task's value is its due day (`2026-12-03`), a done one's
/// [`DONE`] and its due day, so one range finds the open tasks, another a month's done.
pub const AGENDA: &str = "agenda";
/// Sorts after every date.
pub const DONE: &str = "done:";

impl Task {
    /// Its [`AGENDA`] value.
    pub fn agenda(&self) -> String {
        match self.done {
            None => self.due.to_string(),
            Some(_) => format!("{DONE}{}", self.due),
        }
    }

    /// The [`AGENDA`] range (inclusive) of every open task.
    pub fn open_range() -> (String, String) {
        ("0".into(), "9999-12-31".into())
    }

    /// The [`AGENDA`] range (inclusive) of the tasks due from `from` to `to`, open or
    /// done: two ranges, the open ones' and the done ones'.
    pub fn due_ranges(from: Day, to: Day) -> [(String, String); 2] {
        [
            (from.to_string(), to.to_string()),
            (format!("{DONE}{from}"), format!("{DONE}{to}")),
        ]
    }
}

impl crate::kinds::Doc for Task {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo {
        name: "tasks",
        by_customer: "customer_due",
        when: "due_at",
        indexes: &[AGENDA],
        by_time: None,
        feeds: crate::kinds::Feeds::Nothing,
    };

    fn id(&self) -> &Id {
        &self.id
    }

    /// A task about nobody in particular (order stock, tidy the shop) has no customer.
    fn customer(&self) -> Option<&Id> {
        self.customer.as_ref()
    }

    fn set_customer(&mut self, to: Id) {
        self.customer = Some(to);
    }

    fn when(&self) -> f64 {
        let (day, time, _) = self.order_key();
        (day.start_millis().0 + i64::from(time.min(24 * 60)) * 60_000) as f64
    }

    fn indexed(&self) -> Vec<(&'static str, std::borrow::Cow<'_, str>)> {
        vec![(AGENDA, self.agenda().into())]
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_task(self)
    }
}

/// The rules a task obeys, whoever wrote it: a title, a due day from year 1000 to 9999,
/// a time within the day, a reminder at most a week ahead, texts cleaned and within
/// their limits.
pub fn check_task(t: Task) -> Result<Task, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let title = validate::line(&t.title, validate::MAX_TEXT, Field::TaskTitle, &mut err);
    if title.is_empty() {
        err(Field::TaskTitle, Problem::Required);
    }
    if t.due < crate::backup::min_day() || t.due.ymd().0 > 9999 {
        err(Field::TaskDue, Problem::InvalidDate);
    }
    if t.time.is_some_and(|m| m >= 24 * 60) {
        err(Field::TaskTime, Problem::InvalidTime);
    }
    if t.remind.is_some_and(|m| m > MAX_REMIND) {
        err(Field::TaskRemind, Problem::Inconsistent);
    }
    let note = validate::block(&t.note, validate::MAX_NOTES, Field::TaskNote, &mut err);
    if errs.is_empty() {
        Ok(Task { title, note, ..t })
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

/// A task as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDraft {
    pub title: String,
    pub kind: TaskKind,
    pub due: String,
    /// `HH:MM`, or blank for no time.
    pub time: String,
    pub owner: String,
    pub urgent: bool,
    pub important: bool,
    pub note: String,
    pub remind: Option<Minutes>,
}

impl TaskDraft {
    pub fn from_task(t: &Task) -> TaskDraft {
        TaskDraft {
            title: t.title.clone(),
            kind: t.kind,
            due: t.due.to_string(),
            time: t
                .time
                .map(|m| format!("{:02}:{:02}", m / 60, m % 60))
                .unwrap_or_default(),
            owner: t.owner.clone(),
            urgent: t.urgent,
            important: t.important,
            note: t.note.clone(),
            remind: t.remind,
        }
    }

    /// The record this draft makes of `base` at `now`, or every problem. A changed due
    /// moment or reminder brings a put-away reminder back.
    pub fn validate(&self, base: Task, now: Millis) -> Result<Task, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let due = match validate::opt_date(&self.due, Field::TaskDue, &mut err) {
            Some(d) => d,
            None => {
                if self.due.trim().is_empty() {
                    err(Field::TaskDue, Problem::Required);
                }
                base.due
            }
        };
        let time = match self.time.trim() {
            "" => None,
            t => match validate::minutes_of_day(t) {
                Some(m) => Some(m as Minutes),
                None => {
                    err(Field::TaskTime, Problem::InvalidTime);
                    None
                }
            },
        };
        let moved = (due, time, self.remind) != (base.due, base.time, base.remind);
        let t = Task {
            title: self.title.clone(),
            kind: self.kind,
            due,
            time,
            owner: self.owner.clone(),
            urgent: self.urgent,
            important: self.important,
            note: self.note.clone(),
            remind: self.remind,
            reminded: base.reminded && !moved,
            updated: now,
            ..base
        };
        validate::merged(check_task(t), errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn task(due: Day, time: Option<Minutes>) -> Task {
        let mut t = Task::new(Id("t".into()), due, Millis(0));
        t.title = "回访".into();
        t.time = time;
        t
    }

    /// Thursday 2026-12-03 at 10:00: the sections a user sees on the agenda.
    #[test]
    fn the_agenda_puts_each_open_task_in_its_section() {
        let today = day(2026, 12, 3);
        let now = 10 * 60;
        let at = |d, t| task(d, t).bucket(today, now);
        assert_eq!(at(day(2026, 12, 2), None), Some(Bucket::Overdue));
        assert_eq!(at(today, Some(9 * 60 + 30)), Some(Bucket::Overdue));
        assert_eq!(at(today, Some(10 * 60)), Some(Bucket::Today));
        assert_eq!(at(today, None), Some(Bucket::Today));
        assert_eq!(at(day(2026, 12, 6), None), Some(Bucket::ThisWeek));
        assert_eq!(at(day(2026, 12, 7), None), Some(Bucket::Later));
        let mut done = task(day(2026, 12, 1), None);
        done.complete(Millis(5));
        assert_eq!(done.bucket(today, now), None);
        // On a Sunday the week has no days left.
        assert_eq!(
            task(day(2026, 12, 7), None).bucket(day(2026, 12, 6), 0),
            Some(Bucket::Later)
        );
    }

    #[test]
    fn the_matrix_numbers_its_quadrants_as_the_textbook() {
        let q = |u, i| Quadrant::of(u, i) as u8;
        assert_eq!((q(true, true), q(false, true)), (1, 2));
        assert_eq!((q(true, false), q(false, false)), (3, 4));
    }

    #[test]
    fn a_reminder_comes_before_the_time_or_the_working_day() {
        let d = day(2026, 12, 3);
        let mut t = task(d, Some(14 * 60));
        assert_eq!(t.remind_at(), None);
        t.remind = Some(15);
        let at = d.start_millis().0 + (14 * 60 - 15) * 60_000;
        assert_eq!(t.remind_at(), Some(at));
        assert!(!t.reminder_due(at - 1) && t.reminder_due(at));
        t.reminded = true;
        assert!(!t.reminder_due(at));
        let mut all_day = task(d, None);
        all_day.remind = Some(24 * 60);
        assert_eq!(
            all_day.remind_at(),
            Some(day(2026, 12, 2).start_millis().0 + 9 * 3_600_000)
        );
        all_day.complete(Millis(1));
        assert!(!all_day.reminder_due(i64::MAX));
    }

    #[test]
    fn the_form_names_each_bad_field_and_brings_a_moved_reminder_back() {
        let base = task(day(2026, 12, 3), None);
        let mut d = TaskDraft::from_task(&base);
        d.title = "  ".into();
        d.due = "2026-02-30".into();
        d.time = "25:00".into();
        let fields: Vec<Field> = d
            .validate(base.clone(), Millis(9))
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::TaskTitle, Field::TaskDue, Field::TaskTime]);
        d.title = " 送样品 ".into();
        d.due = "2026-12-04".into();
        d.time = "9:05".into();
        d.remind = Some(15);
        let reminded = Task {
            reminded: true,
            ..base
        };
        let t = d.validate(reminded.clone(), Millis(9)).unwrap();
        assert_eq!(
            (t.title.as_str(), t.due, t.time),
            ("送样品", day(2026, 12, 4), Some(545))
        );
        assert!(!t.reminded);
        assert_eq!(TaskDraft::from_task(&t).time, "09:05");
        // Saving without moving it keeps the reminder put away.
        let again = TaskDraft::from_task(&t).validate(
            Task {
                reminded: true,
                ..t
            },
            Millis(10),
        );
        assert!(again.unwrap().reminded);
    }

    #[test]
    fn the_agenda_index_finds_open_tasks_and_a_months_done_ones() {
        let mut t = task(day(2026, 12, 3), None);
        let (lo, hi) = Task::open_range();
        let within = |v: &str, (lo, hi): &(String, String)| lo.as_str() <= v && v <= hi.as_str();
        assert!(within(&t.agenda(), &(lo.clone(), hi.clone())));
        t.complete(Millis(1));
        assert!(!within(&t.agenda(), &(lo, hi)));
        let [open, done] = Task::due_ranges(day(2026, 12, 1), day(2026, 12, 31));
        assert!(within(&t.agenda(), &done) && !within(&t.agenda(), &open));
    }

    #[test]
    fn a_done_task_is_logged_as_the_contact_it_was() {
        let mut t = task(day(2026, 12, 3), None);
        t.kind = TaskKind::Visit;
        assert_eq!(t.as_interaction(Id("i".into()), Millis(7)), None);
        t.customer = Some(Id("c".into()));
        let i = t.as_interaction(Id("i".into()), Millis(7)).unwrap();
        assert_eq!(
            (i.kind, i.subject.as_str()),
            (InteractionKind::Visit, "回访")
        );
    }

    #[test]
    fn an_opportunitys_next_task_is_the_open_one_due_first() {
        let o = Some(Id("o".into()));
        let mut a = task(day(2026, 12, 5), None);
        a.opportunity = o.clone();
        let mut b = task(day(2026, 12, 4), Some(600));
        b.opportunity = o.clone();
        let mut c = task(day(2026, 12, 1), None);
        c.opportunity = o;
        c.complete(Millis(1));
        let all = [a, b.clone(), c];
        assert_eq!(next_by_opportunity(&all)["o"], &b);
    }
}
