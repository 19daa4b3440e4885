//! Turning what a user typed into a valid [`Customer`], field by field.
//!
//! Validation never stops at the first problem: it returns every field's error, so a form
//! can mark them all at once. Errors are typed; the UI translates them.

use crate::money::{MAX_CENTS, MoneyError};
use crate::text::{clean_block, clean_line, normalise_tag};
use crate::*;

/// The customer form as the user fills it: text where the user types, typed values where
/// the user picks from a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDraft {
    pub kind: Kind,
    pub name: String,
    pub code: String,
    pub customer_type: CustomerType,
    pub stage: LifecycleStage,
    pub churn_date: String,
    pub churn_reason: String,
    pub level: RelationshipLevel,
    pub gender: Option<Gender>,
    pub phone: String,
    pub mobile: String,
    pub email: String,
    pub wechat: String,
    pub region: String,
    pub city: String,
    pub address: String,
    pub source: Option<SourceChannel>,
    pub occupation: String,
    pub birth_date: String,
    pub company_size: String,
    pub owner: String,
    pub key_account: bool,
    pub potential_key_account: bool,
    pub credit_rating: Option<CreditRating>,
    pub credit_limit: String,
    pub category_spend: String,
    pub arrears: String,
    pub blacklisted: bool,
    pub blacklist_reason: String,
    /// Comma-, space- or 、-separated, as people type them.
    pub tags: String,
    pub consents: Vec<ConsentDraft>,
    pub custom_fields: Vec<CustomField>,
    pub contacts: Vec<Contact>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDraft {
    pub channel: ConsentChannel,
    pub granted: bool,
    pub date: String,
    pub source: String,
}

/// Which form field a problem belongs to; list fields carry the row index. Declared in
/// the order the forms show them, so sorted errors read top to bottom.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Field {
    Name,
    Code,
    Owner,
    ChurnDate,
    ChurnReason,
    Tags,
    Mobile,
    Phone,
    Email,
    Wechat,
    Region,
    City,
    Address,
    Occupation,
    BirthDate,
    CompanySize,
    Notes,
    CreditLimit,
    Arrears,
    CategorySpend,
    BlacklistReason,
    ConsentDate(usize),
    ConsentSource(usize),
    ContactName(usize),
    ContactRole(usize),
    ContactPhone(usize),
    ContactEmail(usize),
    CustomFieldName(usize),
    CustomFieldValue(usize),
    OrderDay,
    OrderAmount,
    OrderCost,
    ItemProduct(usize),
    ItemQuantity(usize),
    ItemPrice(usize),
    InteractionDate,
    InteractionTime,
    InteractionSubject,
    SurveyDate,
    /// The whole set of answers (none given, or one off its scale).
    SurveyAnswers,
    SurveyComment,
    /// A designed survey's item answered only half (a pair needs both answers).
    SurveyItem(usize),
    SurveyName,
    /// The item list (empty, or too long).
    SurveyItems,
    SurveyItemText(usize),
    SurveyWeights,
    /// A member of staff's commission rate.
    Commission,
    Quota,
    /// The server user a member of staff signs in as.
    SignInName,
    OppTitle,
    OppAmount,
    OppStage,
    OppProbability,
    OppClose,
    OppCompetitors,
    OppNextStep,
    OppLostReason,
    TaskTitle,
    TaskDue,
    TaskTime,
    TaskRemind,
    TaskNote,
    LeadName,
    LeadCompany,
    LeadPhone,
    LeadEmail,
    LeadRegion,
    LeadCity,
    LeadInterest,
    LeadAmount,
    LeadScore,
    LeadNote,
    ProductSku,
    ProductName,
    ProductCategory,
    ProductUnit,
    ProductPrice,
    ProductCost,
    ProductStock,
    ProductNote,
    QuoteNumber,
    QuoteIssued,
    QuoteValidUntil,
    /// The line list (empty, too long, or its total past the limit).
    QuoteLines,
    LineName(usize),
    LineQuantity(usize),
    LinePrice(usize),
    LineDiscount(usize),
    QuoteDiscount,
    QuoteTax,
    QuoteTerms,
    ExpenseOwner,
    ExpenseDay,
    ExpenseAmount,
    ExpenseNote,
    SegmentName,
    SegmentFilter,
    /// One of the shop's shared settings (`shop.rs`).
    ShopSetting,
    TicketSubject,
    TicketDescription,
    TicketOpened,
    TicketNote,
    TicketResolution,
    /// A weekday's opening hours in the service levels (0 = Monday).
    SlaDay(u8),
    SlaHolidays,
    SlaWorkdays,
    /// A target of the service levels: `type * 4 + priority`.
    SlaTarget(u8),
    ContractTitle,
    ContractStart,
    ContractEnd,
    ContractValue,
    ContractCoverage,
    ArticleTitle,
    ArticleBody,
    ArticleTags,
    CareName,
    CareTitle,
    CareDays,
    CareCategory,
    CareValue,
    CampaignName,
    CampaignGoal,
    CampaignBudget,
    CampaignCost,
    CampaignStart,
    CampaignEnd,
    /// The control group's share.
    CampaignControl,
    /// The attribution window.
    CampaignWindow,
    /// A member's responses (out of order, before the contact, or on a control member).
    CampaignResponses,
    RewardsSince,
    RewardsPerYuan,
    /// The points that take a yuan off.
    RewardsRedeem,
    TierName(usize),
    TierFrom(usize),
    /// Points spent on an order.
    RewardPoints,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum Problem {
    #[error("required")]
    Required,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("not an email address")]
    InvalidEmail,
    #[error("not a phone number")]
    InvalidPhone,
    #[error("not a date (YYYY-MM-DD)")]
    InvalidDate,
    #[error("in the future")]
    DateInFuture,
    #[error("not a whole number")]
    NotAWholeNumber,
    #[error("{0}")]
    Money(MoneyError),
    #[error("must not be negative")]
    Negative,
    #[error("a tag is longer than {max} characters")]
    TagTooLong { max: usize },
    #[error("too many tags (at most {max})")]
    TooManyTags { max: usize },
    #[error("only for churned customers")]
    OnlyWhenChurned,
    #[error("quantity must be at least 1")]
    QuantityTooSmall,
    #[error("not a time (HH:MM)")]
    InvalidTime,
    #[error("both answers of the pair are needed")]
    Incomplete,
    #[error("the weights must add up to 100%")]
    WeightsSum,
    #[error("at most {max} items")]
    TooManyItems { max: usize },
    #[error("4 to 8 digits")]
    BadPin,
    /// A stored answer outside its question's scale.
    #[error("not on the scale {lo} to {hi}")]
    OffScale { lo: u8, hi: u8 },
    /// Parts of a record that cannot belong together (an answer to an item its survey
    /// does not have, an item id given twice): a damaged or edited file.
    #[error("does not fit the rest of the record")]
    Inconsistent,
    #[error("not a percentage from 0 to 100")]
    InvalidPercent,
    /// A sign-in name the server cannot have: a space, a colon, or a leading `_`.
    #[error("not a user name the server accepts")]
    InvalidSignInName,
    /// A code another record already has (a product's SKU).
    #[error("already in use")]
    Taken,
    #[error("too many units")]
    TooManyUnits,
    #[error("before the day it was issued")]
    BeforeIssued,
    #[error("closes before it opens")]
    ClosesBeforeOpening,
    #[error("not a number of hours above zero")]
    NotHours,
    #[error("the first answer is due after the resolution")]
    AnswerAfterResolution,
    #[error("ends before it starts")]
    EndsBeforeStart,
    #[error("more than {max} days")]
    TooManyDays { max: u32 },
    #[error("a whole number from {min} to {max}")]
    WholeNumberWithin { min: u64, max: u64 },
    /// A threshold not above the one before it (a tier's).
    #[error("must be above the one before")]
    NotAboveTheLast,
    #[error("only {balance} points to spend")]
    MoreThanHeld { balance: u64 },
    #[error("worth more than the order")]
    MoreThanTheOrder,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{field:?}: {problem}")]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

pub const MAX_NAME: usize = 100;
pub const MAX_CODE: usize = 50;
pub const MAX_TEXT: usize = 200;
pub const MAX_NOTES: usize = 5_000;
pub const MAX_TAG: usize = 30;
pub const MAX_TAGS: usize = 50;

/// The validated content of a customer: everything but identity and timestamps.
pub type CustomerContent = Customer;

