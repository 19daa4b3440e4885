//! Translation and locale formatting.
//!
//! Every message is declared once with its Simplified Chinese and English text, so a
//! missing translation is a compile error, not a blank on screen. Labels of domain codes
//! are exhaustive matches for the same reason.

use kehu_core::validate::Problem;
use kehu_core::*;
use kehu_store::StoreError;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

/// A message in both languages, beside the feature that shows it, with its parameters
/// named in place (`tr!(lang, "第 {page} 页", "Page {page}")`, each a variable in
/// scope), so word order and punctuation live in the message. Both texts are required:
/// a missing translation does not compile.
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Zh => format!($zh),
            $crate::i18n::Lang::En => format!($en),
        }
    };
}
pub(crate) use tr;

impl Default for Lang {
    /// The language of kehu's users first; a browser asking for English gets English.
    fn default() -> Lang {
        Lang::Zh
    }
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The language's name in itself, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "简体中文",
            Lang::En => "English",
        }
    }

    /// Whether text in this language is Chinese (starter surveys, demo names).
    pub fn is_chinese(self) -> bool {
        self == Lang::Zh
    }

    /// `items` as a list in running text (、 between Chinese items).
    pub fn list(self, items: &[String]) -> String {
        items.join(match self {
            Lang::Zh => "、",
            Lang::En => ", ",
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// A message key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum K { $($key),+ }

        impl K {
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(K::$key => $zh),+ },
                    Lang::En => match self { $(K::$key => $en),+ },
                }
            }
        }
    };
}

