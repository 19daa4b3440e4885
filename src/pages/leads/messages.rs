//! The messages only the lead pages show (shared ones are `i18n::K`).

use crate::i18n::{Lang, tr};

crate::i18n::messages! {
    Title => "线索", "Leads";
    Intro => "还不是客户的潜在客户：从哪里来、跟进到哪一步、值得多少分。合格的线索一键转成客户和商机。", "People and companies who may buy: where they came from, how far they got, how promising they are. A qualified lead becomes a customer and an opportunity in one step.";
    NewLead => "新建线索", "New lead";
    EditTitle => "编辑线索", "Edit lead";
    AnyOwner => "全部负责人", "Any owner";
    Search => "搜索线索", "Search leads";
    SearchPlaceholder => "姓名、公司、电话、城市…", "Name, company, phone, city…";
    Empty => "还没有线索。点“新建线索”登记第一个。", "No leads yet. Add the first with \"New lead\".";
    NoMatch => "没有符合条件的线索。", "No leads match.";
    ColLead => "线索", "Lead";
    ColStatus => "状态", "Status";
    ColScore => "评分", "Score";
    ColSource => "来源", "Source";
    ColWhere => "地区", "Where";
    ColInterest => "意向", "Interest";
    ColAdded => "登记日期", "Added";
    FName => "联系人", "Contact person";
    FCompany => "公司（可选）", "Company (optional)";
    FInterest => "意向产品或需求", "Interested in";
    FAmount => "预计金额", "Possible amount";
    FScore => "评分（0–100）", "Score (0–100)";
    OwnerHint => "新线索不选负责人时，按地区分配。", "A new lead with no owner goes to whoever covers its region.";
    FScoreHint => "留空则自动评分：来源、联系方式、需求和进展。", "Leave blank to score it from its source, contact details, need and progress.";
    ByRegion => "按地区分配", "Assign by region";
    NobodyForRegion => "没有负责这个地区的在职销售人员；请手动选择负责人，或在团队页面给成员设置地区。", "Nobody active in sales covers this region; choose an owner, or give a team member this region on the team page.";
    Saved => "线索已保存", "Lead saved";
    Deleted => "线索已删除", "Lead deleted";
    NotFound => "找不到这条线索，可能已被删除。", "This lead was not found; it may have been deleted.";
    Convert => "转为客户和商机", "Convert to customer and opportunity";
    ConvertIntro => "新建一位客户（阶段：机会客户）和一个商机，线索的备注记到客户的联系记录里。", "Creates a customer (stage: opportunity) and an opportunity; the lead's note goes on the customer's timeline.";
    OnlyQualified => "线索状态为“合格”后才能转化。", "A lead converts once its status is Qualified.";
    ConvertedTo => "已转化为客户：", "Converted to customer:";
    ConvertedNote => "由线索转化", "Converted from a lead";
    FirstDeal => "首次合作", "First deal";
    MaybeCustomer => "已有电话或邮箱相同的客户：", "A customer with the same phone or email exists:";
    OpenCustomer => "打开客户", "Open the customer";
    OpenOpportunity => "打开商机", "Open the opportunity";
}

/// The toast after converting: "「李明」已转为客户".
pub fn converted(lang: Lang, name: &str) -> String {
    tr!(
        lang,
        "「{name}」已转为客户和商机",
        "“{name}” is now a customer with an opportunity"
    )
}

/// The computed score, when none was given: "自动评分 55".
pub fn auto_score(lang: Lang, score: u8) -> String {
    tr!(lang, "自动评分 {score}", "Scored {score}")
}

/// Converting failed on the customer's checks: "不能转化：电话号码无效".
pub fn cannot_convert(lang: Lang, why: &str) -> String {
    tr!(
        lang,
        "不能转化，客户资料有误：{why}",
        "Cannot convert, the customer's details are wrong: {why}"
    )
}
