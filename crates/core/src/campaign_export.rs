//! A launched campaign's list as it leaves kehu, which sends nothing itself: a CSV for
//! an SMS or email service, vCards, `mailto:` links of 50 addresses each, and a call
//! list that becomes tasks. Only the contacted members are exported, never the
//! control group, and each one's consent is checked again ([`reach_of`]): a customer
//! who opted out or was blacklisted since the launch is not exported.

use crate::campaign::reachable;
use crate::export::{cell, to_csv};
use crate::marketing::{Campaign, CampaignMember};
use crate::task::TaskKind;
use crate::{ConsentChannel, Customer, Day, Id, Millis, Task};
use std::borrow::Cow;
use std::collections::HashMap;

/// Addresses in one `mailto:` link: mail programs and servers refuse longer lists.
pub const MAILTO_BATCH: usize = 50;

/// One contacted member as the exports need them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reach {
    pub customer: Id,
    pub name: String,
    pub code: String,
    pub mobile: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// The customer's account manager (a staff id; empty for nobody).
    pub owner: String,
}

/// The contacted members of `members` still reachable on `channel` now, by name, and
/// how many were dropped since the launch.
pub fn reach_of(
    members: &[CampaignMember],
    customers: &[Customer],
    channel: ConsentChannel,
) -> (Vec<Reach>, usize) {
    let by_id: HashMap<&str, &Customer> = customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let (mut out, mut dropped) = (Vec::new(), 0);
    // A customer on the list twice (two records merged) is reached once.
    let mut seen = std::collections::HashSet::new();
    let contacted = (members.iter()).filter(|m| !m.control && seen.insert(m.customer.as_str()));
    for m in contacted {
        match by_id.get(m.customer.as_str()) {
            Some(c) if reachable(c, channel).is_ok() => out.push(Reach {
                customer: c.id.clone(),
                name: c.name.clone(),
                code: c.code.clone(),
                mobile: c.mobile.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
                address: c.address.clone(),
                owner: c.owner.clone(),
            }),
            _ => dropped += 1,
        }
    }
    // By name, as a list is read; the id breaks ties, so every export is the same.
    out.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    (out, dropped)
}

/// The columns the channel's service reads, after the name: the address it sends to.
fn columns(channel: ConsentChannel) -> &'static [fn(&Reach) -> &str] {
    match channel {
        ConsentChannel::Email => &[|r| &r.email],
        ConsentChannel::Sms => &[|r| &r.mobile],
        ConsentChannel::Phone => &[|r| &r.mobile, |r| &r.phone],
        ConsentChannel::Mail => &[|r| &r.address],
    }
}

/// The CSV for the channel's service. `head` names the name, the channel's columns
/// (email; mobile; mobile and phone; address) and the customer code, in the user's
/// language. Every cell is defused against formulas.
pub fn csv(channel: ConsentChannel, head: &[&str], list: &[Reach]) -> String {
    let cols = columns(channel);
    to_csv(
        head,
        list.iter().map(|r| {
            let mut row: Vec<Cow<'_, str>> = vec![cell(&r.name)];
            row.extend(cols.iter().map(|f| cell(f(r))));
            row.push(cell(&r.code));
            row
        }),
    )
}

