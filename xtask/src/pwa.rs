//! The offline app's service worker (`sw.js` beside `index.html`), written into a build
//! by `cargo xtask dist`: the template `sw.js` here with the build's files and a
//! revision made from their contents. Every build thus ships a worker that keeps
//! exactly its own files, and any change to any file makes a new revision, which the
//! browser finds and installs beside the old one until the user agrees to reload.
//! Hand-written rather than workbox: a few dozen lines against a Babel and Rollup
//! chain in the build.

use sha2::{Digest, Sha256};
use std::path::Path;

const TEMPLATE: &str = include_str!("sw.js");
pub const WORKER: &str = "sw.js";

/// Writes `sw.js` into the build at `dist`.
pub fn write_service_worker(dist: &Path) -> Result<(), String> {
    let files = build_files(dist)?;
    let revision = revision(dist, &files)?;
    let list: Vec<String> = files.iter().map(|f| json_string(f)).collect();
    let js = TEMPLATE
        .replace("__KEHU_REVISION__", &revision)
        .replace("__KEHU_FILES__", &format!("[{}]", list.join(", ")));
    let to = dist.join(WORKER);
    std::fs::write(&to, js).map_err(|e| format!("{}: {e}", to.display()))
}

/// Every file of the build but the worker itself, as paths relative to `dist` with
/// `/` between folders, sorted.
fn build_files(dist: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut dirs = vec![dist.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for e in entries {
            let path = e.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let rel = path.strip_prefix(dist).map_err(|e| e.to_string())?;
            let rel: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into()).collect();
            let rel = rel.join("/");
            if rel != WORKER {
                out.push(rel);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The first 16 hex digits of a SHA-256 over every file's path and contents.
fn revision(dist: &Path, files: &[String]) -> Result<String, String> {
    let mut h = Sha256::new();
    for f in files {
        let bytes = std::fs::read(dist.join(f)).map_err(|e| format!("{f}: {e}"))?;
        h.update(f.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// `s` as a JSON string.
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "kehu-pwa-{}-{}",
            std::process::id(),
            files.len() + files.iter().map(|f| f.1.len()).sum::<usize>()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn worker(dir: &Path) -> String {
        write_service_worker(dir).unwrap();
        std::fs::read_to_string(dir.join(WORKER)).unwrap()
    }

    #[test]
    fn the_worker_lists_every_file_of_the_build_but_itself_with_a_revision_of_their_contents() {
        let dir = build(&[
            ("index.html", "<html>"),
            ("kehu-1_bg.wasm", "wasm"),
            ("snippets/kehu-2/inline0.js", "export {}"),
        ]);
        let first = worker(&dir);
        assert!(first.contains(
            r#"const FILES = ["index.html", "kehu-1_bg.wasm", "snippets/kehu-2/inline0.js"];"#
        ));
        assert!(!first.contains("__KEHU"), "every placeholder filled");
        let rev = |js: &str| {
            let at = js.find("const REVISION = \"").unwrap() + 18;
            js[at..at + 16].to_string()
        };
        assert_eq!(rev(&first).len(), 16);
        assert_eq!(
            worker(&dir),
            first,
            "the worker itself is not listed nor hashed"
        );
        std::fs::write(dir.join("kehu-1_bg.wasm"), "wasm2").unwrap();
        assert_ne!(
            rev(&worker(&dir)),
            rev(&first),
            "a changed file, a new revision"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_are_written_as_json_strings() {
        assert_eq!(json_string(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
