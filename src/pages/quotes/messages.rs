//! The messages only the quote pages show (shared ones are `i18n::K`).

use crate::i18n::{Lang, tr};

crate::i18n::messages! {
    FollowUp => "跟进任务", "Follow-up task";
    Title => "报价单", "Quotes";
    Intro => "给客户的报价：明细、折扣、税和有效期。客户接受后一键生成订单，商机记为赢单。", "Quotes for customers: lines, discounts, tax and validity. An accepted quote becomes an order in one step, and its opportunity is won.";
    NewQuote => "新建报价单", "New quote";
    Products => "产品", "Products";
    Empty => "还没有报价单。从客户页面或这里新建。", "No quotes yet. Make one here or from a customer's page.";
    NoMatch => "没有符合条件的报价单。", "No quotes match.";
    AllQuotes => "全部报价单", "All quotes";
    ColNumber => "单号", "Number";
    ColCustomer => "客户", "Customer";
    ColStatus => "状态", "Status";
    ColTotal => "金额", "Total";
    Draft => "草稿", "Draft";
    Sent => "已发送", "Sent";
    Accepted => "已接受", "Accepted";
    Rejected => "已拒绝", "Rejected";
    Expired => "已过期", "Expired";
    PickCustomer => "为哪位客户报价？", "Which customer is the quote for?";
    FindCustomer => "查找客户", "Find a customer";
    FindHint => "输入姓名、电话或邮箱。", "Type a name, phone or email.";
    EditTitle => "报价单", "Quote";
    ForOpportunity => "关联商机", "For opportunity";
    NoOpportunity => "不关联", "None";
    Lines => "报价明细", "Lines";
    Typed => "（手动输入）", "(typed in)";
    Line => "项目", "Item";
    LineTotal => "小计", "Amount";
    AddLine => "添加一行", "Add a line";
    RemoveLine => "删除这一行", "Remove this line";
    DiscountPct => "整单折扣（%）", "Discount on the whole (%)";
    TaxPct => "税率（%）", "Tax rate (%)";
    LinesTotal => "明细合计", "Lines";
    Discount => "折扣", "Discount";
    Net => "不含税金额", "Before tax";
    Tax => "税额", "Tax";
    Total => "合计", "Total";
    Margin => "毛利", "Margin";
    MarginUnknown => "有明细没有成本，毛利未知。", "Some lines have no cost, so the margin is unknown.";
    Save => "保存", "Save";
    MarkSent => "标为已发送", "Mark as sent";
    Accept => "客户接受，生成订单", "Accepted: make the order";
    Reject => "客户拒绝", "Mark as rejected";
    Print => "打印报价单", "Print the quote";
    Saved => "报价单已保存", "Quote saved";
    Deleted => "报价单已删除", "Quote deleted";
    NotFound => "找不到这张报价单，可能已被删除。", "This quote was not found; it may have been deleted.";
    NoCustomer => "找不到这位客户，可能已被删除。", "This customer was not found; they may have been deleted.";
    AcceptedToast => "报价已接受，订单已生成", "Quote accepted; the order is made";
    BecameOrder => "已生成订单：", "Became an order:";
    SeeOrders => "查看客户的订单", "See the customer's orders";
    Quotation => "报价单", "Quotation";
    To => "致", "To";
    Item => "品名", "Item";
    Signature => "客户确认（签字盖章）", "Accepted by (signature)";
    Business => "本店信息", "Your business";
    BusinessIntro => "打印在报价单抬头，只保存在这台设备上（随备份一起保存）。", "Printed at the head of quotes; kept on this device (and in backups).";
    BusinessName => "店名或公司名", "Business name";
    Address => "地址", "Address";
    TaxId => "纳税人识别号", "Tax number";
    Bank => "开户行及账号", "Bank and account";
    EditBusiness => "编辑本店信息", "Edit your business details";
    BusinessSaved => "本店信息已保存", "Business details saved";
    BackToQuote => "返回报价单", "Back to the quote";
}

/// The warning when the quote would take the customer past their credit limit.
/// A follow-up task's title.
pub fn follow_up_title(lang: Lang, number: &str) -> String {
    tr!(lang, "跟进报价单 {number}", "Follow up quote {number}")
}

pub fn over_credit(lang: Lang, over: &str, limit: &str) -> String {
    tr!(
        lang,
        "超出信用额度：加上欠款，这张报价将超出额度 {limit} 共 {over}。",
        "Over the credit limit: with what they owe, this quote passes their limit of {limit} by {over}."
    )
}

/// "有效期至 2026-12-31" on the printed quote.
pub fn valid_until(lang: Lang, day: &str) -> String {
    tr!(lang, "有效期至 {day}", "Valid until {day}")
}

/// A line's discount in the printed table: "9 折" reads as 10 % off in Chinese.
pub fn discount(lang: Lang, pct: &str) -> String {
    tr!(lang, "优惠 {pct}", "{pct} off")
}
