//! The store of every customer-linked record kind (see `kehu_core::kinds`): one object
//! store per kind, named after it, holding `{id, customer, <when>, <indexed…>, doc}`
//! records with an index over `[customer, when]`. Everything here is written once for
//! all kinds: a kind registered in core is stored, backed up, restored, merged, forgotten,
//! rolled back with its import, and announced without a line here naming it.
//!
//! The one thing a kind may add is a derived cache kept in step with its writes (the
//! survey answers snapshot); [`Derived`] is where such a hook goes.

use crate::idb::{self, Tx};
use crate::schema::{self, META};
use crate::sync::{self, Stamp};
use crate::{Change, Db, StoreError, js, responses};
use kehu_core::kinds::{Doc, Feeds, KindInfo, Visit, VisitKind, VisitMut};
use kehu_core::{Docs, Id, Order, SurveyResponse};
use std::collections::{BTreeMap, HashSet};
use std::convert::Infallible;
use wasm_bindgen::prelude::*;

/// Record ids by kind name (what a merge moved, what an import wrote).
pub type DocIds = BTreeMap<String, Vec<String>>;

/// The stored record of `d`, written by the write `stamp`.
pub(crate) fn record<T: Doc>(d: &T, stamp: &Stamp) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "id", &JsValue::from_str(d.id().as_str()));
    // A shop record has no `customer` field, so the customer index leaves it out.
    if let Some(c) = d.customer() {
        js::set(&o, "customer", &JsValue::from_str(c.as_str()));
    }
    js::set(&o, T::INFO.when, &JsValue::from_f64(d.when()));
    for (field, value) in d.indexed() {
        js::set(&o, field, &JsValue::from_str(&value));
    }
    js::set(&o, "doc", &js::to_doc(d));
    stamp.mark(&o);
    o.into()
}

/// A stored record given to another customer: its id and its new record.
type Rehome = fn(&JsValue, &Id, &Stamp) -> Result<(String, JsValue), StoreError>;

/// A registered kind as code that does not know its type handles it.
#[derive(Clone, Copy)]
pub(crate) struct Kind {
    pub info: KindInfo,
    /// The record of a stored record given to another customer, and its id.
    rehome: Rehome,
}

fn rehome<T: Doc>(
    stored: &JsValue,
    to: &Id,
    stamp: &Stamp,
) -> Result<(String, JsValue), StoreError> {
    let mut d: T = js::parse_doc(stored)?;
    d.set_customer(to.clone());
    Ok((d.id().0.clone(), record(&d, stamp)))
}

/// Every registered kind.
pub(crate) fn kinds() -> Vec<Kind> {
    struct All(Vec<Kind>);
    impl VisitKind for All {
        fn kind<T: Doc>(&mut self) {
            self.0.push(Kind {
                info: T::INFO,
                rehome: rehome::<T>,
            });
        }
    }
    let mut all = All(Vec::new());
    kehu_core::kinds::each_kind(&mut all);
    all.0
}

/// A registered kind as replication writes it: from a pulled body (the record as its
/// type serialises, as JSON text), its stored record, stamped with `stamp`, and its customer's id;
/// or why the body is not a record of the kind. Apart from [`kinds`] so that only the
/// worker, which pulls, carries the parsers.
#[derive(Clone, Copy)]
pub(crate) struct Pulling {
    pub info: KindInfo,
    pub record_of: fn(&str, &Stamp) -> Result<Pulled, String>,
}

/// A pulled record as stored, and its customer's id (`None` for a shop record).
pub(crate) type Pulled = (JsValue, Option<String>);

/// Reads the body from JSON text, as a stored record's document is read: one parser
/// per kind serves both (reading from a `Value` would build a second one into the
/// worker for every kind).
fn record_of<T: Doc>(body: &str, stamp: &Stamp) -> Result<Pulled, String> {
    let d: T = serde_json::from_str(body).map_err(|e| e.to_string())?;
    Ok((record(&d, stamp), d.customer().map(|c| c.0.clone())))
}

/// Every registered kind, as replication writes it.
pub(crate) fn pulling_kinds() -> Vec<Pulling> {
    struct All(Vec<Pulling>);
    impl VisitKind for All {
        fn kind<T: Doc>(&mut self) {
            self.0.push(Pulling {
                info: T::INFO,
                record_of: record_of::<T>,
            });
        }
    }
    let mut all = All(Vec::new());
    kehu_core::kinds::each_kind(&mut all);
    all.0
}

