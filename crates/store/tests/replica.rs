//! Replication's side of the store, between two databases (two devices) and a server
//! kept in the test: what one device pushes the other pulls as it was; what another
//! device wrote never enters this one's outbox; a stale push is reconciled field by
//! field on the next pull, with the value that lost set aside; a page of pulled
//! documents and its checkpoint are one write, whole or not at all. Run in headless
//! Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kehu_core::replicate::Pushed;
use kehu_core::*;
use kehu_store::Db;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A CouchDB server as far as these tests need one: documents by id at numbered
/// revisions, a push refused as stale unless it names the current revision, and the
/// changes since a sequence.
#[derive(Default)]
struct Server {
    docs: BTreeMap<String, (u64, Value)>,
    seq: u64,
}

impl Server {
    fn push(&mut self, docs: &[Value]) -> Vec<Pushed> {
        docs.iter().map(|d| self.put(d)).collect()
    }

    fn put(&mut self, d: &Value) -> Pushed {
        let id = d["_id"].as_str().unwrap().to_string();
        let now = self.docs.get(&id).map(|(_, d)| d["_rev"].clone());
        if now.as_ref() != d.get("_rev") && !(now.is_none() && d.get("_rev").is_none()) {
            return Pushed::Stale { id };
        }
        let generation = now
            .and_then(|r| r.as_str()?.split('-').next()?.parse::<u64>().ok())
            .unwrap_or(0);
        let rev = format!("{}-x", generation + 1);
        let mut saved = d.clone();
        saved["_rev"] = json!(rev);
        self.seq += 1;
        self.docs.insert(id.clone(), (self.seq, saved));
        Pushed::Saved { id, rev }
    }

    /// The documents changed after `since`, and the sequence to ask from next.
    fn changes(&self, since: u64) -> (Vec<Value>, Value) {
        let docs = (self.docs.values())
            .filter(|(s, _)| *s > since)
            .map(|(_, d)| d.clone())
            .collect();
        (docs, json!(self.seq))
    }
}

/// Pushes `db`'s outbox as `author` and records the answers.
async fn push(db: &Db, server: &mut Server, author: &str) -> kehu_store::PushReport {
    let plan = db.push_plan(author).await.unwrap();
    let results = server.push(&plan.docs);
    server.push(&plan.closing);
    db.pushed(&plan, &results).await.unwrap()
}

/// Pulls into `db` everything after its checkpoint.
async fn pull(db: &Db, server: &Server) -> kehu_store::PullReport {
    let since = db.sync_checkpoint().await.unwrap().and_then(|v| v.as_u64());
    let (docs, last) = server.changes(since.unwrap_or(0));
    db.apply_pull(&docs, &last).await.unwrap()
}

fn call(id: &str, customer: &Id, subject: &str) -> Interaction {
    Interaction {
        id: Id(id.into()),
        customer: customer.clone(),
        kind: InteractionKind::Call,
        at: Millis(1_700_000_000_000),
        subject: subject.into(),
        note: String::new(),
        created: Millis(1),
        updated: Millis(1),
    }
}

async fn the_customer(db: &Db, id: &Id) -> Customer {
    db.customer(id.as_str()).await.unwrap().expect("stored")
}

#[wasm_bindgen_test]
async fn what_one_device_pushes_the_other_pulls_as_it_was() {
    let (a, b) = (fresh("r-first-a").await, fresh("r-first-b").await);
    let mut server = Server::default();
    b.put_customer(&person(9, "乙店老客")).await.unwrap();
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    a.put_doc(&call("c-1", &wang.id, "回访")).await.unwrap();
    let sent = push(&a, &mut server, "li").await;
    assert_eq!((sent.saved, sent.stale), (2, 0));
    assert!(a.outbox().await.unwrap().is_empty(), "all pushed");
    assert!(a.push_plan("li").await.unwrap().docs.is_empty());
    // Its own push comes back in the feed: known here, nothing to fetch.
    let listed = |id: &str, revs: &[&str]| kehu_core::replicate::Change {
        id: id.into(),
        revs: revs.iter().map(|r| r.to_string()).collect(),
        deleted: false,
    };
    let mine = format!("customers:{}", wang.id.as_str());
    let page = [
        listed(&mine, &["1-x"]),
        listed("interactions:c-1", &["1-x"]),
        listed(&mine, &["2-x"]),
        listed(&mine, &["1-x", "1-y"]),
        listed("customers:elsewhere", &["1-x"]),
    ];
    let known = a.known_changes(&page).await.unwrap();
    assert_eq!(known, [true, true, false, false, false]);
    assert_eq!(b.known_changes(&page).await.unwrap(), [false; 5]);
    // Read back anyway, it changes nothing: an editor open on 王芳 can still save.
    let back = pull(&a, &server).await;
    assert_eq!((back.written, back.known), (0, 2));
    assert_eq!(the_customer(&a, &wang.id).await.rev, wang.rev);

    let got = pull(&b, &server).await;
    assert_eq!((got.written, got.merged, got.conflicts), (2, 0, 0));
    let there = the_customer(&b, &wang.id).await;
    assert_eq!(there.name, "王芳");
    assert_ne!(there.key, 0, "a key of this device's own");
    let calls: Vec<Interaction> = b.docs_of(wang.id.as_str()).await.unwrap();
    assert_eq!(calls, [call("c-1", &wang.id, "回访")]);
    assert_eq!(b.all_customers().await.unwrap().len(), 2);
    // What the page reads of a pulled page's customers: those stored.
    let named = [wang.id.0.clone(), "not-here".to_string()];
    let read = b.customers_by_id(&named).await.unwrap();
    assert_eq!(read.iter().map(|c| &c.name).collect::<Vec<_>>(), ["王芳"]);
    // What another device wrote is not this one's to push.
    let outbox = b.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1, "only 乙店老客, written here");
    assert_eq!(b.sync_checkpoint().await.unwrap(), Some(json!(2)));
    // Pulling again brings nothing new.
    assert_eq!(pull(&b, &server).await, kehu_store::PullReport::default());
}

