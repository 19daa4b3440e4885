//! The messages of the rewards programme: its settings page and the points on the
//! customer page and the order form (shared ones are `i18n::K`).

use crate::i18n::{Lang, tr};

crate::i18n::messages! {
    Title => "奖励顾客计划", "Rewards programme";
    Intro => "顾客每消费 1 元（已付款的订单）积累积分，积分可在下单时抵扣现金；累计积分达到门槛即升入相应等级，花掉积分不会降级。计划默认关闭；关闭后不再显示和使用积分，重新开启时积分按订单重新算出。", "Customers earn points for every yuan of their paid orders and spend them as a discount when they order; the points they have earned in all raise them to a tier, and spending never lowers it. The programme is off until switched on; switched off, points are neither shown nor spent, and switching on again works them out from the orders as before.";
    On => "启用积分计划", "Run a rewards programme";
    FSince => "起始日期", "Starts on";
    SinceHint => "这一天及以后的已付款订单积分。", "Paid orders from this day on earn points.";
    FPerYuan => "每 1 元积分", "Points per yuan";
    FRedeem => "抵扣 1 元所需积分", "Points for ¥1 off";
    Tiers => "会员等级", "Tiers";
    TiersHint => "按累计获得的积分从低到高排列，门槛逐级提高。", "From the lowest, by the points earned in all; each threshold above the one before.";
    TierName => "等级名称", "Tier name";
    TierFrom => "起始积分", "From points";
    AddTier => "添加等级", "Add a tier";
    Saved => "奖励计划已保存", "Rewards programme saved";
    Points => "积分", "Points";
    Balance => "可用积分", "Points to spend";
    Earned => "累计获得", "Earned in all";
    Spent => "已使用", "Spent";
    History => "积分明细", "Points history";
    NoHistory => "还没有积分记录。", "No points yet.";
    ColBalance => "余额", "Balance";
    GiveBack => "退回积分", "Give back";
    GivenBack => "积分已退回", "Points given back";
    FUsePoints => "使用积分", "Use points";
    StandardTier0 => "普通会员", "Member";
    StandardTier1 => "银卡会员", "Silver";
    StandardTier2 => "金卡会员", "Gold";
    StandardTier3 => "钻石会员", "Diamond";
}

/// How the programme earns and spends, as one example line.
pub fn example(lang: Lang, hundred: &str, points: &str, off: &str) -> String {
    tr!(
        lang,
        "例如：消费 {hundred} 获得 {points} 积分；100 积分可抵扣 {off}。",
        "For example: {hundred} paid earns {points} points; 100 points take {off} off."
    )
}

/// What an order earned.
pub fn earned_on(lang: Lang, paid: &str) -> String {
    tr!(lang, "订单 {paid}", "Order of {paid}")
}

/// What spending took off.
pub fn spent_on(lang: Lang, off: &str, paid: &str) -> String {
    tr!(
        lang,
        "抵扣 {off}（订单实付 {paid}）",
        "{off} off an order (paid {paid})"
    )
}

/// How far the next tier is.
pub fn to_next(lang: Lang, points: &str, tier: &str) -> String {
    tr!(
        lang,
        "再得 {points} 积分升至{tier}",
        "{points} more points to {tier}"
    )
}

/// The hint under the order form's points: what is held and what it is worth.
pub fn can_use(lang: Lang, balance: &str, worth: &str) -> String {
    tr!(
        lang,
        "可用 {balance} 积分，最多抵扣 {worth}；抵扣后的金额记为订单金额。",
        "{balance} points to spend, worth {worth}; the order is saved at its amount less the discount."
    )
}

/// The discount the typed points give.
pub fn takes_off(lang: Lang, off: &str, paid: &str) -> String {
    tr!(lang, "抵扣 {off}，实付 {paid}", "{off} off: {paid} to pay")
}
