//! k-means clustering on RFM: Lloyd's algorithm on standardised log(1+R), log(1+F),
//! log(1+M) ([`features`]), with k-means++ seeding from a fixed seed ([`kmeans`]) or
//! given centres ([`lloyd`]), inertia and the silhouette for choosing k, and each
//! cluster described ([`profiles`]). From the same centres, the labels are
//! scikit-learn's `KMeans(algorithm="lloyd", tol=0)` labels.
//!
//! ```
//! use kehu_analytics::cluster::{Point, kmeans, silhouette};
//!
//! // Two tight groups of points.
//! let points: Vec<Point> = (0..20)
//!     .map(|i| {
//!         let c = if i < 10 { 0.0 } else { 10.0 };
//!         [c + (i % 3) as f64 * 0.1, c, c - (i % 2) as f64 * 0.1]
//!     })
//!     .collect();
//! let km = kmeans(&points, 2, 42);
//! assert!(km.labels[..10].iter().all(|&l| l == km.labels[0]));
//! assert!(km.labels[10..].iter().all(|&l| l != km.labels[0]));
//! assert!(silhouette(&points, &km.labels, 1_000).unwrap() > 0.9);
//! ```

use crate::float;
use crate::rfm::Rfm;
use crate::rng::SplitMix64;

pub type Point = [f64; 3];

/// Features of each customer: log(1+recency days), log(1+orders), log(1+spend in major
/// units),
/// standardised to mean 0 and (population) standard deviation 1, as scikit-learn's
/// `StandardScaler` does. A constant feature is left centred at 0.
pub fn features(rfm: &[Rfm]) -> Vec<Point> {
    let raw: Vec<Point> = rfm
        .iter()
        .map(|x| {
            [
                (1.0 + x.recency as f64).ln(),
                (1.0 + x.frequency as f64).ln(),
                (1.0 + major(x.monetary)).ln(),
            ]
        })
        .collect();
    standardise(&raw)
}

