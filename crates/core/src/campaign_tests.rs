use super::*;
use crate::Millis;
use crate::customer::Consent;
use crate::validate::blank_customer;
use std::collections::HashSet;

fn customer(n: u32, channel: Option<(ConsentChannel, bool)>) -> Customer {
    let mut c = blank_customer(Id(format!("c{n:03}")), n, Millis(0));
    (c.mobile, c.email) = (format!("138{n:08}"), format!("c{n}@example.com"));
    c.consents = channel
        .map(|(channel, granted)| Consent {
            channel,
            granted,
            date: None,
            source: String::new(),
        })
        .into_iter()
        .collect();
    c
}

#[test]
fn the_list_keeps_only_consent_for_the_channel_and_counts_who_is_left_out_and_why() {
    use ConsentChannel::{Email, Sms};
    let mut all = [
        customer(1, Some((Sms, true))),
        customer(2, Some((Sms, false))),
        customer(3, Some((Email, true))),
        customer(4, None),
        customer(5, Some((Sms, true))),
        customer(6, Some((Sms, true))),
        customer(7, Some((Sms, true))),
    ];
    all[4].blacklisted = true;
    all[5].mobile.clear();
    all[5].phone = "021-66668888".into();
    all[6].deleted = Some(Millis(1));
    let members: Vec<&Customer> = all.iter().collect();
    let list = target_list(&members, Sms, 0, 1);
    assert_eq!(list.contacted, [Id("c001".into())]);
    assert!(list.control.is_empty());
    assert_eq!(
        list.left_out,
        [
            (LeftOut::Deleted, 1),
            (LeftOut::Blacklisted, 1),
            (LeftOut::OptedOut, 1),
            (LeftOut::NoConsent, 2),
            (LeftOut::NoContact, 1),
        ]
    );
    // A landline takes a call, not a text.
    assert_eq!(reachable(&all[5], Sms), Err(LeftOut::NoContact));
    let mut called = all[5].clone();
    called.consents[0].channel = ConsentChannel::Phone;
    assert_eq!(reachable(&called, ConsentChannel::Phone), Ok(()));
}

#[test]
fn the_control_group_is_its_share_drawn_the_same_way_by_the_same_seed() {
    let all: Vec<Customer> = (0..200)
        .map(|n| customer(n, Some((ConsentChannel::Email, true))))
        .collect();
    let members: Vec<&Customer> = all.iter().collect();
    let a = target_list(&members, ConsentChannel::Email, 1_000, 42);
    assert_eq!((a.contacted.len(), a.control.len()), (180, 20));
    assert_eq!(a, target_list(&members, ConsentChannel::Email, 1_000, 42));
    let b = target_list(&members, ConsentChannel::Email, 1_000, 43);
    assert_ne!(a.control, b.control, "another seed, another draw");
    let held: HashSet<&Id> = a.control.iter().collect();
    assert!(a.contacted.iter().all(|id| !held.contains(id)));
    // Rounded to the nearest customer: 10 % of 15 is 2 (1.5 rounds up).
    let few: Vec<&Customer> = members[..15].to_vec();
    assert_eq!(
        target_list(&few, ConsentChannel::Email, 1_000, 1)
            .control
            .len(),
        2
    );
}

#[test]
fn roi_and_cost_per_response_need_a_cost_and_responses() {
    let revenue = Cents(30_000);
    assert_eq!(roi(revenue, Cents(10_000)), Some(2.0));
    assert_eq!(roi(revenue, Cents(0)), None);
    assert_eq!(cost_per_response(Cents(10_000), 3), Some(Cents(3_333)));
    assert_eq!(cost_per_response(Cents(10_000), 0), None);
}

#[test]
fn lift_and_its_interval_match_statsmodels() {
    // tests/data/make_lift_reference.py: statsmodels 0.15,
    // confint_proportions_2indep(method="wald", compare="diff").
    let reference = [
        (
            (120, 1000, 8, 100),
            0.039999999999999994,
            -0.016859227426128276,
            0.09685922742612826,
        ),
        (
            (45, 900, 3, 100),
            0.020000000000000004,
            -0.016340173043108495,
            0.0563401730431085,
        ),
        (
            (0, 50, 2, 10),
            -0.2,
            -0.44791801292182476,
            0.04791801292182471,
        ),
        (
            (300, 2700, 25, 300),
            0.027777777777777776,
            -0.005668731642836135,
            0.06122428719839169,
        ),
    ];
    for ((c1, n1, c2, n2), d, lo, hi) in reference {
        let l = lift(c1, n1, c2, n2).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(
            close(l.difference, d) && close(l.low, lo) && close(l.high, hi),
            "{l:?}"
        );
    }
    assert_eq!(lift(3, 10, 0, 0), None);
}
