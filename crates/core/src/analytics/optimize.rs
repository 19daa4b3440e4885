//! Numerics the models need: ln Γ and a derivative-free minimiser.

/// ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).abs().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// How a minimisation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub evaluations: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NelderMead {
    /// Stop when the simplex's function values span less than this, relative to the
    /// best value (an absolute tolerance is unreachable for a log-likelihood of 10⁶).
    pub f_tol: f64,
    /// ... and its points lie within this of the best one in every coordinate.
    pub x_tol: f64,
    pub max_evaluations: usize,
    /// Size of the first simplex around the start.
    pub step: f64,
}

impl Default for NelderMead {
    fn default() -> Self {
        NelderMead {
            f_tol: 1e-13,
            x_tol: 1e-8,
            max_evaluations: 20_000,
            step: 0.5,
        }
    }
}

/// Minimises `f` from `x0` by Nelder–Mead, restarting from the best point until a restart
/// no longer improves it (plain Nelder–Mead can stall on a collapsed simplex). `None` if
/// the evaluation budget runs out or `f` is not finite at the result.
pub fn nelder_mead(f: impl Fn(&[f64]) -> f64, x0: &[f64], o: NelderMead) -> Option<Minimum> {
    let mut best = Minimum {
        x: x0.to_vec(),
        value: f(x0),
        evaluations: 1,
    };
    for _ in 0..8 {
        let budget = o.max_evaluations.saturating_sub(best.evaluations);
        let run = simplex(&f, &best.x, o, budget)?;
        let improved = best.value - run.value > o.f_tol * best.value.abs().max(1.0);
        best = Minimum {
            evaluations: best.evaluations + run.evaluations,
            ..run
        };
        if !improved {
            break;
        }
    }
    best.value.is_finite().then_some(best)
}

fn simplex(
    f: &impl Fn(&[f64]) -> f64,
    x0: &[f64],
    o: NelderMead,
    budget: usize,
) -> Option<Minimum> {
    let n = x0.len();
    let mut pts: Vec<Vec<f64>> = vec![x0.to_vec()];
    for i in 0..n {
        let mut p = x0.to_vec();
        p[i] += o.step;
        pts.push(p);
    }
    let mut vals: Vec<f64> = pts.iter().map(|p| f(p)).collect();
    let mut evals = n + 1;
    let nan_high = |v: f64| if v.is_nan() { f64::INFINITY } else { v };
    loop {
        let mut order: Vec<usize> = (0..=n).collect();
        order.sort_by(|&a, &b| nan_high(vals[a]).total_cmp(&nan_high(vals[b])));
        pts = order.iter().map(|&i| pts[i].clone()).collect();
        vals = order.iter().map(|&i| nan_high(vals[i])).collect();
        let spread_f = (vals[n] - vals[0]) / vals[0].abs().max(1.0);
        let spread_x = pts
            .iter()
            .skip(1)
            .flat_map(|p| p.iter().zip(&pts[0]).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f64::max);
        if spread_f <= o.f_tol && spread_x <= o.x_tol {
            return Some(Minimum {
                x: pts[0].clone(),
                value: vals[0],
                evaluations: evals,
            });
        }
        if evals >= budget {
            return None;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| pts[..n].iter().map(|p| p[j]).sum::<f64>() / n as f64)
            .collect();
        let along = |t: f64| -> Vec<f64> {
            (0..n)
                .map(|j| centroid[j] + t * (pts[n][j] - centroid[j]))
                .collect()
        };
        let xr = along(-1.0);
        let fr = nan_high(f(&xr));
        evals += 1;
        if fr < vals[0] {
            let xe = along(-2.0);
            let fe = nan_high(f(&xe));
            evals += 1;
            if fe < fr {
                (pts[n], vals[n]) = (xe, fe);
            } else {
                (pts[n], vals[n]) = (xr, fr);
            }
        } else if fr < vals[n - 1] {
            (pts[n], vals[n]) = (xr, fr);
        } else {
            let (xc, fc) = if fr < vals[n] {
                let x = along(-0.5);
                let v = nan_high(f(&x));
                (x, v)
            } else {
                let x = along(0.5);
                let v = nan_high(f(&x));
                (x, v)
            };
            evals += 1;
            if fc < vals[n].min(fr) {
                (pts[n], vals[n]) = (xc, fc);
            } else {
                // Shrink every point halfway toward the best one.
                let best = pts[0].clone();
                for (p, v) in pts.iter_mut().zip(vals.iter_mut()).skip(1) {
                    for (x, b) in p.iter_mut().zip(&best) {
                        *x = b + 0.5 * (*x - b);
                    }
                    *v = nan_high(f(p));
                }
                evals += n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_known_values() {
        assert!((ln_gamma(1.0)).abs() < 1e-14);
        assert!((ln_gamma(2.0)).abs() < 1e-14);
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-14);
        // References from Python's math.lgamma.
        for (x, want) in [
            (100.5, 361.435_540_467_777_6),
            (1e-3, 6.907_178_885_383_854),
            (0.2426, 1.319_785_475_090_791_8),
            (33.7, 84.002_339_460_149_26),
            (1e5, 1_051_287.708_973_656_6),
        ] {
            let got = ln_gamma(x);
            assert!(
                ((got - want) / want).abs() < 1e-13,
                "lnΓ({x}) = {got}, want {want}"
            );
        }
    }

    #[test]
    fn converges_when_the_values_are_large() {
        // A log-likelihood of 100,000 customers is ~10⁶–10⁷: an absolute tolerance of
        // 1e-10 is below its float resolution and was never met (the fit "did not
        // converge" after its whole budget).
        let f = |x: &[f64]| 1e7 + (x[0] - 1.0).powi(2) + 3.0 * (x[1] + 2.0).powi(2);
        let m = nelder_mead(f, &[0.0, 0.0], NelderMead::default()).expect("converges");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-3 && (m.x[1] + 2.0).abs() < 1e-3,
            "{m:?}"
        );
        assert!(m.evaluations < 2_000, "{} evaluations", m.evaluations);
    }

    #[test]
    fn minimises_rosenbrock() {
        let rosen = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let m = nelder_mead(rosen, &[-1.2, 1.0], NelderMead::default()).unwrap();
        assert!(
            (m.x[0] - 1.0).abs() < 1e-5 && (m.x[1] - 1.0).abs() < 1e-5,
            "{m:?}"
        );
    }
}
