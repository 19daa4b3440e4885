//! Quotes (报价管理): lines of products with quantities, prices and discounts, a discount
//! on the whole, tax and a validity, for one customer and optionally one of its
//! opportunities. A quote is drafted, sent, then accepted or rejected; one still open
//! after its last valid day is expired. An accepted quote becomes an order with its
//! lines (`to_order`), and its opportunity is won, in one write the app makes.
//!
//! Money is integer cents throughout; a line's net amount and the tax are rounded half
//! away from zero once each, so a printed quote adds up.

use crate::order::OrderItem;
use crate::product::{MAX_UNITS, Product};
use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, Day, Id, Millis};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Draft,
    Sent,
    Accepted,
    Rejected,
    /// Still open after its last valid day (shown, never stored: see
    /// [`Quote::status_on`]).
    Expired,
}

impl QuoteStatus {
    pub const ALL: [QuoteStatus; 5] = [
        Self::Draft,
        Self::Sent,
        Self::Accepted,
        Self::Rejected,
        Self::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
        }
    }

    pub fn from_code(s: &str) -> Option<QuoteStatus> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Whether the customer may still accept it.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Draft | Self::Sent)
    }
}

/// One line: a product (or anything typed), how many, at what unit price, less a
/// discount. The product's name, unit and cost are copied in when chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Id>,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    pub quantity: u32,
    pub unit_price: Cents,
    /// Discount in basis points of the line (1000 = 10 % off).
    #[serde(default)]
    pub discount_bp: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_cost: Option<Cents>,
}

impl QuoteLine {
    /// quantity × unit price less the line's discount, rounded to the cent.
    pub fn net(&self) -> i128 {
        let gross = self.unit_price.0 as i128 * self.quantity as i128;
        off(gross, self.discount_bp)
    }

    pub fn cost(&self) -> Option<i128> {
        Some(self.unit_cost?.0 as i128 * self.quantity as i128)
    }

    /// A line for `p`: one unit at its list price.
    pub fn of(p: &Product) -> QuoteLine {
        QuoteLine {
            product: Some(p.id.clone()),
            name: p.name.clone(),
            unit: p.unit.clone(),
            quantity: 1,
            unit_price: p.price,
            discount_bp: 0,
            unit_cost: p.cost,
        }
    }
}

/// `amount` less `bp` basis points, rounded half away from zero.
pub(crate) fn off(amount: i128, bp: u32) -> i128 {
    amount - share(amount, bp)
}

/// `bp` basis points of `amount`, rounded half away from zero.
fn share(amount: i128, bp: u32) -> i128 {
    let x = amount * bp as i128;
    let (q, r) = (x / 10_000, x % 10_000);
    if r.abs() * 2 >= 10_000 {
        q + x.signum()
    } else {
        q
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub id: Id,
    pub customer: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity: Option<Id>,
    /// The number the customer sees (`Q-2026-0007`).
    pub number: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    pub issued: Day,
    /// The last day the customer may accept it.
    pub valid_until: Day,
    pub status: QuoteStatus,
    pub lines: Vec<QuoteLine>,
    /// A discount on the whole, after the lines' own.
    #[serde(default)]
    pub discount_bp: u32,
    /// Tax (增值税) on the discounted total, in basis points (1300 = 13 %).
    #[serde(default)]
    pub tax_bp: u32,
    /// Payment and delivery terms, printed under the lines.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub terms: String,
    /// When it was accepted and became an order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered: Option<Millis>,
    pub created: Millis,
    pub updated: Millis,
}

/// A quote's sums, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// The lines' net amounts.
    pub lines: Cents,
    /// The discount on the whole.
    pub discount: Cents,
    /// Before tax.
    pub net: Cents,
    pub tax: Cents,
    /// What the customer pays.
    pub total: Cents,
    /// What the lines cost the shop, when every line's cost is known.
    pub cost: Option<Cents>,
}

impl Totals {
    /// Net less cost, when the cost is known.
    pub fn margin(&self) -> Option<Cents> {
        Some(Cents(self.net.0 - self.cost?.0))
    }
}

/// The most lines a quote holds.
pub const MAX_LINES: usize = 200;

impl Quote {
    pub fn new(id: Id, customer: Id, number: String, today: Day, now: Millis) -> Quote {
        Quote {
            id,
            customer,
            opportunity: None,
            number,
            owner: String::new(),
            issued: today,
            valid_until: Day(today.0 + 30),
            status: QuoteStatus::Draft,
            lines: Vec::new(),
            discount_bp: 0,
            tax_bp: 0,
            terms: String::new(),
            ordered: None,
            created: now,
            updated: now,
        }
    }

