//! Sales figures from opportunities (DOMAIN.md §2, 销售漏斗 and 销售预测): the funnel
//! with conversion and the average days spent in each stage, won and lost with the
//! reasons, the win rate and the sales cycle, and the weighted forecast by close month
//! and by owner.

use super::funnel::{self, DEFAULT_PROBABILITY, Stage};
use crate::opportunity::{Opportunity, Standing};
use crate::{Cents, Day, Millis};
use std::collections::BTreeMap;

const DAY_MS: f64 = 86_400_000.0;

/// One stage of the funnel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageFigures {
    pub stage: Stage,
    /// Opportunities that reached the stage (or went further).
    pub reached: u32,
    pub amount: Cents,
    /// The share of them that reached the next stage.
    pub conversion: Option<f64>,
    /// The average days an opportunity spends in the stage: until it left, or until
    /// today for those still in it.
    pub avg_days: Option<f64>,
}

/// Lost opportunities with one reason (as typed, trimmed; empty: none given).
#[derive(Debug, Clone, PartialEq)]
pub struct LostReason {
    pub reason: String,
    pub count: u32,
    pub amount: Cents,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SalesFigures {
    pub funnel: [StageFigures; 4],
    pub won: u32,
    pub won_amount: Cents,
    pub lost: u32,
    pub lost_amount: Cents,
    /// Won of those decided.
    pub win_rate: Option<f64>,
    /// Average days from an opportunity's start to its win.
    pub avg_cycle_days: Option<f64>,
    /// Most often first.
    pub lost_reasons: Vec<LostReason>,
    /// Open opportunities' amount × probability, by expected close month.
    pub forecast_by_month: BTreeMap<(i32, u32), Cents>,
    /// The same by owner (a staff id; empty for nobody).
    pub forecast_by_owner: BTreeMap<String, Cents>,
}

/// The figures of `opps` as of `today` (open opportunities without a close date are
/// forecast for this month).
pub fn sales<'a>(opps: impl IntoIterator<Item = &'a Opportunity>, today: Day) -> SalesFigures {
    let opps: Vec<&Opportunity> = opps.into_iter().collect();
    let as_funnel: Vec<funnel::Opportunity> = opps.iter().map(|o| o.as_funnel(today)).collect();
    let stages = funnel::funnel(&as_funnel);
    let days = days_in_stages(&opps, today.start_millis());
    let funnel = std::array::from_fn(|i| StageFigures {
        stage: stages[i].stage,
        reached: stages[i].count,
        amount: stages[i].amount,
        conversion: stages[i].conversion_to_next,
        avg_days: (days[i].1 > 0).then(|| days[i].0 / days[i].1 as f64),
    });
    let (mut won, mut lost, mut won_amount, mut lost_amount) = (0, 0, 0i64, 0i64);
    let (mut cycle, mut reasons) = ((0f64, 0u32), BTreeMap::<String, (u32, i64)>::new());
    let mut by_owner = BTreeMap::<String, f64>::new();
    for o in &opps {
        match o.standing {
            Standing::Won => {
                won += 1;
                won_amount += o.amount.0;
                cycle.0 += (o.entered().0 - o.created.0) as f64 / DAY_MS;
                cycle.1 += 1;
            }
            Standing::Lost => {
                lost += 1;
                lost_amount += o.amount.0;
                let r = reasons.entry(o.lost_reason.trim().to_string()).or_default();
                r.0 += 1;
                r.1 += o.amount.0;
            }
            Standing::Open(_) => {
                *by_owner.entry(o.owner.clone()).or_default() +=
                    o.amount.0 as f64 * o.probability();
            }
        }
    }
    let mut lost_reasons: Vec<LostReason> = reasons
        .into_iter()
        .map(|(reason, (count, amount))| LostReason {
            reason,
            count,
            amount: Cents(amount),
        })
        .collect();
    lost_reasons.sort_by(|a, b| b.count.cmp(&a.count).then(b.amount.cmp(&a.amount)));
    SalesFigures {
        funnel,
        won,
        won_amount: Cents(won_amount),
        lost,
        lost_amount: Cents(lost_amount),
        win_rate: (won + lost > 0).then(|| won as f64 / (won + lost) as f64),
        avg_cycle_days: (cycle.1 > 0).then(|| cycle.0 / cycle.1 as f64),
        lost_reasons,
        forecast_by_month: forecast(&opps, &as_funnel),
        forecast_by_owner: by_owner
            .into_iter()
            .map(|(k, v)| (k, Cents(v.round() as i64)))
            .collect(),
    }
}

/// The weighted forecast by month, each opportunity at its own probability (the owner's
/// override or its stage's default).
fn forecast(
    opps: &[&Opportunity],
    as_funnel: &[funnel::Opportunity],
) -> BTreeMap<(i32, u32), Cents> {
    let mut by_month = BTreeMap::<(i32, u32), f64>::new();
    for (o, f) in opps
        .iter()
        .zip(as_funnel)
        .filter(|(o, _)| o.standing.is_open())
    {
        let (y, m, _) = f.close.ymd();
        *by_month.entry((y, m)).or_default() += o.amount.0 as f64 * o.probability();
    }
    by_month
        .into_iter()
        .map(|(k, v)| (k, Cents(v.round() as i64)))
        .collect()
}

