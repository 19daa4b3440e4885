//! The import side of the worker. The page posts an import request and the file:
//! the file is read here in slices (`FileReaderSync`, so the core's row reader pulls
//! from it like any `Read`), checked, then written batch by batch, each batch one
//! transaction with the job's progress (see `kehu_core::import::job`).

use kehu_core::Id;
use kehu_core::envelope::Reply;
use kehu_core::import::job::{
    FEW_CUSTOMERS, Failure, FileInfo, FromImporter, ImportJob, ImportSettings, ImportStatus,
    LookupKind, Needs, Planner, ToImporter,
};
use kehu_core::import::mapping::ImportKind;
use kehu_core::import::orders::FileError;
use kehu_core::import::plan::{Choices, When};
use kehu_core::import::table::TableReader;
use kehu_store::{CustomerKey, Db, StoreError};
use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Bytes read from the file at a time.
const SLICE: f64 = (1 << 20) as f64;
/// Records written per batch (one transaction each): a batch of customers or
/// interactions takes about a second here, an order batch a fraction of one.
const RECORD_BATCH: usize = 5_000;
const ORDER_BATCH: usize = 100_000;

thread_local! {
    /// Set by a `Cancel` message; read between batches.
    static CANCELLED: Cell<bool> = const { Cell::new(false) };
}

fn post(m: &FromImporter<StoreError>) {
    crate::worker::send(&Reply::Import(Box::new(m.clone())), None);
}

/// Posts `m` with `payload` beside it: a large text is cloned once, not escaped into the
/// JSON and parsed back on the page.
fn post_with(m: &FromImporter<StoreError>, payload: &JsValue) {
    crate::worker::send(&Reply::Import(Box::new(m.clone())), Some(payload));
}

/// A `File` as a `Read`, one slice at a time; `read` counts the bytes taken.
struct FileRead {
    file: web_sys::File,
    reader: web_sys::FileReaderSync,
    pos: f64,
    buf: Vec<u8>,
    at: usize,
    read: Rc<Cell<u64>>,
}

impl FileRead {
    fn new(file: &web_sys::File, read: Rc<Cell<u64>>) -> Result<FileRead, FileError> {
        Ok(FileRead {
            file: file.clone(),
            reader: web_sys::FileReaderSync::new().map_err(|e| FileError::Io(format!("{e:?}")))?,
            pos: 0.0,
            buf: Vec::new(),
            at: 0,
            read,
        })
    }
}

