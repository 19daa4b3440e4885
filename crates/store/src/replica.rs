//! Replication's side of the store: what a pull writes, what a push sends, and what
//! became of it. The worker talks to the server (`kehu_core::replicate` has the
//! protocol's messages); each step here is one transaction:
//!
//! - [`Db::apply_pull`]: a page of pulled documents and the checkpoint after it,
//!   together, so a closed tab resumes after the last whole page. What another device
//!   wrote is stored with that device's revision and never enters this device's outbox;
//!   only a merge with a change waiting here does (it is a new change of this device's).
//! - [`Db::push_plan`]: the documents the outbox asks for, each naming the server
//!   revision it replaces.
//! - [`Db::pushed`]: the server's answers. A saved document becomes the new base; the
//!   outbox up to the plan is cleared in the same transaction, keeping what the server
//!   refused as stale (the pull that follows reconciles it, and the next push sends it).
//!
//! Store `sync_base`, keyed by document id (`kind:id`), holds the last version the device
//! and the server both had ([`Base`], as JSON text), except that a customer taken as
//! pulled keeps it in its own record ([`kept`]): the server's revision (what a push
//! replaces), the kehu revision and the body (a merge's common ancestor). Under the key
//! `_checkpoint` (no document id starts with `_`) it holds how far the device has
//! pulled, and under `_refused` the writes the server refused, with its reasons. A
//! restore keeps the store (it describes the server, not the data); an erase clears it.
//! Store `sync_conflicts`, keyed by document id: the values merges set aside
//! ([`Conflict`]), until someone picks.
//!
//! Customers, designed surveys, every registered record kind, order batches and single
//! orders are written here. A pulled document of another kind (one a newer kehu has)
//! is kept whole in its base, marked `parked`, until this device can store it: nothing
//! pulled is dropped.

use crate::docs::{self, Pulling};
use crate::idb::{self, Tx};
use crate::schema::{self, CUSTOMERS};
use crate::sync::{self, OUTBOX, Stamp, TOMBSTONES};
use crate::{Change, Db, StoreError, js, orders};
use kehu_core::Customer;
use kehu_core::kinds::Feeds;
use kehu_core::reconcile::FieldConflict;
use kehu_core::replicate::{Change as Listed, Local, OnPull, Pushed, on_branches, on_pull};
use kehu_core::sync::{
    BatchDoc, OutboxEntry, Pulled, Rev, deletion_doc, doc_id, from_doc, shared_body,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

mod kept;
pub(crate) use kept::{Settle, settle_all};

pub const SYNC_BASE: &str = "sync_base";
pub const SYNC_CONFLICTS: &str = "sync_conflicts";
const CHECKPOINT: &str = "_checkpoint";
const REFUSED: &str = "_refused";
/// The ids of pulled order batches waiting for customers not pulled yet.
const WAITING_BATCHES: &str = "_waiting_batches";
/// The names of pulled single orders waiting for their customer or their batch.
const WAITING_ORDERS: &str = "_waiting_orders";

/// The last version of a document the device and the server both had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Base {
    couch_rev: String,
    rev: Rev,
    /// `None`: deleted.
    #[serde(default)]
    body: Option<Map<String, Value>>,
    /// Pulled, and not stored as a record: this device does not store the kind yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    parked: bool,
    /// Conflict branches the server's version beat, merged into the record here: the
    /// next push deletes them on the server.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    losers: Vec<String>,
}

/// The values merges set aside for one record, until someone picks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: String,
    pub id: String,
    pub fields: Vec<FieldConflict>,
}

/// A write the server refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub doc: String,
    pub reason: String,
}

/// What a page of pulled documents did here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    /// Stored as the server had them.
    pub written: usize,
    pub deleted: usize,
    /// Merged with a change waiting here (and so to be pushed).
    pub merged: usize,
    /// Fields set aside by those merges.
    pub conflicts: usize,
    /// Kept in their base until this device stores their kind.
    pub parked: usize,
    /// Documents the server held in conflict branches, merged here.
    pub branches: usize,
    /// Versions this device had already (its own pushes come back).
    pub known: usize,
    /// Documents that are not kehu records: their ids (or what they were) and why.
    pub unreadable: Vec<String>,
}

/// What a push sends: the documents, and the outbox entries they cover.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushPlan {
    /// The outbox entries up to this write number are covered.
    pub upto: u64,
    pub docs: Vec<Value>,
    /// What stays in the outbox whatever the server answers: kinds this device does not
    /// push yet.
    carried: OutboxEntry,
    /// Signed deletions of the conflict branches merged here, sent once every page of
    /// `docs` is answered: a record and the branches it beat share an id, and an answer
    /// names only the id, so they never go in one request.
    pub closing: Vec<Value>,
    /// The bases those branches are listed in, as the plan found them.
    branched: Vec<(String, Base)>,
}

/// What the server made of a push.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    pub saved: usize,
    /// Refused as stale: reconciled by the next pull, pushed again after.
    pub stale: usize,
    pub refused: Vec<Refused>,
}

/// The records of one kind as replication reads and writes them.
#[derive(Clone, Copy)]
enum Handler {
    Customers,
    /// Designed surveys (not a registered kind: their own store and announcement).
    Surveys,
    Doc(Pulling),
}

impl Handler {
    fn store(&self) -> &'static str {
        match self {
            Handler::Customers => CUSTOMERS,
            Handler::Surveys => schema::SURVEYS,
            Handler::Doc(p) => p.info.name,
        }
    }

    fn feeds(&self) -> Feeds {
        match self {
            // Results show a survey's items and weights.
            Handler::Customers | Handler::Surveys => Feeds::Everything,
            Handler::Doc(p) => p.info.feeds,
        }
    }
}

fn handlers() -> HashMap<&'static str, Handler> {
    let mut all: HashMap<&'static str, Handler> = docs::pulling_kinds()
        .into_iter()
        .map(|p| (p.info.name, Handler::Doc(p)))
        .collect();
    all.insert(kehu_core::sync::CUSTOMERS, Handler::Customers);
    all.insert(kehu_core::sync::SURVEYS, Handler::Surveys);
    all
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("sync state: {e}"))
}

/// `v` as stored JSON text: the same form as a record's document.
fn text_of<T: Serialize>(v: &T) -> JsValue {
    js::to_doc(v)
}

fn parse_text<T: serde::de::DeserializeOwned>(v: &JsValue) -> Result<Option<T>, StoreError> {
    match v.as_string() {
        Some(t) => serde_json::from_str(&t).map(Some).map_err(corrupt),
        None => Ok(None),
    }
}

/// A base as `sync_base` holds it: JSON text, or a customer's record copied out as it
/// was when it kept the base ([`kept`]).
fn read_base(v: &JsValue) -> Result<Option<Base>, StoreError> {
    match v.is_string() {
        true => parse_text(v),
        false => kept::base_in(v),
    }
}

/// The base of document `key`, read in `tx`.
async fn base_state(tx: &Tx, key: &str) -> Result<Option<Base>, StoreError> {
    let req = (tx.store(SYNC_BASE)?.get(&key.into())).map_err(StoreError::from_js)?;
    read_base(&idb::request(&req).await?)
}

/// Sync's own record `key` in `sync_base` (the checkpoint, the refusals), read in `tx`.
async fn state<T: serde::de::DeserializeOwned>(
    tx: &Tx,
    key: &str,
) -> Result<Option<T>, StoreError> {
    state_in(tx, SYNC_BASE, key).await
}

/// Writes sync's own record `key` in `sync_base` in `tx`.
fn put_state<T: Serialize>(tx: &Tx, key: &str, value: &T) -> Result<(), StoreError> {
    (tx.store(SYNC_BASE)?
        .put_with_key(&text_of(value), &JsValue::from_str(key)))
    .map(|_| ())
    .map_err(StoreError::from_js)
}

/// The record under `key` in store `name` (of JSON text), read in `tx`.
async fn state_in<T: serde::de::DeserializeOwned>(
    tx: &Tx,
    name: &str,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let req = (tx.store(name)?.get(&JsValue::from_str(key))).map_err(StoreError::from_js)?;
    parse_text(&idb::request(&req).await?)
}

/// A stored record's shared body: its document without what stays on the device.
fn body_of(stored: &JsValue) -> Result<Map<String, Value>, StoreError> {
    let doc: Value = serde_json::from_str(&js::get_string(stored, "doc")?).map_err(corrupt)?;
    shared_body(&doc).ok_or_else(|| corrupt("a record that is not an object"))
}

