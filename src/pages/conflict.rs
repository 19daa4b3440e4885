//! When a save is refused because the customer changed elsewhere (another tab or
//! window saved, trashed or merged it since the form was opened): the two versions side
//! by side, and the user's choice of which to keep. Nothing is overwritten unseen.

use crate::i18n::{self, Currency, K, Label, Lang, Msg};
use kehu_core::Customer;

/// Every attribute of a customer as the user reads it: its label and its value as
/// text, in the form's order. Two customers give the same labels in the same order.
pub fn facts(c: &Customer, lang: Lang, cur: Currency) -> Vec<(String, String)> {
    let yes_no = |b: bool| if b { K::Yes } else { K::No }.text(lang).to_string();
    let day = |d: Option<kehu_core::Day>| d.map(|d| i18n::date(lang, d)).unwrap_or_default();
    let money =
        |m: Option<kehu_core::Cents>| m.map(|m| i18n::money(m, cur, false)).unwrap_or_default();
    let label = |l: Option<&'static str>| l.unwrap_or_default().to_string();
    let list = |items: Vec<String>| lang.list(&items);
    let consents = c
        .consents
        .iter()
        .map(|k| {
            let date = k.date.map(|d| format!(" {}", i18n::date(lang, d)));
            format!(
                "{} {}{}{}",
                k.channel.label(lang),
                yes_no(k.granted),
                date.unwrap_or_default(),
                if k.source.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", k.source)
                }
            )
        })
        .collect();
    let contacts = c
        .contacts
        .iter()
        .map(|k| {
            let parts = [&k.name, &k.role, &k.phone, &k.email];
            parts
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let custom = c
        .custom_fields
        .iter()
        .map(|f| format!("{}: {}", f.name, f.value))
        .collect();
    let rows: Vec<(Msg, String)> = vec![
        (K::FKind, c.kind.label(lang).into()),
        (K::FName, c.name.clone()),
        (K::FCode, c.code.clone()),
        (K::FType, c.customer_type.label(lang).into()),
        (K::FStage, c.stage.label(lang).into()),
        (K::FLevel, c.level.label(lang).into()),
        (K::FSource, label(c.source.map(|s| s.label(lang)))),
        (K::FOwner, c.owner.clone()),
        (K::FGender, label(c.gender.map(|g| g.label(lang)))),
        (K::FChurnDate, day(c.churn_date)),
        (K::FChurnReason, c.churn_reason.clone()),
        (K::FTags, list(c.tags.clone())),
        (K::FMobile, c.mobile.clone()),
        (K::FPhone, c.phone.clone()),
        (K::FEmail, c.email.clone()),
        (K::FWechat, c.wechat.clone()),
        (K::FRegion, c.region.clone()),
        (K::FCity, c.city.clone()),
        (K::FAddress, c.address.clone()),
        (K::FOccupation, c.occupation.clone()),
        (K::FBirthDate, day(c.birth_date)),
        (
            K::FCompanySize,
            c.company_size.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (K::FNotes, c.notes.clone()),
        (K::FKeyAccount, yes_no(c.key_account)),
        (K::FPotentialKeyAccount, yes_no(c.potential_key_account)),
        (
            K::FCreditRating,
            label(c.credit_rating.map(|r| r.label(lang))),
        ),
        (K::FCreditLimit, money(c.credit_limit)),
        (K::FArrears, money(Some(c.arrears).filter(|a| a.0 != 0))),
        (K::FCategorySpend, money(c.category_spend)),
        (K::FBlacklisted, yes_no(c.blacklisted)),
        (K::FBlacklistReason, c.blacklist_reason.clone()),
        (K::SectionConsent, list(consents)),
        (K::SectionContacts, list(contacts)),
        (K::SectionCustomFields, list(custom)),
        (
            K::Trash,
            c.deleted.map(|_| yes_no(true)).unwrap_or_default(),
        ),
    ];
    rows.into_iter()
        .map(|(k, v)| (k.text(lang).to_string(), v))
        .collect()
}

/// The attributes where the saved version and the user's differ: (label, saved, mine).
pub fn differences(
    saved: &Customer,
    mine: &Customer,
    lang: Lang,
    cur: Currency,
) -> Vec<(String, String, String)> {
    facts(saved, lang, cur)
        .into_iter()
        .zip(facts(mine, lang, cur))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((label, a), (_, b))| (label, a, b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::validate::blank_customer;
    use kehu_core::{Cents, Id, Millis};

    #[test]
    fn only_what_differs_is_listed_with_both_values() {
        let mut saved = blank_customer(Id("c".into()), 3, Millis(0));
        saved.name = "王芳".into();
        saved.city = "成都".into();
        saved.tags = vec!["VIP".into()];
        let mut mine = saved.clone();
        mine.city = "重庆".into();
        mine.credit_limit = Some(Cents(500_000));
        mine.tags.push("老客户".into());
        let d = differences(&saved, &mine, Lang::Zh, Currency::Cny);
        assert_eq!(
            d,
            vec![
                (
                    "标签".to_string(),
                    "VIP".to_string(),
                    "VIP、老客户".to_string()
                ),
                ("城市".into(), "成都".into(), "重庆".into()),
                ("信用额度".into(), String::new(), "¥5,000.00".into()),
            ]
        );
        assert!(differences(&saved, &saved, Lang::En, Currency::Usd).is_empty());
        // A trashed saved version says so.
        let mut trashed = saved.clone();
        trashed.deleted = Some(Millis(1));
        let d = differences(&trashed, &saved, Lang::En, Currency::Usd);
        assert_eq!(d, vec![("Trash".into(), "Yes".into(), String::new())]);
    }
}
