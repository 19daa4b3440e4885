//! Planning an opportunities file: one opportunity per row, for an existing customer
//! (found by kehu id, customer number, email, phone or name), checked as the
//! opportunity form checks it. The stage is a code or a label (blank: the first), with
//! its change recorded at the import; the owner a member of staff by name or id (blank:
//! the customer's owner). A second opportunity of the same title for the same customer,
//! stored or on an earlier row, is skipped.

use super::formats::{DayOrder, parse_day};
use super::leads::Owners;
use super::mapping::Target;
use super::plan::{Basis, Cells, Choices, ImportError, ImportProblem, When, or_bad, repeated};
use super::table::TableError;
use crate::fxhash::FxHashMap;
use crate::opportunity::{OpportunityDraft, Stage, Standing};
use crate::text::fold;
use crate::validate::Field;
use crate::{Customer, Id, Opportunity, Staff};

/// What a run of rows would write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpportunityPlan {
    pub opportunities: Vec<Opportunity>,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

pub struct OpportunityPlanner<'a> {
    b: Basis<'a>,
    owners: Owners,
    /// (customer id, folded title) seen: on a line, or stored (line 0).
    seen: FxHashMap<(String, String), u64>,
}

/// The column an opportunity form's field comes from.
fn target_of(f: Field) -> Option<Target> {
    Some(match f {
        Field::OppTitle => Target::OppTitle,
        Field::OppAmount => Target::OppAmount,
        Field::OppStage => Target::OppStage,
        Field::OppProbability => Target::OppProbability,
        Field::OppClose => Target::OppClose,
        Field::OppCompetitors => Target::OppCompetitors,
        Field::OppNextStep => Target::OppNextStep,
        Field::OppLostReason => Target::OppLostReason,
        _ => return None,
    })
}

impl<'a> OpportunityPlanner<'a> {
    pub fn new(
        mapping: &[Option<Target>],
        customers: &'a [Customer],
        choices: &'a Choices,
        day_order: DayOrder,
        when: When,
    ) -> Self {
        OpportunityPlanner {
            b: Basis::new(mapping, customers, choices, day_order, when),
            owners: Owners::default(),
            seen: FxHashMap::default(),
        }
    }

    /// The stored opportunities (their customer and title are taken) and the staff.
    pub fn stored(&mut self, opportunities: &[Opportunity], staff: &[Staff]) {
        for o in opportunities {
            self.seen
                .insert((o.customer.0.clone(), fold(o.title.trim())), 0);
        }
        self.owners = Owners::new(staff);
    }