/// The fold of the outbox: what waits to be pushed.
async fn waiting(tx: &Tx) -> Result<OutboxEntry, StoreError> {
    let req = tx.store(OUTBOX)?.get_all().map_err(StoreError::from_js)?;
    let all: js_sys::Array = idb::request(&req).await?.into();
    let entries = (all.iter())
        .map(|v| sync::parse_entry(&v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(OutboxEntry::fold(&entries))
}

/// Which of two versions of one document CouchDB picks as the winner: a live one over
/// a deleted one, then the longer history, then the greater revision hash.
fn wins(a: &Pulled, b: &Pulled) -> bool {
    let order = |p: &Pulled| {
        let (generation, hash) = p.couch_rev.split_once('-').unwrap_or(("0", ""));
        let generation: u64 = generation.parse().unwrap_or(0);
        (p.record.is_some(), generation, hash.to_string())
    };
    order(a) > order(b)
}

/// The live leaves a document's winning version beat (its conflict branches), each
/// with the revisions it descends from, and the winner's.
#[derive(Default)]
struct Branches {
    winner: Vec<String>,
    losers: Vec<(Pulled, Vec<String>)>,
}

/// The documents of a page, each once (the winning version of one with conflict
/// branches, the live branches it beat by its id), and what could not be read.
fn readable(docs: &[Value]) -> (Vec<Pulled>, HashMap<String, Branches>, Vec<String>) {
    let mut out: Vec<(Pulled, Vec<String>)> = Vec::new();
    let mut beaten: HashMap<String, Vec<(Pulled, Vec<String>)>> = HashMap::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut bad = Vec::new();
    for d in docs {
        let p = match from_doc(d) {
            Ok(p) => p,
            Err(e) => {
                bad.push(e.to_string());
                continue;
            }
        };
        let key = doc_id(&p.kind, &p.id);
        let leaf = (p, kehu_core::replicate::history(d));
        let lost = match at.get(&key) {
            Some(&i) if wins(&leaf.0, &out[i].0) => std::mem::replace(&mut out[i], leaf),
            Some(_) => leaf,
            None => {
                at.insert(key, out.len());
                out.push(leaf);
                continue;
            }
        };
        // A deleted branch holds nothing to merge.
        if lost.0.record.is_some() {
            beaten.entry(key).or_default().push(lost);
        }
    }
    let mut branches = HashMap::new();
    let pulled = (out.into_iter())
        .map(|(p, winner)| {
            let key = doc_id(&p.kind, &p.id);
            if let Some(losers) = beaten.remove(&key) {
                branches.insert(key, Branches { winner, losers });
            }
            p
        })
        .collect();
    (pulled, branches, bad)
}

/// Merges `b`, the conflict branches of `f`'s document, into `f.pulled` (the winner):
/// against the device's base when every branch descends from it, otherwise with every
/// differing field set aside. Each branch's own conflicts are kept with the merge's.
/// Returns the winner as it came.
fn merge_branches(f: &mut Found, b: &Branches) -> Pulled {
    use kehu_core::reconcile::Version;
    let winner = f.pulled.clone();
    let common = f.base.as_ref().filter(|base| {
        let from = |h: &[String]| h.contains(&base.couch_rev);
        !base.parked && from(&b.winner) && b.losers.iter().all(|(_, h)| from(h))
    });
    let all: Vec<Version> = std::iter::once(&winner)
        .chain(b.losers.iter().map(|(l, _)| l))
        .map(|p| Version {
            body: p.record.as_ref(),
            rev: &p.rev,
        })
        .collect();
    let base = common.and_then(|c| c.body.as_ref());
    if let Some((body, conflicts)) = kehu_core::reconcile::merge_branches(base, &all) {
        let mut kept = kehu_core::sync::union_conflicts(winner.conflicts.clone(), &conflicts);
        for (l, _) in &b.losers {
            kept = kehu_core::sync::union_conflicts(kept, &l.conflicts);
        }
        f.pulled.record = Some(body);
        f.pulled.conflicts = kept;
    }
    winner
}

/// Moves this device's write count past `seen`, the latest revision pulled (a Lamport
/// clock): a write made after seeing another device's write counts as later than it,
/// which is what a merge's "the later write wins" means.
async fn seen_revs(tx: &Tx, seen: u64) -> Result<(), StoreError> {
    if seen as f64 > schema::get_meta(tx, sync::SYNC_SEQ).await? {
        schema::put_meta(tx, sync::SYNC_SEQ, seen as f64)?;
    }
    Ok(())
}

/// One pulled document and what the device has of it.
struct Found {
    pulled: Pulled,
    /// Conflict branches on the server, to merge into `pulled`.
    branches: Option<Branches>,
    stored: Option<JsValue>,
    base: Option<Base>,
    /// `base` is in `sync_base` (not kept in the record).
    explicit: bool,
    conflict: Option<Conflict>,
}

/// Reads, in `tx`, the stored record, base and conflicts of every document in
/// `pulled`: all requests issued before any is awaited, and only for those the device
/// may have ([`Present`]).
async fn find(
    tx: &Tx,
    pulled: Vec<Pulled>,
    handlers: &HashMap<&'static str, Handler>,
) -> Result<Vec<Found>, StoreError> {
    let (bases, conflicts) = (tx.store(SYNC_BASE)?, tx.store(SYNC_CONFLICTS)?);
    let stored = async {
        let mut here = HashMap::new();
        for (kind, h) in handlers {
            let ids: Vec<&str> = (pulled.iter().filter(|p| p.kind == *kind))
                .map(|p| p.id.as_str())
                .collect();
            here.insert(
                *kind,
                Present::read(tx, h.store(), ids.iter().copied()).await?,
            );
        }
        Ok::<_, StoreError>(here)
    };
    let keys: Vec<String> = pulled.iter().map(|p| doc_id(&p.kind, &p.id)).collect();
    // Few records wait for a pick: their keys, read once, spare a read per document.
    let (conflicted, here, based) = futures::join!(
        keys_of(tx, SYNC_CONFLICTS),
        stored,
        Present::read(tx, SYNC_BASE, keys.iter().map(String::as_str)),
    );
    let conflicted: HashSet<String> = conflicted?.into_iter().collect();
    let (here, based) = (here?, based?);
    let get = |store: &web_sys::IdbObjectStore, key: &str, present: &Present| {
        (present.may_hold(key))
            .then(|| store.get(&JsValue::from_str(key)))
            .transpose()
            .map_err(StoreError::from_js)
    };
    let mut reads = Vec::with_capacity(pulled.len());
    for (p, key) in pulled.iter().zip(&keys) {
        let stored = match (handlers.get(p.kind.as_str()), here.get(p.kind.as_str())) {
            (Some(h), Some(present)) => get(&tx.store(h.store())?, &p.id, present)?,
            _ => None,
        };
        let conflict = match conflicted.contains(key) {
            true => Some(
                conflicts
                    .get(&JsValue::from_str(key))
                    .map_err(StoreError::from_js)?,
            ),
            false => None,
        };
        reads.push((stored, get(&bases, key, &based)?, conflict));
    }
    // Requests complete in order: once the last issued has, every one has its result
    // (a document's base is read after its record and conflict).
    let last = (reads.iter().rev()).find_map(|(a, b, c)| b.as_ref().or(c.as_ref()).or(a.as_ref()));
    if let Some(last) = last {
        idb::request(last).await?;
    }
    let result = |r: Option<web_sys::IdbRequest>| -> Result<Option<JsValue>, StoreError> {
        let Some(r) = r else { return Ok(None) };
        Ok(Some(r.result().map_err(StoreError::from_js)?).filter(|v| !v.is_undefined()))
    };
    let text = |r| result(r).map(|v| v.unwrap_or(JsValue::UNDEFINED));
    let mut out = Vec::with_capacity(pulled.len());
    for (pulled, (stored, base, conflict)) in pulled.into_iter().zip(reads) {
        let stored = result(stored)?;
        let explicit = read_base(&text(base)?)?;
        let is_explicit = explicit.is_some();
        let base = kept::base_or_kept(explicit, stored.as_ref())?;
        out.push(Found {
            pulled,
            branches: None,
            stored,
            base,
            explicit: is_explicit,
            conflict: parse_text(&text(conflict)?)?,
        });
    }
    Ok(out)
}

/// Which of a page's keys a store may hold. A page of a first pull names records the
/// device does not have, mostly in key order (a push sends them so): the keys the store
/// holds in the page's range, read at once, spare a read per document. When the range
/// holds many other keys, every key is read on its own.
enum Present {
    Among(HashSet<String>),
    Unknown,
}

impl Present {
    async fn read<'k>(
        tx: &Tx,
        store: &str,
        keys: impl Iterator<Item = &'k str> + Clone,
    ) -> Result<Present, StoreError> {
        let (Some(lo), Some(hi)) = (keys.clone().min(), keys.clone().max()) else {
            return Ok(Present::Among(HashSet::new()));
        };
        let range =
            web_sys::IdbKeyRange::bound(&lo.into(), &hi.into()).map_err(StoreError::from_js)?;
        let store = tx.store(store)?;
        let count =
            idb::request(&store.count_with_key(&range).map_err(StoreError::from_js)?).await?;
        if count.as_f64().unwrap_or(f64::INFINITY) > (2 * keys.count()).max(64) as f64 {
            return Ok(Present::Unknown);
        }
        let req = store
            .get_all_keys_with_key(&range)
            .map_err(StoreError::from_js)?;
        let found: js_sys::Array = idb::request(&req).await?.into();
        Ok(Present::Among(
            found.iter().filter_map(|k| k.as_string()).collect(),
        ))
    }

    fn may_hold(&self, key: &str) -> bool {
        match self {
            Present::Among(keys) => keys.contains(key),
            Present::Unknown => true,
        }
    }
}

/// Keeps `fields` as the conflict of record `id` of `kind` (document `key`), or
/// forgets its conflict when there are none.
fn put_conflict(
    tx: &Tx,
    key: &str,
    kind: &str,
    id: &str,
    fields: Vec<FieldConflict>,
) -> Result<(), StoreError> {
    let store = tx.store(SYNC_CONFLICTS)?;
    let done = match fields.is_empty() {
        true => store.delete(&JsValue::from_str(key)),
        false => {
            let c = Conflict {
                kind: kind.into(),
                id: id.into(),
                fields,
            };
            store.put_with_key(&text_of(&c), &JsValue::from_str(key))
        }
    };
    done.map(|_| ()).map_err(StoreError::from_js)
}

/// A pulled document of `kind` that waited in its base, as it was pulled.
async fn waited(tx: &Tx, kind: &str, id: String) -> Result<Option<Pulled>, StoreError> {
    let Some(b) = base_state(tx, &doc_id(kind, &id)).await? else {
        return Ok(None);
    };
    Ok(Some(Pulled {
        kind: kind.into(),
        id,
        record: b.body,
        rev: b.rev,
        author: String::new(),
        couch_rev: b.couch_rev,
        conflicts: Vec::new(),
    }))
}

/// Where a customer a pulled order names is on this device.
enum Here {
    Key(u32),
    /// Deleted elsewhere (the server told this device so).
    Gone,
    /// Not pulled yet.
    NotYet,
}

/// A customer to store: the body, and whether it is this device's change (a merge).
struct CustomerWrite {
    customer: Customer,
    stamp: Stamp,
    ours: bool,
    /// Taken as pulled, at this server revision: the record keeps its base.
    synced: Option<String>,
}

/// Customers' keys by id, learnt by a pull from the customers it wrote and read, so
/// that a page of order batches (each naming thousands of customers) reads only those
/// it has not met. Valid while no customer was deleted or replaced since
/// (`schema::CUSTOMERS_GONE`, read in each page's transaction); any `Change::All`
/// empties it too. A customer added elsewhere is simply not in it, and read.
#[derive(Clone, Default)]
pub(crate) struct KeyMemo(Rc<RefCell<Memo>>);

#[derive(Default)]
struct Memo {
    gone: Option<f64>,
    keys: HashMap<String, u32>,
}

impl KeyMemo {
    pub(crate) fn forget_on(&self, c: &crate::Change) {
        if *c == crate::Change::All {
            *self.0.borrow_mut() = Memo::default();
        }
    }

    /// Empties the memo unless no customer was deleted since it was learnt, as `tx`
    /// sees it.
    async fn check(&self, tx: &Tx) -> Result<(), StoreError> {
        let gone = Some(schema::get_meta(tx, schema::CUSTOMERS_GONE).await?);
        let mut m = self.0.borrow_mut();
        if m.gone != gone {
            *m = Memo {
                gone,
                keys: HashMap::new(),
            };
        }
        Ok(())
    }

    fn key(&self, id: &str) -> Option<u32> {
        self.0.borrow().keys.get(id).copied()
    }

    /// What a committed page taught: the keys of customers it read and wrote.
    fn learn(&self, learnt: Vec<(String, u32)>) {
        self.0.borrow_mut().keys.extend(learnt);
    }
}

/// What a pull transaction wrote, for the announcements after it commits.
#[derive(Default)]
struct Touched {
    customers: BTreeSet<String>,
    records: BTreeMap<&'static str, BTreeSet<String>>,
    forgotten: bool,
    /// Customer keys whose orders a pulled batch brought or took away.
    orders: BTreeSet<u32>,
    /// Designed surveys changed.
    surveys: bool,
    feeds: Option<Feeds>,
    /// The list of conflicts changed.
    conflicts: bool,
}

impl Touched {
    fn feed(&mut self, f: Feeds) {
        self.feeds = Some(self.feeds.map_or(f, |g| g.max(f)));
    }
}

/// Applies pulled documents in `tx`.
struct Pull<'a> {
    tx: &'a Tx,
    waiting: OutboxEntry,
    /// Pulled batches waiting for their customers.
    batches: BTreeSet<String>,
    /// Pulled single orders waiting for their customer or batch.
    orders: BTreeSet<String>,
    customers: Vec<CustomerWrite>,
    /// The ids of records deleted here whose deletion waits to be pushed.
    graves: HashSet<String>,
    memo: &'a KeyMemo,
    /// Whether `memo` was checked in this page's transaction.
    checked: bool,
    /// Customers' keys this page read and wrote, for `memo` once it commits.
    learnt: Vec<(String, u32)>,
    touched: Touched,
    report: PullReport,
}

