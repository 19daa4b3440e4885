//! Leads (潜在客户, DOMAIN.md §2): people or companies who may buy, before they are
//! customers. A lead has a source, a status (new → contacted → qualified, or
//! disqualified), an owner (by hand, or by region: the active seller whose region it is,
//! the one with the fewest open leads), a score, and what they are interested in. A
//! qualified lead converts in one step into a customer (stage 机会客户) and an
//! opportunity, its notes on the new customer's timeline; the lead stays, converted,
//! pointing at both.

use crate::customer::{Contact, Kind, LifecycleStage, SourceChannel};
use crate::staff::{Staff, StaffRole};
use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, Customer, Day, Id, Interaction, InteractionKind, Millis, Opportunity};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    New,
    Contacted,
    Qualified,
    Disqualified,
    Converted,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 5] = [
        Self::New,
        Self::Contacted,
        Self::Qualified,
        Self::Disqualified,
        Self::Converted,
    ];
    /// What a user sets by hand (a lead becomes converted by converting it).
    pub const SETTABLE: [LeadStatus; 4] = [
        Self::New,
        Self::Contacted,
        Self::Qualified,
        Self::Disqualified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Contacted => "contacted",
            Self::Qualified => "qualified",
            Self::Disqualified => "disqualified",
            Self::Converted => "converted",
        }
    }

    pub fn from_code(s: &str) -> Option<LeadStatus> {
        Self::ALL.iter().copied().find(|x| x.code() == s)
    }

    /// Still being worked: new, contacted or qualified.
    pub fn is_open(self) -> bool {
        matches!(self, Self::New | Self::Contacted | Self::Qualified)
    }
}

/// What a converted lead became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Converted {
    pub customer: Id,
    pub opportunity: Id,
    pub at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    pub id: Id,
    /// The person to talk to.
    pub name: String,
    /// Their company, when the lead is a business (it converts to an organisation).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub company: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceChannel>,
    pub status: LeadStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// The score given by hand, 0–100; none for the computed one ([`Lead::score`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// What they are interested in (the opportunity's title on converting).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub interest: String,
    /// What it may be worth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Cents>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted: Option<Converted>,
    pub created: Millis,
    pub updated: Millis,
}

impl Lead {
    pub fn new(id: Id, now: Millis) -> Lead {
        Lead {
            id,
            name: String::new(),
            company: String::new(),
            phone: String::new(),
            email: String::new(),
            region: String::new(),
            city: String::new(),
            source: None,
            status: LeadStatus::New,
            owner: String::new(),
            score: None,
            interest: String::new(),
            amount: None,
            note: String::new(),
            converted: None,
            created: now,
            updated: now,
        }
    }

    /// The score given by hand, else one computed from what is known: where the lead
    /// came from (a referral or an exhibition is warmer than an advert), how it can be
    /// reached, whether it is a business with a need and a budget, and how far it got.
    pub fn score(&self) -> u8 {
        self.score.unwrap_or_else(|| self.computed_score())
    }

    pub fn computed_score(&self) -> u8 {
        use SourceChannel as S;
        let source = match self.source {
            Some(S::Referral | S::Partner) => 30,
            Some(S::Walkin | S::Exhibition) => 20,
            Some(S::Website | S::Social) => 15,
            Some(S::Telemarketing | S::Advertising) => 10,
            Some(S::Other) | None => 5,
        };
        let reach = 10 * u8::from(!self.phone.is_empty()) + 5 * u8::from(!self.email.is_empty());
        let need = 10 * u8::from(!self.company.is_empty())
            + 10 * u8::from(!self.interest.is_empty())
            + 10 * u8::from(self.amount.is_some_and(|a| a.0 > 0));
        let stage = match self.status {
            LeadStatus::New => 0,
            LeadStatus::Contacted => 10,
            LeadStatus::Qualified | LeadStatus::Converted => 25,
            LeadStatus::Disqualified => return 0,
        };
        (source + reach + need + stage).min(100)
    }

    /// What the lead is called in a list: the company, with the person.
    pub fn display_name(&self) -> String {
        match self.company.is_empty() {
            true => self.name.clone(),
            false => format!("{} · {}", self.company, self.name),
        }
    }
}

impl crate::kinds::Doc for Lead {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("leads");

    crate::kinds::doc_accessors!(shop);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_lead(self)
    }
}

