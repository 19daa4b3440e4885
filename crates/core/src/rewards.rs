//! A rewards programme (奖励顾客计划, DOMAIN.md §4): points for every whole yuan of a
//! paid order from the day the programme starts, tiers reached by the points earned
//! (spending them never lowers a tier), and points spent as a discount on an order,
//! each spending kept as a [`Redemption`]. The programme is optional: the shop's
//! settings hold it, and it is off until switched on there.

use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, Day, Id, Millis, Order, OrderStatus};
use serde::{Deserialize, Serialize};

/// Most points a yuan may earn, and most points a yuan off may take.
pub const MAX_PER_YUAN: u32 = 100;
pub const MAX_REDEEM: u32 = 100_000;
pub const MAX_TIERS: usize = 10;
/// The highest tier threshold: ten times a large shop's lifetime spend in points.
pub const MAX_FROM: u64 = 1_000_000_000;
pub const MAX_TIER_NAME: usize = 30;
/// The most points one redemption may spend: every point the highest tier could need,
/// at the highest rate.
pub const MAX_POINTS: u64 = MAX_FROM * MAX_PER_YUAN as u64;

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
    /// The points that take ¥1 off an order (100: 每 100 积分抵 1 元).
    pub redeem: u32,
    /// From the lowest, thresholds rising.
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
            redeem: 100,
            tiers,
        }
    }

    /// The programme kept in the settings as `text`, if it is on; a setting damaged by
    /// hand is read as off rather than guessed at.
    pub fn from_setting(text: &str) -> Option<Programme> {
        let p: Programme = serde_json::from_str(text).ok()?;
        p.since?;
        check_programme(p).ok()
    }

    /// The points an order of `paid` earns: whole yuan only, so a refund of the
    /// change never leaves a fraction.
    pub fn points_for(&self, paid: Cents) -> u64 {
        (paid.0.max(0) as u64 / 100).saturating_mul(self.per_yuan as u64)
    }

    /// What `points` take off an order, in whole cents (rounded down).
    pub fn worth(&self, points: u64) -> Cents {
        let cents = points as u128 * 100 / self.redeem.max(1) as u128;
        Cents(cents.min(i64::MAX as u128) as i64)
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

/// The rules a programme obeys: at least one point a yuan and at most
/// [`MAX_PER_YUAN`]; 1 to [`MAX_REDEEM`] points to the yuan off; at most
/// [`MAX_TIERS`] tiers, each named (uniquely, within [`MAX_TIER_NAME`]) with a
/// threshold above the one before and at most [`MAX_FROM`]; a start day kehu takes.
pub fn check_programme(p: Programme) -> Result<Programme, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    if p.since.is_some_and(|d| d < crate::backup::min_day()) {
        err(Field::RewardsSince, Problem::InvalidDate);
    }
    if !(1..=MAX_PER_YUAN).contains(&p.per_yuan) {
        err(Field::RewardsPerYuan, within(1, MAX_PER_YUAN as u64));
    }
    if !(1..=MAX_REDEEM).contains(&p.redeem) {
        err(Field::RewardsRedeem, within(1, MAX_REDEEM as u64));
    }
    let mut tiers: Vec<Tier> = Vec::with_capacity(p.tiers.len());
    for (i, t) in p.tiers.iter().enumerate() {
        if i == MAX_TIERS {
            err(Field::TierName(i), Problem::TooManyItems { max: MAX_TIERS });
            break;
        }
        let name = validate::line(&t.name, MAX_TIER_NAME, Field::TierName(i), &mut err);
        if name.is_empty() {
            err(Field::TierName(i), Problem::Required);
        } else if tiers.iter().any(|x| x.name == name) {
            err(Field::TierName(i), Problem::Taken);
        }
        if t.from > MAX_FROM {
            err(Field::TierFrom(i), within(0, MAX_FROM));
        } else if tiers.last().is_some_and(|x| t.from <= x.from) {
            err(Field::TierFrom(i), Problem::NotAboveTheLast);
        }
        tiers.push(Tier { name, from: t.from });
    }
    if errs.is_empty() {
        Ok(Programme { tiers, ..p })
    } else {
        errs.sort_by_key(|e| e.field);
        Err(errs)
    }
}

fn within(min: u64, max: u64) -> Problem {
    Problem::WholeNumberWithin { min, max }
}

