//! Numerics the models need: ln Γ and ψ, BFGS with a line search, and Nelder–Mead as a
//! derivative-free fallback.

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

/// ψ(x), the derivative of ln Γ, for x > 0: recurrence up to x ≥ 12, then the asymptotic
/// series (absolute error ~1e-15).
pub fn digamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 12.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    acc + x.ln()
        - 0.5 / x
        - f * (1.0 / 12.0 - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f / 132.0))))
}

/// BFGS with a backtracking (Armijo) line search, for smooth functions with analytic
/// gradients: `fg(x)` returns the value and the gradient. Stops when the gradient is
/// small relative to the value or a step no longer improves it; `None` when it fails (a
/// caller falls back to [`nelder_mead`]).
pub fn bfgs(
    fg: impl Fn(&[f64]) -> (f64, Vec<f64>),
    x0: &[f64],
    max_iter: usize,
) -> Option<Minimum> {
    bfgs_from(fg, x0, None, max_iter)
}

/// [`bfgs`] from a known estimate of the inverse Hessian at `x0` (say, from a fit on a
/// sample), which spares the first iterations of learning the curvature.
pub fn bfgs_from(
    fg: impl Fn(&[f64]) -> (f64, Vec<f64>),
    x0: &[f64],
    inverse_hessian: Option<Vec<Vec<f64>>>,
    max_iter: usize,
) -> Option<Minimum> {
    let n = x0.len();
    let mut x = x0.to_vec();
    let (mut f, mut g) = fg(&x);
    let mut evals = 1;
    if !f.is_finite() {
        return None;
    }
    // Without an estimate, the identity, scaled after the first step.
    let mut first = inverse_hessian.is_none();
    let mut h = inverse_hessian.unwrap_or_else(|| {
        (0..n)
            .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
            .collect()
    });
    for _ in 0..max_iter {
        let gnorm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
        // Absolute: a tolerance relative to a log-likelihood of 10⁶ would stop far early.
        // Where rounding keeps the gradient above it, the line search ends the run.
        if gnorm <= 1e-7 {
            return Some(Minimum {
                x,
                value: f,
                evaluations: evals,
                inverse_hessian: h,
            });
        }
        let mut d: Vec<f64> = (0..n)
            .map(|i| -(0..n).map(|j| h[i][j] * g[j]).sum::<f64>())
            .collect();
        let mut slope: f64 = d.iter().zip(&g).map(|(a, b)| a * b).sum();
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            for (i, row) in h.iter_mut().enumerate() {
                row.iter_mut().for_each(|v| *v = 0.0);
                row[i] = 1.0;
            }
            d = g.iter().map(|v| -v).collect();
            slope = -gnorm * gnorm;
        }
        // Cap the step at 1 in every coordinate: with gradients of the size of a whole
        // data set, an uncapped first step lands somewhere flat and absurd.
        let dmax = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if dmax > 1.0 {
            d.iter_mut().for_each(|v| *v /= dmax);
            slope /= dmax;
        }
        let mut step = 1.0;
        let (xn, fn_, gn) = loop {
            let xn: Vec<f64> = x.iter().zip(&d).map(|(a, b)| a + step * b).collect();
            let (fv, gv) = fg(&xn);
            evals += 1;
            if fv.is_finite() && fv <= f + 1e-4 * step * slope {
                break (xn, fv, gv);
            }
            step *= 0.5;
            if step < 1e-12 {
                // No further decrease: converged as far as floating point allows.
                return Some(Minimum {
                    x,
                    value: f,
                    evaluations: evals,
                    inverse_hessian: h,
                });
            }
        };
        let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gn.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-12 && first {
            // Scale the identity to the curvature seen (Shanno–Phua) before the first update.
            let yy: f64 = y.iter().map(|v| v * v).sum();
            for (i, row) in h.iter_mut().enumerate() {
                row[i] = sy / yy;
            }
        }
        first = false;
        if sy > 1e-12 {
            let hy: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| h[i][j] * y[j]).sum())
                .collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h[i][j] +=
                        (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                }
            }
        }
        let done = (f - fn_).abs() <= 1e-15 * f.abs().max(1.0);
        (x, f, g) = (xn, fn_, gn);
        if done {
            return Some(Minimum {
                x,
                value: f,
                evaluations: evals,
                inverse_hessian: h,
            });
        }
    }
    None
}

/// How a minimisation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub evaluations: usize,
    /// BFGS's estimate of the inverse Hessian at `x` (empty from Nelder–Mead).
    pub inverse_hessian: Vec<Vec<f64>>,
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
        inverse_hessian: Vec::new(),
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
                inverse_hessian: Vec::new(),
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
    fn digamma_known_values() {
        // From Python's scipy.special.digamma.
        for (x, want) in [
            (1.0, -0.577_215_664_901_532_9),
            (0.5, -1.963_510_026_021_423_5),
            (10.0, 2.251_752_589_066_721),
            (0.01, -100.560_885_457_868_68),
        ] {
            assert!((digamma(x) - want).abs() < 1e-12, "ψ({x}) = {}", digamma(x));
        }
    }

    #[test]
    fn bfgs_minimises_a_smooth_bowl_quickly() {
        let fg = |x: &[f64]| {
            let f = 1e6 + (x[0] - 3.0).powi(2) + 10.0 * (x[1] + 1.0).powi(2);
            (f, vec![2.0 * (x[0] - 3.0), 20.0 * (x[1] + 1.0)])
        };
        let m = bfgs(fg, &[0.0, 0.0], 200).unwrap();
        assert!(
            (m.x[0] - 3.0).abs() < 1e-6 && (m.x[1] + 1.0).abs() < 1e-6,
            "{m:?}"
        );
        assert!(m.evaluations < 100);
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
