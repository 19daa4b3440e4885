//! The messages only the knowledge base shows (shared ones are `i18n::K`).

use crate::i18n::{Lang, tr};

crate::i18n::messages! {
    Title => "知识库", "Knowledge base";
    Intro => "常见问题的答案：写一次，受理工单时就能找到。支持中文搜索。", "Answers to the questions that come up: written once, found again on every ticket. Search works in Chinese too.";
    Search => "搜索文章", "Search the articles";
    NewArticle => "新建文章", "New article";
    EditTitle => "文章", "Article";
    Empty => "知识库还没有文章。", "The knowledge base has no articles yet.";
    NoMatch => "没有找到相关文章。", "No article matches.";
    Saved => "文章已保存", "Article saved";
    SavedLinked => "文章已保存，并关联到工单", "Article saved and linked to the ticket";
    Deleted => "文章已删除", "Article deleted";
    NotFound => "找不到这篇文章，可能已被删除。", "This article was not found; it may have been deleted.";
    TagsHint => "用逗号或空格分隔，例如：发票, 售后", "Separated by commas or spaces, such as: invoice, after-sales";
    FromTicket => "来自工单", "From the ticket";
    OnTicket => "相关文章", "Articles";
    Link => "关联", "Link";
    Unlink => "取消关联", "Unlink";
    Suggested => "可能有帮助", "Might help";
    NoneLinked => "还没有关联文章。", "No article linked yet.";
    FromResolution => "把处理结果存为文章", "Save the resolution as an article";
    SearchAll => "在知识库中搜索", "Search the knowledge base";
}

/// "3 篇文章".
pub fn count(lang: Lang, n: usize) -> String {
    match n {
        1 => tr!(lang, "{n} 篇文章", "{n} article"),
        _ => tr!(lang, "{n} 篇文章", "{n} articles"),
    }
}
