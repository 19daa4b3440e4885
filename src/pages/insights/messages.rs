//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{Lang, messages, tr};
use kehu_core::analytics;

messages! {
    TabOverview => "总览", "Overview";
    TabValue => "价值", "Value";
    TabLoyalty => "忠诚与流失", "Loyalty";
    TabClusters => "聚类", "Clusters";
    TabSales => "销售", "Sales";
    TabBasket => "购物篮", "Basket";
    TabService => "服务", "Service";
    TabMarketing => "营销", "Marketing";
    ServiceEmpty => "还没有工单可以分析。受理和处理工单在", "No tickets to analyse yet. Open and work them on the";
    ServiceNote => "工单按此刻的状态和本设备的服务等级统计；时间只计营业时间。", "Tickets as they stand now, measured against this device's service levels; times count business hours only.";
    StatOpenTickets => "待处理工单", "Open tickets";
    StatRespondMedian => "首次响应（中位数）", "First response (median)";
    StatResolveMedian => "解决（中位数）", "Resolution (median)";
    StatFirstResponse => "首次响应", "First response";
    StatResolution => "解决", "Resolution";
    StatBreachRate => "超时率", "Breach rate";
    StatCsatAfter => "解决后满意度（CSAT）", "CSAT after resolution";
    StatRepeats => "重复联系", "Repeat contacts";
    RepeatsLink => "查看重复联系的工单（7 天内同一客户再次来单）", "See the repeat contacts (the same customer again within 7 days)";
    ChartOpenAge => "待处理工单：已等待多久", "Open tickets by age";
    ChartOpenAssignee => "待处理工单：处理人", "Open tickets by assignee";
    ChartTimes => "响应和解决用时（营业小时）", "Response and resolution times (business hours)";
    TimesNote => "中位数：一半的工单更快；90% 分位：九成的工单不超过这个时间。", "Median: half the tickets were quicker. 90th percentile: nine in ten took no longer.";
    ChartComplaintRate => "抱怨率（按月）", "Complaint rate by month";
    ComplaintRateNote => "抱怨率 = 当月投诉工单数 ÷ 当月有购买的活跃客户数，月份按分析区间。", "Complaint rate = the month's complaints ÷ the month's active customers (those who bought), over the analysis window's months.";
    ChartComplaintProduct => "投诉：按产品", "Complaints by product";
    ChartComplaintCause => "投诉：按根本原因", "Complaints by root cause";
    ChartRatings => "解决后的客户评价", "Customers' ratings after resolution";
    MarketingEmpty => "还没有已启动的营销活动可以比较。策划和启动活动在", "No launched campaigns to compare yet. Plan and launch them on";
    ChartCampaignRevenue => "各活动的归因收入与投资回报率", "Attributed revenue and ROI by campaign";
    CampaignRevenueNote => "条形为归因收入，标注为收入与投资回报率；表格中有花费、每次回应成本和相对对照组的提升。", "Bars are attributed revenue, labelled with ROI; the table adds cost, cost per response and the lift over the control group.";
    ChartResponses => "回应漏斗（所有活动）", "Responses, step by step (all campaigns)";
    ColResponse => "回应", "Response";
    ColTickets => "工单数", "Tickets";
    ColWaiting => "已等待", "Waiting";
    ColAssignee => "处理人", "Assignee";
    ColProduct => "产品", "Product";
    ColCause => "根本原因", "Root cause";
    ColMeasure => "指标", "Measure";
    ColMedian => "中位数", "Median";
    ColP90 => "90% 分位", "90th percentile";
    ColComplaints => "投诉", "Complaints";
    ColActive => "活跃客户", "Active customers";
    ColComplaintRate => "抱怨率", "Complaint rate";
    ColScore => "评分", "Score";
    ColRatingShare => "占比", "Share";
    NoProduct => "未指明产品", "No product named";
    BasketEmpty => "还没有带明细的订单。订单里登记了产品（或由报价单转成订单）后，这里会显示哪些产品常被一起购买。", "No order has lines yet. Once orders list their products (or come from accepted quotes), this shows which products are bought together.";
    BasketIntro => "支持度：同时含两种产品的订单占比；置信度：买了前者的订单中也买了后者的比例；提升度大于 1 表示一起购买的机会高于偶然。", "Support: the share of orders with both products. Confidence: of the orders with the first, the share that also have the second. A lift above 1 means they are bought together more often than chance.";
    ChartBasket => "一起购买的产品（按提升度）", "Bought together (by lift)";
    BasketRules => "关联规则（提升度最高的 100 条）", "Rules (the 100 with the highest lift)";
    ColIfBought => "买了", "If bought";
    ColAlsoBought => "也买", "Also bought";
    ColOrdersBoth => "同时购买的订单", "Orders with both";
    ColSupport => "支持度", "Support";
    ColConfidence => "置信度", "Confidence";
    ColLift => "提升度", "Lift";
    NoOpportunities => "还没有商机可以分析。在客户页面上新建商机，或者查看", "No opportunities to analyse yet. Add them on a customer's page, or see the";
    StatOpen => "进行中的商机", "Open opportunities";
    StatOpenAmount => "进行中金额", "Open amount";
    StatWeighted => "加权预测", "Weighted forecast";
    StatWinRate => "赢单率", "Win rate";
    StatCycle => "平均成交周期", "Average sales cycle";
    ChartFunnel => "销售漏斗", "Sales funnel";
    ChartOutcomes => "赢单与输单原因", "Won and lost, with the reasons";
    ChartForecastMonth => "按预计成交月份的加权预测", "Weighted forecast by close month";
    ChartForecastOwner => "按负责人的加权预测", "Weighted forecast by owner";
    ForecastNote => "进行中商机的金额 × 赢单概率；没有预计成交日期的计入本月。", "Open opportunities' amount × chance of winning; those without an expected close date count in this month.";
    ColStage => "阶段", "Stage";
    ColReached => "到达的商机", "Reached";
    ColConversion => "进入下一阶段", "On to the next";
    ColDays => "平均停留天数", "Average days in stage";
    ColOutcome => "结果", "Outcome";
    ColCount => "商机数", "Opportunities";
    ColOpen => "进行中", "Open";
    ColWeighted => "加权预测", "Weighted forecast";
    ColOwner => "负责人", "Owner";
    NoOwner => "未指定负责人", "No owner";
    NoReason => "未填写原因", "no reason given";
    ChartCommission => "本月提成", "Commission this month";
    CommissionNote => "提成 = 提成比例 × 赢单金额，按分析日期所在的月和季度；比例在团队页面设置。", "Commission = the rate × the amount won, for the month and quarter of the analysis date; rates are set on the Team page.";
    ColCommissionRate => "提成比例", "Rate";
    CommissionPaidNote => "提成 = 提成比例 × 销售员已收款订单的金额（已完成或已付款，按下单日期），按分析日期所在的月和季度；比例在团队页面设置。", "Commission = the rate × the seller's paid orders (completed, or paid and to ship, by order date), for the month and quarter of the analysis date; rates are set on the Team page.";
    CommissionBasisLabel => "提成计算依据", "Commission on";
    BasisWon => "赢单金额", "Opportunities won";
    BasisPaid => "已收款订单", "Paid orders";
    ColPaidMonth => "本月已收款订单", "Paid orders this month";
    ColPaidQuarter => "本季度已收款订单", "Paid orders this quarter";
    ColWonMonth => "本月赢单", "Won this month";
    ColCommissionMonth => "本月提成", "Commission this month";
    ColWonQuarter => "本季度赢单", "Won this quarter";
    ColCommissionQuarter => "本季度提成", "Commission this quarter";
    ChartQuotaMonth => "本月销售定额完成情况", "Quota attainment this month";
    ChartQuotaQuarter => "本季度销售定额完成情况", "Quota attainment this quarter";
    QuotaNote => "按分析日期所在的月和季度；季度定额为月定额的三倍。", "For the month and quarter of the analysis date; a quarter's quota is three monthly ones.";
    NoQuotas => "还没有人设置月销售定额。", "Nobody has a monthly quota yet.";
    SetQuotas => "在团队页面设置", "Set them on the Team page";
    ColQuota => "定额", "Quota";
    ColWon => "已赢单", "Won";
    ColAttained => "完成率", "Attained";
    ColForecastIn => "期内加权预测", "Forecast to close in it";
    ColWonAndForecast => "赢单 + 预测", "Won + forecast";
    OtherReasons => "其他原因", "other reasons";
    AnalysisDate => "分析日期", "Analysis date";
    AnalysisWindow => "分析范围", "Window";
    WindowAll => "全部历史", "All history";
    WindowDays365 => "最近 365 天", "Last 365 days";
    WindowDays730 => "最近 2 年", "Last 2 years";
    Recompute => "重新计算", "Recompute";
    Computing => "正在计算", "Computing";
    StageRead => "读取数据", "Reading data";
    StageScores => "RFM 评分", "RFM scores";
    StageFit => "拟合生命周期模型", "Fitting lifetime models";
    StagePredict => "预测", "Predicting";
    StageCluster => "聚类", "Clustering";
    StageSummarise => "汇总看板数据", "Summarising for the dashboards";
    StageSave => "保存结果", "Saving results";
    AnalysisFailed => "分析失败：", "The analysis failed: ";
    AnalysisStale => "数据已变化，结果将在后台更新。", "The data has changed; the results are being updated in the background.";
    AnalysisNone => "还没有分析结果。", "No analysis yet.";
    ComputedFor => "分析截至", "Analysis as of";
    VsPrevious => "较前 90 天", "vs previous 90 days";
    StatActive90 => "活跃客户（近 90 天）", "Active customers (90 days)";
    StatRevenue90 => "销售额（近 90 天）", "Revenue (90 days)";
    StatOrders90 => "订单（近 90 天）", "Orders (90 days)";
    StatRepeatRate => "重复购买率", "Repeat-purchase rate";
    StatRetention => "留存率（90 天）", "Retention (90 days)";
    StatBuyers => "有购买的客户", "Customers who bought";
    TopActions => "建议行动", "Top actions";
    NoActions => "目前没有需要处理的事项。", "Nothing needs attention right now.";
    ViewCustomers => "查看客户", "View customers";
    ChartSegments => "RFM 客户分群", "RFM segments";
    ChartPyramid => "客户价值金字塔", "Customer value pyramid";
    ChartMigration => "等级迁移", "Tier migration";
    ChartBehaviour => "客户行为矩阵", "Customer behaviour matrix";
    ChartRf => "R×F 热力图", "R×F heatmap";
    ChartClv => "客户终身价值分布", "Lifetime value distribution";
    TopClv => "预测终身价值最高的客户", "Top customers by predicted CLV";
    ChartRetention => "月度留存率", "Monthly retention";
    ChartCohorts => "同期群留存", "Cohort retention";
    ChartPAlive => "存活概率分布", "P(alive) distribution";
    ChurnList => "流失风险（按风险价值排序）", "Churn risk, by value at risk";
    OccasionsList => "即将到来的购买时节", "Occasions coming up";
    ChartClusterSizes => "各簇客户数与销售额", "Cluster sizes and revenue";
    ClusterCount => "簇数 k", "Clusters k";
    Silhouette => "轮廓系数", "silhouette";
    Recommended => "推荐", "recommended";
    SegmentCards => "分群与建议", "Segments and what to do";
    PyramidByClv => "按预测终身价值（CLV）排序。", "Ranked by predicted lifetime value (CLV).";
    PyramidByRevenue => "按分析范围内的销售额排序。", "Ranked by revenue in the window.";
    PyramidByMargin => "按分析范围内的毛利（销售额减成本，只算记了成本的订单）排序。", "Ranked by gross margin in the window (revenue less cost, over the orders with a cost).";
    PyramidRank => "金字塔排序依据", "Rank the pyramid by";
    RankRevenue => "销售额", "Revenue";
    RankMargin => "毛利", "Gross margin";
    RankClv => "预测终身价值（CLV）", "Predicted lifetime value (CLV)";
    ColMargin => "毛利", "Gross margin";
    MigrationNote => "行：一年前的等级；列：现在的等级（按销售额）。", "Rows: tier a year earlier; columns: tier now (by revenue).";
    BehaviourNote => "按订单数与平均订单金额的中位数划分。", "Split at the medians of order count and average order value.";
    RfNote => "格内：客户数与平均消费额。点击查看客户。", "Each cell: customers and mean spend. Click to see them.";
    ModelNotFitted => "生命周期模型无法拟合：", "The lifetime models could not be fitted: ";
    ColCustomers => "客户数", "Customers";
    ColRevenue => "销售额", "Revenue";
    ColShare => "销售额占比", "Revenue share";
    ColRecency => "平均未购天数", "Mean days since last order";
    ColMeanSpend => "平均消费额", "Mean spend";
    ColCustomer => "客户", "Customer";
    ColExpected => "90 天预计购买", "Orders in 90 days";
    ColDaysSince => "未购天数", "Days since last order";
    ColUsualGap => "平时间隔（天）", "Usual gap (days)";
    ColValueAtRisk => "风险价值（年）", "Value at risk (yearly)";
    ColMonth => "月份", "Month";
    ColRate => "比率", "Rate";
    ColRemindOn => "提醒日期", "Remind on";
    ColForMonth => "购买月份", "Buying month";
    ColYears => "往年购买次数", "Earlier years";
    ColRange => "区间", "Range";
    ColCluster => "簇", "Cluster";
    ColFrom => "原等级", "From";
    TabSatisfaction => "满意度", "Satisfaction";
    CsiLabel => "CSI 满意度指数（0–100）", "CSI, satisfaction index (0–100)";
    ImportResponses => "导入调查回答", "Import responses";
    StatNps90 => "NPS（近 90 天）", "NPS (90 days)";
    ColRepurchased => "再次购买比例", "Bought again";
    AttitudeHigh => "态度：推荐者", "Attitude: promoter";
    AttitudeLow => "态度：其他", "Attitude: other";
    BehaviourHigh => "重复购买", "Buys repeatedly";
    BehaviourLow => "购买少", "Buys rarely";
    NpsMix => "推荐者 / 中立者 / 贬损者", "Promoters / passives / detractors";
    CesLabel => "CES（容易程度 1–7）", "CES (ease, 1–7)";
    ChartNps => "NPS 评分分布", "NPS answers";
    NpsNote => "0–6 贬损者，7–8 中立者，9–10 推荐者。", "0–6 detractors, 7–8 passives, 9–10 promoters.";
    ChartNpsTrend => "NPS 月度趋势", "NPS by month";
    ChartLoyalty => "忠诚度矩阵（态度 × 行为）", "Loyalty quadrant (attitude × behaviour)";
    ChartCurve => "满意度与再次购买", "Satisfaction and buying again";
    CurveNote => "最近一次 CSAT 评分后再次下单的客户比例：中间段平缓即“满意度陷阱”。", "Share who ordered again after their latest CSAT answer; a flat middle is the satisfaction trap.";
    ChartKano => "卡诺模型：Better–Worse 系数", "Kano: better and worse coefficients";
    KanoNote => "横轴：没有此功能时的不满（|Worse|）；纵轴：有此功能时的满意（Better）。颜色表示每项功能的类别。", "Across: dissatisfaction without the feature (|worse|); up: satisfaction with it (better). Colour: the feature's category.";
    ChartServqualDims => "SERVQUAL 各维度差距（感知 − 期望）", "SERVQUAL gaps by dimension (perception − expectation)";
    ChartServqualItems => "SERVQUAL 各题差距", "SERVQUAL gaps by item";
    ServqualNote => "负值表示服务没有达到顾客的期望（差距 5）；差距 1–4 来自管理认知、服务标准、服务交付和对外沟通。", "Below zero, service falls short of what customers expect (gap 5), the result of gaps 1–4: management's perception, service standards, delivery and communication.";
    ColExpectation => "期望", "Expectation";
    ColPerception => "感知", "Perception";
    ColGap => "差距", "Gap";
    ColBetter => "Better", "Better";
    ColWorse => "Worse", "Worse";
    ColCategory => "类别", "Category";
    ColMean => "平均分", "Mean";
    ColFeature => "功能", "Feature";
    ColDimension => "维度", "Dimension";
    ColWeight => "权重", "Weight";
    OverallGap => "总体差距", "Overall gap";
    WeightedGap => "加权差距", "Weighted gap";
    ChartCustomMeans => "各题平均分", "Mean score by item";
    ManageSurveys => "管理问卷", "Manage surveys";
    NoSurveyAnswers => "这份问卷在分析范围内还没有回答。", "No answers to this survey in the window yet.";
    ResponsesCount => "份回答", "responses";
    TemplateFor => "模板对应的问卷", "Template for";
    DownloadTemplate => "下载模板", "Download template";
    TemplateHint => "CSV 表头：customer、date，卡诺问卷每项 F1/D1（有/没有此功能），SERVQUAL 每项 E1/P1（期望/感知），自定义题 Q1，以及 comment。", "CSV header: customer, date, then F1/D1 per Kano feature (with/without it), E1/P1 per SERVQUAL statement (expectation/perception), Q1 per custom item, and comment.";
}

