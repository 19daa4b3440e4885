//! The messages only the task pages show (shared ones are `i18n::K`).

use crate::i18n::{Lang, tr};

crate::i18n::messages! {
    CareRulesLink => "关怀规则", "Care rules";
    FromRule => "关怀", "Care";
    FromRuleTip => "由关怀规则生成", "Made by a care rule";
    Title => "任务", "Tasks";
    Intro => "今天要做的事、逾期的事和本周的安排。勾选即完成；有客户的任务完成时可以记到客户的联系记录里。", "What is due today, what is overdue and what is coming this week. Tick a task to finish it; a task about a customer can be logged on their timeline when done.";
    ViewAgenda => "日程", "Agenda";
    ViewMatrix => "四象限", "Matrix";
    ViewCalendar => "日历", "Calendar";
    Everyone => "所有人", "Everyone";
    Mine => "我的", "Mine";
    Unassigned => "未分配", "Unassigned";
    Whose => "负责人", "Owner";
    NothingDue => "没有待办任务。", "Nothing to do.";
    DoneToday => "今天已完成", "Done today";
    MarkDone => "完成", "Done";
    Reopen => "重新打开", "Reopen";
    LogWhenDone => "完成时记到客户的联系记录", "Log on the customer's timeline when done";
    Urgent => "紧急", "Urgent";
    Important => "重要", "Important";
    MatrixIntro => "按紧急程度和重要程度把未完成的任务分成四类：先做 ①，安排 ②，交给别人做 ③，④ 少做或不做。", "Open tasks by urgency and importance: do 1 first, schedule 2, delegate 3, and drop what you can of 4.";
    Empty => "（无）", "(none)";
    Month => "月", "Month";
    Week => "周", "Week";
    Previous => "上一页", "Previous";
    KeyTask => "任务", "Task";
    KeyVisit => "拜访任务", "Visit to make";
    KeyLogged => "已记录的拜访", "Visit logged";
    Next => "下一页", "Next";
    ThisPeriod => "今天", "Today";
    Saved => "任务已保存", "Task saved";
    Deleted => "任务已删除", "Task deleted";
    EditTitle => "编辑任务", "Edit task";
    NotFound => "找不到这个任务，可能已被删除。", "This task was not found; it may have been deleted.";
    FKind => "类型", "Type";
    FTimeHint => "可留空，例如 14:30。", "Optional, like 14:30.";
    NoReminder => "不提醒", "No reminder";
    Reminders => "提醒", "Reminders";
    Dismiss => "知道了", "Dismiss";
    Fold => "收起", "Hide";
    Unfold => "展开", "Show";
    Notifications => "浏览器通知", "Browser notifications";
    NotificationsIntro => "任务提醒到时，即使 kehu 不在前台，也会弹出系统通知。通知只在这台设备上显示，不会发送到任何服务器。", "When a task's reminder is due, a system notification shows even when kehu is in the background. Notifications stay on this device; nothing is sent to any server.";
    NotificationsOn => "已开启：到时提醒会弹出通知。", "On: due reminders show a notification.";
    NotificationsOff => "未开启：提醒只在 kehu 页面里显示。", "Off: reminders show inside kehu only.";
    NotificationsBlocked => "浏览器已拒绝本网站的通知；请在浏览器的网站设置里允许后再试。", "The browser blocks notifications for this site; allow them in the browser's site settings, then try again.";
    NotificationsUnsupported => "这个浏览器不支持通知；提醒只在 kehu 页面里显示。", "This browser has no notifications; reminders show inside kehu only.";
    TurnOn => "开启通知", "Turn on notifications";
    TurnOff => "关闭通知", "Turn off notifications";
    Tasks => "任务", "Tasks";
    NoOpenTasks => "没有未完成的任务。", "No open tasks.";
    NextTask => "下一项任务", "Next task";
}

/// The toast after ticking a task off: "已完成「回访」，并记为电话".
pub fn done(lang: Lang, title: &str, logged_as: Option<&str>) -> String {
    match logged_as {
        Some(kind) => tr!(
            lang,
            "已完成「{title}」，并记到客户的联系记录（{kind}）",
            "Done: “{title}”, logged on the customer's timeline ({kind})"
        ),
        None => tr!(lang, "已完成「{title}」", "Done: “{title}”"),
    }
}

/// A reminder's text in a notification: "14:30 回访 · 王芳".
pub fn reminder(lang: Lang, title: &str, when: &str) -> String {
    tr!(lang, "{when} 到期：{title}", "Due {when}: {title}")
}

/// A day's tasks beyond those shown: "还有 3 项".
pub fn more(lang: Lang, n: usize) -> String {
    tr!(lang, "还有 {n} 项", "{n} more")
}

/// A reminder's choice in the form: "提前 15 分钟".
pub fn remind_before(lang: Lang, minutes: u16) -> String {
    match minutes {
        0 => tr!(lang, "到时提醒", "At the time"),
        m if m % (24 * 60) == 0 => {
            let d = m / (24 * 60);
            tr!(lang, "提前 {d} 天", "{d} day(s) before")
        }
        m if m % 60 == 0 => {
            let h = m / 60;
            tr!(lang, "提前 {h} 小时", "{h} hour(s) before")
        }
        m => tr!(lang, "提前 {m} 分钟", "{m} minutes before"),
    }
}

/// A win-back task's title for a customer at risk of churning.
pub fn win_back(lang: Lang, name: &str) -> String {
    tr!(lang, "挽留回访：{name}", "Win-back call: {name}")
}

/// A buying-occasion task's title: "12月购物提醒：王芳".
pub fn occasion(lang: Lang, month: &str, name: &str) -> String {
    tr!(
        lang,
        "{month}购物提醒：{name}",
        "{month} buying reminder: {name}"
    )
}

/// The link under the reminders when there are more: "全部 5 项提醒".
pub fn all_reminders(lang: Lang, n: usize) -> String {
    tr!(lang, "查看全部 {n} 项提醒", "See all {n} reminders")
}
