//! A rewards programme's arithmetic (奖励顾客计划, DOMAIN.md §4): points for every
//! whole yuan of a paid order from the day the programme starts, tiers reached by the
//! points earned (spending them never lowers a tier), and points spent as a discount
//! on an order. The programme is optional and off until switched on; its record, its
//! settings page and the points history on the customer page build on this.

use crate::{Cents, Day, OrderStatus};
use serde::{Deserialize, Serialize};

/// A tier (会员等级) and the points earned that reach it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub name: String,
    pub from: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    /// Points count from this day's orders on; `None`: off.
    pub since: Option<Day>,
    /// Points for each whole yuan paid.
    pub per_yuan: u32,
    /// What a point is worth when spent, in cents (1: 100 points take ¥1 off).
    pub point_cents: u32,
    /// From the lowest, the first reached from 0 points.
    pub tiers: Vec<Tier>,
}

impl Programme {
    /// Off; when switched on, a point a yuan, 100 points to the yuan, and four tiers
    /// named `names` (ordinary, silver, gold, diamond) from 0, 1,000, 5,000 and 20,000
    /// points.
    pub fn standard(names: [&str; 4]) -> Programme {
        let tiers = names
            .iter()
            .zip([0, 1_000, 5_000, 20_000])
            .map(|(name, from)| Tier {
                name: name.to_string(),
                from,
            })
            .collect();
        Programme {
            since: None,
            per_yuan: 1,
            point_cents: 1,
            tiers,
        }
    }

    /// The points an order of `paid` earns: whole yuan only, so a refund of the
    /// change never leaves a fraction.
    pub fn points_for(&self, paid: Cents) -> u64 {
        (paid.0.max(0) as u64 / 100) * self.per_yuan as u64
    }

    /// What `points` take off an order.
    pub fn worth(&self, points: u64) -> Cents {
        Cents((points * self.point_cents as u64) as i64)
    }

    /// The tier `earned` points reach, if any tier is set.
    pub fn tier(&self, earned: u64) -> Option<&Tier> {
        self.tiers.iter().rev().find(|t| earned >= t.from)
    }

    /// Whether an order of `status` on `day` earns points: the programme is on since
    /// then, and the order is paid (not open or owed, not returned or cancelled).
    pub fn earns(&self, day: Day, status: OrderStatus) -> bool {
        self.since.is_some_and(|s| day >= s) && status.counts() && !status.unpaid()
    }
}

/// One line of a customer's points history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Earned { day: Day, paid: Cents, points: u64 },
    Spent { day: Day, points: u64, off: Cents },
}

impl Entry {
    fn day(&self) -> Day {
        match *self {
            Entry::Earned { day, .. } | Entry::Spent { day, .. } => day,
        }
    }
}

/// A customer's points: the history (oldest first, each line with the balance after
/// it), what was earned and spent, the balance and the tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    pub lines: Vec<(Entry, u64)>,
    pub earned: u64,
    pub spent: u64,
    pub balance: u64,
    /// Index into the programme's tiers.
    pub tier: Option<usize>,
}

/// The ledger of a customer's `orders` (day, amount, status) and the points `spent`
/// (day, points) under `p`. Points spent that were never earned (a history edited by
/// hand) bring the balance to zero, never below.
pub fn ledger(p: &Programme, orders: &[(Day, Cents, OrderStatus)], spent: &[(Day, u64)]) -> Ledger {
    let mut entries: Vec<Entry> = (orders.iter())
        .filter(|(day, _, status)| p.earns(*day, *status))
        .map(|&(day, paid, _)| Entry::Earned {
            day,
            paid,
            points: p.points_for(paid),
        })
        .filter(|e| !matches!(e, Entry::Earned { points: 0, .. }))
        .chain(spent.iter().map(|&(day, points)| Entry::Spent {
            day,
            points,
            off: p.worth(points),
        }))
        .collect();
    // A day's points are earned before they are spent.
    entries.sort_by_key(|e| (e.day(), matches!(e, Entry::Spent { .. })));
    let (mut earned, mut spent_total, mut balance) = (0u64, 0u64, 0u64);
    let lines = (entries.into_iter())
        .map(|e| {
            match e {
                Entry::Earned { points, .. } => {
                    earned += points;
                    balance += points;
                }
                Entry::Spent { points, .. } => {
                    spent_total += points;
                    balance = balance.saturating_sub(points);
                }
            }
            (e, balance)
        })
        .collect();
    let tier = p.tiers.iter().rposition(|t| earned >= t.from);
    Ledger {
        lines,
        earned,
        spent: spent_total,
        balance,
        tier,
    }
}

