//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{K, Lang, Msg, messages, tr};
use kehu_core::validate;

messages! {
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
    RestoreAdminOnly => "这台设备在同步：替换全部数据会替换商店在每台设备上的数据，只有管理员登录时才能这样做。合并只添加缺少的记录，随后同步到其他设备。", "This device syncs: replacing all data replaces the shop's on every device, which only an admin signed in can do. A merge adds only what is missing, and then syncs to the other devices.";
    RestoreSyncing => "这台设备在同步：恢复的内容会同步到商店的每台设备；替换全部数据时，备份里没有的记录也会从每台设备上删除。", "This device syncs: what is restored reaches every device of the shop; replacing all data also deletes from every device what the backup lacks.";
    RestoreRunning => "正在恢复…", "Restoring…";
    RestoreDone => "已从备份恢复", "Restored from the backup";
    RestoreConfirmTitle => "用备份替换全部数据？", "Replace all data with the backup?";
    RestoreConfirmBody => "现在保存的所有客户、订单和记录都会被备份中的内容替换。此操作不能撤销；如有需要，请先下载一份当前数据的备份。", "Every customer, order and record stored now is replaced by the backup's content. This cannot be undone; download a backup of the current data first if you may need it.";
    BackupNeverWarn => "您的数据还没有备份过。数据只保存在这个浏览器里，清除浏览器数据会丢失它们。", "Your data has never been backed up. It lives only in this browser; clearing the browser's data would lose it.";
    BackupNow => "立即备份", "Back up now";
}

/// The label of the form field a problem is in, with the row for list fields
/// ("Contacts 2: Role"), for messages that are not shown next to the field itself.
pub fn field_label(lang: Lang, f: validate::Field) -> String {
    use crate::pages::rewards::messages as R;
    use validate::Field as F;
    let row = |section: Msg, n: usize, k: Msg| {
        let (section, n, field) = (section.text(lang), n + 1, k.text(lang));
        tr!(
            lang,
            "{section}第 {n} 行：{field}",
            "{section} {n}: {field}"
        )
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
        F::Arrears => K::FOpeningArrears,
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
        F::OrderCost => K::FCost,
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
        F::Commission => K::FCommission,
        F::Quota => K::FQuota,
        F::SignInName => K::FSignInName,
        F::OppTitle => K::FOpportunity,
        F::OppAmount => K::Amount,
        F::OppStage => K::FStageOfSale,
        F::OppProbability => K::FChance,
        F::OppClose => K::FExpectedClose,
        F::OppCompetitors => K::FCompetitors,
        F::OppNextStep => K::FNextStep,
        F::OppLostReason => K::FLostReason,
        F::TaskTitle => K::FTask,
        F::TaskDue => K::FDue,
        F::TaskTime => K::TimeOfDay,
        F::TaskRemind => K::FRemind,
        F::TaskNote => K::Note,
        F::LeadName => K::FName,
        F::LeadCompany => K::FCompanyName,
        F::LeadPhone => K::FPhone,
        F::LeadEmail => K::FEmail,
        F::LeadRegion => K::FRegion,
        F::LeadCity => K::FCity,
        F::LeadInterest => K::FInterest,
        F::LeadAmount => K::Amount,
        F::LeadScore => K::FScore,
        F::LeadNote => K::Note,
        F::ProductSku => K::FSku,
        F::ProductName => K::FProductName,
        F::ProductCategory => K::FCategory,
        F::ProductUnit => K::FUnit,
        F::ProductPrice => K::FListPrice,
        F::ProductCost => K::FCost,
        F::ProductStock => K::FStock,
        F::ProductNote => K::Note,
        F::QuoteNumber => K::FQuoteNumber,
        F::QuoteIssued => K::FIssued,
        F::QuoteValidUntil => K::FValidUntil,
        F::QuoteLines => K::FQuoteLines,
        F::LineName(n) => return row(K::FQuoteLines, n, K::Product),
        F::LineQuantity(n) => return row(K::FQuoteLines, n, K::Quantity),
        F::LinePrice(n) => return row(K::FQuoteLines, n, K::UnitPrice),
        F::LineDiscount(n) => return row(K::FQuoteLines, n, K::FDiscount),
        F::QuoteDiscount => K::FDiscount,
        F::QuoteTax => K::FTaxRate,
        F::QuoteTerms => K::FTerms,
        F::ExpenseOwner => K::FOppOwner,
        F::ExpenseDay => K::FExpenseDay,
        F::ExpenseAmount => K::Amount,
        F::ExpenseNote => K::Note,
        F::SegmentName => K::FSegmentName,
        F::SegmentFilter => K::FSegmentFilter,
        F::ShopSetting => K::FShopSettings,
        F::TicketSubject => K::Subject,
        F::TicketDescription => K::FTicketDescription,
        F::TicketOpened => K::FOpened,
        F::TicketNote => K::FTicketNote,
        F::TicketResolution => K::FResolution,
        F::ContractTitle => K::FContractTitle,
        F::ContractStart => K::FContractStart,
        F::ContractEnd => K::FContractEnd,
        F::ContractValue => K::FContractValue,
        F::ContractCoverage => K::FContractCoverage,
        F::ArticleTitle => K::FArticleTitle,
        F::ArticleBody => K::FArticleBody,
        F::ArticleTags => K::FTags,
        F::CareName => K::FCareName,
        F::CareTitle => K::FCareTitle,
        F::CareDays => K::FCareDays,
        F::CareCategory => K::FCategory,
        F::CareValue => K::FCareValue,
        F::CampaignName => K::FCampaignName,
        F::CampaignGoal => K::FCampaignGoal,
        F::CampaignBudget => K::FBudget,
        F::CampaignCost => K::FCampaignCost,
        F::CampaignStart => K::FCampaignStart,
        F::CampaignEnd => K::FCampaignEnd,
        F::CampaignControl => K::FControlShare,
        F::CampaignWindow => K::FWindow,
        F::CampaignResponses => K::FResponses,
        F::SlaDay(d) => {
            return format!(
                "{} {}",
                K::FServiceHours.text(lang),
                crate::i18n::weekday(lang, d)
            );
        }
        F::SlaHolidays => K::FHolidays,
        F::SlaWorkdays => K::FWorkdays,
        F::SlaTarget(k) => return format!("{} {}", K::FTarget.text(lang), k + 1),
        F::RewardsSince => R::FSince,
        F::RewardsPerYuan => R::FPerYuan,
        F::RewardsRedeem => R::FRedeem,
        F::TierName(n) => return row(R::Tiers, n, R::TierName),
        F::TierFrom(n) => return row(R::Tiers, n, R::TierFrom),
        F::RewardPoints => R::Points,
    };
    k.text(lang).to_string()
}
