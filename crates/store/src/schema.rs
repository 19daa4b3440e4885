//! Schema versions and migrations.
//!
//! Each version is one step applied in the upgrade transaction, in order, from the
//! version found to [`SCHEMA_VERSION`]. A step that fails aborts the upgrade, and the
//! database stays exactly at its old version: nothing is half-migrated.
//!
//! - v1: stores `meta`, `customers` (key path `id`, unique index `key`), `interactions`
//!   (index `customer_at`), `order_chunks`, `order_dir`, `order_details`. Customer records
//!   were `{id, key, doc}`.
//! - v2: customer records carry denormalised `seq`, `deleted`, `tags`, `email`, `phone`
//!   fields with indexes on them (tags multi-entry); existing records are rewritten from
//!   their `doc`. New store `customer_snapshot`: the customer list cache (see
//!   `customers.rs`).
//! - v3: store `insights`, the analytics cache (see `insights.rs`).
//! - v4: store `responses`, survey responses (key path `id`, index `customer_day`).
//! - v5: store `surveys`, designed surveys (key path `id`); responses get an index
//!   `survey` (records answering a designed survey carry its id in a `survey` field).
//! - v6: the customers' `tags`, `email` and `phone` indexes are dropped.
//! - v7: stores `imports` (the import history, key path `id`) and `import_undo` (what
//!   each batch of an import wrote, keyed `[import id, batch]`), see `imports.rs`.
//! - v8: the customers' unique `key` index is dropped. Nothing reads by it; keys are
//!   handed out from `customer_key_seq` in the transaction that writes the customers, and
//!   a restore checks a backup's keys, so it only cost every write (a fifth of a bulk
//!   import).
//! - v9: records ready to share (see `sync.rs`): stores `outbox` and `tombstones`; every
//!   order chunk gets a batch id (its global name) and `loose: false`.
//! - v10, v11: the staff and opportunities record kinds (stores from the registration).
//! - v12: opportunities get the index `settled` ("open", or the day one closed), so the
//!   pipeline board reads the open and recently closed ones without the rest; existing
//!   records get the field from their `doc`.
//! - v18: store `order_lines` (see `orders.rs`); the items in `order_details` move into
//!   it, and details keep only notes.
//! - v27: stores `sync_base` and `sync_conflicts`, replication's state (see
//!   `replica.rs`).
//! - v29: the shop's shared settings, a record kind (store from the registration).
//!
//! After the steps, every record kind registered in `kehu_core::kinds` that has no store
//! gets one (see `docs.rs`): a new kind is a version step that may do nothing else.

use crate::idb;
use crate::js;
use crate::{StoreError, customers};
use kehu_core::kinds::Feeds;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbTransaction};

pub const DB_NAME: &str = "kehu";
pub const SCHEMA_VERSION: u32 = 29;

pub const META: &str = "meta";
pub const CUSTOMERS: &str = "customers";
/// The stores of the first two record kinds, as the early migrations created them.
const INTERACTIONS: &str = "interactions";
pub const ORDER_CHUNKS: &str = "order_chunks";
pub const ORDER_DIR: &str = "order_dir";
pub const ORDER_DETAILS: &str = "order_details";
pub const ORDER_LINES: &str = "order_lines";
/// The stores an order lives in: every transaction that writes orders holds them all.
pub const ORDER_STORES: &[&str] = &[ORDER_CHUNKS, ORDER_DIR, ORDER_DETAILS, ORDER_LINES];
pub const CUSTOMER_SNAPSHOT: &str = "customer_snapshot";
pub const INSIGHTS: &str = "insights";
const RESPONSES: &str = "responses";
pub const SURVEYS: &str = "surveys";
pub const IMPORTS: &str = "imports";
pub const IMPORT_UNDO: &str = "import_undo";
/// The stores besides those of the record kinds (see `docs.rs`).
const FIXED_STORES: &[&str] = &[
    META,
    CUSTOMERS,
    CUSTOMER_SNAPSHOT,
    ORDER_CHUNKS,
    ORDER_DIR,
    ORDER_DETAILS,
    ORDER_LINES,
    INSIGHTS,
    SURVEYS,
    IMPORTS,
    IMPORT_UNDO,
    crate::sync::OUTBOX,
    crate::sync::TOMBSTONES,
    crate::replica::SYNC_BASE,
    crate::replica::SYNC_CONFLICTS,
];

/// The stores that describe the server rather than the data: a restore keeps them.
pub const SYNC_STATE: &[&str] = &[crate::replica::SYNC_BASE, crate::replica::SYNC_CONFLICTS];

