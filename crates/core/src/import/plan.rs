//! Checking every row of an import before anything is written: what would be created,
//! updated, skipped, and each error with its line, column and reason. Nothing here
//! writes; the caller shows the plan and writes it on the user's word.

use super::formats::{DayOrder, parse_amount, parse_bool, parse_day, parse_moment};
pub use super::index::{CustomerIndex, Found};
use super::index::{phone_key, with_lowercase};
use super::mapping::Target;
use super::table::{TableError, TableProblem, TableReader};
use crate::dedup::Person;
use crate::fxhash::FxHashMap;
use crate::text::{digits, fold};
use crate::validate::{
    CustomerDraft, Field, FieldError, InteractionDraft, Problem, ResponseDraft, blank_customer,
    is_email,
};
use crate::*;
use std::io::Read;

/// One row that cannot be imported (or is skipped): its line in the file, the column
/// (index into the header) where that is known, the cell's text, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportError {
    pub line: u64,
    pub column: Option<usize>,
    pub value: String,
    pub problem: ImportProblem,
}

impl From<TableError> for ImportError {
    /// A row that could not be read as fields: no column to name.
    fn from(e: TableError) -> Self {
        ImportError {
            line: e.line,
            column: None,
            value: String::new(),
            problem: ImportProblem::Table(e.problem),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ImportProblem {
    #[error("{0}")]
    Table(TableProblem),
    #[error("{0}")]
    Field(Problem),
    /// Not one of the field's choices (a stage, a gender…).
    #[error("not one of the choices")]
    NotAChoice,
    #[error("not yes or no")]
    NotYesNo,
    /// No such day (2026-02-30), or a form kehu does not read.
    #[error("not a date")]
    NotADate,
    /// The same customer (or order number) as an earlier row of the file.
    #[error("duplicate of line {first}")]
    Duplicate { first: u64 },
    #[error("no such customer")]
    UnknownCustomer,
    /// The reference (a phone, a name) fits several customers.
    #[error("matches {0} customers")]
    AmbiguousCustomer(usize),
    /// Contacts are people at an organisation; this customer is a person.
    #[error("not an organisation")]
    NotAnOrganisation,
    /// A survey answer off its question's scale.
    #[error("not a score from {lo} to {hi}")]
    NotAScore { lo: u8, hi: u8 },
    /// The same record is stored already (a file imported twice).
    #[error("already stored")]
    AlreadyStored,
    /// An owner who is nobody on the staff (by name or id).
    #[error("no such member of staff")]
    UnknownStaff,
    /// An order number whose lines came before, with other orders between.
    #[error("this order's lines are apart (its first is on line {first})")]
    LinesApart { first: u64 },
    /// A cell of an order's later line that says otherwise than its first line.
    #[error("differs from the order's first line (line {first})")]
    DiffersFromOrder { first: u64 },
    /// A good line of an order kept out by an error on another of its lines.
    #[error("another line of this order has an error (line {line})")]
    OrderHasErrors { line: u64 },
    /// A product the catalogue has under neither that SKU nor that name.
    #[error("no such product in the catalogue")]
    UnknownProduct,
    /// A campaign launched under neither that name nor that id.
    #[error("no such launched campaign")]
    UnknownCampaign,
    /// The customer is not on the campaign's list.
    #[error("not on the campaign's list")]
    NotOnList,
    /// The customer is in the campaign's control group, which is never contacted.
    #[error("in the control group, not contacted")]
    HeldBack,
    /// A response dated before the campaign's contact.
    #[error("before the contact")]
    BeforeContact,
}

/// The day an import runs and the time it stamps on records.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct When {
    pub today: Day,
    pub now: Millis,
    /// The user's time zone: file times are local times, each converted with the offset
    /// of its own date (daylight saving included).
    #[serde(default)]
    pub zone: crate::date::Zone,
}

/// Words for the choice fields (stage, gender…) besides their codes: the UI's labels in
/// every language, so a file exported in Chinese imports again.
/// (Sent to the import worker as its list of (field, label, code).)
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(
    from = "Vec<(Target, String, String)>",
    into = "Vec<(Target, String, String)>"
)]
pub struct Choices {
    words: FxHashMap<(Target, String), String>,
}

impl From<Vec<(Target, String, String)>> for Choices {
    fn from(v: Vec<(Target, String, String)>) -> Self {
        let mut c = Choices::default();
        for (t, label, code) in v {
            c.add(t, &label, &code);
        }
        c
    }
}

impl From<Choices> for Vec<(Target, String, String)> {
    fn from(c: Choices) -> Self {
        c.words.into_iter().map(|((t, l), c)| (t, l, c)).collect()
    }
}

impl Choices {
    pub fn add(&mut self, target: Target, label: &str, code: &str) {
        self.words
            .insert((target, fold(label.trim())), code.to_string());
    }

    /// The code `text` stands for in `target`: a label, or the code itself.
    pub(super) fn code(&self, target: Target, text: &str) -> String {
        let key = fold(text.trim());
        match self.words.get(&(target, key.clone())) {
            Some(code) => code.clone(),
            None => key,
        }
    }
}

/// One row's cells by field, and its errors naming their column.
pub(super) struct Cells<'r> {
    pub(super) line: u64,
    pub(super) cells: &'r [String],
    pub(super) cols: &'r FxHashMap<Target, usize>,
}

impl Cells<'_> {
    pub(super) fn get(&self, t: Target) -> &str {
        self.cols.get(&t).map_or("", |&i| self.cells[i].as_str())
    }

    pub(super) fn error(&self, t: Target, problem: ImportProblem) -> ImportError {
        ImportError {
            line: self.line,
            column: self.cols.get(&t).copied(),
            value: self.get(t).to_string(),
            problem,
        }
    }

    /// A form's errors, each at the column of its field where `column_of` knows one.
    pub(super) fn field_errors(
        &self,
        errs: Vec<FieldError>,
        column_of: impl Fn(Field) -> Option<Target>,
    ) -> impl Iterator<Item = ImportError> {
        errs.into_iter().map(move |FieldError { field, problem }| {
            let t = column_of(field);
            ImportError {
                line: self.line,
                column: t.and_then(|t| self.cols.get(&t).copied()),
                value: t.map_or("", |t| self.get(t)).to_string(),
                problem: ImportProblem::Field(problem),
            }
        })
    }
}

/// `r`'s value, or its error added to `bad` and the default in its place: a row's
/// every problem is reported at once, not one per check.
pub(super) fn or_bad<T: Default>(r: Result<T, ImportError>, bad: &mut Vec<ImportError>) -> T {
    r.unwrap_or_else(|e| {
        bad.push(e);
        T::default()
    })
}

/// Whether a record hashing to `key` came before: on an earlier line, or stored already
/// (line 0). If not, it is remembered at `line`.
pub(super) fn repeat(seen: &mut FxHashMap<u64, u64>, key: u64, line: u64) -> Option<ImportProblem> {
    match seen.entry(key) {
        std::collections::hash_map::Entry::Occupied(e) => Some(repeated(*e.get())),
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(line);
            None
        }
    }
}

/// What a planner of records for stored customers starts from: the mapped columns,
/// the customers and their index, the words of the choice fields, the file's day order
/// and the import's day and time.
pub(super) struct Basis<'a> {
    pub(super) cols: FxHashMap<Target, usize>,
    pub(super) customers: &'a [Customer],
    pub(super) index: CustomerIndex,
    pub(super) choices: &'a Choices,
    pub(super) day_order: super::formats::DayOrder,
    pub(super) when: When,
}

impl<'a> Basis<'a> {
    pub(super) fn new(
        mapping: &[Option<Target>],
        customers: &'a [Customer],
        choices: &'a Choices,
        day_order: super::formats::DayOrder,
        when: When,
    ) -> Self {
        let people: Vec<crate::dedup::Person> =
            customers.iter().map(crate::dedup::Person::of).collect();
        Basis {
            cols: columns(mapping),
            customers,
            index: CustomerIndex::new(&people),
            choices,
            day_order,
            when,
        }
    }

    /// The stored customer column `t` of row `here` names, or why none.
    pub(super) fn customer(&self, here: &Cells, t: Target) -> Result<&'a Customer, ImportError> {
        let problem = match self.index.resolve(here.get(t)) {
            _ if here.get(t).trim().is_empty() => ImportProblem::Field(Problem::Required),
            Found::One(i) => return Ok(&self.customers[i]),
            Found::Many(n) => ImportProblem::AmbiguousCustomer(n),
            Found::None => ImportProblem::UnknownCustomer,
        };
        Err(here.error(t, problem))
    }
}

/// The value of choice column `t` of row `here`, by its code or a label ([`Choices`]);
/// blank: none.
pub(super) fn choice<T>(
    choices: &Choices,
    here: &Cells,
    t: Target,
    from_code: fn(&str) -> Option<T>,
) -> Result<Option<T>, ImportError> {
    match here.get(t).trim() {
        "" => Ok(None),
        v => from_code(&choices.code(t, v))
            .map(Some)
            .ok_or_else(|| here.error(t, ImportProblem::NotAChoice)),
    }
}

/// Catalogue products as a file names them: by SKU, else by name (both folded). Holds
/// each product's place in the caller's list.
#[derive(Default)]
pub(super) struct Catalogue {
    by_sku: FxHashMap<String, usize>,
    by_name: FxHashMap<String, usize>,
}

