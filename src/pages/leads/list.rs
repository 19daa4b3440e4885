//! What the leads list shows: the leads a status, an owner and a search keep, the ones
//! to work on first (open, best score, newest) on top; how many there are of each
//! status; and the customer a lead may already be. Pure, tested natively.

use kehu_core::lead::{Lead, LeadStatus};
use kehu_core::query::CustomerRow;
use kehu_core::text::fold;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeadQuery {
    pub status: Option<LeadStatus>,
    /// A staff id; empty for any owner.
    pub owner: Option<String>,
    pub text: String,
}

impl LeadQuery {
    fn keeps(&self, l: &Lead, text: &str) -> bool {
        self.status.is_none_or(|s| l.status == s)
            && self.owner.as_ref().is_none_or(|o| &l.owner == o)
            && (text.is_empty()
                || [
                    &l.name,
                    &l.company,
                    &l.phone,
                    &l.email,
                    &l.city,
                    &l.interest,
                ]
                .iter()
                .any(|f| fold(f).contains(text)))
    }

    /// The leads kept, open ones first, then by score (highest first), then newest.
    pub fn run<'a>(&self, leads: &'a [Lead]) -> Vec<&'a Lead> {
        let text = fold(self.text.trim());
        let mut kept: Vec<&Lead> = leads.iter().filter(|l| self.keeps(l, &text)).collect();
        kept.sort_by_key(|l| {
            (
                !l.status.is_open(),
                std::cmp::Reverse(l.score()),
                std::cmp::Reverse(l.created),
            )
        });
        kept
    }
}

/// How many leads have each status, in the statuses' order.
pub fn counts(leads: &[Lead]) -> Vec<(LeadStatus, usize)> {
    LeadStatus::ALL
        .iter()
        .map(|&s| (s, leads.iter().filter(|l| l.status == s).count()))
        .collect()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A stored customer the lead may already be: the same phone number (its digits) or
/// email (ignoring case).
pub fn already_customer<'a>(lead: &Lead, rows: &'a [CustomerRow]) -> Option<&'a CustomerRow> {
    let phone = digits(&lead.phone);
    let email = lead.email.trim().to_lowercase();
    rows.iter().filter(|r| !r.deleted).find(|r| {
        (phone.len() >= 5 && digits(&r.phone) == phone)
            || (!email.is_empty() && r.email.trim().to_lowercase() == email)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::{Id, Millis};

    fn lead(id: &str, status: LeadStatus, score: u8, created: i64) -> Lead {
        let mut l = Lead::new(Id(id.into()), Millis(created));
        l.name = id.into();
        l.status = status;
        l.score = Some(score);
        l
    }

    #[test]
    fn open_leads_come_first_by_score_then_newest() {
        let leads = [
            lead("old-hot", LeadStatus::Contacted, 80, 1),
            lead("lost", LeadStatus::Disqualified, 99, 5),
            lead("new-hot", LeadStatus::New, 80, 2),
            lead("cold", LeadStatus::Qualified, 10, 9),
        ];
        let ids = |q: &LeadQuery| -> Vec<&str> {
            q.run(&leads).iter().map(|l| l.name.as_str()).collect()
        };
        assert_eq!(
            ids(&LeadQuery::default()),
            ["new-hot", "old-hot", "cold", "lost"]
        );
        let q = LeadQuery {
            status: Some(LeadStatus::Qualified),
            ..LeadQuery::default()
        };
        assert_eq!(ids(&q), ["cold"]);
        let q = LeadQuery {
            text: " NEW ".into(),
            ..LeadQuery::default()
        };
        assert_eq!(ids(&q), ["new-hot"], "searched ignoring case and spaces");
        assert_eq!(counts(&leads)[0], (LeadStatus::New, 1));
    }
}
