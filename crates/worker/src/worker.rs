use kehu_core::AnswerColumns;
use kehu_core::analytics::insights::{FromWorker, Request, Stage, ToWorker, compute, sales_again};
use kehu_core::analytics::known_id_order;
use kehu_core::envelope::{Reply, Request as Envelope};
use kehu_core::opportunity::Opportunity;
use kehu_store::{CachedSales, CustomerKey, Db, StoreError, Versions};
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

pub(crate) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts `reply` in the envelope (`{reply}`), with `payload` beside it when given.
pub(crate) fn send(reply: &Reply<StoreError>, payload: Option<&JsValue>) {
    // Our own plain types always serialise.
    let text = serde_json::to_string(reply).unwrap_or_default();
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"reply".into(), &JsValue::from_str(&text));
    if let Some(p) = payload {
        let _ = js_sys::Reflect::set(&o, &"payload".into(), p);
    }
    let _ = scope().post_message(&o);
}

fn post(m: FromWorker) {
    send(&Reply::Analytics(m), None);
}

pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        send(&Reply::Crashed(info.to_string()), None);
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let data = e.data();
        let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
        let request = field("request")
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str::<Envelope>(&s).ok());
        let file = field("file").and_then(|f| f.dyn_into::<web_sys::File>().ok());
        match request {
            Some(Envelope::Analytics(ToWorker::Run { request, full })) => {
                wasm_bindgen_futures::spawn_local(async move {
                    match run(request, full).await {
                        Ok(version) => post(FromWorker::Done { version }),
                        Err(e) => post(FromWorker::Failed {
                            error: e.to_string(),
                        }),
                    }
                })
            }
            Some(Envelope::Import(r)) => crate::import::on_request(*r, file),
            Some(Envelope::Pivot(ask)) => crate::pivot::on_request(ask),
            Some(Envelope::Service(ask)) => crate::service::on_request(ask),
            Some(Envelope::Care(ask)) => crate::care::on_request(ask),
            Some(Envelope::Marketing(ask)) => crate::marketing::on_request(ask),
            Some(Envelope::Sync(ask)) => crate::sync::on_request(ask),
            None => send(&Reply::Crashed("unreadable request".into()), None),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    send(&Reply::Ready, None);
}

async fn run(request: Request, full: bool) -> Result<u64, StoreError> {
    post(FromWorker::Progress { stage: Stage::Read });
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    // The versions are read first: if data changes while we read, the result is marked
    // with the older version and counts as stale, never the other way round.
    let versions = db.versions().await?;
    let done = match full {
        false => refresh_sales(&db, request, versions).await?,
        true => None,
    };
    let version = match done {
        Some(v) => v,
        None => compute_all(&db, request, versions.data).await?,
    };
    db.close();
    Ok(version)
}

/// Brings the stored Sales figures to data version `versions.data` by recomputing them
/// alone, when they were computed for `request` and only opportunities changed since
/// (a stage moved on the board); `None` when everything must be computed.
async fn refresh_sales(
    db: &Db,
    request: Request,
    versions: Versions,
) -> Result<Option<u64>, StoreError> {
    let Some(cached) = db.sales_basis().await? else {
        return Ok(None);
    };
    if cached.request != request || !versions.only_sales_since(cached.version) {
        return Ok(None);
    }
    if cached.version == versions.data {
        return Ok(Some(cached.version));
    }
    // Without figures to keep the paid orders from, only a full computation knows them.
    let Some(paid) = cached.sales.map(|s| s.paid_by_owner_month) else {
        return Ok(None);
    };
    let (customers, opps) = futures::join!(db.customer_keys(), db.all_docs::<Opportunity>());
    let (customers, opps) = (customers?, opps?);
    let live = Live::of(&customers);
    let sales = sales_again(request, paid, live.opportunities(&opps));
    post(FromWorker::Progress { stage: Stage::Save });
    db.put_sales(&CachedSales {
        version: versions.data,
        request,
        sales,
    })
    .await?;
    Ok(Some(versions.data))
}

/// Which customers are live (not in the trash), by key and by id.
pub(crate) struct Live<'a> {
    live: Vec<bool>,
    key_of: HashMap<&'a str, u32>,
}

impl<'a> Live<'a> {
    pub(crate) fn of(customers: &'a [CustomerKey]) -> Live<'a> {
        let n = customers
            .iter()
            .map(|c| c.key as usize + 1)
            .max()
            .unwrap_or(0);
        let mut live = vec![false; n];
        for c in customers {
            live[c.key as usize] = c.deleted.is_none();
        }
        let key_of = customers.iter().map(|c| (c.id.0.as_str(), c.key)).collect();
        Live { live, key_of }
    }

    fn has(&self, key: u32) -> bool {
        self.live.get(key as usize).copied().unwrap_or(false)
    }

    /// Whether the customer with this id is live.
    pub(crate) fn has_id(&self, id: &str) -> bool {
        self.key_of.get(id).is_some_and(|&k| self.has(k))
    }

    /// The opportunities of live customers.
    fn opportunities<'o>(
        &'o self,
        opps: &'o [Opportunity],
    ) -> impl Iterator<Item = &'o Opportunity> + 'o {
        opps.iter().filter(|o| self.has_id(o.customer.as_str()))
    }
}

/// Computes every dashboard's figures and stores them as of data version `version`.
async fn compute_all(db: &Db, request: Request, version: u64) -> Result<u64, StoreError> {
    // Independent reads, issued together: IndexedDB fetches one while wasm parses
    // another.
    let (customers, orders, responses, surveys, opps, lines, products) = futures::join!(
        db.customer_keys(),
        db.all_orders(),
        db.response_answers(),
        db.surveys(),
        db.all_docs::<Opportunity>(),
        db.all_lines(),
        db.all_docs::<kehu_core::Product>()
    );
    // Returned and cancelled orders are not sales: no dashboard counts them.
    let orders = orders?.counted();
    let (customers, responses, opps) = (customers?, responses?, opps?);
    let mut people = Live::of(&customers);
    // Orders may name keys past the last customer's (none live).
    let n = (orders.customer.iter().map(|&k| k as usize + 1))
        .chain([people.live.len()])
        .max()
        .unwrap_or(0);
    people.live.resize(n, false);
    // Ties follow the ids the user knows, then the global ids: never the keys or
    // ids this browser made up, so every device and `kehu analyze` agree.
    let (mut known, mut global) = (vec![""; n], vec![""; n]);
    for c in &customers {
        known[c.key as usize] = c.known_id();
        global[c.key as usize] = &c.id.0;
    }
    let id_rank = known_id_order(&known, &global);
    let answers =
        AnswerColumns::from_packed(&responses, surveys?, |id| people.key_of.get(id).copied());
    drop(responses);
    let is_live = |k: u32| people.has(k);
    let insights = compute(
        &orders,
        &answers,
        &people.live,
        &id_rank,
        request,
        &mut |stage| post(FromWorker::Progress { stage }),
    )
    .with_sales(people.opportunities(&opps))
    .with_paid_orders(&orders, is_live)
    .with_basket(&lines?, &products?, &orders, is_live);
    drop(orders);
    post(FromWorker::Progress { stage: Stage::Save });
    db.put_insights(version, &insights).await?;
    Ok(version)
}