impl<'a> Pull<'a> {
    /// A write in `tx` with nothing waiting and nothing learnt yet.
    fn new(tx: &'a Tx, memo: &'a KeyMemo) -> Pull<'a> {
        Pull {
            tx,
            waiting: OutboxEntry::default(),
            batches: BTreeSet::new(),
            orders: BTreeSet::new(),
            customers: Vec::new(),
            graves: HashSet::new(),
            memo,
            checked: false,
            learnt: Vec::new(),
            touched: Touched::default(),
            report: PullReport::default(),
        }
    }

    async fn apply(&mut self, mut f: Found, handler: Option<Handler>) -> Result<(), StoreError> {
        let key = doc_id(&f.pulled.kind, &f.pulled.id);
        let Some(h) = handler else {
            self.put_base(&key, &f.pulled, true, Vec::new())?;
            self.report.parked += 1;
            return Ok(());
        };
        // Conflict branches: merged into the winner, which becomes the base.
        let branches = f.branches.take();
        let winner = branches.as_ref().map(|b| merge_branches(&mut f, b));
        let p = &f.pulled;
        let body = f.stored.as_ref().map(body_of).transpose()?;
        let rev = match &f.stored {
            Some(s) => sync::rev_of(s)?,
            None => None,
        }
        .unwrap_or(Rev {
            n: 0,
            by: String::new(),
        });
        let local = Local {
            body: body.as_ref(),
            rev: &rev,
            base: f.base.as_ref().and_then(|b| b.body.as_ref()),
            unpushed: self.waiting.names(&p.kind, &p.id),
        };
        // The values set aside for the record: the server's version's when it is taken
        // as it came (someone may have picked since), and the device's with them when
        // its change goes ahead.
        let mine = f
            .conflict
            .as_ref()
            .map(|c| c.fields.clone())
            .unwrap_or_default();
        let ours_too = || kehu_core::sync::union_conflicts(mine.clone(), &p.conflicts);
        let todo = match &winner {
            Some(w) => on_branches(p, w, local),
            None => on_pull(p, local),
        };
        // A customer taken as it came keeps its base in its record.
        let mut kept = false;
        let set_aside = match todo {
            OnPull::Keep => ours_too(),
            OnPull::Take => {
                let record = p.record.clone().unwrap_or_default();
                let stamp = Stamp {
                    n: p.rev.n,
                    by: Rc::from(p.rev.by.as_str()),
                };
                self.write(h, &f, record, stamp, false).await?;
                if let (Handler::Customers, None, Some(w)) = (h, &winner, self.customers.last_mut())
                {
                    w.synced = Some(p.couch_rev.clone());
                    kept = true;
                }
                // A deletion here that the server's edit undid is not to be told.
                if self.graves.contains(&p.id) {
                    (self.tx.store(TOMBSTONES)?.delete(&JsValue::from_str(&p.id)))
                        .map_err(StoreError::from_js)?;
                }
                // The branches it beat are still to be deleted on the server.
                if winner.is_some() {
                    sync::changed(self.tx, &p.kind, [p.id.clone()]);
                }
                self.report.written += 1;
                p.conflicts.clone()
            }
            OnPull::Delete => {
                self.delete(h, &f).await?;
                self.report.deleted += 1;
                Vec::new()
            }
            OnPull::Merge { body, conflicts } => {
                let stamp = sync::stamp(self.tx).await?;
                self.write(h, &f, body, stamp, true).await?;
                self.report.merged += 1;
                self.report.conflicts += conflicts.len();
                kehu_core::sync::union_conflicts(ours_too(), &conflicts)
            }
        };
        self.set_aside(&key, &f, set_aside)?;
        if let (Some(w), Some(b)) = (winner, branches) {
            self.report.branches += 1;
            let losers = b.losers.into_iter().map(|(l, _)| l.couch_rev).collect();
            return self.put_base(&key, &w, false, losers);
        }
        // A version the device had already (its own push come back) has its base.
        let known = (f.base.as_ref()).is_some_and(|b| !b.parked && b.couch_rev == p.couch_rev);
        if known {
            self.report.known += 1;
        }
        if kept && f.explicit {
            // The record's base is the newer: one base per document.
            (self.tx.store(SYNC_BASE)?.delete(&key.into())).map_err(StoreError::from_js)?;
        } else if !kept && !known {
            self.put_base(&key, p, false, Vec::new())?;
        }
        Ok(())
    }

    /// Applies a pulled order batch: stored as a chunk of its own (unless it is here
    /// already: batches never change), or, taken back on its device, removed. One
    /// whose customers have not all arrived waits, whole, in its base.
    async fn apply_batch(&mut self, p: &Pulled, retried: bool) -> Result<(), StoreError> {
        let key = doc_id(&p.kind, &p.id);
        let here = orders::chunk_of_batch(self.tx, &p.id).await?;
        self.batches.remove(&p.id);
        let Some(body) = &p.record else {
            if let Some(no) = here {
                let keys = orders::customers_of_chunk(self.tx, no).await?;
                let all = (no * orders::CHUNK_CAP, (no + 1) * orders::CHUNK_CAP - 1);
                sync::mute(self.tx, true);
                let removed = orders::remove_in(self.tx, &[all]).await;
                sync::mute(self.tx, false);
                removed?;
                self.took_orders(keys);
                self.report.deleted += 1;
            }
            // Its orders edited elsewhere, waiting for it, went with it.
            let of_batch = format!("{}/", p.id);
            self.orders.retain(|o| !o.starts_with(&of_batch));
            return self.put_base(&key, p, false, Vec::new());
        };
        if here.is_none() {
            let text = Value::Object(body.clone()).to_string();
            let mut doc: BatchDoc =
                serde_json::from_str(&text).map_err(|e| corrupt(format!("{key}: {e}")))?;
            let Some((keys, gone)) = self.batch_customers(&doc).await? else {
                self.batches.insert(p.id.clone());
                self.report.parked += 1;
                // One that waited already is in its base as it came.
                return match retried {
                    true => Ok(()),
                    false => self.put_base(&key, p, true, Vec::new()),
                };
            };
            doc.retain_customers(|c| !gone.contains(c));
            sync::mute(self.tx, true);
            let put = orders::put_batch(self.tx, &p.id, &doc, |c| keys.get(c).copied()).await;
            sync::mute(self.tx, false);
            self.took_orders(put?);
            self.report.written += 1;
        } else {
            self.report.known += 1;
        }
        // Its orders are in the chunk: the base needs no copy of a batch, which never
        // changes (only whether it is there).
        let light = Pulled {
            record: Some(Map::new()),
            ..p.clone()
        };
        self.put_base(&key, &light, false, Vec::new())
    }

    /// Applies a pulled single order (entered by hand, or one order of a batch edited
    /// or deleted): written at its slot, or removed. A change here to the same order
    /// waiting to be pushed goes ahead over it (its base moves to the server's, so the
    /// push replaces that version): an edit beats a delete. One whose customer or batch
    /// has not arrived waits in its base.
    async fn apply_order(&mut self, p: &Pulled) -> Result<(), StoreError> {
        let key = doc_id(&p.kind, &p.id);
        self.orders.remove(&p.id);
        if self.waiting.names(&p.kind, &p.id) {
            return self.put_base(&key, p, false, Vec::new());
        }
        sync::mute(self.tx, true);
        let stored = self.store_order(p).await;
        sync::mute(self.tx, false);
        if stored? {
            return self.put_base(&key, p, false, Vec::new());
        }
        self.orders.insert(p.id.clone());
        self.report.parked += 1;
        self.put_base(&key, p, true, Vec::new())
    }

    /// Stores pulled order `p` (or removes it); `false` while its customer or its
    /// batch has not arrived.
    async fn store_order(&mut self, p: &Pulled) -> Result<bool, StoreError> {
        let key = doc_id(&p.kind, &p.id);
        let Some((batch, slot)) = kehu_core::sync::parse_order_ref(&p.id) else {
            self.report.unreadable.push(key);
            return Ok(true);
        };
        let Some(body) = &p.record else {
            if let Some(k) = orders::remove_shared_order(self.tx, batch, slot).await? {
                self.took_orders(vec![k]);
                self.report.deleted += 1;
            }
            return Ok(true);
        };
        let customer = body
            .get("customer")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let here = match self.customer_here(customer).await? {
            Here::Key(k) => k,
            // Deleted elsewhere, with their orders.
            Here::Gone => return Ok(true),
            Here::NotYet => return Ok(false),
        };
        let (order, loose) = match kehu_core::sync::order_of_doc(body, |_| Some(here)) {
            Ok(o) => o,
            Err(e) => {
                self.report.unreadable.push(format!("{key}: {e}"));
                return Ok(true);
            }
        };
        match orders::put_shared_order(self.tx, batch, slot, &order, loose).await? {
            Some(keys) => {
                self.took_orders(keys);
                self.report.written += 1;
                Ok(true)
            }
            // Its batch taken back (deleted on the server): the order went with it.
            None => Ok(matches!(
                base_state(self.tx, &doc_id(kehu_core::sync::ORDER_BATCHES, batch)).await?,
                Some(Base { body: None, .. })
            )),
        }
    }

    /// Where customer `id` is on this device.
    async fn customer_here(&self, id: &str) -> Result<Here, StoreError> {
        let req =
            (self.tx.store(CUSTOMERS)?.get(&JsValue::from_str(id))).map_err(StoreError::from_js)?;
        let stored = idb::request(&req).await?;
        if !stored.is_undefined() {
            return Ok(Here::Key(js::get_f64(&stored, "key")? as u32));
        }
        let key = doc_id(kehu_core::sync::CUSTOMERS, id);
        Ok(match base_state(self.tx, &key).await? {
            Some(b) if b.body.is_none() => Here::Gone,
            _ => Here::NotYet,
        })
    }

    /// Applies again the single orders that waited, once a page wrote customers or
    /// orders.
    async fn retry_orders(&mut self) -> Result<(), StoreError> {
        if self.customers.is_empty() && self.touched.orders.is_empty() {
            return Ok(());
        }
        for id in std::mem::take(&mut self.orders) {
            if let Some(p) = waited(self.tx, kehu_core::sync::ORDERS, id).await? {
                self.apply_order(&p).await?;
            }
        }
        Ok(())
    }

    fn took_orders(&mut self, keys: Vec<u32>) {
        self.touched.orders.extend(keys);
        self.touched.feed(Feeds::Everything);
    }

    /// The keys here of batch `doc`'s customers, and those deleted (their orders are
    /// left out); `None` while some have not arrived.
    async fn batch_customers(
        &mut self,
        doc: &BatchDoc,
    ) -> Result<Option<(HashMap<String, u32>, BTreeSet<String>)>, StoreError> {
        self.check_memo().await?;
        let (mut keys, mut gone) = (HashMap::new(), BTreeSet::new());
        let mut ids: BTreeSet<&String> = BTreeSet::new();
        for id in &doc.customer {
            match self.memo.key(id) {
                Some(k) => drop(keys.insert(id.clone(), k)),
                None => drop(ids.insert(id)),
            }
        }
        let (stored, bases) = (self.tx.store(CUSTOMERS)?, self.tx.store(SYNC_BASE)?);
        let mut reads = Vec::with_capacity(ids.len());
        for id in &ids {
            let here = stored
                .get(&JsValue::from_str(id))
                .map_err(StoreError::from_js)?;
            let key = JsValue::from_str(&doc_id(kehu_core::sync::CUSTOMERS, id));
            reads.push((here, bases.get(&key).map_err(StoreError::from_js)?));
        }
        if let Some((_, last)) = reads.last() {
            idb::request(last).await?;
        }
        for (id, (here, base)) in ids.into_iter().zip(reads) {
            let here = here.result().map_err(StoreError::from_js)?;
            if !here.is_undefined() {
                let key = js::get_f64(&here, "key")? as u32;
                keys.insert(id.clone(), key);
                self.learnt.push((id.clone(), key));
                continue;
            }
            let base = read_base(&base.result().map_err(StoreError::from_js)?)?;
            match base {
                Some(b) if b.body.is_none() => drop(gone.insert(id.clone())),
                // Deleted here, its deletion not pushed yet: its orders go with it (to
                // wait for the push would hold back every other customer's orders
                // until some later page brought customers).
                _ if self.graves.contains(id.as_str()) => drop(gone.insert(id.clone())),
                _ => return Ok(None),
            }
        }
        Ok(Some((keys, gone)))
    }

    /// Checks the memo of keys once in this page, before it reads or adds to it.
    async fn check_memo(&mut self) -> Result<(), StoreError> {
        if !self.checked {
            self.memo.check(self.tx).await?;
            self.checked = true;
        }
        Ok(())
    }

    /// Applies again the batches that waited for customers, now that a page brought
    /// some.
    async fn retry_batches(&mut self) -> Result<(), StoreError> {
        if self.customers.is_empty() {
            return Ok(());
        }
        for id in std::mem::take(&mut self.batches) {
            if let Some(p) = waited(self.tx, kehu_core::sync::ORDER_BATCHES, id).await? {
                self.apply_batch(&p, true).await?;
            }
        }
        Ok(())
    }

    async fn write(
        &mut self,
        h: Handler,
        f: &Found,
        body: Map<String, Value>,
        stamp: Stamp,
        ours: bool,
    ) -> Result<(), StoreError> {
        let id = &f.pulled.id;
        self.touched.feed(h.feeds());
        if let Handler::Surveys = h {
            let survey = self.survey_of(f, body)?;
            let record = crate::responses::survey_record(&survey, &stamp);
            (self.tx.store(schema::SURVEYS)?.put(&record)).map_err(StoreError::from_js)?;
            self.touched.surveys = true;
            if ours {
                sync::changed(self.tx, kehu_core::sync::SURVEYS, [id.clone()]);
            }
            return Ok(());
        }
        let Handler::Doc(kind) = h else {
            let customer = self.customer_of(f, body)?;
            self.touched.customers.insert(id.clone());
            self.customers.push(CustomerWrite {
                customer,
                stamp,
                ours,
                synced: None,
            });
            return Ok(());
        };
        let (record, customer) = (kind.record_of)(&Value::Object(body).to_string(), &stamp)
            .map_err(|e| corrupt(format!("{}: {e}", doc_id(&f.pulled.kind, id))))?;
        (self.tx.store(kind.info.name)?.put(&record)).map_err(StoreError::from_js)?;
        docs::drop_derived(self.tx, kind.info.name)?;
        let seen = self.touched.records.entry(kind.info.name).or_default();
        seen.extend(customer);
        if ours {
            sync::changed(self.tx, kind.info.name, [id.clone()]);
        }
        Ok(())
    }

    /// The designed survey of a pulled body, with this device's edit count moved on (an
    /// editor open on the version before saves as edited elsewhere).
    fn survey_of(
        &self,
        f: &Found,
        mut body: Map<String, Value>,
    ) -> Result<kehu_core::Survey, StoreError> {
        let here: Option<kehu_core::Survey> = f.stored.as_ref().map(js::parse_doc).transpose()?;
        body.insert("rev".into(), (here.map_or(0, |s| s.rev) + 1).into());
        serde_json::from_str(&Value::Object(body).to_string())
            .map_err(|e| corrupt(format!("survey {}: {e}", f.pulled.id)))
    }

    /// The customer of a pulled body, with this device's key and edit count.
    fn customer_of(&self, f: &Found, mut body: Map<String, Value>) -> Result<Customer, StoreError> {
        let here: Option<Customer> = f.stored.as_ref().map(js::parse_doc).transpose()?;
        let (key, rev) = here.map_or((0, 0), |c| (c.key, c.rev));
        body.insert("key".into(), key.into());
        body.insert("rev".into(), (rev + 1).into());
        serde_json::from_str(&Value::Object(body).to_string())
            .map_err(|e| corrupt(format!("customer {}: {e}", f.pulled.id)))
    }

    async fn delete(&mut self, h: Handler, f: &Found) -> Result<(), StoreError> {
        let Some(stored) = &f.stored else {
            return Ok(());
        };
        self.touched.feed(h.feeds());
        sync::mute(self.tx, true);
        match h {
            Handler::Customers => {
                crate::merge::forget_in(self.tx, &js::parse_doc(stored)?).await?;
                self.touched.forgotten = true;
            }
            Handler::Surveys => {
                (self
                    .tx
                    .store(schema::SURVEYS)?
                    .delete(&JsValue::from_str(&f.pulled.id)))
                .map_err(StoreError::from_js)?;
                self.touched.surveys = true;
            }
            Handler::Doc(kind) => {
                (self
                    .tx
                    .store(kind.info.name)?
                    .delete(&JsValue::from_str(&f.pulled.id)))
                .map_err(StoreError::from_js)?;
                docs::drop_derived(self.tx, kind.info.name)?;
                let customer = js::get(stored, "customer")?.as_string();
                let seen = self.touched.records.entry(kind.info.name).or_default();
                seen.extend(customer);
            }
        }
        sync::mute(self.tx, false);
        Ok(())
    }

    /// Keeps `fields`, the values set aside for the record of `f`, as its conflict
    /// (none: the record has no conflict), and notes a change to the list.
    fn set_aside(
        &mut self,
        key: &str,
        f: &Found,
        fields: Vec<FieldConflict>,
    ) -> Result<(), StoreError> {
        let before = f
            .conflict
            .as_ref()
            .map(|c| &c.fields[..])
            .unwrap_or_default();
        if before == fields {
            return Ok(());
        }
        self.touched.conflicts = true;
        put_conflict(self.tx, key, &f.pulled.kind, &f.pulled.id, fields)
    }

    fn put_base(
        &self,
        key: &str,
        p: &Pulled,
        parked: bool,
        losers: Vec<String>,
    ) -> Result<(), StoreError> {
        let base = Base {
            couch_rev: p.couch_rev.clone(),
            rev: p.rev.clone(),
            body: p.record.clone(),
            parked,
            losers,
        };
        (self
            .tx
            .store(SYNC_BASE)?
            .put_with_key(&text_of(&base), &JsValue::from_str(key)))
        .map_err(StoreError::from_js)?;
        Ok(())
    }

    /// Stores the customers the page brought, new ones with the next free keys, in one
    /// customer write.
    async fn put_customers(&mut self) -> Result<(), StoreError> {
        if self.customers.is_empty() {
            return Ok(());
        }
        self.check_memo().await?;
        let mut all: Vec<Customer> = self.customers.iter().map(|w| w.customer.clone()).collect();
        crate::customers::assign_keys(self.tx, &mut all).await?;
        (self.learnt).extend(all.iter().map(|c| (c.id.0.clone(), c.key)));
        let seq = crate::customers::next_seq(self.tx).await?;
        // This device's changes (a merge, a pick) replace records that may keep a base.
        let ours = (all.iter().zip(&self.customers))
            .filter(|(_, w)| w.ours)
            .map(|(c, _)| c.id.as_str())
            .collect();
        let settle = Settle::before(self.tx, ours).await?;
        let store = self.tx.store(CUSTOMERS)?;
        if self.customers.iter().any(|w| w.synced.is_some()) {
            kept::note_marks(self.tx)?;
        }
        for (c, w) in all.iter().zip(&self.customers) {
            let record = crate::customers::record(c, seq, &w.stamp);
            if let Some(couch_rev) = &w.synced {
                kept::mark(&record, couch_rev);
            }
            store.put(&record).map_err(StoreError::from_js)?;
            if w.ours {
                sync::changed(self.tx, kehu_core::sync::CUSTOMERS, [c.id.0.clone()]);
            }
        }
        settle.finish(self.tx).await
    }
}

