use super::*;
use crate::import::formats::DayOrder;
use crate::import::job::{Batch, ImportSettings, Planner, Reached};
use crate::import::mapping::{ImportKind, suggest};
use crate::import::plan::Choices;
use crate::import::table::TableOptions;
use crate::import::testing::{WHEN, ids, problems, table};
use crate::import::text::Encoding;
use crate::validate::blank_customer;
use crate::{Customer, Millis, OrderColumns, Staff};

fn customers() -> Vec<Customer> {
    let mut a = blank_customer(Id("c1".into()), 1, Millis(0));
    (a.name, a.code) = ("新时代服饰".into(), "C001".into());
    let mut b = blank_customer(Id("c2".into()), 2, Millis(0));
    (b.name, b.code) = ("长城物流".into(), "C002".into());
    vec![a, b]
}

fn catalogue() -> Vec<Product> {
    let mut p = Product::new(Id("p1".into()), Millis(0));
    (p.sku, p.name, p.price, p.cost) = (
        "PR-80".into(),
        "热敏打印机".into(),
        Cents(50_000),
        Some(Cents(30_000)),
    );
    let mut q = Product::new(Id("p2".into()), Millis(0));
    (q.sku, q.name, q.price) = ("TP-01".into(), "热敏纸".into(), Cents(1_000));
    vec![p, q]
}

fn settings(csv: &str) -> ImportSettings {
    ImportSettings {
        kind: ImportKind::OrderLines,
        options: TableOptions {
            encoding: Encoding::Utf8,
            delimiter: b',',
        },
        mapping: suggest(ImportKind::OrderLines, table(csv).header(), &[], &[]),
        day_order: DayOrder::DayFirst,
        create_missing: false,
        workbook: false,
        survey: None,
    }
}

fn choices() -> Choices {
    let mut c = Choices::default();
    c.add(Target::OrderState, "已付款待发货", "paid");
    c
}

/// Every row planned at once, over the two customers, the catalogue and `stored`.
fn plan(csv: &str, stored: &OrderColumns) -> OrderPlan {
    let (people, choices) = (customers(), choices());
    let mut p = Planner::new(&settings(csv), &people, &choices, WHEN);
    p.stored_orders(stored, &[Staff::new(Id("s1".into()), "王芳", Millis(0))]);
    p.stored_products(&catalogue());
    let Planner::OrderLines(p) = &mut p else {
        unreachable!()
    };
    let (mut out, mut id, mut t) = (OrderPlan::default(), ids(), table(csv));
    while let Some(row) = t.next_row() {
        p.row(row, &mut out, &mut id);
    }
    p.finish(&mut out, &mut id);
    out
}

/// (customer key, day, cents) of each order planned for a stored customer.
fn keyed(p: &OrderPlan) -> Vec<(u32, String, i64)> {
    let o = &p.keyed;
    (0..o.len())
        .map(|i| (o.customer[i], Day(o.day[i]).to_string(), o.cents[i]))
        .collect()
}

#[test]
fn rows_with_one_number_are_one_order_with_its_lines() {
    let csv = "订单号,客户编号,下单日期,商品,数量,单价,折扣,状态,销售员\n\
               SO-1,C001,2026/1/5,PR-80,2,,9折,已付款,王芳\n\
               SO-1,C001,2026/1/5,热敏纸,10,12.50,,,\n\
               ,,,安装服务,,300,10%,,\n\
               SO-2,长城物流,2026-01-06,热敏纸,3,,,,\n";
    let p = plan(csv, &OrderColumns::default());
    assert_eq!(problems(&p.errors), []);
    // 2 × ¥500 less 10 %, 10 × ¥12.50, 1 × ¥300 less 10 %; 3 × the list ¥10.
    assert_eq!(
        keyed(&p),
        [
            (1, "2026-01-05".into(), 90_000 + 12_500 + 27_000),
            (2, "2026-01-06".into(), 3_000)
        ]
    );
    let o = &p.keyed;
    assert_eq!(o.status_of(0), OrderStatus::Paid);
    assert_eq!(o.status_of(1), OrderStatus::Completed);
    assert_eq!(o.seller_of(0), Some("s1"));
    // Costs are known for the printer only: the first order's cost is not.
    assert_eq!((o.cost_of(0), o.cost_of(1)), (None, None));
    let lines = p.lines.clone().finish();
    let first = lines.items_of(o.id[0]);
    assert_eq!(first.len(), 3);
    assert_eq!(
        (first[0].product.as_str(), first[0].product_id.clone()),
        ("热敏打印机", Some(Id("p1".into())))
    );
    assert_eq!(
        (first[0].quantity, first[0].unit_price, first[0].discount_bp),
        (2, Cents(50_000), 1_000)
    );
    assert_eq!(first[0].unit_cost, Some(Cents(30_000)));
    assert_eq!(
        (first[2].product.as_str(), first[2].product_id.clone()),
        ("安装服务", None)
    );
    assert_eq!((first[2].quantity, first[2].discount_bp), (1, 1_000));
    assert_eq!(lines.items_of(o.id[1])[0].product_id, Some(Id("p2".into())));
}