/// The rules a lead obeys, whoever wrote it: a name; phone and email as a customer's;
/// texts cleaned and within their limits; a score of at most 100; an amount within the
/// limit; a converted lead says what it became, and only it does.
pub fn check_lead(l: Lead) -> Result<Lead, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let name = validate::line(&l.name, validate::MAX_NAME, Field::LeadName, &mut err);
    if name.is_empty() {
        err(Field::LeadName, Problem::Required);
    }
    let company = validate::line(&l.company, validate::MAX_NAME, Field::LeadCompany, &mut err);
    let phone = validate::clean_phone(&l.phone, Field::LeadPhone, &mut err);
    let email = validate::clean_email(&l.email, Field::LeadEmail, &mut err);
    let mut short = |s: &str, f| validate::line(s, validate::MAX_TEXT, f, &mut err);
    let (region, city) = (
        short(&l.region, Field::LeadRegion),
        short(&l.city, Field::LeadCity),
    );
    let interest = short(&l.interest, Field::LeadInterest);
    if let Some(a) = l.amount {
        validate::amount_in_range(a, Field::LeadAmount, &mut err);
    }
    if l.score.is_some_and(|s| s > 100) {
        err(Field::LeadScore, Problem::InvalidPercent);
    }
    let note = validate::block(&l.note, validate::MAX_NOTES, Field::LeadNote, &mut err);
    if (l.status == LeadStatus::Converted) != l.converted.is_some() {
        err(Field::LeadName, Problem::Inconsistent);
    }
    if errs.is_empty() {
        Ok(Lead {
            name,
            company,
            phone,
            email,
            region,
            city,
            interest,
            note,
            ..l
        })
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

/// A lead as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadDraft {
    pub name: String,
    pub company: String,
    pub phone: String,
    pub email: String,
    pub region: String,
    pub city: String,
    pub source: Option<SourceChannel>,
    pub status: LeadStatus,
    pub owner: String,
    /// Blank for the computed score.
    pub score: String,
    pub interest: String,
    pub amount: String,
    pub note: String,
}

impl LeadDraft {
    pub fn from_lead(l: &Lead) -> LeadDraft {
        LeadDraft {
            name: l.name.clone(),
            company: l.company.clone(),
            phone: l.phone.clone(),
            email: l.email.clone(),
            region: l.region.clone(),
            city: l.city.clone(),
            source: l.source,
            status: l.status,
            owner: l.owner.clone(),
            score: l.score.map(|s| s.to_string()).unwrap_or_default(),
            interest: l.interest.clone(),
            amount: l.amount.map(|a| a.to_string()).unwrap_or_default(),
            note: l.note.clone(),
        }
    }

    /// The record this draft makes of `base` at `now`, or every problem.
    pub fn validate(&self, base: Lead, now: Millis) -> Result<Lead, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let amount = validate::money(&self.amount, Field::LeadAmount, &mut err);
        let score = match self.score.trim() {
            "" => None,
            s => match s.parse::<u8>() {
                Ok(v) if v <= 100 => Some(v),
                _ => {
                    err(Field::LeadScore, Problem::InvalidPercent);
                    None
                }
            },
        };
        let l = Lead {
            name: self.name.clone(),
            company: self.company.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            region: self.region.clone(),
            city: self.city.clone(),
            source: self.source,
            // Converted stays converted; the form cannot set it.
            status: match base.status {
                LeadStatus::Converted => LeadStatus::Converted,
                _ => self.status,
            },
            owner: self.owner.clone(),
            score,
            interest: self.interest.clone(),
            amount,
            note: self.note.clone(),
            updated: now,
            ..base
        };
        validate::merged(check_lead(l), errs)
    }
}

/// The owner a lead (or a new customer) in `region` is given by the region rule (the
/// territories): of the active sellers and managers whose region it is (ignoring case
/// and full-width forms), the one with the least work (`open`, by owner: their open
/// leads, or their customers), then the first by name. None when nobody covers the
/// region.
pub fn owner_by_region(region: &str, staff: &[Staff], open: &HashMap<String, usize>) -> Option<Id> {
    let want = crate::text::fold(region.trim());
    if want.is_empty() {
        return None;
    }
    staff
        .iter()
        .filter(|s| s.active && matches!(s.role, StaffRole::Sales | StaffRole::Manager))
        .filter(|s| crate::text::fold(s.region.trim()) == want)
        .min_by_key(|s| {
            (
                open.get(s.id.as_str()).copied().unwrap_or(0),
                s.name.clone(),
            )
        })
        .map(|s| s.id.clone())
}