/// The settings form: everything as typed, tiers as (name, threshold) rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeDraft {
    pub on: bool,
    pub since: String,
    pub per_yuan: String,
    pub redeem: String,
    pub tiers: Vec<(String, String)>,
}

impl ProgrammeDraft {
    /// The form showing `p`; switched on from `today` unless it already has a start.
    pub fn from_programme(p: &Programme, today: Day) -> ProgrammeDraft {
        ProgrammeDraft {
            on: p.since.is_some(),
            since: p.since.unwrap_or(today).to_string(),
            per_yuan: p.per_yuan.to_string(),
            redeem: p.redeem.to_string(),
            tiers: (p.tiers.iter())
                .map(|t| (t.name.clone(), t.from.to_string()))
                .collect(),
        }
    }

    /// The programme as typed, or each field's problem. Switched off, the rest is
    /// still checked and kept, so switching on again finds it as it was.
    pub fn validate(&self) -> Result<Programme, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let since = match Day::parse(self.since.trim()) {
            Some(d) => Some(d),
            None if self.since.trim().is_empty() && self.on => {
                err(Field::RewardsSince, Problem::Required);
                None
            }
            None if self.on => {
                err(Field::RewardsSince, Problem::InvalidDate);
                None
            }
            None => None,
        };
        let mut number = |s: &str, field, max: u64| match s.trim().parse::<u64>() {
            Ok(n) if n <= max => Some(n),
            Ok(_) => {
                err(field, within(0, max));
                None
            }
            Err(_) if s.trim().is_empty() => {
                err(field, Problem::Required);
                None
            }
            Err(_) => {
                err(field, Problem::NotAWholeNumber);
                None
            }
        };
        let per_yuan = number(&self.per_yuan, Field::RewardsPerYuan, u32::MAX as u64);
        let redeem = number(&self.redeem, Field::RewardsRedeem, u32::MAX as u64);
        let tiers: Vec<Option<u64>> = (self.tiers.iter().enumerate())
            .map(|(i, (_, from))| number(from, Field::TierFrom(i), MAX_FROM))
            .collect();
        let p = Programme {
            since: since.filter(|_| self.on),
            per_yuan: per_yuan.unwrap_or(1) as u32,
            redeem: redeem.unwrap_or(100) as u32,
            tiers: (self.tiers.iter().zip(&tiers))
                .map(|((name, _), from)| Tier {
                    name: name.clone(),
                    from: from.unwrap_or(0),
                })
                .collect(),
        };
        // A threshold not typed is not compared with its neighbours.
        let checked = check_programme(p).map_err(|es| {
            (es.into_iter())
                .filter(|e| !matches!(e.field, Field::TierFrom(i) if tiers[i].is_none()))
                .collect()
        });
        validate::merged(checked, errs)
    }
}

/// Points spent as a discount on one order. Orders have no id that leaves the device,
/// so the order is named by its day and what it came to after the discount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redemption {
    pub id: Id,
    pub customer: Id,
    pub day: Day,
    pub points: u64,
    /// What the points took off, at the programme's rate that day.
    pub off: Cents,
    /// What the order came to after the discount.
    pub paid: Cents,
    pub created: Millis,
}

impl crate::kinds::Doc for Redemption {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("redemptions");

    crate::kinds::doc_accessors!(customer);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, today: Day) -> Result<Self, Vec<FieldError>> {
        check_redemption(self, today)
    }
}

/// The rules a redemption obeys: at least a point, a day kehu takes up to today, money
/// within range.
pub fn check_redemption(r: Redemption, today: Day) -> Result<Redemption, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    if r.points == 0 || r.points > MAX_POINTS {
        err(Field::RewardPoints, within(1, MAX_POINTS));
    }
    validate::day_in_range(r.day, today, Field::RewardPoints, &mut err);
    validate::amount_in_range(r.off, Field::RewardPoints, &mut err);
    validate::amount_in_range(r.paid, Field::RewardPoints, &mut err);
    if errs.is_empty() { Ok(r) } else { Err(errs) }
}

/// One line of a customer's points history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Earned {
        day: Day,
        paid: Cents,
        points: u64,
    },
    /// `of` is the redemption's place in the list given to [`ledger`].
    Spent {
        day: Day,
        points: u64,
        off: Cents,
        of: usize,
    },
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

