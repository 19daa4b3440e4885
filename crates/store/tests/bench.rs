//! Storage benchmark in headless Chromium, run by `cargo xtask bench` (never by CI):
//! 100,000 customers and 1,000,000 orders written and read back through the store's API,
//! beside the plain JavaScript baseline (one IndexedDB record per order, 5,000 puts per
//! transaction, two indexes) in the same browser run. Figures go to the test output.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use kehu_core::demo::{DemoSpec, NameStyle, generate};
use kehu_core::query::{CustomerQuery, CustomerRow};
use kehu_core::{Day, OrderColumns};
use kehu_store::Db;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Rows the per-record baseline writes: at ~7,000 rows/s a million would take minutes,
/// and its rate does not depend on the count, so a fifth is measured.
const BASELINE_ROWS: u32 = 200_000;

#[wasm_bindgen(inline_js = r#"
export function baseline(name, cust, day, cents, n) {
  return new Promise((resolve, reject) => {
    const del = indexedDB.deleteDatabase(name);
    del.onsuccess = del.onerror = () => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => {
        const s = r.result.createObjectStore('orders', { keyPath: 'id' });
        s.createIndex('customer', 'customer');
        s.createIndex('day', 'day');
      };
      r.onerror = () => reject(r.error);
      r.onsuccess = async () => {
        const db = r.result;
        const t0 = performance.now();
        for (let start = 0; start < n; start += 5000) {
          await new Promise((ok, fail) => {
            const tx = db.transaction('orders', 'readwrite');
            const s = tx.objectStore('orders');
            const end = Math.min(n, start + 5000);
            for (let i = start; i < end; i++) s.put({ id: i + 1, customer: cust[i], day: day[i], cents: cents[i] });
            tx.oncomplete = ok; tx.onabort = () => fail(tx.error);
          });
        }
        const write = performance.now() - t0;
        const t1 = performance.now();
        const all = await new Promise((ok, fail) => {
          const q = db.transaction('orders').objectStore('orders').getAll();
          q.onsuccess = () => ok(q.result); q.onerror = () => fail(q.error);
        });
        let sum = 0;
        for (const o of all) sum += o.cents;
        const read = performance.now() - t1;
        db.close();
        resolve([write, read, all.length, sum]);
      };
    };
  });
}
export function raw_get_all(name, store) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => {
      const db = r.result;
      const t0 = performance.now();
      const q = db.transaction(store).objectStore(store).getAll();
      q.onsuccess = () => { const ms = performance.now() - t0; db.close(); resolve([ms, q.result.length]); };
      q.onerror = () => reject(q.error);
    };
    r.onerror = () => reject(r.error);
  });
}
"#)]
extern "C" {
    async fn raw_get_all(name: &str, store: &str) -> JsValue;
    async fn baseline(
        name: &str,
        cust: js_sys::Uint32Array,
        day: js_sys::Int32Array,
        cents: js_sys::Float64Array,
        n: u32,
    ) -> JsValue;
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn rate(rows: usize, ms: f64) -> String {
    format!("{:>10.0} rows/s", rows as f64 / (ms / 1000.0))
}

#[wasm_bindgen_test]
async fn storage_benchmark() {
    let spec = DemoSpec {
        seed: 7,
        customers: 100_000,
        orders: 1_000_000,
        interactions_per_customer: 0,
        today: Day(20_415),
        style: NameStyle::Chinese,
        utc_offset_min: 480,
    };
    let t = now();
    let data = generate(&spec);
    console_log!("generate 100k customers + 1M orders: {:.0} ms", now() - t);
    let mut orders = data.orders.clone();
    // Keys as the store will assign them (1-based), so reads and sums compare like for like.
    for k in orders.customer.iter_mut() {
        *k += 1;
    }

    // Baseline: one record per order.
    let n = BASELINE_ROWS as usize;
    let cents_f: Vec<f64> = orders.cents[..n].iter().map(|&c| c as f64).collect();
    let r = baseline(
        "bench-baseline",
        js_sys::Uint32Array::from(&orders.customer[..n]),
        js_sys::Int32Array::from(&orders.day[..n]),
        js_sys::Float64Array::from(&cents_f[..]),
        BASELINE_ROWS,
    )
    .await;
    let r: js_sys::Array = r.into();
    let (bw, br) = (r.get(0).as_f64().unwrap(), r.get(1).as_f64().unwrap());
    assert_eq!(r.get(2).as_f64().unwrap() as usize, n);
    let base_sum: f64 = cents_f.iter().sum();
    assert_eq!(r.get(3).as_f64().unwrap(), base_sum);

    // kehu's store: columnar chunks.
    Db::delete_database("bench-kehu").await.unwrap();
    let db = Db::open("bench-kehu", || {}).await.unwrap();
    let t = now();
    let ids = db.append_orders(&orders).await.unwrap();
    let ow = now() - t;
    assert_eq!(ids.len(), orders.len());
    let t = now();
    let back: OrderColumns = db.all_orders().await.unwrap();
    let total: i64 = back.cents.iter().sum();
    let or = now() - t;
    assert_eq!(back.len(), orders.len());
    assert_eq!(total, orders.total().0);

    let t = now();
    let saved = db.put_customers(&data.customers).await.unwrap();
    let cw = now() - t;
    let raw: js_sys::Array = raw_get_all("bench-kehu", "customers").await.into();
    let raw_ms = raw.get(0).as_f64().unwrap();
    let t = now();
    let customers = db.all_customers().await.unwrap();
    let cr = now() - t;
    assert_eq!(customers.len(), saved.len());
    // The first load found no snapshot and wrote one; the second reads it.
    let t = now();
    let customers = db.all_customers().await.unwrap();
    let cr_snap = now() - t;
    assert_eq!(customers.len(), saved.len());
    let t = now();
    let rows: Vec<CustomerRow> = customers.iter().map(CustomerRow::from_customer).collect();
    let project = now() - t;
    let t = now();
    let q = CustomerQuery {
        text: "王".into(),
        ..Default::default()
    };
    let hits = q.run(&rows).len();
    let search = now() - t;
    let t = now();
    let one = db.orders_of(saved[0].key).await.unwrap();
    let page = now() - t;

    let base_w_rate = n as f64 / (bw / 1000.0);
    let base_r_rate = n as f64 / (br / 1000.0);
    let ours_w_rate = orders.len() as f64 / (ow / 1000.0);
    let ours_r_rate = orders.len() as f64 / (or / 1000.0);
    console_log!("--- orders ---");
    console_log!(
        "baseline, JS record per order, write {n} rows: {bw:>8.0} ms {}",
        rate(n, bw)
    );
    console_log!(
        "baseline, JS record per order, read+sum {n} rows: {br:>8.0} ms {}",
        rate(n, br)
    );
    console_log!(
        "kehu store, append_orders 1,000,000: {ow:>8.0} ms {}  ({:.0}x baseline)",
        rate(orders.len(), ow),
        ours_w_rate / base_w_rate
    );
    console_log!(
        "kehu store, all_orders + sum 1,000,000: {or:>8.0} ms {}  ({:.0}x baseline)",
        rate(orders.len(), or),
        ours_r_rate / base_r_rate
    );
    console_log!("--- customers ---");
    console_log!(
        "put_customers 100,000 (one transaction): {cw:>8.0} ms {}",
        rate(saved.len(), cw)
    );
    console_log!("baseline, plain JS getAll of the 100,000 customer records: {raw_ms:>8.0} ms");
    console_log!(
        "all_customers 100,000, first load (every record; writes the snapshot): {cr:>8.0} ms {}",
        rate(customers.len(), cr)
    );
    console_log!(
        "all_customers 100,000, from the snapshot: {cr_snap:>8.0} ms {}  ({:.1}x faster than the plain getAll)",
        rate(customers.len(), cr_snap),
        raw_ms / cr_snap
    );
    console_log!("list projection of 100,000: {project:>8.0} ms");
    console_log!("search '王' over 100,000 rows: {search:>8.1} ms ({hits} hits)");
    console_log!(
        "orders_of one customer ({} orders): {page:>8.1} ms",
        one.len()
    );
    db.close();
    Db::delete_database("bench-kehu").await.unwrap();
}

/// The analytics' read of survey responses (~100,000 records at this size): the raw
/// getAll, the documents parsed into responses, and the answers snapshot the worker
/// reads (built once from the records, then one record).
/// Every answer as (response, customer, day, question or survey item, scores), sorted.
type AnswerRow = (String, String, i32, String, u8, u8);

fn answer_rows(p: &kehu_core::PackedAnswers) -> Vec<AnswerRow> {
    let name = |list: &[String], i: u32| list[i as usize].clone();
    let mut rows: Vec<AnswerRow> = (0..p.q_resp.len())
        .map(|k| {
            (
                name(&p.responses, p.q_resp[k]),
                name(&p.ids, p.q_who[k]),
                p.q_day[k],
                format!("q{}", p.q_question[k]),
                p.q_score[k],
                0,
            )
        })
        .collect();
    rows.extend((0..p.i_resp.len()).map(|k| {
        (
            name(&p.responses, p.i_resp[k]),
            name(&p.ids, p.i_who[k]),
            p.i_day[k],
            format!("{}/{}", name(&p.survey_ids, p.i_survey[k]), p.i_item[k]),
            p.i_first[k],
            p.i_second[k],
        )
    }));
    rows.sort_unstable();
    rows
}

#[wasm_bindgen_test]
async fn response_read_benchmark() {
    let spec = DemoSpec {
        seed: 7,
        customers: 100_000,
        orders: 1_000_000,
        interactions_per_customer: 0,
        today: Day(20_415),
        style: NameStyle::Chinese,
        utc_offset_min: 480,
    };
    let data = generate(&spec);
    let name = "kehu-bench-responses";
    let _ = Db::delete_database(name).await;
    let db = Db::open(name, || {}).await.unwrap();
    let t = now();
    db.put_docs(&data.responses).await.unwrap();
    let n = data.responses.len();
    wasm_bindgen_test::console_log!("responses: {n} written in {:.0} ms", now() - t);
    let raw = raw_get_all(name, "responses").await;
    let raw_ms = js_sys::Reflect::get(&raw, &0.into())
        .unwrap()
        .as_f64()
        .unwrap();
    let t = now();
    let all = db.all_docs::<kehu_core::SurveyResponse>().await.unwrap();
    let docs = now() - t;
    let t = now();
    let built = db.response_answers().await.unwrap();
    let first = now() - t;
    let t = now();
    let packed = db.response_answers().await.unwrap();
    let fast = now() - t;
    assert_eq!(all.len(), n);
    // The snapshot lists customers and responses in the order they were written, the
    // documents come in id order: the same answers, compared as sorted rows (and only
    // whether they match: a failing assert_eq would print megabytes).
    assert!(answer_rows(&packed) == answer_rows(&kehu_core::PackedAnswers::of(&all)));
    assert!(built == packed);
    wasm_bindgen_test::console_log!(
        "read: raw getAll {raw_ms:.0} ms · documents parsed {docs:.0} ms · snapshot built {first:.0} ms · snapshot read {fast:.0} ms ({:.1}× the raw getAll)",
        raw_ms / fast
    );
    db.close();
}

/// Importing 100,000 new customers in one batch, then the first full load (from the
/// snapshot the import extended) and the next one.
#[wasm_bindgen_test]
async fn customer_import_benchmark() {
    let data = generate(&DemoSpec {
        seed: 11,
        customers: 100_000,
        orders: 0,
        interactions_per_customer: 0,
        today: Day(20_415),
        style: NameStyle::Chinese,
        utc_offset_min: 480,
    });
    Db::delete_database("bench-customers").await.unwrap();
    let db = Db::open("bench-customers", || {}).await.unwrap();
    let t = now();
    db.import(
        kehu_store::Batch {
            customers: data.customers,
            ..Default::default()
        },
        |_, _| {},
    )
    .await
    .unwrap();
    let w = now() - t;
    let t = now();
    let all = db.all_customers().await.unwrap();
    let first = now() - t;
    let t = now();
    let again = db.all_customers().await.unwrap();
    let second = now() - t;
    assert_eq!(all.len(), again.len());
    console_log!(
        "import 100,000 customers: {w:.0} ms; first load {first:.0} ms; from the snapshot {second:.0} ms"
    );
    db.close();
    Db::delete_database("bench-customers").await.unwrap();
}
