//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{self, Lang, messages, tr};
use kehu_core::Day;

messages! {
    WelcomeTitle => "欢迎使用客户", "Welcome to kehu";
    WelcomeBody => "您的客户数据只保存在这个浏览器里，不会上传到任何服务器。先载入示例数据看看，或者直接添加第一位客户。", "Your customer data stays in this browser; nothing is uploaded anywhere. Load the demo data to look around, or add your first customer.";
    LoadDemo => "载入示例数据", "Load demo data";
    LoadingDemo => "正在载入示例数据", "Loading demo data";
    AddFirstCustomer => "添加第一位客户", "Add your first customer";
    DemoLoaded => "示例数据已载入", "Demo data loaded";
    StatRevenue => "累计销售额", "Revenue, all time";
    StatRevenue12m => "近 12 个月销售额", "Revenue, last 12 months";
    RecentCustomers => "最近更新的客户", "Recently updated customers";
    NewCustomer => "新建客户", "New customer";
    ImportFromFile => "从表格导入客户", "Import from a spreadsheet";
}

/// The folded filters' button: "Filters", or "Filters (2)" with two applied.
/// Under the overview's figures when they are not as of today.
pub fn figures_as_of(lang: Lang, d: Day) -> String {
    let d = i18n::date(lang, d);
    tr!(
        lang,
        "订单数字截至分析日期 {d}",
        "Order figures as of the analysis date, {d}"
    )
}
