//! The commands: read, analyse, write.

use crate::args::{Command, Input};
use kehu_core::analytics::clv::{self, BgNbd, FitError, GammaGamma, Summary};
use kehu_core::analytics::pipeline::{self, Settings, Step};
use kehu_core::analytics::rfm::Rfm;
use kehu_core::analytics::{Window, id_order};
use kehu_core::import::orders::{FileError, IdIndex, ParsedOrders, read_orders};
use kehu_core::{Cents, Day};
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
const SHOWN_ERRORS: usize = 20;

pub fn run(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Help => Ok(()),
        Command::Demo {
            customers,
            orders,
            out,
        } => demo(customers, orders, &out),
        Command::Analyze {
            input,
            customers,
            out,
            clusters,
        } => analyze(&input, customers.as_deref(), out.as_deref(), clusters),
        Command::Fit { input } => fit(&input),
    }
}

/// Reads the orders, reports bad lines and the summary on stderr, and settles the window.
fn load(input: &Input) -> Result<(ParsedOrders, Window), Failure> {
    let file = File::open(&input.orders).map_err(|e| Failure::Io(input.orders.clone(), e))?;
    let parsed = read_orders(file, &input.columns).map_err(|e| match e {
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
        as_of,
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
    let summaries = clv::summaries(&parsed.orders, w);
    let m = fit_models(&summaries);
    let failed = m.bg.is_err() && m.gg.is_err();
    let model = |r: Result<serde_json::Value, FitError>| match r {
        Ok(v) => v,
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    };
    let json = serde_json::json!({
        "as_of": w.as_of.to_string(),
        "customers": summaries.len(),
        "time_unit": "days",
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

/// A user-supplied cell that a spreadsheet would run as a formula gets a leading quote.
fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn analyze(
    input: &Input,
    customers: Option<&Path>,
    out: Option<&Path>,
    k: usize,
) -> Result<(), Failure> {
    let mut clock = Timings::new(input.timings);
    let (mut parsed, w) = load(input)?;
    if let Some(path) = customers {
        let mut index: IdIndex = parsed
            .ids
            .iter()
            .enumerate()
            .map(|(k, id)| (id.clone(), k as u32))
            .collect();
        for id in read_customer_ids(path, &input.columns.customer)? {
            parsed.key_of(&mut index, &id);
        }
    }
    clock.lap("read");
    let settings = Settings {
        clusters: k,
        ..Settings::default()
    };
    let id_rank = id_order(&parsed.ids);
    let a = pipeline::analyze(
        &parsed.orders,
        parsed.ids.len(),
        &id_rank,
        w,
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
    let write = |w_: &mut dyn Write| -> csv::Result<()> {
        let mut wr = csv::Writer::from_writer(w_);
        wr.write_record([
            "customer_id",
            "recency_days",
            "frequency",
            "monetary_total",
            "monetary_mean",
            "r_score",
            "f_score",
            "m_score",
            "segment",
            "behaviour_quadrant",
            "pyramid_tier",
            "p_alive",
            "expected_purchases_90d",
            "clv_12m",
            "cluster",
        ])?;
        // One buffer for every number: a million small Strings cost more than the maths.
        let mut buf = String::new();
        let mut field = |wr: &mut csv::Writer<_>, v: Option<&dyn fmt::Display>| {
            buf.clear();
            if let Some(v) = v {
                use std::fmt::Write as _;
                let _ = write!(buf, "{v}");
            }
            wr.write_field(&buf)
        };
        for (c, id) in a.customers.iter().zip(&parsed.ids) {
            wr.write_field(safe_cell(id))?;
            let r = c.rfm.as_ref();
            field(&mut wr, r.map(|r| &r.recency as &dyn fmt::Display))?;
            field(&mut wr, r.map(|r| &r.frequency as &dyn fmt::Display))?;
            field(&mut wr, r.map(|r| &r.monetary as &dyn fmt::Display))?;
            let mean = r.map(Rfm::monetary_mean);
            field(&mut wr, mean.as_ref().map(|m| m as &dyn fmt::Display))?;
            field(&mut wr, r.map(|r| &r.r as &dyn fmt::Display))?;
            field(&mut wr, r.map(|r| &r.f as &dyn fmt::Display))?;
            field(&mut wr, r.map(|r| &r.m as &dyn fmt::Display))?;
            wr.write_field(r.map_or("", |r| r.segment.code()))?;
            wr.write_field(c.quadrant.map_or("", |q| q.code()))?;
            wr.write_field(c.tier.code())?;
            let six = |v: Option<f64>| v.map(Fixed6);
            field(
                &mut wr,
                six(c.p_alive).as_ref().map(|v| v as &dyn fmt::Display),
            )?;
            let e = six(c.expected_purchases);
            field(&mut wr, e.as_ref().map(|v| v as &dyn fmt::Display))?;
            let clv = c.clv.map(|v| Cents((v * 100.0).round() as i64));
            field(&mut wr, clv.as_ref().map(|v| v as &dyn fmt::Display))?;
            field(&mut wr, c.cluster.as_ref().map(|v| v as &dyn fmt::Display))?;
            wr.write_record(None::<&[u8]>)?;
        }
        wr.flush()?;
        Ok(())
    };
    match out {
        None => {
            let stdout = std::io::stdout();
            let mut lock = BufWriter::new(stdout.lock());
            write(&mut lock).map_err(|e| Failure::Io("stdout".into(), std::io::Error::other(e)))?;
        }
        Some(path) => {
            // Write beside the target, then rename: a failed run never leaves half a file.
            let tmp = path.with_extension("partial");
            let file = File::create(&tmp).map_err(|e| Failure::Io(tmp.clone(), e))?;
            let mut bw = BufWriter::new(file);
            write(&mut bw).map_err(|e| Failure::Io(tmp.clone(), std::io::Error::other(e)))?;
            bw.flush().map_err(|e| Failure::Io(tmp.clone(), e))?;
            drop(bw);
            std::fs::rename(&tmp, path).map_err(|e| Failure::Io(path.to_path_buf(), e))?;
        }
    }
    clock.lap("write");
    clock.report();
    Ok(())
}

/// A number with six decimals.
struct Fixed6(f64);

impl fmt::Display for Fixed6 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Integers are printed far faster than `{:.6}`'s exact float formatting; this
        // rounds the same way but for halfway cases a millionth apart.
        let scaled = (self.0 * 1e6).round();
        if (0.0..9e15).contains(&scaled) {
            let n = scaled as u64;
            write!(f, "{}.{:06}", n / 1_000_000, n % 1_000_000)
        } else {
            write!(f, "{:.6}", self.0)
        }
    }
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
        eprintln!(
            "kehu: seconds: {}; total {:.3}",
            steps.join(", "),
            self.start.elapsed().as_secs_f64()
        );
    }
}

/// Writes the demo generator's orders as a CSV (customer_id, order_date, amount), ending
/// today, for trying the tool and for benchmarks.
fn demo(customers: usize, orders: usize, out: &Path) -> Result<(), Failure> {
    use kehu_core::demo::{DemoSpec, NameStyle, generate};
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let spec = DemoSpec {
        customers,
        orders,
        interactions_per_customer: 0,
        ..DemoSpec::standard(Day((secs / 86_400) as i32), NameStyle::English)
    };
    let data = generate(&spec);
    let tmp = out.with_extension("partial");
    let io = |e| Failure::Io(tmp.clone(), e);
    let mut w = BufWriter::new(File::create(&tmp).map_err(io)?);
    writeln!(w, "customer_id,order_date,amount").map_err(io)?;
    let o = &data.orders;
    for i in 0..o.len() {
        writeln!(
            w,
            "C{:07},{},{}",
            o.customer[i] + 1,
            Day(o.day[i]),
            Cents(o.cents[i])
        )
        .map_err(io)?;
    }
    w.flush().map_err(io)?;
    drop(w);
    std::fs::rename(&tmp, out).map_err(|e| Failure::Io(out.to_path_buf(), e))?;
    eprintln!(
        "{}: {} orders of {} customers",
        out.display(),
        o.len(),
        customers
    );
    Ok(())
}
