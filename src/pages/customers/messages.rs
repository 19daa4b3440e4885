//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{self, K, Lang, messages, tr};
use kehu_core::analytics;

messages! {
    SaveSegment => "保存为客户细分", "Save as segment";
    SegmentSaved => "已保存客户细分", "Segment saved";
    SegmentDeleted => "已删除客户细分", "Segment deleted";
    MyCustomers => "我的客户", "My customers";
    Any => "全部", "Any";
    ClearFilters => "清除筛选", "Clear filters";
    SortBy => "排序", "Sort by";
    Descending => "降序", "Descending";
    Ascending => "升序", "Ascending";
    NoMatches => "没有符合条件的客户。", "No customers match.";
    NoCustomersYet => "还没有客户。", "No customers yet.";
    Previous => "上一页", "Previous";
    Next => "下一页", "Next";
    FUpdated => "更新时间", "Updated";
    Page => "页", "Page";
    ExportAnon => "匿名导出", "Export anonymised";
    ExportAnonHint => "姓名、电话、邮箱和客户经理换成固定的化名，其余字段和分析结果保留，可以放心交给分析人员。", "Names, phones, emails and account managers become stable pseudonyms; the other fields and the analysis stay, safe to share with an analyst.";
    Pseudonym => "客户 ", "Customer ";
    PseudonymOwner => "经理 ", "Manager ";
    FilterInsight => "分析筛选", "Analytics filter";
    ClearFilter => "清除", "Clear";
    InsightPending => "分析结果尚未就绪，稍后显示匹配的客户。", "The analysis is not ready yet; matching customers will show once it is.";
}

pub fn filters_button(lang: Lang, applied: usize) -> String {
    match applied {
        0 => K::Filters.text(lang).to_string(),
        n => tr!(lang, "筛选（{n}）", "Filters ({n})"),
    }
}

/// A cohort (customers whose first order fell in month `m`), or those of them who
/// ordered `k` months later.
pub fn cohort_label(lang: Lang, m: i32, k: Option<u8>) -> String {
    let month = analytics::retention::Period::Month.label(m);
    match k {
        None => tr!(lang, "{month} 首购客户", "First ordered in {month}"),
        Some(k) => tr!(
            lang,
            "{month} 首购、第 {k} 个月仍下单的客户",
            "First ordered in {month}, ordering again {k} months on"
        ),
    }
}

/// Customers who ordered in month `m` and the month before.
pub fn retained_label(lang: Lang, m: i32) -> String {
    let month = analytics::retention::Period::Month.label(m);
    tr!(
        lang,
        "{month} 留存客户（上月和本月都下单）",
        "Retained in {month} (ordered that month and the one before)"
    )
}

/// How many customers match.
pub fn results_count(lang: Lang, n: usize) -> String {
    let (one, n) = (n == 1, i18n::count(n));
    match one {
        true => tr!(lang, "{n} 位客户", "{n} customer"),
        false => tr!(lang, "{n} 位客户", "{n} customers"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_customer_is_singular_in_english() {
        assert_eq!(results_count(Lang::En, 1), "1 customer");
        assert_eq!(results_count(Lang::En, 2_000), "2,000 customers");
        assert_eq!(results_count(Lang::Zh, 1), "1 位客户");
        assert_eq!(
            crate::pages::orders::messages::orders_listed(Lang::En, 1),
            "1 order"
        );
    }
}
