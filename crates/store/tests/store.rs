//! Storage tests in headless Chromium: `cargo xtask test` runs them with
//! wasm-bindgen-test-runner and ChromeDriver.
#![cfg(target_arch = "wasm32")]

use kehu_core::*;
use kehu_store::{Batch, CHUNK_CAP, Db, StoreError};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

#[wasm_bindgen(inline_js = r#"
export function make_v1(name, records) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name, 1);
    r.onupgradeneeded = () => {
      const db = r.result;
      db.createObjectStore('meta');
      const c = db.createObjectStore('customers', { keyPath: 'id' });
      c.createIndex('key', 'key', { unique: true });
      const i = db.createObjectStore('interactions', { keyPath: 'id' });
      i.createIndex('customer_at', ['customer', 'at']);
      db.createObjectStore('order_chunks');
      db.createObjectStore('order_dir');
      db.createObjectStore('order_details');
    };
    r.onsuccess = () => {
      const db = r.result;
      const tx = db.transaction(['customers', 'meta'], 'readwrite');
      for (const rec of records) tx.objectStore('customers').put(rec);
      tx.objectStore('meta').put(records.length, 'customer_key_seq');
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onabort = () => reject(tx.error);
    };
    r.onerror = () => reject(r.error);
  });
}
export function put_plain(name, store, rec) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => {
      const db = r.result;
      const tx = db.transaction(store, 'readwrite');
      tx.objectStore(store).put(rec);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onabort = () => reject(tx.error);
    };
    r.onerror = () => reject(r.error);
  });
}
export function get_plain(name, store, key) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => {
      const db = r.result;
      const q = db.transaction(store).objectStore(store).get(key);
      q.onsuccess = () => { db.close(); resolve(q.result); };
      q.onerror = () => reject(q.error);
    };
    r.onerror = () => reject(r.error);
  });
}
// The customer snapshot's key parts (array keys, today's at ['k2', n]): dropped (a
// snapshot from before they existed), counted, part `n`'s replaced by an empty list, or
// n parts in the layout before the landline ([i], here empty lists) in their place.
export function key_parts(name, what, n) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => {
      const db = r.result;
      const tx = db.transaction('customer_snapshot', 'readwrite');
      const store = tx.objectStore('customer_snapshot');
      const arrays = IDBKeyRange.lowerBound([]);
      const empty = new TextEncoder().encode('[]');
      let out = 0;
      if (what === 'drop') store.delete(arrays);
      if (what === 'empty') store.put(empty, ['k2', n]);
      if (what === 'old') {
        store.delete(arrays);
        for (let i = 0; i < n; i++) store.put(empty, [i]);
      }
      if (what === 'count') store.count(arrays).onsuccess = e => { out = e.target.result; };
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onabort = () => reject(tx.error);
    };
    r.onerror = () => reject(r.error);
  });
}
export function open_newer(name, version) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name, version);
    r.onupgradeneeded = () => r.result.createObjectStore('from_the_future');
    r.onsuccess = () => { r.result.close(); resolve('opened'); };
    r.onblocked = () => resolve('blocked');
    r.onerror = () => reject(r.error);
  });
}
"#)]
extern "C" {
    async fn make_v1(name: &str, records: js_sys::Array);
    async fn open_newer(name: &str, version: u32) -> JsValue;
    /// Puts a record as given, bypassing the store (a record in an older layout).
    async fn put_plain(name: &str, store: &str, rec: JsValue);
    /// A record as stored.
    async fn get_plain(name: &str, store: &str, key: &str) -> JsValue;
    async fn key_parts(name: &str, what: &str, n: u32) -> JsValue;
}

#[wasm_bindgen_test]
async fn customers_round_trip_with_keys_and_indexes() {
    let db = fresh("t-customers").await;
    let mut a = person(1, "王芳");
    a.tags = vec!["VIP".into(), "老客户".into()];
    a.email = "Wang.Fang@Example.cn".into();
    let b = person(2, "Li Lei");
    let saved = db.put_customers(&[a.clone(), b]).await.unwrap();
    assert_eq!(
        (saved[0].key, saved[1].key),
        (1, 2),
        "keys are assigned in order"
    );
    let c = db.put_customer(&person(3, "third")).await.unwrap();
    assert_eq!(c.key, 3, "the key sequence survives across writes");

    let got = db.customer(&a.id.0).await.unwrap().unwrap();
    assert_eq!(got.name, "王芳");
    assert_eq!(got.tags, a.tags);

    let mut edited = got.clone();
    edited.name = "王芳芳".into();
    edited.tags.clear();
    db.put_customer(&edited).await.unwrap();
    assert_eq!(db.customer(&a.id.0).await.unwrap().unwrap().name, "王芳芳");
    assert!(
        db.customer(&a.id.0).await.unwrap().unwrap().tags.is_empty(),
        "the edit is stored"
    );
    assert_eq!(db.count_customers().await.unwrap(), 3);
    assert_eq!(db.all_customers().await.unwrap().len(), 3);
    assert!(db.customer("missing").await.unwrap().is_none());
    // Stored as ASCII text (a one-byte string in the browser), the name escaped.
    let raw = get_plain("t-customers", "customers", &a.id.0).await;
    let doc = js_sys::Reflect::get(&raw, &"doc".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(doc.is_ascii() && doc.contains(r"\u738b\u82b3"), "{doc}");
}

#[wasm_bindgen_test]
async fn a_failing_write_rolls_back_the_whole_batch() {
    let db = fresh("t-rollback").await;
    db.put_customer(&person(1, "kept")).await.unwrap();
    let version = db.data_version().await.unwrap();
    let x = person(2, "x");
    let mut y = person(3, "y");
    y.key = 50; // a key never handed out: orders could not refer to y
    let r = db.put_customers(&[x, y]).await;
    assert_eq!(r.unwrap_err(), StoreError::Constraint);
    assert_eq!(
        db.count_customers().await.unwrap(),
        1,
        "neither x nor y is kept"
    );
    assert_eq!(
        db.data_version().await.unwrap(),
        version,
        "nothing committed"
    );
}

#[wasm_bindgen_test]
async fn interactions_by_customer_in_time_order_and_delete_returns_them() {
    let db = fresh("t-interactions").await;
    let c = person(1, "c");
    let mk = |n: u32, at: i64, customer: &Customer| Interaction {
        id: Id(format!("i{n}")),
        customer: customer.id.clone(),
        kind: InteractionKind::Call,
        at: Millis(at),
        subject: format!("s{n}"),
        note: String::new(),
        created: Millis(at),
        updated: Millis(at),
    };
    let other = person(2, "other");
    let version = db.data_version().await.unwrap();
    db.put_docs(&[mk(1, 300, &c), mk(2, 100, &c), mk(3, 200, &other)])
        .await
        .unwrap();
    let of_c = db.docs_of::<Interaction>(&c.id.0).await.unwrap();
    let subjects: Vec<_> = of_c.iter().map(|i| i.subject.as_str()).collect();
    assert_eq!(subjects, vec!["s2", "s1"]);
    let gone = db.delete_doc::<Interaction>("i1").await.unwrap();
    assert_eq!(gone.subject, "s1");
    assert_eq!(db.docs_of::<Interaction>(&c.id.0).await.unwrap().len(), 1);
    assert_eq!(
        db.delete_doc::<Interaction>("i1").await.unwrap_err(),
        StoreError::NotFound
    ); // The analytics read no interactions: logging or deleting a call leaves the
    // dashboards fresh (no recompute of every order).
    assert_eq!(db.data_version().await.unwrap(), version);
}

/// An opportunity written or deleted moves the data version but not the base version,
/// so the worker recomputes the Sales figures alone; a customer or order written moves
/// both, and everything is recomputed.
#[wasm_bindgen_test]
async fn opportunities_make_only_the_sales_figures_stale() {
    let db = seeded("t-sales-stale", 2, 3).await;
    let before = db.versions().await.unwrap();
    let cached = before.data;
    assert!(before.only_sales_since(cached), "{before:?}");
    let c = db.all_customers().await.unwrap()[0].clone();
    let o = Opportunity::new(Id("o1".into()), c.id.clone(), Millis(1_000));
    db.put_doc(&o).await.unwrap();
    let after = db.versions().await.unwrap();
    assert!(after.data > cached);
    assert!(after.only_sales_since(cached));
    db.delete_doc::<Opportunity>("o1").await.unwrap();
    assert!(db.versions().await.unwrap().only_sales_since(cached));
    db.put_customer(&c).await.unwrap();
    let now = db.versions().await.unwrap();
    assert!(
        !now.only_sales_since(cached),
        "a customer changes everything"
    );
    assert!(now.only_sales_since(now.data));
}

#[wasm_bindgen_test]
async fn single_orders_add_edit_delete_and_restore() {
    let db = fresh("t-orders").await;
    let mut o = order(7, 20_000, 12_345);
    o.items = vec![
        OrderItem {
            product: "茶叶".into(),
            quantity: 2,
            unit_price: Cents(5_000),
            ..Default::default()
        },
        // Chosen from the catalogue, at a discount and a known cost.
        OrderItem {
            product: "茶具".into(),
            product_id: Some(kehu_core::Id("p-set".into())),
            quantity: 1,
            unit_price: Cents(2_500),
            discount_bp: 1_000,
            unit_cost: Some(Cents(1_200)),
        },
    ];
    o.note = "gift wrap".into();
    let saved = db.add_order(&o).await.unwrap();
    // The lines are kept in columns, one record for the chunk.
    let lines = db.all_lines().await.unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].order, [saved.id, saved.id]);
    assert_eq!(lines[0].items_of(saved.id), o.items);
    assert!(saved.id >= CHUNK_CAP, "order ids are never 0");
    let second = db.add_order(&order(8, 20_001, 100)).await.unwrap();
    assert_eq!(second.id, saved.id + 1);

    let of7 = db.orders_of(7).await.unwrap();
    assert_eq!(of7, vec![saved.clone()], "details come back with the order");

    let mut edited = saved.clone();
    edited.amount = Cents(99);
    edited.items.clear();
    edited.note.clear();
    db.update_order(&saved, &edited).await.unwrap();
    assert_eq!(db.orders_of(7).await.unwrap(), vec![edited.clone()]);

    assert!(
        db.all_lines().await.unwrap().is_empty(),
        "no lines, no record"
    );
    // Lines back on, then the order deleted: they go with it and come back on undo.
    let relined = Order {
        items: o.items.clone(),
        ..edited.clone()
    };
    db.update_order(&edited, &relined).await.unwrap();
    let edited = relined;
    let deleted = db.delete_order(saved.id).await.unwrap();
    assert_eq!(deleted, edited);
    assert!(db.orders_of(7).await.unwrap().is_empty());
    assert!(db.all_lines().await.unwrap().is_empty());
    assert_eq!(db.count_orders().await.unwrap(), 1);
    db.restore_order(&deleted).await.unwrap();
    assert_eq!(db.orders_of(7).await.unwrap(), vec![edited]);
    assert_eq!(db.count_orders().await.unwrap(), 2);
    assert_eq!(db.delete_order(1).await.unwrap_err(), StoreError::NotFound);
}