impl Catalogue {
    /// Adds `p`, at place `i`: a SKU is never shadowed by another product's name, and
    /// the first of a name keeps it.
    pub(super) fn add(&mut self, p: &crate::Product, i: usize) {
        self.by_sku.insert(fold(p.sku.trim()), i);
        self.by_name.entry(fold(p.name.trim())).or_insert(i);
    }

    /// The place of the product `text` names.
    pub(super) fn find(&self, text: &str) -> Option<usize> {
        let key = fold(text);
        (self.by_sku.get(&key))
            .or_else(|| self.by_name.get(&key))
            .copied()
    }
}

/// What a record first seen on line `first` (0: stored) makes of a repeat.
pub(super) fn repeated(first: u64) -> ImportProblem {
    match first {
        0 => ImportProblem::AlreadyStored,
        first => ImportProblem::Duplicate { first },
    }
}

/// The column of each field, from a mapping (index = column).
pub(super) fn columns(mapping: &[Option<Target>]) -> FxHashMap<Target, usize> {
    mapping
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.map(|t| (t, i)))
        .collect()
}

/// What importing a customer file would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerPlan {
    /// Data rows read.
    pub rows: u64,
    pub create: Vec<Customer>,
    /// Existing customers with the row's values filled in (same id and key).
    pub update: Vec<Customer>,
    /// Where each of `update` was in the planner's `existing` (the record before).
    pub previous: Vec<usize>,
    /// Rows that match an existing customer and change nothing.
    pub unchanged: u64,
    /// Rows left out on purpose (a second row for the same customer).
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

/// Reads every row of a customer file; see [`CustomerPlanner`].
pub fn plan_customers<R: Read>(
    table: &mut TableReader<R>,
    mapping: &[Option<Target>],
    existing: &[Customer],
    choices: &Choices,
    order: DayOrder,
    when: When,
    new_id: &mut dyn FnMut() -> Id,
) -> CustomerPlan {
    let mut planner = CustomerPlanner::new(mapping, existing, choices, order, when);
    let mut plan = CustomerPlan::default();
    while let Some(row) = table.next_row() {
        planner.row(row, &mut plan, new_id);
    }
    plan.rows = table.rows;
    plan
}

/// Plans a customer file row by row, so a file of any size is checked (or written in
/// batches) with only the planner's memory of earlier rows. A row updates the existing
/// customer it names (by kehu id, customer number, email or phone, in that order),
/// filling in only its non-empty cells; otherwise it creates one. A second row for the
/// same customer is skipped and reported.
pub struct CustomerPlanner<'a> {
    cols: FxHashMap<Target, usize>,
    existing: &'a [Customer],
    index: CustomerIndex,
    choices: &'a Choices,
    order: DayOrder,
    when: When,
    /// Keys of the rows taken so far (id, customer number, email, phone) → their line.
    seen: FxHashMap<String, u64>,
    updated: FxHashMap<usize, u64>,
}

impl<'a> CustomerPlanner<'a> {
    pub fn new(
        mapping: &[Option<Target>],
        existing: &'a [Customer],
        choices: &'a Choices,
        order: DayOrder,
        when: When,
    ) -> Self {
        let people: Vec<Person> = existing.iter().map(Person::of).collect();
        CustomerPlanner {
            cols: columns(mapping),
            existing,
            index: CustomerIndex::new(&people),
            choices,
            order,
            when,
            seen: FxHashMap::default(),
            updated: FxHashMap::default(),
        }
    }

    /// Adds one row's outcome to `plan` (`plan.rows` is the caller's to count).
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut CustomerPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        let CustomerPlanner {
            cols,
            existing,
            index,
            choices,
            order,
            when,
            seen,
            updated,
        } = self;
        let (choices, order, when) = (*choices, *order, &*when);
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        let here = Cells { line, cells, cols };
        let (cell, error) = (|t| here.get(t), |t, p| here.error(t, p));
        let keys: Vec<(Target, String)> = [
            (Target::Id, format!("i:{}", cell(Target::Id))),
            (Target::Code, format!("c:{}", fold(cell(Target::Code)))),
            (
                Target::Email,
                format!("e:{}", cell(Target::Email).to_lowercase()),
            ),
            (
                Target::Mobile,
                format!("p:{}", phone_key(cell(Target::Mobile))),
            ),
            (
                Target::Phone,
                format!("p:{}", phone_key(cell(Target::Phone))),
            ),
        ]
        .into_iter()
        .filter(|(_, k)| k.len() > 2)
        .collect();
        if let Some((t, &first)) = keys.iter().find_map(|(t, k)| Some((*t, seen.get(k)?))) {
            plan.skipped
                .push(error(t, ImportProblem::Duplicate { first }));
            return;
        }

        // The existing customer this row is about, if any.
        let found = if !cell(Target::Id).is_empty() {
            match index.by_id(cell(Target::Id)) {
                Some(i) => Found::One(i),
                None => {
                    plan.errors
                        .push(error(Target::Id, ImportProblem::UnknownCustomer));
                    return;
                }
            }
        } else {
            [
                (
                    Target::Code,
                    Found::from(index.by_code.get(&fold(cell(Target::Code)))),
                ),
                (
                    Target::Email,
                    with_lowercase(cell(Target::Email), |k| index.by_email.get(k).into()),
                ),
                (
                    Target::Mobile,
                    Found::from(index.by_phone.get(&phone_key(cell(Target::Mobile)))),
                ),
                (
                    Target::Phone,
                    Found::from(index.by_phone.get(&phone_key(cell(Target::Phone)))),
                ),
            ]
            .into_iter()
            .find(|(t, f)| !cell(*t).is_empty() && *f != Found::None)
            .map_or(Found::None, |(t, f)| match f {
                Found::Many(n) => {
                    plan.errors
                        .push(error(t, ImportProblem::AmbiguousCustomer(n)));
                    Found::Many(n)
                }
                f => f,
            })
        };
        let mut plan_previous = None;
        let (base, mut draft) = match found {
            Found::Many(_) => return,
            Found::One(i) => {
                if let Some(&first) = updated.get(&i) {
                    plan.skipped
                        .push(error(Target::Name, ImportProblem::Duplicate { first }));
                    return;
                }
                updated.insert(i, line);
                let c = &existing[i];
                plan_previous = Some(i);
                (c.clone(), CustomerDraft::from_customer(c))
            }
            Found::None => {
                let kind = match cell(Target::Kind) {
                    "" => Kind::Person,
                    k => Kind::from_code(&choices.code(Target::Kind, k)).unwrap_or(Kind::Person),
                };
                let mut d = CustomerDraft::new(kind);
                // Import rows are customers already known to the business.
                d.stage = LifecycleStage::User;
                (blank_customer(new_id(), 0, when.now), d)
            }
        };
        let mut bad = Vec::new();
        for (&t, &i) in cols.iter() {
            let v = cells[i].as_str();
            // The same phone number written differently is no change.
            // (A list export has one phone column, the mobile where there is one.)
            let same_phone = matches!(t, Target::Phone | Target::Mobile)
                && [&base.phone, &base.mobile]
                    .iter()
                    .any(|p| !p.is_empty() && phone_key(p) == phone_key(v));
            if v.is_empty() || same_phone {
                continue;
            }
            if let Err(problem) = apply(&mut draft, t, v, choices, order) {
                bad.push(error(t, problem));
            }
        }
        // Validated even after a bad cell, so the row's every problem is reported.
        match draft.validate(&base, when.today) {
            Ok(mut c) if bad.is_empty() => {
                for (_, k) in keys {
                    seen.insert(k, line);
                }
                if matches!(found, Found::One(_)) {
                    if c == base {
                        plan.unchanged += 1;
                    } else {
                        c.updated = when.now;
                        plan.update.push(c);
                        plan.previous.extend(plan_previous);
                    }
                } else {
                    plan.create.push(c);
                }
                return;
            }
            Ok(_) => {}
            Err(errs) => bad.extend(here.field_errors(errs, target_of)),
        }
        bad.sort_by_key(|e| e.column);
        plan.errors.extend(bad);
    }
}

