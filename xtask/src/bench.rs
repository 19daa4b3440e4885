//! `cargo xtask bench [analytics|store|basket|service|insights|import|pipeline|sync]`:
//! benchmarks, never run by CI.
//!
//! analytics: `kehu analyze` natively and the same pipeline in wasm (under node) against
//! the Python stack (pandas + lifetimes + scikit-learn, bench/python_pipeline.py) on
//! generated data of 100k, 1M and 5M orders, in one run; then bench/cross_check.py
//! compares the 1M results field by field.
//! store: IndexedDB writes and reads in headless Chromium against a plain-JS baseline.
//! basket: 1M orders with 3M order lines over 5,000 products in headless Chromium: the
//! lines read back and analysed, against reading the orders, and against counting
//! baskets of names as the first version did, and pivot reports over the orders and
//! lines (crates/store/tests/basket_bench.rs).
//! service: the SLA due times of 50,000 tickets through a business calendar in headless
//! Chromium, against the same sums in wall-clock time; a campaign's list of 100,000
//! customers with consent enforced and a control group drawn, against walking their
//! consents; the desk's read of the open tickets among 50,000 stored, through their
//! index, against reading them all (crates/store/tests/service_bench.rs).
//! insights: the built app in headless Chromium with 100k customers and 1M orders in
//! IndexedDB: recompute to dashboards ready, the longest main-thread task, tab memory,
//! then pivot reports on the reports page (tests/bench/insights.mjs).
//! import: the built app importing a 100k-customer and a 1M-order CSV through the wizard,
//! then finding duplicates and searching, against a one-record-per-order IndexedDB
//! baseline in the same browser (tests/bench/import.mjs).
//! pipeline: the built app's pipeline board over 20,000 opportunities (2,000 open),
//! against the same cards built as plain DOM in the same page (tests/bench/pipeline.mjs).
//! sync: the store writing the pages of a first pull of 100k customers and 1M orders
//! against one bulk import of them (crates/store/tests/sync_bench.rs); then two devices of
//! the built app through pouchdb-server: the first push and pull of the same, an edit
//! until the other device shows it, a 100k-order import until the other device counts
//! it, against PouchDB's replicator pulling the same database in the same browser
//! (tests/bench/sync.mjs).

use crate::{Result, root, run, setup, tool_path};
use std::path::{Path, PathBuf};
use std::process::Command;

/// (customers, orders) of each generated data set.
const SIZES: [(u32, u32); 3] = [
    (10_000, 100_000),
    (100_000, 1_000_000),
    (500_000, 5_000_000),
];
/// The size the wasm run and the cross-check use.
const MAIN_ORDERS: u32 = 1_000_000;
/// Runs per size, of kehu and of Python alike; the fastest counts, as machine noise only
/// ever adds time.
const RUNS: usize = 3;
/// The Python packages, at the versions the figures in the notes were measured with.
const PYTHON_PACKAGES: [&str; 3] = ["pandas==3.1.1", "lifetimes==0.11.3", "scikit-learn==1.9.1"];

pub fn bench(which: Option<&str>) -> Result {
    match which {
        None => {
            analytics()?;
            store()?;
            basket()?;
            service()?;
            insights()?;
            browser("bench/import.mjs")?;
            browser("bench/pipeline.mjs")?;
            sync()
        }
        Some("analytics") => analytics(),
        Some("store") => store(),
        Some("basket") => basket(),
        Some("service") => service(),
        Some("insights") => insights(),
        Some("import") => browser("bench/import.mjs"),
        Some("pipeline") => browser("bench/pipeline.mjs"),
        Some("sync") => sync(),
        Some(other) => Err(format!(
            "no benchmark {other:?} (analytics, store, basket, service, insights, import, pipeline or sync)"
        )),
    }
}

fn insights() -> Result {
    browser("bench/insights.mjs")
}

/// A benchmark script driving the release build in headless Chromium.
fn browser(script: &str) -> Result {
    browser_with(script, &[])
}

fn browser_with(script: &str, env: &[(&str, &Path)]) -> Result {
    setup(true)?;
    let dist = crate::dist()?;
    let mut node = Command::new("node");
    node.arg(script)
        .env("KEHU_DIST", &dist)
        .current_dir(root().join("tests"));
    for (k, v) in env {
        node.env(k, v);
    }
    run(&mut node)
}

