//! An import as a job that runs in batches: what the import worker checks and writes, what
//! the import history lists, and what a resumed import starts from.
//!
//! An import reads its file twice. The check plans every row and keeps only the tally
//! (counts and errors), so a file of any size is checked in the planner's memory. The
//! write reads the file again and cuts the plan into batches; the store writes each batch
//! in one transaction together with the job's progress (the data rows written, and the
//! line the last one is on), so after a cancel, a failure or a closed tab every row up to
//! there is in and nothing after it. Resuming plans the rows already written again,
//! without writing them, so the planner remembers them (a later duplicate is still a
//! duplicate). Progress counts rows, not lines: line numbers are for people, and a file
//! whose line ends the reader did not count would have every row on "line 1".

use super::campaign_responses::{CampaignResponsePlan, CampaignResponsePlanner};
use super::formats::DayOrder;
use super::leads::{LeadPlan, LeadPlanner};
use super::mapping::{ImportKind, Target};
use super::opportunities::{OpportunityPlan, OpportunityPlanner};
use super::order_lines::{Held, LinePlanner};
use super::orders::FileError;
use super::plan::{
    Choices, ContactPlan, ContactPlanner, CustomerPlan, CustomerPlanner, ImportError,
    InteractionPlan, InteractionPlanner, OrderPlan, OrderPlanner, ResponsePlan, ResponsePlanner,
    When,
};
use super::products::{ProductPlan, ProductPlanner};
use super::table::{TableOptions, TableReader};
use super::tickets::{TicketPlan, TicketPlanner};
use crate::dedup::Person;
use crate::{Customer, Id, Millis};
use serde::{Deserialize, Serialize};
use std::io::Read;

/// Errors kept for the page and the report; past this only the count grows.
pub const KEPT_ERRORS: usize = 100_000;
/// Characters of a cell kept in an error.
const KEPT_CHARS: usize = 200;

/// How a file is read and mapped: what a resumed import must use again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportSettings {
    pub kind: ImportKind,
    pub options: TableOptions,
    pub mapping: Vec<Option<Target>>,
    pub day_order: DayOrder,
    pub create_missing: bool,
    /// An .xlsx workbook (its first sheet is read as CSV; `options` are then UTF-8 and
    /// commas).
    #[serde(default)]
    pub workbook: bool,
    /// The designed survey a responses file answers (as it was when the import began);
    /// `None`: the quick questions.
    #[serde(default)]
    pub survey: Option<crate::Survey>,
}

/// The file an import read, to recognise it when the user picks it again to resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileInfo {
    pub name: String,
    pub size: u64,
    /// Last modified, milliseconds since 1970 (as the browser reports it).
    pub modified: f64,
}

impl FileInfo {
    /// The same file as `other`, as far as name, size and date tell.
    pub fn same(&self, other: &FileInfo) -> bool {
        self.name == other.name && self.size == other.size && self.modified == other.modified
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportStatus {
    /// Writing (or interrupted: a closed tab leaves this behind).
    Running,
    /// Stopped by the user between two batches.
    Cancelled,
    /// A batch failed (the storage quota, most often); the batches before it are in.
    Failed,
    Done,
    /// Everything the import wrote was taken back.
    RolledBack,
}

impl ImportStatus {
    /// Whether the import can go on from where it stopped.
    pub fn resumable(self) -> bool {
        matches!(
            self,
            ImportStatus::Running | ImportStatus::Cancelled | ImportStatus::Failed
        )
    }
}

/// Records an import wrote so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    pub created: u64,
    pub updated: u64,
    pub orders: u64,
    #[serde(default)]
    pub interactions: u64,
    /// Contacts added or filled in (their organisations are not counted in `updated`).
    #[serde(default)]
    pub contacts: u64,
    #[serde(default)]
    pub responses: u64,
    /// Records of a kind of their own (products, leads, opportunities).
    #[serde(default)]
    pub records: u64,
}

impl Written {
    /// Records written, of every kind.
    pub fn total(&self) -> u64 {
        self.created
            + self.updated
            + self.orders
            + self.interactions
            + self.contacts
            + self.responses
            + self.records
    }
}

/// One import, as the history lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportJob {
    pub id: Id,
    pub file: FileInfo,
    pub settings: ImportSettings,
    pub started: Millis,
    pub updated: Millis,
    pub status: ImportStatus,
    /// The line (of the file) the last row written is on: what the history shows.
    pub line: u64,
    /// Data rows (blank lines aside) written or passed over: a resume skips this many.
    /// 0 in jobs from before it was kept, which resume by `line`.
    #[serde(default)]
    pub rows_done: u64,
    /// Batches written (each one transaction, each with its undo record).
    pub batches: u32,
    pub written: Written,
    /// Data rows in the file, known once the check has read them all.
    pub rows: u64,
    /// Why it stopped, for `Failed`.
    pub error: Option<String>,
    /// Customers a take-back left as they were: changed, or given orders, interactions
    /// or responses, since the import.
    #[serde(default)]
    pub kept: u64,
}

impl ImportJob {
    pub fn new(id: Id, file: FileInfo, settings: ImportSettings, rows: u64, now: Millis) -> Self {
        ImportJob {
            id,
            file,
            settings,
            started: now,
            updated: now,
            status: ImportStatus::Running,
            line: 0,
            rows_done: 0,
            batches: 0,
            written: Written::default(),
            rows,
            error: None,
            kept: 0,
        }
    }
}