/// Every object store: the fixed ones and one per registered record kind.
pub fn all_stores() -> Vec<&'static str> {
    with_kinds(FIXED_STORES)
}

/// `a` and `b` together.
pub fn with(a: &[&'static str], b: &[&'static str]) -> Vec<&'static str> {
    [a, b].concat()
}

/// `stores` and the store of every registered record kind.
pub fn with_kinds(stores: &[&'static str]) -> Vec<&'static str> {
    let mut all = stores.to_vec();
    all.extend(crate::docs::store_names());
    all
}

pub const DATA_VERSION: &str = "data_version";
/// The data version of the last write that changed more than the Sales figures read
/// (absent in a database last written before it was kept).
pub const BASE_VERSION: &str = "base_version";
pub const CUSTOMER_KEY_SEQ: &str = "customer_key_seq";
/// Bumped by every transaction that writes customers; each record written carries it.
pub const CUSTOMER_SEQ: &str = "customer_seq";
/// Bumped by every transaction that deletes customers or replaces them all (a restore):
/// what a pull learnt of customers' keys holds while it stays the same.
pub const CUSTOMERS_GONE: &str = "customers_gone";

/// Notes in `tx` that customers were deleted or replaced.
pub(crate) async fn customers_gone(tx: &idb::Tx) -> Result<(), StoreError> {
    let n = get_meta(tx, CUSTOMERS_GONE).await?;
    put_meta(tx, CUSTOMERS_GONE, n + 1.0)
}
/// The `customer_seq` the customer snapshot is complete up to.
pub const SNAPSHOT_SEQ: &str = "customer_snapshot_seq";

pub fn factory() -> Result<web_sys::IdbFactory, StoreError> {
    let v = js::get(&js_sys::global(), "indexedDB").map_err(|_| StoreError::Unavailable)?;
    if v.is_undefined() || v.is_null() {
        return Err(StoreError::Unavailable);
    }
    v.dyn_into().map_err(|_| StoreError::Unavailable)
}

/// Opens `name` at `version`, running the migration steps the database is missing.
pub async fn open(name: &str, version: u32) -> Result<IdbDatabase, StoreError> {
    let req = factory()?
        .open_with_u32(name, version)
        .map_err(StoreError::from_js)?;
    let failure: Rc<RefCell<Option<StoreError>>> = Rc::default();
    let (r, f) = (req.clone(), failure.clone());
    let upgrade = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
        move |e: web_sys::IdbVersionChangeEvent| {
            let old = e.old_version() as u32;
            let (Ok(db), Some(tx)) = (
                r.result().and_then(|d| d.dyn_into::<IdbDatabase>()),
                r.transaction(),
            ) else {
                return;
            };
            if let Err(err) = migrate(&db, &tx, old, version) {
                *f.borrow_mut() = Some(err);
                let _ = tx.abort();
            }
        },
    );
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = idb::open_request(&req).await;
    drop(upgrade);
    if let Some(e) = failure.borrow_mut().take() {
        return Err(e);
    }
    result?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| StoreError::Corrupt("open returned no database".into()))
}