#[wasm_bindgen_test]
async fn order_terms_are_kept_and_unpaid_orders_listed() {
    let db = fresh("t-order-terms").await;
    // Imported history first: a chunk with no term columns at all.
    let mut history = OrderColumns::default();
    history.push(0, 9, Day(19_000), Cents(500));
    db.append_orders(&history).await.unwrap();
    let mut o = order(7, 20_000, 12_345);
    o.status = OrderStatus::Shipped;
    o.seller = "staff-1".into();
    o.cost = Some(Cents(8_000));
    let saved = db.add_order(&o).await.unwrap();
    let paid = db.add_order(&order(7, 20_001, 100)).await.unwrap();
    assert_eq!(db.orders_of(7).await.unwrap(), vec![saved.clone(), paid]);
    let unpaid = db.unpaid_orders().await.unwrap();
    assert_eq!(unpaid.id, [saved.id]);
    assert_eq!(unpaid.seller_of(0), Some("staff-1"));

    let settled = Order {
        status: OrderStatus::Completed,
        cost: None,
        ..saved.clone()
    };
    db.update_order(&saved, &settled).await.unwrap();
    assert!(db.unpaid_orders().await.unwrap().is_empty());
    assert_eq!(db.orders_of(7).await.unwrap()[0], settled);

    let again = Order {
        status: OrderStatus::Open,
        ..settled.clone()
    };
    db.update_order(&settled, &again).await.unwrap();
    assert_eq!(db.unpaid_orders().await.unwrap().id, [again.id]);
    let deleted = db.delete_order(again.id).await.unwrap();
    assert_eq!(deleted, again, "a deleted order comes back whole for undo");
    assert!(db.unpaid_orders().await.unwrap().is_empty());
    db.restore_order(&deleted).await.unwrap();
    assert_eq!(db.orders_of(7).await.unwrap()[0], again);

    // A batch (the demo, an import, a merged backup) keeps them too.
    let mut cols = OrderColumns::default();
    cols.push_order(&Order {
        customer: 0,
        ..again.clone()
    });
    let batch = Batch {
        customers: vec![person(0, "批量")],
        orders: cols,
        ..Default::default()
    };
    db.import(batch, |_, _| {}).await.unwrap();
    let unpaid = db.unpaid_orders().await.unwrap();
    assert_eq!(unpaid.len(), 2, "the batch's order is open too");
    assert_eq!(unpaid.seller_of(1), Some("staff-1"));
}

