//! Pivot reports (报表): orders, order lines or opportunities summed, counted and
//! averaged by one field down and optionally another across, with the records behind
//! any cell.
//!
//! Every record becomes a [`Fact`] (its customer, day, owner, status, product and the
//! measured value); a dimension turns a fact into an integer code, and the cells are a
//! hash map from (row code, column code). A million orders are a million map updates;
//! labels are made only for the codes that appear. Returned and cancelled orders are
//! left out as on every dashboard (the caller passes counted orders), and so are the
//! trashed customers' records.

use crate::fxhash::FxHashMap;
use crate::opportunity::Standing;
use crate::{Day, Id, Millis, OrderColumns, OrderLines, OrderStatus, Product};
use serde::{Deserialize, Serialize};

/// Which records a report reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    #[default]
    Orders,
    Lines,
    Opportunities,
}

/// How finely time is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// What a report's rows (or columns) are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    Customer,
    Product,
    Category,
    Region,
    /// The order's salesperson, else the customer's owner; an opportunity's owner.
    Owner,
    /// An order's status.
    Status,
    /// An opportunity's stage (won and lost included).
    Stage,
    /// The order's day; an opportunity's expected close (else its creation).
    Time(Grain),
}

/// What is summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Orders' amounts, lines' net (after discount), opportunities' amounts; cents.
    #[default]
    Amount,
    /// Amount less cost, over the orders and lines whose cost is known; cents.
    Margin,
    /// Lines' units.
    Quantity,
    /// Opportunities' amounts × their chance of winning; cents.
    Weighted,
}

impl Dim {
    pub const ALL: [Dim; 12] = [
        Dim::Customer,
        Dim::Product,
        Dim::Category,
        Dim::Region,
        Dim::Owner,
        Dim::Status,
        Dim::Stage,
        Dim::Time(Grain::Day),
        Dim::Time(Grain::Week),
        Dim::Time(Grain::Month),
        Dim::Time(Grain::Quarter),
        Dim::Time(Grain::Year),
    ];

    /// The word for the address bar.
    pub fn slug(self) -> &'static str {
        match self {
            Dim::Customer => "customer",
            Dim::Product => "product",
            Dim::Category => "category",
            Dim::Region => "region",
            Dim::Owner => "owner",
            Dim::Status => "status",
            Dim::Stage => "stage",
            Dim::Time(Grain::Day) => "day",
            Dim::Time(Grain::Week) => "week",
            Dim::Time(Grain::Month) => "month",
            Dim::Time(Grain::Quarter) => "quarter",
            Dim::Time(Grain::Year) => "year",
        }
    }

    pub fn from_slug(s: &str) -> Option<Dim> {
        Dim::ALL.into_iter().find(|d| d.slug() == s)
    }

    pub fn is_time(self) -> bool {
        matches!(self, Dim::Time(_))
    }
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::Amount,
        Measure::Margin,
        Measure::Quantity,
        Measure::Weighted,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Measure::Amount => "amount",
            Measure::Margin => "margin",
            Measure::Quantity => "quantity",
            Measure::Weighted => "weighted",
        }
    }

    pub fn from_slug(s: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.slug() == s)
    }

    /// Whether the values are money (else units).
    pub fn is_money(self) -> bool {
        self != Measure::Quantity
    }
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Orders, Source::Lines, Source::Opportunities];

    pub fn slug(self) -> &'static str {
        match self {
            Source::Orders => "orders",
            Source::Lines => "lines",
            Source::Opportunities => "opportunities",
        }
    }

    pub fn from_slug(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.slug() == s)
    }

    /// Whether the records of this source can be cut by `d`.
    pub fn has(self, d: Dim) -> bool {
        match d {
            Dim::Customer | Dim::Region | Dim::Owner | Dim::Time(_) => true,
            Dim::Product | Dim::Category => self == Source::Lines,
            Dim::Status => self != Source::Opportunities,
            Dim::Stage => self == Source::Opportunities,
        }
    }

    pub fn measures(self) -> &'static [Measure] {
        match self {
            Source::Orders => &[Measure::Amount, Measure::Margin],
            Source::Lines => &[Measure::Amount, Measure::Quantity, Measure::Margin],
            Source::Opportunities => &[Measure::Amount, Measure::Weighted],
        }
    }
}

