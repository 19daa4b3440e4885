//! Record kinds kept as documents: a customer's (interactions, survey responses) or the
//! shop's (staff), or either (a task may be about a customer or not); products and
//! tickets next.
//!
//! A kind is a type that implements [`Doc`] plus one line in
//! [`record_kinds!`]. From that registration alone it gets its object store and
//! indexes (`kehu-store` creates them on the next schema upgrade), its place in backups
//! (with the checks a restore runs), moving to the survivor of a customer merge, removal
//! when a customer is forgotten or an import taken back, trash with undo (a take returns
//! the record) and the change announcement other tabs hear. The code that does those
//! things walks the registered kinds through [`Docs::each`], [`Docs::each_mut`] and
//! [`each_kind`]; none of it names a kind.

use crate::backup::Fault;
use crate::validate::FieldError;
use crate::{Day, Id, Survey};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;

/// How a kind is named and stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    /// The kind's one name: its object store, its key in a backup and in [`Docs`], the
    /// tag of its change announcements.
    pub name: &'static str,
    /// The index over `[customer, when]` that lists a customer's records in order.
    pub by_customer: &'static str,
    /// The record field that holds [`Doc::when`].
    pub when: &'static str,
    /// Further indexed fields, as [`Doc::indexed`] gives them.
    pub indexes: &'static [&'static str],
    /// An index over the [`KindInfo::when`] field alone, by this name, when records are
    /// found by time across customers (a calendar's visits).
    pub by_time: Option<&'static str>,
    /// What of the dashboards reads this kind. A write to one that feeds nothing (a call
    /// logged, a task) leaves the dashboards fresh.
    pub feeds: Feeds,
}

impl KindInfo {
    /// The usual kind: listed by when each record was created, with no further
    /// indexes, read by no dashboard.
    pub const fn created(name: &'static str) -> KindInfo {
        KindInfo {
            name,
            by_customer: "customer_created",
            when: "created",
            indexes: &[],
            by_time: None,
            feeds: Feeds::Nothing,
        }
    }
}

/// What a write to a kind makes stale, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Feeds {
    /// No dashboard reads it.
    Nothing,
    /// Only the Sales dashboard's figures: they are recomputed alone, without reading
    /// the orders again.
    Sales,
    /// Every dashboard: all of them are recomputed.
    Everything,
}

impl Feeds {
    /// Whether any dashboard reads the kind.
    pub fn analytics(self) -> bool {
        self != Feeds::Nothing
    }
}

/// What a record may refer to besides its customer, for checking a backup.
pub struct Refs<'a> {
    pub customers: &'a HashSet<&'a str>,
    pub surveys: &'a HashMap<&'a str, &'a Survey>,
}

/// A record of a registered kind, stored as a document: one customer's (an interaction,
/// an opportunity) or the shop's (a member of staff, a product: [`Doc::customer`] is
/// `None`, and the customer index holds no entry for it).
pub trait Doc:
    Clone + std::fmt::Debug + PartialEq + Serialize + serde::de::DeserializeOwned + 'static
{
    const INFO: KindInfo;

    fn id(&self) -> &Id;
    /// The customer the record belongs to; `None` for a record of the whole shop.
    fn customer(&self) -> Option<&Id>;
    /// Gives the record to another customer (a merge, or its undo); a shop record is
    /// never found by customer, so never given.
    fn set_customer(&mut self, to: Id);
    /// Where the record sits on its customer's timeline.
    fn when(&self) -> f64;
    /// The values of [`KindInfo::indexes`] this record has.
    fn indexed(&self) -> Vec<(&'static str, std::borrow::Cow<'_, str>)> {
        Vec::new()
    }
    /// What is wrong with a reference other than the customer (checked by
    /// [`Docs::check_refs`]), if anything.
    fn check_refs(&self, _refs: &Refs) -> Option<Fault> {
        None
    }
    /// The record as its form would store it (text cleaned), or what is wrong with it;
    /// `today` is the latest date a record may carry.
    fn check(self, refs: &Refs, today: Day) -> Result<Self, Vec<FieldError>>;
}

