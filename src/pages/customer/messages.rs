//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{Lang, messages, tr};

messages! {
    Opportunities => "商机", "Opportunities";
    NoOpportunities => "还没有商机。", "No opportunities yet.";
    Tickets => "服务工单", "Service tickets";
    Campaigns => "营销活动", "Campaigns";
    Contracts => "合同与保修", "Contracts and warranties";
    NoTickets => "还没有工单。", "No tickets yet.";
    NewTicket => "新建工单", "New ticket";
    Restore => "恢复", "Restore";
    FShareOfWallet => "顾客占有率（近 12 个月）", "Share of wallet (last 12 months)";
    FAge => "年龄", "Age";
    ConfirmDeleteTitle => "删除这位客户？", "Delete this customer?";
    ConfirmDeleteBody => "客户会移到回收站，可以随时恢复。订单和互动记录会保留。", "The customer moves to the trash and can be restored at any time. Orders and interactions are kept.";
    InTrash => "这位客户在回收站里。", "This customer is in the trash.";
    ResponseDeleted => "已删除调查回答", "Survey response deleted";
    Purge => "永久删除", "Delete permanently";
    PurgeTitle => "永久删除这位客户？", "Delete this customer permanently?";
    PurgeBody => "客户档案及其全部订单、互动记录和调查回答都会被删除，无法撤销（用于客户要求删除其个人信息的情况）。之前下载的备份不受影响。", "The customer's record and all their orders, interactions and survey responses are deleted, and this cannot be undone (for a customer who asks to be forgotten). Backups downloaded before are not affected.";
    PurgedToast => "已永久删除", "Deleted permanently";
    Portrait => "客户画像", "Portrait";
    Copy => "复制", "Copy";
    WechatCopied => "微信号已复制", "WeChat ID copied";
    LogIt => "记录", "Log it";
    NotNow => "不用了", "Not now";
    NoTags => "还没有标签。", "No tags yet.";
    Timeline => "时间线", "Timeline";
    TimelineEmpty => "还没有互动或订单。", "No interactions or orders yet.";
    AddInteraction => "记录互动", "Log interaction";
    AddOrder => "添加订单", "Add order";
    EditOrder => "编辑订单", "Edit order";
    Items => "商品（可选）", "Items (optional)";
    AddItem => "添加商品", "Add item";
    ItemsTotal => "商品合计", "Items total";
    OrdersCount => "订单数", "Orders";
    TotalSpend => "累计消费", "Total spend";
    AverageOrder => "平均客单价", "Average order";
    LastOrder => "最近下单", "Last order";
    Never => "从未", "Never";
    OrderDeleted => "订单已删除", "Order deleted";
    InteractionDeleted => "互动记录已删除", "Interaction deleted";
    Contacts => "联系人", "Contacts";
    AnalyticsHeading => "客户分析", "Analytics";
    SurveyResponses => "调查回答", "Survey responses";
    RecordResponse => "记录回答", "Record a response";
    NoResponses => "还没有调查回答。", "No survey responses yet.";
    SurveyNeedsAnswer => "请至少回答一个问题。", "Answer at least one question.";
    ItemsAnswered => "题已回答", "items answered";
}

/// The order form's warning: with what the customer owes, this order passes their limit.
pub fn over_credit(lang: Lang, over: &str, limit: &str) -> String {
    tr!(
        lang,
        "超出信用额度：加上欠款，这笔订单将超出额度 {limit} 共 {over}。",
        "Over the credit limit: with what they owe, this order passes their limit of {limit} by {over}."
    )
}

/// The toast after a customer went to the trash.
pub fn deleted(lang: Lang, name: &str) -> String {
    tr!(lang, "已删除：{name}", "Deleted: {name}")
}
