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

/// A message in both languages, declared with [`messages!`] beside the feature that
/// shows it (each feature's `messages.rs`, used there as `M::…`); the ones several
/// features show are [`K`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Msg(&'static MsgText);

/// A message's two texts.
#[derive(PartialEq, Eq)]
pub struct MsgText {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Msg {
    /// One pointer, so the thousands of places that pass a message stay small.
    pub const fn new(text: &'static MsgText) -> Msg {
        Msg(text)
    }

    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.0.zh,
            Lang::En => self.0.en,
        }
    }
}

/// Declares messages as constants named like the key (`Save => "保存", "Save";`).
/// Both texts are required, so a missing translation does not compile.
macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        $(
            #[allow(non_upper_case_globals)]
            pub const $key: $crate::i18n::Msg = $crate::i18n::Msg::new(&$crate::i18n::MsgText {
                zh: $zh,
                en: $en,
            });
        )+
    };
}
pub(crate) use messages;

/// The messages more than one feature shows: navigation, common actions, fields.
#[allow(non_snake_case)]
pub mod K {
    messages! {
        AppName => "客户", "kehu";
        NavHome => "概览", "Overview";
        NavCustomers => "客户", "Customers";
        NavSettings => "设置", "Settings";
        UpdateReady => "客户有新版本。重新加载即可使用；请先保存正在填写的内容。", "A new version of kehu is ready. Reload to use it; save what you are filling in first.";
        UpdateReload => "重新加载", "Reload";
        UpdateLater => "稍后", "Later";
        Language => "语言", "Language";
        Loading => "正在加载…", "Loading…";
        StatCustomers => "客户", "Customers";
        StatOrders => "订单", "Orders";
        StatInteractions => "互动记录", "Interactions";
        NewPerson => "新建个人客户", "New person";
        NewOrganisation => "新建组织客户", "New organisation";
        Search => "搜索", "Search";
        SearchPlaceholder => "姓名、电话、邮箱、标签…", "Name, phone, email, tag…";
        Yes => "是", "Yes";
        ConflictReview => "去选择", "Review";
        No => "否", "No";
        Trash => "回收站", "Trash";
        BackToList => "返回客户列表", "Back to customers";
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
        ManageTeam => "管理团队成员", "Manage the team";
        NewOpportunity => "新建商机", "New opportunity";
        FOppOwner => "负责人", "Owner";
        FOpportunity => "商机名称", "Opportunity";
        FStageOfSale => "阶段（默认赢单概率）", "Stage (default chance)";
        FChance => "赢单概率（%）", "Chance of winning (%)";
        FExpectedClose => "预计成交日期", "Expected close";
        FCompetitors => "竞争对手", "Competitors";
        FNextStep => "下一步", "Next step";
        FLostReason => "输单原因", "Why it was lost";
        FCommission => "提成比例（%）", "Commission (%)";
        FQuota => "月销售定额", "Monthly quota";
        FSignInName => "同步登录名", "Sync sign-in name";
        FTask => "任务", "Task";
        FDue => "截止日期", "Due date";
        FRemind => "提醒", "Reminder";
        NewTask => "新建任务", "New task";
        MakeTask => "建任务", "Make a task";
        FCompanyName => "公司", "Company";
        FInterest => "意向", "Interest";
        FScore => "评分", "Score";
        FSku => "货号", "SKU";
        QuotesLink => "报价单", "Quotes";
        ReportsLink => "报表", "Reports";
        ProductsLink => "产品", "Products";
        NewQuoteLink => "新建报价单", "New quote";
        ExpensesLink => "费用报告", "Expenses";
        NewExpenseLink => "记一笔费用", "Add an expense";
        FExpenseDay => "日期", "Date";
        FSegmentName => "细分名称", "Segment name";
        FSegmentFilter => "筛选条件", "Filter";
        FShopSettings => "店铺设置", "Shop settings";
        FTicketDescription => "问题描述", "Description";
        FResolution => "处理结果", "Resolution";
        FOpened => "受理时间", "Opened";
        FTicketNote => "处理记录", "Log entry";
        FContractTitle => "合同名称", "Title";
        FContractStart => "开始日期", "Starts";
        FContractEnd => "结束日期", "Ends";
        FContractValue => "合同金额", "Value";
        FContractCoverage => "保障范围", "What it covers";
        FArticleTitle => "标题", "Title";
        FArticleBody => "内容", "Text";
        FCareName => "规则名称", "Rule name";
        FCareTitle => "任务标题", "Task title";
        FCareDays => "天数", "Days";
        FCareValue => "流失风险金额至少", "Value at risk at least";
        FCampaignName => "活动名称", "Campaign name";
        FCampaignGoal => "活动目标", "Goal";
        FBudget => "预算", "Budget";
        FCampaignCost => "实际花费", "Spent so far";
        FCampaignStart => "开始日期", "Starts";
        FCampaignEnd => "结束日期", "Ends";
        FControlShare => "对照组比例（%）", "Control group (%)";
        FWindow => "归因天数", "Days counted after contact";
        FResponses => "回应记录", "Responses";
        FServiceHours => "营业时间", "Opening hours";
        FHolidays => "节假日（不上班）", "Holidays (closed)";
        FWorkdays => "调休上班日", "Make-up working days (调休)";
        FTarget => "服务时限", "Target";
        FProductName => "产品名称", "Product name";
        FCategory => "类别", "Category";
        FUnit => "单位", "Unit";
        FListPrice => "售价", "Price";
        FCost => "成本", "Cost";
        FStock => "库存", "Stock";
        FQuoteNumber => "报价单号", "Quote number";
        FIssued => "报价日期", "Date issued";
        FValidUntil => "有效期至", "Valid until";
        FQuoteLines => "报价明细", "Lines";
        FDiscount => "折扣", "Discount";
        FTaxRate => "税率", "Tax rate";
        FTerms => "条款", "Terms";
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
        FArrears => "欠款", "Arrears";
        FOpeningArrears => "期初欠款", "Opening balance owed";
        FSeller => "销售员", "Salesperson";
        FOrderStatus => "订单状态", "Order status";
        FBlacklisted => "列入黑名单", "Blacklisted";
        FBlacklistReason => "黑名单原因", "Blacklist reason";
        FTags => "标签", "Tags";
        FNotes => "备注", "Notes";
        FCreated => "创建时间", "Created";
        NotSet => "未填写", "Not set";
        SectionConsent => "联系许可", "Consent to contact";
        SectionContacts => "联系人", "Contacts";
        SectionCustomFields => "自定义字段", "Custom fields";
        ConsentDate => "日期", "Date";
        ConsentSource => "来源", "Source";
        ContactName => "姓名", "Name";
        ContactRole => "职务", "Role";
        CustomFieldName => "字段名", "Field name";
        CustomFieldValue => "内容", "Value";
        Save => "保存", "Save";
        Cancel => "取消", "Cancel";
        Edit => "编辑", "Edit";
        Delete => "删除", "Delete";
        Undo => "撤销", "Undo";
        Close => "关闭", "Close";
        Saved => "已保存", "Saved";
        Restored => "已恢复", "Restored";
        CustomerNotFound => "找不到这位客户。", "This customer does not exist.";
        InteractionKindLabel => "方式", "Type";
        When => "日期", "Date";
        TimeOfDay => "时间", "Time";
        Subject => "主题", "Subject";
        Note => "备注", "Note";
        OrderDate => "下单日期", "Order date";
        Amount => "金额", "Amount";
        Product => "商品", "Product";
        Quantity => "数量", "Quantity";
        UnitPrice => "单价", "Unit price";
        Order => "订单", "Order";
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
        ErrWorker => "后台任务意外停止：", "A background task stopped unexpectedly: ";
        Retry => "重试", "Retry";
        OfficeFailed => "这一页没有加载成功，请检查网络后重试。", "This page did not load. Check the connection and try again.";
        Reload => "刷新页面", "Reload";
        CrashTitle => "出错了", "Something went wrong";
        CrashBody => "客户遇到了意外错误。已保存的数据不受影响。请刷新页面继续。", "kehu hit an unexpected error. Saved data is safe. Reload the page to continue.";
        PageNotFound => "页面不存在。", "This page does not exist.";
        GoHome => "回到概览", "Go to overview";
        SkipToContent => "跳到主要内容", "Skip to content";
        Menu => "菜单", "Menu";
        Filters => "筛选", "Filters";
        NavInsights => "洞察", "Insights";
        ShowAsTable => "以表格显示", "Show as table";
        ShowAsChart => "以图表显示", "Show as chart";
        ExportPng => "导出 PNG", "Export PNG";
        ExportCsv => "导出 CSV", "Export CSV";
        ExportCsvShort => "CSV", "CSV";
        NothingToShow => "暂无可显示的数据。", "Nothing to show yet.";
        ColTier => "等级", "Tier";
        ColSegment => "分群", "Segment";
        ColClv => "12 个月 CLV", "12-month CLV";
        ColPAlive => "存活概率", "P(alive)";
        ChurnRiskBadge => "流失风险", "Churn risk";
        KioskOpen => "问卷终端模式", "Kiosk mode";
        QNps => "推荐意愿（NPS，0–10）", "Would recommend us (NPS, 0–10)";
        QCsat => "满意度（CSAT，1–5）", "Satisfaction (CSAT, 1–5)";
        QCes => "办事容易程度（CES，1–7）", "Ease (CES, 1–7)";
        ColScore => "评分", "Score";
        ColResponses => "回答数", "Responses";
        NavSurveys => "问卷", "Surveys";
        ColItems => "题目数", "Items";
        SurveyArchived => "已归档", "Archived";
        SurveyActive => "使用中", "In use";
        SurveyName => "问卷名称", "Survey name";
        ItemText => "题目", "Item";
        ScaleLabel => "量表", "Scale";
        WeightsLabel => "维度权重（%，合计 100）", "Dimension weights (%, total 100)";
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
        ErrBadPin => "请输入 4–8 位数字", "Use 4 to 8 digits";
        ErrBadGrouping => "分隔符不是千位分组（如 1,234），无法确定是哪个数", "Separators that do not group thousands (as in 1,234): which number was meant cannot be told";
        ErrInvalidPercent => "请输入 0 到 100 之间的百分比", "Enter a percentage from 0 to 100";
        ErrTaken => "已被其他记录使用", "Already used by another record";
        ErrSignInName => "服务器不接受这个用户名：不能含空格或冒号，也不能以 _ 开头", "The server accepts no such user name: no spaces or colons, and no _ at the start";
        ErrTooManyUnits => "数量过大", "Too many units";
        ErrNotAboveTheLast => "应高于上一级", "Must be above the one before";
        ErrMoreThanTheOrder => "抵扣金额超过订单金额", "Worth more than the order";
        ErrBeforeIssued => "不能早于报价日期", "Cannot be before the date issued";
        ErrClosesBeforeOpening => "关门时间早于开门时间", "Closes before it opens";
        ErrNotHours => "请输入大于 0 的小时数，例如 4 或 0.5", "Enter a number of hours above zero, such as 4 or 0.5";
        ErrAnswerAfterResolution => "首次响应时限不能长于解决时限", "The first answer cannot be due after the resolution";
        ErrEndsBeforeStart => "结束日期早于开始日期", "Ends before it starts";
        ErrInconsistent => "与记录的其他部分不一致（文件可能被改动过）", "Does not fit the rest of the record (was the file edited?)";
        FieldAnswers => "回答", "Answers";
        KioskPinWrong => "密码不对", "Wrong PIN";
        ErrFileEmpty => "文件是空的", "The file is empty";
        ErrFileColumn => "表头中缺少列：", "The header has no column named ";
        ErrFileRead => "无法读取文件：", "Cannot read the file: ";
        ErrNotText => "这不是文本文件（CSV），也不是 .xlsx 工作簿。旧版 .xls 文件请先在 Excel 里另存为 .xlsx 或 CSV。", "This is not a text (CSV) file or an .xlsx workbook. Save old .xls files as .xlsx or CSV in Excel first.";
        ErrWorkbook => "这个 .xlsx 工作簿无法读取（已损坏，或不是 Excel 工作簿）。可以在 Excel 里另存为 CSV 再导入。", "This .xlsx workbook cannot be read (damaged, or not an Excel workbook). Saving it as CSV in Excel and importing that works too.";
        FCode => "客户编号", "Customer number";
        NavImport => "导入", "Import";
        ImportWriting => "正在写入…", "Writing…";
        ImportCancel => "停止", "Stop";
        NavOrders => "订单", "Orders";
        NavPipeline => "商机", "Pipeline";
        NavTasks => "任务", "Tasks";
        NavService => "服务", "Service";
        NavMarketing => "营销", "Marketing";
        Mine => "我的", "Mine";
        ImportWritten => "已写入", "Written";
        ImportResume => "继续导入", "Resume";
        ImportHistory => "导入记录", "Import history";
        ImportLinesDone => "已写到行", "Written up to line";
        ImportReading => "正在读取文件…", "Reading the file…";
        FramedRefused => "为保护您的数据，客户不能在其他网页的框架中运行。", "To keep your data safe, kehu does not run inside another page.";
        FramedOpen => "单独打开客户", "Open kehu on its own";
        ImportBusy => "这次导入正在另一个标签页中写入，请在那里查看进度。", "This import is being written in another tab; follow it there.";
        ErrChanged => "这条记录已在另一个标签页或窗口中被修改，未保存任何内容。请刷新页面查看已保存的版本，再重新修改。", "This record was changed in another tab or window; nothing was saved. Reload the page to see the saved version, then make your change again.";
        ExportXlsx => "导出 Excel（XLSX）", "Export Excel (XLSX)";
        FindDuplicates => "查找重复客户", "Find duplicates";
    }
}

