//! Planning a leads file: one lead per row, checked as the lead form checks it. The
//! owner is a member of staff by name or id; a row without one goes to whoever covers
//! its region with the fewest open leads (the territories' rule, counting the leads the
//! file has given them so far). A lead with the phone or email of a stored lead, or of
//! an earlier row, is skipped and reported.

use super::mapping::Target;
use super::plan::{Cells, Choices, ImportError, ImportProblem, When, columns, or_bad, repeated};
use super::table::TableError;
use crate::fxhash::FxHashMap;
use crate::lead::{LeadDraft, LeadStatus, open_by_owner, owner_by_region};
use crate::text::{digits, fold};
use crate::validate::Field;
use crate::{Id, Lead, SourceChannel, Staff};
use std::collections::HashMap;

/// What a run of rows would write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadPlan {
    pub leads: Vec<Lead>,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

pub struct LeadPlanner<'c> {
    cols: FxHashMap<Target, usize>,
    choices: &'c Choices,
    when: When,
    staff: Vec<Staff>,
    owners: Owners,
    /// Open leads per owner, for the region rule.
    open: HashMap<String, usize>,
    /// Phone digits and folded emails seen: on a line, or stored (line 0).
    seen: FxHashMap<String, u64>,
}

/// The staff by id and by name, for an owner column.
#[derive(Default)]
pub(super) struct Owners(FxHashMap<String, Id>);

impl Owners {
    pub(super) fn new(staff: &[Staff]) -> Owners {
        let mut all: Vec<&Staff> = staff.iter().collect();
        // The first of a name keeps it: active staff before former staff.
        all.sort_by_key(|s| !s.active);
        let mut map = FxHashMap::default();
        for s in all {
            map.insert(s.id.0.clone(), s.id.clone());
            map.entry(fold(s.name.trim()))
                .or_insert_with(|| s.id.clone());
        }
        Owners(map)
    }

    /// The staff id `text` names (an id, or a name ignoring case and width).
    pub(super) fn find(&self, text: &str) -> Option<String> {
        let text = text.trim();
        (self.0.get(text).or_else(|| self.0.get(&fold(text)))).map(|id| id.0.clone())
    }
}

/// The column a lead form's field comes from.
fn target_of(f: Field) -> Option<Target> {
    Some(match f {
        Field::LeadName => Target::LeadName,
        Field::LeadCompany => Target::LeadCompany,
        Field::LeadPhone => Target::LeadPhone,
        Field::LeadEmail => Target::LeadEmail,
        Field::LeadRegion => Target::LeadRegion,
        Field::LeadCity => Target::LeadCity,
        Field::LeadInterest => Target::LeadInterest,
        Field::LeadAmount => Target::LeadAmount,
        Field::LeadScore => Target::LeadScore,
        Field::LeadNote => Target::LeadNote,
        _ => return None,
    })
}

/// The keys a lead is known by: its phone's digits and its folded email.
fn keys(l: &Lead) -> Vec<String> {
    let phone = digits(&l.phone);
    let email = fold(l.email.trim());
    [("t:", phone), ("e:", email)]
        .into_iter()
        .filter(|(_, k)| !k.is_empty())
        .map(|(p, k)| format!("{p}{k}"))
        .collect()
}

impl<'c> LeadPlanner<'c> {
    pub fn new(mapping: &[Option<Target>], choices: &'c Choices, when: When) -> Self {
        LeadPlanner {
            cols: columns(mapping),
            choices,
            when,
            staff: Vec::new(),
            owners: Owners::default(),
            open: HashMap::new(),
            seen: FxHashMap::default(),
        }
    }

    /// The stored leads (their phones and emails are taken; their owners' open leads
    /// count) and the staff.
    pub fn stored(&mut self, leads: &[Lead], staff: &[Staff]) {
        for l in leads {
            for k in keys(l) {
                self.seen.insert(k, 0);
            }
        }
        self.open = open_by_owner(leads);
        self.owners = Owners::new(staff);
        self.staff = staff.to_vec();
        self.staff.sort_by_key(|s| !s.active);
    }