impl CustomerDraft {
    /// An empty form for a new customer of `kind`.
    pub fn new(kind: Kind) -> Self {
        let mut d = Self::from_customer(&blank_customer(Id::default(), 0, Millis(0)));
        d.kind = kind;
        d.customer_type = match kind {
            Kind::Person => CustomerType::Consumer,
            Kind::Organisation => CustomerType::Business,
        };
        d
    }

    /// The form pre-filled from a saved customer, for editing.
    pub fn from_customer(c: &Customer) -> Self {
        let opt_day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
        let mut draft = CustomerDraft {
            kind: c.kind,
            name: c.name.clone(),
            code: c.code.clone(),
            customer_type: c.customer_type,
            stage: c.stage,
            churn_date: opt_day(c.churn_date),
            churn_reason: c.churn_reason.clone(),
            level: c.level,
            gender: c.gender,
            phone: c.phone.clone(),
            mobile: c.mobile.clone(),
            email: c.email.clone(),
            wechat: c.wechat.clone(),
            region: c.region.clone(),
            city: c.city.clone(),
            address: c.address.clone(),
            source: c.source,
            occupation: c.occupation.clone(),
            birth_date: opt_day(c.birth_date),
            company_size: c.company_size.map(|n| n.to_string()).unwrap_or_default(),
            owner: c.owner.clone(),
            key_account: c.key_account,
            potential_key_account: c.potential_key_account,
            credit_rating: c.credit_rating,
            credit_limit: c.credit_limit.map(|m| m.to_string()).unwrap_or_default(),
            category_spend: c.category_spend.map(|m| m.to_string()).unwrap_or_default(),
            arrears: if c.arrears == Cents(0) {
                String::new()
            } else {
                c.arrears.to_string()
            },
            blacklisted: c.blacklisted,
            blacklist_reason: c.blacklist_reason.clone(),
            tags: c.tags.join(", "),
            consents: Vec::new(),
            custom_fields: c.custom_fields.clone(),
            contacts: c.contacts.clone(),
            notes: c.notes.clone(),
        };
        draft.consents = ConsentChannel::ALL
            .iter()
            .map(|ch| match c.consent(*ch) {
                Some(k) => ConsentDraft {
                    channel: *ch,
                    granted: k.granted,
                    date: opt_day(k.date),
                    source: k.source.clone(),
                },
                None => ConsentDraft {
                    channel: *ch,
                    granted: false,
                    date: String::new(),
                    source: String::new(),
                },
            })
            .collect();
        draft
    }

    /// Validates every field. On success returns the customer with `base`'s identity and
    /// timestamps (the caller sets `updated`); on failure, every problem found, in the
    /// form's field order. What was typed is parsed here; the rules every customer record
    /// obeys are [`check_customer`]'s, which imports and restores apply too.
    pub fn validate(&self, base: &Customer, today: Day) -> Result<Customer, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let birth_date = opt_date(&self.birth_date, Field::BirthDate, &mut err);
        let churn_date = opt_date(&self.churn_date, Field::ChurnDate, &mut err);
        let company_size = match self.company_size.trim() {
            "" => None,
            s => match s.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    err(Field::CompanySize, Problem::NotAWholeNumber);
                    None
                }
            },
        };
        let credit_limit = money(&self.credit_limit, Field::CreditLimit, &mut err);
        let category_spend = money(&self.category_spend, Field::CategorySpend, &mut err);
        let arrears = money(&self.arrears, Field::Arrears, &mut err);
        let mut consents = Vec::new();
        for (i, c) in self.consents.iter().enumerate() {
            let date = opt_date(&c.date, Field::ConsentDate(i), &mut err);
            if c.granted || date.is_some() || !c.source.trim().is_empty() {
                consents.push(Consent {
                    channel: c.channel,
                    granted: c.granted,
                    date,
                    source: c.source.clone(),
                });
            }
        }
        let typed = Customer {
            id: base.id.clone(),
            key: base.key,
            kind: self.kind,
            name: self.name.clone(),
            code: self.code.clone(),
            customer_type: self.customer_type,
            stage: self.stage,
            churn_date,
            churn_reason: self.churn_reason.clone(),
            level: self.level,
            gender: self.gender,
            phone: self.phone.clone(),
            mobile: self.mobile.clone(),
            email: self.email.clone(),
            wechat: self.wechat.clone(),
            region: self.region.clone(),
            city: self.city.clone(),
            address: self.address.clone(),
            source: self.source,
            occupation: self.occupation.clone(),
            birth_date,
            company_size,
            owner: self.owner.clone(),
            key_account: self.key_account,
            potential_key_account: self.potential_key_account,
            credit_rating: self.credit_rating,
            credit_limit,
            category_spend,
            arrears: arrears.unwrap_or_default(),
            blacklisted: self.blacklisted,
            blacklist_reason: self.blacklist_reason.clone(),
            tags: parse_tags(&self.tags),
            consents,
            custom_fields: self.custom_fields.clone(),
            contacts: self.contacts.clone(),
            notes: self.notes.clone(),
            created: base.created,
            updated: base.updated,
            deleted: base.deleted,
            rev: base.rev,
        };
        merged(check_customer(typed, today), errs)
    }
}

/// A time of day typed as `HH:MM` (24-hour), in minutes after midnight.
pub(crate) fn minutes_of_day(t: &str) -> Option<i64> {
    t.trim().split_once(':').and_then(|(h, m)| {
        let (h, m) = (h.trim().parse::<i64>().ok()?, m.trim().parse::<i64>().ok()?);
        ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
    })
}

/// `checked` (a record rule's outcome) with the errors of parsing what was typed,
/// every error sorted into the form's field order.
pub(crate) fn merged<T>(
    checked: Result<T, Vec<FieldError>>,
    mut errs: Vec<FieldError>,
) -> Result<T, Vec<FieldError>> {
    match checked {
        Ok(v) if errs.is_empty() => return Ok(v),
        Ok(_) => {}
        Err(mut more) => errs.append(&mut more),
    }
    errs.sort_by_key(|e| e.field);
    Err(errs)
}

/// One line of text, cleaned ([`clean_line`]) and at most `max` characters.
pub(crate) fn line(
    s: &str,
    max: usize,
    field: Field,
    err: &mut impl FnMut(Field, Problem),
) -> String {
    let s = clean_line(s);
    if s.chars().count() > max {
        // Cutting it would silently lose text, so refuse instead.
        err(field, Problem::TooLong { max });
    }
    s
}

/// A note, cleaned ([`clean_block`]) and at most `max` characters.
pub(crate) fn block(
    s: &str,
    max: usize,
    field: Field,
    err: &mut impl FnMut(Field, Problem),
) -> String {
    let s = clean_block(s);
    if s.chars().count() > max {
        err(field, Problem::TooLong { max });
    }
    s
}

/// A stored day: not before the earliest day kehu takes, not after `latest`.
pub(crate) fn day_in_range(
    d: Day,
    latest: Day,
    field: Field,
    err: &mut impl FnMut(Field, Problem),
) {
    if d > latest {
        err(field, Problem::DateInFuture);
    } else if d < crate::backup::min_day() {
        err(field, Problem::InvalidDate);
    }
}

/// A stored amount: at least zero and within [`MAX_CENTS`].
pub(crate) fn amount_in_range(c: Cents, field: Field, err: &mut impl FnMut(Field, Problem)) {
    if c.0 < 0 {
        err(field, Problem::Negative);
    } else if c.0 > MAX_CENTS {
        err(field, Problem::Money(MoneyError::TooLarge));
    }
}

