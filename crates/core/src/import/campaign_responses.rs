//! Planning a campaign responses file (an email service's opens and replies, a till's
//! list of who came in with the voucher): one response per row, recorded on the
//! member of a launched campaign. The campaign is named by its name or id, the
//! customer as anywhere (kehu id, customer number, email, phone, name), the response by
//! its code or label in either language (sent, opened, replied, visited, bought); the
//! day is optional (blank: today). Rows change stored members, so each batch carries
//! the members as they were before it (the take-back puts them back); a response the
//! member has already is skipped.

use super::formats::{DayOrder, parse_day};
use super::mapping::Target;
use super::plan::{Basis, Cells, Choices, ImportError, ImportProblem, When, choice};
use super::table::TableError;
use crate::fxhash::FxHashMap;
use crate::marketing::{Campaign, CampaignMember, ResponseKind, check_member};
use crate::text::fold;
use crate::validate::Problem;
use crate::{Customer, Day, Id};

/// What a run of rows would write: the members changed (as they end up) and as they
/// were before.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CampaignResponsePlan {
    pub members: Vec<CampaignMember>,
    pub previous: Vec<CampaignMember>,
    /// Responses recorded.
    pub responses: u64,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

pub struct CampaignResponsePlanner<'a> {
    b: Basis<'a>,
    /// Launched campaigns by id and by folded name (the first of a name keeps it).
    campaigns: FxHashMap<String, Id>,
    /// Members as they stand, the rows planned so far applied: by (campaign, customer).
    members: FxHashMap<(Id, Id), CampaignMember>,
}

impl<'a> CampaignResponsePlanner<'a> {
    pub fn new(
        mapping: &[Option<Target>],
        customers: &'a [Customer],
        choices: &'a Choices,
        day_order: DayOrder,
        when: When,
    ) -> Self {
        CampaignResponsePlanner {
            b: Basis::new(mapping, customers, choices, day_order, when),
            campaigns: FxHashMap::default(),
            members: FxHashMap::default(),
        }
    }

    /// The stored campaigns and their members.
    pub fn stored(&mut self, campaigns: &[Campaign], members: &[CampaignMember]) {
        for c in campaigns {
            if c.launched.is_none() {
                continue;
            }
            self.campaigns.insert(c.id.0.clone(), c.id.clone());
            self.campaigns
                .entry(fold(c.name.trim()))
                .or_insert_with(|| c.id.clone());
        }
        for m in members {
            let k = (m.campaign.clone(), m.customer.clone());
            self.members.insert(k, m.clone());
        }
    }

    fn campaign(&self, here: &Cells) -> Result<Id, ImportError> {
        let t = Target::ResponseCampaign;
        let v = here.get(t).trim();
        if v.is_empty() {
            return Err(here.error(t, ImportProblem::Field(Problem::Required)));
        }
        (self
            .campaigns
            .get(v)
            .or_else(|| self.campaigns.get(&fold(v))))
        .cloned()
        .ok_or_else(|| here.error(t, ImportProblem::UnknownCampaign))
    }

    fn day(&self, here: &Cells) -> Result<Day, ImportError> {
        let t = Target::ResponseDay;
        match here.get(t).trim() {
            "" => Ok(self.b.when.today),
            v => {
                parse_day(v, self.b.day_order).ok_or_else(|| here.error(t, ImportProblem::NotADate))
            }
        }
    }

