use super::*;

/// Monday 2026-11-30, 10:00 in Shanghai.
fn monday_10() -> Millis {
    let day = Day::from_ymd(2026, 11, 30).unwrap();
    Zone::fixed(480).instant(day.start_millis().0 + 10 * 3_600_000)
}

fn hours(h: i64) -> Millis {
    Millis(monday_10().0 + h * 3_600_000)
}

fn complaint() -> Ticket {
    Ticket {
        kind: TicketType::Complaint,
        priority: Priority::High,
        subject: "货物破损".into(),
        ..Ticket::new(Id("t1".into()), Id("c1".into()), monday_10())
    }
}

#[test]
fn the_clocks_are_stamped_once_and_a_reopened_ticket_runs_again() {
    let mut t = complaint();
    t.assignee = "li".into();
    t.set_status(TicketStatus::Assigned, hours(1));
    assert_eq!(t.first_response, None, "being assigned answers nobody");
    t.log(TicketNote {
        at: hours(2),
        by: "li".into(),
        call: true,
        text: "回电致歉".into(),
    });
    assert_eq!(t.first_response, Some(hours(2)));
    t.set_status(TicketStatus::InProgress, hours(3));
    assert_eq!(t.first_response, Some(hours(2)), "kept from the call");
    t.set_status(TicketStatus::Resolved, hours(4));
    t.set_status(TicketStatus::Closed, hours(5));
    assert_eq!((t.resolved, t.closed), (Some(hours(4)), Some(hours(5))));
    t.set_status(TicketStatus::InProgress, hours(6));
    assert_eq!((t.resolved, t.closed, t.reopened), (None, None, 1));
    assert!(t.status.is_open());
    t.set_status(TicketStatus::Closed, hours(7));
    assert_eq!((t.resolved, t.closed), (Some(hours(7)), Some(hours(7))));
}

#[test]
fn a_complaint_left_unanswered_breaches_its_first_response_target() {
    let (policy, zone) = (Policy::default(), Zone::fixed(480));
    let t = complaint();
    // A high-priority complaint: answered within 30 business minutes.
    let s = t.service(&policy, hours(0), &zone);
    assert_eq!(s.respond.due, Millis(monday_10().0 + 30 * 60_000));
    assert_eq!(s.worst(), Standing::OnTrack);
    let near = t.service(&policy, Millis(monday_10().0 + 25 * 60_000), &zone);
    assert_eq!(near.respond.standing, Standing::Near);
    let late = t.service(&policy, hours(1), &zone);
    assert_eq!(late.respond.standing, Standing::Breached);
    assert_eq!(late.resolve.standing, Standing::OnTrack);
    assert_eq!(late.worst(), Standing::Breached);
    // Answered in time, it is met, however late it is looked at.
    let mut answered = t.clone();
    answered.log(TicketNote {
        at: Millis(monday_10().0 + 20 * 60_000),
        by: String::new(),
        call: true,
        text: "ok".into(),
    });
    let s = answered.service(&policy, hours(30), &zone);
    assert_eq!(s.respond.standing, Standing::Met);
    // Its resolution (9 business hours) falls due Tuesday 10:00 (open 9–18).
    assert_eq!(s.resolve.due, hours(24));
    assert_eq!(s.resolve.standing, Standing::Breached);
}

#[test]
fn the_desk_lists_breached_then_near_then_by_due_and_done_ones_last() {
    let (policy, zone) = (Policy::default(), Zone::fixed(480));
    let now = Millis(monday_10().0 + 25 * 60_000);
    let mk = |id: &str, kind, priority, status| Ticket {
        kind,
        priority,
        status,
        ..Ticket::new(Id(id.into()), Id("c".into()), monday_10())
    };
    use TicketStatus::*;
    use TicketType::*;
    let mut breached = mk("breached", Complaint, Priority::Urgent, New);
    breached.opened = hours(-2);
    let all = [
        mk("later", Inquiry, Priority::Low, New),
        mk("done", Inquiry, Priority::Urgent, Closed),
        mk("near", Complaint, Priority::High, New),
        breached,
        mk("sooner", Inquiry, Priority::Normal, Assigned),
    ];
    let services: Vec<Service> = all.iter().map(|t| t.service(&policy, now, &zone)).collect();
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| desk_order((&all[a], &services[a]), (&all[b], &services[b])));
    let ids: Vec<&str> = order.iter().map(|&k| all[k].id.0.as_str()).collect();
    assert_eq!(ids, ["breached", "near", "sooner", "later", "done"]);
}