/// What to do about a segment (DOMAIN.md §5), in the user's language (the English is
/// the core's).
pub fn segment_action(lang: Lang, s: analytics::rfm::Segment) -> &'static str {
    use analytics::rfm::Segment::*;
    let zh = match s {
        Champions => "给予奖励；邀请评价和转介绍；新品优先推荐给他们。",
        LoyalCustomers => "推荐更高价值的产品；邀请加入会员计划。",
        PotentialLoyalists => "提供会员或积分；推荐相关产品。",
        NewCustomers => "做好欢迎和首次使用指导，让第二次购买更容易。",
        Promising => "提高认知：免费试用、样品或小额限时优惠。",
        NeedAttention => "根据过往购买发送个性化的限时优惠。",
        AboutToSleep => "在他们流失前用热门产品和折扣重新联系。",
        AtRisk => "发个人邮件或打电话重新联系；提供续约和帮助。",
        CantLoseThem => "亲自打电话挽回；了解问题所在；别让他们流向竞争对手。",
        Hibernating => "提供相关产品和特别折扣；若无回应，减少投入。",
    };
    if lang.is_chinese() { zh } else { s.action() }
}

/// Where a cluster stands on recency, frequency and spend, in words.
pub fn cluster_words(
    lang: Lang,
    r: analytics::cluster::Level,
    f: analytics::cluster::Level,
    m: analytics::cluster::Level,
) -> String {
    use analytics::cluster::Level::*;
    let r = match r {
        High => tr!(lang, "最近有购买", "bought recently"),
        Mid => tr!(lang, "有一段时间没买", "bought a while ago"),
        Low => tr!(lang, "很久没有购买", "have not bought for a long time"),
    };
    let f = match f {
        High => tr!(lang, "购买频繁", "order often"),
        Mid => tr!(lang, "偶尔购买", "order now and then"),
        Low => tr!(lang, "很少购买", "rarely order"),
    };
    let m = match m {
        High => tr!(lang, "消费高", "spend a lot"),
        Mid => tr!(lang, "消费中等", "spend a moderate amount"),
        Low => tr!(lang, "消费低", "spend little"),
    };
    tr!(lang, "{r}，{f}，{m}。", "Customers who {r}, {f} and {m}.")
}

