//! Interactions: every contact with a customer, on one timeline with the orders.

use crate::{Id, Millis};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Call,
    Email,
    Visit,
    Chat,
    Fax,
    Web,
    Note,
}

impl InteractionKind {
    pub const ALL: &'static [InteractionKind] = &[
        Self::Call,
        Self::Email,
        Self::Visit,
        Self::Chat,
        Self::Fax,
        Self::Web,
        Self::Note,
    ];

    /// A stable name (the one stored and exported).
    pub fn code(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Email => "email",
            Self::Visit => "visit",
            Self::Chat => "chat",
            Self::Fax => "fax",
            Self::Web => "web",
            Self::Note => "note",
        }
    }

    pub fn from_code(s: &str) -> Option<InteractionKind> {
        Self::ALL.iter().copied().find(|k| k.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: Id,
    pub customer: Id,
    pub kind: InteractionKind,
    /// When the contact happened (not when it was logged).
    pub at: Millis,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub note: String,
    pub created: Millis,
    pub updated: Millis,
}

/// The index over when interactions happened, across customers.
pub const AT: &str = "at";

impl crate::kinds::Doc for Interaction {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo {
        name: "interactions",
        by_customer: "customer_at",
        when: "at",
        indexes: &[],
        // The calendar finds the visits of a month.
        by_time: Some(AT),
        // The dashboards read orders and surveys: logging a call leaves them fresh.
        feeds: crate::kinds::Feeds::Nothing,
    };

    crate::kinds::doc_accessors!(customer);

    fn when(&self) -> f64 {
        self.at.0 as f64
    }

    fn check(
        self,
        _refs: &crate::kinds::Refs,
        today: crate::Day,
    ) -> Result<Self, Vec<crate::validate::FieldError>> {
        crate::validate::check_interaction(self, today)
    }
}