#[test]
fn a_ticket_needs_a_subject_and_no_time_after_today() {
    let today = Day::from_ymd(2026, 11, 30).unwrap();
    let t = Ticket {
        subject: "  ".into(),
        opened: hours(48),
        ..complaint()
    };
    let errs: Vec<(Field, Problem)> = check_ticket(t, today)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect();
    assert_eq!(
        errs,
        [
            (Field::TicketSubject, Problem::Required),
            (Field::TicketOpened, Problem::DateInFuture)
        ]
    );
    let ok = check_ticket(
        Ticket {
            subject: " 货物\t破损 ".into(),
            ..complaint()
        },
        today,
    )
    .unwrap();
    assert_eq!(ok.subject, "货物 破损");
}

#[test]
fn choosing_someone_assigns_a_new_ticket_and_resolving_stamps_it() {
    let today = Day::from_ymd(2026, 11, 30).unwrap();
    let base = complaint();
    let d = TicketDraft {
        assignee: "li".into(),
        ..TicketDraft::from_ticket(&base)
    };
    let t = d.validate(base.clone(), today, hours(1)).unwrap();
    assert_eq!((t.status, t.first_response), (TicketStatus::Assigned, None));
    let d = TicketDraft {
        status: TicketStatus::Resolved,
        resolution: "换货".into(),
        root_cause: Some(RootCause::Delivery),
        ..TicketDraft::from_ticket(&t)
    };
    let r = d.validate(t, today, hours(2)).unwrap();
    assert_eq!(
        (r.status, r.resolved, r.first_response),
        (TicketStatus::Resolved, Some(hours(2)), Some(hours(2)))
    );
    assert_eq!(r.root_cause, Some(RootCause::Delivery));
    // The product it is about is picked, and can be taken off again.
    let about = TicketDraft {
        product: "kettle".into(),
        ..TicketDraft::from_ticket(&r)
    };
    let k = about.validate(r, today, hours(3)).unwrap();
    assert_eq!(k.product, Some(Id("kettle".into())));
    assert_eq!(TicketDraft::from_ticket(&k).product, "kettle");
    let none = TicketDraft {
        product: " ".into(),
        ..TicketDraft::from_ticket(&k)
    };
    assert_eq!(none.validate(k, today, hours(4)).unwrap().product, None);
}

#[test]
fn codes_round_trip() {
    for c in Channel::ALL {
        assert_eq!(Channel::from_code(c.code()), Some(c));
    }
    for s in TicketStatus::ALL {
        assert_eq!(TicketStatus::from_code(s.code()), Some(s));
    }
    for r in RootCause::ALL {
        assert_eq!(RootCause::from_code(r.code()), Some(r));
    }
}

/// The bug: a ticket opened in the evening west of UTC (past UTC midnight) was refused
/// as "in the future", silently.
#[test]
fn a_ticket_opened_in_the_evening_west_of_utc_is_not_in_the_future() {
    // 20:50 on 4 December in New York is 01:50 UTC on the 5th; the shop's day is the 4th.
    let today = Day::from_ymd(2026, 12, 4).unwrap();
    let now = Millis(Day::from_ymd(2026, 12, 5).unwrap().start_millis().0 + 110 * 60_000);
    let t = Ticket {
        subject: "x".into(),
        ..Ticket::new(Id("t".into()), Id("c".into()), now)
    };
    assert!(check_ticket(t, today).is_ok());
}

#[test]
fn a_rating_is_a_csat_answer_kept_by_the_ticket_and_off_scale_is_refused() {
    let today = Day::from_ymd(2026, 11, 30).unwrap();
    let mut t = complaint();
    let r = t
        .rate(4, " 很快 ", Id("r1".into()), today, hours(3))
        .unwrap();
    assert_eq!(
        (
            r.customer.0.as_str(),
            r.answers[0].question,
            r.answers[0].score
        ),
        ("c1", crate::Question::Csat, 4)
    );
    assert_eq!(r.comment, "很快");
    assert_eq!(t.rating, Some(Id("r1".into())));
    let mut other = complaint();
    let errs = other
        .rate(6, "", Id("r2".into()), today, hours(3))
        .unwrap_err();
    assert_eq!(errs[0].problem, Problem::OffScale { lo: 1, hi: 5 });
    assert_eq!(other.rating, None);
}