/// What to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub source: Source,
    pub rows: Dim,
    pub cols: Option<Dim>,
    pub measure: Measure,
    /// The first and last day counted (by the time of [`Dim::Time`]).
    pub from: Option<Day>,
    pub to: Option<Day>,
}

impl Default for Spec {
    /// Revenue by month.
    fn default() -> Spec {
        Spec {
            source: Source::Orders,
            rows: Dim::Time(Grain::Month),
            cols: None,
            measure: Measure::Amount,
            from: None,
            to: None,
        }
    }
}

impl Spec {
    /// The spec with whatever its source cannot do put right: a dimension the source
    /// lacks gives way to the customer (rows) or to none (columns), columns the same as
    /// the rows are dropped, a measure the source lacks becomes the amount, and dates
    /// given the wrong way round are swapped.
    pub fn fixed(mut self) -> Spec {
        if !self.source.has(self.rows) {
            self.rows = Dim::Customer;
        }
        self.cols = self.cols.filter(|&c| self.source.has(c) && c != self.rows);
        if !self.source.measures().contains(&self.measure) {
            self.measure = Measure::Amount;
        }
        if let (Some(f), Some(t)) = (self.from, self.to)
            && f > t
        {
            (self.from, self.to) = (Some(t), Some(f));
        }
        self
    }

    fn admits(&self, day: Day) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// What a report needs of a customer (the stored record's fields of these names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFacet {
    pub id: Id,
    pub key: u32,
    #[serde(default)]
    pub deleted: Option<Millis>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub owner: String,
}

/// Everything a report may read. `orders` are the counted ones
/// ([`OrderColumns::counted`]).
#[derive(Debug, Clone, Copy)]
pub struct Data<'a> {
    pub customers: &'a [CustomerFacet],
    pub orders: &'a OrderColumns,
    pub lines: &'a [OrderLines],
    pub opportunities: &'a [crate::Opportunity],
    pub products: &'a [Product],
}

/// A row's or column's heading. `key` names it for a drill-down (a customer's or
/// product's id, a region, a staff id, a status or stage code, a period's first day);
/// `name` is what to show ("" for "not set"); a fold of the smallest (or earliest)
/// headings has `folded` > 0 and no key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub folded: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A sum and how many records made it: the average is one over the other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub sum: i64,
    pub count: u64,
}

impl Cell {
    fn add(&mut self, v: i64) {
        self.sum = self.sum.saturating_add(v);
        self.count += 1;
    }

    fn merge(&mut self, o: Cell) {
        self.sum = self.sum.saturating_add(o.sum);
        self.count += o.count;
    }

    /// The mean, rounded; `None` for an empty cell.
    pub fn average(self) -> Option<i64> {
        (self.count > 0).then(|| (self.sum as f64 / self.count as f64).round() as i64)
    }

    pub fn value(self, agg: Agg) -> Option<i64> {
        match agg {
            Agg::Sum => Some(self.sum),
            Agg::Count => Some(self.count as i64),
            Agg::Average => self.average(),
        }
    }
}

/// Which figure of a cell is shown (the cells carry all three).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agg {
    #[default]
    Sum,
    Count,
    Average,
}

impl Agg {
    pub const ALL: [Agg; 3] = [Agg::Sum, Agg::Count, Agg::Average];

    pub fn slug(self) -> &'static str {
        match self {
            Agg::Sum => "sum",
            Agg::Count => "count",
            Agg::Average => "average",
        }
    }

    pub fn from_slug(s: &str) -> Option<Agg> {
        Agg::ALL.into_iter().find(|a| a.slug() == s)
    }
}

/// Rows and columns shown at most; the rest are folded into one.
pub const MAX_ROWS: usize = 500;
pub const MAX_COLS: usize = 40;

/// A report. Without columns, `cols` and `cells` are empty and the row totals are the
/// figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pivot {
    pub rows: Vec<Label>,
    pub cols: Vec<Label>,
    /// Row-major, `rows.len() × cols.len()`.
    pub cells: Vec<Cell>,
    pub row_totals: Vec<Cell>,
    pub col_totals: Vec<Cell>,
    pub total: Cell,
}

