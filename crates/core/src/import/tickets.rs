//! Planning a tickets file (from another help desk, or a spreadsheet kept by hand): one
//! ticket per row, for an existing customer (found by kehu id, customer number, email,
//! phone or name), checked as the ticket form checks it. Type, channel, priority,
//! status and root cause are codes or labels in either language (blank: an inquiry by
//! phone, normal, new); opened and resolved are a date with an optional time, in the
//! user's zone (blank opened: the import's time; a resolved time without a status makes
//! the ticket resolved). The assignee is a member of staff by name or id, the product
//! a catalogue product by SKU or name. A second ticket with the same subject for the
//! same customer opened the same minute, stored or on an earlier row, is skipped.

use super::formats::{DayOrder, parse_moment};
use super::leads::Owners;
use super::mapping::Target;
use super::plan::{
    Basis, Catalogue, Cells, Choices, ImportError, ImportProblem, When, choice, or_bad, repeat,
};
use super::table::TableError;
use crate::fxhash::FxHashMap;
use crate::sla::{Priority, TicketType};
use crate::text::fold;
use crate::ticket::{Channel, RootCause, Ticket, TicketDraft, TicketStatus};
use crate::validate::Field;
use crate::{Customer, Id, Millis, Product, Staff};

/// What a run of rows would write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketPlan {
    pub tickets: Vec<Ticket>,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

pub struct TicketPlanner<'a> {
    b: Basis<'a>,
    owners: Owners,
    /// The catalogue's ids, found through `catalogue`.
    products: Vec<Id>,
    catalogue: Catalogue,
    /// Hashes of (customer, folded subject, opened) seen: on a line, or stored (0).
    seen: FxHashMap<u64, u64>,
}

fn key(customer: &Id, subject: &str, opened: Millis) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<crate::fxhash::FxHasher>::default().hash_one((
        &customer.0,
        fold(subject.trim()),
        opened.0 / 60_000,
    ))
}

/// The column a ticket form's field comes from.
fn target_of(f: Field) -> Option<Target> {
    Some(match f {
        Field::TicketSubject => Target::TicketSubject,
        Field::TicketDescription => Target::TicketDescription,
        Field::TicketResolution => Target::TicketResolution,
        Field::TicketOpened => Target::TicketOpened,
        _ => return None,
    })
}

impl<'a> TicketPlanner<'a> {
    pub fn new(
        mapping: &[Option<Target>],
        customers: &'a [Customer],
        choices: &'a Choices,
        day_order: DayOrder,
        when: When,
    ) -> Self {
        TicketPlanner {
            b: Basis::new(mapping, customers, choices, day_order, when),
            owners: Owners::default(),
            products: Vec::new(),
            catalogue: Catalogue::default(),
            seen: FxHashMap::default(),
        }
    }

    /// The stored tickets (a row repeating one is skipped), the staff and the catalogue.
    pub fn stored(&mut self, tickets: &[Ticket], staff: &[Staff], products: &[Product]) {
        for t in tickets {
            self.seen.insert(key(&t.customer, &t.subject, t.opened), 0);
        }
        self.owners = Owners::new(staff);
        for (i, p) in products.iter().enumerate() {
            self.catalogue.add(p, i);
        }
        self.products = products.iter().map(|p| p.id.clone()).collect();
    }