#[wasm_bindgen_test]
async fn a_page_finds_what_the_device_holds_whether_its_keys_are_few_or_among_many() {
    let (a, b) = (fresh("r-range-a").await, fresh("r-range-b").await);
    let mut server = Server::default();
    let made: Vec<Customer> = (1..=150).map(|n| person(n, &format!("客户{n}"))).collect();
    let made = a.put_customers(&made).await.unwrap();
    push(&a, &mut server, "li").await;
    // A first pull: each page's keys in a range the device holds nothing of yet.
    assert_eq!(pull(&b, &server).await.written, 150);
    // Two edits far apart: their range holds 130 other customers here, read one by one.
    let mut edited = [made[9].clone(), made[139].clone()];
    for c in &mut edited {
        c.city = "杭州".into();
    }
    a.put_customers(&edited).await.unwrap();
    push(&a, &mut server, "li").await;
    // And one edited here too, waiting to be pushed: merged, not taken over.
    let mut mine = the_customer(&b, &made[139].id).await;
    mine.phone = "13900000000".into();
    b.put_customer(&mine).await.unwrap();
    let got = pull(&b, &server).await;
    assert_eq!((got.written, got.merged), (1, 1));
    assert_eq!(the_customer(&b, &made[9].id).await.city, "杭州");
    let both = the_customer(&b, &made[139].id).await;
    assert_eq!(
        (both.city.as_str(), both.phone.as_str()),
        ("杭州", "13900000000")
    );
    assert_eq!(b.all_customers().await.unwrap().len(), 150, "none twice");
    // What the page reads of a pulled page: a run of ids (read as a range, past one
    // slice of a hundred), a few not stored, or ids scattered among many others.
    let ids = |r: std::ops::Range<usize>| -> Vec<String> {
        made[r].iter().map(|c| c.id.0.clone()).collect()
    };
    let mut run = ids(10..130);
    run.push("zzz-not-here".into());
    let read = b.customers_by_id(&run).await.unwrap();
    assert_eq!(read.len(), 120);
    assert!(read.iter().all(|c| c.key != 0 && run.contains(&c.id.0)));
    assert_eq!(
        (read[0].name.as_str(), read[119].name.as_str()),
        ("客户11", "客户130")
    );
    let scattered: Vec<String> = (0..150).step_by(9).map(|i| made[i].id.0.clone()).collect();
    let read = b.customers_by_id(&scattered).await.unwrap();
    assert_eq!(read.len(), scattered.len());
    assert_eq!(read[0].name, "客户1");
}

#[wasm_bindgen_test]
async fn a_stale_push_is_merged_field_by_field_and_the_losing_value_kept_everywhere_until_picked() {
    let (a, b) = (fresh("r-conflict-a").await, fresh("r-conflict-b").await);
    let mut server = Server::default();
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    // Offline on both: the same field two ways, and a different field on each.
    let mut here = the_customer(&a, &wang.id).await;
    here.city = "苏州".into();
    here.phone = "13800000001".into();
    a.put_customer(&here).await.unwrap();
    let mut there = the_customer(&b, &wang.id).await;
    there.notes = "只在周末来".into();
    let mut there = b.put_customer(&there).await.unwrap();
    // b's second write since it last pulled: a later one than a's first.
    there.city = "杭州".into();
    b.put_customer(&there).await.unwrap();

    assert_eq!(push(&a, &mut server, "li").await.saved, 1);
    let refused = push(&b, &mut server, "zhao").await;
    assert_eq!((refused.saved, refused.stale), (0, 1));
    assert!(
        !b.outbox().await.unwrap().is_empty(),
        "kept for the next push"
    );
    let got = pull(&b, &server).await;
    assert_eq!((got.merged, got.conflicts), (1, 1));
    let merged = the_customer(&b, &wang.id).await;
    assert_eq!(merged.phone, "13800000001", "changed there only");
    assert_eq!(merged.notes, "只在周末来", "changed here only");
    // The later write keeps the field (b's), a's value set aside.
    assert_eq!(merged.city, "杭州");
    let conflicts = b.sync_conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].fields[0].field, "city");
    assert_eq!(conflicts[0].fields[0].other, json!("苏州"));
    // The merge is pushed against the server's revision, and a takes it as it is.
    assert_eq!(push(&b, &mut server, "zhao").await.saved, 1);
    pull(&a, &server).await;
    let on_a = the_customer(&a, &wang.id).await;
    assert_eq!(
        (on_a.city.as_str(), on_a.phone.as_str(), on_a.notes.as_str()),
        ("杭州", "13800000001", "只在周末来")
    );
    assert!(a.outbox().await.unwrap().is_empty());
    // The value set aside travelled with the record: a shows it too.
    assert_eq!(a.sync_conflicts().await.unwrap(), conflicts);

    // Someone on a picks the value that lost; nothing else is accepted as a pick.
    let key = ("customers", wang.id.as_str(), "city");
    assert!(matches!(
        a.resolve_conflict(key.0, key.1, key.2, Some(&json!("上海")))
            .await,
        Err(kehu_store::StoreError::Changed)
    ));
    assert_eq!(
        the_customer(&a, &wang.id).await.city,
        "杭州",
        "refused whole"
    );
    let pick = json!("苏州");
    fails_whole(&a, "pick", || {
        a.resolve_conflict(key.0, key.1, key.2, Some(&pick))
    })
    .await;
    let picked = the_customer(&a, &wang.id).await;
    assert_eq!(
        (picked.city.as_str(), picked.notes.as_str()),
        ("苏州", "只在周末来")
    );
    assert!(a.sync_conflicts().await.unwrap().is_empty());
    // The pick is a change like any other: pushed, and b ends the same, with no
    // conflict left to show.
    assert_eq!(push(&a, &mut server, "li").await.saved, 1);
    pull(&b, &server).await;
    assert_eq!(the_customer(&b, &wang.id).await.city, "苏州");
    assert!(b.sync_conflicts().await.unwrap().is_empty());
    assert!(b.push_plan("zhao").await.unwrap().docs.is_empty());
}

