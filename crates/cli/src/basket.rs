//! `kehu basket`: the Basket tab's analysis (`kehu_core::analytics::basket`) on an order
//! lines CSV, one row per product sold, written as a CSV of rules.

use crate::run::{Failure, SHOWN_ERRORS, write_atomically};
use kehu_core::analytics::basket::{OrderSet, Rule, analyse};
use kehu_core::export::defuse;
use kehu_core::fxhash::FxHashMap;
use kehu_core::{Cents, LineBuilder, OrderItem};
use std::io::Write;
use std::path::Path;

/// Each order's products, orders numbered 1, 2, … as first seen (rows of one order may
/// be anywhere in the file).
fn read(
    path: &Path,
    order_column: &str,
    product_column: &str,
) -> Result<Vec<Vec<String>>, Failure> {
    let file = std::fs::File::open(path).map_err(|e| Failure::Io(path.to_path_buf(), e))?;
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let name = path.display();
    let data = |m: String| Failure::Data(format!("{name}: {m}"));
    let head = r.headers().map_err(|e| data(e.to_string()))?.clone();
    let col = |want: &str| {
        head.iter()
            .position(|h| h.trim().eq_ignore_ascii_case(want))
            .ok_or_else(|| data(format!("no column {want:?}")))
    };
    let (oi, pi) = (col(order_column)?, col(product_column)?);
    let mut number: FxHashMap<String, usize> = FxHashMap::default();
    let mut orders: Vec<Vec<String>> = Vec::new();
    let mut bad = 0usize;
    for (n, rec) in r.records().enumerate() {
        let line = n + 2;
        let rec = rec.map_err(|e| data(e.to_string()))?;
        let (order, product) = (
            rec.get(oi).unwrap_or("").trim(),
            rec.get(pi).unwrap_or("").trim(),
        );
        if order.is_empty() || product.is_empty() {
            bad += 1;
            if bad <= SHOWN_ERRORS {
                let empty = if order.is_empty() {
                    order_column
                } else {
                    product_column
                };
                eprintln!("{name}:{line}: {empty} is empty; the row is left out");
            }
            continue;
        }
        let next = orders.len();
        let at = *number.entry(order.to_string()).or_insert(next);
        if at == next {
            orders.push(Vec::new());
        }
        orders[at].push(product.to_string());
    }
    if bad > SHOWN_ERRORS {
        eprintln!("{name}: … and {} more rows left out", bad - SHOWN_ERRORS);
    }
    Ok(orders)
}

pub fn basket(
    lines: &Path,
    out: Option<&Path>,
    order_column: &str,
    product_column: &str,
) -> Result<(), Failure> {
    let orders = read(lines, order_column, product_column)?;
    let mut b = LineBuilder::default();
    for (i, products) in orders.iter().enumerate() {
        let items: Vec<OrderItem> = products
            .iter()
            .map(|p| OrderItem {
                product: p.clone(),
                quantity: 1,
                unit_price: Cents(0),
                ..Default::default()
            })
            .collect();
        b.push(i as u32 + 1, &items);
    }
    let ids = OrderSet::of(1..=orders.len() as u32);
    let basket = analyse(&[b.finish()], &ids, &[]);
    eprintln!(
        "{}: {} orders, {} products, {} rules",
        lines.display(),
        basket.orders,
        basket.products,
        basket.rules.len()
    );
    match out {
        None => write(&basket.rules, std::io::stdout().lock())
            .map_err(|e| Failure::Io("stdout".into(), e)),
        Some(path) => write_atomically(path, |w| write(&basket.rules, w)),
    }
}

/// The rules as CSV, names defused (a spreadsheet never runs one as a formula).
fn write(rules: &[Rule], w: impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(w);
    w.write_record([
        "if_bought",
        "also_bought",
        "orders",
        "support",
        "confidence",
        "lift",
    ])?;
    for r in rules {
        w.write_record([
            defuse(&r.antecedent).as_ref(),
            defuse(&r.consequent).as_ref(),
            &r.count.to_string(),
            &r.support.to_string(),
            &r.confidence.to_string(),
            &r.lift.to_string(),
        ])?;
    }
    w.flush()
}
