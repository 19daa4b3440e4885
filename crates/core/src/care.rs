//! Care and follow-up rules (客户关怀 and 客户回访, DOMAIN.md §3): a rule turns an event
//! into a task for someone to do — a thank-you call some days after an order, a
//! follow-up visit after a complaint is settled, a greeting before a birthday or a
//! founding anniversary, a reminder before a month the customer habitually buys in, a
//! win-back call to a valuable customer at risk of leaving.
//!
//! Rules are run again and again (whenever the app opens and after data changes), so
//! they must never make the same task twice. A task's id is made from the rule, the
//! customer and the event alone ([`task_id`]): running a rule again, on this device or
//! another, derives the same ids, and the store writes only ids it never held
//! (`Db::add_new_docs`), so a task done or deleted stays so.
//!
//! A rule acts on events from the day it was switched on ([`CareRule::since`]) and at
//! most [`CATCH_UP_DAYS`] back (a shop closed for a week still gets that week's tasks,
//! an import of last year's orders does not make a year of thank-you calls), and makes
//! tasks due up to [`AHEAD_DAYS`] ahead.

use crate::task::TaskKind;
use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, Day, Id, Millis, Task};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// How far back a run acts on events it did not see when they were due.
pub const CATCH_UP_DAYS: i32 = 7;
/// How far ahead of its due day a task is made.
pub const AHEAD_DAYS: i32 = 7;
/// The longest delay a rule may have, in days (a year and a half).
pub const MAX_DAYS: u16 = 548;

/// What a rule reacts to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// `days` after an order; only orders with a product of `category` when one is
    /// named.
    AfterOrder {
        days: u16,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        category: String,
    },
    /// `days` after a complaint is resolved: the follow-up visit (回访).
    AfterComplaint { days: u16 },
    /// `days` before a person's birthday or an organisation's founding anniversary.
    Birthday { days: u16 },
    /// When the reminder of a month the customer habitually buys in falls (two weeks
    /// before it: `analytics::alerts::occasions`).
    Occasion,
    /// A customer at risk of leaving (the churn dashboard's list) whose value at risk is
    /// at least `value`: once per spell without buying.
    ChurnRisk { value: Cents },
}

/// The triggers a form offers, by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerKind {
    AfterOrder,
    AfterComplaint,
    Birthday,
    Occasion,
    ChurnRisk,
}

impl TriggerKind {
    pub const ALL: [TriggerKind; 5] = [
        Self::AfterOrder,
        Self::AfterComplaint,
        Self::Birthday,
        Self::Occasion,
        Self::ChurnRisk,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::AfterOrder => "after_order",
            Self::AfterComplaint => "after_complaint",
            Self::Birthday => "birthday",
            Self::Occasion => "occasion",
            Self::ChurnRisk => "churn_risk",
        }
    }

    pub fn from_code(s: &str) -> Option<TriggerKind> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Whether a rule of this kind waits a number of days.
    pub fn has_days(self) -> bool {
        matches!(
            self,
            Self::AfterOrder | Self::AfterComplaint | Self::Birthday
        )
    }

    /// The task a new rule of this kind makes: a call, or a visit after a complaint.
    pub fn usual_task(self) -> TaskKind {
        match self {
            Self::AfterComplaint => TaskKind::Visit,
            _ => TaskKind::Call,
        }
    }
}

impl Trigger {
    pub fn kind(&self) -> TriggerKind {
        match self {
            Trigger::AfterOrder { .. } => TriggerKind::AfterOrder,
            Trigger::AfterComplaint { .. } => TriggerKind::AfterComplaint,
            Trigger::Birthday { .. } => TriggerKind::Birthday,
            Trigger::Occasion => TriggerKind::Occasion,
            Trigger::ChurnRisk { .. } => TriggerKind::ChurnRisk,
        }
    }

    /// Its delay in days, for the kinds that have one.
    pub fn days(&self) -> Option<u16> {
        match *self {
            Trigger::AfterOrder { days, .. }
            | Trigger::AfterComplaint { days }
            | Trigger::Birthday { days } => Some(days),
            _ => None,
        }
    }
}

/// A care rule: a record of the whole shop, backed up and synced like any other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareRule {
    pub id: Id,
    pub name: String,
    pub trigger: Trigger,
    /// What its tasks are: a call, a visit…
    pub task: TaskKind,
    /// Its tasks' title.
    pub title: String,
    /// Who gets its tasks (a staff id); empty: each customer's own owner.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// The day it was switched on; none while it is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Day>,
    pub created: Millis,
    pub updated: Millis,
}