impl ImportJob {
    /// The name of the browser lock (Web Locks) the worker writing this job holds: the
    /// browser releases it when the worker ends or its tab closes, so any tab can tell
    /// a running import from an interrupted one.
    pub fn lock_name(&self) -> String {
        format!("kehu-import-{}", self.id.0)
    }

    /// How far the job has come (where a resume starts).
    pub fn reached(&self) -> Reached {
        Reached {
            rows: self.rows_done,
            line: self.line,
        }
    }

    /// Rows written since a run began at `from`, of the rows that run has to write (a
    /// progress bar's done and total).
    pub fn progress_since(&self, from: Reached) -> (usize, usize) {
        (
            self.rows_done.saturating_sub(from.rows) as usize,
            self.rows.saturating_sub(from.rows).max(1) as usize,
        )
    }
}

/// How far into its file a run of batches has come: the data rows read (blank lines not
/// counted) and the line the last one is on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reached {
    pub rows: u64,
    pub line: u64,
}

impl Reached {
    /// Whether the row counted `rows`, on `line`, is within what was reached. Jobs from
    /// before rows were counted know only the line.
    pub fn covers(self, rows: u64, line: u64) -> bool {
        if self.rows > 0 || self.line == 0 {
            rows <= self.rows
        } else {
            line <= self.line
        }
    }
}

/// What a check found: the figures of the summary and the errors of the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub rows: u64,
    /// New customers (in an order file, those its orders create).
    pub create: u64,
    pub update: u64,
    pub unchanged: u64,
    pub orders: u64,
    #[serde(default)]
    pub interactions: u64,
    #[serde(default)]
    pub responses: u64,
    /// Records of a kind of their own (products, leads, opportunities).
    #[serde(default)]
    pub records: u64,
    /// The orders' lines (an order-lines file's).
    #[serde(default)]
    pub lines: u64,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
    /// Errors and skips past [`KEPT_ERRORS`], counted only.
    pub more: u64,
}

impl Tally {
    /// Records the import would write.
    pub fn writes(&self) -> u64 {
        self.create + self.update + self.orders + self.interactions + self.responses + self.records
    }

    /// Lines with at least one error.
    pub fn bad_rows(&self) -> usize {
        let mut lines: Vec<u64> = self.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        lines.len()
    }

    fn keep(&mut self, errors: Vec<ImportError>, skipped: Vec<ImportError>) {
        for (from, to) in [(errors, &mut self.errors), (skipped, &mut self.skipped)] {
            for mut e in from {
                if to.len() < KEPT_ERRORS {
                    // A report line, not a copy of the file: long cells are cut.
                    if let Some((i, _)) = e.value.char_indices().nth(KEPT_CHARS) {
                        e.value.truncate(i);
                        e.value.push('…');
                    }
                    to.push(e);
                } else {
                    self.more += 1;
                }
            }
        }
    }
}

/// Past this many customers written, an import's page rereads its whole list rather than
/// each by id (a thousand by id take ~60 ms of reads, the whole list of 100,000 ~1.2 s).
pub const FEW_CUSTOMERS: usize = 5_000;

/// One batch to write: the plan of a run of rows, up to `line`.
#[derive(Debug, Clone)]
pub enum Batch {
    Customers {
        plan: CustomerPlan,
        /// The customers `plan.update` replace, as they were (the undo record).
        previous: Vec<Customer>,
    },
    Orders(Box<OrderPlan>),
    Interactions(InteractionPlan),
    Responses(ResponsePlan),
    /// Organisations with their new contacts, and the organisations as they were.
    Contacts {
        plan: ContactPlan,
        previous: Vec<Customer>,
    },
    Products(ProductPlan),
    Leads(LeadPlan),
    Opportunities(OpportunityPlan),
    Tickets(TicketPlan),
    /// Members with their new responses, and as they were.
    CampaignResponses(CampaignResponsePlan),
}

impl Batch {
    pub fn writes(&self) -> usize {
        match self {
            Batch::Customers { plan, .. } => plan.create.len() + plan.update.len(),
            Batch::Orders(p) => p.orders() + p.new_customers.len(),
            Batch::Interactions(p) => p.interactions.len(),
            Batch::Responses(p) => p.responses.len(),
            Batch::Contacts { plan, .. } => plan.update.len(),
            Batch::Products(p) => p.products.len(),
            Batch::Leads(p) => p.leads.len(),
            Batch::Opportunities(p) => p.opportunities.len(),
            Batch::Tickets(p) => p.tickets.len(),
            Batch::CampaignResponses(p) => p.members.len(),
        }
    }

    /// The customers the batch creates or changes: what the customer list must show
    /// once it is written.
    pub fn customer_ids(&self) -> Vec<Id> {
        let none: &[Customer] = &[];
        let (a, b) = match self {
            Batch::Customers { plan, .. } => (&plan.create[..], &plan.update[..]),
            Batch::Orders(p) => (&p.new_customers[..], none),
            Batch::Contacts { plan, .. } => (&plan.update[..], none),
            Batch::Interactions(_)
            | Batch::Responses(_)
            | Batch::Products(_)
            | Batch::Leads(_)
            | Batch::Opportunities(_)
            | Batch::Tickets(_)
            | Batch::CampaignResponses(_) => (none, none),
        };
        a.iter().chain(b).map(|c| c.id.clone()).collect()
    }
}