impl Pivot {
    pub fn cell(&self, row: usize, col: usize) -> Cell {
        self.cells[row * self.cols.len() + col]
    }
}

/// One record as the dimensions see it.
#[derive(Debug, Clone, Copy)]
struct Fact {
    /// Index into the customers.
    customer: u32,
    day: Day,
    /// Code in the owners' table.
    owner: u32,
    status: u8,
    stage: u8,
    /// Code in the products' table (lines only).
    product: u32,
    value: i64,
}

/// Which record a fact came from (for a drill-down).
#[derive(Debug, Clone, Copy)]
enum Origin {
    Order(usize),
    Line { chunk: usize, line: usize },
    Opportunity(usize),
}

/// Strings numbered in the order first seen.
#[derive(Default)]
struct Table {
    code_of: FxHashMap<String, u32>,
    keys: Vec<String>,
    names: Vec<String>,
}

impl Table {
    fn code(&mut self, key: &str, name: &str) -> u32 {
        if let Some(&c) = self.code_of.get(key) {
            return c;
        }
        let c = self.keys.len() as u32;
        self.code_of.insert(key.to_string(), c);
        self.keys.push(key.to_string());
        self.names.push(name.to_string());
        c
    }
}

/// The tables a report's codes index, built from the data once.
struct Context<'a> {
    data: Data<'a>,
    /// Customer key → index into `data.customers`, for live customers.
    by_key: Vec<u32>,
    by_id: FxHashMap<&'a str, u32>,
    regions: Table,
    /// Per customer index, its region's code.
    region_of: Vec<u32>,
    owners: Table,
    owner_of: Vec<u32>,
    products: Table,
    categories: Table,
    /// Per product code, its category's code.
    category_of: Vec<u32>,
    /// Catalogue product id → its index; typed names → the catalogue's id.
    catalogue: FxHashMap<&'a str, usize>,
    by_name: FxHashMap<&'a str, &'a str>,
}

const NONE: u32 = u32::MAX;

/// What a scan calls with each fact.
type Visit<'f> = dyn FnMut(&Context, &Fact, Origin) + 'f;