impl Read for FileRead {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.buf.len() {
            if self.pos >= self.file.size() {
                return Ok(0);
            }
            let io = |e: JsValue| std::io::Error::other(format!("{e:?}"));
            let slice = self
                .file
                .slice_with_f64_and_f64(self.pos, self.pos + SLICE)
                .map_err(io)?;
            let bytes = self.reader.read_as_array_buffer(&slice).map_err(io)?;
            self.buf = js_sys::Uint8Array::new(&bytes).to_vec();
            self.at = 0;
            self.pos += self.buf.len() as f64;
            self.read.set(self.pos as u64);
            if self.buf.is_empty() {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn new_id() -> Id {
    let mut r = [0u8; 10];
    for b in &mut r {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    Id::v7(js_sys::Date::now() as u64, r)
}

fn now() -> kehu_core::Millis {
    kehu_core::Millis(js_sys::Date::now() as i64)
}

/// What the page asked, with the file beside it.
pub fn on_request(request: ToImporter, file: Option<web_sys::File>) {
    match (request, file) {
        (ToImporter::Cancel, _) => CANCELLED.with(|c| c.set(true)),
        (ToImporter::ReadBackup { schema, today }, Some(file)) => {
            post(&match read_backup(&file, schema, today) {
                Ok((header, _)) => FromImporter::BackupRead { header },
                Err(error) => FromImporter::Failed { error },
            })
        }
        (
            ToImporter::Restore {
                schema,
                today,
                replace,
            },
            Some(file),
        ) => wasm_bindgen_futures::spawn_local(async move {
            post(&match restore(&file, schema, today, replace).await {
                Ok(settings) => FromImporter::Restored { settings },
                Err(error) => FromImporter::Failed { error },
            })
        }),
        (ToImporter::Preview { options, rows }, Some(file)) => {
            post(&match preview(&file, options, rows) {
                Ok(m) => m,
                Err(error) => FromImporter::Failed { error },
            })
        }
        (
            ToImporter::Check {
                settings,
                choices,
                when,
            },
            Some(file),
        ) => wasm_bindgen_futures::spawn_local(async move {
            match check(&settings, &choices, when, &file).await {
                Ok(tally) => post(&FromImporter::Checked { tally }),
                Err(error) => post(&FromImporter::Failed { error }),
            }
        }),
        (ToImporter::Write { job, choices, when }, Some(file)) => {
            CANCELLED.with(|c| c.set(false));
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = write(job, &choices, when, &file).await {
                    post(&FromImporter::Failed { error });
                }
            })
        }
        (
            ToImporter::Backup {
                schema,
                created,
                settings,
            },
            _,
        ) => wasm_bindgen_futures::spawn_local(async move {
            match backup(schema, created, settings).await {
                Ok(text) => post_with(&FromImporter::BackupMade, &JsValue::from_str(&text)),
                Err(e) => post(&FromImporter::Failed {
                    error: Failure::Store(e),
                }),
            }
        }),
        (ToImporter::Rollback { id, now }, _) => wasm_bindgen_futures::spawn_local(async move {
            post(
                &match with_db(async |db| db.rollback_import(&id, now).await).await {
                    Ok(job) => FromImporter::RolledBack { job },
                    Err(e) => FromImporter::Failed {
                        error: Failure::Store(e),
                    },
                },
            )
        }),
        (ToImporter::Forget { customer }, _) => wasm_bindgen_futures::spawn_local(async move {
            post(
                &match with_db(async |db| db.purge_customer(&customer).await).await {
                    Ok(()) => FromImporter::Forgotten,
                    Err(e) => FromImporter::Failed {
                        error: Failure::Store(e),
                    },
                },
            )
        }),
        (ToImporter::AdoptOwners { now }, _) => wasm_bindgen_futures::spawn_local(async move {
            post(
                &match with_db(async |db| db.adopt_owners(now).await).await {
                    Ok(customers) => FromImporter::OwnersAdopted { customers },
                    Err(e) => FromImporter::Failed {
                        error: Failure::Store(e),
                    },
                },
            )
        }),
        (ToImporter::Demo { spec }, _) => wasm_bindgen_futures::spawn_local(async move {
            post(&match demo(spec).await {
                Ok(()) => FromImporter::DemoLoaded,
                Err(e) => FromImporter::Failed {
                    error: Failure::Store(e),
                },
            })
        }),
        _ => post(&FromImporter::Failed {
            error: Failure::File(FileError::Io("unreadable request".into())),
        }),
    }
}

/// `f` on the database, opened for it and closed after.
async fn with_db<T>(f: impl AsyncFnOnce(&Db) -> Result<T, StoreError>) -> Result<T, StoreError> {
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    let out = f(&db).await;
    db.close();
    out
}

/// The backup file of everything stored, with the page's `settings`.
async fn backup(
    schema: u32,
    created: kehu_core::Millis,
    settings: std::collections::BTreeMap<String, String>,
) -> Result<String, StoreError> {
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    let mut data = db.backup().await?;
    db.close();
    data.settings = settings;
    Ok(kehu_core::backup::encode(data, schema, created))
}

/// Generates the demo `spec` describes and writes it in one transaction.
async fn demo(spec: kehu_core::demo::DemoSpec) -> Result<(), StoreError> {
    let data = kehu_core::demo::generate(&spec);
    let db = Db::open(kehu_store::DB_NAME, || {}).await?;
    let batch = kehu_store::Batch {
        customers: data.customers,
        orders: data.orders,
        lines: data.lines,
        docs: kehu_core::Docs {
            interactions: data.interactions,
            responses: data.responses,
            staff: data.staff,
            opportunities: data.opportunities,
            tasks: data.tasks,
            leads: data.leads,
            products: data.products,
            quotes: data.quotes,
            expenses: data.expenses,
            segments: data.segments,
            tickets: data.tickets,
            contracts: data.contracts,
            articles: data.articles,
            care_rules: data.care_rules,
            campaigns: data.campaigns,
            campaign_members: data.campaign_members,
            redemptions: Vec::new(),
            shop_settings: Vec::new(),
        },
        surveys: data.surveys,
        ..Default::default()
    };
    db.import(batch, |done, total| {
        post(&FromImporter::<StoreError>::Progress {
            read: done as u64,
            total: total as u64,
        })
    })
    .await
    .map(|_| ())
}

/// The stored customers an import is planned against: whole, or (for the kinds that
/// only look customers up) the snapshot's key parts, read in a third of the time.
enum Stored {
    Whole(Vec<kehu_core::Customer>),
    Keys(LookupKind, Vec<CustomerKey>),
}

impl Stored {
    fn planner<'a>(
        &'a self,
        settings: &ImportSettings,
        choices: &'a Choices,
        when: When,
    ) -> Planner<'a> {
        match self {
            Stored::Whole(customers) => Planner::new(settings, customers, choices, when),
            Stored::Keys(kind, keys) => {
                let people: Vec<_> = keys.iter().map(CustomerKey::person).collect();
                Planner::looking_up(*kind, settings, &people, choices, when)
            }
        }
    }
}

