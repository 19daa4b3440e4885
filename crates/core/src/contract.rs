//! Service contracts and product warranties (服务协议和合同, DOMAIN.md §3): what a
//! customer is covered for, from when to when, and what it is worth. A ticket about a
//! product shows the cover that applies to it on its day ([`cover`]); a contract near
//! its end is a renewal to chase ([`Contract::standing`]).

use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, Day, Id, Millis, Task};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    /// A service agreement (维保合同): support or maintenance the customer pays for.
    Service,
    /// A product warranty (保修): repairs or replacement of one product.
    Warranty,
}

impl ContractKind {
    pub const ALL: [ContractKind; 2] = [ContractKind::Service, ContractKind::Warranty];

    pub fn code(self) -> &'static str {
        match self {
            ContractKind::Service => "service",
            ContractKind::Warranty => "warranty",
        }
    }

    pub fn from_code(s: &str) -> Option<ContractKind> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// Days before its end from which a contract is due for renewal.
pub const RENEWAL_DAYS: i32 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub id: Id,
    pub customer: Id,
    pub kind: ContractKind,
    pub title: String,
    /// The product covered; `None`: everything the customer bought from the shop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Id>,
    /// The first and the last day covered.
    pub start: Day,
    pub end: Day,
    /// What it covers (parts, labour, visits, response times), as agreed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub coverage: String,
    /// What the customer pays for it (nothing for a warranty that came with the goods).
    #[serde(default)]
    pub value: Cents,
    /// Who looks after it and chases its renewal (a staff id; empty for nobody).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    pub created: Millis,
    pub updated: Millis,
}

/// Where a contract stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    /// Starts later.
    Upcoming,
    /// In force, with more than [`RENEWAL_DAYS`] left.
    Active,
    /// In force, ending within [`RENEWAL_DAYS`]: time to renew.
    Ending,
    Expired,
}

impl Contract {
    /// A year's service contract from `today`, for a new form.
    pub fn new(id: Id, customer: Id, today: Day, now: Millis) -> Contract {
        Contract {
            id,
            customer,
            kind: ContractKind::Service,
            title: String::new(),
            product: None,
            start: today,
            end: Day(today.add_months(12).0 - 1),
            coverage: String::new(),
            value: Cents(0),
            owner: String::new(),
            created: now,
            updated: now,
        }
    }

    pub fn standing(&self, today: Day) -> Standing {
        match today {
            d if d < self.start => Standing::Upcoming,
            d if d > self.end => Standing::Expired,
            d if self.end.0 - d.0 < RENEWAL_DAYS => Standing::Ending,
            _ => Standing::Active,
        }
    }

    /// Whether it covers `product` (or, for `None`, the customer at all) on `day`.
    pub fn covers(&self, product: Option<&Id>, day: Day) -> bool {
        let what = self.product.is_none() || self.product.as_ref() == product;
        self.start <= day && day <= self.end && what
    }
}

impl Contract {
    /// The id of its renewal task: made from its own, so saving the contract again
    /// moves the one task rather than adding another.
    pub fn renewal_id(&self) -> Id {
        Id::derived(self.created.0.max(0) as u64, &[self.id.as_str(), "renewal"])
    }

    /// Its renewal task (called `title`, due [`RENEWAL_DAYS`] before it ends, for its
    /// owner) as it should now be, given the one kept (`kept`): `None` when nothing is
    /// to be written. A task already due on that day stays as it is, done or not; a
    /// contract whose end moved (renewed) moves its task and opens it again. A contract
    /// entered after it ended gets none.
    pub fn renewal(
        &self,
        kept: Option<&Task>,
        title: &str,
        today: Day,
        now: Millis,
    ) -> Option<Task> {
        let due = Day((self.end.0 - RENEWAL_DAYS).max(self.start.0));
        match kept {
            Some(t) if t.due == due => None,
            Some(t) => Some(Task {
                due,
                done: None,
                reminded: false,
                updated: now,
                ..t.clone()
            }),
            None if self.end < today => None,
            None => Some(Task {
                title: title.to_string(),
                owner: self.owner.clone(),
                customer: Some(self.customer.clone()),
                important: true,
                ..Task::new(self.renewal_id(), due, now)
            }),
        }
    }
}

/// The contracts of `contracts` that cover `product` on `day`: warranties of that
/// product first, then service contracts, latest ending first.
pub fn cover<'a>(contracts: &'a [Contract], product: Option<&Id>, day: Day) -> Vec<&'a Contract> {
    let mut v: Vec<&Contract> = (contracts.iter())
        .filter(|c| c.covers(product, day))
        .collect();
    v.sort_by_key(|c| {
        (
            c.product.is_none(),
            std::cmp::Reverse(c.end),
            c.id.0.clone(),
        )
    });
    v
}