/// Cents in major units (yuan, dollars).
fn major(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// Each dimension centred on its mean and scaled to (population) standard deviation 1.
pub fn standardise(raw: &[Point]) -> Vec<Point> {
    let n = raw.len().max(1) as f64;
    let mut mean = [0.0; 3];
    let mut sd = [0.0; 3];
    for j in 0..3 {
        mean[j] = raw.iter().map(|p| p[j]).sum::<f64>() / n;
        sd[j] = (raw.iter().map(|p| (p[j] - mean[j]).powi(2)).sum::<f64>() / n).sqrt();
    }
    raw.iter()
        .map(|p| {
            let mut q = [0.0; 3];
            for j in 0..3 {
                q[j] = if sd[j] > 0.0 {
                    (p[j] - mean[j]) / sd[j]
                } else {
                    0.0
                };
            }
            q
        })
        .collect()
}

fn dist2(a: &Point, b: &Point) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// k-means++ seeding: the first centre uniformly, each next one with probability
/// proportional to the squared distance to the nearest centre chosen so far.
pub fn seed_plus_plus(points: &[Point], k: usize, seed: u64) -> Vec<Point> {
    let mut rng = SplitMix64::new(seed);
    if points.is_empty() || k == 0 {
        return Vec::new();
    }
    let mut centres = vec![points[rng.below(points.len())]];
    let mut d: Vec<f64> = points.iter().map(|p| dist2(p, &centres[0])).collect();
    while centres.len() < k.min(points.len()) {
        let total: f64 = d.iter().sum();
        let next = if total <= 0.0 {
            rng.below(points.len())
        } else {
            let mut x = rng.f64() * total;
            let mut i = 0;
            while i + 1 < d.len() && x >= d[i] {
                x -= d[i];
                i += 1;
            }
            i
        };
        centres.push(points[next]);
        for (di, p) in d.iter_mut().zip(points) {
            *di = float::min(*di, dist2(p, &points[next]));
        }
    }
    centres
}

#[derive(Debug, Clone, PartialEq)]
pub struct KMeans {
    /// Where Lloyd's algorithm started (the seeding's or the caller's).
    pub initial_centres: Vec<Point>,
    pub centres: Vec<Point>,
    /// Cluster of each point, 0..k.
    pub labels: Vec<usize>,
    /// Sum of squared distances of points to their centres.
    pub inertia: f64,
    pub iterations: usize,
}

/// Lloyd's algorithm from the given centres until no point changes cluster (or 300
/// rounds). A cluster that empties takes the point farthest from its centre, so k
/// clusters come back whenever there are k distinct points.
///
/// Hamerly's bounds skip the distance computations that cannot change a point's cluster
/// (after the first rounds, nearly all of them): an upper bound on the distance to its
/// own centre and a lower bound on the distance to any other, moved by how far the
/// centres moved. Labels and centres are exactly Lloyd's: a point is skipped only when
/// its centre is nearer by a margin far above rounding, and centres are still summed
/// over all points in order.
pub fn lloyd(points: &[Point], mut centres: Vec<Point>) -> KMeans {
    let initial_centres = centres.clone();
    let k = centres.len();
    let n = points.len();
    let mut labels = vec![usize::MAX; n];
    let mut upper = vec![f64::INFINITY; n];
    let mut lower = vec![0.0f64; n];
    let mut moved = vec![0.0f64; k];
    let (mut most, mut most_at, mut next) = (0.0f64, 0, 0.0f64);
    let mut iterations = 0;
    for round in 0..300 {
        iterations = round + 1;
        let shift: Vec<Shift> = (0..k)
            .map(|c| Shift {
                upper: moved[c],
                lower: if c == most_at { next } else { most },
                half: (0..k)
                    .filter(|&b| b != c)
                    .map(|b| dist2(&centres[c], &centres[b]).sqrt() / 2.0)
                    .fold(f64::INFINITY, f64::min),
            })
            .collect();
        let mut changed = false;
        // Each cluster's sum of points and count, summed in the points' order.
        let mut sums = vec![([0.0; 3], 0usize); k];
        let bounds = upper.iter_mut().zip(lower.iter_mut());
        for ((p, label), (up, lo)) in points.iter().zip(labels.iter_mut()).zip(bounds) {
            let own = *label;
            // Last round's moves, applied here to pass over the points once a round.
            let settled = shift.get(own).is_some_and(|s| {
                *up += s.upper;
                *lo -= s.lower;
                *up * (1.0 + 1e-9) + 1e-12 < float::max(*lo, s.half)
            });
            if !settled {
                let (best, nearest, second) = nearest_two(p, &centres);
                *up = nearest.sqrt();
                *lo = second.sqrt();
                if own != best {
                    *label = best;
                    changed = true;
                }
            }
            let (sum, count) = &mut sums[*label];
            *count += 1;
            for j in 0..3 {
                sum[j] += p[j];
            }
        }
        let before = centres.clone();
        for c in 0..k {
            let (sum, count) = sums[c];
            if count > 0 {
                for j in 0..3 {
                    centres[c][j] = sum[j] / count as f64;
                }
            } else if let Some((far, _)) = points
                .iter()
                .enumerate()
                .map(|(i, p)| (i, dist2(p, &centres[labels[i]])))
                .max_by(|a, b| a.1.total_cmp(&b.1))
            {
                centres[c] = points[far];
                labels[far] = c;
                upper[far] = f64::INFINITY;
                changed = true;
            }
        }
        if !changed {
            break;
        }
        // How far each centre moved, and the two largest moves, for the bounds.
        for c in 0..k {
            moved[c] = dist2(&before[c], &centres[c]).sqrt();
        }
        (most, most_at, next) = (0.0, 0, 0.0);
        for (c, &m) in moved.iter().enumerate() {
            if m > most {
                (next, most, most_at) = (most, m, c);
            } else if m > next {
                next = m;
            }
        }
    }
    let inertia = labels
        .iter()
        .zip(points)
        .map(|(l, p)| dist2(p, &centres[*l]))
        .sum();
    KMeans {
        initial_centres,
        centres,
        labels,
        inertia,
        iterations,
    }
}

/// How a cluster's points' bounds move in a round of [`lloyd`], and half the distance
/// from its centre to the nearest other: a point nearer than that to its centre is nearer
/// to it than to any other.
struct Shift {
    upper: f64,
    lower: f64,
    half: f64,
}

/// The nearest centre (the first of equals) with its squared distance, and the second
/// nearest's.
fn nearest_two(p: &Point, centres: &[Point]) -> (usize, f64, f64) {
    let (mut best, mut nearest, mut second) = (0, f64::INFINITY, f64::INFINITY);
    for (c, centre) in centres.iter().enumerate() {
        let d = dist2(p, centre);
        if d < nearest {
            second = nearest;
            (best, nearest) = (c, d);
        } else if d < second {
            second = d;
        }
    }
    (best, nearest, second)
}

/// k-means with k-means++ seeding from `seed`.
pub fn kmeans(points: &[Point], k: usize, seed: u64) -> KMeans {
    lloyd(points, seed_plus_plus(points, k, seed))
}

/// Mean silhouette of the labelling, over at most `max_points` points chosen evenly
/// (the exact silhouette is quadratic in the number of customers). `None` with fewer
/// than two clusters in use.
pub fn silhouette(points: &[Point], labels: &[usize], max_points: usize) -> Option<f64> {
    silhouettes(points, &[labels], max_points)[0]
}

/// [`silhouette`] of several labellings of the same points (one per k, when choosing
/// k), each exactly as `silhouette` gives it alone: the distances between the sampled
/// points, which are the cost, are computed once for all of them.
pub fn silhouettes(
    points: &[Point],
    labellings: &[&[usize]],
    max_points: usize,
) -> Vec<Option<f64>> {
    let step = (points.len() / max_points.max(1)).max(1);
    let sample: Vec<usize> = (0..points.len()).step_by(step).collect();
    let mut scores: Vec<Score> = labellings.iter().map(|l| Score::new(l, &sample)).collect();
    // The sampled points side by side: the distance loop reads them in order.
    let sampled: Vec<Point> = sample.iter().map(|&j| points[j]).collect();
    let mut dist = vec![0.0; sample.len()];
    for (at, p) in sampled.iter().enumerate() {
        for (d, q) in dist.iter_mut().zip(&sampled) {
            *d = dist2(p, q).sqrt();
        }
        for score in &mut scores {
            score.add_point(at, &dist);
        }
    }
    scores.iter().map(Score::mean).collect()
}

/// One labelling's silhouette, summed point by point.
struct Score {
    /// The sampled points' clusters, in sample order.
    labels: Vec<u32>,
    /// How many sampled points each cluster has.
    size: Vec<usize>,
    /// Sum of the distances from the current point to each cluster's points.
    sum: Vec<f64>,
    total: f64,
    counted: usize,
}

impl Score {
    fn new(labels: &[usize], sample: &[usize]) -> Score {
        let k = labels.iter().copied().max().map_or(0, |m| m + 1);
        let sampled: Vec<u32> = sample.iter().map(|&j| labels[j] as u32).collect();
        let mut size = vec![0; k];
        for &l in &sampled {
            size[l as usize] += 1;
        }
        Score {
            labels: sampled,
            size,
            sum: vec![0.0; k],
            total: 0.0,
            counted: 0,
        }
    }

    /// The silhouette of the sample's point `at`, from its distances `dist` to every
    /// sampled point. Its distance to itself is 0 and adds nothing to its cluster's sum,
    /// so the sums need no test per point; only the count leaves it out.
    fn add_point(&mut self, at: usize, dist: &[f64]) {
        if self.sum.is_empty() {
            return;
        }
        self.sum.fill(0.0);
        for (&l, &d) in self.labels.iter().zip(dist) {
            self.sum[l as usize] += d;
        }
        let own = self.labels[at] as usize;
        let n = |c: usize| self.size[c] - usize::from(c == own);
        if n(own) == 0 {
            return; // a singleton's silhouette is 0 by convention; skip it
        }
        let a = self.sum[own] / n(own) as f64;
        let b = (0..self.sum.len())
            .filter(|&c| c != own && n(c) > 0)
            .map(|c| self.sum[c] / n(c) as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() {
            self.total += (b - a) / a.max(b);
            self.counted += 1;
        }
    }

    fn mean(&self) -> Option<f64> {
        (self.counted > 0).then(|| self.total / self.counted as f64)
    }
}

/// Where a cluster's centre lies on one dimension, against all customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Level {
    Low,
    Mid,
    High,
}

/// A cluster in words: its size, its customers' mean recency, orders and spend, and
/// where it stands on each (in standard deviations: above +0.5 high, below −0.5 low).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub size: usize,
    pub mean_recency_days: f64,
    pub mean_orders: f64,
    pub mean_spend: f64,
    /// Recency: High means bought recently (a small R).
    pub recency: Level,
    pub frequency: Level,
    pub monetary: Level,
}

