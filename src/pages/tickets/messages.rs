//! The messages only the service desk shows (shared ones are `i18n::K`), and the
//! words for tickets' types, channels, priorities, statuses and causes.

use crate::i18n::{Label, Lang, labels, tr};
use kehu_core::sla::{Priority, Standing, TicketType};
use kehu_core::ticket::{Channel, RootCause, TicketStatus};

crate::i18n::messages! {
    Title => "服务工单", "Service desk";
    Intro => "咨询、投诉、故障、退换货、回访和关怀：超时和快要超时的排在最前。", "Inquiries, complaints, faults, returns, follow-up visits and care: those past or near their service level first.";
    NewTicket => "新建工单", "New ticket";
    EditTitle => "工单", "Ticket";
    ShowDone => "显示近 90 天已解决和已关闭的", "Show those resolved or closed in the last 90 days";
    AnyAssignee => "全部处理人", "Everyone";
    Empty => "还没有工单。在客户页面点“新建工单”受理一个。", "No tickets yet. Open one from a customer's page with “New ticket”.";
    NoneOpen => "没有待处理的工单。", "No open tickets.";
    ColSubject => "主题", "Subject";
    ColCustomer => "客户", "Customer";
    ColType => "类型", "Type";
    ColPriority => "优先级", "Priority";
    ColStatus => "状态", "Status";
    ColAssignee => "处理人", "Assignee";
    ColRespond => "首次响应", "First response";
    ColResolve => "解决", "Resolution";
    Channel => "渠道", "Channel";
    RootCauseLabel => "根本原因", "Root cause";
    ServiceLevel => "服务等级", "Service level";
    Log => "处理记录", "Conversation";
    LogEmpty => "还没有记录。", "Nothing logged yet.";
    LogText => "记录内容", "What was said or done";
    LogCall => "这是一次通话", "This was a call";
    LogAdd => "记录", "Log it";
    LogNeeded => "请先写下记录内容。", "Write what was said or done first.";
    Logged => "已记录，也记入客户的时间线", "Logged, on the customer's timeline too";
    Saved => "工单已保存", "Ticket saved";
    Deleted => "工单已删除", "Ticket deleted";
    NotFound => "找不到这个工单，可能已被删除。", "This ticket was not found; it may have been deleted.";
    ForCustomer => "客户", "Customer";
    Reopened => "重新打开过", "Reopened";
    RatingTitle => "客户评价", "Customer's rating";
    RatingScore => "满意度", "Satisfaction";
    RatingSave => "保存评价", "Save the rating";
    Rated => "评价已记入满意度", "Rating saved; it counts in satisfaction";
    LevelsLink => "服务等级设置", "Service levels";
    ContractsLink => "合同与保修", "Contracts and warranties";
    ArticlesLink => "知识库", "Knowledge base";
    LevelsTitle => "服务等级", "Service levels";
    LevelsIntro => "工单的首次响应和解决时限只计营业时间：按星期几的营业时间，去掉节假日，加上调休上班日。", "Tickets' first-answer and resolution targets count business time only: the opening hours of each weekday, less holidays, plus make-up working days.";
    LevelsSaved => "服务等级已保存", "Service levels saved";
    LevelsReset => "恢复默认", "Back to the defaults";
    Weekday => "星期", "Day";
    Opens => "开门", "Opens";
    Closes => "关门", "Closes";
    Targets => "服务时限", "Targets";
    DaysHint => "每行或用逗号分隔一个日期，例如 2026-10-01。", "One date per line, or separated by commas, such as 2026-10-01.";
    TargetsHint => "以营业小时计，例如 4 或 0.5。", "In business hours, such as 4 or 0.5.";
    PastLevel => "超过服务等级的工单", "Tickets past a service level";
    ProductComplaints => "关于这个产品的投诉", "Complaints about this product";
    NoProduct => "未指明产品", "no product named";
    AnyProduct => "不涉及具体产品", "No particular product";
    Repeats => "重复联系：7 天内同一客户再次来单", "Repeat contacts: the same customer again within 7 days";
    WholeDesk => "显示全部工单", "Show the whole desk";
    ToDashboard => "服务看板", "Service dashboard";
    LinkNotUnderstood => "这个链接里的筛选条件无法识别，下面是全部待处理的工单。", "This link's filter was not understood; below are all the open tickets.";
}