/// Puts one cell into the draft, converted from the forms spreadsheets use.
fn apply(
    d: &mut CustomerDraft,
    t: Target,
    v: &str,
    choices: &Choices,
    order: DayOrder,
) -> Result<(), ImportProblem> {
    fn pick<T>(from: fn(&str) -> Option<T>, code: String) -> Result<T, ImportProblem> {
        from(&code).ok_or(ImportProblem::NotAChoice)
    }
    let code = || choices.code(t, v);
    let text = v.to_string();
    match t {
        Target::Name => d.name = text,
        Target::Code => d.code = text,
        Target::Kind => d.kind = pick(Kind::from_code, code())?,
        Target::CustomerType => d.customer_type = pick(CustomerType::from_code, code())?,
        Target::Stage => d.stage = pick(LifecycleStage::from_code, code())?,
        Target::Level => d.level = pick(RelationshipLevel::from_code, code())?,
        Target::Gender => d.gender = Some(pick(Gender::from_code, code())?),
        Target::Source => d.source = Some(pick(SourceChannel::from_code, code())?),
        Target::CreditRating => {
            d.credit_rating = Some(
                CreditRating::from_code(&v.trim().to_uppercase())
                    .map_or_else(|| pick(CreditRating::from_code, code()), Ok)?,
            )
        }
        Target::Phone => d.phone = text,
        Target::Mobile => d.mobile = text,
        Target::Email => d.email = text,
        Target::Wechat => d.wechat = text,
        Target::Region => d.region = text,
        Target::City => d.city = text,
        Target::Address => d.address = text,
        Target::Occupation => d.occupation = text,
        Target::Owner => d.owner = text,
        Target::Notes => d.notes = text,
        Target::CompanySize => d.company_size = text,
        Target::Tags => {
            // Added to the tags the customer has, never replacing them.
            d.tags = if d.tags.is_empty() {
                text
            } else {
                format!("{}, {v}", d.tags)
            }
        }
        Target::KeyAccount => d.key_account = parse_bool(v).ok_or(ImportProblem::NotYesNo)?,
        Target::BirthDate => {
            let day = parse_day(v, order).ok_or(ImportProblem::NotADate)?;
            d.birth_date = day.to_string();
        }
        Target::CreditLimit => {
            let c = parse_amount(v).map_err(|e| ImportProblem::Field(Problem::Money(e)))?;
            d.credit_limit = c.to_string();
        }
        Target::Id
        | Target::OrderState
        | Target::OrderSeller
        | Target::OrderCost
        | Target::LineProduct
        | Target::LineQuantity
        | Target::LinePrice
        | Target::LineDiscount
        | Target::LineCost
        | Target::OppCustomer
        | Target::OppTitle
        | Target::OppAmount
        | Target::OppStage
        | Target::OppOwner
        | Target::OppClose
        | Target::OppProbability
        | Target::OppCompetitors
        | Target::OppLostReason
        | Target::OppNextStep
        | Target::TicketCustomer
        | Target::TicketSubject
        | Target::TicketType
        | Target::TicketChannel
        | Target::TicketPriority
        | Target::TicketStatus
        | Target::TicketOpened
        | Target::TicketResolved
        | Target::TicketAssignee
        | Target::TicketProduct
        | Target::TicketDescription
        | Target::TicketResolution
        | Target::TicketRootCause
        | Target::ResponseCampaign
        | Target::ResponseCustomer
        | Target::ResponseKind
        | Target::ResponseDay
        | Target::LeadName
        | Target::LeadCompany
        | Target::LeadPhone
        | Target::LeadEmail
        | Target::LeadRegion
        | Target::LeadCity
        | Target::LeadSource
        | Target::LeadStatus
        | Target::LeadOwner
        | Target::LeadScore
        | Target::LeadInterest
        | Target::LeadAmount
        | Target::LeadNote
        | Target::ProductSku
        | Target::ProductName
        | Target::ProductCategory
        | Target::ProductUnit
        | Target::ProductPrice
        | Target::ProductCost
        | Target::ProductStock
        | Target::ProductActive
        | Target::ProductNote
        | Target::OrderCustomer
        | Target::OrderCustomerName
        | Target::OrderNumber
        | Target::OrderDate
        | Target::OrderAmount
        | Target::InteractionAt
        | Target::InteractionKind
        | Target::InteractionSubject
        | Target::InteractionNote
        | Target::ContactOf
        | Target::ContactName
        | Target::ContactRole
        | Target::ContactPhone
        | Target::ContactEmail
        | Target::ResponseDate
        | Target::Nps
        | Target::Csat
        | Target::Ces
        | Target::ResponseComment
        | Target::Item(_)
        | Target::ItemSecond(_) => {}
    }
    Ok(())
}

/// The column a validation error belongs to.
fn target_of(f: Field) -> Option<Target> {
    Some(match f {
        Field::Name => Target::Name,
        Field::Code => Target::Code,
        Field::Phone => Target::Phone,
        Field::Mobile => Target::Mobile,
        Field::Email => Target::Email,
        Field::BirthDate => Target::BirthDate,
        Field::CompanySize => Target::CompanySize,
        Field::CreditLimit => Target::CreditLimit,
        Field::Tags => Target::Tags,
        Field::Notes => Target::Notes,
        Field::Owner => Target::Owner,
        Field::Wechat => Target::Wechat,
        Field::Region => Target::Region,
        Field::City => Target::City,
        Field::Address => Target::Address,
        Field::Occupation => Target::Occupation,
        _ => return None,
    })
}

/// What importing an order file would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderPlan {
    pub rows: u64,
    /// Orders of existing customers (`customer` is the customer's key).
    pub keyed: OrderColumns,
    /// Orders of customers this import creates (`customer` indexes `new_customers`).
    pub fresh: OrderColumns,
    pub new_customers: Vec<Customer>,
    /// The orders' lines (an order-lines file's), by the ids the orders have here.
    pub lines: crate::order_lines::LineBuilder,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

impl OrderPlan {
    pub fn orders(&self) -> usize {
        self.keyed.len() + self.fresh.len()
    }
}

/// Reads every row of an order file; see [`OrderPlanner`].
pub fn plan_orders<R: Read>(
    table: &mut TableReader<R>,
    mapping: &[Option<Target>],
    existing: &[Person],
    create_missing: bool,
    order: DayOrder,
    when: When,
    new_id: &mut dyn FnMut() -> Id,
) -> OrderPlan {
    let mut planner = OrderPlanner::new(mapping, existing, create_missing, order, when);
    let mut plan = OrderPlan::default();
    while let Some(row) = table.next_row() {
        planner.row(row, &mut plan, new_id);
    }
    plan.rows = table.rows;
    plan
}

/// Plans an order file row by row, finding each order's customer among `existing` (the
/// list's rows will do: no whole customer is needed) by kehu id, customer number,
/// email, phone or name. A customer found nowhere is an error, or with `create_missing`
/// a new customer (named by the name column, else by the reference), created once
/// however many orders it has. A repeated order number is skipped, and so is an order
/// of a stored customer with the day and amount of one stored already
/// ([`OrderPlanner::stored`]: a file imported again), as many times as it is stored.
pub struct OrderPlanner {
    /// Shared with the row being read (and an order-lines planner): a row borrows it
    /// while the planner finds or creates its customer.
    cols: std::rc::Rc<FxHashMap<Target, usize>>,
    /// The key of each of `existing`, by position.
    keys: Vec<u32>,
    index: CustomerIndex,
    create_missing: bool,
    order: DayOrder,
    when: When,
    /// Order numbers seen, by [`number_hash`], → line.
    numbers: FxHashMap<u64, u64>,
    /// Customers this import creates, by their folded reference.
    created: FxHashMap<String, Buyer>,
    /// Exports are usually sorted by customer: the last reference and what it found.
    last: Option<(String, Result<Buyer, ImportProblem>)>,
    /// Stored orders not yet matched by a row, by a hash of (customer key, day, cents).
    stored: FxHashMap<u64, u32>,
    /// The words for statuses (labels in every language).
    choices: Choices,
    /// Sellers by name or id.
    owners: super::leads::Owners,
}

/// What makes a row the same order as a stored one.
fn order_key(customer: u32, day: Day, amount: Cents) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<crate::fxhash::FxHasher>::default().hash_one((customer, day.0, amount.0))
}

impl OrderPlanner {
    pub fn new(
        mapping: &[Option<Target>],
        existing: &[Person],
        create_missing: bool,
        order: DayOrder,
        when: When,
    ) -> Self {
        OrderPlanner {
            cols: std::rc::Rc::new(columns(mapping)),
            keys: existing.iter().map(|p| p.key).collect(),
            index: CustomerIndex::new(existing),
            create_missing,
            order,
            when,
            numbers: FxHashMap::default(),
            created: FxHashMap::default(),
            last: None,
            stored: FxHashMap::default(),
            choices: Choices::default(),
            owners: Default::default(),
        }
    }

    /// The column of each field.
    pub(super) fn cols(&self) -> std::rc::Rc<FxHashMap<Target, usize>> {
        std::rc::Rc::clone(&self.cols)
    }

    pub(super) fn day_order(&self) -> DayOrder {
        self.order
    }

    pub(super) fn today(&self) -> Day {
        self.when.today
    }

    /// With the words for statuses (their labels).
    pub fn with_choices(mut self, choices: &Choices) -> Self {
        self.choices = choices.clone();
        self
    }

    /// The staff, who sell.
    pub fn staff(&mut self, staff: &[Staff]) {
        self.owners = super::leads::Owners::new(staff);
    }

    /// The orders stored already (customers by key), so rows repeating one are skipped.
    pub fn stored(&mut self, orders: &OrderColumns) {
        for i in 0..orders.len() {
            let k = order_key(
                orders.customer[i],
                Day(orders.day[i]),
                Cents(orders.cents[i]),
            );
            *self.stored.entry(k).or_default() += 1;
        }
    }

    /// After `plan.new_customers` were stored and got `keys` (in order), later rows refer
    /// to them by key; the next plan starts its own new customers from index 0.
    pub fn settle(&mut self, keys: &[u32]) {
        let stored = |b: &mut Buyer| {
            if let Buyer::New(i) = *b
                && let Some(&k) = keys.get(i as usize)
            {
                *b = Buyer::Stored(k);
            }
        };
        self.created.values_mut().for_each(stored);
        if let Some((_, Ok(b))) = &mut self.last {
            stored(b);
        }
    }