impl<'a> Context<'a> {
    fn new(data: Data<'a>) -> Context<'a> {
        let n = data.customers.iter().map(|c| c.key as usize + 1).max();
        let mut by_key = vec![NONE; n.unwrap_or(0)];
        let mut by_id = FxHashMap::default();
        let (mut regions, mut owners) = (Table::default(), Table::default());
        let (mut region_of, mut owner_of) = (Vec::new(), Vec::new());
        for (i, c) in data.customers.iter().enumerate() {
            region_of.push(regions.code(c.region.trim(), c.region.trim()));
            owner_of.push(owners.code(&c.owner, &c.owner));
            if c.deleted.is_none() {
                by_key[c.key as usize] = i as u32;
                by_id.insert(c.id.0.as_str(), i as u32);
            }
        }
        Context {
            data,
            by_key,
            by_id,
            regions,
            region_of,
            owners,
            owner_of,
            products: Table::default(),
            categories: Table::default(),
            category_of: Vec::new(),
            catalogue: data
                .products
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.0.as_str(), i))
                .collect(),
            by_name: data
                .products
                .iter()
                .map(|p| (p.name.as_str(), p.id.0.as_str()))
                .collect(),
        }
    }

    /// The live customer of key `k`, as an index.
    fn customer(&self, k: u32) -> Option<u32> {
        self.by_key.get(k as usize).copied().filter(|&i| i != NONE)
    }

    /// A product's code: by its record's id (a typed name that is a catalogue
    /// product's counts as that product), else by its name.
    fn product(&mut self, name: &str, id: &str) -> u32 {
        let id = match id {
            "" => self.by_name.get(name).copied().unwrap_or(""),
            id => id,
        };
        let key = if id.is_empty() { name } else { id };
        let before = self.products.keys.len();
        let code = self.products.code(key, name);
        if self.products.keys.len() > before {
            let category = self
                .catalogue
                .get(id)
                .map_or("", |&i| self.data.products[i].category.trim());
            self.category_of
                .push(self.categories.code(category, category));
        }
        code
    }

    /// Every fact of the spec's source within its dates, with where it came from. `f`
    /// is called through a pointer: one copy of each scan serves the report and the
    /// drill-down (an indirect call per record costs nothing measurable; a copy each
    /// costs the worker's download).
    fn scan(&mut self, spec: &Spec, f: &mut Visit) {
        match spec.source {
            Source::Orders => self.scan_orders(spec, f),
            Source::Lines => self.scan_lines(spec, f),
            Source::Opportunities => self.scan_opportunities(spec, f),
        }
    }

    /// Order row `i` as a fact (its value still to set), if its customer is live.
    fn order_fact(&self, sellers: &[u32], i: usize) -> Option<Fact> {
        let o = self.data.orders;
        let customer = self.customer(o.customer[i])?;
        let seller = o.seller.get(i).copied().unwrap_or(0);
        let owner = match seller {
            0 => self.owner_of[customer as usize],
            s => sellers[s as usize - 1],
        };
        Some(Fact {
            customer,
            day: Day(o.day[i]),
            owner,
            status: o.status.get(i).copied().unwrap_or(0),
            stage: 0,
            product: NONE,
            value: 0,
        })
    }

    fn sellers(&mut self) -> Vec<u32> {
        let names = &self.data.orders.sellers;
        names.iter().map(|s| self.owners.code(s, s)).collect()
    }

    fn scan_orders(&mut self, spec: &Spec, f: &mut Visit) {
        let sellers = self.sellers();
        let o = self.data.orders;
        for i in 0..o.len() {
            if !spec.admits(Day(o.day[i])) {
                continue;
            }
            let Some(mut fact) = self.order_fact(&sellers, i) else {
                continue;
            };
            fact.value = match spec.measure {
                Measure::Margin => match o.cost_of(i) {
                    Some(c) => o.cents[i] - c.0,
                    None => continue,
                },
                _ => o.cents[i],
            };
            f(self, &fact, Origin::Order(i));
        }
    }

    fn scan_lines(&mut self, spec: &Spec, f: &mut Visit) {
        let sellers = self.sellers();
        let (o, data) = (self.data.orders, self.data);
        let row_of: FxHashMap<u32, usize> = (0..o.len()).map(|i| (o.id[i], i)).collect();
        for (chunk, lines) in data.lines.iter().enumerate() {
            let local: Vec<u32> = (0..lines.names.len())
                .map(|p| self.product(&lines.names[p], &lines.refs[p]))
                .collect();
            let mut at = 0;
            while at < lines.len() {
                let id = lines.order[at];
                let end = at + lines.order[at..].partition_point(|&x| x == id);
                let order = row_of
                    .get(&id)
                    .copied()
                    .filter(|&r| spec.admits(Day(o.day[r])));
                let fact = order.and_then(|r| self.order_fact(&sellers, r));
                if let Some(fact) = fact {
                    for line in at..end {
                        let Some(value) = line_value(lines, line, spec.measure) else {
                            continue;
                        };
                        let product = local[lines.product[line] as usize];
                        let fact = Fact {
                            product,
                            value,
                            ..fact
                        };
                        f(self, &fact, Origin::Line { chunk, line });
                    }
                }
                at = end;
            }
        }
    }

    fn scan_opportunities(&mut self, spec: &Spec, f: &mut Visit) {
        let data = self.data;
        for (i, o) in data.opportunities.iter().enumerate() {
            let day = opportunity_day(o);
            let Some(&customer) = self.by_id.get(o.customer.0.as_str()) else {
                continue;
            };
            if !spec.admits(day) {
                continue;
            }
            let value = match spec.measure {
                Measure::Weighted => (o.amount.0 as f64 * o.probability()).round() as i64,
                _ => o.amount.0,
            };
            let fact = Fact {
                customer,
                day,
                owner: self.owners.code(&o.owner, &o.owner),
                status: 0,
                stage: stage_code(o.standing),
                product: NONE,
                value,
            };
            f(self, &fact, Origin::Opportunity(i));
        }
    }

    /// The code of `fact` along `d`.
    fn code(&self, d: Dim, fact: &Fact) -> i64 {
        let c = fact.customer as usize;
        match d {
            Dim::Customer => c as i64,
            Dim::Region => self.region_of[c] as i64,
            Dim::Owner => fact.owner as i64,
            Dim::Status => fact.status as i64,
            Dim::Stage => fact.stage as i64,
            Dim::Product => fact.product as i64,
            Dim::Category => self.category_of[fact.product as usize] as i64,
            Dim::Time(g) => period(fact.day, g).0 as i64,
        }
    }

    /// The heading of code `c` along `d`.
    fn label(&self, d: Dim, c: i64) -> Label {
        let from = |t: &Table| Label {
            key: t.keys[c as usize].clone(),
            name: t.names[c as usize].clone(),
            folded: 0,
        };
        let same = |s: String| Label {
            key: s.clone(),
            name: s,
            folded: 0,
        };
        match d {
            Dim::Customer => {
                let x = &self.data.customers[c as usize];
                Label {
                    key: x.id.0.clone(),
                    name: x.name.clone(),
                    folded: 0,
                }
            }
            Dim::Region => from(&self.regions),
            Dim::Owner => from(&self.owners),
            Dim::Product => from(&self.products),
            Dim::Category => from(&self.categories),
            Dim::Status => same(OrderStatus::from_code(c as u8).slug().to_string()),
            Dim::Stage => same(Standing::ALL[c as usize].code().to_string()),
            Dim::Time(g) => Label {
                key: Day(c as i32).to_string(),
                name: period_name(Day(c as i32), g),
                folded: 0,
            },
        }
    }

    /// The code a drill-down's `key` names along `d` (`None`: nothing has it).
    fn find(&mut self, d: Dim, key: &str) -> Option<i64> {
        // A string table gets the key now, so the scan finds it under this code.
        Some(match d {
            Dim::Customer => *self.by_id.get(key)? as i64,
            Dim::Region => self.regions.code(key, key) as i64,
            Dim::Owner => self.owners.code(key, key) as i64,
            Dim::Product => self.product(key, key) as i64,
            Dim::Category => self.categories.code(key, key) as i64,
            Dim::Status => OrderStatus::from_slug(key)?.code() as i64,
            Dim::Stage => stage_code(Standing::from_code(key)?) as i64,
            Dim::Time(_) => Day::parse(key)?.0 as i64,
        })
    }
}

