use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::from_ymd(y, m, day).unwrap()
}

fn id(s: &str) -> Id {
    Id(s.into())
}

fn rule(trigger: Trigger, since: Option<Day>) -> CareRule {
    CareRule {
        name: "r".into(),
        title: "Call".into(),
        since,
        ..CareRule::new(id("rule-1"), trigger, Millis(1_700_000_000_000))
    }
}

fn person(name: &str, owner: &str, born: Option<Day>) -> Person {
    Person {
        id: id(name),
        owner: owner.into(),
        born,
    }
}

fn bought(c: &str, day: Day, cats: &[&str]) -> Bought {
    Bought {
        customer: id(c),
        day,
        categories: cats.iter().map(|s| s.to_string()).collect(),
    }
}

fn facts() -> Facts {
    Facts {
        people: vec![person("ann", "s1", None), person("bo", "s2", None)],
        ..Facts::default()
    }
}

fn dues(tasks: &[Task]) -> Vec<(String, Day)> {
    (tasks.iter())
        .map(|t| (t.customer.clone().unwrap().0, t.due))
        .collect()
}

const AFTER_A_WEEK: Trigger = Trigger::AfterOrder {
    days: 7,
    category: String::new(),
};

#[test]
fn an_order_gets_its_call_a_week_later_from_the_day_the_rule_was_switched_on() {
    let today = d(2026, 12, 5);
    let f = Facts {
        bought: vec![
            // Three days before the rule was switched on: its call is still ahead.
            bought("ann", d(2026, 12, 2), &[]),
            // Twenty days before: its call was due before the rule existed.
            bought("bo", d(2026, 11, 15), &[]),
            // Today: its call is a week ahead, within reach.
            bought("bo", today, &[]),
        ],
        ..facts()
    };
    let r = rule(AFTER_A_WEEK, Some(today));
    let tasks = due_tasks(std::slice::from_ref(&r), &f, today, Millis(9));
    assert_eq!(
        dues(&tasks),
        [
            ("ann".into(), d(2026, 12, 9)),
            ("bo".into(), d(2026, 12, 12))
        ]
    );
    let t = &tasks[0];
    assert_eq!((t.title.as_str(), t.kind), ("Call", TaskKind::Call));
    assert_eq!((t.owner.as_str(), t.important), ("s1", true));
    assert_eq!(t.rule, Some(r.id.clone()));
    assert!(Id::is_uuid(t.id.as_str()));
    // Run again the next day: the same tasks by the same ids, nothing new.
    let again = due_tasks(std::slice::from_ref(&r), &f, Day(today.0 + 1), Millis(10));
    let ids = |v: &[Task]| v.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&again), ids(&tasks));
    // A rule that is off makes nothing; its preview shows what it would.
    let off = CareRule { since: None, ..r };
    assert!(due_tasks(std::slice::from_ref(&off), &f, today, Millis(9)).is_empty());
    assert_eq!(dues(&preview(&off, &f, today, Millis(9))), dues(&tasks));
}

#[test]
fn a_shop_closed_for_a_week_catches_up_but_an_old_import_makes_nothing() {
    let today = d(2026, 12, 5);
    let r = rule(AFTER_A_WEEK, Some(d(2026, 1, 1)));
    let f = Facts {
        bought: vec![
            bought("ann", d(2026, 11, 22), &[]),
            bought("bo", d(2026, 6, 1), &[]),
        ],
        ..facts()
    };
    let tasks = due_tasks(&[r], &f, today, Millis(9));
    assert_eq!(dues(&tasks), [("ann".into(), d(2026, 11, 29))]);
}

#[test]
fn a_category_rule_follows_only_orders_of_that_category() {
    let today = d(2026, 12, 5);
    let r = rule(
        Trigger::AfterOrder {
            days: 0,
            category: "茶叶".into(),
        },
        Some(today),
    );
    let f = Facts {
        bought: vec![
            bought("ann", today, &["茶具", "茶叶"]),
            bought("bo", today, &["茶具"]),
        ],
        ..facts()
    };
    assert_eq!(
        dues(&due_tasks(&[r], &f, today, Millis(1))),
        [("ann".into(), today)]
    );
    let tea = rule(
        Trigger::AfterOrder {
            days: 0,
            category: "tea".into(),
        },
        Some(today),
    );
    let f = Facts {
        bought: vec![bought("ann", today, &["ＴＥＡ "])],
        ..facts()
    };
    assert_eq!(due_tasks(&[tea], &f, today, Millis(1)).len(), 1);
}

