//! The analytics pipeline compiled to wasm32, timed under node (V8, the engine of the
//! app's web worker), run by `cargo xtask bench` (never by CI). It does what
//! `kehu analyze --timings` does natively, on the same generated data (`kehu demo
//! --today 2026-06-30`): parse the orders CSV, analyse, write the results CSV. It lives
//! here because this crate is the one with a wasm test set-up; it measures kehu-core.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use kehu_core::Day;
use kehu_core::analytics::pipeline::{self, Settings, Step};
use kehu_core::analytics::{Window, id_order};
use kehu_core::demo::{DemoSpec, NameStyle, generate, write_orders_csv};
use kehu_core::import::orders::{Columns, read_orders};
use wasm_bindgen_test::*;

/// Runs per size; the fastest is reported, as machine noise only ever adds time.
const RUNS: usize = 3;

fn now() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// One run: the seconds of each step, in the order `kehu analyze --timings` prints them.
fn run(csv: &[u8]) -> Vec<(&'static str, f64)> {
    // When each step ended.
    let start = now();
    let mut ends: Vec<(&'static str, f64)> = Vec::new();
    let parsed = read_orders(csv, &Columns::default()).expect("generated CSV reads");
    let as_of = parsed.orders.day.iter().copied().max().unwrap_or(0);
    ends.push(("read", now()));
    let id_rank = id_order(&parsed.ids);
    let a = pipeline::analyze(
        &parsed.orders,
        parsed.ids.len(),
        &id_rank,
        Window::all_to(as_of),
        &Settings::default(),
        // Each step's start ends the one before.
        &mut |s| {
            let name = match s {
                Step::Scores => "id order",
                Step::Fit => "scores",
                Step::Predict => "fit",
                Step::Cluster => "predict",
            };
            ends.push((name, now()));
        },
    );
    ends.push(("cluster", now()));
    let mut out = Vec::with_capacity(16 << 20);
    pipeline::write_csv(&a, &parsed.ids, &mut out).expect("writes to memory");
    ends.push(("write", now()));
    let mut last = start;
    ends.into_iter()
        .map(|(name, t)| {
            let lap = (name, t - last);
            last = t;
            lap
        })
        .collect()
}

#[wasm_bindgen_test]
fn analytics_pipeline_in_wasm() {
    for (customers, orders) in [(10_000, 100_000), (100_000, 1_000_000)] {
        let spec = DemoSpec {
            customers,
            orders,
            interactions_per_customer: 0,
            ..DemoSpec::standard(
                Day::from_ymd(2026, 6, 30).expect("valid date"),
                NameStyle::English,
            )
        };
        let mut csv = Vec::new();
        write_orders_csv(&generate(&spec).orders, &mut csv).expect("writes to memory");
        let mut best: Option<Vec<(&str, f64)>> = None;
        for _ in 0..RUNS {
            let laps = run(&csv);
            let total: f64 = laps.iter().map(|l| l.1).sum();
            if best
                .as_ref()
                .is_none_or(|b| total < b.iter().map(|l| l.1).sum::<f64>())
            {
                best = Some(laps);
            }
        }
        let best = best.unwrap_or_default();
        let steps: Vec<String> = best.iter().map(|(n, s)| format!("{n} {s:.3}")).collect();
        console_log!(
            "kehu-wasm: orders {orders} customers {customers} seconds: {}; total {:.3}",
            steps.join(", "),
            best.iter().map(|l| l.1).sum::<f64>()
        );
    }
}
