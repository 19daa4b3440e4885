//! The published CDNOW results (DOMAIN.md §5): BG/NBD r = 0.2426, α = 4.4136,
//! a = 0.7929, b = 2.4259, log-likelihood −9582.43; Gamma-Gamma on the 946 repeat
//! customers p = 6.25, q = 3.74, γ = 15.44. Parameters within 0.5 %, the log-likelihood
//! within 0.01.

use kehu_analytics::clv::{History, fit_bgnbd, fit_gamma_gamma};

fn load() -> Vec<(History, f64)> {
    let text = include_str!("data/cdnow_summary.csv");
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|x| x.trim().parse().unwrap()).collect();
            (
                History {
                    frequency: f[1],
                    recency: f[2],
                    t: f[3],
                },
                f[4],
            )
        })
        .collect()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    ((got - want) / want).abs() <= rel
}

#[test]
fn bgnbd_reproduces_the_published_cdnow_fit() {
    let data = load();
    assert_eq!(data.len(), 2_357);
    let h: Vec<History> = data.iter().map(|d| d.0).collect();
    let m = fit_bgnbd(&h).unwrap();
    let report = format!("{m:?}");
    eprintln!("{report}");
    assert!(close(m.r, 0.2426, 0.005), "{report}");
    assert!(close(m.alpha, 4.4136, 0.005), "{report}");
    assert!(close(m.a, 0.7929, 0.005), "{report}");
    assert!(close(m.b, 2.4259, 0.005), "{report}");
    assert!((m.log_likelihood - -9582.43).abs() < 0.01, "{report}");
}

#[test]
fn gamma_gamma_reproduces_the_published_cdnow_fit() {
    let data = load();
    let pairs: Vec<(f64, f64)> = data.iter().map(|d| (d.0.frequency, d.1)).collect();
    assert_eq!(pairs.iter().filter(|p| p.0 > 0.0).count(), 946);
    let m = fit_gamma_gamma(&pairs).unwrap();
    let report = format!("{m:?}");
    eprintln!("{report}");
    assert!(close(m.p, 6.25, 0.005), "{report}");
    assert!(close(m.q, 3.74, 0.005), "{report}");
    assert!(close(m.gamma, 15.44, 0.005), "{report}");
}

/// Per-customer predictions agree with `lifetimes` at the same fixed parameters
/// (reference values from `tests/data/make_cdnow_predictions.py`).
#[test]
fn predictions_agree_with_lifetimes_to_1e6() {
    use kehu_analytics::clv::{BgNbd, GammaGamma, clv};
    let bg = BgNbd {
        r: 0.2426,
        alpha: 4.4136,
        a: 0.7929,
        b: 2.4259,
        log_likelihood: 0.0,
    };
    let gg = GammaGamma {
        p: 6.25,
        q: 3.74,
        gamma: 15.44,
        log_likelihood: 0.0,
    };
    let data = load();
    let refs: Vec<Vec<f64>> = include_str!("data/cdnow_predictions.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
        .collect();
    assert_eq!(refs.len(), data.len());
    let rel = |got: f64, want: f64| ((got - want) / want.abs().max(1e-12)).abs();
    let mut worst = [0.0f64; 3];
    for ((h, zbar), r) in data.iter().zip(&refs) {
        let got = [
            bg.expected_purchases(39.0, h),
            bg.p_alive(h),
            clv(&bg, &gg, h, *zbar, 12, 0.01, 4.345),
        ];
        for k in 0..3 {
            let e = rel(got[k], r[k + 1]);
            assert!(
                e < 1e-6,
                "customer {}: column {k}: {} vs {}",
                r[0],
                got[k],
                r[k + 1]
            );
            worst[k] = worst[k].max(e);
        }
    }
    eprintln!("worst relative differences (expected, p_alive, clv): {worst:?}");
}