impl CareRule {
    /// A rule that is off, with nothing filled in, for a new form.
    pub fn new(id: Id, trigger: Trigger, now: Millis) -> CareRule {
        CareRule {
            id,
            name: String::new(),
            task: trigger.kind().usual_task(),
            trigger,
            title: String::new(),
            owner: String::new(),
            since: None,
            created: now,
            updated: now,
        }
    }

    pub fn is_on(&self) -> bool {
        self.since.is_some()
    }
}

impl crate::kinds::Doc for CareRule {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("care_rules");

    crate::kinds::doc_accessors!(shop);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_rule(self)
    }
}

/// The rules a care rule obeys, whoever wrote it: a name and a task title; a delay of
/// at most [`MAX_DAYS`]; a value not below zero.
pub fn check_rule(r: CareRule) -> Result<CareRule, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let name = validate::line(&r.name, validate::MAX_NAME, Field::CareName, &mut err);
    if name.is_empty() {
        err(Field::CareName, Problem::Required);
    }
    let title = validate::line(&r.title, validate::MAX_TEXT, Field::CareTitle, &mut err);
    if title.is_empty() {
        err(Field::CareTitle, Problem::Required);
    }
    if r.trigger.days().is_some_and(|d| d > MAX_DAYS) {
        let max = MAX_DAYS as u32;
        err(Field::CareDays, Problem::TooManyDays { max });
    }
    let trigger = match r.trigger {
        Trigger::AfterOrder { days, category } => Trigger::AfterOrder {
            days,
            category: validate::line(&category, validate::MAX_TEXT, Field::CareCategory, &mut err),
        },
        Trigger::ChurnRisk { value } if value.0 < 0 => {
            err(Field::CareValue, Problem::Negative);
            Trigger::ChurnRisk { value }
        }
        t => t,
    };
    validate::merged(
        Ok(CareRule {
            name,
            title,
            trigger,
            owner: r.owner.trim().to_string(),
            ..r
        }),
        errs,
    )
}

/// A care rule as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareDraft {
    pub kind: TriggerKind,
    pub name: String,
    pub days: String,
    pub category: String,
    /// The least value at risk, in yuan.
    pub value: String,
    pub task: TaskKind,
    pub title: String,
    pub owner: String,
}

impl CareDraft {
    pub fn from_rule(r: &CareRule) -> CareDraft {
        let (category, value) = match &r.trigger {
            Trigger::AfterOrder { category, .. } => (category.clone(), String::new()),
            Trigger::ChurnRisk { value } => (String::new(), value.to_string()),
            _ => (String::new(), String::new()),
        };
        CareDraft {
            kind: r.trigger.kind(),
            name: r.name.clone(),
            days: r.trigger.days().map(|d| d.to_string()).unwrap_or_default(),
            category,
            value,
            task: r.task,
            title: r.title.clone(),
            owner: r.owner.clone(),
        }
    }

    /// The rule this draft makes of `base` at `now` (on or off as `base` was), or
    /// every problem.
    pub fn validate(&self, base: CareRule, now: Millis) -> Result<CareRule, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let days = match self.kind.has_days() {
            false => 0,
            true => match self.days.trim() {
                "" => {
                    err(Field::CareDays, Problem::Required);
                    0
                }
                s => validate::whole_days(s, MAX_DAYS).unwrap_or_else(|p| {
                    err(Field::CareDays, p);
                    0
                }),
            },
        };
        let trigger = match self.kind {
            TriggerKind::AfterOrder => Trigger::AfterOrder {
                days,
                category: self.category.clone(),
            },
            TriggerKind::AfterComplaint => Trigger::AfterComplaint { days },
            TriggerKind::Birthday => Trigger::Birthday { days },
            TriggerKind::Occasion => Trigger::Occasion,
            TriggerKind::ChurnRisk => Trigger::ChurnRisk {
                value: match self.value.trim() {
                    "" => Cents(0),
                    s => validate::money(s, Field::CareValue, &mut err).unwrap_or(Cents(0)),
                },
            },
        };
        let r = CareRule {
            name: self.name.clone(),
            trigger,
            task: self.task,
            title: self.title.clone(),
            owner: self.owner.clone(),
            updated: now,
            ..base
        };
        validate::merged(check_rule(r), errs)
    }
}

/// A live customer, as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: Id,
    /// Who looks after them (a staff id; empty for nobody).
    pub owner: String,
    /// Birth date, or founding date for an organisation.
    pub born: Option<Day>,
}

