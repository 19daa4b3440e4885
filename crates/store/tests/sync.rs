//! Records ready to share: every write of shared records stamps them with this device's
//! revision and appends one outbox entry naming them, in the same transaction; deletions
//! leave tombstones; orders are named by batch and slot, never by local id. (That a
//! failed write leaves no entry is `whole.rs`'s: its dumps include the outbox.)
//! Run in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kehu_core::sync::{CUSTOMERS, ORDER_BATCHES, ORDERS, OutboxEntry, Rev};
use kehu_core::*;
use kehu_store::Db;
use std::collections::BTreeMap;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The newest outbox entry and its write number.
async fn last(db: &Db) -> (u64, OutboxEntry) {
    db.outbox().await.unwrap().pop().expect("an outbox entry")
}

fn ids(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn only(kind: &str, list: Vec<String>) -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([(kind.to_string(), list)])
}

fn call(id: &str, customer: &Id) -> Interaction {
    Interaction {
        id: Id(id.into()),
        customer: customer.clone(),
        kind: InteractionKind::Call,
        at: Millis(1_700_000_000_000),
        subject: "回访".into(),
        note: String::new(),
        created: Millis(1),
        updated: Millis(1),
    }
}

#[wasm_bindgen_test]
async fn customer_and_record_writes_enter_the_outbox_with_their_revision() {
    let db = fresh("s-records").await;
    assert_eq!(db.device().await.unwrap(), None, "no write, no device yet");
    let saved = db
        .put_customers(&[person(1, "甲"), person(2, "乙")])
        .await
        .unwrap();
    let device = db
        .device()
        .await
        .unwrap()
        .expect("the first write made one");
    let (n, entry) = last(&db).await;
    let both: Vec<String> = saved.iter().map(|c| c.id.0.clone()).collect();
    assert_eq!(entry.changed, only(CUSTOMERS, both));
    let rev = Rev {
        n,
        by: device.clone(),
    };
    let first = saved[0].id.as_str();
    assert_eq!(db.revision(CUSTOMERS, first).await.unwrap(), Some(rev));

    // An edit is the next write: a new entry, a higher revision, the same device.
    let edited = Customer {
        city: "苏州".into(),
        ..saved[0].clone()
    };
    db.put_customer(&edited).await.unwrap();
    let (n2, entry) = last(&db).await;
    assert_eq!(n2, n + 1);
    assert_eq!(entry.changed, only(CUSTOMERS, vec![first.to_string()]));
    let now = db.revision(CUSTOMERS, first).await.unwrap().unwrap();
    assert_eq!((now.n, now.by), (n2, device));

    // A record: written, deleted (a tombstone), put back (the tombstone goes).
    let c = call("s-call", &saved[1].id);
    db.put_doc(&c).await.unwrap();
    assert_eq!(
        last(&db).await.1.changed,
        only("interactions", ids(&["s-call"]))
    );
    let gone = db.delete_doc::<Interaction>("s-call").await.unwrap();
    let (n_del, entry) = last(&db).await;
    assert_eq!(entry.deleted, only("interactions", ids(&["s-call"])));
    let graves = db.tombstones().await.unwrap();
    assert_eq!(graves.len(), 1);
    assert_eq!(
        (
            graves[0].kind.as_str(),
            graves[0].id.as_str(),
            graves[0].rev.n
        ),
        ("interactions", "s-call", n_del)
    );
    db.put_doc(&gone).await.unwrap();
    assert!(
        db.tombstones().await.unwrap().is_empty(),
        "undone: no tombstone"
    );

    // Designed surveys too.
    let s = Survey::starter(SurveyKind::Custom, true, Id("s-survey".into()), Millis(1));
    db.put_survey(&s).await.unwrap();
    assert_eq!(
        last(&db).await.1.changed,
        only("surveys", ids(&["s-survey"]))
    );
    db.delete_survey("s-survey").await.unwrap();
    assert_eq!(
        last(&db).await.1.deleted,
        only("surveys", ids(&["s-survey"]))
    );

    // Reading writes nothing to the outbox.
    let entries = db.outbox().await.unwrap().len();
    db.all_customers().await.unwrap();
    db.backup().await.unwrap();
    assert_eq!(db.outbox().await.unwrap().len(), entries);
}

