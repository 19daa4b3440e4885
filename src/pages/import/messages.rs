//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{self, Lang, messages, tr};
use kehu_core::import;

messages! {
    ImportFor => "导入的问卷", "Answers to";
    FKehuId => "kehu 编号（ID）", "kehu ID";
    ImportTitle => "导入数据", "Import data";
    ImportLead => "从 Excel 工作簿（.xlsx）或其他系统导出的 CSV 文件导入客户、订单（或订单明细）、联系人、互动记录、调查回答、产品目录、线索、商机、服务工单或营销活动回应。先检查每一行，确认后才分批写入；重复导入同一客户文件会更新而不是重复创建客户。", "Import customers, orders (or order lines), contacts, interactions, survey responses, the product catalogue, leads, opportunities, service tickets or campaign responses from an Excel workbook (.xlsx) or a CSV file exported from another system. Every row is checked first and nothing is written until you confirm; importing a customer file again updates the customers instead of duplicating them.";
    ImportWhat => "导入内容", "What to import";
    ImportCustomers => "客户", "Customers";
    ImportOrders => "订单", "Orders";
    ImportDrop => "把 Excel 或 CSV 文件拖到这里，或", "Drop an Excel or CSV file here, or";
    ImportChoose => "选择文件", "choose a file";
    ImportFormats => "Excel 工作簿（.xlsx，读取第一个工作表），或 CSV、TXT：UTF-8 或 GBK 编码，逗号、分号、制表符或竖线分隔，大小不限。", "Excel workbooks (.xlsx, the first sheet), or CSV and TXT: UTF-8 or GBK, separated by commas, semicolons, tabs or bars, any size.";
    ImportEncoding => "编码", "Encoding";
    ImportDelimiter => "分隔符", "Delimiter";
    ImportDayOrder => "日/月/年 形式的日期", "Dates with the year last";
    DelimComma => "逗号 ,", "Comma ,";
    DelimSemicolon => "分号 ;", "Semicolon ;";
    DelimTab => "制表符", "Tab";
    DelimBar => "竖线 |", "Bar |";
    DayFirst => "日.月.年（05.03.2026 是 3 月 5 日）", "Day first (05.03.2026 is 5 March)";
    MonthFirst => "月/日/年（3/5/2026 是 3 月 5 日）", "Month first (3/5/2026 is 5 March)";
    ImportPreview => "预览（前几行）与列对应", "Preview (first rows) and columns";
    ImportColumnFor => "这一列导入到", "Import this column into";
    ImportSkipColumn => "（不导入）", "(do not import)";
    ImportLine => "行", "Line";
    ImportMissing => "还需要为这些字段选择列：", "Choose a column for: ";
    ImportCreateMissing => "找不到的客户自动新建（用客户名称列或引用作名称）", "Create customers that are not found (named by the customer name column, or the reference)";
    ImportCheck => "检查全部行", "Check every row";
    ImportChecking => "正在检查…", "Checking…";
    ImportPlanTitle => "检查结果", "Check result";
    ImportRowsRead => "读取的行", "Rows read";
    ImportWillCreate => "新建客户", "New customers";
    ImportWillUpdate => "更新客户", "Customers updated";
    ImportUnchanged => "无变化", "Unchanged";
    ImportSkipped => "跳过（重复）", "Skipped (duplicates)";
    ImportBadRows => "有错误的行", "Rows with errors";
    ImportOrderCount => "订单", "Orders";
    ImportMoreErrors => "其余问题见错误报告", "See the error report for the rest";
    ImportReport => "下载错误报告", "Download the error report";
    ImportRun => "导入", "Import";
    ImportNothing => "没有可导入的行", "Nothing to import";
    ImportDone => "导入完成", "Import finished";
    ImportViewCustomers => "查看客户", "View customers";
    ImportOrdersNext => "接着导入订单", "Import orders next";
    ImportInteractions => "互动记录", "Interactions";
    ImportContacts => "联系人", "Contacts";
    ImportResponsesKind => "调查回答", "Survey responses";
    ImportResponseCount => "调查回答", "Responses";
    ImpResponseDate => "回答日期", "Date answered";
    ImpComment => "意见", "Comment";
    ImportProductsKind => "产品目录", "Products (catalogue)";
    ImportLeadsKind => "线索", "Leads";
    ImportOppsKind => "商机", "Opportunities";
    ImportLinesKind => "订单明细（每行一件商品）", "Order lines (a row per product)";
    ImportLineCount => "明细行", "Lines";
    ImpLineProduct => "商品（货号或名称）", "Product (SKU or name)";
    ImpLineDiscount => "折扣（% 或 9折）", "Discount (% off, or 9折)";
    ImportLinesHint => "每行一件商品；订单号相同的相邻行合成一张订单（订单号留空的行接上一张），金额是明细合计。客户、日期、状态和销售员取自订单的第一行。", "A row per product: adjacent rows with the same order number make one order (a row with a blank number continues the one above), its amount the lines' total. The customer, date, status and salesperson come from the order's first row.";
    ImportOppCount => "商机", "Opportunities";
    ImportTicketsKind => "服务工单", "Service tickets";
    ImportTicketCount => "工单", "Tickets";
    ImpTicketType => "工单类型", "Type";
    ImpTicketChannel => "受理渠道", "Channel";
    ImpTicketPriority => "优先级", "Priority";
    ImpTicketStatus => "状态", "Status";
    ImpTicketResolved => "解决时间", "Resolved";
    ImpTicketAssignee => "处理人", "Assignee";
    ImpTicketProduct => "产品（货号或名称）", "Product (SKU or name)";
    ImpTicketRootCause => "根本原因", "Root cause";
    ImportCampaignResponsesKind => "营销活动回应", "Campaign responses";
    ImportCampaignResponseCount => "回应", "Responses";
    ImpResponseCampaign => "活动（名称或编号）", "Campaign (name or id)";
    ImpResponseKind => "回应类型", "Response";
    ImpResponseDay => "回应日期", "Day of the response";
    ImpOppTitle => "商机名称", "Title";
    ImpOppStage => "阶段", "Stage";
    ImpOppClose => "预计成交日期", "Expected close";
    ImpOppProbability => "赢单概率（%）", "Chance of winning (%)";
    ImpOppCompetitors => "竞争对手", "Competitors";
    ImpOppLostReason => "输单原因", "Lost reason";
    ImpOppNextStep => "下一步", "Next step";
    ImportLeadCount => "线索", "Leads";
    ImpLeadName => "姓名", "Name";
    ImpLeadCompany => "公司", "Company";
    ImpLeadSource => "来源", "Source";
    ImpLeadStatus => "状态", "Status";
    ImpLeadOwner => "负责人（姓名或编号）", "Owner (name or id)";
    ImpLeadScore => "评分（0–100）", "Score (0–100)";
    ImpLeadInterest => "意向", "Interest";
    ImpLeadAmount => "预计金额", "Possible amount";
    ImportProductCount => "产品", "Products";
    ImpProductSku => "货号（SKU）", "SKU";
    ImpProductName => "产品名称", "Product name";
    ImpProductCategory => "品类", "Category";
    ImpProductUnit => "单位", "Unit";
    ImpProductPrice => "售价", "Price";
    ImpProductCost => "成本价", "Cost";
    ImpProductStock => "库存", "Stock";
    ImpProductActive => "在售（是/否）", "Active (yes/no)";
    ImportSurveyHint => "每行一份回答：客户（编号、手机、邮箱或姓名）、日期，以及快速问题的分数或所选问卷各题的答案。", "One response per row: the customer (number, phone, email or name), the date, and the quick questions' scores or the answers to the chosen survey's items.";
    ImportContactCount => "联系人", "Contacts";
    ImportContactsAdded => "新联系人", "New contacts";
    ImportContactsFilled => "补全的联系人", "Contacts filled in";
    ImpContactOf => "所属客户（编号、名称、邮箱或电话）", "Organisation (number, name, email or phone)";
    ImportInteractionCount => "互动记录", "Interactions";
    ImpInteractionAt => "时间（日期，可带时刻）", "When (a date, a time optional)";
    ImportStopped => "导入已停止。已写入的批次保留；可以在导入记录里继续或全部撤销。", "The import stopped. The batches written are kept; from the import history you can resume it or take it all back.";
    ImportEncodingDoubt => "这些文字用所选编码读出来可能是乱码。如果预览看起来不对，请换一种编码（例如繁体中文文件用 Big5，西文文件用 Windows-1252）。", "The text may not read correctly in this encoding. If the preview looks wrong, choose another one (Big5 for Traditional Chinese files, Windows-1252 for Western ones).";
    ImpOrderCustomer => "客户（编号、手机、邮箱或名称）", "Customer (number, phone, email or name)";
    ImpOrderCustomerName => "客户名称（新建客户用）", "Customer name (for new customers)";
    ImpOrderNumber => "订单号", "Order number";
    ReportLine => "行号", "Line";
    ReportColumn => "列", "Column";
    ReportValue => "内容", "Value";
    ReportProblem => "问题", "Problem";
}