/// An order, with the categories of its products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bought {
    pub customer: Id,
    pub day: Day,
    pub categories: Vec<String>,
}

/// A complaint resolved on `day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub customer: Id,
    pub ticket: Id,
    pub day: Day,
}

/// A month the customer habitually buys in, and the day to remind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coming {
    pub customer: Id,
    pub month_start: Day,
    pub remind_on: Day,
}

/// A customer at risk of leaving, since their last purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtRisk {
    pub customer: Id,
    pub last_bought: Day,
    pub value: Cents,
}

/// What the rules read. Events of customers not among `people` (in the trash, gone)
/// make no task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub people: Vec<Person>,
    pub bought: Vec<Bought>,
    pub settled: Vec<Settled>,
    pub coming: Vec<Coming>,
    pub at_risk: Vec<AtRisk>,
}

/// Something that happened or is coming to one customer: `key` names it among that
/// customer's events of its kind.
struct Event<'a> {
    customer: &'a Id,
    key: String,
    on: Day,
    due: Day,
}

fn after(d: Day, days: u16) -> Day {
    Day(d.0 + days as i32)
}

/// `born`'s anniversary in year `y` (the 28th for the 29th of February in other years).
fn anniversary(born: Day, y: i32) -> Option<Day> {
    let (_, m, d) = born.ymd();
    Day::from_ymd(y, m, d.min(crate::date::days_in_month(y, m)))
}

fn events<'a>(t: &'a Trigger, f: &'a Facts, today: Day) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    match t {
        Trigger::AfterOrder { days, category } => {
            let wanted = crate::text::fold(category.trim());
            for b in &f.bought {
                let fits = wanted.is_empty()
                    || (b.categories.iter()).any(|c| crate::text::fold(c.trim()) == wanted);
                if fits {
                    let key = format!("order:{}", b.day);
                    let due = after(b.day, *days);
                    out.push(Event {
                        customer: &b.customer,
                        key,
                        on: b.day,
                        due,
                    });
                }
            }
        }
        Trigger::AfterComplaint { days } => out.extend(f.settled.iter().map(|s| Event {
            customer: &s.customer,
            key: format!("ticket:{}", s.ticket),
            on: s.day,
            due: after(s.day, *days),
        })),
        Trigger::Birthday { days } => {
            for p in &f.people {
                let Some(born) = p.born else { continue };
                for y in (today.year() - 1..=today.year() + 1).filter(|&y| y > born.year()) {
                    if let Some(on) = anniversary(born, y) {
                        let due = Day(on.0 - *days as i32);
                        out.push(Event {
                            customer: &p.id,
                            key: format!("year:{y}"),
                            on,
                            due,
                        });
                    }
                }
            }
        }
        Trigger::Occasion => out.extend(f.coming.iter().map(|c| Event {
            customer: &c.customer,
            key: format!("month:{}", c.month_start),
            on: c.month_start,
            due: c.remind_on,
        })),
        Trigger::ChurnRisk { value } => out.extend(
            (f.at_risk.iter().filter(|r| r.value >= *value)).map(|r| Event {
                customer: &r.customer,
                key: format!("since:{}", r.last_bought),
                on: today,
                due: today,
            }),
        ),
    }
    out
}

/// The day the task of an event is due, or `None` when the rule makes none: a due day
/// from `from` to [`AHEAD_DAYS`] after `today`. An event still to come whose reminder
/// day passed unseen (a birthday typed in two days before) is reminded today.
fn place(on: Day, due: Day, from: Day, today: Day) -> Option<Day> {
    if due.0 > today.0 + AHEAD_DAYS {
        None
    } else if due >= from {
        Some(due)
    } else {
        (on >= today && on > due).then_some(today)
    }
}

/// The id of the task `rule` makes for `customer`'s event `key`.
pub fn task_id(rule: &CareRule, customer: &Id, key: &str) -> Id {
    let at = rule.created.0.max(0) as u64;
    Id::derived(at, &[rule.id.as_str(), customer.as_str(), key])
}