#[test]
fn an_order_whose_lines_all_have_costs_has_their_cost() {
    let csv = "Order No.,Customer,Date,Product,Qty,Unit price,Unit cost\n\
               A,C002,2026-01-05,PR-80,2,,\n\
               A,C002,2026-01-05,Cable,3,20,5.5\n";
    let p = plan(csv, &OrderColumns::default());
    assert_eq!(problems(&p.errors), []);
    assert_eq!(p.keyed.cost_of(0), Some(Cents(2 * 30_000 + 3 * 550)));
}

#[test]
fn a_line_in_error_keeps_its_whole_order_out_and_says_why() {
    let csv = "Order No.,Customer,Date,Product,Qty,Unit price\n\
               A,C001,2026-01-05,Desk,1,100\n\
               A,C001,2026-01-05,Chair,two,50\n\
               A,,,Lamp,1,20\n\
               B,C002,2026-01-06,Desk,1,100\n\
               B,C001,2026-01-06,Chair,1,50\n\
               C,C009,2026-01-07,Desk,1,100\n\
               C,,,Lamp,1,\n\
               D,C002,2026-01-08,Desk,1,100\n\
               A,C001,2026-01-05,Rug,1,10\n\
               ,,,Rug,1,10\n";
    let p = plan(csv, &OrderColumns::default());
    assert_eq!(keyed(&p), [(2, "2026-01-08".into(), 10_000)]);
    let none = ImportProblem::Field(Problem::Required);
    assert_eq!(
        problems(&p.errors),
        [
            (3, Some(4), ImportProblem::Field(Problem::NotAWholeNumber)),
            (2, Some(0), ImportProblem::OrderHasErrors { line: 3 }),
            (4, Some(0), ImportProblem::OrderHasErrors { line: 3 }),
            (6, Some(1), ImportProblem::DiffersFromOrder { first: 5 }),
            (5, Some(0), ImportProblem::OrderHasErrors { line: 6 }),
            // Lamp has no price (nor is it in the catalogue); C009 is nobody.
            (8, Some(5), none.clone()),
            (7, Some(0), ImportProblem::OrderHasErrors { line: 8 }),
            (10, Some(0), ImportProblem::LinesApart { first: 2 }),
            (11, Some(0), none),
        ]
    );
}

#[test]
fn an_unknown_customer_is_the_first_lines_error() {
    let csv = "Order No.,Customer,Date,Product,Unit price\n\
               C,C009,2026-01-07,Desk,100\n\
               C,,,Lamp,20\n";
    let p = plan(csv, &OrderColumns::default());
    assert_eq!(
        problems(&p.errors),
        [
            (2, Some(1), ImportProblem::UnknownCustomer),
            (3, Some(0), ImportProblem::OrderHasErrors { line: 2 }),
        ]
    );
}

#[test]
fn a_file_imported_again_is_skipped_order_by_order() {
    let csv = "Order No.,Customer,Date,Product,Qty,Unit price\n\
               A,C001,2026-01-05,Desk,1,100\n\
               A,C001,2026-01-05,Chair,2,50\n\
               B,C002,2026-01-06,Desk,1,100\n";
    let first = plan(csv, &OrderColumns::default());
    let p = plan(csv, &first.keyed);
    assert_eq!(keyed(&p), []);
    let skipped: Vec<u64> = p.skipped.iter().map(|e| e.line).collect();
    assert_eq!(skipped, [2, 3, 4]);
    assert!(
        p.skipped
            .iter()
            .all(|e| e.problem == ImportProblem::AlreadyStored)
    );
}

