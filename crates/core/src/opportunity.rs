//! Opportunities (机会管理, DOMAIN.md §2): a possible sale to a customer, moving through
//! the funnel's stages 初期联络 → 意向达成 → 商务谈判 → 合同签订 and then won or lost.
//! Every stage entered is kept with its moment, so time in stage is measured, and the
//! funnel counts an opportunity at the furthest stage it reached.

pub use crate::analytics::funnel::{DEFAULT_PROBABILITY, Outcome, Stage};
use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, Day, Id, Millis};
use serde::{Deserialize, Serialize};

/// Where an opportunity stands: an open stage, or won, or lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Open(Stage),
    Won,
    Lost,
}

impl Standing {
    /// The board's columns, left to right.
    pub const ALL: [Standing; 6] = [
        Standing::Open(Stage::InitialContact),
        Standing::Open(Stage::IntentReached),
        Standing::Open(Stage::Negotiation),
        Standing::Open(Stage::ContractSigned),
        Standing::Won,
        Standing::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Standing::Open(Stage::InitialContact) => "contact",
            Standing::Open(Stage::IntentReached) => "intent",
            Standing::Open(Stage::Negotiation) => "negotiation",
            Standing::Open(Stage::ContractSigned) => "contract",
            Standing::Won => "won",
            Standing::Lost => "lost",
        }
    }

    pub fn from_code(s: &str) -> Option<Standing> {
        Self::ALL.iter().copied().find(|x| x.code() == s)
    }

    /// The column `step` places to the right (negative: left), if there is one.
    pub fn step(self, step: i32) -> Option<Standing> {
        let at = Self::ALL.iter().position(|&x| x == self)? as i32 + step;
        Self::ALL.get(usize::try_from(at).ok()?).copied()
    }

    pub fn is_open(self) -> bool {
        matches!(self, Standing::Open(_))
    }
}

/// A stage entered, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub to: Standing,
    pub at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    pub id: Id,
    pub customer: Id,
    pub title: String,
    pub amount: Cents,
    /// The member of staff who owns it (a staff id; empty for nobody).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    pub standing: Standing,
    /// The win probability in percent, when the owner overrides the stage's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<u8>,
    /// The expected close date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<Day>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub competitors: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lost_reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next_step: String,
    /// Every stage entered, oldest first; the first is where it started.
    pub history: Vec<StageChange>,
    pub created: Millis,
    pub updated: Millis,
}

impl Opportunity {
    pub fn new(id: Id, customer: Id, now: Millis) -> Opportunity {
        let standing = Standing::Open(Stage::InitialContact);
        Opportunity {
            id,
            customer,
            title: String::new(),
            amount: Cents(0),
            owner: String::new(),
            standing,
            probability: None,
            close: None,
            competitors: String::new(),
            lost_reason: String::new(),
            next_step: String::new(),
            history: vec![StageChange {
                to: standing,
                at: now,
            }],
            created: now,
            updated: now,
        }
    }

    /// The chance of winning, 0–1: the override, else the stage's default; 1 when won,
    /// 0 when lost.
    pub fn probability(&self) -> f64 {
        match self.standing {
            Standing::Won => 1.0,
            Standing::Lost => 0.0,
            Standing::Open(s) => self
                .probability
                .map_or(DEFAULT_PROBABILITY[s as usize], |p| f64::from(p) / 100.0),
        }
    }

    /// Moves it to `to` at `at`, recording the change (nothing when it is there already).
    pub fn move_to(&mut self, to: Standing, at: Millis) {
        if self.standing == to {
            return;
        }
        self.standing = to;
        self.history.push(StageChange { to, at });
        self.updated = at;
    }

    /// When it entered the column it is in.
    pub fn entered(&self) -> Millis {
        self.history
            .iter()
            .rev()
            .find(|c| c.to == self.standing)
            .map_or(self.created, |c| c.at)
    }

    /// The furthest open stage it reached (the funnel counts it there).
    pub fn furthest(&self) -> Stage {
        self.history
            .iter()
            .map(|c| c.to)
            .chain([self.standing])
            .filter_map(|s| match s {
                Standing::Open(st) => Some(st),
                // Won means the contract was signed.
                Standing::Won => Some(Stage::ContractSigned),
                Standing::Lost => None,
            })
            .max()
            .unwrap_or(Stage::InitialContact)
    }