#[wasm_bindgen_test]
async fn bulk_orders_span_chunks_and_read_back_as_columns() {
    let db = fresh("t-bulk-orders").await;
    let n = CHUNK_CAP as usize + 1_000;
    let mut cols = OrderColumns::with_capacity(n);
    for i in 0..n {
        cols.push(
            0,
            (i % 97) as u32 + 1,
            Day(19_000 + (i % 1_000) as i32),
            Cents(i as i64),
        );
    }
    let ids = db.append_orders(&cols).await.unwrap();
    assert_eq!(ids.len(), n);
    let more = db.append_orders(&cols).await.unwrap();
    assert!(more[0] > ids[n - 1], "appends continue after the last id");
    let all = db.all_orders().await.unwrap();
    assert_eq!(all.len(), 2 * n);
    assert_eq!(all.total(), Cents(2 * cols.total().0));
    assert_eq!(db.count_orders().await.unwrap(), 2 * n as u64);
    let of5 = db.orders_of(5).await.unwrap();
    let expected = (0..n).filter(|i| i % 97 == 4).count() * 2;
    assert_eq!(of5.len(), expected);
    assert!(of5.iter().all(|o| o.customer == 5));

    // The order list's index: chunk counts newest first, adding up to every order; the
    // newest chunk ends with the last order appended.
    let index = db.order_chunks().await.unwrap();
    assert!(index.windows(2).all(|w| w[0].0 > w[1].0));
    assert_eq!(index.iter().map(|&(_, n)| n as usize).sum::<usize>(), 2 * n);
    let newest = db.order_chunk(index[0].0).await.unwrap();
    assert_eq!(newest.len(), index[0].1 as usize);
    assert_eq!(newest.id.last(), more.last());
    assert!(db.order_chunk(9_999).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn import_writes_everything_and_maps_customer_keys() {
    let db = fresh("t-import").await;
    db.put_customer(&person(99, "existing")).await.unwrap();
    let demo = kehu_core::demo::generate(&kehu_core::demo::DemoSpec {
        customers: 50,
        orders: 400,
        ..kehu_core::demo::DemoSpec::standard(Day(20_000), kehu_core::demo::NameStyle::Chinese)
    });
    let first_name = demo.customers[0].name.clone();
    let first_orders = demo.orders.customer.iter().filter(|&&c| c == 0).count();
    // The first customer's orders' lines, in order, as the demo made them.
    let first_items: Vec<Vec<OrderItem>> = (0..demo.orders.len())
        .filter(|&i| demo.orders.customer[i] == 0)
        .map(|i| demo.lines.items_of(demo.orders.id[i]))
        .collect();
    let line_count = demo.lines.len();
    let calls = Rc::new(Cell::new(0));
    let c2 = calls.clone();
    db.import(
        Batch {
            customers: demo.customers,
            orders: demo.orders,
            lines: demo.lines,
            docs: kehu_core::Docs {
                interactions: demo.interactions,
                responses: demo.responses.clone(),
                staff: demo.staff.clone(),
                opportunities: demo.opportunities.clone(),
                tasks: demo.tasks.clone(),
                leads: demo.leads.clone(),
                products: demo.products.clone(),
                quotes: demo.quotes.clone(),
                expenses: demo.expenses.clone(),
                segments: demo.segments.clone(),
                tickets: demo.tickets.clone(),
                contracts: demo.contracts.clone(),
                articles: demo.articles.clone(),
                care_rules: demo.care_rules.clone(),
                campaigns: demo.campaigns.clone(),
                campaign_members: demo.campaign_members.clone(),
                redemptions: Vec::new(),
                shop_settings: Vec::new(),
            },
            surveys: demo.surveys.clone(),
            ..Default::default()
        },
        move |_, _| c2.set(c2.get() + 1),
    )
    .await
    .unwrap();
    assert!(calls.get() >= 2, "progress is reported");
    assert_eq!(db.count_customers().await.unwrap(), 51);
    assert_eq!(db.count_orders().await.unwrap(), 400);
    let all = db.all_customers().await.unwrap();
    let first = all.iter().find(|c| c.name == first_name).unwrap();
    assert_eq!(first.key, 2, "keys continue after the existing customer");
    let theirs = db.orders_of(first.key).await.unwrap();
    assert_eq!(theirs.len(), first_orders);
    // Each order's lines came along under its new id.
    let items: Vec<Vec<OrderItem>> = theirs.into_iter().map(|o| o.items).collect();
    assert_eq!(items, first_items);
    let stored: usize = db.all_lines().await.unwrap().iter().map(|l| l.len()).sum();
    assert_eq!(stored, line_count);
    // Survey responses come along, found by customer in date order.
    assert_eq!(
        db.all_docs::<SurveyResponse>().await.unwrap().len(),
        demo.responses.len()
    );
    let who = &demo.responses[0].customer.0;
    let theirs = db.docs_of::<SurveyResponse>(who).await.unwrap();
    assert_eq!(
        theirs.len(),
        demo.responses
            .iter()
            .filter(|r| &r.customer.0 == who)
            .count()
    );
    assert!(theirs.windows(2).all(|w| w[0].day <= w[1].day));
    assert_eq!(db.surveys().await.unwrap(), demo.surveys);
    // The import started the answers snapshot: it holds what the documents say.
    let all = db.all_docs::<SurveyResponse>().await.unwrap();
    assert_eq!(
        canonical(&db.response_answers().await.unwrap()),
        expected(&all)
    );

    let gone = db
        .delete_doc::<SurveyResponse>(theirs[0].id.as_str())
        .await
        .unwrap();
    assert_eq!(gone, theirs[0]);
    db.put_doc(&gone).await.unwrap();
    assert_eq!(
        db.docs_of::<SurveyResponse>(who).await.unwrap(),
        theirs,
        "undo restores it"
    );
    // An import keeps the answers snapshot up too.
    let more: Vec<SurveyResponse> = demo.responses[..3]
        .iter()
        .map(|r| SurveyResponse {
            id: Id(format!("{}-again", r.id.0)),
            ..r.clone()
        })
        .collect();
    db.import(
        Batch {
            customers: vec![],
            orders: OrderColumns::default(),
            docs: kehu_core::Docs {
                responses: more,
                ..Default::default()
            },
            surveys: vec![],
            ..Default::default()
        },
        |_, _| {},
    )
    .await
    .unwrap();
    let all = db.all_docs::<SurveyResponse>().await.unwrap();
    assert_eq!(
        canonical(&db.response_answers().await.unwrap()),
        expected(&all)
    );
}

/// What the import wizard writes: new customers and updated ones together, orders of
/// existing customers by key and of new ones by position, in one transaction.
#[wasm_bindgen_test]
async fn import_updates_customers_in_place_and_places_orders_by_key_or_position() {
    let db = fresh("t-import-update").await;
    let saved = db
        .put_customers(&[person(1, "Wang"), person(2, "Li")])
        .await
        .unwrap();
    let mut li = saved[1].clone();
    li.city = "上海".into();
    let mut keyed = OrderColumns::default();
    keyed.push(0, li.key, Day(20_000), kehu_core::Cents(500));
    let mut fresh_orders = OrderColumns::default();
    fresh_orders.push(0, 1, Day(20_001), kehu_core::Cents(700));
    fresh_orders.push(0, 0, Day(20_002), kehu_core::Cents(900));
    db.import(
        Batch {
            // Position 0: an update (keeps key 2); position 1: new.
            customers: vec![li.clone(), person(3, "Zhao")],
            orders: fresh_orders,
            keyed_orders: keyed,
            ..Default::default()
        },
        |_, _| {},
    )
    .await
    .unwrap();
    let all = db.all_customers().await.unwrap();
    assert_eq!(all.len(), 3, "the update did not add a customer");
    let stored_li = all.iter().find(|c| c.name == "Li").unwrap();
    assert_eq!((stored_li.key, stored_li.city.as_str()), (li.key, "上海"));
    let zhao = all.iter().find(|c| c.name == "Zhao").unwrap();
    assert_eq!(zhao.key, 3, "a new customer takes the next key");
    let li_orders: Vec<i64> = db
        .orders_of(li.key)
        .await
        .unwrap()
        .iter()
        .map(|o| o.amount.0)
        .collect();
    assert_eq!(li_orders, vec![500, 900]);
    assert_eq!(db.orders_of(zhao.key).await.unwrap().len(), 1);
    assert_eq!(db.orders_of(saved[0].key).await.unwrap().len(), 0);

    // An order pointing past the batch's customers aborts the whole batch.
    let mut bad = OrderColumns::default();
    bad.push(0, 5, Day(20_000), kehu_core::Cents(1));
    let r = db
        .import(
            Batch {
                customers: vec![person(4, "Qian")],
                orders: bad,
                ..Default::default()
            },
            |_, _| {},
        )
        .await;
    assert!(r.is_err());
    assert_eq!(
        db.count_customers().await.unwrap(),
        3,
        "nothing of it was kept"
    );
}

#[wasm_bindgen_test]
async fn designed_surveys_count_their_answers_and_only_unanswered_ones_delete() {
    use kehu_core::{Id, Millis, Survey, SurveyKind, SurveyResponse};
    let db = fresh("kehu-test-surveys").await;
    let kano = Survey::starter(SurveyKind::Kano, true, Id("s1".into()), Millis(1));
    let spare = Survey::starter(SurveyKind::Custom, false, Id("s2".into()), Millis(2));
    let kano = db.put_survey(&kano).await.unwrap();
    let spare = db.put_survey(&spare).await.unwrap();
    let answer = |i: u32| SurveyResponse {
        survey: Some(kano.id.clone()),
        items: vec![kehu_core::ItemAnswer {
            item: 1,
            first: 2,
            second: Some(5),
        }],
        ..SurveyResponse::blank(Id(format!("r{i}")), Id("c1".into()), Day(20_000), Millis(3))
    };
    // A response stored before the answers snapshot existed (an older database).
    let legacy = SurveyResponse {
        answers: vec![Answer {
            question: Question::Ces,
            score: 6,
        }],
        ..answer(4)
    };
    let rec = js_sys::Object::new();
    for (k, v) in [
        ("id", JsValue::from_str("r4")),
        ("customer", JsValue::from_str("c1")),
        ("day", JsValue::from_f64(20_000.0)),
        ("survey", JsValue::from_str("s1")),
        (
            "doc",
            JsValue::from_str(&serde_json::to_string(&legacy).unwrap()),
        ),
    ] {
        js_sys::Reflect::set(&rec, &k.into(), &v).unwrap();
    }
    put_plain("kehu-test-surveys", "responses", rec.into()).await;
    db.put_docs(&[answer(1), answer(2)]).await.unwrap();
    // A quick-question response is not counted for the survey.
    db.put_doc(&SurveyResponse::blank(
        Id("r3".into()),
        Id("c1".into()),
        Day(20_000),
        Millis(3),
    ))
    .await
    .unwrap();
    assert_eq!(db.survey_response_count("s1").await.unwrap(), 3);

    let all = db.all_docs::<SurveyResponse>().await.unwrap();
    assert_eq!(all.len(), 4);
    // The first analytics read builds the answers snapshot from the records...
    let packed = db.response_answers().await.unwrap();
    assert_eq!(canonical(&packed), expected(&all));
    assert_eq!(packed.i_first.len(), 3);
    assert!(packed.q_question.contains(&2), "the legacy CES answer");
    // ...and every write after keeps it equal to them.
    db.put_doc(&answer(5)).await.unwrap();
    db.put_docs(&[answer(6), answer(1)]).await.unwrap();
    db.delete_doc::<SurveyResponse>("r2").await.unwrap();
    let all = db.all_docs::<SurveyResponse>().await.unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(
        canonical(&db.response_answers().await.unwrap()),
        expected(&all)
    );
    assert_eq!(
        db.surveys().await.unwrap(),
        vec![kano.clone(), spare.clone()]
    );
    let read = db.docs_of::<SurveyResponse>("c1").await.unwrap();
    assert_eq!(read.iter().filter(|r| r.items.len() == 1).count(), 4);
    assert!(matches!(
        db.delete_survey("s1").await,
        Err(kehu_store::StoreError::Constraint)
    ));
    let archived = Survey {
        archived: true,
        ..kano.clone()
    };
    let archived = db.put_survey(&archived).await.unwrap();
    assert!(db.surveys().await.unwrap()[0].archived);
    assert_eq!(db.delete_survey("s2").await.unwrap(), spare);
    assert_eq!(db.surveys().await.unwrap(), vec![archived]);
}

#[wasm_bindgen_test]
async fn migration_from_v1_keeps_every_record() {
    let name = "t-migrate";
    Db::delete_database(name).await.unwrap();
    let records = js_sys::Array::new();
    for n in 1..=120u32 {
        let mut c = person(n, &format!("客户{n}"));
        c.key = n;
        c.tags = vec![if n % 2 == 0 {
            "even".into()
        } else {
            "odd".into()
        }];
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"id".into(), &c.id.0.clone().into()).unwrap();
        js_sys::Reflect::set(&o, &"key".into(), &(n as f64).into()).unwrap();
        js_sys::Reflect::set(
            &o,
            &"doc".into(),
            &serde_json::to_string(&c).unwrap().into(),
        )
        .unwrap();
        records.push(&o);
    }
    make_v1(name, records).await;
    let db = Db::open(name, || {}).await.unwrap();
    let all = db.all_customers().await.unwrap();
    assert_eq!(all.len(), 120);
    assert!(all.iter().any(|c| c.name == "客户77"));
    assert_eq!(
        all.iter()
            .filter(|c| c.tags.iter().any(|t| t == "even"))
            .count(),
        60,
        "documents read through every migration"
    );
    let next = db.put_customer(&person(500, "new")).await.unwrap();
    assert_eq!(next.key, 121, "the key sequence carried over");
}

#[wasm_bindgen_test]
async fn an_upgrade_in_another_tab_closes_this_handle_cleanly() {
    let name = "t-versionchange";
    Db::delete_database(name).await.unwrap();
    let told = Rc::new(Cell::new(false));
    let t2 = told.clone();
    let db = Db::open(name, move || t2.set(true)).await.unwrap();
    db.put_customer(&person(1, "before")).await.unwrap();
    let outcome = open_newer(name, kehu_store::SCHEMA_VERSION + 1).await;
    assert_eq!(
        outcome.as_string().as_deref(),
        Some("opened"),
        "not blocked by us"
    );
    assert!(told.get(), "the app was told to reload");
    let err = db.put_customer(&person(2, "after")).await.unwrap_err();
    assert_eq!(err, StoreError::Closed, "no write through a stale handle");
    let reopened = Db::open(name, || {}).await;
    assert_eq!(reopened.err(), Some(StoreError::NewerVersion));
}

#[wasm_bindgen_test]
async fn loading_all_customers_sees_every_change_after_the_snapshot() {
    let name = "t-snapshot";
    let db = fresh(name).await;
    let many: Vec<Customer> = (1..=3_000).map(|n| person(n, &format!("c{n}"))).collect();
    db.put_customers(&many).await.unwrap();
    // First load: no snapshot yet, reads every record and writes the snapshot.
    let (first, from_snapshot) = db.load_customers().await.unwrap();
    assert_eq!(first.len(), 3_000);
    assert!(!from_snapshot);

    // Changes after the snapshot, some through a second handle (another tab).
    let other = Db::open(name, || {}).await.unwrap();
    let mut edited = first.iter().find(|c| c.name == "c10").unwrap().clone();
    edited.name = "c10 edited".into();
    db.put_customer(&edited).await.unwrap();
    let mut trashed = first.iter().find(|c| c.name == "c11").unwrap().clone();
    trashed.deleted = Some(Millis(5));
    other.put_customer(&trashed).await.unwrap();
    other
        .put_customer(&person(9_001, "added in another tab"))
        .await
        .unwrap();

    for handle in [&db, &other] {
        let (all, from_snapshot) = handle.load_customers().await.unwrap();
        assert!(from_snapshot, "the second load reads the snapshot");
        assert_eq!(all.len(), 3_001);
        let by_name = |n: &str| all.iter().filter(|c| c.name == n).count();
        assert_eq!(by_name("c10 edited"), 1);
        assert_eq!(by_name("c10"), 0, "the snapshot's old copy is replaced");
        assert!(
            all.iter()
                .find(|c| c.name == "c11")
                .unwrap()
                .deleted
                .is_some()
        );
        assert_eq!(by_name("added in another tab"), 1);
        // The light view the analytics worker reads agrees, trash flag included.
        let mut keys = handle.customer_keys().await.unwrap();
        keys.sort_by_key(|k| k.key);
        let mut full: Vec<(u32, String, bool, &str)> = all
            .iter()
            .map(|c| (c.key, c.id.0.clone(), c.deleted.is_some(), c.known_id()))
            .collect();
        full.sort();
        let light: Vec<(u32, String, bool, &str)> = keys
            .iter()
            .map(|k| (k.key, k.id.0.clone(), k.deleted.is_some(), k.known_id()))
            .collect();
        assert_eq!(light, full);
    }

    // Many changes: the snapshot is rewritten, and still nothing is lost.
    let mut bulk = db.all_customers().await.unwrap();
    for c in bulk.iter_mut().take(500) {
        c.city = "杭州".into();
    }
    db.put_customers(&bulk[..500]).await.unwrap();
    let after = db.all_customers().await.unwrap();
    assert_eq!(after.iter().filter(|c| c.city == "杭州").count(), 500);
    let again = db.all_customers().await.unwrap();
    assert_eq!(again.len(), 3_001);
    assert_eq!(again.iter().filter(|c| c.city == "杭州").count(), 500);

    db.clear_all().await.unwrap();
    assert!(
        db.all_customers().await.unwrap().is_empty(),
        "erase clears the snapshot too"
    );
}

/// Every customer's key fields, as the full documents have them, in key order.
fn keys_of(all: &[Customer]) -> Vec<kehu_store::CustomerKey> {
    let mut keys: Vec<_> = all.iter().map(kehu_store::CustomerKey::of).collect();
    keys.sort_by_key(|k| k.key);
    keys
}

async fn customer_keys(db: &Db) -> Vec<kehu_store::CustomerKey> {
    let mut keys = db.customer_keys().await.unwrap();
    keys.sort_by_key(|k| k.key);
    keys
}

#[wasm_bindgen_test]
async fn the_workers_read_of_customer_keys_takes_the_snapshots_key_parts() {
    let name = "t-key-parts";
    let db = fresh(name).await;
    let count = |what| async move { key_parts(name, what, 0).await.as_f64().unwrap() };
    let many: Vec<Customer> = (1..=6_000)
        .map(|n| {
            let mut c = person(n, &format!("c{n}"));
            (c.code, c.region, c.owner) = (format!("C{n}"), "华东".into(), format!("s{}", n % 3));
            c.email = format!("c{n}@example.com");
            c.phone = format!("0571-{n:08}");
            c.birth_date = (n % 2 == 0).then_some(Day(n as i32));
            c.deleted = (n % 7 == 0).then_some(Millis(9));
            c
        })
        .collect();
    db.put_customers(&many).await.unwrap();
    let all = db.all_customers().await.unwrap();
    assert_eq!(
        count("count").await,
        2.0,
        "each of the two parts has its keys"
    );
    assert_eq!(customer_keys(&db).await, keys_of(&all));
    // What an import finds a customer by is the same from the keys as from the whole
    // customer (but for the city, which finding by reference never reads).
    let mut whole = all.clone();
    whole.sort_by_key(|c| c.key);
    for (k, c) in customer_keys(&db).await.iter().zip(&whole) {
        let of = kehu_core::dedup::Person::of(c);
        assert_eq!(k.person(), kehu_core::dedup::Person { city: "", ..of });
    }

    // A snapshot from before key parts: still read right (from the documents), and
    // the next full load writes them.
    key_parts(name, "drop", 0).await;
    assert_eq!(customer_keys(&db).await, keys_of(&all));
    assert_eq!(count("count").await, 0.0);
    db.all_customers().await.unwrap();
    assert_eq!(
        count("count").await,
        2.0,
        "the full load rewrote the snapshot"
    );
    assert_eq!(customer_keys(&db).await, keys_of(&all));

    // Key parts from before the landline was among them are not read as keys (here
    // they are empty lists: read, they would lose every customer), and the next full
    // load rewrites them.
    key_parts(name, "old", 2).await;
    assert_eq!(customer_keys(&db).await, keys_of(&all));
    db.all_customers().await.unwrap();
    assert_eq!(count("count").await, 2.0, "only today's layout is left");
    assert_eq!(customer_keys(&db).await, keys_of(&all));

    // An import appends a part, keys and all; a single edit is read on top.
    let more: Vec<Customer> = (6_001..=6_100).map(|n| person(n, "imported")).collect();
    db.import(
        Batch {
            customers: more,
            ..Default::default()
        },
        |_, _| {},
    )
    .await
    .unwrap();
    let mut edited = all[5].clone();
    edited.region = "华南".into();
    db.put_customer(&edited).await.unwrap();
    let all = db.all_customers().await.unwrap();
    assert_eq!(all.len(), 6_100);
    assert_eq!(count("count").await, 3.0);
    assert_eq!(customer_keys(&db).await, keys_of(&all));

    // The keys are what is read: with the first part's keys emptied, its customers go
    // missing from the keys alone.
    key_parts(name, "empty", 0).await;
    assert_eq!(customer_keys(&db).await.len(), 1_100 + 1);
    assert_eq!(db.all_customers().await.unwrap().len(), 6_100);

    db.clear_all().await.unwrap();
    assert_eq!(count("count").await, 0.0, "erase clears the key parts too");
    assert!(db.customer_keys().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn insights_cache_round_trips_without_touching_the_data_version() {
    use kehu_core::analytics::insights::{Request, compute};
    let db = fresh("t-insights").await;
    assert_eq!(db.insights().await.unwrap(), None, "nothing cached yet");
    let mut orders = OrderColumns::default();
    for k in 1..30u32 {
        for j in 0..(k % 4 + 1) {
            orders.push(
                k * 10 + j,
                k,
                Day(20_000 + (k * 7 + j * 30) as i32),
                Cents(k as i64 * 100),
            );
        }
    }
    let mut live = vec![true; 30];
    live[0] = false;
    let rank: Vec<u32> = (0..30).collect();
    let req = Request {
        as_of: Day(20_300),
        window_days: None,
        clusters: 3,
        rank: Default::default(),
    };
    let ins = compute(
        &orders,
        &AnswerColumns::default(),
        &live,
        &rank,
        req,
        &mut |_| {},
    );
    let before = db.data_version().await.unwrap();
    db.put_insights(7, &ins).await.unwrap();
    assert_eq!(db.data_version().await.unwrap(), before);
    let got = db.insights().await.unwrap().unwrap();
    assert_eq!(got.version, 7);
    let (g, c) = (&got.insights.customers, &ins.customers);
    assert_eq!(
        (&g.segment, &g.tier, &g.cluster),
        (&c.segment, &c.tier, &c.cluster)
    );
    assert_eq!(
        (&g.first_month, &g.months, g.months_to, &g.csat),
        (&c.first_month, &c.months, c.months_to, &c.csat)
    );
    assert!(c.months.iter().any(|&m| m != 0), "months active are kept");
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(&g.p_alive),
        bits(&c.p_alive),
        "NaN (no value) survives too"
    );
    assert_eq!(bits(&g.clv), bits(&c.clv));
    assert_eq!(got.insights.segments, ins.segments);
    assert_eq!(got.insights.request, req);
    // Sales figures recomputed alone later stand in for the cached ones, with their
    // version; figures for another request do not.
    let basis = db.sales_basis().await.unwrap().unwrap();
    let paid = ins.sales.as_ref().map(|s| s.paid_by_owner_month.clone());
    assert_eq!(
        (
            basis.version,
            basis.request,
            basis.sales.map(|s| s.paid_by_owner_month)
        ),
        (7, req, paid)
    );
    let opp = Opportunity::new(Id("o".into()), Id("c".into()), Day(20_290).start_millis());
    let figures = kehu_core::analytics::insights::sales_figures(req, [&opp]).unwrap();
    let later = kehu_store::CachedSales {
        version: 9,
        request: req,
        sales: Some(figures.clone()),
    };
    db.put_sales(&later).await.unwrap();
    let got = db.insights().await.unwrap().unwrap();
    assert_eq!((got.version, got.insights.sales), (9, Some(figures)));
    assert_eq!(got.insights.segments, ins.segments, "the rest as it was");
    let other = Request { clusters: 4, ..req };
    db.put_sales(&kehu_store::CachedSales {
        version: 11,
        request: other,
        ..later
    })
    .await
    .unwrap();
    assert_eq!(db.insights().await.unwrap().unwrap().version, 7);
    db.clear_all().await.unwrap();
    assert_eq!(
        db.insights().await.unwrap(),
        None,
        "erasing clears the cache"
    );
}

/// Backup → restore into an empty database → backup gives the same file content; every
/// customer keeps its key and every order its id (deleted slots included), details too.
#[wasm_bindgen_test]
async fn backup_restore_backup_is_identical_and_merge_adds_only_what_is_missing() {
    use kehu_core::backup::{decode, encode};
    let db = fresh("t-backup-a").await;
    let demo = kehu_core::demo::generate(&kehu_core::demo::DemoSpec {
        customers: 30,
        orders: 200,
        ..kehu_core::demo::DemoSpec::standard(Day(20_000), kehu_core::demo::NameStyle::Chinese)
    });
    db.import(
        Batch {
            customers: demo.customers,
            orders: demo.orders,
            lines: demo.lines,
            docs: kehu_core::Docs {
                interactions: demo.interactions,
                responses: demo.responses,
                staff: demo.staff,
                opportunities: demo.opportunities,
                tasks: demo.tasks,
                leads: demo.leads,
                products: demo.products,
                quotes: demo.quotes,
                expenses: demo.expenses,
                segments: demo.segments,
                tickets: demo.tickets,
                contracts: demo.contracts,
                articles: demo.articles,
                care_rules: demo.care_rules,
                campaigns: demo.campaigns,
                campaign_members: demo.campaign_members,
                redemptions: Vec::new(),
                shop_settings: Vec::new(),
            },
            surveys: demo.surveys,
            ..Default::default()
        },
        |_, _| {},
    )
    .await
    .unwrap();
    let mut noted = order(3, 20_100, 4_200);
    noted.note = "gift wrap".into();
    // Its status, seller and cost travel in the chunk's term columns.
    noted.status = OrderStatus::Shipped;
    noted.seller = "staff-1".into();
    noted.cost = Some(Cents(3_000));
    let noted = db.add_order(&noted).await.unwrap();
    // An order with details of a customer the merge below adds.
    let mut boxed = order(20, 20_101, 777);
    boxed.note = "merge me".into();
    boxed.items = vec![OrderItem {
        product: "茶叶".into(),
        quantity: 2,
        unit_price: Cents(388),
        ..Default::default()
    }];
    db.add_order(&boxed).await.unwrap();
    let gone = db.all_orders().await.unwrap().id[5];
    db.delete_order(gone).await.unwrap();
    let mut trashed = db.all_customers().await.unwrap()[4].clone();
    trashed.deleted = Some(Millis(5));
    db.put_customer(&trashed).await.unwrap();

    let first = db.backup().await.unwrap();
    let text = encode(first.clone(), SCHEMA, Millis(1));
    let (_, read) = decode(&text, SCHEMA, Day(21_000)).unwrap();
    assert_eq!(read, first);

    let other = fresh("t-backup-b").await;
    other
        .put_customer(&person(1, "to be replaced"))
        .await
        .unwrap();
    other.restore(&read, |_, _| {}).await.unwrap();
    let second = other.backup().await.unwrap();
    // Identical, but for the orders entered by hand: their chunk is the first device's,
    // closed to this one's orders.
    let mut same = first.clone();
    for c in same.order_chunks.iter_mut().filter(|c| c.loose) {
        assert!(!c.made_on.is_empty());
        c.made_on = kehu_core::backup::MADE_ELSEWHERE.into();
    }
    assert_eq!(
        encode(second, SCHEMA, Millis(1)),
        encode(same, SCHEMA, Millis(1)),
        "identical content"
    );
    let restored = other.orders_of(3).await.unwrap();
    let n = restored.iter().find(|o| o.id == noted.id).unwrap();
    assert_eq!(
        n, &noted,
        "status, seller and cost come back with the order"
    );
    assert_eq!(
        n.note, "gift wrap",
        "order details come back under the same id"
    );
    assert!(
        other
            .all_orders()
            .await
            .unwrap()
            .id
            .iter()
            .all(|&i| i != gone)
    );
    // New records continue after the restored ones.
    let next = other.put_customer(&person(500, "next")).await.unwrap();
    assert_eq!(next.key, first.customer_key_seq + 1);
    assert_eq!(
        canonical(&other.response_answers().await.unwrap()),
        expected(&first.docs.responses),
        "the answers snapshot is rebuilt"
    );

    // Merging the backup into a database holding part of it adds only the rest.
    let part = fresh("t-backup-c").await;
    let mut half = first.clone();
    half.customers.truncate(10);
    // With the records of those ten only: a backup holds nothing of a customer it lacks.
    let keys: std::collections::HashSet<u32> = half.customers.iter().map(|c| c.key).collect();
    let ids: std::collections::HashSet<Id> = half.customers.iter().map(|c| c.id.clone()).collect();
    for c in &mut half.order_chunks {
        let mut cols = c.columns();
        cols.retain(|cols, i| keys.contains(&cols.customer[i]));
        let (batch, loose) = (std::mem::take(&mut c.batch), c.loose);
        *c = kehu_core::backup::OrderChunk::of(c.no, c.next, batch, loose, cols);
    }
    let kept: std::collections::HashSet<u32> = half
        .order_chunks
        .iter()
        .flat_map(|c| c.ids.clone())
        .collect();
    half.order_details.retain(|d| kept.contains(&d.id));
    // Every kind's records of those ten, and the shop's.
    struct Keep<'a>(&'a std::collections::HashSet<Id>);
    impl kehu_core::kinds::VisitMut for Keep<'_> {
        type Error = std::convert::Infallible;
        fn kind<T: kehu_core::Doc>(&mut self, docs: &mut Vec<T>) -> Result<(), Self::Error> {
            docs.retain(|d| d.customer().is_none_or(|c| self.0.contains(c)));
            Ok(())
        }
    }
    let Ok(()) = half.docs.each_mut(&mut Keep(&ids));
    part.restore(&half, |_, _| {}).await.unwrap();
    let before = part.count_orders().await.unwrap();
    let plan = part.merge_backup(&first, |_, _| {}).await.unwrap();
    assert_eq!(plan.customers.len(), first.customers.len() - 10);
    assert_eq!(plan.kept, 10);
    assert_eq!(
        part.count_customers().await.unwrap() as usize,
        first.customers.len()
    );
    assert_eq!(
        part.count_orders().await.unwrap(),
        before + plan.orders.len() as u64
    );
    // The added orders keep their items and notes.
    let twenty = &first.customers.iter().find(|c| c.key == 20).unwrap().id;
    let merged = part.customer(&twenty.0).await.unwrap().unwrap();
    let theirs = part.orders_of(merged.key).await.unwrap();
    let b = theirs
        .iter()
        .find(|o| o.note == "merge me")
        .expect("the note came along");
    assert_eq!(b.items, boxed.items);
    let again = part.merge_backup(&first, |_, _| {}).await.unwrap();
    assert!(again.customers.is_empty() && again.orders.is_empty() && again.keyed_orders.is_empty());
    assert!(again.docs.is_empty());
}