/// A planner of either kind, over the customers it was given.
pub enum Planner<'a> {
    Customers(CustomerPlanner<'a>, &'a [Customer]),
    Orders(OrderPlanner),
    OrderLines(Box<LinePlanner>),
    Interactions(InteractionPlanner<'a>),
    Responses(ResponsePlanner),
    Contacts(ContactPlanner<'a>, &'a [Customer]),
    Products(ProductPlanner),
    Leads(LeadPlanner<'a>),
    Opportunities(OpportunityPlanner<'a>),
    Tickets(TicketPlanner<'a>),
    CampaignResponses(CampaignResponsePlanner<'a>),
}

/// What planning an import needs of the stored customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Only how each is found ([`Person`]): the worker then reads the customer
    /// snapshot's key parts rather than building every whole customer.
    Lookup(LookupKind),
    /// Every customer whole: to merge rows into, or to copy fields (an owner) from.
    Whole(WholeKind),
}

/// The imports planned from [`Person`]s alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupKind {
    Orders,
    OrderLines,
    Interactions,
    Responses,
    /// Products and leads name no customer.
    Products,
    Leads,
}

impl LookupKind {
    /// Whether its rows name stored customers at all.
    pub fn finds_customers(self) -> bool {
        !matches!(self, LookupKind::Products | LookupKind::Leads)
    }
}

/// The imports planned from whole customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WholeKind {
    Customers,
    Contacts,
    Opportunities,
    Tickets,
    CampaignResponses,
}

impl ImportKind {
    pub fn needs(self) -> Needs {
        match self {
            ImportKind::Orders => Needs::Lookup(LookupKind::Orders),
            ImportKind::OrderLines => Needs::Lookup(LookupKind::OrderLines),
            ImportKind::Interactions => Needs::Lookup(LookupKind::Interactions),
            ImportKind::Responses => Needs::Lookup(LookupKind::Responses),
            ImportKind::Products => Needs::Lookup(LookupKind::Products),
            ImportKind::Leads => Needs::Lookup(LookupKind::Leads),
            ImportKind::Customers => Needs::Whole(WholeKind::Customers),
            ImportKind::Contacts => Needs::Whole(WholeKind::Contacts),
            ImportKind::Opportunities => Needs::Whole(WholeKind::Opportunities),
            ImportKind::Tickets => Needs::Whole(WholeKind::Tickets),
            ImportKind::CampaignResponses => Needs::Whole(WholeKind::CampaignResponses),
        }
    }
}

impl<'a> Planner<'a> {
    /// `customers` are every stored customer.
    pub fn new(
        settings: &ImportSettings,
        customers: &'a [Customer],
        choices: &'a Choices,
        when: When,
    ) -> Self {
        let s = settings;
        let (mapping, order) = (&s.mapping, s.day_order);
        match s.kind.needs() {
            Needs::Lookup(kind) => {
                let people: Vec<Person> = customers.iter().map(Person::of).collect();
                Self::looking_up(kind, settings, &people, choices, when)
            }
            Needs::Whole(WholeKind::Customers) => Planner::Customers(
                CustomerPlanner::new(mapping, customers, choices, order, when),
                customers,
            ),
            Needs::Whole(WholeKind::Contacts) => {
                Planner::Contacts(ContactPlanner::new(mapping, customers, when), customers)
            }
            Needs::Whole(WholeKind::Opportunities) => Planner::Opportunities(
                OpportunityPlanner::new(mapping, customers, choices, order, when),
            ),
            Needs::Whole(WholeKind::Tickets) => {
                Planner::Tickets(TicketPlanner::new(mapping, customers, choices, order, when))
            }
            Needs::Whole(WholeKind::CampaignResponses) => Planner::CampaignResponses(
                CampaignResponsePlanner::new(mapping, customers, choices, order, when),
            ),
        }
    }

    /// An import of `kind` (what `settings.kind` [needs](ImportKind::needs)) against the
    /// stored customers `people`.
    pub fn looking_up(
        kind: LookupKind,
        settings: &ImportSettings,
        people: &[Person],
        choices: &'a Choices,
        when: When,
    ) -> Self {
        let s = settings;
        let (mapping, order) = (&s.mapping, s.day_order);
        let orders = |when| {
            OrderPlanner::new(mapping, people, s.create_missing, order, when).with_choices(choices)
        };
        match kind {
            LookupKind::Orders => Planner::Orders(orders(when)),
            LookupKind::OrderLines => Planner::OrderLines(Box::new(LinePlanner::new(orders(when)))),
            LookupKind::Interactions => Planner::Interactions(InteractionPlanner::new(
                mapping, people, choices, order, when,
            )),
            LookupKind::Responses => Planner::Responses(ResponsePlanner::new(
                mapping,
                people,
                s.survey.clone(),
                order,
                when,
            )),
            LookupKind::Products => Planner::Products(ProductPlanner::new(mapping, when)),
            LookupKind::Leads => Planner::Leads(LeadPlanner::new(mapping, choices, when)),
        }
    }

    /// Plans every row and keeps the tally; `progress(rows)` now and then.
    pub fn check<R: Read>(
        &mut self,
        table: &mut TableReader<R>,
        new_id: &mut dyn FnMut() -> Id,
        progress: &mut dyn FnMut(u64),
    ) -> Tally {
        let mut tally = Tally::default();
        let t = &mut tally;
        match self {
            Planner::Customers(p, _) => check_all(p, table, new_id, progress, t),
            Planner::Orders(p) => check_all(p, table, new_id, progress, t),
            Planner::OrderLines(p) => check_all(p.as_mut(), table, new_id, progress, t),
            Planner::Interactions(p) => check_all(p, table, new_id, progress, t),
            Planner::Responses(p) => check_all(p, table, new_id, progress, t),
            Planner::Contacts(p, _) => check_all(p, table, new_id, progress, t),
            Planner::Products(p) => check_all(p, table, new_id, progress, t),
            Planner::Leads(p) => check_all(p, table, new_id, progress, t),
            Planner::Opportunities(p) => check_all(p, table, new_id, progress, t),
            Planner::Tickets(p) => check_all(p, table, new_id, progress, t),
            Planner::CampaignResponses(p) => check_all(p, table, new_id, progress, t),
        }
        tally.rows = table.rows;
        tally
    }

    /// Plans rows until a batch of about `size` records to write is full or the file
    /// ends; returns it with how far it goes, or `None` at the end. Rows up to `written`
    /// (already written by an earlier run) are planned but left out.
    pub fn next_batch<R: Read>(
        &mut self,
        table: &mut TableReader<R>,
        written: Reached,
        size: usize,
        new_id: &mut dyn FnMut() -> Id,
    ) -> Option<(Batch, Reached)> {
        let (t, id) = (table, new_id);
        let before = |existing: &[Customer], at: &[usize]| -> Vec<Customer> {
            at.iter().map(|&i| existing[i].clone()).collect()
        };
        Some(match self {
            Planner::Customers(p, existing) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                let previous = before(existing, &plan.previous);
                (Batch::Customers { plan, previous }, line)
            }
            Planner::Orders(p) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                (Batch::Orders(Box::new(plan)), line)
            }
            Planner::OrderLines(p) => {
                let (plan, line) = plan_batch(p.as_mut(), t, written, size, id)?;
                (Batch::Orders(Box::new(plan)), line)
            }
            Planner::Interactions(p) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                (Batch::Interactions(plan), line)
            }
            Planner::Responses(p) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                (Batch::Responses(plan), line)
            }
            Planner::Contacts(p, existing) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                let previous = before(existing, &plan.previous);
                (Batch::Contacts { plan, previous }, line)
            }
            Planner::Products(p) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                (Batch::Products(plan), line)
            }
            Planner::Leads(p) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                (Batch::Leads(plan), line)
            }
            Planner::Opportunities(p) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                (Batch::Opportunities(plan), line)
            }
            Planner::Tickets(p) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                (Batch::Tickets(plan), line)
            }
            Planner::CampaignResponses(p) => {
                let (plan, line) = plan_batch(p, t, written, size, id)?;
                (Batch::CampaignResponses(plan), line)
            }
        })
    }

    /// The survey responses stored already: a responses import skips rows repeating one.
    pub fn stored_responses(&mut self, stored: &[crate::SurveyResponse]) {
        if let Planner::Responses(p) = self {
            p.stored(stored);
        }
    }

    /// The orders stored already (an order import skips rows repeating one) and the
    /// staff (who sold them).
    pub fn stored_orders(&mut self, stored: &crate::OrderColumns, staff: &[crate::Staff]) {
        let p = match self {
            Planner::Orders(p) => p,
            Planner::OrderLines(p) => p.orders(),
            _ => return,
        };
        p.stored(stored);
        p.staff(staff);
    }

    /// The catalogue as stored: a products import skips the SKUs it has, an order
    /// lines import links lines to its products.
    pub fn stored_products(&mut self, stored: &[crate::Product]) {
        match self {
            Planner::Products(p) => p.stored(stored),
            Planner::OrderLines(p) => p.stored_products(stored),
            _ => {}
        }
    }

    /// The stored leads and the staff: a leads import skips a stored lead's phone or
    /// email, and gives owners by name or by the region rule.
    pub fn stored_leads(&mut self, leads: &[crate::Lead], staff: &[crate::Staff]) {
        if let Planner::Leads(p) = self {
            p.stored(leads, staff);
        }
    }

    /// The stored opportunities and the staff: an opportunities import skips one a
    /// customer has by the same title, and finds owners by name.
    pub fn stored_opportunities(&mut self, stored: &[crate::Opportunity], staff: &[crate::Staff]) {
        if let Planner::Opportunities(p) = self {
            p.stored(stored, staff);
        }
    }

    /// The stored tickets, the staff and the catalogue: a tickets import skips a row
    /// repeating a stored ticket, finds assignees by name and products by SKU or name.
    pub fn stored_tickets(
        &mut self,
        stored: &[crate::Ticket],
        staff: &[crate::Staff],
        products: &[crate::Product],
    ) {
        if let Planner::Tickets(p) = self {
            p.stored(stored, staff, products);
        }
    }

    /// The stored campaigns and their members: a campaign responses import marks them.
    pub fn stored_campaigns(
        &mut self,
        campaigns: &[crate::marketing::Campaign],
        members: &[crate::marketing::CampaignMember],
    ) {
        if let Planner::CampaignResponses(p) = self {
            p.stored(campaigns, members);
        }
    }

    /// After a batch was written: the keys its new customers got, in order.
    pub fn settle(&mut self, keys: &[u32]) {
        match self {
            Planner::Orders(p) => p.settle(keys),
            Planner::OrderLines(p) => p.orders().settle(keys),
            _ => {}
        }
    }
}

