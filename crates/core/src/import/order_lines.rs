//! Planning an order-lines file (订单明细): a row per line, and the rows of an order
//! together, as ERP and shop exports write them. Consecutive rows with the same order
//! number are one order; a row with a blank number continues the order above it (a
//! spreadsheet's merged cells export so). The order's customer, date, status and
//! seller come from its first row, and a later row that says otherwise is an error.
//! The order's amount is its lines' total, and its cost theirs when every line's is
//! known.
//!
//! An order is imported whole or not at all: a line in error keeps its whole order
//! out (each other line says which line to fix). A number that comes back after
//! other orders is an error too, as its lines would make two orders. A product is
//! found in the catalogue by SKU or name (then the line is linked to it and takes
//! its price and cost where the file has none), or is kept as the name sold.

use super::formats::parse_amount;
use super::mapping::Target;
use super::plan::{
    Cells, ImportError, ImportProblem, OrderPlan, OrderPlanner, Terms, number_hash, order_day,
};
use super::table::TableError;
use crate::fxhash::FxHashMap;
use crate::order::OrderItem;
use crate::text::fold;
use crate::validate::{MAX_TEXT, Problem, basis_points};
use crate::{Cents, Day, Id, OrderStatus, Product};

/// What a catalogue product gives a line.
struct Listed {
    id: Id,
    name: String,
    price: Cents,
    cost: Option<Cents>,
}

/// The order whose rows are being read.
struct Open {
    hash: u64,
    number: String,
    first: u64,
    /// Rows read for it, in error or not.
    rows: u64,
    last_line: u64,
    /// The first row's customer, customer name, date, status and seller cells.
    head: Vec<String>,
    /// The customer reference and name.
    buyer: (String, String),
    day: Option<Day>,
    status: OrderStatus,
    seller: String,
    items: Vec<OrderItem>,
    /// The line of each item.
    lines: Vec<u64>,
    /// The first line in error.
    bad: Option<u64>,
}

/// The order-level columns a later row must agree with the first on.
const HEAD: [Target; 4] = [
    Target::OrderCustomer,
    Target::OrderDate,
    Target::OrderState,
    Target::OrderSeller,
];

pub struct LinePlanner {
    orders: OrderPlanner,
    cols: std::rc::Rc<FxHashMap<Target, usize>>,
    /// Catalogue products by SKU and name, as places in `listed`.
    catalogue: super::plan::Catalogue,
    listed: Vec<Listed>,
    open: Option<Open>,
    /// Numbers of orders read to their end, → their first line.
    closed: FxHashMap<u64, u64>,
}

/// The rows a planner holds back as part of an order not yet ended, and the line of
/// the last row read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub rows: u64,
    pub last_line: u64,
}

impl LinePlanner {
    /// `orders` (over the same mapping) finds customers, statuses and sellers, and
    /// knows the stored orders.
    pub fn new(orders: OrderPlanner) -> Self {
        LinePlanner {
            cols: orders.cols(),
            orders,
            catalogue: Default::default(),
            listed: Vec::new(),
            open: None,
            closed: FxHashMap::default(),
        }
    }

    pub fn orders(&mut self) -> &mut OrderPlanner {
        &mut self.orders
    }

    /// The catalogue, so lines are linked to its products (active or not; a SKU
    /// before a name).
    pub fn stored_products(&mut self, products: &[Product]) {
        for p in products {
            let i = self.listed.len();
            self.listed.push(Listed {
                id: p.id.clone(),
                name: p.name.clone(),
                price: p.price,
                cost: p.cost,
            });
            self.catalogue.add(p, i);
        }
    }

    fn listed(&self, text: &str) -> Option<&Listed> {
        Some(&self.listed[self.catalogue.find(text)?])
    }

    /// The rows held back (see [`Held`]), if any.
    pub fn held(&self) -> Option<Held> {
        self.open.as_ref().map(|o| Held {
            rows: o.rows,
            last_line: o.last_line,
        })
    }

    /// After replaying rows an earlier run wrote: they end with a whole order, written.
    pub fn replayed(&mut self) {
        self.open = None;
        self.orders.forget_unsaved();
    }

    /// At the end of the file: the last order is whole.
    pub fn finish(&mut self, plan: &mut OrderPlan, new_id: &mut dyn FnMut() -> Id) {
        if let Some(o) = self.open.take() {
            self.close(o, plan, new_id);
        }
    }

