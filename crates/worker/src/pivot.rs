//! Pivot reports in the worker: it reads only what the report's source needs (the
//! opportunities without a single order chunk; the lines and the catalogue only for a
//! report on lines), computes the report or a cell's records in the core, and answers
//! once. A report over a million orders would hold the page up for most of a second.

use crate::worker::send;
use kehu_core::analytics::pivot::{Answer, Ask, Data, Source};
use kehu_core::envelope::Reply;
use kehu_core::{Opportunity, OrderColumns, Product};
use kehu_store::{Db, StoreError};

/// Answers `ask`: the answer as JSON in the payload beside `Reply::Pivot(Ok(()))`.
pub fn on_request(ask: Ask) {
    wasm_bindgen_futures::spawn_local(async move {
        match run(ask).await {
            Ok(a) => {
                // Our own plain types always serialise.
                let text = serde_json::to_string(&a).unwrap_or_default();
                send(&Reply::Pivot(Ok(())), Some(&text.into()));
            }
            Err(e) => send(&Reply::Pivot(Err(e)), None),
        }
    });
}

async fn run(ask: Ask) -> Result<Answer, StoreError> {
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    let source = ask.spec().source;
    let wants_orders = source != Source::Opportunities;
    let wants_lines = source == Source::Lines;
    // Issued together: IndexedDB fetches one while wasm parses another.
    let (customers, orders, lines, opportunities, products) = futures::join!(
        db.customer_keys(),
        async {
            match wants_orders {
                true => db.all_orders().await.map(OrderColumns::counted),
                false => Ok(OrderColumns::default()),
            }
        },
        async {
            match wants_lines {
                true => db.all_lines().await,
                false => Ok(Vec::new()),
            }
        },
        async {
            match source {
                Source::Opportunities => db.all_docs::<Opportunity>().await,
                _ => Ok(Vec::new()),
            }
        },
        async {
            match wants_lines {
                true => db.all_docs::<Product>().await,
                false => Ok(Vec::new()),
            }
        }
    );
    db.close();
    let customers: Vec<_> = customers?.into_iter().map(|c| c.facet()).collect();
    let (orders, lines) = (orders?, lines?);
    let (opportunities, products) = (opportunities?, products?);
    Ok(ask.answer(Data {
        customers: &customers,
        orders: &orders,
        lines: &lines,
        opportunities: &opportunities,
        products: &products,
    }))
}