/// The object stores of every registered kind.
pub(crate) fn store_names() -> Vec<&'static str> {
    kinds().iter().map(|k| k.info.name).collect()
}

/// Derived caches that follow a kind's writes inside the writing transaction (which
/// holds `meta`). Only survey responses have one: the packed answers the dashboards read.
struct Derived;

impl Derived {
    async fn added<T: Doc>(tx: &Tx, written: &[T]) -> Result<(), StoreError> {
        if T::INFO.name != SurveyResponse::INFO.name {
            return Ok(());
        }
        let rs: Vec<SurveyResponse> = written
            .iter()
            .filter_map(|d| (d as &dyn std::any::Any).downcast_ref().cloned())
            .collect();
        responses::update_answers(tx, &rs, |p| p.append(&rs)).await
    }

    async fn removed(tx: &Tx, kind: &str, ids: &HashSet<&str>) -> Result<(), StoreError> {
        if kind != SurveyResponse::INFO.name || ids.is_empty() {
            return Ok(());
        }
        responses::update_answers(tx, &[], |p| p.remove(ids)).await
    }

    /// Records of every kind written together (a restore, an import).
    async fn added_all(tx: &Tx, docs: &Docs) -> Result<(), StoreError> {
        let rs = &docs.responses;
        responses::update_answers(tx, rs, |p| p.append(rs)).await
    }

    /// Records moved between customers, or a customer forgotten (whose id the cache
    /// names): changes the cache does not follow, so it goes (the next read rebuilds it).
    fn dropped(tx: &Tx, kind: &str) -> Result<(), StoreError> {
        if kind == SurveyResponse::INFO.name {
            responses::drop_answers(tx)?;
        }
        Ok(())
    }
}

/// Drops the derived caches that follow kind `kind` (written by replication, which
/// leaves them to be rebuilt on the next read).
pub(crate) fn drop_derived(tx: &Tx, kind: &str) -> Result<(), StoreError> {
    Derived::dropped(tx, kind)
}

