//! Per-customer work on every core, natively. In wasm (one thread) and on a
//! single core it runs in place. Each item is computed by the same code either way, so
//! the results are identical, not merely close; sums across items stay sequential
//! (their order would change the last bits).

/// `f` of every item of `items`, in order, the items split across the cores; each part
/// has a scratch value of its own, made by `scratch` (a buffer `f` reuses from one item
/// to the next).
pub fn map<T: Sync, S, R: Send>(
    items: &[T],
    scratch: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let part = |chunk: &[T]| {
        let mut s = scratch();
        chunk.iter().map(|x| f(&mut s, x)).collect::<Vec<R>>()
    };
    let parts = threads(items.len());
    if parts <= 1 {
        return part(items);
    }
    split(items, parts, &part)
}

/// `a()` and `b()`, natively on two threads when there are two cores: for two pieces of
/// work that share nothing, each as long as a few thousand items' (two model fits).
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if cores() < 2 {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let first = s.spawn(a);
        let second = b();
        // A panic in `a` is re-raised here, as it would have been in place.
        let first = first
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (first, second)
    })
}

/// How many threads `n` items are worth: one per core, none for a few thousand.
fn threads(n: usize) -> usize {
    // Below this a thread's start costs more than its share of the work saves.
    const PER_THREAD: usize = 8_192;
    if n < 2 * PER_THREAD {
        return 1;
    }
    cores().min(n / PER_THREAD)
}

/// The cores threads may run on: one in wasm.
fn cores() -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |c| c.get())
}

/// `part` of each of `parts` runs of `items`, each on a thread of its own, joined in
/// order.
#[cfg(not(target_arch = "wasm32"))]
fn split<T: Sync, R: Send>(
    items: &[T],
    parts: usize,
    part: &(impl Fn(&[T]) -> Vec<R> + Sync),
) -> Vec<R> {
    let size = items.len().div_ceil(parts);
    std::thread::scope(|s| {
        let running: Vec<_> = (items.chunks(size))
            .map(|chunk| s.spawn(move || part(chunk)))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for t in running {
            // A panic in `f` is re-raised here, as it would have been in place.
            out.extend(t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        out
    })
}

#[cfg(target_arch = "wasm32")]
fn split<T: Sync, R: Send>(
    items: &[T],
    _: usize,
    part: &(impl Fn(&[T]) -> Vec<R> + Sync),
) -> Vec<R> {
    part(items)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_in_order_whatever_the_split() {
        let items: Vec<u64> = (0..50_000).collect();
        let f = |x: &u64| (*x as f64).sqrt().sin();
        let here: Vec<f64> = items.iter().map(f).collect();
        // The scratch counts the items its part saw: each part starts afresh.
        let counted = |seen: &mut u64, x: &u64| {
            *seen += 1;
            (f(x), *seen)
        };
        let mapped = super::map(&items, || 0, counted);
        assert_eq!(mapped.iter().map(|m| m.0).collect::<Vec<_>>(), here);
        assert_eq!(mapped[0].1, 1);
        let part = |chunk: &[u64]| chunk.iter().map(f).collect::<Vec<f64>>();
        for parts in [2, 3, 7] {
            assert_eq!(super::split(&items, parts, &part), here, "{parts} parts");
        }
        assert_eq!(super::map(&items[..10], || (), |_, x| f(x)).len(), 10);
    }

    #[test]
    fn join_gives_each_its_own_result() {
        let sum = |n: u64| (0..n).map(|x| x * x).sum::<u64>();
        assert_eq!(
            super::join(|| sum(100_000), || sum(1_000)),
            (sum(100_000), sum(1_000))
        );
    }
}