/// Under the loyalty matrix: what it counts, and who it leaves out.
pub fn loyalty_note(lang: Lang, unknown: u64) -> String {
    let n = crate::i18n::count(unknown as usize);
    tr!(
        lang,
        "按最近一次 NPS 回答与分析范围内的订单数。没有回答的客户：{n}",
        "By the latest NPS answer and the orders in the window. Customers without an answer: {n}"
    )
}

/// A forecast bar's tip: "2026-12：加权 ¥8.5万，共 ¥15万（3 个进行中）".
pub fn forecast_tip(lang: Lang, what: &str, weighted: &str, amount: &str, n: u32) -> String {
    tr!(
        lang,
        "{what}：加权 {weighted}，金额 {amount}（{n} 个进行中）",
        "{what}: {weighted} weighted of {amount} ({n} open)"
    )
}

/// The won amount's label: "赢单金额（22 个）" / "Won (22)".
/// "12 个工单超时" as a link to them.
pub fn breached(lang: Lang, n: u32) -> String {
    tr!(
        lang,
        "查看超时的工单（{n} 个）",
        "See the tickets past a service level ({n})"
    )
}

pub fn tickets(lang: Lang, n: u32) -> String {
    match n {
        1 => tr!(lang, "{n} 个工单", "{n} ticket"),
        _ => tr!(lang, "{n} 个工单", "{n} tickets"),
    }
}