messages! {
    AppName => "客户", "kehu";
    NavHome => "概览", "Overview";
    NavCustomers => "客户", "Customers";
    NavSettings => "设置", "Settings";
    Language => "语言", "Language";
    Loading => "正在加载…", "Loading…";
    WelcomeTitle => "欢迎使用客户", "Welcome to kehu";
    WelcomeBody => "您的客户数据只保存在这个浏览器里，不会上传到任何服务器。先载入示例数据看看，或者直接添加第一位客户。", "Your customer data stays in this browser; nothing is uploaded anywhere. Load the demo data to look around, or add your first customer.";
    LoadDemo => "载入示例数据", "Load demo data";
    LoadingDemo => "正在载入示例数据", "Loading demo data";
    AddFirstCustomer => "添加第一位客户", "Add your first customer";
    DemoLoaded => "示例数据已载入", "Demo data loaded";
    StatCustomers => "客户", "Customers";
    StatOrders => "订单", "Orders";
    StatRevenue => "累计销售额", "Revenue, all time";
    StatRevenue12m => "近 12 个月销售额", "Revenue, last 12 months";
    StatInteractions => "互动记录", "Interactions";
    RecentCustomers => "最近更新的客户", "Recently updated customers";
    NewCustomer => "新建客户", "New customer";
    NewPerson => "新建个人客户", "New person";
    NewOrganisation => "新建组织客户", "New organisation";
    Search => "搜索", "Search";
    SearchPlaceholder => "姓名、电话、邮箱、标签…", "Name, phone, email, tag…";
    Any => "全部", "Any";
    Yes => "是", "Yes";
    No => "否", "No";
    ClearFilters => "清除筛选", "Clear filters";
    SortBy => "排序", "Sort by";
    Descending => "降序", "Descending";
    Ascending => "升序", "Ascending";
    NoMatches => "没有符合条件的客户。", "No customers match.";
    NoCustomersYet => "还没有客户。", "No customers yet.";
    Previous => "上一页", "Previous";
    Next => "下一页", "Next";
    Trash => "回收站", "Trash";
    BackToList => "返回客户列表", "Back to customers";
    Restore => "恢复", "Restore";
    // Fields
    FKind => "类别", "Kind";
    FName => "名称", "Name";
    FType => "客户类型", "Customer type";
    FStage => "生命周期阶段", "Lifecycle stage";
    FChurnDate => "流失日期", "Churn date";
    FChurnReason => "流失原因", "Churn reason";
    FLevel => "关系层级", "Relationship level";
    FGender => "性别", "Gender";
    FPhone => "电话", "Phone";
    FMobile => "手机", "Mobile";
    FEmail => "邮箱", "Email";
    FWechat => "微信", "WeChat";
    FRegion => "区域", "Region";
    FCity => "城市", "City";
    FAddress => "地址", "Address";
    FSource => "来源渠道", "Source channel";
    FOccupation => "职业", "Occupation";
    FIndustry => "行业", "Industry";
    FBirthDate => "出生日期", "Birth date";
    FFoundingDate => "成立日期", "Founding date";
    FCompanySize => "公司规模（人）", "Company size (people)";
    FOwner => "客户经理", "Account manager";
    FKeyAccount => "重点客户", "Key account";
    FPotentialKeyAccount => "潜在重点客户", "Potential key account";
    FCreditRating => "信用等级", "Credit rating";
    FCreditLimit => "信用额度", "Credit limit";
    FCategorySpend => "品类年度总支出（估计）", "Yearly spend in our category (estimate)";
    FShareOfWallet => "顾客占有率（近 12 个月）", "Share of wallet (last 12 months)";
    FArrears => "欠款", "Arrears";
    FBlacklisted => "列入黑名单", "Blacklisted";
    FBlacklistReason => "黑名单原因", "Blacklist reason";
    FTags => "标签", "Tags";
    FTagsHint => "用逗号或空格分隔", "Separate with commas or spaces";
    FNotes => "备注", "Notes";
    FAge => "年龄", "Age";
    FCreated => "创建时间", "Created";
    FUpdated => "更新时间", "Updated";
    NotSet => "未填写", "Not set";
    SectionBasics => "基本信息", "Basics";
    SectionContact => "联系方式", "Contact points";
    SectionProfile => "画像", "Profile";
    SectionAccount => "账户与信用", "Account and credit";
    SectionConsent => "联系许可", "Consent to contact";
    SectionContacts => "联系人", "Contacts";
    SectionCustomFields => "自定义字段", "Custom fields";
    ConsentGranted => "同意", "Granted";
    ConsentDate => "日期", "Date";
    ConsentSource => "来源", "Source";
    ContactName => "姓名", "Name";
    ContactRole => "职务", "Role";
    AddContact => "添加联系人", "Add contact";
    AddCustomField => "添加字段", "Add field";
    CustomFieldName => "字段名", "Field name";
    CustomFieldValue => "内容", "Value";
    Remove => "移除", "Remove";
    Save => "保存", "Save";
    Saving => "正在保存…", "Saving…";
    Cancel => "取消", "Cancel";
    Edit => "编辑", "Edit";
    Delete => "删除", "Delete";
    Undo => "撤销", "Undo";
    Close => "关闭", "Close";
    EditCustomer => "编辑客户", "Edit customer";
    FixErrors => "请修正标出的字段。", "Please fix the marked fields.";
    Saved => "已保存", "Saved";
    ConfirmDeleteTitle => "删除这位客户？", "Delete this customer?";
    ConfirmDeleteBody => "客户会移到回收站，可以随时恢复。订单和互动记录会保留。", "The customer moves to the trash and can be restored at any time. Orders and interactions are kept.";
    Deleted => "已删除", "Deleted";
    Restored => "已恢复", "Restored";
    CustomerNotFound => "找不到这位客户。", "This customer does not exist.";
    InTrash => "这位客户在回收站里。", "This customer is in the trash.";
    ResponseDeleted => "已删除调查回答", "Survey response deleted";
    Purge => "永久删除", "Delete permanently";
    PurgeTitle => "永久删除这位客户？", "Delete this customer permanently?";
    PurgeBody => "客户档案及其全部订单、互动记录和调查回答都会被删除，无法撤销（用于客户要求删除其个人信息的情况）。之前下载的备份不受影响。", "The customer's record and all their orders, interactions and survey responses are deleted, and this cannot be undone (for a customer who asks to be forgotten). Backups downloaded before are not affected.";
    PurgedToast => "已永久删除", "Deleted permanently";
    Portrait => "客户画像", "Portrait";
    NoTags => "还没有标签。", "No tags yet.";
    Timeline => "时间线", "Timeline";
    TimelineEmpty => "还没有互动或订单。", "No interactions or orders yet.";
    AddInteraction => "记录互动", "Log interaction";
    AddOrder => "添加订单", "Add order";
    EditOrder => "编辑订单", "Edit order";
    InteractionKindLabel => "方式", "Type";
    When => "日期", "Date";
    TimeOfDay => "时间", "Time";
    Subject => "主题", "Subject";
    Note => "备注", "Note";
    OrderDate => "下单日期", "Order date";
    Amount => "金额", "Amount";
    Items => "商品（可选）", "Items (optional)";
    Product => "商品", "Product";
    Quantity => "数量", "Quantity";
    UnitPrice => "单价", "Unit price";
    AddItem => "添加商品", "Add item";
    ItemsTotal => "商品合计", "Items total";
    Order => "订单", "Order";
    OrdersCount => "订单数", "Orders";
    TotalSpend => "累计消费", "Total spend";
    AverageOrder => "平均客单价", "Average order";
    LastOrder => "最近下单", "Last order";
    Never => "从未", "Never";
    OrderDeleted => "订单已删除", "Order deleted";
    InteractionDeleted => "互动记录已删除", "Interaction deleted";
    ErrRequired => "必填", "Required";
    ErrInvalidDate => "日期格式应为 年-月-日，例如 2026-01-31", "Use year-month-day, e.g. 2026-01-31";
    ErrDateInFuture => "不能晚于今天", "Cannot be in the future";
    ErrInvalidEmail => "不是有效的邮箱地址", "Not a valid email address";
    ErrInvalidPhone => "不是有效的电话号码", "Not a valid phone number";
    ErrNotWholeNumber => "请输入整数", "Enter a whole number";
    ErrNotANumber => "请输入数字，例如 128.50", "Enter a number, e.g. 128.50";
    ErrTooPrecise => "最多两位小数", "At most two decimal places";
    ErrTooLarge => "金额过大", "Amount too large";
    ErrNegative => "不能为负数", "Cannot be negative";
    ErrOnlyWhenChurned => "只有流失客户才填写此项", "Only for churned customers";
    ErrInvalidTime => "时间格式应为 时:分，例如 14:30", "Use hours:minutes, e.g. 14:30";
    ErrQuantity => "数量应为 1 以上的整数", "Quantity must be a whole number of at least 1";
    // Storage
    StorageTitle => "数据存储", "Data storage";
    StorageHere => "所有数据都保存在这个浏览器的 IndexedDB 中。", "All data is kept in this browser's IndexedDB.";
    PersistGranted => "浏览器已同意长期保存数据，空间不足时也不会自动清除。", "The browser agreed to keep this data even when storage runs low.";
    PersistDenied => "浏览器尚未同意长期保存：空间紧张时数据可能被清除。请定期导出备份。", "The browser has not agreed to keep this data: it may be cleared when storage runs low. Export backups regularly.";
    PersistUnknown => "这个浏览器不支持持久化存储请求。", "This browser cannot be asked to persist storage.";
    AskPersist => "请求长期保存", "Ask to persist";
    EraseAll => "清除全部数据", "Erase all data";
    EraseConfirmTitle => "清除全部数据？", "Erase all data?";
    EraseConfirmBody => "这会永久删除这个浏览器中的所有客户、订单、互动记录和调查回答，以及这台设备上的设置（包括终端密码），无法撤销。", "This permanently deletes every customer, order, interaction and survey answer in this browser, and this device's settings (the kiosk PIN included). It cannot be undone.";
    Erased => "全部数据已清除", "All data erased";
    Currency => "货币", "Currency";
    ErrUnavailable => "这个浏览器无法使用本地数据库（可能处于隐私模式）。请换用普通窗口。", "This browser offers no local database here (private mode?). Please use a normal window.";
    ErrQuota => "浏览器存储空间已满，本次更改没有保存。请释放空间后重试。", "The browser's storage is full; this change was not saved. Free some space and try again.";
    ErrBlocked => "另一个标签页正在使用旧版本的客户。请关闭其他客户标签页，然后重试。", "Another tab is using an older version of kehu. Close the other kehu tabs, then retry.";
    ErrNewerVersion => "数据是由更新版本的客户创建的。请刷新页面以载入新版本。", "The data was written by a newer version of kehu. Reload the page to get it.";
    ErrClosed => "客户已在另一个标签页中更新。请刷新页面。", "kehu was updated in another tab. Please reload this page.";
    ErrConstraint => "记录与已有数据冲突，没有保存。", "The record conflicts with existing data and was not saved.";
    ErrAborted => "保存被中止，没有任何更改。", "The save was cancelled; nothing was changed.";
    ErrCorrupt => "存储的数据无法读取：", "Stored data could not be read: ";
    ErrNotFound => "记录不存在（可能已在另一个标签页中删除）。", "The record no longer exists (deleted in another tab?).";
    ErrOther => "存储出错：", "Storage error: ";
    Retry => "重试", "Retry";
    Reload => "刷新页面", "Reload";
    CrashTitle => "出错了", "Something went wrong";
    CrashBody => "客户遇到了意外错误。已保存的数据不受影响。请刷新页面继续。", "kehu hit an unexpected error. Saved data is safe. Reload the page to continue.";
    PageNotFound => "页面不存在。", "This page does not exist.";
    GoHome => "回到概览", "Go to overview";
    Page => "页", "Page";
    ResultsCount => "位客户", "customers";
    Contacts => "联系人", "Contacts";
    SkipToContent => "跳到主要内容", "Skip to content";
    Menu => "菜单", "Menu";
    Filters => "筛选", "Filters";
    NavInsights => "洞察", "Insights";
    ShowAsTable => "以表格显示", "Show as table";
    ShowAsChart => "以图表显示", "Show as chart";
    ExportPng => "导出 PNG", "Export PNG";
    ExportCsv => "导出 CSV", "Export CSV";
    ExportCsvShort => "CSV", "CSV";
    ExportAnon => "匿名导出", "Export anonymised";
    ExportAnonHint => "姓名、电话、邮箱和客户经理换成固定的化名，其余字段和分析结果保留，可以放心交给分析人员。", "Names, phones, emails and account managers become stable pseudonyms; the other fields and the analysis stay, safe to share with an analyst.";
    Pseudonym => "客户 ", "Customer ";
    PseudonymOwner => "经理 ", "Manager ";
    NothingToShow => "暂无可显示的数据。", "Nothing to show yet.";
    TabOverview => "总览", "Overview";
    TabValue => "价值", "Value";
    TabLoyalty => "忠诚与流失", "Loyalty";
    TabClusters => "聚类", "Clusters";
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
    MigrationNote => "行：一年前的等级；列：现在的等级（按销售额）。", "Rows: tier a year earlier; columns: tier now (by revenue).";
    BehaviourNote => "按订单数与平均订单金额的中位数划分。", "Split at the medians of order count and average order value.";
    RfNote => "格内：客户数与平均消费额。点击查看客户。", "Each cell: customers and mean spend. Click to see them.";
    ModelNotFitted => "生命周期模型无法拟合：", "The lifetime models could not be fitted: ";
    ColCustomers => "客户数", "Customers";
    ColRevenue => "销售额", "Revenue";
    ColShare => "销售额占比", "Revenue share";
    ColTier => "等级", "Tier";
    ColSegment => "分群", "Segment";
    ColRecency => "平均未购天数", "Mean days since last order";
    ColMeanSpend => "平均消费额", "Mean spend";
    ColCustomer => "客户", "Customer";
    ColClv => "12 个月 CLV", "12-month CLV";
    ColPAlive => "存活概率", "P(alive)";
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
    FilterInsight => "分析筛选", "Analytics filter";
    ClearFilter => "清除", "Clear";
    InsightPending => "分析结果尚未就绪，稍后显示匹配的客户。", "The analysis is not ready yet; matching customers will show once it is.";
    ChurnRiskBadge => "流失风险", "Churn risk";
    ClusterLabel => "簇", "Cluster";
    AnalyticsHeading => "客户分析", "Analytics";
    TabSatisfaction => "满意度", "Satisfaction";
    CsiLabel => "CSI 满意度指数（0–100）", "CSI, satisfaction index (0–100)";
    SurveyResponses => "调查回答", "Survey responses";
    KioskOpen => "问卷终端模式", "Kiosk mode";
    ImportResponses => "导入调查回答", "Import responses";
    KioskWho => "请选择客户", "Who is answering?";
    KioskNps => "您有多大可能向朋友推荐我们？", "How likely are you to recommend us to a friend?";
    KioskCsat => "您对这次购物满意吗？", "How satisfied are you with your visit today?";
    KioskCes => "今天办事容易吗？", "How easy was it to get what you needed today?";
    KioskNotLikely => "完全不可能", "Not at all likely";
    KioskVeryLikely => "非常可能", "Extremely likely";
    KioskUnhappy => "很不满意", "Very unhappy";
    KioskHappy => "非常满意", "Very happy";
    KioskHard => "很难", "Very hard";
    KioskEasy => "很容易", "Very easy";
    KioskSkip => "跳过", "Skip";
    KioskThanks => "谢谢您的反馈！", "Thank you for your feedback!";
    KioskNext => "下一位（店员）", "Next customer (staff)";
    KioskDone => "完成", "Done";
    KioskHandback => "感谢参与！请把设备交还给店员。", "Thank you! Please hand the device back to the staff.";
    KioskExit => "退出终端模式", "Leave kiosk";
    RecordResponse => "记录回答", "Record a response";
    NoResponses => "还没有调查回答。", "No survey responses yet.";
    QNps => "推荐意愿（NPS，0–10）", "Would recommend us (NPS, 0–10)";
    QCsat => "满意度（CSAT，1–5）", "Satisfaction (CSAT, 1–5)";
    QCes => "办事容易程度（CES，1–7）", "Ease (CES, 1–7)";
    SurveyNeedsAnswer => "请至少回答一个问题。", "Answer at least one question.";
    StatNps90 => "NPS（近 90 天）", "NPS (90 days)";
    ColScore => "评分", "Score";
    ColResponses => "回答数", "Responses";
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
    LoyaltyNote => "按最近一次 NPS 回答与分析范围内的订单数。没有回答的客户：", "By the latest NPS answer and the orders in the window. Customers without an answer:";
    ChartCurve => "满意度与再次购买", "Satisfaction and buying again";
    CurveNote => "最近一次 CSAT 评分后再次下单的客户比例：中间段平缓即“满意度陷阱”。", "Share who ordered again after their latest CSAT answer; a flat middle is the satisfaction trap.";
    NavSurveys => "问卷", "Surveys";
    SurveysTitle => "问卷设计", "Surveys";
    SurveysIntro => "每次记录回答都可以问 NPS、CSAT、CES 三个快速问题；卡诺、SERVQUAL 和自定义问卷在这里设计，然后在客户页或终端模式中填写。", "Every response form can ask the three quick questions (NPS, CSAT, CES). Kano, SERVQUAL and custom surveys are designed here, then answered on a customer's page or at the kiosk.";
    NewKano => "新建卡诺问卷", "New Kano survey";
    NewServqual => "新建 SERVQUAL 问卷", "New SERVQUAL survey";
    NewCustom => "新建自定义问卷", "New custom survey";
    NewSurvey => "新建问卷", "New survey";
    EditSurvey => "编辑问卷", "Edit survey";
    ColSurvey => "问卷", "Survey";
    ColTemplate => "模板", "Template";
    ColItems => "题目数", "Items";
    ColStatus => "状态", "Status";
    SurveyArchived => "已归档", "Archived";
    SurveyActive => "使用中", "In use";
    Archive => "归档", "Archive";
    Unarchive => "恢复使用", "Put back in use";
    NoSurveys => "还没有设计问卷。", "No surveys designed yet.";
    SurveyName => "问卷名称", "Survey name";
    KanoItemsHeading => "功能（每项都会问“有”和“没有”两个问题，答案 1–5）", "Features (each asked twice: with it and without it, answers 1–5)";
    ServqualItemsHeading => "陈述（顾客为每项打期望分和感知分，1–7）", "Statements (customers rate expectation and perception, 1–7)";
    CustomItemsHeading => "评分题", "Rating items";
    ItemText => "题目", "Item";
    DimensionLabel => "维度", "Dimension";
    ScaleLabel => "量表", "Scale";
    AddSurveyItem => "添加题目", "Add an item";
    RemoveItem => "删除此题", "Remove this item";
    MoveUp => "上移", "Move up";
    MoveDown => "下移", "Move down";
    WeightsLabel => "维度权重（%，合计 100）", "Dimension weights (%, total 100)";
    WeightsTotal => "合计", "Total";
    SurveyHasAnswers => "已有回答的问卷不能删除，可以归档。", "A survey with answers cannot be deleted; archive it instead.";
    ErrIncomplete => "请两个都回答", "Answer both";
    ErrWeightsSum => "权重合计须为 100%", "The weights must add up to 100%";
    QuickQuestions => "快速问题（NPS · CSAT · CES）", "Quick questions (NPS · CSAT · CES)";
    SurveyPick => "问卷", "Survey";
    KanoWith => "有此功能时", "If it has this";
    KanoWithout => "没有此功能时", "If it does not";
    Expectation => "期望", "Expectation";
    Perception => "感知", "Perception";
    KanoLike => "我喜欢", "I like it";
    KanoExpect => "理应如此", "I expect it";
    KanoNeutral => "无所谓", "I am neutral";
    KanoLiveWith => "能忍受", "I can live with it";
    KanoDislike => "我不喜欢", "I dislike it";
    KioskDisagree => "完全不同意", "Strongly disagree";
    KioskAgree => "完全同意", "Strongly agree";
    KioskPoor => "很差", "Poor";
    KioskExcellent => "很好", "Excellent";
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
    SurveyDeleted => "问卷已删除", "Survey deleted";
    SurveyArchivedToast => "问卷已归档", "Survey archived";
    ItemsAnswered => "题已回答", "items answered";
    ResponsesCount => "份回答", "responses";
    ErrBadPin => "请输入 4–8 位数字", "Use 4 to 8 digits";
    ErrBadGrouping => "分隔符不是千位分组（如 1,234），无法确定是哪个数", "Separators that do not group thousands (as in 1,234): which number was meant cannot be told";
    ErrInconsistent => "与记录的其他部分不一致（文件可能被改动过）", "Does not fit the rest of the record (was the file edited?)";
    FieldAnswers => "回答", "Answers";
    KioskPinTitle => "问卷终端模式", "Kiosk mode";
    KioskPinLabel => "店员密码（PIN）", "Staff PIN";
    KioskPinHint => "设置后，离开终端模式或选择下一位客户都需要输入此密码，顾客看不到其他客户，也进不了系统其他页面；刷新或新开标签页仍停留在终端模式。密码只以加密散列保存在这台设备上。", "With a PIN, leaving the kiosk or picking the next customer asks for it, so customers at the counter see no other customer and cannot reach the rest of the app, even by reloading or opening a new tab. It is kept on this device only, as a salted hash.";
    KioskPinIsSet => "已设置店员密码。输入新密码可更改。", "A staff PIN is set. Type a new one to change it.";
    KioskPinNotSet => "未设置店员密码。", "No staff PIN is set.";
    KioskPinRemove => "取消密码", "Remove the PIN";
    KioskPinNoCrypto => "这个浏览器无法加密保存密码（需要 https 或本机地址），未保存。", "This browser cannot hash the PIN here (it needs https or localhost); nothing was saved.";
    KioskPinSaved => "已保存店员密码", "Staff PIN saved";
    KioskPinCleared => "已取消店员密码", "Staff PIN removed";
    KioskPinAsk => "请店员输入密码", "Staff PIN";
    KioskPinWrong => "密码不对", "Wrong PIN";
    KioskLeave => "离开", "Leave";
    ImportFor => "导入的问卷", "Answers to";
    TemplateFor => "模板对应的问卷", "Template for";
    DownloadTemplate => "下载模板", "Download template";
    TemplateHint => "CSV 表头：customer、date，卡诺问卷每项 F1/D1（有/没有此功能），SERVQUAL 每项 E1/P1（期望/感知），自定义题 Q1，以及 comment。", "CSV header: customer, date, then F1/D1 per Kano feature (with/without it), E1/P1 per SERVQUAL statement (expectation/perception), Q1 per custom item, and comment.";
    ErrFileEmpty => "文件是空的", "The file is empty";
    ErrFileColumn => "表头中缺少列：", "The header has no column named ";
    ErrFileRead => "无法读取文件：", "Cannot read the file: ";
    ErrNotText => "这不是文本文件（CSV），也不是 .xlsx 工作簿。旧版 .xls 文件请先在 Excel 里另存为 .xlsx 或 CSV。", "This is not a text (CSV) file or an .xlsx workbook. Save old .xls files as .xlsx or CSV in Excel first.";
    ErrWorkbook => "这个 .xlsx 工作簿无法读取（已损坏，或不是 Excel 工作簿）。可以在 Excel 里另存为 CSV 再导入。", "This .xlsx workbook cannot be read (damaged, or not an Excel workbook). Saving it as CSV in Excel and importing that works too.";
    FCode => "客户编号", "Customer number";
    FCodeHint => "您自己的编号（可选），导入订单时可用它找到客户", "Your own number for the customer (optional); imported orders can refer to it";
    FKehuId => "kehu 编号（ID）", "kehu ID";
    NavImport => "导入", "Import";
    ImportFromFile => "从表格导入客户", "Import from a spreadsheet";
    ImportTitle => "导入数据", "Import data";
    ImportLead => "从 Excel 工作簿（.xlsx）或其他系统导出的 CSV 文件导入客户、订单、联系人、互动记录或调查回答。先检查每一行，确认后才分批写入；重复导入同一客户文件会更新而不是重复创建客户。", "Import customers, orders, contacts, interactions or survey responses from an Excel workbook (.xlsx) or a CSV file exported from another system. Every row is checked first and nothing is written until you confirm; importing a customer file again updates the customers instead of duplicating them.";
    ImportWhat => "导入内容", "What to import";
    ImportCustomers => "客户", "Customers";
    ImportOrders => "订单", "Orders";
    ImportDrop => "把 Excel 或 CSV 文件拖到这里，或", "Drop an Excel or CSV file here, or";
    ImportChoose => "选择文件", "choose a file";
    ImportFormats => "Excel 工作簿（.xlsx，读取第一个工作表），或 CSV、TXT：UTF-8 或 GBK 编码，逗号、分号、制表符或竖线分隔，大小不限。", "Excel workbooks (.xlsx, the first sheet), or CSV and TXT: UTF-8 or GBK, separated by commas, semicolons, tabs or bars, any size.";
    ImportEncoding => "编码", "Encoding";
    ImportDelimiter => "分隔符", "Delimiter";
    ImportDayOrder => "日/月/年 形式的日期", "Dates with the year last";
    DelimComma => "逗号 ,", "Comma ,";
    DelimSemicolon => "分号 ;", "Semicolon ;";
    DelimTab => "制表符", "Tab";
    DelimBar => "竖线 |", "Bar |";
    DayFirst => "日.月.年（05.03.2026 是 3 月 5 日）", "Day first (05.03.2026 is 5 March)";
    MonthFirst => "月/日/年（3/5/2026 是 3 月 5 日）", "Month first (3/5/2026 is 5 March)";
    ImportPreview => "预览（前几行）与列对应", "Preview (first rows) and columns";
    ImportColumnFor => "这一列导入到", "Import this column into";
    ImportSkipColumn => "（不导入）", "(do not import)";
    ImportLine => "行", "Line";
    ImportMissing => "还需要为这些字段选择列：", "Choose a column for: ";
    ImportCreateMissing => "找不到的客户自动新建（用客户名称列或引用作名称）", "Create customers that are not found (named by the customer name column, or the reference)";
    ImportCheck => "检查全部行", "Check every row";
    ImportChecking => "正在检查…", "Checking…";
    ImportPlanTitle => "检查结果", "Check result";
    ImportRowsRead => "读取的行", "Rows read";
    ImportWillCreate => "新建客户", "New customers";
    ImportWillUpdate => "更新客户", "Customers updated";
    ImportUnchanged => "无变化", "Unchanged";
    ImportSkipped => "跳过（重复）", "Skipped (duplicates)";
    ImportBadRows => "有错误的行", "Rows with errors";
    ImportOrderCount => "订单", "Orders";
    ImportMoreErrors => "其余问题见错误报告", "See the error report for the rest";
    ImportReport => "下载错误报告", "Download the error report";
    ImportRun => "导入", "Import";
    ImportNothing => "没有可导入的行", "Nothing to import";
    ImportWriting => "正在写入…", "Writing…";
    ImportDone => "导入完成", "Import finished";
    ImportViewCustomers => "查看客户", "View customers";
    ImportOrdersNext => "接着导入订单", "Import orders next";
    ImportCancel => "停止", "Stop";
    ImportInteractions => "互动记录", "Interactions";
    ImportContacts => "联系人", "Contacts";
    ImportResponsesKind => "调查回答", "Survey responses";
    ImportResponseCount => "调查回答", "Responses";
    ImpResponseDate => "回答日期", "Date answered";
    ImpComment => "意见", "Comment";
    ImportSurveyHint => "每行一份回答：客户（编号、手机、邮箱或姓名）、日期，以及快速问题的分数或所选问卷各题的答案。", "One response per row: the customer (number, phone, email or name), the date, and the quick questions' scores or the answers to the chosen survey's items.";
    ImportContactCount => "联系人", "Contacts";
    ImportContactsAdded => "新联系人", "New contacts";
    ImportContactsFilled => "补全的联系人", "Contacts filled in";
    ImpContactOf => "所属客户（编号、名称、邮箱或电话）", "Organisation (number, name, email or phone)";
    ImportInteractionCount => "互动记录", "Interactions";
    ImpInteractionAt => "时间（日期，可带时刻）", "When (a date, a time optional)";
    NavOrders => "订单", "Orders";
    OrdersTitle => "订单", "Orders";
    OrdersLead => "全部订单，最近录入的在前。点客户名称查看这位客户的全部记录。", "Every order, the most recently entered first. Click a customer to see their whole history.";
    OrdersEmpty => "还没有订单。可以在客户页面添加，或从文件导入。", "No orders yet. Add them on a customer's page, or import a file.";
    OrdersListed => "笔订单", "orders";
    OrdersImport => "导入订单", "Import orders";
    OrdersCustomer => "客户", "Customer";
    OrdersNoCustomer => "（客户已不存在）", "(customer no longer exists)";
    Actions => "操作", "Actions";
    ImportWritten => "已写入", "Written";
    ImportStopped => "导入已停止。已写入的批次保留；可以在导入记录里继续或全部撤销。", "The import stopped. The batches written are kept; from the import history you can resume it or take it all back.";
    ImportResume => "继续导入", "Resume";
    ImportRollback => "全部撤销", "Take it all back";
    ImportRollbackTitle => "撤销这次导入？", "Take this import back?";
    ImportRollbackBody => "这次导入写入的客户、订单、互动记录和调查回答会被删除，它更新过的客户恢复原样。导入之后又修改过、或添加了订单、互动记录、调查回答的客户保持现状。", "The customers, orders, interactions and survey responses this import wrote are deleted, and the customers it updated are put back as they were. Customers changed since, or given orders, interactions or responses since, stay as they are.";
    ImportKept => "保留的客户（导入后有改动）", "customers kept (worked on since)";
    ImportRolledBackToast => "导入已撤销", "The import was taken back";
    ImportHistory => "导入记录", "Import history";
    ImportHistoryLead => "每次导入分批写入，每批一个事务。停止、出错或关闭页面的导入可以从最后一批之后继续，任何导入都可以全部撤销。", "Every import is written in batches, each one transaction. An import that was stopped, failed or cut off by a closed tab resumes after its last batch; any import can be taken back completely.";
    ImportHistoryEmpty => "还没有导入过文件。", "No file imported yet.";
    ImportStarted => "开始", "Started";
    ImportFile => "文件", "File";
    ImportStatusCol => "状态", "Status";
    ImportProgressCol => "进度", "Progress";
    StatusRunning => "进行中", "Running";
    StatusInterrupted => "中断", "Interrupted";
    ImportUnfinished => "未完成的导入（已停止、出错或页面关闭）：", "Imports that did not finish (stopped, failed or cut off):";
    StatusRunningElsewhere => "进行中（另一个标签页）", "Running (in another tab)";
    StatusCancelled => "已停止", "Stopped";
    StatusFailed => "出错停止", "Failed";
    StatusDone => "完成", "Done";
    StatusRolledBack => "已撤销", "Taken back";
    ImportPickAgain => "选择同一个文件以继续", "Choose the same file to resume";
    ImportNotSameFile => "这不是这次导入的文件（名称、大小或修改时间不同）。", "This is not the file of this import (its name, size or date differ).";
    ImportLinesDone => "已写到行", "Written up to line";
    ImportReading => "正在读取文件…", "Reading the file…";
    ImportEncodingDoubt => "这些文字用所选编码读出来可能是乱码。如果预览看起来不对，请换一种编码（例如繁体中文文件用 Big5，西文文件用 Windows-1252）。", "The text may not read correctly in this encoding. If the preview looks wrong, choose another one (Big5 for Traditional Chinese files, Windows-1252 for Western ones).";
    FramedRefused => "为保护您的数据，客户不能在其他网页的框架中运行。", "To keep your data safe, kehu does not run inside another page.";
    FramedOpen => "单独打开客户", "Open kehu on its own";
    ImportBusy => "这次导入正在另一个标签页中写入，请在那里查看进度。", "This import is being written in another tab; follow it there.";
    ErrChanged => "这条记录已在另一个标签页或窗口中被修改，未保存任何内容。请刷新页面查看已保存的版本，再重新修改。", "This record was changed in another tab or window; nothing was saved. Reload the page to see the saved version, then make your change again.";
    ConflictChanged => "您编辑期间，这位客户已在另一个标签页或窗口中被保存。您的修改尚未保存。请比较两个版本，再决定保留哪一个。", "While you were editing, this customer was saved in another tab or window. Your changes are not saved yet: compare the two versions and choose which to keep.";
    ConflictGone => "您编辑期间，这位客户已在另一个标签页或窗口中被删除、移入回收站或合并。您的修改没有保存。", "While you were editing, this customer was deleted, moved to the trash or merged in another tab or window. Your changes were not saved.";
    ConflictOpen => "查看这位客户", "Open the customer";
    ConflictTheirs => "已保存的版本", "Saved elsewhere";
    ConflictMine => "您的修改", "Your changes";
    ConflictTakeTheirs => "使用已保存的版本", "Use the saved version";
    ConflictKeepMine => "保留我的修改", "Keep my changes";
    ImpOrderCustomer => "客户（编号、手机、邮箱或名称）", "Customer (number, phone, email or name)";
    ImpOrderCustomerName => "客户名称（新建客户用）", "Customer name (for new customers)";
    ImpOrderNumber => "订单号", "Order number";
    ReportLine => "行号", "Line";
    ReportColumn => "列", "Column";
    ReportValue => "内容", "Value";
    ReportProblem => "问题", "Problem";
    BackupTitle => "备份与恢复", "Backup and restore";
    BackupBody => "数据只保存在这个浏览器里。定期下载备份文件：它包含全部客户、订单、互动、问卷与回答，以及设置（不含终端的店员密码），可在任何装有 kehu 的浏览器中恢复。", "Your data lives only in this browser. Download a backup regularly: one file with every customer, order, interaction, survey and answer, and the settings (not the kiosk PIN), which restores in any browser running kehu.";
    BackupLast => "上次备份（在这台设备上）：", "Last backup (on this device):";
    BackupNever => "这台设备上还没有备份过。", "No backup made on this device yet.";
    BackupDownload => "下载备份", "Download a backup";
    RestoreChoose => "从备份恢复…", "Restore from a backup…";
    BackupRemind => "距上次备份超过多久时提醒", "Remind me when the last backup is older than";
    BackupRemindNever => "不提醒", "never";
    BackupMadeOn => "备份时间：", "Backup made on";
    BackupResponses => "回答", "Responses";
    RestoreMode => "恢复方式", "How to restore";
    RestoreReplace => "替换全部数据", "Replace all data";
    RestoreReplaceHint => "现在的数据全部换成备份里的内容。", "Everything stored now is replaced by the backup.";
    RestoreMerge => "合并", "Merge";
    RestoreMergeHint => "只添加这里没有的客户、订单和记录；同一客户以较新的一份为准。", "Adds the customers, orders and records missing here; where both have a customer, the newer copy wins.";
    RestoreRun => "恢复", "Restore";
    RestoreRunning => "正在恢复…", "Restoring…";
    RestoreDone => "已从备份恢复", "Restored from the backup";
    RestoreConfirmTitle => "用备份替换全部数据？", "Replace all data with the backup?";
    RestoreConfirmBody => "现在保存的所有客户、订单和记录都会被备份中的内容替换。此操作不能撤销；如有需要，请先下载一份当前数据的备份。", "Every customer, order and record stored now is replaced by the backup's content. This cannot be undone; download a backup of the current data first if you may need it.";
    BackupNeverWarn => "您的数据还没有备份过。数据只保存在这个浏览器里，清除浏览器数据会丢失它们。", "Your data has never been backed up. It lives only in this browser; clearing the browser's data would lose it.";
    BackupNow => "立即备份", "Back up now";
    ShowMore => "显示更多", "Show more";
    ExportXlsx => "导出 Excel（XLSX）", "Export Excel (XLSX)";
    FindDuplicates => "查找重复客户", "Find duplicates";
    DupTitle => "可能重复的客户", "Possible duplicates";
    DupLead => "同一邮箱、同一手机号或客户编号，或同城且名称几乎相同的客户。合并时保留一方的信息，用另一方补全空白字段，订单、互动和问卷回答都归到保留的客户，另一方移入回收站；合并可以撤销。", "Customers sharing an email, a phone number or a customer number, or with nearly the same name in the same city. Merging keeps one customer, fills its empty fields from the other, moves the other's orders, interactions and survey answers to it, and puts the other in the trash; a merge can be undone.";
    DupNone => "没有发现可能重复的客户。", "No possible duplicates found.";
    DupPairs => "对可能重复", "possible duplicate pairs";
    DupField => "字段", "Field";
    DupSameCode => "客户编号相同", "Same customer number";
    DupSameEmail => "邮箱相同", "Same email";
    DupSamePhone => "手机号相同", "Same phone number";
    DupSimilarName => "同城且名称相近", "Similar name, same city";
    DupDifferent => "不是同一客户", "Not the same customer";
    DupKeepLeft => "保留左边，合并右边", "Keep left, merge right into it";
    DupKeepRight => "保留右边，合并左边", "Keep right, merge left into it";
    DupMerged => "已合并到", "Merged into";
}

