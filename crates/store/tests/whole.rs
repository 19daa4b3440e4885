//! A write is whole or not at all: every write path, made to fail at each of its steps in
//! turn (an injected fault at an awaited request or at the commit), leaves the database
//! exactly as it was, record for record. Run in headless Chromium like `store.rs`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kehu_core::backup::{BackupData, OrderChunk};
use kehu_core::*;
use kehu_store::{Batch, Db, StoreError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn customers(db: &Db) -> Vec<Customer> {
    let mut all = db.all_customers().await.unwrap();
    all.sort_by_key(|c| c.key);
    all
}

#[wasm_bindgen_test]
async fn customer_writes_create_edit_trash_and_restore_whole() {
    let db = seeded("w-customers", 20, 60).await;
    let new: Vec<Customer> = (1..=3)
        .map(|n| person(900 + n, &format!("新客户{n}")))
        .collect();
    let (saved, _) = fails_whole(&db, "create", || db.put_customers(&new)).await;
    assert_eq!(saved.len(), 3);
    let mut edited: Vec<Customer> = customers(&db).await[..5].to_vec();
    for c in &mut edited {
        c.city = "苏州".into();
    }
    let (edited, _) = fails_whole(&db, "edit", || db.put_customers(&edited)).await;
    let mut trashed = edited[0].clone();
    trashed.deleted = Some(Millis(77));
    let (trashed, _) = fails_whole(&db, "trash", || db.put_customer(&trashed)).await;
    let back = Customer {
        deleted: None,
        ..trashed
    };
    fails_whole(&db, "restore from trash", || db.put_customer(&back)).await;
    assert_eq!(customers(&db).await[0].city, "苏州");
}

#[wasm_bindgen_test]
async fn interaction_writes_and_deletes_whole() {
    let db = seeded("w-interactions", 10, 30).await;
    let c = customers(&db).await[0].clone();
    let call = Interaction {
        id: Id("w-call".into()),
        customer: c.id.clone(),
        kind: InteractionKind::Call,
        at: Millis(1_700_000_000_000),
        subject: "回访".into(),
        note: String::new(),
        created: Millis(1),
        updated: Millis(1),
    };
    fails_whole(&db, "add interaction", || db.put_doc(&call)).await;
    let (gone, _) = fails_whole(&db, "delete interaction", || {
        db.delete_doc::<Interaction>("w-call")
    })
    .await;
    assert_eq!(gone, call);
    fails_whole(&db, "undo delete", || db.put_doc(&gone)).await;
}

#[wasm_bindgen_test]
async fn order_writes_whole() {
    let db = seeded("w-orders", 10, 50).await;
    let key = customers(&db).await[2].key;
    let mut o = order(key, 20_100, 1_234);
    o.note = "礼盒".into();
    o.items = vec![OrderItem {
        product: "茶叶".into(),
        quantity: 2,
        unit_price: Cents(617),
        ..Default::default()
    }];
    let (saved, _) = fails_whole(&db, "add order", || db.add_order(&o)).await;
    let edited = Order {
        amount: Cents(99),
        note: String::new(),
        items: vec![],
        ..saved.clone()
    };
    fails_whole(&db, "edit order", || db.update_order(&saved, &edited)).await;
    let (deleted, _) = fails_whole(&db, "delete order", || db.delete_order(saved.id)).await;
    assert_eq!(deleted, edited);
    fails_whole(&db, "undo order delete", || db.restore_order(&deleted)).await;
    let mut many = OrderColumns::default();
    for i in 0..20 {
        many.push(0, key, Day(20_000 + i), Cents(100 * i as i64));
    }
    fails_whole(&db, "append orders", || db.append_orders(&many)).await;
}

#[wasm_bindgen_test]
async fn survey_and_response_writes_whole() {
    let db = seeded("w-responses", 10, 30).await;
    let c = customers(&db).await[1].clone();
    let survey = Survey::starter(SurveyKind::Custom, false, Id("w-survey".into()), Millis(1));
    fails_whole(&db, "add survey", || db.put_survey(&survey)).await;
    let mut r = SurveyResponse::blank(Id("w-r1".into()), c.id.clone(), Day(20_000), Millis(1));
    r.answers = vec![Answer {
        question: Question::Nps,
        score: 9,
    }];
    fails_whole(&db, "add response", || db.put_doc(&r)).await;
    let more: Vec<SurveyResponse> = (2..5)
        .map(|i| SurveyResponse {
            id: Id(format!("w-r{i}")),
            ..r.clone()
        })
        .collect();
    fails_whole(&db, "add responses", || db.put_docs(&more)).await;
    let (gone, _) = fails_whole(&db, "delete response", || {
        db.delete_doc::<SurveyResponse>("w-r1")
    })
    .await;
    fails_whole(&db, "undo response delete", || db.put_doc(&gone)).await;
    let (deleted, _) = fails_whole(&db, "delete survey", || db.delete_survey("w-survey")).await;
    fails_whole(&db, "undo survey delete", || db.put_survey_back(&deleted)).await;
}

#[wasm_bindgen_test]
async fn bulk_import_whole() {
    let db = seeded("w-import", 10, 30).await;
    let demo = demo::generate(&demo::DemoSpec {
        customers: 15,
        orders: 80,
        seed: 7,
        ..demo::DemoSpec::standard(Day(20_000), demo::NameStyle::English)
    });
    let batch = || Batch {
        customers: demo.customers.clone(),
        orders: demo.orders.clone(),
        lines: demo.lines.clone(),
        docs: kehu_core::Docs {
            interactions: demo.interactions.clone(),
            responses: demo
                .responses
                .iter()
                .map(|r| SurveyResponse {
                    id: Id(format!("{}-b", r.id.0)),
                    ..r.clone()
                })
                .collect(),
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
        ..Default::default()
    };
    fails_whole(&db, "import", || db.import(batch(), |_, _| {})).await;
}

#[wasm_bindgen_test]
async fn restore_and_merge_of_a_backup_whole() {
    let source = seeded("w-backup-src", 25, 120).await;
    let data = source.backup().await.unwrap();
    let db = seeded("w-backup-dst", 8, 40).await;
    db.put_customer(&person(4_000, "只在这里")).await.unwrap();
    db.all_customers().await.unwrap();
    fails_whole(&db, "merge backup", || db.merge_backup(&data, |_, _| {})).await;
    fails_whole(&db, "restore", || db.restore(&data, |_, _| {})).await;
    assert_eq!(db.backup().await.unwrap(), data);
}

/// The bug this guards: restore cleared every store and wrote customers before it met a
/// malformed order chunk, and the early return committed that half (3 customers of the
/// demo's 2,000 and none of its orders were left).
#[wasm_bindgen_test]
async fn a_malformed_backup_leaves_the_database_untouched() {
    let db = seeded("w-bad-backup", 12, 50).await;
    let before = db.dump().await.unwrap();
    let mut data: BackupData = db.backup().await.unwrap();
    data.order_chunks.push(OrderChunk {
        no: 90,
        next: 2,
        ids: vec![90 * kehu_store::CHUNK_CAP, 90 * kehu_store::CHUNK_CAP + 1],
        customers: vec![1],
        days: vec![20_000, 20_001],
        cents: vec![100, 200],
        batch: String::new(),
        loose: false,
        ..Default::default()
    });
    let err = db.restore(&data, |_, _| {}).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
    assert!(
        db.dump().await.unwrap() == before,
        "nothing was cleared or written"
    );
}

#[wasm_bindgen_test]
async fn merging_customers_and_its_undo_whole() {
    let db = seeded("w-merge", 12, 80).await;
    let all = customers(&db).await;
    let (keep, other) = (all[0].clone(), all[1].clone());
    let mut merged = keep.clone();
    merged.notes = "合并".into();
    let (undo, _) = fails_whole(&db, "merge", || {
        db.merge_customers(&merged, &other, Millis(5))
    })
    .await;
    fails_whole(&db, "undo merge", || db.undo_merge(&undo)).await;
    let back = customers(&db).await;
    // As they were, at later revisions.
    assert_eq!((back[0].rev, back[1].rev), (keep.rev + 2, other.rev + 2));
    assert_eq!(
        Customer {
            rev: keep.rev,
            ..back[0].clone()
        },
        keep
    );
    assert_eq!(
        Customer {
            rev: other.rev,
            ..back[1].clone()
        },
        other
    );
}

#[wasm_bindgen_test]
async fn import_batches_and_take_back_whole() {
    use kehu_core::import::mapping::ImportKind;
    let db = seeded("w-import-job", 6, 20).await;
    let mut text = String::from("客户,订单号,下单日期,金额\n");
    for i in 0..12 {
        text += &format!("Buyer {},N{i},2026-01-05,{}.00\n", i % 4, 10 + i);
    }
    import_whole(&db, "w-job", ImportKind::Orders, &text, 12).await;
}

/// Orders with their lines: a batch writes its orders' lines with them, and the
/// take-back removes both.
#[wasm_bindgen_test]
async fn order_lines_import_batches_and_take_back_whole() {
    use kehu_core::import::mapping::ImportKind;
    let db = seeded("w-import-lines", 6, 20).await;
    let mut text = String::from("客户,订单号,下单日期,商品,数量,单价\n");
    for i in 0..9 {
        for l in 0..=(i % 3) {
            text += &format!(
                "Buyer {},N{i},2026-01-05,P{l},{},{}.00\n",
                i % 4,
                1 + l,
                10 + i
            );
        }
    }
    let lines = |all: Vec<kehu_core::OrderLines>| all.iter().map(|l| l.len()).sum::<usize>();
    let before = lines(db.all_lines().await.unwrap());
    import_whole(&db, "w-lines", ImportKind::OrderLines, &text, 9).await;
    assert_eq!(lines(db.all_lines().await.unwrap()), before);
}

/// Imports `text` in batches of 5 writes, each failed at every point first, then
/// takes it back the same way.
async fn import_whole(
    db: &Db,
    id: &str,
    kind: kehu_core::import::mapping::ImportKind,
    text: &str,
    orders: u64,
) {
    use kehu_core::import::job::Planner;
    use kehu_core::import::plan::{Choices, When};
    use kehu_core::import::table::TableReader;
    let mut job = import_job(id, kind, text);
    db.save_import_job(&job).await.unwrap();
    let existing = db.all_customers().await.unwrap();
    let when = When {
        today: Day(20_500),
        now: Millis(1),
        zone: Default::default(),
    };
    let choices = Choices::default();
    let mut planner = Planner::new(&job.settings, &existing, &choices, when);
    planner.stored_orders(&db.all_orders().await.unwrap(), &[]);
    let mut table = TableReader::new(text.as_bytes(), job.settings.options).unwrap();
    let mut n = 0;
    let prefix = id.to_string();
    let mut new_id = move || {
        n += 1;
        Id(format!("{prefix}-new-{n}"))
    };
    while let Some((batch, reached)) =
        planner.next_batch(&mut table, Default::default(), 5, &mut new_id)
    {
        let (keys, _) = fails_whole(db, "import batch", || {
            let mut j = job.clone();
            let b = batch.clone();
            async move {
                let keys = db.write_import_batch(&mut j, b, reached, Millis(2)).await?;
                Ok((keys, j))
            }
        })
        .await;
        job = keys.1;
        planner.settle(&keys.0);
    }
    assert_eq!(job.written.orders, orders);
    fails_whole(db, "take back", || db.rollback_import(id, Millis(3))).await;
}

async fn products(db: &Db) -> usize {
    db.all_docs::<kehu_core::Product>().await.unwrap().len()
}

/// A batch of records of their own kind (a catalogue's products; leads and
/// opportunities go the same way, into the batch's records) and its take-back.
#[wasm_bindgen_test]
async fn record_import_batches_and_take_back_whole() {
    use kehu_core::import::job::Planner;
    use kehu_core::import::mapping::ImportKind;
    use kehu_core::import::plan::{Choices, When};
    use kehu_core::import::table::TableReader;
    let db = seeded("w-import-records", 4, 10).await;
    let mut text = String::from("货号,商品名称,售价\n");
    for i in 0..9 {
        text += &format!("SKU-{i},产品 {i},{}.00\n", 10 + i);
    }
    let before = products(&db).await;
    let mut job = import_job("w-records", ImportKind::Products, &text);
    db.save_import_job(&job).await.unwrap();
    let when = When {
        today: Day(20_500),
        now: Millis(1),
        zone: Default::default(),
    };
    let choices = Choices::default();
    let mut planner = Planner::new(&job.settings, &[], &choices, when);
    let mut table = TableReader::new(text.as_bytes(), job.settings.options).unwrap();
    let mut n = 0;
    let mut new_id = move || {
        n += 1;
        Id(format!("w-product-{n}"))
    };
    while let Some((batch, reached)) =
        planner.next_batch(&mut table, Default::default(), 4, &mut new_id)
    {
        let (written, _) = fails_whole(&db, "records batch", || {
            let mut j = job.clone();
            let b = batch.clone();
            let db = &db;
            async move {
                let keys = db.write_import_batch(&mut j, b, reached, Millis(2)).await?;
                Ok((keys, j))
            }
        })
        .await;
        job = written.1;
    }
    assert_eq!(job.written.records, 9);
    assert_eq!(products(&db).await, before + 9);
    fails_whole(&db, "records take back", || {
        db.rollback_import("w-records", Millis(3))
    })
    .await;
    assert_eq!(products(&db).await, before, "the seeded catalogue stays");
}

/// A batch that changes stored records (responses on a campaign's members) and its
/// take-back, which puts them back as they were.
#[wasm_bindgen_test]
async fn a_responses_batch_and_its_take_back_whole() {
    use kehu_core::import::campaign_responses::CampaignResponsePlan;
    use kehu_core::import::job::{Batch as JobBatch, Reached};
    use kehu_core::import::mapping::ImportKind;
    use kehu_core::marketing::{CampaignMember, ResponseKind};
    let db = seeded("w-responses", 10, 40).await;
    // The seeded demo's launched campaigns: two contacted members not yet replied.
    let was: Vec<CampaignMember> = (db.all_docs::<CampaignMember>().await.unwrap())
        .into_iter()
        .filter(|m| !m.control && !m.has(ResponseKind::Replied))
        .take(2)
        .collect();
    assert_eq!(was.len(), 2);
    let today = was.iter().map(|m| m.day).max().unwrap();
    let marked: Vec<CampaignMember> = (was.iter())
        .map(|m| {
            m.marked(ResponseKind::Replied, true, today, Millis(9))
                .unwrap()
        })
        .collect();
    let mut job = import_job("w-responses", ImportKind::CampaignResponses, "campaign\n");
    db.save_import_job(&job).await.unwrap();
    let plan = CampaignResponsePlan {
        responses: 2,
        members: marked,
        previous: was.clone(),
        ..Default::default()
    };
    let reached = Reached { rows: 2, line: 3 };
    let (j, _) = fails_whole(&db, "responses batch", || {
        let (mut j, b) = (job.clone(), JobBatch::CampaignResponses(plan.clone()));
        let db = &db;
        async move {
            db.write_import_batch(&mut j, b, reached, Millis(10))
                .await?;
            Ok(j)
        }
    })
    .await;
    job = j;
    assert_eq!(job.written.responses, 2);
    fails_whole(&db, "responses take back", || {
        db.rollback_import("w-responses", Millis(11))
    })
    .await;
    for m in &was {
        let now = db
            .doc::<CampaignMember>(m.id.as_str())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(now.responses, m.responses, "as before the import");
    }
}

#[wasm_bindgen_test]
async fn erasing_everything_whole() {
    let db = seeded("w-erase", 10, 40).await;
    fails_whole(&db, "erase", || db.clear_all()).await;
    assert_eq!(db.count_customers().await.unwrap(), 0);
}

/// Two tabs edit the same records: whatever was read before another tab's save, trash
/// or merge is refused whole, so nothing silently overwrites and nothing trashed or
/// merged comes back.
#[wasm_bindgen_test]
async fn a_stale_save_is_refused_and_changes_nothing() {
    let db = seeded("w-stale", 8, 40).await;
    let other_tab = Db::open("w-stale", || {}).await.unwrap();
    let all = customers(&db).await;
    let (a, b, c) = (all[0].clone(), all[1].clone(), all[2].clone());
    // Another tab saves A; this tab's copy is now stale.
    let mut theirs = a.clone();
    theirs.city = "成都".into();
    let theirs = other_tab.put_customer(&theirs).await.unwrap();
    assert_eq!(theirs.rev, a.rev + 1);
    let before = db.dump().await.unwrap();
    let mut mine = a.clone();
    mine.city = "重庆".into();
    assert_eq!(
        db.put_customer(&mine).await.unwrap_err(),
        StoreError::Changed
    );
    // Trashed there: a stale copy does not bring it back.
    let mut gone = b.clone();
    gone.deleted = Some(Millis(9));
    other_tab.put_customer(&gone).await.unwrap();
    let before_b = db.dump().await.unwrap();
    assert_eq!(db.put_customer(&b).await.unwrap_err(), StoreError::Changed);
    assert!(db.dump().await.unwrap() == before_b);
    // Merged there: neither side can be saved from the old copies, nor merged again.
    let d = customers(&db).await[3].clone();
    other_tab.merge_customers(&c, &d, Millis(10)).await.unwrap();
    assert_eq!(db.put_customer(&d).await.unwrap_err(), StoreError::Changed);
    assert_eq!(
        db.merge_customers(&d, &c, Millis(11)).await.unwrap_err(),
        StoreError::Changed
    );
    // What the first tab saw before its refusals is still there, and A is theirs.
    let now = customers(&db).await;
    assert_eq!(now[0], theirs);
    assert!(before.iter().any(|(s, _)| s == "customers"));
    // With the record reread, the save goes through.
    let mut again = now[0].clone();
    again.city = "重庆".into();
    assert_eq!(db.put_customer(&again).await.unwrap().rev, theirs.rev + 1);
}

#[wasm_bindgen_test]
async fn stale_orders_surveys_merges_and_import_batches_are_refused() {
    let db = seeded("w-stale-more", 8, 40).await;
    let key = customers(&db).await[0].key;
    let saved = db.add_order(&order(key, 20_000, 500)).await.unwrap();
    let theirs = Order {
        amount: Cents(700),
        ..saved.clone()
    };
    db.update_order(&saved, &theirs).await.unwrap();
    let mine = Order {
        note: "mine".into(),
        ..saved.clone()
    };
    assert_eq!(
        db.update_order(&saved, &mine).await.unwrap_err(),
        StoreError::Changed,
        "the order moved on"
    );
    assert_eq!(
        db.orders_of(key).await.unwrap()[..]
            .iter()
            .find(|o| o.id == saved.id),
        Some(&theirs)
    );
    db.delete_order(saved.id).await.unwrap();
    assert_eq!(
        db.update_order(&theirs, &mine).await.unwrap_err(),
        StoreError::Changed,
        "deleted elsewhere"
    );

    let s = Survey::starter(SurveyKind::Custom, false, Id("s-stale".into()), Millis(1));
    let first = db.put_survey(&s).await.unwrap();
    assert_eq!(
        db.put_survey(&s).await.unwrap_err(),
        StoreError::Changed,
        "created twice"
    );
    let renamed = db
        .put_survey(&Survey {
            name: "改名".into(),
            ..first.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        db.put_survey(&first).await.unwrap_err(),
        StoreError::Changed
    );
    assert_eq!(
        db.surveys().await.unwrap().iter().find(|x| x.id == s.id),
        Some(&renamed)
    );

    // A merge undone after the survivor was edited would lose the edit: refused.
    let all = customers(&db).await;
    let undo = db
        .merge_customers(&all[1], &all[2], Millis(5))
        .await
        .unwrap();
    let mut edited = customers(&db).await[1].clone();
    edited.notes = "merged, then edited".into();
    db.put_customer(&edited).await.unwrap();
    assert_eq!(db.undo_merge(&undo).await.unwrap_err(), StoreError::Changed);

    // An import batch that updates a customer edited since the import read it.
    let stale = customers(&db).await[3].clone();
    let mut newer = stale.clone();
    newer.city = "厦门".into();
    db.put_customer(&newer).await.unwrap();
    let mut imported = stale.clone();
    imported.city = "福州".into();
    let r = db
        .import(
            Batch {
                customers: vec![imported],
                ..Default::default()
            },
            |_, _| {},
        )
        .await;
    assert_eq!(r.unwrap_err(), StoreError::Changed);
    assert_eq!(customers(&db).await[3].city, "厦门");
}

/// Forgetting a customer removes every record of theirs, and only theirs, in one
/// transaction; a customer not in the trash is refused.
#[wasm_bindgen_test]
async fn a_customer_forgotten_leaves_nothing_behind() {
    let db = seeded("w-purge", 12, 120).await;
    let all = customers(&db).await;
    let target = all.iter().find(|c| c.deleted.is_none()).unwrap().clone();
    let mut note = order(target.key, 20_000, 999);
    note.note = "只属于要被遗忘的客户 forget-me-4471".into();
    db.add_order(&note).await.unwrap();
    let r = {
        let mut r =
            SurveyResponse::blank(Id("p-r".into()), target.id.clone(), Day(20_000), Millis(1));
        r.answers = vec![Answer {
            question: Question::Nps,
            score: 3,
        }];
        r
    };
    db.put_doc(&r).await.unwrap();
    db.put_doc(&Interaction {
        id: Id("p-i".into()),
        customer: target.id.clone(),
        kind: InteractionKind::Visit,
        at: Millis(1_700_000_000_000),
        subject: "上门".into(),
        note: String::new(),
        created: Millis(1),
        updated: Millis(1),
    })
    .await
    .unwrap();
    // An import that updated them keeps a copy of them as they were, to take it back.
    {
        use kehu_core::import::job::{Batch as JobBatch, Reached};
        use kehu_core::import::plan::CustomerPlan;
        let current = db.customer(target.id.as_str()).await.unwrap().unwrap();
        let kind = kehu_core::import::mapping::ImportKind::Customers;
        let mut job = import_job("p-job", kind, "name\n");
        db.save_import_job(&job).await.unwrap();
        let plan = CustomerPlan {
            update: vec![Customer {
                city: "遗忘市".into(),
                ..current.clone()
            }],
            ..Default::default()
        };
        let batch = JobBatch::Customers {
            plan,
            previous: vec![current],
        };
        db.write_import_batch(&mut job, batch, Reached { rows: 1, line: 2 }, Millis(3))
            .await
            .unwrap();
    }
    let others_orders =
        db.all_orders().await.unwrap().len() - db.orders_of(target.key).await.unwrap().len();
    let fresh_copy = db.customer(target.id.as_str()).await.unwrap().unwrap();
    assert_eq!(
        db.purge_customer(&fresh_copy).await.unwrap_err(),
        StoreError::Constraint,
        "only from the trash"
    );
    let trashed = db
        .put_customer(&Customer {
            deleted: Some(Millis(5)),
            ..fresh_copy
        })
        .await
        .unwrap();
    db.all_customers().await.unwrap();
    fails_whole(&db, "purge", || db.purge_customer(&trashed)).await;
    assert!(db.customer(target.id.as_str()).await.unwrap().is_none());
    assert!(db.orders_of(target.key).await.unwrap().is_empty());
    assert_eq!(
        db.all_orders().await.unwrap().len(),
        others_orders,
        "others' orders stay"
    );
    assert!(
        db.docs_of::<Interaction>(target.id.as_str())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        db.docs_of::<SurveyResponse>(target.id.as_str())
            .await
            .unwrap()
            .is_empty()
    );
    let answers = db.response_answers().await.unwrap();
    assert!(
        !answers.ids.contains(&target.id.0),
        "nor in the answers snapshot"
    );
    assert!(
        db.all_customers()
            .await
            .unwrap()
            .iter()
            .all(|c| c.id != target.id),
        "nor in the list snapshot"
    );
    // Only its id (a random UUID, nothing about the person) stays, in the tombstones
    // and the outbox: what tells the shop's other devices to forget the customer too.
    let dump = db.dump().await.unwrap();
    let text = format!("{dump:?}");
    // Stored text escapes what is past ASCII: the ASCII words find a copy either way.
    assert!(
        !text.contains("只属于要被遗忘的客户") && !text.contains("forget-me-4471"),
        "nothing of theirs anywhere"
    );
    let outside_sync: Vec<_> = dump
        .iter()
        .filter(|(store, _)| store != "outbox" && store != "tombstones")
        .collect();
    assert!(
        !format!("{outside_sync:?}").contains(target.id.as_str()),
        "no copy outside the sync records"
    );
    let graves = db.tombstones().await.unwrap();
    assert!(
        graves
            .iter()
            .any(|g| g.kind == "customers" && g.id == target.id.0)
    );
}

#[wasm_bindgen_test]
async fn adopting_free_text_owners_whole() {
    let db = seeded("w-owners", 12, 30).await;
    let mut typed = customers(&db).await[..4].to_vec();
    for (c, name) in typed.iter_mut().zip(["张经理", "李静", "张经理", "新人"]) {
        c.owner = name.into();
    }
    db.put_customers(&typed).await.unwrap();
    let (n, _) = fails_whole(&db, "adopt owners", || db.adopt_owners(Millis(5))).await;
    assert_eq!(n, 4);
}

#[wasm_bindgen_test]
async fn opportunity_writes_whole() {
    let db = seeded("w-opportunities", 10, 30).await;
    let c = customers(&db).await[0].clone();
    let mut o = Opportunity::new(Id("w-opp".into()), c.id.clone(), Millis(1));
    o.title = "年度采购".into();
    o.amount = Cents(900_000);
    fails_whole(&db, "add opportunity", || db.put_doc(&o)).await;
    o.move_to(
        kehu_core::opportunity::Standing::Open(kehu_core::opportunity::Stage::Negotiation),
        Millis(2),
    );
    fails_whole(&db, "move opportunity", || db.put_doc(&o)).await;
    let (gone, _) = fails_whole(&db, "delete opportunity", || {
        db.delete_doc::<Opportunity>("w-opp")
    })
    .await;
    assert_eq!(gone, o);
}

#[wasm_bindgen_test]
async fn a_task_done_and_logged_is_written_whole() {
    let db = seeded("w-tasks", 10, 30).await;
    let c = customers(&db).await[0].clone();
    let mut t = Task::new(Id("w-task".into()), Day(20_000), Millis(1));
    t.title = "回访".into();
    t.customer = Some(c.id.clone());
    fails_whole(&db, "add task", || db.put_doc(&t)).await;
    t.complete(Millis(2));
    let call = t
        .as_interaction(Id("w-task-call".into()), Millis(2))
        .unwrap();
    let both = Docs {
        tasks: vec![t.clone()],
        interactions: vec![call],
        ..Docs::default()
    };
    fails_whole(&db, "task done and logged", || db.put_together(&both)).await;
    let timeline = db.docs_of::<Interaction>(c.id.as_str()).await.unwrap();
    assert!(timeline.iter().any(|x| x.id.as_str() == "w-task-call"));
    assert_eq!(db.doc::<Task>("w-task").await.unwrap(), Some(t));
}

#[wasm_bindgen_test]
async fn a_campaign_and_its_members_are_deleted_whole_and_come_back_whole() {
    use kehu_core::marketing::{Campaign, CampaignMember};
    let db = seeded("w-campaign", 10, 30).await;
    let people = customers(&db).await;
    let list = kehu_core::campaign::TargetList {
        contacted: vec![people[0].id.clone(), people[1].id.clone()],
        control: vec![people[2].id.clone()],
        left_out: Vec::new(),
    };
    let c = Campaign {
        name: "春季邮件".into(),
        ..Campaign::new(Id("w-campaign".into()), Day(20_000), Millis(1))
    };
    let (c, members) = c.launch(&list, Day(20_000), Millis(2));
    let all = Docs {
        campaigns: vec![c],
        campaign_members: members,
        ..Docs::default()
    };
    fails_whole(&db, "launch a campaign", || db.put_together(&all)).await;
    fails_whole(&db, "delete a campaign and its members", || {
        db.delete_together(&all)
    })
    .await;
    // The seeded demo has campaigns of its own: count this one's.
    let ours = async || {
        let members = db.all_docs::<CampaignMember>().await.unwrap();
        let campaign = db.doc::<Campaign>("w-campaign").await.unwrap();
        let n = members
            .iter()
            .filter(|m| m.campaign.as_str() == "w-campaign");
        (campaign.is_some(), n.count())
    };
    assert_eq!(ours().await, (false, 0));
    db.put_together(&all).await.unwrap();
    assert_eq!(ours().await, (true, 3), "undone");
}

#[wasm_bindgen_test]
async fn derived_tasks_are_written_whole_once_and_never_again_once_deleted() {
    let db = seeded("w-derived", 10, 30).await;
    let c = customers(&db).await[0].clone();
    let task = |id: &str| Task {
        title: "购买回访".into(),
        customer: Some(c.id.clone()),
        ..Task::new(Id(id.into()), Day(20_000), Millis(1))
    };
    let (a, b) = (task("w-rule-a"), task("w-rule-b"));
    let both = [a.clone(), b.clone()];
    let (made, _) = fails_whole(&db, "add new tasks", || db.add_new_docs(&both)).await;
    assert_eq!(made, [a.clone(), b.clone()]);
    // Done since, then derived again: it stays done, and nothing is written.
    let mut done = a.clone();
    done.complete(Millis(5));
    db.put_doc(&done).await.unwrap();
    db.delete_doc::<Task>("w-rule-b").await.unwrap();
    let before = db.dump().await.unwrap();
    let none = db.add_new_docs(&[a.clone(), b.clone()]).await.unwrap();
    assert!(none.is_empty());
    let after = db.dump().await.unwrap();
    assert_eq!(
        first_difference(&before, &after),
        None,
        "nothing is written"
    );
    let again = db.add_new_docs(&[a, b, task("w-rule-c")]).await.unwrap();
    assert_eq!(
        again,
        [task("w-rule-c")],
        "only the id never held is written"
    );
    assert_eq!(db.doc::<Task>("w-rule-a").await.unwrap(), Some(done));
    assert_eq!(db.doc::<Task>("w-rule-b").await.unwrap(), None);
    let used = db.used_ids::<Task>().await.unwrap();
    assert!(
        ["w-rule-a", "w-rule-b", "w-rule-c"]
            .iter()
            .all(|id| used.contains(*id))
    );
}

#[wasm_bindgen_test]
async fn a_lead_converted_is_written_whole() {
    use kehu_core::lead::{Lead, LeadStatus, NewIds, convert};
    let db = seeded("w-leads", 5, 10).await;
    let mut lead = Lead::new(Id("w-lead".into()), Millis(1));
    lead.name = "李明".into();
    lead.status = LeadStatus::Qualified;
    fails_whole(&db, "add lead", || db.put_doc(&lead)).await;
    let ids = NewIds {
        customer: Id("00000000-0000-7000-8000-00000000c0de".into()),
        opportunity: Id("w-lead-opp".into()),
        note: Id("w-lead-note".into()),
    };
    let c = convert(&lead, ids, "由线索转化", "首单", Millis(2), Day(20_000)).unwrap();
    let batch = || Batch {
        customers: vec![c.customer.clone()],
        docs: Docs {
            opportunities: vec![c.opportunity.clone()],
            interactions: vec![c.note.clone()],
            leads: vec![c.lead.clone()],
            ..Docs::default()
        },
        ..Default::default()
    };
    let (saved, _) = fails_whole(&db, "convert lead", || db.import(batch(), |_, _| {})).await;
    assert_eq!(saved[0].name, "李明");
    let stored = db.doc::<Lead>("w-lead").await.unwrap().unwrap();
    assert_eq!(stored.status, LeadStatus::Converted);
}

#[wasm_bindgen_test]
async fn a_quote_accepted_becomes_its_order_and_wins_its_opportunity_whole() {
    use kehu_core::opportunity::Standing;
    use kehu_core::quote::{QuoteLine, QuoteStatus};
    let db = seeded("w-quotes", 5, 10).await;
    let c = customers(&db).await[0].clone();
    let mut p = Product::new(Id("w-product".into()), Millis(1));
    (p.sku, p.name, p.price) = ("POS-1".into(), "收银机".into(), Cents(398_000));
    fails_whole(&db, "add product", || db.put_doc(&p)).await;
    let mut o = Opportunity::new(Id("w-q-opp".into()), c.id.clone(), Millis(1));
    o.title = "门店升级".into();
    db.put_doc(&o).await.unwrap();
    let mut q = Quote::new(
        Id("w-quote".into()),
        c.id.clone(),
        "Q-2026-0001".into(),
        Day(20_000),
        Millis(2),
    );
    q.opportunity = Some(o.id.clone());
    q.lines = vec![QuoteLine {
        quantity: 2,
        ..QuoteLine::of(&p)
    }];
    fails_whole(&db, "add quote", || db.put_doc(&q)).await;
    q.status = QuoteStatus::Accepted;
    q.ordered = Some(Millis(3));
    o.move_to(Standing::Won, Millis(3));
    let order = q.to_order(c.key, Day(20_000)).unwrap();
    let docs = Docs {
        quotes: vec![q.clone()],
        opportunities: vec![o.clone()],
        ..Docs::default()
    };
    let (saved, _) = fails_whole(&db, "accept quote", || db.add_order_with(&order, &docs)).await;
    let orders = db.orders_of(c.key).await.unwrap();
    let stored = orders.iter().find(|x| x.id == saved.id).unwrap();
    assert_eq!((stored.amount, stored.items.len()), (Cents(796_000), 1));
    assert_eq!(db.doc::<Quote>("w-quote").await.unwrap(), Some(q));
    assert_eq!(db.doc::<Opportunity>("w-q-opp").await.unwrap(), Some(o));
}

#[wasm_bindgen_test]
async fn an_order_paid_partly_in_points_is_written_with_its_redemption_whole() {
    use kehu_core::rewards::{self, Programme, Redemption};
    let db = seeded("w-points", 5, 10).await;
    let c = customers(&db).await[0].clone();
    let p = Programme {
        since: Some(Day(19_000)),
        ..Programme::standard(["普通", "银卡", "金卡", "钻石"])
    };
    let order = Order {
        id: 0,
        customer: c.key,
        day: Day(20_000),
        amount: Cents(50_000),
        items: Vec::new(),
        note: String::new(),
        status: OrderStatus::Completed,
        seller: String::new(),
        cost: None,
    };
    let made = (Id("w-redeem".into()), Millis(5));
    let (order, r) = rewards::redeem(&p, 3_000, "2000", order, c.id.clone(), made).unwrap();
    let docs = Docs {
        redemptions: vec![r.clone().unwrap()],
        ..Docs::default()
    };
    let (saved, _) = fails_whole(&db, "order with points", || {
        db.add_order_with(&order, &docs)
    })
    .await;
    let stored = db.orders_of(c.key).await.unwrap();
    let stored = stored.iter().find(|x| x.id == saved.id).unwrap();
    assert_eq!(stored.amount, Cents(48_000), "¥20 off in points");
    assert_eq!(
        db.docs_of::<Redemption>(c.id.as_str()).await.unwrap(),
        vec![r.unwrap()]
    );
}

#[wasm_bindgen_test]
async fn the_shops_settings_are_changed_whole_and_an_unchanged_one_writes_nothing() {
    use kehu_core::shop::{SHOP, ShopSettings};
    let db = seeded("w-shop", 5, 10).await;
    let set = |key: &'static str, value: &'static str| {
        move |old: Option<ShopSettings>| {
            let mut s = old.unwrap_or_else(|| ShopSettings::new(Millis(1)));
            s.set(key, Some(value.into()));
            s
        }
    };
    let (s, _) = fails_whole(&db, "first setting", || {
        db.update_doc(SHOP, set("currency", "USD"))
    })
    .await;
    assert_eq!(s.get("currency"), Some("USD"));
    let (s, _) = fails_whole(&db, "another setting", || {
        db.update_doc(SHOP, set("business", "客户贸易"))
    })
    .await;
    assert_eq!(
        (s.get("currency"), s.get("business")),
        (Some("USD"), Some("客户贸易")),
        "read and changed, not written over"
    );
    let waiting = db.outbox().await.unwrap().len();
    let same = db.update_doc(SHOP, set("currency", "USD")).await.unwrap();
    assert_eq!(same, s);
    assert_eq!(db.outbox().await.unwrap().len(), waiting, "nothing to push");
    assert_eq!(db.doc::<ShopSettings>(SHOP).await.unwrap(), Some(s));
}
