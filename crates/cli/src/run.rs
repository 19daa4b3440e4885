//! The commands: read, analyse, write.

use crate::args::{Command, Input};
use kehu_analytics::clv::{self, BgNbd, FitError, GammaGamma, Summary};
use kehu_analytics::{Window, id_order};
use kehu_core::Day;
use kehu_core::analytics::pipeline::{self, PyramidValue, Settings, Step};
use kehu_core::import::orders::{Columns, FileError, IdIndex, ParsedOrders, cut, read_orders};
use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What stops a run, with its exit code.
#[derive(Debug)]
pub enum Failure {
    Io(PathBuf, std::io::Error),
    Data(String),
    NoModel(String),
}

impl Failure {
    pub fn code(&self) -> u8 {
        match self {
            Failure::Io(..) => 1,
            Failure::Data(_) => 3,
            Failure::NoModel(_) => 4,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Io(p, e) => write!(f, "{}: {e}", p.display()),
            Failure::Data(m) | Failure::NoModel(m) => f.write_str(m),
        }
    }
}

/// Bad lines shown one by one before the rest are only counted.
pub const SHOWN_ERRORS: usize = 20;

pub fn run(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Help => Ok(()),
        Command::Demo {
            customers,
            orders,
            today,
            out,
        } => demo(customers, orders, today, &out),
        Command::Analyze {
            input,
            customers,
            out,
            summary,
            pyramid_by_clv,
            clusters,
        } => analyze(
            &input,
            customers.as_deref(),
            out.as_deref(),
            summary.as_deref(),
            Settings {
                clusters,
                time_unit: input.time_unit,
                pyramid_by: if pyramid_by_clv {
                    PyramidValue::Clv
                } else {
                    PyramidValue::Revenue
                },
                ..Settings::default()
            },
        ),
        Command::Fit { input } => fit(&input),
        Command::Basket {
            lines,
            out,
            order_column,
            product_column,
        } => crate::basket::basket(&lines, out.as_deref(), &order_column, &product_column),
    }
}

/// Reads the orders file `data` as [`read_orders`] does, on as many threads as there are
/// cores when it is large enough to gain from them (the same keys, rows and bad lines:
/// see [`cut`]).
fn read_in_pieces(data: &[u8], cols: &Columns) -> Result<ParsedOrders, FileError> {
    // Below a few MB a thread costs more than it saves.
    const WORTH_CUTTING: usize = 4 << 20;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if data.len() >= WORTH_CUTTING
        && threads > 1
        && let Some(c) = cut(data, cols, threads)?
    {
        let pieces = std::thread::scope(|s| {
            let running: Vec<_> = (0..c.len())
                .map(|i| {
                    let c = &c;
                    s.spawn(move || c.read(i))
                })
                .collect();
            running
                .into_iter()
                .map(|t| t.join())
                .collect::<Result<Vec<_>, _>>()
        });
        // A piece whose thread failed, or that holds quoted lines: read it whole.
        if let Some(parsed) = pieces.ok().and_then(|p| c.join(p)) {
            return Ok(parsed);
        }
    }
    read_orders(data, cols)
}

/// Reads the orders, reports bad lines and the summary on stderr, and settles the window.
fn load(input: &Input) -> Result<(ParsedOrders, Window), Failure> {
    let data = std::fs::read(&input.orders).map_err(|e| Failure::Io(input.orders.clone(), e))?;
    let parsed = read_in_pieces(&data, &input.columns).map_err(|e| match e {
        FileError::Io(m) => Failure::Io(input.orders.clone(), std::io::Error::other(m)),
        other => Failure::Data(format!("{}: {other}", input.orders.display())),
    })?;
    let name = input.orders.display();
    for e in parsed.errors.iter().take(SHOWN_ERRORS) {
        eprintln!("{name}:{}: {}", e.line, e.problem);
    }
    if parsed.errors.len() > SHOWN_ERRORS {
        eprintln!(
            "{name}: … and {} more bad lines",
            parsed.errors.len() - SHOWN_ERRORS
        );
    }
    let last = parsed.orders.day.iter().copied().max();
    let as_of = match (input.as_of, last) {
        (Some(d), _) => d,
        (None, Some(d)) => Day(d),
        (None, None) => Day(0),
    };
    let w = Window {
        as_of: as_of.0,
        days: input.window_days,
    };
    let used = (0..parsed.orders.len())
        .filter(|&i| w.contains(parsed.orders.day[i]))
        .count();
    eprintln!(
        "{name}: {} data lines, {} orders used (as of {as_of}{}), {} skipped as bad, {} outside the window",
        parsed.rows,
        used,
        input
            .window_days
            .map(|d| format!(", last {d} days"))
            .unwrap_or_default(),
        parsed.errors.len(),
        parsed.orders.len() - used,
    );
    if input.strict && !parsed.errors.is_empty() {
        return Err(Failure::Data(format!(
            "{} bad lines and --strict: nothing written",
            parsed.errors.len()
        )));
    }
    if used == 0 {
        return Err(Failure::Data(format!(
            "{name}: no valid order in the window"
        )));
    }
    Ok((parsed, w))
}

