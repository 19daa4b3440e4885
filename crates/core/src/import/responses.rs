//! Survey responses from CSV: one row per response, the customer named by kehu id,
//! phone or email, a date, and any of the NPS, CSAT and CES scores plus a comment.
//! Headers are recognised in English and Chinese. Answers to a designed survey come in
//! columns named by the item's number: `F1`/`D1` (a Kano feature with and without it),
//! `E1`/`P1` (a SERVQUAL statement's expectation and perception), `Q1` (a custom item);
//! [`template_header`] writes them.

use super::orders::FileError;
use super::text::{LineNormaliser, decode, sniff};
use crate::text::{digits, fold};
use crate::validate::{FieldError, ResponseDraft};
use crate::{Day, Question, Survey, SurveyKind};
use std::io::Read;

/// One response as read, before it is tied to a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRow {
    pub line: u64,
    /// The customer as written: an id, a phone number or an email address.
    pub customer: String,
    pub draft: ResponseDraft,
}

/// Why a row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseProblem {
    #[error("no customer given")]
    MissingCustomer,
    #[error("no customer matches {0:?}")]
    UnknownCustomer(String),
    #[error("{0:?} is not a score on the {1}–{2} scale")]
    BadScore(String, u8, u8),
    #[error("{0:?}")]
    Invalid(Vec<FieldError>),
    #[error("malformed CSV: {0}")]
    Malformed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct ResponseError {
    pub line: u64,
    pub problem: ResponseProblem,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedResponses {
    pub rows: Vec<ResponseRow>,
    pub errors: Vec<ResponseError>,
}

const CUSTOMER: &[&str] = &[
    "customer",
    "customer_id",
    "phone",
    "email",
    "客户",
    "客户编号",
    "手机",
    "电话",
    "邮箱",
];
const DATE: &[&str] = &["date", "day", "response_date", "日期", "回答日期"];
const NPS: &[&str] = &["nps", "推荐", "推荐意愿"];
const CSAT: &[&str] = &["csat", "satisfaction", "满意度"];
const CES: &[&str] = &["ces", "effort", "ease", "容易程度", "费力度"];
const COMMENT: &[&str] = &["comment", "note", "备注", "意见"];

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.iter().any(|n| fold(h.trim()) == fold(n)))
}

/// The column names of item `pos` (0-based) of a survey of `kind`: one, or a pair.
pub fn item_columns(kind: SurveyKind, pos: usize) -> (String, Option<String>) {
    let n = pos + 1;
    match kind {
        SurveyKind::Kano => (format!("F{n}"), Some(format!("D{n}"))),
        SurveyKind::Servqual => (format!("E{n}"), Some(format!("P{n}"))),
        SurveyKind::Custom => (format!("Q{n}"), None),
    }
}

/// The header of a file of answers to `survey` (a template the owner fills in).
pub fn template_header(survey: &Survey) -> String {
    let mut cols = vec!["customer".to_string(), "date".to_string()];
    for pos in 0..survey.items.len() {
        let (a, b) = item_columns(survey.kind, pos);
        cols.push(a);
        cols.extend(b);
    }
    cols.push("comment".into());
    cols.join(",")
}