/// The database, and what an import of `kind` needs of its customers.
async fn open(kind: ImportKind) -> Result<(Db, Stored), Failure<StoreError>> {
    let db = Db::open(kehu_store::DB_NAME, || {})
        .await
        .map_err(Failure::Store)?;
    let stored = match kind.needs() {
        Needs::Whole(_) => Stored::Whole(db.all_customers().await.map_err(Failure::Store)?),
        Needs::Lookup(k) if k.finds_customers() => {
            Stored::Keys(k, db.customer_keys().await.map_err(Failure::Store)?)
        }
        Needs::Lookup(k) => Stored::Keys(k, Vec::new()),
    };
    Ok((db, stored))
}

/// Tells `planner` what it must not write twice (the orders or responses stored
/// already: a file imported again).
async fn known(db: &Db, planner: &mut Planner<'_>) -> Result<(), Failure<StoreError>> {
    match planner {
        Planner::Responses(_) => {
            let stored = db
                .all_docs::<kehu_core::SurveyResponse>()
                .await
                .map_err(Failure::Store)?;
            planner.stored_responses(&stored);
        }
        Planner::Orders(_) | Planner::OrderLines(_) => {
            let (orders, staff) =
                futures::join!(db.all_orders(), db.all_docs::<kehu_core::Staff>());
            let staff = staff.map_err(Failure::Store)?;
            planner.stored_orders(&orders.map_err(Failure::Store)?, &staff);
            if let Planner::OrderLines(_) = planner {
                let products = db.all_docs::<kehu_core::Product>().await;
                planner.stored_products(&products.map_err(Failure::Store)?);
            }
        }
        Planner::Leads(_) => {
            let (leads, staff) = futures::join!(
                db.all_docs::<kehu_core::Lead>(),
                db.all_docs::<kehu_core::Staff>()
            );
            let (leads, staff) = (
                leads.map_err(Failure::Store)?,
                staff.map_err(Failure::Store)?,
            );
            planner.stored_leads(&leads, &staff);
        }
        Planner::Opportunities(_) => {
            let (opps, staff) = futures::join!(
                db.all_docs::<kehu_core::Opportunity>(),
                db.all_docs::<kehu_core::Staff>()
            );
            let (opps, staff) = (
                opps.map_err(Failure::Store)?,
                staff.map_err(Failure::Store)?,
            );
            planner.stored_opportunities(&opps, &staff);
        }
        Planner::Tickets(_) => {
            let (tickets, staff, products) = futures::join!(
                db.all_docs::<kehu_core::Ticket>(),
                db.all_docs::<kehu_core::Staff>(),
                db.all_docs::<kehu_core::Product>()
            );
            planner.stored_tickets(
                &tickets.map_err(Failure::Store)?,
                &staff.map_err(Failure::Store)?,
                &products.map_err(Failure::Store)?,
            );
        }
        Planner::CampaignResponses(_) => {
            let (campaigns, members) = futures::join!(
                db.all_docs::<kehu_core::marketing::Campaign>(),
                db.all_docs::<kehu_core::marketing::CampaignMember>()
            );
            planner.stored_campaigns(
                &campaigns.map_err(Failure::Store)?,
                &members.map_err(Failure::Store)?,
            );
        }
        Planner::Products(_) => {
            let stored = db
                .all_docs::<kehu_core::Product>()
                .await
                .map_err(Failure::Store)?;
            planner.stored_products(&stored);
        }
        _ => {}
    }
    Ok(())
}

