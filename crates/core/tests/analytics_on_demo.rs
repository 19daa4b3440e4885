//! The engine on kehu's own demo data: the whole path from the order columns through
//! summaries, fits, predictions and clusters.

use kehu_core::Day;
use kehu_core::analytics::cluster::{Level, features, kmeans, profiles};
use kehu_core::analytics::clv::{History, clv, fit_bgnbd, fit_gamma_gamma, summaries};
use kehu_core::analytics::{all_to, rfm::rfm};
use kehu_core::demo::{DemoSpec, NameStyle, generate};

/// The whole path on kehu's own data: columns → summaries → fits → predictions.
#[test]
fn demo_orders_fit_and_predict() {
    let today = Day::from_ymd(2026, 11, 23).unwrap();
    let d = generate(&DemoSpec::standard(today, NameStyle::English));
    let s = summaries(d.orders.orders(), all_to(today));
    let h: Vec<History> = s.iter().map(|x| x.history).collect();
    let bg = fit_bgnbd(&h).unwrap();
    let pairs: Vec<(f64, f64)> = s
        .iter()
        .map(|x| (x.history.frequency, x.monetary))
        .collect();
    let gg = fit_gamma_gamma(&pairs).unwrap();
    eprintln!("demo fit: {bg:?} {gg:?}");
    for x in &s {
        let p = bg.p_alive(&x.history);
        let e = bg.expected_purchases(90.0, &x.history);
        let v = clv(&bg, &gg, &x.history, x.monetary, 12, 0.01, 30.0);
        assert!((0.0..=1.0).contains(&p), "{x:?}");
        assert!(e.is_finite() && e >= 0.0, "{x:?}: {e}");
        assert!(v.is_finite() && v >= 0.0, "{x:?}: {v}");
    }
}

#[test]
fn demo_customers_fall_into_described_clusters() {
    let today = Day::from_ymd(2026, 11, 23).unwrap();
    let d = generate(&DemoSpec::standard(today, NameStyle::Chinese));
    let r = rfm(d.orders.orders(), all_to(today), &[]);
    let km = kmeans(&features(&r), 4, 7);
    let p = profiles(&r, &km);
    assert_eq!(p.iter().map(|x| x.size).sum::<usize>(), r.len());
    assert!(p.iter().all(|x| x.size > 0));
    // The best cluster by spend also orders most often: the demo's appetite drives both.
    let top = p
        .iter()
        .max_by(|a, b| a.mean_spend.total_cmp(&b.mean_spend))
        .unwrap();
    assert_eq!(top.monetary, Level::High, "{}", top.describe());
    assert!(top.describe().contains("spend a lot"));
}
