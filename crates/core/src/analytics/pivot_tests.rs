use super::*;
use crate::opportunity::Standing;
use crate::{Cents, LineBuilder, Opportunity, Order, OrderItem};
use proptest::prelude::*;

fn customer(key: u32, region: &str, owner: &str) -> CustomerFacet {
    CustomerFacet {
        id: Id(format!("c{key}")),
        key,
        deleted: None,
        name: format!("Customer {key}"),
        region: region.into(),
        owner: owner.into(),
    }
}

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

/// id, customer key, day, amount, salesperson, cost.
type Row<'a> = (u32, u32, &'a str, i64, &'a str, Option<i64>);

fn orders(rows: &[Row]) -> OrderColumns {
    let mut o = OrderColumns::default();
    for &(id, customer, d, cents, seller, cost) in rows {
        o.push_order(&Order {
            id,
            customer,
            day: day(d),
            amount: Cents(cents),
            seller: seller.into(),
            cost: cost.map(Cents),
            ..Default::default()
        });
    }
    o
}

struct Fixture {
    customers: Vec<CustomerFacet>,
    orders: OrderColumns,
    lines: Vec<OrderLines>,
    opportunities: Vec<Opportunity>,
    products: Vec<Product>,
}

impl Fixture {
    fn data(&self) -> Data<'_> {
        Data {
            customers: &self.customers,
            orders: &self.orders,
            lines: &self.lines,
            opportunities: &self.opportunities,
            products: &self.products,
        }
    }
}

fn product(id: &str, name: &str, category: &str) -> Product {
    let mut p = Product::new(Id(id.into()), Millis(0));
    p.name = name.into();
    p.category = category.into();
    p
}

fn item(name: &str, id: Option<&str>, quantity: u32, price: i64, cost: Option<i64>) -> OrderItem {
    OrderItem {
        product: name.into(),
        product_id: id.map(|i| Id(i.into())),
        quantity,
        unit_price: Cents(price),
        unit_cost: cost.map(Cents),
        ..Default::default()
    }
}

/// Three customers (one trashed), four orders, their lines, two opportunities.
fn fixture() -> Fixture {
    let mut trashed = customer(2, "华东", "s1");
    trashed.deleted = Some(Millis(1));
    let customers = vec![
        customer(0, "华东", "s1"),
        customer(1, "华南", "s2"),
        trashed,
    ];
    let orders = orders(&[
        (1, 0, "2026-01-05", 1_000, "", Some(600)),
        (2, 0, "2026-02-10", 3_000, "s2", None),
        (3, 1, "2026-02-11", 500, "", Some(100)),
        (4, 2, "2026-02-12", 9_999, "", None),
    ]);
    let mut b = LineBuilder::default();
    b.push(1, &[item("茶叶", Some("p1"), 2, 500, Some(300))]);
    b.push(
        2,
        &[
            item("茶叶", None, 4, 500, None),
            item("茶具", Some("p2"), 1, 1_000, Some(400)),
        ],
    );
    b.push(3, &[item("手写的", None, 5, 100, Some(20))]);
    b.push(4, &[item("茶叶", Some("p1"), 1, 9_999, None)]);
    let mut won = Opportunity::new(Id("o1".into()), Id("c0".into()), Millis(0));
    won.amount = Cents(10_000);
    won.owner = "s1".into();
    won.close = Some(day("2026-03-01"));
    won.standing = Standing::Won;
    let mut open = Opportunity::new(Id("o2".into()), Id("c1".into()), Millis(0));
    open.amount = Cents(20_000);
    open.owner = "s2".into();
    open.close = Some(day("2026-04-01"));
    open.probability = Some(25);
    Fixture {
        customers,
        orders,
        lines: vec![b.finish()],
        opportunities: vec![won, open],
        products: vec![product("p1", "茶叶", "茶"), product("p2", "茶具", "器")],
    }
}

fn spec(source: Source, rows: Dim, cols: Option<Dim>, measure: Measure) -> Spec {
    Spec {
        source,
        rows,
        cols,
        measure,
        from: None,
        to: None,
    }
}

fn names(p: &Pivot) -> Vec<&str> {
    p.rows.iter().map(|l| l.name.as_str()).collect()
}

fn sums(cells: &[Cell]) -> Vec<i64> {
    cells.iter().map(|c| c.sum).collect()
}

#[test]
fn revenue_by_month_leaves_out_trashed_customers() {
    let f = fixture();
    let p = pivot(f.data(), &Spec::default());
    assert_eq!(names(&p), ["2026-01", "2026-02"]);
    assert_eq!(p.rows[1].key, "2026-02-01");
    assert_eq!(sums(&p.row_totals), [1_000, 3_500]);
    assert_eq!(
        p.total,
        Cell {
            sum: 4_500,
            count: 3
        }
    );
    assert_eq!(p.row_totals[1].average(), Some(1_750));
    assert!(p.cols.is_empty() && p.cells.is_empty());
}

