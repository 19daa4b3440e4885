//! Staff: the people who sell and serve (DOMAIN.md §2, 销售自动化), chosen wherever an
//! owner is set. A member of staff is a record of the whole shop, not of a customer.
//!
//! A customer's `owner` holds a staff id. Older data (and spreadsheets) name account
//! managers in free text: [`adopt_owners`] turns each such name into a staff record (or
//! finds the one that already has it), so the shop's people become records once.

use crate::text::fold;
use crate::validate::{FieldError, check_staff};
use crate::{Id, Millis};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    Sales,
    Service,
    Manager,
    Other,
}

impl StaffRole {
    pub const ALL: &'static [StaffRole] = &[Self::Sales, Self::Service, Self::Manager, Self::Other];

    pub fn code(self) -> &'static str {
        match self {
            Self::Sales => "sales",
            Self::Service => "service",
            Self::Manager => "manager",
            Self::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<StaffRole> {
        Self::ALL.iter().copied().find(|r| r.code() == s)
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: Id,
    pub name: String,
    pub role: StaffRole,
    /// The region they cover (new leads and customers there follow them).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// The server user they sign in as on a device that syncs: there, they are "me".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub user: String,
    /// Commission in basis points of what they win (500 = 5 %).
    #[serde(default)]
    pub commission_bp: u32,
    /// What they are to win a month (销售定额), if they have a target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<crate::Cents>,
    /// Whether they can be chosen as an owner; someone who left stays on their records.
    #[serde(default = "yes")]
    pub active: bool,
    pub created: Millis,
    pub updated: Millis,
}

impl Staff {
    pub fn new(id: Id, name: &str, now: Millis) -> Staff {
        Staff {
            id,
            name: name.to_string(),
            role: StaffRole::Sales,
            region: String::new(),
            phone: String::new(),
            email: String::new(),
            user: String::new(),
            commission_bp: 0,
            quota: None,
            active: true,
            created: now,
            updated: now,
        }
    }
}

impl crate::kinds::Doc for Staff {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("staff");

    crate::kinds::doc_accessors!(shop);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(
        self,
        _refs: &crate::kinds::Refs,
        _today: crate::Day,
    ) -> Result<Self, Vec<FieldError>> {
        check_staff(self)
    }
}

/// A member of staff as typed in the form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaffDraft {
    pub name: String,
    pub role: Option<StaffRole>,
    pub region: String,
    pub phone: String,
    pub email: String,
    /// A percentage as typed: `5`, `2.5`, `5%`.
    pub commission: String,
    /// The monthly quota as typed (blank: none).
    pub quota: String,
    /// The server user they sign in as (blank: none).
    pub user: String,
    pub active: bool,
}

impl StaffDraft {
    pub fn new() -> StaffDraft {
        StaffDraft {
            active: true,
            ..StaffDraft::default()
        }
    }

    pub fn from_staff(s: &Staff) -> StaffDraft {
        StaffDraft {
            name: s.name.clone(),
            role: Some(s.role),
            region: s.region.clone(),
            phone: s.phone.clone(),
            email: s.email.clone(),
            commission: percent_text(s.commission_bp),
            quota: s.quota.map(|c| c.to_string()).unwrap_or_default(),
            user: s.user.clone(),
            active: s.active,
        }
    }

