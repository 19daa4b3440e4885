use super::*;
use crate::campaign::target_list;
use crate::customer::Consent;
use crate::validate::blank_customer;
use crate::{Customer, OrderStatus};

fn day(d: i32) -> Day {
    Day(20_000 + d)
}

fn customer(n: u32, email_consent: bool) -> Customer {
    let mut c = blank_customer(Id(format!("c{n:03}")), n, Millis(0));
    c.name = format!("C{n}");
    c.email = format!("c{n}@example.com");
    if email_consent {
        c.consents.push(Consent {
            channel: ConsentChannel::Email,
            granted: true,
            date: None,
            source: String::new(),
        });
    }
    c
}

fn campaign(cost: i64) -> Campaign {
    Campaign {
        name: "Spring".into(),
        cost: Cents(cost),
        ..Campaign::new(Id("k1".into()), day(0), Millis(1_000))
    }
}

/// The effect of launched campaign `c` on day 40, with orders `o`.
fn effect_at_40(
    c: &Campaign,
    members: &[CampaignMember],
    key_of: &HashMap<&str, u32>,
    o: &OrderColumns,
) -> Effect {
    let all = effects(
        std::slice::from_ref(c),
        members,
        key_of,
        &Purchases::of(o),
        day(40),
    );
    all.into_iter()
        .next()
        .expect("a launched campaign has an effect")
}

#[test]
fn a_launch_writes_one_member_per_customer_on_the_list_and_counts_the_left_out() {
    let people: Vec<Customer> = (1..=40).map(|n| customer(n, n % 4 != 0)).collect();
    let refs: Vec<&Customer> = people.iter().collect();
    let c = campaign(0);
    let list = target_list(&refs, c.channel, c.control_bp, c.seed());
    let (launched, members) = c.launch(&list, day(0), Millis(2_000));
    let l = launched.launched.as_ref().unwrap();
    assert_eq!((l.contacted, l.control), (27, 3));
    assert_eq!(l.left_out, vec![(LeftOut::NoConsent, 10)]);
    assert_eq!(members.len(), 30);
    assert_eq!(members.iter().filter(|m| m.control).count(), 3);
    // The same launch on another device makes the same members.
    let (_, again) = c.launch(&list, day(0), Millis(9_000));
    let ids = |v: &[CampaignMember]| v.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&members), ids(&again));
    assert!(
        members
            .iter()
            .all(|m| check_member(m.clone(), day(0)).is_ok())
    );
}

#[test]
fn responses_are_marked_once_in_order_and_never_on_the_control_group() {
    let m = CampaignMember {
        id: Id("m".into()),
        customer: Id("c".into()),
        campaign: Id("k".into()),
        control: false,
        day: day(0),
        responses: Vec::new(),
        created: Millis(0),
        updated: Millis(0),
    };
    let m = m
        .marked(ResponseKind::Bought, true, day(5), Millis(1))
        .unwrap();
    let m = m
        .marked(ResponseKind::Opened, true, day(-3), Millis(2))
        .unwrap();
    assert_eq!(
        m.responses,
        [
            Response {
                kind: ResponseKind::Opened,
                day: day(0)
            },
            Response {
                kind: ResponseKind::Bought,
                day: day(5)
            }
        ]
    );
    assert!(m.responded());
    assert_eq!(
        m.marked(ResponseKind::Opened, true, day(1), Millis(3)),
        None
    );
    let off = m
        .marked(ResponseKind::Opened, false, day(1), Millis(3))
        .unwrap();
    assert!(!off.has(ResponseKind::Opened));
    let held = CampaignMember {
        control: true,
        ..off.clone()
    };
    assert_eq!(
        held.marked(ResponseKind::Sent, true, day(1), Millis(4)),
        None
    );
    assert!(check_member(held, day(9)).is_err());
    assert!(
        check_member(off.clone(), day(4)).is_err(),
        "a response after today"
    );
    let sent_only = off
        .marked(ResponseKind::Bought, false, day(1), Millis(5))
        .unwrap();
    let sent_only = sent_only
        .marked(ResponseKind::Sent, true, day(0), Millis(6))
        .unwrap();
    assert!(!sent_only.responded(), "a message sent is not a response");
}

