//! Expense reports (费用报告): what selling cost, per owner: a day, a category, an
//! amount, the customer or opportunity it was for, and where the claim stands
//! (drafted, submitted, approved or rejected, paid). A record of the shop, or of a
//! customer when it was spent on one (`Doc::customer` is optional, as a task's).

use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, Day, Id, Millis};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpenseCategory {
    Travel,
    Transport,
    Meals,
    Lodging,
    Gifts,
    Samples,
    Marketing,
    Other,
}

impl ExpenseCategory {
    pub const ALL: [ExpenseCategory; 8] = [
        Self::Travel,
        Self::Transport,
        Self::Meals,
        Self::Lodging,
        Self::Gifts,
        Self::Samples,
        Self::Marketing,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Travel => "travel",
            Self::Transport => "transport",
            Self::Meals => "meals",
            Self::Lodging => "lodging",
            Self::Gifts => "gifts",
            Self::Samples => "samples",
            Self::Marketing => "marketing",
            Self::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<ExpenseCategory> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpenseStatus {
    Draft,
    Submitted,
    Approved,
    Rejected,
    Paid,
}

impl ExpenseStatus {
    pub const ALL: [ExpenseStatus; 5] = [
        Self::Draft,
        Self::Submitted,
        Self::Approved,
        Self::Rejected,
        Self::Paid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Paid => "paid",
        }
    }

    pub fn from_code(s: &str) -> Option<ExpenseStatus> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expense {
    pub id: Id,
    /// Who spent it (a staff id).
    pub owner: String,
    pub day: Day,
    pub category: ExpenseCategory,
    pub amount: Cents,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity: Option<Id>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub status: ExpenseStatus,
    pub created: Millis,
    pub updated: Millis,
}

impl Expense {
    pub fn new(id: Id, day: Day, now: Millis) -> Expense {
        Expense {
            id,
            owner: String::new(),
            day,
            category: ExpenseCategory::Transport,
            amount: Cents(0),
            customer: None,
            opportunity: None,
            note: String::new(),
            status: ExpenseStatus::Draft,
            created: now,
            updated: now,
        }
    }
}

impl crate::kinds::Doc for Expense {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("expenses");

    fn id(&self) -> &Id {
        &self.id
    }

    /// An expense for nobody in particular (a trade fair) has no customer.
    fn customer(&self) -> Option<&Id> {
        self.customer.as_ref()
    }

    fn set_customer(&mut self, to: Id) {
        self.customer = Some(to);
    }

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, today: Day) -> Result<Self, Vec<FieldError>> {
        check_expense(self, today)
    }
}

/// The rules an expense obeys, whoever wrote it: an owner; a day from year 1000 to
/// `today`; an amount above zero within the money limit; a note within its limit.
pub fn check_expense(x: Expense, today: Day) -> Result<Expense, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    if x.owner.trim().is_empty() {
        err(Field::ExpenseOwner, Problem::Required);
    }
    validate::day_in_range(x.day, today, Field::ExpenseDay, &mut err);
    if x.amount.0 == 0 {
        err(Field::ExpenseAmount, Problem::Required);
    }
    validate::amount_in_range(x.amount, Field::ExpenseAmount, &mut err);
    let note = validate::block(&x.note, validate::MAX_NOTES, Field::ExpenseNote, &mut err);
    validate::merged(Ok(Expense { note, ..x }), errs)
}

/// An expense as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpenseDraft {
    pub owner: String,
    pub day: String,
    pub category: ExpenseCategory,
    pub amount: String,
    pub note: String,
    pub status: ExpenseStatus,
}

impl ExpenseDraft {
    pub fn from_expense(x: &Expense) -> ExpenseDraft {
        ExpenseDraft {
            owner: x.owner.clone(),
            day: x.day.to_string(),
            category: x.category,
            amount: match x.amount.0 {
                0 => String::new(),
                _ => x.amount.to_string(),
            },
            note: x.note.clone(),
            status: x.status,
        }
    }

    /// The record this draft makes of `base`, or every problem.
    pub fn validate(
        &self,
        base: Expense,
        today: Day,
        now: Millis,
    ) -> Result<Expense, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let day = validate::opt_date(&self.day, Field::ExpenseDay, &mut err);
        if self.day.trim().is_empty() {
            err(Field::ExpenseDay, Problem::Required);
        }
        let amount = match validate::money(&self.amount, Field::ExpenseAmount, &mut err) {
            Some(a) => a,
            // Blank: the record's rule names it; unreadable: named just above, once.
            None if self.amount.trim().is_empty() => Cents(0),
            None => Cents(1),
        };
        let x = Expense {
            owner: self.owner.clone(),
            day: day.unwrap_or(base.day),
            category: self.category,
            amount,
            note: self.note.clone(),
            status: self.status,
            updated: now,
            ..base
        };
        validate::merged(check_expense(x, today), errs)
    }
}

