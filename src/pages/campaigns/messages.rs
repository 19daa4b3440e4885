//! The messages only the campaign pages show (shared ones are `i18n::K`).

use crate::i18n::{Label, Lang, labels, tr};
use kehu_core::campaign::LeftOut;
use kehu_core::marketing::ResponseKind;

crate::i18n::messages! {
    Title => "营销活动", "Campaigns";
    Intro => "每个活动从一个已保存的客户细分生成名单，只包含同意通过该渠道联系的客户；黑名单和已退订的客户不会进入名单。可留出一部分作为对照组（不联系），用来衡量活动带来的提升。", "Each campaign draws its list from a saved segment, keeping only the customers who agreed to be contacted on its channel; blacklisted customers and those who opted out never get on it. A share of the list can be held back as a control group, not contacted, to measure what the campaign changed.";
    NewCampaign => "新建活动", "New campaign";
    ImportResponses => "导入回应", "Import responses";
    Empty => "还没有营销活动。", "No campaigns yet.";
    AllCampaigns => "所有活动", "All campaigns";
    NotFound => "找不到这个活动：可能已被删除。", "This campaign was not found: it may have been deleted.";
    Saved => "活动已保存", "Campaign saved";
    Deleted => "活动已删除", "Campaign deleted";
    ColCampaign => "活动", "Campaign";
    ColChannel => "渠道", "Channel";
    ColPeriod => "时间", "Period";
    ColStatus => "状态", "Status";
    ColContacted => "联系人数", "Contacted";
    ColResponded => "回应", "Responded";
    ColBuyers => "下单人数", "Bought";
    ColRevenue => "归因收入", "Attributed revenue";
    ColCost => "花费", "Cost";
    ColRoi => "投资回报率", "ROI";
    ColLift => "提升（对照组）", "Lift over control";
    Draft => "策划中", "Being planned";
    Counting => "统计中", "Counting";
    Finished => "已结束", "Finished";
    FChannel => "渠道", "Channel";
    FSegment => "目标客户细分", "Segment";
    Everyone => "全部客户", "Every customer";
    FOwner => "负责人", "Owner";
    ControlHint => "留出不联系的比例，0 表示不设对照组；最多 50%。", "The share held back and not contacted; 0 for no control group; at most 50%.";
    WindowHint => "联系后多少天内的订单算作活动带来的收入（默认 30 天）。", "Orders within this many days of the contact count as the campaign's revenue (30 by default).";
    LockedHint => "活动已启动：渠道、细分和对照组比例不能再改。", "The campaign is launched: its channel, segment and control share are fixed.";
    List => "目标名单", "Target list";
    PreviewList => "预览名单", "Preview the list";
    Previewing => "正在生成名单……", "Drawing the list…";
    PreviewHint => "预览会按当前填写的渠道、细分和对照组比例生成名单，不会写入任何数据；确认后再启动。", "A preview draws the list from the channel, segment and control share as typed, writing nothing; launch it once it looks right.";
    Launch => "启动活动", "Launch";
    LaunchTitle => "启动这个活动？", "Launch this campaign?";
    LaunchBody => "将按当前名单写入活动成员：对照组不会被联系。启动后名单不再变化。", "Its list is drawn now and its members written; the control group is not contacted. The list does not change after this.";
    Launched => "活动已启动", "Campaign launched";
    NoSegment => "这个活动使用的客户细分已被删除，请重新选择。", "The segment this campaign uses was deleted: choose another.";
    NoInsights => "这个细分依据分析结果筛选客户，但还没有分析结果：请先打开“分析”页面计算一次。", "This segment selects customers by the dashboards' results, and there are none yet: open the dashboards once to compute them.";
    AlreadyLaunched => "这个活动已经启动过了。", "This campaign was launched already.";
    Gone => "这个活动已被删除。", "This campaign was deleted.";
    LeftOutHead => "未进入名单", "Left out";
    Effect => "活动效果", "Effect";
    EffectNote => "归因收入：名单中被联系的客户在联系后规定天数内的订单金额（退货、取消的订单不计）。投资回报率 =（归因收入 − 花费）÷ 花费。其中也包括不做活动也会发生的购买；增量收入按对照组扣除了这部分。", "Attributed revenue: the orders of the contacted customers within the set days after contact (returned and cancelled orders do not count). ROI = (attributed revenue − cost) ÷ cost. It includes what they would have bought anyway; incremental revenue takes that out, judged by the control group.";
    StatCampaigns => "已启动活动", "Campaigns launched";
    StatCost => "总花费", "Total cost";
    StatRevenue => "归因收入", "Attributed revenue";
    StatRoi => "投资回报率", "ROI";
    StatIncremental => "增量收入（对比对照组）", "Incremental revenue (over control)";
    ColIncremental => "增量收入", "Incremental revenue";
    StatResponseRate => "回应率", "Response rate";
    StatCostPerResponse => "每次回应成本", "Cost per response";
    StatConversion => "下单率（联系组）", "Bought (contacted)";
    StatControlConversion => "下单率（对照组）", "Bought (control)";
    NoControl => "没有对照组，无法衡量提升。", "No control group, so no lift can be measured.";
    Members => "名单成员", "Members";
    ColCustomer => "客户", "Customer";
    ColGroup => "组别", "Group";
    Contacted => "联系组", "Contacted";
    Control => "对照组", "Control";
    MarkAll => "全部标记为", "Mark everyone as";
    MarkAllButton => "标记", "Mark";
    Marked => "已记录回应", "Responses recorded";
    FilterMembers => "筛选成员", "Show";
    AllMembers => "全部", "Everyone";
    FindMember => "查找客户", "Find a customer";
    Loading => "正在计算效果……", "Working out the effect…";
    Exports => "导出名单", "The list, exported";
    ExportsNote => "kehu 不直接发送消息：导出联系组名单，交给短信或邮件服务商，或在手机和邮件程序中使用。对照组不会被导出；启动后退订或被拉黑的客户也不会。", "kehu sends nothing itself: export the contacted group for an SMS or email service, or for a phone or mail program. The control group is never exported, nor anyone who opted out or was blacklisted since the launch.";
    ExportCsv => "下载 CSV", "Download CSV";
    ExportVcard => "下载 vCard", "Download vCards";
    ExportMailto => "生成邮件链接（每批 50 人）", "Email links (50 at a time)";
    ExportCalls => "生成电话回访任务", "Make call tasks";
}