#[test]
fn each_complaint_settled_gets_its_own_visit() {
    let today = d(2026, 12, 5);
    let r = CareRule {
        task: TaskKind::Visit,
        ..rule(Trigger::AfterComplaint { days: 3 }, Some(today))
    };
    let settled = |t: &str, day| Settled {
        customer: id("ann"),
        ticket: id(t),
        day,
    };
    let f = Facts {
        settled: vec![settled("t1", today), settled("t2", today)],
        ..facts()
    };
    let tasks = due_tasks(&[r], &f, today, Millis(1));
    assert_eq!(tasks.len(), 2);
    assert_ne!(tasks[0].id, tasks[1].id);
    assert!(
        tasks
            .iter()
            .all(|t| t.due == d(2026, 12, 8) && t.kind == TaskKind::Visit)
    );
}

#[test]
fn birthdays_are_greeted_ahead_and_one_typed_in_late_is_greeted_today() {
    let today = d(2026, 12, 5);
    let r = rule(Trigger::Birthday { days: 3 }, Some(today));
    let f = Facts {
        people: vec![
            // In two days: its greeting day passed before the rule saw it.
            person("ann", "s1", Some(d(1990, 12, 7))),
            // In ten days: greeted a week from now.
            person("bo", "s1", Some(d(1985, 12, 15))),
            // In a month: not yet.
            person("cy", "s1", Some(d(1985, 1, 5))),
            // Born this month: not a birthday until next year.
            person("dee", "s1", Some(d(2026, 12, 8))),
        ],
        ..Facts::default()
    };
    assert_eq!(
        dues(&due_tasks(&[r], &f, today, Millis(1))),
        [("ann".into(), today), ("bo".into(), d(2026, 12, 12))]
    );
}

#[test]
fn a_leap_day_birthday_falls_on_the_28th_in_other_years() {
    assert_eq!(anniversary(d(2000, 2, 29), 2027), Some(d(2027, 2, 28)));
    assert_eq!(anniversary(d(2000, 2, 29), 2028), Some(d(2028, 2, 29)));
    let r = rule(Trigger::Birthday { days: 0 }, Some(d(2027, 2, 20)));
    let f = Facts {
        people: vec![person("ann", "", Some(d(2000, 2, 29)))],
        ..Facts::default()
    };
    let tasks = due_tasks(&[r], &f, d(2027, 2, 25), Millis(1));
    assert_eq!(dues(&tasks), [("ann".into(), d(2027, 2, 28))]);
}

#[test]
fn occasions_and_churn_risks_make_one_task_per_month_and_per_spell() {
    let today = d(2026, 12, 5);
    let f = Facts {
        coming: vec![Coming {
            customer: id("ann"),
            month_start: d(2027, 1, 1),
            remind_on: d(2026, 12, 18),
        }],
        at_risk: vec![
            AtRisk {
                customer: id("ann"),
                last_bought: d(2026, 3, 1),
                value: Cents(50_000),
            },
            AtRisk {
                customer: id("bo"),
                last_bought: d(2026, 3, 1),
                value: Cents(9_999),
            },
        ],
        ..facts()
    };
    let occasion = rule(Trigger::Occasion, Some(today));
    // The reminder is 13 days off: not yet; then on its day.
    assert!(due_tasks(std::slice::from_ref(&occasion), &f, today, Millis(1)).is_empty());
    let later = due_tasks(
        std::slice::from_ref(&occasion),
        &f,
        d(2026, 12, 12),
        Millis(1),
    );
    assert_eq!(dues(&later), [("ann".into(), d(2026, 12, 18))]);
    let churn = rule(
        Trigger::ChurnRisk {
            value: Cents(10_000),
        },
        Some(today),
    );
    let a = due_tasks(std::slice::from_ref(&churn), &f, today, Millis(1));
    assert_eq!(dues(&a), [("ann".into(), today)]);
    // Still at risk next week: the same task (the same spell).
    let b = due_tasks(
        std::slice::from_ref(&churn),
        &f,
        Day(today.0 + 7),
        Millis(1),
    );
    assert_eq!(a[0].id, b[0].id);
    // Bought again and at risk again: a new spell, a new task.
    let mut f2 = f.clone();
    f2.at_risk[0].last_bought = d(2026, 9, 1);
    let c = due_tasks(&[churn], &f2, Day(today.0 + 7), Millis(1));
    assert_ne!(a[0].id, c[0].id);
}

#[test]
fn customers_in_the_trash_get_nothing_and_a_rule_may_name_who_does_the_tasks() {
    let today = d(2026, 12, 5);
    let r = CareRule {
        owner: "boss".into(),
        ..rule(AFTER_A_WEEK, Some(today))
    };
    let f = Facts {
        bought: vec![bought("ann", today, &[]), bought("gone", today, &[])],
        ..facts()
    };
    let tasks = due_tasks(&[r], &f, today, Millis(1));
    assert_eq!(dues(&tasks), [("ann".into(), d(2026, 12, 12))]);
    assert_eq!(tasks[0].owner, "boss");
}