/// The active language, readable reactively anywhere through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The translated text (tracks the language signal).
    pub fn t(self, k: Msg) -> &'static str {
        k.text(self.lang.get())
    }

    /// The translated text as a view that follows the language. One closure type for
    /// every message: written out as `move || i.t(k)` at each place, every one of the
    /// hundreds was a type of its own with its own copy of the rendering code.
    pub fn tr(self, k: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(k)
    }

    pub fn get(self) -> Lang {
        self.lang.get()
    }

    /// The translated text without tracking, for event handlers and async tasks.
    pub fn now(self, k: Msg) -> &'static str {
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
pub(crate) use labels;

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
impl Label for kehu_core::opportunity::Standing {
    fn label(self, lang: Lang) -> &'static str {
        use kehu_core::opportunity::{Stage, Standing as S};
        let (zh, en) = match self {
            S::Open(Stage::InitialContact) => ("初期联络", "Initial contact"),
            S::Open(Stage::IntentReached) => ("意向达成", "Intent reached"),
            S::Open(Stage::Negotiation) => ("商务谈判", "Negotiation"),
            S::Open(Stage::ContractSigned) => ("合同签订", "Contract signed"),
            S::Won => ("赢单", "Won"),
            S::Lost => ("输单", "Lost"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
labels!(StaffRole {
    Sales => "销售", "Sales";
    Service => "客服", "Service";
    Manager => "经理", "Manager";
    Other => "其他", "Other";
});
labels!(Gender { Female => "女", "Female"; Male => "男", "Male"; Other => "其他", "Other"; });
labels!(kehu_core::task::TaskKind {
    Call => "电话", "Call";
    Visit => "拜访", "Visit";
    Email => "邮件", "Email";
    Todo => "待办", "To-do";
});
labels!(kehu_core::task::Quadrant {
    DoNow => "① 重要且紧急：马上做", "1 Urgent and important: do now";
    Schedule => "② 重要不紧急：安排时间做", "2 Important, not urgent: schedule";
    Delegate => "③ 紧急不重要：交给别人做", "3 Urgent, not important: delegate";
    Drop => "④ 不紧急不重要：少做或不做", "4 Neither: drop";
});
labels!(kehu_core::lead::LeadStatus {
    New => "新线索", "New";
    Contacted => "已联系", "Contacted";
    Qualified => "合格", "Qualified";
    Disqualified => "不合格", "Disqualified";
    Converted => "已转化", "Converted";
});
labels!(kehu_core::expense::ExpenseCategory {
    Travel => "差旅", "Travel";
    Transport => "交通", "Local transport";
    Meals => "招待餐费", "Meals and entertaining";
    Lodging => "住宿", "Lodging";
    Gifts => "礼品", "Gifts";
    Samples => "样品", "Samples";
    Marketing => "市场推广", "Marketing";
    Other => "其他", "Other";
});
labels!(kehu_core::expense::ExpenseStatus {
    Draft => "草稿", "Draft";
    Submitted => "已提交", "Submitted";
    Approved => "已批准", "Approved";
    Rejected => "已驳回", "Rejected";
    Paid => "已报销", "Paid";
});
labels!(kehu_core::OrderStatus {
    Open => "待付款", "Open, unpaid";
    Paid => "已付款待发货", "Paid, to ship";
    Shipped => "已发货未付款", "Shipped, unpaid";
    Completed => "已完成", "Completed";
    Returned => "已退货", "Returned";
    Cancelled => "已取消", "Cancelled";
});
labels!(kehu_core::task::Bucket {
    Overdue => "已逾期", "Overdue";
    Today => "今天", "Today";
    ThisWeek => "本周", "This week";
    Later => "以后", "Later";
});
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

/// The five Kano answers, 1 to 5.
pub const KANO_ANSWERS: [Msg; 5] = [
    K::KanoLike,
    K::KanoExpect,
    K::KanoNeutral,
    K::KanoLiveWith,
    K::KanoDislike,
];

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
        Problem::InvalidPercent => K::ErrInvalidPercent,
        Problem::Taken => K::ErrTaken,
        Problem::InvalidSignInName => K::ErrSignInName,
        Problem::TooManyUnits => K::ErrTooManyUnits,
        Problem::BeforeIssued => K::ErrBeforeIssued,
        Problem::ClosesBeforeOpening => K::ErrClosesBeforeOpening,
        Problem::NotHours => K::ErrNotHours,
        Problem::AnswerAfterResolution => K::ErrAnswerAfterResolution,
        Problem::EndsBeforeStart => K::ErrEndsBeforeStart,
        Problem::NotAboveTheLast => K::ErrNotAboveTheLast,
        Problem::MoreThanTheOrder => K::ErrMoreThanTheOrder,
        Problem::WholeNumberWithin { min, max } => {
            let (min, max) = (count(*min as usize), count(*max as usize));
            return tr!(
                lang,
                "应为 {min} 到 {max} 的整数",
                "A whole number from {min} to {max}"
            );
        }
        Problem::MoreThanHeld { balance } => {
            let balance = count(*balance as usize);
            return tr!(
                lang,
                "只有 {balance} 积分可用",
                "Only {balance} points to spend"
            );
        }
        Problem::TooManyDays { max } => {
            return match lang {
                Lang::Zh => format!("最多 {max} 天"),
                Lang::En => format!("At most {max} days"),
            };
        }
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

/// A share as a whole percentage (`0.347` → `35%`, a half up: `0.625` → `63%`, as
/// people round; formatting alone would round it to even), the same in both languages.
pub fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round())
}

/// Groups digits in threes: 1234567 → "1,234,567" (both locales use the comma).
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

/// A weekday by number, Monday 0: "周一", "Monday".
pub fn weekday(lang: Lang, d: u8) -> &'static str {
    const NAMES: [(&str, &str); 7] = [
        ("周一", "Monday"),
        ("周二", "Tuesday"),
        ("周三", "Wednesday"),
        ("周四", "Thursday"),
        ("周五", "Friday"),
        ("周六", "Saturday"),
        ("周日", "Sunday"),
    ];
    let (zh, en) = NAMES[d.min(6) as usize];
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// One record of kind `kind` (a name from `kehu_core::kinds`), as the user calls it.
/// A kind without words here shows its stored name, so a new kind must add its line.
pub fn record_kind(lang: Lang, kind: &str) -> String {
    let words = match (kind, lang) {
        ("customers", Lang::Zh) => "客户",
        ("customers", Lang::En) => "Customer",
        ("interactions", Lang::Zh) => "互动记录",
        ("interactions", Lang::En) => "Interaction",
        ("responses", Lang::Zh) => "调查回答",
        ("responses", Lang::En) => "Survey response",
        ("staff", Lang::Zh) => "员工",
        ("staff", Lang::En) => "Member of staff",
        ("opportunities", Lang::Zh) => "商机",
        ("opportunities", Lang::En) => "Opportunity",
        ("tasks", Lang::Zh) => "任务",
        ("tasks", Lang::En) => "Task",
        ("leads", Lang::Zh) => "线索",
        ("leads", Lang::En) => "Lead",
        ("products", Lang::Zh) => "产品",
        ("products", Lang::En) => "Product",
        ("quotes", Lang::Zh) => "报价单",
        ("quotes", Lang::En) => "Quote",
        ("expenses", Lang::Zh) => "费用",
        ("expenses", Lang::En) => "Expense",
        ("segments", Lang::Zh) => "客户细分",
        ("segments", Lang::En) => "Saved segment",
        ("tickets", Lang::Zh) => "服务工单",
        ("tickets", Lang::En) => "Service ticket",
        ("contracts", Lang::Zh) => "合同与保修",
        ("contracts", Lang::En) => "Contract or warranty",
        ("articles", Lang::Zh) => "知识库文章",
        ("articles", Lang::En) => "Knowledge-base article",
        ("care_rules", Lang::Zh) => "关怀规则",
        ("care_rules", Lang::En) => "Care rule",
        ("campaigns", Lang::Zh) => "营销活动",
        ("campaigns", Lang::En) => "Campaign",
        ("campaign_members", Lang::Zh) => "活动名单成员",
        ("campaign_members", Lang::En) => "Campaign list member",
        ("redemptions", Lang::Zh) => "积分抵扣",
        ("redemptions", Lang::En) => "Points spent",
        ("shop_settings", Lang::Zh) => "店铺设置",
        ("shop_settings", Lang::En) => "Shop settings",
        _ => kind,
    };
    words.to_string()
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

/// "标签：内容" / "Label: value", each language's colon.
pub fn labelled(lang: Lang, label: &str, value: &str) -> String {
    match lang {
        Lang::Zh => format!("{label}：{value}"),
        Lang::En => format!("{label}: {value}"),
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
/// A month: "2026年12月", "Dec 2026".
pub fn month(lang: Lang, y: i32, m: u32) -> String {
    match lang {
        Lang::Zh => format!("{y}年{m}月"),
        Lang::En => format!("{} {y}", EN_MONTHS[(m as usize).clamp(1, 12) - 1]),
    }
}

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
        (P::UnknownStaff, Lang::Zh) => "团队里没有这个人（按姓名或编号都找不到）".into(),
        (P::UnknownStaff, Lang::En) => "Nobody on the team by this name or id".into(),
        (P::UnknownProduct, Lang::Zh) => "产品目录里没有这个产品（按货号或名称都找不到）".into(),
        (P::UnknownProduct, Lang::En) => "No product in the catalogue by this SKU or name".into(),
        (P::UnknownCampaign, Lang::Zh) => "没有这个名称或编号的已启动活动".into(),
        (P::UnknownCampaign, Lang::En) => "No launched campaign by this name or id".into(),
        (P::NotOnList, Lang::Zh) => "这位客户不在该活动的名单上".into(),
        (P::NotOnList, Lang::En) => "This customer is not on the campaign's list".into(),
        (P::HeldBack, Lang::Zh) => "这位客户在对照组中，没有被联系".into(),
        (P::HeldBack, Lang::En) => {
            "This customer is in the control group and was not contacted".into()
        }
        (P::BeforeContact, Lang::Zh) => "早于活动联系日期".into(),
        (P::BeforeContact, Lang::En) => "Before the campaign's contact".into(),
        (P::AmbiguousCustomer(n), Lang::Zh) => format!("对应 {n} 个客户，无法确定是哪一个"),
        (P::AmbiguousCustomer(n), Lang::En) => format!("Matches {n} customers; cannot tell which"),
        (P::NotAScore { lo, hi }, Lang::Zh) => format!("不是 {lo}–{hi} 之间的分数"),
        (P::NotAScore { lo, hi }, Lang::En) => format!("Not a score from {lo} to {hi}"),
        (P::NotAnOrganisation, Lang::Zh) => "这是个人客户；联系人只属于组织客户".into(),
        (P::NotAnOrganisation, Lang::En) => {
            "A person, not an organisation: contacts belong to organisations".into()
        }
        (P::LinesApart { first }, Lang::Zh) => {
            format!(
                "这个订单号的明细从第 {first} 行开始，中间隔着别的订单；请把同一订单的明细排在一起"
            )
        }
        (P::LinesApart { first }, Lang::En) => format!(
            "This order's lines began on line {first}, with other orders between; keep an order's lines together"
        ),
        (P::DiffersFromOrder { first }, Lang::Zh) => {
            format!("与这个订单的第一行（第 {first} 行）不一致")
        }
        (P::DiffersFromOrder { first }, Lang::En) => {
            format!("Differs from the order's first line (line {first})")
        }
        (P::OrderHasErrors { line }, Lang::Zh) => {
            format!("同一订单的第 {line} 行有错误，整张订单未导入")
        }
        (P::OrderHasErrors { line }, Lang::En) => {
            format!("Line {line} of the same order has an error, so the whole order is left out")
        }
    }
}

/// A cluster's name, by its number from 1.
pub fn cluster_name(lang: Lang, n: usize) -> String {
    tr!(lang, "簇 {n}", "Cluster {n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_percent_rounds_up_as_people_round() {
        assert_eq!(percent(0.625), "63%");
        assert_eq!(percent(0.375), "38%");
        assert_eq!(percent(0.347), "35%");
        assert_eq!(percent(0.0), "0%");
    }

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