    /// Forgets the customers planned but never stored (rows planned only to be
    /// remembered, whose plan was dropped).
    pub fn forget_unsaved(&mut self) {
        self.created.retain(|_, b| matches!(b, Buyer::Stored(_)));
        self.last = None;
    }

    /// The customer `reference` names, found or (when the import may) created in
    /// `plan`; the name column names a created one.
    pub(super) fn buyer(
        &mut self,
        reference: &str,
        name: &str,
        plan: &mut OrderPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) -> Result<Buyer, ImportProblem> {
        if reference.is_empty() {
            return Err(ImportProblem::Field(Problem::Required));
        }
        if let Some((r, found)) = &self.last
            && r == reference
        {
            return found.clone();
        }
        let found = match self.index.resolve(reference) {
            Found::One(i) => Ok(Buyer::Stored(self.keys[i])),
            Found::Many(n) => Err(ImportProblem::AmbiguousCustomer(n)),
            Found::None if !self.create_missing => Err(ImportProblem::UnknownCustomer),
            Found::None => {
                let key = fold(reference);
                match self.created.get(&key) {
                    Some(&b) => Ok(b),
                    None => new_customer(reference, name, &self.when, new_id).map(|c| {
                        let b = Buyer::New(plan.new_customers.len() as u32);
                        plan.new_customers.push(c);
                        self.created.insert(key, b);
                        b
                    }),
                }
            }
        };
        remember(&mut self.last, reference, &found);
        found
    }

    /// The status and seller of a row's order: a status code or label (blank:
    /// completed), a member of staff by name or id (blank: nobody).
    pub(super) fn terms(
        &self,
        here: &Cells,
    ) -> (
        Result<OrderStatus, ImportError>,
        Result<String, ImportError>,
    ) {
        let t = Target::OrderState;
        let status = match here.get(t) {
            "" => Ok(OrderStatus::Completed),
            v => (OrderStatus::from_slug(&self.choices.code(t, v)))
                .or_else(|| OrderStatus::from_word(v))
                .ok_or_else(|| here.error(t, ImportProblem::NotAChoice)),
        };
        let t = Target::OrderSeller;
        let seller = match here.get(t) {
            "" => Ok(String::new()),
            v => self
                .owners
                .find(v)
                .ok_or_else(|| here.error(t, ImportProblem::UnknownStaff)),
        };
        (status, seller)
    }

    /// Adds an order to `plan` and returns the id it has there (ids count up from 1
    /// within a plan; its lines are by that id), or `None` when it repeats a stored
    /// order.
    pub(super) fn add(
        &mut self,
        plan: &mut OrderPlan,
        buyer: Buyer,
        day: Day,
        amount: Cents,
        terms: Terms,
    ) -> Option<u32> {
        if let Buyer::Stored(key) = buyer
            && let Some(n) = self.stored.get_mut(&order_key(key, day, amount))
            && *n > 0
        {
            *n -= 1;
            return None;
        }
        let id = plan.orders() as u32 + 1;
        let (to, customer) = match buyer {
            Buyer::Stored(key) => (&mut plan.keyed, key),
            Buyer::New(i) => (&mut plan.fresh, i),
        };
        to.push(id, customer, day, amount);
        to.set_terms(to.len() - 1, terms.status, &terms.seller, terms.cost);
        Some(id)
    }

    /// Adds one row's outcome to `plan` (`plan.rows` is the caller's to count).
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut OrderPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        let cols = &std::rc::Rc::clone(&self.cols);
        let here = Cells { line, cells, cols };
        let day = order_day(&here, self.order, self.when.today);
        let amount = match parse_amount(here.get(Target::OrderAmount)) {
            _ if here.get(Target::OrderAmount).is_empty() => Err(Problem::Required),
            Ok(c) if c.0 < 0 => Err(Problem::Negative),
            Ok(c) => Ok(c),
            Err(e) => Err(Problem::Money(e)),
        }
        .map_err(|p| here.error(Target::OrderAmount, ImportProblem::Field(p)));
        let cost = match here.get(Target::OrderCost) {
            "" => Ok(None),
            v => match parse_amount(v) {
                Ok(c) if c.0 < 0 => Err(Problem::Negative),
                Ok(c) => Ok(Some(c)),
                Err(e) => Err(Problem::Money(e)),
            }
            .map_err(|p| here.error(Target::OrderCost, ImportProblem::Field(p))),
        };
        let (status, seller) = self.terms(&here);
        let buyer = self
            .buyer(
                here.get(Target::OrderCustomer),
                here.get(Target::OrderCustomerName),
                plan,
                new_id,
            )
            .map_err(|p| here.error(Target::OrderCustomer, p));
        let (day, amount, cost, status, seller, buyer) =
            match (day, amount, cost, status, seller, buyer) {
                (Ok(a), Ok(b), Ok(c), Ok(d), Ok(e), Ok(f)) => (a, b, c, d, e, f),
                (a, b, c, d, e, f) => {
                    let bad = [a.err(), b.err(), c.err(), d.err(), e.err(), f.err()];
                    return plan.errors.extend(bad.into_iter().flatten());
                }
            };
        let number = here.get(Target::OrderNumber);
        if !number.is_empty() {
            // One probe of a table of a million, not two: each waits on memory.
            match self.numbers.entry(number_hash(number)) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    let problem = ImportProblem::Duplicate {
                        first: *first.get(),
                    };
                    return plan.skipped.push(here.error(Target::OrderNumber, problem));
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(line);
                }
            }
        }
        let terms = Terms {
            status,
            seller,
            cost,
        };
        if self.add(plan, buyer, day, amount, terms).is_none() {
            plan.skipped
                .push(here.error(Target::OrderCustomer, ImportProblem::AlreadyStored));
        }
    }
}

/// Keeps `reference` and what it found as the last lookup, in the text kept before (a
/// million rows would otherwise allocate a million copies).
fn remember<T: Clone>(last: &mut Option<(String, T)>, reference: &str, found: &T) {
    match last {
        Some((r, f)) => {
            r.clear();
            r.push_str(reference);
            f.clone_from(found);
        }
        None => *last = Some((reference.to_string(), found.clone())),
    }
}

/// What an order row says besides who, when and how much.
pub(super) struct Terms {
    pub(super) status: OrderStatus,
    pub(super) seller: String,
    pub(super) cost: Option<Cents>,
}

/// An order number by a 64-bit hash (a million numbers in 16 MB, not 60).
pub(super) fn number_hash(number: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<crate::fxhash::FxHasher>::default().hash_one(number)
}

/// An order's day from its row: required, a date, not after today.
pub(super) fn order_day(here: &Cells, order: DayOrder, today: Day) -> Result<Day, ImportError> {
    let t = Target::OrderDate;
    let v = here.get(t);
    let problem = match parse_day(v, order) {
        _ if v.is_empty() => ImportProblem::Field(Problem::Required),
        None => ImportProblem::NotADate,
        Some(d) if d > today => ImportProblem::Field(Problem::DateInFuture),
        Some(d) => return Ok(d),
    };
    Err(here.error(t, problem))
}

/// What importing an interaction file would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InteractionPlan {
    pub interactions: Vec<Interaction>,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

/// Plans an interaction file (calls, visits, emails…) row by row. Each row names an
/// existing customer (kehu id, customer number, email, phone or name) and when it
/// happened (a date, a time after it if known, in the user's time zone); the kind is a
/// code or a label in either language (a note without the column); the rest is checked
/// as the interaction form checks it. A second row for the same customer, moment, kind
/// and subject is skipped.
pub struct InteractionPlanner<'a> {
    cols: FxHashMap<Target, usize>,
    who: Who,
    choices: &'a Choices,
    order: DayOrder,
    when: When,
    seen: FxHashMap<u64, u64>,
}

/// Finds the existing customer a row names (kehu id, customer number, email, phone or
/// name), for imports of things that belong to one.
struct Who {
    ids: Vec<Id>,
    index: CustomerIndex,
    /// Files are often sorted by customer: the last reference and what it found.
    last: Option<(String, Result<usize, ImportProblem>)>,
}

impl Who {
    fn new(existing: &[Person]) -> Who {
        Who {
            ids: existing.iter().map(|p| Id(p.id.to_string())).collect(),
            index: CustomerIndex::new(existing),
            last: None,
        }
    }

    fn find(&mut self, reference: &str) -> Result<Id, ImportProblem> {
        if reference.is_empty() {
            return Err(ImportProblem::Field(Problem::Required));
        }
        if let Some((r, found)) = &self.last
            && r == reference
        {
            return found.clone().map(|i| self.ids[i].clone());
        }
        let found = match self.index.resolve(reference) {
            Found::One(i) => Ok(i),
            Found::Many(n) => Err(ImportProblem::AmbiguousCustomer(n)),
            Found::None => Err(ImportProblem::UnknownCustomer),
        };
        remember(&mut self.last, reference, &found);
        found.map(|i| self.ids[i].clone())
    }
}

