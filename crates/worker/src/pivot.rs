//! Pivot reports in the worker: it reads only what the report's source needs (the
//! opportunities without a single order chunk; the lines and the catalogue only for a
//! report on lines), computes the report or a cell's records in the core, and answers.
//! A report over a million orders would hold the page up for most of a second. What it
//! read is kept for the page's next report until the data change (see [`Cache`]).

use crate::worker::send;
use kehu_core::analytics::pivot::{Answer, Ask, CustomerFacet, Data, Source};
use kehu_core::envelope::Reply;
use kehu_core::{Opportunity, OrderColumns, OrderLines, Product};
use kehu_store::{Db, StoreError};
use std::cell::RefCell;
use std::collections::VecDeque;

thread_local! {
    /// Questions not yet answered, and whether they are being answered.
    static QUEUE: RefCell<(VecDeque<Ask>, bool)> = RefCell::default();
}

/// Answers `ask` after the questions before it, in turn, so the page can tell whose
/// answer is whose: the answer as JSON in the payload beside `Reply::Pivot(Ok(()))`.
pub fn on_request(ask: Ask) {
    let start = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.0.push_back(ask);
        !std::mem::replace(&mut q.1, true)
    });
    if !start {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(ask) = next() {
            match run(ask).await {
                Ok(a) => {
                    // Our own plain types always serialise.
                    let text = serde_json::to_string(&a).unwrap_or_default();
                    send(&Reply::Pivot(Ok(())), Some(&text.into()));
                }
                Err(e) => send(&Reply::Pivot(Err(e)), None),
            }
        }
    });
}

/// The next question, or none (then the queue is idle).
fn next() -> Option<Ask> {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let next = q.0.pop_front();
        q.1 = next.is_some();
        next
    })
}

/// What the worker read for earlier reports, kept while the data stay at `version`:
/// the page keeps its report worker, so the next report over the same data computes
/// without reading. Each part is read the first time a report needs it.
#[derive(Default)]
struct Cache {
    version: u64,
    customers: Option<Vec<CustomerFacet>>,
    orders: Option<OrderColumns>,
    lines: Option<Vec<OrderLines>>,
    opportunities: Option<Vec<Opportunity>>,
    products: Option<Vec<Product>>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::default();
}

/// Reads `part` when `wanted` and not read yet.
async fn fill<T>(
    wanted: bool,
    have: bool,
    part: impl Future<Output = Result<T, StoreError>>,
) -> Result<Option<T>, StoreError> {
    match wanted && !have {
        true => part.await.map(Some),
        false => Ok(None),
    }
}

async fn run(ask: Ask) -> Result<Answer, StoreError> {
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    // Read before the data: a change while they are read leaves them marked older.
    let version = db.data_version().await;
    // Taken out while it is filled and used (questions are answered one at a time).
    let mut c = CACHE.with(|c| c.take());
    if version.as_ref().ok() != Some(&c.version) {
        c = Cache {
            version: *version.as_ref().unwrap_or(&0),
            ..Default::default()
        };
    }
    let source = ask.spec().source;
    let wants_orders = source != Source::Opportunities;
    let wants_lines = source == Source::Lines;
    // Issued together: IndexedDB fetches one while wasm parses another.
    let (customers, orders, lines, opportunities, products) = futures::join!(
        fill(true, c.customers.is_some(), db.customer_keys()),
        fill(wants_orders, c.orders.is_some(), db.all_orders()),
        fill(wants_lines, c.lines.is_some(), db.all_lines()),
        fill(
            source == Source::Opportunities,
            c.opportunities.is_some(),
            db.all_docs::<Opportunity>()
        ),
        fill(wants_lines, c.products.is_some(), db.all_docs::<Product>())
    );
    db.close();
    if let Some(k) = customers? {
        c.customers = Some(k.into_iter().map(|c| c.facet()).collect());
    }
    if let Some(o) = orders? {
        c.orders = Some(o.counted());
    }
    c.lines = lines?.or(c.lines);
    c.opportunities = opportunities?.or(c.opportunities);
    c.products = products?.or(c.products);
    let empty = OrderColumns::default();
    let answer = ask.answer(Data {
        customers: c.customers.as_deref().unwrap_or_default(),
        orders: c.orders.as_ref().unwrap_or(&empty),
        lines: c.lines.as_deref().unwrap_or_default(),
        opportunities: c.opportunities.as_deref().unwrap_or_default(),
        products: c.products.as_deref().unwrap_or_default(),
    });
    if version.is_ok() {
        CACHE.with(|cache| *cache.borrow_mut() = c);
    }
    Ok(answer)
}
