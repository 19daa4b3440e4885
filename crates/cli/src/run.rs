//! The commands: read, analyse, write.

use crate::args::{Command, Input};
use kehu_core::analytics::cluster::{features, kmeans};
use kehu_core::analytics::clv::{self, BgNbd, FitError, GammaGamma, Summary};
use kehu_core::analytics::rfm::{Rfm, rfm};
use kehu_core::analytics::value::{Cutoffs, behaviour, tiers};
use kehu_core::analytics::{Totals, Window, id_order};
use kehu_core::import::orders::{FileError, ParsedOrders, read_orders};
use kehu_core::{Cents, Day};
use std::collections::HashMap;
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

/// Days in a month for CLV, as `lifetimes` uses with a daily time unit.
const DAYS_PER_MONTH: f64 = 30.0;
const CLV_MONTHS: u32 = 12;
const MONTHLY_DISCOUNT: f64 = 0.01;
const HORIZON_DAYS: f64 = 90.0;
const CLUSTER_SEED: u64 = 42;
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
    let (mut parsed, w) = load(input)?;
    if let Some(path) = customers {
        let mut index: HashMap<String, u32> = parsed
            .ids
            .iter()
            .enumerate()
            .map(|(k, id)| (id.clone(), k as u32))
            .collect();
        for id in read_customer_ids(path, &input.columns.customer)? {
            parsed.key_of(&mut index, &id);
        }
    }
    let n = parsed.ids.len();
    let id_rank = id_order(&parsed.ids);
    let universe: Vec<u32> = (0..n as u32).collect();

    let scores: Vec<Rfm> = rfm(&parsed.orders, w, &id_rank);
    let mut by_key: Vec<Option<usize>> = vec![None; n];
    for (i, r) in scores.iter().enumerate() {
        by_key[r.customer as usize] = Some(i);
    }
    let quadrant: HashMap<u32, &'static str> = behaviour(&parsed.orders, w)
        .customers
        .iter()
        .map(|b| (b.customer, b.quadrant.code()))
        .collect();
    let totals = Totals::of(&parsed.orders, w);
    let tier = tiers(&totals.cents, &universe, &id_rank, Cutoffs::default());

    let summaries = clv::summaries(&parsed.orders, w);
    let m = fit_models(&summaries);
    if let Err(e) = &m.bg {
        eprintln!(
            "kehu: BG/NBD not fitted ({e}): p_alive, expected_purchases_90d and clv_12m left empty"
        );
    } else if let Err(e) = &m.gg {
        eprintln!("kehu: Gamma-Gamma not fitted ({e}): clv_12m left empty");
    }
    let summary_of: HashMap<u32, &Summary> = summaries.iter().map(|s| (s.customer, s)).collect();

    let labels = if scores.is_empty() {
        Vec::new()
    } else {
        kmeans(&features(&scores), k.min(scores.len()), CLUSTER_SEED).labels
    };

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
        for key in 0..n {
            let mut row: Vec<String> = vec![safe_cell(&parsed.ids[key])];
            match by_key[key] {
                Some(i) => {
                    let r = &scores[i];
                    row.extend([
                        r.recency.to_string(),
                        r.frequency.to_string(),
                        r.monetary.to_string(),
                        r.monetary_mean().to_string(),
                        r.r.to_string(),
                        r.f.to_string(),
                        r.m.to_string(),
                        r.segment.code().to_string(),
                        quadrant
                            .get(&(key as u32))
                            .copied()
                            .unwrap_or("")
                            .to_string(),
                    ]);
                }
                None => row.extend(std::iter::repeat_n(String::new(), 9)),
            }
            row.push(tier[key].1.code().to_string());
            let s = summary_of.get(&(key as u32));
            match (&m.bg, s) {
                (Ok(bg), Some(s)) => {
                    row.push(format!("{:.6}", bg.p_alive(&s.history)));
                    row.push(format!(
                        "{:.6}",
                        bg.expected_purchases(HORIZON_DAYS, &s.history)
                    ));
                    row.push(match &m.gg {
                        Ok(gg) => {
                            let v = clv::clv(
                                bg,
                                gg,
                                &s.history,
                                s.monetary,
                                CLV_MONTHS,
                                MONTHLY_DISCOUNT,
                                DAYS_PER_MONTH,
                            );
                            Cents((v * 100.0).round() as i64).to_string()
                        }
                        Err(_) => String::new(),
                    });
                }
                _ => row.extend(std::iter::repeat_n(String::new(), 3)),
            }
            row.push(
                by_key[key]
                    .map(|i| labels[i].to_string())
                    .unwrap_or_default(),
            );
            wr.write_record(&row)?;
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
    Ok(())
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
