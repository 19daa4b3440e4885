//! Service-level benchmark in headless Chromium, run by `cargo xtask bench service`
//! (never by CI): the due times of 50,000 tickets, both targets each (first response
//! and resolution), through the shop's business calendar, as a ticket list computes
//! them. Against it, in the same run: the same due times counted in wall-clock time
//! (opened + target, no calendar). Then a campaign's list from a segment of 100,000
//! stored customers with consent enforced and a control group drawn, against reading
//! the customers; and every campaign's effect (200 campaigns, 200,000 members, 1M
//! orders), against one pass over the orders. And the Service dashboard's figures over the same number of tickets; and
//! the desk's read of the open ones among 50,000 stored through the `settled` index,
//! against reading them all. Figures go to the test output.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use kehu_core::campaign::target_list;
use kehu_core::customer::Consent;
use kehu_core::date::Zone;
use kehu_core::demo::Rng;
use kehu_core::sla::{Calendar, Policy, Priority, Standing, TicketType};
use kehu_core::validate::blank_customer;
use kehu_core::{ConsentChannel, Customer, Day, Id, Millis};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function raw_get_all(name, store) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => {
      const db = r.result;
      const t0 = performance.now();
      const q = db.transaction(store).objectStore(store).getAll();
      q.onsuccess = () => { const ms = performance.now() - t0; db.close(); resolve(ms); };
      q.onerror = () => reject(q.error);
    };
    r.onerror = () => reject(r.error);
  });
}
"#)]
extern "C" {
    /// Milliseconds a plain `getAll` of `store` takes, from JavaScript.
    async fn raw_get_all(name: &str, store: &str) -> wasm_bindgen::JsValue;
}

const TICKETS: usize = 50_000;

fn now() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
fn due_times_of_50k_tickets() {
    let zone = Zone::fixed(480);
    let day = |m, d| Day::from_ymd(2026, m, d).unwrap();
    let policy = Policy {
        calendar: Calendar {
            holidays: (1..=7).map(|d| day(10, d)).collect(),
            workdays: vec![day(10, 10)],
            ..Calendar::default()
        },
        ..Policy::default()
    };
    // Opened at any minute of the year before `at`, of any type and priority.
    let at = day(12, 4).start_millis();
    let mut rng = Rng::new(7);
    let tickets: Vec<(Millis, TicketType, Priority)> = (0..TICKETS)
        .map(|_| {
            let back = rng.below(365 * 24 * 60) as i64 * 60_000;
            let t = TicketType::ALL[rng.below(6)];
            let p = Priority::ALL[rng.below(4)];
            (Millis(at.0 - back), t, p)
        })
        .collect();

    let t0 = now();
    let mut plain = 0i64;
    for &(opened, t, p) in &tickets {
        let target = policy.target(t, p);
        plain += opened.0 + target.respond as i64 * 60_000;
        plain += opened.0 + target.resolve as i64 * 60_000;
    }
    let baseline = now() - t0;

    let t1 = now();
    let mut breached = 0;
    for &(opened, t, p) in &tickets {
        let target = policy.target(t, p);
        for minutes in [target.respond, target.resolve] {
            let c = policy.check(opened, minutes, None, at, &zone);
            breached += (c.standing == Standing::Breached) as usize;
        }
    }
    let ms = now() - t1;
    console_log!(
        "{}",
        format!(
            "SLA due times of {TICKETS} tickets (2 targets each, business calendar): {ms:.0} ms \
             (target 200 ms); wall-clock sums of the same: {baseline:.1} ms ({:.0}x); \
             {breached} targets breached (checksum {})",
            ms / baseline.max(0.1),
            (plain / 60_000) % 1000
        )
    );
}

