//! Customer records: one IndexedDB record each, with indexes, plus a snapshot for loading
//! them all quickly.
//!
//! Reading 100,000 small records costs IndexedDB itself ~2.5 s, so [`Db::all_customers`]
//! reads a snapshot instead: every customer document as JSON arrays in a few large
//! records, complete up to a write sequence number. Each transaction that writes
//! customers takes the next number and stamps it on the records it writes (`seq`,
//! indexed); loading is the snapshot plus the records with a higher `seq`, merged by id.
//! The snapshot is a cache: when the records changed since it grow large it is rewritten,
//! and without it the load reads every record. A bulk write (an import batch, a restore)
//! whose transaction finds the snapshot complete appends its customers to it as one more
//! part, so after a 100,000-customer import the list loads from the snapshot rather than
//! from 100,000 records; a customer in a later part replaces its copy in an earlier one. Customers are never deleted one by one
//! (deletion is a flag), so a snapshot can never bring back a removed record; erasing
//! everything clears the snapshot with the records.
//!
//! Each part is two records, put together by [`put_part`]: the documents at number `n`,
//! and the same customers' [`CustomerKey`] fields alone at `[KEY_LAYOUT, n]`. Every job
//! of the analytics worker, and every import that only looks customers up, reads only
//! the keys: a third of the bytes to read and parse. A database whose parts lack their
//! keys in this layout (written before they existed, or before the landline joined them
//! as `[n]`) is read whole instead, and its next full load rewrites the snapshot.

use crate::idb::{self, Tx};
use crate::schema::{self, CUSTOMER_SNAPSHOT, CUSTOMERS, META};
use crate::sync::{self, Stamp};
use crate::{Change, Db, StoreError, js};
use kehu_core::Customer;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Customers per snapshot record (~3–4 MB of JSON).
const SNAPSHOT_CHUNK: usize = 5_000;

/// The first element of a key part's key: which [`CustomerKey`] fields it holds. Parts
/// under any other key (`[n]`: before the landline was among them) are never read as
/// keys, so a key part never lacks a field a reader takes for empty.
const KEY_LAYOUT: &str = "k2";

/// The stored form: the customer as a JSON document (fields at their defaults left out),
/// plus the fields indexes need: key and write sequence.
pub(crate) fn record(c: &Customer, seq: f64, stamp: &Stamp) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "id", &JsValue::from_str(c.id.as_str()));
    js::set(&o, "key", &JsValue::from_f64(c.key as f64));
    js::set(&o, "seq", &JsValue::from_f64(seq));
    js::set(&o, "doc", &js::to_doc(c));
    stamp.mark(&o);
    o.into()
}

/// Puts customers (already given their keys and revisions) in write transaction `tx`,
/// stamped with its write, and notes them in its journal. A record replaced that kept
/// its sync base hands it over first.
pub(crate) async fn put_in(tx: &Tx, written: &[Customer], seq: f64) -> Result<(), StoreError> {
    if written.is_empty() {
        return Ok(());
    }
    let stamp = sync::stamp(tx).await?;
    let settle =
        crate::replica::Settle::before(tx, written.iter().map(|c| c.id.as_str()).collect()).await?;
    let store = tx.store(CUSTOMERS)?;
    for c in written {
        store
            .put(&record(c, seq, &stamp))
            .map_err(StoreError::from_js)?;
    }
    sync::changed(
        tx,
        kehu_core::sync::CUSTOMERS,
        written.iter().map(|c| c.id.0.clone()),
    );
    settle.finish(tx).await
}

/// How many customers [`Db::customers_by_id`] asks for at once.
const BY_ID_SLICE: usize = 100;