impl Profile {
    /// A plain-English summary; the app builds its translated text from the levels.
    pub fn describe(&self) -> String {
        let r = match self.recency {
            Level::High => "bought recently",
            Level::Mid => "bought a while ago",
            Level::Low => "have not bought for a long time",
        };
        let f = match self.frequency {
            Level::High => "order often",
            Level::Mid => "order now and then",
            Level::Low => "rarely order",
        };
        let m = match self.monetary {
            Level::High => "spend a lot",
            Level::Mid => "spend a moderate amount",
            Level::Low => "spend little",
        };
        format!(
            "{} customers who {r}, {f} and {m} (on average {:.0} days since the last order, {:.1} orders, {:.0} in total).",
            self.size, self.mean_recency_days, self.mean_orders, self.mean_spend
        )
    }
}

pub fn profiles(rfm: &[Rfm], km: &KMeans) -> Vec<Profile> {
    let level = |z: f64| {
        if z > 0.5 {
            Level::High
        } else if z < -0.5 {
            Level::Low
        } else {
            Level::Mid
        }
    };
    (0..km.centres.len())
        .map(|c| {
            let members: Vec<&Rfm> = rfm
                .iter()
                .zip(&km.labels)
                .filter(|(_, l)| **l == c)
                .map(|(x, _)| x)
                .collect();
            let n = members.len().max(1) as f64;
            let centre = km.centres[c];
            Profile {
                size: members.len(),
                mean_recency_days: members.iter().map(|x| x.recency as f64).sum::<f64>() / n,
                mean_orders: members.iter().map(|x| x.frequency as f64).sum::<f64>() / n,
                mean_spend: members.iter().map(|x| major(x.monetary)).sum::<f64>() / n,
                // A short recency is good, so its scale is turned around.
                recency: level(-centre[0]),
                frequency: level(centre[1]),
                monetary: level(centre[2]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lloyd's algorithm without bounds: what [`lloyd`] must equal.
    fn plain_lloyd(points: &[Point], mut centres: Vec<Point>) -> KMeans {
        let initial_centres = centres.clone();
        let k = centres.len();
        let mut labels = vec![usize::MAX; points.len()];
        let mut iterations = 0;
        for round in 0..300 {
            iterations = round + 1;
            let mut changed = false;
            let mut sum = vec![[0.0; 3]; k];
            let mut count = vec![0usize; k];
            for (l, p) in labels.iter_mut().zip(points) {
                // The nearest centre, the first of equals.
                let (mut best, mut nearest) = (0, f64::INFINITY);
                for (c, centre) in centres.iter().enumerate() {
                    let d = dist2(p, centre);
                    if d < nearest {
                        (best, nearest) = (c, d);
                    }
                }
                if *l != best {
                    *l = best;
                    changed = true;
                }
                count[best] += 1;
                for j in 0..3 {
                    sum[best][j] += p[j];
                }
            }
            for c in 0..k {
                if count[c] > 0 {
                    for j in 0..3 {
                        centres[c][j] = sum[c][j] / count[c] as f64;
                    }
                } else if let Some((far, _)) = points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i, dist2(p, &centres[labels[i]])))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                {
                    centres[c] = points[far];
                    labels[far] = c;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let inertia = labels
            .iter()
            .zip(points)
            .map(|(l, p)| dist2(p, &centres[*l]))
            .sum();
        KMeans {
            initial_centres,
            centres,
            labels,
            inertia,
            iterations,
        }
    }

    proptest::proptest! {
        #[test]
        fn bounds_change_nothing(
            raw in proptest::collection::vec(
                (0u8..40, 0u8..40, 0u8..40), 2..300,
            ),
            k in 1usize..7,
            seed in 0u64..1_000,
        ) {
            // Coarse coordinates make ties and duplicate points common.
            let points: Vec<Point> = raw
                .iter()
                .map(|&(a, b, c)| [a as f64 / 4.0, b as f64 / 8.0, (c % 7) as f64])
                .collect();
            let start = seed_plus_plus(&points, k, seed);
            let fast = lloyd(&points, start.clone());
            let plain = plain_lloyd(&points, start);
            proptest::prop_assert_eq!(fast, plain);
        }

        /// Several labellings at once give each one's own silhouette, to the bit.
        #[test]
        fn silhouettes_together_are_each_ones_alone(
            raw in proptest::collection::vec((0u8..40, 0u8..40, 0u8..5), 0..200),
            ks in proptest::collection::vec(1usize..6, 1..4),
            max_points in 1usize..150,
        ) {
            let points: Vec<Point> = raw
                .iter()
                .map(|&(a, b, c)| [a as f64 / 4.0, b as f64 / 8.0, c as f64])
                .collect();
            let labellings: Vec<Vec<usize>> = ks
                .iter()
                .map(|&k| (0..points.len()).map(|i| (i * 7 + i / 3) % k).collect())
                .collect();
            let refs: Vec<&[usize]> = labellings.iter().map(|l| &l[..]).collect();
            let together = silhouettes(&points, &refs, max_points);
            for (l, got) in labellings.iter().zip(together) {
                let alone = plain_silhouette(&points, l, max_points);
                proptest::prop_assert_eq!(got.map(f64::to_bits), alone.map(f64::to_bits));
            }
        }
    }

    /// The silhouette as first written: one labelling, every distance computed for it.
    fn plain_silhouette(points: &[Point], labels: &[usize], max_points: usize) -> Option<f64> {
        let k = labels.iter().copied().max()? + 1;
        let step = (points.len() / max_points.max(1)).max(1);
        let sample: Vec<usize> = (0..points.len()).step_by(step).collect();
        let (mut total, mut counted) = (0.0, 0usize);
        for &i in &sample {
            let (mut sum, mut n) = (vec![0.0; k], vec![0usize; k]);
            for &j in &sample {
                if j != i {
                    sum[labels[j]] += dist2(&points[i], &points[j]).sqrt();
                    n[labels[j]] += 1;
                }
            }
            let own = labels[i];
            if n[own] == 0 {
                continue;
            }
            let a = sum[own] / n[own] as f64;
            let b = (0..k)
                .filter(|&c| c != own && n[c] > 0)
                .map(|c| sum[c] / n[c] as f64)
                .fold(f64::INFINITY, f64::min);
            if b.is_finite() {
                total += (b - a) / a.max(b);
                counted += 1;
            }
        }
        (counted > 0).then(|| total / counted as f64)
    }

    fn blobs() -> Vec<Point> {
        let mut rng = SplitMix64::new(3);
        // Standard normal draws (Box–Muller).
        let mut normal = || {
            let u = rng.f64().max(1e-12);
            let v = rng.f64();
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        };
        let mut pts = Vec::new();
        for centre in [[-5.0, 0.0, 0.0], [5.0, 5.0, 0.0], [0.0, -5.0, 5.0]] {
            for _ in 0..100 {
                pts.push([
                    centre[0] + 0.3 * normal(),
                    centre[1] + 0.3 * normal(),
                    centre[2] + 0.3 * normal(),
                ]);
            }
        }
        pts
    }

    #[test]
    fn finds_well_separated_clusters_and_scores_them_well() {
        let pts = blobs();
        let km = kmeans(&pts, 3, 42);
        for b in 0..3 {
            let first = km.labels[b * 100];
            assert!(
                km.labels[b * 100..(b + 1) * 100]
                    .iter()
                    .all(|&l| l == first)
            );
        }
        let s3 = silhouette(&pts, &km.labels, 10_000).unwrap();
        let s2 = silhouette(&pts, &kmeans(&pts, 2, 42).labels, 10_000).unwrap();
        assert!(s3 > 0.9 && s3 > s2, "{s3} vs {s2}");
        assert_eq!(
            kmeans(&pts, 3, 42),
            km,
            "a fixed seed gives the same result"
        );
    }

    #[test]
    fn given_centres_are_used_and_inertia_is_the_sum_of_squares() {
        let pts = vec![[0.0, 0.0, 0.0], [0.0, 0.0, 2.0], [10.0, 0.0, 0.0]];
        let km = lloyd(&pts, vec![[0.0, 0.0, 1.0], [9.0, 0.0, 0.0]]);
        assert_eq!(km.labels, vec![0, 0, 1]);
        assert_eq!(km.centres[0], [0.0, 0.0, 1.0]);
        assert!((km.inertia - 2.0).abs() < 1e-12);
    }

    #[test]
    fn an_empty_cluster_is_refilled() {
        let pts = vec![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [20.0, 0.0, 0.0]];
        let km = lloyd(
            &pts,
            vec![[0.5, 0.0, 0.0], [100.0, 0.0, 0.0], [-100.0, 0.0, 0.0]],
        );
        let mut used = km.labels.clone();
        used.sort_unstable();
        used.dedup();
        assert_eq!(used.len(), 3, "{km:?}");
    }

    #[test]
    fn standardised_features_have_mean_0_and_sd_1() {
        let s = standardise(&blobs());
        for j in 0..3 {
            let m: f64 = s.iter().map(|p| p[j]).sum::<f64>() / s.len() as f64;
            let v: f64 = s.iter().map(|p| (p[j] - m).powi(2)).sum::<f64>() / s.len() as f64;
            assert!(m.abs() < 1e-12 && (v - 1.0).abs() < 1e-12);
        }
    }
}
