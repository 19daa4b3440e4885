//! What the import tests share: a fixed day, ids, a CSV table from text, and errors as
//! (line, column, problem) for comparing.

use super::plan::{ImportError, ImportProblem, When};
use super::table::{TableOptions, TableReader};
use super::text::Encoding;
use crate::{Day, Id, Millis};

pub const WHEN: When = When {
    today: Day(20_500),
    now: Millis(20_500 * 86_400_000),
    zone: crate::date::Zone {
        first: 0,
        changes: Vec::new(),
    },
};

pub fn ids() -> impl FnMut() -> Id {
    let mut n = 0;
    move || {
        n += 1;
        Id(format!("new-{n}"))
    }
}

pub fn table(text: &str) -> TableReader<&[u8]> {
    let opts = TableOptions {
        encoding: Encoding::Utf8,
        delimiter: b',',
    };
    TableReader::new(text.as_bytes(), opts).unwrap()
}

pub fn problems(errors: &[ImportError]) -> Vec<(u64, Option<usize>, ImportProblem)> {
    errors
        .iter()
        .map(|e| (e.line, e.column, e.problem.clone()))
        .collect()
}
