//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{Label, Lang, tr};
use kehu_core::opportunity::Standing;

crate::i18n::messages! {
    Title => "销售管道", "Pipeline";
    Intro => "每张卡片是一个商机，按所处阶段排列。把卡片拖到另一列即可推进；也可以用 Tab 选中卡片，再按 ← → 移动。赢单和输单列显示最近 90 天结束的商机。", "Each card is an opportunity, in the column of its stage. Drag a card to another column to move it, or pick it with Tab and move it with ← →. The won and lost columns show what closed in the last 90 days.";
    Keys => "按 ← 或 → 把商机移到上一个或下一个阶段，按 Enter 打开。", "Press ← or → to move the opportunity to the previous or next stage, Enter to open it.";
    Empty => "还没有商机。在客户页面上点“新建商机”来添加。", "No opportunities yet. Add one with \"New opportunity\" on a customer's page.";
    NoMatch => "没有符合筛选条件的商机。", "No opportunities match the filters.";
    AnyOwner => "全部负责人", "Any owner";
    Mine => "我的", "Mine";
    CloseMonth => "预计成交月份", "Close month";
    MinAmount => "最低金额", "At least";
    OpenCount => "进行中的商机", "Open opportunities";
    OpenAmount => "进行中金额", "Open amount";
    Weighted => "加权预测", "Weighted forecast";
    History => "阶段记录", "Stage history";
    FunnelTitle => "销售漏斗", "Sales funnel";
    ColStage => "阶段", "Stage";
    ColReached => "到达的商机", "Reached";
    ColConversion => "进入下一阶段", "On to the next";
    ColDays => "平均停留天数", "Average days in stage";
    NoReason => "未填写原因", "no reason given";
    Deleted => "商机已删除", "Opportunity deleted";
    EditTitle => "编辑商机", "Edit opportunity";
    Saved => "商机已保存", "Opportunity saved";
    NotFound => "找不到这个商机，可能已被删除。", "This opportunity was not found; it may have been deleted.";
    FProbabilityHint => "留空则按阶段默认值。", "Leave blank for the stage's default.";
}

/// Said aloud after a move: "「年度采购」已移到 商务谈判".
pub fn moved(lang: Lang, title: &str, to: Standing) -> String {
    let stage = to.label(lang);
    tr!(
        lang,
        "「{title}」已移到 {stage}",
        "\"{title}\" moved to {stage}"
    )
}

/// "12 days in stage" / "本阶段 12 天".
pub fn in_stage(lang: Lang, days: u32) -> String {
    match days {
        0 => tr!(lang, "今天进入本阶段", "In stage since today"),
        1 => tr!(lang, "本阶段 1 天", "1 day in stage"),
        n => tr!(lang, "本阶段 {n} 天", "{n} days in stage"),
    }
}

/// A move button's label: "移到 商务谈判" / "Move to Negotiation".
pub fn move_to(lang: Lang, to: Standing) -> String {
    let stage = to.label(lang);
    tr!(lang, "移到 {stage}", "Move to {stage}")
}

/// "赢单 12 个（已结束 20 个中的 60%）".
pub fn win_rate(lang: Lang, won: u32, decided: u32, rate: &str) -> String {
    tr!(
        lang,
        "已结束的 {decided} 个商机中赢单 {won} 个（{rate}）",
        "Won {won} of {decided} decided ({rate})"
    )
}

/// "平均 34.5 天成交".
pub fn cycle(lang: Lang, days: &str) -> String {
    tr!(
        lang,
        "从开始到赢单平均 {days} 天",
        "{days} days on average from start to win"
    )
}

/// "输单原因：价格 (3)、预算 (1)".
pub fn lost_for(lang: Lang, reasons: &str) -> String {
    tr!(lang, "输单原因：{reasons}", "Lost for: {reasons}")
}

/// "再显示 40 个（共 120 个）" / "Show 40 more (120 in all)".
pub fn show_more(lang: Lang, more: usize, total: usize) -> String {
    let total = crate::i18n::count(total);
    tr!(
        lang,
        "再显示 {more} 个（共 {total} 个）",
        "Show {more} more ({total} in all)"
    )
}