impl<'a> InteractionPlanner<'a> {
    pub fn new(
        mapping: &[Option<Target>],
        existing: &[Person],
        choices: &'a Choices,
        order: DayOrder,
        when: When,
    ) -> Self {
        InteractionPlanner {
            cols: columns(mapping),
            who: Who::new(existing),
            choices,
            order,
            when,
            seen: FxHashMap::default(),
        }
    }

    /// Adds one row's outcome to `plan`.
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut InteractionPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        let cols = &self.cols;
        let here = Cells { line, cells, cols };
        let (cell, error) = (|t| here.get(t), |t, p| here.error(t, p));
        let mut bad = Vec::new();
        let customer = self.who.find(cell(Target::OrderCustomer));
        if let Err(p) = &customer {
            bad.push(error(Target::OrderCustomer, p.clone()));
        }
        let at = cell(Target::InteractionAt);
        let moment = if at.is_empty() {
            bad.push(error(
                Target::InteractionAt,
                ImportProblem::Field(Problem::Required),
            ));
            None
        } else {
            let m = parse_moment(at, self.order);
            if m.is_none() {
                bad.push(error(Target::InteractionAt, ImportProblem::NotADate));
            }
            m
        };
        let kind = match cell(Target::InteractionKind) {
            "" => Some(InteractionKind::Note),
            k => {
                let code = self.choices.code(Target::InteractionKind, k);
                let kind = InteractionKind::from_code(&code);
                if kind.is_none() {
                    bad.push(error(Target::InteractionKind, ImportProblem::NotAChoice));
                }
                kind
            }
        };
        let (Ok(customer), Some((day, minutes)), Some(kind)) = (customer, moment, kind) else {
            return plan.errors.extend(bad);
        };
        let draft = InteractionDraft {
            kind,
            date: day.to_string(),
            time: format!("{:02}:{:02}", minutes / 60, minutes % 60),
            subject: cell(Target::InteractionSubject).to_string(),
            note: cell(Target::InteractionNote).to_string(),
        };
        let base = Interaction {
            id: new_id(),
            customer,
            kind,
            at: Millis(0),
            subject: String::new(),
            note: String::new(),
            created: self.when.now,
            updated: self.when.now,
        };
        match draft.validate(base, self.when.today, &self.when.zone) {
            Ok(x) => {
                let key = {
                    use std::hash::{BuildHasher, BuildHasherDefault};
                    BuildHasherDefault::<crate::fxhash::FxHasher>::default().hash_one((
                        &x.customer.0,
                        x.at.0,
                        x.kind.code(),
                        &x.subject,
                    ))
                };
                match repeat(&mut self.seen, key, line) {
                    Some(p) => plan.skipped.push(error(Target::InteractionAt, p)),
                    None => plan.interactions.push(x),
                }
            }
            Err(errs) => plan.errors.extend(here.field_errors(errs, |f| match f {
                Field::InteractionDate | Field::InteractionTime => Some(Target::InteractionAt),
                Field::InteractionSubject => Some(Target::InteractionSubject),
                Field::Notes => Some(Target::InteractionNote),
                _ => None,
            })),
        }
    }
}

/// What importing a survey responses file would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponsePlan {
    pub responses: Vec<SurveyResponse>,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

/// Plans a survey responses file row by row. Each row names an existing customer (kehu
/// id, customer number, email, phone or name) and the day; then the quick questions'
/// scores (NPS 0–10, CSAT 1–5, CES 1–7) and a comment, or, for a designed survey, the
/// answers to its items on their scales. Checked as the response form checks them. A
/// row with the same customer, day, answers and comment as an earlier row, or as a
/// stored response ([`ResponsePlanner::stored`]: a file imported again), is skipped.
pub struct ResponsePlanner {
    cols: FxHashMap<Target, usize>,
    who: Who,
    survey: Option<Survey>,
    order: DayOrder,
    when: When,
    /// Response → the line it was on, 0 for stored ones.
    seen: FxHashMap<u64, u64>,
}

/// What makes two responses the same: customer, day, answers and comment.
fn response_key(x: &SurveyResponse) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<crate::fxhash::FxHasher>::default().hash_one((
        &x.customer.0,
        x.day.0,
        &x.survey,
        &x.answers,
        &x.items,
        &x.comment,
    ))
}

impl ResponsePlanner {
    pub fn new(
        mapping: &[Option<Target>],
        existing: &[Person],
        survey: Option<Survey>,
        order: DayOrder,
        when: When,
    ) -> Self {
        ResponsePlanner {
            cols: columns(mapping),
            who: Who::new(existing),
            survey,
            order,
            when,
            seen: FxHashMap::default(),
        }
    }

    /// The responses stored already, so rows repeating one are skipped.
    pub fn stored(&mut self, stored: &[SurveyResponse]) {
        for x in stored {
            self.seen.insert(response_key(x), 0);
        }
    }

    /// Adds one row's outcome to `plan`.
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut ResponsePlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        let cols = &self.cols;
        let here = Cells { line, cells, cols };
        let (cell, error) = (|t| here.get(t), |t, p| here.error(t, p));
        let mut bad = Vec::new();
        let customer = self.who.find(cell(Target::OrderCustomer));
        if let Err(p) = &customer {
            bad.push(error(Target::OrderCustomer, p.clone()));
        }
        let date = cell(Target::ResponseDate);
        let day = match parse_day(date, self.order) {
            Some(d) => Some(d),
            None if date.is_empty() => {
                bad.push(error(
                    Target::ResponseDate,
                    ImportProblem::Field(Problem::Required),
                ));
                None
            }
            None => {
                bad.push(error(Target::ResponseDate, ImportProblem::NotADate));
                None
            }
        };
        let mut score = |t: Target, (lo, hi): (u8, u8)| {
            let raw = cell(t);
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<f64>() {
                Ok(v) if v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64 => Some(v as u8),
                _ => {
                    bad.push(error(t, ImportProblem::NotAScore { lo, hi }));
                    None
                }
            }
        };
        let draft = match &self.survey {
            Some(sv) => ResponseDraft {
                date: String::new(),
                scores: Vec::new(),
                comment: cell(Target::ResponseComment).to_string(),
                items: (sv.items.iter().enumerate().take(u8::MAX as usize + 1))
                    .map(|(pos, it)| {
                        let scale = sv.scale_of(it);
                        let pos = pos as u8;
                        let second = if sv.kind.paired() {
                            score(Target::ItemSecond(pos), scale)
                        } else {
                            None
                        };
                        (it.id, score(Target::Item(pos), scale), second)
                    })
                    .collect(),
            },
            None => ResponseDraft {
                date: String::new(),
                scores: [
                    (Question::Nps, Target::Nps),
                    (Question::Csat, Target::Csat),
                    (Question::Ces, Target::Ces),
                ]
                .map(|(q, t)| (q, score(t, q.scale())))
                .to_vec(),
                comment: cell(Target::ResponseComment).to_string(),
                items: Vec::new(),
            },
        };
        let (Ok(customer), Some(day)) = (customer, day) else {
            return plan.errors.extend(bad);
        };
        if !bad.is_empty() {
            return plan.errors.extend(bad);
        }
        let draft = ResponseDraft {
            date: day.to_string(),
            ..draft
        };
        let base = SurveyResponse::blank(new_id(), customer, day, self.when.now);
        let checked = match &self.survey {
            Some(sv) => draft.validate_survey(base, self.when.today, sv),
            None => draft.validate(base, self.when.today),
        };
        match checked {
            Ok(x) => match repeat(&mut self.seen, response_key(&x), line) {
                Some(p) => plan.skipped.push(error(Target::OrderCustomer, p)),
                None => plan.responses.push(x),
            },
            Err(errs) => plan.errors.extend(here.field_errors(errs, |f| match f {
                Field::SurveyDate => Some(Target::ResponseDate),
                Field::SurveyComment => Some(Target::ResponseComment),
                Field::SurveyItem(pos) if pos <= u8::MAX as usize => Some(Target::Item(pos as u8)),
                _ => None,
            })),
        }
    }
}

/// What importing a contact file would do: the organisations it changes, as they would
/// be, and what happened to the contacts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactPlan {
    /// Each changed organisation once, with every contact the rows so far gave it.
    pub update: Vec<Customer>,
    /// Where each of `update` was in the planner's `existing` (the record before).
    pub previous: Vec<usize>,
    /// Contacts new to their organisation.
    pub added: u64,
    /// Contacts the organisation had, with empty details filled in.
    pub changed: u64,
    /// Rows that change nothing.
    pub unchanged: u64,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

/// Plans a contact file row by row. Each row names an existing organisation (customer
/// number, name, email or phone) and a person there; a person it already lists (same
/// name) gets the row's role, phone and email where it has none, anyone else is added.
/// Checked as the customer form checks contacts. A second row for the same person at
/// the same organisation is skipped.
pub struct ContactPlanner<'a> {
    cols: FxHashMap<Target, usize>,
    existing: &'a [Customer],
    index: CustomerIndex,
    when: When,
    /// Organisations changed so far, as they are now.
    current: FxHashMap<usize, Customer>,
    /// Where each changed organisation is in the plan being filled.
    in_plan: FxHashMap<usize, usize>,
    seen: FxHashMap<(usize, String), u64>,
}