/// The rules a customer record obeys, whoever wrote it (the form, an import, a
/// restore): every text cleaned of hidden characters and within its length, phones and
/// emails well formed, dates neither in the future nor before year 1000, amounts not
/// negative, churn details only for churned customers, a reason for a blacklisting,
/// named contacts (organisations only) and custom fields. Returns the record as stored
/// (blank rows dropped), or every problem.
pub fn check_customer(c: Customer, today: Day) -> Result<Customer, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let name = line(&c.name, MAX_NAME, Field::Name, &mut err);
    if name.is_empty() {
        err(Field::Name, Problem::Required);
    }
    let mut short = |s: &str, field| line(s, MAX_TEXT, field, &mut err);
    let (wechat, region, city) = (
        short(&c.wechat, Field::Wechat),
        short(&c.region, Field::Region),
        short(&c.city, Field::City),
    );
    let (address, occupation, owner) = (
        short(&c.address, Field::Address),
        short(&c.occupation, Field::Occupation),
        short(&c.owner, Field::Owner),
    );
    let churn_reason = short(&c.churn_reason, Field::ChurnReason);
    let blacklist_reason = short(&c.blacklist_reason, Field::BlacklistReason);
    let code = line(&c.code, MAX_CODE, Field::Code, &mut err);
    let phone = clean_phone(&c.phone, Field::Phone, &mut err);
    let mobile = clean_phone(&c.mobile, Field::Mobile, &mut err);
    let email = clean_email(&c.email, Field::Email, &mut err);
    for (d, field) in [
        (c.birth_date, Field::BirthDate),
        (c.churn_date, Field::ChurnDate),
    ] {
        if let Some(d) = d {
            day_in_range(d, today, field, &mut err);
        }
    }
    if c.stage != LifecycleStage::Churned {
        if c.churn_date.is_some() {
            err(Field::ChurnDate, Problem::OnlyWhenChurned);
        }
        if !churn_reason.is_empty() {
            err(Field::ChurnReason, Problem::OnlyWhenChurned);
        }
    }
    for (m, field) in [
        (c.credit_limit, Field::CreditLimit),
        (c.category_spend, Field::CategorySpend),
        (Some(c.arrears), Field::Arrears),
    ] {
        if let Some(m) = m {
            amount_in_range(m, field, &mut err);
        }
    }
    if c.blacklisted && blacklist_reason.is_empty() {
        err(Field::BlacklistReason, Problem::Required);
    }
    let tags: Vec<String> = c
        .tags
        .iter()
        .map(|t| clean_line(t))
        .filter(|t| !t.is_empty())
        .collect();
    if tags.len() > MAX_TAGS {
        err(Field::Tags, Problem::TooManyTags { max: MAX_TAGS });
    }
    if tags.iter().any(|t| t.chars().count() > MAX_TAG) {
        err(Field::Tags, Problem::TagTooLong { max: MAX_TAG });
    }
    let mut consents = Vec::with_capacity(c.consents.len());
    for k in c.consents {
        // Errors name the consent's row in the form: its channel's place in the list.
        let row = ConsentChannel::ALL
            .iter()
            .position(|ch| *ch == k.channel)
            .unwrap_or(0);
        if let Some(d) = k.date {
            day_in_range(d, today, Field::ConsentDate(row), &mut err);
        }
        let source = line(&k.source, MAX_TEXT, Field::ConsentSource(row), &mut err);
        consents.push(Consent { source, ..k });
    }
    let mut custom_fields = Vec::with_capacity(c.custom_fields.len());
    for (i, f) in c.custom_fields.iter().enumerate() {
        let n = line(&f.name, MAX_TEXT, Field::CustomFieldName(i), &mut err);
        let v = line(&f.value, MAX_TEXT, Field::CustomFieldValue(i), &mut err);
        if n.is_empty() && v.is_empty() {
            continue;
        }
        if n.is_empty() {
            err(Field::CustomFieldName(i), Problem::Required);
        }
        custom_fields.push(CustomField { name: n, value: v });
    }
    let mut contacts = Vec::new();
    for (i, k) in c.contacts.iter().enumerate() {
        let name = line(&k.name, MAX_NAME, Field::ContactName(i), &mut err);
        let role = line(&k.role, MAX_TEXT, Field::ContactRole(i), &mut err);
        let blank = name.is_empty()
            && role.is_empty()
            && k.phone.trim().is_empty()
            && k.email.trim().is_empty();
        if blank {
            continue;
        }
        if name.is_empty() {
            err(Field::ContactName(i), Problem::Required);
        }
        contacts.push(Contact {
            name,
            role,
            phone: clean_phone(&k.phone, Field::ContactPhone(i), &mut err),
            email: clean_email(&k.email, Field::ContactEmail(i), &mut err),
        });
    }
    let notes = block(&c.notes, MAX_NOTES, Field::Notes, &mut err);
    if !errs.is_empty() {
        errs.sort_by_key(|e| e.field);
        return Err(errs);
    }
    let person = c.kind == Kind::Person;
    Ok(Customer {
        name,
        code,
        churn_reason,
        gender: c.gender.filter(|_| person),
        phone,
        mobile,
        email,
        wechat,
        region,
        city,
        address,
        occupation,
        owner,
        blacklist_reason: if c.blacklisted {
            blacklist_reason
        } else {
            String::new()
        },
        tags,
        consents,
        custom_fields,
        contacts: if person { Vec::new() } else { contacts },
        notes,
        ..c
    })
}

/// Splits typed tags on commas (ASCII or Chinese), 、, semicolons and whitespace; drops
/// empties and duplicates (case-insensitively), keeping the first spelling and the order.
pub fn parse_tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in s.split([',', '，', '、', ';', '；', ' ', '\t', '\n']) {
        let tag = raw.trim().trim_start_matches('#');
        if tag.is_empty() {
            continue;
        }
        let norm = normalise_tag(tag);
        if !out.iter().any(|t| normalise_tag(t) == norm) {
            out.push(tag.to_string());
        }
    }
    out
}

pub(crate) fn clean_phone(s: &str, field: Field, err: &mut impl FnMut(Field, Problem)) -> String {
    let s = clean_line(s);
    let s = s.as_str();
    if s.is_empty() {
        return String::new();
    }
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    let allowed = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '.'));
    if !allowed || !(5..=20).contains(&digits) || s[1..].contains('+') {
        err(field, Problem::InvalidPhone);
    }
    s.to_string()
}

pub(crate) fn clean_email(s: &str, field: Field, err: &mut impl FnMut(Field, Problem)) -> String {
    let s = clean_line(s);
    let s = s.as_str();
    if s.is_empty() {
        return String::new();
    }
    if !is_email(s) {
        err(field, Problem::InvalidEmail);
    } else if s.len() > MAX_TEXT {
        err(field, Problem::TooLong { max: MAX_TEXT });
    }
    s.to_string()
}

/// A pragmatic check: one `@`, something before it, a dotted domain after it, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|p| !p.is_empty())
}

fn past_date(
    s: &str,
    field: Field,
    today: Day,
    err: &mut impl FnMut(Field, Problem),
) -> Option<Day> {
    let d = opt_date(s, field, err)?;
    if d > today {
        err(field, Problem::DateInFuture);
        return None;
    }
    Some(d)
}

/// A typed date, if one was typed: `None` for a blank, an error for text that is not a
/// date (the range is the record check's business).
pub(crate) fn opt_date(s: &str, field: Field, err: &mut impl FnMut(Field, Problem)) -> Option<Day> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let d = Day::parse(s);
    if d.is_none() {
        err(field, Problem::InvalidDate);
    }
    d
}

/// A date that must be given, valid, and not after today.
fn required_past_date(
    s: &str,
    field: Field,
    today: Day,
    err: &mut impl FnMut(Field, Problem),
) -> Option<Day> {
    if s.trim().is_empty() {
        err(field, Problem::Required);
        return None;
    }
    past_date(s, field, today, err)
}

pub(crate) fn money(s: &str, field: Field, err: &mut impl FnMut(Field, Problem)) -> Option<Cents> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match Cents::parse(s) {
        Ok(c) if c.0 < 0 => {
            err(field, Problem::Negative);
            None
        }
        Ok(c) => Some(c),
        Err(e) => {
            err(field, Problem::Money(e));
            None
        }
    }
}

/// The order form: an amount, or items whose total becomes the amount.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderDraft {
    pub day: String,
    pub amount: String,
    pub items: Vec<ItemDraft>,
    pub note: String,
    pub status: crate::OrderStatus,
    /// A staff id, empty for none.
    pub seller: String,
    /// Blank when the cost is not known.
    pub cost: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemDraft {
    pub product: String,
    pub quantity: String,
    pub unit_price: String,
    /// Kept from the line as it was (a quote's, an import's), not typed: the product
    /// record it was chosen from (dropped when the name is retyped), its discount and
    /// unit cost.
    pub product_id: Option<crate::Id>,
    pub discount_bp: u32,
    pub unit_cost: Option<Cents>,
}

impl ItemDraft {
    /// Sets the product typed or picked: a name of the catalogue's `products` links the
    /// line to that product (its cost, and its price when none is typed yet); any
    /// other text is a product typed in.
    pub fn set_product(&mut self, text: String, products: &[crate::Product]) {
        let found = products.iter().find(|p| p.name == text.trim());
        match found {
            Some(p) => {
                if self.product_id.as_ref() != Some(&p.id) {
                    self.unit_cost = p.cost;
                    if self.unit_price.trim().is_empty() {
                        self.unit_price = p.price.to_string();
                    }
                }
                self.product_id = Some(p.id.clone());
            }
            None if self.product.trim() != text.trim() => {
                self.product_id = None;
                self.unit_cost = None;
            }
            None => {}
        }
        self.product = text;
    }
}