const SCHEMA: u32 = kehu_store::SCHEMA_VERSION;

/// Merging moves orders, interactions and responses to the survivor and trashes the
/// other customer, in one transaction; undo puts every one of them back.
#[wasm_bindgen_test]
async fn merging_customers_moves_their_history_and_undo_restores_it() {
    let db = fresh("t-merge").await;
    let saved = db
        .put_customers(&[person(1, "王芳"), person(2, "王芳 (dup)")])
        .await
        .unwrap();
    let (keep, other) = (saved[0].clone(), saved[1].clone());
    for (k, cents) in [
        (keep.key, 100),
        (other.key, 200),
        (other.key, 300),
        (keep.key, 400),
    ] {
        db.add_order(&order(k, 20_000, cents)).await.unwrap();
    }
    let call = Interaction {
        id: Id("i1".into()),
        customer: other.id.clone(),
        kind: InteractionKind::Call,
        at: Millis(5),
        subject: "asked about delivery".into(),
        note: String::new(),
        created: Millis(5),
        updated: Millis(5),
    };
    db.put_docs(std::slice::from_ref(&call)).await.unwrap();
    let mut answer =
        SurveyResponse::blank(Id("r1".into()), other.id.clone(), Day(20_000), Millis(6));
    answer.answers = vec![Answer {
        question: Question::Nps,
        score: 9,
    }];
    db.put_doc(&answer).await.unwrap();
    db.response_answers().await.unwrap();

    let mut merged = keep.clone();
    merged.email = "wang@example.com".into();
    let undo = db
        .merge_customers(&merged, &other, Millis(99))
        .await
        .unwrap();
    assert_eq!(undo.orders.len(), 2);
    let amounts = |os: Vec<Order>| os.iter().map(|o| o.amount.0).collect::<Vec<_>>();
    assert_eq!(
        amounts(db.orders_of(keep.key).await.unwrap()),
        vec![100, 200, 300, 400]
    );
    assert!(db.orders_of(other.key).await.unwrap().is_empty());
    assert_eq!(
        db.docs_of::<Interaction>(&keep.id.0).await.unwrap().len(),
        1
    );
    assert_eq!(
        db.docs_of::<SurveyResponse>(&keep.id.0)
            .await
            .unwrap()
            .len(),
        1
    );
    let all = db.all_customers().await.unwrap();
    let gone = all.iter().find(|c| c.id == other.id).unwrap();
    assert_eq!(
        gone.deleted,
        Some(Millis(99)),
        "the other customer is in the trash"
    );
    assert_eq!(
        all.iter().find(|c| c.id == keep.id).unwrap().email,
        "wang@example.com"
    );
    // The answers snapshot follows the move (rebuilt from the records).
    assert_eq!(
        canonical(&db.response_answers().await.unwrap()),
        expected(&db.all_docs::<SurveyResponse>().await.unwrap())
    );
    assert_eq!(
        db.response_answers().await.unwrap().ids,
        vec![keep.id.0.clone()]
    );

    db.undo_merge(&undo).await.unwrap();
    assert_eq!(
        amounts(db.orders_of(keep.key).await.unwrap()),
        vec![100, 400]
    );
    assert_eq!(
        amounts(db.orders_of(other.key).await.unwrap()),
        vec![200, 300]
    );
    assert_eq!(
        db.docs_of::<Interaction>(&other.id.0).await.unwrap(),
        vec![call]
    );
    assert_eq!(
        db.docs_of::<SurveyResponse>(&other.id.0).await.unwrap(),
        vec![answer]
    );
    let all = db.all_customers().await.unwrap();
    // As they were, at revisions past the merge's.
    let as_was = |c: &Customer, rev| Customer { rev, ..c.clone() };
    let back = |id: &Id| all.iter().find(|c| &c.id == id).unwrap();
    assert_eq!(back(&other.id), &as_was(&other, other.rev + 2));
    assert_eq!(back(&keep.id), &as_was(&keep, keep.rev + 2));
}