    /// Adds one row to the order it belongs to, ending the one before when a new
    /// number starts.
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut OrderPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => {
                // Unreadable, it may be a line of the open order: that order waits for
                // the file to be fixed rather than be written without it.
                if let Some(o) = &mut self.open {
                    (o.rows, o.last_line) = (o.rows + 1, e.line);
                    o.bad.get_or_insert(e.line);
                }
                return plan.errors.push(e.into());
            }
        };
        let cols = &std::rc::Rc::clone(&self.cols);
        let here = Cells { line, cells, cols };
        let number = here.get(Target::OrderNumber);
        let continues = match &self.open {
            Some(o) => number.is_empty() || number == o.number,
            None => false,
        };
        if !continues {
            if let Some(o) = self.open.take() {
                self.close(o, plan, new_id);
            }
            if number.is_empty() {
                let problem = ImportProblem::Field(Problem::Required);
                return plan.errors.push(here.error(Target::OrderNumber, problem));
            }
            let hash = number_hash(number);
            if let Some(&first) = self.closed.get(&hash) {
                let problem = ImportProblem::LinesApart { first };
                return plan.errors.push(here.error(Target::OrderNumber, problem));
            }
            self.open = Some(self.start(&here, hash, plan));
        }
        let item = self.item(&here);
        let Some(o) = &mut self.open else { return };
        (o.rows, o.last_line) = (o.rows + 1, line);
        let mut errors = Vec::new();
        if continues {
            for (t, first) in HEAD.iter().zip(&o.head) {
                let v = here.get(*t);
                if !v.is_empty() && fold(v) != fold(first) {
                    let problem = ImportProblem::DiffersFromOrder { first: o.first };
                    errors.push(here.error(*t, problem));
                }
            }
        }
        match item {
            Ok(it) if errors.is_empty() => {
                o.items.push(it);
                o.lines.push(line);
            }
            Ok(_) => {}
            Err(bad) => errors.extend(bad),
        }
        if !errors.is_empty() {
            o.bad.get_or_insert(line);
            plan.errors.extend(errors);
        }
    }

    /// An order begun by its first row: its head read and checked (errors go to
    /// `plan`, and keep the order out).
    fn start(&mut self, here: &Cells, hash: u64, plan: &mut OrderPlan) -> Open {
        let mut errors = Vec::new();
        let orders = &self.orders;
        let day = order_day(here, orders.day_order(), orders.today())
            .map_err(|e| errors.push(e))
            .ok();
        let (status, seller) = orders.terms(here);
        let status = status.map_err(|e| errors.push(e)).unwrap_or_default();
        let seller = seller.map_err(|e| errors.push(e)).unwrap_or_default();
        let reference = here.get(Target::OrderCustomer);
        if reference.is_empty() {
            let problem = ImportProblem::Field(Problem::Required);
            errors.push(here.error(Target::OrderCustomer, problem));
        }
        let bad = (!errors.is_empty()).then_some(here.line);
        plan.errors.extend(errors);
        Open {
            hash,
            number: here.get(Target::OrderNumber).to_string(),
            first: here.line,
            rows: 0,
            last_line: here.line,
            head: HEAD.iter().map(|t| here.get(*t).to_string()).collect(),
            buyer: (
                reference.to_string(),
                here.get(Target::OrderCustomerName).to_string(),
            ),
            day,
            status,
            seller,
            items: Vec::new(),
            lines: Vec::new(),
            bad,
        }
    }

    /// A row's line, or its errors.
    fn item(&self, here: &Cells) -> Result<OrderItem, Vec<ImportError>> {
        let mut errors = Vec::new();
        let mut fail = |t, p| errors.push(here.error(t, ImportProblem::Field(p)));
        let text = here.get(Target::LineProduct);
        let listed = self.listed(text);
        if text.is_empty() {
            fail(Target::LineProduct, Problem::Required);
        } else if text.chars().count() > MAX_TEXT {
            fail(Target::LineProduct, Problem::TooLong { max: MAX_TEXT });
        }
        let quantity = match here.get(Target::LineQuantity) {
            "" => 1,
            v => match whole(v) {
                Some(0) => {
                    fail(Target::LineQuantity, Problem::QuantityTooSmall);
                    1
                }
                Some(n) => n,
                None => {
                    fail(Target::LineQuantity, Problem::NotAWholeNumber);
                    1
                }
            },
        };
        let price = match here.get(Target::LinePrice) {
            "" => match listed {
                Some(l) => Some(l.price),
                None => {
                    fail(Target::LinePrice, Problem::Required);
                    None
                }
            },
            v => money(v).map_err(|p| fail(Target::LinePrice, p)).ok(),
        };
        let cost = match here.get(Target::LineCost) {
            "" => listed.and_then(|l| l.cost),
            v => money(v).map_err(|p| fail(Target::LineCost, p)).ok(),
        };
        let discount_bp = discount(here.get(Target::LineDiscount))
            .ok_or(())
            .map_err(|_| fail(Target::LineDiscount, Problem::InvalidPercent))
            .unwrap_or(0);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(OrderItem {
            product: listed.map_or(text, |l| l.name.as_str()).to_string(),
            product_id: listed.map(|l| l.id.clone()),
            quantity,
            unit_price: price.unwrap_or_default(),
            discount_bp,
            unit_cost: cost,
        })
    }

    /// Puts an order read to its end into `plan`: whole, or (with a line in error, a
    /// customer not found, a total past the limit) not at all.
    fn close(&mut self, mut o: Open, plan: &mut OrderPlan, new_id: &mut dyn FnMut() -> Id) {
        self.closed.insert(o.hash, o.first);
        let mut bad = o.bad;
        let order = (bad.is_none()).then(|| self.checked(&mut o)).and_then(|r| {
            r.map_err(|e| {
                plan.errors.push(e);
                bad = Some(o.first);
            })
            .ok()
        });
        let buyer = order.as_ref().and_then(|_| {
            let (reference, name) = &o.buyer;
            self.orders
                .buyer(reference, name, plan, new_id)
                .map_err(|p| {
                    plan.errors
                        .push(self.at(o.first, Target::OrderCustomer, reference, p));
                    bad = Some(o.first);
                })
                .ok()
        });
        let (Some(order), Some(buyer)) = (order, buyer) else {
            let line = bad.unwrap_or(o.first);
            let problem = ImportProblem::OrderHasErrors { line };
            let others = o.lines.iter().filter(|&&l| l != line);
            let errors =
                others.map(|&l| self.at(l, Target::OrderNumber, &o.number, problem.clone()));
            return plan.errors.extend(errors.collect::<Vec<_>>());
        };
        let terms = Terms {
            status: order.status,
            seller: order.seller,
            cost: order.cost,
        };
        match (self.orders).add(plan, buyer, order.day, order.amount, terms) {
            Some(id) => plan.lines.push(id, &order.items),
            None => {
                let problem = ImportProblem::AlreadyStored;
                let skipped = o
                    .lines
                    .iter()
                    .map(|&l| self.at(l, Target::OrderNumber, &o.number, problem.clone()));
                plan.skipped.extend(skipped.collect::<Vec<_>>());
            }
        }
    }

    /// The order as kehu keeps it, by the order form's rules: its amount the lines'
    /// total, its cost theirs when every line's is known. A total past the limit is
    /// the first line's error.
    fn checked(&self, o: &mut Open) -> Result<crate::Order, ImportError> {
        let cost = (o.items.iter())
            .map(|i| i.unit_cost?.0.checked_mul(i.quantity as i64))
            .sum::<Option<i64>>();
        let order = crate::Order {
            day: o.day.unwrap_or_default(),
            items: std::mem::take(&mut o.items),
            status: o.status,
            seller: o.seller.clone(),
            cost: cost.map(Cents),
            ..Default::default()
        };
        let amount = order.items_total();
        let order = crate::Order {
            amount: amount.clone().ok().flatten().unwrap_or_default(),
            ..order
        };
        match (
            amount,
            crate::validate::check_order(order, self.orders.today()),
        ) {
            (Ok(_), Ok(order)) => Ok(order),
            (Err(e), _) => Err(self.at(
                o.first,
                Target::LinePrice,
                "",
                ImportProblem::Field(Problem::Money(e)),
            )),
            (_, Err(errs)) => {
                let problem = ImportProblem::Field(errs[0].problem.clone());
                Err(self.at(o.first, Target::LineProduct, "", problem))
            }
        }
    }

    /// An error on `line`, in the column of `t`.
    fn at(&self, line: u64, t: Target, value: &str, problem: ImportProblem) -> ImportError {
        ImportError {
            line,
            column: self.cols.get(&t).copied(),
            value: value.to_string(),
            problem,
        }
    }
}