impl OrderDraft {
    pub fn new(today: Day) -> OrderDraft {
        OrderDraft {
            day: today.to_string(),
            ..Default::default()
        }
    }

    pub fn from_order(o: &Order) -> OrderDraft {
        OrderDraft {
            day: o.day.to_string(),
            amount: o.amount.to_string(),
            items: o
                .items
                .iter()
                .map(|i| ItemDraft {
                    product: i.product.clone(),
                    quantity: i.quantity.to_string(),
                    unit_price: i.unit_price.to_string(),
                    product_id: i.product_id.clone(),
                    discount_bp: i.discount_bp,
                    unit_cost: i.unit_cost,
                })
                .collect(),
            note: o.note.clone(),
            status: o.status,
            seller: o.seller.clone(),
            cost: o.cost.map(|c| c.to_string()).unwrap_or_default(),
        }
    }

    /// The order for customer `customer` (id `id`, 0 for new). An empty amount with items
    /// takes the items' total; blank item rows are dropped. The record's rules are
    /// [`check_order`]'s.
    pub fn validate(&self, id: u32, customer: u32, today: Day) -> Result<Order, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let day = required_past_date(&self.day, Field::OrderDay, today, &mut err);
        let mut items = Vec::new();
        // Where each kept item is in the form, so errors name the row the user sees.
        let mut rows = Vec::new();
        for (i, it) in self.items.iter().enumerate() {
            let (p, q, u) = (it.product.trim(), it.quantity.trim(), it.unit_price.trim());
            if p.is_empty() && q.is_empty() && u.is_empty() {
                continue;
            }
            let quantity = match q.parse::<u32>() {
                Ok(n) => n,
                Err(_) if q.is_empty() => 1,
                Err(_) => {
                    err(Field::ItemQuantity(i), Problem::NotAWholeNumber);
                    1
                }
            };
            let unit_price = match money(u, Field::ItemPrice(i), &mut err) {
                Some(c) => c,
                None if u.is_empty() => {
                    err(Field::ItemPrice(i), Problem::Required);
                    Cents(0)
                }
                None => Cents(0),
            };
            rows.push(i);
            items.push(OrderItem {
                product: it.product.clone(),
                product_id: it.product_id.clone(),
                quantity,
                unit_price,
                discount_bp: it.discount_bp,
                unit_cost: it.unit_cost,
            });
        }
        let amount = match money(&self.amount, Field::OrderAmount, &mut err) {
            Some(a) => Some(a),
            None if self.amount.trim().is_empty() && !items.is_empty() => None,
            None if self.amount.trim().is_empty() => {
                err(Field::OrderAmount, Problem::Required);
                None
            }
            None => None,
        };
        let mut order = Order {
            id,
            customer,
            day: day.unwrap_or(today),
            amount: amount.unwrap_or_default(),
            items,
            note: self.note.clone(),
            status: self.status,
            seller: self.seller.trim().to_string(),
            cost: money(&self.cost, Field::OrderCost, &mut err),
        };
        if amount.is_none() {
            // An overflowing total is the record check's error to report.
            order.amount = order.items_total().ok().flatten().unwrap_or_default();
        }
        let checked = check_order(order, today).map_err(|es| {
            es.into_iter()
                .map(|FieldError { field, problem }| FieldError {
                    field: match field {
                        Field::ItemProduct(j) => Field::ItemProduct(rows[j]),
                        Field::ItemQuantity(j) => Field::ItemQuantity(rows[j]),
                        Field::ItemPrice(j) => Field::ItemPrice(rows[j]),
                        f => f,
                    },
                    problem,
                })
                .collect()
        });
        merged(checked, errs)
    }
}

/// The rules an order obeys, whoever wrote it: a day from year 1000 to today, an amount
/// (and a cost, when known) of at least zero within the limit, items named (within [`MAX_TEXT`]) with a quantity
/// of at least one and a price of at least zero whose total does not overflow, a note
/// within [`MAX_NOTES`]; text cleaned of hidden characters.
pub fn check_order(o: Order, today: Day) -> Result<Order, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    day_in_range(o.day, today, Field::OrderDay, &mut err);
    amount_in_range(o.amount, Field::OrderAmount, &mut err);
    if let Some(cost) = o.cost {
        amount_in_range(cost, Field::OrderCost, &mut err);
    }
    let mut items = Vec::with_capacity(o.items.len());
    for (i, it) in o.items.iter().enumerate() {
        let product = line(&it.product, MAX_TEXT, Field::ItemProduct(i), &mut err);
        if product.is_empty() {
            err(Field::ItemProduct(i), Problem::Required);
        }
        if it.quantity == 0 {
            err(Field::ItemQuantity(i), Problem::QuantityTooSmall);
        }
        amount_in_range(it.unit_price, Field::ItemPrice(i), &mut err);
        if it
            .product_id
            .as_ref()
            .is_some_and(|p| !crate::backup::id_ok(p))
        {
            err(Field::ItemProduct(i), Problem::Inconsistent);
        }
        if it.discount_bp > 10_000 {
            err(Field::ItemPrice(i), Problem::InvalidPercent);
        }
        if let Some(c) = it.unit_cost {
            amount_in_range(c, Field::ItemPrice(i), &mut err);
        }
        items.push(OrderItem {
            product,
            ..it.clone()
        });
    }
    let note = block(&o.note, MAX_NOTES, Field::Notes, &mut err);
    let o = Order { items, note, ..o };
    if let Err(e) = o.items_total() {
        err(Field::OrderAmount, Problem::Money(e));
    }
    if errs.is_empty() {
        Ok(o)
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

/// The interaction form: when (local date and time), how, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteractionDraft {
    pub kind: InteractionKind,
    pub date: String,
    pub time: String,
    pub subject: String,
    pub note: String,
}

impl InteractionDraft {
    pub fn new(today: Day, time: &str) -> InteractionDraft {
        InteractionDraft {
            kind: InteractionKind::Call,
            date: today.to_string(),
            time: time.to_string(),
            subject: String::new(),
            note: String::new(),
        }
    }

    /// `zone` converts the local date and time to an instant (with the offset of that
    /// date: daylight saving included). The record's rules are [`check_interaction`]'s.
    pub fn validate(
        &self,
        base: Interaction,
        today: Day,
        zone: &crate::date::Zone,
    ) -> Result<Interaction, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let day = required_past_date(&self.date, Field::InteractionDate, today, &mut err);
        let minutes = match self.time.trim() {
            "" => Some(0),
            t => minutes_of_day(t),
        };
        if minutes.is_none() {
            err(Field::InteractionTime, Problem::InvalidTime);
        }
        let local = day.unwrap_or(today).start_millis().0 + minutes.unwrap_or(0) * 60_000;
        let typed = Interaction {
            kind: self.kind,
            at: zone.instant(local),
            subject: self.subject.clone(),
            note: self.note.clone(),
            ..base
        };
        // The local date was checked against today above; the record check allows the
        // instant's UTC day to be a day later (evening west of Greenwich).
        merged(check_interaction(typed, today), errs)
    }
}