/// A backup file read whole and checked (see `kehu_core::backup::decode`).
fn read_backup(
    file: &web_sys::File,
    schema: u32,
    today: kehu_core::Day,
) -> Result<(kehu_core::backup::Header, kehu_core::backup::BackupData), Failure<StoreError>> {
    let mut bytes = Vec::with_capacity(file.size() as usize);
    FileRead::new(file, Rc::new(Cell::new(0)))
        .map_err(Failure::File)?
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::File(FileError::Io(e.to_string())))?;
    let text = String::from_utf8_lossy(&bytes);
    kehu_core::backup::decode(&text, schema, today).map_err(Failure::Backup)
}

/// Writes a backup (replacing everything, or merging), posting records written;
/// returns the settings it carries.
async fn restore(
    file: &web_sys::File,
    schema: u32,
    today: kehu_core::Day,
    replace: bool,
) -> Result<std::collections::BTreeMap<String, String>, Failure<StoreError>> {
    let (_, data) = read_backup(file, schema, today)?;
    let db = Db::open(kehu_store::DB_NAME, || {})
        .await
        .map_err(Failure::Store)?;
    let progress = |read: usize, total: usize| {
        post(&FromImporter::Progress {
            read: read as u64,
            total: total as u64,
        })
    };
    let written = if replace {
        db.restore(&data, progress).await
    } else {
        db.merge_backup(&data, progress).await.map(|_| ())
    };
    db.close();
    written.map_err(Failure::Store)?;
    Ok(data.settings)
}

/// Bytes of the file (or of a workbook's sheet, as CSV) the preview reads.
const HEAD: u64 = 256 << 10;

/// The file's first rows, read as `options` say or as sniffed.
fn preview(
    file: &web_sys::File,
    options: Option<kehu_core::import::table::TableOptions>,
    rows: usize,
) -> Result<FromImporter<StoreError>, Failure<StoreError>> {
    use kehu_core::import::{sheet, table, text};
    let fail = |e: std::io::Error| Failure::File(FileError::Io(e.to_string()));
    let mut input = FileRead::new(file, Rc::new(Cell::new(0))).map_err(Failure::File)?;
    let mut first = [0u8; 4];
    let n = input.read(&mut first).map_err(fail)?;
    let workbook = sheet::is_workbook(&first[..n]);
    let mut head = first[..n].to_vec();
    if workbook {
        input.read_to_end(&mut head).map_err(fail)?;
        let mut csv = Vec::new();
        sheet::first_sheet(std::mem::take(&mut head).into())
            .map_err(Failure::File)?
            .take(HEAD)
            .read_to_end(&mut csv)
            .map_err(|e| {
                match e
                    .get_ref()
                    .and_then(|e| e.downcast_ref::<kehu_core::import::orders::Limit>())
                {
                    Some(l) => Failure::File(FileError::TooLarge(*l)),
                    None => Failure::File(FileError::Workbook(e.to_string())),
                }
            })?;
        head = csv;
    } else {
        (&mut input)
            .take(HEAD - n as u64)
            .read_to_end(&mut head)
            .map_err(fail)?;
    }
    // Whole lines only, unless the file is shorter than what was read.
    if head.len() as u64 >= HEAD
        && let Some(end) = head.iter().rposition(|&c| c == b'\n')
    {
        head.truncate(end + 1);
    }
    let options = match (workbook, options) {
        (true, _) => table::TableOptions {
            encoding: text::Encoding::Utf8,
            delimiter: b',',
        },
        (false, Some(o)) => o,
        (false, None) => {
            table::sniff_options(&head[..head.len().min(1 << 16)]).map_err(Failure::File)?
        }
    };
    let doubtful = !workbook && text::doubtful(&head, options.encoding);
    let preview = table::preview(&head[..], options, rows).map_err(Failure::File)?;
    Ok(FromImporter::Previewed {
        preview,
        options,
        workbook,
        doubtful,
    })
}

