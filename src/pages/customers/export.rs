//! The customer list as a file: every row the filters leave, in the list's order, with
//! the analysis where there is one; or anonymised, for sharing with an analyst.

use super::messages as M;
use crate::i18n::{K, Label, Lang, Msg};
use kehu_core::analytics::insights::PerCustomer;
use kehu_core::date::Zone;
use kehu_core::export::Pseudonyms;
use kehu_core::query::CustomerRow;
use kehu_core::*;
use std::borrow::Cow;

/// How the list is written: the language of its labels, whether anonymised, and the
/// analysis to add.
pub struct ListExport<'a> {
    pub lang: Lang,
    /// No kehu ids and no free text (tags; notes and custom fields are never in the
    /// list); names, numbers, phones, emails and account managers replaced by stand-ins
    /// salted for this file only; the rest, the analysis included, kept.
    pub anonymous: bool,
    pub stand_ins: Pseudonyms,
    pub per: Option<&'a PerCustomer>,
    pub zone: &'a Zone,
    /// Owners by name.
    pub roster: &'a Option<kehu_core::staff::Roster>,
}

/// The columns every export has, by label, before the analysis.
const COLUMNS: [Option<Msg>; 16] = [
    None, // the kehu id, "ID" in both languages
    Some(K::FName),
    Some(K::FCode),
    Some(K::FKind),
    Some(K::FType),
    Some(K::FStage),
    Some(K::FLevel),
    Some(K::FPhone),
    Some(K::FEmail),
    Some(K::FCity),
    Some(K::FOwner),
    Some(K::FTags),
    Some(K::FKeyAccount),
    Some(K::FBlacklisted),
    Some(K::FCreated),
    Some(M::FUpdated),
];
/// Where the id and the tags are among [`COLUMNS`] (an anonymised file leaves them out).
const ID: usize = 0;
const TAGS: usize = 11;

impl ListExport<'_> {
    pub fn head(&self) -> Vec<&'static str> {
        let mut head: Vec<&'static str> = COLUMNS
            .iter()
            .enumerate()
            .filter(|(c, _)| !(self.anonymous && (*c == ID || *c == TAGS)))
            .map(|(_, k)| k.map_or("ID", |k| k.text(self.lang)))
            .collect();
        if self.per.is_some() {
            head.extend(
                [K::ColSegment, K::ColTier, K::ColClv, K::ColPAlive].map(|k| k.text(self.lang)),
            );
        }
        head
    }

    /// `v`, or its stand-in in an anonymised file.
    fn hide(&self, r: &CustomerRow, v: &str, field: &str, prefix: &str, suffix: &str) -> String {
        if self.anonymous && !v.is_empty() {
            format!("{}{suffix}", self.stand_ins.of(prefix, field, &r.id.0))
        } else {
            v.to_string()
        }
    }

    pub fn cells<'r>(&self, r: &'r CustomerRow) -> Vec<Cow<'r, str>> {
        let lang = self.lang;
        let yes_no = |b: bool| if b { K::Yes } else { K::No }.text(lang);
        let day = |m: Millis| self.zone.day(m).to_string();
        let owner: Cow<str> = if self.anonymous && !r.owner.is_empty() {
            self.stand_ins
                .of(M::PseudonymOwner.text(lang), "owner", &r.owner)
                .into()
        } else {
            crate::roster::owner_name(self.roster, &r.owner).into()
        };
        let mut cells: Vec<Cow<str>> = vec![
            r.id.0.as_str().into(),
            self.hide(r, &r.name, "name", M::Pseudonym.text(lang), "")
                .into(),
            self.hide(r, &r.code, "code", "NO-", "").into(),
            r.kind.label(lang).into(),
            r.customer_type.label(lang).into(),
            r.stage.label(lang).into(),
            r.level.label(lang).into(),
            self.hide(r, &r.phone, "phone", "TEL-", "").into(),
            self.hide(r, &r.email, "email", "", "@example.invalid")
                .into(),
            r.city.as_str().into(),
            owner,
            r.tags.join("; ").into(),
            yes_no(r.key_account).into(),
            yes_no(r.blacklisted).into(),
            day(r.created).into(),
            day(r.updated).into(),
        ];
        if self.anonymous {
            cells.remove(TAGS);
            cells.remove(ID);
        }
        if let Some(p) = self.per {
            cells.extend([
                p.segment(r.key).map_or("", |s| s.label(lang)).into(),
                p.tier(r.key).map_or("", |t| t.label(lang)).into(),
                p.clv(r.key)
                    .map_or(String::new(), |v| format!("{v:.2}"))
                    .into(),
                p.p_alive(r.key)
                    .map_or(String::new(), |v| format!("{v:.3}"))
                    .into(),
            ]);
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::validate::blank_customer;

    fn row() -> CustomerRow {
        let mut c = blank_customer(Id("0190-id".into()), 7, Millis(0));
        c.name = "王芳".into();
        c.code = "C-1".into();
        c.phone = "13800000000".into();
        c.email = "wf@example.com".into();
        c.owner = "李经理".into();
        c.tags = vec!["VIP".into()];
        CustomerRow::from_customer(&c)
    }

    fn export(anonymous: bool, zone: &Zone) -> ListExport<'_> {
        ListExport {
            lang: Lang::En,
            anonymous,
            stand_ins: Pseudonyms::new([7; 16]),
            per: None,
            zone,
            roster: &None,
        }
    }

    #[test]
    fn every_row_has_a_cell_under_each_heading() {
        let zone = Zone::default();
        for anonymous in [false, true] {
            let x = export(anonymous, &zone);
            assert_eq!(
                x.head().len(),
                x.cells(&row()).len(),
                "anonymous: {anonymous}"
            );
        }
    }

    #[test]
    fn an_anonymised_file_names_nobody() {
        let zone = Zone::default();
        let x = export(true, &zone);
        let r = row();
        let text = format!("{:?} {:?}", x.head(), x.cells(&r));
        for secret in [
            "王芳",
            "C-1",
            "13800000000",
            "wf@example.com",
            "李经理",
            "VIP",
            "0190-id",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(!x.head().contains(&"ID"));
        let plain = export(false, &zone).cells(&r);
        assert_eq!(plain[1], "王芳");
        assert_eq!(plain[11], "VIP");
    }
}
