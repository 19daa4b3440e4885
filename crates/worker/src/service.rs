//! The Service dashboard's figures: the tickets of live customers, measured against the
//! service levels the page sent, with their ratings' scores read from the answers
//! snapshot (the responses themselves are never read). 50k tickets would hold the page
//! up for most of a second; here they cost the page nothing. So are a drill-down's
//! tickets (`Ask::slice`).

use crate::worker::{Live, send};
use kehu_core::analytics::service::{Ask, ServiceFigures, Slice, ratings, service, sliced};
use kehu_core::date::Zone;
use kehu_core::envelope::Reply;
use kehu_core::sla::Policy;
use kehu_core::survey::Question;
use kehu_core::{Id, Product, Ticket};
use kehu_store::{Db, StoreError};
use std::collections::{BTreeMap, HashSet};

pub fn on_request(ask: Ask) {
    wasm_bindgen_futures::spawn_local(async move {
        match ask.slice.as_deref().and_then(Slice::parse) {
            Some(slice) => send(&Reply::Sliced(tickets_in(&ask, &slice).await), None),
            None => send(&Reply::Service(figures(ask).await), None),
        }
    });
}

/// The tickets of live customers in `slice`: a drill-down, read here rather than by a
/// page that would parse every ticket there ever was.
async fn tickets_in(ask: &Ask, slice: &Slice) -> Result<Vec<Ticket>, StoreError> {
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    let (customers, tickets) = futures::join!(db.customer_keys(), db.all_docs::<Ticket>());
    db.close();
    let (customers, tickets) = (customers?, tickets?);
    let live = Live::of(&customers);
    let policy = Policy::from_setting(&ask.policy);
    let zone = Zone::from_text(&ask.zone).unwrap_or_default();
    Ok(sliced(
        &tickets,
        |id| live.has_id(id),
        slice,
        &policy,
        ask.now,
        &zone,
    ))
}

async fn figures(ask: Ask) -> Result<Box<ServiceFigures>, StoreError> {
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    let (customers, tickets, answers, products) = futures::join!(
        db.customer_keys(),
        db.all_docs::<Ticket>(),
        db.response_answers(),
        db.all_docs::<Product>()
    );
    db.close();
    let (customers, tickets, answers) = (customers?, tickets?, answers?);
    let live = Live::of(&customers);
    let tickets: Vec<&Ticket> = (tickets.iter())
        .filter(|t| live.has_id(t.customer.as_str()))
        .collect();
    let active: BTreeMap<i32, u32> = ask.active.iter().copied().collect();
    let policy = Policy::from_setting(&ask.policy);
    let zone = Zone::from_text(&ask.zone).unwrap_or_default();
    let mut f = service(&tickets, &policy, ask.now, &zone, &active);
    let rated: HashSet<&str> = (tickets.iter())
        .filter_map(|t| Some(t.rating.as_ref()?.as_str()))
        .collect();
    let scores = answers.scores(Question::Csat, &rated);
    f.ratings = ratings(&tickets, |id| scores.get(id).copied());
    let named: HashSet<&Id> = f
        .complaints_by_product
        .iter()
        .filter_map(|p| p.0.as_ref())
        .collect();
    f.product_names = (products?.into_iter())
        .filter(|p| named.contains(&p.id))
        .map(|p| (p.id, p.name))
        .collect();
    Ok(Box::new(f))
}
