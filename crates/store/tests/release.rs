//! The database a shop has today, upgraded with every record kept.
//!
//! `fixtures/release-v8.json` is a database of the released schema (version 8) as the
//! released code (commit 5dcd1c4) wrote it, record for record: [`build`] run there, its
//! stores dumped by `dump_db`. It holds demo data (customers, orders, interactions,
//! survey answers, designed surveys), an orders file imported in batches (its job and
//! undo records), customers edited, trashed and merged, and the list and answers
//! snapshots. `fixtures/release-v8.backup.json` is that database's backup.
//!
//! The upgrade test loads the recording exactly, opens it with the current code (which
//! migrates it when the schema has moved on) and requires the same records (by backup),
//! working snapshots, an import that still rolls back and keys that go on. The other
//! test runs the same history through the current code and requires the same records:
//! what a user did yesterday and does today leaves the same data.
//!
//! Since schema 9 every order chunk has a batch id (random: its global name), and each
//! write of many orders starts chunks of its own. So the upgraded backup is compared
//! with the batch ids set aside (and checked on their own), and today's history is
//! compared order for order by content rather than by local order id. Since schema 10
//! account managers are staff records, so today's owners are compared by name, and the
//! demo's opportunities (schema 11) are set aside.
//! Run in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kehu_core::backup::{self, BackupData};
use kehu_core::*;
use kehu_store::{Batch, Db};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RELEASE: u32 = 8;
const RECORDED: &str = include_str!("fixtures/release-v8.json");
const RECORDED_BACKUP: &str = include_str!("fixtures/release-v8.backup.json");

#[wasm_bindgen(inline_js = r#"
// Typed arrays are written as {"$typed": name, "v": [...]}, so a load gives them back.
const tag = (k, v) => ArrayBuffer.isView(v) ? { $typed: v.constructor.name, v: Array.from(v) } : v;
const untag = (k, v) => v && typeof v === 'object' && '$typed' in v ? new globalThis[v.$typed](v.v) : v;