impl Db {
    /// Creates or replaces records of one kind, in one transaction.
    pub async fn put_docs<T: Doc>(&self, items: &[T]) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &[T::INFO.name, META], true)?;
        let stamp = sync::stamp(&tx).await?;
        let store = tx.store(T::INFO.name)?;
        for d in items {
            store.put(&record(d, &stamp)).map_err(StoreError::from_js)?;
        }
        sync::changed(&tx, T::INFO.name, items.iter().map(|d| d.id().0.clone()));
        Derived::added(&tx, items).await?;
        schema::bump_for(&tx, T::INFO.feeds).await?;
        tx.commit().await?;
        self.announce_docs(
            T::INFO.name,
            items.iter().filter_map(|d| Some(d.customer()?.0.clone())),
        );
        Ok(())
    }

    /// Writes those of `items` whose ids this database never held (none stored, none
    /// deleted: a tombstone counts), in one transaction, and returns them. Records
    /// derived from others with ids of their own making (a care rule's tasks) are
    /// written so: one the user finished or deleted is never made again, and two tabs
    /// deriving the same record write it once.
    pub async fn add_new_docs<T: Doc>(&self, items: &[T]) -> Result<Vec<T>, StoreError> {
        let tx = Tx::new(&self.db, &[T::INFO.name, META], true)?;
        let used = used_ids(&tx, T::INFO.name).await?;
        let fresh: Vec<T> = (items.iter())
            .filter(|d| !used.contains(d.id().as_str()))
            .cloned()
            .collect();
        if fresh.is_empty() {
            tx.abort();
            return Ok(fresh);
        }
        let stamp = sync::stamp(&tx).await?;
        let store = tx.store(T::INFO.name)?;
        for d in &fresh {
            store.put(&record(d, &stamp)).map_err(StoreError::from_js)?;
        }
        sync::changed(&tx, T::INFO.name, fresh.iter().map(|d| d.id().0.clone()));
        Derived::added(&tx, &fresh).await?;
        schema::bump_for(&tx, T::INFO.feeds).await?;
        tx.commit().await?;
        self.announce_docs(
            T::INFO.name,
            fresh.iter().filter_map(|d| Some(d.customer()?.0.clone())),
        );
        Ok(fresh)
    }

    /// The ids of kind `T` this database holds or held (see [`Db::add_new_docs`]).
    pub async fn used_ids<T: Doc>(&self) -> Result<HashSet<String>, StoreError> {
        let tx = Tx::new(&self.db, &[T::INFO.name, sync::TOMBSTONES], false)?;
        used_ids(&tx, T::INFO.name).await
    }

    pub async fn put_doc<T: Doc>(&self, d: &T) -> Result<(), StoreError> {
        self.put_docs(std::slice::from_ref(d)).await
    }

    /// Record `id` of one kind as `change` makes it from what is stored (`None`: no such
    /// record yet), read and written in one transaction, so what another tab or a pull
    /// wrote in between is never written over. Nothing is written when it is unchanged.
    pub async fn update_doc<T: Doc>(
        &self,
        id: &str,
        change: impl FnOnce(Option<T>) -> T,
    ) -> Result<T, StoreError> {
        let tx = Tx::new(&self.db, &[T::INFO.name, META], true)?;
        let old: Option<T> = crate::doc(&tx, T::INFO.name, id).await?;
        let new = change(old.clone());
        if old.as_ref() == Some(&new) {
            tx.abort();
            return Ok(new);
        }
        let stamp = sync::stamp(&tx).await?;
        (tx.store(T::INFO.name)?.put(&record(&new, &stamp))).map_err(StoreError::from_js)?;
        sync::changed(&tx, T::INFO.name, [new.id().0.clone()]);
        Derived::added(&tx, std::slice::from_ref(&new)).await?;
        schema::bump_for(&tx, T::INFO.feeds).await?;
        tx.commit().await?;
        self.announce_docs(T::INFO.name, new.customer().map(|c| c.0.clone()));
        Ok(new)
    }

    /// Creates or replaces records of several kinds together, in one transaction (a
    /// task done and the call it is logged as): all of them are written or none.
    pub async fn put_together(&self, docs: &Docs) -> Result<(), StoreError> {
        let kinds = kinds_in(docs);
        let mut stores: Vec<&str> = kinds.iter().map(|k| k.name).collect();
        stores.push(META);
        let tx = Tx::new(&self.db, &stores, true)?;
        write_all(&tx, docs, |_| {}).await?;
        schema::bump_for(&tx, stalest(&kinds)).await?;
        tx.commit().await?;
        self.announce_kinds(docs, &kinds);
        Ok(())
    }

    /// Adds a hand-entered order (with its items and note) and records of any kinds in
    /// one transaction (a quote accepted: its order, the quote, its opportunity won):
    /// all of them are written or none. Returns the order as stored.
    pub async fn add_order_with(&self, order: &Order, docs: &Docs) -> Result<Order, StoreError> {
        let kinds = kinds_in(docs);
        let mut stores: Vec<&str> = kinds.iter().map(|k| k.name).collect();
        stores.extend(schema::ORDER_STORES);
        stores.push(META);
        let tx = Tx::new(&self.db, &stores, true)?;
        let saved = crate::orders::add_in(&tx, order).await?;
        write_all(&tx, docs, |_| {}).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::Orders(vec![order.customer]));
        self.announce_kinds(docs, &kinds);
        Ok(saved)
    }

    /// Announces the records of `docs` of each of `kinds`, by the customers they are of.
    fn announce_kinds(&self, docs: &Docs, kinds: &[KindInfo]) {
        for k in kinds {
            struct Of<'a>(&'a str, Vec<String>);
            impl Visit for Of<'_> {
                type Error = Infallible;
                fn kind<T: Doc>(&mut self, docs: &[T]) -> Result<(), Infallible> {
                    if T::INFO.name == self.0 {
                        self.1 = docs
                            .iter()
                            .filter_map(|d| Some(d.customer()?.0.clone()))
                            .collect();
                    }
                    Ok(())
                }
            }
            let mut of = Of(k.name, Vec::new());
            let Ok(()) = docs.each(&mut of);
            self.announce_docs(k.name, of.1);
        }
    }

    /// Deletes records of several kinds together, in one transaction (a campaign and its
    /// members): all of them go or none. The caller holds them, so its undo is
    /// [`Db::put_together`] of the same.
    pub async fn delete_together(&self, docs: &Docs) -> Result<(), StoreError> {
        let kinds = kinds_in(docs);
        let mut stores: Vec<&str> = kinds.iter().map(|k| k.name).collect();
        stores.push(META);
        let tx = Tx::new(&self.db, &stores, true)?;
        let ids: DocIds = (docs.ids().into_iter())
            .map(|(kind, ids)| (kind.to_string(), ids))
            .collect();
        remove(&tx, &ids).await?;
        schema::bump_for(&tx, stalest(&kinds)).await?;
        tx.commit().await?;
        self.announce_kinds(docs, &kinds);
        Ok(())
    }

    /// Deletes record `id` and returns it, so the caller can offer undo (putting it back).
    pub async fn delete_doc<T: Doc>(&self, id: &str) -> Result<T, StoreError> {
        let old: T = self
            .take_record_with(T::INFO.name, id, async |tx: &Tx| {
                Derived::removed(tx, T::INFO.name, &HashSet::from([id])).await
            })
            .await?;
        self.announce_docs(T::INFO.name, old.customer().map(|c| c.0.clone()));
        Ok(old)
    }

    /// A customer's records of one kind, in timeline order.
    pub async fn docs_of<T: Doc>(&self, customer: &str) -> Result<Vec<T>, StoreError> {
        let tx = Tx::new(&self.db, &[T::INFO.name], false)?;
        raw_of(&tx, T::INFO.name, T::INFO.by_customer, customer)
            .await?
            .iter()
            .map(js::parse_doc)
            .collect()
    }

    /// The record `id` of one kind, if there is one.
    pub async fn doc<T: Doc>(&self, id: &str) -> Result<Option<T>, StoreError> {
        let tx = Tx::new(&self.db, &[T::INFO.name], false)?;
        crate::doc(&tx, T::INFO.name, id).await
    }

    /// Every record of one kind.
    pub async fn all_docs<T: Doc>(&self) -> Result<Vec<T>, StoreError> {
        let tx = Tx::new(&self.db, &[T::INFO.name], false)?;
        let req = tx
            .store(T::INFO.name)?
            .get_all()
            .map_err(StoreError::from_js)?;
        let arr: js_sys::Array = idb::request(&req).await?.into();
        arr.iter().map(|r| js::parse_doc(&r)).collect()
    }

    /// The records of one kind whose `index` value (one of [`KindInfo::indexes`]) is
    /// `lower` or more, both counted in one transaction: (those records, how many
    /// records of the kind there are in all).
    ///
    /// [`KindInfo::indexes`]: kehu_core::kinds::KindInfo::indexes
    pub async fn docs_from<T: Doc>(
        &self,
        index: &str,
        lower: &str,
    ) -> Result<(Vec<T>, u32), StoreError> {
        let range = web_sys::IdbKeyRange::lower_bound(&JsValue::from_str(lower));
        self.docs_in(index, range).await
    }

    /// The records of one kind whose `index` value is from `lower` to `upper` (both
    /// included), and how many records of the kind there are in all.
    pub async fn docs_between<T: Doc>(
        &self,
        index: &str,
        lower: &str,
        upper: &str,
    ) -> Result<(Vec<T>, u32), StoreError> {
        let range =
            web_sys::IdbKeyRange::bound(&JsValue::from_str(lower), &JsValue::from_str(upper));
        self.docs_in(index, range).await
    }

    /// The records of one kind whose time ([`KindInfo::when`]) is from `from` to `to`
    /// (milliseconds, both included), through the kind's time index
    /// ([`KindInfo::by_time`]; none for a kind without one).
    pub async fn docs_timed<T: Doc>(&self, from: f64, to: f64) -> Result<Vec<T>, StoreError> {
        let Some(name) = T::INFO.by_time else {
            return Ok(Vec::new());
        };
        let range = web_sys::IdbKeyRange::bound(&JsValue::from_f64(from), &JsValue::from_f64(to));
        Ok(self.docs_in(name, range).await?.0)
    }

    async fn docs_in<T: Doc>(
        &self,
        index: &str,
        range: Result<web_sys::IdbKeyRange, JsValue>,
    ) -> Result<(Vec<T>, u32), StoreError> {
        let range = range.map_err(StoreError::from_js)?;
        let tx = Tx::new(&self.db, &[T::INFO.name], false)?;
        let store = tx.store(T::INFO.name)?;
        let found = store
            .index(index)
            .and_then(|i| i.get_all_with_key(&range))
            .map_err(StoreError::from_js)?;
        let count = store.count().map_err(StoreError::from_js)?;
        let arr: js_sys::Array = idb::request(&found).await?.into();
        let total = idb::request(&count).await?.as_f64().unwrap_or(0.0) as u32;
        let docs = arr
            .iter()
            .map(|r| js::parse_doc(&r))
            .collect::<Result<_, _>>()?;
        Ok((docs, total))
    }

    pub async fn count_docs<T: Doc>(&self) -> Result<u32, StoreError> {
        let tx = Tx::new(&self.db, &[T::INFO.name], false)?;
        let req = tx
            .store(T::INFO.name)?
            .count()
            .map_err(StoreError::from_js)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }

    pub(crate) fn announce_docs(&self, kind: &str, customers: impl IntoIterator<Item = String>) {
        let mut customers: Vec<String> = customers.into_iter().collect();
        customers.sort();
        customers.dedup();
        self.feed.announce(&Change::Records {
            kind: kind.to_string(),
            customers,
        });
    }
}