/// One owner's expenses over a period: by category, by where they stand, and in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnerExpenses {
    pub owner: String,
    pub by_category: BTreeMap<ExpenseCategory, Cents>,
    /// Submitted, awaiting a decision.
    pub pending: Cents,
    /// Approved or paid.
    pub approved: Cents,
    /// Every claim but the rejected ones.
    pub total: Cents,
    pub count: usize,
}

/// The expense report of `expenses` dated `from..=to`: a line per owner, largest total
/// first; rejected claims are left out of the sums.
pub fn report(expenses: &[Expense], from: Day, to: Day) -> Vec<OwnerExpenses> {
    let mut by_owner: BTreeMap<&str, OwnerExpenses> = BTreeMap::new();
    for x in expenses.iter().filter(|x| (from..=to).contains(&x.day)) {
        let line = by_owner
            .entry(x.owner.as_str())
            .or_insert_with(|| OwnerExpenses {
                owner: x.owner.clone(),
                ..OwnerExpenses::default()
            });
        line.count += 1;
        if x.status == ExpenseStatus::Rejected {
            continue;
        }
        line.by_category.entry(x.category).or_default().0 += x.amount.0;
        line.total.0 += x.amount.0;
        match x.status {
            ExpenseStatus::Submitted => line.pending.0 += x.amount.0,
            ExpenseStatus::Approved | ExpenseStatus::Paid => line.approved.0 += x.amount.0,
            _ => {}
        }
    }
    let mut out: Vec<OwnerExpenses> = by_owner.into_values().collect();
    out.sort_by(|a, b| b.total.cmp(&a.total).then(a.owner.cmp(&b.owner)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(
        owner: &str,
        day: i32,
        cat: ExpenseCategory,
        cents: i64,
        status: ExpenseStatus,
    ) -> Expense {
        Expense {
            owner: owner.into(),
            category: cat,
            amount: Cents(cents),
            status,
            ..Expense::new(Id(format!("{owner}{day}{cents}")), Day(day), Millis(0))
        }
    }

    #[test]
    fn the_report_sums_each_owners_claims_by_category_and_standing_leaving_out_rejected_ones() {
        use ExpenseCategory::*;
        use ExpenseStatus::*;
        let all = [
            x("li", 10, Travel, 50_000, Approved),
            x("li", 11, Meals, 12_000, Submitted),
            x("li", 12, Meals, 8_000, Rejected),
            x("wang", 10, Gifts, 90_000, Paid),
            x("wang", 40, Gifts, 1, Paid), // another month
        ];
        let r = report(&all, Day(1), Day(31));
        assert_eq!(
            r.iter().map(|l| l.owner.as_str()).collect::<Vec<_>>(),
            ["wang", "li"]
        );
        let li = &r[1];
        assert_eq!(
            (li.total, li.pending, li.approved, li.count),
            (Cents(62_000), Cents(12_000), Cents(50_000), 3)
        );
        assert_eq!(li.by_category[&Meals], Cents(12_000));
    }

    #[test]
    fn an_expense_needs_an_owner_a_past_day_and_an_amount() {
        let base = Expense::new(Id("e".into()), Day(100), Millis(0));
        let d = ExpenseDraft {
            day: "2100-01-01".into(),
            amount: "abc".into(),
            ..ExpenseDraft::from_expense(&base)
        };
        let fields: Vec<(Field, Problem)> = d
            .validate(base.clone(), Day(20_000), Millis(1))
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                (Field::ExpenseOwner, Problem::Required),
                (Field::ExpenseDay, Problem::DateInFuture),
                (
                    Field::ExpenseAmount,
                    Problem::Money(crate::money::MoneyError::NotANumber)
                ),
            ]
        );
        let d = ExpenseDraft {
            owner: "li".into(),
            day: "2024-05-01".into(),
            amount: "".into(),
            ..ExpenseDraft::from_expense(&base)
        };
        let errs = d
            .validate(base.clone(), Day(20_000), Millis(1))
            .unwrap_err();
        assert_eq!(
            errs,
            [FieldError {
                field: Field::ExpenseAmount,
                problem: Problem::Required
            }]
        );
        let d = ExpenseDraft {
            amount: "¥128.50".into(),
            ..d
        };
        let e = d.validate(base, Day(20_000), Millis(1)).unwrap();
        assert_eq!(
            (e.amount, e.day.to_string().as_str()),
            (Cents(12_850), "2024-05-01")
        );
    }
}