/// "2026年11月：3 个投诉 ÷ 40 位活跃客户 = 7.5%".
pub fn complaint_rate(lang: Lang, month: &str, n: u32, active: u32, rate: &str) -> String {
    tr!(
        lang,
        "{month}：{n} 个投诉 ÷ {active} 位活跃客户 = {rate}",
        "{month}: {n} complaints ÷ {active} active customers = {rate}"
    )
}

pub fn won(lang: Lang, n: u32) -> String {
    let n = crate::i18n::count(n as usize);
    tr!(lang, "赢单金额（{n} 个）", "Won ({n})")
}

/// A quota bar's tip, with the forecast.
pub fn attained_tip(
    lang: Lang,
    who: &str,
    won: &str,
    quota: &str,
    share: &str,
    forecast: &str,
) -> String {
    tr!(
        lang,
        "{who}：已赢单 {won}，定额 {quota}（{share}）；期内还预测 {forecast}",
        "{who}: won {won} of {quota} ({share}); {forecast} more forecast to close in it"
    )
}

/// A commission bar's tip: "王磊：提成 ¥250，赢单 ¥10,000".
pub fn commission_tip(lang: Lang, who: &str, paid: &str, won: &str) -> String {
    tr!(
        lang,
        "{who}：提成 {paid}，本月赢单 {won}",
        "{who}: {paid} commission on {won} won this month"
    )
}

/// The basket tab's summary line.
pub fn basket_summary(lang: Lang, orders: u32, products: u32, rules: usize) -> String {
    let (orders, products) = (
        crate::i18n::count(orders as usize),
        crate::i18n::count(products as usize),
    );
    tr!(
        lang,
        "分析了 {orders} 张带明细的订单、{products} 种产品，找到 {rules} 条关联规则。",
        "{orders} orders with lines and {products} products analysed; {rules} rules found.",
    )
}

/// A basket rule in words (a bar's tip).
pub fn rule_words(lang: Lang, r: &analytics::basket::Rule, confidence: &str) -> String {
    let (a, b, n, lift) = (&r.antecedent, &r.consequent, r.count, r.lift);
    tr!(
        lang,
        "买了{a}的订单中 {confidence} 也买了{b}（{n} 单，提升度 {lift:.2}）",
        "{confidence} of the orders with {a} also have {b} ({n} orders, lift {lift:.2})",
    )
}
