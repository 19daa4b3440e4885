//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{self, Lang, messages, tr};

messages! {
    OrdersTitle => "订单", "Orders";
    OrdersLead => "全部订单，最近录入的在前。点客户名称查看这位客户的全部记录。", "Every order, the most recently entered first. Click a customer to see their whole history.";
    OrdersEmpty => "还没有订单。可以在客户页面添加，或从文件导入。", "No orders yet. Add them on a customer's page, or import a file.";
    OrdersImport => "导入订单", "Import orders";
    OrdersCustomer => "客户", "Customer";
    ReceivablesLink => "应收账款", "Receivables";
    OrdersNoCustomer => "（客户已不存在）", "(customer no longer exists)";
}

/// How many orders the list holds.
pub fn orders_listed(lang: Lang, n: usize) -> String {
    let (one, n) = (n == 1, i18n::count(n));
    match one {
        true => tr!(lang, "{n} 笔订单", "{n} order"),
        false => tr!(lang, "{n} 笔订单", "{n} orders"),
    }
}