/// The version of PouchDB whose replicator the sync benchmark compares with.
const POUCHDB: &str = "pouchdb@9.0.0";

/// The store's side of a first pull, then two devices syncing through pouchdb-server,
/// against PouchDB's replicator.
fn sync() -> Result {
    setup(true)?;
    run(wasm_bench("sync_bench")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "1500"))?;
    browser_with("bench/sync.mjs", &[("KEHU_POUCHDB", &pouchdb_bundle()?)])
}

/// PouchDB's browser bundle, from the npm registry (`npm pack`, nothing installed or
/// run), kept under target/ between runs.
fn pouchdb_bundle() -> Result<PathBuf> {
    let dir = root().join("target").join("bench-pouchdb");
    let js = dir.join("package/dist/pouchdb.min.js");
    if js.exists() {
        return Ok(js);
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    run(Command::new("npm")
        .args(["pack", POUCHDB, "--silent", "--pack-destination"])
        .arg(&dir))?;
    let tarball = dir.join(format!("{}.tgz", POUCHDB.replace('@', "-")));
    run(Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&dir)
        .arg("package/dist/pouchdb.min.js"))?;
    Ok(js)
}

fn store() -> Result {
    setup(true)?;
    run(wasm_bench("bench")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "900"))
}

fn basket() -> Result {
    setup(true)?;
    run(wasm_bench("basket_bench")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "900"))
}

fn service() -> Result {
    setup(true)?;
    run(wasm_bench("service_bench").env("CHROMEDRIVER", "/usr/bin/chromedriver"))
}

/// `cargo test` of one of the store crate's wasm benchmarks, optimised, with its output.
fn wasm_bench(test: &str) -> Command {
    let mut c = Command::new("cargo");
    c.args([
        "test",
        "-p",
        "kehu-store",
        "--release",
        "--features",
        "bench",
    ])
    .args(["--target", "wasm32-unknown-unknown", "--test", test])
    .args(["--", "--nocapture"])
    .env("PATH", tool_path())
    .current_dir(root());
    c
}

/// One size's figures.
struct Row {
    customers: u32,
    orders: u32,
    native: f64,
    native_steps: String,
    peak_mb: Option<u64>,
    python: f64,
    wasm: Option<f64>,
}