/// The ledger of a customer's `orders` (day, amount, status) and redemptions `spent`
/// under `p`. Points spent that were never earned (a history edited by hand) bring the
/// balance to zero, never below.
pub fn ledger(p: &Programme, orders: &[(Day, Cents, OrderStatus)], spent: &[Redemption]) -> Ledger {
    let mut entries: Vec<Entry> = (orders.iter())
        .filter(|(day, _, status)| p.earns(*day, *status))
        .map(|&(day, paid, _)| Entry::Earned {
            day,
            paid,
            points: p.points_for(paid),
        })
        .filter(|e| !matches!(e, Entry::Earned { points: 0, .. }))
        .chain(spent.iter().enumerate().map(|(of, r)| Entry::Spent {
            day: r.day,
            points: r.points,
            off: r.off,
            of,
        }))
        .collect();
    // A day's points are earned before they are spent.
    entries.sort_by_key(|e| (e.day(), matches!(e, Entry::Spent { .. })));
    let (mut earned, mut spent_total, mut balance) = (0u64, 0u64, 0u64);
    let lines = (entries.into_iter())
        .map(|e| {
            match e {
                Entry::Earned { points, .. } => {
                    earned = earned.saturating_add(points);
                    balance = balance.saturating_add(points);
                }
                Entry::Spent { points, .. } => {
                    spent_total = spent_total.saturating_add(points);
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

/// The ledger of `customer`'s orders.
pub fn ledger_of(p: &Programme, orders: &[Order], spent: &[Redemption]) -> Ledger {
    let orders: Vec<(Day, Cents, OrderStatus)> =
        orders.iter().map(|o| (o.day, o.amount, o.status)).collect();
    ledger(p, &orders, spent)
}

/// Points typed on the order form spent on `order` (as validated, before the
/// discount) by a customer holding `balance`: the order with the discount taken off
/// and its redemption (`id`, made `now`), or the order as it was when no points are
/// typed, or the problem with the points.
pub fn redeem(
    p: &Programme,
    balance: u64,
    typed: &str,
    order: Order,
    customer: Id,
    (id, now): (Id, Millis),
) -> Result<(Order, Option<Redemption>), FieldError> {
    let bad = |problem| FieldError {
        field: Field::RewardPoints,
        problem,
    };
    let points = match typed.trim() {
        "" | "0" => return Ok((order, None)),
        t => t
            .parse::<u64>()
            .map_err(|_| bad(Problem::NotAWholeNumber))?,
    };
    if points > balance {
        return Err(bad(Problem::MoreThanHeld { balance }));
    }
    let off = p.worth(points);
    if off > order.amount {
        return Err(bad(Problem::MoreThanTheOrder));
    }
    let paid = Cents(order.amount.0 - off.0);
    let r = Redemption {
        id,
        customer,
        day: order.day,
        points,
        off,
        paid,
        created: now,
    };
    Ok((
        Order {
            amount: paid,
            ..order
        },
        Some(r),
    ))
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

    fn spent(day: i32, points: u64) -> Redemption {
        Redemption {
            id: Id(format!("r{day}")),
            customer: Id("c".into()),
            day: Day(day),
            points,
            off: on().worth(points),
            paid: Cents(0),
            created: Millis(0),
        }
    }

    fn order(amount: i64) -> Order {
        Order {
            id: 0,
            customer: 1,
            day: Day(20_010),
            amount: Cents(amount),
            items: Vec::new(),
            note: String::new(),
            status: OrderStatus::Completed,
            seller: String::new(),
            cost: None,
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
        let l = ledger(&p, &orders, &[spent(20_005, 500)]);
        assert_eq!((l.earned, l.spent, l.balance), (1_534, 500, 1_034));
        let balances: Vec<u64> = l.lines.iter().map(|(_, b)| *b).collect();
        assert_eq!(balances, [1_234, 1_534, 1_034], "earned the same day first");
        assert!(matches!(
            l.lines[2].0,
            Entry::Spent {
                of: 0,
                off: Cents(500),
                ..
            }
        ));
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
    fn a_point_is_worth_the_yuan_over_the_points_it_takes_rounded_down() {
        let p = on();
        assert_eq!(p.worth(100), Cents(100), "100 points: ¥1");
        assert_eq!(p.worth(150), Cents(150));
        let dear = Programme {
            redeem: 300,
            ..on()
        };
        assert_eq!(dear.worth(100), Cents(33), "a third of a yuan, down");
        assert!(dear.worth(u64::MAX).0 > 0, "no overflow");
        let double = Programme {
            per_yuan: 2,
            ..on()
        };
        assert_eq!(double.points_for(Cents(12_345)), 246);
    }

    #[test]
    fn points_typed_on_an_order_come_off_it_within_the_balance_and_the_order() {
        let (p, now) = (on(), (Id("r1".into()), Millis(9)));
        let c = Id("c".into());
        let (o, r) = redeem(&p, 1_000, " 500 ", order(10_000), c.clone(), now.clone()).unwrap();
        let r = r.unwrap();
        assert_eq!(
            (o.amount, r.off, r.paid, r.points),
            (Cents(9_500), Cents(500), Cents(9_500), 500)
        );
        assert_eq!((r.day, r.customer.clone()), (o.day, c.clone()));
        let (o, r) = redeem(&p, 1_000, "", order(10_000), c.clone(), now.clone()).unwrap();
        assert_eq!(
            (o.amount, r),
            (Cents(10_000), None),
            "nothing typed: as it was"
        );
        let problem = |typed: &str, balance, amount| {
            redeem(&p, balance, typed, order(amount), c.clone(), now.clone())
                .unwrap_err()
                .problem
        };
        assert_eq!(
            problem("500", 400, 10_000),
            Problem::MoreThanHeld { balance: 400 }
        );
        assert_eq!(problem("2000", 5_000, 1_000), Problem::MoreThanTheOrder);
        assert_eq!(problem("1.5", 5_000, 1_000), Problem::NotAWholeNumber);
        assert_eq!(problem("-3", 5_000, 1_000), Problem::NotAWholeNumber);
        let whole = redeem(&p, 5_000, "1000", order(1_000), c.clone(), now).unwrap();
        assert_eq!(whole.0.amount, Cents(0), "the whole order in points");
        assert!(check_redemption(whole.1.unwrap(), Day(20_010)).is_ok());
    }

    #[test]
    fn more_spent_than_earned_leaves_nothing_rather_than_a_debt() {
        let l = ledger(
            &on(),
            &[(Day(20_001), Cents(10_000), OrderStatus::Paid)],
            &[spent(20_000, 50)],
        );
        assert_eq!((l.balance, l.tier), (100, Some(0)));
        assert_eq!(l.lines[0].1, 0, "spent before any was earned");
    }

    fn problems(d: &ProgrammeDraft) -> Vec<(Field, Problem)> {
        d.validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn the_settings_form_names_each_bad_field() {
        let p = on();
        let d = ProgrammeDraft::from_programme(&p, Day(20_500));
        assert_eq!(d.validate(), Ok(p.clone()), "a programme round-trips");
        assert_eq!(d.since, Day(20_000).to_string());
        let mut bad = d.clone();
        bad.since = "2026-13-01".into();
        bad.per_yuan = "0".into();
        bad.redeem = "lots".into();
        bad.tiers[1] = (" 普通 ".into(), "0".into());
        bad.tiers[2].1 = "".into();
        bad.tiers[3].0 = String::new();
        assert_eq!(
            problems(&bad),
            vec![
                (Field::RewardsSince, Problem::InvalidDate),
                (
                    Field::RewardsPerYuan,
                    Problem::WholeNumberWithin {
                        min: 1,
                        max: MAX_PER_YUAN as u64
                    }
                ),
                (Field::RewardsRedeem, Problem::NotAWholeNumber),
                (Field::TierName(1), Problem::Taken),
                (Field::TierName(3), Problem::Required),
                (Field::TierFrom(1), Problem::NotAboveTheLast),
                (Field::TierFrom(2), Problem::Required),
            ]
        );
        let off = ProgrammeDraft {
            on: false,
            since: String::new(),
            ..d
        };
        assert_eq!(off.validate().unwrap().since, None, "off keeps the rest");
    }

    #[test]
    fn the_setting_is_read_only_when_on_and_sound() {
        let p = on();
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(Programme::from_setting(&text), Some(p.clone()));
        let off = serde_json::to_string(&Programme {
            since: None,
            ..p.clone()
        })
        .unwrap();
        assert_eq!(Programme::from_setting(&off), None);
        let broken = serde_json::to_string(&Programme { redeem: 0, ..p }).unwrap();
        assert_eq!(Programme::from_setting(&broken), None);
        assert_eq!(Programme::from_setting(""), None);
    }
}