/// The active language, readable reactively anywhere through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The translated text (tracks the language signal).
    pub fn t(self, k: K) -> &'static str {
        k.text(self.lang.get())
    }

    pub fn get(self) -> Lang {
        self.lang.get()
    }

    /// The translated text without tracking, for event handlers and async tasks.
    pub fn now(self, k: K) -> &'static str {
        k.text(self.lang.get_untracked())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Translated labels of domain codes.
pub trait Label {
    fn label(self, lang: Lang) -> &'static str;
}

macro_rules! labels {
    ($ty:ty { $($v:ident => $zh:literal, $en:literal;)+ }) => {
        impl Label for $ty {
            fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((<$ty>::$v, Lang::Zh) => $zh, (<$ty>::$v, Lang::En) => $en,)+
                }
            }
        }
    };
}

labels!(Kind { Person => "个人", "Person"; Organisation => "组织", "Organisation"; });
labels!(CustomerType {
    Consumer => "消费者", "Consumer";
    Business => "企业客户", "Business";
    Channel => "渠道（经销商/伙伴）", "Channel (distributor/partner)";
    Internal => "内部客户", "Internal";
});
labels!(LifecycleStage {
    Potential => "潜在客户", "Potential";
    Opportunity => "机会客户", "Opportunity";
    Target => "目标客户", "Target";
    Signed => "签约客户", "Signed";
    User => "用户", "Active buyer";
    Churned => "流失客户", "Churned";
});
labels!(RelationshipLevel {
    Basic => "基本型", "Basic";
    Reactive => "被动型", "Reactive";
    Accountable => "负责型", "Accountable";
    Proactive => "能动型", "Proactive";
    Partnership => "伙伴型", "Partnership";
});
labels!(SourceChannel {
    Walkin => "到店", "Walk-in";
    Referral => "转介绍", "Referral";
    Website => "网站", "Website";
    Social => "社交媒体", "Social media";
    Advertising => "广告", "Advertising";
    Exhibition => "展会", "Exhibition";
    Telemarketing => "电话营销", "Telemarketing";
    Partner => "合作伙伴", "Partner";
    Other => "其他", "Other";
});
labels!(ConsentChannel { Email => "邮件", "Email"; Sms => "短信", "SMS"; Phone => "电话", "Phone"; Mail => "信函", "Post"; });
labels!(CreditRating { Aaa => "AAA", "AAA"; Aa => "AA", "AA"; A => "A", "A"; B => "B", "B"; C => "C", "C"; });
labels!(Gender { Female => "女", "Female"; Male => "男", "Male"; Other => "其他", "Other"; });
labels!(InteractionKind {
    Call => "电话", "Call";
    Email => "邮件", "Email";
    Visit => "拜访", "Visit";
    Chat => "在线聊天", "Chat";
    Fax => "传真", "Fax";
    Web => "网站", "Web";
    Note => "备注", "Note";
});
labels!(analytics::rfm::Segment {
    Champions => "冠军客户", "Champions";
    LoyalCustomers => "忠诚客户", "Loyal customers";
    PotentialLoyalists => "潜在忠诚客户", "Potential loyalists";
    NewCustomers => "新客户", "New customers";
    Promising => "有潜力客户", "Promising";
    NeedAttention => "需要关注", "Need attention";
    AboutToSleep => "即将沉睡", "About to sleep";
    AtRisk => "有流失风险", "At risk";
    CantLoseThem => "不能失去的客户", "Can't lose them";
    Hibernating => "沉睡客户", "Hibernating";
});
labels!(analytics::value::Tier {
    Vip => "VIP 客户", "VIP";
    Major => "主要客户", "Major";
    Ordinary => "普通客户", "Ordinary";
    Small => "小客户", "Small";
    Inactive => "非活跃", "Inactive";
});
labels!(analytics::satisfaction::Loyalty {
    True => "绝对忠诚", "True loyalty";
    Latent => "潜在忠诚", "Latent loyalty";
    Inertia => "惰性忠诚", "Inertia loyalty";
    None => "不忠诚", "No loyalty";
});
labels!(SurveyKind {
    Kano => "卡诺模型", "Kano";
    Servqual => "SERVQUAL 服务质量", "SERVQUAL";
    Custom => "自定义", "Custom";
});
labels!(Scale { Five => "1–5", "1–5"; Seven => "1–7", "1–7"; Ten => "0–10", "0–10"; });
labels!(analytics::satisfaction::Dimension {
    Tangibles => "有形性", "Tangibles";
    Reliability => "可靠性", "Reliability";
    Responsiveness => "响应性", "Responsiveness";
    Assurance => "保证性", "Assurance";
    Empathy => "移情性", "Empathy";
});
labels!(analytics::satisfaction::Kano {
    MustBe => "当然质量（必备）", "Must-be";
    OneDimensional => "期望质量（一元）", "One-dimensional";
    Attractive => "迷人质量（魅力）", "Attractive";
    Indifferent => "无差异", "Indifferent";
    Reverse => "反向", "Reverse";
    Questionable => "可疑", "Questionable";
});
labels!(analytics::value::Quadrant {
    Best => "最好的客户", "Best customers";
    Frequent => "经常性客户", "Frequent";
    Spenders => "乐于消费型", "Spenders";
    Uncertain => "不确定型", "Uncertain";
});

