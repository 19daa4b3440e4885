//! Care rules, run when the page asks (as the app opens and after data changes): the
//! facts the rules switched on read, and only those (the orders only for a rule that
//! follows orders), the tasks they call for, and the contracts' renewal tasks any
//! contract lacks (one that came by a restore or another device), written in one
//! transaction that keeps only ids never held. Or a preview of one rule: what it would
//! make, writing nothing.

use crate::worker::send;
use kehu_core::care::{
    self, Ask, AtRisk, Bought, CareRule, Coming, Facts, Outcome, Person, Settled, Trigger,
    TriggerKind,
};
use kehu_core::date::Zone;
use kehu_core::envelope::Reply;
use kehu_core::sla::TicketType;
use kehu_core::ticket::TicketStatus;
use kehu_core::{Cents, Contract, Day, Id, Product, Task, Ticket};
use kehu_store::{CustomerKey, Db, StoreError};
use std::collections::{HashMap, HashSet};

pub fn on_request(ask: Ask) {
    wasm_bindgen_futures::spawn_local(async move {
        send(&Reply::Care(run(ask).await), None);
    });
}

async fn run(ask: Ask) -> Result<Outcome, StoreError> {
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    let out = match ask.preview.clone() {
        Some(rule) => preview(&db, &ask, rule).await,
        None => make(&db, &ask).await,
    };
    db.close();
    out
}

async fn make(db: &Db, ask: &Ask) -> Result<Outcome, StoreError> {
    let rules: Vec<CareRule> = (db.all_docs::<CareRule>().await?.into_iter())
        .filter(CareRule::is_on)
        .collect();
    let facts = facts(db, ask, &rules).await?;
    let mut tasks = care::due_tasks(&rules, &facts, ask.today, ask.now);
    tasks.extend(renewals(db, ask, &facts.people).await?);
    let made = db.add_new_docs(&tasks).await?;
    let mut customers: Vec<String> = (made.iter())
        .filter_map(|t| Some(t.customer.as_ref()?.0.clone()))
        .collect();
    customers.sort_unstable();
    customers.dedup();
    Ok(Outcome::Made {
        tasks: made.len(),
        customers,
    })
}

async fn preview(db: &Db, ask: &Ask, rule: CareRule) -> Result<Outcome, StoreError> {
    let facts = facts(db, ask, std::slice::from_ref(&rule)).await?;
    let used = db.used_ids::<Task>().await?;
    let all: Vec<Task> = (care::preview(&rule, &facts, ask.today, ask.now).into_iter())
        .filter(|t| !used.contains(t.id.as_str()))
        .collect();
    Ok(Outcome::Preview {
        total: all.len(),
        first: all.into_iter().take(care::PREVIEW_LIST).collect(),
    })
}

/// What `rules` read: the live customers always, the rest as a rule needs it.
async fn facts(db: &Db, ask: &Ask, rules: &[CareRule]) -> Result<Facts, StoreError> {
    let wants = |k: TriggerKind| rules.iter().any(|r| r.trigger.kind() == k);
    let keys = db.customer_keys().await?;
    let id_of: HashMap<u32, &Id> = keys.iter().map(|k| (k.key, &k.id)).collect();
    let mut f = Facts {
        people: people(&keys),
        ..Facts::default()
    };
    if wants(TriggerKind::AfterOrder) {
        f.bought = bought(db, ask, rules, &id_of).await?;
    }
    if wants(TriggerKind::AfterComplaint) {
        let zone = Zone::from_text(&ask.zone).unwrap_or_default();
        f.settled = settled(&db.all_docs::<Ticket>().await?, &zone);
    }
    if (wants(TriggerKind::Occasion) || wants(TriggerKind::ChurnRisk))
        && let Some(ins) = db.alerts().await?
    {
        let as_of = ins.request.as_of;
        f.coming = (ins.occasions.iter())
            .filter_map(|o| {
                Some(Coming {
                    customer: (*id_of.get(&o.customer)?).clone(),
                    month_start: o.month_start,
                    remind_on: o.remind_on,
                })
            })
            .collect();
        f.at_risk = (ins.churn.iter())
            .filter_map(|c| {
                Some(AtRisk {
                    customer: (*id_of.get(&c.customer)?).clone(),
                    last_bought: Day(as_of.0 - c.days_since as i32),
                    value: Cents(c.value_at_risk),
                })
            })
            .collect();
    }
    Ok(f)
}

