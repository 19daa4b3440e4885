//! What the fuzzer found, kept as tests: every file under `tests/data/fuzz/<target>/`
//! (inputs that once crashed a reader, saved there by `cargo xtask fuzz`) and every file
//! of the bad-input suite goes through each reader again, which must answer, not panic.

use kehu_core::import::fuzzing;

fn files(dir: &str) -> Vec<(String, Vec<u8>)> {
    let path = format!("{}/tests/data/{dir}", env!("CARGO_MANIFEST_DIR"));
    let Ok(entries) = std::fs::read_dir(&path) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_saved_crash_and_hostile_file_is_answered_by_every_reader() {
    let mut n = 0;
    for (target, read) in [
        ("csv", fuzzing::csv as fn(&[u8])),
        ("xlsx", fuzzing::xlsx),
        ("backup", fuzzing::backup),
    ] {
        for (name, bytes) in files(&format!("fuzz/{target}"))
            .into_iter()
            .chain(files("hostile"))
        {
            // A panic fails the test, naming the file.
            let r = std::panic::catch_unwind(|| read(&bytes));
            assert!(r.is_ok(), "{target} reader panicked on {name}");
            n += 1;
        }
    }
    assert!(n >= 3 * 47, "{n}");
}
