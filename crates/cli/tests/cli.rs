//! The `kehu` binary, run as an analyst would.

use std::path::PathBuf;
use std::process::{Command, Output};

fn kehu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kehu"))
        .args(args)
        .output()
        .expect("run kehu")
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kehu-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn analyze_writes_every_column_for_every_customer() {
    let d = dir("analyze");
    let orders = d.join("orders.csv");
    let out = d.join("results.csv");
    let o = kehu(&[
        "demo",
        "--customers",
        "300",
        "--orders",
        "3000",
        "--out",
        orders.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = kehu(&[
        "analyze",
        "--orders",
        orders.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "customer_id,recency_days,frequency,monetary_total,monetary_mean,r_score,f_score,m_score,segment,behaviour_quadrant,pyramid_tier,p_alive,expected_purchases_90d,clv_12m,cluster"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.len() > 200);
    for r in &rows {
        assert_eq!(r.len(), 15);
        assert!(
            r.iter().all(|c| !c.is_empty()),
            "every column filled: {r:?}"
        );
        let p: f64 = r[11].parse().unwrap();
        assert!((0.0..=1.0).contains(&p));
    }
    assert!(rows.iter().any(|r| r[10] == "vip"));
    assert!(!d.join("results.partial").exists());
    assert!(text(&o.stderr).contains("3000 data lines, 3000 orders used"));
}

#[test]
fn bad_lines_are_reported_by_number_and_strict_writes_nothing() {
    let d = dir("bad");
    let orders = d.join("orders.csv");
    std::fs::write(
        &orders,
        "customer_id,order_date,amount\r\nc1,2026-01-05,10\r\n\r\nc2,2026-02-30,5\r\n,2026-01-01,1\r\nc3,2026-01-09,1.234\r\n",
    )
    .unwrap();
    let out = d.join("r.csv");
    let o = kehu(&[
        "analyze",
        "--orders",
        orders.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = text(&o.stderr);
    assert!(
        err.contains("orders.csv:4: unparsable date \"2026-02-30\""),
        "{err}"
    );
    assert!(err.contains("orders.csv:5: missing customer id"), "{err}");
    assert!(
        err.contains("orders.csv:6: unparsable amount \"1.234\""),
        "{err}"
    );
    assert!(err.contains("1 orders used"), "{err}");

    std::fs::remove_file(&out).unwrap();
    let o = kehu(&[
        "analyze",
        "--orders",
        orders.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        !out.exists(),
        "nothing is written under --strict with bad lines"
    );
}

#[test]
fn gbk_files_with_chinese_headers() {
    let d = dir("gbk");
    let orders = d.join("orders.csv");
    let text_csv = "客户编号,下单日期,金额\r\n王芳,2026-01-05,88\r\n李雷,2026-01-06,12.5\r\n王芳,2026-02-01,20\r\n";
    let gbk: Vec<u8> = text_csv
        .chars()
        .flat_map(|c| {
            // A tiny GBK encoder for the characters used here, so the test needs no crate.
            match c {
                '客' => vec![0xbf, 0xcd],
                '户' => vec![0xbb, 0xa7],
                '编' => vec![0xb1, 0xe0],
                '号' => vec![0xba, 0xc5],
                '下' => vec![0xcf, 0xc2],
                '单' => vec![0xb5, 0xa5],
                '日' => vec![0xc8, 0xd5],
                '期' => vec![0xc6, 0xda],
                '金' => vec![0xbd, 0xf0],
                '额' => vec![0xb6, 0xee],
                '王' => vec![0xcd, 0xf5],
                '芳' => vec![0xb7, 0xbc],
                '李' => vec![0xc0, 0xee],
                '雷' => vec![0xc0, 0xd7],
                c => c.to_string().into_bytes(),
            }
        })
        .collect();
    std::fs::write(&orders, gbk).unwrap();
    let o = kehu(&[
        "analyze",
        "--orders",
        orders.to_str().unwrap(),
        "--id-column",
        "客户编号",
        "--date-column",
        "下单日期",
        "--amount-column",
        "金额",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("\n王芳,0,2,108.00,54.00,"), "{out}");
    assert!(out.contains("\n李雷,26,1,12.50,"), "{out}");
}

#[test]
fn fit_prints_json_and_failures_have_meaningful_exit_codes() {
    let d = dir("fit");
    let orders = d.join("orders.csv");
    kehu(&[
        "demo",
        "--customers",
        "500",
        "--orders",
        "5000",
        "--out",
        orders.to_str().unwrap(),
    ]);
    let o = kehu(&["fit", "--orders", orders.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["bgnbd"]["r"].as_f64().unwrap() > 0.0);
    assert!(v["gamma_gamma"]["gamma"].as_f64().unwrap() > 0.0);
    assert_eq!(v["time_unit"], "days");
    let as_of = v["as_of"].as_str().unwrap();
    assert!(
        as_of.len() == 10 && as_of.as_bytes()[4] == b'-' && as_of.as_bytes()[7] == b'-',
        "the analysis date is a date, not a day number: {as_of}"
    );

    let missing = kehu(&["fit", "--orders", d.join("nope.csv").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    std::fs::write(d.join("cols.csv"), "id,day,amount\n1,2026-01-01,3\n").unwrap();
    let cols = kehu(&["fit", "--orders", d.join("cols.csv").to_str().unwrap()]);
    assert_eq!(cols.status.code(), Some(3));
    assert!(text(&cols.stderr).contains("no column named \"customer_id\""));
    assert_eq!(kehu(&["analyze"]).status.code(), Some(2));
    assert_eq!(kehu(&["--help"]).status.code(), Some(0));
}

#[test]
fn summary_holds_the_models_and_the_pyramid_can_rank_by_clv() {
    let d = dir("summary");
    let orders = d.join("orders.csv");
    let (out, summary) = (d.join("results.csv"), d.join("summary.json"));
    let o = kehu(&[
        "demo",
        "--customers",
        "400",
        "--orders",
        "4000",
        "--today",
        "2026-06-30",
        "--out",
        orders.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = kehu(&[
        "analyze",
        "--orders",
        orders.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--summary",
        summary.to_str().unwrap(),
        "--pyramid-by",
        "clv",
        "--timings",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("seconds: read"),
        "{}",
        text(&o.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(json["as_of"], "2026-06-30", "the demo ends on --today");
    assert_eq!(json["pyramid_by"], "clv");
    assert!(json["bgnbd"]["r"].as_f64().unwrap() > 0.0);
    let km = &json["kmeans"];
    assert_eq!(km["initial_centres"].as_array().unwrap().len(), 5);
    assert!(km["inertia"].as_f64().unwrap() > 0.0);
    // The VIPs are the customers with the highest CLV.
    let rows = std::fs::read_to_string(&out).unwrap();
    let clv_of = |tier: &str| -> Vec<f64> {
        rows.lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|f| f[10] == tier)
            .map(|f| f[13].parse().unwrap_or(0.0))
            .collect()
    };
    let (vips, majors) = (clv_of("vip"), clv_of("major"));
    // Both non-empty: a minimum over no VIPs would be +∞ and prove nothing.
    assert!(
        !vips.is_empty() && !majors.is_empty(),
        "{} VIPs, {} major",
        vips.len(),
        majors.len()
    );
    let lowest_vip = vips.into_iter().fold(f64::INFINITY, f64::min);
    let highest_major = majors.into_iter().fold(f64::NEG_INFINITY, f64::max);
    assert!(lowest_vip > 0.0);
    assert!(
        lowest_vip >= highest_major,
        "{lowest_vip} < {highest_major}"
    );
    assert_eq!(
        kehu(&["analyze", "--orders", "x.csv", "--pyramid-by", "margin"])
            .status
            .code(),
        Some(2)
    );
}

/// `kehu basket` on the reference lines finds the rules plain Python found in them
/// (crates/core/tests/data/make_basket_reference.py), and names the rows it leaves out.
#[test]
fn basket_writes_the_rules_of_an_order_lines_file() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data/");
    let d = dir("basket");
    let out = d.join("rules.csv");
    let o = kehu(&[
        "basket",
        "--lines",
        &format!("{data}basket_lines.csv"),
        "--order-column",
        "order",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("600 orders, 12 products, 72 rules"),
        "{}",
        text(&o.stderr)
    );
    let rules = std::fs::read_to_string(&out).unwrap();
    let mut rows = rules.lines();
    assert_eq!(
        rows.next(),
        Some("if_bought,also_bought,orders,support,confidence,lift")
    );
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{data}basket_rules.json")).unwrap())
            .unwrap();
    let tea = expected["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["antecedent"] == "茶叶" && r["consequent"] == "茶具")
        .unwrap();
    let line = rows
        .find(|l| l.starts_with("茶叶,茶具,"))
        .expect("tea → tea set");
    assert_eq!(line.split(',').nth(2).unwrap(), tea["count"].to_string());
    // A row without a product is named and left out; a name like a formula is defused.
    let bad = d.join("bad.csv");
    let mut rows = String::from("order_id,product\n1,\n");
    for n in 1..=5 {
        rows += &format!("{n},=SUM(A1)\n{n},茶\n");
    }
    std::fs::write(&bad, rows).unwrap();
    let o = kehu(&["basket", "--lines", bad.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(
        text(&o.stderr).contains("bad.csv:2: product is empty"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        text(&o.stdout).contains("\n'=SUM(A1),茶,5,"),
        "{}",
        text(&o.stdout)
    );
    let o = kehu(&[
        "basket",
        "--lines",
        bad.to_str().unwrap(),
        "--product-column",
        "sku",
    ]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "no such column: {}",
        text(&o.stderr)
    );
}

/// A file large enough to be read on several threads gives what reading it whole gives:
/// the same results, and bad lines named by their line in the whole file. A quoted line
/// (which may hide a line end a cut went through) has it read whole.
#[test]
fn a_large_file_reads_the_same_in_pieces_as_whole() {
    let d = dir("pieces");
    let orders = d.join("orders.csv");
    let o = kehu(&[
        "demo",
        "--customers",
        "20000",
        "--orders",
        "200000",
        "--today",
        "2026-06-30",
        "--out",
        orders.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let plain = std::fs::read_to_string(&orders).unwrap();
    assert!(plain.len() > 4 << 20, "large enough to be cut");
    let mut lines: Vec<String> = plain.lines().map(str::to_string).collect();
    // Bad lines early and late: their numbers must be the whole file's.
    let (early, late) = (10, lines.len() - 10);
    lines[early - 1] = "C0000001,not a date,1".into();
    lines[late - 1] = "C0000002,2026-01-01,lots".into();
    let bad = d.join("bad.csv");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    // The same, with a quoted field near the end: read whole.
    let at = lines.len() - 5;
    lines[at] = lines[at].replacen(',', "\",", 1).replacen("C", "\"C", 1);
    let quoted = d.join("quoted.csv");
    std::fs::write(&quoted, lines.join("\n") + "\n").unwrap();

    let analyse = |file: &PathBuf, name: &str| {
        let out = d.join(name);
        let o = kehu(&[
            "analyze",
            "--orders",
            file.to_str().unwrap(),
            "--as-of",
            "2026-06-30",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        (std::fs::read_to_string(out).unwrap(), text(&o.stderr))
    };
    let (cut, said) = analyse(&bad, "cut.csv");
    let (whole, said_whole) = analyse(&quoted, "whole.csv");
    assert_eq!(cut, whole);
    let named = |said: &str| {
        (said.lines())
            .filter_map(|l| l.split(':').nth(1)?.parse::<usize>().ok())
            .collect::<Vec<_>>()
    };
    assert_eq!(named(&said), [early, late], "{said}");
    assert_eq!(named(&said_whole), [early, late], "{said_whole}");
}
