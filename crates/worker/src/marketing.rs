//! Campaigns: a list drawn from a saved segment with consent enforced — previewed as
//! the form stands, or drawn for good and its members written with the launched
//! campaign in one transaction — and every launched campaign's effect on the orders.
//! Both read every customer or every order, so neither runs on the page.

use crate::worker::send;
use kehu_core::campaign::{TargetList, target_list};
use kehu_core::campaign_export::reach_of;
use kehu_core::envelope::Reply;
use kehu_core::marketing::{
    Answer, Ask, Campaign, CampaignMember, Launched, Purchases, What, effects,
};
use kehu_core::query::{CustomerQuery, CustomerRow};
use kehu_core::{Customer, Docs, Id, Segment};
use kehu_store::{Db, StoreError};
use std::collections::HashMap;

pub fn on_request(ask: Ask) {
    wasm_bindgen_futures::spawn_local(async move {
        send(&Reply::Marketing(run(ask).await), None);
    });
}

async fn run(ask: Ask) -> Result<Answer, StoreError> {
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    let out = match &ask.what {
        What::Effects => effect_of_all(&db, &ask).await,
        What::Preview(c) => preview(&db, c).await,
        What::Launch(id) => launch(&db, &ask, id).await,
        What::Reach(id) => reach(&db, id).await,
    };
    db.close();
    out
}

/// The list `c` draws now: the segment's size and the draw, or why there is none.
async fn draw(db: &Db, c: &Campaign) -> Result<Result<(u32, TargetList), Answer>, StoreError> {
    let query = match &c.segment {
        None => CustomerQuery::default(),
        Some(id) => match db.doc::<Segment>(id.as_str()).await? {
            Some(s) => CustomerQuery::from_params(&s.filter),
            None => return Ok(Err(Answer::NoSegment)),
        },
    };
    let per = match query.insight {
        Some(_) => match db.per_customer().await? {
            Some(p) => Some(p),
            None => return Ok(Err(Answer::NoInsights)),
        },
        None => None,
    };
    let customers: Vec<Customer> = db.all_customers().await?;
    // Everyone (no segment) needs no list rows: the live customers are the segment.
    let members: Vec<&Customer> = match query.is_filtered() {
        false => customers.iter().filter(|c| !c.is_deleted()).collect(),
        true => {
            let rows: Vec<CustomerRow> = customers.iter().map(CustomerRow::from_customer).collect();
            let hits = query.run_with(&rows, None, per.as_ref());
            hits.iter().map(|&i| &customers[i]).collect()
        }
    };
    let list = target_list(&members, c.channel, c.control_bp, c.seed());
    Ok(Ok((members.len() as u32, list)))
}

async fn preview(db: &Db, c: &Campaign) -> Result<Answer, StoreError> {
    Ok(match draw(db, c).await? {
        Ok((segment, list)) => Answer::Preview {
            segment,
            list: Launched::of(&list, c.start),
        },
        Err(why) => why,
    })
}

/// Draws the saved campaign's list and writes the launched campaign with its members,
/// all in one transaction.
async fn launch(db: &Db, ask: &Ask, id: &Id) -> Result<Answer, StoreError> {
    let Some(c) = db.doc::<Campaign>(id.as_str()).await? else {
        return Ok(Answer::Gone);
    };
    if c.launched.is_some() {
        return Ok(Answer::AlreadyLaunched);
    }
    let list = match draw(db, &c).await? {
        Ok((_, list)) => list,
        Err(why) => return Ok(why),
    };
    let (c, members) = c.launch(&list, ask.today, ask.now);
    let docs = Docs {
        campaigns: vec![c.clone()],
        campaign_members: members,
        ..Docs::default()
    };
    db.put_together(&docs).await?;
    Ok(Answer::Launched(Box::new(c)))
}

async fn effect_of_all(db: &Db, ask: &Ask) -> Result<Answer, StoreError> {
    let campaigns = db.all_docs::<Campaign>().await?;
    if campaigns.iter().all(|c| c.launched.is_none()) {
        return Ok(Answer::Effects(Vec::new()));
    }
    // Three reads of their own stores, in flight together.
    let (members, keys, orders) = futures::join!(
        db.all_docs::<CampaignMember>(),
        db.customer_keys(),
        db.all_orders()
    );
    let (members, keys) = (members?, keys?);
    let key_of: HashMap<&str, u32> = keys.iter().map(|k| (k.id.as_str(), k.key)).collect();
    let bought = Purchases::of(&orders?);
    Ok(Answer::Effects(effects(
        &campaigns, &members, &key_of, &bought, ask.today,
    )))
}

/// The launched campaign's contacted members still reachable on its channel.
async fn reach(db: &Db, id: &Id) -> Result<Answer, StoreError> {
    let Some(c) = db.doc::<Campaign>(id.as_str()).await? else {
        return Ok(Answer::Gone);
    };
    let (members, _) = db
        .docs_between::<CampaignMember>("campaign", id.as_str(), id.as_str())
        .await?;
    let customers = db.all_customers().await?;
    let (list, dropped) = reach_of(&members, &customers, c.channel);
    Ok(Answer::Reach {
        list,
        dropped: dropped as u32,
    })
}