fn migrate(db: &IdbDatabase, tx: &IdbTransaction, old: u32, new: u32) -> Result<(), StoreError> {
    for v in old + 1..=new {
        match v {
            1 => v1(db)?,
            2 => v2(db, tx)?,
            3 => {
                db.create_object_store(INSIGHTS)
                    .map_err(StoreError::from_js)?;
            }
            4 => {
                let store = db
                    .create_object_store_with_optional_parameters(RESPONSES, &key_path_params("id"))
                    .map_err(StoreError::from_js)?;
                let pair = js_sys::Array::of2(&"customer".into(), &"day".into());
                index(&store, "customer_day", &pair, false, false)?;
            }
            5 => {
                db.create_object_store_with_optional_parameters(SURVEYS, &key_path_params("id"))
                    .map_err(StoreError::from_js)?;
                let responses = tx.object_store(RESPONSES).map_err(StoreError::from_js)?;
                index(&responses, "survey", &"survey".into(), false, false)?;
            }
            6 => {
                // Nothing queries customers by tag, email or phone (the list searches the
                // rows in memory); the indexes only slowed every write, bulk imports by a
                // third.
                let customers = tx.object_store(CUSTOMERS).map_err(StoreError::from_js)?;
                for name in ["tags", "email", "phone"] {
                    customers.delete_index(name).map_err(StoreError::from_js)?;
                }
            }
            7 => {
                db.create_object_store_with_optional_parameters(IMPORTS, &key_path_params("id"))
                    .map_err(StoreError::from_js)?;
                db.create_object_store(IMPORT_UNDO)
                    .map_err(StoreError::from_js)?;
            }
            8 => {
                let customers = tx.object_store(CUSTOMERS).map_err(StoreError::from_js)?;
                customers.delete_index("key").map_err(StoreError::from_js)?;
            }
            9 => {
                for name in [crate::sync::OUTBOX, crate::sync::TOMBSTONES] {
                    db.create_object_store(name).map_err(StoreError::from_js)?;
                }
                let chunks = tx.object_store(ORDER_CHUNKS).map_err(StoreError::from_js)?;
                rewrite_all(tx, &chunks, |chunk| {
                    let o: &js_sys::Object = chunk.unchecked_ref();
                    js::set(o, "batch", &crate::sync::new_id().0.into());
                    js::set(o, "loose", &false.into());
                    Ok(chunk)
                })?;
            }
            // Staff, the first record kind of the whole shop: its store comes from the
            // registration.
            10 => {}
            // Opportunities: their store comes from the registration too.
            11 => {}
            // The board's index: open opportunities and the day others closed.
            12 => reindex::<kehu_core::opportunity::Opportunity>(db, tx)?,
            // Tasks: their store and agenda index come from the registration.
            13 => {}
            // Leads: their store comes from the registration.
            14 => {}
            // The calendar's visits: interactions by when they happened.
            15 => time_index::<kehu_core::Interaction>(db, tx)?,
            // Products and quotes: their stores come from the registration.
            16 => {}
            // Expenses: their store comes from the registration.
            17 => {}
            // Order lines in columns, one record per chunk; the items kept one order at
            // a time in `order_details` move there.
            18 => {
                db.create_object_store(ORDER_LINES)
                    .map_err(StoreError::from_js)?;
                lift_items(tx)?;
            }
            // Saved segments: their store comes from the registration.
            19 => {}
            // Service tickets: their store comes from the registration.
            20 => {}
            // Contracts and warranties: likewise.
            21 => {}
            // Knowledge-base articles: likewise.
            22 => {}
            // Care rules: likewise.
            23 => {}
            // Tickets by when they were settled, so the desk reads only the open ones.
            24 => reindex::<kehu_core::Ticket>(db, tx)?,
            // Campaigns and their members (by campaign): from the registration.
            25 => {}
            // Points spent on orders (the rewards programme): from the registration.
            26 => {}
            // Replication's state (see `replica.rs`).
            27 => {
                for name in [crate::replica::SYNC_BASE, crate::replica::SYNC_CONFLICTS] {
                    db.create_object_store(name).map_err(StoreError::from_js)?;
                }
            }
            // Order chunks by batch: replication finds the chunk of a batch it pushes,
            // or learns a pulled one is here already.
            28 => {
                let chunks = tx.object_store(ORDER_CHUNKS).map_err(StoreError::from_js)?;
                index(&chunks, "batch", &"batch".into(), false, false)?;
            }
            // The shop's shared settings (`kehu_core::shop`): from the registration.
            29 => {}
            _ => return Err(StoreError::NewerVersion),
        }
    }
    create_kind_stores(db)
}

/// Creates the store and indexes of every registered record kind that has none yet:
/// a new kind needs only a schema version step (which may do nothing else).
fn create_kind_stores(db: &IdbDatabase) -> Result<(), StoreError> {
    let names = db.object_store_names();
    for k in crate::docs::kinds() {
        let info = k.info;
        if names.contains(info.name) {
            continue;
        }
        let store = db
            .create_object_store_with_optional_parameters(info.name, &key_path_params("id"))
            .map_err(StoreError::from_js)?;
        let pair = js_sys::Array::of2(&"customer".into(), &info.when.into());
        index(&store, info.by_customer, &pair, false, false)?;
        for field in info.indexes {
            index(&store, field, &(*field).into(), false, false)?;
        }
        if let Some(name) = info.by_time {
            index(&store, name, &info.when.into(), false, false)?;
        }
    }
    Ok(())
}

