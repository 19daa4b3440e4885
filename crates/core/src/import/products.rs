//! Planning a catalogue file: one product per row, checked as the product form checks
//! it. A row whose SKU is already in the catalogue, or on an earlier row, is skipped
//! and reported (an import adds products; it never overwrites one the shop edited).

use super::formats::parse_bool;
use super::mapping::Target;
use super::plan::{Cells, ImportError, ImportProblem, When, columns, repeat};
use super::table::TableError;
use crate::fxhash::FxHashMap;
use crate::product::ProductDraft;
use crate::text::fold;
use crate::validate::Field;
use crate::{Id, Product};

/// What a run of rows would write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductPlan {
    pub products: Vec<Product>,
    pub skipped: Vec<ImportError>,
    pub errors: Vec<ImportError>,
}

pub struct ProductPlanner {
    cols: FxHashMap<Target, usize>,
    when: When,
    /// Folded SKUs seen: on a line of the file, or stored (line 0).
    seen: FxHashMap<u64, u64>,
}

/// The column a product form's field comes from.
fn target_of(f: Field) -> Option<Target> {
    Some(match f {
        Field::ProductSku => Target::ProductSku,
        Field::ProductName => Target::ProductName,
        Field::ProductCategory => Target::ProductCategory,
        Field::ProductUnit => Target::ProductUnit,
        Field::ProductPrice => Target::ProductPrice,
        Field::ProductCost => Target::ProductCost,
        Field::ProductStock => Target::ProductStock,
        Field::ProductNote => Target::ProductNote,
        _ => return None,
    })
}

fn sku_key(sku: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<crate::fxhash::FxHasher>::default().hash_one(fold(sku.trim()))
}

/// "Still sold": blank is yes; besides yes and no, the words a catalogue's status
/// column uses.
fn active(s: &str) -> Option<bool> {
    match fold(s.trim()).as_str() {
        "" | "active" | "onsale" | "在售" | "上架" | "启用" | "正常" => Some(true),
        "inactive" | "discontinued" | "停售" | "下架" | "停用" | "停产" => Some(false),
        other => parse_bool(other),
    }
}

impl ProductPlanner {
    pub fn new(mapping: &[Option<Target>], when: When) -> Self {
        ProductPlanner {
            cols: columns(mapping),
            when,
            seen: FxHashMap::default(),
        }
    }

    /// The catalogue as stored: its SKUs are taken.
    pub fn stored(&mut self, products: &[Product]) {
        for p in products {
            self.seen.insert(sku_key(&p.sku), 0);
        }
    }

    /// Adds one row's outcome to `plan`.
    pub fn row(
        &mut self,
        row: Result<(u64, &[String]), TableError>,
        plan: &mut ProductPlan,
        new_id: &mut dyn FnMut() -> Id,
    ) {
        let (line, cells) = match row {
            Ok(r) => r,
            Err(e) => return plan.errors.push(e.into()),
        };
        let cols = &self.cols;
        let here = Cells { line, cells, cols };
        let cell = |t| here.get(t).to_string();
        let Some(is_active) = active(here.get(Target::ProductActive)) else {
            let e = here.error(Target::ProductActive, ImportProblem::NotYesNo);
            return plan.errors.push(e);
        };
        let draft = ProductDraft {
            sku: cell(Target::ProductSku),
            name: cell(Target::ProductName),
            category: cell(Target::ProductCategory),
            unit: cell(Target::ProductUnit),
            price: cell(Target::ProductPrice),
            cost: cell(Target::ProductCost),
            stock: cell(Target::ProductStock),
            active: is_active,
            note: cell(Target::ProductNote),
        };
        let now = self.when.now;
        // SKUs are checked below against the file and the catalogue at once.
        match draft.validate(Product::new(Id(String::new()), now), &[], now) {
            Err(errs) => plan.errors.extend(here.field_errors(errs, target_of)),
            Ok(p) => match repeat(&mut self.seen, sku_key(&p.sku), line) {
                Some(problem) => plan.skipped.push(here.error(Target::ProductSku, problem)),
                None => plan.products.push(Product {
                    id: new_id(),
                    created: now,
                    ..p
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::{ImportKind, suggest};
    use crate::import::testing::{WHEN, ids, table};
    use crate::{Cents, Millis};

    fn plan(csv: &str, stored: &[Product]) -> ProductPlan {
        let mut t = table(csv);
        let mapping = suggest(ImportKind::Products, t.header(), &[], &[]);
        let mut p = ProductPlanner::new(&mapping, WHEN);
        p.stored(stored);
        let mut out = ProductPlan::default();
        let mut id = ids();
        while let Some(row) = t.next_row() {
            p.row(row, &mut out, &mut id);
        }
        out
    }

    #[test]
    fn a_catalogue_reads_with_chinese_headers() {
        let csv = "货号,商品名称,分类,单位,售价,成本价,库存,状态\n\
                   T-01,龙井 250g,茶叶,盒,128.00,70,40,在售\n\
                   T-02,紫砂壶,茶具,把,\"1,280\",,,下架\n";
        let p = plan(csv, &[]);
        assert_eq!(p.errors, []);
        let [a, b] = &p.products[..] else {
            panic!("{p:?}")
        };
        assert_eq!(
            (a.id.0.as_str(), a.sku.as_str(), a.name.as_str()),
            ("new-1", "T-01", "龙井 250g")
        );
        assert_eq!(
            (a.price, a.cost, a.stock, a.active),
            (Cents(12_800), Some(Cents(7_000)), Some(40), true)
        );
        assert_eq!(
            (a.category.as_str(), a.unit.as_str(), a.created),
            ("茶叶", "盒", WHEN.now)
        );
        assert_eq!(
            (b.price, b.cost, b.stock, b.active),
            (Cents(128_000), None, None, false)
        );
    }

    #[test]
    fn bad_rows_name_their_column_and_known_skus_are_skipped() {
        let mut stored = Product::new(Id("old".into()), Millis(0));
        stored.sku = "t-01".into();
        let csv = "SKU,Name,Price,Stock,Active\n\
                   T-01,Tea,5,,\n\
                   T-02,Pot,-3,,\n\
                   T-03,,5,,\n\
                   T-04,Cup,5,lots,\n\
                   T-05,Tray,5,,maybe\n\
                   T-06,Mat,5,,\n\
                   t-06,Mat again,5,,\n";
        let p = plan(csv, &[stored]);
        let names: Vec<&str> = p.products.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["Mat"]);
        let skipped: Vec<(u64, ImportProblem)> = p
            .skipped
            .iter()
            .map(|e| (e.line, e.problem.clone()))
            .collect();
        assert_eq!(
            skipped,
            [
                (2, ImportProblem::AlreadyStored),
                (8, ImportProblem::Duplicate { first: 7 })
            ]
        );
        let errors: Vec<(u64, Option<usize>)> =
            p.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(
            errors,
            [(3, Some(2)), (4, Some(1)), (5, Some(3)), (6, Some(4))]
        );
    }
}
