//! Databases and backups from every earlier version: a database made at each schema
//! version, with a record of every kind that version stored, in that version's layout,
//! opens (migrating) with every record readable and writes continuing; a backup from
//! every version that wrote backups restores whole. Run in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kehu_core::*;
use kehu_store::{Db, SCHEMA_VERSION};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// Creates database `name` at schema `version` as that version's migrations left it
// (stores and indexes), then puts `puts`: [store, key or null, record] each.
export function make_at(name, version, puts) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name, version);
    r.onupgradeneeded = () => {
      const db = r.result;
      const v = version;
      db.createObjectStore('meta');
      const c = db.createObjectStore('customers', { keyPath: 'id' });
      if (v < 8) c.createIndex('key', 'key', { unique: true });
      const i = db.createObjectStore('interactions', { keyPath: 'id' });
      i.createIndex('customer_at', ['customer', 'at']);
      if (v >= 15) i.createIndex('at', 'at');
      db.createObjectStore('order_chunks');
      db.createObjectStore('order_dir');
      db.createObjectStore('order_details');
      if (v >= 2) {
        db.createObjectStore('customer_snapshot');
        c.createIndex('seq', 'seq');
        if (v < 6) {
          c.createIndex('tags', 'tags', { multiEntry: true });
          c.createIndex('email', 'email');
          c.createIndex('phone', 'phone');
        }
      }
      if (v >= 3) db.createObjectStore('insights');
      if (v >= 4) {
        const rs = db.createObjectStore('responses', { keyPath: 'id' });
        rs.createIndex('customer_day', ['customer', 'day']);
        if (v >= 5) rs.createIndex('survey', 'survey');
      }
      if (v >= 5) db.createObjectStore('surveys', { keyPath: 'id' });
      if (v >= 7) {
        db.createObjectStore('imports', { keyPath: 'id' });
        db.createObjectStore('import_undo');
      }
      if (v >= 9) {
        db.createObjectStore('outbox');
        db.createObjectStore('tombstones');
      }
      if (v >= 10) db.createObjectStore('staff', { keyPath: 'id' }).createIndex('customer_created', ['customer', 'created']);
      if (v >= 11) {
        const o = db.createObjectStore('opportunities', { keyPath: 'id' });
        o.createIndex('customer_created', ['customer', 'created']);
        if (v >= 12) o.createIndex('settled', 'settled');
      }
      if (v >= 14) db.createObjectStore('leads', { keyPath: 'id' }).createIndex('customer_created', ['customer', 'created']);
      if (v >= 16) {
        db.createObjectStore('products', { keyPath: 'id' }).createIndex('customer_created', ['customer', 'created']);
        db.createObjectStore('quotes', { keyPath: 'id' }).createIndex('customer_created', ['customer', 'created']);
      }
      if (v >= 17) db.createObjectStore('expenses', { keyPath: 'id' }).createIndex('customer_created', ['customer', 'created']);
      if (v >= 18) db.createObjectStore('order_lines');
      if (v >= 19) db.createObjectStore('segments', { keyPath: 'id' }).createIndex('customer_created', ['customer', 'created']);
      if (v >= 20) {
        const k = db.createObjectStore('tickets', { keyPath: 'id' });
        k.createIndex('customer_created', ['customer', 'created']);
        if (v >= 24) k.createIndex('settled', 'settled');
      }
      if (v >= 13) {
        const t = db.createObjectStore('tasks', { keyPath: 'id' });
        t.createIndex('customer_due', ['customer', 'due_at']);
        t.createIndex('agenda', 'agenda');
      }
      if (v >= 27) {
        db.createObjectStore('sync_base');
        db.createObjectStore('sync_conflicts');
      }
    };
    r.onsuccess = () => {
      const db = r.result;
      const names = [...db.objectStoreNames];
      const tx = db.transaction(names, 'readwrite');
      for (const [s, k, rec] of puts) {
        if (!names.includes(s)) continue;
        if (k === null) tx.objectStore(s).put(rec); else tx.objectStore(s).put(rec, k);
      }
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onabort = () => reject(tx.error);
    };
    r.onerror = () => reject(r.error);
  });
}