/// The kiosk's question for a Kano feature, with it (`with`) or without it.
pub fn kiosk_kano(lang: Lang, feature: &str, with: bool) -> String {
    match (lang, with) {
        (Lang::Zh, true) => format!("如果我们提供「{feature}」，您觉得？"),
        (Lang::Zh, false) => format!("如果我们不提供「{feature}」，您觉得？"),
        (Lang::En, true) => format!("If we offered “{feature}”, how would you feel?"),
        (Lang::En, false) => format!("If we did not offer “{feature}”, how would you feel?"),
    }
}

/// The kiosk's question for a SERVQUAL statement: what an excellent shop would do
/// (`expectation`), or what we do.
pub fn kiosk_servqual(lang: Lang, statement: &str, expectation: bool) -> String {
    match (lang, expectation) {
        (Lang::Zh, true) => format!("一家优秀的店应当：「{statement}」"),
        (Lang::Zh, false) => format!("我们这家店：「{statement}」"),
        (Lang::En, true) => format!("An excellent shop: “{statement}”"),
        (Lang::En, false) => format!("Our shop: “{statement}”"),
    }
}

/// The five Kano answers, 1 to 5.
pub const KANO_ANSWERS: [K; 5] = [
    K::KanoLike,
    K::KanoExpect,
    K::KanoNeutral,
    K::KanoLiveWith,
    K::KanoDislike,
];

