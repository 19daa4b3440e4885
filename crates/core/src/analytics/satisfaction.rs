//! Satisfaction and loyalty metrics (DOMAIN.md §6–§7).

/// An answer outside its scale, named so the caller can point at the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("answer {value} is outside the scale {min}–{max}")]
pub struct OutOfScale {
    pub value: u8,
    pub min: u8,
    pub max: u8,
}

fn check(v: u8, min: u8, max: u8) -> Result<u8, OutOfScale> {
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        Err(OutOfScale { value: v, min, max })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Nps {
    pub promoters: u32,
    pub passives: u32,
    pub detractors: u32,
}

impl Nps {
    /// Counts 0–10 answers: promoters 9–10, passives 7–8, detractors 0–6.
    pub fn of(scores: &[u8]) -> Result<Nps, OutOfScale> {
        let mut n = Nps::default();
        for &s in scores {
            match check(s, 0, 10)? {
                9..=10 => n.promoters += 1,
                7..=8 => n.passives += 1,
                _ => n.detractors += 1,
            }
        }
        Ok(n)
    }

    pub fn responses(&self) -> u32 {
        self.promoters + self.passives + self.detractors
    }

    /// 100 · (promoters − detractors) / responses, from −100 to 100.
    pub fn score(&self) -> Option<f64> {
        let n = self.responses();
        (n > 0).then(|| 100.0 * (self.promoters as f64 - self.detractors as f64) / n as f64)
    }
}

/// CSAT: the percentage of 1–5 answers that are 4 or 5.
pub fn csat(scores: &[u8]) -> Result<Option<f64>, OutOfScale> {
    let mut happy = 0;
    for &s in scores {
        if check(s, 1, 5)? >= 4 {
            happy += 1;
        }
    }
    Ok((!scores.is_empty()).then(|| 100.0 * happy as f64 / scores.len() as f64))
}

/// CES: the mean of 1–7 answers.
pub fn ces(scores: &[u8]) -> Result<Option<f64>, OutOfScale> {
    let mut sum = 0u64;
    for &s in scores {
        sum += check(s, 1, 7)? as u64;
    }
    Ok((!scores.is_empty()).then(|| sum as f64 / scores.len() as f64))
}

/// One CSI item: its weight, the top of its 1..k scale, and its answers.
#[derive(Debug, Clone, PartialEq)]
pub struct CsiItem {
    pub weight: f64,
    pub scale_max: u8,
    pub answers: Vec<u8>,
}

/// Customer satisfaction index, 0–100: 100 · Σ wᵢ(x̄ᵢ − 1) / Σ wᵢ(kᵢ − 1). Items without
/// answers are left out.
pub fn csi(items: &[CsiItem]) -> Result<Option<f64>, OutOfScale> {
    let (mut num, mut den) = (0.0, 0.0);
    for it in items.iter().filter(|i| !i.answers.is_empty()) {
        let mut sum = 0.0;
        for &a in &it.answers {
            sum += check(a, 1, it.scale_max)? as f64;
        }
        let mean = sum / it.answers.len() as f64;
        num += it.weight * (mean - 1.0);
        den += it.weight * (it.scale_max as f64 - 1.0);
    }
    Ok((den > 0.0).then(|| 100.0 * num / den))
}

/// Kano categories, in the order that breaks ties (M > O > A > I > R > Q).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Kano {
    /// 当然质量
    MustBe,
    /// 期望质量
    OneDimensional,
    /// 迷人质量
    Attractive,
    Indifferent,
    Reverse,
    Questionable,
}

impl Kano {
    pub const ALL: [Kano; 6] = [
        Kano::MustBe,
        Kano::OneDimensional,
        Kano::Attractive,
        Kano::Indifferent,
        Kano::Reverse,
        Kano::Questionable,
    ];