/// A vCard 3.0 text value: backslash, comma, semicolon and line breaks escaped
/// (RFC 2426 §4).
fn vtext(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Every member as a vCard 3.0, for a phone's or mail program's contacts (CRLF line
/// ends, as the format asks).
pub fn vcards(list: &[Reach]) -> String {
    let mut out = String::new();
    for r in list {
        out.push_str("BEGIN:VCARD\r\nVERSION:3.0\r\n");
        out.push_str(&format!(
            "FN:{}\r\nN:{};;;;\r\n",
            vtext(&r.name),
            vtext(&r.name)
        ));
        for (kind, v) in [("CELL", &r.mobile), ("VOICE", &r.phone)] {
            if !v.trim().is_empty() {
                out.push_str(&format!("TEL;TYPE={kind}:{}\r\n", vtext(v)));
            }
        }
        if !r.email.trim().is_empty() {
            out.push_str(&format!("EMAIL;TYPE=INTERNET:{}\r\n", vtext(&r.email)));
        }
        if !r.address.trim().is_empty() {
            out.push_str(&format!("ADR:;;{};;;;\r\n", vtext(&r.address)));
        }
        if !r.code.trim().is_empty() {
            out.push_str(&format!("NOTE:{}\r\n", vtext(&r.code)));
        }
        out.push_str("END:VCARD\r\n");
    }
    out
}

/// An address as it may stand in a `mailto:` list: the characters a URI or the list
/// gives a meaning to, percent-encoded (RFC 6068).
fn mail_part(s: &str) -> String {
    let mut out = String::new();
    for b in s.trim().bytes() {
        match b {
            b'%' | b'&' | b'?' | b'#' | b',' | b' ' | b'"' | b'<' | b'>' | b'\\' => {
                out.push_str(&format!("%{b:02X}"))
            }
            0x80.. => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

/// `mailto:` links of up to [`MAILTO_BATCH`] addresses each, in blind copy so no
/// customer sees another's address.
pub fn mailto_batches(list: &[Reach]) -> Vec<String> {
    let emails: Vec<String> = (list.iter())
        .filter(|r| !r.email.trim().is_empty())
        .map(|r| mail_part(&r.email))
        .collect();
    (emails.chunks(MAILTO_BATCH))
        .map(|b| format!("mailto:?bcc={}", b.join(",")))
        .collect()
}

/// A call task for each member of `list`: titled `title`, for the campaign's owner or,
/// without one, the customer's, due `due`. Its id is made from the campaign's and the
/// customer's, so asking again (or on another device) never makes a second one.
pub fn call_tasks(c: &Campaign, list: &[Reach], title: &str, due: Day, now: Millis) -> Vec<Task> {
    (list.iter())
        .map(|r| Task {
            title: title.to_string(),
            kind: TaskKind::Call,
            owner: if c.owner.is_empty() {
                r.owner.clone()
            } else {
                c.owner.clone()
            },
            customer: Some(r.customer.clone()),
            ..Task::new(
                Id::derived(
                    c.created.0.max(0) as u64,
                    &[c.id.as_str(), r.customer.as_str(), "call"],
                ),
                due,
                now,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::TargetList;
    use crate::customer::Consent;
    use crate::validate::blank_customer;

    fn person(n: u32, email: &str, mobile: &str, granted: bool) -> Customer {
        let mut c = blank_customer(Id(format!("c{n}")), n, Millis(0));
        c.name = format!("=Name {n}");
        (c.email, c.mobile, c.owner) = (email.into(), mobile.into(), "s1".into());
        for channel in [ConsentChannel::Email, ConsentChannel::Sms] {
            c.consents.push(Consent {
                channel,
                granted,
                date: None,
                source: String::new(),
            });
        }
        c
    }

    fn launched(people: &[Customer], control: &[usize]) -> (Campaign, Vec<CampaignMember>) {
        let c = Campaign {
            name: "Spring".into(),
            ..Campaign::new(Id("k".into()), Day(20_000), Millis(5))
        };
        let ids = |keep: bool| {
            (people.iter().enumerate())
                .filter(|(i, _)| control.contains(i) != keep)
                .map(|(_, p)| p.id.clone())
                .collect()
        };
        let list = TargetList {
            contacted: ids(true),
            control: ids(false),
            left_out: Vec::new(),
        };
        c.launch(&list, Day(20_000), Millis(6))
    }

    #[test]
    fn the_export_leaves_out_the_control_group_and_whoever_opted_out_since() {
        let mut people: Vec<Customer> = (1..=4)
            .map(|n| person(n, &format!("p{n}@example.com"), "138", true))
            .collect();
        let (_, members) = launched(&people, &[3]);
        people[1].consents[0].granted = false; // opted out of email since
        people[2].blacklisted = true;
        let (list, dropped) = reach_of(&members, &people, ConsentChannel::Email);
        let ids: Vec<&str> = list.iter().map(|r| r.customer.as_str()).collect();
        assert_eq!((ids, dropped), (vec!["c1"], 2));
        let text = csv(ConsentChannel::Email, &["Name", "Email", "Code"], &list);
        assert_eq!(
            text,
            "\u{feff}Name,Email,Code\r\n'=Name 1,p1@example.com,\r\n"
        );
    }

    #[test]
    fn vcards_escape_their_text_and_mailto_links_hold_fifty_in_blind_copy() {
        let mut r = Reach {
            customer: Id("c".into()),
            name: "Lee, Ann; \\ x".into(),
            code: String::new(),
            mobile: "138 0000 0001".into(),
            phone: String::new(),
            email: "a+b&c@example.com".into(),
            address: String::new(),
            owner: String::new(),
        };
        let card = vcards(std::slice::from_ref(&r));
        assert!(card.contains("FN:Lee\\, Ann\\; \\\\ x\r\n"), "{card}");
        assert!(card.contains("TEL;TYPE=CELL:138 0000 0001\r\n"));
        assert!(!card.contains("VOICE"));
        let many: Vec<Reach> = (0..120)
            .map(|n| {
                r.email = format!("m{n}@example.com");
                r.clone()
            })
            .collect();
        let links = mailto_batches(&many);
        assert_eq!(links.len(), 3);
        assert_eq!(links[0].matches('@').count(), 50);
        assert_eq!(links[2].matches('@').count(), 20);
        assert!(links[0].starts_with("mailto:?bcc=m0@example.com,m1@example.com,"));
        r.email = "a+b&c@example.com".into();
        assert_eq!(mailto_batches(&[r])[0], "mailto:?bcc=a+b%26c@example.com");
    }

    #[test]
    fn call_tasks_go_to_the_campaign_owner_or_each_customer_s_and_are_made_once() {
        let people = [person(1, "", "138", true), person(2, "", "139", true)];
        let (mut c, members) = launched(&people, &[]);
        let (list, _) = reach_of(&members, &people, ConsentChannel::Sms);
        let tasks = call_tasks(&c, &list, "Call: Spring", Day(20_001), Millis(9));
        assert_eq!(tasks.len(), 2);
        assert!(
            tasks
                .iter()
                .all(|t| t.owner == "s1" && t.kind == TaskKind::Call)
        );
        c.owner = "boss".into();
        let again = call_tasks(&c, &list, "Call: Spring", Day(20_002), Millis(10));
        assert!(again.iter().all(|t| t.owner == "boss"));
        let ids = |v: &[Task]| v.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&tasks), ids(&again), "the same ids: written once");
    }
}