/// Creates a kind's index over its time field (`KindInfo::by_time`) when its store lacks
/// it. Every record already carries the field, so the browser fills the index itself.
fn time_index<T: kehu_core::kinds::Doc>(
    db: &IdbDatabase,
    tx: &IdbTransaction,
) -> Result<(), StoreError> {
    let Some(name) = T::INFO.by_time else {
        return Ok(());
    };
    if !db.object_store_names().contains(T::INFO.name) {
        return Ok(());
    }
    let store = tx.object_store(T::INFO.name).map_err(StoreError::from_js)?;
    if !store.index_names().contains(name) {
        index(&store, name, &T::INFO.when.into(), false, false)?;
    }
    Ok(())
}

/// Creates the indexes a registered kind declares that its store lacks, and fills them:
/// every record gets the indexed fields its document gives. A kind whose store does not
/// exist yet gets it, indexes and all, from [`create_kind_stores`].
fn reindex<T: kehu_core::kinds::Doc>(
    db: &IdbDatabase,
    tx: &IdbTransaction,
) -> Result<(), StoreError> {
    if !db.object_store_names().contains(T::INFO.name) {
        return Ok(());
    }
    let store = tx.object_store(T::INFO.name).map_err(StoreError::from_js)?;
    let names = store.index_names();
    for field in T::INFO.indexes {
        if !names.contains(field) {
            index(&store, field, &(*field).into(), false, false)?;
        }
    }
    rewrite_all(tx, &store, |rec| {
        let doc: T = js::parse_doc(&rec)?;
        let o: &js_sys::Object = rec.unchecked_ref();
        for (field, value) in doc.indexed() {
            js::set(o, field, &JsValue::from_str(&value));
        }
        Ok(rec)
    })
}

fn key_path_params(path: &str) -> IdbObjectStoreParameters {
    let p = IdbObjectStoreParameters::new();
    p.set_key_path(&JsValue::from_str(path));
    p
}

fn index(
    store: &web_sys::IdbObjectStore,
    name: &str,
    path: &JsValue,
    unique: bool,
    multi: bool,
) -> Result<(), StoreError> {
    let p = web_sys::IdbIndexParameters::new();
    p.set_unique(unique);
    p.set_multi_entry(multi);
    store
        .create_index_with_str_sequence_and_optional_parameters(name, path, &p)
        .map(|_| ())
        .map_err(StoreError::from_js)
}

fn v1(db: &IdbDatabase) -> Result<(), StoreError> {
    let e = StoreError::from_js;
    db.create_object_store(META).map_err(e)?;
    let customers = db
        .create_object_store_with_optional_parameters(CUSTOMERS, &key_path_params("id"))
        .map_err(e)?;
    index(&customers, "key", &"key".into(), true, false)?;
    let interactions = db
        .create_object_store_with_optional_parameters(INTERACTIONS, &key_path_params("id"))
        .map_err(e)?;
    let pair = js_sys::Array::of2(&"customer".into(), &"at".into());
    index(&interactions, "customer_at", &pair, false, false)?;
    db.create_object_store(ORDER_CHUNKS).map_err(e)?;
    db.create_object_store(ORDER_DIR).map_err(e)?;
    db.create_object_store(ORDER_DETAILS).map_err(e)?;
    Ok(())
}

fn v2(db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), StoreError> {
    db.create_object_store(CUSTOMER_SNAPSHOT)
        .map_err(StoreError::from_js)?;
    let store = tx.object_store(CUSTOMERS).map_err(StoreError::from_js)?;
    index(&store, "seq", &"seq".into(), false, false)?;
    index(&store, "tags", &"tags".into(), false, true)?;
    index(&store, "email", &"email".into(), false, false)?;
    index(&store, "phone", &"phone".into(), false, false)?;
    // Every record rewritten with the new fields.
    rewrite_all(tx, &store, |old| {
        js::parse_doc::<kehu_core::Customer>(&old)
            .map(|c| customers::record(&c, 0.0, &crate::sync::Stamp::none()))
    })
}

/// Rewrites every record of `store` with `f`, walking a cursor inside the upgrade
/// transaction `tx` (which stays alive while the cursor has requests pending). A record
/// `f` refuses aborts the upgrade: nothing is silently dropped.
fn rewrite_all(
    tx: &IdbTransaction,
    store: &web_sys::IdbObjectStore,
    f: impl Fn(JsValue) -> Result<JsValue, StoreError> + 'static,
) -> Result<(), StoreError> {
    let cursor_req = store.open_cursor().map_err(StoreError::from_js)?;
    let (req, tx) = (cursor_req.clone(), tx.clone());
    let step = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let Ok(v) = req.result() else { return };
        let Ok(cursor) = v.dyn_into::<web_sys::IdbCursorWithValue>() else {
            return; // done
        };
        match cursor.value().map_err(StoreError::from_js).and_then(&f) {
            Ok(rec) => {
                let _ = cursor.update(&rec);
                let _ = cursor.continue_();
            }
            Err(_) => {
                let _ = tx.abort();
            }
        }
    });
    cursor_req.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    // The callback must outlive this function; one small closure per upgrade is leaked.
    step.forget();
    Ok(())
}