/// The stored customers among `ids`, read in `tx` with every request issued before
/// any is awaited; those not stored are left out.
pub(crate) async fn stored_among<'a>(
    tx: &Tx,
    ids: impl Iterator<Item = &'a str>,
) -> Result<Vec<Customer>, StoreError> {
    let store = tx.store(CUSTOMERS)?;
    let requests = ids
        .map(|id| store.get(&JsValue::from_str(id)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(StoreError::from_js)?;
    // Requests complete in order: once the last has, every one has its result.
    if let Some(last) = requests.last() {
        idb::request(last).await?;
    }
    let mut out = Vec::with_capacity(requests.len());
    for r in requests {
        let v = r.result().map_err(StoreError::from_js)?;
        if !v.is_undefined() {
            out.push(js::parse_doc(&v)?);
        }
    }
    Ok(out)
}

/// The stored customers among `ids`, read in `tx` as the run of records between the
/// least and the greatest id, [`BY_ID_SLICE`] a request; `None` when that run holds
/// many others. A pulled page names customers mostly in id order (a push sends them
/// so): a hundred records a request cost the page's thread a fraction of a hundred
/// reads, and the database's a hundredth of the requests.
async fn in_their_range(tx: &Tx, ids: &[String]) -> Result<Option<Vec<Customer>>, StoreError> {
    let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    let (Some(lo), Some(hi)) = (wanted.iter().min(), wanted.iter().max()) else {
        return Ok(Some(Vec::new()));
    };
    let store = tx.store(CUSTOMERS)?;
    let whole =
        web_sys::IdbKeyRange::bound(&(*lo).into(), &(*hi).into()).map_err(StoreError::from_js)?;
    let count = idb::request(&store.count_with_key(&whole).map_err(StoreError::from_js)?).await?;
    if wanted.len() < 16 || count.as_f64().unwrap_or(f64::INFINITY) > (2 * wanted.len()) as f64 {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(wanted.len());
    let mut range = whole;
    loop {
        let req = (store.get_all_with_key_and_limit(&range, BY_ID_SLICE as u32))
            .map_err(StoreError::from_js)?;
        let got: js_sys::Array = idb::request(&req).await?.into();
        let mut last = None;
        for v in got.iter() {
            let id = js::get(&v, "id")?.as_string().unwrap_or_default();
            if wanted.contains(id.as_str()) {
                out.push(js::parse_doc(&v)?);
            }
            last = Some(id);
        }
        match last {
            Some(after) if got.length() as usize == BY_ID_SLICE => {
                range = web_sys::IdbKeyRange::bound_with_lower_open_and_upper_open(
                    &after.into(),
                    &(*hi).into(),
                    true,
                    false,
                )
                .map_err(StoreError::from_js)?;
            }
            _ => return Ok(Some(out)),
        }
    }
}

/// Every stored customer's id by key, read in `tx` (the batches a push sends name
/// customers by id).
pub(crate) async fn ids_by_key(
    tx: &Tx,
) -> Result<std::collections::HashMap<u32, String>, StoreError> {
    let req = tx
        .store(CUSTOMERS)?
        .get_all()
        .map_err(StoreError::from_js)?;
    let all: js_sys::Array = idb::request(&req).await?.into();
    let mut out = std::collections::HashMap::with_capacity(all.length() as usize);
    for v in all.iter() {
        out.insert(js::get_f64(&v, "key")? as u32, js::get_string(&v, "id")?);
    }
    Ok(out)
}

/// Gives the customers with key 0 the next free keys, inside write transaction `tx`
/// (which holds `meta`). No index checks that keys are unique (see `schema.rs`, v8), so
/// this refuses, as [`StoreError::Constraint`], a key never handed out or one given
/// twice in `customers`.
pub(crate) async fn assign_keys(tx: &Tx, customers: &mut [Customer]) -> Result<(), StoreError> {
    let handed = schema::get_meta(tx, schema::CUSTOMER_KEY_SEQ).await? as u32;
    let mut seen = std::collections::HashSet::new();
    if customers
        .iter()
        .any(|c| c.key > handed || (c.key != 0 && !seen.insert(c.key)))
    {
        return Err(StoreError::Constraint);
    }
    let mut next = handed;
    for c in customers.iter_mut().filter(|c| c.key == 0) {
        if next >= kehu_core::backup::MAX_CUSTOMER_KEY {
            return Err(StoreError::Constraint);
        }
        next += 1;
        c.key = next;
    }
    if next > handed {
        schema::put_meta(tx, schema::CUSTOMER_KEY_SEQ, next as f64)?;
    }
    Ok(())
}

/// Refuses, as [`StoreError::Changed`], a write of customers that were edited from a
/// revision the store has moved past: each customer with a key (one that was stored)
/// must still be stored, under that key, at the revision it carries. Then gives each one
/// its next revision. Inside write transaction `tx`, before the customers are put.
pub(crate) async fn next_revs(tx: &Tx, customers: &mut [Customer]) -> Result<(), StoreError> {
    let store = tx.store(CUSTOMERS)?;
    let mut requests = Vec::new();
    for (i, c) in customers.iter().enumerate().filter(|(_, c)| c.key != 0) {
        let req = store
            .get(&JsValue::from_str(c.id.as_str()))
            .map_err(StoreError::from_js)?;
        requests.push((i, req));
    }
    // Requests complete in order: once the last has, every one has its result.
    if let Some((_, last)) = requests.last() {
        idb::request(last).await?;
    }
    for (i, req) in requests {
        let v = req.result().map_err(StoreError::from_js)?;
        let stored: Option<(u32, u32)> = if v.is_undefined() {
            None
        } else {
            let c: Customer = js::parse_doc(&v)?;
            Some((c.key, c.rev))
        };
        let c = &customers[i];
        // Not stored and never written (revision 0): not an edit; whether its key may
        // be used is `assign_keys`'s call.
        let fresh = stored.is_none() && c.rev == 0;
        if !fresh && stored != Some((c.key, c.rev)) {
            return Err(StoreError::Changed);
        }
    }
    for c in customers.iter_mut() {
        c.rev += 1;
    }
    Ok(())
}

/// Takes the next customer write sequence number inside a write transaction.
pub(crate) async fn next_seq(tx: &Tx) -> Result<f64, StoreError> {
    let seq = schema::get_meta(tx, schema::CUSTOMER_SEQ).await? + 1.0;
    schema::put_meta(tx, schema::CUSTOMER_SEQ, seq)?;
    Ok(seq)
}

/// A customer document as loaded: the whole customer, or a light view of it.
trait Doc: serde::de::DeserializeOwned {
    /// Whether the snapshot's key parts hold all of it.
    const IN_KEYS: bool;
    fn doc_id(&self) -> &str;
}

impl Doc for Customer {
    const IN_KEYS: bool = false;
    fn doc_id(&self) -> &str {
        &self.id.0
    }
}

/// A customer's key, id, whether it is in the trash, the fields of its known id (what
/// the analytics break ties by: [`kehu_core::known_id`]), its landline (with those, what
/// an imported order's customer is found by: [`CustomerKey::person`]), its region and
/// owner (what a pivot report cuts by) and its birth or founding date (what care rules
/// read).
///
/// Written as the snapshot's key parts under the customer document's own field names,
/// so the same reader takes it from either.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct CustomerKey {
    pub id: kehu_core::Id,
    pub key: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<kehu_core::Millis>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    mobile: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    region: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    birth_date: Option<kehu_core::Day>,
}

impl CustomerKey {
    /// The key fields of `c`.
    pub fn of(c: &Customer) -> CustomerKey {
        CustomerKey {
            id: c.id.clone(),
            key: c.key,
            deleted: c.deleted,
            code: c.code.clone(),
            email: c.email.clone(),
            mobile: c.mobile.clone(),
            phone: c.phone.clone(),
            name: c.name.clone(),
            region: c.region.clone(),
            owner: c.owner.clone(),
            birth_date: c.birth_date,
        }
    }

    /// Who looks after the customer (a staff id; empty for nobody).
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// A person's birth date, an organisation's founding date.
    pub fn born(&self) -> Option<kehu_core::Day> {
        self.birth_date
    }

    pub fn known_id(&self) -> &str {
        kehu_core::known_id(&self.code, &self.email, &self.mobile, &self.name)
    }

    /// What an import finds the customer by ([`Person::of`](kehu_core::dedup::Person::of)
    /// of the whole customer but for the city, which finding by reference never reads).
    pub fn person(&self) -> kehu_core::dedup::Person<'_> {
        kehu_core::dedup::Person {
            id: &self.id.0,
            key: self.key,
            name: &self.name,
            code: &self.code,
            email: &self.email,
            phones: vec![&self.mobile, &self.phone],
            city: "",
            deleted: self.deleted.is_some(),
        }
    }

    /// What a pivot report cuts by.
    pub fn facet(self) -> kehu_core::analytics::pivot::CustomerFacet {
        kehu_core::analytics::pivot::CustomerFacet {
            id: self.id,
            key: self.key,
            deleted: self.deleted,
            name: self.name,
            region: self.region,
            owner: self.owner,
        }
    }
}

impl Doc for CustomerKey {
    const IN_KEYS: bool = true;
    fn doc_id(&self) -> &str {
        &self.id.0
    }
}

/// How a load went: from the snapshot or not, records merged on top, the write number.
struct Loaded {
    from_snapshot: bool,
    /// Records read besides the snapshot, plus copies in the snapshot that a later part
    /// replaced: what a rewrite would save.
    changed: usize,
    /// Records the snapshot is in (bulk writes add parts).
    parts: usize,
    /// Whether every part has its keys beside it.
    keyed: bool,
    seq: f64,
}

/// Appends `written` (just put in `tx` with write number `seq`) to the snapshot, if the
/// snapshot is complete up to the write before; otherwise leaves it, and the next load
/// reads these records on top of it. `tx` holds the snapshot and `meta`.
pub(crate) async fn extend_snapshot(
    tx: &Tx,
    written: &[Customer],
    seq: f64,
) -> Result<(), StoreError> {
    if written.is_empty() || schema::get_meta(tx, schema::SNAPSHOT_SEQ).await? != seq - 1.0 {
        return Ok(());
    }
    let store = tx.store(CUSTOMER_SNAPSHOT)?;
    let count = store
        .count_with_key(&doc_parts()?)
        .map_err(StoreError::from_js)?;
    let parts = idb::request(&count).await?.as_f64().unwrap_or(0.0);
    for (i, part) in written.chunks(SNAPSHOT_CHUNK).enumerate() {
        put_part(&store, parts + i as f64, &Part::of(part))?;
    }
    schema::put_meta(tx, schema::SNAPSHOT_SEQ, seq)
}

/// One part of the snapshot as stored: its customers' documents and their key fields,
/// each a JSON array in UTF-8.
struct Part {
    docs: Vec<u8>,
    keys: Vec<u8>,
}

impl Part {
    fn of(customers: &[Customer]) -> Part {
        let keys: Vec<CustomerKey> = customers.iter().map(CustomerKey::of).collect();
        // Our own plain types always serialise.
        Part {
            docs: serde_json::to_vec(customers).unwrap_or_default(),
            keys: serde_json::to_vec(&keys).unwrap_or_default(),
        }
    }
}

/// Puts part number `n`: the documents at `n`, the keys at `[KEY_LAYOUT, n]`. The only
/// way a part is written, so no part lacks its keys (but those from before keys existed,
/// or in an older layout).
fn put_part(store: &web_sys::IdbObjectStore, n: f64, part: &Part) -> Result<(), StoreError> {
    for (bytes, key) in [
        (&part.docs, JsValue::from_f64(n)),
        (
            &part.keys,
            js_sys::Array::of2(&KEY_LAYOUT.into(), &JsValue::from_f64(n)).into(),
        ),
    ] {
        store
            .put_with_key(&js_sys::Uint8Array::from(&bytes[..]), &key)
            .map_err(StoreError::from_js)?;
    }
    Ok(())
}

/// The documents' parts: every number (numbers sort before arrays).
fn doc_parts() -> Result<JsValue, StoreError> {
    web_sys::IdbKeyRange::upper_bound(&JsValue::from_f64(f64::INFINITY))
        .map(JsValue::from)
        .map_err(StoreError::from_js)
}

/// The keys' parts in today's layout: every `[KEY_LAYOUT, n]` (numbers sort before
/// arrays, so `[KEY_LAYOUT]` < `[KEY_LAYOUT, n]` < `[KEY_LAYOUT, []]`).
fn key_parts() -> Result<JsValue, StoreError> {
    let layout = JsValue::from(KEY_LAYOUT);
    web_sys::IdbKeyRange::bound(
        &js_sys::Array::of1(&layout),
        &js_sys::Array::of2(&layout, &js_sys::Array::new()),
    )
    .map(JsValue::from)
    .map_err(StoreError::from_js)
}

/// The snapshot's parts: its keys when `keys` asks for them and every part has them,
/// else its documents; and whether every part has its keys.
async fn snapshot_parts(tx: &Tx, keys: bool) -> Result<(js_sys::Array, bool), StoreError> {
    let store = tx.store(CUSTOMER_SNAPSHOT)?;
    let count = |range| store.count_with_key(&range).map_err(StoreError::from_js);
    let (docs, with_keys) = (count(doc_parts()?)?, count(key_parts()?)?);
    let get_all = |range| store.get_all_with_key(&range).map_err(StoreError::from_js);
    // The keys are asked for with the counts, not after them: a load waits for one
    // round trip, and only a snapshot from before key parts reads some for nothing.
    let key_chunks = match keys {
        true => Some(get_all(key_parts()?)?),
        false => None,
    };
    let keyed = idb::request(&docs).await?.as_f64() == idb::request(&with_keys).await?.as_f64();
    let chunks = match key_chunks {
        Some(req) if keyed => req,
        _ => get_all(doc_parts()?)?,
    };
    Ok((idb::request(&chunks).await?.into(), keyed))
}

fn parse_all<T: Doc>(v: JsValue) -> Result<Vec<T>, StoreError> {
    let arr: js_sys::Array = v.into();
    let mut out = Vec::with_capacity(arr.length() as usize);
    for rec in arr.iter() {
        out.push(js::parse_doc(&rec)?);
    }
    Ok(out)
}

impl Db {
    /// Creates or replaces customers in one transaction. A customer with `key == 0` gets
    /// the next free key (written back into the returned copies); one with a key must be
    /// stored at the revision it carries ([`StoreError::Changed`] otherwise: saved,
    /// trashed or merged elsewhere since it was read). Every one is written at its next
    /// revision. If any write fails (a key never handed out, the quota), none is kept.
    pub async fn put_customers(&self, customers: &[Customer]) -> Result<Vec<Customer>, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS, META], true)?;
        let mut out = customers.to_vec();
        next_revs(&tx, &mut out).await?;
        assign_keys(&tx, &mut out).await?;
        let seq = next_seq(&tx).await?;
        put_in(&tx, &out, seq).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        // Other tabs refetch named customers one by one; past a few hundred, reloading
        // everything is cheaper than a message with every id.
        self.feed.announce(&if out.len() > 500 {
            Change::All
        } else {
            Change::Customers(out.iter().map(|c| c.id.0.clone()).collect())
        });
        Ok(out)
    }

    /// Creates or replaces one customer; see [`Db::put_customers`].
    pub async fn put_customer(&self, c: &Customer) -> Result<Customer, StoreError> {
        let mut v = self.put_customers(std::slice::from_ref(c)).await?;
        v.pop().ok_or(StoreError::NotFound)
    }

    pub async fn customer(&self, id: &str) -> Result<Option<Customer>, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS], false)?;
        crate::doc(&tx, CUSTOMERS, id).await
    }

    /// The stored customers among `ids`, read in one transaction (a pull announces a
    /// page of them at once); those not stored are left out.
    pub async fn customers_by_id(&self, ids: &[String]) -> Result<Vec<Customer>, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS], false)?;
        if let Some(out) = in_their_range(&tx, ids).await? {
            return Ok(out);
        }
        // A few at a time: asking for a thousand and reading them holds a page's thread
        // for 60 ms; each slice is asked once the one before has arrived, in a task
        // of its own (the transaction lives on meanwhile, since a request is pending).
        let mut out = Vec::with_capacity(ids.len());
        for slice in ids.chunks(BY_ID_SLICE) {
            out.extend(stored_among(&tx, slice.iter().map(String::as_str)).await?);
        }
        Ok(out)
    }

    /// Every customer, including those in the trash, in no particular order.
    ///
    /// Reads the snapshot and the records written since (see the module docs); when those
    /// are many, or there is no snapshot yet, rewrites the snapshot afterwards so the next
    /// load is fast. A failure to rewrite it costs only speed, so it is not reported.
    pub async fn all_customers(&self) -> Result<Vec<Customer>, StoreError> {
        Ok(self.load_customers().await?.0)
    }

    /// [`Db::all_customers`], also saying whether the snapshot was read (for tests).
    pub async fn load_customers(&self) -> Result<(Vec<Customer>, bool), StoreError> {
        let (all, loaded) = self.load_docs::<Customer>().await?;
        let stale = loaded.changed > (all.len() / 20).max(256)
            || loaded.parts > all.len() / SNAPSHOT_CHUNK + 16
            || !loaded.keyed;
        if (!loaded.from_snapshot && !all.is_empty()) || stale {
            let _ = self.write_snapshot(&all, loaded.seq).await;
        }
        Ok((all, loaded.from_snapshot))
    }

    /// Every customer's key, id and trash flag, read from the same snapshot without
    /// building whole customers (what the analytics worker needs, in a fraction of the
    /// time).
    pub async fn customer_keys(&self) -> Result<Vec<CustomerKey>, StoreError> {
        Ok(self.load_docs::<CustomerKey>().await?.0)
    }

    /// The snapshot plus the records written since, merged by id, as `T`.
    async fn load_docs<T: Doc>(&self) -> Result<(Vec<T>, Loaded), StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS, CUSTOMER_SNAPSHOT, META], false)?;
        let current = schema::get_meta(&tx, schema::CUSTOMER_SEQ).await?;
        let snap_seq = schema::get_meta(&tx, schema::SNAPSHOT_SEQ).await?;
        let (chunks, keyed) = snapshot_parts(&tx, T::IN_KEYS).await?;
        let has_snapshot = chunks.length() > 0;
        let since = if has_snapshot {
            let range = web_sys::IdbKeyRange::lower_bound_with_open(&snap_seq.into(), true)
                .map_err(StoreError::from_js)?;
            tx.store(CUSTOMERS)?
                .index("seq")
                .map_err(StoreError::from_js)?
                .get_all_with_key(&range)
        } else {
            tx.store(CUSTOMERS)?.get_all()
        }
        .map_err(StoreError::from_js)?;
        let records: Vec<T> = parse_all(idb::request(&since).await?)?;
        drop(tx);

        let parts = chunks.length() as usize;
        let mut all: Vec<T> = Vec::new();
        let mut at: HashMap<String, usize> =
            HashMap::with_capacity(parts * SNAPSHOT_CHUNK + records.len());
        // Later parts and then the records replace earlier copies; says whether it did.
        let mut add = |c: T, all: &mut Vec<T>| match at.get(c.doc_id()) {
            Some(&i) => {
                all[i] = c;
                true
            }
            None => {
                at.insert(c.doc_id().to_string(), all.len());
                all.push(c);
                false
            }
        };
        let mut replaced = 0;
        for chunk in chunks.iter() {
            // UTF-8 bytes, not a JS string: handing them to wasm is a copy, not a transcode.
            let bytes = chunk
                .dyn_into::<js_sys::Uint8Array>()
                .map_err(|_| StoreError::Corrupt("customer snapshot".into()))?
                .to_vec();
            let part: Vec<T> =
                serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            all.reserve(part.len());
            for c in part {
                replaced += add(c, &mut all) as usize;
            }
        }
        let changed = replaced + records.len();
        for c in records {
            add(c, &mut all);
        }
        Ok((
            all,
            Loaded {
                from_snapshot: has_snapshot,
                changed,
                parts,
                keyed,
                seq: current,
            },
        ))
    }

    /// Replaces the snapshot with `all`, complete up to write number `seq`, unless another
    /// tab has meanwhile written a newer one.
    async fn write_snapshot(&self, all: &[Customer], seq: f64) -> Result<(), StoreError> {
        // Serialise before opening the transaction: it must not idle while we compute.
        let parts: Vec<Part> = all.chunks(SNAPSHOT_CHUNK).map(Part::of).collect();
        let tx = Tx::new(&self.db, &[CUSTOMER_SNAPSHOT, META], true)?;
        if schema::get_meta(&tx, schema::SNAPSHOT_SEQ).await? > seq {
            tx.abort();
            return Ok(());
        }
        let store = tx.store(CUSTOMER_SNAPSHOT)?;
        store.clear().map_err(StoreError::from_js)?;
        for (i, p) in parts.iter().enumerate() {
            put_part(&store, i as f64, p)?;
        }
        schema::put_meta(&tx, schema::SNAPSHOT_SEQ, seq)?;
        tx.commit().await
    }

    /// How many customer records exist, the trash included.
    pub async fn count_customers(&self) -> Result<u32, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS], false)?;
        let req = tx.store(CUSTOMERS)?.count().map_err(StoreError::from_js)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }
}