    /// The evaluation table: answers 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike;
    /// row = functional answer, column = dysfunctional answer.
    pub fn classify(functional: u8, dysfunctional: u8) -> Result<Kano, OutOfScale> {
        use Kano::*;
        const T: [[Kano; 5]; 5] = [
            [
                Questionable,
                Attractive,
                Attractive,
                Attractive,
                OneDimensional,
            ],
            [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
            [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
            [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
            [Reverse, Reverse, Reverse, Reverse, Questionable],
        ];
        let (f, d) = (check(functional, 1, 5)?, check(dysfunctional, 1, 5)?);
        Ok(T[f as usize - 1][d as usize - 1])
    }
}

/// One feature's Kano result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KanoFeature {
    /// Answers per category, in [`Kano::ALL`] order.
    pub counts: [u32; 6],
    pub category: Option<Kano>,
    /// (A + O) / (A + O + M + I).
    pub better: Option<f64>,
    /// −(O + M) / (A + O + M + I).
    pub worse: Option<f64>,
}

pub fn kano_feature(pairs: &[(u8, u8)]) -> Result<KanoFeature, OutOfScale> {
    let mut counts = [0u32; 6];
    for &(f, d) in pairs {
        counts[Kano::classify(f, d)? as usize] += 1;
    }
    let category = Kano::ALL
        .iter()
        .copied()
        .filter(|k| counts[*k as usize] > 0)
        // max_by_key keeps the last of equal maxima; iterating in reverse tie order
        // makes the earliest in M > O > A > I > R > Q win.
        .rev()
        .max_by_key(|k| counts[*k as usize]);
    let c = |k: Kano| counts[k as usize] as f64;
    let base =
        c(Kano::Attractive) + c(Kano::OneDimensional) + c(Kano::MustBe) + c(Kano::Indifferent);
    Ok(KanoFeature {
        counts,
        category,
        better: (base > 0.0).then(|| (c(Kano::Attractive) + c(Kano::OneDimensional)) / base),
        worse: (base > 0.0).then(|| -(c(Kano::OneDimensional) + c(Kano::MustBe)) / base),
    })
}

/// The five SERVQUAL dimensions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Tangibles,
    Reliability,
    Responsiveness,
    Assurance,
    Empathy,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Tangibles,
        Dimension::Reliability,
        Dimension::Responsiveness,
        Dimension::Assurance,
        Dimension::Empathy,
    ];
}

/// One SERVQUAL item with its expectation and perception answers (1–7), paired by
/// respondent.
#[derive(Debug, Clone, PartialEq)]
pub struct ServqualItem {
    pub dimension: Dimension,
    pub answers: Vec<(u8, u8)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Servqual {
    /// Per item: mean expectation, mean perception, gap = P − E.
    pub items: Vec<(f64, f64, f64)>,
    /// Mean gap of each dimension's items, in [`Dimension::ALL`] order (`None` without
    /// items).
    pub dimensions: [Option<f64>; 5],
    /// Mean of the dimension gaps present.
    pub overall: Option<f64>,
    /// Σ weight × dimension gap, when weights were given (they must sum to 1).
    pub weighted: Option<f64>,
}

pub fn servqual(items: &[ServqualItem], weights: Option<[f64; 5]>) -> Result<Servqual, OutOfScale> {
    let mut per_item = Vec::with_capacity(items.len());
    let mut dim_sum = [0.0; 5];
    let mut dim_n = [0u32; 5];
    for it in items {
        let (mut e, mut p) = (0.0, 0.0);
        for &(ex, pe) in &it.answers {
            e += check(ex, 1, 7)? as f64;
            p += check(pe, 1, 7)? as f64;
        }
        let n = it.answers.len().max(1) as f64;
        let (e, p) = (e / n, p / n);
        per_item.push((e, p, p - e));
        if !it.answers.is_empty() {
            dim_sum[it.dimension as usize] += p - e;
            dim_n[it.dimension as usize] += 1;
        }
    }
    let mut dimensions = [None; 5];
    for d in 0..5 {
        if dim_n[d] > 0 {
            dimensions[d] = Some(dim_sum[d] / dim_n[d] as f64);
        }
    }
    let present: Vec<f64> = dimensions.iter().flatten().copied().collect();
    let overall = (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64);
    let weighted = weights.and_then(|w| {
        let total: f64 = w.iter().sum();
        ((total - 1.0).abs() < 1e-9 && dimensions.iter().all(Option::is_some))
            .then(|| (0..5).map(|d| w[d] * dimensions[d].unwrap_or(0.0)).sum())
    });
    Ok(Servqual {
        items: per_item,
        dimensions,
        overall,
        weighted,
    })
}

/// Dick & Basu's attitude × behaviour loyalty quadrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loyalty {
    /// 绝对忠诚: high attitude, high behaviour.
    True,
    /// 潜在忠诚: high attitude, low behaviour.
    Latent,
    /// 惰性忠诚: low attitude, high behaviour.
    Inertia,
    /// 非忠诚
    None,
}

