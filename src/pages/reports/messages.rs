//! The messages only the reports page shows (shared ones are `i18n::K`).

use crate::i18n::{self, Lang, tr};

crate::i18n::messages! {
    Title => "报表", "Reports";
    Intro => "把订单、订单明细或销售机会按任意两个维度汇总：行和列各选一个，显示合计、笔数或平均值。点任意一格，查看它背后的记录。退货和已取消的订单不计入。", "Sum up orders, order lines or opportunities along any two fields: pick one for the rows and one for the columns, and show the sum, the count or the average. Click any cell for the records behind it. Returned and cancelled orders are not counted.";
    Presets => "常用报表", "Common reports";
    ByMonth => "按月营收", "Revenue by month";
    ByRegion => "按区域营收", "Revenue by region";
    ByOwner => "按负责人营收", "Revenue by owner";
    Source => "数据", "Records";
    SourceOrders => "订单", "Orders";
    SourceLines => "订单明细", "Order lines";
    SourceOpportunities => "销售机会", "Opportunities";
    Rows => "行", "Rows";
    Cols => "列", "Columns";
    NoCols => "不分列", "None";
    Measure => "度量", "Measure";
    Show => "显示", "Show";
    AggSum => "合计", "Sum";
    AggCount => "笔数", "Count";
    AggAverage => "平均值", "Average";
    From => "从", "From";
    To => "到", "To";
    DimCustomer => "客户", "Customer";
    DimProduct => "产品", "Product";
    DimCategory => "品类", "Category";
    DimRegion => "区域", "Region";
    DimOwner => "负责人", "Owner";
    DimStatus => "订单状态", "Order status";
    DimStage => "阶段", "Stage";
    DimDay => "日", "Day";
    DimWeek => "周（从周一起）", "Week (from Monday)";
    DimMonth => "月", "Month";
    DimQuarter => "季度", "Quarter";
    DimYear => "年", "Year";
    MeasureAmount => "金额", "Amount";
    MeasureMargin => "毛利（成本已知的）", "Gross margin (where cost is known)";
    MeasureQuantity => "数量", "Quantity";
    MeasureWeighted => "加权金额（金额 × 赢单概率）", "Weighted amount (amount × chance of winning)";
    Total => "合计", "Total";
    Computing => "正在计算…", "Computing…";
    Empty => "没有符合条件的记录。换个日期范围，或换一种数据试试。", "No records match. Try other dates or other records.";
    EmptyMargin => "这些记录都没有成本：毛利只算录入了成本的订单和明细。在订单或产品上填写成本后再看。", "None of these records has a cost: margin counts only the orders and lines whose cost was entered. Enter costs on orders or products, then look again.";
    Failed => "报表没能算出来：", "The report could not be computed: ";
    DrillTitle => "明细", "Records";
    Close => "关闭", "Close";
    ColDate => "日期", "Date";
    ColCustomer => "客户", "Customer";
    ColDetail => "内容", "Detail";
    ColValue => "值", "Value";
}

/// "12 more" for the rows folded into one.
pub fn folded(lang: Lang, n: u32) -> String {
    let n = i18n::count(n as usize);
    tr!(lang, "其余 {n} 项", "{n} more")
}

/// "Show all 500 rows".
pub fn show_all(lang: Lang, rows: usize) -> String {
    let rows = i18n::count(rows);
    tr!(lang, "显示全部 {rows} 行", "Show all {rows} rows")
}

/// "1,234 records, total ¥56,789.00".
pub fn summary(lang: Lang, records: u64, total: &str) -> String {
    let records = i18n::count(records as usize);
    tr!(
        lang,
        "{records} 条记录，合计 {total}",
        "{records} records, total {total}"
    )
}

/// "The latest 200 of 1,234".
pub fn latest(lang: Lang, shown: usize, of: u64) -> String {
    let (shown, of) = (i18n::count(shown), i18n::count(of as usize));
    tr!(
        lang,
        "列出最近的 {shown} 条（共 {of} 条）",
        "The latest {shown} of {of}"
    )
}
