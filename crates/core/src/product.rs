//! Products (产品): what the shop sells, with its list price, its cost (so quotes and
//! orders show a margin) and, when the shop counts it, its stock. A record of the whole
//! shop. Quotes copy a product's name, unit, price and cost into their lines, so a price
//! changed later never rewrites a quote already given.

use crate::text::fold;
use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, Day, Id, Millis};
use serde::{Deserialize, Serialize};

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: Id,
    /// The shop's own code for it (货号); unique among its products, ignoring case and
    /// full-width forms.
    pub sku: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// What one is counted in (件, 箱, kg).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// The list price of one unit.
    pub price: Cents,
    /// What one unit costs the shop, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cents>,
    /// Units in stock, when the shop counts them (below zero: sold before received).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<i64>,
    /// Whether it is offered on new quotes; an old one stays on the quotes that had it.
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub created: Millis,
    pub updated: Millis,
}

/// The most units a stock count or a quote line takes.
pub const MAX_UNITS: i64 = 1_000_000_000;

impl Product {
    pub fn new(id: Id, now: Millis) -> Product {
        Product {
            id,
            sku: String::new(),
            name: String::new(),
            category: String::new(),
            unit: String::new(),
            price: Cents(0),
            cost: None,
            stock: None,
            active: true,
            note: String::new(),
            created: now,
            updated: now,
        }
    }

    /// The gross margin of one unit at the list price, in basis points of the price;
    /// `None` without a cost or a price.
    pub fn margin_bp(&self) -> Option<i64> {
        margin_bp(self.price, self.cost?)
    }

    /// Takes `units` sold out of stock, when the shop counts this product's stock (it
    /// may go below zero: sold before received). Returns whether the product changed.
    pub fn take(&mut self, units: u32, now: Millis) -> bool {
        let Some(stock) = self.stock else {
            return false;
        };
        self.stock = Some(stock - units as i64);
        self.updated = now;
        true
    }

    /// What the list shows and a quote line offers: `SKU name`.
    pub fn label(&self) -> String {
        format!("{} {}", self.sku, self.name)
    }
}

/// `(price − cost) / price` in basis points (negative when sold below cost); `None` for
/// a zero price.
pub fn margin_bp(price: Cents, cost: Cents) -> Option<i64> {
    if price.0 == 0 {
        return None;
    }
    let m = (price.0 as i128 - cost.0 as i128) * 10_000 / price.0 as i128;
    Some(m as i64)
}

impl crate::kinds::Doc for Product {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("products");

    crate::kinds::doc_accessors!(shop);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_product(self)
    }
}

/// The rules a product obeys, whoever wrote it: a code and a name; texts cleaned and
/// within their limits; price and cost not negative and within the money limit; stock
/// within ±[`MAX_UNITS`].
pub fn check_product(p: Product) -> Result<Product, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let sku = validate::line(&p.sku, validate::MAX_CODE, Field::ProductSku, &mut err);
    if sku.is_empty() {
        err(Field::ProductSku, Problem::Required);
    }
    let name = validate::line(&p.name, validate::MAX_NAME, Field::ProductName, &mut err);
    if name.is_empty() {
        err(Field::ProductName, Problem::Required);
    }
    let category = validate::line(
        &p.category,
        validate::MAX_TEXT,
        Field::ProductCategory,
        &mut err,
    );
    let unit = validate::line(&p.unit, validate::MAX_TAG, Field::ProductUnit, &mut err);
    validate::amount_in_range(p.price, Field::ProductPrice, &mut err);
    if let Some(c) = p.cost {
        validate::amount_in_range(c, Field::ProductCost, &mut err);
    }
    if p.stock.is_some_and(|s| s.abs() > MAX_UNITS) {
        err(Field::ProductStock, Problem::TooManyUnits);
    }
    let note = validate::block(&p.note, validate::MAX_NOTES, Field::ProductNote, &mut err);
    validate::merged(
        Ok(Product {
            sku,
            name,
            category,
            unit,
            note,
            ..p
        }),
        errs,
    )
}