/// A branch of the server's document `first` (at `1-x`), as another replicator leaves
/// it: revision `2-<rev>`, descending from `1-x`, written by `by` as its `n`th write.
fn branch(first: &Value, rev: &str, (n, by): (u64, &str), edit: impl Fn(&mut Value)) -> Value {
    let mut d = first.clone();
    d["_rev"] = json!(format!("2-{rev}"));
    d["_revisions"] = json!({"start": 2, "ids": [rev, "x"]});
    d["kehu"] = json!({"n": n, "by": by, "author": "boss"});
    edit(&mut d);
    d
}

#[wasm_bindgen_test]
async fn conflict_branches_on_the_server_are_merged_and_the_ones_that_lost_deleted_there() {
    let (a, b) = (fresh("r-branch-a").await, fresh("r-branch-b").await);
    let mut server = Server::default();
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    let id = format!("customers:{}", wang.id.as_str());
    let first = server.docs[&id].1.clone();
    assert_eq!(first["_rev"], "1-x");
    // Two branches of it: each changed a field of its own, and both the city.
    let winner = branch(&first, "b", (50, "dev-w"), |d| {
        d["phone"] = json!("13800000001");
        d["city"] = json!("杭州");
    });
    let loser = branch(&first, "a", (40, "dev-l"), |d| {
        d["notes"] = json!("只在周末来");
        d["city"] = json!("苏州");
    });
    let got = b
        .apply_pull(&[loser.clone(), winner.clone()], &json!(99))
        .await
        .unwrap();
    assert_eq!((got.branches, got.merged), (1, 1));
    let merged = the_customer(&b, &wang.id).await;
    assert_eq!(
        (
            merged.phone.as_str(),
            merged.notes.as_str(),
            merged.city.as_str()
        ),
        ("13800000001", "只在周末来", "杭州"),
        "each branch's own change kept silently; the later write keeps the city"
    );
    let conflicts = b.sync_conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        (
            conflicts[0].fields[0].field.as_str(),
            &conflicts[0].fields[0].other
        ),
        ("city", &json!("苏州"))
    );
    // The merge replaces the winner, and the branch that lost is deleted after it.
    let plan = b.push_plan("zhao").await.unwrap();
    assert_eq!((plan.docs.len(), plan.closing.len()), (1, 1));
    assert_eq!(
        (&plan.docs[0]["_rev"], &plan.docs[0]["notes"]),
        (&json!("2-b"), &json!("只在周末来"))
    );
    assert_eq!(plan.docs[0]["kehu"]["conflicts"][0]["other"], json!("苏州"));
    assert_eq!(
        (&plan.closing[0]["_rev"], &plan.closing[0]["_deleted"]),
        (&json!("2-a"), &json!(true))
    );
    let answers = [Pushed::Saved {
        id: id.clone(),
        rev: "3-c".into(),
    }];
    let report = b.pushed(&plan, &answers).await.unwrap();
    assert_eq!((report.saved, report.stale), (1, 0));
    assert!(b.push_plan("zhao").await.unwrap().docs.is_empty());

    // On a, nothing waiting: branches that add nothing to the winner are taken as
    // they came, and only the branch that lost goes.
    let same = |d: &mut Value| d["phone"] = json!("13900000009");
    let winner = branch(&first, "d", (60, "dev-w"), same);
    let twin = branch(&first, "c", (61, "dev-l"), same);
    let got = a.apply_pull(&[winner, twin], &json!(99)).await.unwrap();
    assert_eq!((got.branches, got.merged, got.written), (1, 0, 1));
    assert_eq!(the_customer(&a, &wang.id).await.phone, "13900000009");
    let plan = a.push_plan("li").await.unwrap();
    assert_eq!((plan.docs.len(), plan.closing.len()), (0, 1));
    assert_eq!(
        (&plan.closing[0]["_rev"], &plan.closing[0]["_deleted"]),
        (&json!("2-c"), &json!(true))
    );
    // Whatever became of it (gone already on the server), nothing is left to push.
    assert_eq!(a.pushed(&plan, &[]).await.unwrap().stale, 0);
    assert!(a.push_plan("li").await.unwrap().docs.is_empty());

    // The winner's values all kept, one of the other branch's set aside: the record
    // goes to the server with it, so that every device offers it.
    let c = fresh("r-branch-c").await;
    pull(&c, &server).await;
    let winner = branch(&first, "f", (70, "dev-w"), |d| d["city"] = json!("杭州"));
    let loser = branch(&first, "e", (69, "dev-l"), |d| d["city"] = json!("苏州"));
    let got = c.apply_pull(&[winner, loser], &json!(99)).await.unwrap();
    assert_eq!((got.branches, got.merged), (1, 1));
    assert_eq!(the_customer(&c, &wang.id).await.city, "杭州");
    let plan = c.push_plan("li").await.unwrap();
    assert_eq!((plan.docs.len(), plan.closing.len()), (1, 1));
    assert_eq!(plan.docs[0]["_rev"], "2-f");
    assert_eq!(plan.docs[0]["kehu"]["conflicts"][0]["other"], "苏州");
}

