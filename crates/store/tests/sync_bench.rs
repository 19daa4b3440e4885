//! Sync benchmark of the store's side (run by `cargo xtask bench sync`, never by CI), in
//! headless Chromium: the pages a first pull of 100,000 customers and 1,000,000 orders
//! (their import batches) writes, each with its checkpoint, against the same customers
//! and orders written by one bulk import. The whole path, two devices and a server, is
//! tests/bench/sync.mjs.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use kehu_core::Day;
use kehu_core::demo::{DemoSpec, NameStyle, generate};
use kehu_core::replicate::{PULL_BATCHES, PULL_PAGE};
use kehu_store::{Batch, Db};
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CUSTOMERS: usize = 100_000;
const ORDERS: usize = 1_000_000;

fn now() -> f64 {
    js_sys::Date::now()
}

/// `docs` in pages as the worker asks for them: at most [`PULL_PAGE`] documents, and
/// at most [`PULL_BATCHES`] order batches.
fn pages(docs: &[Value]) -> Vec<&[Value]> {
    let (mut out, mut start, mut batches) = (Vec::new(), 0, 0);
    for (i, d) in docs.iter().enumerate() {
        let batch = d["_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("order_batches:"));
        if i - start == PULL_PAGE as usize || (batch && batches == PULL_BATCHES) {
            out.push(&docs[start..i]);
            (start, batches) = (i, 0);
        }
        batches += usize::from(batch);
    }
    out.push(&docs[start..]);
    out
}

#[wasm_bindgen_test]
async fn pull_benchmark() {
    let data = generate(&DemoSpec {
        seed: 7,
        customers: CUSTOMERS,
        orders: ORDERS,
        interactions_per_customer: 0,
        today: Day(20_415),
        style: NameStyle::Chinese,
        utc_offset_min: 480,
    });
    Db::delete_database("sync-bench-a").await.unwrap();
    let a = Db::open("sync-bench-a", || {}).await.unwrap();
    let t = now();
    let batch = Batch {
        customers: data.customers,
        orders: data.orders,
        ..Default::default()
    };
    a.import(batch, |_, _| {}).await.unwrap();
    let baseline = now() - t;
    // What the server hands out: the pushed documents at their first revision, in the
    // order they were pushed.
    let plan = a.push_plan("li").await.unwrap();
    let docs: Vec<Value> = (plan.docs.into_iter())
        .map(|mut d| {
            d["_rev"] = json!("1-x");
            d
        })
        .collect();

    Db::delete_database("sync-bench-b").await.unwrap();
    let b = Db::open("sync-bench-b", || {}).await.unwrap();
    let (t, mut slowest, mut written) = (now(), 0f64, 0);
    for (i, page) in pages(&docs).into_iter().enumerate() {
        let p = now();
        written += page.len();
        b.apply_pull(page, &json!(written)).await.unwrap();
        slowest = slowest.max(now() - p);
        if i % 20 == 0 {
            console_log!("  page {i}: {written} documents in {:.0} ms", now() - t);
        }
    }
    let pull = now() - t;
    assert_eq!(b.count_customers().await.unwrap() as usize, CUSTOMERS);
    assert_eq!(b.count_orders().await.unwrap() as usize, ORDERS);
    console_log!(
        "{CUSTOMERS} customers and {ORDERS} orders: one bulk import {baseline:.0} ms; pulled as {} documents in pages: {pull:.0} ms ({:.1}× the import; slowest page {slowest:.0} ms)",
        docs.len(),
        pull / baseline
    );
}