/// Gives customer `from`'s records of every kind (only those in `only`, when given) to
/// customer `to` inside write transaction `tx`; returns the ids moved.
pub(crate) async fn move_all(
    tx: &Tx,
    from: &Id,
    to: &Id,
    only: Option<&DocIds>,
) -> Result<DocIds, StoreError> {
    let mut moved = DocIds::new();
    let stamp = sync::stamp(tx).await?;
    for k in kinds() {
        let name = k.info.name;
        let allowed: Option<HashSet<&str>> = only.map(|o| {
            o.get(name)
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect()
        });
        let store = tx.store(name)?;
        let mut ids = Vec::new();
        for stored in raw_of(tx, name, k.info.by_customer, from.as_str()).await? {
            let (id, rec) = (k.rehome)(&stored, to, &stamp)?;
            if allowed.as_ref().is_none_or(|a| a.contains(id.as_str())) {
                store.put(&rec).map_err(StoreError::from_js)?;
                ids.push(id);
            }
        }
        if !ids.is_empty() {
            Derived::dropped(tx, name)?;
            sync::changed(tx, name, ids.iter().cloned());
            moved.insert(name.to_string(), ids);
        }
    }
    Ok(moved)
}

/// The stored records of `customer` in `store`, by the `[customer, …]` index `index`.
async fn raw_of(
    tx: &Tx,
    store: &str,
    index: &str,
    customer: &str,
) -> Result<Vec<JsValue>, StoreError> {
    let idx = tx.store(store)?.index(index).map_err(StoreError::from_js)?;
    let req = idx
        .get_all_with_key(&crate::customer_range(customer)?.into())
        .map_err(StoreError::from_js)?;
    let arr: js_sys::Array = idb::request(&req).await?.into();
    Ok(arr.iter().collect())
}

