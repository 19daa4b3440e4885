//! The messages only the expense pages show (shared ones are `i18n::K`).

use crate::i18n::{Lang, tr};

crate::i18n::messages! {
    Title => "费用报告", "Expenses";
    Intro => "销售过程中花的钱：按月、按人汇总，提交、批准和报销一目了然。", "What selling cost, by month and by person: submitted, approved and paid at a glance.";
    NewExpense => "记一笔费用", "Add an expense";
    EditTitle => "编辑费用", "Edit expense";
    Previous => "上个月", "Previous month";
    Next => "下个月", "Next month";
    AnyOwner => "全部人员", "Everyone";
    Empty => "这个月还没有费用。", "No expenses this month.";
    ByOwner => "按人汇总", "By person";
    Claims => "明细", "Claims";
    ColCategory => "类别", "Category";
    ColStatus => "状态", "Status";
    ColFor => "用于", "For";
    ColPending => "待批", "Awaiting approval";
    ColApproved => "已批", "Approved";
    ColTotal => "合计", "Total";
    ColCount => "笔数", "Claims";
    RejectedOut => "已驳回的不计入合计。", "Rejected claims are not counted.";
    ForCustomer => "用于客户", "For customer";
    ForOpportunity => "商机", "Opportunity";
    Saved => "费用已保存", "Expense saved";
    Deleted => "费用已删除", "Expense deleted";
    NotFound => "找不到这笔费用，可能已被删除。", "This expense was not found; it may have been deleted.";
}

/// The month shown, between its arrows: "2026年12月 · 8 笔".
pub fn month_count(lang: Lang, month: &str, n: usize) -> String {
    tr!(lang, "{month} · {n} 笔", "{month} · {n} claims")
}