/// Open leads by owner (for [`owner_by_region`]).
pub fn open_by_owner(leads: &[Lead]) -> HashMap<String, usize> {
    let mut n = HashMap::new();
    for l in leads
        .iter()
        .filter(|l| l.status.is_open() && !l.owner.is_empty())
    {
        *n.entry(l.owner.clone()).or_insert(0) += 1;
    }
    n
}

/// Why a lead cannot be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    #[error("only a qualified lead converts")]
    NotQualified,
    #[error("the customer it would make is not valid: {0:?}")]
    Invalid(Vec<FieldError>),
}

/// What converting a lead writes, all together.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub customer: Customer,
    pub opportunity: Opportunity,
    /// The lead's story on the new customer's timeline.
    pub note: Interaction,
    pub lead: Lead,
}

/// New ids for what a conversion makes.
pub struct NewIds {
    pub customer: Id,
    pub opportunity: Id,
    pub note: Id,
}

/// Converts qualified `lead` at `now` (`today` for the customer's checks): a customer
/// (an organisation named after the company with the person as its contact, or a
/// person), at stage 机会客户, owned by the lead's owner; an opportunity for what they
/// are interested in (`default_title` when nothing was noted), at the first stage; a
/// note titled `subject` on the timeline with the lead's source, score and note; and
/// the lead, converted.
pub fn convert(
    lead: &Lead,
    ids: NewIds,
    subject: &str,
    default_title: &str,
    now: Millis,
    today: Day,
) -> Result<Conversion, ConvertError> {
    if lead.status != LeadStatus::Qualified {
        return Err(ConvertError::NotQualified);
    }
    let mut c = validate::blank_customer(ids.customer.clone(), 0, now);
    let mobile = lead.phone.chars().filter(char::is_ascii_digit).count() == 11
        && lead.phone.trim_start().starts_with('1');
    if lead.company.is_empty() {
        c.name = lead.name.clone();
        if mobile {
            c.mobile = lead.phone.clone();
        } else {
            c.phone = lead.phone.clone();
        }
        c.email = lead.email.clone();
    } else {
        c.kind = Kind::Organisation;
        c.name = lead.company.clone();
        c.contacts = vec![Contact {
            name: lead.name.clone(),
            role: String::new(),
            phone: lead.phone.clone(),
            email: lead.email.clone(),
        }];
    }
    c.region = lead.region.clone();
    c.city = lead.city.clone();
    c.source = lead.source;
    c.owner = lead.owner.clone();
    c.stage = LifecycleStage::Opportunity;
    let customer = validate::check_customer(c, today).map_err(ConvertError::Invalid)?;
    let mut opportunity = Opportunity::new(ids.opportunity.clone(), ids.customer.clone(), now);
    opportunity.title = match lead.interest.is_empty() {
        true => default_title.to_string(),
        false => lead.interest.clone(),
    };
    opportunity.amount = lead.amount.unwrap_or_default();
    opportunity.owner = lead.owner.clone();
    let note = Interaction {
        id: ids.note,
        customer: ids.customer.clone(),
        kind: InteractionKind::Note,
        at: now,
        subject: subject.to_string(),
        note: lead.note.clone(),
        created: now,
        updated: now,
    };
    let lead = Lead {
        status: LeadStatus::Converted,
        converted: Some(Converted {
            customer: ids.customer,
            opportunity: ids.opportunity,
            at: now,
        }),
        updated: now,
        ..lead.clone()
    };
    Ok(Conversion {
        customer,
        opportunity,
        note,
        lead,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead() -> Lead {
        let mut l = Lead::new(Id("l".into()), Millis(1_000));
        l.name = "李明".into();
        l.phone = "138 0013 8000".into();
        l.source = Some(SourceChannel::Referral);
        l
    }

    fn ids() -> NewIds {
        NewIds {
            customer: Id("c".into()),
            opportunity: Id("o".into()),
            note: Id("n".into()),
        }
    }

    #[test]
    fn the_score_grows_with_what_is_known_and_a_given_one_wins() {
        let mut l = lead();
        assert_eq!(l.score(), 30 + 10);
        l.company = "明达贸易".into();
        l.interest = "年度办公用品".into();
        l.amount = Some(Cents(5_000_000));
        l.status = LeadStatus::Qualified;
        assert_eq!(l.score(), 30 + 10 + 30 + 25);
        l.score = Some(12);
        assert_eq!(l.score(), 12);
        l.score = None;
        l.status = LeadStatus::Disqualified;
        assert_eq!(l.score(), 0);
    }

    #[test]
    fn the_region_rule_picks_the_active_seller_with_fewest_open_leads() {
        let mk = |id: &str, name: &str, region: &str| {
            let mut s = Staff::new(Id(id.into()), name, Millis(0));
            s.region = region.into();
            s
        };
        let mut service = mk("s3", "赵", "华东");
        service.role = StaffRole::Service;
        let mut gone = mk("s4", "钱", "华东");
        gone.active = false;
        let staff = [
            mk("s1", "王", "华东"),
            mk("s2", "李", "ＨＵＡＤＯＮＧ"),
            service,
            gone,
        ];
        let open = HashMap::from([("s1".to_string(), 3)]);
        assert_eq!(
            owner_by_region(" 华东 ", &staff, &open),
            Some(Id("s1".into()))
        );
        assert_eq!(
            owner_by_region("huadong", &staff, &open),
            Some(Id("s2".into()))
        );
        let fewer = HashMap::from([("s1".to_string(), 0)]);
        assert_eq!(
            owner_by_region("华东", &staff, &fewer),
            Some(Id("s1".into()))
        );
        assert_eq!(owner_by_region("华南", &staff, &open), None);
        assert_eq!(owner_by_region("", &staff, &open), None);
    }

    #[test]
    fn only_a_qualified_lead_converts_into_a_customer_and_an_opportunity() {
        let today = Day::from_ymd(2026, 12, 3).unwrap();
        let mut l = lead();
        assert_eq!(
            convert(&l, ids(), "转化", "首单", Millis(9), today),
            Err(ConvertError::NotQualified)
        );
        l.status = LeadStatus::Qualified;
        l.owner = "s1".into();
        l.note = "展会上交换名片".into();
        let c = convert(&l, ids(), "由潜在客户转化", "首单", Millis(9), today).unwrap();
        assert_eq!(
            (c.customer.kind, c.customer.name.as_str()),
            (Kind::Person, "李明")
        );
        assert_eq!(c.customer.mobile, "138 0013 8000");
        assert_eq!(c.customer.stage, LifecycleStage::Opportunity);
        assert_eq!(c.customer.owner, "s1");
        assert_eq!(
            (
                c.opportunity.title.as_str(),
                c.opportunity.customer.as_str()
            ),
            ("首单", "c")
        );
        assert_eq!(c.note.note, "展会上交换名片");
        assert_eq!(c.lead.status, LeadStatus::Converted);
        assert_eq!(
            c.lead.converted.as_ref().map(|x| x.customer.as_str()),
            Some("c")
        );
        assert!(check_lead(c.lead.clone()).is_ok());

        l.company = "明达贸易".into();
        l.interest = "年度办公用品".into();
        let org = convert(&l, ids(), "转化", "首单", Millis(9), today).unwrap();
        assert_eq!(
            (org.customer.kind, org.customer.name.as_str()),
            (Kind::Organisation, "明达贸易")
        );
        assert_eq!(org.customer.contacts[0].name, "李明");
        assert_eq!(org.opportunity.title, "年度办公用品");
    }

    #[test]
    fn the_form_names_each_bad_field_and_never_sets_converted() {
        let mut d = LeadDraft::from_lead(&Lead::new(Id("l".into()), Millis(0)));
        d.phone = "abc".into();
        d.email = "not-an-email".into();
        d.score = "120".into();
        d.amount = "-5".into();
        let fields: Vec<Field> = d
            .validate(lead(), Millis(2))
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                Field::LeadName,
                Field::LeadPhone,
                Field::LeadEmail,
                Field::LeadAmount,
                Field::LeadScore
            ]
        );
        let mut d = LeadDraft::from_lead(&lead());
        d.status = LeadStatus::Converted;
        let l = d.validate(lead(), Millis(2));
        assert!(l.is_err(), "converted without what it became is refused");
    }
}