fn stage_code(s: Standing) -> u8 {
    Standing::ALL.iter().position(|&x| x == s).unwrap_or(0) as u8
}

/// An opportunity's day on the time axis: its expected close, else its creation.
fn opportunity_day(o: &crate::Opportunity) -> Day {
    o.close.unwrap_or_else(|| o.created.day())
}

/// Line `i`'s value for `m` (`None`: a margin whose cost is unknown).
fn line_value(lines: &OrderLines, i: usize, m: Measure) -> Option<i64> {
    let q = lines.quantity[i] as i128;
    let gross = q * lines.price[i] as i128;
    let discount = lines.discount.get(i).copied().unwrap_or(0).min(10_000);
    let net = crate::quote::off(gross, discount);
    let clamp = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    Some(match m {
        Measure::Quantity => q as i64,
        Measure::Margin => {
            let cost = lines.cost.get(i).copied().filter(|&c| c >= 0)?;
            clamp(net - q * cost as i128)
        }
        _ => clamp(net),
    })
}

/// The first day of the period `day` falls in (weeks start on Monday).
pub fn period(day: Day, g: Grain) -> Day {
    let (y, m, _) = day.ymd();
    let first = |y, m| Day::from_ymd(y, m, 1).unwrap_or(day);
    match g {
        Grain::Day => day,
        Grain::Week => Day(day.0 - day.weekday() as i32),
        Grain::Month => first(y, m),
        Grain::Quarter => first(y, (m - 1) / 3 * 3 + 1),
        Grain::Year => first(y, 1),
    }
}