    /// A choice cell: blank is `None`; a code or label of `target`, else an error.
    fn choice<T>(
        &self,
        here: &Cells,
        t: Target,
        from: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, ImportError> {
        super::plan::choice(self.choices, here, t, from)
    }

    /// The owner a row names (a staff id or name), or the region rule's for a blank one.
    fn owner(&self, here: &Cells) -> Result<String, ImportError> {
        let text = here.get(Target::LeadOwner).trim();
        if text.is_empty() {
            let region = here.get(Target::LeadRegion);
            let id = owner_by_region(region, &self.staff, &self.open);
            return Ok(id.map(|i| i.0).unwrap_or_default());
        }
        (self.owners.find(text))
            .ok_or_else(|| here.error(Target::LeadOwner, ImportProblem::UnknownStaff))
    }

    /// Adds one row's outcome to `plan`.
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut LeadPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        let cols = &self.cols;
        let here = Cells { line, cells, cols };
        let cell = |t| here.get(t).to_string();
        let mut bad = Vec::new();
        let source = self.choice(&here, Target::LeadSource, SourceChannel::from_code);
        let source = or_bad(source, &mut bad);
        let status = self.choice(&here, Target::LeadStatus, |c| {
            LeadStatus::from_code(c).filter(|s| LeadStatus::SETTABLE.contains(s))
        });
        let status = or_bad(status, &mut bad);
        let owner = or_bad(self.owner(&here), &mut bad);
        let draft = LeadDraft {
            name: cell(Target::LeadName),
            company: cell(Target::LeadCompany),
            phone: cell(Target::LeadPhone),
            email: cell(Target::LeadEmail),
            region: cell(Target::LeadRegion),
            city: cell(Target::LeadCity),
            source,
            status: status.unwrap_or(LeadStatus::New),
            owner,
            score: cell(Target::LeadScore),
            interest: cell(Target::LeadInterest),
            amount: cell(Target::LeadAmount),
            note: cell(Target::LeadNote),
        };
        let now = self.when.now;
        match draft.validate(Lead::new(Id(String::new()), now), now) {
            Err(errs) => bad.extend(here.field_errors(errs, target_of)),
            Ok(l) if bad.is_empty() => add(&mut self.seen, &mut self.open, &here, l, plan, new_id),
            Ok(_) => {}
        }
        plan.errors.extend(bad);
    }
}

