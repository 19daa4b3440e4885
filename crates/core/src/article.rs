//! The knowledge base (知识库): articles the desk writes once and finds again, with tags
//! and full-text search that works for Chinese, where words are not separated by
//! spaces. An article may come from a ticket's resolution ([`Article::from_ticket`]);
//! tickets link the articles that helped.
//!
//! Search folds case and full-width forms ([`crate::text::fold`]), splits Latin text
//! and digits into words and Chinese text into overlapping pairs of characters
//! (bigrams, the usual index for unsegmented CJK text), and ranks articles by the
//! query's terms they hold, a match in the title or a tag counting more than one in the
//! body. An article must hold a term in its title or tags, or at least half the
//! query's terms in its body: a question in other words (怎么开发票 for 开具发票) still
//! finds the article that answers it, and a word that merely occurs in a body does not
//! bring up every article.

use crate::text::fold;
use crate::ticket::Ticket;
use crate::validate::{self, Field, FieldError, Problem};
use crate::{Day, Id, Millis};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: Id,
    pub title: String,
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The ticket whose resolution it was written from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<Id>,
    pub created: Millis,
    pub updated: Millis,
}

impl Article {
    pub fn new(id: Id, now: Millis) -> Article {
        Article {
            id,
            title: String::new(),
            body: String::new(),
            tags: Vec::new(),
            ticket: None,
            created: now,
            updated: now,
        }
    }

    /// An article from a ticket: its subject as the title, the problem and what solved
    /// it as the body, tagged with its type (`kind`, in the user's words).
    pub fn from_ticket(id: Id, t: &Ticket, kind: &str, now: Millis) -> Article {
        let body = [t.description.trim(), t.resolution.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        Article {
            title: t.subject.clone(),
            body,
            tags: vec![kind.to_string()],
            ticket: Some(t.id.clone()),
            ..Article::new(id, now)
        }
    }
}

/// Whether `c` is written without spaces between words (Chinese, Japanese kana).
fn unspaced(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The search terms of `text`: folded Latin words and numbers, and the bigrams of each
/// run of Chinese (a lone character is a term of its own).
pub fn terms(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    let (mut word, mut run) = (String::new(), Vec::<char>::new());
    let flush_run = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect())),
        }
        run.clear();
    };
    for c in folded.chars() {
        if unspaced(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut out);
            word.push(c);
        } else {
            flush_run(&mut run, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_run(&mut run, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    let mut seen = HashSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out
}

/// The articles matching `query`, best first (ties: the latest edited first). An empty
/// query lists every article, latest first.
pub fn search<'a>(articles: &'a [Article], query: &str) -> Vec<&'a Article> {
    let wanted = terms(query);
    let mut scored: Vec<(u32, &Article)> = articles
        .iter()
        .filter_map(|a| Some((score(a, &wanted)?, a)))
        .collect();
    scored.sort_by(|x, y| {
        (y.0.cmp(&x.0))
            .then(y.1.updated.cmp(&x.1.updated))
            .then(x.1.id.cmp(&y.1.id))
    });
    scored.into_iter().map(|(_, a)| a).collect()
}

/// How well `a` matches `wanted`: 3 for a term in the title or a tag, 1 in the body;
/// `None` when none is in its title or tags and fewer than half are in its body.
fn score(a: &Article, wanted: &[String]) -> Option<u32> {
    if wanted.is_empty() {
        return Some(0);
    }
    let set = |s: &str| terms(s).into_iter().collect::<HashSet<String>>();
    let head = set(&format!("{} {}", a.title, a.tags.join(" ")));
    let body = set(&a.body);
    let (mut hits, mut score, mut headed) = (0, 0, false);
    for t in wanted {
        let w = match (head.contains(t), body.contains(t)) {
            (true, _) => 3,
            (false, true) => 1,
            _ => continue,
        };
        headed |= w == 3;
        hits += 1;
        score += w;
    }
    (headed || hits * 2 >= wanted.len()).then_some(score)
}

impl crate::kinds::Doc for Article {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("articles");

    crate::kinds::doc_accessors!(shop);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_article(self)
    }
}

/// Longest an article's body may be: a long how-to, not a manual.
pub const MAX_BODY: usize = 20_000;

