//! Command-line arguments, parsed by hand: a handful of flags do not need a framework.

use kehu_analytics::clv::TimeUnit;
use kehu_core::Day;
use kehu_core::import::orders::Columns;
use std::path::PathBuf;

pub const USAGE: &str = "usage:
  kehu analyze --orders FILE [--customers FILE] [--as-of YYYY-MM-DD] [--window-days N]
               [--out FILE] [--summary FILE] [--clusters K] [--pyramid-by revenue|clv]
               [--time-unit days|weeks]
               [--strict] [--timings]
               [--id-column NAME] [--date-column NAME] [--amount-column NAME]
  kehu fit --orders FILE [--as-of YYYY-MM-DD] [--window-days N] [--time-unit days|weeks]
           [--strict] [column options]
  kehu demo --out FILE [--customers N] [--orders N] [--today YYYY-MM-DD]
                                                      (generated orders, to try things)
  kehu basket --lines FILE [--out FILE] [--order-column NAME] [--product-column NAME]
                                                      (products bought together)

The orders CSV needs a header with customer_id, order_date and amount (other names with
the column options; other columns are ignored), in UTF-8 or GBK. Orders dated after the
as-of date (default: the last order's date) are ignored. analyze writes one row per
customer to --out (default: standard output); --summary writes the fitted models and the
k-means centres as JSON; --timings prints the time of each step. --time-unit weeks fits
the models in weeks (orders in one Monday-to-Sunday week are one purchase), as lifetimes
does with freq=\"W\".

basket reads order lines, one row per product sold (columns order_id and product by
default), and writes the rules \"who buys A also buys B\" seen in at least 5 orders:
orders with both, support, confidence and lift, the strongest lift first.";

#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub orders: PathBuf,
    pub columns: Columns,
    pub as_of: Option<Day>,
    pub window_days: Option<u32>,
    pub strict: bool,
    /// Print the time each step took to stderr.
    pub timings: bool,
    /// The BG/NBD and Gamma-Gamma time unit.
    pub time_unit: TimeUnit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Help,
    Analyze {
        input: Input,
        customers: Option<PathBuf>,
        out: Option<PathBuf>,
        /// The models as JSON.
        summary: Option<PathBuf>,
        /// Rank the value pyramid by predicted CLV rather than revenue.
        pyramid_by_clv: bool,
        clusters: usize,
    },
    Fit {
        input: Input,
    },
    Demo {
        customers: usize,
        orders: usize,
        /// The last day of the generated history (default: today).
        today: Option<Day>,
        out: PathBuf,
    },
    Basket {
        lines: PathBuf,
        out: Option<PathBuf>,
        order_column: String,
        product_column: String,
    },
}

pub fn parse(argv: &[String]) -> Result<Command, String> {
    let Some(cmd) = argv.first() else {
        return Err("no command given".into());
    };
    if matches!(cmd.as_str(), "-h" | "--help" | "help") {
        return Ok(Command::Help);
    }
    if cmd == "demo" {
        return parse_demo(&argv[1..]);
    }
    if cmd == "basket" {
        return parse_basket(&argv[1..]);
    }
    let mut orders = None;
    let mut customers = None;
    let mut out = None;
    let mut summary = None;
    let mut pyramid_by_clv = false;
    let mut as_of = None;
    let mut window_days = None;
    let mut clusters = 5usize;
    let mut strict = false;
    let mut timings = false;
    let mut time_unit = TimeUnit::Days;
    let mut columns = Columns::default();
    let mut it = argv[1..].iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--orders" => orders = Some(PathBuf::from(value()?)),
            "--customers" => customers = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--summary" => summary = Some(PathBuf::from(value()?)),
            "--pyramid-by" => {
                pyramid_by_clv = match value()?.as_str() {
                    "revenue" => false,
                    "clv" => true,
                    v => return Err(format!("--pyramid-by: revenue or clv, not {v:?}")),
                }
            }
            "--as-of" => {
                let v = value()?;
                as_of = Some(Day::parse(&v).ok_or_else(|| format!("--as-of: not a date: {v:?}"))?);
            }
            "--window-days" => {
                let v = value()?;
                window_days =
                    Some(v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--window-days: not a positive whole number: {v:?}")
                    })?);
            }
            "--clusters" => {
                let v = value()?;
                clusters = v
                    .parse::<usize>()
                    .ok()
                    .filter(|k| (1..=20).contains(k))
                    .ok_or_else(|| format!("--clusters: give a number from 1 to 20, not {v:?}"))?;
            }
            "--id-column" => columns.customer = value()?,
            "--date-column" => columns.date = value()?,
            "--amount-column" => columns.amount = value()?,
            "--strict" => strict = true,
            "--timings" => timings = true,
            "--time-unit" => {
                time_unit = match value()?.as_str() {
                    "days" => TimeUnit::Days,
                    "weeks" => TimeUnit::Weeks,
                    v => return Err(format!("--time-unit: days or weeks, not {v:?}")),
                }
            }
            "-h" | "--help" => return Ok(Command::Help),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    let input = Input {
        orders: orders.ok_or("--orders FILE is required")?,
        columns,
        as_of,
        window_days,
        strict,
        timings,
        time_unit,
    };
    match cmd.as_str() {
        "analyze" => Ok(Command::Analyze {
            input,
            customers,
            out,
            summary,
            pyramid_by_clv,
            clusters,
        }),
        "fit" if customers.is_some() || out.is_some() || summary.is_some() || pyramid_by_clv => {
            Err("fit takes none of --customers, --out and --summary".into())
        }
        "fit" => Ok(Command::Fit { input }),
        other => Err(format!("unknown command {other:?}")),
    }
}

