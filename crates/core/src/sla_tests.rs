use super::*;
use proptest::prelude::*;

/// A local wall-clock time in `zone` as an instant.
fn at(zone: &Zone, y: i32, m: u32, d: u32, h: i64, min: i64) -> Millis {
    let day = Day::from_ymd(y, m, d).unwrap();
    zone.instant(day.start_millis().0 + (h * 60 + min) * MS_PER_MIN)
}

fn china() -> Zone {
    Zone::fixed(480)
}

#[test]
fn business_time_runs_in_opening_hours_and_over_nights_and_weekends() {
    let (cal, z) = (Calendar::default(), china());
    // 2026-12-04 is a Friday.
    let fri = |h, m| at(&z, 2026, 12, 4, h, m);
    assert_eq!(cal.add(fri(10, 0), 30, &z), fri(10, 30));
    // Due at closing time is due then, not on Monday.
    assert_eq!(cal.add(fri(17, 0), 60, &z), fri(18, 0));
    // Two hours from 17:00 on a Friday: one today, one on Monday from 9:00.
    assert_eq!(cal.add(fri(17, 0), 120, &z), at(&z, 2026, 12, 7, 10, 0));
    // Opened before the shop opens, or on a Sunday: counted from the next opening.
    assert_eq!(cal.add(fri(7, 30), 60, &z), fri(10, 0));
    assert_eq!(
        cal.add(at(&z, 2026, 12, 6, 12, 0), 60, &z),
        at(&z, 2026, 12, 7, 10, 0)
    );
    // Three 9-hour days from Wednesday noon: Monday noon.
    assert_eq!(
        cal.add(at(&z, 2026, 12, 2, 12, 0), 27 * 60, &z),
        at(&z, 2026, 12, 7, 12, 0)
    );
}

#[test]
fn holidays_close_the_shop_and_make_up_days_open_it() {
    let z = china();
    let day = |m, d| Day::from_ymd(2026, m, d).unwrap();
    // National Day 2026: 1–7 October off, Saturday 10 October worked (调休).
    let cal = Calendar {
        holidays: (1..=7).map(|d| day(10, d)).collect(),
        workdays: vec![day(10, 10)],
        ..Calendar::default()
    };
    assert_eq!(cal.hours_on(day(10, 1)), None);
    assert_eq!(cal.hours_on(day(10, 10)), Some(Hours::new(9, 18)));
    // From Wednesday 30 September 17:00, 2 hours: 1 that day, 1 on Thursday 8 October.
    assert_eq!(
        cal.add(at(&z, 2026, 9, 30, 17, 0), 120, &z),
        at(&z, 2026, 10, 8, 10, 0)
    );
    // From Friday 9 October 17:00: the make-up Saturday.
    assert_eq!(
        cal.add(at(&z, 2026, 10, 9, 17, 0), 120, &z),
        at(&z, 2026, 10, 10, 10, 0)
    );
    assert_eq!(
        cal.between(at(&z, 2026, 9, 30, 17, 0), at(&z, 2026, 10, 8, 10, 0), &z),
        120
    );
}

#[test]
fn hours_are_local_across_a_daylight_saving_change() {
    // New York, 8 March 2026: clocks go forward at 2:00. The shop opens at 9:00 local.
    let z = Zone {
        first: -300,
        changes: vec![(
            Day::from_ymd(2026, 3, 8).unwrap().start_millis().0 + 7 * 3_600_000,
            -240,
        )],
    };
    let cal = Calendar::default();
    // Friday 6 March 17:00 EST + 2 h: Monday 9 March 10:00 EDT.
    let due = cal.add(at(&z, 2026, 3, 6, 17, 0), 120, &z);
    assert_eq!(due, at(&z, 2026, 3, 9, 10, 0));
    assert_eq!(
        z.local(due) - Day::from_ymd(2026, 3, 9).unwrap().start_millis().0,
        10 * 3_600_000
    );
}

#[test]
fn a_calendar_never_open_counts_wall_clock_time() {
    let cal = Calendar {
        week: [None; 7],
        ..Calendar::default()
    };
    let z = china();
    let from = at(&z, 2026, 12, 4, 10, 0);
    assert_eq!(cal.add(from, 60, &z), Millis(from.0 + 60 * MS_PER_MIN));
    assert_eq!(cal.between(from, Millis(from.0 + 60 * MS_PER_MIN), &z), 0);
}

#[test]
fn targets_default_by_priority_and_type_and_the_shops_own_win() {
    let p = Policy::default();
    let t = |ty, pr| p.target(ty, pr);
    assert_eq!(
        t(TicketType::Inquiry, Priority::Normal),
        Target {
            respond: 240,
            resolve: 1620
        }
    );
    assert_eq!(
        t(TicketType::Complaint, Priority::Urgent),
        Target {
            respond: 15,
            resolve: 240
        }
    );
    assert_eq!(t(TicketType::Return, Priority::Low).resolve, 2 * 5 * 9 * 60);
    // Urgent is never slower than low, for any type.
    for ty in TicketType::ALL {
        let (u, l) = (t(ty, Priority::Urgent), t(ty, Priority::Low));
        assert!(u.respond < l.respond && u.resolve < l.resolve, "{ty:?}");
    }
    let own = Policy {
        targets: vec![(
            TicketType::Fault,
            Priority::High,
            Target {
                respond: 10,
                resolve: 100,
            },
        )],
        ..Policy::default()
    };
    assert_eq!(own.target(TicketType::Fault, Priority::High).respond, 10);
    assert_eq!(
        own.target(TicketType::Fault, Priority::Low),
        p.target(TicketType::Fault, Priority::Low)
    );
    for (ty, pr) in [
        (TicketType::Care, Priority::Urgent),
        (TicketType::FollowUp, Priority::Low),
    ] {
        assert_eq!(TicketType::from_code(ty.code()), Some(ty));
        assert_eq!(Priority::from_code(pr.code()), Some(pr));
    }
}

