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
    BoughtTogether => "常一起购买", "Bought together";
    TogetherIntro => "来自最近一次分析：含这个产品的订单里，也常有这些产品。", "From the last analysis: orders with this product often also have these.";
    TogetherNone => "还看不出它常和什么一起卖：至少要有 5 张订单同时含它和另一种产品。", "Nothing it is often sold with yet: that takes at least 5 orders with it and another product.";
    TogetherNotAnalysed => "还没有分析结果。打开“分析”页计算一次后，这里会列出常和它一起购买的产品。", "Not analysed yet. Once Insights has been computed, the products bought with it show here.";
    ColShare => "同单比例", "In its orders";
    ColOrdersBoth => "同时购买的订单", "Orders with both";
    ColLift => "提升度", "Lift";
}

/// The margin as the form shows it while typing: "毛利 ¥35.20（40%）".
pub fn margin_line(lang: Lang, amount: &str, pct: &str) -> String {
    tr!(
        lang,
        "每件毛利 {amount}（{pct}）",
        "Margin per unit {amount} ({pct})"
    )
}