    /// The sums, or `None` past the money limit.
    pub fn totals(&self) -> Option<Totals> {
        let lines: i128 = self.lines.iter().map(QuoteLine::net).sum();
        let net = off(lines, self.discount_bp);
        let tax = share(net, self.tax_bp);
        let cost = self.lines.iter().map(QuoteLine::cost).sum::<Option<i128>>();
        let cents =
            |v: i128| (v.abs() <= crate::money::MAX_CENTS as i128).then_some(Cents(v as i64));
        Some(Totals {
            lines: cents(lines)?,
            discount: cents(lines - net)?,
            net: cents(net)?,
            tax: cents(tax)?,
            total: cents(net + tax)?,
            cost: match cost {
                Some(c) => Some(cents(c)?),
                None => None,
            },
        })
    }

    /// Its status as of `today`: an open quote past its last valid day is expired.
    pub fn status_on(&self, today: Day) -> QuoteStatus {
        match self.status {
            s if s.is_open() && today > self.valid_until => QuoteStatus::Expired,
            s => s,
        }
    }

    /// The units of each catalogue product its lines sell (lines typed by hand name no
    /// product and take no stock).
    pub fn units(&self) -> Vec<(Id, u32)> {
        let mut out: Vec<(Id, u32)> = Vec::new();
        for l in &self.lines {
            let Some(p) = &l.product else { continue };
            match out.iter_mut().find(|(id, _)| id == p) {
                Some((_, n)) => *n = n.saturating_add(l.quantity),
                None => out.push((p.clone(), l.quantity)),
            }
        }
        out
    }

    /// The order an accepted quote becomes, dated `day`: its lines as items (product,
    /// quantity, list price, the line's discount and unit cost), the total with tax as
    /// the amount, the quote's number in the note, open (not yet paid), sold by the
    /// quote's owner, at the lines' cost when every line's is known.
    pub fn to_order(&self, customer_key: u32, day: Day) -> Option<crate::Order> {
        let totals = self.totals()?;
        let items = self
            .lines
            .iter()
            .map(|l| OrderItem {
                product: l.name.clone(),
                product_id: l.product.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                discount_bp: l.discount_bp,
                unit_cost: l.unit_cost,
            })
            .collect();
        Some(crate::Order {
            id: 0,
            customer: customer_key,
            day,
            amount: totals.total,
            items,
            note: self.number.clone(),
            status: crate::OrderStatus::Open,
            seller: self.owner.clone(),
            cost: totals.cost,
        })
    }
}

impl crate::kinds::Doc for Quote {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("quotes");

    crate::kinds::doc_accessors!(customer);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_quote(self)
    }
}

/// The rules a quote obeys, whoever wrote it: a number; one to [`MAX_LINES`] lines,
/// each named, of at least one unit, at a price within the limit and a discount of at
/// most 100 %; valid from its issue day on; percentages within 0–100 %; totals within
/// the money limit; only an accepted quote has become an order.
pub fn check_quote(q: Quote) -> Result<Quote, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let number = validate::line(&q.number, validate::MAX_CODE, Field::QuoteNumber, &mut err);
    if number.is_empty() {
        err(Field::QuoteNumber, Problem::Required);
    }
    if q.valid_until < q.issued {
        err(Field::QuoteValidUntil, Problem::BeforeIssued);
    }
    if q.lines.is_empty() {
        err(Field::QuoteLines, Problem::Required);
    } else if q.lines.len() > MAX_LINES {
        err(Field::QuoteLines, Problem::TooManyItems { max: MAX_LINES });
    }
    let mut lines = Vec::with_capacity(q.lines.len());
    for (i, l) in q.lines.iter().enumerate() {
        let name = validate::line(&l.name, validate::MAX_TEXT, Field::LineName(i), &mut err);
        if name.is_empty() {
            err(Field::LineName(i), Problem::Required);
        }
        let unit = validate::line(&l.unit, validate::MAX_TAG, Field::LineName(i), &mut err);
        if l.quantity == 0 {
            err(Field::LineQuantity(i), Problem::QuantityTooSmall);
        } else if l.quantity as i64 > MAX_UNITS {
            err(Field::LineQuantity(i), Problem::TooManyUnits);
        }
        validate::amount_in_range(l.unit_price, Field::LinePrice(i), &mut err);
        if l.discount_bp > 10_000 {
            err(Field::LineDiscount(i), Problem::InvalidPercent);
        }
        lines.push(QuoteLine {
            name,
            unit,
            ..l.clone()
        });
    }
    if q.discount_bp > 10_000 {
        err(Field::QuoteDiscount, Problem::InvalidPercent);
    }
    if q.tax_bp > 10_000 {
        err(Field::QuoteTax, Problem::InvalidPercent);
    }
    if q.status == QuoteStatus::Expired
        || (q.ordered.is_some() && q.status != QuoteStatus::Accepted)
    {
        err(Field::QuoteNumber, Problem::Inconsistent);
    }
    let terms = validate::block(&q.terms, validate::MAX_NOTES, Field::QuoteTerms, &mut err);
    let q = Quote {
        number,
        lines,
        terms,
        ..q
    };
    if q.totals().is_none() {
        err(
            Field::QuoteLines,
            Problem::Money(crate::money::MoneyError::TooLarge),
        );
    }
    validate::merged(Ok(q), errs)
}