#[test]
fn the_effect_counts_the_window_the_control_group_and_the_cost() {
    let people: Vec<Customer> = (1..=4).map(|n| customer(n, true)).collect();
    let mut c = campaign(10_000);
    c.control_bp = 2_500;
    let list = crate::campaign::TargetList {
        contacted: vec![
            people[0].id.clone(),
            people[1].id.clone(),
            people[2].id.clone(),
        ],
        control: vec![people[3].id.clone()],
        left_out: vec![],
    };
    let (c, mut members) = c.launch(&list, day(0), Millis(2_000));
    members[0] = members[0]
        .marked(ResponseKind::Opened, true, day(1), Millis(3))
        .unwrap();
    members[1] = members[1]
        .marked(ResponseKind::Sent, true, day(0), Millis(3))
        .unwrap();
    let mut o = OrderColumns::default();
    o.push(1, 1, day(-1), Cents(5_000)); // before the contact
    o.push(2, 1, day(0), Cents(10_000));
    o.push(3, 2, day(30), Cents(20_000)); // the last day counts
    o.push(4, 2, day(31), Cents(40_000)); // too late
    o.push(5, 3, day(5), Cents(80_000)); // returned
    o.push(6, 1, day(3), Cents(1_000));
    o.push(7, 4, day(2), Cents(7_000)); // the control group bought too
    o.set_terms(4, OrderStatus::Returned, "", None);
    let key_of: HashMap<&str, u32> = (people.iter().enumerate())
        .map(|(i, p)| (p.id.as_str(), i as u32 + 1))
        .collect();
    let e = &effect_at_40(&c, &members, &key_of, &o);
    assert_eq!((e.contacted, e.control), (3, 1));
    assert_eq!((e.orders, e.buyers, e.revenue), (3, 2, Cents(31_000)));
    assert_eq!((e.control_buyers, e.control_revenue), (1, Cents(7_000)));
    assert_eq!(e.incremental(), Some(Cents(31_000 - 3 * 7_000)));
    assert_eq!(e.roi, Some(2.1));
    assert_eq!(e.responses, [1, 1, 0, 0, 0]);
    assert_eq!(e.responded, 1, "only the opened one responded");
    assert_eq!(e.cost_per_response, Some(Cents(10_000)));
    let lift = e.lift.unwrap();
    assert!((lift.difference - (2.0 / 3.0 - 1.0)).abs() < 1e-12);
    assert!(!e.counting);
    // A campaign not launched has no effect; one launched yesterday is still counting.
    let draft = campaign(0);
    assert!(effects(&[draft], &[], &key_of, &Purchases::default(), day(1)).is_empty());
    assert!(effects(&[c], &members, &key_of, &Purchases::default(), day(30))[0].counting);
}

#[test]
fn a_campaign_form_names_each_problem() {
    let base = campaign(0);
    let mut d = CampaignDraft::from_campaign(&base);
    assert_eq!(d.control, "10");
    d.name = " ".into();
    assert_eq!(
        d.validate(base.clone(), Millis(5)).unwrap_err()[0].field,
        Field::CampaignName
    );
    d.name = "Autumn".into();
    d.cost = "-5".into();
    d.end = "2020-01-01".into();
    d.control = "60".into();
    d.window = "400".into();
    let fields: Vec<Field> = (d.validate(base.clone(), Millis(5)).unwrap_err().into_iter())
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        [
            Field::CampaignCost,
            Field::CampaignEnd,
            Field::CampaignControl,
            Field::CampaignWindow
        ]
    );
    let d = CampaignDraft {
        name: "Autumn".into(),
        control: "5".into(),
        window: "".into(),
        ..CampaignDraft::from_campaign(&base)
    };
    let c = d.validate(base, Millis(5)).unwrap();
    assert_eq!((c.control_bp, c.window), (500, WINDOW_DAYS));
}

