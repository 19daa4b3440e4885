//! kehu's storage: the only code that knows IndexedDB.
//!
//! The key design decision is the order store. Customers, contacts and interactions are
//! tens of thousands of records edited one at a time, so they are ordinary IndexedDB
//! records with indexes. Orders are the bulk that analytics scan (a million for a busy
//! shop), and one IndexedDB record per order writes at ~7,000 rows/s in Chromium, so
//! orders live in columnar chunks of up to [`orders::CHUNK_CAP`] orders: a chunk record
//! holds typed arrays of ids, customer keys, days and amounts. A chunk directory records
//! which customers each chunk holds, so the customer page reads only the chunks it needs.
//! Nothing outside this crate sees the layout: callers get [`kehu_core::Order`] and
//! [`kehu_core::OrderColumns`].
//!
//! Every multi-record write is one transaction: it commits whole or not at all.

mod backup;
mod bulk;
mod changes;
mod customers;
mod docs;
mod idb;
mod imports;
mod insights;
mod js;
mod lines;
mod merge;
mod orders;
mod replica;
mod responses;
mod schema;
mod staff;
mod sync;

pub use bulk::Batch;
pub use changes::{Change, ChangeFeed};
pub use customers::CustomerKey;
pub use docs::DocIds;
#[cfg(feature = "faults")]
pub use idb::faults;
pub use insights::{Alerts, CachedInsights, CachedSales, SalesBasis};
pub use merge::MergeUndo;
pub use orders::CHUNK_CAP;
pub use replica::{Conflict, PullReport, PushPlan, PushReport, Refused};
pub use schema::{DB_NAME, SCHEMA_VERSION};

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// What can go wrong in storage, in terms the UI can explain to a shop owner.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum StoreError {
    #[error("this browser offers no IndexedDB here (private mode?)")]
    Unavailable,
    #[error("the browser's storage quota is exhausted")]
    QuotaExceeded,
    #[error("another tab holds an older version of the database open")]
    Blocked,
    #[error("the database was created by a newer version of kehu")]
    NewerVersion,
    #[error("the database was closed (upgraded by another tab)")]
    Closed,
    #[error("a record conflicts with an existing one")]
    Constraint,
    #[error("the write was rolled back")]
    Aborted,
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("not found")]
    NotFound,
    /// The record was changed (or trashed, merged, deleted, or an import moved on) by
    /// another tab or window since this one read it; nothing was written.
    #[error("changed elsewhere since it was read")]
    Changed,
    #[error("storage error {name}: {message}")]
    Other { name: String, message: String },
}

impl StoreError {
    pub(crate) fn from_dom(e: Option<&web_sys::DomException>) -> StoreError {
        let Some(e) = e else {
            return StoreError::Aborted;
        };
        match e.name().as_str() {
            "QuotaExceededError" => StoreError::QuotaExceeded,
            "VersionError" => StoreError::NewerVersion,
            "ConstraintError" => StoreError::Constraint,
            "AbortError" => StoreError::Aborted,
            "SecurityError" => StoreError::Unavailable,
            "InvalidStateError" => StoreError::Closed,
            name => StoreError::Other {
                name: name.to_string(),
                message: e.message(),
            },
        }
    }

    pub(crate) fn from_js(v: JsValue) -> StoreError {
        match v.dyn_ref::<web_sys::DomException>() {
            Some(d) => StoreError::from_dom(Some(d)),
            None => StoreError::Other {
                name: "Error".into(),
                message: format!("{v:?}"),
            },
        }
    }
}

/// An open kehu database. Cheap to clone.
/// The data versions (see [`Db::versions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    /// Bumped by every write the dashboards read.
    pub data: u64,
    /// The data version of the last write that changed more than the Sales figures;
    /// `None` in a database not written since this was kept.
    pub base: Option<u64>,
}

impl Versions {
    /// Whether insights computed at data version `cached` hold but for the Sales
    /// figures: nothing else they read was written since.
    pub fn only_sales_since(&self, cached: u64) -> bool {
        self.base.is_some_and(|b| b <= cached)
    }
}

#[derive(Clone)]
pub struct Db {
    db: web_sys::IdbDatabase,
    feed: ChangeFeed,
    /// Customers' keys a pull has learnt, for the order batches of its later pages.
    keys: replica::KeyMemo,
}