impl crate::kinds::Doc for Contract {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("contracts");

    crate::kinds::doc_accessors!(customer);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_contract(self)
    }
}

/// The rules a contract obeys, whoever wrote it: a title; texts within their limits; a
/// value not below zero; an end not before its start. (A contract may be entered
/// ahead of its start, or long after it ended.)
pub fn check_contract(c: Contract) -> Result<Contract, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let title = validate::line(&c.title, validate::MAX_TEXT, Field::ContractTitle, &mut err);
    if title.is_empty() {
        err(Field::ContractTitle, Problem::Required);
    }
    let coverage = validate::block(
        &c.coverage,
        validate::MAX_NOTES,
        Field::ContractCoverage,
        &mut err,
    );
    if c.value.0 < 0 {
        err(Field::ContractValue, Problem::Negative);
    }
    if c.end < c.start {
        err(Field::ContractEnd, Problem::EndsBeforeStart);
    }
    validate::merged(
        Ok(Contract {
            title,
            coverage,
            ..c
        }),
        errs,
    )
}

/// A contract as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractDraft {
    pub kind: ContractKind,
    pub title: String,
    /// A product id, or empty for none.
    pub product: String,
    pub start: String,
    pub end: String,
    pub coverage: String,
    pub value: String,
    pub owner: String,
}

impl ContractDraft {
    pub fn from_contract(c: &Contract) -> ContractDraft {
        ContractDraft {
            kind: c.kind,
            title: c.title.clone(),
            product: c.product.as_ref().map(|p| p.0.clone()).unwrap_or_default(),
            start: c.start.to_string(),
            end: c.end.to_string(),
            coverage: c.coverage.clone(),
            value: match c.value.0 {
                0 => String::new(),
                _ => c.value.to_string(),
            },
            owner: c.owner.clone(),
        }
    }