/// Whether another of `products` than `id` already has `sku` (ignoring case, spaces
/// around and full-width forms).
pub fn sku_taken(products: &[Product], sku: &str, id: &Id) -> bool {
    let want = fold(sku.trim());
    !want.is_empty()
        && products
            .iter()
            .any(|p| &p.id != id && fold(p.sku.trim()) == want)
}

/// The categories in use, each once, in order.
pub fn categories(products: &[Product]) -> Vec<String> {
    let mut all: Vec<String> = products
        .iter()
        .map(|p| p.category.clone())
        .filter(|c| !c.is_empty())
        .collect();
    all.sort();
    all.dedup();
    all
}

/// The products a list shows: those whose code, name or category holds `text`
/// (ignoring case and full-width forms), in `category` (any when empty), the
/// discontinued ones only with `all`; by category, then code.
pub fn listed<'a>(
    products: &'a [Product],
    text: &str,
    category: &str,
    all: bool,
) -> Vec<&'a Product> {
    let want = fold(text.trim());
    let mut out: Vec<&Product> = products
        .iter()
        .filter(|p| all || p.active)
        .filter(|p| category.is_empty() || p.category == category)
        .filter(|p| {
            want.is_empty()
                || [&p.sku, &p.name, &p.category]
                    .iter()
                    .any(|s| fold(s).contains(&want))
        })
        .collect();
    out.sort_by(|a, b| (&a.category, &a.sku).cmp(&(&b.category, &b.sku)));
    out
}

/// A product as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductDraft {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub price: String,
    pub cost: String,
    /// Blank when the shop does not count it.
    pub stock: String,
    pub active: bool,
    pub note: String,
}

impl ProductDraft {
    pub fn from_product(p: &Product) -> ProductDraft {
        ProductDraft {
            sku: p.sku.clone(),
            name: p.name.clone(),
            category: p.category.clone(),
            unit: p.unit.clone(),
            price: match p.price.0 {
                0 if p.name.is_empty() => String::new(),
                _ => p.price.to_string(),
            },
            cost: p.cost.map(|c| c.to_string()).unwrap_or_default(),
            stock: p.stock.map(|s| s.to_string()).unwrap_or_default(),
            active: p.active,
            note: p.note.clone(),
        }
    }