/// Rows between two progress reports of a check.
const PROGRESS_ROWS: u64 = 20_000;

/// A planner of one kind, as a job drives it.
trait RowPlanner {
    type Plan: Default;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut Self::Plan,
        new_id: &mut dyn FnMut() -> Id,
    );
    /// Records `plan` would write: a batch is full at its size.
    fn writes(plan: &Self::Plan) -> usize;
    /// Moves what `plan` holds into `tally`, leaving what later rows still need; `last`
    /// at the end of the file.
    fn count(plan: &mut Self::Plan, tally: &mut Tally, last: bool);
    /// After replaying rows an earlier run wrote, before planning new ones.
    fn replayed(&mut self) {}
    /// The rows planned but held back from the plan (an order whose lines may go on).
    fn held(&self) -> Option<Held> {
        None
    }
    /// At the end of the file: puts what is held into `plan`.
    fn finish(&mut self, _plan: &mut Self::Plan, _new_id: &mut dyn FnMut() -> Id) {}
}

impl RowPlanner for CustomerPlanner<'_> {
    type Plan = CustomerPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut CustomerPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        CustomerPlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &CustomerPlan) -> usize {
        plan.create.len() + plan.update.len()
    }
    fn count(plan: &mut CustomerPlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.create += plan.create.len() as u64;
        tally.update += plan.update.len() as u64;
        tally.unchanged += plan.unchanged;
        tally.keep(plan.errors, plan.skipped);
    }
}