/// The next quote number of `year` after `numbers` (those in use): `Q-<year>-` and one
/// more than the highest of that year, four digits at least.
pub fn next_number<'a>(numbers: impl IntoIterator<Item = &'a str>, year: i32) -> String {
    let prefix = format!("Q-{year}-");
    let last = numbers
        .into_iter()
        .filter_map(|n| n.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:04}", last + 1)
}

/// What a customer would owe if `amount` were added to what it owes now (`arrears`),
/// when that passes its credit limit: `Some(over by)`.
pub fn over_credit(limit: Option<Cents>, arrears: Cents, amount: Cents) -> Option<Cents> {
    let limit = limit?;
    let owed = arrears.0 + amount.0;
    (owed > limit.0).then_some(Cents(owed - limit.0))
}

/// The shop's own details, printed at the head of its quotes: a setting of the device,
/// kept as JSON and carried in backups.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Letterhead {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// 纳税人识别号.
    pub tax_id: String,
    /// Bank and account, for payment.
    pub bank: String,
}

/// A quote line as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineDraft {
    pub product: Option<Id>,
    pub name: String,
    pub unit: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount: String,
    pub unit_cost: Option<Cents>,
}

impl LineDraft {
    pub fn of(l: &QuoteLine) -> LineDraft {
        LineDraft {
            product: l.product.clone(),
            name: l.name.clone(),
            unit: l.unit.clone(),
            quantity: l.quantity.to_string(),
            unit_price: l.unit_price.to_string(),
            discount: crate::staff::percent_text(l.discount_bp),
            unit_cost: l.unit_cost,
        }
    }
}

/// A quote as typed in its editor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuoteDraft {
    pub number: String,
    pub owner: String,
    pub issued: String,
    pub valid_until: String,
    pub lines: Vec<LineDraft>,
    pub discount: String,
    pub tax: String,
    pub terms: String,
}

impl QuoteDraft {
    pub fn from_quote(q: &Quote) -> QuoteDraft {
        QuoteDraft {
            number: q.number.clone(),
            owner: q.owner.clone(),
            issued: q.issued.to_string(),
            valid_until: q.valid_until.to_string(),
            lines: q.lines.iter().map(LineDraft::of).collect(),
            discount: crate::staff::percent_text(q.discount_bp),
            tax: crate::staff::percent_text(q.tax_bp),
            terms: q.terms.clone(),
        }
    }

    /// The quote this draft makes of `base` at `now`, or every problem. Blank lines
    /// (no name, quantity or price) are left out.
    pub fn validate(&self, base: Quote, now: Millis) -> Result<Quote, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let mut day = |s: &str, field| match validate::opt_date(s, field, &mut err) {
            Some(d) => Some(d),
            None if s.trim().is_empty() => {
                err(field, Problem::Required);
                None
            }
            None => None,
        };
        let issued = day(&self.issued, Field::QuoteIssued);
        let valid_until = day(&self.valid_until, Field::QuoteValidUntil);
        let mut lines = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let blank = [&l.name, &l.quantity, &l.unit_price]
                .iter()
                .all(|s| s.trim().is_empty());
            if blank {
                continue;
            }
            let quantity = match l.quantity.trim().parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    err(Field::LineQuantity(i), Problem::NotAWholeNumber);
                    1
                }
            };
            if l.unit_price.trim().is_empty() {
                err(Field::LinePrice(i), Problem::Required);
            }
            let unit_price = validate::money(&l.unit_price, Field::LinePrice(i), &mut err);
            let discount_bp = percent_bp(&l.discount, Field::LineDiscount(i), &mut err);
            lines.push(QuoteLine {
                product: l.product.clone(),
                name: l.name.clone(),
                unit: l.unit.clone(),
                quantity,
                unit_price: unit_price.unwrap_or(Cents(0)),
                discount_bp,
                unit_cost: l.unit_cost,
            });
        }
        let discount_bp = percent_bp(&self.discount, Field::QuoteDiscount, &mut err);
        let tax_bp = percent_bp(&self.tax, Field::QuoteTax, &mut err);
        let q = Quote {
            number: self.number.clone(),
            owner: self.owner.clone(),
            issued: issued.unwrap_or(base.issued),
            valid_until: valid_until.unwrap_or(base.valid_until),
            lines,
            discount_bp,
            tax_bp,
            terms: self.terms.clone(),
            updated: now,
            ..base
        };
        validate::merged(check_quote(q), errs)
    }
}