impl<'a> ContactPlanner<'a> {
    pub fn new(mapping: &[Option<Target>], existing: &'a [Customer], when: When) -> Self {
        let people: Vec<Person> = existing.iter().map(Person::of).collect();
        ContactPlanner {
            cols: columns(mapping),
            existing,
            index: CustomerIndex::new(&people),
            when,
            current: FxHashMap::default(),
            in_plan: FxHashMap::default(),
            seen: FxHashMap::default(),
        }
    }

    /// Adds one row's outcome to `plan`.
    pub fn row(&mut self, row: Result<(u64, &[String]), TableError>, plan: &mut ContactPlan) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        if plan.update.is_empty() {
            // A fresh plan: nothing of it is in the new one yet.
            self.in_plan.clear();
        }
        let cols = &self.cols;
        let here = Cells { line, cells, cols };
        let (cell, error) = (|t| here.get(t), |t, p| here.error(t, p));
        let reference = cell(Target::ContactOf);
        let found = if reference.is_empty() {
            Err(ImportProblem::Field(Problem::Required))
        } else {
            match self.index.resolve(reference) {
                Found::One(i) if self.existing[i].kind != Kind::Organisation => {
                    Err(ImportProblem::NotAnOrganisation)
                }
                Found::One(i) => Ok(i),
                Found::Many(n) => Err(ImportProblem::AmbiguousCustomer(n)),
                Found::None => Err(ImportProblem::UnknownCustomer),
            }
        };
        let name = cell(Target::ContactName).trim();
        let mut bad = Vec::new();
        if let Err(p) = &found {
            bad.push(error(Target::ContactOf, p.clone()));
        }
        if name.is_empty() {
            bad.push(error(
                Target::ContactName,
                ImportProblem::Field(Problem::Required),
            ));
        }
        let Ok(i) = found else {
            return plan.errors.extend(bad);
        };
        if !bad.is_empty() {
            return plan.errors.extend(bad);
        }
        let key = (i, fold(name));
        if let Some(&first) = self.seen.get(&key) {
            return plan.skipped.push(error(
                Target::ContactName,
                ImportProblem::Duplicate { first },
            ));
        }
        let base = self
            .current
            .get(&i)
            .cloned()
            .unwrap_or_else(|| self.existing[i].clone());
        let mut draft = CustomerDraft::from_customer(&base);
        let at = draft
            .contacts
            .iter()
            .position(|c| fold(c.name.trim()) == key.1);
        let (role, phone, email) = (
            cell(Target::ContactRole).trim(),
            cell(Target::ContactPhone).trim(),
            cell(Target::ContactEmail).trim(),
        );
        let slot = match at {
            Some(k) => k,
            None => {
                draft.contacts.push(Contact {
                    name: name.to_string(),
                    ..Default::default()
                });
                draft.contacts.len() - 1
            }
        };
        let c = &mut draft.contacts[slot];
        for (field, value) in [
            (&mut c.role, role),
            (&mut c.phone, phone),
            (&mut c.email, email),
        ] {
            if field.trim().is_empty() && !value.is_empty() {
                *field = value.to_string();
            }
        }
        match draft.validate(&base, self.when.today) {
            Ok(mut after) => {
                self.seen.insert(key, line);
                if after == base {
                    plan.unchanged += 1;
                    return;
                }
                if at.is_some() {
                    plan.changed += 1;
                } else {
                    plan.added += 1;
                }
                after.updated = self.when.now;
                self.current.insert(i, after.clone());
                match self.in_plan.get(&i) {
                    Some(&k) => plan.update[k] = after,
                    None => {
                        self.in_plan.insert(i, plan.update.len());
                        plan.update.push(after);
                        plan.previous.push(i);
                    }
                }
            }
            // Only the row's own contact is this row's fault.
            Err(errs) => plan.errors.extend(here.field_errors(errs, |f| match f {
                Field::ContactName(k) if k == slot => Some(Target::ContactName),
                Field::ContactRole(k) if k == slot => Some(Target::ContactRole),
                Field::ContactPhone(k) if k == slot => Some(Target::ContactPhone),
                Field::ContactEmail(k) if k == slot => Some(Target::ContactEmail),
                _ => None,
            })),
        }
    }
}

/// Whose an order is: a stored customer (by key) or one the import creates (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Buyer {
    Stored(u32),
    New(u32),
}

