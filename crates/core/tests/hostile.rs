//! The bad-input suite (`tests/data/hostile/`, written by `tests/data/make_hostile.py`):
//! every file gets its typed refusal, and nothing of it would be written. What the user
//! is shown, in the browser, is `tests/e2e/hostile.test.mjs`'s business.

use kehu_core::backup::{self, BackupError, Fault};
use kehu_core::import::job::{ImportSettings, Planner};
use kehu_core::import::mapping::{ImportKind, missing, suggest};
use kehu_core::import::orders::{FileError, Limit};
use kehu_core::import::plan::{Choices, ImportProblem, When};
use kehu_core::import::table::{TableOptions, TableProblem, TableReader, sniff_options};
use kehu_core::import::text::Encoding;
use kehu_core::import::{plan, sheet};
use kehu_core::money::MoneyError;
use kehu_core::validate::{Field, Problem, blank_customer};
use kehu_core::{Customer, Day, Id, Millis};
use std::io::Read;

fn file(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/hostile/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const WHEN: When = When {
    today: Day(20_600),
    now: Millis(20_600 * 86_400_000),
    zone: kehu_core::date::Zone {
        first: 480,
        changes: Vec::new(),
    },
};

fn ada() -> Vec<Customer> {
    let mut c = blank_customer(Id("ada".into()), 1, Millis(0));
    c.name = "Ada".into();
    vec![c]
}

fn ids() -> impl FnMut() -> Id {
    let mut n = 0;
    move || {
        n += 1;
        Id(format!("new-{n}"))
    }
}

/// The rows of a file as the import reads them: a workbook's first sheet, or text with
/// its sniffed encoding and delimiter.
fn table(bytes: Vec<u8>) -> Result<TableReader<Box<dyn Read>>, FileError> {
    if sheet::is_workbook(&bytes) {
        let csv: Box<dyn Read> = Box::new(sheet::first_sheet(bytes.into())?);
        let opts = TableOptions {
            encoding: Encoding::Utf8,
            delimiter: b',',
        };
        return TableReader::new(csv, opts);
    }
    let opts = sniff_options(&bytes[..bytes.len().min(1 << 16)])?;
    TableReader::new(Box::new(std::io::Cursor::new(bytes)), opts)
}

/// What importing `name` would do: the file refused, or the check's figures (orders
/// for a file with an amount column, customers otherwise; missing customers not
/// created).
fn import(name: &str) -> Result<kehu_core::import::job::Tally, FileError> {
    let mut t = table(file(name))?;
    let header = t.header().to_vec();
    let kind = if header.iter().any(|h| h == "amount") {
        ImportKind::Orders
    } else {
        ImportKind::Customers
    };
    let mapping = suggest(kind, &header, &[], &[]);
    assert!(missing(kind, &mapping).is_empty(), "{name}: columns");
    let settings = ImportSettings {
        kind,
        options: TableOptions {
            encoding: Encoding::Utf8,
            delimiter: b',',
        },
        mapping,
        day_order: Default::default(),
        create_missing: false,
        workbook: false,
        survey: None,
    };
    let existing = ada();
    let choices = Choices::default();
    let tally =
        Planner::new(&settings, &existing, &choices, WHEN).check(&mut t, &mut ids(), &mut |_| {});
    match t.stopped {
        Some(l) => Err(FileError::TooLarge(l)),
        None => Ok(tally),
    }
}

/// A file refused whole.
fn refused(name: &str) -> FileError {
    match import(name) {
        Err(e) => e,
        Ok(t) => panic!("{name}: read, {t:?}"),
    }
}

/// A file whose every row is refused: nothing to write, and the problems found.
fn rows_refused(name: &str) -> Vec<ImportProblem> {
    let t = import(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(t.writes(), 0, "{name}: nothing to write");
    assert!(!t.errors.is_empty(), "{name}: says why");
    t.errors.into_iter().map(|e| e.problem).collect()
}

fn field(p: Problem) -> ImportProblem {
    ImportProblem::Field(p)
}

#[test]
fn files_that_are_no_table_are_refused_whole() {
    assert_eq!(refused("binary.csv"), FileError::NotText);
    assert_eq!(refused("empty.csv"), FileError::Empty);
    assert_eq!(refused("blank-lines.csv"), FileError::Empty);
    assert_eq!(refused("nul-early.csv"), FileError::NotText);
    assert_eq!(refused("utf16-without-bom.csv"), FileError::NotText);
    assert_eq!(
        refused("16385-columns.csv"),
        FileError::TooLarge(Limit::Columns { max: 16_384 })
    );
}

#[test]
fn rows_breaking_a_field_rule_are_refused_and_named() {
    let long = |max| field(Problem::TooLong { max });
    assert_eq!(rows_refused("name-too-long.csv"), vec![long(100)]);
    assert_eq!(rows_refused("city-too-long.csv"), vec![long(200)]);
    assert_eq!(rows_refused("notes-too-long.csv"), vec![long(5_000)]);
    assert_eq!(
        rows_refused("tag-too-long.csv"),
        vec![field(Problem::TagTooLong { max: 30 })]
    );
    assert_eq!(
        rows_refused("too-many-tags.csv"),
        vec![field(Problem::TooManyTags { max: 50 })]
    );
    assert_eq!(
        rows_refused("bad-email.csv"),
        vec![field(Problem::InvalidEmail)]
    );
    assert_eq!(
        rows_refused("bad-phone.csv"),
        vec![field(Problem::InvalidPhone)]
    );
    assert_eq!(
        rows_refused("birth-in-the-future.csv"),
        vec![field(Problem::DateInFuture)]
    );
    assert_eq!(
        rows_refused("not-a-date.csv"),
        vec![ImportProblem::NotADate]
    );
    assert_eq!(
        rows_refused("extra-fields.csv"),
        vec![ImportProblem::Table(TableProblem::TooManyFields {
            found: 4,
            expected: 2
        })]
    );
    // A row of another encoding after the sniffed part: that row, by its line.
    let t = import("mixed-encoding.csv").unwrap();
    assert_eq!((t.create, t.errors.len()), (800, 1));
    assert_eq!(
        (t.errors[0].line, &t.errors[0].problem),
        (802, &ImportProblem::Table(TableProblem::NotUtf8))
    );
}

#[test]
fn order_rows_with_impossible_amounts_dates_or_customers_are_refused() {
    let money = |e| field(Problem::Money(e));
    assert_eq!(
        rows_refused("ambiguous-amount.csv"),
        vec![money(MoneyError::BadGrouping)]
    );
    assert_eq!(
        rows_refused("negative-amount.csv"),
        vec![field(Problem::Negative)]
    );
    assert_eq!(
        rows_refused("huge-amount.csv"),
        vec![money(MoneyError::TooLarge)]
    );
    assert_eq!(
        rows_refused("order-of-nobody.csv"),
        vec![ImportProblem::UnknownCustomer]
    );
    assert_eq!(
        rows_refused("order-in-the-future.csv"),
        vec![field(Problem::DateInFuture)]
    );
}

#[test]
fn hostile_workbooks_are_refused_before_they_cost_memory() {
    assert_eq!(
        refused("zip-bomb.xlsx"),
        FileError::TooLarge(Limit::Ratio { max: 200 })
    );
    assert_eq!(
        refused("forged-size.xlsx"),
        FileError::TooLarge(Limit::Unpacked { max_mb: 2_048 })
    );
    assert_eq!(
        refused("shared-text-too-big.xlsx"),
        FileError::TooLarge(Limit::SharedText { max_mb: 256 })
    );
    assert_eq!(
        refused("row-1048577.xlsx"),
        FileError::TooLarge(Limit::Rows { max: 1_048_576 })
    );
    assert_eq!(
        refused("column-xfe.xlsx"),
        FileError::TooLarge(Limit::Columns { max: 16_384 })
    );
    assert!(matches!(
        refused("not-a-workbook.xlsx"),
        FileError::Workbook(_)
    ));
    assert!(matches!(refused("truncated.xlsx"), FileError::Workbook(_)));
}

/// Text that reads but hides characters is stored without them.
#[test]
fn hidden_characters_are_removed_not_stored() {
    for (name, want) in [
        ("nul-after-64k.csv", "HiddenName"),
        ("bidi-override.csv", "Adagnirts"),
    ] {
        let mut t = table(file(name)).unwrap();
        let header = t.header().to_vec();
        let mapping = suggest(ImportKind::Customers, &header, &[], &[]);
        let p = plan::plan_customers(
            &mut t,
            &mapping,
            &[],
            &Choices::default(),
            Default::default(),
            WHEN,
            &mut ids(),
        );
        assert!(p.errors.is_empty(), "{name}: {:?}", p.errors);
        let names: Vec<&str> = p.create.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&want), "{name}: {names:?}");
        assert!(
            p.create
                .iter()
                .all(|c| !kehu_core::text::has_hidden(&c.name)),
            "{name}"
        );
    }
}

