//! The sales funnel and weighted forecast (DOMAIN.md §2).

use crate::{Cents, Day};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Funnel stages in order: 初期联络 → 意向达成 → 商务谈判 → 合同签订.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    InitialContact,
    IntentReached,
    Negotiation,
    ContractSigned,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::InitialContact,
        Stage::IntentReached,
        Stage::Negotiation,
        Stage::ContractSigned,
    ];
}

/// Default win probability of an open opportunity at each stage (configurable).
pub const DEFAULT_PROBABILITY: [f64; 4] = [0.10, 0.30, 0.60, 0.90];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Open,
    Won,
    Lost,
}

/// An opportunity as the funnel sees it: the furthest stage it reached, its amount,
/// expected close date and outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opportunity {
    pub stage: Stage,
    pub amount: Cents,
    pub close: Day,
    pub outcome: Outcome,
}

/// One stage of the funnel: opportunities that reached it (or went further), their
/// amount, and the share of them that reached the next stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelStage {
    pub stage: Stage,
    pub count: u32,
    pub amount: Cents,
    pub conversion_to_next: Option<f64>,
}

pub fn funnel(opps: &[Opportunity]) -> [FunnelStage; 4] {
    let mut out = Stage::ALL.map(|stage| FunnelStage {
        stage,
        count: 0,
        amount: Cents(0),
        conversion_to_next: None,
    });
    for o in opps {
        for st in out.iter_mut().filter(|s| s.stage <= o.stage) {
            st.count += 1;
            st.amount.0 += o.amount.0;
        }
    }
    for i in 0..3 {
        let (here, next) = (out[i].count, out[i + 1].count);
        out[i].conversion_to_next = (here > 0).then(|| next as f64 / here as f64);
    }
    out
}

/// Σ amount × stage probability over open opportunities, by expected close month
/// (`(year, month)` → cents, rounded).
pub fn weighted_forecast(
    opps: &[Opportunity],
    probability: [f64; 4],
) -> BTreeMap<(i32, u32), Cents> {
    let mut by_month: BTreeMap<(i32, u32), f64> = BTreeMap::new();
    for o in opps.iter().filter(|o| o.outcome == Outcome::Open) {
        let (y, m, _) = o.close.ymd();
        *by_month.entry((y, m)).or_default() += o.amount.0 as f64 * probability[o.stage as usize];
    }
    by_month
        .into_iter()
        .map(|(k, v)| (k, Cents(v.round() as i64)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook example: 80 → 30 → 16 → 10 customers with 1125 → 318 → 168 → 108
    /// (×10k) forecast amount.
    #[test]
    fn textbook_funnel() {
        let wan = |x: i64| Cents(x * 10_000 * 100);
        let mut opps = Vec::new();
        let mut add = |n: usize, stage: Stage, total: i64| {
            for i in 0..n {
                // Spread the stage's amount so the group sums exactly to `total`.
                let share = total / n as i64 + if (i as i64) < total % n as i64 { 1 } else { 0 };
                opps.push(Opportunity {
                    stage,
                    amount: wan(share),
                    close: Day(0),
                    outcome: Outcome::Open,
                });
            }
        };
        add(50, Stage::InitialContact, 1125 - 318);
        add(14, Stage::IntentReached, 318 - 168);
        add(6, Stage::Negotiation, 168 - 108);
        add(10, Stage::ContractSigned, 108);
        let f = funnel(&opps);
        let counts: Vec<u32> = f.iter().map(|s| s.count).collect();
        let amounts: Vec<Cents> = f.iter().map(|s| s.amount).collect();
        assert_eq!(counts, vec![80, 30, 16, 10]);
        assert_eq!(amounts, vec![wan(1125), wan(318), wan(168), wan(108)]);
        assert_eq!(f[0].conversion_to_next, Some(30.0 / 80.0));
        assert_eq!(f[3].conversion_to_next, None);
    }

    #[test]
    fn forecast_weights_open_opportunities_by_close_month() {
        let d = |m| Day::from_ymd(2026, m, 15).unwrap();
        let opps = [
            Opportunity {
                stage: Stage::Negotiation,
                amount: Cents(1_000),
                close: d(12),
                outcome: Outcome::Open,
            },
            Opportunity {
                stage: Stage::InitialContact,
                amount: Cents(500),
                close: d(12),
                outcome: Outcome::Open,
            },
            Opportunity {
                stage: Stage::ContractSigned,
                amount: Cents(9_999),
                close: d(12),
                outcome: Outcome::Won,
            },
            Opportunity {
                stage: Stage::ContractSigned,
                amount: Cents(2_000),
                close: d(11),
                outcome: Outcome::Open,
            },
        ];
        let f = weighted_forecast(&opps, DEFAULT_PROBABILITY);
        assert_eq!(f[&(2026, 12)], Cents(650));
        assert_eq!(f[&(2026, 11)], Cents(1_800));
        assert_eq!(f.len(), 2);
    }
}