    /// Adds one row's outcome to `plan`.
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut CampaignResponsePlan,
        _new_id: &mut dyn FnMut() -> Id,
    ) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        let cols = &self.b.cols;
        let here = Cells { line, cells, cols };
        let mut bad = Vec::new();
        let campaign = self.campaign(&here).map_err(|e| bad.push(e)).ok();
        let customer = (self.b.customer(&here, Target::ResponseCustomer))
            .map_err(|e| bad.push(e))
            .ok();
        let kind = match choice(
            self.b.choices,
            &here,
            Target::ResponseKind,
            ResponseKind::from_code,
        ) {
            Ok(Some(k)) => Some(k),
            Ok(None) => {
                let e = ImportProblem::Field(Problem::Required);
                bad.push(here.error(Target::ResponseKind, e));
                None
            }
            Err(e) => {
                bad.push(e);
                None
            }
        };
        let day = self.day(&here).map_err(|e| bad.push(e)).ok();
        let (Some(campaign), Some(customer), Some(kind), Some(day)) =
            (campaign, customer, kind, day)
        else {
            return plan.errors.extend(bad);
        };
        let key = (campaign, customer.id.clone());
        let Some(m) = self.members.get(&key) else {
            let e = here.error(Target::ResponseCustomer, ImportProblem::NotOnList);
            return plan.errors.push(e);
        };
        if m.control {
            let e = here.error(Target::ResponseCustomer, ImportProblem::HeldBack);
            return plan.errors.push(e);
        }
        if m.has(kind) {
            let e = here.error(Target::ResponseKind, ImportProblem::AlreadyStored);
            return plan.skipped.push(e);
        }
        // A response after today, or before the contact, cannot be.
        let p = match day {
            d if d > self.b.when.today => ImportProblem::Field(Problem::DateInFuture),
            d if d < m.day => ImportProblem::BeforeContact,
            _ => match m.marked(kind, true, day, self.b.when.now) {
                Some(next) if check_member(next.clone(), self.b.when.today).is_ok() => {
                    return self.record(key, m.clone(), next, plan);
                }
                _ => ImportProblem::NotADate,
            },
        };
        plan.errors.push(here.error(Target::ResponseDay, p));
    }

    /// Records `next`, the member `was` with a row's response, in `plan`.
    fn record(
        &mut self,
        key: (Id, Id),
        was: CampaignMember,
        next: CampaignMember,
        plan: &mut CampaignResponsePlan,
    ) {
        match plan.members.iter().position(|x| x.id == next.id) {
            Some(i) => plan.members[i] = next.clone(),
            None => {
                plan.previous.push(was);
                plan.members.push(next.clone());
            }
        }
        plan.responses += 1;
        self.members.insert(key, next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::TargetList;
    use crate::import::plan::ImportProblem as P;
    use crate::validate::blank_customer;
    use crate::{ConsentChannel, Millis};

    fn setup() -> (Vec<Customer>, Campaign, Vec<CampaignMember>) {
        let people: Vec<Customer> = ["Ann", "Bob", "Cat"]
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut c = blank_customer(Id(format!("c{i}")), i as u32 + 1, Millis(0));
                c.name = n.to_string();
                c.email = format!("{}@example.com", n.to_lowercase());
                c
            })
            .collect();
        let c = Campaign {
            name: "Spring email".into(),
            channel: ConsentChannel::Email,
            ..Campaign::new(Id("k1".into()), Day(20_000), Millis(1))
        };
        let list = TargetList {
            contacted: vec![people[0].id.clone(), people[1].id.clone()],
            control: vec![people[2].id.clone()],
            left_out: Vec::new(),
        };
        let (c, members) = c.launch(&list, Day(20_000), Millis(2));
        (people, c, members)
    }

    fn plan(rows: &[[&str; 4]]) -> CampaignResponsePlan {
        let (people, c, members) = setup();
        let mut choices = Choices::default();
        choices.add(Target::ResponseKind, "已打开", "opened");
        let mapping = [
            Some(Target::ResponseCampaign),
            Some(Target::ResponseCustomer),
            Some(Target::ResponseKind),
            Some(Target::ResponseDay),
        ];
        let when = When {
            today: Day(20_010),
            now: Millis(99),
            zone: Default::default(),
        };
        let mut p =
            CampaignResponsePlanner::new(&mapping, &people, &choices, DayOrder::DayFirst, when);
        p.stored(&[c], &members);
        let mut out = CampaignResponsePlan::default();
        for (n, r) in rows.iter().enumerate() {
            let cells: Vec<String> = r.iter().map(|s| s.to_string()).collect();
            p.row(Ok((n as u64 + 2, &cells)), &mut out, &mut || Id("x".into()));
        }
        out
    }

    #[test]
    fn rows_mark_members_once_each_with_the_member_as_it_was() {
        let p = plan(&[
            ["spring EMAIL", "ann@example.com", "已打开", "2024-10-05"],
            ["k1", "Ann", "bought", ""],
            ["Spring email", "Ann", "opened", ""],
        ]);
        assert_eq!(p.members.len(), 1, "one member, changed twice");
        assert_eq!(p.previous.len(), 1);
        assert!(p.previous[0].responses.is_empty());
        let kinds: Vec<ResponseKind> = p.members[0].responses.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [ResponseKind::Opened, ResponseKind::Bought]);
        assert_eq!(p.members[0].responses[1].day, Day(20_010), "blank: today");
        assert_eq!(p.responses, 2);
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].problem, P::AlreadyStored);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
    }

    #[test]
    fn each_bad_row_is_named() {
        let p = plan(&[
            ["Autumn", "Ann", "opened", ""],
            ["Spring email", "Dan", "opened", ""],
            ["Spring email", "Cat", "opened", ""],
            ["Spring email", "Bob", "waved", ""],
            ["Spring email", "Bob", "opened", "2030-01-01"],
            ["Spring email", "Bob", "opened", "1990-01-01"],
            ["Spring email", "Bob", "", "not a day"],
        ]);
        let problems: Vec<(u64, Option<usize>, P)> = (p.errors.iter())
            .map(|e| (e.line, e.column, e.problem.clone()))
            .collect();
        assert_eq!(
            problems,
            [
                (2, Some(0), P::UnknownCampaign),
                (3, Some(1), P::UnknownCustomer),
                (4, Some(1), P::HeldBack),
                (5, Some(2), P::NotAChoice),
                (6, Some(3), P::Field(Problem::DateInFuture)),
                (7, Some(3), P::BeforeContact),
                (8, Some(2), P::Field(Problem::Required)),
                (8, Some(3), P::NotADate),
            ]
        );
        assert!(p.members.is_empty());
    }
}