impl Db {
    /// How far this device has pulled: the server's sequence, as it gave it.
    pub async fn sync_checkpoint(&self) -> Result<Option<Value>, StoreError> {
        state(&Tx::new(&self.db, &[SYNC_BASE], false)?, CHECKPOINT).await
    }

    /// Which of `changes` (a page of `_changes`) bring nothing new here: a single leaf
    /// revision that is this device's base of the document (not parked), a version it
    /// pushed or pulled already. Their documents need not be fetched: after a push, a
    /// device's own writes come back in the feed, the whole shop after its first push.
    pub async fn known_changes(&self, changes: &[Listed]) -> Result<Vec<bool>, StoreError> {
        /// The members of a base this asks about (the body is skipped, not built).
        #[derive(Deserialize)]
        struct Revision {
            couch_rev: String,
            #[serde(default)]
            parked: bool,
        }
        let tx = Tx::new(&self.db, &[SYNC_BASE, CUSTOMERS], false)?;
        let ids = changes.iter().map(|c| c.id.as_str());
        let present = Present::read(&tx, SYNC_BASE, ids).await?;
        // Customers taken as pulled keep their base in their record.
        fn customer(c: &Listed) -> Option<&str> {
            let (kind, id) = c.id.split_once(':')?;
            (kind == kehu_core::sync::CUSTOMERS).then_some(id)
        }
        let stored = Present::read(&tx, CUSTOMERS, changes.iter().filter_map(customer)).await?;
        let (bases, records) = (tx.store(SYNC_BASE)?, tx.store(CUSTOMERS)?);
        let mut reads = Vec::with_capacity(changes.len());
        for c in changes {
            let single = c.revs.len() == 1;
            let get = (single && present.may_hold(&c.id)).then(|| bases.get(&c.id.as_str().into()));
            let record = customer(c).filter(|id| single && stored.may_hold(id));
            let record = record.map(|id| records.get(&id.into()));
            reads.push((
                get.transpose().map_err(StoreError::from_js)?,
                record.transpose().map_err(StoreError::from_js)?,
            ));
        }
        // Requests complete in order: the last issued answers last.
        if let Some(last) = (reads.iter().rev()).find_map(|(a, b)| b.as_ref().or(a.as_ref())) {
            idb::request(last).await?;
        }
        let result = |r: &web_sys::IdbRequest| r.result().map_err(StoreError::from_js);
        let known = |c: &Listed, (base, record): (Option<_>, Option<_>)| {
            let base = base.as_ref().map(result).transpose()?;
            let rev = match (base.filter(|b| !b.is_undefined()), record) {
                // A record copied out: its revision, as the record's own.
                (Some(b), _) if !b.is_string() => kept::revision_in(&b)?,
                (Some(b), _) => parse_text::<Revision>(&b)?
                    .filter(|b| !b.parked)
                    .map(|b| b.couch_rev),
                (None, Some(r)) => kept::revision_in(&result(&r)?)?,
                (None, None) => None,
            };
            Ok(rev.is_some_and(|r| c.revs.first() == Some(&r)))
        };
        changes
            .iter()
            .zip(reads)
            .map(|(c, r)| known(c, r))
            .collect()
    }