impl RowPlanner for OrderPlanner {
    type Plan = OrderPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut OrderPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        OrderPlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &OrderPlan) -> usize {
        plan.orders() + plan.new_customers.len()
    }
    fn count(plan: &mut OrderPlan, tally: &mut Tally, last: bool) {
        // The orders are only counted; the new customers stay, as later rows refer to
        // them by position.
        tally.orders += plan.orders() as u64;
        tally.lines += plan.lines.len() as u64;
        plan.keyed = Default::default();
        plan.fresh = Default::default();
        plan.lines = Default::default();
        tally.keep(
            std::mem::take(&mut plan.errors),
            std::mem::take(&mut plan.skipped),
        );
        if last {
            tally.create = plan.new_customers.len() as u64;
        }
    }
    fn replayed(&mut self) {
        // Customers the written rows created are stored, and found there; anything else
        // they planned was never written.
        self.forget_unsaved();
    }
}

impl RowPlanner for LinePlanner {
    type Plan = OrderPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut OrderPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        LinePlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &OrderPlan) -> usize {
        <OrderPlanner as RowPlanner>::writes(plan)
    }
    fn count(plan: &mut OrderPlan, tally: &mut Tally, last: bool) {
        <OrderPlanner as RowPlanner>::count(plan, tally, last)
    }
    fn replayed(&mut self) {
        LinePlanner::replayed(self)
    }
    fn held(&self) -> Option<Held> {
        LinePlanner::held(self)
    }
    fn finish(&mut self, plan: &mut OrderPlan, new_id: &mut dyn FnMut() -> Id) {
        LinePlanner::finish(self, plan, new_id)
    }
}

impl RowPlanner for InteractionPlanner<'_> {
    type Plan = InteractionPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut InteractionPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        InteractionPlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &InteractionPlan) -> usize {
        plan.interactions.len()
    }
    fn count(plan: &mut InteractionPlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.interactions += plan.interactions.len() as u64;
        tally.keep(plan.errors, plan.skipped);
    }
}

impl RowPlanner for ResponsePlanner {
    type Plan = ResponsePlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut ResponsePlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        ResponsePlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &ResponsePlan) -> usize {
        plan.responses.len()
    }
    fn count(plan: &mut ResponsePlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.responses += plan.responses.len() as u64;
        tally.keep(plan.errors, plan.skipped);
    }
}

impl RowPlanner for ContactPlanner<'_> {
    type Plan = ContactPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut ContactPlan,
        _: &mut dyn FnMut() -> Id,
    ) {
        ContactPlanner::row(self, row, plan)
    }
    fn writes(plan: &ContactPlan) -> usize {
        plan.update.len()
    }
    fn count(plan: &mut ContactPlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.create += plan.added;
        tally.update += plan.changed;
        tally.unchanged += plan.unchanged;
        tally.keep(plan.errors, plan.skipped);
    }
}

impl RowPlanner for ProductPlanner {
    type Plan = ProductPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut ProductPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        ProductPlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &ProductPlan) -> usize {
        plan.products.len()
    }
    fn count(plan: &mut ProductPlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.records += plan.products.len() as u64;
        tally.keep(plan.errors, plan.skipped);
    }
}

impl RowPlanner for LeadPlanner<'_> {
    type Plan = LeadPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut LeadPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        LeadPlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &LeadPlan) -> usize {
        plan.leads.len()
    }
    fn count(plan: &mut LeadPlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.records += plan.leads.len() as u64;
        tally.keep(plan.errors, plan.skipped);
    }
}

impl RowPlanner for OpportunityPlanner<'_> {
    type Plan = OpportunityPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut OpportunityPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        OpportunityPlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &OpportunityPlan) -> usize {
        plan.opportunities.len()
    }
    fn count(plan: &mut OpportunityPlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.records += plan.opportunities.len() as u64;
        tally.keep(plan.errors, plan.skipped);
    }
}