/// Deletes every record of `customer`, of every kind, inside write transaction `tx`.
pub(crate) async fn remove_customer(tx: &Tx, customer: &Id) -> Result<(), StoreError> {
    for k in kinds() {
        let keys = tx
            .store(k.info.name)?
            .index(k.info.by_customer)
            .map_err(StoreError::from_js)?
            .get_all_keys_with_key(&crate::customer_range(customer.as_str())?.into())
            .map_err(StoreError::from_js)?;
        let keys: js_sys::Array = idb::request(&keys).await?.into();
        let store = tx.store(k.info.name)?;
        for key in keys.iter() {
            store.delete(&key).map_err(StoreError::from_js)?;
        }
        sync::deleted(tx, k.info.name, keys.iter().filter_map(|k| k.as_string()));
        Derived::dropped(tx, k.info.name)?;
    }
    Ok(())
}

/// Deletes the records `ids` (by kind) inside write transaction `tx`.
pub(crate) async fn remove(tx: &Tx, ids: &DocIds) -> Result<(), StoreError> {
    for (kind, ids) in ids {
        let store = tx.store(kind)?;
        for id in ids {
            store
                .delete(&JsValue::from_str(id))
                .map_err(StoreError::from_js)?;
        }
        sync::deleted(tx, kind, ids.iter().cloned());
        Derived::removed(tx, kind, &ids.iter().map(String::as_str).collect()).await?;
    }
    Ok(())
}