/// Per open stage, the days spent in it summed over every stay, and how many stays.
fn days_in_stages(opps: &[&Opportunity], now: Millis) -> [(f64, u32); 4] {
    let mut out = [(0f64, 0u32); 4];
    for o in opps {
        for (i, c) in o.history.iter().enumerate() {
            let Standing::Open(stage) = c.to else {
                continue;
            };
            let left = match o.history.get(i + 1) {
                Some(next) => next.at,
                None if o.standing.is_open() => now,
                None => continue,
            };
            let slot = &mut out[stage as usize];
            slot.0 += (left.0 - c.at.0).max(0) as f64 / DAY_MS;
            slot.1 += 1;
        }
    }
    out
}

/// The default probabilities, for showing beside the stages.
pub fn default_probability(stage: Stage) -> f64 {
    DEFAULT_PROBABILITY[stage as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn opp(n: usize, path: &[(Standing, i32)], amount: i64) -> Opportunity {
        let at = |d: i32| Day(20_000 + d).start_millis();
        let mut o = Opportunity::new(Id(format!("o{n}")), Id("c".into()), at(path[0].1));
        o.amount = Cents(amount);
        for &(s, d) in path {
            o.move_to(s, at(d));
        }
        o
    }

    /// The seed's textbook funnel: 80 → 30 → 16 → 10 customers, 1125 → 318 → 168 → 108
    /// (×10k yuan) at the stages.
    #[test]
    fn the_textbook_funnel_is_reproduced() {
        let wan = |x: i64| x * 10_000 * 100;
        let mut opps = Vec::new();
        for (n, stage, total) in [
            (50, Stage::InitialContact, 1125 - 318),
            (14, Stage::IntentReached, 318 - 168),
            (6, Stage::Negotiation, 168 - 108),
            (10, Stage::ContractSigned, 108),
        ] {
            for i in 0..n as i64 {
                // The stage's amount spread so the group sums exactly to `total`.
                let share = total / n as i64 + i64::from(i < total % n as i64);
                let path: Vec<(Standing, i32)> = Stage::ALL[..=stage as usize]
                    .iter()
                    .enumerate()
                    .map(|(k, &s)| (Standing::Open(s), k as i32 * 10))
                    .collect();
                opps.push(opp(opps.len(), &path, wan(share)));
            }
        }
        let f = sales(&opps, Day(20_100));
        let reached: Vec<u32> = f.funnel.iter().map(|s| s.reached).collect();
        let amounts: Vec<i64> = f.funnel.iter().map(|s| s.amount.0 / wan(1)).collect();
        assert_eq!(reached, [80, 30, 16, 10]);
        assert_eq!(amounts, [1125, 318, 168, 108]);
        assert_eq!(f.funnel[0].conversion, Some(30.0 / 80.0));
        // Those that moved on stayed 10 days; the 50 still at contact since day 0.
        let expect = (30.0 * 10.0 + 50.0 * 100.0) / 80.0;
        assert!((f.funnel[0].avg_days.unwrap() - expect).abs() < 1e-9);
        assert_eq!(f.win_rate, None, "nothing decided yet");
    }

    #[test]
    fn won_lost_reasons_cycle_and_forecast() {
        let open = |s| Standing::Open(s);
        let mut a = opp(
            1,
            &[(open(Stage::InitialContact), 0), (Standing::Won, 30)],
            1_000,
        );
        a.owner = "li".into();
        let b = opp(
            2,
            &[(open(Stage::InitialContact), 0), (Standing::Lost, 5)],
            300,
        );
        let mut c = opp(
            3,
            &[(open(Stage::Negotiation), 0), (Standing::Lost, 8)],
            200,
        );
        c.lost_reason = " 价格太高 ".into();
        let mut d = opp(4, &[(open(Stage::Negotiation), 2)], 10_000);
        d.owner = "li".into();
        d.close = Day::from_ymd(2026, 12, 20);
        let mut e = opp(5, &[(open(Stage::InitialContact), 2)], 5_000);
        e.probability = Some(50);
        e.close = Day::from_ymd(2026, 12, 1);
        let f = sales(&[a, b, c, d, e], Day(20_010));
        assert_eq!(
            (f.won, f.lost, f.won_amount, f.lost_amount),
            (1, 2, Cents(1_000), Cents(500))
        );
        assert_eq!(f.win_rate, Some(1.0 / 3.0));
        assert_eq!(f.avg_cycle_days, Some(30.0));
        let reasons: Vec<(&str, u32)> = f
            .lost_reasons
            .iter()
            .map(|r| (r.reason.as_str(), r.count))
            .collect();
        assert_eq!(reasons, [("", 1), ("价格太高", 1)], "ties by amount");
        assert_eq!(f.forecast_by_month[&(2026, 12)], Cents(6_000 + 2_500));
        assert_eq!(f.forecast_by_owner["li"], Cents(6_000));
        assert_eq!(f.forecast_by_owner[""], Cents(2_500));
        // A won opportunity reached the contract stage; a lost one only where it got.
        assert_eq!(f.funnel[3].reached, 1);
        assert_eq!(f.funnel[2].reached, 3);
    }
}