#[wasm_bindgen_test]
async fn an_import_in_batches_resumes_after_its_last_batch_and_rolls_back_completely() {
    use kehu_core::import::job::ImportStatus;
    use kehu_core::import::mapping::ImportKind;
    let db = fresh("t-import-jobs").await;
    let kept = db.put_customer(&person(0, "Kept")).await.unwrap();
    db.append_orders(&OrderColumns {
        id: vec![0],
        customer: vec![kept.key],
        day: vec![20_000],
        cents: vec![999],
        ..Default::default()
    })
    .await
    .unwrap();
    let mut text = String::from("客户,订单号,下单日期,金额\n");
    for i in 0..30 {
        text += &format!("Buyer {},N{i},2026-01-05,{}.00\n", i % 7, 10 + i);
    }
    text += "Kept,N-kept,2026-01-06,5.00\n";
    let mut job = import_job("job-1", ImportKind::Orders, &text);
    db.save_import_job(&job).await.unwrap();

    // Two batches of 8 records (new customers count), then a stop.
    write_import(&db, &mut job, &text, 8, 2).await;
    let stored = db.import_job("job-1").await.unwrap().unwrap();
    assert_eq!(stored, job);
    assert_eq!(stored.batches, 2);
    assert!(stored.line > 1 && stored.line < 32);
    let orders_then = db.count_orders().await.unwrap();
    assert_eq!(orders_then, 1 + stored.written.orders);

    // Resumed: every order once, each new customer once.
    write_import(&db, &mut job, &text, 8, usize::MAX).await;
    assert_eq!(job.line, 32);
    assert_eq!(job.written.orders, 31);
    assert_eq!(job.written.created, 7);
    assert_eq!(db.count_orders().await.unwrap(), 32);
    let names: std::collections::BTreeSet<String> = db
        .all_customers()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names.len(), 8);

    // Rolled back: as before the import, the order of a customer it did not create too.
    let rolled = db.rollback_import("job-1", Millis(3)).await.unwrap();
    assert_eq!(rolled.status, ImportStatus::RolledBack);
    let all = db.all_orders().await.unwrap();
    assert_eq!(all.cents, vec![999]);
    let left: Vec<String> = db
        .all_customers()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(left, vec!["Kept".to_string()]);
    assert_eq!(db.import_jobs().await.unwrap(), vec![rolled]);
}