#[test]
fn two_rules_on_the_same_event_make_two_tasks_and_each_the_same_ids_everywhere() {
    let today = d(2026, 12, 5);
    let a = rule(AFTER_A_WEEK, Some(today));
    let b = CareRule {
        id: id("rule-2"),
        ..a.clone()
    };
    let f = Facts {
        bought: vec![bought("ann", today, &[]), bought("ann", today, &[])],
        ..facts()
    };
    let tasks = due_tasks(&[a.clone(), b], &f, today, Millis(1));
    assert_eq!(tasks.len(), 2, "one per rule, the day's two orders as one");
    assert_eq!(tasks[0].id.0.len(), 36);
    let made_by_a = task_id(&a, &id("ann"), "order:2026-12-05");
    assert!(tasks.iter().any(|t| t.id == made_by_a));
}

#[test]
fn a_rule_needs_a_name_a_title_and_sensible_days() {
    let base = rule(AFTER_A_WEEK, None);
    let draft = CareDraft {
        name: " ".into(),
        title: String::new(),
        days: "9999".into(),
        ..CareDraft::from_rule(&base)
    };
    let errs = draft.validate(base.clone(), Millis(2)).unwrap_err();
    let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::CareName, Field::CareTitle, Field::CareDays]);
    for (days, problem) in [
        ("-1", Problem::Negative),
        ("two", Problem::NotAWholeNumber),
        ("", Problem::Required),
    ] {
        let draft = CareDraft {
            days: days.into(),
            ..CareDraft::from_rule(&base)
        };
        let errs = draft.validate(base.clone(), Millis(2)).unwrap_err();
        assert_eq!(errs[0].problem, problem, "{days}");
    }
    let churn = CareDraft {
        kind: TriggerKind::ChurnRisk,
        value: "500".into(),
        days: "x".into(),
        ..CareDraft::from_rule(&base)
    };
    let saved = churn.validate(base.clone(), Millis(2)).unwrap();
    assert_eq!(
        saved.trigger,
        Trigger::ChurnRisk {
            value: Cents(50_000)
        }
    );
    assert_eq!(CareDraft::from_rule(&saved).value, "500.00");
    assert_eq!(saved.since, None, "saving does not switch it on");
    let bad = CareDraft {
        value: "-3".into(),
        ..churn
    };
    let errs = bad.validate(base, Millis(2)).unwrap_err();
    assert_eq!(errs[0].field, Field::CareValue);
}

#[test]
fn the_demo_rules_are_valid_and_all_but_the_thank_you_call_on() {
    let spec = crate::demo::DemoSpec::standard(d(2026, 12, 5), crate::demo::NameStyle::Chinese);
    let rules = demo(&spec);
    assert_eq!(rules.len(), 4);
    for r in rules {
        let after_order = r.trigger.kind() == TriggerKind::AfterOrder;
        assert_eq!(r.is_on(), !after_order);
        assert_eq!(check_rule(r.clone()), Ok(r));
    }
}

proptest! {
    /// Whatever the orders and the day, a rule's tasks are due from the later of its
    /// switch-on day and a week back, to a week ahead; each once; and a run a day later
    /// gives every task still in reach the same id and due day.
    #[test]
    fn tasks_stay_in_reach_and_keep_their_ids(
        orders in proptest::collection::vec((0usize..3, -60i32..10), 0..40),
        days in 0u16..40,
        since_back in 0i32..30,
    ) {
        let today = d(2026, 12, 5);
        let names = ["ann", "bo", "cy"];
        let f = Facts {
            people: names.iter().map(|n| person(n, "", None)).collect(),
            bought: orders.iter().map(|&(c, off)| bought(names[c], Day(today.0 + off), &[])).collect(),
            ..Facts::default()
        };
        let since = Day(today.0 - since_back);
        let r = rule(Trigger::AfterOrder { days, category: String::new() }, Some(since));
        let now = due_tasks(std::slice::from_ref(&r), &f, today, Millis(1));
        let from = since.max(Day(today.0 - CATCH_UP_DAYS));
        let mut ids = HashSet::new();
        for t in &now {
            prop_assert!(t.due >= from && t.due.0 <= today.0 + AHEAD_DAYS);
            prop_assert!(ids.insert(t.id.clone()));
        }
        let next = due_tasks(std::slice::from_ref(&r), &f, Day(today.0 + 1), Millis(2));
        for t in &next {
            if let Some(same) = now.iter().find(|x| x.id == t.id) {
                prop_assert_eq!(same.due, t.due);
            }
        }
    }
}
