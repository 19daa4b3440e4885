//! `cargo xtask fuzz [seconds]`: the CSV, XLSX and backup readers under libFuzzer
//! (cargo-fuzz), each for `seconds` (60 by default). Not part of `test` or CI: it runs
//! for as long as it is given. Every crash it finds is copied to
//! `crates/core/tests/data/fuzz/<target>/`, where `tests/fuzz_corpus.rs` runs it from
//! then on: commit it with the fix.
//!
//! cargo-fuzz needs a few `-Z` flags; on this stable toolchain `RUSTC_BOOTSTRAP=1` allows
//! them (the fuzz crate is built by nothing else). No sanitizer: the readers are safe
//! Rust, and what is looked for is panics, hangs and runaway memory.

use crate::{Result, output, root, run};
use std::path::Path;
use std::process::Command;

const TARGETS: [&str; 3] = ["csv", "xlsx", "backup"];

pub fn fuzz(seconds: Option<&str>) -> Result {
    let seconds: u64 = seconds
        .map_or(Ok(60), str::parse)
        .map_err(|e| format!("seconds: {e}"))?;
    if output("cargo", &["fuzz", "--version"]).is_none() {
        run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    let root = root();
    let seeds = root.join("crates/core/tests/data/hostile");
    let mut found = 0;
    for t in TARGETS {
        // The working corpus grows between runs; only what crashed is kept in git.
        let corpus = root.join("target/fuzz-corpus").join(t);
        std::fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
        let status = Command::new("cargo")
            .current_dir(&root)
            .env("RUSTC_BOOTSTRAP", "1")
            .env("PATH", crate::tool_path())
            .args([
                "fuzz",
                "run",
                t,
                "--sanitizer",
                "none",
                "--release",
                "--debug-assertions",
            ])
            .arg(&corpus)
            .arg(&seeds)
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                "-rss_limit_mb=4096",
                "-timeout=20",
            ])
            .status()
            .map_err(|e| format!("cargo fuzz: {e}"))?;
        found += keep_crashes(&root, t)?;
        if !status.success() && found == 0 {
            return Err(format!("cargo fuzz run {t} failed ({status})"));
        }
    }
    if found > 0 {
        return Err(format!(
            "{found} crashing inputs, saved under crates/core/tests/data/fuzz/: `cargo test -p kehu-core --test fuzz_corpus` fails on them until fixed"
        ));
    }
    eprintln!("no crash in {} s per reader", seconds);
    Ok(())
}

/// Copies libFuzzer's crash, timeout and out-of-memory inputs for `target` into the
/// committed corpus; returns how many there were.
fn keep_crashes(root: &Path, target: &str) -> Result<usize> {
    let artifacts = root.join("fuzz/artifacts").join(target);
    let keep = root.join("crates/core/tests/data/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&artifacts) else {
        return Ok(0);
    };
    let mut n = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if ["crash-", "timeout-", "oom-", "slow-unit-"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            std::fs::create_dir_all(&keep).map_err(|e| e.to_string())?;
            std::fs::copy(e.path(), keep.join(&name)).map_err(|e| e.to_string())?;
            std::fs::remove_file(e.path()).map_err(|e| e.to_string())?;
            n += 1;
        }
    }
    Ok(n)
}