/// Why points cannot be spent on an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SpendError {
    #[error("the rewards programme is off")]
    Off,
    #[error("only {balance} points to spend")]
    MoreThanHeld { balance: u64 },
    #[error("worth more than the order")]
    MoreThanOrder,
}

/// The discount `points` give on an order of `amount` for a customer holding
/// `balance`, or why they cannot be spent.
pub fn spend(p: &Programme, balance: u64, points: u64, amount: Cents) -> Result<Cents, SpendError> {
    if p.since.is_none() {
        return Err(SpendError::Off);
    }
    if points > balance {
        return Err(SpendError::MoreThanHeld { balance });
    }
    let off = p.worth(points);
    if off > amount {
        return Err(SpendError::MoreThanOrder);
    }
    Ok(off)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on() -> Programme {
        Programme {
            since: Some(Day(20_000)),
            ..Programme::standard(["普通", "银卡", "金卡", "钻石"])
        }
    }

    #[test]
    fn paid_orders_since_the_start_earn_a_point_a_whole_yuan() {
        let p = on();
        let orders = [
            (Day(19_999), Cents(50_000), OrderStatus::Completed), // before the start
            (Day(20_000), Cents(123_456), OrderStatus::Paid),     // 1,234 points
            (Day(20_001), Cents(99), OrderStatus::Completed),     // under a yuan
            (Day(20_002), Cents(80_000), OrderStatus::Open),      // not paid yet
            (Day(20_003), Cents(70_000), OrderStatus::Shipped),   // owed
            (Day(20_004), Cents(60_000), OrderStatus::Returned),
            (Day(20_005), Cents(30_000), OrderStatus::Completed), // 300 points
        ];
        let l = ledger(&p, &orders, &[(Day(20_005), 500)]);
        assert_eq!((l.earned, l.spent, l.balance), (1_534, 500, 1_034));
        let balances: Vec<u64> = l.lines.iter().map(|(_, b)| *b).collect();
        assert_eq!(balances, [1_234, 1_534, 1_034], "earned the same day first");
        assert_eq!(
            l.tier,
            Some(1),
            "silver from 1,000 earned; spending keeps it"
        );
        assert_eq!(p.tier(l.earned).unwrap().name, "银卡");
        let off = Programme { since: None, ..p };
        assert_eq!(ledger(&off, &orders, &[]).earned, 0, "off: nothing earned");
    }

    #[test]
    fn points_are_spent_within_the_balance_and_the_order() {
        let p = on();
        assert_eq!(spend(&p, 1_000, 500, Cents(10_000)), Ok(Cents(500)));
        assert_eq!(
            spend(&p, 400, 500, Cents(10_000)),
            Err(SpendError::MoreThanHeld { balance: 400 })
        );
        assert_eq!(
            spend(&p, 5_000, 2_000, Cents(1_000)),
            Err(SpendError::MoreThanOrder)
        );
        let off = Programme { since: None, ..p };
        assert_eq!(spend(&off, 5_000, 1, Cents(1_000)), Err(SpendError::Off));
    }

    #[test]
    fn more_spent_than_earned_leaves_nothing_rather_than_a_debt() {
        let l = ledger(
            &on(),
            &[(Day(20_001), Cents(10_000), OrderStatus::Paid)],
            &[(Day(20_000), 50)],
        );
        assert_eq!((l.balance, l.tier), (100, Some(0)));
        assert_eq!(l.lines[0].1, 0, "spent before any was earned");
    }
}
