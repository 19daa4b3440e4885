//! The messages only the receivables page shows (shared ones are `i18n::K`).

use crate::i18n::{self, Lang, tr};

crate::i18n::messages! {
    Title => "应收账款", "Receivables";
    Intro => "客户还欠的钱：期初欠款加上未付款的订单（待付款、已发货未付款），欠得多的在前。订单付清后改成“已完成”或“已付款待发货”，就不再计入。", "What customers still owe: their opening balance plus unpaid orders (open, or shipped and unpaid), the largest first. Once an order is paid, set it to completed or paid, and it no longer counts.";
    AnyOwner => "全部负责人", "Every owner";
    Empty => "没有欠款。", "Nobody owes anything.";
    ColCustomer => "客户", "Customer";
    ColOwed => "欠款", "Owed";
    ColOrders => "未付订单", "Unpaid orders";
    ColSince => "最早未付", "Oldest unpaid";
    OpeningOnly => "期初欠款", "Opening balance";
}

/// "3 customers owe ¥1,234.00 in all".
pub fn total(lang: Lang, customers: usize, owed: &str) -> String {
    let n = i18n::count(customers);
    match customers {
        1 => tr!(lang, "1 位客户共欠 {owed}", "1 customer owes {owed}"),
        _ => tr!(
            lang,
            "{n} 位客户共欠 {owed}",
            "{n} customers owe {owed} in all"
        ),
    }
}

/// "2026-11-02 (31 days)".
pub fn since(lang: Lang, day: &str, days: &str) -> String {
    tr!(lang, "{day}（{days}）", "{day} ({days})")
}
