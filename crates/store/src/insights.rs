//! The analytics cache: the dashboards' [`Insights`] as last computed, with the data
//! version they were computed from, so a dashboard opens instantly and knows when it is
//! stale.
//!
//! The record `insights["latest"]`: `{version, doc: JSON of the aggregates}` plus the
//! per-customer columns as typed arrays (100,000 customers read back in a few
//! milliseconds, where JSON would take tens). Writing it does not bump the data version:
//! it is derived data, not data. The record carries its `format`: a cache in an older
//! format reads as none, so the page recomputes it rather than showing partial results.
//! Beside it, `insights["basket"]` holds the basket analysis alone (JSON), for a
//! product's page ("bought together"), written in the same transaction; and
//! `insights["sales"]` the Sales figures with their own version and request
//! ([`CachedSales`]): when only opportunities change, the worker recomputes those alone
//! and writes that record, and [`Db::insights`] gives the newer figures.

use crate::idb::{self, Tx};
use crate::schema::INSIGHTS;
use crate::{Db, StoreError, js};
use kehu_core::analytics::basket::Basket;
use kehu_core::analytics::insights::{
    ChurnRow, Insights, OccasionRow, PaidByOwnerMonth, PerCustomer, Request,
};
use kehu_core::analytics::sales::SalesFigures;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

const KEY: &str = "latest";
/// The basket analysis of `latest`, apart (`insights["basket"]`: its JSON).
const BASKET: &str = "basket";
/// The Sales figures, apart and possibly newer (`insights["sales"]`: [`CachedSales`]'s
/// JSON).
const SALES: &str = "sales";
/// Bumped when the record's fields or their meaning change (2: cohorts, months active,
/// latest CSAT; 3: ties by the ids the user knows, so caches of 2 recompute; 4: the
/// overview the home page shows; 5: the Sales dashboard; 6: the basket analysis).
const FORMAT: f64 = 6.0;

/// The Sales figures as last computed, for `request` at data version `version`: that of
/// the rest of the insights, or a later one when only opportunities changed since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedSales {
    pub version: u64,
    pub request: Request,
    pub sales: Option<SalesFigures>,
}

/// What recomputing the Sales figures alone needs of the cached ones (read without
/// the rest of them: the worker never parses the whole figures).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SalesBasis {
    pub version: u64,
    pub request: Request,
    /// `None` when there were no figures (no opportunity at all).
    pub sales: Option<PaidOnly>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PaidOnly {
    pub paid_by_owner_month: PaidByOwnerMonth,
}

/// The alerts of the cached insights: who is at risk of leaving (the list's first
/// [`kehu_core::analytics::insights::LIST_LEN`]) and whose habitual months are coming,
/// as of `request.as_of`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Alerts {
    pub request: Request,
    pub churn: Vec<ChurnRow>,
    pub occasions: Vec<OccasionRow>,
}

/// Cached insights and the data version they describe.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedInsights {
    pub version: u64,
    pub insights: Insights,
}

/// The record `latest` when there is one in this format (one in an older format reads
/// as none: the page recomputes it).
async fn latest(tx: &Tx) -> Result<Option<JsValue>, StoreError> {
    let req = tx
        .store(INSIGHTS)?
        .get(&JsValue::from_str(KEY))
        .map_err(StoreError::from_js)?;
    let v = idb::request(&req).await?;
    let current = js::get(&v, "format").ok().and_then(|f| f.as_f64()) == Some(FORMAT);
    Ok((!v.is_undefined() && !v.is_null() && current).then_some(v))
}

impl Db {
    /// Replaces the cached insights (one put, one transaction).
    pub async fn put_insights(&self, version: u64, ins: &Insights) -> Result<(), StoreError> {
        let o = js_sys::Object::new();
        js::set(&o, "version", &JsValue::from_f64(version as f64));
        js::set(&o, "format", &JsValue::from_f64(FORMAT));
        js::set(&o, "doc", &js::to_doc(ins));
        let c = &ins.customers;
        for (k, col) in [
            ("segment", &c.segment),
            ("tier", &c.tier),
            ("quadrant", &c.quadrant),
            ("cluster", &c.cluster),
            ("churn_risk", &c.churn_risk),
            ("rf", &c.rf),
            ("loyalty", &c.loyalty),
            ("csat", &c.csat),
        ] {
            js::set(&o, k, &js_sys::Uint8Array::from(&col[..]));
        }
        js::set(&o, "p_alive", &js_sys::Float32Array::from(&c.p_alive[..]));
        js::set(&o, "clv", &js_sys::Float32Array::from(&c.clv[..]));
        js::set(
            &o,
            "first_month",
            &js_sys::Int32Array::from(&c.first_month[..]),
        );
        js::set(&o, "months", &js_sys::Uint16Array::from(&c.months[..]));
        js::set(&o, "months_to", &JsValue::from_f64(c.months_to as f64));
        let tx = Tx::new(&self.db, &[INSIGHTS], true)?;
        let store = tx.store(INSIGHTS)?;
        store
            .put_with_key(&o, &JsValue::from_str(KEY))
            .map_err(StoreError::from_js)?;
        // The basket on its own too: a product's page reads only that.
        match &ins.basket {
            Some(b) => store.put_with_key(&js::to_doc(b), &JsValue::from_str(BASKET)),
            None => store.delete(&JsValue::from_str(BASKET)),
        }
        .map_err(StoreError::from_js)?;
        let sales = CachedSales {
            version,
            request: ins.request,
            sales: ins.sales.clone(),
        };
        put_sales(&tx, &sales)?;
        tx.commit().await
    }