struct Models {
    bg: Result<BgNbd, FitError>,
    gg: Result<GammaGamma, FitError>,
}

fn fit_models(summaries: &[Summary]) -> Models {
    let h: Vec<clv::History> = summaries.iter().map(|s| s.history).collect();
    let pairs: Vec<(f64, f64)> = summaries
        .iter()
        .map(|s| (s.history.frequency, s.monetary))
        .collect();
    Models {
        bg: clv::fit_bgnbd(&h),
        gg: clv::fit_gamma_gamma(&pairs),
    }
}

fn fit(input: &Input) -> Result<(), Failure> {
    let (parsed, w) = load(input)?;
    let summaries = clv::summaries_in(parsed.orders.orders(), w, input.time_unit);
    let m = fit_models(&summaries);
    let failed = m.bg.is_err() && m.gg.is_err();
    let model = |r: Result<serde_json::Value, FitError>| match r {
        Ok(v) => v,
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    };
    let json = serde_json::json!({
        "as_of": Day(w.as_of).to_string(),
        "customers": summaries.len(),
        "time_unit": input.time_unit.code(),
        "bgnbd": model(m.bg.map(|b| serde_json::json!({
            "r": b.r, "alpha": b.alpha, "a": b.a, "b": b.b, "log_likelihood": b.log_likelihood,
        }))),
        "gamma_gamma": model(m.gg.map(|g| serde_json::json!({
            "p": g.p, "q": g.q, "gamma": g.gamma, "log_likelihood": g.log_likelihood,
            "repeat_customers": summaries.iter().filter(|s| s.history.frequency > 0.0 && s.monetary > 0.0).count(),
        }))),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    if failed {
        return Err(Failure::NoModel("neither model could be fitted".into()));
    }
    Ok(())
}

/// Customer ids from a customers CSV (the id column only), so customers without orders
/// appear in the output as inactive.
fn read_customer_ids(path: &Path, column: &str) -> Result<Vec<String>, Failure> {
    let file = File::open(path).map_err(|e| Failure::Io(path.to_path_buf(), e))?;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let headers = rdr
        .headers()
        .map_err(|e| Failure::Data(format!("{}: {e}", path.display())))?
        .clone();
    let col = headers
        .iter()
        .position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(column)
        })
        .ok_or_else(|| Failure::Data(format!("{}: no column named {column:?}", path.display())))?;
    let mut ids = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Failure::Data(format!("{}: {e}", path.display())))?;
        if let Some(id) = rec.get(col).map(str::trim).filter(|s| !s.is_empty()) {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

fn analyze(
    input: &Input,
    customers: Option<&Path>,
    out: Option<&Path>,
    summary: Option<&Path>,
    settings: Settings,
) -> Result<(), Failure> {
    let mut clock = Timings::new(input.timings);
    let (mut parsed, window) = load(input)?;
    if let Some(path) = customers {
        let mut index = IdIndex::of(&parsed.ids);
        for id in read_customer_ids(path, &input.columns.customer)? {
            parsed.key_of(&mut index, &id);
        }
    }
    clock.lap("read");
    let id_rank = id_order(&parsed.ids);
    let a = pipeline::analyze(
        &parsed.orders,
        parsed.ids.len(),
        &id_rank,
        window,
        &settings,
        &mut |s| {
            clock.lap(match s {
                Step::Scores => "id order",
                Step::Fit => "scores",
                Step::Predict => "fit",
                Step::Cluster => "predict",
            })
        },
    );
    clock.lap("cluster");
    if let Err(e) = &a.bgnbd {
        eprintln!(
            "kehu: BG/NBD not fitted ({e}): p_alive, expected_purchases_90d and clv_12m left empty"
        );
    } else if let Err(e) = &a.gamma_gamma {
        eprintln!("kehu: Gamma-Gamma not fitted ({e}): clv_12m left empty");
    }
    if settings.pyramid_by != a.pyramid_by {
        eprintln!("kehu: no CLV to rank by: pyramid tiers by revenue");
    }
    match out {
        None => {
            let stdout = std::io::stdout();
            pipeline::write_csv(&a, &parsed.ids, BufWriter::new(stdout.lock()))
                .map_err(|e| Failure::Io("stdout".into(), e))?;
        }
        Some(path) => write_atomically(path, |w| pipeline::write_csv(&a, &parsed.ids, w))?,
    }
    if let Some(path) = summary {
        write_atomically(path, |w| {
            let json = summary_json(&a, window, &settings);
            serde_json::to_writer_pretty(&mut *w, &json)?;
            Ok(writeln!(w)?)
        })?;
    }
    clock.lap("write");
    clock.report();
    Ok(())
}

/// Writes `path` through `f` beside the target, then renames: a failed run never leaves
/// half a file.
pub fn write_atomically(
    path: &Path,
    f: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let tmp = path.with_extension("partial");
    let io = |e| Failure::Io(tmp.clone(), e);
    let mut w = BufWriter::new(File::create(&tmp).map_err(io)?);
    f(&mut w).map_err(io)?;
    w.flush().map_err(io)?;
    drop(w);
    std::fs::rename(&tmp, path).map_err(|e| Failure::Io(path.to_path_buf(), e))
}

/// The models behind an analysis, for `--summary`: what an analyst needs to reproduce
/// or check it (fitted parameters, k-means centres in standardised feature space).
fn summary_json(a: &pipeline::Analysis, w: Window, s: &Settings) -> serde_json::Value {
    use serde_json::json;
    let model = |r: Result<serde_json::Value, &FitError>| match r {
        Ok(v) => v,
        Err(e) => json!({ "error": e.to_string() }),
    };
    let active = a.customers.iter().filter(|c| c.rfm.is_some()).count();
    json!({
        "as_of": Day(w.as_of).to_string(),
        "window_days": w.days,
        "customers": a.customers.len(),
        "customers_with_orders": active,
        "time_unit": s.time_unit.code(),
        "pyramid_by": a.pyramid_by.code(),
        "bgnbd": model(a.bgnbd.as_ref().map(|b| json!({
            "r": b.r, "alpha": b.alpha, "a": b.a, "b": b.b, "log_likelihood": b.log_likelihood,
        }))),
        "gamma_gamma": model(a.gamma_gamma.as_ref().map(|g| json!({
            "p": g.p, "q": g.q, "gamma": g.gamma, "log_likelihood": g.log_likelihood,
        }))),
        "clv": { "months": s.clv_months, "monthly_discount": s.monthly_discount, "days_per_month": s.days_per_month },
        "kmeans": a.kmeans.as_ref().map(|k| json!({
            "k": k.centres.len(),
            "seed": s.seed,
            "features": ["ln(1+recency_days)", "ln(1+frequency)", "ln(1+monetary_total)"],
            "standardised": true,
            "initial_centres": k.initial_centres,
            "centres": k.centres,
            "inertia": k.inertia,
            "iterations": k.iterations,
        })),
    })
}

/// Wall-clock time per step, printed to stderr with `--timings`.
struct Timings {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Timings {
    fn new(on: bool) -> Timings {
        let now = std::time::Instant::now();
        Timings {
            on,
            start: now,
            last: now,
            laps: Vec::new(),
        }
    }

    /// Ends the step called `name`.
    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, (now - self.last).as_secs_f64()));
        self.last = now;
    }

    fn report(&self) {
        if !self.on {
            return;
        }
        let steps: Vec<String> = self
            .laps
            .iter()
            .map(|(name, s)| format!("{name} {s:.3}"))
            .collect();
        // Peak resident memory, where the system tells (Linux).
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
                line.split_whitespace().nth(1)?.parse::<u64>().ok()
            })
            .map(|kb| format!("; peak memory {} MB", kb / 1024))
            .unwrap_or_default();
        eprintln!(
            "kehu: seconds: {}; total {:.3}{peak}",
            steps.join(", "),
            self.start.elapsed().as_secs_f64()
        );
    }
}

/// Writes the demo generator's orders as a CSV (customer_id, order_date, amount), ending
/// today, for trying the tool and for benchmarks.
fn demo(customers: usize, orders: usize, today: Option<Day>, out: &Path) -> Result<(), Failure> {
    use kehu_core::demo::{DemoSpec, NameStyle, generate, write_orders_csv};
    let today = today.unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Day((secs / 86_400) as i32)
    });
    let spec = DemoSpec {
        customers,
        orders,
        interactions_per_customer: 0,
        ..DemoSpec::standard(today, NameStyle::English)
    };
    let data = generate(&spec);
    write_atomically(out, |w| write_orders_csv(&data.orders, w))?;
    eprintln!(
        "{}: {} orders of {} customers",
        out.display(),
        data.orders.len(),
        customers
    );
    Ok(())
}