/// What to do about a segment (DOMAIN.md §5), in the user's language.
pub fn segment_action(lang: Lang, s: analytics::rfm::Segment) -> &'static str {
    use analytics::rfm::Segment::*;
    match (s, lang) {
        (Champions, Lang::Zh) => "给予奖励；邀请评价和转介绍；新品优先推荐给他们。",
        (LoyalCustomers, Lang::Zh) => "推荐更高价值的产品；邀请加入会员计划。",
        (PotentialLoyalists, Lang::Zh) => "提供会员或积分；推荐相关产品。",
        (NewCustomers, Lang::Zh) => "做好欢迎和首次使用指导，让第二次购买更容易。",
        (Promising, Lang::Zh) => "提高认知：免费试用、样品或小额限时优惠。",
        (NeedAttention, Lang::Zh) => "根据过往购买发送个性化的限时优惠。",
        (AboutToSleep, Lang::Zh) => "在他们流失前用热门产品和折扣重新联系。",
        (AtRisk, Lang::Zh) => "发个人邮件或打电话重新联系；提供续约和帮助。",
        (CantLoseThem, Lang::Zh) => "亲自打电话挽回；了解问题所在；别让他们流向竞争对手。",
        (Hibernating, Lang::Zh) => "提供相关产品和特别折扣；若无回应，减少投入。",
        (s, Lang::En) => s.action(),
    }
}

