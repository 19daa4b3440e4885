//! The messages only contracts and warranties show (shared ones are `i18n::K`).

use crate::i18n::{Label, Lang, labels, tr};
use kehu_core::contract::{ContractKind, Standing};

crate::i18n::messages! {
    Title => "合同与保修", "Contracts and warranties";
    Intro => "服务合同和产品保修：到期前 30 天为负责人生成续签任务；受理工单时显示客户的保障。", "Service contracts and product warranties: 30 days before one ends, its owner gets a renewal task, and a ticket shows the customer's cover.";
    NewContract => "新建合同或保修", "New contract or warranty";
    EditTitle => "合同或保修", "Contract or warranty";
    Empty => "还没有合同或保修。", "No contracts or warranties yet.";
    ColTitle => "名称", "Title";
    ColCustomer => "客户", "Customer";
    ColKind => "类型", "Type";
    ColProduct => "产品", "Product";
    ColPeriod => "期限", "Period";
    ColValue => "金额", "Value";
    ColStanding => "状态", "Standing";
    AllProducts => "客户的全部产品", "Everything the customer bought";
    Saved => "已保存，续签任务已安排", "Saved; its renewal task is scheduled";
    Deleted => "已删除", "Deleted";
    NotFound => "找不到这个合同，可能已被删除。", "This contract was not found; it may have been deleted.";
    ForCustomer => "客户", "Customer";
    AllCustomers => "显示全部客户的", "Show every customer's";
    Cover => "保障", "Cover";
    NotCovered => "这个产品不在任何合同或保修期内。", "No contract or warranty covers this product.";
    NoCover => "客户没有有效的合同或保修。", "The customer has no contract or warranty in force.";
}

labels!(ContractKind {
    Service => "服务合同", "Service contract";
    Warranty => "保修", "Warranty";
});
labels!(Standing {
    Upcoming => "未开始", "Not started";
    Active => "有效", "In force";
    Ending => "即将到期", "Ending soon";
    Expired => "已到期", "Expired";
});

/// "2026-01-01 至 2026-12-31".
pub fn period(lang: Lang, from: &str, to: &str) -> String {
    tr!(lang, "{from} 至 {to}", "{from} to {to}")
}

/// The renewal task's title.
pub fn renew(lang: Lang, title: &str) -> String {
    tr!(lang, "续签：{title}", "Renew: {title}")
}

/// "保修：两年保修（至 2028年4月30日）".
pub fn covered_by(lang: Lang, kind: &str, title: &str, end: &str) -> String {
    tr!(
        lang,
        "{kind}：{title}（至 {end}）",
        "{kind}: {title} (until {end})"
    )
}
