//! Pivot reports against pandas: `data/pivot_orders.csv` and every cell's sum, count
//! and mean that `data/make_pivot_reference.py` computed with `groupby` (in
//! `data/pivot_reference.json`), for reports by month, region, owner, customer, and
//! month × region, owner × quarter, status × year. Every cell, and no other.

use kehu_core::analytics::pivot::{CustomerFacet, Data, Dim, Grain, Label, Spec, pivot};
use kehu_core::{Cents, Day, Id, Millis, Order, OrderColumns, OrderStatus};
use std::collections::HashMap;

#[derive(serde::Deserialize)]
struct Report {
    rows: String,
    cols: String,
    cells: Vec<Expected>,
    total: i64,
    count: u64,
}

#[derive(serde::Deserialize)]
struct Expected {
    row: String,
    col: String,
    sum: i64,
    count: u64,
    mean: f64,
}

/// The reference's column names as dimensions.
fn dim(name: &str) -> Option<Dim> {
    Some(match name {
        "month" => Dim::Time(Grain::Month),
        "quarter" => Dim::Time(Grain::Quarter),
        "year" => Dim::Time(Grain::Year),
        "region" => Dim::Region,
        "owner" => Dim::Owner,
        "customer_id" => Dim::Customer,
        "status" => Dim::Status,
        _ => return None,
    })
}

/// What the reference calls a heading: a period by its name, anything else by its key.
fn name(d: Dim, l: &Label) -> String {
    if d.is_time() {
        l.name.clone()
    } else {
        l.key.clone()
    }
}

fn read() -> (Vec<CustomerFacet>, OrderColumns) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let csv = std::fs::read_to_string(format!("{dir}pivot_orders.csv")).unwrap();
    let mut customers: HashMap<u32, CustomerFacet> = HashMap::new();
    let mut orders = OrderColumns::default();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let key: u32 = f[1].parse().unwrap();
        customers.entry(key).or_insert_with(|| CustomerFacet {
            id: Id(f[2].into()),
            key,
            deleted: (f[5] == "1").then_some(Millis(1)),
            name: f[2].into(),
            region: f[3].into(),
            owner: f[4].into(),
        });
        orders.push_order(&Order {
            id: f[0].parse().unwrap(),
            customer: key,
            day: Day::parse(f[6]).unwrap(),
            amount: Cents(f[7].parse().unwrap()),
            seller: f[8].into(),
            status: OrderStatus::from_slug(f[9]).unwrap(),
            ..Default::default()
        });
    }
    (customers.into_values().collect(), orders.counted())
}

#[test]
fn every_cell_matches_pandas() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let reports: Vec<Report> = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}pivot_reference.json")).unwrap(),
    )
    .unwrap();
    let (customers, orders) = read();
    let data = Data {
        customers: &customers,
        orders: &orders,
        lines: &[],
        opportunities: &[],
        products: &[],
    };
    for r in &reports {
        let (rows, cols) = (dim(&r.rows).unwrap(), dim(&r.cols));
        let spec = Spec {
            rows,
            cols,
            ..Spec::default()
        };
        let p = pivot(data, &spec);
        let what = format!("{} × {}", r.rows, r.cols);
        assert_eq!((p.total.sum, p.total.count), (r.total, r.count), "{what}");
        let row_at: HashMap<String, usize> = (p.rows.iter().enumerate())
            .map(|(i, l)| (name(rows, l), i))
            .collect();
        let col_at: HashMap<String, usize> = match cols {
            Some(c) => (p.cols.iter().enumerate())
                .map(|(i, l)| (name(c, l), i))
                .collect(),
            None => HashMap::new(),
        };
        assert!(
            p.rows.iter().chain(&p.cols).all(|l| l.folded == 0),
            "{what}"
        );
        for e in &r.cells {
            let i = row_at[&e.row];
            let cell = match cols {
                Some(_) => p.cell(i, col_at[&e.col]),
                None => p.row_totals[i],
            };
            assert_eq!(
                (cell.sum, cell.count),
                (e.sum, e.count),
                "{what}: {} {}",
                e.row,
                e.col
            );
            let mean = cell.average().unwrap() as f64;
            assert!(
                (mean - e.mean).abs() <= 0.5 + 1e-9,
                "{what}: {mean} vs {}",
                e.mean
            );
        }
        let filled = match cols {
            Some(_) => p.cells.iter().filter(|c| c.count > 0).count(),
            None => p.rows.len(),
        };
        assert_eq!(filled, r.cells.len(), "{what}: no cell pandas lacks");
    }
}
