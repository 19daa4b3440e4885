//! The Content-Security-Policy of the built page.
//!
//! kehu is served as static files, often from hosts that set no headers, so the policy
//! goes into the page itself as a `<meta http-equiv>` (which browsers apply to everything
//! after it). It allows only kehu's own files: no inline script but trunk's module
//! loader, by its hash; no `eval` (`'wasm-unsafe-eval'` compiles WebAssembly, nothing
//! else); no inline styles (the app sets styles through the CSSOM); no request to any
//! other origin (`connect-src 'self'`: the wasm files; sync, when it comes, adds its
//! server); no plugins, no `<base>`, no form posts. A meta policy cannot forbid framing
//! (`frame-ancestors` is ignored there); the app refuses to run framed instead.

use sha2::{Digest, Sha256};

/// The policy for a page whose inline scripts are `scripts`.
pub fn policy(scripts: &[&str]) -> String {
    let hashes: Vec<String> = scripts
        .iter()
        .map(|s| format!("'sha256-{}'", base64(&Sha256::digest(s.as_bytes()))))
        .collect();
    [
        "default-src 'none'".to_string(),
        format!("script-src 'self' 'wasm-unsafe-eval' {}", hashes.join(" ")),
        "style-src 'self'".into(),
        "img-src 'self' data: blob:".into(),
        "font-src 'self'".into(),
        "connect-src 'self'".into(),
        "worker-src 'self'".into(),
        "manifest-src 'self'".into(),
        "base-uri 'none'".into(),
        "form-action 'none'".into(),
        "object-src 'none'".into(),
    ]
    .join("; ")
}

/// The bodies of the inline `<script>` elements of `html`.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        let tag_end = match rest[at..].find('>') {
            Some(e) => at + e + 1,
            None => break,
        };
        let tag = &rest[at..tag_end];
        let Some(close) = rest[tag_end..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(&rest[tag_end..tag_end + close]);
        }
        rest = &rest[tag_end + close + 9..];
    }
    out
}

/// `html` with the policy for its inline scripts as the first thing in its head.
pub fn with_policy(html: &str) -> Result<String, String> {
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
        policy(&inline_scripts(html))
    );
    let at = html
        .find("<meta charset")
        .and_then(|i| html[i..].find('>').map(|e| i + e + 1))
        .ok_or("index.html has no <meta charset>")?;
    Ok(format!("{}\n    {meta}{}", &html[..at], &html[at..]))
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| n << 8 | b as u32) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_loader_is_hashed_and_the_policy_comes_first() {
        let html = "<html><head><meta charset=\"utf-8\" /><script type=\"module\">\nimport x from './a.js';\n</script><script src=\"b.js\"></script></head></html>";
        assert_eq!(inline_scripts(html), vec!["\nimport x from './a.js';\n"]);
        let out = with_policy(html).unwrap();
        // `echo -n "\nimport x from './a.js';\n" | openssl dgst -sha256 -binary | base64`
        let hash = base64(&Sha256::digest(b"\nimport x from './a.js';\n"));
        assert!(out.contains(&format!("'sha256-{hash}'")));
        assert!(out.find("Content-Security-Policy").unwrap() < out.find("<script").unwrap());
        assert!(!out.contains("unsafe-inline") && !out.contains("'unsafe-eval'"));
    }
}