function opened(name, version) {
  return new Promise((resolve, reject) => {
    const r = version ? indexedDB.open(name, version) : indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function all(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Every store of database `name`: its key path, indexes and records, as JSON text.
export async function dump_db(name) {
  const db = await opened(name);
  const names = [...db.objectStoreNames].sort();
  const tx = db.transaction(names, 'readonly');
  const out = { version: db.version, stores: [] };
  for (const s of names) {
    const store = tx.objectStore(s);
    const indexes = [...store.indexNames].sort().map(i => {
      const ix = store.index(i);
      return [i, ix.keyPath, ix.unique, ix.multiEntry];
    });
    const keys = await all(store.getAllKeys());
    const values = await all(store.getAll());
    out.stores.push({ name: s, keyPath: store.keyPath, indexes, records: keys.map((k, i) => [k, values[i]]) });
  }
  db.close();
  return JSON.stringify(out, tag);
}

// Creates database `name` exactly as `text` (a dump_db) records it.
export function load_db(name, text) {
  const dump = JSON.parse(text, untag);
  return new Promise((resolve, reject) => {
    const del = indexedDB.deleteDatabase(name);
    del.onerror = () => reject(del.error);
    del.onsuccess = () => {
      const r = indexedDB.open(name, dump.version);
      r.onupgradeneeded = () => {
        for (const s of dump.stores) {
          const store = s.keyPath === null
            ? r.result.createObjectStore(s.name)
            : r.result.createObjectStore(s.name, { keyPath: s.keyPath });
          for (const [i, path, unique, multiEntry] of s.indexes) {
            store.createIndex(i, path, { unique, multiEntry });
          }
        }
      };
      r.onsuccess = () => {
        const db = r.result;
        const tx = db.transaction(dump.stores.map(s => s.name), 'readwrite');
        for (const s of dump.stores) {
          const store = tx.objectStore(s.name);
          for (const [k, v] of s.records) {
            if (s.keyPath === null) store.put(v, k); else store.put(v);
          }
        }
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onabort = () => reject(tx.error);
      };
      r.onerror = () => reject(r.error);
    };
  });
}
"#)]
extern "C" {
    /// Kept to record the next release's database the same way.
    #[allow(dead_code)]
    async fn dump_db(name: &str) -> JsValue;
    async fn load_db(name: &str, text: &str);
}

/// The orders file the release database imported: 24 rows, 3 new buyers among them.
fn orders_file() -> String {
    let mut text = String::from("客户,订单号,下单日期,金额\n");
    for i in 0..24 {
        text += &format!(
            "File buyer {},F{i},2026-01-{:02},{}.50\n",
            i % 3,
            1 + i % 28,
            40 + i
        );
    }
    text
}

/// Builds the release database with this release's code paths.
async fn build(name: &str) -> Db {
    let db = fresh(name).await;
    let demo = demo::generate(&demo::DemoSpec {
        seed: 8,
        customers: 30,
        orders: 200,
        interactions_per_customer: 2,
        today: Day(20_000),
        style: demo::NameStyle::Chinese,
        utc_offset_min: 480,
    });
    db.import(
        Batch {
            customers: demo.customers,
            orders: demo.orders,
            docs: Docs {
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
    let text = orders_file();
    let mut job = import_job(
        "job-release",
        kehu_core::import::mapping::ImportKind::Orders,
        &text,
    );
    write_import(&db, &mut job, &text, 10, usize::MAX).await;
    let all = db.all_customers().await.unwrap();
    let edited = Customer {
        city: "Hangzhou".into(),
        ..all[0].clone()
    };
    db.put_customer(&edited).await.unwrap();
    db.put_customer(&Customer {
        deleted: Some(Millis(1_700_000_000_000)),
        ..all[1].clone()
    })
    .await
    .unwrap();
    let keep = db.customer(all[2].id.as_str()).await.unwrap().unwrap();
    let other = db.customer(all[3].id.as_str()).await.unwrap().unwrap();
    db.merge_customers(&keep, &other, Millis(1_700_000_000_001))
        .await
        .unwrap();
    // The caches a working database has: the list snapshot, the answers snapshot.
    db.all_customers().await.unwrap();
    db.response_answers().await.unwrap();
    db
}

/// `data` without its order chunks' batch ids, which the upgrade made up; checks that
/// every chunk got one, its own, and none is loose (a release chunk is one batch).
fn without_batch_ids(mut data: BackupData) -> BackupData {
    let ids: std::collections::HashSet<_> = data.order_chunks.iter().map(|c| &c.batch).collect();
    assert_eq!(ids.len(), data.order_chunks.len(), "one batch id per chunk");
    for c in &mut data.order_chunks {
        assert_eq!(c.batch.len(), 36, "chunk {} has a UUID", c.no);
        assert!(!c.loose);
        c.batch.clear();
    }
    data
}

/// An order as a user knows it: its customer, day, amount, items and note.
type OrderContent = (u32, i32, i64, String);

/// Every order of `data` by content, sorted; and `data` without its orders.
fn orders_apart(mut data: BackupData) -> (Vec<OrderContent>, BackupData) {
    let details: std::collections::HashMap<u32, String> = data
        .order_details
        .iter()
        .map(|d| (d.id, format!("{:?} {}", d.items, d.note)))
        .collect();
    let mut orders = Vec::new();
    for c in &data.order_chunks {
        for i in 0..c.ids.len() {
            let d = details.get(&c.ids[i]).cloned().unwrap_or_default();
            orders.push((c.customers[i], c.days[i], c.cents[i], d));
        }
    }
    orders.sort();
    data.order_chunks.clear();
    data.order_details.clear();
    (orders, data)
}

/// `data` as the release would have it: account managers by name (today's demo makes
/// them staff, schema 10), no opportunities (schema 11), tasks (schema 13), leads
/// (schema 14), products nor quotes (schema 16), expenses (schema 17) nor segments
/// (schema 19).
fn as_released(mut data: BackupData) -> BackupData {
    data.docs.opportunities.clear();
    data.docs.tasks.clear();
    data.docs.leads.clear();
    data.docs.products.clear();
    data.docs.quotes.clear();
    data.docs.expenses.clear();
    data.docs.segments.clear();
    // Tickets came later, and with them their ratings (survey responses) and contracts.
    let ratings: std::collections::HashSet<_> = (data.docs.tickets.iter())
        .filter_map(|t| t.rating.clone())
        .collect();
    data.docs.responses.retain(|r| !ratings.contains(&r.id));
    data.docs.tickets.clear();
    data.docs.contracts.clear();
    data.docs.articles.clear();
    data.docs.care_rules.clear();
    data.docs.campaigns.clear();
    data.docs.campaign_members.clear();
    // Consent to text messages came with the campaigns.
    for c in &mut data.customers {
        c.consents
            .retain(|k| k.channel != kehu_core::ConsentChannel::Sms);
    }
    let roster = kehu_core::staff::Roster::new(std::mem::take(&mut data.docs.staff));
    for c in &mut data.customers {
        c.owner = roster.name(&c.owner).to_string();
    }
    data
}

/// The recorded backup's records.
fn recorded() -> BackupData {
    let (_, data) = backup::decode(RECORDED_BACKUP, RELEASE, Day(30_000)).unwrap();
    data
}

#[wasm_bindgen_test]
async fn the_release_history_leaves_the_same_records_today() {
    let db = build("t-release-build").await;
    let mut now = db.backup().await.unwrap();
    now.canonicalise();
    let (orders_now, rest_now) = orders_apart(now);
    let (orders_then, rest_then) = orders_apart(recorded());
    assert_eq!(as_released(rest_now), rest_then);
    assert_eq!(orders_now, orders_then);
}

#[wasm_bindgen_test]
async fn the_release_database_upgrades_with_every_record() {
    let name = "t-release-upgrade";
    load_db(name, RECORDED).await;
    let db = Db::open(name, || {}).await.unwrap();
    let recorded = recorded();
    let mut now = db.backup().await.unwrap();
    now.canonicalise();
    let now = without_batch_ids(now);
    assert_eq!(now, recorded, "every record kept, as it was");
    // Byte for byte: the backup's content has the recorded checksum.
    let header = backup::header(&backup::encode(now, RELEASE, Millis(0))).unwrap();
    assert_eq!(
        header.checksum,
        backup::header(RECORDED_BACKUP).unwrap().checksum
    );
    // The caches still serve: the list, and the answers the dashboards read.
    let customers = db.all_customers().await.unwrap();
    assert_eq!(customers.len(), recorded.customers.len());
    assert_eq!(
        canonical(&db.response_answers().await.unwrap()),
        expected(&recorded.docs.responses)
    );
    // The import still rolls back: its orders go, the demo's stay.
    let imported = db.import_job("job-release").await.unwrap().unwrap();
    assert_eq!(imported.written.orders, 24);
    let before = db.count_orders().await.unwrap();
    db.rollback_import("job-release", Millis(1_800_000_000_000))
        .await
        .unwrap();
    assert_eq!(db.count_orders().await.unwrap(), before - 24);
    // The upgrade itself shared nothing; the take-back deleted 24 orders of a release
    // chunk, each as `<batch>/<slot>`, and kept tombstones of them.
    let outbox = db.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    let gone = &outbox[0].1.deleted[kehu_core::sync::ORDERS];
    assert_eq!(gone.len(), 24);
    assert_eq!(
        db.tombstones().await.unwrap().len(),
        24 + 3,
        "and its 3 buyers"
    );
    // And writing goes on: a new customer takes the next key.
    let next = db.put_customer(&person(900, "After")).await.unwrap();
    assert_eq!(next.key, recorded.customer_key_seq + 1);
}