/// The Service dashboard's figures over 50,000 tickets of 10,000 customers (as the
/// worker computes them once it has read them), against one plain pass over the same
/// tickets counting the open ones.
#[wasm_bindgen_test]
fn service_figures_of_50k_tickets() {
    use kehu_core::Ticket;
    use kehu_core::analytics::retention::Period;
    use kehu_core::analytics::service::{Slice, service};
    use kehu_core::ticket::TicketStatus;
    let zone = Zone::fixed(480);
    let at = Day::from_ymd(2026, 12, 4).unwrap().start_millis();
    let mut rng = Rng::new(11);
    let tickets: Vec<Ticket> = (0..TICKETS)
        .map(|n| {
            let opened = Millis(at.0 - rng.below(365 * 24 * 60) as i64 * 60_000);
            let customer = Id(format!("c{}", rng.below(10_000)));
            let mut t = Ticket::new(Id(format!("t{n}")), customer, opened);
            t.kind = TicketType::ALL[rng.below(6)];
            t.priority = Priority::ALL[rng.below(4)];
            if rng.below(10) < 8 {
                let answered = Millis(opened.0 + rng.below(600) as i64 * 60_000);
                t.set_status(TicketStatus::InProgress, answered);
                t.set_status(
                    TicketStatus::Resolved,
                    Millis(answered.0 + rng.below(3_000) as i64 * 60_000),
                );
            }
            t
        })
        .collect();
    let refs: Vec<&Ticket> = tickets.iter().collect();
    let month = Period::Month.index(Day::from_ymd(2026, 12, 4).unwrap().0);
    let active = (month - 12..=month).map(|m| (m, 4_000)).collect();
    let policy = Policy::default();

    let t0 = now();
    let open = refs.iter().filter(|t| t.status.is_open()).count();
    let baseline = now() - t0;
    let t1 = now();
    let f = service(&refs, &policy, at, &zone, &active);
    let ms = now() - t1;
    let t2 = now();
    let breached = Slice::Breached.of(&refs, &policy, at, &zone).len();
    let drill = now() - t2;
    assert_eq!((f.open as usize, f.breached as usize), (open, breached));
    console_log!(
        "{}",
        format!(
            "Service figures over {TICKETS} tickets: {ms:.0} ms ({:.0}x a pass counting the \
             open ones, {baseline:.1} ms); the breached ones' drill-down: {drill:.0} ms; \
             {open} open, {breached} breached, median resolution {:.0} business minutes",
            ms / baseline.max(0.1),
            f.resolution.median.unwrap_or(0.0)
        )
    );
}

/// 100,000 customers, a third of them consenting to each channel (one in ten of those
/// having said no), one in a hundred blacklisted.
fn customers_100k() -> Vec<Customer> {
    let mut rng = Rng::new(11);
    let channels = [
        ConsentChannel::Sms,
        ConsentChannel::Email,
        ConsentChannel::Phone,
    ];
    (0..100_000u32)
        .map(|n| {
            // Key 0: the store hands keys out.
            let mut c = blank_customer(Id(format!("0190000{n:09}")), 0, Millis(0));
            c.name = format!("客户{n}");
            c.mobile = format!("138{n:08}");
            c.customer_type = match n % 4 {
                0 => kehu_core::CustomerType::Business,
                _ => kehu_core::CustomerType::Consumer,
            };
            c.blacklisted = rng.below(100) == 0;
            for &channel in &channels {
                if rng.below(3) > 0 {
                    c.consents.push(Consent {
                        channel,
                        granted: rng.below(10) > 0,
                        date: None,
                        source: String::new(),
                    });
                }
            }
            c
        })
        .collect()
}

