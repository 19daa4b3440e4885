//! The shop's settings every device shares: its currency, what commission is paid on,
//! the letterhead on quotes, the service levels and the rewards programme. A device
//! keeps its settings as text by name (the pages read them at once, in the page); these
//! few are also one record of the whole shop, [`ShopSettings`] (id [`SHOP`]), which a
//! backup carries and sync shares like any record: two devices that changed different
//! settings offline both keep both, and the same setting changed differently on both is
//! a conflict someone picks, as for a customer's field. Language, the signed-in member
//! of staff, the kiosk PIN and the like stay the device's own.

use crate::validate::{Field, FieldError, Problem};
use crate::{Day, Id, Millis};
use serde::{Deserialize, Serialize};

/// The one record's id.
pub const SHOP: &str = "shop";

/// The settings the shop shares, by their names among the device's settings.
pub const SHARED: &[&str] = &[
    "currency",
    "commission_basis",
    "business",
    "service_levels",
    "rewards",
];

/// A shared setting's value at most, in characters (the service levels, with a year's
/// holidays, are a few hundred).
pub const MAX_SETTING: usize = 20_000;

/// The shared settings as one record: each a field of its own, so a sync merges them
/// one by one. `None`: not set on any device (each reader has its default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopSettings {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commission_basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_levels: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewards: Option<String>,
    pub created: Millis,
    pub updated: Millis,
}

impl ShopSettings {
    /// No setting set yet.
    pub fn new(now: Millis) -> ShopSettings {
        ShopSettings {
            id: Id(SHOP.into()),
            currency: None,
            commission_basis: None,
            business: None,
            service_levels: None,
            rewards: None,
            created: now,
            updated: now,
        }
    }

    /// The settings as the device has them: `get` gives a setting's value by name.
    pub fn of(get: impl Fn(&str) -> Option<String>, now: Millis) -> ShopSettings {
        let mut s = ShopSettings::new(now);
        for key in SHARED {
            s.set(key, get(key));
        }
        s
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "currency" => &mut self.currency,
            "commission_basis" => &mut self.commission_basis,
            "business" => &mut self.business,
            "service_levels" => &mut self.service_levels,
            "rewards" => &mut self.rewards,
            _ => return None,
        })
    }

    /// Setting `key`'s value, if it is shared and set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values().into_iter().find(|(k, _)| *k == key)?.1
    }

    /// Every shared setting by name, in [`SHARED`]'s order.
    pub fn values(&self) -> [(&'static str, Option<&str>); 5] {
        [
            (SHARED[0], self.currency.as_deref()),
            (SHARED[1], self.commission_basis.as_deref()),
            (SHARED[2], self.business.as_deref()),
            (SHARED[3], self.service_levels.as_deref()),
            (SHARED[4], self.rewards.as_deref()),
        ]
    }

    /// Sets (or with `None` clears) setting `key`; `false` when it is not shared.
    pub fn set(&mut self, key: &str, value: Option<String>) -> bool {
        match self.slot(key) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }
}

impl crate::kinds::Doc for ShopSettings {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("shop_settings");

    crate::kinds::doc_accessors!(shop);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_shop_settings(self)
    }
}

/// The rules the shop's settings obey, whoever wrote them: the one record, each value
/// within [`MAX_SETTING`]. What a value means is its reader's: one it cannot read is
/// its default, as on a device where it was never set.
pub fn check_shop_settings(s: ShopSettings) -> Result<ShopSettings, Vec<FieldError>> {
    let mut errs = Vec::new();
    if s.id.as_str() != SHOP {
        errs.push(FieldError {
            field: Field::ShopSetting,
            problem: Problem::Required,
        });
    }
    for (_, v) in s.values() {
        if v.is_some_and(|v| v.chars().count() > MAX_SETTING) {
            errs.push(FieldError {
                field: Field::ShopSetting,
                problem: Problem::TooLong { max: MAX_SETTING },
            });
        }
    }
    match errs.is_empty() {
        true => Ok(s),
        false => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shared_setting_has_its_own_field_and_no_other_setting_is_kept() {
        let on_device = |k: &str| match k {
            "currency" => Some("USD".to_string()),
            "rewards" => Some("{\"on\":true}".to_string()),
            "kiosk_pin" => Some("secret".to_string()),
            _ => None,
        };
        let mut s = ShopSettings::of(on_device, Millis(5));
        assert_eq!(s.id.as_str(), SHOP);
        assert_eq!(s.get("currency"), Some("USD"));
        assert_eq!(s.get("rewards"), Some("{\"on\":true}"));
        assert_eq!(s.get("business"), None);
        assert_eq!(
            s.get("kiosk_pin"),
            None,
            "a device secret is not the shop's"
        );
        assert!(!s.set("kiosk_pin", Some("x".into())));
        assert!(s.set("business", Some("客户贸易有限公司".into())));
        assert!(s.set("currency", None));
        let names: Vec<&str> = s.values().iter().map(|(k, _)| *k).collect();
        assert_eq!(names, SHARED);
        // Each is a member of the document of its own, so a merge takes them one by one;
        // one never set is left out.
        let doc = serde_json::to_value(&s).unwrap();
        assert_eq!(doc["business"], "客户贸易有限公司");
        assert_eq!(doc["rewards"], "{\"on\":true}");
        assert!(doc.get("currency").is_none());
        let back: ShopSettings = serde_json::from_value(doc).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn the_shops_settings_are_one_record_of_bounded_values() {
        let mut s = ShopSettings::new(Millis(1));
        assert!(check_shop_settings(s.clone()).is_ok());
        s.set("business", Some("字".repeat(MAX_SETTING + 1)));
        let errs = check_shop_settings(s.clone()).unwrap_err();
        assert_eq!(errs[0].problem, Problem::TooLong { max: MAX_SETTING });
        s.set("business", None);
        s.id = Id("another".into());
        assert_eq!(
            check_shop_settings(s).unwrap_err()[0].field,
            Field::ShopSetting
        );
    }
}