/// Of the customers `ids`, those with a record of any kind.
pub(crate) async fn referred<'a>(tx: &Tx, ids: &[&'a str]) -> Result<HashSet<&'a str>, StoreError> {
    let mut requests = Vec::new();
    for k in kinds() {
        let index = tx
            .store(k.info.name)?
            .index(k.info.by_customer)
            .map_err(StoreError::from_js)?;
        for &id in ids {
            let count = index
                .count_with_key(&crate::customer_range(id)?.into())
                .map_err(StoreError::from_js)?;
            requests.push((id, count));
        }
    }
    // Requests complete in order: once the last has, every one has its result.
    if let Some((_, last)) = requests.last() {
        idb::request(last).await?;
    }
    Ok(requests
        .into_iter()
        .filter(|(_, r)| r.result().ok().and_then(|v| v.as_f64()).unwrap_or(0.0) > 0.0)
        .map(|(id, _)| id)
        .collect())
}

/// Every record of every kind, read in `tx`.
pub(crate) async fn read_all(tx: &Tx) -> Result<Docs, StoreError> {
    let mut raw = BTreeMap::new();
    for name in store_names() {
        let req = tx.store(name)?.get_all().map_err(StoreError::from_js)?;
        let arr: js_sys::Array = idb::request(&req).await?.into();
        raw.insert(name, arr);
    }
    struct Parse(BTreeMap<&'static str, js_sys::Array>);
    impl VisitMut for Parse {
        type Error = StoreError;
        fn kind<T: Doc>(&mut self, docs: &mut Vec<T>) -> Result<(), StoreError> {
            if let Some(arr) = self.0.get(T::INFO.name) {
                *docs = arr
                    .iter()
                    .map(|r| js::parse_doc(&r))
                    .collect::<Result<_, _>>()?;
            }
            Ok(())
        }
    }
    let mut docs = Docs::default();
    docs.each_mut(&mut Parse(raw))?;
    Ok(docs)
}

/// Writes every record of `docs` inside write transaction `tx` (which holds every
/// kind's store and `meta`); `step(n)` as records are stored.
pub(crate) async fn write_all(
    tx: &Tx,
    docs: &Docs,
    mut step: impl FnMut(usize),
) -> Result<(), StoreError> {
    struct Records(Vec<(&'static str, Vec<JsValue>)>, Stamp);
    impl Visit for Records {
        type Error = Infallible;
        fn kind<T: Doc>(&mut self, docs: &[T]) -> Result<(), Infallible> {
            let recs = docs.iter().map(|d| record(d, &self.1)).collect();
            self.0.push((T::INFO.name, recs));
            Ok(())
        }
    }
    let stamp = match docs.is_empty() {
        true => Stamp::none(),
        false => sync::stamp(tx).await?,
    };
    let mut records = Records(Vec::new(), stamp);
    let Ok(()) = docs.each(&mut records);
    // A kind without records is not written, so `tx` need not hold its store.
    for (name, recs) in records.0.into_iter().filter(|(_, r)| !r.is_empty()) {
        crate::bulk::put_all(tx, name, &recs, JsValue::clone, &mut step).await?;
    }
    for (kind, ids) in docs.ids() {
        sync::changed(tx, kind, ids);
    }
    Derived::added_all(tx, docs).await
}

/// The keys of store `kind` and of the tombstones (which are keyed by record id).
async fn used_ids(tx: &Tx, kind: &str) -> Result<HashSet<String>, StoreError> {
    let keys = |name: &str| -> Result<_, StoreError> {
        let req = tx
            .store(name)?
            .get_all_keys()
            .map_err(StoreError::from_js)?;
        Ok(idb::request(&req))
    };
    let (held, gone) = (keys(kind)?, keys(sync::TOMBSTONES)?);
    let (held, gone): (js_sys::Array, js_sys::Array) = (held.await?.into(), gone.await?.into());
    Ok((held.iter().chain(gone.iter()))
        .filter_map(|k| k.as_string())
        .collect())
}

/// The kinds `docs` holds records of.
fn kinds_in(docs: &Docs) -> Vec<KindInfo> {
    let counts = docs.counts();
    kinds()
        .into_iter()
        .map(|k| k.info)
        .filter(|k| counts.iter().any(|&(name, n)| name == k.name && n > 0))
        .collect()
}

/// What a write of records of `kinds` together makes stale: the most any of them does.
fn stalest(kinds: &[KindInfo]) -> Feeds {
    kinds
        .iter()
        .map(|k| k.feeds)
        .max()
        .unwrap_or(Feeds::Nothing)
}