/// A campaign's list as the marketing worker draws it: 100,000 stored customers read,
/// a saved segment's filter run over them (the consumers), consent enforced and a
/// control group drawn. Against it: reading the customers alone.
#[wasm_bindgen_test]
async fn a_campaign_list_of_100k_customers() {
    use kehu_core::query::{CustomerQuery, CustomerRow};
    let name = "bench-campaign-list";
    kehu_store::Db::delete_database(name).await.unwrap();
    let db = kehu_store::Db::open(name, || {}).await.unwrap();
    for part in customers_100k().chunks(10_000) {
        db.put_customers(part).await.unwrap();
    }
    // The first read writes the list's snapshot, as the app's first start does.
    db.all_customers().await.unwrap();
    let t0 = now();
    let all = db.all_customers().await.unwrap();
    let read = now() - t0;
    let t1 = now();
    let all2 = db.all_customers().await.unwrap();
    let filter = [("type".to_string(), "consumer".to_string())];
    let query = CustomerQuery::from_params(&filter);
    let rows: Vec<CustomerRow> = all2.iter().map(CustomerRow::from_customer).collect();
    let hits = query.run_with(&rows, None, None);
    let members: Vec<&Customer> = hits.iter().map(|&i| &all2[i]).collect();
    let list = target_list(&members, ConsentChannel::Sms, 1_000, 7);
    let ms = now() - t1;
    assert_eq!(all.len(), 100_000);
    console_log!(
        "{}",
        format!(
            "campaign list from a segment of {} consumers among 100000 stored customers by \
             SMS consent, 10% held back: {ms:.0} ms (target 1,000 ms), {:.1}x reading the \
             customers alone ({read:.0} ms); {} contacted, {} held back, left out {:?}",
            members.len(),
            ms / read.max(0.1),
            list.contacted.len(),
            list.control.len(),
            list.left_out
        )
    );
    db.close();
}

/// Every campaign's effect as the marketing worker reckons it: 200 launched campaigns
/// of 1,000 members each (a tenth held back) over 100,000 customers and 1,000,000
/// orders: the members read from the store, the sales sorted by customer and day, and
/// each member's window searched. Against it: one pass summing the orders.
#[wasm_bindgen_test]
async fn the_effect_of_200_campaigns_over_1m_orders() {
    use kehu_core::campaign::TargetList;
    use kehu_core::marketing::{Campaign, CampaignMember, Purchases, effects};
    use kehu_core::{Cents, OrderColumns};
    let today = Day::from_ymd(2026, 12, 4).unwrap();
    let mut rng = Rng::new(17);
    let mut orders = OrderColumns::with_capacity(1_000_000);
    for n in 0..1_000_000u32 {
        let day = Day(today.0 - rng.below(1_095) as i32);
        orders.push(
            n + 1,
            rng.below(100_000) as u32 + 1,
            day,
            Cents(1_000 + rng.below(50_000) as i64),
        );
    }
    let ids: Vec<Id> = (0..100_000u32)
        .map(|n| Id(format!("0190000{n:09}")))
        .collect();
    let (mut campaigns, mut members) = (Vec::new(), Vec::new());
    for k in 0..200u32 {
        let day = Day(today.0 - 10 - rng.below(700) as i32);
        let c = Campaign {
            name: format!("活动 {k}"),
            cost: Cents(100_000 + rng.below(1_000_000) as i64),
            ..Campaign::new(Id(format!("k{k:03}")), day, Millis(k as i64))
        };
        // 1,000 different customers: a step coprime with 100,000 never comes back.
        let start = rng.below(100_000);
        let picked: Vec<Id> = (0..1_000)
            .map(|j| ids[(start + j * 97) % 100_000].clone())
            .collect();
        let list = TargetList {
            contacted: picked[100..].to_vec(),
            control: picked[..100].to_vec(),
            left_out: Vec::new(),
        };
        let (c, ms) = c.launch(&list, day, Millis(k as i64));
        campaigns.push(c);
        members.extend(ms);
    }
    let name = "bench-campaign-effects";
    kehu_store::Db::delete_database(name).await.unwrap();
    let db = kehu_store::Db::open(name, || {}).await.unwrap();
    db.put_docs(&campaigns).await.unwrap();
    for part in members.chunks(20_000) {
        db.put_docs(part).await.unwrap();
    }
    let key_of: std::collections::HashMap<&str, u32> = (ids.iter().enumerate())
        .map(|(i, id)| (id.as_str(), i as u32 + 1))
        .collect();
    // The plain way: every order checked against every campaign's members.
    let t0 = now();
    let mut naive = 0i64;
    for c in &campaigns {
        let l = c.launched.as_ref().unwrap();
        let who: std::collections::HashSet<u32> = (members.iter())
            .filter(|m| m.campaign == c.id && !m.control)
            .map(|m| key_of[m.customer.as_str()])
            .collect();
        let last = l.day.0 + c.window as i32;
        for i in 0..orders.len() {
            let d = orders.day[i];
            if d >= l.day.0 && d <= last && who.contains(&orders.customer[i]) {
                naive += orders.cents[i];
            }
        }
    }
    let baseline = now() - t0;
    let plain = raw_get_all(name, "campaign_members")
        .await
        .as_f64()
        .unwrap_or(0.0);
    let t1 = now();
    let read: Vec<CampaignMember> = db.all_docs::<CampaignMember>().await.unwrap();
    let reading = now() - t1;
    let t2 = now();
    let bought = Purchases::of(&orders);
    let all = effects(&campaigns, &read, &key_of, &bought, today);
    let compute = now() - t2;
    assert_eq!((all.len(), read.len()), (200, 200_000));
    let revenue: i64 = all.iter().map(|e| e.revenue.0).sum();
    assert_eq!(revenue, naive, "both ways attribute the same revenue");
    // The worker's whole path: the members and the orders read together from the
    // store, then attribution.
    db.append_orders(&orders).await.unwrap();
    let t3 = now();
    let (members_back, orders_back) =
        futures::join!(db.all_docs::<CampaignMember>(), db.all_orders());
    let (members_back, orders_back) = (members_back.unwrap(), orders_back.unwrap());
    let again = effects(
        &campaigns,
        &members_back,
        &key_of,
        &Purchases::of(&orders_back),
        today,
    );
    let whole = now() - t3;
    assert_eq!(again, all);
    console_log!(
        "{}",
        format!(
            "the effect of 200 campaigns (200,000 members) over 1,000,000 orders: {:.0} ms \
             (target 2,000 ms): reading the members {reading:.0} ms ({:.1}x a plain getAll \
             of their records from JavaScript, {plain:.0} ms), attribution, ROI and lift \
             {compute:.0} ms ({:.1}x faster than checking every order against every \
             campaign, {baseline:.0} ms; {revenue} attributed); the worker's whole path \
             with the 1,000,000 orders read from the store alongside the members: \
             {whole:.0} ms",
            reading + compute,
            reading / plain.max(0.1),
            baseline / compute.max(0.1),
        )
    );
    db.close();
}

