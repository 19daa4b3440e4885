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
    CloseMonth => "预计成交月份", "Close month";
    MinAmount => "最低金额", "At least";
    BadMonth => "预计成交月份请写成 2026-12 这样的格式；现在没有按月份筛选。", "Write the close month like 2026-12; the board is not filtered by month meanwhile.";
    OpenCount => "进行中的商机", "Open opportunities";
    OpenAmount => "进行中金额", "Open amount";
    Weighted => "加权预测", "Weighted forecast";
    History => "阶段记录", "Stage history";
    ColStage => "阶段", "Stage";
    ColCustomer => "客户", "Customer";
    ColChance => "赢单概率", "Chance";
    AllOpportunities => "全部商机", "All opportunities";
    OpenOnes => "进行中的商机", "Open opportunities";
    ToSales => "销售分析", "Sales dashboard";
    ToLeads => "线索", "Leads";
    LinkNotUnderstood => "这个链接的部分筛选条件无法识别，下面显示其余条件筛选出的商机。", "Part of this link's filter was not understood; the list below shows what the rest of it selects.";
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

/// A drill-down's heading: "到达「商务谈判」的商机" / "Reached Negotiation".
pub fn reached(lang: Lang, stage: &str) -> String {
    tr!(lang, "到达「{stage}」的商机", "Reached {stage}")
}

/// "预计 2026-12 成交的进行中商机" / "Open, closing in 2026-12".
pub fn closing(lang: Lang, month: &str) -> String {
    tr!(
        lang,
        "预计 {month} 成交的进行中商机",
        "Open, closing in {month}"
    )
}

/// "张三 负责的进行中商机" / "Open, owned by Zhang San".
pub fn owned_by(lang: Lang, owner: &str) -> String {
    tr!(lang, "{owner} 负责的进行中商机", "Open, owned by {owner}")
}

/// "创建于 2025年12月4日 至 2026年12月3日".
pub fn opened_between(lang: Lang, from: &str, to: &str) -> String {
    tr!(
        lang,
        "创建于 {from} 至 {to} 的商机",
        "Opened from {from} to {to}"
    )
}

/// "创建于 2026年12月3日 及以前".
pub fn opened_to(lang: Lang, to: &str) -> String {
    tr!(lang, "创建于 {to} 及以前的商机", "Opened up to {to}")
}

/// "共 12 个商机，金额 ¥3,400.00".
pub fn list_summary(lang: Lang, n: usize, amount: &str) -> String {
    let n = crate::i18n::count(n);
    tr!(
        lang,
        "共 {n} 个商机，金额 {amount}",
        "{n} opportunities, {amount} in all"
    )
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

/// The least amount filter does not parse: "最低金额：不是数字；现在没有按金额筛选。".
pub fn bad_amount(lang: Lang, problem: &str) -> String {
    tr!(
        lang,
        "最低金额：{problem}；现在没有按金额筛选。",
        "At least: {problem}; the board is not filtered by amount meanwhile."
    )
}

/// "王磊 2026-12 赢单的商机" / "Won by Wang Lei in 2026-12".
pub fn won_by(lang: Lang, owner: &str, month: &str) -> String {
    tr!(
        lang,
        "{owner} 在 {month} 赢单的商机",
        "Won by {owner} in {month}"
    )
}
