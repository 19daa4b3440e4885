//! `f64` maximum and minimum for hot loops.
//!
//! Why: in wasm32, `f64::max` and `f64::min` are calls into the software libm (`fmax`,
//! `fmin`): wasm's own `f64.max` returns NaN when either side is NaN, where Rust's
//! returns the other side, so the compiler cannot use it. One such call per point and
//! round was a fifth of k-means in the worker. These compare inline and keep Rust's
//! rule for NaN.

/// The larger of `a` and `b`; the other one when either is NaN, as [`f64::max`].
#[inline(always)]
pub(crate) fn max(a: f64, b: f64) -> f64 {
    if a > b || b.is_nan() { a } else { b }
}

/// The smaller of `a` and `b`; the other one when either is NaN, as [`f64::min`].
#[inline(always)]
pub(crate) fn min(a: f64, b: f64) -> f64 {
    if a < b || b.is_nan() { a } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(0.0),
            -1e6..1e6f64,
        ]
    }

    proptest! {
        /// The same value as the standard library's, NaN for NaN only when both are.
        #[test]
        fn max_and_min_are_the_standard_ones(a in any_f64(), b in any_f64()) {
            for (ours, std) in [(max(a, b), a.max(b)), (min(a, b), a.min(b))] {
                prop_assert!(ours == std || (ours.is_nan() && std.is_nan()), "{a} {b}: {ours} vs {std}");
            }
        }
    }
}