/// Reads a responses CSV (UTF-8 or GBK), with the answers to `survey`'s items if one is
/// given. A customer and a date column are required; every row is checked (scores on
/// their scale, pairs whole, a valid past date, at least one answer), and a bad row
/// becomes an error with its line, never the end of the import.
pub fn read_responses(
    mut input: impl Read,
    today: Day,
    survey: Option<&Survey>,
) -> Result<ParsedResponses, FileError> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| FileError::Io(e.to_string()))?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty);
    }
    let text = decode(&bytes, sniff(&bytes[..bytes.len().min(4096)])).into_owned();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(LineNormaliser::new(text.as_bytes()));
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(str::to_string).collect(),
        Some(Err(e)) => return Err(FileError::Io(e.to_string())),
        None => return Err(FileError::Empty),
    };
    let need =
        |names: &[&str]| find(&header, names).ok_or(FileError::MissingColumn(names[0].into()));
    let (c_customer, c_date) = (need(CUSTOMER)?, need(DATE)?);
    let scores = [
        (Question::Nps, find(&header, NPS)),
        (Question::Csat, find(&header, CSAT)),
        (Question::Ces, find(&header, CES)),
    ];
    let c_comment = find(&header, COMMENT);
    // Per item: (id, scale, first column, second column).
    let mut items = Vec::new();
    if let Some(sv) = survey {
        for (pos, it) in sv.items.iter().enumerate() {
            let (a, b) = item_columns(sv.kind, pos);
            let col = |name: &str| find(&header, &[name]);
            items.push((it.id, sv.scale_of(it), col(&a), b.and_then(|b| col(&b))));
        }
        if items.iter().all(|i| i.2.is_none() && i.3.is_none()) {
            let (first, _) = item_columns(sv.kind, 0);
            return Err(FileError::MissingColumn(first));
        }
    }
    let mut out = ParsedResponses::default();
    for rec in records {
        let (line, rec) = match rec {
            Ok(r) => (r.position().map_or(0, |p| p.line()), r),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                out.errors.push(ResponseError {
                    line,
                    problem: ResponseProblem::Malformed(e.to_string()),
                });
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| rec.get(i).unwrap_or("").trim();
        let customer = cell(c_customer).to_string();
        if customer.is_empty() {
            out.errors.push(ResponseError {
                line,
                problem: ResponseProblem::MissingCustomer,
            });
            continue;
        }
        let mut draft = ResponseDraft {
            date: cell(c_date).to_string(),
            scores: Vec::new(),
            comment: c_comment.map(|c| cell(c).to_string()).unwrap_or_default(),
            items: Vec::new(),
        };
        let mut bad = None;
        for (q, col) in scores {
            let raw = col.map(cell).unwrap_or("");
            let (lo, hi) = q.scale();
            let v = if raw.is_empty() {
                None
            } else {
                match raw.parse::<u8>() {
                    Ok(v) if (lo..=hi).contains(&v) => Some(v),
                    _ => {
                        bad = Some(ResponseProblem::BadScore(raw.to_string(), lo, hi));
                        None
                    }
                }
            };
            draft.scores.push((q, v));
        }
        let mut score = |col: Option<usize>, (lo, hi): (u8, u8)| {
            let raw = col.map(cell).unwrap_or("");
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<u8>() {
                Ok(v) if (lo..=hi).contains(&v) => Some(v),
                _ => {
                    bad.get_or_insert(ResponseProblem::BadScore(raw.to_string(), lo, hi));
                    None
                }
            }
        };
        for &(id, scale, a, b) in &items {
            let first = score(a, scale);
            let second = score(b, scale);
            draft.items.push((id, first, second));
        }
        if let Some(problem) = bad {
            out.errors.push(ResponseError { line, problem });
            continue;
        }
        // Checked now with a stand-in customer; the caller ties it to the real one.
        let probe = crate::SurveyResponse::blank(
            crate::Id(String::new()),
            crate::Id(String::new()),
            today,
            crate::Millis(0),
        );
        let checked = match survey {
            Some(sv) => draft.validate_survey(probe, today, sv),
            None => draft.validate(probe, today),
        };
        if let Err(e) = checked {
            out.errors.push(ResponseError {
                line,
                problem: ResponseProblem::Invalid(e),
            });
            continue;
        }
        out.rows.push(ResponseRow {
            line,
            customer,
            draft,
        });
    }
    Ok(out)
}