    /// Writes a page of pulled documents (as `_bulk_get` gave them) and the checkpoint
    /// `last_seq` after it, in one transaction: each stored as the server has it, unless
    /// a change here waits to be pushed, in which case the two are merged (see
    /// [`on_pull`]). A document that is not a kehu record is left out and named in the
    /// report.
    pub async fn apply_pull(
        &self,
        docs: &[Value],
        last_seq: &Value,
    ) -> Result<PullReport, StoreError> {
        if docs.is_empty() {
            // A page of changes this device had (see [`Db::known_changes`]).
            let tx = Tx::new(&self.db, &[SYNC_BASE], true)?;
            put_state(&tx, CHECKPOINT, last_seq)?;
            tx.commit().await?;
            return Ok(PullReport::default());
        }
        let (pulled, mut branches, unreadable) = readable(docs);
        let handlers = handlers();
        let tx = Tx::new(&self.db, &schema::all_stores(), true)?;
        let seen = pulled.iter().map(|p| p.rev.n).max().unwrap_or(0);
        // Every read first, at once: a page's awaits one after another were its
        // slowest part after its puts.
        let (waiting, seen, found, batches, orders, graves) = futures::join!(
            waiting(&tx),
            seen_revs(&tx, seen),
            find(&tx, pulled, &handlers),
            state::<BTreeSet<String>>(&tx, WAITING_BATCHES),
            state::<BTreeSet<String>>(&tx, WAITING_ORDERS),
            keys_of(&tx, TOMBSTONES),
        );
        seen?;
        let (found, batches, orders) = (found?, batches?, orders?);
        let mut pull = Pull {
            waiting: waiting?,
            batches: batches.clone().unwrap_or_default(),
            orders: orders.clone().unwrap_or_default(),
            graves: graves?.into_iter().collect(),
            report: PullReport {
                unreadable,
                ..PullReport::default()
            },
            ..Pull::new(&tx, &self.keys)
        };
        for mut f in found {
            f.branches = branches.remove(&doc_id(&f.pulled.kind, &f.pulled.id));
            match f.pulled.kind.as_str() {
                kehu_core::sync::ORDER_BATCHES => pull.apply_batch(&f.pulled, false).await?,
                kehu_core::sync::ORDERS => pull.apply_order(&f.pulled).await?,
                kind => {
                    let h = handlers.get(kind).copied();
                    pull.apply(f, h).await?
                }
            }
        }
        pull.put_customers().await?;
        pull.retry_batches().await?;
        pull.retry_orders().await?;
        for (before, now, key) in [
            (batches, &pull.batches, WAITING_BATCHES),
            (orders, &pull.orders, WAITING_ORDERS),
        ] {
            if before.unwrap_or_default() != *now {
                put_state(&tx, key, now)?;
            }
        }
        if let Some(feeds) = pull.touched.feeds {
            schema::bump_for(&tx, feeds).await?;
        }
        put_state(&tx, CHECKPOINT, last_seq)?;
        let (touched, report, learnt) = (pull.touched, pull.report, pull.learnt);
        tx.commit().await?;
        self.keys.learn(learnt);
        self.announce_pulled(touched);
        Ok(report)
    }