    /// The customer a row is for, or why not.
    fn customer(&self, here: &Cells) -> Result<&'a Customer, ImportError> {
        self.b.customer(here, Target::OppCustomer)
    }

    fn stage(&self, here: &Cells) -> Result<Standing, ImportError> {
        let t = Target::OppStage;
        match here.get(t).trim() {
            "" => Ok(Standing::Open(Stage::InitialContact)),
            v => Standing::from_code(&self.b.choices.code(t, v))
                .ok_or_else(|| here.error(t, ImportProblem::NotAChoice)),
        }
    }

    /// The expected close as the form reads it (ISO), from any date a spreadsheet
    /// writes.
    fn close(&self, here: &Cells) -> Result<String, ImportError> {
        let t = Target::OppClose;
        match here.get(t).trim() {
            "" => Ok(String::new()),
            v => parse_day(v, self.b.day_order)
                .map(|d| d.to_string())
                .ok_or_else(|| here.error(t, ImportProblem::NotADate)),
        }
    }

    /// The owner a row names; blank, the customer's (if it was found).
    fn owner(&self, here: &Cells, customer: Option<&Customer>) -> Result<String, ImportError> {
        let t = Target::OppOwner;
        match here.get(t).trim() {
            "" => Ok(customer.map(|c| c.owner.clone()).unwrap_or_default()),
            v => (self.owners.find(v)).ok_or_else(|| here.error(t, ImportProblem::UnknownStaff)),
        }
    }

    /// Adds one row's outcome to `plan`.
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut OpportunityPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        let cols = &self.b.cols;
        let here = Cells { line, cells, cols };
        let mut bad = Vec::new();
        let customer = self.customer(&here).map_err(|e| bad.push(e)).ok();
        let owner = or_bad(self.owner(&here, customer), &mut bad);
        // A stage not understood is reported; the others are checked as if the first.
        let stage = self.stage(&here).map_err(|e| bad.push(e)).ok();
        let stage = stage.or(Some(Standing::Open(Stage::InitialContact)));
        let close = or_bad(self.close(&here), &mut bad);
        let cell = |t| here.get(t).to_string();
        let draft = OpportunityDraft {
            title: cell(Target::OppTitle),
            amount: cell(Target::OppAmount),
            owner,
            standing: stage,
            probability: cell(Target::OppProbability),
            close,
            competitors: cell(Target::OppCompetitors),
            lost_reason: cell(Target::OppLostReason),
            next_step: cell(Target::OppNextStep),
        };
        let now = self.b.when.now;
        let who = customer.map_or(Id(String::new()), |c| c.id.clone());
        let o = match draft.validate(Opportunity::new(Id(String::new()), who, now), now) {
            Ok(o) if bad.is_empty() => o,
            Ok(_) => return plan.errors.extend(bad),
            Err(errs) => {
                bad.extend(here.field_errors(errs, target_of));
                return plan.errors.extend(bad);
            }
        };
        let Some(customer) = customer else { return };
        let key = (customer.id.0.clone(), fold(o.title.trim()));
        match self.seen.get(&key) {
            Some(&first) => plan
                .skipped
                .push(here.error(Target::OppTitle, repeated(first))),
            None => {
                self.seen.insert(key, line);
                plan.opportunities.push(Opportunity { id: new_id(), ..o });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::{ImportKind, suggest};
    use crate::import::testing::{WHEN, ids, table};
    use crate::validate::{Problem, blank_customer};
    use crate::{Cents, Millis};

    fn plan(csv: &str, stored: &[Opportunity]) -> OpportunityPlan {
        let mut a = blank_customer(Id("c1".into()), 1, Millis(0));
        (a.name, a.code, a.owner) = ("新时代服饰".into(), "C001".into(), "s1".into());
        let mut b = blank_customer(Id("c2".into()), 2, Millis(0));
        (b.name, b.code) = ("长城物流".into(), "C002".into());
        let customers = [a, b];
        let mut t = table(csv);
        let mapping = suggest(ImportKind::Opportunities, t.header(), &[], &[]);
        let mut choices = Choices::default();
        choices.add(Target::OppStage, "商务谈判", "negotiation");
        let mut p =
            OpportunityPlanner::new(&mapping, &customers, &choices, DayOrder::default(), WHEN);
        let staff = [Staff::new(Id("s2".into()), "陈晨", Millis(0))];
        p.stored(stored, &staff);
        let mut out = OpportunityPlan::default();
        let mut id = ids();
        while let Some(row) = t.next_row() {
            p.row(row, &mut out, &mut id);
        }
        out
    }

    #[test]
    fn opportunities_find_their_customers_stage_and_owner() {
        let csv = "客户编号,机会名称,金额,阶段,负责人,预计成交日期,赢单概率\n\
                   C001,门店收银系统,\"12,800\",商务谈判,,2027/3/15,\n\
                   长城物流,仓库标签,3000,,陈晨,,35\n";
        let p = plan(csv, &[]);
        assert_eq!(p.errors, []);
        let [a, b] = &p.opportunities[..] else {
            panic!("{p:?}")
        };
        assert_eq!(
            (a.customer.0.as_str(), a.amount, a.owner.as_str()),
            ("c1", Cents(1_280_000), "s1")
        );
        assert_eq!(a.standing, Standing::Open(Stage::Negotiation));
        assert_eq!(
            a.history.last().map(|h| (h.to, h.at)),
            Some((a.standing, WHEN.now))
        );
        assert_eq!(a.close, crate::Day::parse("2027-03-15"));
        assert_eq!(
            (b.customer.0.as_str(), b.owner.as_str(), b.probability),
            ("c2", "s2", Some(35))
        );
        assert_eq!(b.standing, Standing::Open(Stage::InitialContact));
    }

    #[test]
    fn unknown_customers_stages_owners_and_repeats_are_reported() {
        let mut stored = Opportunity::new(Id("o".into()), Id("c1".into()), Millis(0));
        stored.title = "门店收银系统".into();
        let csv = "Customer,Title,Amount,Stage,Owner,Close\n\
                   C001,门店收银系统,1,,,\n\
                   C009,X,1,,,\n\
                   C002,Y,1,maybe,,\n\
                   C002,Z,1,,Nobody,\n\
                   C002,W,1,,,someday\n\
                   C002,V,,,,\n\
                   C002,U,5,,,\n\
                   c002,u,6,,,\n";
        let p = plan(csv, &[stored]);
        assert_eq!(p.opportunities.len(), 1);
        let skipped: Vec<(u64, ImportProblem)> = p
            .skipped
            .iter()
            .map(|e| (e.line, e.problem.clone()))
            .collect();
        assert_eq!(
            skipped,
            [
                (2, ImportProblem::AlreadyStored),
                (9, ImportProblem::Duplicate { first: 8 })
            ]
        );
        let errors: Vec<(u64, Option<usize>, ImportProblem)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.column, e.problem.clone()))
            .collect();
        assert_eq!(
            errors,
            [
                (3, Some(0), ImportProblem::UnknownCustomer),
                (4, Some(3), ImportProblem::NotAChoice),
                (5, Some(4), ImportProblem::UnknownStaff),
                (6, Some(5), ImportProblem::NotADate),
                (7, Some(2), ImportProblem::Field(Problem::Required)),
            ]
        );
    }

    #[test]
    fn a_row_has_all_its_problems_named_at_once() {
        let csv = "Customer,Title,Amount,Stage,Close
C009,X,lots,maybe,someday
";
        let p = plan(csv, &[]);
        let problems: Vec<(Option<usize>, ImportProblem)> = (p.errors.iter())
            .map(|e| (e.column, e.problem.clone()))
            .collect();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(problems[0], (Some(0), ImportProblem::UnknownCustomer));
        assert_eq!(problems[1], (Some(3), ImportProblem::NotAChoice));
        assert_eq!(problems[2], (Some(4), ImportProblem::NotADate));
        assert_eq!(problems[3].0, Some(2));
    }
}