    /// As the funnel and forecast see it (`today` for an open one without a close date).
    pub fn as_funnel(&self, today: Day) -> crate::analytics::funnel::Opportunity {
        crate::analytics::funnel::Opportunity {
            stage: self.furthest(),
            amount: self.amount,
            close: self.close.unwrap_or(today),
            outcome: match self.standing {
                Standing::Open(_) => Outcome::Open,
                Standing::Won => Outcome::Won,
                Standing::Lost => Outcome::Lost,
            },
        }
    }
}

/// The index that finds the board's opportunities without reading the rest: an open
/// one's value is [`STILL_OPEN`], a closed one's the day it closed (`2026-12-03`).
pub const SETTLED: &str = "settled";
/// Sorts after every date, so one range from a day on holds the open ones and those
/// closed since.
pub const STILL_OPEN: &str = "open";

impl Opportunity {
    /// Its [`SETTLED`] index value.
    pub fn settled(&self) -> String {
        match self.standing {
            Standing::Open(_) => STILL_OPEN.into(),
            _ => self.entered().day().to_string(),
        }
    }

    /// The lowest [`SETTLED`] value of those open or closed on `since` or later.
    pub fn settled_since(since: Day) -> String {
        since.to_string()
    }
}

impl crate::kinds::Doc for Opportunity {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo {
        name: "opportunities",
        by_customer: "customer_created",
        when: "created",
        indexes: &[SETTLED],
        // The Sales dashboard reads them.
        by_time: None,
        feeds: crate::kinds::Feeds::Sales,
    };

    crate::kinds::doc_accessors!(customer);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn indexed(&self) -> Vec<(&'static str, std::borrow::Cow<'_, str>)> {
        vec![(SETTLED, self.settled().into())]
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_opportunity(self)
    }
}

/// The rules an opportunity obeys, whoever wrote it: a title, an amount within the
/// limit, a probability of at most 100 %, a close date from year 1000 to 9999, texts
/// cleaned and within their limits, a history that ends where it stands.
pub fn check_opportunity(o: Opportunity) -> Result<Opportunity, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let title = validate::line(&o.title, validate::MAX_NAME, Field::OppTitle, &mut err);
    if title.is_empty() {
        err(Field::OppTitle, Problem::Required);
    }
    validate::amount_in_range(o.amount, Field::OppAmount, &mut err);
    if o.probability.is_some_and(|p| p > 100) {
        err(Field::OppProbability, Problem::InvalidPercent);
    }
    if o.close
        .is_some_and(|d| d < crate::backup::min_day() || d.ymd().0 > 9999)
    {
        err(Field::OppClose, Problem::InvalidDate);
    }
    let mut text = |s: &str, f| validate::line(s, validate::MAX_TEXT, f, &mut err);
    let competitors = text(&o.competitors, Field::OppCompetitors);
    let lost_reason = text(&o.lost_reason, Field::OppLostReason);
    let next_step = text(&o.next_step, Field::OppNextStep);
    if o.history.last().map(|c| c.to) != Some(o.standing) {
        err(Field::OppStage, Problem::Inconsistent);
    }
    if errs.is_empty() {
        Ok(Opportunity {
            title,
            competitors,
            lost_reason,
            next_step,
            ..o
        })
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

/// An opportunity as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpportunityDraft {
    pub title: String,
    pub amount: String,
    pub owner: String,
    pub standing: Option<Standing>,
    /// Percent as typed; blank for the stage's default.
    pub probability: String,
    pub close: String,
    pub competitors: String,
    pub lost_reason: String,
    pub next_step: String,
}

impl OpportunityDraft {
    pub fn from_opportunity(o: &Opportunity) -> OpportunityDraft {
        OpportunityDraft {
            title: o.title.clone(),
            amount: if o.amount.0 == 0 {
                String::new()
            } else {
                o.amount.to_string()
            },
            owner: o.owner.clone(),
            standing: Some(o.standing),
            probability: o.probability.map(|p| p.to_string()).unwrap_or_default(),
            close: o.close.map(|d| d.to_string()).unwrap_or_default(),
            competitors: o.competitors.clone(),
            lost_reason: o.lost_reason.clone(),
            next_step: o.next_step.clone(),
        }
    }