    /// Replaces the cached Sales figures alone (one put, one transaction).
    pub async fn put_sales(&self, sales: &CachedSales) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &[INSIGHTS], true)?;
        put_sales(&tx, sales)?;
        tx.commit().await
    }

    /// What recomputing the cached Sales figures alone needs of them.
    pub async fn sales_basis(&self) -> Result<Option<SalesBasis>, StoreError> {
        let tx = Tx::new(&self.db, &[INSIGHTS], false)?;
        read_sales(&tx).await
    }

    /// The basket analysis of the cached insights, read without the rest of them.
    pub async fn basket(&self) -> Result<Option<Basket>, StoreError> {
        let tx = Tx::new(&self.db, &[INSIGHTS], false)?;
        let req = tx
            .store(INSIGHTS)?
            .get(&JsValue::from_str(BASKET))
            .map_err(StoreError::from_js)?;
        match idb::request(&req).await?.as_string() {
            Some(s) => serde_json::from_str(&s)
                .map(Some)
                .map_err(|e| StoreError::Corrupt(format!("basket: {e}"))),
            None => Ok(None),
        }
    }

    /// The churn-risk list and the occasions of the cached insights, read without the
    /// rest of them (the care rules' worker would otherwise carry every dashboard's
    /// reader).
    pub async fn alerts(&self) -> Result<Option<Alerts>, StoreError> {
        let tx = Tx::new(&self.db, &[INSIGHTS], false)?;
        match latest(&tx).await? {
            Some(v) => js::parse_doc(&v).map(Some),
            None => Ok(None),
        }
    }

    /// The per-customer results of the cached insights alone (what a segment's slice
    /// of the analytics selects on), read without the dashboards' figures.
    pub async fn per_customer(&self) -> Result<Option<PerCustomer>, StoreError> {
        let tx = Tx::new(&self.db, &[INSIGHTS], false)?;
        match latest(&tx).await? {
            Some(v) => per_customer(&v).map(Some),
            None => Ok(None),
        }
    }

    /// The cached insights, if any were computed.
    pub async fn insights(&self) -> Result<Option<CachedInsights>, StoreError> {
        let tx = Tx::new(&self.db, &[INSIGHTS], false)?;
        let Some(v) = latest(&tx).await? else {
            return Ok(None);
        };
        let sales: Option<CachedSales> = read_sales(&tx).await?;
        let mut insights: Insights = js::parse_doc(&v)?;
        insights.customers = per_customer(&v)?;
        let mut version = js::get_f64(&v, "version")? as u64;
        // Sales figures recomputed since, for the same request, stand for the newer data.
        if let Some(s) = sales
            && s.version > version
            && s.request == insights.request
        {
            insights.sales = s.sales;
            version = s.version;
        }
        Ok(Some(CachedInsights { version, insights }))
    }
}

/// The per-customer columns of the record `latest` (`v`), with their lengths checked.
fn per_customer(v: &JsValue) -> Result<PerCustomer, StoreError> {
    let bad = |k: &str| StoreError::Corrupt(format!("insights: {k}"));
    let bytes = |k: &str| -> Result<Vec<u8>, StoreError> {
        let a: js_sys::Uint8Array = js::get(v, k)?.dyn_into().map_err(|_| bad(k))?;
        Ok(a.to_vec())
    };
    let floats = |k: &str| -> Result<Vec<f32>, StoreError> {
        let a: js_sys::Float32Array = js::get(v, k)?.dyn_into().map_err(|_| bad(k))?;
        Ok(a.to_vec())
    };
    let c = PerCustomer {
        segment: bytes("segment")?,
        tier: bytes("tier")?,
        quadrant: bytes("quadrant")?,
        cluster: bytes("cluster")?,
        churn_risk: bytes("churn_risk")?,
        rf: bytes("rf")?,
        loyalty: bytes("loyalty")?,
        csat: bytes("csat")?,
        p_alive: floats("p_alive")?,
        clv: floats("clv")?,
        first_month: {
            let a: js_sys::Int32Array = js::get(v, "first_month")?
                .dyn_into()
                .map_err(|_| bad("first_month"))?;
            a.to_vec()
        },
        months: {
            let a: js_sys::Uint16Array = js::get(v, "months")?
                .dyn_into()
                .map_err(|_| bad("months"))?;
            a.to_vec()
        },
        months_to: js::get_f64(v, "months_to")? as i32,
    };
    let n = c.tier.len();
    if [
        c.segment.len(),
        c.quadrant.len(),
        c.cluster.len(),
        c.churn_risk.len(),
        c.rf.len(),
        c.p_alive.len(),
        c.clv.len(),
        c.loyalty.len(),
        c.csat.len(),
        c.first_month.len(),
        c.months.len(),
    ]
    .iter()
    .any(|&l| l != n)
    {
        return Err(bad("column lengths differ"));
    }
    Ok(c)
}

fn put_sales(tx: &Tx, sales: &CachedSales) -> Result<(), StoreError> {
    tx.store(INSIGHTS)?
        .put_with_key(&js::to_doc(sales), &JsValue::from_str(SALES))
        .map(|_| ())
        .map_err(StoreError::from_js)
}

async fn read_sales<T: serde::de::DeserializeOwned>(tx: &Tx) -> Result<Option<T>, StoreError> {
    let req = tx
        .store(INSIGHTS)?
        .get(&JsValue::from_str(SALES))
        .map_err(StoreError::from_js)?;
    match idb::request(&req).await?.as_string() {
        Some(s) => serde_json::from_str(&s)
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("sales: {e}"))),
        None => Ok(None),
    }
}