// Database `name` as it is, opened without upgrading: its version, its stores and the
// JSON of its order details.
export function shape(name) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => {
      const db = r.result;
      const q = db.transaction('order_details').objectStore('order_details').getAll();
      q.onsuccess = () => {
        const out = { version: db.version, stores: [...db.objectStoreNames], details: JSON.stringify(q.result) };
        db.close();
        resolve(JSON.stringify(out));
      };
      q.onerror = () => reject(q.error);
    };
    r.onerror = () => reject(r.error);
  });
}
"#)]
extern "C" {
    async fn make_at(name: &str, version: u32, puts: js_sys::Array);
    async fn shape(name: &str) -> JsValue;
}

fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        js_sys::Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn put(store: &str, key: Option<JsValue>, rec: JsValue) -> JsValue {
    js_sys::Array::of3(
        &JsValue::from_str(store),
        &key.unwrap_or(JsValue::NULL),
        &rec,
    )
    .into()
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

/// A customer document as the earliest versions wrote it: every field spelt out, none
/// of those added since (customer number, revision).
const OLD_CUSTOMER: &str = r#"{"id":"c-old","key":1,"kind":"person","name":"老客户","customer_type":"consumer","stage":"user","churn_date":null,"churn_reason":"","level":"basic","gender":"female","phone":"","mobile":"13800001111","email":"","wechat":"","region":"","city":"杭州","address":"","source":null,"occupation":"","birth_date":null,"company_size":null,"owner":"","key_account":false,"potential_key_account":false,"credit_rating":null,"credit_limit":null,"arrears":0,"category_spend":null,"blacklisted":false,"blacklist_reason":"","tags":["VIP"],"consents":[],"custom_fields":[],"contacts":[],"notes":"","created":1,"updated":1,"deleted":null}"#;

/// Every record of every kind `version` stored, in its layout.
fn records_at(version: u32) -> js_sys::Array {
    let cap = kehu_store::CHUNK_CAP as f64;
    let mut customer = vec![
        ("id", s("c-old")),
        ("key", n(1.0)),
        ("doc", s(OLD_CUSTOMER)),
    ];
    if version >= 2 {
        customer.push(("seq", n(1.0)));
    }
    let mut chunk = vec![
        ("next", n(1.0)),
        ("ids", js_sys::Uint32Array::from(&[cap as u32][..]).into()),
        ("cust", js_sys::Uint32Array::from(&[1u32][..]).into()),
        ("day", js_sys::Int32Array::from(&[20_000i32][..]).into()),
        ("cents", js_sys::Float64Array::from(&[4_200f64][..]).into()),
    ];
    if version >= 9 {
        chunk.push(("batch", s("01900000-0000-7000-8000-00000000b001")));
        chunk.push(("loose", JsValue::FALSE));
    }
    let chunk = obj(&chunk);
    let dir = obj(&[
        ("n", n(1.0)),
        ("custs", js_sys::Uint32Array::from(&[1u32][..]).into()),
    ]);
    let interaction = r#"{"id":"i-old","customer":"c-old","kind":"visit","at":1700000000000,"subject":"上门","note":"","created":1,"updated":1}"#;
    let response = r#"{"id":"r-old","customer":"c-old","day":20000,"answers":[{"question":"nps","score":9}],"comment":"","created":1}"#;
    let survey = r#"{"id":"s-old","name":"到店体验","kind":"custom","items":[{"id":1,"text":"服务","dimension":null,"scale":"1-5"}],"next_item":2,"weights":[0.2,0.2,0.2,0.2,0.2],"archived":false,"created":1,"updated":1}"#;
    let surveyed = r#"{"id":"r-old-2","customer":"c-old","day":20001,"answers":[],"comment":"","created":1,"survey":"s-old","items":[{"item":1,"first":4}]}"#;
    let mut puts = vec![
        put("customers", None, obj(&customer)),
        put("meta", Some(s("customer_key_seq")), n(1.0)),
        put("meta", Some(s("customer_seq")), n(1.0)),
        put("meta", Some(s("data_version")), n(7.0)),
        put("order_chunks", Some(n(1.0)), chunk),
        put("order_dir", Some(n(1.0)), dir),
        put(
            "order_details",
            Some(n(cap)),
            // From schema 18 an order's items are its chunk's lines (below).
            s(if version >= 18 {
                r#"{"note":"老订单"}"#
            } else {
                r#"{"items":[{"product":"茶叶","quantity":2,"unit_price":2100}],"note":"老订单"}"#
            }),
        ),
        put(
            "order_lines",
            Some(n(1.0)),
            obj(&[
                ("order", js_sys::Uint32Array::from(&[cap as u32][..]).into()),
                ("product", js_sys::Uint32Array::from(&[0u32][..]).into()),
                ("names", s("茶叶")),
                ("refs", s("")),
                ("quantity", js_sys::Uint32Array::from(&[2u32][..]).into()),
                ("price", js_sys::Float64Array::from(&[2_100f64][..]).into()),
            ]),
        ),
        put(
            "interactions",
            None,
            obj(&[
                ("id", s("i-old")),
                ("customer", s("c-old")),
                ("at", n(1.7e12)),
                ("doc", s(interaction)),
            ]),
        ),
        put(
            "responses",
            None,
            obj(&[
                ("id", s("r-old")),
                ("customer", s("c-old")),
                ("day", n(20_000.0)),
                ("doc", s(response)),
            ]),
        ),
        put(
            "surveys",
            None,
            obj(&[("id", s("s-old")), ("doc", s(survey))]),
        ),
        // An import from before jobs counted rows: it resumes by line.
        put(
            "imports",
            None,
            obj(&[("id", s("j-old")), ("doc", s(&old_job()))]),
        ),
    ];
    // Answers to designed surveys came with the surveys (schema 5).
    if version >= 5 {
        puts.push(put(
            "responses",
            None,
            obj(&[
                ("id", s("r-old-2")),
                ("customer", s("c-old")),
                ("day", n(20_001.0)),
                ("survey", s("s-old")),
                ("doc", s(surveyed)),
            ]),
        ));
    }
    // Opportunities came with schema 11, before the board's `settled` index.
    if version >= 11 {
        let mut fields = vec![
            ("id", s("o-old")),
            ("customer", s("c-old")),
            ("created", n(1.7e12)),
            ("doc", s(OLD_OPPORTUNITY)),
        ];
        // Schema 12 wrote the board's index field with the record.
        if version >= 12 {
            fields.push(("settled", s("open")));
        }
        puts.push(put("opportunities", None, obj(&fields)));
    }
    // Tasks came with schema 13.
    if version >= 13 {
        puts.push(put(
            "tasks",
            None,
            obj(&[
                ("id", s("t-old")),
                ("customer", s("c-old")),
                ("due_at", n(1.7e12)),
                ("agenda", s("2026-12-03")),
                ("doc", s(OLD_TASK)),
            ]),
        ));
    }
    // Tickets came with schema 20, before the desk's `settled` index (schema 24).
    if version >= 20 {
        let mut t = Ticket::new(
            Id("k-old".into()),
            Id("c-old".into()),
            Millis(1_700_000_000_000),
        );
        t.subject = "水壶漏水".into();
        let mut fields = vec![
            ("id", s("k-old")),
            ("customer", s("c-old")),
            ("created", n(1.7e12)),
            ("doc", s(&serde_json::to_string(&t).unwrap())),
        ];
        // Schema 24 wrote the desk's index field with the record.
        if version >= 24 {
            fields.push(("settled", s(kehu_core::ticket::STILL_OPEN)));
        }
        puts.push(put("tickets", None, obj(&fields)));
    }
    puts.into_iter().collect()
}

const OLD_TASK: &str = r#"{"id":"t-old","title":"回访","kind":"call","due":20790,"customer":"c-old","created":1700000000000,"updated":1700000000000}"#;

const OLD_OPPORTUNITY: &str = r#"{"id":"o-old","customer":"c-old","title":"老商机","amount":100000,"standing":{"open":"negotiation"},"history":[{"to":{"open":"initial_contact"},"at":1700000000000},{"to":{"open":"negotiation"},"at":1700000001000}],"created":1700000000000,"updated":1700000001000}"#;

fn old_job() -> String {
    let kind = kehu_core::import::mapping::ImportKind::Customers;
    let mut job = import_job("j-old", kind, "name\nA\nB\n");
    job.line = 5;
    let mut v = serde_json::to_value(&job).unwrap();
    v.as_object_mut().unwrap().remove("rows_done");
    v.to_string()
}

#[wasm_bindgen_test]
async fn a_database_of_every_earlier_version_opens_with_every_record() {
    for version in 1..SCHEMA_VERSION {
        let name = format!("u-v{version}");
        Db::delete_database(&name).await.unwrap();
        make_at(&name, version, records_at(version)).await;
        let db = Db::open(&name, || {})
            .await
            .unwrap_or_else(|e| panic!("v{version}: {e:?}"));
        let all = db.all_customers().await.unwrap();
        assert_eq!(all.len(), 1, "v{version}");
        let c = &all[0];
        assert_eq!(
            (c.name.as_str(), c.city.as_str(), c.key),
            ("老客户", "杭州", 1)
        );
        assert_eq!(c.tags, vec!["VIP"]);
        let orders = db.orders_of(1).await.unwrap();
        assert_eq!(orders.len(), 1, "v{version}");
        assert_eq!(
            (orders[0].amount, orders[0].note.as_str()),
            (Cents(4_200), "老订单")
        );
        // Its items moved from the order's details into the chunk's lines.
        let tea = kehu_core::OrderItem {
            product: "茶叶".into(),
            quantity: 2,
            unit_price: Cents(2_100),
            ..Default::default()
        };
        assert_eq!(orders[0].items, [tea], "v{version}");
        let lines = db.all_lines().await.unwrap();
        assert_eq!(lines.len(), 1, "v{version}");
        assert_eq!(lines[0].order, [kehu_store::CHUNK_CAP], "v{version}");
        assert_eq!(
            db.docs_of::<Interaction>("c-old").await.unwrap().len(),
            1,
            "v{version}"
        );
        let responses = db.docs_of::<SurveyResponse>("c-old").await.unwrap();
        let surveys = db.surveys().await.unwrap();
        match version {
            1..=3 => assert!(responses.is_empty() && surveys.is_empty()),
            4 => assert_eq!((responses.len(), surveys.len()), (1, 0)),
            _ => {
                assert_eq!((responses.len(), surveys.len()), (2, 1), "v{version}");
                assert_eq!(db.survey_response_count("s-old").await.unwrap(), 1);
            }
        }
        // The answers snapshot is built from the records on the first read.
        let answers = db.response_answers().await.unwrap();
        assert_eq!(
            answers.q_score.len(),
            usize::from(version >= 4),
            "v{version}"
        );
        // An open opportunity is on the board once its record has the index field.
        let (board, all) = db
            .docs_from::<Opportunity>(kehu_core::opportunity::SETTLED, "2000-01-01")
            .await
            .unwrap();
        let expect = usize::from(version >= 11);
        assert_eq!((board.len(), all as usize), (expect, expect), "v{version}");
        // The old call is found by its time (the index came with schema 15).
        let calls = db.docs_timed::<Interaction>(1.6e12, 1.8e12).await.unwrap();
        assert_eq!(calls.len(), 1, "v{version}");
        // An open ticket is on the desk once its record has the index field.
        let (desk, all) = db
            .docs_from::<Ticket>(kehu_core::ticket::SETTLED, kehu_core::ticket::STILL_OPEN)
            .await
            .unwrap();
        let expect = usize::from(version >= 20);
        assert_eq!((desk.len(), all as usize), (expect, expect), "v{version}");
        let tasks = db.all_docs::<Task>().await.unwrap();
        assert_eq!(tasks.len(), usize::from(version >= 13), "v{version}");
        let jobs = db.import_jobs().await.unwrap();
        if version >= 7 {
            assert_eq!(jobs.len(), 1);
            let r = jobs[0].reached();
            assert_eq!((r.rows, r.line), (0, 5), "an old job resumes by its line");
            assert!(r.covers(4, 5) && !r.covers(5, 6));
        } else {
            assert!(jobs.is_empty());
        }
        // Writing goes on: edits of the old customer, new customers after its key.
        let mut edited = c.clone();
        edited.city = "宁波".into();
        assert_eq!(db.put_customer(&edited).await.unwrap().rev, 1);
        assert_eq!(db.put_customer(&person(2, "新客户")).await.unwrap().key, 2);
        assert!(
            db.data_version().await.unwrap() > 7,
            "the data version only grows"
        );
        // And the whole database backs up and reads back.
        let backup = db.backup().await.unwrap();
        let text = backup::encode(backup, SCHEMA_VERSION, Millis(2));
        backup::decode(&text, SCHEMA_VERSION, Day(21_000)).unwrap();
        db.close();
    }
}

/// A backup as the version at `schema` wrote it: customers spelt out in full before
/// documents left defaults out (schema 6), no revisions before schema 8.
fn backup_at(schema: u32) -> String {
    let customer: serde_json::Value = serde_json::from_str(OLD_CUSTOMER).unwrap();
    let customer = if schema >= 6 {
        let compact: Customer = serde_json::from_value(customer).unwrap();
        serde_json::to_value(compact).unwrap()
    } else {
        customer
    };
    let cap = kehu_store::CHUNK_CAP;
    let data = serde_json::json!({
        "customers": [customer],
        "customer_key_seq": 1,
        "order_chunks": [{"no": 1, "next": 2, "ids": [cap, cap + 1], "customers": [1, 1],
            "days": [20000, 20010], "cents": [4200, 100]}],
        "order_details": [{"id": cap, "items": [{"product": "茶叶", "quantity": 2, "unit_price": 2100}], "note": "老订单"}],
        "interactions": [serde_json::from_str::<serde_json::Value>(r#"{"id":"i-old","customer":"c-old","kind":"visit","at":1700000000000,"subject":"上门","note":"","created":1,"updated":1}"#).unwrap()],
        "responses": [serde_json::from_str::<serde_json::Value>(r#"{"id":"r-old","customer":"c-old","day":20000,"answers":[{"question":"nps","score":9}],"comment":"","created":1}"#).unwrap()],
        "surveys": [serde_json::from_str::<serde_json::Value>(r#"{"id":"s-old","name":"到店体验","kind":"custom","items":[{"id":1,"text":"服务","dimension":null,"scale":"1-5"}],"next_item":2,"weights":[0.2,0.2,0.2,0.2,0.2],"archived":false,"created":1,"updated":1}"#).unwrap()],
        "settings": {"lang": "zh-CN"}
    });
    let body = data.to_string();
    // The checksum as `backup::encode` computes it (FNV-1a 64 over the data's bytes).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!(
        r#"{{"kehu_backup":1,"schema":{schema},"created":1,"counts":{{"customers":1,"orders":2,"interactions":1,"responses":1,"surveys":1}},"checksum":"fnv1a64:{h:016x}","data":{body}}}"#
    )
}

/// Backups exist from schema 5 on (the version that brought them).
#[wasm_bindgen_test]
async fn a_backup_from_every_version_restores_whole() {
    for schema in 5..=SCHEMA_VERSION {
        let (header, data) = backup::decode(&backup_at(schema), SCHEMA_VERSION, Day(21_000))
            .unwrap_or_else(|e| panic!("schema {schema}: {e:?}"));
        assert_eq!(header.schema, schema);
        let db = fresh(&format!("u-restore-{schema}")).await;
        db.put_customer(&person(9, "将被替换")).await.unwrap();
        db.restore(&data, |_, _| {}).await.unwrap();
        let all = db.all_customers().await.unwrap();
        assert_eq!(all.len(), 1, "schema {schema}: replaced");
        assert_eq!((all[0].name.as_str(), all[0].key), ("老客户", 1));
        let orders = db.orders_of(1).await.unwrap();
        assert_eq!(orders.len(), 2);
        assert_eq!(orders[0].items[0].product, "茶叶");
        assert_eq!(
            db.docs_of::<SurveyResponse>("c-old").await.unwrap().len(),
            1
        );
        assert_eq!(db.surveys().await.unwrap().len(), 1);
        assert_eq!(db.docs_of::<Interaction>("c-old").await.unwrap().len(), 1);
        // New records continue after the restored ones; the restored ones can be edited.
        assert_eq!(db.put_customer(&person(10, "新")).await.unwrap().key, 2);
        let mut edited = all[0].clone();
        edited.city = "温州".into();
        db.put_customer(&edited).await.unwrap();
        db.close();
    }
}

/// The move of order items into lines (schema 18) runs in the upgrade's one
/// transaction: a detail it cannot read, after one it has already moved, aborts the
/// upgrade, and the database is left at its old version, its details untouched and no
/// lines store made.
#[wasm_bindgen_test]
async fn an_unreadable_order_detail_leaves_the_database_as_it_was() {
    let name = "u-lines-abort";
    Db::delete_database(name).await.unwrap();
    let cap = kehu_store::CHUNK_CAP as f64;
    let good = r#"{"items":[{"product":"茶叶","quantity":2,"unit_price":2100}],"note":"老订单"}"#;
    let puts: js_sys::Array = [
        put("order_details", Some(n(cap)), s(good)),
        put(
            "order_details",
            Some(n(cap + 1.0)),
            s(r#"{"items":"not a list"}"#),
        ),
    ]
    .into_iter()
    .collect();
    make_at(name, 17, puts).await;
    let before = shape(name).await.as_string().unwrap();
    assert!(Db::open(name, || {}).await.is_err(), "the upgrade fails");
    let after = shape(name).await.as_string().unwrap();
    assert_eq!(after, before, "version, stores and details as they were");
    assert!(after.contains(r#""version":17"#) && !after.contains("order_lines"));
}