    fn announce_pulled(&self, t: Touched) {
        if t.forgotten {
            self.feed.announce(&Change::All);
            return;
        }
        if t.conflicts {
            self.feed.announce(&Change::Conflicts);
        }
        if t.surveys {
            self.feed.announce(&Change::Surveys);
        }
        if !t.orders.is_empty() {
            self.feed
                .announce(&Change::Orders(t.orders.into_iter().collect()));
        }
        if !t.customers.is_empty() {
            self.feed
                .announce(&Change::Customers(t.customers.into_iter().collect()));
        }
        for (kind, customers) in t.records {
            self.announce_docs(kind, customers);
        }
    }

    /// How many records wait to be pushed (every one, after a restore: `None`).
    pub async fn sync_waiting(&self) -> Result<Option<u64>, StoreError> {
        let tx = Tx::new(&self.db, &[OUTBOX], false)?;
        let all = waiting(&tx).await?;
        let count = |m: &BTreeMap<String, Vec<String>>| m.values().map(Vec::len).sum::<usize>();
        Ok((!all.everything).then(|| (count(&all.changed) + count(&all.deleted)) as u64))
    }

    /// The values merges set aside, record by record.
    pub async fn sync_conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let tx = Tx::new(&self.db, &[SYNC_CONFLICTS], false)?;
        let req = tx
            .store(SYNC_CONFLICTS)?
            .get_all()
            .map_err(StoreError::from_js)?;
        let all: js_sys::Array = idb::request(&req).await?.into();
        all.iter()
            .map(|v| parse_text(&v)?.ok_or_else(|| corrupt("a conflict")))
            .collect()
    }

    /// Settles the values set aside for `field` of record `id` of `kind`: the record
    /// keeps its value (`pick` `None`) or takes one of those set aside, as a change of
    /// this device's (pushed, so every device ends with it and drops the conflict). One
    /// transaction; a value that was not set aside is refused.
    pub async fn resolve_conflict(
        &self,
        kind: &str,
        id: &str,
        field: &str,
        pick: Option<&Value>,
    ) -> Result<(), StoreError> {
        let handlers = handlers();
        let h = *handlers.get(kind).ok_or(StoreError::NotFound)?;
        let key = doc_id(kind, id);
        let tx = Tx::new(&self.db, &schema::all_stores(), true)?;
        let stored =
            (tx.store(h.store())?.get(&JsValue::from_str(id))).map_err(StoreError::from_js)?;
        let stored = Some(idb::request(&stored).await?).filter(|v| !v.is_undefined());
        let conflict: Option<Conflict> = state_in(&tx, SYNC_CONFLICTS, &key).await?;
        let (Some(stored), Some(conflict)) = (stored, conflict) else {
            tx.abort();
            return Err(StoreError::NotFound);
        };
        if pick.is_some_and(|v| {
            !conflict
                .fields
                .iter()
                .any(|c| c.field == field && &c.other == v)
        }) {
            tx.abort();
            return Err(StoreError::Changed);
        }
        let mut body = body_of(&stored)?;
        match pick {
            Some(Value::Null) => drop(body.remove(field)),
            Some(v) => drop(body.insert(field.into(), v.clone())),
            None => {}
        }
        let found = Found {
            pulled: Pulled {
                kind: kind.into(),
                id: id.into(),
                record: None,
                rev: Rev {
                    n: 0,
                    by: String::new(),
                },
                author: String::new(),
                couch_rev: String::new(),
                conflicts: Vec::new(),
            },
            branches: None,
            stored: Some(stored),
            base: None,
            explicit: false,
            conflict: Some(conflict.clone()),
        };
        let mut write = Pull::new(&tx, &self.keys);
        let stamp = sync::stamp(&tx).await?;
        if let Err(e) = write.write(h, &found, body, stamp, true).await {
            tx.abort();
            return Err(e);
        }
        write.put_customers().await?;
        let left = (conflict.fields.into_iter())
            .filter(|c| c.field != field)
            .collect();
        write.set_aside(&key, &found, left)?;
        schema::bump_for(&tx, h.feeds()).await?;
        let touched = write.touched;
        tx.commit().await?;
        self.announce_pulled(touched);
        Ok(())
    }

    /// How many records have values set aside (the banner every page shows).
    pub async fn sync_conflict_count(&self) -> Result<u32, StoreError> {
        let tx = Tx::new(&self.db, &[SYNC_CONFLICTS], false)?;
        let req = tx
            .store(SYNC_CONFLICTS)?
            .count()
            .map_err(StoreError::from_js)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }

    /// Each record with values set aside, with the record as it is now (`None`: gone
    /// since), for someone to pick between them.
    pub async fn sync_conflict_records(
        &self,
    ) -> Result<Vec<(Conflict, Option<Map<String, Value>>)>, StoreError> {
        let handlers = handlers();
        let conflicts = self.sync_conflicts().await?;
        let stores: Vec<&str> = handlers.values().map(|h| h.store()).collect();
        let tx = Tx::new(&self.db, &stores, false)?;
        let mut out = Vec::with_capacity(conflicts.len());
        for c in conflicts {
            let record = match handlers.get(c.kind.as_str()) {
                Some(h) => {
                    let req = (tx.store(h.store())?.get(&JsValue::from_str(&c.id)))
                        .map_err(StoreError::from_js)?;
                    let v = idb::request(&req).await?;
                    (!v.is_undefined()).then(|| body_of(&v)).transpose()?
                }
                None => None,
            };
            out.push((c, record));
        }
        Ok(out)
    }

    /// Forgets the writes the server refused (someone has read why): sync no longer
    /// reports them. The records stay as they are here.
    pub async fn dismiss_refused(&self) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &[SYNC_BASE], true)?;
        (tx.store(SYNC_BASE)?.delete(&JsValue::from_str(REFUSED))).map_err(StoreError::from_js)?;
        tx.commit().await
    }

    /// The writes the server refused, with its reasons, until dismissed (or the record
    /// is pushed again and saved).
    pub async fn sync_refused(&self) -> Result<Vec<Refused>, StoreError> {
        let tx = Tx::new(&self.db, &[SYNC_BASE], false)?;
        Ok(state(&tx, REFUSED).await?.unwrap_or_default())
    }
}

