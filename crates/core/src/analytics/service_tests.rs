use super::*;
use crate::Day;
use crate::sla::Priority;
use crate::ticket::{TicketNote, TicketStatus};

/// Monday 2026-11-30, 9:00 in a UTC shop (open 9–18, Monday to Friday).
fn monday_9() -> Millis {
    Day::from_ymd(2026, 11, 30).unwrap().start_millis() + 9 * 60
}

impl std::ops::Add<i64> for Millis {
    type Output = Millis;
    /// `self` plus minutes.
    fn add(self, minutes: i64) -> Millis {
        Millis(self.0 + minutes * 60_000)
    }
}

fn ticket(id: &str, customer: &str, kind: TicketType, opened: Millis) -> Ticket {
    Ticket {
        kind,
        priority: Priority::Normal,
        subject: id.into(),
        ..Ticket::new(Id(id.into()), Id(customer.into()), opened)
    }
}

#[test]
fn percentiles_interpolate_between_ranks_as_numpy_does() {
    // numpy.percentile(x, [50, 90]) for each.
    assert_eq!(percentile(&[10, 20, 30, 40], 0.5), Some(25.0));
    assert_eq!(percentile(&[10, 20, 30, 40], 0.9), Some(37.0));
    assert_eq!(percentile(&[5], 0.9), Some(5.0));
    let xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
    assert_eq!(percentile(&xs, 0.5), Some(5.5));
    assert!((percentile(&xs, 0.9).unwrap() - 18.1).abs() < 1e-9);
    assert_eq!(percentile(&[], 0.5), None);
}

#[test]
fn times_count_business_minutes_and_breaches_only_decided_tickets() {
    let zone = Zone::fixed(0);
    let policy = Policy::default();
    let now = monday_9() + 3 * 24 * 60; // Thursday 9:00
    let call = |at| TicketNote {
        at,
        by: String::new(),
        call: true,
        text: "ok".into(),
    };
    // Answered after 30 minutes, resolved the same day after 3 hours: both met.
    let mut a = ticket("a", "c1", TicketType::Inquiry, monday_9());
    a.log(call(monday_9() + 30));
    a.set_status(TicketStatus::Resolved, monday_9() + 180);
    // Opened Monday 17:00, answered Tuesday 10:00: 2 business hours, on time (normal: 4).
    let mut b = ticket("b", "c2", TicketType::Fault, monday_9() + 8 * 60);
    b.log(call(monday_9() + 25 * 60));
    // A complaint never answered since Monday 9:00: breached, and still open.
    let c = ticket("c", "c3", TicketType::Complaint, monday_9());
    let all = [&a, &b, &c];
    let f = service(&all, &policy, now, &zone, &BTreeMap::new());
    assert_eq!(f.first_response.count, 2);
    assert_eq!(f.first_response.median, Some(75.0), "30 and 120 minutes");
    assert_eq!((f.resolution.count, f.resolution.median), (1, Some(180.0)));
    // a met both; b answered in time, its resolution (27 business hours, 19 gone) still
    // running: undecided; c missed.
    assert_eq!((f.decided, f.breached), (2, 1));
    assert_eq!(f.breach_rate(), Some(0.5));
    assert_eq!(f.open, 2);
    assert_eq!(f.open_by_age, [0, 1, 1, 0, 0], "b: 2.7 days, c: 3 days");
}