/// The accessors every kind's [`Doc`] impl writes the same way, from its `id` field and,
/// for a customer's record, its `customer` field (`customer`); a shop record (`shop`)
/// has no customer.
macro_rules! doc_accessors {
    (customer) => {
        fn id(&self) -> &crate::Id {
            &self.id
        }

        fn customer(&self) -> Option<&crate::Id> {
            Some(&self.customer)
        }

        fn set_customer(&mut self, to: crate::Id) {
            self.customer = to;
        }
    };
    (shop) => {
        fn id(&self) -> &crate::Id {
            &self.id
        }

        fn customer(&self) -> Option<&crate::Id> {
            None
        }

        fn set_customer(&mut self, _to: crate::Id) {}
    };
}
pub(crate) use doc_accessors;

/// Something done to every kind's records in turn (that may stop on an error; an
/// `Infallible` one cannot).
pub trait Visit {
    type Error;
    fn kind<T: Doc>(&mut self, docs: &[T]) -> Result<(), Self::Error>;
}

/// Something done to every kind's records in turn that may change them, or stop.
pub trait VisitMut {
    type Error;
    fn kind<T: Doc>(&mut self, docs: &mut Vec<T>) -> Result<(), Self::Error>;
}

/// Something done once per kind, with no records (building per-kind tables).
pub trait VisitKind {
    fn kind<T: Doc>(&mut self);
}

macro_rules! registry {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// Records of every registered kind, one list per kind under the kind's name. A
        /// kind without records is left out of the JSON, so adding a kind leaves the bytes
        /// of a backup without its records as they were.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct Docs {
            $(#[serde(default, skip_serializing_if = "Vec::is_empty")] pub $field: Vec<$ty>,)*
        }

        impl Docs {
            /// The lists' names, as they are in the JSON.
            pub const FIELDS: &[&str] = &[$(stringify!($field)),*];

            pub fn each<V: Visit>(&self, v: &mut V) -> Result<(), V::Error> {
                $(v.kind(&self.$field)?;)*
                Ok(())
            }

            pub fn each_mut<V: VisitMut>(&mut self, v: &mut V) -> Result<(), V::Error> {
                $(v.kind(&mut self.$field)?;)*
                Ok(())
            }
        }

        /// Calls `v` once for every registered kind.
        pub fn each_kind(v: &mut impl VisitKind) {
            $(v.kind::<$ty>();)*
        }
    };
}

/// The registration: one line per kind, `name: type`, where `name` is the kind's
/// [`KindInfo::name`] (a test holds them equal). Adding a kind is adding its line.
macro_rules! record_kinds {
    ($m:ident) => {
        $m! {
            interactions: crate::Interaction,
            responses: crate::SurveyResponse,
            staff: crate::Staff,
            opportunities: crate::Opportunity,
            tasks: crate::Task,
            leads: crate::Lead,
            products: crate::Product,
            quotes: crate::Quote,
            expenses: crate::Expense,
            segments: crate::Segment,
            tickets: crate::Ticket,
            contracts: crate::Contract,
            articles: crate::Article,
            care_rules: crate::care::CareRule,
            campaigns: crate::marketing::Campaign,
            campaign_members: crate::marketing::CampaignMember,
            redemptions: crate::rewards::Redemption,
            shop_settings: crate::shop::ShopSettings,
        }
    };
}

record_kinds!(registry);

/// Every registered kind's [`KindInfo`].
pub fn kinds() -> Vec<KindInfo> {
    struct Infos(Vec<KindInfo>);
    impl VisitKind for Infos {
        fn kind<T: Doc>(&mut self) {
            self.0.push(T::INFO);
        }
    }
    let mut infos = Infos(Vec::new());
    each_kind(&mut infos);
    infos.0
}

