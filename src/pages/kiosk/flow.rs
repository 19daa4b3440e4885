//! What the kiosk asks and where each answer goes: pure, tested natively.

use kehu_core::validate::ResponseDraft;
use kehu_core::{Question, Survey, SurveyKind};

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Staff choose the survey and the customer.
    Pick,
    Ask(usize),
    Thanks,
    /// Waiting for staff: the way back to the picker.
    Handback,
}

/// What a correct PIN opens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unlock {
    Leave,
    Pick,
}

/// Where a kiosk starts: at the picker when staff just opened it; waiting for staff when
/// it was already locked (a reload, a new tab, an address typed by whoever holds the
/// device), whatever customer the address names.
pub fn first_step(was_locked: bool, customer_named: bool) -> Step {
    match (was_locked, customer_named) {
        (true, _) => Step::Handback,
        (false, true) => Step::Ask(0),
        (false, false) => Step::Pick,
    }
}

/// The kiosk's address without a customer: a reload of a locked kiosk must not land on
/// one.
pub fn without_customer(hash: &str) -> String {
    let Some((path, q)) = hash.split_once('?') else {
        return hash.to_string();
    };
    let kept: Vec<&str> = q
        .split('&')
        .filter(|p| !p.starts_with("customer="))
        .collect();
    if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// Where an answer goes in the draft.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot {
    /// `scores[i]`.
    Quick(usize),
    /// `items[pos].1` (functional, expectation, a custom score) or `.2`.
    First(usize),
    Second(usize),
}

/// What one screen asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    Quick(Question),
    Kano {
        feature: String,
        with: bool,
    },
    Servqual {
        statement: String,
        expectation: bool,
    },
    Custom(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub ask: Ask,
    pub scale: (u8, u8),
    pub slot: Slot,
}

/// The screens for `survey`, or for the quick questions.
pub fn prompts(survey: Option<&Survey>) -> Vec<Prompt> {
    let Some(s) = survey else {
        return Question::ALL
            .iter()
            .enumerate()
            .map(|(k, &q)| Prompt {
                ask: Ask::Quick(q),
                scale: q.scale(),
                slot: Slot::Quick(k),
            })
            .collect();
    };
    let mut out = Vec::new();
    for (pos, it) in s.items.iter().enumerate() {
        let scale = s.scale_of(it);
        if !s.kind.paired() {
            out.push(Prompt {
                ask: Ask::Custom(it.text.clone()),
                scale,
                slot: Slot::First(pos),
            });
            continue;
        }
        for second in [false, true] {
            let ask = match s.kind {
                SurveyKind::Kano => Ask::Kano {
                    feature: it.text.clone(),
                    with: !second,
                },
                _ => Ask::Servqual {
                    statement: it.text.clone(),
                    expectation: !second,
                },
            };
            let slot = if second {
                Slot::Second(pos)
            } else {
                Slot::First(pos)
            };
            out.push(Prompt { ask, scale, slot });
        }
    }
    out
}

/// Writes one answer (`None`: skipped) where its screen says.
pub fn record(d: &mut ResponseDraft, slot: Slot, v: Option<u8>) {
    let cell = match slot {
        Slot::Quick(q) => d.scores.get_mut(q).map(|x| &mut x.1),
        Slot::First(pos) => d.items.get_mut(pos).map(|x| &mut x.1),
        Slot::Second(pos) => d.items.get_mut(pos).map(|x| &mut x.2),
    };
    if let Some(cell) = cell {
        *cell = v;
    }
}

/// Half a pair skipped skips the item: the other half alone means nothing.
pub fn drop_half_pairs(d: &mut ResponseDraft) {
    for x in &mut d.items {
        if x.1.is_none() || x.2.is_none() {
            (x.1, x.2) = (None, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::{Day, Id, Millis};

    #[test]
    fn a_kiosk_locked_before_it_opened_waits_for_staff() {
        assert_eq!(
            first_step(true, true),
            Step::Handback,
            "a customer in the address is ignored"
        );
        assert_eq!(first_step(true, false), Step::Handback);
        assert_eq!(first_step(false, true), Step::Ask(0));
        assert_eq!(first_step(false, false), Step::Pick);
    }

    #[test]
    fn the_locked_address_keeps_the_survey_but_not_the_customer() {
        assert_eq!(
            without_customer("#/kiosk?customer=c1&survey=s1"),
            "#/kiosk?survey=s1"
        );
        assert_eq!(without_customer("#/kiosk?customer=c1"), "#/kiosk");
        assert_eq!(without_customer("#/kiosk"), "#/kiosk");
    }

    #[test]
    fn the_quick_questions_are_one_screen_each() {
        let p = prompts(None);
        assert_eq!(p.len(), Question::ALL.len());
        assert_eq!(p[0].ask, Ask::Quick(Question::Nps));
        assert_eq!(p[0].scale, (0, 10));
    }

    #[test]
    fn a_kano_feature_is_two_screens_and_half_a_pair_counts_for_nothing() {
        let s = Survey::starter(SurveyKind::Kano, false, Id("s".into()), Millis(0));
        let p = prompts(Some(&s));
        assert_eq!(p.len(), 2 * s.items.len());
        assert!(matches!(p[0].ask, Ask::Kano { with: true, .. }));
        assert!(matches!(p[1].ask, Ask::Kano { with: false, .. }));
        let mut d = ResponseDraft::for_survey(Day::from_ymd(2026, 12, 2).unwrap(), &s);
        record(&mut d, p[0].slot, Some(1));
        record(&mut d, p[1].slot, Some(5));
        record(&mut d, p[2].slot, Some(2));
        record(&mut d, p[3].slot, None);
        drop_half_pairs(&mut d);
        assert_eq!((d.items[0].1, d.items[0].2), (Some(1), Some(5)));
        assert_eq!((d.items[1].1, d.items[1].2), (None, None), "one half alone");
    }
}