#[test]
fn the_complaint_rate_is_complaints_over_active_customers_by_month() {
    let zone = Zone::fixed(480);
    let nov = Period::Month.index(Day::from_ymd(2026, 11, 1).unwrap().0);
    let (dec, oct) = (nov + 1, nov - 1);
    let day = |m: u32, d: u32| Day::from_ymd(2026, m, d).unwrap().start_millis() + 60;
    let mut p1 = ticket("p1", "c1", TicketType::Complaint, day(11, 3));
    p1.product = Some(Id("kettle".into()));
    p1.root_cause = Some(RootCause::Product);
    let mut p2 = ticket("p2", "c2", TicketType::Complaint, day(11, 20));
    p2.product = Some(Id("kettle".into()));
    let p3 = ticket("p3", "c3", TicketType::Complaint, day(12, 1));
    let inquiry = ticket("q", "c4", TicketType::Inquiry, day(11, 5));
    let active = BTreeMap::from([(oct, 30), (nov, 40), (dec, 50)]);
    let all = [&p1, &p2, &p3, &inquiry];
    let f = service(&all, &Policy::default(), day(12, 2), &zone, &active);
    let months: Vec<(i32, u32, u32, Option<f64>)> = (f.complaint_rate.iter())
        .map(|m| (m.month, m.complaints, m.active, m.rate))
        .collect();
    // October, before the first ticket, is left out: nobody knows its complaints.
    assert_eq!(months, [(nov, 2, 40, Some(0.05)), (dec, 1, 50, Some(0.02))]);
    assert_eq!(
        f.complaints_by_product,
        [(Some(Id("kettle".into())), 2), (None, 1)]
    );
    assert_eq!(
        f.complaints_by_cause,
        [(None, 2), (Some(RootCause::Product), 1)]
    );
}

#[test]
fn a_ticket_within_a_week_of_the_customers_last_is_a_repeat_contact() {
    let t0 = monday_9();
    let day = 24 * 60;
    let all = [
        ticket("1", "c1", TicketType::Fault, t0),
        ticket("2", "c1", TicketType::Fault, t0 + 3 * day),
        ticket("3", "c1", TicketType::Fault, t0 + 20 * day),
        ticket("4", "c2", TicketType::Inquiry, t0 + day),
        ticket("5", "c2", TicketType::Inquiry, t0 + 9 * day),
    ];
    let refs: Vec<&Ticket> = all.iter().collect();
    let f = service(
        &refs,
        &Policy::default(),
        t0 + 30 * day,
        &Zone::fixed(0),
        &BTreeMap::new(),
    );
    assert_eq!(f.repeat_contacts, 1);
    assert_eq!(f.open_by_assignee, [(String::new(), 5)]);
}

/// A desk's worth of tickets of every kind, some answered, resolved, complained about,
/// repeated and assigned, over two months.
fn desk(now: Millis) -> Vec<Ticket> {
    let day = 24 * 60;
    let mut out = Vec::new();
    for n in 0..60i64 {
        let kind = TicketType::ALL[n as usize % TicketType::ALL.len()];
        let opened = now + -(n * 97 + (n % 9) * 5 * day);
        let mut t = ticket(&format!("t{n}"), &format!("c{}", n % 13), kind, opened);
        t.assignee = ["", "ann", "bo"][n as usize % 3].into();
        if n % 4 == 0 {
            t.set_status(TicketStatus::InProgress, opened + 90);
        }
        if n % 5 == 0 {
            t.set_status(TicketStatus::Resolved, opened + 600);
        }
        t.product = (n % 3 == 1).then(|| Id(format!("p{}", n % 2)));
        t.root_cause = (n % 7 == 0).then_some(RootCause::ALL[n as usize % 6]);
        out.push(t);
    }
    out
}