#[wasm_bindgen_test]
async fn two_databases_are_two_devices_and_an_erase_is_a_new_one() {
    let (a, b) = (fresh("s-device-a").await, fresh("s-device-b").await);
    a.put_customer(&person(1, "甲")).await.unwrap();
    b.put_customer(&person(1, "甲")).await.unwrap();
    let (da, db_) = (a.device().await.unwrap(), b.device().await.unwrap());
    assert!(da.is_some() && da != db_);
    a.clear_all().await.unwrap();
    a.put_customer(&person(1, "甲")).await.unwrap();
    assert_ne!(a.device().await.unwrap(), da);
}

#[wasm_bindgen_test]
async fn orders_are_shared_by_batch_and_slot_never_by_local_id() {
    let db = seeded("s-orders", 5, 0).await;
    let key = db.all_customers().await.unwrap()[0].key;
    let mut many = OrderColumns::default();
    for i in 0..10_000 {
        many.push(0, key, Day(20_000 + i % 300), Cents(100 + i as i64));
    }
    let before = db.order_chunks().await.unwrap().len();
    let first_ids = db.append_orders(&many).await.unwrap();
    let (_, entry) = last(&db).await;
    let batches = &entry.changed[ORDER_BATCHES];
    assert_eq!(
        batches.len(),
        2,
        "10,000 rows are two batches of at most 8,192"
    );
    // The newest chunks first: the two just written.
    let chunks = db.order_chunks().await.unwrap();
    assert_eq!(chunks.len(), before + 2);
    let mut rows: Vec<u32> = chunks[..2].iter().map(|&(_, n)| n).collect();
    rows.sort();
    assert_eq!(rows, vec![10_000 - 8_192, 8_192]);

    // A later write of many never adds to an earlier batch.
    let mut few = OrderColumns::default();
    few.push(0, key, Day(20_400), Cents(5));
    db.append_orders(&few).await.unwrap();
    let third = &last(&db).await.1.changed[ORDER_BATCHES];
    assert!(!batches.contains(&third[0]));
    assert_eq!(db.order_chunks().await.unwrap().len(), before + 3);

    // Hand-entered orders are shared one by one, in a loose chunk they share.
    let a = db.add_order(&order(key, 20_500, 700)).await.unwrap();
    let ref_a = last(&db).await.1.changed[ORDERS][0].clone();
    let b = db.add_order(&order(key, 20_501, 800)).await.unwrap();
    let ref_b = last(&db).await.1.changed[ORDERS][0].clone();
    let (batch_a, slot_a) = ref_a.split_once('/').unwrap();
    let (batch_b, slot_b) = ref_b.split_once('/').unwrap();
    assert_eq!(batch_a, batch_b, "one loose chunk");
    assert_eq!(
        slot_b.parse::<u32>().unwrap(),
        slot_a.parse::<u32>().unwrap() + 1
    );
    assert_eq!(batch_a.len(), 36, "a UUID, not a chunk number");
    assert_eq!(slot_a.parse::<u32>().unwrap(), a.id % kehu_store::CHUNK_CAP);
    assert_eq!(db.order_chunks().await.unwrap().len(), before + 4);

    // Editing or deleting an order of a batch is that one order, by batch and slot.
    let old = db.orders_of(key).await.unwrap();
    let in_batch = old.iter().find(|o| o.id == first_ids[5]).unwrap().clone();
    let edited = Order {
        amount: Cents(1),
        ..in_batch.clone()
    };
    db.update_order(&in_batch, &edited).await.unwrap();
    let edit_ref = last(&db).await.1.changed[ORDERS][0].clone();
    assert!(
        batches.iter().any(|bt| edit_ref == format!("{bt}/5")),
        "{edit_ref}"
    );
    let deleted = db.delete_order(b.id).await.unwrap();
    assert_eq!(last(&db).await.1.deleted, only(ORDERS, vec![ref_b.clone()]));
    assert_eq!(db.tombstones().await.unwrap()[0].id, ref_b);
    db.restore_order(&deleted).await.unwrap();
    assert_eq!(last(&db).await.1.changed, only(ORDERS, vec![ref_b]));
    assert!(db.tombstones().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_merge_shares_what_moved_and_forgetting_leaves_tombstones() {
    let db = seeded("s-merge", 6, 40).await;
    let mut all = db.all_customers().await.unwrap();
    all.sort_by_key(|c| c.key);
    let (keep, other) = (all[0].clone(), all[1].clone());
    let theirs = db.orders_of(other.key).await.unwrap().len();
    let calls = db.docs_of::<Interaction>(other.id.as_str()).await.unwrap();
    db.merge_customers(&keep, &other, Millis(9)).await.unwrap();
    let (_, entry) = last(&db).await;
    assert_eq!(
        entry.changed[CUSTOMERS],
        ids(&[keep.id.as_str(), other.id.as_str()])
    );
    assert_eq!(entry.changed.get(ORDERS).map_or(0, Vec::len), theirs);
    let moved: Vec<String> = calls.iter().map(|c| c.id.0.clone()).collect();
    assert_eq!(
        entry
            .changed
            .get("interactions")
            .cloned()
            .unwrap_or_default(),
        ids(&moved.iter().map(String::as_str).collect::<Vec<_>>())
    );

    // Forget the merged-away customer (in the trash now), then one with everything.
    let victim = db.customer(keep.id.as_str()).await.unwrap().unwrap();
    let trashed = db
        .put_customer(&Customer {
            deleted: Some(Millis(10)),
            ..victim
        })
        .await
        .unwrap();
    let orders = db.orders_of(trashed.key).await.unwrap().len();
    // Every record of the customer's, of whichever kind.
    let c = trashed.id.as_str();
    let records = of::<Interaction>(&db, c).await
        + of::<SurveyResponse>(&db, c).await
        + of::<kehu_core::Opportunity>(&db, c).await
        + of::<kehu_core::Task>(&db, c).await
        + of::<kehu_core::Quote>(&db, c).await
        + of::<kehu_core::Expense>(&db, c).await
        + of::<kehu_core::Ticket>(&db, c).await
        + of::<kehu_core::Contract>(&db, c).await
        + of::<kehu_core::marketing::CampaignMember>(&db, c).await
        + of::<kehu_core::rewards::Redemption>(&db, c).await;
    db.purge_customer(&trashed).await.unwrap();
    let (n, entry) = last(&db).await;
    assert_eq!(entry.deleted[CUSTOMERS], vec![trashed.id.0.clone()]);
    assert_eq!(entry.deleted.get(ORDERS).map_or(0, Vec::len), orders);
    let graves = db.tombstones().await.unwrap();
    assert_eq!(graves.len(), 1 + orders + records);
    assert!(graves.iter().all(|g| g.rev.n == n));
}

/// How many records of kind `T` customer `c` has.
async fn of<T: kehu_core::Doc>(db: &Db, c: &str) -> usize {
    db.docs_of::<T>(c).await.unwrap().len()
}

#[wasm_bindgen_test]
async fn a_restore_keeps_the_device_and_the_batches_and_asks_for_a_full_compare() {
    let db = seeded("s-restore", 8, 30).await;
    db.delete_doc::<Interaction>(db.all_docs::<Interaction>().await.unwrap()[0].id.as_str())
        .await
        .unwrap();
    let device = db.device().await.unwrap();
    let data = db.backup().await.unwrap();
    assert!(data.order_chunks.iter().all(|c| c.batch.len() == 36));
    db.restore(&data, |_, _| {}).await.unwrap();
    assert_eq!(db.device().await.unwrap(), device);
    let outbox = db.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert!(outbox[0].1.everything && outbox[0].1.changed.is_empty());
    assert!(db.tombstones().await.unwrap().is_empty());
    assert_eq!(db.backup().await.unwrap(), data, "batch ids kept");
}

#[wasm_bindgen_test]
async fn an_import_take_back_deletes_its_batches_whole() {
    let db = seeded("s-import", 5, 0).await;
    let mut text = String::from("客户,订单号,下单日期,金额\n");
    for i in 0..30 {
        text += &format!(
            "Buyer {},B{i},2026-01-{:02},{}.00\n",
            i % 2,
            1 + i % 28,
            10 + i
        );
    }
    let mut job = import_job(
        "s-job",
        kehu_core::import::mapping::ImportKind::Orders,
        &text,
    );
    let seed = db.outbox().await.unwrap().len();
    write_import(&db, &mut job, &text, 20, usize::MAX).await;
    let written: Vec<String> = db
        .outbox()
        .await
        .unwrap()
        .into_iter()
        .skip(seed)
        .flat_map(|(_, e)| e.changed.get(ORDER_BATCHES).cloned().unwrap_or_default())
        .collect();
    assert_eq!(written.len(), 2, "two transactions, two batches");
    db.rollback_import("s-job", Millis(5)).await.unwrap();
    let (_, entry) = last(&db).await;
    let mut gone = entry.deleted[ORDER_BATCHES].clone();
    gone.sort();
    let mut expected = written;
    expected.sort();
    assert_eq!(gone, expected);
    assert_eq!(
        entry.deleted[CUSTOMERS].len(),
        2,
        "the two buyers it created"
    );
    assert!(!entry.deleted.contains_key(ORDERS), "no order one by one");
}
