//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{self, Lang, messages, tr};

messages! {
    ShowMore => "显示更多", "Show more";
    DupTitle => "可能重复的客户", "Possible duplicates";
    DupLead => "同一邮箱、同一手机号或客户编号，或同城且名称几乎相同的客户。合并时保留一方的信息，用另一方补全空白字段，订单、互动和问卷回答都归到保留的客户，另一方移入回收站；合并可以撤销。", "Customers sharing an email, a phone number or a customer number, or with nearly the same name in the same city. Merging keeps one customer, fills its empty fields from the other, moves the other's orders, interactions and survey answers to it, and puts the other in the trash; a merge can be undone.";
    DupNone => "没有发现可能重复的客户。", "No possible duplicates found.";
    DupField => "字段", "Field";
    DupSameCode => "客户编号相同", "Same customer number";
    DupSameEmail => "邮箱相同", "Same email";
    DupSamePhone => "手机号相同", "Same phone number";
    DupSimilarName => "同城且名称相近", "Similar name, same city";
    DupDifferent => "不是同一客户", "Not the same customer";
    DupKeepLeft => "保留左边，合并右边", "Keep left, merge right into it";
    DupKeepRight => "保留右边，合并左边", "Keep right, merge left into it";
    DupMerged => "已合并到", "Merged into";
}

/// How many pairs may be duplicates.
pub fn dup_pairs(lang: Lang, n: usize) -> String {
    let n = i18n::count(n);
    tr!(lang, "{n} 对可能重复", "{n} possible duplicate pairs")
}