#[test]
fn every_figure_drills_down_to_exactly_the_tickets_it_counts() {
    let zone = Zone::fixed(480);
    let now = monday_9() + 60 * 24 * 60;
    let all = desk(now);
    let refs: Vec<&Ticket> = all.iter().collect();
    let policy = Policy::default();
    let month = Period::Month.index(zone.day(now).0);
    let active = BTreeMap::from([(month - 1, 30), (month, 40)]);
    let f = service(&refs, &policy, now, &zone, &active);
    let size = |s: Slice| s.of(&refs, &policy, now, &zone).len() as u32;
    for (band, &n) in f.open_by_age.iter().enumerate() {
        assert_eq!(size(Slice::Aged(band as u8)), n, "age band {band}");
    }
    for (who, n) in &f.open_by_assignee {
        assert_eq!(size(Slice::With(who.clone())), *n, "assignee {who:?}");
    }
    assert!(
        f.breached > 0 && f.repeat_contacts > 0,
        "the desk has both: {f:?}"
    );
    assert_eq!(size(Slice::Breached), f.breached);
    assert_eq!(size(Slice::Repeats), f.repeat_contacts);
    for m in &f.complaint_rate {
        assert_eq!(size(Slice::ComplaintsIn(m.month)), m.complaints);
    }
    for (p, n) in &f.complaints_by_product {
        assert_eq!(size(Slice::About(p.clone())), *n);
    }
    for (c, n) in &f.complaints_by_cause {
        assert_eq!(size(Slice::Cause(*c)), *n);
    }
}

#[test]
fn slices_travel_in_links_and_nonsense_is_refused() {
    let month = Period::Month.index(Day::from_ymd(2026, 11, 1).unwrap().0);
    for s in [
        Slice::Aged(4),
        Slice::With("ann".into()),
        Slice::With(String::new()),
        Slice::Breached,
        Slice::ComplaintsIn(month),
        Slice::About(Some(Id("p1".into()))),
        Slice::About(None),
        Slice::Cause(Some(RootCause::Product)),
        Slice::Cause(None),
        Slice::Repeats,
    ] {
        assert_eq!(Slice::parse(&s.code()), Some(s.clone()), "{}", s.code());
    }
    assert_eq!(Slice::ComplaintsIn(month).code(), "month:2026-11");
    for bad in [
        "aged:9",
        "aged:x",
        "month:2026-13",
        "month:2026",
        "cause:weather",
        "soon",
    ] {
        assert_eq!(Slice::parse(bad), None, "{bad}");
    }
}

#[test]
fn a_drill_down_holds_its_slice_whatever_the_status_and_leaves_out_the_trash() {
    let now = monday_9() + 600;
    let complaint =
        |id: &str, customer: &str| ticket(id, customer, TicketType::Complaint, monday_9());
    let mut done = complaint("done", "c1");
    done.set_status(TicketStatus::Resolved, now);
    let all = [
        done,
        complaint("open", "c1"),
        complaint("trashed", "c2"),
        ticket("question", "c1", TicketType::Inquiry, monday_9()),
    ];
    let month = Period::Month.index(Day::from_ymd(2026, 11, 30).unwrap().0);
    let got = sliced(
        &all,
        |c| c != "c2",
        &Slice::ComplaintsIn(month),
        &Policy::default(),
        now,
        &Zone::default(),
    );
    let ids: Vec<&str> = got.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["done", "open"]);
}

#[test]
fn ratings_give_csat_as_the_share_of_fours_and_fives() {
    let mut rated = Vec::new();
    for (n, score) in [5u8, 4, 2, 5].into_iter().enumerate() {
        let mut t = ticket(&format!("r{n}"), "c", TicketType::Inquiry, monday_9());
        t.rating = Some(Id(format!("resp{n}")));
        rated.push((t, score));
    }
    let mut gone = ticket("gone", "c", TicketType::Inquiry, monday_9());
    gone.rating = Some(Id("deleted".into()));
    let unrated = ticket("u", "c", TicketType::Inquiry, monday_9());
    let mut refs: Vec<&Ticket> = rated.iter().map(|(t, _)| t).collect();
    refs.extend([&gone, &unrated]);
    let score = |id: &str| {
        (rated.iter())
            .find(|(t, _)| t.rating.as_ref().is_some_and(|r| r.as_str() == id))
            .map(|(_, s)| *s)
    };
    let r = ratings(&refs, score);
    assert_eq!(r.by_score, [0, 1, 0, 1, 2]);
    assert_eq!((r.count(), r.csat), (4, Some(75.0)));
    assert_eq!(ratings(&[&unrated], score).csat, None);
}