impl LineDraft {
    /// The line as far as it reads (what does not read counts as nothing), for the
    /// sums shown while typing.
    pub fn preview(&self) -> QuoteLine {
        QuoteLine {
            product: self.product.clone(),
            name: self.name.clone(),
            unit: self.unit.clone(),
            quantity: self.quantity.trim().parse().unwrap_or(0),
            unit_price: Cents::parse(&self.unit_price)
                .ok()
                .filter(|c| c.0 >= 0)
                .unwrap_or(Cents(0)),
            discount_bp: validate::basis_points(&self.discount).unwrap_or(0),
            unit_cost: self.unit_cost,
        }
    }
}

impl QuoteDraft {
    /// The sums as far as the draft reads, while it is typed.
    pub fn preview(&self) -> Option<Totals> {
        Quote {
            lines: self.lines.iter().map(LineDraft::preview).collect(),
            discount_bp: validate::basis_points(&self.discount).unwrap_or(0),
            tax_bp: validate::basis_points(&self.tax).unwrap_or(0),
            ..Quote::new(
                Id::default(),
                Id::default(),
                String::new(),
                Day(0),
                Millis(0),
            )
        }
        .totals()
    }
}

/// A percentage as typed, in basis points (0 when blank); a bad one is reported on
/// `field`.
fn percent_bp(s: &str, field: Field, err: &mut impl FnMut(Field, Problem)) -> u32 {
    validate::basis_points(s).unwrap_or_else(|e| {
        err(field, e.problem);
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(
        name: &str,
        quantity: u32,
        price: i64,
        discount_bp: u32,
        cost: Option<i64>,
    ) -> QuoteLine {
        QuoteLine {
            product: None,
            name: name.into(),
            unit: String::new(),
            quantity,
            unit_price: Cents(price),
            discount_bp,
            unit_cost: cost.map(Cents),
        }
    }

    fn quote(lines: Vec<QuoteLine>) -> Quote {
        let mut q = Quote::new(
            Id("q".into()),
            Id("c".into()),
            "Q-2026-0001".into(),
            Day(20_000),
            Millis(0),
        );
        q.lines = lines;
        q
    }

    #[test]
    fn units_sum_each_catalogue_products_lines_and_skip_typed_ones() {
        let of = |p: &str, n| QuoteLine {
            product: Some(Id(p.into())),
            ..line(p, n, 100, 0, None)
        };
        let q = quote(vec![
            of("a", 2),
            line("typed", 9, 1, 0, None),
            of("b", 1),
            of("a", 3),
        ]);
        assert_eq!(q.units(), [(Id("a".into()), 5), (Id("b".into()), 1)]);
        let o = q.to_order(7, Day(20_001)).unwrap();
        assert_eq!(
            o.status,
            crate::OrderStatus::Open,
            "an accepted quote is not yet paid"
        );
    }

    #[test]
    fn totals_take_line_discounts_then_the_whole_discount_then_tax_rounding_each_once() {
        // 3 × ¥33.33 less 10 % = 89.991 → 89.99; 2 × ¥100 = 200.
        let mut q = quote(vec![
            line("A", 3, 3333, 1000, Some(2000)),
            line("B", 2, 10_000, 0, Some(6000)),
        ]);
        q.discount_bp = 500; // 5 % off 289.99 = 14.4995 → 14.50
        q.tax_bp = 1300; // 13 % of 275.49 = 35.8137 → 35.81
        let t = q.totals().unwrap();
        assert_eq!(t.lines, Cents(28_999));
        assert_eq!(t.discount, Cents(1_450));
        assert_eq!(t.net, Cents(27_549));
        assert_eq!(t.tax, Cents(3_581));
        assert_eq!(t.total, Cents(31_130));
        assert_eq!(t.cost, Some(Cents(18_000)));
        assert_eq!(t.margin(), Some(Cents(9_549)));
        // One line without a cost: the margin is unknown, not understated.
        q.lines[1].unit_cost = None;
        assert_eq!(q.totals().unwrap().cost, None);
    }

    #[test]
    fn an_open_quote_expires_after_its_last_valid_day_and_a_decided_one_never_does() {
        let mut q = quote(vec![line("A", 1, 100, 0, None)]);
        q.status = QuoteStatus::Sent;
        assert_eq!(q.status_on(q.valid_until), QuoteStatus::Sent);
        assert_eq!(q.status_on(Day(q.valid_until.0 + 1)), QuoteStatus::Expired);
        q.status = QuoteStatus::Accepted;
        assert_eq!(
            q.status_on(Day(q.valid_until.0 + 99)),
            QuoteStatus::Accepted
        );
    }

    #[test]
    fn an_accepted_quote_becomes_an_order_with_its_lines_and_total() {
        let mut q = quote(vec![
            line("茶叶", 4, 2500, 2000, None),
            line("茶具", 1, 9900, 0, None),
        ]);
        q.tax_bp = 1300;
        let o = q.to_order(7, Day(20_005)).unwrap();
        assert_eq!(
            (o.customer, o.day, o.note.as_str()),
            (7, Day(20_005), "Q-2026-0001")
        );
        assert_eq!(o.items.len(), 2);
        assert_eq!(
            (
                o.items[0].quantity,
                o.items[0].unit_price,
                o.items[0].discount_bp
            ),
            (4, Cents(2500), 2000)
        );
        assert_eq!(
            o.items[0].net(),
            Some(8000),
            "the line's discount taken off"
        );
        // 80 + 99 = 179, 13 % = 23.27.
        assert_eq!(o.amount, Cents(20_227));
        assert!(crate::validate::check_order(o, Day(20_005)).is_ok());
    }

    #[test]
    fn the_editor_names_each_bad_line_and_leaves_blank_ones_out() {
        let base = quote(Vec::new());
        let mut d = QuoteDraft::from_quote(&base);
        assert_eq!(
            d.validate(base.clone(), Millis(1)).unwrap_err()[0].field,
            Field::QuoteLines,
            "a quote needs a line"
        );
        d.lines = vec![
            LineDraft {
                name: "茶叶".into(),
                quantity: "2".into(),
                unit_price: "88".into(),
                discount: "10".into(),
                ..LineDraft::default()
            },
            LineDraft::default(),
            LineDraft {
                name: "茶具".into(),
                quantity: "two".into(),
                unit_price: "".into(),
                discount: "150".into(),
                ..LineDraft::default()
            },
        ];
        d.tax = "13%".into();
        let errs: Vec<Field> = d
            .validate(base.clone(), Millis(1))
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            errs,
            [
                Field::LineQuantity(2),
                Field::LinePrice(2),
                Field::LineDiscount(2)
            ]
        );
        d.lines.truncate(2);
        d.valid_until = "2020-01-01".into();
        assert_eq!(
            d.validate(base.clone(), Millis(1)).unwrap_err()[0].field,
            Field::QuoteValidUntil
        );
        d.valid_until = base.valid_until.to_string();
        let q = d.validate(base, Millis(1)).unwrap();
        assert_eq!(q.lines.len(), 1);
        assert_eq!((q.lines[0].discount_bp, q.tax_bp), (1000, 1300));
        assert_eq!(q.totals().unwrap().total, Cents(17_899)); // 158.40 + 20.592
        // While typing, what reads is summed and the rest counts as nothing.
        d.lines.push(LineDraft {
            quantity: "x".into(),
            unit_price: "5".into(),
            ..LineDraft::default()
        });
        assert_eq!(d.preview().unwrap().total, Cents(17_899));
    }

    #[test]
    fn numbers_count_up_within_a_year() {
        assert_eq!(next_number([], 2026), "Q-2026-0001");
        let used = ["Q-2026-0009", "Q-2025-0100", "Q-2026-0010", "mine"];
        assert_eq!(next_number(used, 2026), "Q-2026-0011");
    }

    #[test]
    fn the_credit_limit_warns_when_the_amount_would_pass_it() {
        assert_eq!(over_credit(None, Cents(1), Cents(10)), None);
        assert_eq!(over_credit(Some(Cents(100)), Cents(50), Cents(50)), None);
        assert_eq!(
            over_credit(Some(Cents(100)), Cents(50), Cents(70)),
            Some(Cents(20))
        );
        assert_eq!(
            over_credit(Some(Cents(100)), Cents(0), Cents(120)),
            Some(Cents(20))
        );
    }
}