/// The file's rows: a text file read in slices, or a workbook's first sheet (a zip
/// needs its directory at the end, so the workbook is read whole; its sheet is still
/// inflated and scanned as the rows are read).
fn table(
    file: &web_sys::File,
    settings: &kehu_core::import::job::ImportSettings,
    read: &Rc<Cell<u64>>,
) -> Result<TableReader<Box<dyn Read>>, Failure<StoreError>> {
    let mut input = FileRead::new(file, read.clone()).map_err(Failure::File)?;
    let input: Box<dyn Read> = if settings.workbook {
        let mut all = Vec::with_capacity(file.size() as usize);
        input
            .read_to_end(&mut all)
            .map_err(|e| Failure::File(FileError::Io(e.to_string())))?;
        Box::new(kehu_core::import::sheet::first_sheet(all.into()).map_err(Failure::File)?)
    } else {
        Box::new(input)
    };
    TableReader::new(input, settings.options).map_err(Failure::File)
}

async fn check(
    settings: &kehu_core::import::job::ImportSettings,
    choices: &Choices,
    when: When,
    file: &web_sys::File,
) -> Result<kehu_core::import::job::Tally, Failure<StoreError>> {
    let (db, stored) = open(settings.kind).await?;
    let mut planner = stored.planner(settings, choices, when);
    known(&db, &mut planner).await?;
    db.close();
    let read = Rc::new(Cell::new(0));
    let mut table = table(file, settings, &read)?;
    let total = file.size() as u64;
    let mut new_id = new_id;
    let tally = planner.check(&mut table, &mut new_id, &mut |_| {
        post(&FromImporter::Progress {
            read: read.get(),
            total,
        })
    });
    // A file past a limit is refused whole, not imported up to the limit.
    match table.stopped {
        Some(limit) => Err(Failure::File(FileError::TooLarge(limit))),
        None => Ok(tally),
    }
}

/// A Web Lock held until released (or the worker ends, or its tab closes).
struct Held(Option<js_sys::Function>);

impl Held {
    fn release(self) {
        if let Some(release) = self.0 {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// Takes the Web Lock `name` if no one holds it, and holds it until released: `Ok(None)`
/// when another worker holds it (another tab is writing this import). Where the browser
/// has no Web Locks, writes go ahead unguarded but for the job check every batch makes.
async fn take_lock(name: &str) -> Result<Option<Held>, JsValue> {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let Some(locks) = get(&js_sys::global(), "navigator")
        .and_then(|n| get(&n, "locks"))
        .filter(|l| !l.is_undefined())
    else {
        return Ok(Some(Held(None)));
    };
    let request: js_sys::Function = get(&locks, "request")
        .and_then(|r| r.dyn_into().ok())
        .ok_or_else(|| JsValue::from_str("navigator.locks.request"))?;
    let mut release = None;
    let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut answer = None;
    let granted = js_sys::Promise::new(&mut |resolve, _| answer = Some(resolve));
    let answer = answer.ok_or_else(|| JsValue::from_str("promise"))?;
    // Called at once with the lock, or with null when someone else holds it; holding
    // it means not settling the promise it returns until `release` is called.
    let on_lock = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let got = !lock.is_null();
        let _ = answer.call1(&JsValue::NULL, &JsValue::from_bool(got));
        if got { held.into() } else { JsValue::UNDEFINED }
    });
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE)?;
    request.call3(&locks, &name.into(), &options, &on_lock)?;
    let got = wasm_bindgen_futures::JsFuture::from(granted).await?;
    Ok(got.as_bool().unwrap_or(false).then_some(Held(release)))
}