/// One record a push may send: its kind, id, whether it is deleted, and whether a full
/// compare (after a restore) found it rather than the outbox.
struct Candidate {
    kind: String,
    id: String,
    deleted: bool,
    full: bool,
}

/// The records the outbox fold `all` names that this device pushes, and into `carried`
/// what it does not push yet; after a restore, [`everything`].
async fn candidates(
    tx: &Tx,
    all: &OutboxEntry,
    handlers: &HashMap<&'static str, Handler>,
    carried: &mut OutboxEntry,
) -> Result<Vec<Candidate>, StoreError> {
    let mut out = Vec::new();
    if all.everything {
        return everything(tx, handlers).await;
    }
    for (list, deleted) in [(&all.changed, false), (&all.deleted, true)] {
        for (kind, ids) in list {
            let orders = [kehu_core::sync::ORDER_BATCHES, kehu_core::sync::ORDERS];
            if !handlers.contains_key(kind.as_str()) && !orders.contains(&kind.as_str()) {
                match deleted {
                    true => carried.delete(kind, ids.iter().cloned()),
                    false => carried.change(kind, ids.iter().cloned()),
                }
                continue;
            }
            out.extend(ids.iter().map(|id| Candidate {
                kind: kind.clone(),
                id: id.clone(),
                deleted,
                full: false,
            }));
        }
    }
    Ok(out)
}

/// After a restore: every record and order stored, and every one the server has (a
/// base) that is not, compared with their bases by the push, which sends only what
/// differs. Nothing is carried: the compare covers every write before it.
async fn everything(
    tx: &Tx,
    handlers: &HashMap<&'static str, Handler>,
) -> Result<Vec<Candidate>, StoreError> {
    use kehu_core::sync::{ORDER_BATCHES, ORDERS, order_ref, parse_order_ref};
    let mut out = Vec::new();
    let found = |kind: &str, id: String, deleted: bool| Candidate {
        kind: kind.into(),
        id,
        deleted,
        full: true,
    };
    let mut stored = std::collections::HashSet::new();
    for (kind, h) in handlers {
        for id in keys_of(tx, h.store()).await? {
            stored.insert(doc_id(kind, &id));
            out.push(found(kind, id, false));
        }
    }
    // An import's orders go as their batch; orders entered by hand one by one.
    let chunks = orders::shared_refs(tx).await?;
    for (batch, (loose, slots)) in &chunks {
        match loose {
            false => out.push(found(ORDER_BATCHES, batch.clone(), false)),
            true => out.extend((slots.iter()).map(|&s| found(ORDERS, order_ref(batch, s), false))),
        }
    }
    for key in keys_of(tx, SYNC_BASE).await? {
        let Some((kind, id)) = key.split_once(':') else {
            continue;
        };
        let here = match kind {
            ORDER_BATCHES => chunks.contains_key(id),
            // An order of a batch edited on its own: compared as one too.
            ORDERS => match parse_order_ref(id).and_then(|(b, s)| Some((chunks.get(b)?, s))) {
                Some(((false, slots), s)) if slots.contains(&s) => {
                    out.push(found(ORDERS, id.into(), false));
                    true
                }
                Some(((_, slots), s)) => slots.contains(&s),
                None => false,
            },
            _ if handlers.contains_key(kind) => stored.contains(&key),
            _ => true,
        };
        if !here {
            out.push(found(kind, id.into(), true));
        }
    }
    Ok(out)
}

/// The documents of `batches`, new order batches of this device's, as the server has
/// never had them (a batch never changes, so one with a base is there already; an
/// empty one was taken back before it went).
/// Every customer's id by key, read once a push needs it (orders name customers by id;
/// reading them all is worth it only when orders are pushed).
#[derive(Default)]
struct CustomerIds(Option<HashMap<u32, String>>);

impl CustomerIds {
    async fn get(&mut self, tx: &Tx) -> Result<&HashMap<u32, String>, StoreError> {
        if self.0.is_none() {
            self.0 = Some(crate::customers::ids_by_key(tx).await?);
        }
        Ok(self.0.get_or_insert_default())
    }
}

async fn batch_docs(
    tx: &Tx,
    batches: &[Candidate],
    ids: &mut CustomerIds,
    (author, now): (&str, &Rev),
) -> Result<Vec<Value>, StoreError> {
    let mut out = Vec::new();
    for c in batches {
        let key = doc_id(&c.kind, &c.id);
        if base_state(tx, &key).await?.is_some() {
            continue;
        }
        let Some(no) = orders::chunk_of_batch(tx, &c.id).await? else {
            continue;
        };
        let ids = ids.get(tx).await?;
        let Some(doc) = orders::shared_batch(tx, no, |k| ids.get(&k).cloned()).await? else {
            continue;
        };
        if doc.slot.is_empty() {
            continue;
        }
        // Through text: the wasm has the JSON reader and writer already.
        let body: Value = serde_json::to_string(&doc)
            .and_then(|t| serde_json::from_str(&t))
            .map_err(corrupt)?;
        let d =
            kehu_core::sync::to_doc(&c.kind, &c.id, &body, (now, author), None).map_err(corrupt)?;
        out.push(Value::Object(d));
    }
    Ok(out)
}

/// The documents of single orders (entered by hand, or orders of a batch edited or
/// deleted), unless the server has them as they are. An order of a batch the server
/// has, deleted here, goes as a deleted document of its own: the batch never changes.
async fn order_docs(
    tx: &Tx,
    single: &[Candidate],
    ids: &mut CustomerIds,
    (author, now): (&str, &Rev),
) -> Result<Vec<Value>, StoreError> {
    use kehu_core::sync::{ORDER_BATCHES, order_doc, parse_order_ref, to_doc};
    let mut out = Vec::new();
    for c in single {
        let Some((batch, slot)) = parse_order_ref(&c.id) else {
            continue;
        };
        let key = doc_id(&c.kind, &c.id);
        let base = base_state(tx, &key).await?;
        let couch_rev = base.as_ref().map(|b| b.couch_rev.clone());
        if c.deleted {
            let req = (tx.store(TOMBSTONES)?.get(&JsValue::from_str(&c.id)))
                .map_err(StoreError::from_js)?;
            let grave = idb::request(&req).await?;
            let rev = match grave.is_undefined() {
                true => now.clone(),
                false => sync::parse_tombstone(&grave)?.rev,
            };
            let batch_there = base_state(tx, &doc_id(ORDER_BATCHES, batch)).await?;
            let mut d = deletion_doc(
                &c.kind,
                &c.id,
                couch_rev.as_deref().unwrap_or_default(),
                (&rev, author),
            );
            match (&base, batch_there) {
                (Some(b), _) if b.body.is_some() => {}
                (None, Some(b)) if b.body.is_some() => drop(d.remove("_rev")),
                _ => continue,
            }
            out.push(Value::Object(d));
            continue;
        }
        let Some((order, loose)) = orders::shared_order(tx, batch, slot).await? else {
            continue;
        };
        let Some(customer) = ids.get(tx).await?.get(&order.customer) else {
            continue;
        };
        let body = order_doc(&order, customer, loose);
        if base.as_ref().and_then(|b| b.body.as_ref()) == Some(&body) {
            continue;
        }
        let d = to_doc(
            &c.kind,
            &c.id,
            &Value::Object(body),
            (now, author),
            couch_rev.as_deref(),
        )
        .map_err(corrupt)?;
        out.push(Value::Object(d));
    }
    Ok(out)
}