#[test]
fn an_orders_owner_is_its_salesperson_else_its_customers_owner() {
    let f = fixture();
    let s = spec(
        Source::Orders,
        Dim::Owner,
        Some(Dim::Region),
        Measure::Amount,
    );
    let p = pivot(f.data(), &s);
    assert_eq!(names(&p), ["s2", "s1"]);
    assert_eq!(sums(&p.row_totals), [3_500, 1_000]);
    let cols: Vec<&str> = p.cols.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(cols, ["华东", "华南"]);
    assert_eq!(sums(&p.cells), [3_000, 500, 1_000, 0]);
    assert_eq!(sums(&p.col_totals), [4_000, 500]);
}

#[test]
fn margin_counts_only_what_has_a_cost() {
    let f = fixture();
    let p = pivot(
        f.data(),
        &spec(Source::Orders, Dim::Customer, None, Measure::Margin),
    );
    assert_eq!(names(&p), ["Customer 0", "Customer 1"]);
    assert_eq!(p.rows[0].key, "c0");
    assert_eq!(sums(&p.row_totals), [400, 400]);
    assert_eq!(p.total.count, 2);
}

#[test]
fn lines_by_product_and_category_follow_the_catalogue() {
    let f = fixture();
    let by_product = pivot(
        f.data(),
        &spec(Source::Lines, Dim::Product, None, Measure::Amount),
    );
    // The typed 茶叶 is the catalogue's p1.
    assert_eq!(names(&by_product), ["茶叶", "茶具", "手写的"]);
    assert_eq!(by_product.rows[0].key, "p1");
    assert_eq!(sums(&by_product.row_totals), [3_000, 1_000, 500]);
    let by_category = pivot(
        f.data(),
        &spec(Source::Lines, Dim::Category, None, Measure::Quantity),
    );
    assert_eq!(names(&by_category), ["茶", "", "器"]);
    assert_eq!(sums(&by_category.row_totals), [6, 5, 1]);
    let margin = pivot(
        f.data(),
        &spec(Source::Lines, Dim::Category, None, Measure::Margin),
    );
    assert_eq!(sums(&margin.row_totals), [600, 400, 400]);
}

#[test]
fn lines_take_their_orders_day_and_dates_bound_them() {
    let f = fixture();
    let mut s = spec(Source::Lines, Dim::Time(Grain::Day), None, Measure::Amount);
    s.from = Some(day("2026-02-01"));
    s.to = Some(day("2026-02-10"));
    let p = pivot(f.data(), &s);
    assert_eq!(names(&p), ["2026-02-10"]);
    assert_eq!(
        p.total,
        Cell {
            sum: 3_000,
            count: 2
        }
    );
}

#[test]
fn opportunities_by_stage_weighted() {
    let f = fixture();
    let s = spec(
        Source::Opportunities,
        Dim::Stage,
        Some(Dim::Time(Grain::Quarter)),
        Measure::Weighted,
    );
    let p = pivot(f.data(), &s);
    // In the pipeline's order.
    assert_eq!(names(&p), ["contact", "won"]);
    assert_eq!(sums(&p.row_totals), [5_000, 10_000]);
    let cols: Vec<&str> = p.cols.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(cols, ["2026 Q1", "2026 Q2"]);
}

#[test]
fn a_drill_down_lists_the_records_of_a_cell() {
    let f = fixture();
    let s = spec(
        Source::Orders,
        Dim::Owner,
        Some(Dim::Time(Grain::Month)),
        Measure::Amount,
    );
    let d = drill(f.data(), &s, Some("s1"), Some("2026-01-01"));
    assert_eq!(
        d.cell,
        Cell {
            sum: 1_000,
            count: 1
        }
    );
    assert_eq!(d.records.len(), 1);
    assert_eq!(d.records[0].customer, "c0");
    assert_eq!(d.records[0].day, day("2026-01-05"));
    let row = drill(f.data(), &s, Some("s2"), None);
    assert_eq!(row.cell.sum, 3_500);
    // Latest first.
    let days: Vec<Day> = row.records.iter().map(|r| r.day).collect();
    assert_eq!(days, [day("2026-02-11"), day("2026-02-10")]);
    let lines = drill(
        f.data(),
        &spec(Source::Lines, Dim::Product, None, Measure::Amount),
        Some("p1"),
        None,
    );
    assert_eq!(
        lines.cell,
        Cell {
            sum: 3_000,
            count: 2
        }
    );
    assert!(
        matches!(&lines.records[0].what, What::Line { product, quantity: 4 } if product == "茶叶")
    );
    let opp = drill(
        f.data(),
        &spec(Source::Opportunities, Dim::Stage, None, Measure::Amount),
        Some("won"),
        None,
    );
    assert!(matches!(&opp.records[0].what, What::Opportunity { id, .. } if id == "o1"));
    assert_eq!(drill(f.data(), &s, Some("nobody-here"), None).cell.count, 0);
    assert_eq!(
        drill(f.data(), &s, Some("s1"), Some("not a day")),
        Drilled::default()
    );
}