/// Where a cluster stands on recency, frequency and spend, in words.
pub fn cluster_words(
    lang: Lang,
    r: analytics::cluster::Level,
    f: analytics::cluster::Level,
    m: analytics::cluster::Level,
) -> String {
    use analytics::cluster::Level::*;
    let (r, f, m) = match lang {
        Lang::Zh => (
            match r {
                High => "最近有购买",
                Mid => "有一段时间没买",
                Low => "很久没有购买",
            },
            match f {
                High => "购买频繁",
                Mid => "偶尔购买",
                Low => "很少购买",
            },
            match m {
                High => "消费高",
                Mid => "消费中等",
                Low => "消费低",
            },
        ),
        Lang::En => (
            match r {
                High => "bought recently",
                Mid => "bought a while ago",
                Low => "have not bought for a long time",
            },
            match f {
                High => "order often",
                Mid => "order now and then",
                Low => "rarely order",
            },
            match m {
                High => "spend a lot",
                Mid => "spend a moderate amount",
                Low => "spend little",
            },
        ),
    };
    match lang {
        Lang::Zh => format!("{r}，{f}，{m}。"),
        Lang::En => format!("Customers who {r}, {f} and {m}."),
    }
}

labels!(query::SortKey {
    Updated => "最近更新", "Last updated";
    Created => "创建时间", "Date created";
    Name => "名称", "Name";
    Stage => "生命周期阶段", "Lifecycle stage";
    Owner => "客户经理", "Account manager";
});

pub fn problem(lang: Lang, p: &Problem) -> String {
    use kehu_core::money::MoneyError;
    let k = match p {
        Problem::Required => K::ErrRequired,
        Problem::InvalidDate => K::ErrInvalidDate,
        Problem::DateInFuture => K::ErrDateInFuture,
        Problem::InvalidEmail => K::ErrInvalidEmail,
        Problem::InvalidPhone => K::ErrInvalidPhone,
        Problem::NotAWholeNumber => K::ErrNotWholeNumber,
        Problem::Negative => K::ErrNegative,
        Problem::OnlyWhenChurned => K::ErrOnlyWhenChurned,
        Problem::QuantityTooSmall => K::ErrQuantity,
        Problem::InvalidTime => K::ErrInvalidTime,
        Problem::Incomplete => K::ErrIncomplete,
        Problem::BadPin => K::ErrBadPin,
        Problem::WeightsSum => K::ErrWeightsSum,
        Problem::Inconsistent => K::ErrInconsistent,
        Problem::OffScale { lo, hi } => {
            return match lang {
                Lang::Zh => format!("不在 {lo}–{hi} 的量表内"),
                Lang::En => format!("Not on the {lo}–{hi} scale"),
            };
        }
        Problem::TooManyItems { max } => {
            return match lang {
                Lang::Zh => format!("最多 {max} 题"),
                Lang::En => format!("At most {max} items"),
            };
        }
        Problem::Money(MoneyError::NotANumber) => K::ErrNotANumber,
        Problem::Money(MoneyError::TooPrecise) => K::ErrTooPrecise,
        Problem::Money(MoneyError::TooLarge) => K::ErrTooLarge,
        Problem::Money(MoneyError::BadGrouping) => K::ErrBadGrouping,
        Problem::TooLong { max } => {
            return match lang {
                Lang::Zh => format!("最多 {max} 个字"),
                Lang::En => format!("At most {max} characters"),
            };
        }
        Problem::TagTooLong { max } => {
            return match lang {
                Lang::Zh => format!("每个标签最多 {max} 个字"),
                Lang::En => format!("Each tag can have at most {max} characters"),
            };
        }
        Problem::TooManyTags { max } => {
            return match lang {
                Lang::Zh => format!("最多 {max} 个标签"),
                Lang::En => format!("At most {max} tags"),
            };
        }
    };
    k.text(lang).to_string()
}