/// A period's heading: `2026-11-02` (a day, or a week by its Monday), `2026-11`,
/// `2026 Q4`, `2026`.
pub fn period_name(start: Day, g: Grain) -> String {
    let (y, m, _) = start.ymd();
    match g {
        Grain::Day | Grain::Week => start.to_string(),
        Grain::Month => format!("{y}-{m:02}"),
        Grain::Quarter => format!("{y} Q{}", (m - 1) / 3 + 1),
        Grain::Year => y.to_string(),
    }
}

/// The report `spec` (as [`Spec::fixed`]) over `data`.
pub fn pivot(data: Data, spec: &Spec) -> Pivot {
    let spec = spec.fixed();
    let mut cx = Context::new(data);
    let mut cells: FxHashMap<(i64, i64), Cell> = FxHashMap::default();
    cx.scan(&spec, &mut |cx: &Context, fact: &Fact, _| {
        let r = cx.code(spec.rows, fact);
        let c = spec.cols.map_or(0, |d| cx.code(d, fact));
        cells.entry((r, c)).or_default().add(fact.value);
    });
    let mut row_sums: FxHashMap<i64, Cell> = FxHashMap::default();
    let mut col_sums: FxHashMap<i64, Cell> = FxHashMap::default();
    for (&(r, c), &cell) in &cells {
        row_sums.entry(r).or_default().merge(cell);
        col_sums.entry(c).or_default().merge(cell);
    }
    let rows = Axis::new(&cx, spec.rows, &row_sums, MAX_ROWS);
    let cols = match spec.cols {
        Some(d) => Axis::new(&cx, d, &col_sums, MAX_COLS),
        None => Axis::default(),
    };
    let width = cols.labels.len();
    let mut out = Pivot {
        cells: vec![Cell::default(); rows.labels.len() * width],
        row_totals: vec![Cell::default(); rows.labels.len()],
        col_totals: vec![Cell::default(); width],
        rows: Vec::new(),
        cols: Vec::new(),
        total: Cell::default(),
    };
    for (&(r, c), &cell) in &cells {
        let at = rows.place[&r];
        out.row_totals[at].merge(cell);
        out.total.merge(cell);
        if width > 0 {
            let col = cols.place[&c];
            out.cells[at * width + col].merge(cell);
            out.col_totals[col].merge(cell);
        }
    }
    (out.rows, out.cols) = (rows.labels, cols.labels);
    out
}

/// A report's rows or columns: the headings in order, and where each code goes.
#[derive(Default)]
struct Axis {
    labels: Vec<Label>,
    place: FxHashMap<i64, usize>,
}

impl Axis {
    /// Time in order, keeping the latest `max - 1` periods and folding the earlier
    /// ones first; stages in the pipeline's order; anything else largest sum first (then
    /// by name), folding the smallest last.
    fn new(cx: &Context, d: Dim, sums: &FxHashMap<i64, Cell>, max: usize) -> Axis {
        let mut codes: Vec<(i64, Label)> = sums.keys().map(|&c| (c, cx.label(d, c))).collect();
        if d.is_time() || d == Dim::Stage {
            codes.sort_by_key(|(c, _)| *c);
        } else {
            codes.sort_by(|(a, la), (b, lb)| {
                sums[b]
                    .sum
                    .cmp(&sums[a].sum)
                    .then_with(|| la.name.cmp(&lb.name))
                    .then(a.cmp(b))
            });
        }
        let mut axis = Axis::default();
        let fold = codes.len().saturating_sub(max.max(2) - 1);
        let folded = if fold > 1 { fold } else { 0 };
        let (first_fold, kept) = match (folded, d.is_time()) {
            (0, _) => (None, 0..codes.len()),
            (n, true) => (Some(0..n), n..codes.len()),
            (n, false) => (Some(codes.len() - n..codes.len()), 0..codes.len() - n),
        };
        let fold_label = Label {
            folded: folded as u32,
            ..Label::default()
        };
        if d.is_time()
            && let Some(r) = first_fold.clone()
        {
            axis.push_fold(&codes[r], fold_label.clone());
        }
        for (c, label) in &codes[kept] {
            axis.place.insert(*c, axis.labels.len());
            axis.labels.push(label.clone());
        }
        if !d.is_time()
            && let Some(r) = first_fold
        {
            axis.push_fold(&codes[r], fold_label);
        }
        axis
    }