labels!(LeftOut {
    Deleted => "已删除", "Deleted";
    Blacklisted => "在黑名单中", "Blacklisted";
    OptedOut => "已退订该渠道", "Opted out of this channel";
    NoConsent => "未同意该渠道联系", "No consent for this channel";
    NoContact => "缺少该渠道的联系方式", "No number or address for this channel";
});

labels!(ResponseKind {
    Sent => "已发送", "Sent";
    Opened => "已打开", "Opened";
    Replied => "已回复", "Replied";
    Visited => "已到店", "Visited";
    Bought => "已购买", "Bought";
});

/// "1,204 in the segment: 980 to contact, 109 held back as the control group".
pub fn drawn(lang: Lang, segment: u32, contacted: u32, control: u32) -> String {
    let (segment, contacted, control) = (
        crate::i18n::count(segment as usize),
        crate::i18n::count(contacted as usize),
        crate::i18n::count(control as usize),
    );
    tr!(
        lang,
        "细分共 {segment} 位客户：联系 {contacted} 位，对照组 {control} 位。",
        "{segment} in the segment: {contacted} to contact, {control} held back as the control group."
    )
}

/// "Launched on 2026-03-01: 980 contacted, 109 held back."
pub fn launched_on(lang: Lang, day: &str, contacted: u32, control: u32) -> String {
    let (contacted, control) = (
        crate::i18n::count(contacted as usize),
        crate::i18n::count(control as usize),
    );
    tr!(
        lang,
        "{day} 启动：联系 {contacted} 位，对照组 {control} 位。",
        "Launched on {day}: {contacted} contacted, {control} held back."
    )
}

/// "+4.0 points (95% CI −1.7 to +9.7)".
pub fn lift(lang: Lang, d: f64, low: f64, high: f64) -> String {
    let p = |v: f64| format!("{:+.1}", v * 100.0);
    let (d, low, high) = (p(d), p(low), p(high));
    tr!(
        lang,
        "{d} 个百分点（95% 置信区间 {low} 至 {high}）",
        "{d} points (95% CI {low} to {high})"
    )
}

/// Whether the lift's interval excludes no difference.
pub fn lift_verdict(lang: Lang, low: f64, high: f64) -> String {
    match (low > 0.0, high < 0.0) {
        (true, _) => tr!(
            lang,
            "联系组的下单率明显高于对照组。",
            "The contacted bought clearly more often than the control group."
        ),
        (_, true) => tr!(
            lang,
            "联系组的下单率反而低于对照组。",
            "The contacted bought less often than the control group."
        ),
        _ => tr!(
            lang,
            "差异在误差范围内：还不能说活动带来了提升。",
            "The difference is within the margin of error: no lift can be claimed yet."
        ),
    }
}

/// "12 of 980 members".
pub fn showing(lang: Lang, shown: usize, all: usize) -> String {
    let (shown, all) = (crate::i18n::count(shown), crate::i18n::count(all));
    tr!(
        lang,
        "显示 {shown} / {all} 位成员",
        "Showing {shown} of {all} members"
    )
}

/// "3 members are not exported: they opted out or were blacklisted since the launch."
pub fn dropped(lang: Lang, n: u32) -> String {
    let n = crate::i18n::count(n as usize);
    tr!(
        lang,
        "{n} 位成员未导出：启动后已退订、被拉黑或被删除。",
        "{n} members are not exported: they opted out, were blacklisted or deleted since the launch."
    )
}

/// A call task's title: "Call about: Spring members' email".
pub fn call_title(lang: Lang, campaign: &str) -> String {
    tr!(lang, "活动回访电话：{campaign}", "Call about: {campaign}")
}

/// "12 call tasks made".
pub fn calls_made(lang: Lang, n: usize) -> String {
    let n = crate::i18n::count(n);
    tr!(
        lang,
        "已生成 {n} 个电话任务（已有的不会重复生成）",
        "{n} call tasks made (none made twice)"
    )
}

/// "Batch 2: members 51–100".
pub fn batch(lang: Lang, n: usize, of: usize) -> String {
    let size = kehu_core::campaign_export::MAILTO_BATCH;
    let (no, from, to) = (n + 1, n * size + 1, (n * size + size).min(of));
    tr!(
        lang,
        "第 {no} 批：第 {from}–{to} 位",
        "Batch {no}: members {from}–{to}"
    )
}