/// The label of the form field a problem is in, with the row for list fields
/// ("Contacts 2: Role"), for messages that are not shown next to the field itself.
pub fn field_label(lang: Lang, f: validate::Field) -> String {
    use validate::Field as F;
    let row = |section: K, n: usize, k: K| match lang {
        Lang::Zh => format!("{}第 {} 行：{}", section.text(lang), n + 1, k.text(lang)),
        Lang::En => format!("{} {}: {}", section.text(lang), n + 1, k.text(lang)),
    };
    let k = match f {
        F::Name => K::FName,
        F::Code => K::FCode,
        F::Owner => K::FOwner,
        F::ChurnDate => K::FChurnDate,
        F::ChurnReason => K::FChurnReason,
        F::Tags => K::FTags,
        F::Mobile => K::FMobile,
        F::Phone => K::FPhone,
        F::Email => K::FEmail,
        F::Wechat => K::FWechat,
        F::Region => K::FRegion,
        F::City => K::FCity,
        F::Address => K::FAddress,
        F::Occupation => K::FOccupation,
        F::BirthDate => K::FBirthDate,
        F::CompanySize => K::FCompanySize,
        F::Notes => K::FNotes,
        F::CreditLimit => K::FCreditLimit,
        F::Arrears => K::FArrears,
        F::CategorySpend => K::FCategorySpend,
        F::BlacklistReason => K::FBlacklistReason,
        F::ConsentDate(n) => return row(K::SectionConsent, n, K::ConsentDate),
        F::ConsentSource(n) => return row(K::SectionConsent, n, K::ConsentSource),
        F::ContactName(n) => return row(K::SectionContacts, n, K::ContactName),
        F::ContactRole(n) => return row(K::SectionContacts, n, K::ContactRole),
        F::ContactPhone(n) => return row(K::SectionContacts, n, K::FPhone),
        F::ContactEmail(n) => return row(K::SectionContacts, n, K::FEmail),
        F::CustomFieldName(n) => return row(K::SectionCustomFields, n, K::CustomFieldName),
        F::CustomFieldValue(n) => return row(K::SectionCustomFields, n, K::CustomFieldValue),
        F::OrderDay => K::OrderDate,
        F::OrderAmount => K::Amount,
        F::ItemProduct(n) => return row(K::Product, n, K::Product),
        F::ItemQuantity(n) => return row(K::Product, n, K::Quantity),
        F::ItemPrice(n) => return row(K::Product, n, K::UnitPrice),
        F::InteractionDate => K::When,
        F::InteractionTime => K::TimeOfDay,
        F::InteractionSubject => K::Subject,
        F::SurveyDate => K::When,
        F::SurveyAnswers => K::FieldAnswers,
        F::SurveyComment => K::Note,
        F::SurveyItem(n) | F::SurveyItemText(n) => return row(K::ItemText, n, K::ItemText),
        F::SurveyName => K::SurveyName,
        F::SurveyItems => K::ItemText,
        F::SurveyWeights => K::WeightsLabel,
    };
    k.text(lang).to_string()
}

pub fn store_error(lang: Lang, e: &StoreError) -> String {
    let k = match e {
        StoreError::Unavailable => K::ErrUnavailable,
        StoreError::QuotaExceeded => K::ErrQuota,
        StoreError::Blocked => K::ErrBlocked,
        StoreError::NewerVersion => K::ErrNewerVersion,
        StoreError::Closed => K::ErrClosed,
        StoreError::Constraint => K::ErrConstraint,
        StoreError::Aborted => K::ErrAborted,
        StoreError::NotFound => K::ErrNotFound,
        StoreError::Changed => K::ErrChanged,
        StoreError::Corrupt(detail) => return format!("{}{detail}", K::ErrCorrupt.text(lang)),
        StoreError::Other { name, message } => {
            return format!("{}{name} {message}", K::ErrOther.text(lang));
        }
    };
    k.text(lang).to_string()
}

/// Groups digits in threes: 1234567 → "1,234,567" (both locales use the comma).
/// A share as a whole percentage (`0.347` → `35%`), the same in both languages.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "3 days" / "3 天".
pub fn days(lang: Lang, n: u32) -> String {
    match (lang, n) {
        (Lang::Zh, n) => format!("{n} 天"),
        (Lang::En, 1) => "1 day".into(),
        (Lang::En, n) => format!("{n} days"),
    }
}

/// The folded filters' button: "Filters", or "Filters (2)" with two applied.
/// Under the overview's figures when they are not as of today.
pub fn figures_as_of(lang: Lang, d: Day) -> String {
    match lang {
        Lang::Zh => format!("订单数字截至分析日期 {}", date(lang, d)),
        Lang::En => format!("Order figures as of the analysis date, {}", date(lang, d)),
    }
}

/// One record of kind `kind` (a name from `kehu_core::kinds`), as the user calls it.
/// A kind without words here shows its stored name, so a new kind must add its line.
pub fn record_kind(lang: Lang, kind: &str) -> String {
    let words = match (kind, lang) {
        ("interactions", Lang::Zh) => "互动记录",
        ("interactions", Lang::En) => "Interaction",
        ("responses", Lang::Zh) => "调查回答",
        ("responses", Lang::En) => "Survey response",
        _ => kind,
    };
    words.to_string()
}

pub fn filters_button(lang: Lang, applied: usize) -> String {
    match (applied, lang) {
        (0, _) => K::Filters.text(lang).to_string(),
        (n, Lang::Zh) => format!("筛选（{n}）"),
        (n, Lang::En) => format!("Filters ({n})"),
    }
}

pub fn count(n: usize) -> String {
    group(n as u64)
}

/// A currency the shop works in; amounts are always two-decimal minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    Cny,
    Hkd,
    Usd,
    Eur,
    Gbp,
}

impl Currency {
    pub const ALL: &'static [Currency] = &[
        Currency::Cny,
        Currency::Hkd,
        Currency::Usd,
        Currency::Eur,
        Currency::Gbp,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Currency::Cny => "CNY",
            Currency::Hkd => "HKD",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
        }
    }

    pub fn from_code(s: &str) -> Option<Currency> {
        Currency::ALL.iter().copied().find(|c| c.code() == s)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Cny => "¥",
            Currency::Hkd => "HK$",
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
        }
    }
}