impl Docs {
    /// How many records of each kind, by name.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        struct Count(Vec<(&'static str, usize)>);
        impl Visit for Count {
            type Error = Infallible;
            fn kind<T: Doc>(&mut self, docs: &[T]) -> Result<(), Infallible> {
                self.0.push((T::INFO.name, docs.len()));
                Ok(())
            }
        }
        let mut c = Count(Vec::new());
        let Ok(()) = self.each(&mut c);
        c.0
    }

    pub fn len(&self) -> usize {
        self.counts().iter().map(|(_, n)| n).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sorts every list by id, so equal content serialises to equal bytes.
    pub fn canonicalise(&mut self) {
        struct Sort;
        impl VisitMut for Sort {
            type Error = Infallible;
            fn kind<T: Doc>(&mut self, docs: &mut Vec<T>) -> Result<(), Infallible> {
                docs.sort_by(|a, b| a.id().cmp(b.id()));
                Ok(())
            }
        }
        let Ok(()) = self.each_mut(&mut Sort);
    }

    /// Keeps only the records `keep` says yes to (by kind name and id).
    pub fn retain(&mut self, keep: impl Fn(&str, &Id) -> bool) {
        struct Retain<F>(F);
        impl<F: Fn(&str, &Id) -> bool> VisitMut for Retain<F> {
            type Error = Infallible;
            fn kind<T: Doc>(&mut self, docs: &mut Vec<T>) -> Result<(), Infallible> {
                docs.retain(|d| (self.0)(T::INFO.name, d.id()));
                Ok(())
            }
        }
        let Ok(()) = self.each_mut(&mut Retain(keep));
    }

    /// The ids of every record, by kind name (kinds without records left out).
    pub fn ids(&self) -> Vec<(&'static str, Vec<String>)> {
        struct Ids(Vec<(&'static str, Vec<String>)>);
        impl Visit for Ids {
            type Error = Infallible;
            fn kind<T: Doc>(&mut self, docs: &[T]) -> Result<(), Infallible> {
                if !docs.is_empty() {
                    let ids = docs.iter().map(|d| d.id().0.clone()).collect();
                    self.0.push((T::INFO.name, ids));
                }
                Ok(())
            }
        }
        let mut v = Ids(Vec::new());
        let Ok(()) = self.each(&mut v);
        v.0
    }
}

/// Where a problem with a record is: its kind and id.
pub type DocPlace = (&'static str, String);

impl Docs {
    /// Ids well-formed and unique within each kind, customers and references known.
    pub fn check_refs(&self, refs: &Refs) -> Result<(), (DocPlace, Fault)> {
        struct Check<'a, 'b>(&'a Refs<'b>);
        impl Visit for Check<'_, '_> {
            type Error = (DocPlace, Fault);
            fn kind<T: Doc>(&mut self, docs: &[T]) -> Result<(), Self::Error> {
                let mut seen = HashSet::new();
                for d in docs.iter() {
                    let place = || (T::INFO.name, d.id().0.clone());
                    if !crate::backup::id_ok(d.id()) {
                        return Err((place(), Fault::BadId));
                    }
                    if !seen.insert(d.id().as_str()) {
                        return Err((place(), Fault::Duplicate));
                    }
                    if d.customer()
                        .is_some_and(|c| !self.0.customers.contains(c.as_str()))
                    {
                        return Err((place(), Fault::UnknownCustomer));
                    }
                    if let Some(f) = d.check_refs(self.0) {
                        return Err((place(), f));
                    }
                }
                Ok(())
            }
        }
        self.each(&mut Check(refs))
    }

    /// Every record through its form's rules ([`Doc::check`]), cleaned.
    pub fn check_fields(&mut self, refs: &Refs, today: Day) -> Result<(), (DocPlace, FieldError)> {
        struct Fields<'a, 'b>(&'a Refs<'b>, Day);
        impl VisitMut for Fields<'_, '_> {
            type Error = (DocPlace, FieldError);
            fn kind<T: Doc>(&mut self, docs: &mut Vec<T>) -> Result<(), Self::Error> {
                for d in docs.iter_mut() {
                    let place = (T::INFO.name, d.id().0.clone());
                    *d = d
                        .clone()
                        .check(self.0, self.1)
                        .map_err(|mut e| (place, e.remove(0)))?;
                }
                Ok(())
            }
        }
        self.each_mut(&mut Fields(refs, today))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_registered_under_its_own_name() {
        let mut fields = Docs::FIELDS.to_vec();
        let mut names: Vec<&str> = kinds().iter().map(|k| k.name).collect();
        fields.sort();
        names.sort();
        assert_eq!(fields, names);
        let counts: Vec<&str> = Docs::default().counts().iter().map(|c| c.0).collect();
        assert_eq!(counts.len(), names.len());
        // An empty kind is left out of the JSON (a backup from before it reads the same).
        assert_eq!(serde_json::to_string(&Docs::default()).unwrap(), "{}");
    }
}