/// Two tabs resuming one import: the second one's batch finds the job moved on and is
/// refused whole; a batch for an import taken back is refused too.
#[wasm_bindgen_test]
async fn a_batch_for_a_job_moved_on_elsewhere_is_refused() {
    use kehu_core::import::mapping::ImportKind;
    let db = fresh("t-import-race").await;
    let mut text = String::from("客户,订单号,下单日期,金额\r");
    for i in 0..20 {
        text += &format!("Buyer {},N{i},2026-01-05,{}.00\r", i % 5, 10 + i);
    }
    let mut job = import_job("job-race", ImportKind::Orders, &text);
    db.save_import_job(&job).await.unwrap();
    let stale = job.clone();
    write_import(&db, &mut job, &text, 6, 1).await;
    assert_eq!(job.batches, 1);
    let before = db.dump().await.unwrap();
    // The other tab planned from the job as it was before that batch.
    let mut other = stale.clone();
    let batch = kehu_core::import::job::Batch::Interactions(Default::default());
    let reached = kehu_core::import::job::Reached { rows: 3, line: 4 };
    assert_eq!(
        db.write_import_batch(&mut other, batch.clone(), reached, Millis(3))
            .await
            .unwrap_err(),
        StoreError::Changed
    );
    assert!(db.dump().await.unwrap() == before, "nothing written");
    assert_eq!(other, stale, "the caller's job is left as it was");
    // Resumed by rows in a file with CR line ends: every order once.
    write_import(&db, &mut job, &text, 6, usize::MAX).await;
    assert_eq!((job.rows_done, job.line, job.written.orders), (20, 21, 20));
    assert_eq!(db.count_orders().await.unwrap(), 20);
    db.rollback_import("job-race", Millis(4)).await.unwrap();
    let mut after = job.clone();
    assert_eq!(
        db.write_import_batch(&mut after, batch, reached, Millis(5))
            .await
            .unwrap_err(),
        StoreError::Changed,
        "an import taken back takes no more batches"
    );
}

#[wasm_bindgen_test]
async fn imported_interactions_roll_back_with_their_import() {
    use kehu_core::import::job::Batch as JobBatch;
    use kehu_core::import::mapping::ImportKind;
    use kehu_core::import::plan::InteractionPlan;
    let db = fresh("t-import-interactions").await;
    let c = db.put_customer(&person(7, "Visited")).await.unwrap();
    let x = |n: u32| Interaction {
        id: Id(format!("x{n}")),
        customer: c.id.clone(),
        kind: InteractionKind::Visit,
        at: Millis(n as i64 * 60_000),
        subject: format!("visit {n}"),
        note: String::new(),
        created: Millis(0),
        updated: Millis(0),
    };
    let mut job = import_job("job-x", ImportKind::Interactions, "customer\n");
    db.save_import_job(&job).await.unwrap();
    for (n, line) in [(1, 2), (2, 3)] {
        let plan = InteractionPlan {
            interactions: vec![x(n)],
            ..Default::default()
        };
        let reached = kehu_core::import::job::Reached {
            rows: n as u64,
            line,
        };
        db.write_import_batch(&mut job, JobBatch::Interactions(plan), reached, Millis(1))
            .await
            .unwrap();
    }
    assert_eq!(job.written.interactions, 2);
    assert_eq!(db.docs_of::<Interaction>(&c.id.0).await.unwrap().len(), 2);
    db.rollback_import("job-x", Millis(2)).await.unwrap();
    assert!(db.docs_of::<Interaction>(&c.id.0).await.unwrap().is_empty());
    assert_eq!(
        db.all_customers().await.unwrap().len(),
        1,
        "the customer it did not create stays"
    );
}

#[wasm_bindgen_test]
async fn a_campaign_responses_import_marks_members_and_its_take_back_puts_them_back() {
    use kehu_core::import::campaign_responses::CampaignResponsePlan;
    use kehu_core::import::job::{Batch as JobBatch, Reached};
    use kehu_core::import::mapping::ImportKind;
    use kehu_core::marketing::{Campaign, CampaignMember, ResponseKind};
    let db = fresh("t-import-campaign-responses").await;
    let (ann, bob) = (
        db.put_customer(&person(1, "Ann")).await.unwrap(),
        db.put_customer(&person(2, "Bob")).await.unwrap(),
    );
    let list = kehu_core::campaign::TargetList {
        contacted: vec![ann.id.clone(), bob.id.clone()],
        control: Vec::new(),
        left_out: Vec::new(),
    };
    let c = Campaign {
        name: "Spring".into(),
        ..Campaign::new(Id("k1".into()), Day(20_000), Millis(1))
    };
    let (c, members) = c.launch(&list, Day(20_000), Millis(2));
    // Ann had opened it before the import.
    let ann_was = members[0]
        .marked(ResponseKind::Opened, true, Day(20_001), Millis(3))
        .unwrap();
    let bob_was = members[1].clone();
    let docs = kehu_core::Docs {
        campaigns: vec![c],
        campaign_members: vec![ann_was.clone(), bob_was.clone()],
        ..Default::default()
    };
    db.put_together(&docs).await.unwrap();
    let bought = |m: &CampaignMember| m.marked(ResponseKind::Bought, true, Day(20_002), Millis(4));
    // Two batches: Ann bought, then Bob bought and Ann replied.
    let ann_bought = bought(&ann_was).unwrap();
    let ann_replied = ann_bought
        .marked(ResponseKind::Replied, true, Day(20_003), Millis(5))
        .unwrap();
    let batches = [
        (vec![ann_bought.clone()], vec![ann_was.clone()]),
        (
            vec![bought(&bob_was).unwrap(), ann_replied.clone()],
            vec![bob_was.clone(), ann_bought.clone()],
        ),
    ];
    let mut job = import_job("job-k", ImportKind::CampaignResponses, "campaign\n");
    db.save_import_job(&job).await.unwrap();
    for (n, (members, previous)) in batches.into_iter().enumerate() {
        let plan = CampaignResponsePlan {
            responses: members.len() as u64,
            members,
            previous,
            ..Default::default()
        };
        let reached = Reached {
            rows: n as u64 + 1,
            line: n as u64 + 2,
        };
        db.write_import_batch(
            &mut job,
            JobBatch::CampaignResponses(plan),
            reached,
            Millis(6),
        )
        .await
        .unwrap();
    }
    assert_eq!(job.written.responses, 3);
    let now = db
        .doc::<CampaignMember>(ann_was.id.as_str())
        .await
        .unwrap()
        .unwrap();
    assert!(now.has(ResponseKind::Bought) && now.has(ResponseKind::Replied));
    db.rollback_import("job-k", Millis(7)).await.unwrap();
    let mut left = db.all_docs::<CampaignMember>().await.unwrap();
    left.sort_by(|a, b| a.customer.cmp(&b.customer));
    let responses = |m: &CampaignMember| m.responses.clone();
    assert_eq!(
        left.iter().map(responses).collect::<Vec<_>>(),
        [responses(&ann_was), responses(&bob_was)],
        "both members as they were before the import, none deleted"
    );
}