/// The rules an interaction obeys, whoever wrote it: a moment from year 1000 to the end
/// of today in any time zone, a subject within [`MAX_TEXT`], a note within
/// [`MAX_NOTES`]; text cleaned of hidden characters.
pub fn check_interaction(x: Interaction, today: Day) -> Result<Interaction, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    day_in_range(
        x.at.day(),
        Day(today.0 + 1),
        Field::InteractionDate,
        &mut err,
    );
    let subject = line(&x.subject, MAX_TEXT, Field::InteractionSubject, &mut err);
    let note = block(&x.note, MAX_NOTES, Field::Notes, &mut err);
    if errs.is_empty() {
        Ok(Interaction { subject, note, ..x })
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

/// The rules a member of staff obeys: a name, texts cleaned and within their limits,
/// phone and email well formed, a commission of at most 100 %.
pub fn check_staff(x: crate::Staff) -> Result<crate::Staff, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let name = line(&x.name, MAX_NAME, Field::Name, &mut err);
    if name.is_empty() {
        err(Field::Name, Problem::Required);
    }
    let region = line(&x.region, MAX_TEXT, Field::Region, &mut err);
    let phone = clean_phone(&x.phone, Field::Phone, &mut err);
    let email = clean_email(&x.email, Field::Email, &mut err);
    if x.commission_bp > 10_000 {
        err(Field::Commission, Problem::InvalidPercent);
    }
    if let Some(q) = x.quota {
        amount_in_range(q, Field::Quota, &mut err);
    }
    let user = sign_in_name(&x.user, &mut err);
    if errs.is_empty() {
        Ok(crate::Staff {
            name,
            user,
            region,
            phone,
            email,
            ..x
        })
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

/// The longest sign-in name kept.
pub const MAX_SIGN_IN_NAME: usize = 64;

/// A CouchDB user name as typed, trimmed (empty: none). The server's `_users` database
/// refuses names that begin with `_`; spaces and colons are refused here as well, since
/// a name that contains them is easily mistyped at sign-in.
fn sign_in_name(s: &str, err: &mut impl FnMut(Field, Problem)) -> String {
    let name = s.trim();
    if name.chars().count() > MAX_SIGN_IN_NAME {
        err(
            Field::SignInName,
            Problem::TooLong {
                max: MAX_SIGN_IN_NAME,
            },
        );
    } else if name.starts_with('_')
        || name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ':')
    {
        err(Field::SignInName, Problem::InvalidSignInName);
    }
    name.to_string()
}

/// A percentage as typed (`5`, `2.5`, `5%`, empty for none) in basis points, within
/// 0–100 %.
pub fn basis_points(s: &str) -> Result<u32, FieldError> {
    let bad = FieldError {
        field: Field::Commission,
        problem: Problem::InvalidPercent,
    };
    if s.trim().is_empty() {
        return Ok(0);
    }
    match percent(s) {
        Some(v) if v <= 100.0 => Ok((v * 100.0).round() as u32),
        _ => Err(bad),
    }
}

/// An empty customer with the given identity, the base for a new record's validation.
pub fn blank_customer(id: Id, key: u32, now: Millis) -> Customer {
    Customer {
        id,
        key,
        kind: Kind::Person,
        name: String::new(),
        code: String::new(),
        customer_type: CustomerType::Consumer,
        stage: LifecycleStage::Potential,
        churn_date: None,
        churn_reason: String::new(),
        level: RelationshipLevel::Basic,
        gender: None,
        phone: String::new(),
        mobile: String::new(),
        email: String::new(),
        wechat: String::new(),
        region: String::new(),
        city: String::new(),
        address: String::new(),
        source: None,
        occupation: String::new(),
        birth_date: None,
        company_size: None,
        owner: String::new(),
        key_account: false,
        potential_key_account: false,
        credit_rating: None,
        credit_limit: None,
        category_spend: None,
        arrears: Cents(0),
        blacklisted: false,
        blacklist_reason: String::new(),
        tags: Vec::new(),
        consents: Vec::new(),
        custom_fields: Vec::new(),
        contacts: Vec::new(),
        notes: String::new(),
        created: now,
        updated: now,
        deleted: None,
        rev: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Day {
        Day::from_ymd(2026, 11, 23).unwrap()
    }

    fn base() -> Customer {
        blank_customer(Id("c1".into()), 7, Millis(1))
    }

    fn fields<T>(r: Result<T, Vec<FieldError>>) -> Vec<(Field, Problem)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn minimal_person_is_valid() {
        let mut d = CustomerDraft::new(Kind::Person);
        d.name = "  王芳 ".into();
        let c = d.validate(&base(), today()).unwrap();
        assert_eq!(c.name, "王芳");
        assert_eq!(c.key, 7);
        assert!(c.consents.is_empty(), "untouched consents are not stored");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut d = CustomerDraft::new(Kind::Person);
        d.email = "not-an-email".into();
        d.phone = "12ab".into();
        d.birth_date = "2030-01-01".into();
        d.credit_limit = "12.345".into();
        d.arrears = "-5".into();
        d.blacklisted = true;
        d.company_size = "many".into();
        d.churn_reason = "moved".into();
        let errs = fields(d.validate(&base(), today()));
        assert_eq!(
            errs,
            vec![
                (Field::Name, Problem::Required),
                (Field::ChurnReason, Problem::OnlyWhenChurned),
                (Field::Phone, Problem::InvalidPhone),
                (Field::Email, Problem::InvalidEmail),
                (Field::BirthDate, Problem::DateInFuture),
                (Field::CompanySize, Problem::NotAWholeNumber),
                (Field::CreditLimit, Problem::Money(MoneyError::TooPrecise)),
                (Field::Arrears, Problem::Negative),
                (Field::BlacklistReason, Problem::Required),
            ]
        );
    }

    #[test]
    fn contacts_need_names_and_belong_to_organisations() {
        let mut d = CustomerDraft::new(Kind::Organisation);
        d.name = "华信科技有限公司".into();
        d.contacts = vec![
            Contact {
                name: "李明".into(),
                role: "采购经理".into(),
                phone: "138 0000 1234".into(),
                email: String::new(),
            },
            Contact::default(),
            Contact {
                name: String::new(),
                role: "CFO".into(),
                phone: String::new(),
                email: "x@".into(),
            },
        ];
        let errs = fields(d.validate(&base(), today()));
        assert_eq!(
            errs,
            vec![
                (Field::ContactName(2), Problem::Required),
                (Field::ContactEmail(2), Problem::InvalidEmail),
            ]
        );
        d.contacts.truncate(2);
        let c = d.validate(&base(), today()).unwrap();
        assert_eq!(c.contacts.len(), 1, "blank contact rows are dropped");
        d.kind = Kind::Person;
        assert!(d.validate(&base(), today()).unwrap().contacts.is_empty());
    }

    #[test]
    fn tags_split_on_chinese_and_ascii_separators() {
        assert_eq!(
            parse_tags("VIP，老客户、 #vip; 华东  new"),
            vec!["VIP", "老客户", "华东", "new"]
        );
    }

    #[test]
    fn edit_round_trips_through_the_draft() {
        let mut d = CustomerDraft::new(Kind::Organisation);
        d.name = "Acme Ltd".into();
        d.email = "buy@acme.example".into();
        d.birth_date = "2001-05-01".into();
        d.credit_limit = "50000".into();
        d.category_spend = "120000".into();
        d.tags = "wholesale, north".into();
        d.stage = LifecycleStage::Churned;
        d.churn_date = "2026-01-02".into();
        d.consents[0].granted = true;
        d.consents[0].date = "2025-03-04".into();
        d.custom_fields.push(CustomField {
            name: "Tax no.".into(),
            value: "9131".into(),
        });
        let c = d.validate(&base(), today()).unwrap();
        assert_eq!(c.category_spend, Some(Cents(12_000_000)));
        let again = CustomerDraft::from_customer(&c)
            .validate(&base(), today())
            .unwrap();
        assert_eq!(c, again);
    }

    #[test]
    fn order_amount_comes_from_items_when_left_blank() {
        let mut d = OrderDraft::new(today());
        d.items = vec![
            ItemDraft {
                product: "绿茶".into(),
                quantity: "3".into(),
                unit_price: "12.50".into(),
                ..ItemDraft::default()
            },
            ItemDraft::default(),
        ];
        let o = d.validate(0, 4, today()).unwrap();
        assert_eq!(o.amount, Cents(3_750));
        assert_eq!(o.items.len(), 1, "blank rows dropped");
        d.amount = "40".into();
        assert_eq!(d.validate(0, 4, today()).unwrap().amount, Cents(4_000));
    }

    /// An order from a quote (lines linked to products, discounted, with costs) edited
    /// and saved unchanged is the same order; retyping a line's name unlinks it, picking
    /// a catalogue name links it with the product's cost and price.
    #[test]
    fn editing_an_order_keeps_what_its_lines_carry() {
        let tea = OrderItem {
            product: "茶叶".into(),
            product_id: Some(Id("p-tea".into())),
            quantity: 4,
            unit_price: Cents(2_500),
            discount_bp: 2_000,
            unit_cost: Some(Cents(1_000)),
        };
        let o = Order {
            id: 9,
            customer: 4,
            day: today(),
            amount: Cents(8_000),
            items: vec![tea.clone()],
            ..Default::default()
        };
        let d = OrderDraft::from_order(&o);
        assert_eq!(d.validate(9, 4, today()).unwrap(), o);
        let mut set = crate::Product::new(Id("p-set".into()), crate::Millis(0));
        (set.name, set.price, set.cost) = ("茶具".into(), Cents(9_900), Some(Cents(4_000)));
        let mut row = d.items[0].clone();
        row.set_product("茶叶 罐装".into(), std::slice::from_ref(&set));
        assert_eq!((row.product_id.clone(), row.unit_cost), (None, None));
        let mut fresh = ItemDraft::default();
        fresh.set_product("茶具".into(), std::slice::from_ref(&set));
        assert_eq!(fresh.product_id, Some(Id("p-set".into())));
        assert_eq!(
            (fresh.unit_price.as_str(), fresh.unit_cost),
            ("99.00", Some(Cents(4_000)))
        );
    }

    #[test]
    fn order_errors_name_the_field_and_row() {
        let d = OrderDraft {
            day: "2026-13-01".into(),
            amount: "abc".into(),
            items: vec![ItemDraft {
                product: String::new(),
                quantity: "0".into(),
                unit_price: String::new(),
                ..ItemDraft::default()
            }],
            note: String::new(),
            ..Default::default()
        };
        let errs = fields(d.validate(0, 1, today()));
        assert_eq!(
            errs,
            vec![
                (Field::OrderDay, Problem::InvalidDate),
                (Field::OrderAmount, Problem::Money(MoneyError::NotANumber)),
                (Field::ItemProduct(0), Problem::Required),
                (Field::ItemQuantity(0), Problem::QuantityTooSmall),
                (Field::ItemPrice(0), Problem::Required),
            ]
        );
        let empty = OrderDraft::new(today());
        assert_eq!(
            fields(empty.validate(0, 1, today())),
            vec![(Field::OrderAmount, Problem::Required)]
        );
    }

    #[test]
    fn every_text_field_has_a_limit_and_loses_hidden_characters() {
        let mut d = CustomerDraft::new(Kind::Organisation);
        d.name = "华信\u{202e}科技".into();
        d.city = "杭".repeat(MAX_TEXT + 1);
        d.owner = "x".repeat(MAX_TEXT + 1);
        d.contacts = vec![Contact {
            name: "李明".into(),
            role: "r".repeat(MAX_TEXT + 1),
            ..Contact::default()
        }];
        d.custom_fields = vec![CustomField {
            name: "税号".into(),
            value: "9".repeat(MAX_TEXT + 1),
        }];
        d.consents[1].source = "s".repeat(MAX_TEXT + 1);
        let long = Problem::TooLong { max: MAX_TEXT };
        assert_eq!(
            fields(d.validate(&base(), today())),
            vec![
                (Field::Owner, long.clone()),
                (Field::City, long.clone()),
                (Field::ConsentSource(1), long.clone()),
                (Field::ContactRole(0), long.clone()),
                (Field::CustomFieldValue(0), long),
            ]
        );
        let mut d = CustomerDraft::new(Kind::Person);
        d.name = " 王\u{202e}芳\u{0} ".into();
        d.notes = "第一行\r\n第二行\u{7}".into();
        d.tags = "VIP\u{200f}".into();
        let c = d.validate(&base(), today()).unwrap();
        assert_eq!(
            (c.name.as_str(), c.notes.as_str()),
            ("王芳", "第一行\n第二行")
        );
        assert_eq!(c.tags, vec!["VIP"]);
        // A stored record is held to the same rules as the form.
        let mut stored = c.clone();
        stored.address = "路".repeat(MAX_TEXT + 1);
        assert_eq!(
            fields(check_customer(stored, today())),
            vec![(Field::Address, Problem::TooLong { max: MAX_TEXT })]
        );
        assert_eq!(check_customer(c.clone(), today()), Ok(c));
    }

    #[test]
    fn an_item_total_that_would_overflow_is_an_error_not_a_wrong_total() {
        let mut d = OrderDraft::new(today());
        d.items = vec![
            ItemDraft::default(),
            ItemDraft {
                product: "茶".into(),
                quantity: "4294967295".into(),
                unit_price: "40000000000000".into(),
                ..ItemDraft::default()
            },
        ];
        assert_eq!(
            fields(d.validate(0, 1, today())),
            vec![(Field::OrderAmount, Problem::Money(MoneyError::TooLarge))]
        );
        // Errors name the item's row in the form, blank rows counted.
        d.items[1].product = "p".repeat(MAX_TEXT + 1);
        d.items[1].quantity = "2".into();
        d.items[1].unit_price = "40".into();
        assert_eq!(
            fields(d.validate(0, 1, today())),
            vec![(Field::ItemProduct(1), Problem::TooLong { max: MAX_TEXT })]
        );
    }

    #[test]
    fn interaction_time_is_local() {
        let base = Interaction {
            id: Id("i".into()),
            customer: Id("c".into()),
            kind: InteractionKind::Note,
            at: Millis(0),
            subject: String::new(),
            note: String::new(),
            created: Millis(0),
            updated: Millis(0),
        };
        let mut d = InteractionDraft::new(today(), "09:30");
        d.kind = InteractionKind::Visit;
        let i = d
            .validate(base.clone(), today(), &crate::date::Zone::fixed(480))
            .unwrap();
        assert_eq!(
            i.at.0,
            today().start_millis().0 + 90 * 60_000,
            "09:30 in UTC+8 is 01:30 UTC"
        );
        assert_eq!(i.kind, InteractionKind::Visit);
        d.time = "25:00".into();
        d.date = "2099-01-01".into();
        let errs: Vec<_> = d
            .validate(base, today(), &crate::date::Zone::fixed(480))
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(errs, vec![Field::InteractionDate, Field::InteractionTime]);
    }

    #[test]
    fn emails() {
        assert!(is_email("a@b.cn"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a b@c.d"));
        assert!(!is_email("@c.d"));
        assert!(!is_email("a@@c.d"));
        assert!(!is_email("a@c..d"));
    }
}

/// A survey response as typed: a date, an optional score per question, a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseDraft {
    pub date: String,
    pub scores: Vec<(crate::Question, Option<u8>)>,
    pub comment: String,
    /// A designed survey's answers: (item id, first, second), see [`crate::ItemAnswer`].
    pub items: Vec<(u16, Option<u8>, Option<u8>)>,
}

/// Longest survey comment kept.
pub const MAX_COMMENT: usize = 2_000;

impl ResponseDraft {
    pub fn new(today: Day) -> ResponseDraft {
        ResponseDraft {
            date: today.to_string(),
            scores: crate::Question::ALL.iter().map(|&q| (q, None)).collect(),
            comment: String::new(),
            items: Vec::new(),
        }
    }

    /// A draft for `survey`: its items, unanswered, and no quick questions.
    pub fn for_survey(today: Day, survey: &crate::Survey) -> ResponseDraft {
        ResponseDraft {
            scores: Vec::new(),
            items: survey.items.iter().map(|i| (i.id, None, None)).collect(),
            ..ResponseDraft::new(today)
        }
    }

    /// Checks the answers to `survey`'s items (in `self.items`), then the rest as
    /// [`ResponseDraft::validate`] does; at least one answer in all is needed.
    pub fn validate_survey(
        &self,
        base: crate::SurveyResponse,
        today: Day,
        survey: &crate::Survey,
    ) -> Result<crate::SurveyResponse, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut items = Vec::new();
        for (pos, it) in survey.items.iter().enumerate() {
            let Some(&(_, first, second)) = self.items.iter().find(|e| e.0 == it.id) else {
                continue;
            };
            let (lo, hi) = survey.scale_of(it);
            let on = |v: Option<u8>| v.filter(|v| (lo..=hi).contains(v));
            let (first, second) = (on(first), on(second));
            match (survey.kind.paired(), first, second) {
                (_, None, None) | (false, None, Some(_)) => {}
                (true, Some(_), None) | (true, None, Some(_)) => errs.push(FieldError {
                    field: Field::SurveyItem(pos),
                    problem: Problem::Incomplete,
                }),
                (paired, Some(first), second) => items.push(crate::ItemAnswer {
                    item: it.id,
                    first,
                    second: second.filter(|_| paired),
                }),
            }
        }
        let answered = !items.is_empty() || !errs.is_empty();
        let mut r = match self.validate_inner(base, today, answered) {
            Ok(r) if errs.is_empty() => r,
            Ok(_) => return Err(errs),
            Err(mut e) => {
                errs.append(&mut e);
                return Err(errs);
            }
        };
        r.survey = Some(survey.id.clone());
        r.items = items;
        Ok(r)
    }

    /// `base` supplies the id, customer and creation time.
    pub fn validate(
        &self,
        base: crate::SurveyResponse,
        today: Day,
    ) -> Result<crate::SurveyResponse, Vec<FieldError>> {
        self.validate_inner(base, today, false)
    }

    /// `answered`: answers outside the quick questions were given.
    fn validate_inner(
        &self,
        base: crate::SurveyResponse,
        today: Day,
        answered: bool,
    ) -> Result<crate::SurveyResponse, Vec<FieldError>> {
        let mut errs = Vec::new();
        let day = required_past_date(
            &self.date,
            Field::SurveyDate,
            today,
            &mut |field, problem| errs.push(FieldError { field, problem }),
        );
        let answers: Vec<crate::Answer> = self
            .scores
            .iter()
            .filter_map(|&(question, s)| {
                let (lo, hi) = question.scale();
                s.filter(|v| (lo..=hi).contains(v))
                    .map(|score| crate::Answer { question, score })
            })
            .collect();
        if answers.is_empty() && !answered {
            errs.push(FieldError {
                field: Field::SurveyAnswers,
                problem: Problem::Required,
            });
        }
        let comment = block(
            &self.comment,
            MAX_COMMENT,
            Field::SurveyComment,
            &mut |field, problem| errs.push(FieldError { field, problem }),
        );
        match (errs.is_empty(), day) {
            (true, Some(day)) => Ok(crate::SurveyResponse {
                day,
                answers,
                comment,
                ..base
            }),
            _ => Err(errs),
        }
    }
}

/// The rules a stored survey response obeys, whoever wrote it: a day from year 1000 to
/// today; each quick question at most once and on its scale; answers to items only of
/// `survey` (the designed survey it names), each item once, on the item's scale, both
/// halves of a pair; at least one answer; a comment within [`MAX_COMMENT`], cleaned.
pub fn check_response(
    r: crate::SurveyResponse,
    survey: Option<&crate::Survey>,
    today: Day,
) -> Result<crate::SurveyResponse, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    day_in_range(r.day, today, Field::SurveyDate, &mut err);
    for (i, a) in r.answers.iter().enumerate() {
        let (lo, hi) = a.question.scale();
        if !(lo..=hi).contains(&a.score) {
            err(Field::SurveyAnswers, Problem::OffScale { lo, hi });
        } else if r.answers[..i].iter().any(|b| b.question == a.question) {
            err(Field::SurveyAnswers, Problem::Inconsistent);
        }
    }
    if r.survey.is_some() != survey.is_some() || (survey.is_none() && !r.items.is_empty()) {
        err(Field::SurveyAnswers, Problem::Inconsistent);
    }
    if let Some(s) = survey {
        for (i, a) in r.items.iter().enumerate() {
            let Some(pos) = s.items.iter().position(|it| it.id == a.item) else {
                err(Field::SurveyAnswers, Problem::Inconsistent);
                continue;
            };
            let (lo, hi) = s.scale_of(&s.items[pos]);
            let on = |v: u8| (lo..=hi).contains(&v);
            let field = Field::SurveyItem(pos);
            if r.items[..i].iter().any(|b| b.item == a.item) {
                err(field, Problem::Inconsistent);
            } else if !on(a.first) || a.second.is_some_and(|v| !on(v)) {
                err(field, Problem::OffScale { lo, hi });
            } else if s.kind.paired() != a.second.is_some() {
                err(field, Problem::Incomplete);
            }
        }
    }
    if r.answers.is_empty() && r.items.is_empty() {
        err(Field::SurveyAnswers, Problem::Required);
    }
    let comment = block(&r.comment, MAX_COMMENT, Field::SurveyComment, &mut err);
    if errs.is_empty() {
        Ok(crate::SurveyResponse { comment, ..r })
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

/// The rules a designed survey obeys, whoever wrote it: a name within [`MAX_NAME`];
/// one to [`MAX_ITEMS`] items, each with text within [`MAX_TEXT`] and an id of its own
/// below the next one to hand out; SERVQUAL weights that are numbers of at least zero
/// adding up to one. Text cleaned of hidden characters.
pub fn check_survey(s: crate::Survey) -> Result<crate::Survey, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let name = line(&s.name, MAX_NAME, Field::SurveyName, &mut err);
    if name.is_empty() {
        err(Field::SurveyName, Problem::Required);
    }
    if s.items.is_empty() {
        err(Field::SurveyItems, Problem::Required);
    } else if s.items.len() > MAX_ITEMS {
        err(Field::SurveyItems, Problem::TooManyItems { max: MAX_ITEMS });
    }
    let mut items = Vec::with_capacity(s.items.len());
    for (pos, it) in s.items.iter().enumerate() {
        let text = line(&it.text, MAX_TEXT, Field::SurveyItemText(pos), &mut err);
        if text.is_empty() {
            err(Field::SurveyItemText(pos), Problem::Required);
        }
        if it.id >= s.next_item || s.items[..pos].iter().any(|o| o.id == it.id) {
            err(Field::SurveyItems, Problem::Inconsistent);
        }
        items.push(crate::SurveyItem { text, ..it.clone() });
    }
    if s.kind == crate::SurveyKind::Servqual {
        let ok = s.weights.iter().all(|w| w.is_finite() && *w >= 0.0);
        if !ok || (s.weights.iter().sum::<f64>() - 1.0).abs() > 0.01 {
            err(Field::SurveyWeights, Problem::WeightsSum);
        }
    }
    if errs.is_empty() {
        Ok(crate::Survey { name, items, ..s })
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

/// The kiosk's exit PIN as typed: 4 to 8 digits, or empty for none.
pub fn kiosk_pin(s: &str) -> Result<Option<String>, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if (4..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(s.to_string()))
    } else {
        Err(Problem::BadPin)
    }
}

/// Seconds to wait before the next try after `failures` wrong kiosk PINs in a row: none
/// for the first three (typos), then 5 s doubling with each failure, up to 15 minutes.
/// Four to eight digits are few enough to guess; this makes guessing take days.
pub fn pin_delay(failures: u32) -> u32 {
    match failures {
        0..=3 => 0,
        n => 5u32.saturating_mul(1 << (n - 4).min(20)).min(15 * 60),
    }
}

/// The most items a designed survey holds (the classic SERVQUAL has 22).
pub const MAX_ITEMS: usize = 60;

/// A designed survey as edited: items keep their ids (`None` for new ones), weights are
/// percentages as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyDraft {
    pub name: String,
    pub items: Vec<QuestionDraft>,
    pub weights: [String; 5],
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionDraft {
    pub id: Option<u16>,
    pub text: String,
    pub dimension: crate::analytics::satisfaction::Dimension,
    pub scale: crate::Scale,
}

impl SurveyDraft {
    pub fn of(s: &crate::Survey) -> SurveyDraft {
        use crate::analytics::satisfaction::Dimension;
        SurveyDraft {
            name: s.name.clone(),
            items: s
                .items
                .iter()
                .map(|i| QuestionDraft {
                    id: Some(i.id),
                    text: i.text.clone(),
                    dimension: i.dimension.unwrap_or(Dimension::Tangibles),
                    scale: i.scale.unwrap_or(crate::Scale::Five),
                })
                .collect(),
            weights: s.weights.map(|w| format_percent(w * 100.0)),
        }
    }

    /// `base` supplies the id, kind, creation time and the ids already handed out.
    pub fn validate(
        &self,
        base: crate::Survey,
        now: crate::Millis,
    ) -> Result<crate::Survey, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let name = self.name.trim().to_string();
        if name.is_empty() {
            err(Field::SurveyName, Problem::Required);
        } else if name.chars().count() > MAX_NAME {
            err(Field::SurveyName, Problem::TooLong { max: MAX_NAME });
        }
        if self.items.is_empty() {
            err(Field::SurveyItems, Problem::Required);
        } else if self.items.len() > MAX_ITEMS {
            err(Field::SurveyItems, Problem::TooManyItems { max: MAX_ITEMS });
        }
        let mut next = base.next_item;
        let mut items = Vec::with_capacity(self.items.len());
        for (pos, d) in self.items.iter().enumerate() {
            let text = d.text.trim().to_string();
            if text.is_empty() {
                err(Field::SurveyItemText(pos), Problem::Required);
            } else if text.chars().count() > MAX_TEXT {
                err(
                    Field::SurveyItemText(pos),
                    Problem::TooLong { max: MAX_TEXT },
                );
            }
            // An id not in the base is not trusted: it would tie old answers to new text.
            let id = match d.id.filter(|id| base.item(*id).is_some()) {
                Some(id) => id,
                None => {
                    next = next.saturating_add(1);
                    next - 1
                }
            };
            items.push(crate::SurveyItem {
                id,
                text,
                dimension: (base.kind == crate::SurveyKind::Servqual).then_some(d.dimension),
                scale: (base.kind == crate::SurveyKind::Custom).then_some(d.scale),
            });
        }
        let mut weights = base.weights;
        if base.kind == crate::SurveyKind::Servqual {
            let parsed: Vec<Option<f64>> = self.weights.iter().map(|w| percent(w)).collect();
            let total: f64 = parsed.iter().flatten().sum();
            if parsed.iter().any(Option::is_none) || (total - 100.0).abs() > 0.5 {
                err(Field::SurveyWeights, Problem::WeightsSum);
            } else {
                for (w, p) in weights.iter_mut().zip(&parsed) {
                    *w = p.unwrap_or(0.0) / total;
                }
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        check_survey(crate::Survey {
            name,
            items,
            next_item: next,
            weights,
            updated: now,
            ..base
        })
    }
}

/// A weight as typed (`20`, `12.5`, `20%`), if it is a number of at least zero.
pub fn percent(s: &str) -> Option<f64> {
    let s = s.trim().trim_end_matches('%').trim();
    s.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0)
}

/// A number of days as typed (not blank): a whole number from 0, or the problem with
/// it. One too large even to hold is `TooManyDays` with `max`, the caller's limit,
/// which the record's own check applies to the rest.
pub(crate) fn whole_days(s: &str, max: u16) -> Result<u16, Problem> {
    s.parse::<u16>().map_err(|_| match s.parse::<i64>() {
        Ok(n) if n < 0 => Problem::Negative,
        Ok(_) => Problem::TooManyDays { max: max as u32 },
        Err(_) => Problem::NotAWholeNumber,
    })
}

/// Basis points as the percentage an owner would type: 1000 → `10`.
pub fn format_bp(bp: u32) -> String {
    format_percent(bp as f64 / 100.0)
}

/// A percentage as an owner would type it: `20`, `12.5`.
fn format_percent(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod survey_tests {
    use super::*;
    use crate::{Id, Millis, Question, SurveyResponse};

    fn base() -> SurveyResponse {
        SurveyResponse::blank(Id("r1".into()), Id("c1".into()), Day(0), Millis(0))
    }

    #[test]
    fn a_designed_survey_needs_pairs_whole_and_one_answer() {
        use crate::{Survey, SurveyKind};
        let today = Day::from_ymd(2026, 11, 28).unwrap();
        let kano = Survey::starter(SurveyKind::Kano, true, Id("s".into()), Millis(0));
        let mut d = ResponseDraft::for_survey(today, &kano);
        assert!(d.scores.is_empty());
        let errs = d.validate_survey(base(), today, &kano).unwrap_err();
        assert_eq!(errs[0].field, Field::SurveyAnswers);
        d.items[2] = (3, Some(1), None); // half a pair
        let errs = d.validate_survey(base(), today, &kano).unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError {
                field: Field::SurveyItem(2),
                problem: Problem::Incomplete
            }]
        );
        d.items[2].2 = Some(4);
        d.items[4] = (5, Some(6), None); // off the 1–5 scale: not an answer
        let r = d.validate_survey(base(), today, &kano).unwrap();
        assert_eq!(r.survey, Some(Id("s".into())));
        assert_eq!(
            r.items,
            vec![crate::ItemAnswer {
                item: 3,
                first: 1,
                second: Some(4)
            }]
        );
        assert!(r.answers.is_empty());
        // A custom item takes one answer; a stray second one is dropped.
        let custom = Survey::starter(SurveyKind::Custom, false, Id("c".into()), Millis(0));
        let mut d = ResponseDraft::for_survey(today, &custom);
        d.items[0] = (1, Some(5), Some(2));
        let r = d.validate_survey(base(), today, &custom).unwrap();
        assert_eq!(r.items[0].second, None);
    }

    #[test]
    fn a_kiosk_pin_is_four_to_eight_digits_or_none() {
        assert_eq!(kiosk_pin("  "), Ok(None));
        assert_eq!(kiosk_pin(" 2468 "), Ok(Some("2468".into())));
        assert_eq!(kiosk_pin("12345678"), Ok(Some("12345678".into())));
        for bad in ["123", "123456789", "12a4", "１２３４"] {
            assert_eq!(kiosk_pin(bad), Err(Problem::BadPin), "{bad}");
        }
    }

    #[test]
    fn wrong_pins_wait_longer_and_longer() {
        let waits: Vec<u32> = (0..12).map(pin_delay).collect();
        assert_eq!(waits, [0, 0, 0, 0, 5, 10, 20, 40, 80, 160, 320, 640]);
        assert_eq!(pin_delay(13), 900);
        assert_eq!(pin_delay(u32::MAX), 900, "no overflow");
    }

    #[test]
    fn a_survey_design_keeps_item_ids_and_checks_weights() {
        use crate::{Survey, SurveyKind};
        let base = Survey::starter(SurveyKind::Servqual, false, Id("s".into()), Millis(0));
        assert_eq!((base.items.len(), base.next_item), (22, 23));
        let mut d = SurveyDraft::of(&base);
        assert_eq!(d.weights[0], "20");
        // Remove item 1, edit item 2, add one: the new item gets 23, never 1.
        d.items.remove(0);
        d.items[0].text = "  Clean floors ".into();
        d.items.push(QuestionDraft {
            id: Some(400), // forged: not in the base
            text: "Parking".into(),
            dimension: crate::analytics::satisfaction::Dimension::Tangibles,
            scale: crate::Scale::Seven,
        });
        d.weights = ["10", "30", "20", "20", "20%"].map(String::from);
        let s = d.validate(base.clone(), Millis(5)).unwrap();
        assert_eq!(s.items[0].id, 2);
        assert_eq!(s.items[0].text, "Clean floors");
        assert_eq!(s.items.last().unwrap().id, 23);
        assert_eq!(s.items.last().unwrap().scale, None);
        assert_eq!(s.next_item, 24);
        assert!((s.weights[1] - 0.3).abs() < 1e-12);
        assert_eq!(s.updated, Millis(5));
        // Bad weights, an empty name and an empty item are each named.
        let mut d = SurveyDraft::of(&base);
        d.name = " ".into();
        d.items[3].text = String::new();
        d.weights[0] = "50".into();
        let fields: Vec<Field> = d
            .validate(base.clone(), Millis(5))
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::SurveyName,
                Field::SurveyItemText(3),
                Field::SurveyWeights
            ]
        );
        let mut d = SurveyDraft::of(&base);
        d.items.clear();
        assert_eq!(
            d.validate(base, Millis(5)).unwrap_err()[0].field,
            Field::SurveyItems
        );
    }

    #[test]
    fn responses_stored_before_designed_surveys_still_read() {
        let old = r#"{"id":"r","customer":"c","day":5,"answers":[{"question":"nps","score":9}],"created":0}"#;
        let r: SurveyResponse = serde_json::from_str(old).unwrap();
        assert_eq!((&r.survey, r.items.len()), (&None, 0));
        let s = serde_json::to_string(&r).unwrap();
        assert!(!s.contains("items"), "{s}");
    }

    #[test]
    fn a_response_needs_a_past_date_and_an_answer_on_its_scale() {
        let today = Day::from_ymd(2026, 11, 28).unwrap();
        let mut d = ResponseDraft::new(today);
        let errs = d.validate(base(), today).unwrap_err();
        assert_eq!(errs[0].field, Field::SurveyAnswers);
        d.scores[0].1 = Some(9);
        d.scores[1].1 = Some(6); // off the 1–5 scale: not kept
        d.comment = "  很好  ".into();
        let r = d.validate(base(), today).unwrap();
        assert_eq!(r.score(Question::Nps), Some(9));
        assert_eq!(r.score(Question::Csat), None);
        assert_eq!((r.day, r.comment.as_str()), (today, "很好"));
        d.date = "2026-11-29".into();
        assert_eq!(
            d.validate(base(), today).unwrap_err()[0].problem,
            Problem::DateInFuture
        );
        d.date = "2026-02-30".into();
        assert_eq!(
            d.validate(base(), today).unwrap_err()[0].problem,
            Problem::InvalidDate
        );
    }
}