/// A customer created by an order import from how the order file refers to it.
fn new_customer(
    reference: &str,
    name: &str,
    when: &When,
    new_id: &mut dyn FnMut() -> Id,
) -> Result<Customer, ImportProblem> {
    let mut d = CustomerDraft::new(Kind::Person);
    d.stage = LifecycleStage::User;
    d.name = if name.is_empty() { reference } else { name }.to_string();
    let phone_like = reference
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
        && digits(reference).len() >= 7;
    if is_email(reference) {
        d.email = reference.to_string();
    } else if phone_like {
        d.mobile = reference.to_string();
    } else if !name.is_empty() {
        d.code = reference.to_string();
    }
    d.validate(&blank_customer(new_id(), 0, when.now), when.today)
        .map_err(|e| ImportProblem::Field(e[0].problem.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::TableReader;

    use crate::import::testing::{WHEN, ids, problems, table};

    #[test]
    fn a_reference_finds_by_id_number_email_phone_then_name() {
        let person = |id, code, email, phones: Vec<&'static str>, name, deleted| Person {
            id,
            key: 0,
            name,
            code,
            email,
            phones,
            city: "",
            deleted,
        };
        let all = [
            person(
                "id-a",
                "C0001",
                "a@x.cn",
                vec!["13800000001", "138-0000-0001"],
                "王芳",
                false,
            ),
            person("id-b", "C0002", "b@x.cn", vec![], "王芳", false),
            person("id-c", "C0003", "", vec!["13800000003"], "李雷", false),
            person("id-d", "C0004", "", vec![], "韩梅梅", true),
            person("id-e", "李雷", "", vec![], "", false),
        ];
        let ix = CustomerIndex::new(&all);
        let cases = [
            ("id-b", Found::One(1)),
            ("c0001", Found::One(0)),
            ("ｃ０００２", Found::One(1)),
            (" B@X.CN ", Found::One(1)),
            ("138 0000 0001", Found::One(0)),
            ("王芳", Found::Many(2)),
            // A number before a name.
            ("李雷", Found::One(4)),
            ("C0004", Found::None),
            ("韩梅梅", Found::None),
            ("nobody", Found::None),
        ];
        for (reference, found) in cases {
            assert_eq!(ix.resolve(reference), found, "{reference:?}");
        }
    }

    fn mapping(
        t: &TableReader<&[u8]>,
        kind: super::super::mapping::ImportKind,
    ) -> Vec<Option<Target>> {
        super::super::mapping::suggest(kind, t.header(), &[], &[])
    }

    fn existing() -> Vec<Customer> {
        let mut a = blank_customer(Id("a".into()), 1, Millis(0));
        a.name = "Wang Fang".into();
        a.code = "C001".into();
        a.email = "wang@example.com".into();
        a.mobile = "138 0000 1111".into();
        a.tags = vec!["vip".into()];
        let mut b = blank_customer(Id("b".into()), 2, Millis(0));
        b.name = "Li Lei".into();
        b.mobile = "13900002222".into();
        vec![a, b]
    }

    #[test]
    fn customers_created_updated_unchanged_and_skipped() {
        use super::super::mapping::ImportKind::Customers;
        let csv = "客户编号,姓名,手机,邮箱,生日,标签,大客户\n\
                   C001,Wang Fang,,,1990/5/1,new,是\n\
                   ,Li Lei,+86 139-0000-2222,,,,\n\
                   C002,Zhao Min,13700003333,zhao@example.com,05.03.1988,,否\n\
                   C002,Zhao Again,,,,,\n\
                   C003,,,bad-email,2026-02-30,,maybe\n";
        let mut t = table(csv);
        let m = mapping(&t, Customers);
        let plan = plan_customers(
            &mut t,
            &m,
            &existing(),
            &Choices::default(),
            DayOrder::DayFirst,
            WHEN,
            &mut ids(),
        );
        assert_eq!(plan.rows, 5);
        assert_eq!(plan.update.len(), 1);
        let wang = &plan.update[0];
        assert_eq!((wang.id.0.as_str(), wang.key), ("a", 1));
        assert_eq!(wang.tags, ["vip", "new"], "tags are added to");
        assert_eq!(wang.birth_date, Day::from_ymd(1990, 5, 1));
        assert!(wang.key_account);
        assert_eq!(
            wang.email, "wang@example.com",
            "empty cells keep what was there"
        );
        assert_eq!(plan.unchanged, 1, "Li Lei found by phone, nothing new");
        assert_eq!(plan.create.len(), 1);
        let zhao = &plan.create[0];
        assert_eq!(
            (zhao.name.as_str(), zhao.code.as_str(), zhao.key),
            ("Zhao Min", "C002", 0)
        );
        assert_eq!(zhao.birth_date, Day::from_ymd(1988, 3, 5));
        assert_eq!(zhao.stage, LifecycleStage::User);
        assert_eq!(plan.skipped.len(), 1);
        assert_eq!(
            plan.skipped[0].problem,
            ImportProblem::Duplicate { first: 4 }
        );
        assert_eq!(plan.skipped[0].line, 5);
        assert_eq!(
            plan.skipped[0].column,
            Some(0),
            "named by the column that repeats"
        );
        // Line 6: every bad cell named, by column.
        let errs: Vec<(u64, Option<usize>, ImportProblem)> = plan
            .errors
            .iter()
            .map(|e| (e.line, e.column, e.problem.clone()))
            .collect();
        assert!(
            errs.contains(&(6, Some(4), ImportProblem::NotADate)),
            "{errs:?}"
        );
        assert!(
            errs.contains(&(6, Some(6), ImportProblem::NotYesNo)),
            "{errs:?}"
        );
        assert!(
            errs.contains(&(6, Some(3), ImportProblem::Field(Problem::InvalidEmail))),
            "{errs:?}"
        );
        assert!(errs.iter().all(|e| e.0 == 6));
    }

    #[test]
    fn validation_errors_name_their_column() {
        use super::super::mapping::ImportKind::Customers;
        let mut t = table("name,email\n,x@example.com\nOK,not-an-email\n");
        let m = mapping(&t, Customers);
        let plan = plan_customers(
            &mut t,
            &m,
            &[],
            &Choices::default(),
            DayOrder::DayFirst,
            WHEN,
            &mut ids(),
        );
        assert_eq!(plan.errors[0].column, Some(0));
        assert_eq!(
            plan.errors[0].problem,
            ImportProblem::Field(Problem::Required)
        );
        assert_eq!((plan.errors[1].line, plan.errors[1].column), (3, Some(1)));
        assert_eq!(plan.errors[1].value, "not-an-email");
        assert!(plan.create.is_empty());
    }

    #[test]
    fn choices_read_labels_and_codes() {
        use super::super::mapping::ImportKind::Customers;
        let mut choices = Choices::default();
        choices.add(Target::Stage, "流失", "churned");
        choices.add(Target::Gender, "女", "female");
        let mut t = table("姓名,生命周期,性别\nA,流失,女\nB,User,F?\n");
        let m = mapping(&t, Customers);
        let plan = plan_customers(
            &mut t,
            &m,
            &[],
            &choices,
            DayOrder::DayFirst,
            WHEN,
            &mut ids(),
        );
        assert_eq!(plan.create.len(), 1);
        assert_eq!(plan.create[0].stage, LifecycleStage::Churned);
        assert_eq!(plan.create[0].gender, Some(Gender::Female));
        assert_eq!(plan.errors.len(), 1);
        assert_eq!(
            (plan.errors[0].column, &plan.errors[0].problem),
            (Some(2), &ImportProblem::NotAChoice)
        );
    }

    fn plan_responses(csv: &str, survey: Option<Survey>) -> ResponsePlan {
        plan_responses_over(csv, survey, &[])
    }

    fn plan_responses_over(
        csv: &str,
        survey: Option<Survey>,
        stored: &[SurveyResponse],
    ) -> ResponsePlan {
        use super::super::mapping::{ImportKind, suggest_items};
        let mut t = table(csv);
        let mut m = mapping(&t, ImportKind::Responses);
        if let Some(sv) = &survey {
            suggest_items(sv, t.header(), &mut m);
        }
        let customers = existing();
        let people: Vec<Person> = customers.iter().map(Person::of).collect();
        let mut planner = ResponsePlanner::new(&m, &people, survey, DayOrder::DayFirst, WHEN);
        planner.stored(stored);
        let mut plan = ResponsePlan::default();
        let mut new_id = ids();
        while let Some(row) = t.next_row() {
            planner.row(row, &mut plan, &mut new_id);
        }
        plan
    }

    #[test]
    fn responses_are_tied_to_customers_and_checked_on_their_scales() {
        let plan = plan_responses(
            "客户,日期,推荐意愿,满意度,CES,意见\n\
             C001,2026/1/5,9,5,,很好\n\
             13900002222,05.01.2026,,4,6,\n\
             C001,2026/1/5,9,5,,很好\n\
             nobody@example.com,2026-01-05,7,,,\n\
             C001,2026-02-30,11,6,,\n\
             Li Lei,2026-01-06,,,,只是评论\n",
            None,
        );
        assert_eq!(plan.responses.len(), 2);
        let wang = &plan.responses[0];
        assert_eq!(wang.customer.0, "a");
        assert_eq!(Some(wang.day), Day::from_ymd(2026, 1, 5));
        assert_eq!(
            wang.answers,
            vec![
                Answer {
                    question: Question::Nps,
                    score: 9
                },
                Answer {
                    question: Question::Csat,
                    score: 5
                }
            ]
        );
        assert_eq!(wang.comment, "很好");
        assert_eq!(plan.responses[1].customer.0, "b", "found by phone");
        assert_eq!(
            problems(&plan.skipped),
            vec![(4, Some(0), ImportProblem::Duplicate { first: 2 })]
        );
        assert_eq!(
            problems(&plan.errors),
            vec![
                (5, Some(0), ImportProblem::UnknownCustomer),
                (6, Some(1), ImportProblem::NotADate),
                (6, Some(2), ImportProblem::NotAScore { lo: 0, hi: 10 }),
                (6, Some(3), ImportProblem::NotAScore { lo: 1, hi: 5 }),
                (7, None, ImportProblem::Field(Problem::Required)),
            ],
            "a comment alone answers nothing"
        );
    }

    #[test]
    fn a_responses_file_imported_again_is_skipped_row_by_row() {
        let csv = "客户,日期,NPS,意见\nC001,2026-01-05,9,好\nLi Lei,2026-01-05,3,\n";
        let first = plan_responses(csv, None);
        assert_eq!(first.responses.len(), 2);
        // The first row is stored; a changed comment is another response.
        let again = plan_responses_over(&csv.replace(",3,", ",3,慢"), None, &first.responses[..1]);
        assert_eq!(again.responses.len(), 1);
        assert_eq!(
            problems(&again.skipped),
            vec![(2, Some(0), ImportProblem::AlreadyStored)]
        );
    }

    #[test]
    fn designed_survey_answers_come_by_item_column() {
        let kano = Survey::starter(SurveyKind::Kano, true, Id("k".into()), Millis(0));
        // F1/D1 as in the template, item 2 under a longer name; item 3 half answered.
        let plan = plan_responses(
            "customer,date,F1,D1,F2 送货上门,D2 送货上门,F3,D3\n\
             C001,2026-01-05,5,1,4,2,,\n\
             Li Lei,2026-01-05,3,3,,,2,\n",
            Some(kano.clone()),
        );
        assert_eq!(plan.responses.len(), 1);
        let r = &plan.responses[0];
        assert_eq!(r.survey, Some(kano.id.clone()));
        assert_eq!(
            r.items,
            vec![
                ItemAnswer {
                    item: kano.items[0].id,
                    first: 5,
                    second: Some(1)
                },
                ItemAnswer {
                    item: kano.items[1].id,
                    first: 4,
                    second: Some(2)
                },
            ]
        );
        assert_eq!(
            problems(&plan.errors),
            vec![(3, Some(6), ImportProblem::Field(Problem::Incomplete))]
        );
    }

    #[test]
    fn contacts_join_their_organisation_or_fill_in_the_one_it_has() {
        let mut org = blank_customer(Id("o".into()), 3, Millis(0));
        org.kind = Kind::Organisation;
        org.name = "上海新时代服饰有限公司".into();
        org.code = "C100".into();
        org.contacts = vec![Contact {
            name: "李经理".into(),
            phone: "13800001234".into(),
            ..Default::default()
        }];
        let mut stored = existing();
        stored.push(org);
        let mut t = table(
            "公司名称,联系人,职务,手机,邮箱\n\
             C100,李经理,采购经理,13999999999,li@xsd.com\n\
             上海新时代服饰有限公司,张三,财务,13900009999,\n\
             C100,张三,,,\n\
             C001,王五,,,\n\
             C100,,,,\n\
             C100,赵六,,12,\n",
        );
        let m = mapping(&t, super::super::mapping::ImportKind::Contacts);
        assert_eq!(
            m,
            [
                Target::ContactOf,
                Target::ContactName,
                Target::ContactRole,
                Target::ContactPhone,
                Target::ContactEmail
            ]
            .map(Some)
        );
        let mut planner = ContactPlanner::new(&m, &stored, WHEN);
        let mut plan = ContactPlan::default();
        while let Some(row) = t.next_row() {
            planner.row(row, &mut plan);
        }
        assert_eq!((plan.added, plan.changed), (1, 1));
        assert_eq!(plan.update.len(), 1, "one organisation, written once");
        assert_eq!(plan.previous, vec![2]);
        let c = &plan.update[0].contacts;
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].role.as_str(), c[0].phone.as_str(), c[0].email.as_str()),
            ("采购经理", "13800001234", "li@xsd.com"),
            "empty details filled, the phone it had kept"
        );
        assert_eq!((c[1].name.as_str(), c[1].role.as_str()), ("张三", "财务"));
        assert_eq!(
            problems(&plan.skipped),
            vec![(4, Some(1), ImportProblem::Duplicate { first: 3 })]
        );
        assert_eq!(
            problems(&plan.errors),
            vec![
                (5, Some(0), ImportProblem::NotAnOrganisation),
                (6, Some(1), ImportProblem::Field(Problem::Required)),
                (7, Some(3), ImportProblem::Field(Problem::InvalidPhone)),
            ]
        );
    }

    #[test]
    fn interactions_find_their_customer_and_read_when_and_how() {
        let stored = existing();
        let people: Vec<Person> = stored.iter().map(Person::of).collect();
        let mut choices = Choices::default();
        choices.add(Target::InteractionKind, "拜访", "visit");
        let t = table(
            "客户编号,联系时间,方式,主题,内容\n\
             C001,2026-01-05 14:30,拜访,续约,谈了明年的价格\n\
             13900002222,2026/1/6,call,,\n\
             C001,2026-01-05 14:30,visit,续约,again\n\
             C999,2026-01-07,call,,\n\
             C001,2026-02-30,call,,\n\
             C001,2026-01-08,fax-ish,,\n\
             C001,2026-01-09,,只有日期,\n",
        );
        let mut t = t;
        let m = mapping(&t, super::super::mapping::ImportKind::Interactions);
        use Target::*;
        assert_eq!(
            m,
            vec![
                Some(OrderCustomer),
                Some(InteractionAt),
                Some(InteractionKind),
                Some(InteractionSubject),
                Some(InteractionNote)
            ]
        );
        let when = When {
            zone: crate::date::Zone::fixed(480),
            ..WHEN
        };
        let mut planner = InteractionPlanner::new(&m, &people, &choices, DayOrder::DayFirst, when);
        let mut plan = InteractionPlan::default();
        let mut new_id = ids();
        while let Some(row) = t.next_row() {
            planner.row(row, &mut plan, &mut new_id);
        }
        let x = &plan.interactions;
        assert_eq!(x.len(), 3);
        assert_eq!(x[0].customer.0, "a");
        assert_eq!(x[0].kind, crate::InteractionKind::Visit);
        assert_eq!(
            (x[0].subject.as_str(), x[0].note.as_str()),
            ("续约", "谈了明年的价格")
        );
        // 14:30 in UTC+8 is 06:30 UTC.
        let day = crate::import::formats::parse_day("2026-01-05", DayOrder::DayFirst).unwrap();
        assert_eq!(x[0].at.0, day.start_millis().0 + 390 * 60_000);
        assert_eq!(
            (x[1].customer.0.as_str(), x[1].kind),
            ("b", crate::InteractionKind::Call)
        );
        assert_eq!(x[2].kind, crate::InteractionKind::Note, "no kind: a note");
        assert_eq!(
            problems(&plan.skipped),
            vec![(4, Some(1), ImportProblem::Duplicate { first: 2 })]
        );
        assert_eq!(
            problems(&plan.errors),
            vec![
                (5, Some(0), ImportProblem::UnknownCustomer),
                (6, Some(1), ImportProblem::NotADate),
                (7, Some(2), ImportProblem::NotAChoice),
            ]
        );
    }

    #[test]
    fn customers_created_from_orders_are_known_by_the_files_reference() {
        // What `kehu analyze` calls a customer is the file's reference; the customer the
        // import creates keeps it as its known id, so ties in the analytics agree.
        use super::super::mapping::ImportKind::Orders;
        for (header, name) in [
            ("订单号,客户,下单日期,金额", ""),
            ("订单号,客户,下单日期,金额,客户名称", ",Ann"),
        ] {
            let refs = [
                "10023",
                "007",
                "new@example.com",
                "139 0000 3333",
                "Zhou Li",
            ];
            let mut csv = format!("{header}\n");
            for (i, r) in refs.iter().enumerate() {
                csv += &format!("{i},{r},2026-01-05,1{name}\n");
            }
            let mut t = table(&csv);
            let m = mapping(&t, Orders);
            let plan = plan_orders(&mut t, &m, &[], true, DayOrder::DayFirst, WHEN, &mut ids());
            let known: Vec<&str> = plan.new_customers.iter().map(Customer::known_id).collect();
            assert_eq!(known, refs, "{header}");
        }
    }

    #[test]
    fn orders_find_their_customers_or_create_them() {
        use super::super::mapping::ImportKind::Orders;
        let csv = "订单号,客户,下单日期,金额\n\
                   1,C001,2026-01-05,\"¥1,234.50\"\n\
                   2,13900002222,2026/1/6,88\n\
                   3,Wang Fang,46027,10\n\
                   4,new@example.com,2026-01-07,5\n\
                   5,new@example.com,2026-01-08,6\n\
                   5,C001,2026-01-08,6\n\
                   6,C001,2026-02-30,-3\n\
                   7,,2099-01-01,x\n";
        let mut t = table(csv);
        let m = mapping(&t, Orders);
        let mut ids = ids();
        let stored = existing();
        let people: Vec<Person> = stored.iter().map(Person::of).collect();
        let plan = plan_orders(
            &mut t,
            &m,
            &people,
            true,
            DayOrder::DayFirst,
            WHEN,
            &mut ids,
        );
        assert_eq!(plan.rows, 8);
        assert_eq!(plan.keyed.customer, vec![1, 2, 1]);
        assert_eq!(plan.keyed.cents, vec![123_450, 8_800, 1_000]);
        assert_eq!(
            plan.keyed.day[2],
            Day::from_ymd(2026, 1, 5).unwrap().0,
            "Excel serial"
        );
        assert_eq!(plan.fresh.customer, vec![0, 0]);
        assert_eq!(plan.new_customers.len(), 1);
        assert_eq!(plan.new_customers[0].email, "new@example.com");
        assert_eq!(
            plan.skipped[0].problem,
            ImportProblem::Duplicate { first: 6 }
        );
        let errs: Vec<(u64, ImportProblem)> = plan
            .errors
            .iter()
            .map(|e| (e.line, e.problem.clone()))
            .collect();
        assert_eq!(
            errs,
            vec![
                (8, ImportProblem::NotADate),
                (8, ImportProblem::Field(Problem::Negative)),
                (9, ImportProblem::Field(Problem::DateInFuture)),
                (
                    9,
                    ImportProblem::Field(Problem::Money(crate::money::MoneyError::NotANumber))
                ),
                (9, ImportProblem::Field(Problem::Required)),
            ]
        );
        // Without creating customers, an unknown reference is an error.
        let mut t = table("customer,date,amount\nnobody,2026-01-01,1\n");
        let m = mapping(&t, Orders);
        let plan = plan_orders(
            &mut t,
            &m,
            &people,
            false,
            DayOrder::DayFirst,
            WHEN,
            &mut ids,
        );
        assert_eq!(plan.errors[0].problem, ImportProblem::UnknownCustomer);
        assert_eq!(plan.errors[0].column, Some(0));
    }

    #[test]
    fn an_order_file_imported_again_is_skipped_as_often_as_it_is_stored() {
        use super::super::mapping::ImportKind::Orders;
        // Wang Fang (key 1) bought for 10.00 twice on 5 January; one of them is stored,
        // as is Li Lei's (key 2) order of 8.00 on another day.
        let csv = "客户,下单日期,金额\n\
                   C001,2026-01-05,10\n\
                   C001,2026-01-05,10\n\
                   13900002222,2026-01-06,8\n";
        let mut t = table(csv);
        let m = mapping(&t, Orders);
        let customers = existing();
        let people: Vec<Person> = customers.iter().map(Person::of).collect();
        let mut planner = OrderPlanner::new(&m, &people, false, DayOrder::DayFirst, WHEN);
        planner.stored(&OrderColumns {
            id: vec![0, 1],
            customer: vec![1, 2],
            day: vec![
                Day::from_ymd(2026, 1, 5).unwrap().0,
                Day::from_ymd(2026, 1, 7).unwrap().0,
            ],
            cents: vec![1_000, 800],
            ..Default::default()
        });
        let mut plan = OrderPlan::default();
        let mut new_id = ids();
        while let Some(row) = t.next_row() {
            planner.row(row, &mut plan, &mut new_id);
        }
        assert_eq!(
            plan.keyed.customer,
            vec![1, 2],
            "the second 10.00, and 8.00"
        );
        assert_eq!(
            problems(&plan.skipped),
            vec![(2, Some(0), ImportProblem::AlreadyStored)]
        );
    }

    proptest::proptest! {
        /// Whatever the cells hold, planning answers, and every row ends up counted once:
        /// created, updated, unchanged, skipped or in error.
        #[test]
        fn every_row_is_accounted_for(
            rows in proptest::collection::vec(proptest::collection::vec("[a-z0-9@.,\" 王-]{0,10}", 4), 0..30)
        ) {
            use super::super::mapping::ImportKind::Customers;
            let csv = crate::export::to_csv(
                &["name", "email", "mobile", "birthday"],
                rows.iter().map(|r| r.iter().map(|s| s.as_str().into()).collect::<Vec<std::borrow::Cow<str>>>()),
            );
            let mut t = table(&csv);
            let m = mapping(&t, Customers);
            let plan = plan_customers(&mut t, &m, &existing(), &Choices::default(), DayOrder::DayFirst, WHEN, &mut ids());
            let mut lines: Vec<u64> = plan.errors.iter().chain(&plan.skipped).map(|e| e.line).collect();
            lines.dedup();
            let counted = plan.create.len() as u64 + plan.update.len() as u64 + plan.unchanged + lines.len() as u64;
            proptest::prop_assert_eq!(counted, plan.rows);
        }
    }
}