    /// The customer a row is for, or why not.
    fn customer(&self, here: &Cells) -> Result<&'a Customer, ImportError> {
        self.b.customer(here, Target::TicketCustomer)
    }

    /// A choice column's value by its code (blank: `none`).
    fn choice<T>(
        &self,
        here: &Cells,
        t: Target,
        none: Option<T>,
        from_code: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, ImportError> {
        choice(self.b.choices, here, t, from_code).map(|v| v.or(none))
    }

    /// A moment in the user's zone; blank: none.
    fn moment(&self, here: &Cells, t: Target) -> Result<Option<Millis>, ImportError> {
        match here.get(t).trim() {
            "" => Ok(None),
            v => {
                let (day, minutes) = parse_moment(v, self.b.day_order)
                    .ok_or_else(|| here.error(t, ImportProblem::NotADate))?;
                let local = day.start_millis().0 + minutes as i64 * 60_000;
                Ok(Some(self.b.when.zone.instant(local)))
            }
        }
    }

    fn assignee(&self, here: &Cells) -> Result<String, ImportError> {
        let t = Target::TicketAssignee;
        match here.get(t).trim() {
            "" => Ok(String::new()),
            v => self
                .owners
                .find(v)
                .ok_or_else(|| here.error(t, ImportProblem::UnknownStaff)),
        }
    }

    fn product(&self, here: &Cells) -> Result<String, ImportError> {
        let t = Target::TicketProduct;
        match here.get(t).trim() {
            "" => Ok(String::new()),
            v => (self.catalogue.find(v).map(|i| self.products[i].0.clone()))
                .ok_or_else(|| here.error(t, ImportProblem::UnknownProduct)),
        }
    }

    /// Adds one row's outcome to `plan`.
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut TicketPlan,
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
        let b = &mut bad;
        let kind = or_bad(
            self.choice(
                &here,
                Target::TicketType,
                Some(TicketType::Inquiry),
                TicketType::from_code,
            ),
            b,
        );
        let channel = or_bad(
            self.choice(
                &here,
                Target::TicketChannel,
                Some(Channel::Phone),
                Channel::from_code,
            ),
            b,
        );
        let priority = or_bad(
            self.choice(
                &here,
                Target::TicketPriority,
                Some(Priority::Normal),
                Priority::from_code,
            ),
            b,
        );
        let status = or_bad(
            self.choice(&here, Target::TicketStatus, None, TicketStatus::from_code),
            b,
        );
        let root_cause = or_bad(
            self.choice(&here, Target::TicketRootCause, None, RootCause::from_code),
            b,
        );
        let opened = or_bad(self.moment(&here, Target::TicketOpened), b);
        let resolved = or_bad(self.moment(&here, Target::TicketResolved), b);
        let assignee = or_bad(self.assignee(&here), &mut bad);
        let product = or_bad(self.product(&here), &mut bad);
        let (Some(customer), Some(kind), Some(channel), Some(priority)) =
            (customer, kind, channel, priority)
        else {
            return plan.errors.extend(bad);
        };
        let status = status.unwrap_or(match resolved {
            Some(_) => TicketStatus::Resolved,
            None => TicketStatus::New,
        });
        let cell = |t| here.get(t).to_string();
        let draft = TicketDraft {
            kind,
            channel,
            priority,
            subject: cell(Target::TicketSubject),
            description: cell(Target::TicketDescription),
            assignee,
            status,
            resolution: cell(Target::TicketResolution),
            root_cause,
            product,
        };
        let now = self.b.when.now;
        let opened = opened.unwrap_or(now);
        let base = Ticket {
            opened,
            ..Ticket::new(Id(String::new()), customer.id.clone(), now)
        };
        // A status the file gives took effect when it was resolved, else when opened.
        let at = resolved.unwrap_or(opened).max(opened);
        let t = match draft.validate(base, self.b.when.today, at) {
            Ok(t) if bad.is_empty() => Ticket { updated: now, ..t },
            Ok(_) => return plan.errors.extend(bad),
            Err(errs) => {
                bad.extend(here.field_errors(errs, target_of));
                return plan.errors.extend(bad);
            }
        };
        match repeat(&mut self.seen, key(&t.customer, &t.subject, t.opened), line) {
            Some(p) => plan.skipped.push(here.error(Target::TicketSubject, p)),
            None => plan.tickets.push(Ticket { id: new_id(), ..t }),
        }
    }
}

#[cfg(test)]
#[path = "tickets_tests.rs"]
mod tests;