/// Keeps a checked lead unless its phone or email came before (`seen`), counting it
/// as its owner's open lead.
fn add(
    seen: &mut FxHashMap<String, u64>,
    open: &mut HashMap<String, usize>,
    here: &Cells,
    l: Lead,
    plan: &mut LeadPlan,
    new_id: &mut dyn FnMut() -> Id,
) {
    let keys = keys(&l);
    if let Some(&first) = keys.iter().find_map(|k| seen.get(k)) {
        let column = if seen.contains_key(&keys[0]) && !l.phone.is_empty() {
            Target::LeadPhone
        } else {
            Target::LeadEmail
        };
        return plan.skipped.push(here.error(column, repeated(first)));
    }
    for k in keys {
        seen.insert(k, here.line);
    }
    if l.status.is_open() && !l.owner.is_empty() {
        *open.entry(l.owner.clone()).or_insert(0) += 1;
    }
    plan.leads.push(Lead { id: new_id(), ..l });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::{ImportKind, suggest};
    use crate::import::testing::{WHEN, ids, table};
    use crate::staff::StaffRole;

    fn seller(id: &str, name: &str, region: &str) -> Staff {
        let mut s = Staff::new(Id(id.into()), name, crate::Millis(0));
        (s.region, s.role) = (region.into(), StaffRole::Sales);
        s
    }

    fn plan(csv: &str, stored: &[Lead]) -> LeadPlan {
        let mut t = table(csv);
        let mapping = suggest(ImportKind::Leads, t.header(), &[], &[]);
        let mut choices = Choices::default();
        choices.add(Target::LeadSource, "展会", "exhibition");
        choices.add(Target::LeadStatus, "已联系", "contacted");
        let mut p = LeadPlanner::new(&mapping, &choices, WHEN);
        let staff = [
            seller("s1", "王磊", "华东"),
            seller("s2", "陈晨", "华东"),
            seller("s3", "李静", "华南"),
        ];
        p.stored(stored, &staff);
        let mut out = LeadPlan::default();
        let mut id = ids();
        while let Some(row) = t.next_row() {
            p.row(row, &mut out, &mut id);
        }
        out
    }

    #[test]
    fn leads_take_their_owner_by_name_or_by_region_in_turn() {
        let mut old = Lead::new(Id("old".into()), crate::Millis(0));
        (old.name, old.owner, old.phone) = ("Old".into(), "s1".into(), "13900000000".into());
        let csv = "姓名,公司,手机,地区,来源,状态,负责人,意向\n\
                   张伟,新时代服饰,13800000001,华东,展会,已联系,,收银系统\n\
                   李娜,,13800000002,华东,,,,\n\
                   赵六,,13800000003,华南,,,陈晨,\n\
                   钱七,,13800000004,西北,,,,\n";
        let p = plan(csv, &[old]);
        assert_eq!(p.errors, []);
        let got: Vec<(&str, &str, LeadStatus)> = p
            .leads
            .iter()
            .map(|l| (l.name.as_str(), l.owner.as_str(), l.status))
            .collect();
        // s1 has a stored open lead: the first goes to s2, the next to s1 (one each).
        assert_eq!(
            got,
            [
                ("张伟", "s2", LeadStatus::Contacted),
                ("李娜", "s1", LeadStatus::New),
                ("赵六", "s2", LeadStatus::New),
                ("钱七", "", LeadStatus::New),
            ]
        );
        assert_eq!(p.leads[0].source, Some(SourceChannel::Exhibition));
        assert_eq!(p.leads[0].interest, "收银系统");
    }

    #[test]
    fn repeated_contacts_are_skipped_and_bad_cells_named() {
        let mut old = Lead::new(Id("old".into()), crate::Millis(0));
        (old.name, old.email) = ("Old".into(), "Old@Example.com".into());
        let csv = "Name,Phone,Email,Owner,Source,Status,Score\n\
                   A,,old@example.com,,,,\n\
                   B,13800000001,,,,,\n\
                   C,138-0000-0001,,,,,\n\
                   D,,,Nobody,,,\n\
                   E,,,,Fax,,\n\
                   F,,,,,converted,\n\
                   G,,,,,,120\n";
        let p = plan(csv, &[old]);
        assert_eq!(p.leads.len(), 1);
        let skipped: Vec<(u64, ImportProblem)> = p
            .skipped
            .iter()
            .map(|e| (e.line, e.problem.clone()))
            .collect();
        assert_eq!(
            skipped,
            [
                (2, ImportProblem::AlreadyStored),
                (4, ImportProblem::Duplicate { first: 3 })
            ]
        );
        let errors: Vec<(u64, Option<usize>)> =
            p.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(
            errors,
            [(5, Some(3)), (6, Some(4)), (7, Some(5)), (8, Some(6))]
        );
        assert_eq!(p.errors[0].problem, ImportProblem::UnknownStaff);
    }

    #[test]
    fn a_row_has_all_its_problems_named_at_once() {
        let csv = "Name,Phone,Owner,Status,Score
H,abc,Nobody,maybe,120
";
        let p = plan(csv, &[]);
        let errors: Vec<Option<usize>> = p.errors.iter().map(|e| e.column).collect();
        // Status and owner first (read before the form), then the form's own checks.
        assert_eq!(errors, [Some(3), Some(2), Some(1), Some(4)]);
        assert!(p.leads.is_empty());
    }
}
