//! Service-level benchmark in headless Chromium, run by `cargo xtask bench service`
//! (never by CI): the due times of 50,000 tickets, both targets each (first response
//! and resolution), through the shop's business calendar, as a ticket list computes
//! them. Against it, in the same run: the same due times counted in wall-clock time
//! (opened + target, no calendar). Then a campaign's list over 100,000 customers with
//! consent enforced and a control group drawn, against walking the same customers'
//! consents. And the Service dashboard's figures over the same number of tickets; and
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
    let month = Period::Month.index(Day::from_ymd(2026, 12, 4).unwrap());
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

#[wasm_bindgen_test]
fn a_campaign_list_of_100k_customers() {
    let mut rng = Rng::new(11);
    let channels = [
        ConsentChannel::Sms,
        ConsentChannel::Email,
        ConsentChannel::Phone,
    ];
    let all: Vec<Customer> = (0..100_000u32)
        .map(|n| {
            let mut c = blank_customer(Id(format!("0190000{n:09}")), n + 1, Millis(0));
            c.mobile = format!("138{n:08}");
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
        .collect();
    let members: Vec<&Customer> = all.iter().collect();
    let t0 = now();
    let granted = members
        .iter()
        .filter(|c| c.consent(ConsentChannel::Sms).is_some_and(|k| k.granted))
        .count();
    let baseline = now() - t0;
    let t1 = now();
    let list = target_list(&members, ConsentChannel::Sms, 1_000, 7);
    let ms = now() - t1;
    console_log!(
        "{}",
        format!(
            "campaign list of 100000 customers by SMS consent, 10% held back: {ms:.0} ms \
             (target 1,000 ms); walking their consents: {baseline:.1} ms ({:.0}x); \
             {} contacted, {} held back, {} with consent, left out {:?}",
            ms / baseline.max(0.1),
            list.contacted.len(),
            list.control.len(),
            granted,
            list.left_out
        )
    );
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