/// The desk's read: 50,000 stored tickets, 1,000 of them open, read through the
/// `settled` index, against reading every one (what the desk did before the index).
#[wasm_bindgen_test]
async fn the_desks_read_of_50k_stored_tickets() {
    use kehu_core::Ticket;
    use kehu_core::ticket::{SETTLED, STILL_OPEN, TicketStatus};
    let name = "bench-desk";
    kehu_store::Db::delete_database(name).await.unwrap();
    let db = kehu_store::Db::open(name, || {}).await.unwrap();
    let at = Day::from_ymd(2026, 12, 4).unwrap().start_millis();
    let mut rng = Rng::new(13);
    let tickets: Vec<Ticket> = (0..TICKETS)
        .map(|n| {
            let opened = Millis(at.0 - rng.below(365 * 24 * 60) as i64 * 60_000);
            let customer = Id(format!("c{}", rng.below(10_000)));
            let mut t = Ticket::new(Id(format!("t{n:05}")), customer, opened);
            t.subject = format!("工单 {n}");
            t.description = "客户来电反映产品使用中遇到的问题，已记录详细情况。".into();
            if n % 50 != 0 {
                t.set_status(TicketStatus::Closed, Millis(opened.0 + 3_600_000));
            }
            t
        })
        .collect();
    for part in tickets.chunks(5_000) {
        db.put_docs(part).await.unwrap();
    }
    let t0 = now();
    let all = db.all_docs::<Ticket>().await.unwrap();
    let every = now() - t0;
    let t1 = now();
    let (open, total) = db.docs_from::<Ticket>(SETTLED, STILL_OPEN).await.unwrap();
    let indexed = now() - t1;
    assert_eq!(
        (all.len(), open.len(), total as usize),
        (TICKETS, TICKETS / 50, TICKETS)
    );
    console_log!(
        "{}",
        format!(
            "the desk's read of {} open tickets among {TICKETS}: {indexed:.0} ms through the \
             index, {:.0}x faster than reading all {TICKETS} ({every:.0} ms)",
            open.len(),
            every / indexed.max(0.1)
        )
    );
    db.close();
}