#[wasm_bindgen_test]
async fn a_deletion_travels_and_leaves_nothing_to_push_on_the_other_device() {
    let (a, b) = (fresh("r-delete-a").await, fresh("r-delete-b").await);
    let mut server = Server::default();
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    a.put_doc(&call("c-1", &wang.id, "回访")).await.unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    a.delete_doc::<Interaction>("c-1").await.unwrap();
    let plan = a.push_plan("li").await.unwrap();
    assert_eq!(plan.docs.len(), 1);
    assert_eq!(plan.docs[0]["_deleted"], json!(true));
    assert_eq!(plan.docs[0]["kehu"]["author"], json!("li"));
    let results = server.push(&plan.docs);
    a.pushed(&plan, &results).await.unwrap();
    assert!(a.tombstones().await.unwrap().is_empty(), "told, so gone");
    let got = pull(&b, &server).await;
    assert_eq!(got.deleted, 1);
    assert!(
        b.docs_of::<Interaction>(wang.id.as_str())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(b.tombstones().await.unwrap().is_empty());
    assert!(b.outbox().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_kind_this_device_does_not_store_yet_is_kept_not_dropped() {
    let b = fresh("r-parked").await;
    // A kind a newer kehu has.
    let doc = json!({
        "_id": "wishlists:0190-w", "_rev": "1-x",
        "items": ["茶具"],
        "kehu": {"n": 3, "by": "other", "author": "li"}
    });
    let bad = json!({"_id": "no-kind", "_rev": "1-y"});
    let got = b.apply_pull(&[doc, bad], &json!(5)).await.unwrap();
    assert_eq!(got.parked, 1);
    assert_eq!(got.unreadable.len(), 1, "{:?}", got.unreadable);
    assert_eq!(b.sync_checkpoint().await.unwrap(), Some(json!(5)));
    // Listed again, it is fetched again: only a version stored here counts as known.
    let listed = kehu_core::replicate::Change {
        id: "wishlists:0190-w".into(),
        revs: vec!["1-x".into()],
        deleted: false,
    };
    assert_eq!(b.known_changes(&[listed]).await.unwrap(), [false]);
}

#[wasm_bindgen_test]
async fn the_shops_settings_arrive_as_the_shops_record() {
    use kehu_core::shop::{SHOP, ShopSettings};
    let b = fresh("r-shop").await;
    let doc = json!({
        "_id": "shop_settings:shop", "_rev": "1-x",
        "id": "shop", "currency": "HKD", "business": "{\"name\":\"一家店\"}",
        "created": 1, "updated": 2,
        "kehu": {"n": 3, "by": "other", "author": "li"}
    });
    let got = b.apply_pull(&[doc], &json!(1)).await.unwrap();
    assert_eq!((got.written, got.parked), (1, 0));
    let s = b.doc::<ShopSettings>(SHOP).await.unwrap().unwrap();
    assert_eq!((s.get("currency"), s.get("rewards")), (Some("HKD"), None));
    assert!(
        b.outbox().await.unwrap().is_empty(),
        "another device's change"
    );
}

#[wasm_bindgen_test]
async fn a_pull_and_a_push_record_are_whole_or_not_at_all() {
    let (a, b) = (fresh("r-whole-a").await, seeded("r-whole-b", 5, 10).await);
    let mut server = Server::default();
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    a.put_doc(&call("c-1", &wang.id, "回访")).await.unwrap();
    push(&a, &mut server, "li").await;
    // Every step of a pull's write (b's seeded records wait in its outbox meanwhile).
    let (docs, last) = server.changes(0);
    let (_, steps) = fails_whole(&b, "pull", || b.apply_pull(&docs, &last)).await;
    assert!(steps >= 3);
    assert!(b.customer(wang.id.as_str()).await.unwrap().is_some());
    // A push's answers: b's own seeded records, saved.
    let plan = b.push_plan("zhao").await.unwrap();
    assert!(!plan.docs.is_empty());
    let results = server.push(&plan.docs);
    fails_whole(&b, "record a push", || b.pushed(&plan, &results)).await;
    // Everything the seeded device holds is a kind it pushes: nothing is left.
    assert!(b.outbox().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_designed_survey_travels_and_an_editor_open_on_the_old_version_is_told() {
    let (a, b) = (fresh("r-survey-a").await, fresh("r-survey-b").await);
    let mut server = Server::default();
    let nps = Survey::starter(SurveyKind::Custom, true, Id("0190-s".into()), Millis(1));
    let nps = a.put_survey(&nps).await.unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    let there = b.surveys().await.unwrap();
    assert_eq!(there.len(), 1);
    assert_eq!(
        (there[0].name.as_str(), there[0].items.len()),
        (nps.name.as_str(), nps.items.len())
    );
    // Renamed on a; b's editor, open on the version before, is refused, not overwriting.
    let renamed = a
        .put_survey(&Survey {
            name: "到店体验".into(),
            ..nps.clone()
        })
        .await
        .unwrap();
    push(&a, &mut server, "li").await;
    let open_on_b = there[0].clone();
    pull(&b, &server).await;
    assert!(matches!(
        b.put_survey(&Survey {
            archived: true,
            ..open_on_b
        })
        .await,
        Err(kehu_store::StoreError::Changed)
    ));
    assert_eq!(b.surveys().await.unwrap()[0].name, renamed.name);
    assert!(b.push_plan("zhao").await.unwrap().docs.is_empty());
}

#[wasm_bindgen_test]
async fn a_refused_write_is_kept_with_the_reason_until_dismissed() {
    let a = fresh("r-refused").await;
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    let plan = a.push_plan("zhao").await.unwrap();
    let reason = "only staff may change the shop's records";
    let results = [Pushed::Refused {
        id: format!("customers:{}", wang.id.as_str()),
        reason: reason.into(),
    }];
    let report = a.pushed(&plan, &results).await.unwrap();
    assert_eq!(report.refused.len(), 1);
    let kept = a.sync_refused().await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].reason, reason);
    assert!(
        a.outbox().await.unwrap().is_empty(),
        "not pushed again and again"
    );
    assert!(
        a.customer(wang.id.as_str()).await.unwrap().is_some(),
        "kept here"
    );
    a.dismiss_refused().await.unwrap();
    assert!(a.sync_refused().await.unwrap().is_empty());
}

/// Customer `id`'s orders on `db` as another device can compare them (order ids and
/// customer keys are each device's own): day, amount, lines and note.
async fn orders_of_id(db: &Db, id: &Id) -> Vec<(Day, Cents, Vec<OrderItem>, String)> {
    let c = the_customer(db, id).await;
    let mut out: Vec<_> = (db.orders_of(c.key).await.unwrap().into_iter())
        .map(|o| (o.day, o.amount, o.items, o.note))
        .collect();
    out.sort_by_key(|o| (o.0, o.1));
    out
}

#[wasm_bindgen_test]
async fn an_imports_orders_arrive_as_its_batch_and_leave_when_it_is_taken_back() {
    use kehu_core::import::mapping::ImportKind;
    let (a, b) = (fresh("r-batch-a").await, fresh("r-batch-b").await);
    let mut server = Server::default();
    let mut text = String::from("客户,订单号,下单日期,金额\n");
    for i in 0..30 {
        text += &format!("Buyer {},N{i},2026-01-05,{}.00\n", i % 7, 10 + i);
    }
    let mut job = import_job("job-s", ImportKind::Orders, &text);
    a.save_import_job(&job).await.unwrap();
    write_import(&a, &mut job, &text, 100, usize::MAX).await;
    // A note added before the push goes with the batch.
    let buyer = (a.all_customers().await.unwrap().into_iter())
        .find(|c| c.name == "Buyer 3")
        .unwrap();
    let was = a.orders_of(buyer.key).await.unwrap().remove(0);
    let noted = Order {
        note: "送货上门".into(),
        ..was.clone()
    };
    a.update_order(&was, &noted).await.unwrap();
    assert_eq!(push(&a, &mut server, "li").await.stale, 0);
    let batches = server
        .docs
        .keys()
        .filter(|k| k.starts_with("order_batches:"));
    assert_eq!(
        batches.count(),
        1,
        "the import's 30 orders are one document"
    );

    pull(&b, &server).await;
    assert_eq!(b.count_orders().await.unwrap(), 30);
    for c in a.all_customers().await.unwrap() {
        assert_eq!(orders_of_id(&b, &c.id).await, orders_of_id(&a, &c.id).await);
    }
    assert!(
        orders_of_id(&b, &buyer.id)
            .await
            .iter()
            .any(|o| o.3 == "送货上门")
    );
    // Another device's orders are not this one's to push, and a page read again (a
    // tab that closed before its checkpoint) adds nothing.
    assert!(b.push_plan("zhao").await.unwrap().docs.is_empty());
    let (docs, last) = server.changes(0);
    b.apply_pull(&docs, &last).await.unwrap();
    assert_eq!(b.count_orders().await.unwrap(), 30);

    // Taken back where it was made: the orders and the customers it made go there too.
    a.rollback_import("job-s", Millis(3)).await.unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    assert_eq!(b.count_orders().await.unwrap(), 0);
    assert!(b.all_customers().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn an_order_edited_elsewhere_goes_with_its_batch_when_the_import_is_taken_back() {
    use kehu_core::import::mapping::ImportKind;
    let (a, b) = (fresh("r-back-a").await, fresh("r-back-b").await);
    let mut server = Server::default();
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    let text = "客户,订单号,下单日期,金额\n王芳,N1,2026-01-05,10.00\n王芳,N2,2026-01-06,12.00\n";
    let mut job = import_job("job-b", ImportKind::Orders, text);
    a.save_import_job(&job).await.unwrap();
    write_import(&a, &mut job, text, 100, usize::MAX).await;
    assert_eq!(
        a.all_customers().await.unwrap().len(),
        1,
        "the orders are 王芳's"
    );
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    // b edits one of the import's orders and pushes it; then a takes the import back.
    let on_b = the_customer(&b, &wang.id).await;
    let was = b.orders_of(on_b.key).await.unwrap().remove(0);
    let edited = Order {
        note: "改过".into(),
        ..was.clone()
    };
    b.update_order(&was, &edited).await.unwrap();
    assert_eq!(push(&b, &mut server, "zhao").await.saved, 1);
    a.rollback_import("job-b", Millis(3)).await.unwrap();
    push(&a, &mut server, "li").await;
    // A device that meets the edited order after the batch was taken back, or before
    // it (pages in another order), drops it with the batch: nothing waits for ever.
    let (docs, last) = server.changes(0);
    let (order, rest): (Vec<Value>, Vec<Value>) =
        (docs.into_iter()).partition(|d| d["_id"].as_str().unwrap().starts_with("orders:"));
    assert_eq!(order.len(), 1);
    for (name, pages) in [
        ("r-back-c", [rest.clone(), order.clone()]),
        ("r-back-d", [order, rest]),
    ] {
        let late = fresh(name).await;
        let mut parked = Vec::new();
        for page in &pages {
            parked.push(late.apply_pull(page, &last).await.unwrap().parked);
        }
        assert_eq!(parked.last(), Some(&0), "{name}: nothing left waiting");
        assert_eq!(late.count_orders().await.unwrap(), 0);
        assert_eq!(late.all_customers().await.unwrap().len(), 1);
        assert!(late.push_plan("wang").await.unwrap().docs.is_empty());
    }
}

#[wasm_bindgen_test]
async fn a_batch_never_gives_orders_to_a_customer_deleted_here_and_brings_the_others_at_once() {
    let (a, b) = (seeded("r-memo-a", 20, 200).await, fresh("r-memo-b").await);
    let mut server = Server::default();
    // Orders are pushed after every record, so that they find their customers arrived.
    let plan = a.push_plan("li").await.unwrap();
    let kind = |d: &Value| {
        d["_id"]
            .as_str()
            .unwrap()
            .split(':')
            .next()
            .unwrap()
            .to_string()
    };
    let first = (plan.docs.iter())
        .position(|d| kind(d) == "order_batches")
        .unwrap();
    assert!(
        plan.docs[first..]
            .iter()
            .all(|d| kind(d) == "order_batches")
    );
    assert!(plan.docs[..first].iter().any(|d| kind(d) == "customers"));
    while push(&a, &mut server, "li").await.saved > 0 {}
    let (docs, last) = server.changes(0);
    let (batches, rest): (Vec<Value>, Vec<Value>) =
        (docs.into_iter()).partition(|d| d["_id"].as_str().unwrap().starts_with("order_batches:"));
    // The customers first: their keys are learnt.
    b.apply_pull(&rest, &json!(1)).await.unwrap();
    // Another tab deletes one of them before the batches arrive.
    let tab = kehu_store::Db::open("r-memo-b", || {}).await.unwrap();
    let gone = tab.all_customers().await.unwrap().remove(3);
    let gone = (tab.put_customer(&Customer {
        deleted: Some(Millis(10)),
        ..gone
    }))
    .await
    .unwrap();
    tab.purge_customer(&gone).await.unwrap();
    b.apply_pull(&batches, &last).await.unwrap();
    assert!(
        b.orders_of(gone.key).await.unwrap().is_empty(),
        "no orders under a deleted key"
    );
    // The others' orders arrive at once: the batch does not wait for the deletion to
    // be pushed.
    let on_a = a.customer(gone.id.as_str()).await.unwrap().unwrap();
    let theirs = a.orders_of(on_a.key).await.unwrap().len() as u64;
    assert!(theirs > 0);
    assert_eq!(b.count_orders().await.unwrap(), 200 - theirs);
}

#[wasm_bindgen_test]
async fn a_batch_that_arrives_before_its_customers_waits_for_them_whole() {
    let (a, b) = (seeded("r-wait-a", 20, 200).await, fresh("r-wait-b").await);
    let mut server = Server::default();
    while push(&a, &mut server, "li").await.saved > 0 {}
    let (docs, last) = server.changes(0);
    let (batches, rest): (Vec<Value>, Vec<Value>) =
        (docs.into_iter()).partition(|d| d["_id"].as_str().unwrap().starts_with("order_batches:"));
    assert!(!batches.is_empty());
    let got = b.apply_pull(&batches, &json!(1)).await.unwrap();
    assert_eq!((got.written, got.parked), (0, batches.len()));
    assert_eq!(b.count_orders().await.unwrap(), 0, "nothing half there");
    fails_whole(&b, "customers, then the batches that waited", || {
        b.apply_pull(&rest, &last)
    })
    .await;
    assert_eq!(
        b.count_orders().await.unwrap(),
        a.count_orders().await.unwrap()
    );
    let mut lines = 0;
    for c in a.all_customers().await.unwrap() {
        let theirs = orders_of_id(&b, &c.id).await;
        assert_eq!(theirs, orders_of_id(&a, &c.id).await);
        lines += theirs.iter().map(|o| o.2.len()).sum::<usize>();
    }
    assert!(lines > 0, "with their lines");
}

#[wasm_bindgen_test]
async fn single_orders_travel_entered_edited_and_deleted_and_an_imports_orders_one_by_one() {
    let (a, b) = (fresh("r-single-a").await, fresh("r-single-b").await);
    let mut server = Server::default();
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    let item = OrderItem {
        product: "茶叶".into(),
        product_id: None,
        quantity: 2,
        unit_price: Cents(5_000),
        discount_bp: 0,
        unit_cost: None,
    };
    let by_hand = a
        .add_order(&Order {
            items: vec![item],
            note: "送货上门".into(),
            ..order(wang.key, 20_000, 10_000)
        })
        .await
        .unwrap();
    // An import's orders: one batch.
    let imported = a
        .append_orders(&OrderColumns {
            id: vec![0, 0],
            customer: vec![wang.key, wang.key],
            day: vec![20_001, 20_002],
            cents: vec![700, 800],
            ..Default::default()
        })
        .await
        .unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    assert_eq!(
        orders_of_id(&b, &wang.id).await,
        orders_of_id(&a, &wang.id).await
    );
    assert_eq!(b.count_orders().await.unwrap(), 3);

    // Edited on b, the order entered by hand arrives on a as edited.
    let on_b = the_customer(&b, &wang.id).await;
    let was = (b.orders_of(on_b.key).await.unwrap().into_iter())
        .find(|o| o.note == "送货上门")
        .unwrap();
    let edited = Order {
        amount: Cents(12_000),
        ..was.clone()
    };
    b.update_order(&was, &edited).await.unwrap();
    // Each device enters one more by hand, neither knowing of the other's.
    a.add_order(&order(wang.key, 20_010, 111)).await.unwrap();
    b.add_order(&order(on_b.key, 20_011, 222)).await.unwrap();
    // And a deletes one of the import's orders, whose batch the server has.
    a.delete_order(imported[0]).await.unwrap();
    push(&b, &mut server, "zhao").await;
    push(&a, &mut server, "li").await;
    pull(&a, &server).await;
    // b's pull (an edit, a new hand order, a batch order gone) is whole or not at all.
    let since = b.sync_checkpoint().await.unwrap().and_then(|v| v.as_u64());
    let (docs, last) = server.changes(since.unwrap_or(0));
    fails_whole(&b, "single orders", || b.apply_pull(&docs, &last)).await;
    let on_a = orders_of_id(&a, &wang.id).await;
    assert_eq!(
        orders_of_id(&b, &wang.id).await,
        on_a,
        "the same orders on both"
    );
    let amounts: Vec<i64> = on_a.iter().map(|o| o.1.0).collect();
    assert_eq!(amounts, [12_000, 800, 111, 222]);

    // The order entered by hand, deleted on a, goes from b too.
    a.delete_order(by_hand.id).await.unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    assert_eq!(b.count_orders().await.unwrap(), 3);
    assert!(a.push_plan("li").await.unwrap().docs.is_empty());
    assert!(b.push_plan("zhao").await.unwrap().docs.is_empty());
}

#[wasm_bindgen_test]
async fn a_restored_backup_keeps_loose_orders_another_device_made_closed_to_this_ones() {
    let (a, b) = (fresh("r-restore-a").await, fresh("r-restore-b").await);
    let mut server = Server::default();
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    a.add_order(&order(wang.key, 20_000, 100)).await.unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    // b restores its own backup: the chunk a made is still a's.
    let backup = b.backup().await.unwrap();
    b.restore(&backup, |_, _| {}).await.unwrap();
    let on_b = the_customer(&b, &wang.id).await;
    // Each device enters one more by hand, neither knowing of the other's.
    a.add_order(&order(wang.key, 20_001, 111)).await.unwrap();
    b.add_order(&order(on_b.key, 20_002, 222)).await.unwrap();
    push(&a, &mut server, "li").await;
    // b pushes its new order, and nothing the restore only wrote again.
    let plan = b.push_plan("zhao").await.unwrap();
    let ids: Vec<&str> = plan.docs.iter().filter_map(|d| d["_id"].as_str()).collect();
    assert!(ids.len() == 1 && ids[0].starts_with("orders:"), "{ids:?}");
    push(&b, &mut server, "zhao").await;
    pull(&a, &server).await;
    pull(&b, &server).await;
    let on_a = orders_of_id(&a, &wang.id).await;
    let amounts: Vec<i64> = on_a.iter().map(|o| o.1.0).collect();
    assert_eq!(
        amounts,
        [100, 111, 222],
        "neither order took the other's place"
    );
    assert_eq!(orders_of_id(&b, &wang.id).await, on_a);

    // a's backup restored on a third device: a's chunk is closed to it too.
    let c = fresh("r-restore-c").await;
    c.restore(&a.backup().await.unwrap(), |_, _| {})
        .await
        .unwrap();
    let chunks = |d: kehu_core::backup::BackupData| d.order_chunks.len();
    let before = chunks(c.backup().await.unwrap());
    c.add_order(&order(wang.key, 20_003, 333)).await.unwrap();
    assert_eq!(
        chunks(c.backup().await.unwrap()),
        before + 1,
        "a chunk of c's own"
    );
}

#[wasm_bindgen_test]
async fn an_import_heavy_with_lines_goes_as_batches_a_cloudant_server_takes() {
    let a = fresh("r-heavy-a").await;
    let wang = a.put_customer(&person(1, "王芳")).await.unwrap();
    let (mut orders, mut lines) = (OrderColumns::default(), LineBuilder::default());
    let n = 4_000;
    for i in 0..n {
        orders.push(i + 1, wang.key, Day(20_000), Cents(10_000));
        let items: Vec<OrderItem> = (0..10)
            .map(|j| OrderItem {
                product: format!("{}{}", "精选高山乌龙茶礼盒装".repeat(4), (i + j) % 2_000),
                quantity: 2,
                unit_price: Cents(5_000),
                ..Default::default()
            })
            .collect();
        lines.push(i + 1, &items);
    }
    let batch = kehu_store::Batch {
        keyed_orders: orders,
        lines: lines.finish(),
        ..Default::default()
    };
    a.import(batch, |_, _| {}).await.unwrap();
    let plan = a.push_plan("li").await.unwrap();
    let batches: Vec<usize> = (plan.docs.iter())
        .filter(|d| d["_id"].as_str().unwrap().starts_with("order_batches:"))
        .map(|d| serde_json::to_vec(d).unwrap().len())
        .collect();
    assert!(batches.len() > 1, "{batches:?}");
    assert!(batches.iter().all(|&b| b < 1_000_000), "{batches:?}");
    // Every order is in one of them, with its lines, on the device that pulls them.
    let mut server = Server::default();
    push(&a, &mut server, "li").await;
    let b = fresh("r-heavy-b").await;
    pull(&b, &server).await;
    assert_eq!(b.count_orders().await.unwrap(), n as u64);
    let stored: usize = b.all_lines().await.unwrap().iter().map(|c| c.len()).sum();
    assert_eq!(stored, 10 * n as usize);
}

/// The server revision each document of `db`'s next push replaces (`None`: new there).
async fn replaces(db: &Db) -> BTreeMap<String, Option<String>> {
    let plan = db.push_plan("zhao").await.unwrap();
    (plan.docs.iter())
        .map(|d| {
            let rev = d.get("_rev").and_then(Value::as_str).map(str::to_string);
            (d["_id"].as_str().unwrap().to_string(), rev)
        })
        .collect()
}

/// The keys of `db`'s sync bases (its own records `_checkpoint` and the like left out).
async fn explicit_bases(db: &Db) -> Vec<String> {
    let dump = db.dump().await.unwrap();
    let (_, records) = dump.iter().find(|(s, _)| s == "sync_base").unwrap();
    (records.iter())
        .map(|(k, _)| serde_json::from_str::<String>(k).unwrap())
        .filter(|k| !k.starts_with('_'))
        .collect()
}

#[wasm_bindgen_test]
async fn a_pulled_customer_keeps_its_base_in_its_record_and_hands_it_over_before_any_write_here() {
    let (a, b) = (fresh("r-kept-a").await, fresh("r-kept-b").await);
    let mut server = Server::default();
    let names = ["王芳", "李雷", "韩梅梅", "张伟", "刘洋", "陈静"];
    let mut on_a = Vec::new();
    for (n, name) in names.iter().enumerate() {
        on_a.push(a.put_customer(&person(n as u32 + 1, name)).await.unwrap());
    }
    a.put_doc(&call("c-1", &on_a[0].id, "回访")).await.unwrap();
    // 陈静 is in a's trash when b first pulls.
    let mut trashed = on_a[5].clone();
    trashed.deleted = Some(Millis(5));
    a.put_customer(&trashed).await.unwrap();
    push(&a, &mut server, "li").await;
    let got = pull(&b, &server).await;
    assert_eq!(got.written, 7);
    // One record per customer: the base of each is the record itself.
    assert_eq!(explicit_bases(&b).await, ["interactions:c-1"]);
    let doc = |c: &Customer| format!("customers:{}", c.id.as_str());
    let listed = |c: &Customer, rev: &str| kehu_core::replicate::Change {
        id: doc(c),
        revs: vec![rev.into()],
        deleted: false,
    };
    let page = [listed(&on_a[0], "1-x"), listed(&on_a[0], "2-x")];
    assert_eq!(b.known_changes(&page).await.unwrap(), [true, false]);
    let here = |n: usize| the_customer(&b, &on_a[n].id);

    // Each write here replaces the pulled record and pushes over the server's version.
    let mut edited = here(0).await;
    edited.city = "苏州".into();
    // Failing at any request, the write leaves the record and its base as they were.
    fails_whole(&b, "edit a pulled customer", || b.put_customer(&edited)).await;
    let mut imported = here(1).await;
    imported.phone = "13800000002".into();
    b.import(
        kehu_store::Batch {
            customers: vec![imported],
            ..Default::default()
        },
        |_, _| {},
    )
    .await
    .unwrap();
    let (keep, other) = (here(2).await, here(3).await);
    let merged = Customer {
        notes: "合并".into(),
        ..keep.clone()
    };
    b.merge_customers(&merged, &other, Millis(9)).await.unwrap();
    let mut binned = here(4).await;
    binned.deleted = Some(Millis(9));
    b.put_customer(&binned).await.unwrap();
    // Trashed elsewhere, forgotten here for good: a deletion of the server's version.
    let forgotten = here(5).await;
    fails_whole(&b, "purge a pulled customer", || {
        b.purge_customer(&forgotten)
    })
    .await;
    // The records copied out still know the version the server has.
    assert_eq!(b.known_changes(&page).await.unwrap(), [true, false]);
    let first = Some("1-x".to_string());
    let expected: BTreeMap<String, Option<String>> =
        (0..6).map(|n| (doc(&on_a[n]), first.clone())).collect();
    assert_eq!(replaces(&b).await, expected);
    let deleted = b.push_plan("zhao").await.unwrap().docs;
    let gone = deleted.iter().find(|d| d["_id"] == json!(doc(&on_a[5])));
    assert_eq!(gone.unwrap()["_deleted"], json!(true));
    assert_eq!(push(&b, &mut server, "zhao").await.saved, 6);

    // Pushed, the base is explicit; a newer version pulled is kept in the record again,
    // and only one of the two counts.
    pull(&a, &server).await;
    let mut again = the_customer(&a, &on_a[0].id).await;
    again.city = "杭州".into();
    a.put_customer(&again).await.unwrap();
    push(&a, &mut server, "li").await;
    pull(&b, &server).await;
    assert!(!explicit_bases(&b).await.contains(&doc(&on_a[0])));
    let mut last = here(0).await;
    assert_eq!(last.city, "杭州");
    last.email = "wf@example.com".into();
    b.put_customer(&last).await.unwrap();
    assert_eq!(
        replaces(&b).await,
        BTreeMap::from([(doc(&on_a[0]), Some("3-x".to_string()))])
    );
    assert_eq!(push(&b, &mut server, "zhao").await.saved, 1);
}