fn restore(name: &str) -> BackupError {
    let text = String::from_utf8(file(name)).unwrap();
    match backup::decode(&text, 8, Day(20_600)) {
        Err(e) => e,
        Ok(_) => panic!("{name}: accepted"),
    }
}

fn fault(name: &str) -> Fault {
    match restore(name) {
        BackupError::Record { fault, .. } => fault,
        e => panic!("{name}: {e:?}"),
    }
}

#[test]
fn hostile_backups_are_refused_before_anything_is_replaced() {
    assert_eq!(restore("backup-not-json.json"), BackupError::NotABackup);
    assert_eq!(restore("backup-truncated.json"), BackupError::Damaged);
    assert_eq!(restore("backup-edited.json"), BackupError::Damaged);
    assert_eq!(restore("backup-newer-format.json"), BackupError::TooNew(9));
    assert_eq!(
        restore("backup-newer-schema.json"),
        BackupError::NewerSchema { file: 99, app: 8 }
    );
    assert_eq!(
        fault("backup-shared-key.json"),
        Fault::SharedKey {
            other: "Ada".into()
        }
    );
    assert_eq!(
        fault("backup-key-4294967295.json"),
        Fault::KeyOutOfRange { max: 2 }
    );
    assert_eq!(fault("backup-columns-differ.json"), Fault::ColumnsDiffer);
    assert_eq!(
        fault("backup-order-outside-chunk.json"),
        Fault::OutsideChunk
    );
    assert_eq!(fault("backup-orphan-order.json"), Fault::UnknownCustomer);
    assert_eq!(fault("backup-future-order.json"), Fault::DayOutOfRange);
    assert_eq!(fault("backup-duplicate-id.json"), Fault::Duplicate);
    assert_eq!(
        fault("backup-negative-amount.json"),
        Fault::AmountOutOfRange
    );
    let field_of = |name| match fault(name) {
        Fault::Field(e) => (e.field, e.problem),
        f => panic!("{name}: {f:?}"),
    };
    assert_eq!(
        field_of("backup-name-too-long.json"),
        (Field::Name, Problem::TooLong { max: 100 })
    );
    assert_eq!(
        field_of("backup-bad-email.json"),
        (Field::Email, Problem::InvalidEmail)
    );
    assert_eq!(
        field_of("backup-score-off-scale.json"),
        (Field::SurveyAnswers, Problem::OffScale { lo: 1, hi: 5 })
    );
}

/// Every file in the folder is one of the cases above (a file added without a check is
/// a failure, not a silent pass).
#[test]
fn every_hostile_file_is_checked() {
    let dir = format!("{}/tests/data/hostile", env!("CARGO_MANIFEST_DIR"));
    let listed = std::fs::read_to_string(format!("{dir}/README.md")).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        if name != "README.md" {
            assert!(
                listed.contains(&format!("`{name}`")),
                "{name} is not listed"
            );
            n += 1;
        }
    }
    let source = include_str!("hostile.rs");
    for line in listed.lines().filter(|l| l.starts_with("| `")) {
        let name = line.split('`').nth(1).unwrap();
        assert!(
            source.contains(&format!("\"{name}\"")),
            "{name} is not checked"
        );
    }
    assert!(n >= 30, "{n} files");
}