#[test]
fn discounts_read_percent_off_and_zhe() {
    assert_eq!(discount(""), Some(0));
    assert_eq!(discount("15"), Some(1_500));
    assert_eq!(discount("12.5%"), Some(1_250));
    assert_eq!(discount("9折"), Some(1_000));
    assert_eq!(discount("8.5折"), Some(1_500));
    assert_eq!(discount("85折"), Some(1_500));
    assert_eq!(discount("0折"), None);
    assert_eq!(discount("120"), None);
    assert_eq!(whole("3.0"), Some(3));
    assert_eq!(whole("2.5"), None);
}

/// An order-lines file of `orders` orders, order `i` with `1 + i % 4` lines, some
/// with a blank number (continuing the order above).
fn many(orders: usize) -> String {
    let mut csv = String::from("Order No.,Customer,Date,Product,Qty,Unit price\n");
    for i in 0..orders {
        for l in 0..=(i % 4) {
            let number = if l == 2 {
                String::new()
            } else {
                format!("N{i}")
            };
            let who = if i % 3 == 0 { "C001" } else { "C002" };
            csv += &format!(
                "{number},{who},2026-01-0{},P{l},{},{}\n",
                1 + i % 9,
                1 + l,
                10 + i
            );
        }
    }
    csv
}

/// Writes the batches after `from`, at most `stop_after` of them, into `out` as
/// (customer key, day, cents, lines); returns how far they reached.
fn write(
    csv: &str,
    from: Reached,
    size: usize,
    stop_after: usize,
    out: &mut Vec<(u32, i32, i64, usize)>,
) -> Reached {
    let (people, choices) = (customers(), choices());
    let mut planner = Planner::new(&settings(csv), &people, &choices, WHEN);
    let (mut t, mut id, mut reached) = (table(csv), ids(), from);
    for _ in 0..stop_after {
        let Some((Batch::Orders(p), r)) = planner.next_batch(&mut t, from, size, &mut id) else {
            break;
        };
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let lines = p.lines.clone().finish();
        for i in 0..p.keyed.len() {
            let k = &p.keyed;
            out.push((
                k.customer[i],
                k.day[i],
                k.cents[i],
                lines.items_of(k.id[i]).len(),
            ));
        }
        reached = r;
    }
    reached
}

#[test]
fn batches_end_between_orders_and_a_resumed_run_writes_the_rest() {
    let csv = many(40);
    let mut whole = Vec::new();
    write(&csv, Reached::default(), usize::MAX, 1, &mut whole);
    assert_eq!(whole.len(), 40);
    assert!(whole.iter().enumerate().all(|(i, o)| o.3 == 1 + i % 4));
    for size in [1, 3, 7] {
        for stop in [1, 2, 5] {
            let mut out = Vec::new();
            let reached = write(&csv, Reached::default(), size, stop, &mut out);
            write(&csv, reached, size, usize::MAX, &mut out);
            assert_eq!(out, whole, "batches of {size}, stopped after {stop}");
        }
    }
}

#[test]
fn an_orders_file_gives_each_order_its_status_seller_and_cost() {
    let csv = "Customer,Date,Amount,状态,销售员,成本\n\
               C001,2026-01-05,100,已付款待发货,王芳,60\n\
               C002,2026-01-06,50,交易成功,,\n\
               C002,2026-01-07,50,lost,Nobody,-1\n";
    let mut s = settings(csv);
    s.kind = ImportKind::Orders;
    s.mapping = suggest(ImportKind::Orders, table(csv).header(), &[], &[]);
    let (people, choices) = (customers(), choices());
    let mut planner = Planner::new(&s, &people, &choices, WHEN);
    let staff = [Staff::new(Id("s1".into()), "王芳", Millis(0))];
    planner.stored_orders(&OrderColumns::default(), &staff);
    let Planner::Orders(p) = &mut planner else {
        unreachable!()
    };
    let (mut out, mut id, mut t) = (OrderPlan::default(), ids(), table(csv));
    while let Some(row) = t.next_row() {
        p.row(row, &mut out, &mut id);
    }
    let o = &out.keyed;
    assert_eq!(o.len(), 2);
    assert_eq!(
        (o.status_of(0), o.seller_of(0), o.cost_of(0)),
        (OrderStatus::Paid, Some("s1"), Some(Cents(6_000)))
    );
    assert_eq!(
        (o.status_of(1), o.seller_of(1), o.cost_of(1)),
        (OrderStatus::Completed, None, None)
    );
    assert_eq!(
        problems(&out.errors),
        [
            (4, Some(5), ImportProblem::Field(Problem::Negative)),
            (4, Some(3), ImportProblem::NotAChoice),
            (4, Some(4), ImportProblem::UnknownStaff),
        ]
    );
}
