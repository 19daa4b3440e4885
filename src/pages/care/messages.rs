//! The messages only the care rules' pages show (shared ones are `i18n::K`).

use crate::i18n::{Label, Lang, labels, tr};
use kehu_core::care::{Trigger, TriggerKind};

crate::i18n::messages! {
    Title => "关怀与回访规则", "Care and follow-up rules";
    Intro => "规则在满足条件时为负责人生成任务：打开应用和数据变化后自动运行，同一件事只生成一次任务，完成或删除的任务不会再出现。开启前先预览将生成哪些任务。", "A rule gives someone a task when something happens. Rules run as the app opens and after data changes, never make the same task twice, and never bring back a task that was done or deleted. Before a rule is switched on, you see what it would create.";
    NewRule => "新建规则", "New rule";
    Empty => "还没有规则。可以从“下单后回访”开始。", "No rules yet. A thank-you call after an order is a good first one.";
    ColRule => "规则", "Rule";
    ColWhen => "条件", "When";
    ColTask => "任务", "Task";
    ColWho => "负责人", "Who";
    ColStatus => "状态", "Status";
    ColCustomer => "客户", "Customer";
    ColDue => "到期", "Due";
    ColAction => "操作", "Action";
    Off => "未开启", "Off";
    SwitchOff => "关闭", "Switch off";
    PreviewAndOn => "预览并开启", "Preview and switch on";
    EachOwner => "各客户的客户经理", "Each customer's account manager";
    EditTitle => "关怀规则", "Care rule";
    FWhen => "条件", "When";
    FTask => "任务类型", "Kind of task";
    FOwner => "任务负责人", "Who gets the tasks";
    OwnerHint => "未填写时，任务交给各客户的客户经理。", "When not set, each customer's account manager gets the task.";
    CategoryHint => "产品类别；留空表示所有订单。", "A product category; empty for every order.";
    DaysAfterOrder => "下单后几天", "Days after the order";
    DaysAfterComplaint => "解决后几天", "Days after it is resolved";
    DaysBefore => "提前几天", "Days before";
    ValueHint => "看板“流失风险”列表中的风险金额（年消费 × 流失概率），单位元。", "The value at risk on the churn dashboard's list (yearly spend × chance they are gone), in yuan.";
    OccasionNote => "在客户连续两年以上都购买的月份开始前两周提醒（见洞察中的“购买时机”）。", "Reminds two weeks before a month in which the customer bought in at least two earlier years (the occasions on the dashboard).";
    Preview => "预览", "Preview";
    Previewing => "正在计算…", "Working it out…";
    WouldMakeNone => "现在开启不会新建任务；以后满足条件时才会生成。", "Switched on now, it would add no task yet: tasks come as events do.";
    SaveAndOn => "保存并开启", "Save and switch on";
    SwitchedOn => "规则已开启", "Rule switched on";
    SwitchedOff => "规则已关闭", "Rule switched off";
    Saved => "规则已保存", "Rule saved";
    Deleted => "规则已删除", "Rule deleted";
    NotFound => "找不到这条规则，可能已被删除。", "This rule was not found; it may have been deleted.";
    PreviewFirst => "开启前请先预览。", "Preview it before switching it on.";
}

labels!(TriggerKind {
    AfterOrder => "下单后", "After an order";
    AfterComplaint => "投诉解决后", "After a complaint is resolved";
    Birthday => "生日或成立周年前", "Before a birthday or founding anniversary";
    Occasion => "习惯购买的月份前", "Before a month they usually buy in";
    ChurnRisk => "高价值客户有流失风险", "A valuable customer at risk of leaving";
});

/// A rule's condition in words: "下单后 7 天".
pub fn when(lang: Lang, t: &Trigger, money: &dyn Fn(kehu_core::Cents) -> String) -> String {
    match t {
        Trigger::AfterOrder { days, category } if category.is_empty() => {
            tr!(lang, "下单后 {days} 天", "{days} days after an order")
        }
        Trigger::AfterOrder { days, category } => tr!(
            lang,
            "购买“{category}”类产品后 {days} 天",
            "{days} days after an order of {category}"
        ),
        Trigger::AfterComplaint { days } => tr!(
            lang,
            "投诉解决后 {days} 天",
            "{days} days after a complaint is resolved"
        ),
        Trigger::Birthday { days } => tr!(
            lang,
            "生日或成立周年前 {days} 天",
            "{days} days before a birthday or founding anniversary"
        ),
        Trigger::Occasion => tr!(
            lang,
            "习惯购买的月份前两周",
            "Two weeks before a month they usually buy in"
        ),
        Trigger::ChurnRisk { value } => {
            let v = money(*value);
            tr!(
                lang,
                "有流失风险，风险金额至少 {v}",
                "At risk of leaving, with at least {v} at risk"
            )
        }
    }
}

/// "已开启（自 2026-12-05 起）".
pub fn on_since(lang: Lang, day: &str) -> String {
    tr!(lang, "已开启（自 {day} 起）", "On since {day}")
}

/// "现在开启将新建 12 个任务".
pub fn would_make(lang: Lang, n: usize) -> String {
    match n {
        1 => tr!(
            lang,
            "现在开启将新建 1 个任务。",
            "Switched on now, it would add a task."
        ),
        _ => tr!(
            lang,
            "现在开启将新建 {n} 个任务。",
            "Switched on now, it would add {n} tasks."
        ),
    }
}

/// "下面列出前 50 个".
pub fn first_of(lang: Lang, n: usize) -> String {
    tr!(lang, "下面列出前 {n} 个。", "The first {n} are listed.")
}

/// "电话：生日问候".
pub fn task_line(lang: Lang, kind: &str, title: &str) -> String {
    tr!(lang, "{kind}：{title}", "{kind}: {title}")
}