impl Db {
    /// Opens (creating or upgrading as needed) the database `name`.
    ///
    /// `on_version_change` runs when another tab upgrades the database: this handle is
    /// closed first, so the other tab's upgrade proceeds and this tab never writes with
    /// an outdated schema; the app should ask the user to reload.
    pub async fn open(
        name: &str,
        on_version_change: impl Fn() + 'static,
    ) -> Result<Db, StoreError> {
        let db = schema::open(name, SCHEMA_VERSION).await?;
        let db2 = db.clone();
        let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            db2.close();
            on_version_change();
        });
        db.set_onversionchange(Some(cb.as_ref().unchecked_ref()));
        // The handle lives as long as the page; so does its handler.
        cb.forget();
        let (feed, keys) = (ChangeFeed::new(name), replica::KeyMemo::default());
        // Customers deleted or replaced, here or elsewhere: the keys learnt may name them.
        let (here, there) = (keys.clone(), keys.clone());
        feed.subscribe_here(move |c| here.forget_on(c));
        feed.subscribe(move |c| there.forget_on(c));
        Ok(Db { db, feed, keys })
    }

    /// The feed of changes made by other tabs (and announced by this one).
    pub fn changes(&self) -> &ChangeFeed {
        &self.feed
    }

    pub fn close(&self) {
        self.db.close();
    }

    /// Deletes a whole database (tests, "erase all data").
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        let f = schema::factory()?;
        let req = f.delete_database(name).map_err(StoreError::from_js)?;
        idb::request(&req).await.map(|_| ())
    }

    /// A counter bumped by every committed write; analytics caches compare it.
    pub async fn data_version(&self) -> Result<u64, StoreError> {
        let tx = idb::Tx::new(&self.db, &[schema::META], false)?;
        let v = schema::get_meta(&tx, schema::DATA_VERSION).await?;
        Ok(v as u64)
    }

    /// The data version and the base version (see [`schema::BASE_VERSION`]), read
    /// together.
    pub async fn versions(&self) -> Result<Versions, StoreError> {
        let tx = idb::Tx::new(&self.db, &[schema::META], false)?;
        let data = schema::get_meta(&tx, schema::DATA_VERSION).await?;
        let base = tx
            .store(schema::META)?
            .get(&JsValue::from_str(schema::BASE_VERSION))
            .map_err(StoreError::from_js)?;
        let base = idb::request(&base).await?.as_f64();
        Ok(Versions {
            data: data as u64,
            base: base.map(|b| b as u64),
        })
    }

    /// Deletes record `id` of a document store (`{id, doc, ...}` records) in one
    /// transaction that bumps the data version, and returns the document so the caller
    /// can offer undo.
    pub(crate) async fn take_record<T: serde::de::DeserializeOwned>(
        &self,
        store_name: &str,
        id: &str,
    ) -> Result<T, StoreError> {
        self.take_record_with(store_name, id, async |_: &idb::Tx| Ok(()))
            .await
    }

    /// [`Db::take_record`], with `also` run in the same transaction (which holds `meta`)
    /// before it commits: what else the deletion must change.
    pub(crate) async fn take_record_with<T: serde::de::DeserializeOwned>(
        &self,
        store_name: &str,
        id: &str,
        also: impl AsyncFnOnce(&idb::Tx) -> Result<(), StoreError>,
    ) -> Result<T, StoreError> {
        let tx = idb::Tx::new(&self.db, &[store_name, schema::META], true)?;
        let store = tx.store(store_name)?;
        let key = JsValue::from_str(id);
        let v = idb::request(&store.get(&key).map_err(StoreError::from_js)?).await?;
        if v.is_undefined() {
            tx.abort();
            return Err(StoreError::NotFound);
        }
        let old: T = js::parse_doc(&v)?;
        store.delete(&key).map_err(StoreError::from_js)?;
        sync::deleted(&tx, store_name, [id.to_string()]);
        also(&tx).await?;
        schema::bump_for(&tx, schema::feeds(store_name)).await?;
        tx.commit().await?;
        Ok(old)
    }

    /// Removes every record (keeps the schema). One transaction.
    pub async fn clear_all(&self) -> Result<(), StoreError> {
        let tx = idb::Tx::new(&self.db, &schema::all_stores(), true)?;
        for s in schema::all_stores() {
            tx.store(s)?.clear().map_err(StoreError::from_js)?;
        }
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(())
    }
}

/// A database's every record, store by store: `(store, [(key, value)])`, both as JSON
/// text (typed arrays as objects). Two dumps are equal exactly when the stores hold the
/// same records.
#[cfg(feature = "faults")]
pub type Dump = Vec<(String, Vec<(String, String)>)>;

#[cfg(feature = "faults")]
impl Db {
    /// Every record of every store, read in one transaction (for the failure tests,
    /// which compare the database before a failed write with after it).
    pub async fn dump(&self) -> Result<Dump, StoreError> {
        let tx = idb::Tx::new(&self.db, &schema::all_stores(), false)?;
        let json = |v: JsValue| -> String {
            js_sys::JSON::stringify(&v)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        for name in schema::all_stores() {
            let (keys, vals) = tx.keyed_records(name).await?;
            let records = keys.iter().zip(vals.iter());
            out.push((
                name.to_string(),
                records.map(|(k, v)| (json(k), json(v))).collect(),
            ));
        }
        Ok(out)
    }
}

/// The document of record `id` in `store` (`{id, doc, …}` records), if there is one.
pub(crate) async fn doc<T: serde::de::DeserializeOwned>(
    tx: &idb::Tx,
    store: &str,
    id: &str,
) -> Result<Option<T>, StoreError> {
    let req = tx
        .store(store)?
        .get(&JsValue::from_str(id))
        .map_err(StoreError::from_js)?;
    let v = idb::request(&req).await?;
    if v.is_undefined() {
        return Ok(None);
    }
    js::parse_doc(&v).map(Some)
}

/// The keys of a `[customer, …]` index that start with `customer`.
pub(crate) fn customer_range(customer: &str) -> Result<web_sys::IdbKeyRange, StoreError> {
    let c = JsValue::from_str(customer);
    let lo = js_sys::Array::of2(&c, &JsValue::from_f64(f64::NEG_INFINITY));
    let hi = js_sys::Array::of2(&c, &JsValue::from_f64(f64::INFINITY));
    web_sys::IdbKeyRange::bound(&lo, &hi).map_err(StoreError::from_js)
}

/// Asks the browser to keep this site's data under storage pressure. Returns whether it
/// was granted (`None` where the API does not exist).
pub async fn request_persistence() -> Option<bool> {
    let nav = web_sys::window()?.navigator();
    let storage = js::get(&nav, "storage")
        .ok()
        .filter(|v| !v.is_undefined())?
        .unchecked_into::<web_sys::StorageManager>();
    let already = wasm_bindgen_futures::JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?;
    if already.as_bool() == Some(true) {
        return Some(true);
    }
    let p = storage.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(p)
        .await
        .ok()
        .and_then(|v| v.as_bool())
}