/// Writes `job`'s file from after `job.line`, batch by batch, until the end, a cancel or
/// an error; the job's last state goes to the page as `Finished`.
async fn write(
    mut job: ImportJob,
    choices: &Choices,
    when: When,
    file: &web_sys::File,
) -> Result<(), Failure<StoreError>> {
    // Held for the whole write: a second tab finds it taken and refuses to write.
    let lock = match take_lock(&job.lock_name()).await {
        Ok(Some(held)) => held,
        Ok(None) => return Err(Failure::Busy),
        Err(e) => return Err(Failure::File(FileError::Io(format!("{e:?}")))),
    };
    let mut customers = Some(Vec::new());
    let written = write_batches(&mut job, choices, when, file, &mut customers).await;
    lock.release();
    let error = written?;
    post(&FromImporter::Finished {
        job,
        error,
        customers,
    });
    Ok(())
}

/// [`write`]'s batches, under its lock; returns the store error a batch stopped at.
/// Adds to `customers` those the written batches created or changed, while they are
/// few ([`FEW_CUSTOMERS`]), and makes it `None` past that.
async fn write_batches(
    job: &mut ImportJob,
    choices: &Choices,
    when: When,
    file: &web_sys::File,
    customers: &mut Option<Vec<Id>>,
) -> Result<Option<StoreError>, Failure<StoreError>> {
    let (db, stored) = open(job.settings.kind).await?;
    let read = Rc::new(Cell::new(0));
    let mut table = table(file, &job.settings, &read)?;
    let total = file.size() as u64;
    job.file = FileInfo {
        name: file.name(),
        size: total,
        modified: file.last_modified(),
    };
    job.status = ImportStatus::Running;
    job.error = None;
    job.updated = now();
    db.save_import_job(job).await.map_err(Failure::Store)?;
    let size = match job.settings.kind {
        kehu_core::import::mapping::ImportKind::Orders => ORDER_BATCH,
        // Each order brings its lines: a few per order.
        kehu_core::import::mapping::ImportKind::OrderLines => ORDER_BATCH / 4,
        // Records of their own, written at the pace of customers.
        kehu_core::import::mapping::ImportKind::Customers
        | kehu_core::import::mapping::ImportKind::Contacts
        | kehu_core::import::mapping::ImportKind::Interactions
        | kehu_core::import::mapping::ImportKind::Responses
        | kehu_core::import::mapping::ImportKind::Products
        | kehu_core::import::mapping::ImportKind::Leads
        | kehu_core::import::mapping::ImportKind::Opportunities
        | kehu_core::import::mapping::ImportKind::Tickets
        | kehu_core::import::mapping::ImportKind::CampaignResponses => RECORD_BATCH,
    };
    let mut planner = stored.planner(&job.settings, choices, when);
    known(&db, &mut planner).await?;
    let from = job.reached();
    let mut new_id = new_id;
    let mut error = None;
    loop {
        // The next batch is read before the stop is heeded: a stop that comes once every
        // row is written leaves the import done, not "stopped" with nothing left to resume.
        let Some((batch, reached)) = planner.next_batch(&mut table, from, size, &mut new_id) else {
            job.status = ImportStatus::Done;
            break;
        };
        if CANCELLED.with(Cell::get) {
            job.status = ImportStatus::Cancelled;
            break;
        }
        // A run of rows an earlier run wrote, replayed only to be remembered.
        if from.covers(reached.rows, reached.line) {
            continue;
        }
        let ids = batch.customer_ids();
        match db.write_import_batch(job, batch, reached, now()).await {
            Ok(keys) => {
                planner.settle(&keys);
                if let Some(list) = customers {
                    list.extend(ids);
                }
                if customers.as_ref().is_some_and(|l| l.len() > FEW_CUSTOMERS) {
                    *customers = None;
                }
            }
            // Another tab moved the job on, or took it back: its state is not ours to
            // overwrite.
            Err(StoreError::Changed) => {
                db.close();
                return Err(Failure::Store(StoreError::Changed));
            }
            Err(e) => {
                job.status = ImportStatus::Failed;
                job.error = Some(e.to_string());
                error = Some(e);
                break;
            }
        }
        post(&FromImporter::Batch { job: job.clone() });
    }
    job.updated = now();
    // Under a full quota even this small write may fail; the job then stays "running",
    // which the history shows as interrupted, resumable all the same.
    let _ = db.save_import_job(job).await;
    db.close();
    Ok(error)
}