impl RowPlanner for TicketPlanner<'_> {
    type Plan = TicketPlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut TicketPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        TicketPlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &TicketPlan) -> usize {
        plan.tickets.len()
    }
    fn count(plan: &mut TicketPlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.records += plan.tickets.len() as u64;
        tally.keep(plan.errors, plan.skipped);
    }
}

impl RowPlanner for CampaignResponsePlanner<'_> {
    type Plan = CampaignResponsePlan;
    fn row(
        &mut self,
        row: Result<(u64, &[String]), super::table::TableError>,
        plan: &mut CampaignResponsePlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        CampaignResponsePlanner::row(self, row, plan, new_id)
    }
    fn writes(plan: &CampaignResponsePlan) -> usize {
        plan.members.len()
    }
    fn count(plan: &mut CampaignResponsePlan, tally: &mut Tally, _: bool) {
        let plan = std::mem::take(plan);
        tally.responses += plan.responses;
        tally.keep(plan.errors, plan.skipped);
    }
}

/// Plans every row of `table` into `tally`.
fn check_all<P: RowPlanner, R: Read>(
    p: &mut P,
    table: &mut TableReader<R>,
    new_id: &mut dyn FnMut() -> Id,
    progress: &mut dyn FnMut(u64),
    tally: &mut Tally,
) {
    let mut plan = P::Plan::default();
    let mut n = 0u64;
    while let Some(row) = table.next_row() {
        p.row(row, &mut plan, new_id);
        n += 1;
        if n.is_multiple_of(PROGRESS_ROWS) {
            P::count(&mut plan, tally, false);
            progress(n);
        }
    }
    p.finish(&mut plan, new_id);
    P::count(&mut plan, tally, true);
}

/// See [`Planner::next_batch`]. A batch ends after a row the planner holds nothing
/// back of (an order-lines file's order is whole in one batch): what a batch reaches
/// is written whole, and a resumed run starts after it.
fn plan_batch<P: RowPlanner, R: Read>(
    p: &mut P,
    table: &mut TableReader<R>,
    written: Reached,
    size: usize,
    new_id: &mut dyn FnMut() -> Id,
) -> Option<(P::Plan, Reached)> {
    let mut plan = P::Plan::default();
    // How far each row planned into this batch reaches, in turn.
    let mut planned: Vec<Reached> = Vec::new();
    let (mut last, mut replayed) = (None, false);
    let held = |p: &P| p.held().map_or(0, |h| h.rows as usize);
    // Past the size, rows are read on while the planner holds back every row of the
    // batch: no row of it is yet one to end the batch after.
    while P::writes(&plan) < size || p.held().is_some() && held(p) >= planned.len() {
        // Every row returned, in error or not, counts one.
        let rows = table.rows + 1;
        let Some(row) = table.next_row() else {
            if replayed {
                p.replayed();
            }
            // What is held ends with the file.
            let before = p.held();
            p.finish(&mut plan, new_id);
            let end = before.map(|h| Reached {
                rows: table.rows,
                line: h.last_line,
            });
            return last.or(end).map(|r| (plan, r));
        };
        let line = row_line(&row);
        let reached = Reached { rows, line };
        last = Some(reached);
        if written.covers(reached.rows, line) {
            p.row(row, &mut P::Plan::default(), new_id);
            replayed = true;
        } else {
            if replayed {
                p.replayed();
                replayed = false;
            }
            p.row(row, &mut plan, new_id);
            planned.push(reached);
        }
    }
    if replayed {
        p.replayed();
    }
    let reached = match held(p) {
        0 => last,
        n => Some(planned[planned.len() - n - 1]),
    };
    Some((plan, reached.unwrap_or_default()))
}

fn row_line(row: &Result<(u64, &[String]), super::table::TableError>) -> u64 {
    match row {
        Ok((line, _)) => *line,
        Err(e) => e.line,
    }
}

/// Talking to the import worker (JSON; the file goes beside the message as a `File`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToImporter {
    /// Check the file and answer [`FromImporter::Checked`].
    Check {
        settings: ImportSettings,
        choices: Choices,
        when: When,
    },
    /// Write (or go on writing) `job`'s file from after what it reached.
    Write {
        job: ImportJob,
        choices: Choices,
        when: When,
    },
    /// Stop after the batch being written.
    Cancel,
    /// Read the file's first rows and answer [`FromImporter::Previewed`]: with the
    /// encoding and delimiter sniffed, or with `options` when the user chose them. Done in
    /// the worker because a workbook must be read whole and unpacked, which would block
    /// the page.
    Preview {
        options: Option<TableOptions>,
        rows: usize,
    },
    /// Read and check a backup file whole (for an app at database version `schema`,
    /// `today` the latest date a record may carry) and answer
    /// [`FromImporter::BackupRead`]: parsing and checking megabytes of JSON would hold
    /// the page up for a second.
    ReadBackup { schema: u32, today: crate::Day },
    /// Read the backup again and write it: replacing everything (`replace`) or adding
    /// what is missing. Progress comes as [`FromImporter::Progress`] (records written);
    /// the end as [`FromImporter::Restored`].
    Restore {
        schema: u32,
        today: crate::Day,
        replace: bool,
    },
    /// Generate demo data and write it (adding to what is stored), answering progress
    /// as [`FromImporter::Progress`] (records written) and the end as
    /// [`FromImporter::DemoLoaded`]: generating 20,000 orders would hold the page up.
    Demo { spec: crate::demo::DemoSpec },
    /// Read everything stored and write the backup file, carrying `settings` (the
    /// page's, which a worker cannot read), made at `created` for database version
    /// `schema`; answered as [`FromImporter::BackupMade`] with the file's text beside the
    /// message. Serialising a million orders would hold the page up.
    Backup {
        schema: u32,
        created: crate::Millis,
        settings: std::collections::BTreeMap<String, String>,
    },
    /// Take back import `id` (see `kehu-store`'s `rollback_import`), answering
    /// [`FromImporter::RolledBack`].
    Rollback { id: String, now: crate::Millis },
    /// Forget `customer` (in the trash, as the page read it) with everything of theirs
    /// (see `kehu-store`'s `purge_customer`), answering [`FromImporter::Forgotten`]. In
    /// the worker, so the page's wasm carries none of the walks it takes.
    Forget { customer: Box<crate::Customer> },
    /// Give every customer whose owner is free text the member of staff of that name
    /// (see `kehu-store`'s `adopt_owners`), answering [`FromImporter::OwnersAdopted`].
    AdoptOwners { now: crate::Millis },
}

