//! The readers of files users hand kehu, as fuzzing and regression tests call them:
//! whatever the bytes, each returns (an error or a result) without panicking. The fuzz
//! targets (`fuzz/`, run by `cargo xtask fuzz`) and the committed corpus of what they
//! found (`tests/fuzz_corpus.rs`) share these, so a crash found once stays a test.

use super::job::{ImportSettings, Planner};
use super::mapping::{ImportKind, suggest};
use super::plan::{Choices, When};
use super::table::{TableOptions, TableReader, sniff_options};
use super::text::Encoding;
use crate::{Day, Id, Millis};
use std::io::Read;

fn when() -> When {
    When {
        today: Day(20_600),
        now: Millis(20_600 * 86_400_000),
        zone: Default::default(),
    }
}

/// Checks `table` as a file of `kind`, with the columns suggested from its header.
fn check<R: Read>(table: &mut TableReader<R>, kind: ImportKind) {
    let settings = ImportSettings {
        kind,
        options: TableOptions {
            encoding: Encoding::Utf8,
            delimiter: b',',
        },
        mapping: suggest(kind, table.header(), &[], &[]),
        day_order: Default::default(),
        create_missing: true,
        workbook: false,
        survey: None,
    };
    let mut n = 0;
    let mut ids = move || {
        n += 1;
        Id(format!("f{n}"))
    };
    Planner::new(&settings, &[], &Choices::default(), when()).check(table, &mut ids, &mut |_| {});
}

/// Bytes as a delimited text file: sniffed, then checked as customers and as orders.
pub fn csv(data: &[u8]) {
    let Ok(opts) = sniff_options(&data[..data.len().min(1 << 16)]) else {
        return;
    };
    for kind in [ImportKind::Customers, ImportKind::Orders] {
        if let Ok(mut t) = TableReader::new(data, opts) {
            check(&mut t, kind);
        }
    }
}

/// Bytes as a workbook: its first sheet read whole, then checked as customers.
pub fn xlsx(data: &[u8]) {
    let Ok(sheet) = super::sheet::first_sheet(data.to_vec().into()) else {
        return;
    };
    let opts = TableOptions {
        encoding: Encoding::Utf8,
        delimiter: b',',
    };
    if let Ok(mut t) = TableReader::new(sheet, opts) {
        check(&mut t, ImportKind::Customers);
    }
}

/// Bytes as a backup file, read and checked whole.
pub fn backup(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok((_, d)) = crate::backup::decode(&text, 8, Day(20_600)) {
        let _ = crate::backup::merge(&d, &[], &Default::default(), |_| false);
    }
}
