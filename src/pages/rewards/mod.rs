//! The rewards programme (奖励顾客计划): its settings page at `#/rewards` (the back
//! office's), and what the customer page and the order form read of it. The programme
//! is a setting carried in backups, off until switched on; the arithmetic is
//! `kehu_core::rewards`'.

pub mod messages;
mod settings;

use crate::i18n::Lang;
use kehu_core::rewards::Programme;
pub use settings::RewardsPage;

/// The setting that holds the programme, as JSON.
pub const SETTING: &str = "rewards";

/// The programme, if it is switched on.
pub fn programme() -> Option<Programme> {
    Programme::from_setting(&crate::platform::setting(SETTING).unwrap_or_default())
}

/// The programme as last saved, on or off; the standard one in `lang` when none was.
pub fn saved_or_standard(lang: Lang) -> Programme {
    let text = crate::platform::setting(SETTING).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|_| {
        use messages::*;
        Programme::standard(
            [StandardTier0, StandardTier1, StandardTier2, StandardTier3].map(|m| m.text(lang)),
        )
    })
}