/// Every key of store `name` that is text.
async fn keys_of(tx: &Tx, name: &str) -> Result<Vec<String>, StoreError> {
    let req = tx
        .store(name)?
        .get_all_keys()
        .map_err(StoreError::from_js)?;
    let keys: js_sys::Array = idb::request(&req).await?.into();
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

/// This device's current revision: what a deletion found by a full compare (with no
/// tombstone, after a restore) is stamped with.
async fn current_rev(tx: &Tx) -> Result<Rev, StoreError> {
    let by = sync::device_in(tx).await?.unwrap_or_default();
    let n = schema::get_meta(tx, sync::SYNC_SEQ).await? as u64;
    Ok(Rev { n, by })
}

impl Db {
    /// What to push: every record the outbox names, as its document (stamped with the
    /// signed-in user `author`, naming the server revision it replaces), unless the
    /// server already has that revision. A deletion is pushed for a record the server
    /// has; one that never reached it needs nothing.
    pub async fn push_plan(&self, author: &str) -> Result<PushPlan, StoreError> {
        let handlers = handlers();
        let tx = Tx::new(&self.db, &schema::all_stores(), false)?;
        let (keys, vals) = tx.keyed_records(OUTBOX).await?;
        let Some(upto) = keys.iter().last().and_then(|k| k.as_f64()) else {
            return Ok(PushPlan::default());
        };
        let entries = (vals.iter())
            .map(|v| sync::parse_entry(&v))
            .collect::<Result<Vec<_>, _>>()?;
        let mut plan = PushPlan {
            upto: upto as u64,
            ..PushPlan::default()
        };
        let all = OutboxEntry::fold(&entries);
        let mut wanted = candidates(&tx, &all, &handlers, &mut plan.carried).await?;
        let now = current_rev(&tx).await?;
        // New batches: read from their chunks (a deleted one goes as any deletion).
        let (new_batches, rest): (Vec<Candidate>, Vec<Candidate>) = wanted
            .into_iter()
            .partition(|c| c.kind == kehu_core::sync::ORDER_BATCHES && !c.deleted);
        let mut ids = CustomerIds::default();
        let (single, rest): (Vec<Candidate>, Vec<Candidate>) =
            (rest.into_iter()).partition(|c| c.kind == kehu_core::sync::ORDERS);
        wanted = rest;
        wanted.retain(|c| c.deleted || handlers.contains_key(c.kind.as_str()));
        // Orders go after the records: a device pulling them finds their customers
        // arrived (the server's changes keep the order of the pushes), so no batch waits.
        let mut orders = batch_docs(&tx, &new_batches, &mut ids, (author, &now)).await?;
        orders.extend(order_docs(&tx, &single, &mut ids, (author, &now)).await?);
        let (bases, graves) = (tx.store(SYNC_BASE)?, tx.store(TOMBSTONES)?);
        let set_aside = tx.store(SYNC_CONFLICTS)?;
        let mut reads = Vec::with_capacity(wanted.len());
        for c in &wanted {
            let store = match (c.deleted, handlers.get(c.kind.as_str())) {
                (true, _) => graves.clone(),
                (false, Some(h)) => tx.store(h.store())?,
                (false, None) => return Err(corrupt(format!("no store for {}", c.kind))),
            };
            let here = store.get(&JsValue::from_str(&c.id));
            let key = JsValue::from_str(&doc_id(&c.kind, &c.id));
            let base = bases.get(&key).map_err(StoreError::from_js)?;
            let conflict = set_aside.get(&key).map_err(StoreError::from_js)?;
            reads.push((here.map_err(StoreError::from_js)?, base, conflict));
        }
        if let Some((_, _, last)) = reads.last() {
            idb::request(last).await?;
        }
        let result = |r: &web_sys::IdbRequest| r.result().map_err(StoreError::from_js);
        for (c, (here, base, conflict)) in wanted.iter().zip(reads) {
            let here = Some(result(&here)?).filter(|v| !v.is_undefined());
            let record = here.as_ref().filter(|_| !c.deleted);
            let base = kept::base_or_kept(read_base(&result(&base)?)?, record)?;
            let conflict: Option<Conflict> = parse_text(&result(&conflict)?)?;
            if let Some(b) = base.as_ref().filter(|b| !b.losers.is_empty()) {
                for loser in &b.losers {
                    let gone = deletion_doc(&c.kind, &c.id, loser, (&now, author));
                    plan.closing.push(Value::Object(gone));
                }
                plan.branched.push((doc_id(&c.kind, &c.id), b.clone()));
            }
            if let Some(mut doc) = document(c, here, base, (author, &now))? {
                if let Some(x) = conflict {
                    kehu_core::sync::with_conflicts(&mut doc, &x.fields);
                }
                plan.docs.push(Value::Object(doc));
            }
        }
        plan.docs.extend(orders);
        Ok(plan)
    }

    /// Records what the server made of `plan`'s documents (`results`, one per document;
    /// a document without one counts as stale), in one transaction: saved documents
    /// become the base, the outbox up to the plan is cleared, and what was stale stays.
    pub async fn pushed(
        &self,
        plan: &PushPlan,
        results: &[Pushed],
    ) -> Result<PushReport, StoreError> {
        let mut sent: HashMap<&str, Pulled> = HashMap::new();
        for d in &plan.docs {
            let p = from_doc(d).map_err(corrupt)?;
            sent.insert(d["_id"].as_str().unwrap_or_default(), p);
        }
        let tx = Tx::new(
            &self.db,
            &[SYNC_BASE, OUTBOX, TOMBSTONES, schema::META],
            true,
        )?;
        let mut refused: Vec<Refused> = state(&tx, REFUSED).await?.unwrap_or_default();
        let mut left = plan.carried.clone();
        let mut report = PushReport::default();
        let mut saved: HashSet<&str> = HashSet::new();
        for r in results {
            let doc = match r {
                Pushed::Saved { id, .. } | Pushed::Stale { id } | Pushed::Refused { id, .. } => id,
            };
            let Some(p) = sent.remove(doc.as_str()) else {
                continue;
            };
            refused.retain(|x| &x.doc != doc);
            match r {
                Pushed::Saved { rev, .. } => {
                    save_base(&tx, doc, &p, rev)?;
                    saved.insert(doc);
                    report.saved += 1;
                }
                Pushed::Stale { .. } => {
                    note(&mut left, &p);
                    report.stale += 1;
                }
                Pushed::Refused { reason, .. } => {
                    let r = Refused {
                        doc: doc.clone(),
                        reason: reason.clone(),
                    };
                    refused.push(r.clone());
                    report.refused.push(r);
                }
            }
        }
        // The branches were tried: one still on the server (gone already, or its deletion
        // refused) is merged again by the pull that finds it. A record saved has its new
        // base already.
        for (doc, b) in plan
            .branched
            .iter()
            .filter(|(d, _)| !saved.contains(d.as_str()))
        {
            let base = Base {
                losers: Vec::new(),
                ..b.clone()
            };
            (tx.store(SYNC_BASE)?
                .put_with_key(&text_of(&base), &JsValue::from_str(doc)))
            .map_err(StoreError::from_js)?;
        }
        // Not answered for: sent again next time.
        for p in sent.values() {
            note(&mut left, p);
        }
        let range = web_sys::IdbKeyRange::upper_bound(&JsValue::from_f64(plan.upto as f64))
            .map_err(StoreError::from_js)?;
        (tx.store(OUTBOX)?.delete(&range)).map_err(StoreError::from_js)?;
        if !left.is_empty() {
            left.tidy();
            sync::put_entry(&tx, plan.upto, &left)?;
        }
        put_state(&tx, REFUSED, &refused)?;
        tx.commit().await?;
        Ok(report)
    }
}

/// Notes `p` (a document pushed) in `entry`, to be pushed again.
fn note(entry: &mut OutboxEntry, p: &Pulled) {
    match p.record {
        Some(_) => entry.change(&p.kind, [p.id.clone()]),
        None => entry.delete(&p.kind, [p.id.clone()]),
    }
}

/// The server saved `p` (pushed as document `doc`) at `couch_rev`: the new base. A
/// deletion saved needs its tombstone no more.
fn save_base(tx: &Tx, doc: &str, p: &Pulled, couch_rev: &str) -> Result<(), StoreError> {
    // A batch never changes: its base needs no copy of its orders.
    let batch = p.kind == kehu_core::sync::ORDER_BATCHES;
    let base = Base {
        losers: Vec::new(),
        couch_rev: couch_rev.into(),
        rev: p.rev.clone(),
        body: match (&p.record, batch) {
            (Some(_), true) => Some(Map::new()),
            (r, _) => r.clone(),
        },
        parked: false,
    };
    (tx.store(SYNC_BASE)?
        .put_with_key(&text_of(&base), &JsValue::from_str(doc)))
    .map_err(StoreError::from_js)?;
    if p.record.is_none() {
        (tx.store(TOMBSTONES)?.delete(&JsValue::from_str(&p.id))).map_err(StoreError::from_js)?;
    }
    Ok(())
}

/// The document that pushes candidate `c`, given what is stored here (`here`: its
/// record, or for a deletion its tombstone) and its base; `None` when the server has it
/// already.
fn document(
    c: &Candidate,
    here: Option<JsValue>,
    base: Option<Base>,
    (author, now): (&str, &Rev),
) -> Result<Option<Map<String, Value>>, StoreError> {
    let couch_rev = base.as_ref().map(|b| b.couch_rev.as_str());
    if c.deleted {
        // Only what the server has needs deleting there. A deletion undone since (its
        // tombstone gone) needs nothing; after a restore there are no tombstones, and
        // a full compare stamps what it finds gone with the device's current revision.
        let live_there = base.as_ref().is_some_and(|b| b.body.is_some());
        let rev = match (&here, c.full) {
            (Some(t), _) => sync::parse_tombstone(t)?.rev,
            (None, true) => now.clone(),
            (None, false) => return Ok(None),
        };
        return Ok(match (couch_rev, live_there) {
            (Some(r), true) => Some(deletion_doc(&c.kind, &c.id, r, (&rev, author))),
            _ => None,
        });
    }
    let Some(stored) = here else {
        return Ok(None);
    };
    let rev = sync::rev_of(&stored)?.unwrap_or(Rev {
        n: now.n,
        by: now.by.clone(),
    });
    if base.as_ref().is_some_and(|b| b.rev == rev && !b.parked) {
        return Ok(None);
    }
    let body = body_of(&stored)?;
    // A restore stamps what it writes anew: what the server has already needs nothing.
    if c.full
        && base
            .as_ref()
            .is_some_and(|b| b.body.as_ref() == Some(&body) && !b.parked)
    {
        return Ok(None);
    }
    let body = Value::Object(body);
    kehu_core::sync::to_doc(&c.kind, &c.id, &body, (&rev, author), couch_rev)
        .map(Some)
        .map_err(corrupt)
}
