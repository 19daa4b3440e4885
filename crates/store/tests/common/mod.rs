//! Helpers the storage test files share.
#![allow(dead_code)]

use kehu_core::validate::blank_customer;
use kehu_core::*;
use kehu_store::{Batch, Db, Dump, StoreError, faults};

pub async fn fresh(name: &str) -> Db {
    Db::delete_database(name).await.unwrap();
    Db::open(name, || {}).await.unwrap()
}

pub fn person(n: u32, name: &str) -> Customer {
    let mut c = blank_customer(
        Id(format!("00000000-0000-7000-8000-{n:012}")),
        0,
        Millis(n as i64),
    );
    c.name = name.into();
    c
}

pub fn order(customer: u32, day: i32, cents: i64) -> Order {
    Order {
        id: 0,
        customer,
        day: Day(day),
        amount: Cents(cents),
        items: vec![],
        note: String::new(),
    }
}

/// A database holding a small demo (customers, orders, interactions, survey answers
/// and designed surveys), with its list snapshot and answers snapshot written, so reads
/// during a test write nothing of their own.
pub async fn seeded(name: &str, customers: usize, orders: usize) -> Db {
    let db = fresh(name).await;
    let demo = demo::generate(&demo::DemoSpec {
        customers,
        orders,
        ..demo::DemoSpec::standard(Day(20_000), demo::NameStyle::Chinese)
    });
    db.import(
        Batch {
            customers: demo.customers,
            orders: demo.orders,
            interactions: demo.interactions,
            responses: demo.responses,
            surveys: demo.surveys,
            ..Default::default()
        },
        |_, _| {},
    )
    .await
    .unwrap();
    db.all_customers().await.unwrap();
    db.response_answers().await.unwrap();
    db
}

/// Where two dumps first differ: the store and the key.
fn first_difference(a: &Dump, b: &Dump) -> Option<String> {
    for ((name, xs), (_, ys)) in a.iter().zip(b) {
        if xs.len() != ys.len() {
            return Some(format!("{name}: {} records, then {}", xs.len(), ys.len()));
        }
        for ((ka, va), (kb, vb)) in xs.iter().zip(ys) {
            if ka != kb || va != vb {
                let cut = |s: &str| s.chars().take(300).collect::<String>();
                return Some(format!("{name}[{ka}]: {} then [{kb}] {}", cut(va), cut(vb)));
            }
        }
    }
    None
}

/// Runs the write `op` with an injected failure at each of its steps in turn (an awaited
/// request or the commit: 0, 1, 2, … until it succeeds). After every failure the
/// database must be exactly as before, record for record. Returns what the successful
/// run returned and how many steps failed before it.
pub async fn fails_whole<T, F, Fut>(db: &Db, what: &str, mut op: F) -> (T, u32)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, StoreError>>,
{
    let before = db.dump().await.unwrap();
    for n in 0.. {
        faults::fail_at(n);
        let r = op().await;
        let fired = faults::disarm();
        match r {
            Ok(v) => {
                assert!(
                    !fired,
                    "{what}: step {n} failed, yet the write said it succeeded"
                );
                assert!(n >= 1, "{what}: not even the commit was made to fail");
                return (v, n);
            }
            Err(e) => {
                assert!(fired, "{what}: failed without an injected fault: {e:?}");
                let after = db.dump().await.unwrap();
                if let Some(d) = first_difference(&before, &after) {
                    panic!("{what}: a failure at step {n} left a change behind: {d}");
                }
            }
        }
    }
    unreachable!()
}

/// A new import job of `kind` for CSV `text`, its columns mapped from the header.
pub fn import_job(
    id: &str,
    kind: kehu_core::import::mapping::ImportKind,
    text: &str,
) -> kehu_core::import::job::ImportJob {
    use kehu_core::import::job::{FileInfo, ImportJob, ImportSettings};
    use kehu_core::import::mapping::suggest;
    use kehu_core::import::table::{TableOptions, TableReader};
    use kehu_core::import::text::Encoding;
    let options = TableOptions {
        encoding: Encoding::Utf8,
        delimiter: b',',
    };
    let header = TableReader::new(text.as_bytes(), options)
        .unwrap()
        .header()
        .to_vec();
    let settings = ImportSettings {
        kind,
        options,
        mapping: suggest(kind, &header, &[], &[]),
        day_order: Default::default(),
        create_missing: true,
        workbook: false,
        survey: None,
    };
    let file = FileInfo {
        name: "import.csv".into(),
        size: text.len() as u64,
        modified: 0.0,
    };
    let rows = text.lines().count() as u64 - 1;
    ImportJob::new(Id(id.into()), file, settings, rows, Millis(0))
}