fn people(keys: &[CustomerKey]) -> Vec<Person> {
    (keys.iter())
        .filter(|k| k.deleted.is_none())
        .map(|k| Person {
            id: k.id.clone(),
            owner: k.owner().to_string(),
            born: k.born(),
        })
        .collect()
}

/// The paid-for orders recent enough for `rules` to follow, with their products'
/// categories when a rule names one.
async fn bought(
    db: &Db,
    ask: &Ask,
    rules: &[CareRule],
    id_of: &HashMap<u32, &Id>,
) -> Result<Vec<Bought>, StoreError> {
    let longest = (rules.iter())
        .filter_map(|r| match &r.trigger {
            Trigger::AfterOrder { days, .. } => Some(*days as i32),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let earliest = ask.today.0 - care::CATCH_UP_DAYS - longest;
    let orders = db.all_orders().await?.counted();
    let recent: Vec<usize> = (0..orders.len())
        .filter(|&i| (earliest..=ask.today.0).contains(&orders.day[i]))
        .collect();
    let by_category = rules.iter().any(|r| {
        matches!(&r.trigger, Trigger::AfterOrder { category, .. } if !category.trim().is_empty())
    });
    let categories = match by_category {
        true => {
            let ids: HashSet<u32> = recent.iter().map(|&i| orders.id[i]).collect();
            categories_of(db, &ids).await?
        }
        false => HashMap::new(),
    };
    Ok((recent.into_iter())
        .filter_map(|i| {
            Some(Bought {
                customer: (*id_of.get(&orders.customer[i])?).clone(),
                day: Day(orders.day[i]),
                categories: categories.get(&orders.id[i]).cloned().unwrap_or_default(),
            })
        })
        .collect())
}

/// The categories of the products on each of the orders `ids`, by order id.
async fn categories_of(
    db: &Db,
    ids: &HashSet<u32>,
) -> Result<HashMap<u32, Vec<String>>, StoreError> {
    let (lines, products) = futures::join!(db.all_lines(), db.all_docs::<Product>());
    let category: HashMap<String, String> = (products?.into_iter())
        .filter(|p| !p.category.is_empty())
        .map(|p| (p.id.0, p.category))
        .collect();
    let mut out: HashMap<u32, Vec<String>> = HashMap::new();
    for chunk in lines? {
        for (n, order) in chunk.order.iter().enumerate() {
            let Some(c) = (ids.contains(order))
                .then(|| chunk.refs.get(chunk.product[n] as usize))
                .flatten()
                .and_then(|r| category.get(r))
            else {
                continue;
            };
            let cats = out.entry(*order).or_default();
            if !cats.contains(c) {
                cats.push(c.clone());
            }
        }
    }
    Ok(out)
}

/// The complaints resolved (and not reopened since), by the day they were resolved.
fn settled(tickets: &[Ticket], zone: &Zone) -> Vec<Settled> {
    (tickets.iter())
        .filter(|t| t.kind == TicketType::Complaint)
        .filter(|t| matches!(t.status, TicketStatus::Resolved | TicketStatus::Closed))
        .filter_map(|t| {
            Some(Settled {
                customer: t.customer.clone(),
                ticket: t.id.clone(),
                day: zone.day(t.resolved?),
            })
        })
        .collect()
}

/// The renewal tasks of live customers' contracts that never had one.
async fn renewals(db: &Db, ask: &Ask, people: &[Person]) -> Result<Vec<Task>, StoreError> {
    let live: HashSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let contracts = db.all_docs::<Contract>().await?;
    Ok((contracts.iter())
        .filter(|c| live.contains(c.customer.as_str()))
        .filter_map(|c| {
            let title = ask.renew.replace("{title}", &c.title);
            c.renewal(None, &title, ask.today, ask.now)
        })
        .collect())
}