#[wasm_bindgen_test]
async fn a_catalogue_import_adds_products_by_batch_resumes_without_repeats_and_is_taken_back() {
    use kehu_core::Product;
    use kehu_core::import::mapping::ImportKind;
    let db = fresh("t-import-products").await;
    let mut kept = Product::new(Id("kept".into()), Millis(0));
    (kept.sku, kept.name, kept.price) = ("A-1".into(), "Kept".into(), kehu_core::Cents(100));
    db.put_doc(&kept).await.unwrap();
    let text = "SKU,Name,Price\nA-1,Clash,1\nB-1,Tea,5\nB-2,Pot,12.5\nB-3,Cup,2\n";
    let mut job = import_job("cat", ImportKind::Products, text);
    // One batch of two, then stopped: a resumed run writes the rest, nothing twice.
    write_import(&db, &mut job, text, 2, 1).await;
    assert_eq!(db.all_docs::<Product>().await.unwrap().len(), 3);
    write_import(&db, &mut job, text, 2, usize::MAX).await;
    assert_eq!(job.written.records, 3);
    let mut names: Vec<String> = (db.all_docs::<Product>().await.unwrap())
        .into_iter()
        .map(|p| p.name)
        .collect();
    names.sort();
    assert_eq!(names, ["Cup", "Kept", "Pot", "Tea"]);
    // The tea is repriced after the import: taking the import back keeps it.
    let all = db.all_docs::<Product>().await.unwrap();
    let mut tea = all.into_iter().find(|p| p.name == "Tea").unwrap();
    tea.price = kehu_core::Cents(600);
    db.put_doc(&tea).await.unwrap();
    let back = db.rollback_import("cat", Millis(3)).await.unwrap();
    assert_eq!(back.kept, 1);
    let mut left = db.all_docs::<Product>().await.unwrap();
    left.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        left,
        [kept, tea],
        "the product it did not add, and the one edited since, stay"
    );
}

#[wasm_bindgen_test]
async fn an_order_lines_import_writes_whole_orders_with_lines_resumes_and_is_taken_back() {
    use kehu_core::Product;
    use kehu_core::import::mapping::ImportKind;
    let db = fresh("t-import-lines").await;
    let mut printer = Product::new(Id("p-printer".into()), Millis(0));
    (printer.sku, printer.name, printer.price) = (
        "PR-80".into(),
        "热敏打印机".into(),
        kehu_core::Cents(50_000),
    );
    printer.cost = Some(kehu_core::Cents(30_000));
    db.put_doc(&printer).await.unwrap();
    let text = "订单号,客户,客户名称,下单日期,商品,数量,单价\n\
                SO-1,13800000001,张三,2026-01-05,PR-80,2,\n\
                SO-1,,,,热敏纸,10,12.50\n\
                SO-2,13800000002,李四,2026-01-06,热敏纸,3,10\n\
                SO-3,13800000001,,2026-01-07,安装服务,1,300\n\
                ,,,,热敏纸,5,10\n";
    let mut job = import_job("lines", ImportKind::OrderLines, text);
    // A batch of one order, then stopped: the first order is whole, with both lines.
    write_import(&db, &mut job, text, 1, 1).await;
    let lines = |all: Vec<kehu_core::OrderLines>| all.iter().map(|l| l.len()).sum::<usize>();
    assert_eq!(db.all_orders().await.unwrap().cents, [112_500]);
    assert_eq!(lines(db.all_lines().await.unwrap()), 2);
    write_import(&db, &mut job, text, 1, usize::MAX).await;
    assert_eq!((job.written.orders, job.written.created), (3, 2));
    let orders = db.all_orders().await.unwrap();
    assert_eq!(orders.cents, [112_500, 3_000, 35_000]);
    let all = db.all_lines().await.unwrap();
    assert_eq!(lines(all.clone()), 5);
    let first = all[0].items_of(orders.id[0]);
    assert_eq!(first[0].product_id, Some(Id("p-printer".into())));
    assert_eq!(first[0].unit_cost, Some(kehu_core::Cents(30_000)));
    assert_eq!(orders.cost_of(0), None, "the paper's cost is not known");
    db.rollback_import("lines", Millis(3)).await.unwrap();
    assert!(db.all_orders().await.unwrap().is_empty());
    assert_eq!(lines(db.all_lines().await.unwrap()), 0);
    assert_eq!(db.all_docs::<Product>().await.unwrap(), [printer]);
}

#[wasm_bindgen_test]
async fn customer_import_batches_keep_the_list_snapshot_current() {
    use kehu_core::import::mapping::ImportKind;
    let db = fresh("t-import-snapshot").await;
    let mut text = String::from("客户编号,姓名,邮箱\n");
    for i in 1..=25 {
        text += &format!("C{i},Buyer {i},b{i}@example.com\n");
    }
    let mut job = import_job("first", ImportKind::Customers, &text);
    write_import(&db, &mut job, &text, 10, usize::MAX).await;
    assert_eq!(job.batches, 3);
    let (all, from_snapshot) = db.load_customers().await.unwrap();
    assert!(from_snapshot, "the batches extended the snapshot");
    assert_eq!(all.len(), 25);

    // A second import updates two of them (their new copies go into the snapshot after
    // the old), then a single edit: every customer once, as last written.
    let text = "客户编号,姓名,邮箱\nC3,Buyer Three,b3@example.com\nC20,Buyer Twenty,b20@example.com\nC26,Buyer 26,b26@example.com\n";
    let mut job = import_job("second", ImportKind::Customers, text);
    write_import(&db, &mut job, text, 10, usize::MAX).await;
    assert_eq!((job.written.created, job.written.updated), (1, 2));
    let (all, from_snapshot) = db.load_customers().await.unwrap();
    assert!(from_snapshot);
    let mut edited = all.iter().find(|c| c.name == "Buyer 7").unwrap().clone();
    edited.city = "杭州".into();
    db.put_customer(&edited).await.unwrap();
    for handle in [
        db.clone(),
        Db::open("t-import-snapshot", || {}).await.unwrap(),
    ] {
        let (all, from_snapshot) = handle.load_customers().await.unwrap();
        assert!(from_snapshot);
        assert_eq!(all.len(), 26);
        let named = |n: &str| all.iter().filter(|c| c.name == n).count();
        assert_eq!((named("Buyer 3"), named("Buyer Three")), (0, 1));
        assert_eq!((named("Buyer 20"), named("Buyer Twenty")), (0, 1));
        assert_eq!(named("Buyer 26"), 1);
        let seven = all.iter().find(|c| c.name == "Buyer 7").unwrap();
        assert_eq!(
            seven.city, "杭州",
            "a single edit after the snapshot still shows"
        );
        let mut keys: Vec<u32> = all.iter().map(|c| c.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 26, "every customer has a key of its own");
    }
}

#[wasm_bindgen_test]
async fn imported_responses_count_in_the_answers_and_roll_back_with_their_import() {
    use kehu_core::import::mapping::ImportKind;
    let db = fresh("t-import-responses").await;
    let mut c = person(3, "Asked");
    c.code = "C3".into();
    db.put_customer(&c).await.unwrap();
    // One response from before the import, so the answers snapshot exists.
    let mut before = SurveyResponse::blank(Id("r0".into()), c.id.clone(), Day(20_000), Millis(0));
    before.answers = vec![Answer {
        question: Question::Nps,
        score: 3,
    }];
    db.put_doc(&before).await.unwrap();
    let text =
        "客户编号,日期,NPS,满意度\nC3,2025-01-05,9,5\nC3,2025-01-06,10,\nC3,2025-01-07,8,4\n";
    let mut job = import_job("job-r", ImportKind::Responses, text);
    write_import(&db, &mut job, text, 2, usize::MAX).await;
    assert_eq!((job.written.responses, job.batches), (3, 2));
    assert_eq!(
        db.docs_of::<SurveyResponse>(&c.id.0).await.unwrap().len(),
        4
    );
    let answers = db.response_answers().await.unwrap();
    assert_eq!(
        answers.q_resp.len(),
        1 + 2 + 1 + 2,
        "the snapshot counts every answer"
    );

    db.rollback_import("job-r", Millis(3)).await.unwrap();
    assert_eq!(
        db.docs_of::<SurveyResponse>(&c.id.0).await.unwrap(),
        vec![before]
    );
    assert_eq!(db.response_answers().await.unwrap().q_resp.len(), 1);
}

#[wasm_bindgen_test]
async fn taking_an_import_back_keeps_the_customers_worked_on_since() {
    use kehu_core::import::job::ImportStatus;
    use kehu_core::import::mapping::ImportKind;
    let db = fresh("t-import-kept").await;
    let (mut a, mut b) = (person(1, "A"), person(2, "B"));
    (a.code, b.code) = ("A".into(), "B".into());
    db.put_customers(&[a, b]).await.unwrap();
    let text = "客户编号,姓名\nA,A renamed\nB,B renamed\nC1,One\nC2,Two\nC3,Three\nC4,Four\n";
    let mut job = import_job("job-k", ImportKind::Customers, text);
    write_import(&db, &mut job, text, 10, usize::MAX).await;
    assert_eq!((job.written.created, job.written.updated), (4, 2));

    // After the import: A and One edited, Two given an order, Three a visit.
    let all = db.all_customers().await.unwrap();
    let named = |n: &str| all.iter().find(|c| c.name == n).unwrap().clone();
    let later = Millis(job.updated.0 + 1_000);
    for (n, edit) in [("A renamed", "A edited"), ("One", "One edited")] {
        let mut c = named(n);
        c.name = edit.into();
        c.updated = later;
        db.put_customer(&c).await.unwrap();
    }
    db.append_orders(&OrderColumns {
        id: vec![0],
        customer: vec![named("Two").key],
        day: vec![20_000],
        cents: vec![500],
        ..Default::default()
    })
    .await
    .unwrap();
    db.put_doc(&Interaction {
        id: Id("visit".into()),
        customer: named("Three").id,
        kind: InteractionKind::Visit,
        at: Millis(60_000),
        subject: "visit".into(),
        note: String::new(),
        created: later,
        updated: later,
    })
    .await
    .unwrap();

    let rolled = db.rollback_import("job-k", Millis(9)).await.unwrap();
    assert_eq!(rolled.status, ImportStatus::RolledBack);
    assert_eq!(rolled.kept, 4, "A, One, Two and Three");
    let mut left: Vec<String> = db
        .all_customers()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["A edited", "B", "One edited", "Three", "Two"],
        "Four is gone, B is as it was"
    );
    assert_eq!(
        db.count_orders().await.unwrap(),
        1,
        "Two's order keeps its customer"
    );
}