/// A whole number as spreadsheets write one (`3`, `3.0`).
fn whole(v: &str) -> Option<u32> {
    let v = v.trim();
    v.parse::<u32>().ok().or_else(|| {
        let f = v.parse::<f64>().ok()?;
        (f.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&f)).then_some(f as u32)
    })
}

/// An amount of money of at least zero.
fn money(v: &str) -> Result<Cents, Problem> {
    match parse_amount(v) {
        Ok(c) if c.0 < 0 => Err(Problem::Negative),
        Ok(c) => Ok(c),
        Err(e) => Err(Problem::Money(e)),
    }
}

/// A discount in basis points: percent off (`10`, `10%`), or 折 as Chinese prices say
/// it (`9折` and `90折` are 10 % off, `8.5折` and `85折` 15 %).
fn discount(v: &str) -> Option<u32> {
    let Some(n) = v.trim().strip_suffix('折') else {
        return basis_points(v).ok();
    };
    let n: f64 = n.trim().parse().ok()?;
    let paid = match n {
        n if n > 0.0 && n <= 10.0 => n * 10.0,
        n if n > 10.0 && n < 100.0 => n,
        _ => return None,
    };
    Some(((100.0 - paid) * 100.0).round() as u32)
}

#[cfg(test)]
#[path = "order_lines_tests.rs"]
mod tests;