#[test]
fn a_ticket_stands_met_on_track_near_or_breached() {
    let (p, z) = (Policy::default(), china());
    let opened = at(&z, 2026, 12, 4, 9, 0);
    // 4 hours: due 13:00. A quarter (1 hour) or less left is near.
    let check = |done, now| p.check(opened, 240, done, now, &z);
    let t = |h, m| at(&z, 2026, 12, 4, h, m);
    assert_eq!(
        check(None, t(10, 0)),
        Check {
            due: t(13, 0),
            standing: Standing::OnTrack
        }
    );
    assert_eq!(check(None, t(12, 0)).standing, Standing::Near);
    assert_eq!(check(None, t(13, 1)).standing, Standing::Breached);
    assert_eq!(check(Some(t(12, 59)), t(17, 0)).standing, Standing::Met);
    assert_eq!(
        check(Some(t(13, 30)), t(17, 0)).standing,
        Standing::Breached
    );
    // Friday evening with Monday's opening hour left: near, though the weekend is long.
    let late = p.check(
        at(&z, 2026, 12, 4, 15, 0),
        240,
        None,
        at(&z, 2026, 12, 4, 18, 30),
        &z,
    );
    assert_eq!(late.due, at(&z, 2026, 12, 7, 10, 0));
    assert_eq!(late.standing, Standing::Near);
}

proptest! {
    /// Business time counted from an instant to the due time it gives is the target.
    #[test]
    fn between_undoes_add(start in 0i64..(400 * 86_400_000), minutes in 1u32..20_000, closed in 0usize..7) {
        let z = china();
        let from = Millis(Day::from_ymd(2026, 1, 1).unwrap().start_millis().0 + start);
        let mut cal = Calendar::default();
        cal.week[closed] = None;
        cal.holidays = vec![Day::from_ymd(2026, 5, 1).unwrap(), Day::from_ymd(2026, 10, 1).unwrap()];
        let due = cal.add(from, minutes, &z);
        prop_assert!(due >= from);
        prop_assert_eq!(cal.between(from, due, &z), minutes);
    }
}

#[test]
fn the_settings_form_round_trips_the_defaults_and_keeps_only_what_differs() {
    let p = Policy::default();
    let d = PolicyDraft::from_policy(&p);
    assert_eq!(d.week[0], (true, "09:00".to_string(), "18:00".to_string()));
    assert!(!d.week[5].0);
    // A normal complaint: answered within 2 hours, resolved within 27.
    assert_eq!(d.targets[4 + 1], ["2".to_string(), "27".to_string()]);
    // An urgent complaint: a quarter of an hour.
    assert_eq!(d.targets[4 + 3][0], "0.25");
    assert_eq!(d.validate(), Ok(p));

    let mut d = PolicyDraft::from_policy(&Policy::default());
    d.week[5] = (true, "10:00".into(), "24:00".into());
    d.holidays = "2026-10-02\n2026-10-01, 2026-10-01".into();
    d.workdays = "2026-10-10".into();
    d.targets[3] = ["0.5".into(), "3".into()];
    let p = d.validate().unwrap();
    let day = |m, d| Day::from_ymd(2026, m, d).unwrap();
    assert_eq!(
        p.calendar.week[5],
        Some(Hours {
            open: 600,
            close: 1440
        })
    );
    assert_eq!(p.calendar.holidays, [day(10, 1), day(10, 2)]);
    assert_eq!(p.calendar.workdays, [day(10, 10)]);
    assert_eq!(
        p.targets,
        [(
            TicketType::Inquiry,
            Priority::Urgent,
            Target {
                respond: 30,
                resolve: 180
            }
        )]
    );
    assert_eq!(PolicyDraft::from_policy(&p).validate(), Ok(p));
}

#[test]
fn the_settings_form_names_each_problem() {
    let mut d = PolicyDraft::from_policy(&Policy::default());
    d.week[0].2 = "08:00".into();
    d.week[1].1 = "9点".into();
    d.holidays = "2026-10-01 国庆".into();
    d.targets[1] = ["0".into(), "x".into()];
    d.targets[2] = ["30".into(), "3".into()];
    let errs: Vec<(Field, Problem)> = d
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect();
    assert_eq!(
        errs,
        [
            (Field::SlaDay(0), Problem::ClosesBeforeOpening),
            (Field::SlaDay(1), Problem::InvalidTime),
            (Field::SlaHolidays, Problem::InvalidDate),
            (Field::SlaTarget(1), Problem::NotHours),
            (Field::SlaTarget(2), Problem::AnswerAfterResolution),
        ]
    );
}