    /// The record this draft makes of `base` at `now`, or every problem; `others` are
    /// the shop's products, whose codes this one must not repeat.
    pub fn validate(
        &self,
        base: Product,
        others: &[Product],
        now: Millis,
    ) -> Result<Product, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        if self.price.trim().is_empty() {
            err(Field::ProductPrice, Problem::Required);
        }
        let price = validate::money(&self.price, Field::ProductPrice, &mut err);
        let cost = validate::money(&self.cost, Field::ProductCost, &mut err);
        let stock = match self.stock.trim() {
            "" => None,
            s => match s.replace([',', '，'], "").parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    err(Field::ProductStock, Problem::NotAWholeNumber);
                    None
                }
            },
        };
        if sku_taken(others, &self.sku, &base.id) {
            err(Field::ProductSku, Problem::Taken);
        }
        let p = Product {
            sku: self.sku.clone(),
            name: self.name.clone(),
            category: self.category.clone(),
            unit: self.unit.clone(),
            price: price.unwrap_or(Cents(0)),
            cost,
            stock,
            active: self.active,
            note: self.note.clone(),
            updated: now,
            ..base
        };
        validate::merged(check_product(p), errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_is_taken_only_where_it_is_counted() {
        let mut p = Product::new(Id("p".into()), Millis(1));
        assert!(!p.take(3, Millis(2)), "not counted: nothing to take");
        assert_eq!((p.stock, p.updated), (None, Millis(1)));
        p.stock = Some(2);
        assert!(p.take(3, Millis(5)));
        assert_eq!(
            (p.stock, p.updated),
            (Some(-1), Millis(5)),
            "sold before received"
        );
    }

    fn draft(sku: &str, name: &str, price: &str) -> ProductDraft {
        ProductDraft {
            sku: sku.into(),
            name: name.into(),
            price: price.into(),
            active: true,
            ..ProductDraft::default()
        }
    }

    fn fields(r: Result<Product, Vec<FieldError>>) -> Vec<(Field, Problem)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_product_needs_a_code_a_name_and_a_price_and_its_code_is_its_own() {
        let base = Product::new(Id("p1".into()), Millis(1));
        assert_eq!(
            fields(ProductDraft::default().validate(base.clone(), &[], Millis(2))),
            [
                (Field::ProductSku, Problem::Required),
                (Field::ProductName, Problem::Required),
                (Field::ProductPrice, Problem::Required),
            ]
        );
        let mut tea = Product::new(Id("p0".into()), Millis(0));
        tea.sku = "TEA-01".into();
        let d = draft(" ｔｅａ-01 ", "龙井", "88");
        assert_eq!(
            fields(d.validate(base.clone(), std::slice::from_ref(&tea), Millis(2))),
            [(Field::ProductSku, Problem::Taken)]
        );
        // Saving a product again keeps its own code.
        let d = draft("TEA-01", "龙井", "88");
        assert!(
            d.validate(tea.clone(), std::slice::from_ref(&tea), Millis(2))
                .is_ok()
        );
    }

    #[test]
    fn price_cost_and_stock_are_read_as_typed_and_the_margin_follows() {
        let base = Product::new(Id("p1".into()), Millis(1));
        let d = ProductDraft {
            cost: "52.80".into(),
            stock: "1,200".into(),
            unit: "盒".into(),
            ..draft("TEA-02", "碧螺春", "¥88")
        };
        let p = d.validate(base.clone(), &[], Millis(5)).unwrap();
        assert_eq!(
            (p.price, p.cost, p.stock),
            (Cents(8800), Some(Cents(5280)), Some(1200))
        );
        assert_eq!(p.margin_bp(), Some(4000));
        assert_eq!(p.updated, Millis(5));
        assert_eq!(ProductDraft::from_product(&p).price, "88.00");
        let bad = ProductDraft {
            cost: "-1".into(),
            stock: "many".into(),
            ..draft("X", "Y", "abc")
        };
        assert_eq!(
            fields(bad.validate(base, &[], Millis(5)))
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>(),
            [Field::ProductPrice, Field::ProductCost, Field::ProductStock]
        );
        assert_eq!(margin_bp(Cents(100), Cents(150)), Some(-5000), "below cost");
        assert_eq!(margin_bp(Cents(0), Cents(1)), None);
    }

    #[test]
    fn the_list_finds_by_code_name_or_category_and_hides_discontinued_ones() {
        let make = |sku: &str, name: &str, cat: &str, active: bool| Product {
            sku: sku.into(),
            name: name.into(),
            category: cat.into(),
            active,
            ..Product::new(Id(sku.into()), Millis(0))
        };
        let all = [
            make("B-2", "扫码枪", "收银设备", true),
            make("A-1", "热敏纸", "耗材", true),
            make("B-1", "收银机", "收银设备", true),
            make("A-2", "标签纸", "耗材", false),
        ];
        let skus = |v: Vec<&Product>| v.iter().map(|p| p.sku.clone()).collect::<Vec<_>>();
        assert_eq!(skus(listed(&all, "", "", false)), ["B-1", "B-2", "A-1"]);
        assert_eq!(skus(listed(&all, "", "耗材", true)), ["A-1", "A-2"]);
        assert_eq!(skus(listed(&all, "ｂ-", "", false)), ["B-1", "B-2"]);
        assert_eq!(skus(listed(&all, "纸", "", true)), ["A-1", "A-2"]);
    }

    #[test]
    fn categories_are_listed_once_in_order() {
        let mut a = Product::new(Id("a".into()), Millis(0));
        a.category = "茶叶".into();
        let mut b = a.clone();
        b.category = "茶具".into();
        let c = Product::new(Id("c".into()), Millis(0));
        assert_eq!(categories(&[a.clone(), b, c, a]), ["茶具", "茶叶"]);
    }
}