/// The rules an article obeys, whoever wrote it: a title and a body, within their
/// limits; tags as a customer's are.
pub fn check_article(a: Article) -> Result<Article, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let title = validate::line(&a.title, validate::MAX_TEXT, Field::ArticleTitle, &mut err);
    if title.is_empty() {
        err(Field::ArticleTitle, Problem::Required);
    }
    let body = validate::block(&a.body, MAX_BODY, Field::ArticleBody, &mut err);
    if body.is_empty() {
        err(Field::ArticleBody, Problem::Required);
    }
    let tags: Vec<String> = (a.tags.iter())
        .map(|t| crate::text::clean_line(t))
        .filter(|t| !t.is_empty())
        .collect();
    if tags.len() > validate::MAX_TAGS {
        let max = validate::MAX_TAGS;
        err(Field::ArticleTags, Problem::TooManyTags { max });
    }
    if tags.iter().any(|t| t.chars().count() > validate::MAX_TAG) {
        let max = validate::MAX_TAG;
        err(Field::ArticleTags, Problem::TagTooLong { max });
    }
    validate::merged(
        Ok(Article {
            title,
            body,
            tags,
            ..a
        }),
        errs,
    )
}

/// An article as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDraft {
    pub title: String,
    pub body: String,
    /// Separated by commas, 、 or spaces ([`validate::parse_tags`]).
    pub tags: String,
}

impl ArticleDraft {
    pub fn from_article(a: &Article) -> ArticleDraft {
        ArticleDraft {
            title: a.title.clone(),
            body: a.body.clone(),
            tags: a.tags.join(", "),
        }
    }

    pub fn validate(&self, base: Article, now: Millis) -> Result<Article, Vec<FieldError>> {
        check_article(Article {
            title: self.title.clone(),
            body: self.body.clone(),
            tags: validate::parse_tags(&self.tags),
            updated: now,
            ..base
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, title: &str, body: &str, tags: &[&str], updated: i64) -> Article {
        Article {
            title: title.into(),
            body: body.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            updated: Millis(updated),
            ..Article::new(Id(id.into()), Millis(0))
        }
    }

    #[test]
    fn chinese_text_is_split_into_bigrams_and_latin_into_folded_words() {
        assert_eq!(terms("如何开发票"), ["如何", "何开", "开发", "发票"]);
        assert_eq!(
            terms("POS机 无法开机！"),
            ["pos", "机", "无法", "法开", "开机"]
        );
        assert_eq!(terms("ＷｉＦｉ 密码 wifi"), ["wifi", "密码"]);
        assert!(terms("，。 ").is_empty());
    }

    #[test]
    fn a_question_in_other_words_finds_the_article_that_answers_it() {
        let all = [
            article(
                "inv",
                "开具发票",
                "在收银台出示小票即可开具增值税发票。",
                &["发票"],
                1,
            ),
            article(
                "pos",
                "POS 机无法开机",
                "检查电源适配器，长按电源键 10 秒。",
                &["故障", "POS"],
                2,
            ),
            article(
                "ret",
                "退换货流程",
                "七天内凭小票可以退换货。",
                &["售后"],
                3,
            ),
        ];
        let ids = |q: &str| {
            search(&all, q)
                .iter()
                .map(|a| a.id.0.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("怎么开发票"), ["inv"]);
        assert_eq!(ids("pos机开不了机"), ["pos"]);
        assert_eq!(ids("小票"), ["ret", "inv"], "both bodies; the latest first");
        assert_eq!(ids("发票"), ["inv"], "a tag or title counts most");
        assert!(ids("天气预报").is_empty());
        assert_eq!(
            ids(""),
            ["ret", "pos", "inv"],
            "no query: every one, latest first"
        );
    }

    #[test]
    fn an_article_needs_a_title_and_a_body_and_a_ticket_gives_both() {
        let base = Article::new(Id("a".into()), Millis(0));
        let draft = ArticleDraft {
            title: " ".into(),
            body: String::new(),
            tags: "发票, 发票、售后".into(),
        };
        let errs = draft.validate(base.clone(), Millis(1)).unwrap_err();
        let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::ArticleTitle, Field::ArticleBody]);
        let good = ArticleDraft {
            title: "开具发票".into(),
            body: "出示小票".into(),
            ..draft
        };
        let a = good.validate(base, Millis(2)).unwrap();
        assert_eq!(a.tags, ["发票", "售后"], "duplicates dropped");
        let mut t = Ticket::new(Id("t".into()), Id("c".into()), Millis(0));
        t.subject = "发票抬头写错".into();
        t.description = "客户要求重开".into();
        t.resolution = "作废后重开".into();
        let from = Article::from_ticket(Id("b".into()), &t, "咨询", Millis(3));
        assert_eq!(
            (from.title.as_str(), from.body.as_str(), from.ticket.clone()),
            (
                "发票抬头写错",
                "客户要求重开\n\n作废后重开",
                Some(Id("t".into()))
            )
        );
        assert_eq!(check_article(from.clone()), Ok(from));
    }
}