#[wasm_bindgen_test]
async fn free_text_owners_become_staff_once_keeping_their_customers_dates() {
    let db = seeded("owners", 12, 30).await;
    let before = db.all_docs::<Staff>().await.unwrap();
    assert_eq!(before.len(), 4, "the demo's account managers are staff");
    let mut typed: Vec<Customer> = db.all_customers().await.unwrap();
    typed.sort_by_key(|c| c.key);
    typed.truncate(4);
    for (c, name) in typed.iter_mut().zip(["张经理", "李静", "张经理", "新人"]) {
        c.owner = name.into();
    }
    let typed = db.put_customers(&typed).await.unwrap();
    assert_eq!(db.adopt_owners(Millis(5)).await.unwrap(), 4);
    let staff = db.all_docs::<Staff>().await.unwrap();
    assert_eq!(staff.len(), 5, "one new member of staff: 新人");
    let roster = kehu_core::staff::Roster::new(staff);
    for was in &typed {
        let now = db.customer(&was.id.0).await.unwrap().unwrap();
        assert!(
            roster.get(&now.owner).is_some(),
            "{} has a staff id",
            now.name
        );
        assert_eq!(roster.name(&now.owner), was.owner);
        assert_eq!(
            now.updated, was.updated,
            "the owner is rewritten, not edited"
        );
        assert!(now.rev > was.rev);
    }
    // The list the app loads (snapshot and all) says the same.
    let listed = db.all_customers().await.unwrap();
    assert!(listed.iter().all(|c| !roster.is_unadopted(&c.owner)));
    assert_eq!(
        db.adopt_owners(Millis(6)).await.unwrap(),
        0,
        "nothing left to do"
    );
    assert_eq!(db.count_docs::<Staff>().await.unwrap(), 5);
}

#[wasm_bindgen_test]
async fn staff_are_shop_records_backed_up_and_restored() {
    let db = seeded("staff-backup", 6, 10).await;
    let mut s = Staff::new(
        Id("00000000-0000-7000-8000-00000000abcd".into()),
        "王磊",
        Millis(3),
    );
    s.commission_bp = 250;
    db.put_doc(&s).await.unwrap();
    let data = db.backup().await.unwrap();
    assert_eq!(data.docs.staff.len(), 5);
    db.clear_all().await.unwrap();
    assert_eq!(db.count_docs::<Staff>().await.unwrap(), 0);
    db.restore(&data, |_, _| {}).await.unwrap();
    let back = db.all_docs::<Staff>().await.unwrap();
    assert!(back.contains(&s));
    // A shop record is no customer's: forgetting or merging customers never moves it.
    assert!(db.docs_of::<Staff>("").await.unwrap().is_empty());
}

/// The board reads the open opportunities and those closed since a day through the
/// `settled` index, with the count of all, and follows a move out and back in.
#[wasm_bindgen_test]
async fn the_board_reads_open_and_recently_closed_opportunities_only() {
    use kehu_core::opportunity::{SETTLED, Stage, Standing};
    let db = seeded("s-board", 3, 0).await;
    let c = db.all_customers().await.unwrap()[0].id.clone();
    let at = |y, m, d| Day::from_ymd(y, m, d).unwrap().start_millis();
    let opp = |id: &str, to: Standing, when| {
        let mut o = Opportunity::new(Id(id.into()), c.clone(), at(2026, 1, 1));
        o.title = id.into();
        o.move_to(to, when);
        o
    };
    let mut open = opp("open", Standing::Open(Stage::Negotiation), at(2026, 2, 1));
    let recent = opp("recent", Standing::Won, at(2026, 11, 1));
    let old = opp("old", Standing::Lost, at(2026, 3, 1));
    db.put_docs(&[open.clone(), recent, old]).await.unwrap();
    let since = Opportunity::settled_since(Day::from_ymd(2026, 9, 4).unwrap());
    let board = |db: Db, since: String| async move {
        let (docs, total) = db.docs_from::<Opportunity>(SETTLED, &since).await.unwrap();
        let mut ids: Vec<String> = docs.into_iter().map(|o| o.id.0).collect();
        ids.sort();
        (ids, total)
    };
    assert_eq!(
        board(db.clone(), since.clone()).await,
        (vec!["open".into(), "recent".into()], 3)
    );
    open.move_to(Standing::Lost, at(2026, 4, 1));
    db.put_doc(&open).await.unwrap();
    assert_eq!(
        board(db.clone(), since.clone()).await,
        (vec!["recent".into()], 3)
    );
    open.move_to(Standing::Open(Stage::IntentReached), at(2026, 12, 1));
    db.put_doc(&open).await.unwrap();
    assert_eq!(
        board(db.clone(), since).await,
        (vec!["open".into(), "recent".into()], 3)
    );
}

/// The desk reads the open tickets, or those settled since a day too, through the
/// `settled` index, with the count of all; a ticket resolved leaves the open ones and a
/// reopened one comes back.
#[wasm_bindgen_test]
async fn the_desk_reads_open_and_lately_settled_tickets_only() {
    use kehu_core::ticket::{SETTLED, STILL_OPEN, TicketStatus};
    let db = seeded("s-desk", 3, 0).await;
    let c = db.all_customers().await.unwrap()[0].id.clone();
    let at = |m, d| Day::from_ymd(2026, m, d).unwrap().start_millis();
    let ticket = |id: &str, to: TicketStatus, when| {
        let mut t = Ticket::new(Id(id.into()), c.clone(), at(1, 1));
        t.subject = id.into();
        t.set_status(to, when);
        t
    };
    let mut open = ticket("open", TicketStatus::InProgress, at(2, 1));
    let recent = ticket("recent", TicketStatus::Closed, at(11, 1));
    let old = ticket("old", TicketStatus::Resolved, at(3, 1));
    db.put_docs(&[open.clone(), recent, old]).await.unwrap();
    let desk = |db: Db, from: &'static str| async move {
        let (docs, total) = db.docs_from::<Ticket>(SETTLED, from).await.unwrap();
        let mut ids: Vec<String> = docs.into_iter().map(|t| t.id.0).collect();
        ids.sort();
        (ids, total)
    };
    assert_eq!(desk(db.clone(), STILL_OPEN).await, (vec!["open".into()], 3));
    assert_eq!(
        desk(db.clone(), "2026-09-01").await,
        (vec!["open".into(), "recent".into()], 3)
    );
    open.set_status(TicketStatus::Resolved, at(12, 1));
    db.put_doc(&open).await.unwrap();
    assert_eq!(desk(db.clone(), STILL_OPEN).await, (vec![], 3));
    open.set_status(TicketStatus::Waiting, at(12, 2));
    db.put_doc(&open).await.unwrap();
    assert_eq!(desk(db.clone(), STILL_OPEN).await, (vec!["open".into()], 3));
}

/// The agenda reads the open tasks in one range and a month's done ones in another; a
/// task about nobody is stored, backed up and never found under a customer.
#[wasm_bindgen_test]
async fn the_agenda_reads_open_tasks_and_a_months_done_ones() {
    use kehu_core::task::AGENDA;
    let db = seeded("s-agenda", 3, 0).await;
    let c = db.all_customers().await.unwrap()[0].id.clone();
    let day = |m, d| Day::from_ymd(2026, m, d).unwrap();
    let task = |id: &str, due, customer: Option<&Id>| {
        let mut t = Task::new(Id(id.into()), due, Millis(1));
        t.title = id.into();
        t.customer = customer.cloned();
        t
    };
    let open = task("open", day(12, 3), Some(&c));
    let shop = task("shop", day(12, 20), None);
    let mut done = task("done", day(11, 5), Some(&c));
    done.complete(Millis(2));
    // The demo's own tasks are left out (their ids are UUIDs).
    db.put_docs(&[open, shop, done]).await.unwrap();
    let ids = |docs: Vec<Task>| {
        let mut ids: Vec<String> = docs
            .into_iter()
            .map(|t| t.id.0)
            .filter(|id| !Id::is_uuid(id))
            .collect();
        ids.sort();
        ids
    };
    let (lo, hi) = Task::open_range();
    let (open_now, total) = db.docs_between::<Task>(AGENDA, &lo, &hi).await.unwrap();
    assert_eq!(total, db.count_docs::<Task>().await.unwrap());
    assert_eq!(ids(open_now), vec!["open".to_string(), "shop".into()]);
    let [_, (lo, hi)] = Task::due_ranges(day(11, 1), day(11, 30));
    let (november, _) = db.docs_between::<Task>(AGENDA, &lo, &hi).await.unwrap();
    assert_eq!(ids(november), vec!["done".to_string()]);
    assert_eq!(
        ids(db.docs_of::<Task>(c.as_str()).await.unwrap()),
        vec!["done", "open"]
    );
    let data = db.backup().await.unwrap();
    assert_eq!(data.docs.tasks.len(), total as usize);
}

/// A chunk's product dictionary is kept as one joined string; a name holding the
/// separator (the forms remove control characters, but the store does not rely on it)
/// reads back with a space, and its neighbours intact.
#[wasm_bindgen_test]
async fn a_product_name_never_splits_the_line_dictionary() {
    let db = fresh("t-lines-sep").await;
    let mut o = order(7, 20_000, 300);
    let item = |name: &str| OrderItem {
        product: name.into(),
        quantity: 1,
        unit_price: Cents(100),
        ..Default::default()
    };
    o.items = vec![item("茶\u{1f}叶"), item(""), item("茶具")];
    let saved = db.add_order(&o).await.unwrap();
    let back = db.orders_of(7).await.unwrap();
    let names: Vec<&str> = back[0].items.iter().map(|i| i.product.as_str()).collect();
    assert_eq!(names, ["茶 叶", "", "茶具"]);
    assert_eq!(back[0].id, saved.id);
}