fn parse_demo(argv: &[String]) -> Result<Command, String> {
    let (mut customers, mut orders, mut out, mut today) = (2_000usize, 20_000usize, None, None);
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let v = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let count = || {
            v.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{flag}: not a positive whole number: {v:?}"))
        };
        match flag.as_str() {
            "--customers" => customers = count()?,
            "--orders" => orders = count()?,
            "--out" => out = Some(PathBuf::from(v)),
            "--today" => {
                today = Some(Day::parse(v).ok_or_else(|| format!("--today: not a date: {v:?}"))?)
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(Command::Demo {
        customers,
        orders,
        today,
        out: out.ok_or("demo needs --out FILE")?,
    })
}

fn parse_basket(argv: &[String]) -> Result<Command, String> {
    let (mut lines, mut out) = (None, None);
    let (mut order_column, mut product_column) = ("order_id".to_string(), "product".to_string());
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let v = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))?
            .clone();
        match flag.as_str() {
            "--lines" => lines = Some(PathBuf::from(v)),
            "--out" => out = Some(PathBuf::from(v)),
            "--order-column" => order_column = v,
            "--product-column" => product_column = v,
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(Command::Basket {
        lines: lines.ok_or("basket needs --lines FILE")?,
        out,
        order_column,
        product_column,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_analyze_and_rejects_nonsense() {
        let c = parse(&args(
            "analyze --orders o.csv --as-of 2026-06-30 --window-days 365 --strict",
        ))
        .unwrap();
        let Command::Analyze {
            input, clusters, ..
        } = c
        else {
            panic!()
        };
        assert_eq!(input.as_of, Day::from_ymd(2026, 6, 30));
        assert_eq!(
            (input.window_days, input.strict, clusters),
            (Some(365), true, 5)
        );
        assert!(parse(&args("analyze")).unwrap_err().contains("--orders"));
        assert!(parse(&args("analyze --orders o.csv --as-of tomorrow")).is_err());
        assert!(parse(&args("analyze --orders o.csv --window-days 0")).is_err());
        assert!(parse(&args("frobnicate --orders o.csv")).is_err());
        assert!(parse(&args("fit --orders o.csv --out x")).is_err());
        assert_eq!(parse(&args("--help")), Ok(Command::Help));
        let Ok(Command::Fit { input }) = parse(&args("fit --orders o.csv --time-unit weeks"))
        else {
            panic!()
        };
        assert_eq!(input.time_unit, TimeUnit::Weeks);
        assert!(parse(&args("fit --orders o.csv --time-unit months")).is_err());
        assert!(parse(&args("basket")).unwrap_err().contains("--lines"));
        assert!(parse(&args("basket --lines l.csv --colour red")).is_err());
        let Ok(Command::Basket {
            order_column,
            product_column,
            ..
        }) = parse(&args("basket --lines l.csv --order-column 单号"))
        else {
            panic!()
        };
        assert_eq!(
            (order_column.as_str(), product_column.as_str()),
            ("单号", "product")
        );
    }
}