/// Moves every order's items from `order_details` into `order_lines` (schema 18),
/// walking a cursor inside the upgrade transaction: details are in id order, so each
/// chunk's lines are complete when the cursor leaves the chunk, and written then. A
/// detail that cannot be read aborts the upgrade.
fn lift_items(tx: &IdbTransaction) -> Result<(), StoreError> {
    let details = tx
        .object_store(ORDER_DETAILS)
        .map_err(StoreError::from_js)?;
    let lines = tx.object_store(ORDER_LINES).map_err(StoreError::from_js)?;
    let cursor_req = details.open_cursor().map_err(StoreError::from_js)?;
    let (req, tx) = (cursor_req.clone(), tx.clone());
    let cap = crate::orders::CHUNK_CAP;
    // The chunk being gathered and its lines.
    let mut open: Option<(u32, kehu_core::OrderLines)> = None;
    let flush = move |open: &mut Option<(u32, kehu_core::OrderLines)>| {
        if let Some((no, l)) = open.take() {
            let _ = lines.put_with_key(&crate::lines::to_js(&l), &JsValue::from_f64(no as f64));
        }
    };
    let step = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let Ok(v) = req.result() else { return };
        let Ok(cursor) = v.dyn_into::<web_sys::IdbCursorWithValue>() else {
            flush(&mut open); // done
            return;
        };
        let id = cursor.key().ok().and_then(|k| k.as_f64()).unwrap_or(0.0) as u32;
        let old = cursor
            .value()
            .ok()
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str::<crate::orders::Details>(&s).ok());
        let Some(old) = old else {
            let _ = tx.abort();
            return;
        };
        if !old.items.is_empty() {
            if open.as_ref().is_some_and(|(no, _)| *no != id / cap) {
                flush(&mut open);
            }
            let (_, l) = open.get_or_insert_with(|| (id / cap, Default::default()));
            l.set_items(id, &old.items);
            let _ = match old.note.is_empty() {
                true => cursor.delete().map(drop),
                false => cursor.update(&crate::orders::note_doc(old.note)).map(drop),
            };
        }
        let _ = cursor.continue_();
    });
    cursor_req.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    // The callback must outlive this function; one small closure per upgrade is leaked.
    step.forget();
    Ok(())
}

pub async fn get_meta(tx: &idb::Tx, key: &str) -> Result<f64, StoreError> {
    let req = tx
        .store(META)?
        .get(&JsValue::from_str(key))
        .map_err(StoreError::from_js)?;
    Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0))
}

pub fn put_meta(tx: &idb::Tx, key: &str, v: f64) -> Result<(), StoreError> {
    tx.store(META)?
        .put_with_key(&JsValue::from_f64(v), &JsValue::from_str(key))
        .map(|_| ())
        .map_err(StoreError::from_js)
}

/// What of the analytics a write to this store makes stale: a write to a store that
/// feeds nothing (an interaction, a note) leaves the dashboards fresh, so logging a call
/// never recomputes a million orders.
pub fn feeds(store: &str) -> Feeds {
    if matches!(
        store,
        CUSTOMERS | ORDER_CHUNKS | ORDER_DIR | ORDER_LINES | SURVEYS
    ) {
        return Feeds::Everything;
    }
    crate::docs::kinds()
        .iter()
        .find(|k| k.info.name == store)
        .map_or(Feeds::Nothing, |k| k.info.feeds)
}

pub async fn bump_version(tx: &idb::Tx) -> Result<(), StoreError> {
    bump_for(tx, Feeds::Everything).await
}

/// Bumps the data version for a write that makes `stale` stale: every dashboard, or only
/// the Sales figures (the base version stays, so the worker knows the rest still holds).
/// Nothing happens for a write that feeds nothing.
pub async fn bump_for(tx: &idb::Tx, stale: Feeds) -> Result<(), StoreError> {
    if !stale.analytics() {
        return Ok(());
    }
    let v = get_meta(tx, DATA_VERSION).await? + 1.0;
    put_meta(tx, DATA_VERSION, v)?;
    if stale == Feeds::Everything {
        put_meta(tx, BASE_VERSION, v)?;
    }
    Ok(())
}