#[test]
fn a_launched_campaign_keeps_its_list_settings() {
    let base = campaign(0);
    let (launched, _) = base.launch(&Default::default(), day(0), Millis(2));
    let d = CampaignDraft {
        channel: ConsentChannel::Sms,
        segment: "s1".into(),
        control: "20".into(),
        cost: "300".into(),
        ..CampaignDraft::from_campaign(&launched)
    };
    let c = d.validate(launched.clone(), Millis(3)).unwrap();
    assert_eq!(
        (c.channel, c.segment, c.control_bp, c.cost),
        (ConsentChannel::Email, None, 1_000, Cents(30_000))
    );
}

#[test]
fn the_demo_launches_two_campaigns_with_responses_and_plans_one() {
    let spec = crate::demo::DemoSpec::standard(Day(20_400), crate::demo::NameStyle::Chinese);
    let data = crate::demo::generate(&spec);
    assert_eq!(data.campaigns.len(), 3);
    let launched = data
        .campaigns
        .iter()
        .filter(|c| c.launched.is_some())
        .count();
    assert_eq!(launched, 2);
    assert!(data.campaign_members.len() > 500);
    let refs = crate::kinds::Refs {
        customers: &data.customers.iter().map(|c| c.id.as_str()).collect(),
        surveys: &Default::default(),
    };
    for m in &data.campaign_members {
        assert!(refs.customers.contains(m.customer.as_str()));
        crate::Doc::check(m.clone(), &refs, spec.today).unwrap();
    }
    let key_of: HashMap<&str, u32> = (data.customers.iter().enumerate())
        .map(|(i, c)| (c.id.as_str(), i as u32))
        .collect();
    let bought = Purchases::of(&data.orders);
    let all = effects(
        &data.campaigns,
        &data.campaign_members,
        &key_of,
        &bought,
        spec.today,
    );
    for e in &all {
        assert!(
            e.revenue.0 > 0 && e.responded > 0 && e.lift.is_some(),
            "{e:?}"
        );
    }
}

/// Two records of one person, both on a list, merged: the survivor then has two members
/// on the campaign, and counts once, contacted, with the responses of both; the
/// exports reach them once.
#[test]
fn a_customer_on_a_list_twice_after_a_merge_counts_once() {
    let people: Vec<Customer> = (1..=2).map(|n| customer(n, true)).collect();
    let list = crate::campaign::TargetList {
        contacted: vec![people[0].id.clone(), people[1].id.clone()],
        control: vec![],
        left_out: vec![],
    };
    let (c, mut members) = campaign(10_000).launch(&list, day(0), Millis(2_000));
    members[0] = members[0]
        .marked(ResponseKind::Opened, true, day(1), Millis(3))
        .unwrap();
    members[1] = members[1]
        .marked(ResponseKind::Opened, true, day(1), Millis(3))
        .unwrap();
    members[1] = members[1]
        .marked(ResponseKind::Replied, true, day(2), Millis(4))
        .unwrap();
    // The merge gives the second person's member to the first.
    members[1].customer = people[0].id.clone();
    let mut o = OrderColumns::default();
    o.push(1, 1, day(3), Cents(10_000));
    let key_of: HashMap<&str, u32> = [(people[0].id.as_str(), 1)].into();
    let e = &effect_at_40(&c, &members, &key_of, &o);
    assert_eq!((e.contacted, e.buyers, e.revenue), (1, 1, Cents(10_000)));
    assert_eq!(e.responses, [0, 1, 1, 0, 0]);
    assert_eq!(e.responded, 1);
    let (reach, dropped) =
        crate::campaign_export::reach_of(&members, &people, ConsentChannel::Email);
    assert_eq!((reach.len(), dropped), (1, 0), "one message to one person");
}
