//! The demo's marketing, from a generator of its own (so the rest of the demo stays as
//! it was): text-message consent for some of the people with a mobile, two campaigns
//! launched in the past with their responses, and one being planned.

use super::{Campaign, CampaignMember, Purchases, ResponseKind};
use crate::campaign::target_list;
use crate::demo::{DemoSpec, NameStyle, Rng, unit};
use crate::{Cents, ConsentChannel, Customer, Day, Id, Kind, Millis, OrderColumns, Segment, Staff};

/// Gives about half the people with a mobile a say on text messages (nine in ten yes),
/// drawn by index so nothing else in the demo moves.
pub fn consents(customers: &mut [Customer]) {
    for (i, c) in customers.iter_mut().enumerate() {
        if c.kind != Kind::Person || c.mobile.is_empty() || unit(i, 0x5a5) >= 0.5 {
            continue;
        }
        c.consents.push(crate::Consent {
            channel: ConsentChannel::Sms,
            granted: unit(i, 0x5a6) < 0.9,
            date: Some(c.created.day()),
            source: "store".into(),
        });
    }
}

struct Plan {
    names: [&'static str; 2],
    goals: [&'static str; 2],
    channel: ConsentChannel,
    /// Days before today it was launched; `None`: still being planned (it starts in a
    /// week).
    ago: Option<i32>,
    yuan: (i64, i64),
    /// The demo segment it draws on (an index into the demo's segments), or everyone.
    segment: Option<usize>,
}

fn plans() -> [Plan; 3] {
    [
        Plan {
            names: ["春季会员邮件", "Spring members' email"],
            goals: [
                "介绍春季新品，带动老客户回购",
                "Show the spring range and bring past buyers back",
            ],
            channel: ConsentChannel::Email,
            ago: Some(100),
            yuan: (5_000, 3_200),
            segment: None,
        },
        Plan {
            names: ["会员日短信", "Members' day text"],
            goals: [
                "会员日到店有礼",
                "A gift for members who visit on members' day",
            ],
            channel: ConsentChannel::Sms,
            ago: Some(40),
            yuan: (1_500, 900),
            segment: None,
        },
        Plan {
            names: ["挽回老客户：专享优惠券", "Win them back: a voucher"],
            goals: [
                "给快要流失的重要客户寄专享优惠券",
                "A voucher for valued customers who are drifting away",
            ],
            channel: ConsentChannel::Email,
            ago: None,
            yuan: (2_000, 0),
            segment: Some(0),
        },
    ]
}

/// The campaigns and the members of those launched. `orders` name customers by index.
pub fn campaigns(
    spec: &DemoSpec,
    customers: &[Customer],
    segments: &[Segment],
    staff: &[Staff],
    orders: &OrderColumns,
) -> (Vec<Campaign>, Vec<CampaignMember>) {
    let mut rng = Rng::new(spec.seed ^ 0xca3b_a160);
    let lang = (spec.style == NameStyle::English) as usize;
    let bought = Purchases::of(orders);
    let everyone: Vec<&Customer> = customers.iter().collect();
    let (mut campaigns, mut members) = (Vec::new(), Vec::new());
    for p in plans() {
        let launch = Day(spec.today.0 - p.ago.unwrap_or(-7));
        let at = Millis(launch.start_millis().0 - 5 * 86_400_000 + 10 * 3_600_000);
        let c = Campaign {
            name: p.names[lang].into(),
            goal: p.goals[lang].into(),
            channel: p.channel,
            budget: Cents(p.yuan.0 * 100),
            cost: Cents(p.yuan.1 * 100),
            start: launch,
            end: Day(launch.0 + 20),
            owner: staff.first().map(|s| s.id.0.clone()).unwrap_or_default(),
            segment: p.segment.and_then(|i| Some(segments.get(i)?.id.clone())),
            ..Campaign::new(Id::v7(at.0 as u64, rng.bytes10()), launch, at)
        };
        if p.ago.is_none() {
            campaigns.push(c);
            continue;
        }
        let list = target_list(&everyone, c.channel, c.control_bp, c.seed());
        let sent = Millis(launch.start_millis().0 + 9 * 3_600_000);
        let (c, ms) = c.launch(&list, launch, sent);
        let index: std::collections::HashMap<&str, u32> = (customers.iter().enumerate())
            .map(|(i, x)| (x.id.as_str(), i as u32))
            .collect();
        for mut m in ms {
            if !m.control {
                let first = index
                    .get(m.customer.as_str())
                    .and_then(|&k| bought.within(k, launch, c.window).first());
                respond(&mut m, first.map(|s| Day(s.1)), spec.today, &mut rng);
            }
            members.push(m);
        }
        campaigns.push(c);
    }
    (campaigns, members)
}

/// Records what a contacted member did: the message sent; opened by a third, replies
/// and visits from a few, and "bought" for most of those who did buy in the window.
fn respond(m: &mut CampaignMember, bought: Option<Day>, today: Day, rng: &mut Rng) {
    let day = |d: i32| Day((m.day.0 + d).min(today.0));
    let mut marks = vec![(ResponseKind::Sent, day(0))];
    let opened = rng.chance(0.35) || bought.is_some();
    if opened {
        marks.push((ResponseKind::Opened, day(rng.below(3) as i32)));
    }
    if opened && rng.chance(0.12) {
        marks.push((ResponseKind::Replied, day(1 + rng.below(5) as i32)));
    }
    if opened && rng.chance(0.15) {
        marks.push((ResponseKind::Visited, day(2 + rng.below(10) as i32)));
    }
    if let Some(d) = bought.filter(|_| rng.chance(0.8)) {
        marks.push((ResponseKind::Bought, d));
    }
    for (kind, d) in marks {
        if let Some(next) = m.marked(kind, true, d, m.updated) {
            *m = next;
        }
    }
}