/// A score on the CSAT scale, as the rating's choices say it.
pub fn score(lang: Lang, n: u8) -> String {
    let zh = ["", "非常不满意", "不满意", "一般", "满意", "非常满意"];
    let en = [
        "",
        "very dissatisfied",
        "dissatisfied",
        "neutral",
        "satisfied",
        "very satisfied",
    ];
    let (w_zh, w_en) = (zh[n.min(5) as usize], en[n.min(5) as usize]);
    tr!(lang, "{n} · {w_zh}", "{n} · {w_en}")
}

/// An open ticket's age band ([`kehu_core::analytics::service::AGE_DAYS`]).
pub fn age_band(lang: Lang, band: u8) -> &'static str {
    let zh = ["不到 1 天", "1–3 天", "3–7 天", "7–30 天", "30 天以上"];
    let en = [
        "Under a day",
        "1–3 days",
        "3–7 days",
        "7–30 days",
        "30 days or more",
    ];
    let b = (band as usize).min(4);
    if lang.is_chinese() { zh[b] } else { en[b] }
}

/// "待处理工单：3–7 天".
pub fn open_aged(lang: Lang, band: &str) -> String {
    tr!(
        lang,
        "待处理工单：已等待 {band}",
        "Open tickets waiting {band}"
    )
}

pub fn open_with(lang: Lang, who: &str) -> String {
    tr!(lang, "待处理工单：{who}", "Open tickets with {who}")
}

pub fn complaints_in(lang: Lang, month: &str) -> String {
    tr!(lang, "{month}的投诉", "Complaints opened in {month}")
}

/// "投诉：产品质量".
pub fn complaints_about(lang: Lang, what: &str) -> String {
    tr!(lang, "投诉：{what}", "Complaints: {what}")
}

/// Business minutes as hours: "2.5 小时".
pub fn hours(lang: Lang, minutes: f64) -> String {
    let h = minutes / 60.0;
    let h = if h < 10.0 {
        format!("{h:.1}")
    } else {
        format!("{h:.0}")
    };
    tr!(lang, "{h} 小时", "{h} h")
}

/// A root cause's name, or that none is known yet.
pub fn cause(lang: Lang, c: Option<RootCause>) -> &'static str {
    match c {
        Some(c) => c.label(lang),
        None if lang.is_chinese() => "原因未明",
        None => "Cause not yet known",
    }
}

/// The rating given: "满意度 4/5".
pub fn rated(lang: Lang, n: u8) -> String {
    tr!(lang, "满意度 {n}/5", "Satisfaction {n}/5")
}

/// "截止 12月3日 10:00 · 已超时".
pub fn due(lang: Lang, when: &str, standing: Standing) -> String {
    let s = standing.label(lang);
    tr!(lang, "{when} · {s}", "{when} · {s}")
}

labels!(TicketType {
    Inquiry => "咨询", "Inquiry";
    Complaint => "投诉", "Complaint";
    Fault => "故障", "Fault";
    Return => "退换货", "Return";
    FollowUp => "回访", "Follow-up visit";
    Care => "关怀", "Care";
});
labels!(Priority {
    Urgent => "紧急", "Urgent";
    High => "高", "High";
    Normal => "普通", "Normal";
    Low => "低", "Low";
});
labels!(Channel {
    Phone => "电话", "Phone";
    Web => "网站", "Web";
    Email => "邮件", "Email";
    Wechat => "微信", "WeChat";
    Visit => "上门", "Visit";
});
labels!(TicketStatus {
    New => "新建", "New";
    Assigned => "已分派", "Assigned";
    InProgress => "处理中", "In progress";
    Waiting => "等待客户", "Waiting on customer";
    Resolved => "已解决", "Resolved";
    Closed => "已关闭", "Closed";
});
labels!(RootCause {
    Product => "产品质量", "Product";
    Delivery => "物流配送", "Delivery";
    Service => "服务态度", "Service";
    Billing => "价格账单", "Billing";
    Usage => "使用不当", "Usage";
    Other => "其他", "Other";
});
labels!(Standing {
    Met => "已达成", "Met";
    OnTrack => "正常", "On track";
    Near => "即将超时", "Near breach";
    Breached => "已超时", "Breached";
});