/// One import error as a sentence: line, column, the cell's text, the reason.
pub fn import_error(lang: Lang, e: &import::plan::ImportError, header: &[String]) -> String {
    let column = e.column.and_then(|c| header.get(c));
    let why = i18n::import_problem(lang, &e.problem);
    let (line, value) = (e.line, &e.value);
    match (column, value.is_empty()) {
        (Some(c), false) => tr!(
            lang,
            "第 {line} 行，{c}「{value}」：{why}",
            "Line {line}, {c} “{value}”: {why}"
        ),
        (Some(c), true) => tr!(lang, "第 {line} 行，{c}：{why}", "Line {line}, {c}: {why}"),
        (None, _) => tr!(lang, "第 {line} 行：{why}", "Line {line}: {why}"),
    }
}

/// The preview's note on a wide file: how many columns have no picker.
pub fn columns_hidden(lang: Lang, n: usize) -> String {
    let n = i18n::group(n as u64);
    tr!(
        lang,
        "另有 {n} 列未显示，也不会导入（只显示前 60 列和已对应字段的列）。",
        "{n} more columns are not shown and will not be imported (the first 60 are shown, and any mapped to a field)."
    )
}

/// The time an operation still needs, roughly ("about 1 min 20 s left").
pub fn remaining(lang: Lang, secs: f64) -> String {
    let s = secs.max(1.0).round() as u64;
    let (m, s) = (s / 60, s % 60);
    if m == 0 {
        tr!(lang, "预计还需 {s} 秒", "about {s} s left")
    } else {
        tr!(lang, "预计还需 {m} 分 {s} 秒", "about {m} min {s} s left")
    }
}

/// Imports that stopped before their end, which the history resumes.
pub fn unfinished(lang: Lang, n: usize) -> String {
    tr!(
        lang,
        "未完成的导入（已停止、出错或页面关闭）：{n}",
        "Imports that did not finish (stopped, failed or cut off): {n}"
    )
}
