//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{self, Lang, messages, tr};

messages! {
    SurveysTitle => "问卷设计", "Surveys";
    SurveysIntro => "每次记录回答都可以问 NPS、CSAT、CES 三个快速问题；卡诺、SERVQUAL 和自定义问卷在这里设计，然后在客户页或终端模式中填写。", "Every response form can ask the three quick questions (NPS, CSAT, CES). Kano, SERVQUAL and custom surveys are designed here, then answered on a customer's page or at the kiosk.";
    NewKano => "新建卡诺问卷", "New Kano survey";
    NewServqual => "新建 SERVQUAL 问卷", "New SERVQUAL survey";
    NewCustom => "新建自定义问卷", "New custom survey";
    NewSurvey => "新建问卷", "New survey";
    EditSurvey => "编辑问卷", "Edit survey";
    ColSurvey => "问卷", "Survey";
    ColTemplate => "模板", "Template";
    ColStatus => "状态", "Status";
    Archive => "归档", "Archive";
    Unarchive => "恢复使用", "Put back in use";
    NoSurveys => "还没有设计问卷。", "No surveys designed yet.";
    KanoItemsHeading => "功能（每项都会问“有”和“没有”两个问题，答案 1–5）", "Features (each asked twice: with it and without it, answers 1–5)";
    ServqualItemsHeading => "陈述（顾客为每项打期望分和感知分，1–7）", "Statements (customers rate expectation and perception, 1–7)";
    CustomItemsHeading => "评分题", "Rating items";
    DimensionLabel => "维度", "Dimension";
    AddSurveyItem => "添加题目", "Add an item";
    RemoveItem => "删除此题", "Remove this item";
    MoveUp => "上移", "Move up";
    MoveDown => "下移", "Move down";
    WeightsTotal => "合计", "Total";
    SurveyHasAnswers => "已有回答的问卷不能删除，可以归档。", "A survey with answers cannot be deleted; archive it instead.";
    SurveyDeleted => "问卷已删除", "Survey deleted";
    SurveyArchivedToast => "问卷已归档", "Survey archived";
}

/// The survey editor's caution for a survey that has answers.
pub fn survey_answered(lang: Lang, n: u32) -> String {
    let n = i18n::group(n as u64);
    tr!(
        lang,
        "这份问卷已有 {n} 份回答。改动题目文字会改变这些回答的含义；删除的题目，其回答不再计入结果。",
        "This survey has {n} responses. Changing an item's text changes what they answered; a removed item's answers no longer count in the results."
    )
}