    /// The record this draft makes of `base` (its id and dates), or every problem; a
    /// sign-in name someone else in `others` has is taken.
    pub fn validate(
        &self,
        base: Staff,
        others: &Roster,
        now: Millis,
    ) -> Result<Staff, Vec<FieldError>> {
        let taken = others
            .signing_in_as(self.user.trim())
            .is_some_and(|s| s.id != base.id);
        let mut extra = Vec::new();
        if taken {
            extra.push(FieldError {
                field: crate::validate::Field::SignInName,
                problem: crate::validate::Problem::Taken,
            });
        }
        let commission = crate::validate::basis_points(&self.commission);
        let quota = crate::validate::money(
            &self.quota,
            crate::validate::Field::Quota,
            &mut |field, problem| extra.push(FieldError { field, problem }),
        );
        let staff = Staff {
            name: self.name.clone(),
            role: self.role.unwrap_or(StaffRole::Sales),
            region: self.region.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            user: self.user.clone(),
            commission_bp: *commission.as_ref().unwrap_or(&0),
            quota,
            active: self.active,
            updated: now,
            ..base
        };
        let checked = check_staff(staff);
        match (checked, commission) {
            (Ok(s), Ok(_)) if extra.is_empty() => Ok(s),
            (r, c) => {
                let mut errs = r.err().unwrap_or_default();
                errs.extend(c.err());
                errs.extend(extra);
                errs.sort_by_key(|e| e.field);
                Err(errs)
            }
        }
    }
}

/// Basis points as a percentage an owner would type: `5`, `2.5`, `` for none.
pub fn percent_text(bp: u32) -> String {
    match bp {
        0 => String::new(),
        _ if bp.is_multiple_of(100) => format!("{}", bp / 100),
        _ => format!("{}", bp as f64 / 100.0),
    }
}

/// The shop's staff by id, to show an owner by name. An owner that is no staff id (a
/// name from before staff records, not yet adopted) shows as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roster {
    by_id: HashMap<String, Staff>,
}

