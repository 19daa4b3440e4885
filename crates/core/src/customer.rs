//! The customer archive (DOMAIN.md §1).

use crate::{Cents, Day, Id, Millis};
use serde::{Deserialize, Serialize};

/// Declares a closed set of codes with a stable serialised name and an `ALL` list, so
/// forms and filters can enumerate the choices and the UI can translate each one.
macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in URLs.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

codes! {
    /// Person (consumer) or organisation (B2B customer).
    Kind { Person = "person", Organisation = "organisation" }
}

codes! {
    CustomerType { Consumer = "consumer", Business = "business", Channel = "channel", Internal = "internal" }
}

codes! {
    /// 客户生命周期: potential → opportunity → target → signed → user → churned.
    LifecycleStage {
        Potential = "potential",
        Opportunity = "opportunity",
        Target = "target",
        Signed = "signed",
        User = "user",
        Churned = "churned",
    }
}

codes! {
    /// Kotler's five levels of relationship.
    RelationshipLevel {
        Basic = "basic",
        Reactive = "reactive",
        Accountable = "accountable",
        Proactive = "proactive",
        Partnership = "partnership",
    }
}

codes! {
    SourceChannel {
        Walkin = "walkin",
        Referral = "referral",
        Website = "website",
        Social = "social",
        Advertising = "advertising",
        Exhibition = "exhibition",
        Telemarketing = "telemarketing",
        Partner = "partner",
        Other = "other",
    }
}

codes! {
    /// Channels a customer may consent to be contacted on.
    ConsentChannel { Email = "email", Sms = "sms", Phone = "phone", Mail = "mail" }
}

codes! {
    CreditRating { Aaa = "AAA", Aa = "AA", A = "A", B = "B", C = "C" }
}

codes! {
    Gender { Female = "female", Male = "male", Other = "other" }
}

/// A person at an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

/// Whether the customer agreed to be contacted on one channel, when, and how we know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub channel: ConsentChannel,
    pub granted: bool,
    pub date: Option<Day>,
    #[serde(default)]
    pub source: String,
}

/// A user-defined field, shown and searched as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub name: String,
    pub value: String,
}

/// One customer's archive record.
///
/// `key` is a small dense number the store assigns once; the columnar order chunks refer
/// to customers by it, so a million orders do not each carry a 36-byte id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Id,
    pub key: u32,
    pub kind: Kind,
    pub name: String,
    /// The shop's own customer number (客户编号), if it keeps one: how imported orders
    /// and other systems refer to the customer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    pub customer_type: CustomerType,
    pub stage: LifecycleStage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn_date: Option<Day>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub churn_reason: String,
    pub level: RelationshipLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mobile: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub wechat: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub city: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    pub source: Option<SourceChannel>,
    /// Occupation for a person, industry for an organisation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub occupation: String,
    /// Birth date for a person, founding date for an organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_size: Option<u32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub key_account: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub potential_key_account: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_rating: Option<CreditRating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<Cents>,
    #[serde(default, skip_serializing_if = "Cents::is_zero")]
    pub arrears: Cents,
    /// The customer's estimated total yearly spend in our category, from which share of
    /// wallet is computed (DOMAIN.md §7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_spend: Option<Cents>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub blacklisted: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub blacklist_reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<Consent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_fields: Vec<CustomField>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    pub created: Millis,
    pub updated: Millis,
    /// Set when the customer was moved to the trash; cleared by undo or restore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Millis>,
    /// The record's revision: how many times it was written. A save carries the
    /// revision it was edited from, and the store refuses it when the stored record has
    /// moved on (saved, trashed or merged in another tab), so no edit silently overwrites
    /// another. 0 for a record never written.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rev: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !b
}

impl Customer {
    /// Age in whole years on `today`, for a person with a birth date.
    pub fn age(&self, today: Day) -> Option<u32> {
        match self.kind {
            Kind::Person => self.birth_date.and_then(|b| b.age_on(today)),
            Kind::Organisation => None,
        }
    }

    pub fn consent(&self, channel: ConsentChannel) -> Option<&Consent> {
        self.consents.iter().find(|c| c.channel == channel)
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted.is_some()
    }

    /// The id the user knows this customer by: see [`known_id`].
    pub fn known_id(&self) -> &str {
        known_id(&self.code, &self.email, &self.mobile, &self.name)
    }
}

/// The id the user knows a customer by, for orders that must not depend on ids kehu
/// made up (the analytics' ties, DOMAIN.md): the customer number, else the email, the
/// mobile, the name. An orders file names its customers by one of these, and a customer
/// an order import creates keeps the file's reference in the field it fits
/// (`import::plan`), so the known id is what `kehu analyze` calls the customer.
pub fn known_id<'a>(code: &'a str, email: &'a str, mobile: &'a str, name: &'a str) -> &'a str {
    [code, email, mobile, name]
        .into_iter()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for s in LifecycleStage::ALL {
            assert_eq!(LifecycleStage::from_code(s.code()), Some(*s));
        }
        assert_eq!(LifecycleStage::from_code("nope"), None);
        assert_eq!(CreditRating::Aaa.code(), "AAA");
    }

    #[test]
    fn the_known_id_is_the_first_field_the_user_filled() {
        assert_eq!(known_id("C-7", "a@b.cn", "138", "Ada"), "C-7");
        assert_eq!(known_id(" ", "a@b.cn", "138", "Ada"), "a@b.cn");
        assert_eq!(known_id("", "", "138 0000 1111", "Ada"), "138 0000 1111");
        assert_eq!(known_id("", "", "", "Ada"), "Ada");
    }
}