    fn push_fold(&mut self, codes: &[(i64, Label)], label: Label) {
        for (c, _) in codes {
            self.place.insert(*c, self.labels.len());
        }
        self.labels.push(label);
    }
}

/// What a drill-down lists of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum What {
    Order {
        status: OrderStatus,
    },
    Line {
        product: String,
        quantity: u32,
    },
    Opportunity {
        id: String,
        title: String,
        stage: String,
    },
}

/// One record behind a cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub day: Day,
    pub customer: String,
    pub customer_name: String,
    pub what: What,
    /// The measure's value for this record.
    pub value: i64,
}

/// The records behind a cell: the latest first, at most [`MAX_RECORDS`], with how many
/// there are and their sum.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Drilled {
    pub records: Vec<Record>,
    pub cell: Cell,
}

pub const MAX_RECORDS: usize = 200;

/// The records of `spec` whose row heading has `row`'s key and column heading has
/// `col`'s (either `None`: any).
pub fn drill(data: Data, spec: &Spec, row: Option<&str>, col: Option<&str>) -> Drilled {
    let spec = spec.fixed();
    let mut cx = Context::new(data);
    let want = |cx: &mut Context, d: Option<Dim>, key: Option<&str>| match (d, key) {
        (Some(d), Some(k)) => cx.find(d, k).map(|c| Some((d, c))),
        _ => Some(None),
    };
    let (Some(r), Some(c)) = (
        want(&mut cx, Some(spec.rows), row),
        want(&mut cx, spec.cols, col),
    ) else {
        return Drilled::default();
    };
    let mut hits: Vec<(Fact, Origin)> = Vec::new();
    let mut cell = Cell::default();
    cx.scan(&spec, &mut |cx: &Context, fact: &Fact, origin| {
        let fits = |w: Option<(Dim, i64)>| w.is_none_or(|(d, code)| cx.code(d, fact) == code);
        if fits(r) && fits(c) {
            cell.add(fact.value);
            hits.push((*fact, origin));
        }
    });
    hits.sort_by(|(a, _), (b, _)| b.day.cmp(&a.day).then(b.value.cmp(&a.value)));
    hits.truncate(MAX_RECORDS);
    let records = hits.iter().map(|(f, o)| cx.record(f, *o)).collect();
    Drilled { records, cell }
}

impl Context<'_> {
    fn record(&self, f: &Fact, origin: Origin) -> Record {
        let c = &self.data.customers[f.customer as usize];
        let what = match origin {
            Origin::Order(i) => What::Order {
                status: self.data.orders.status_of(i),
            },
            Origin::Line { chunk, line } => {
                let lines = &self.data.lines[chunk];
                What::Line {
                    product: lines.names[lines.product[line] as usize].clone(),
                    quantity: lines.quantity[line],
                }
            }
            Origin::Opportunity(i) => {
                let o = &self.data.opportunities[i];
                What::Opportunity {
                    id: o.id.0.clone(),
                    title: o.title.clone(),
                    stage: o.standing.code().to_string(),
                }
            }
        };
        Record {
            day: f.day,
            customer: c.id.0.clone(),
            customer_name: c.name.clone(),
            what,
            value: f.value,
        }
    }
}

/// What the page asks the worker for a report.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    Report(Spec),
    Drill {
        spec: Spec,
        row: Option<String>,
        col: Option<String>,
    },
}

impl Ask {
    pub fn spec(&self) -> Spec {
        match self {
            Ask::Report(s) | Ask::Drill { spec: s, .. } => s.fixed(),
        }
    }

    /// The answer over `data`.
    pub fn answer(&self, data: Data) -> Answer {
        match self {
            Ask::Report(s) => Answer::Report(Box::new(pivot(data, s))),
            Ask::Drill { spec, row, col } => {
                Answer::Drilled(drill(data, spec, row.as_deref(), col.as_deref()))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Report(Box<Pivot>),
    Drilled(Drilled),
}

#[cfg(test)]
#[path = "pivot_tests.rs"]
mod tests;