    /// The contract this draft makes of `base` at `now`, or every problem.
    pub fn validate(&self, base: Contract, now: Millis) -> Result<Contract, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let mut day = |s: &str, field| {
            let d = validate::opt_date(s, field, &mut err);
            if s.trim().is_empty() {
                err(field, Problem::Required);
            }
            d
        };
        let (start, end) = (
            day(&self.start, Field::ContractStart),
            day(&self.end, Field::ContractEnd),
        );
        let value = validate::money(&self.value, Field::ContractValue, &mut err);
        let product = self.product.trim();
        let c = Contract {
            kind: self.kind,
            title: self.title.clone(),
            product: (!product.is_empty()).then(|| Id(product.into())),
            start: start.unwrap_or(base.start),
            // An unreadable end is named above; the rule on its order would only
            // repeat it.
            end: end.unwrap_or(Day(i32::MAX)),
            coverage: self.coverage.clone(),
            value: value.unwrap_or(Cents(0)),
            owner: self.owner.trim().to_string(),
            updated: now,
            ..base
        };
        validate::merged(check_contract(c), errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn contract(id: &str, product: Option<&str>, start: Day, end: Day) -> Contract {
        Contract {
            title: id.into(),
            product: product.map(|p| Id(p.into())),
            start,
            end,
            ..Contract::new(Id(id.into()), Id("c".into()), start, Millis(0))
        }
    }

    #[test]
    fn a_contract_stands_upcoming_active_ending_then_expired() {
        let c = contract("a", None, day(2026, 1, 1), day(2026, 12, 31));
        assert_eq!(c.standing(day(2025, 12, 31)), Standing::Upcoming);
        assert_eq!(c.standing(day(2026, 1, 1)), Standing::Active);
        assert_eq!(c.standing(day(2026, 12, 1)), Standing::Active);
        assert_eq!(c.standing(day(2026, 12, 2)), Standing::Ending);
        assert_eq!(c.standing(day(2026, 12, 31)), Standing::Ending);
        assert_eq!(c.standing(day(2027, 1, 1)), Standing::Expired);
        let fresh = Contract::new(Id("n".into()), Id("c".into()), day(2026, 3, 1), Millis(0));
        assert_eq!(
            (fresh.start, fresh.end),
            (day(2026, 3, 1), day(2027, 2, 28))
        );
    }

    #[test]
    fn the_cover_of_a_product_is_its_warranty_then_the_service_contracts_in_force() {
        let (jan, dec) = (day(2026, 1, 1), day(2026, 12, 31));
        let all = [
            contract("service", None, jan, dec),
            contract("kettle", Some("kettle"), jan, day(2027, 6, 30)),
            contract(
                "old kettle",
                Some("kettle"),
                day(2024, 1, 1),
                day(2025, 12, 31),
            ),
            contract("toaster", Some("toaster"), jan, dec),
        ];
        let titles = |v: Vec<&Contract>| v.iter().map(|c| c.title.clone()).collect::<Vec<_>>();
        let kettle = Id("kettle".into());
        assert_eq!(
            titles(cover(&all, Some(&kettle), day(2026, 5, 1))),
            ["kettle", "service"]
        );
        assert_eq!(titles(cover(&all, None, day(2026, 5, 1))), ["service"]);
        assert_eq!(
            titles(cover(&all, Some(&kettle), day(2027, 2, 1))),
            ["kettle"]
        );
        assert!(cover(&all, Some(&kettle), day(2023, 2, 1)).is_empty());
    }

    #[test]
    fn a_renewal_task_keeps_the_id_it_was_first_given() {
        // Stored renewal tasks carry this id: were it to change, the next save of each
        // contract would add a second task.
        let c = Contract::new(
            Id("0190a1b2-0000-7000-8000-000000000001".into()),
            Id("c".into()),
            Day(20000),
            Millis(1_750_000_000_000),
        );
        assert_eq!(c.renewal_id().0, "01977420-dc00-72b6-918e-acc5765e34c0");
    }

    #[test]
    fn saving_a_contract_keeps_one_renewal_task_in_step_with_its_end() {
        let today = day(2026, 6, 1);
        let mut c = contract("a", None, day(2026, 1, 1), day(2026, 12, 31));
        c.owner = "ann".into();
        let t = c.renewal(None, "Renew a", today, Millis(5)).unwrap();
        assert_eq!(
            (t.due, t.owner.as_str(), t.customer.clone()),
            (day(2026, 12, 1), "ann", Some(Id("c".into())))
        );
        assert!(Id::is_uuid(t.id.as_str()) && t.id == c.renewal_id());
        assert_ne!(t.id, contract("b", None, c.start, c.end).renewal_id());
        // Saved again unchanged, or after the task was done: nothing to write.
        assert_eq!(c.renewal(Some(&t), "Renew a", today, Millis(6)), None);
        let done = Task {
            done: Some(Millis(7)),
            ..t.clone()
        };
        assert_eq!(c.renewal(Some(&done), "Renew a", today, Millis(8)), None);
        // Renewed for a year: the same task, due a year later, open again.
        c.end = day(2027, 12, 31);
        let moved = c.renewal(Some(&done), "Renew a", today, Millis(9)).unwrap();
        assert_eq!(
            (moved.id, moved.due, moved.done),
            (t.id, day(2027, 12, 1), None)
        );
        // A month's contract is due from its first day; one long over gets none.
        let short = contract("s", None, day(2026, 6, 1), day(2026, 6, 20));
        assert_eq!(
            short.renewal(None, "x", today, Millis(1)).unwrap().due,
            day(2026, 6, 1)
        );
        let old = contract("o", None, day(2024, 1, 1), day(2024, 12, 31));
        assert_eq!(old.renewal(None, "x", today, Millis(1)), None);
    }

    #[test]
    fn a_draft_names_every_problem_and_keeps_a_good_contract() {
        let base = Contract::new(Id("x".into()), Id("c".into()), day(2026, 1, 1), Millis(0));
        let bad = ContractDraft {
            title: " ".into(),
            start: "2026-05-01".into(),
            end: "2026-04-30".into(),
            value: "-5".into(),
            ..ContractDraft::from_contract(&base)
        };
        let mut fields: Vec<(Field, Problem)> = (bad.validate(base.clone(), Millis(1)))
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        fields.sort_by_key(|f| format!("{f:?}"));
        assert!(fields.contains(&(Field::ContractTitle, Problem::Required)));
        assert!(fields.contains(&(Field::ContractEnd, Problem::EndsBeforeStart)));
        assert!(fields.iter().any(|f| f.0 == Field::ContractValue));
        let missing = ContractDraft {
            title: "x".into(),
            end: "soon".into(),
            start: String::new(),
            ..ContractDraft::from_contract(&base)
        };
        let errs = missing.validate(base.clone(), Millis(1)).unwrap_err();
        let problems: Vec<_> = errs.iter().map(|e| (e.field, e.problem.clone())).collect();
        assert_eq!(
            problems,
            [
                (Field::ContractStart, Problem::Required),
                (Field::ContractEnd, Problem::InvalidDate)
            ]
        );
        let good = ContractDraft {
            kind: ContractKind::Warranty,
            title: " 两年保修 ".into(),
            product: "kettle".into(),
            start: "2026-05-01".into(),
            end: "2028-04-30".into(),
            value: "199.50".into(),
            ..ContractDraft::from_contract(&base)
        };
        let c = good.validate(base, Millis(9)).unwrap();
        assert_eq!(c.title, "两年保修");
        assert_eq!(
            (c.product.clone(), c.value, c.updated),
            (Some(Id("kettle".into())), Cents(19_950), Millis(9))
        );
        assert_eq!(ContractDraft::from_contract(&c).value, "199.50");
    }
}
