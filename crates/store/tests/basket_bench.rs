//! Basket analysis benchmark in headless Chromium, run by `cargo xtask bench basket`
//! (never by CI): 1,000,000 orders with 3,000,000 lines over 5,000 products written
//! through the store, then what the analytics worker does for the Basket tab: read
//! every chunk's lines (`Db::all_lines`) and analyse them. Beside it, in the same run:
//! reading the 1,000,000 orders themselves (`Db::all_orders`, what every dashboard
//! reads), and the same rules counted the way the first version did, over baskets of
//! product names. Then pivot reports over the same orders and lines, as the reports
//! page's worker computes them. Figures go to the test output.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use kehu_core::analytics::basket::{OrderSet, analyse, rules};
use kehu_core::demo::Rng;
use kehu_core::{Cents, Day, Id, LineBuilder, OrderColumns, OrderItem};
use kehu_store::{Batch, Db};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ORDERS: u32 = 1_000_000;
const PRODUCTS: usize = 5_000;

fn now() -> f64 {
    js_sys::Date::now()
}

/// Orders of 1 to 5 lines (3 on average): a product drawn with a skew towards the
/// popular ones, its "next" product often with it, and random others.
fn data() -> (OrderColumns, kehu_core::OrderLines) {
    let mut rng = Rng::new(17);
    let items: Vec<OrderItem> = (0..PRODUCTS)
        .map(|p| OrderItem {
            product: format!("产品 {p:04}"),
            product_id: Some(Id(format!("00000000-0000-7000-8000-{p:012}"))),
            quantity: 1,
            unit_price: Cents(1_000 + p as i64),
            ..Default::default()
        })
        .collect();
    let mut orders = OrderColumns::with_capacity(ORDERS as usize);
    let mut lines = LineBuilder::default();
    let mut basket = Vec::new();
    for id in 1..=ORDERS {
        basket.clear();
        let main = (rng.f64().powi(2) * PRODUCTS as f64) as usize;
        basket.push(items[main].clone());
        if rng.chance(0.5) {
            basket.push(items[(main + 1) % PRODUCTS].clone());
        }
        for _ in 0..rng.below(4) + usize::from(rng.chance(0.5)) {
            basket.push(items[rng.below(PRODUCTS)].clone());
        }
        let total: i64 = basket.iter().map(|i| i.unit_price.0).sum();
        orders.push(
            id,
            id % 100_000 + 1,
            Day(20_000 + (id % 700) as i32),
            Cents(total),
        );
        lines.push(id, &basket);
    }
    (orders, lines.finish())
}

#[wasm_bindgen_test]
async fn basket_benchmark() {
    let t = now();
    let (orders, lines) = data();
    let n_lines = lines.len();
    console_log!(
        "generate {ORDERS} orders, {n_lines} lines: {:.0} ms",
        now() - t
    );
    Db::delete_database("bench-basket").await.unwrap();
    let db = Db::open("bench-basket", || {}).await.unwrap();
    let t = now();
    db.import(
        Batch {
            keyed_orders: orders,
            lines,
            ..Default::default()
        },
        |_, _| {},
    )
    .await
    .unwrap();
    console_log!(
        "write orders and lines in one transaction: {:.0} ms",
        now() - t
    );

    let t = now();
    let all = db.all_orders().await.unwrap();
    let read_orders = now() - t;
    let t = now();
    let chunks = db.all_lines().await.unwrap();
    let read_lines = now() - t;
    let stored: usize = chunks.iter().map(|c| c.len()).sum();
    assert_eq!(stored, n_lines);
    let kept = OrderSet::of(all.id.iter().copied());
    let t = now();
    let b = analyse(&chunks, &kept, &[]);
    let analysed = now() - t;
    assert_eq!(b.orders, ORDERS);

    // The first version's way: baskets of names, counted by string.
    let t = now();
    let named: Vec<Vec<&str>> = chunks
        .iter()
        .flat_map(|c| {
            let mut out = Vec::new();
            let mut at = 0;
            while at < c.len() {
                let r = c.range_of(c.order[at]);
                out.push(
                    r.clone()
                        .map(|i| c.names[c.product[i] as usize].as_str())
                        .collect(),
                );
                at = r.end;
            }
            out
        })
        .collect();
    let by_name = rules(&named, 5.0 / ORDERS as f64, 0.1);
    let named_ms = now() - t;
    console_log!(
        "read {ORDERS} orders (every dashboard's read): {read_orders:>8.0} ms  (baseline)"
    );
    console_log!(
        "read {stored} lines in {} chunk records: {read_lines:>8.0} ms  ({:.2}x the order read)",
        chunks.len(),
        read_lines / read_orders
    );
    console_log!(
        "basket analysis of {ORDERS} orders ({} products, {} rules kept): {analysed:>8.0} ms  ({:.2}x the order read)",
        b.products,
        b.rules.len(),
        analysed / read_orders
    );
    console_log!(
        "read + analyse: {:>8.0} ms (target 3,000 ms)",
        read_lines + analysed
    );
    console_log!(
        "the same rules over baskets of names (first version): {named_ms:>8.0} ms  ({:.1}x the coded analysis; {} rules)",
        named_ms / analysed,
        by_name.len()
    );
    pivots(&all, &chunks, read_orders);
    db.close();
    Db::delete_database("bench-basket").await.unwrap();
}

/// Pivot reports over the same orders and lines (what the reports page's worker does
/// once it has read them), against the order read.
fn pivots(orders: &OrderColumns, lines: &[kehu_core::OrderLines], baseline: f64) {
    use kehu_core::analytics::pivot::{
        CustomerFacet, Data, Dim, Grain, Measure, Source, Spec, pivot,
    };
    let customers: Vec<CustomerFacet> = (1..=100_000u32)
        .map(|k| CustomerFacet {
            id: Id(format!("c{k}")),
            key: k,
            name: format!("客户 {k}"),
            region: format!("区域 {}", k % 30),
            owner: format!("s{}", k % 12),
            ..Default::default()
        })
        .collect();
    let products: Vec<kehu_core::Product> = (0..PRODUCTS)
        .map(|p| {
            let id = Id(format!("00000000-0000-7000-8000-{p:012}"));
            let mut x = kehu_core::Product::new(id, kehu_core::Millis(0));
            x.name = format!("产品 {p:04}");
            x.category = format!("品类 {}", p % 40);
            x
        })
        .collect();
    let data = Data {
        customers: &customers,
        orders,
        lines,
        opportunities: &[],
        products: &products,
    };
    let spec = |source, rows, cols| Spec {
        source,
        rows,
        cols,
        measure: Measure::Amount,
        from: None,
        to: None,
    };
    for (what, s) in [
        (
            "orders by month",
            spec(Source::Orders, Dim::Time(Grain::Month), None),
        ),
        (
            "orders by region × month",
            spec(Source::Orders, Dim::Region, Some(Dim::Time(Grain::Month))),
        ),
        (
            "orders by customer (100k rows, top 500 kept)",
            spec(Source::Orders, Dim::Customer, None),
        ),
        (
            "lines by category × quarter",
            spec(
                Source::Lines,
                Dim::Category,
                Some(Dim::Time(Grain::Quarter)),
            ),
        ),
    ] {
        let t = now();
        let p = pivot(data, &s);
        let ms = now() - t;
        assert!(p.total.count > 0);
        console_log!(
            "pivot {what}: {ms:>8.0} ms  ({:.2}x the order read; + the read: {:.0} ms, target 1,000 ms for orders)",
            ms / baseline,
            ms + baseline
        );
    }
}