impl Loyalty {
    pub const ALL: [Loyalty; 4] = [
        Loyalty::True,
        Loyalty::Latent,
        Loyalty::Inertia,
        Loyalty::None,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Loyalty::True => "true",
            Loyalty::Latent => "latent",
            Loyalty::Inertia => "inertia",
            Loyalty::None => "none",
        }
    }

    /// Attitude is high when the latest NPS answer is 9 or 10; behaviour is high with at
    /// least two orders in the window. Without a survey answer there is no quadrant: such
    /// customers are counted apart, never guessed.
    pub fn of(latest_nps: Option<u8>, orders_in_window: u32) -> Option<Loyalty> {
        let attitude = latest_nps? >= 9;
        let behaviour = orders_in_window >= 2;
        Some(match (attitude, behaviour) {
            (true, true) => Loyalty::True,
            (true, false) => Loyalty::Latent,
            (false, true) => Loyalty::Inertia,
            (false, false) => Loyalty::None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nps_csat_ces() {
        let n = Nps::of(&[10, 9, 8, 7, 6, 0]).unwrap();
        assert_eq!((n.promoters, n.passives, n.detractors), (2, 2, 2));
        assert_eq!(n.score(), Some(0.0));
        assert_eq!(Nps::of(&[10, 10]).unwrap().score(), Some(100.0));
        assert_eq!(Nps::of(&[]).unwrap().score(), None);
        assert_eq!(
            Nps::of(&[11]),
            Err(OutOfScale {
                value: 11,
                min: 0,
                max: 10
            })
        );
        assert_eq!(csat(&[5, 4, 3, 1]).unwrap(), Some(50.0));
        assert!(csat(&[0]).is_err());
        assert_eq!(ces(&[1, 7, 4]).unwrap(), Some(4.0));
    }

    #[test]
    fn csi_rescales_weighted_means_to_0_100() {
        let items = [
            CsiItem {
                weight: 2.0,
                scale_max: 5,
                answers: vec![5, 5],
            },
            CsiItem {
                weight: 1.0,
                scale_max: 10,
                answers: vec![1],
            },
        ];
        // 100 · (2·4 + 1·0) / (2·4 + 1·9) = 800 / 17
        assert!((csi(&items).unwrap().unwrap() - 800.0 / 17.0).abs() < 1e-12);
    }

    #[test]
    fn kano_table_and_coefficients() {
        assert_eq!(Kano::classify(1, 5).unwrap(), Kano::OneDimensional);
        assert_eq!(Kano::classify(1, 3).unwrap(), Kano::Attractive);
        assert_eq!(Kano::classify(3, 5).unwrap(), Kano::MustBe);
        assert_eq!(Kano::classify(3, 3).unwrap(), Kano::Indifferent);
        assert_eq!(Kano::classify(5, 1).unwrap(), Kano::Reverse);
        assert_eq!(Kano::classify(1, 1).unwrap(), Kano::Questionable);
        assert!(Kano::classify(6, 1).is_err());
        // 2 attractive, 2 must-be, 1 indifferent: the tie goes to must-be.
        let f = kano_feature(&[(1, 3), (1, 2), (2, 5), (4, 5), (3, 3)]).unwrap();
        assert_eq!(f.category, Some(Kano::MustBe));
        assert_eq!(f.better, Some(2.0 / 5.0));
        assert_eq!(f.worse, Some(-2.0 / 5.0));
        assert_eq!(kano_feature(&[]).unwrap().category, None);
    }

    #[test]
    fn servqual_gaps() {
        let items = vec![
            ServqualItem {
                dimension: Dimension::Reliability,
                answers: vec![(7, 5), (6, 6)],
            },
            ServqualItem {
                dimension: Dimension::Reliability,
                answers: vec![(5, 6)],
            },
            ServqualItem {
                dimension: Dimension::Empathy,
                answers: vec![(4, 6)],
            },
        ];
        let s = servqual(&items, None).unwrap();
        assert_eq!(s.items[0], (6.5, 5.5, -1.0));
        assert_eq!(s.dimensions[Dimension::Reliability as usize], Some(0.0));
        assert_eq!(s.dimensions[Dimension::Empathy as usize], Some(2.0));
        assert_eq!(s.overall, Some(1.0));
        assert_eq!(s.weighted, None, "weights need all five dimensions");
    }

    #[test]
    fn loyalty_quadrant_never_guesses_attitude() {
        assert_eq!(Loyalty::of(Some(9), 2), Some(Loyalty::True));
        assert_eq!(Loyalty::of(Some(10), 1), Some(Loyalty::Latent));
        assert_eq!(Loyalty::of(Some(8), 5), Some(Loyalty::Inertia));
        assert_eq!(Loyalty::of(Some(0), 0), Some(Loyalty::None));
        assert_eq!(Loyalty::of(None, 50), None);
    }

    proptest! {
        #[test]
        fn nps_is_between_minus_100_and_100(scores in proptest::collection::vec(0u8..=10, 1..200)) {
            let s = Nps::of(&scores).unwrap().score().unwrap();
            prop_assert!((-100.0..=100.0).contains(&s));
        }

        #[test]
        fn csi_is_between_0_and_100(answers in proptest::collection::vec(1u8..=7, 1..50), w in 0.1f64..5.0) {
            let v = csi(&[CsiItem { weight: w, scale_max: 7, answers }]).unwrap().unwrap();
            prop_assert!((0.0..=100.0 + 1e-9).contains(&v));
        }
    }
}