impl Roster {
    pub fn new(staff: Vec<Staff>) -> Roster {
        Roster {
            by_id: staff.into_iter().map(|s| (s.id.0.clone(), s)).collect(),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Staff> {
        self.by_id.get(id)
    }

    /// The name to show for owner `owner` (a staff id, or older free text).
    pub fn name<'a>(&'a self, owner: &'a str) -> &'a str {
        self.get(owner).map_or(owner, |s| s.name.as_str())
    }

    /// Everyone, active first, then by name (the caller's collation aside).
    pub fn sorted(&self) -> Vec<&Staff> {
        let mut all: Vec<&Staff> = self.by_id.values().collect();
        all.sort_by(|a, b| (!a.active, &a.name, &a.id).cmp(&(!b.active, &b.name, &b.id)));
        all
    }

    /// Who signs in as server user `user` (none for a blank name).
    pub fn signing_in_as(&self, user: &str) -> Option<&Staff> {
        let user = user.trim();
        (!user.is_empty())
            .then(|| self.by_id.values().find(|s| s.user == user))
            .flatten()
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Whether `owner` is free text rather than a staff id (so [`adopt_owners`] has
    /// work to do). An id of nobody here (a record that arrived before its owner's) is
    /// not a name and stays as it is.
    pub fn is_unadopted(&self, owner: &str) -> bool {
        !owner.is_empty() && !self.by_id.contains_key(owner) && !Id::is_uuid(owner)
    }
}

/// What [`adopt_owners`] decided: the staff records to create, and the staff id for
/// each free-text owner.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adoption {
    pub new_staff: Vec<Staff>,
    pub owners: BTreeMap<String, Id>,
}

/// Finds or creates a member of staff for each free-text owner among `owners`: a name
/// matches a staff member's name ignoring case and full-width forms; names that match
/// nobody become new staff (one per distinct folded name, named as first written, ids
/// from `new_id`).
pub fn adopt_owners<'a>(
    owners: impl IntoIterator<Item = &'a str>,
    roster: &Roster,
    now: Millis,
    mut new_id: impl FnMut() -> Id,
) -> Adoption {
    let mut by_name: HashMap<String, Id> = roster
        .sorted()
        .into_iter()
        .rev() // the first (active, by name) wins a tie
        .map(|s| (fold(s.name.trim()), s.id.clone()))
        .collect();
    let mut out = Adoption::default();
    for owner in owners {
        if !roster.is_unadopted(owner) || out.owners.contains_key(owner) {
            continue;
        }
        let name = crate::text::clean_line(owner);
        let key = fold(name.trim());
        if key.is_empty() {
            continue;
        }
        let id = by_name.entry(key).or_insert_with(|| {
            let s = Staff::new(new_id(), name.trim(), now);
            out.new_staff.push(s.clone());
            s.id
        });
        out.owners.insert(owner.to_string(), id.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Field, Problem};

    fn ids() -> impl FnMut() -> Id {
        let mut n = 0;
        move || {
            n += 1;
            Id(format!("s{n}"))
        }
    }

    #[test]
    fn free_text_owners_become_staff_once_and_known_names_are_found() {
        let li = Staff::new(Id("li".into()), "李静", Millis(0));
        let roster = Roster::new(vec![li]);
        let stray = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"; // an id, not a name
        let owners = [
            "张经理",
            "李静",
            "",
            "li",
            "张经理",
            "ＡＬＩＣＥ",
            stray,
            "alice ",
        ];
        let a = adopt_owners(owners, &roster, Millis(5), ids());
        // "li" is already a staff id; the empty owner is nobody.
        let names: Vec<&str> = a.new_staff.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["张经理", "ＡＬＩＣＥ"]);
        assert_eq!(a.owners["李静"], Id("li".into()));
        assert_eq!(a.owners["张经理"], Id("s1".into()));
        assert_eq!(a.owners["alice "], Id("s2".into()));
        assert!(!a.owners.contains_key("li") && !a.owners.contains_key(stray));
        assert!(
            a.new_staff
                .iter()
                .all(|s| s.active && s.created == Millis(5))
        );
        // Run again with the new staff: nothing left to do.
        let mut all = vec![Staff::new(Id("li".into()), "李静", Millis(0))];
        all.extend(a.new_staff);
        let roster = Roster::new(all);
        let again: Vec<&str> = a.owners.values().map(|i| i.as_str()).collect();
        assert!(
            adopt_owners(again, &roster, Millis(6), ids())
                .new_staff
                .is_empty()
        );
        assert_eq!(roster.name("s1"), "张经理");
        assert_eq!(roster.name("someone"), "someone");
    }

    #[test]
    fn the_form_names_each_bad_field() {
        let base = Staff::new(Id("x".into()), "", Millis(0));
        let mut d = StaffDraft::new();
        d.commission = "120".into();
        d.email = "not-an-email".into();
        d.quota = "-5".into();
        d.user = "li ming".into();
        let none = Roster::default();
        let errs = d.validate(base.clone(), &none, Millis(1)).unwrap_err();
        let got: Vec<(Field, Problem)> = errs.into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (Field::Name, Problem::Required),
                (Field::Email, Problem::InvalidEmail),
                (Field::Commission, Problem::InvalidPercent),
                (Field::Quota, Problem::Negative),
                (Field::SignInName, Problem::InvalidSignInName),
            ]
        );
        for bad in ["_admin", "li:ming", "li\tming"] {
            d.user = bad.into();
            let errs = d.validate(base.clone(), &none, Millis(1)).unwrap_err();
            assert!(
                errs.iter().any(|e| e.problem == Problem::InvalidSignInName),
                "{bad}"
            );
        }
        d.user = " liming ".into();
        d.name = " 王\u{202e}磊 ".into();
        d.email = "wang@example.com".into();
        d.commission = "2.5%".into();
        d.quota = "50,000".into();
        let s = d.validate(base.clone(), &none, Millis(1)).unwrap();
        assert_eq!((s.name.as_str(), s.commission_bp), ("王磊", 250));
        assert_eq!(s.user, "liming");
        // Nobody else may sign in as the same user; the same record keeps its own.
        let roster = Roster::new(vec![s.clone()]);
        assert_eq!(roster.signing_in_as("liming").map(|x| &x.id), Some(&s.id));
        assert!(roster.signing_in_as(" ").is_none());
        assert!(d.validate(base, &roster, Millis(2)).is_ok());
        let other = Staff::new(Id("y".into()), "", Millis(0));
        let errs = d.validate(other, &roster, Millis(2)).unwrap_err();
        assert_eq!(
            errs.into_iter()
                .map(|e| (e.field, e.problem))
                .collect::<Vec<_>>(),
            [(Field::SignInName, Problem::Taken)]
        );
        assert_eq!(s.quota, Some(crate::Cents(5_000_000)));
        let again = StaffDraft::from_staff(&s);
        assert_eq!(
            (again.commission.as_str(), again.quota.as_str()),
            ("2.5", "50000.00")
        );
    }
}
