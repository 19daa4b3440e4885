use kehu_core::AnswerColumns;
use kehu_core::analytics::insights::{FromWorker, Request, Stage, ToWorker, compute};
use kehu_core::analytics::known_id_order;
use kehu_core::envelope::{Reply, Request as Envelope};
use kehu_core::opportunity::Opportunity;
use kehu_store::{Db, StoreError};
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
            Some(Envelope::Analytics(ToWorker::Run { request })) => {
                wasm_bindgen_futures::spawn_local(async move {
                    match run(request).await {
                        Ok(version) => post(FromWorker::Done { version }),
                        Err(e) => post(FromWorker::Failed {
                            error: e.to_string(),
                        }),
                    }
                })
            }
            Some(Envelope::Import(r)) => crate::import::on_request(*r, file),
            Some(Envelope::Pivot(ask)) => crate::pivot::on_request(ask),
            None => send(&Reply::Crashed("unreadable request".into()), None),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    send(&Reply::Ready, None);
}

async fn run(request: Request) -> Result<u64, StoreError> {
    post(FromWorker::Progress { stage: Stage::Read });
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    // The version is read first: if data changes while we read, the result is marked
    // with the older version and counts as stale, never the other way round.
    let version = db.data_version().await?;
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
    let n = customers
        .iter()
        .map(|c| c.key as usize + 1)
        .chain(orders.customer.iter().map(|&k| k as usize + 1))
        .max()
        .unwrap_or(0);
    let mut live = vec![false; n];
    // Ties follow the ids the user knows, then the global ids: never the keys or
    // ids this browser made up, so every device and `kehu analyze` agree.
    let (mut known, mut global) = (vec![""; n], vec![""; n]);
    for c in &customers {
        live[c.key as usize] = c.deleted.is_none();
        known[c.key as usize] = c.known_id();
        global[c.key as usize] = &c.id.0;
    }
    let id_rank = known_id_order(&known, &global);
    let key_of: std::collections::HashMap<&str, u32> =
        customers.iter().map(|c| (c.id.0.as_str(), c.key)).collect();
    let answers = AnswerColumns::from_packed(&responses, surveys?, |id| key_of.get(id).copied());
    drop(responses);
    let insights = compute(&orders, &answers, &live, &id_rank, request, &mut |stage| {
        post(FromWorker::Progress { stage })
    })
    .with_sales(opps.iter().filter(|o| {
        key_of
            .get(o.customer.0.as_str())
            .is_some_and(|&k| live[k as usize])
    }))
    .with_paid_orders(&orders, |k| live.get(k as usize).copied().unwrap_or(false))
    .with_basket(&lines?, &products?, &orders, |k| {
        live.get(k as usize).copied().unwrap_or(false)
    });
    drop(orders);
    post(FromWorker::Progress { stage: Stage::Save });
    db.put_insights(version, &insights).await?;
    db.close();
    Ok(version)
}