/// The tasks `rule` makes on `today` when it acts from `since`.
fn tasks_of(
    rule: &CareRule,
    since: Day,
    f: &Facts,
    people: &HashMap<&str, &Person>,
    today: Day,
    now: Millis,
) -> Vec<Task> {
    let from = since.max(Day(today.0 - CATCH_UP_DAYS));
    let mut out = Vec::new();
    for e in events(&rule.trigger, f, today) {
        let Some(p) = people.get(e.customer.as_str()) else {
            continue;
        };
        let Some(due) = place(e.on, e.due, from, today) else {
            continue;
        };
        let owner = match rule.owner.is_empty() {
            true => p.owner.clone(),
            false => rule.owner.clone(),
        };
        out.push(Task {
            title: rule.title.clone(),
            kind: rule.task,
            owner,
            customer: Some(p.id.clone()),
            important: true,
            rule: Some(rule.id.clone()),
            ..Task::new(task_id(rule, &p.id, &e.key), due, now)
        });
    }
    out
}

fn people_of(f: &Facts) -> HashMap<&str, &Person> {
    f.people.iter().map(|p| (p.id.as_str(), p)).collect()
}

/// Each task once, by due day then customer.
fn settle(mut v: Vec<Task>) -> Vec<Task> {
    let mut seen = HashSet::new();
    v.retain(|t| seen.insert(t.id.clone()));
    // Unstable is enough: no two share an id.
    v.sort_unstable_by(|a, b| (a.due, &a.customer, &a.id).cmp(&(b.due, &b.customer, &b.id)));
    v
}

/// The tasks the rules switched on call for on `today` (the store keeps those it
/// never held).
pub fn due_tasks(rules: &[CareRule], f: &Facts, today: Day, now: Millis) -> Vec<Task> {
    let people = people_of(f);
    let all = (rules.iter())
        .filter_map(|r| Some(tasks_of(r, r.since?, f, &people, today, now)))
        .flatten()
        .collect();
    settle(all)
}

/// The tasks `rule` would make were it switched on `today`.
pub fn preview(rule: &CareRule, f: &Facts, today: Day, now: Millis) -> Vec<Task> {
    settle(tasks_of(rule, today, f, &people_of(f), today, now))
}

/// A run of the rules the page asks of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ask {
    pub today: Day,
    pub now: Millis,
    /// The device's time zone (`Zone::to_text`): the day a complaint was resolved.
    pub zone: String,
    /// A contract's renewal task title, with `{title}` for the contract's.
    pub renew: String,
    /// Only show what this rule would make, writing nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<CareRule>,
}

/// How many tasks a preview lists (it counts them all).
pub const PREVIEW_LIST: usize = 50;

/// What a run did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Tasks written, and the customers they are of.
    Made {
        tasks: usize,
        customers: Vec<String>,
    },
    /// What the previewed rule would make: how many, and the first [`PREVIEW_LIST`].
    Preview { total: usize, first: Vec<Task> },
}

/// The demo's rules: the follow-up visit three days after a complaint, a birthday
/// greeting three days ahead and a call before a habitual month, switched on from
/// `today`; and a thank-you call a week after an order, left off (a busy shop's every
/// order: its preview shows how many calls that would be).
pub fn demo(spec: &crate::demo::DemoSpec) -> Vec<CareRule> {
    let zh = spec.style == crate::demo::NameStyle::Chinese;
    let at = Millis(spec.today.start_millis().0 - 30 * 86_400_000);
    let pick = |a: &str, b: &str| if zh { a } else { b }.to_string();
    let rules = [
        (
            pick("购买后回访", "Thank-you call after an order"),
            pick("购买回访电话", "Thank-you call"),
            Trigger::AfterOrder {
                days: 7,
                category: String::new(),
            },
        ),
        (
            pick("投诉解决后上门回访", "Visit after a complaint"),
            pick("投诉回访", "Follow-up visit"),
            Trigger::AfterComplaint { days: 3 },
        ),
        (
            pick("生日 / 周年问候", "Birthday and anniversary greeting"),
            pick("生日或周年问候", "Birthday or anniversary greeting"),
            Trigger::Birthday { days: 3 },
        ),
        (
            pick("购买旺季前提醒", "Before a usual buying month"),
            pick("旺季前联系", "Call before their usual month"),
            Trigger::Occasion,
        ),
    ];
    let mut rng = crate::demo::Rng::new(spec.seed ^ 0xca4e_0001);
    (rules.into_iter())
        .map(|(name, title, trigger)| CareRule {
            name,
            title,
            since: (trigger.kind() != TriggerKind::AfterOrder).then_some(spec.today),
            ..CareRule::new(Id::v7(at.0 as u64, rng.bytes10()), trigger, at)
        })
        .collect()
}

#[cfg(test)]
#[path = "care_tests.rs"]
mod tests;