fn analytics() -> Result {
    setup(false)?;
    let root = root();
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    run(Command::new("cargo")
        .args(["build", "--release", "-p", "kehu-cli"])
        .current_dir(&root))?;
    let kehu = root.join("target/release/kehu");
    let python = python_with_packages(&dir)?;

    let mut rows = Vec::new();
    for (customers, orders) in SIZES {
        let csv = dir.join(format!("orders-{orders}.csv"));
        run(Command::new(&kehu).args([
            "demo",
            "--customers",
            &customers.to_string(),
            "--orders",
            &orders.to_string(),
            "--today",
            "2026-06-30",
            "--out",
            &csv.display().to_string(),
        ]))?;
        let (mut native, mut native_steps, mut peak_mb) = (f64::INFINITY, String::new(), None);
        for _ in 0..RUNS {
            let out = Command::new(&kehu)
                .args(["analyze", "--orders"])
                .arg(&csv)
                .arg("--out")
                .arg(dir.join(format!("results-{orders}.csv")))
                .arg("--summary")
                .arg(dir.join(format!("summary-{orders}.json")))
                .arg("--timings")
                .output()
                .map_err(|e| format!("kehu analyze: {e}"))?;
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            if !out.status.success() {
                return Err(format!("kehu analyze failed: {err}"));
            }
            let line = err.lines().find(|l| l.contains("seconds:")).unwrap_or("");
            let total = number_after(line, "total ").unwrap_or(f64::INFINITY);
            peak_mb = peak_mb.max(number_after(line, "peak memory ").map(|m| m as u64));
            if total < native {
                native = total;
                native_steps = line.trim_start_matches("kehu: seconds: ").to_string();
            }
        }
        // Python as often as kehu (but once on the largest, at half a minute a run), and
        // after it: the memory Python frees (gigabytes at 5M) is still being reclaimed
        // for a while after it exits, which slows whatever runs next; hence the pause.
        let python_runs = if orders > MAIN_ORDERS { 1 } else { RUNS };
        let mut python_total = f64::INFINITY;
        for _ in 0..python_runs {
            let py = captured(
                Command::new(&python)
                    .arg(root.join("bench/python_pipeline.py"))
                    .arg(&csv),
            )?;
            let total = number_after(&py, "\"total\": ")
                .ok_or_else(|| format!("no total in the Python output: {py}"))?;
            python_total = python_total.min(total);
            std::thread::sleep(std::time::Duration::from_secs(10));
        }
        eprintln!(
            "{orders} orders: kehu {native:.3} s ({native_steps}); Python {python_total:.3} s"
        );
        rows.push(Row {
            customers,
            orders,
            native,
            native_steps,
            peak_mb,
            python: python_total,
            wasm: None,
        });
    }

    // The same pipeline in wasm: the test generates the same data (same seed and date).
    let wasm = captured(&mut wasm_bench("analytics_bench"))?;
    for line in wasm.lines().filter(|l| l.contains("kehu-wasm:")) {
        eprintln!("{line}");
        let orders = number_after(line, "orders ").map(|n| n as u32);
        if let Some(row) = rows.iter_mut().find(|r| Some(r.orders) == orders) {
            row.wasm = number_after(line, "total ");
        }
    }

    let main = dir.join(format!("orders-{MAIN_ORDERS}.csv"));
    run(Command::new(&python)
        .arg(root.join("bench/cross_check.py"))
        .arg(&main)
        .arg(dir.join(format!("results-{MAIN_ORDERS}.csv")))
        .arg(dir.join(format!("summary-{MAIN_ORDERS}.json"))))?;

    println!(
        "\nkehu analyze against pandas + lifetimes + scikit-learn (seconds, best of {RUNS}; Python once at 5M):"
    );
    println!(
        "{:>10} {:>10} {:>8} {:>8} {:>8} {:>9} {:>7} {:>12} {:>8}",
        "orders",
        "customers",
        "Python",
        "native",
        "wasm",
        "native ×",
        "wasm ×",
        "µs per order",
        "peak MB"
    );
    for r in &rows {
        let wasm = r.wasm.map_or("-".into(), |w| format!("{w:.3}"));
        let wasm_ratio = r
            .wasm
            .map_or("-".into(), |w| format!("{:.1}", r.python / w));
        println!(
            "{:>10} {:>10} {:>8.3} {:>8.3} {:>8} {:>9.1} {:>7} {:>12.3} {:>8}",
            r.orders,
            r.customers,
            r.python,
            r.native,
            wasm,
            r.python / r.native,
            wasm_ratio,
            r.native * 1e6 / r.orders as f64,
            r.peak_mb.map_or("-".into(), |m| m.to_string()),
        );
    }
    for r in &rows {
        println!("native steps at {} orders: {}", r.orders, r.native_steps);
    }
    Ok(())
}

/// A Python with pandas, lifetimes and scikit-learn: the system's if it has them, else a
/// virtual environment in target/bench with the pinned versions from PyPI.
fn python_with_packages(dir: &Path) -> Result<PathBuf> {
    let has = |python: &Path| {
        Command::new(python)
            .args(["-c", "import pandas, lifetimes, sklearn"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let system = PathBuf::from("python3");
    if has(&system) {
        return Ok(system);
    }
    let venv = dir.join("venv");
    let python = venv.join("bin/python");
    if !has(&python) {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        run(Command::new(&python)
            .args(["-m", "pip", "install", "--quiet"])
            .args(PYTHON_PACKAGES))?;
    }
    Ok(python)
}

/// Runs a command, echoing and returning its standard output.
fn captured(cmd: &mut Command) -> Result<String> {
    let shown = format!("{cmd:?}");
    eprintln!("$ {shown}");
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "{shown} failed ({}): {}{}",
            out.status,
            text,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(text)
}

/// The number right after `label` in `text`.
fn number_after(text: &str, label: &str) -> Option<f64> {
    let rest = &text[text.find(label)? + label.len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}