/// How a customer written in a file is found: by kehu id, by phone digits, or by email.
pub fn customer_matches(written: &str, id: &str, phones: &[&str], email: &str) -> bool {
    let w = written.trim();
    if w == id {
        return true;
    }
    if w.contains('@') {
        return !email.is_empty() && fold(w) == fold(email);
    }
    let d = digits(w);
    d.len() >= 5 && phones.iter().any(|p| !p.is_empty() && digits(p) == d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Day {
        Day::from_ymd(2026, 11, 28).unwrap()
    }

    #[test]
    fn reads_rows_and_reports_bad_ones_by_line() {
        let csv = "客户,日期,推荐,满意度,备注\n\
                   138-0013-8000,2026-11-01,9,5,很好\n\
                   ,2026-11-01,9,,\n\
                   a@b.cn,2026-11-02,11,,\n\
                   a@b.cn,2026-02-30,8,,\n\
                   a@b.cn,2026-11-03,,,\n\
                   \n\
                   id-1,2026/11/04,0,1,\"slow, rude\"\n";
        let p = read_responses(csv.as_bytes(), today(), None).unwrap();
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].line, 2);
        assert_eq!(p.rows[0].draft.comment, "很好");
        assert_eq!(p.rows[1].line, 8);
        assert_eq!(p.rows[1].draft.comment, "slow, rude");
        let lines: Vec<u64> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert_eq!(p.errors[0].problem, ResponseProblem::MissingCustomer);
        assert_eq!(
            p.errors[1].problem,
            ResponseProblem::BadScore("11".into(), 0, 10)
        );
    }

    #[test]
    fn gbk_files_and_missing_columns() {
        let (gbk, _, _) = encoding_rs::GBK.encode("客户,日期,推荐\nid-1,2026-11-01,7\n");
        let p = read_responses(&gbk[..], today(), None).unwrap();
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            read_responses("name,nps\nx,1\n".as_bytes(), today(), None),
            Err(FileError::MissingColumn("customer".into()))
        );
        assert_eq!(
            read_responses("".as_bytes(), today(), None),
            Err(FileError::Empty)
        );
    }

    #[test]
    fn designed_survey_answers_come_in_numbered_columns() {
        let kano = Survey::starter(
            SurveyKind::Kano,
            false,
            crate::Id("s".into()),
            crate::Millis(0),
        );
        let header = template_header(&kano);
        assert!(header.starts_with("customer,date,F1,D1,F2,D2,"), "{header}");
        assert!(header.ends_with("F7,D7,comment"));
        let csv = format!(
            "{header}\n\
             id-1,2026-11-01,1,5,2,5,,,,,,,,,,,ok\n\
             id-2,2026-11-01,1,,,,,,,,,,,,,,\n\
             id-3,2026-11-01,6,5,,,,,,,,,,,,,\n\
             id-4,2026-11-01,,,,,,,,,,,,,,,\n"
        );
        let p = read_responses(csv.as_bytes(), today(), Some(&kano)).unwrap();
        assert_eq!(p.rows.len(), 1);
        let r = &p.rows[0];
        assert_eq!(
            &r.draft.items[..2],
            &[(1, Some(1), Some(5)), (2, Some(2), Some(5))]
        );
        let problems: Vec<(u64, &ResponseProblem)> =
            p.errors.iter().map(|e| (e.line, &e.problem)).collect();
        assert_eq!(problems.len(), 3);
        assert!(
            matches!(problems[0], (3, ResponseProblem::Invalid(_))),
            "half a pair"
        );
        assert_eq!(
            problems[1],
            (4, &ResponseProblem::BadScore("6".into(), 1, 5))
        );
        assert!(
            matches!(problems[2], (5, ResponseProblem::Invalid(_))),
            "no answer"
        );
        // A file without the survey's columns is refused whole.
        assert_eq!(
            read_responses(
                "customer,date,nps\nid,2026-11-01,9\n".as_bytes(),
                today(),
                Some(&kano)
            ),
            Err(FileError::MissingColumn("F1".into()))
        );
    }

    #[test]
    fn customers_are_found_by_id_phone_or_email() {
        assert!(customer_matches("id-1", "id-1", &[], ""));
        assert!(customer_matches("138 0013 8000", "x", &["13800138000"], ""));
        assert!(customer_matches("A@B.cn", "x", &[], "a@b.cn"));
        assert!(!customer_matches("a@b.cn", "x", &[], ""));
        assert!(
            !customer_matches("123", "x", &["123"], ""),
            "too short to be a phone"
        );
    }
}