/// `¥1,234.50`; whole amounts drop the `.00` when `compact`.
pub fn money(c: Cents, cur: Currency, compact: bool) -> String {
    let sign = if c.0 < 0 { "-" } else { "" };
    let a = c.0.unsigned_abs();
    let (whole, frac) = (a / 100, a % 100);
    if compact && frac == 0 {
        format!("{sign}{}{}", cur.symbol(), group(whole))
    } else {
        format!("{sign}{}{}.{frac:02}", cur.symbol(), group(whole))
    }
}

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2026年11月23日` / `23 Nov 2026`.
pub fn date(lang: Lang, d: Day) -> String {
    let (y, m, day) = d.ymd();
    match lang {
        Lang::Zh => format!("{y}年{m}月{day}日"),
        Lang::En => format!("{day} {} {y}", EN_MONTHS[m as usize - 1]),
    }
}

/// A local date and time of day (the caller supplies the UTC offset in minutes).
pub fn datetime(lang: Lang, at: Millis, offset_min: i32) -> String {
    let local = at.0 + offset_min as i64 * 60_000;
    let d = Millis(local).day();
    let mins = (local.rem_euclid(86_400_000) / 60_000) as u32;
    format!("{} {:02}:{:02}", date(lang, d), mins / 60, mins % 60)
}

/// A survey import row's problem, with its line, in the user's language.
/// A cohort (customers whose first order fell in month `m`), or those of them who
/// ordered `k` months later.
pub fn cohort_label(lang: Lang, m: i32, k: Option<u8>) -> String {
    let month = analytics::retention::Period::Month.label(m);
    match (lang, k) {
        (Lang::Zh, None) => format!("{month} 首购客户"),
        (Lang::Zh, Some(k)) => format!("{month} 首购、第 {k} 个月仍下单的客户"),
        (Lang::En, None) => format!("First ordered in {month}"),
        (Lang::En, Some(k)) => format!("First ordered in {month}, ordering again {k} months on"),
    }
}

/// Customers who ordered in month `m` and the month before.
pub fn retained_label(lang: Lang, m: i32) -> String {
    let month = analytics::retention::Period::Month.label(m);
    match lang {
        Lang::Zh => format!("{month} 留存客户（上月和本月都下单）"),
        Lang::En => format!("Retained in {month} (ordered that month and the one before)"),
    }
}

/// The survey editor's caution for a survey that has answers.
pub fn survey_answered(lang: Lang, n: u32) -> String {
    let n = group(n as u64);
    match lang {
        Lang::Zh => format!(
            "这份问卷已有 {n} 份回答。改动题目文字会改变这些回答的含义；删除的题目，其回答不再计入结果。"
        ),
        Lang::En => format!(
            "This survey has {n} responses. Changing an item's text changes what they answered; a removed item's answers no longer count in the results."
        ),
    }
}

pub fn file_error(lang: Lang, e: &import::orders::FileError) -> String {
    use import::orders::FileError as F;
    match e {
        F::Empty => K::ErrFileEmpty.text(lang).to_string(),
        F::NotText => K::ErrNotText.text(lang).to_string(),
        F::MissingColumn(c) => format!("{}{c}", K::ErrFileColumn.text(lang)),
        F::Io(m) => format!("{}{m}", K::ErrFileRead.text(lang)),
        F::Workbook(_) => K::ErrWorkbook.text(lang).to_string(),
        F::TooLarge(l) => limit(lang, l),
    }
}

/// A limit a file went past, and that nothing was imported.
pub fn limit(lang: Lang, l: &import::orders::Limit) -> String {
    use import::orders::Limit as L;
    let what = match (l, lang) {
        (L::Unpacked { max_mb }, Lang::Zh) => format!("工作簿的一部分解压后超过 {max_mb} MB"),
        (L::Unpacked { max_mb }, Lang::En) => {
            format!("a part of the workbook unpacks to more than {max_mb} MB")
        }
        (L::Ratio { max }, Lang::Zh) => {
            format!("工作簿的一部分压缩比超过 {max}:1（可能是“压缩炸弹”）")
        }
        (L::Ratio { max }, Lang::En) => {
            format!("a part of the workbook is packed more than {max}:1 (a “zip bomb”?)")
        }
        (L::SharedText { max_mb }, Lang::Zh) => format!("工作簿中的文字超过 {max_mb} MB"),
        (L::SharedText { max_mb }, Lang::En) => {
            format!("the workbook's text is larger than {max_mb} MB")
        }
        (L::Columns { max }, Lang::Zh) => format!("超过 {} 列", group(*max as u64)),
        (L::Columns { max }, Lang::En) => format!("more than {} columns", group(*max as u64)),
        (L::Rows { max }, Lang::Zh) => format!("超过 {} 行", group(*max as u64)),
        (L::Rows { max }, Lang::En) => format!("more than {} rows", group(*max as u64)),
    };
    match lang {
        Lang::Zh => format!("文件太大，无法导入：{what}。没有导入任何内容。"),
        Lang::En => format!("The file is too large to import: {what}. Nothing was imported."),
    }
}

/// Why an import row was refused or skipped.
pub fn import_problem(lang: Lang, p: &import::plan::ImportProblem) -> String {
    use import::plan::ImportProblem as P;
    use import::table::TableProblem as T;
    match (p, lang) {
        (P::Field(p), _) => problem(lang, p),
        (P::Table(T::TooLarge(l)), _) => limit(lang, l),
        (P::Table(T::Malformed(m)), Lang::Zh) => format!("CSV 格式错误：{m}"),
        (P::Table(T::Malformed(m)), Lang::En) => format!("Malformed CSV: {m}"),
        (P::Table(T::NotUtf8), Lang::Zh) => "不是有效的 UTF-8 文字（文件中混用了编码？）".into(),
        (P::Table(T::NotUtf8), Lang::En) => {
            "Not valid UTF-8 text (mixed encodings in the file?)".into()
        }
        (P::Table(T::TooManyFields { found, expected }), Lang::Zh) => {
            format!("有 {found} 个字段，表头只有 {expected} 列（分隔符不对，或有未加引号的逗号？）")
        }
        (P::Table(T::TooManyFields { found, expected }), Lang::En) => format!(
            "{found} fields where the header has {expected} (wrong delimiter, or an unquoted comma?)"
        ),
        (P::NotAChoice, Lang::Zh) => "不是可选的值".into(),
        (P::NotAChoice, Lang::En) => "Not one of the choices".into(),
        (P::NotADate, Lang::Zh) => "不是有效的日期（没有这一天，或无法识别的写法）".into(),
        (P::NotADate, Lang::En) => "Not a date (no such day, or a form kehu cannot read)".into(),
        (P::NotYesNo, Lang::Zh) => "应为 是 或 否".into(),
        (P::NotYesNo, Lang::En) => "Should be yes or no".into(),
        (P::Duplicate { first }, Lang::Zh) => format!("与第 {first} 行重复"),
        (P::Duplicate { first }, Lang::En) => format!("Duplicate of line {first}"),
        (P::AlreadyStored, Lang::Zh) => "已经导入过（相同的记录已存在）".into(),
        (P::AlreadyStored, Lang::En) => "Already imported (the same record is stored)".into(),
        (P::UnknownCustomer, Lang::Zh) => "找不到这个客户".into(),
        (P::UnknownCustomer, Lang::En) => "No such customer".into(),
        (P::AmbiguousCustomer(n), Lang::Zh) => format!("对应 {n} 个客户，无法确定是哪一个"),
        (P::AmbiguousCustomer(n), Lang::En) => format!("Matches {n} customers; cannot tell which"),
        (P::NotAScore { lo, hi }, Lang::Zh) => format!("不是 {lo}–{hi} 之间的分数"),
        (P::NotAScore { lo, hi }, Lang::En) => format!("Not a score from {lo} to {hi}"),
        (P::NotAnOrganisation, Lang::Zh) => "这是个人客户；联系人只属于组织客户".into(),
        (P::NotAnOrganisation, Lang::En) => {
            "A person, not an organisation: contacts belong to organisations".into()
        }
    }
}

/// One import error as a sentence: line, column, the cell's text, the reason.
pub fn import_error(lang: Lang, e: &import::plan::ImportError, header: &[String]) -> String {
    let column = e.column.and_then(|c| header.get(c));
    let why = import_problem(lang, &e.problem);
    match (lang, column, e.value.is_empty()) {
        (Lang::Zh, Some(c), false) => format!("第 {} 行，{c}「{}」：{why}", e.line, e.value),
        (Lang::Zh, Some(c), true) => format!("第 {} 行，{c}：{why}", e.line),
        (Lang::Zh, None, _) => format!("第 {} 行：{why}", e.line),
        (Lang::En, Some(c), false) => format!("Line {}, {c} “{}”: {why}", e.line, e.value),
        (Lang::En, Some(c), true) => format!("Line {}, {c}: {why}", e.line),
        (Lang::En, None, _) => format!("Line {}: {why}", e.line),
    }
}

/// The preview's note on a wide file: how many columns have no picker.
pub fn columns_hidden(lang: Lang, n: usize) -> String {
    let n = group(n as u64);
    match lang {
        Lang::Zh => format!("另有 {n} 列未显示，也不会导入（只显示前 60 列和已对应字段的列）。"),
        Lang::En => format!(
            "{n} more columns are not shown and will not be imported (the first 60 are shown, and any mapped to a field)."
        ),
    }
}

/// Why the kiosk PIN did not open: wrong, and how long to wait before the next try.
pub fn kiosk_refusal(lang: Lang, t: crate::kiosk_lock::Try) -> String {
    use crate::kiosk_lock::Try;
    match (t, lang) {
        (Try::Right, _) => String::new(),
        (Try::Wrong { wait: 0 }, _) => K::KioskPinWrong.text(lang).to_string(),
        (Try::Wrong { wait }, Lang::Zh) => format!("密码不对。请 {wait} 秒后再试。"),
        (Try::Wrong { wait }, Lang::En) => format!("Wrong PIN. Try again in {wait} s."),
        (Try::TooSoon { wait }, Lang::Zh) => format!("尝试次数过多，请 {wait} 秒后再试。"),
        (Try::TooSoon { wait }, Lang::En) => format!("Too many tries: try again in {wait} s."),
    }
}

/// The time an operation still needs, roughly ("about 1 min 20 s left").
pub fn remaining(lang: Lang, secs: f64) -> String {
    let s = secs.max(1.0).round() as u64;
    let (m, s) = (s / 60, s % 60);
    match (lang, m) {
        (Lang::Zh, 0) => format!("预计还需 {s} 秒"),
        (Lang::Zh, m) => format!("预计还需 {m} 分 {s} 秒"),
        (Lang::En, 0) => format!("about {s} s left"),
        (Lang::En, m) => format!("about {m} min {s} s left"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_keeps_its_own_word_order_and_punctuation() {
        let (page, pages) = (2, 5);
        let text = |l: Lang| tr!(l, "第 {page} 页，共 {pages} 页", "Page {page} of {pages}");
        assert_eq!(text(Lang::Zh), "第 2 页，共 5 页");
        assert_eq!(text(Lang::En), "Page 2 of 5");
        let items = ["A".to_string(), "B".to_string()];
        assert_eq!(Lang::Zh.list(&items), "A、B");
        assert_eq!(Lang::En.list(&items), "A, B");
    }

    #[test]
    fn every_record_kind_has_words_in_both_languages() {
        for k in kehu_core::kinds::kinds() {
            for lang in [Lang::Zh, Lang::En] {
                assert_ne!(record_kind(lang, k.name), k.name, "{lang:?} {}", k.name);
            }
        }
    }

    #[test]
    fn formats_by_locale() {
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(group(999), "999");
        assert_eq!(money(Cents(123_450), Currency::Cny, false), "¥1,234.50");
        assert_eq!(money(Cents(-100_000), Currency::Usd, true), "-$1,000");
        let d = Day::from_ymd(2026, 11, 3).unwrap();
        assert_eq!(date(Lang::Zh, d), "2026年11月3日");
        assert_eq!(date(Lang::En, d), "3 Nov 2026");
        assert_eq!(
            datetime(Lang::En, Millis(d.start_millis().0 + 3_600_000), 480),
            "3 Nov 2026 09:00"
        );
    }

    #[test]
    fn language_from_browser_codes() {
        assert_eq!(Lang::from_code("zh-TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