/// What the worker answers an import request (inside [`crate::envelope::Reply`]); `E`
/// is the storage error (the store's type, which the core does not know).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromImporter<E> {
    /// Bytes of the file read so far, of `total`.
    Progress {
        read: u64,
        total: u64,
    },
    Checked {
        tally: Tally,
    },
    /// The file's header and first rows, read with `options`. `workbook`: an .xlsx (its
    /// first sheet, as CSV). `doubtful`: the text looks wrong in that encoding (bytes that
    /// do not decode, or GBK characters where Big5 or Western text would put them), so
    /// the user should try another.
    Previewed {
        preview: super::table::Preview,
        options: TableOptions,
        workbook: bool,
        doubtful: bool,
    },
    /// A backup read and checked: what it holds.
    BackupRead {
        header: crate::backup::Header,
    },
    /// A backup written; its settings, for the page to apply when it replaced everything.
    Restored {
        settings: std::collections::BTreeMap<String, String>,
    },
    /// The demo data is written.
    DemoLoaded,
    /// A customer is forgotten, with everything of theirs.
    Forgotten,
    /// Free-text owners became staff: `customers` changed.
    OwnersAdopted {
        customers: usize,
    },
    /// An import was taken back; `job` as it now stands.
    RolledBack {
        job: ImportJob,
    },
    /// The backup file is made; its text travels beside this message (as a plain
    /// string, not inside the JSON).
    BackupMade,
    /// A batch is in; `job` says how far.
    Batch {
        job: ImportJob,
    },
    /// Stopped: done, cancelled or failed (with the error), as `job.status` says.
    Finished {
        job: ImportJob,
        error: Option<E>,
        /// The customers this run created or changed, when few enough for the page to
        /// read them by id ([`FEW_CUSTOMERS`]); `None`: the page rereads its whole list.
        customers: Option<Vec<Id>>,
    },
    /// Nothing was done: the file is unreadable, or the database did not open.
    Failed {
        error: Failure<E>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Failure<E> {
    File(FileError),
    Store(E),
    /// Another tab is writing this import (it holds the import's lock).
    Busy,
    /// A backup file refused before anything was written.
    Backup(crate::backup::BackupError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::suggest;
    use crate::import::text::Encoding;
    use crate::validate::blank_customer;
    use proptest::prelude::*;

    use crate::import::testing::{WHEN, ids, table};

    fn settings(text: &str, kind: ImportKind) -> ImportSettings {
        ImportSettings {
            kind,
            options: TableOptions {
                encoding: Encoding::Utf8,
                delimiter: b',',
            },
            mapping: suggest(kind, table(text).header(), &[], &[]),
            day_order: DayOrder::DayFirst,
            create_missing: true,
            workbook: false,
            survey: None,
        }
    }

    /// A store in memory: customers get the next key when written.
    #[derive(Default)]
    struct Store {
        customers: Vec<Customer>,
        /// (customer name, day, cents) of every order written.
        orders: Vec<(String, i32, i64)>,
    }

    impl Store {
        fn name(&self, key: u32) -> String {
            self.customers[key as usize - 1].name.clone()
        }

        /// Writes batches from after `from` until the end or `stop_after` batches;
        /// returns how far they went.
        fn write(&mut self, text: &str, from: Reached, size: usize, stop_after: usize) -> Reached {
            let s = settings(text, ImportKind::Orders);
            let existing = self.customers.clone();
            let choices = Choices::default();
            let mut planner = Planner::new(&s, &existing, &choices, WHEN);
            let mut t = table(text);
            let mut new_id = ids();
            let mut line = from;
            for _ in 0..stop_after {
                let Some((batch, last)) = planner.next_batch(&mut t, from, size, &mut new_id)
                else {
                    break;
                };
                let Batch::Orders(p) = batch else {
                    unreachable!()
                };
                let mut keys = Vec::new();
                for mut c in p.new_customers {
                    c.key = self.customers.len() as u32 + 1;
                    keys.push(c.key);
                    self.customers.push(c);
                }
                for i in 0..p.keyed.len() {
                    let name = self.name(p.keyed.customer[i]);
                    self.orders.push((name, p.keyed.day[i], p.keyed.cents[i]));
                }
                for i in 0..p.fresh.len() {
                    let name = self.name(keys[p.fresh.customer[i] as usize]);
                    self.orders.push((name, p.fresh.day[i], p.fresh.cents[i]));
                }
                planner.settle(&keys);
                line = last;
            }
            line
        }
    }

    fn order_file(rows: &[(u8, u16, bool)]) -> String {
        order_file_with(rows, "\n", 0)
    }

    /// An order file with lines ending in `end` and a blank line after every
    /// `blank_every` rows (0: none).
    fn order_file_with(rows: &[(u8, u16, bool)], end: &str, blank_every: usize) -> String {
        let mut text = format!("Customer,Order No.,Date,Amount{end}");
        for (i, (who, cents, dup)) in rows.iter().enumerate() {
            // A repeated number (a duplicate) or a fresh one.
            let number = if *dup && i > 0 { i - 1 } else { i };
            text += &format!(
                "Buyer {who},N{number},2026-01-0{},{}.{:02}{end}",
                1 + i % 9,
                cents / 100,
                cents % 100
            );
            if blank_every > 0 && i % blank_every == 0 {
                text += end;
            }
        }
        text
    }

    fn one_shot(text: &str) -> (u64, u64, Vec<(String, i32, i64)>) {
        let mut store = Store::default();
        let s = settings(text, ImportKind::Orders);
        let choices = Choices::default();
        let tally =
            Planner::new(&s, &[], &choices, WHEN).check(&mut table(text), &mut ids(), &mut |_| {});
        store.write(text, Reached::default(), usize::MAX, usize::MAX);
        (tally.orders, tally.create, store.orders)
    }

    proptest! {
        /// Written in batches of any size, cancelled after any batch and resumed, an
        /// order file gives exactly what the check counted: every order once, every
        /// new customer once; whatever its line ends (LF, CRLF, or CR alone, where
        /// counting lines once put every row on line 1) and blank lines.
        #[test]
        fn batches_and_resumes_write_what_the_check_counted(
            rows in prop::collection::vec((0u8..6, 1u16..5000, prop::bool::weighted(0.1)), 1..60),
            size in 1usize..12,
            first_run in 1usize..6,
            end in prop::sample::select(vec!["\n", "\r\n", "\r"]),
            blank_every in 0usize..4,
        ) {
            let text = order_file_with(&rows, end, blank_every);
            let (orders, created, expected) = one_shot(&text);
            let mut store = Store::default();
            let reached = store.write(&text, Reached::default(), size, first_run);
            store.write(&text, reached, size, usize::MAX);
            prop_assert_eq!(store.orders.len() as u64, orders);
            prop_assert_eq!(store.customers.len() as u64, created);
            let mut got = store.orders.clone();
            let mut want = expected;
            got.sort();
            want.sort();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn check_keeps_counts_not_rows() {
        let text = order_file(&[(1, 100, false), (1, 200, true), (2, 300, false)]);
        let s = settings(&text, ImportKind::Orders);
        let choices = Choices::default();
        let tally =
            Planner::new(&s, &[], &choices, WHEN).check(&mut table(&text), &mut ids(), &mut |_| {});
        assert_eq!((tally.rows, tally.orders, tally.create), (3, 2, 2));
        assert_eq!(tally.skipped.len(), 1);
        assert_eq!(tally.writes(), 4);
    }

    #[test]
    fn a_customer_batch_carries_the_records_it_replaces() {
        let mut a = blank_customer(Id("a".into()), 1, Millis(0));
        a.name = "Wang Fang".into();
        a.email = "wang@example.com".into();
        let existing = vec![a.clone()];
        let text = "姓名,邮箱,城市\nWang Fang,wang@example.com,上海\nLi Lei,li@example.com,北京\n";
        let s = settings(text, ImportKind::Customers);
        let choices = Choices::default();
        let mut p = Planner::new(&s, &existing, &choices, WHEN);
        let mut t = table(text);
        let (batch, reached) = p
            .next_batch(&mut t, Reached::default(), 10, &mut ids())
            .unwrap();
        assert_eq!(reached, Reached { rows: 2, line: 3 });
        let Batch::Customers { plan, previous } = batch else {
            panic!()
        };
        assert_eq!(plan.update[0].city, "上海");
        assert_eq!(previous, vec![a]);
        assert_eq!(plan.create[0].name, "Li Lei");
        assert!(
            p.next_batch(&mut t, Reached::default(), 10, &mut ids())
                .is_none()
        );
    }

    /// The customers the list must show after a batch: those it created or changed,
    /// and none for kinds that write no customer.
    #[test]
    fn a_batch_names_the_customers_it_writes() {
        let c = |id: &str| blank_customer(Id(id.into()), 0, Millis(1));
        let customers = Batch::Customers {
            plan: CustomerPlan {
                create: vec![c("new")],
                update: vec![c("old")],
                ..Default::default()
            },
            previous: vec![],
        };
        assert_eq!(
            customers.customer_ids(),
            vec![Id("new".into()), Id("old".into())]
        );
        let orders = Batch::Orders(Box::new(OrderPlan {
            new_customers: vec![c("buyer")],
            ..Default::default()
        }));
        assert_eq!(orders.customer_ids(), vec![Id("buyer".into())]);
        let notes = Batch::Interactions(InteractionPlan::default());
        assert!(notes.customer_ids().is_empty());
    }
}