    /// The record this draft makes of `base` at `now` (a stage change recorded), or
    /// every problem.
    pub fn validate(&self, base: Opportunity, now: Millis) -> Result<Opportunity, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let amount = validate::money(&self.amount, Field::OppAmount, &mut err);
        if self.amount.trim().is_empty() {
            err(Field::OppAmount, Problem::Required);
        }
        let close = validate::opt_date(&self.close, Field::OppClose, &mut err);
        let probability = match self.probability.trim() {
            "" => None,
            p => match validate::percent(p) {
                Some(v) if v <= 100.0 => Some(v.round() as u8),
                _ => {
                    err(Field::OppProbability, Problem::InvalidPercent);
                    None
                }
            },
        };
        let mut o = Opportunity {
            title: self.title.clone(),
            amount: amount.unwrap_or_default(),
            owner: self.owner.clone(),
            probability,
            close,
            competitors: self.competitors.clone(),
            lost_reason: self.lost_reason.clone(),
            next_step: self.next_step.clone(),
            updated: now,
            ..base
        };
        if let Some(s) = self.standing {
            o.move_to(s, now);
        }
        validate::merged(check_opportunity(o), errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opp() -> Opportunity {
        let mut o = Opportunity::new(Id("o".into()), Id("c".into()), Millis(1_000));
        o.title = "年度采购".into();
        o.amount = Cents(500_000);
        o
    }

    #[test]
    fn a_stage_change_is_recorded_with_its_moment() {
        let mut o = opp();
        assert_eq!(o.probability(), 0.10);
        o.move_to(Standing::Open(Stage::Negotiation), Millis(5_000));
        o.move_to(Standing::Open(Stage::Negotiation), Millis(6_000)); // no change
        assert_eq!(o.history.len(), 2);
        assert_eq!(o.entered(), Millis(5_000));
        assert_eq!(o.probability(), 0.60);
        o.probability = Some(75);
        assert_eq!(o.probability(), 0.75);
        o.move_to(Standing::Lost, Millis(9_000));
        assert_eq!((o.probability(), o.furthest()), (0.0, Stage::Negotiation));
        let f = o.as_funnel(Day(10));
        assert_eq!((f.outcome, f.close), (Outcome::Lost, Day(10)));
        o.move_to(Standing::Won, Millis(10_000));
        assert_eq!(o.furthest(), Stage::ContractSigned);
    }

    /// One index range from a day on finds the open opportunities and those closed
    /// since, and none closed before.
    #[test]
    fn the_settled_index_holds_the_board_in_one_range() {
        let since = Opportunity::settled_since(Day::from_ymd(2026, 9, 4).unwrap());
        let at = |y, m, d| Day::from_ymd(y, m, d).unwrap().start_millis();
        let mut open = opp();
        open.move_to(Standing::Open(Stage::Negotiation), at(2020, 1, 1));
        let mut recent = opp();
        recent.move_to(Standing::Won, at(2026, 9, 4));
        let mut old = opp();
        old.move_to(Standing::Lost, at(2026, 9, 3));
        let mut ancient = opp();
        ancient.move_to(Standing::Lost, at(1999, 12, 31));
        let on_board = |o: &Opportunity| o.settled() >= since;
        assert!(on_board(&open) && on_board(&recent));
        assert!(!on_board(&old) && !on_board(&ancient));
        assert_eq!(recent.settled(), "2026-09-04");
    }

    #[test]
    fn the_board_steps_between_columns_and_stops_at_its_ends() {
        let first = Standing::ALL[0];
        assert_eq!(first.step(-1), None);
        assert_eq!(first.step(1), Some(Standing::Open(Stage::IntentReached)));
        assert_eq!(Standing::Lost.step(1), None);
        assert_eq!(
            Standing::Won.step(-1),
            Some(Standing::Open(Stage::ContractSigned))
        );
        for s in Standing::ALL {
            assert_eq!(Standing::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn the_form_names_each_bad_field_and_records_the_stage() {
        let mut d = OpportunityDraft::from_opportunity(&Opportunity::new(
            Id("o".into()),
            Id("c".into()),
            Millis(0),
        ));
        d.probability = "150".into();
        d.close = "2026-02-30".into();
        let errs = d.validate(opp(), Millis(7)).unwrap_err();
        let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::OppTitle,
                Field::OppAmount,
                Field::OppProbability,
                Field::OppClose
            ]
        );
        d.title = " 门店 POS 升级 ".into();
        d.amount = "12,000".into();
        d.probability = String::new();
        d.close = "2027-01-15".into();
        d.standing = Some(Standing::Open(Stage::IntentReached));
        let o = d.validate(opp(), Millis(7)).unwrap();
        assert_eq!(
            (o.title.as_str(), o.amount),
            ("门店 POS 升级", Cents(1_200_000))
        );
        assert_eq!(
            o.history.last(),
            Some(&StageChange {
                to: o.standing,
                at: Millis(7)
            })
        );
        assert_eq!(o.close, Day::from_ymd(2027, 1, 15));
    }
}
