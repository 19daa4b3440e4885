//! `kehu`: the analytics engine of the browser app, on CSV files.
//!
//! ```text
//! kehu analyze --orders orders.csv [--customers customers.csv] [--as-of 2026-06-30]
//!              [--window-days N] [--out results.csv] [--clusters K] [--strict]
//!              [--id-column NAME] [--date-column NAME] [--amount-column NAME]
//! kehu fit --orders orders.csv [--as-of D] [--window-days N] [--strict] [column options]
//! kehu basket --lines lines.csv [--out rules.csv] [--order-column NAME] [--product-column NAME]
//! ```
//!
//! Exit codes: 0 done (skipped lines are reported, not fatal); 1 a file could not be read
//! or written; 2 the command line is wrong; 3 the data is unusable (a required column is
//! missing, no valid order, or any bad line under `--strict`); 4 (`fit`) neither model
//! could be fitted.

mod args;
mod basket;
mod run;

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Ok(args::Command::Help) => {
            println!("{}", args::USAGE);
            ExitCode::SUCCESS
        }
        Ok(cmd) => match run::run(cmd) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kehu: {e}");
                ExitCode::from(e.code())
            }
        },
        Err(msg) => {
            eprintln!("kehu: {msg}\n\n{}", args::USAGE);
            ExitCode::from(2)
        }
    }
}
