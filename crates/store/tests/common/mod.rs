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
        ..Default::default()
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
            lines: demo.lines,
            docs: kehu_core::Docs {
                interactions: demo.interactions,
                responses: demo.responses,
                staff: demo.staff,
                opportunities: demo.opportunities,
                tasks: demo.tasks,
                leads: demo.leads,
                products: demo.products,
                quotes: demo.quotes,
                expenses: demo.expenses,
                segments: demo.segments,
                tickets: demo.tickets,
                contracts: demo.contracts,
                articles: demo.articles,
                care_rules: demo.care_rules,
                campaigns: demo.campaigns,
                campaign_members: demo.campaign_members,
                redemptions: Vec::new(),
                shop_settings: Vec::new(),
            },
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
pub fn first_difference(a: &Dump, b: &Dump) -> Option<String> {
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

/// Writes `job`'s file `text` in batches of `size` from after what `job` reached, at most
/// `stop_after` batches; like the import worker does.
pub async fn write_import(
    db: &Db,
    job: &mut kehu_core::import::job::ImportJob,
    text: &str,
    size: usize,
    stop_after: usize,
) {
    use kehu_core::import::job::Planner;
    use kehu_core::import::plan::{Choices, When};
    use kehu_core::import::table::TableReader;
    let existing = db.all_customers().await.unwrap();
    let choices = Choices::default();
    let when = When {
        today: Day(20_500),
        now: Millis(1),
        zone: Default::default(),
    };
    let mut planner = Planner::new(&job.settings, &existing, &choices, when);
    // What the worker tells it: what is stored already, not to be written twice.
    let staff = db.all_docs::<kehu_core::Staff>().await.unwrap();
    planner.stored_orders(&db.all_orders().await.unwrap(), &staff);
    planner.stored_responses(&db.all_docs::<SurveyResponse>().await.unwrap());
    planner.stored_products(&db.all_docs::<kehu_core::Product>().await.unwrap());
    planner.stored_opportunities(
        &db.all_docs::<kehu_core::Opportunity>().await.unwrap(),
        &db.all_docs::<kehu_core::Staff>().await.unwrap(),
    );
    planner.stored_leads(
        &db.all_docs::<kehu_core::Lead>().await.unwrap(),
        &db.all_docs::<kehu_core::Staff>().await.unwrap(),
    );
    let mut table = TableReader::new(text.as_bytes(), job.settings.options).unwrap();
    // Ids unique across runs, as the worker's UUIDs are: a resumed run must not reuse
    // an id an earlier run of the same job gave a record.
    static MADE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let prefix = job.id.0.clone();
    let mut new_id = move || {
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        Id(format!("{prefix}-{n}"))
    };
    // As the worker does: the job is stored, running, before its first batch.
    db.save_import_job(job).await.unwrap();
    let from = job.reached();
    for _ in 0..stop_after {
        let Some((batch, reached)) = planner.next_batch(&mut table, from, size, &mut new_id) else {
            break;
        };
        let keys = db
            .write_import_batch(job, batch, reached, Millis(2))
            .await
            .unwrap();
        planner.settle(&keys);
    }
}

/// (response, customer, day, question, score)
pub type QuickRow = (String, String, i32, u8, u8);
/// (response, item, first, second)
pub type ItemRow = (String, u16, u8, u8);

/// Packed answers as sorted rows, whatever order they were written in.
pub fn canonical(p: &PackedAnswers) -> (Vec<QuickRow>, Vec<ItemRow>) {
    let mut q: Vec<_> = (0..p.q_resp.len())
        .map(|i| {
            (
                p.responses[p.q_resp[i] as usize].clone(),
                p.ids[p.q_who[i] as usize].clone(),
                p.q_day[i],
                p.q_question[i],
                p.q_score[i],
            )
        })
        .collect();
    q.sort();
    let mut it: Vec<_> = (0..p.i_resp.len())
        .map(|i| {
            (
                p.responses[p.i_resp[i] as usize].clone(),
                p.i_item[i],
                p.i_first[i],
                p.i_second[i],
            )
        })
        .collect();
    it.sort();
    (q, it)
}

/// The rows `canonical` should give for `responses`, read from the responses themselves
/// (not through `PackedAnswers`, which the store uses: a test comparing the store with
/// the function it calls could not fail).
pub fn expected(responses: &[SurveyResponse]) -> (Vec<QuickRow>, Vec<ItemRow>) {
    let mut q = Vec::new();
    let mut it = Vec::new();
    for r in responses {
        for a in &r.answers {
            let question = Question::ALL.iter().position(|&x| x == a.question).unwrap() as u8;
            q.push((
                r.id.0.clone(),
                r.customer.0.clone(),
                r.day.0,
                question,
                a.score,
            ));
        }
        if r.survey.is_some() {
            for a in &r.items {
                it.push((r.id.0.clone(), a.item, a.first, a.second.unwrap_or(u8::MAX)));
            }
        }
    }
    q.sort();
    it.sort();
    (q, it)
}