#[test]
fn rows_past_the_limit_are_folded_and_time_keeps_the_latest() {
    let customers: Vec<CustomerFacet> = (0..MAX_ROWS as u32 + 10)
        .map(|k| customer(k, "", ""))
        .collect();
    let rows: Vec<(u32, u32, String, i64)> = customers
        .iter()
        .map(|c| {
            let d = Day(day("2020-01-01").0 + c.key as i32 * 31);
            (c.key + 1, c.key, d.to_string(), 1_000 + c.key as i64)
        })
        .collect();
    let rows: Vec<_> = rows
        .iter()
        .map(|(i, c, d, v)| (*i, *c, d.as_str(), *v, "", None))
        .collect();
    let f = Fixture {
        customers,
        orders: orders(&rows),
        lines: vec![],
        opportunities: vec![],
        products: vec![],
    };
    let by_customer = pivot(
        f.data(),
        &spec(Source::Orders, Dim::Customer, None, Measure::Amount),
    );
    assert_eq!(by_customer.rows.len(), MAX_ROWS);
    let last = by_customer.rows.last().unwrap();
    assert_eq!((last.folded, last.key.as_str()), (11, ""));
    // The smallest are folded.
    assert_eq!(
        by_customer.row_totals[MAX_ROWS - 1].sum,
        (1_000..1_011).sum::<i64>()
    );
    assert_eq!(by_customer.total.count, MAX_ROWS as u64 + 10);
    let by_month = pivot(
        f.data(),
        &spec(
            Source::Orders,
            Dim::Customer,
            Some(Dim::Time(Grain::Month)),
            Measure::Amount,
        ),
    );
    assert_eq!(by_month.cols.len(), MAX_COLS);
    assert!(by_month.cols[0].folded > 0);
    assert!(by_month.cols[1..].iter().all(|c| c.folded == 0));
    assert_eq!(
        sums(&by_month.col_totals).iter().sum::<i64>(),
        by_month.total.sum
    );
}

#[test]
fn a_spec_is_put_right_for_its_source() {
    let s = spec(
        Source::Orders,
        Dim::Product,
        Some(Dim::Stage),
        Measure::Weighted,
    )
    .fixed();
    assert_eq!(
        (s.rows, s.cols, s.measure),
        (Dim::Customer, None, Measure::Amount)
    );
    let mut s = spec(
        Source::Lines,
        Dim::Region,
        Some(Dim::Region),
        Measure::Quantity,
    );
    s.from = Some(day("2026-05-01"));
    s.to = Some(day("2026-01-01"));
    let s = s.fixed();
    assert_eq!((s.cols, s.measure), (None, Measure::Quantity));
    assert_eq!(
        (s.from, s.to),
        (Some(day("2026-01-01")), Some(day("2026-05-01")))
    );
    for d in Dim::ALL {
        assert_eq!(Dim::from_slug(d.slug()), Some(d));
    }
}

#[test]
fn periods_start_where_the_calendar_says() {
    let d = day("2026-11-04"); // a Wednesday
    assert_eq!(period(d, Grain::Week), day("2026-11-02"));
    assert_eq!(period(d, Grain::Month), day("2026-11-01"));
    assert_eq!(period(d, Grain::Quarter), day("2026-10-01"));
    assert_eq!(period(d, Grain::Year), day("2026-01-01"));
    assert_eq!(period_name(day("2026-10-01"), Grain::Quarter), "2026 Q4");
    assert_eq!(period_name(day("2026-10-01"), Grain::Month), "2026-10");
}

proptest! {
    /// Whatever the data and the cut, the cells add up to the row totals, the column
    /// totals and the one total, and the total is every counted order's.
    #[test]
    fn the_margins_add_up(
        rows in prop::collection::vec((0u32..30, 0i32..900, -5_000i64..50_000), 0..200),
        dims in (0usize..12, 0usize..12),
    ) {
        let customers: Vec<CustomerFacet> = (0..30)
            .map(|k| customer(k, ["a", "b", "c"][k as usize % 3], ["s1", "s2"][k as usize % 2]))
            .collect();
        let start = day("2025-01-01").0;
        let mut o = OrderColumns::default();
        for (i, &(c, d, v)) in rows.iter().enumerate() {
            o.push(i as u32 + 1, c, Day(start + d), Cents(v));
        }
        let f = Fixture { customers, orders: o, lines: vec![], opportunities: vec![], products: vec![] };
        let s = spec(Source::Orders, Dim::ALL[dims.0], Some(Dim::ALL[dims.1]), Measure::Amount).fixed();
        let p = pivot(f.data(), &s);
        let all: i64 = rows.iter().map(|r| r.2).sum();
        prop_assert_eq!(p.total, Cell { sum: all, count: rows.len() as u64 });
        prop_assert_eq!(sums(&p.row_totals).iter().sum::<i64>(), all);
        if !p.cols.is_empty() {
            for (r, t) in p.row_totals.iter().enumerate() {
                let across: i64 = (0..p.cols.len()).map(|c| p.cell(r, c).sum).sum();
                prop_assert_eq!(across, t.sum);
            }
            prop_assert_eq!(sums(&p.col_totals).iter().sum::<i64>(), all);
        }
    }
}
