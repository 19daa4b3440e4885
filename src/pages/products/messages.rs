//! The messages only the product pages show (shared ones are `i18n::K`).

use crate::i18n::{Lang, tr};

crate::i18n::messages! {
    Title => "产品", "Products";
    Intro => "店里卖的产品和服务：售价、成本和库存。报价时从这里选，毛利自动算出。", "What the shop sells: price, cost and stock. Quotes pick from here and show the margin.";
    NewProduct => "新建产品", "New product";
    EditTitle => "编辑产品", "Edit product";
    Search => "搜索产品", "Search products";
    SearchPlaceholder => "货号、名称、类别…", "SKU, name, category…";
    AnyCategory => "全部类别", "All categories";
    ShowAll => "包括已停售", "Include discontinued";
    Empty => "还没有产品。点“新建产品”登记第一个。", "No products yet. Add the first with \"New product\".";
    NoMatch => "没有符合条件的产品。", "No products match.";
    ColMargin => "毛利率", "Margin";
    OutOfStock => "缺货", "Out of stock";
    NotCounted => "不计库存", "Not counted";
    Active => "在售（报价时可选）", "On sale (offered on quotes)";
    Discontinued => "已停售", "Discontinued";
    StockHint => "留空表示不计库存（如服务）。", "Leave blank if not counted (a service).";
    Saved => "产品已保存", "Product saved";
    Deleted => "产品已删除", "Product deleted";
    NotFound => "找不到这个产品，可能已被删除。", "This product was not found; it may have been deleted.";
    Quotes => "报价单", "Quotes";
}

/// The margin as the form shows it while typing: "毛利 ¥35.20（40%）".
pub fn margin_line(lang: Lang, amount: &str, pct: &str) -> String {
    tr!(
        lang,
        "每件毛利 {amount}（{pct}）",
        "Margin per unit {amount} ({pct})"
    )
}
