//! Sales figures from opportunities (DOMAIN.md §2, 销售漏斗 and 销售预测): the funnel
//! with conversion and the average days spent in each stage, won and lost with the
//! reasons, the win rate and the sales cycle, and the weighted forecast by close month
//! and by owner. A [`Slice`] names the opportunities behind one figure, so a dashboard's
//! bar drills down to exactly the ones it counts.

use super::funnel::{self, DEFAULT_PROBABILITY, Stage};
use crate::opportunity::{Opportunity, Standing};
use crate::{Cents, Day, Millis};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const DAY_MS: f64 = 86_400_000.0;

/// The opportunities a set of figures counts: those opened by `to` and, with a window,
/// on or after `from`. Open ones without a close date are forecast for `to`'s month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opened {
    pub from: Option<Day>,
    pub to: Day,
}

impl Opened {
    /// The analysis window: `days` trailing days to `as_of`, or all history.
    pub fn window(as_of: Day, days: Option<u32>) -> Opened {
        Opened {
            from: days.map(|d| Day(as_of.0 - d as i32 + 1)),
            to: as_of,
        }
    }

    pub fn keeps(&self, o: &Opportunity) -> bool {
        let d = o.created.day();
        d <= self.to && self.from.is_none_or(|f| d >= f)
    }

    /// The month an open opportunity is forecast in.
    pub fn close_month(&self, o: &Opportunity) -> (i32, u32) {
        let (y, m, _) = o.close.unwrap_or(self.to).ymd();
        (y, m)
    }
}

/// The opportunities behind one figure of [`SalesFigures`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slice {
    /// Reached the stage or went further (lost ones included where they got to).
    Reached(Stage),
    Won,
    /// Lost, with this reason (`Some("")`: none given) or any.
    Lost(Option<String>),
    /// Open ones.
    Open,
    /// Open ones forecast in the month.
    Closing(i32, u32),
    /// Open ones of the owner (a staff id; empty for nobody).
    Owner(String),
    /// Won by the owner in the month.
    WonBy(String, i32, u32),
}

impl Slice {
    pub fn keeps(&self, o: &Opportunity, opened: &Opened) -> bool {
        match self {
            Slice::Reached(s) => o.furthest() >= *s,
            Slice::Won => o.standing == Standing::Won,
            Slice::Lost(r) => {
                o.standing == Standing::Lost && r.as_ref().is_none_or(|r| o.lost_reason.trim() == r)
            }
            Slice::Open => o.standing.is_open(),
            Slice::Closing(y, m) => o.standing.is_open() && opened.close_month(o) == (*y, *m),
            Slice::Owner(w) => o.standing.is_open() && o.owner == *w,
            Slice::WonBy(w, y, m) => {
                let (wy, wm, _) = o.entered().day().ymd();
                o.standing == Standing::Won && o.owner == *w && (wy, wm) == (*y, *m)
            }
        }
    }

    /// For a link: `reached:negotiation`, `won`, `lost`, `lost:<reason>`, `open`,
    /// `closing:2026-12`, `owner:<id>`.
    pub fn code(&self) -> String {
        match self {
            Slice::Reached(s) => format!("reached:{}", Standing::Open(*s).code()),
            Slice::Won => "won".into(),
            Slice::Lost(None) => "lost".into(),
            Slice::Lost(Some(r)) => format!("lost:{r}"),
            Slice::Open => "open".into(),
            Slice::Closing(y, m) => format!("closing:{y:04}-{m:02}"),
            Slice::Owner(w) => format!("owner:{w}"),
            Slice::WonBy(w, y, m) => format!("won_by:{y:04}-{m:02}:{w}"),
        }
    }

    pub fn parse(s: &str) -> Option<Slice> {
        let (head, rest) = match s.split_once(':') {
            Some((h, r)) => (h, Some(r)),
            None => (s, None),
        };
        Some(match (head, rest) {
            ("reached", Some(r)) => match Standing::from_code(r)? {
                Standing::Open(s) => Slice::Reached(s),
                _ => return None,
            },
            ("won", None) => Slice::Won,
            ("lost", r) => Slice::Lost(r.map(str::to_string)),
            ("open", None) => Slice::Open,
            ("closing", Some(r)) => {
                let (y, m) = r.split_once('-')?;
                let (y, m) = (y.parse().ok()?, m.parse().ok()?);
                (1..=12).contains(&m).then_some(Slice::Closing(y, m))?
            }
            ("owner", Some(w)) => Slice::Owner(w.to_string()),
            ("won_by", Some(r)) => {
                let (month, w) = r.split_once(':')?;
                let (y, m) = month.split_once('-')?;
                let (y, m) = (y.parse().ok()?, m.parse().ok()?);
                (1..=12)
                    .contains(&m)
                    .then(|| Slice::WonBy(w.to_string(), y, m))?
            }
            _ => return None,
        })
    }
}

/// One stage of the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LostReason {
    pub reason: String,
    pub count: u32,
    pub amount: Cents,
}

/// Open opportunities of one close month or one owner: how many, their amount, and
/// their amount weighted by probability (the forecast).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast<K> {
    pub key: K,
    pub count: u32,
    pub amount: Cents,
    pub weighted: Cents,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesFigures {
    pub opened: Opened,
    pub funnel: [StageFigures; 4],
    pub won: u32,
    pub won_amount: Cents,
    pub lost: u32,
    pub lost_amount: Cents,
    pub open: u32,
    pub open_amount: Cents,
    /// Σ amount × probability over the open ones.
    pub weighted: Cents,
    /// Won of those decided.
    pub win_rate: Option<f64>,
    /// Average days from an opportunity's start to its win.
    pub avg_cycle_days: Option<f64>,
    /// Most often first.
    pub lost_reasons: Vec<LostReason>,
    /// By close month (year, month), in time order.
    pub by_month: Vec<Forecast<(i32, u32)>>,
    /// By owner (a staff id; empty for nobody), in id order.
    pub by_owner: Vec<Forecast<String>>,
    /// Won by owner and the month won in: for quotas.
    #[serde(default)]
    pub won_by_owner_month: Vec<Forecast<(String, i32, u32)>>,
    /// Open ones by owner and close month: for quotas.
    #[serde(default)]
    pub open_by_owner_month: Vec<Forecast<(String, i32, u32)>>,
    /// Paid orders by seller and the month ordered in: commission on paid orders.
    #[serde(default)]
    pub paid_by_owner_month: Vec<Forecast<(String, i32, u32)>>,
}

/// What commission is paid on (a shop's setting): the opportunities an owner won, or
/// the orders they sold that the customer has paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommissionBasis {
    #[default]
    Won,
    Paid,
}

impl CommissionBasis {
    pub fn code(self) -> &'static str {
        match self {
            Self::Won => "won",
            Self::Paid => "paid",
        }
    }

    pub fn from_code(s: &str) -> Option<CommissionBasis> {
        [Self::Won, Self::Paid].into_iter().find(|b| b.code() == s)
    }
}

/// The orders of `orders` that stand and are paid (completed, or paid and not yet
/// shipped), of customers `live` accepts and with a seller, summed by seller and the
/// month ordered in (kehu keeps no payment date).
pub fn paid_by_owner_month(
    orders: &crate::OrderColumns,
    live: impl Fn(u32) -> bool,
) -> Vec<Forecast<(String, i32, u32)>> {
    // Summed by the seller's code and month first: a handful of sums, not a string made
    // and compared for each of a million orders.
    let mut by_code: crate::fxhash::FxHashMap<(u32, i32, u32), (u32, i64)> = Default::default();
    for i in 0..orders.len() {
        let status = orders.status_of(i);
        if orders.seller_of(i).is_none()
            || !status.counts()
            || status.unpaid()
            || !live(orders.customer[i])
        {
            continue;
        }
        let (y, m, _) = Day(orders.day[i]).ymd();
        let e = by_code.entry((orders.seller[i], y, m)).or_default();
        e.0 += 1;
        e.1 += orders.cents[i];
    }
    let mut sums: BTreeMap<(String, i32, u32), (u32, i64)> = BTreeMap::new();
    for ((code, y, m), (count, amount)) in by_code {
        let seller = orders.sellers[code as usize - 1].clone();
        let e = sums.entry((seller, y, m)).or_default();
        e.0 += count;
        e.1 += amount;
    }
    sums.into_iter()
        .map(|(key, (count, amount))| Forecast {
            key,
            count,
            amount: Cents(amount),
            weighted: Cents(amount),
        })
        .collect()
}

/// The period a quota is measured over: the month or the quarter of the analysis date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaPeriod {
    Month,
    Quarter,
}

impl QuotaPeriod {
    /// The months (year, month) of the period holding `day`, and how many monthly
    /// quotas it is.
    pub fn months(self, day: Day) -> Vec<(i32, u32)> {
        let (y, m, _) = day.ymd();
        match self {
            QuotaPeriod::Month => vec![(y, m)],
            QuotaPeriod::Quarter => {
                let first = (m - 1) / 3 * 3 + 1;
                (first..first + 3).map(|m| (y, m)).collect()
            }
        }
    }
}

/// One owner's quota for a period, what they won in it and what their open
/// opportunities closing in it are forecast to add.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaRow {
    pub owner: String,
    pub quota: Cents,
    pub won: Cents,
    pub forecast: Cents,
}

impl QuotaRow {
    /// Won of the quota (1.0 = met).
    pub fn attainment(&self) -> f64 {
        if self.quota.0 == 0 {
            return 0.0;
        }
        self.won.0 as f64 / self.quota.0 as f64
    }
}

/// What an owner won in a period and the commission on it (佣金: the rate × the amount
/// won).
#[derive(Debug, Clone, PartialEq)]
pub struct CommissionRow {
    pub owner: String,
    /// In basis points (500 = 5 %).
    pub rate_bp: u32,
    pub won: Cents,
    pub commission: Cents,
}

type OwnerMonth = Forecast<(String, i32, u32)>;

/// `value` summed over `owner`'s rows in `months`.
fn period_sum(
    rows: &[OwnerMonth],
    owner: &str,
    months: &[(i32, u32)],
    value: fn(&OwnerMonth) -> Cents,
) -> Cents {
    Cents(
        rows.iter()
            .filter(|r| r.key.0 == owner && months.contains(&(r.key.1, r.key.2)))
            .map(|r| value(r).0)
            .sum(),
    )
}

/// Each owner with a commission rate (`rates`: staff id, basis points), over the period
/// of the analysis date: what they won in it (or sold and were paid for, by `basis`)
/// and their commission, largest first.
pub fn commissions(
    f: &SalesFigures,
    rates: &[(String, u32)],
    period: QuotaPeriod,
    basis: CommissionBasis,
) -> Vec<CommissionRow> {
    let months = period.months(f.opened.to);
    let rows = match basis {
        CommissionBasis::Won => &f.won_by_owner_month,
        CommissionBasis::Paid => &f.paid_by_owner_month,
    };
    let mut out: Vec<CommissionRow> = rates
        .iter()
        .map(|(owner, rate_bp)| {
            let won = period_sum(rows, owner, &months, |r| r.amount).0;
            // Rounded to the cent, half up, as a payslip would.
            let commission = (won as i128 * *rate_bp as i128 + 5_000) / 10_000;
            CommissionRow {
                owner: owner.clone(),
                rate_bp: *rate_bp,
                won: Cents(won),
                commission: Cents(commission as i64),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.commission
            .cmp(&a.commission)
            .then_with(|| a.owner.cmp(&b.owner))
    });
    out
}

/// Each owner with a monthly quota (`quotas`: staff id, quota a month), over the
/// period of the analysis date: the quota for the period, won in it, and the weighted
/// forecast of open ones expected to close in it. Largest attainment first.
pub fn attainment(
    f: &SalesFigures,
    quotas: &[(String, Cents)],
    period: QuotaPeriod,
) -> Vec<QuotaRow> {
    let months = period.months(f.opened.to);
    let mut out: Vec<QuotaRow> = quotas
        .iter()
        .map(|(owner, q)| QuotaRow {
            owner: owner.clone(),
            quota: Cents(q.0 * months.len() as i64),
            won: period_sum(&f.won_by_owner_month, owner, &months, |r| r.amount),
            forecast: period_sum(&f.open_by_owner_month, owner, &months, |r| r.weighted),
        })
        .collect();
    out.sort_by(|a, b| {
        b.attainment()
            .total_cmp(&a.attainment())
            .then_with(|| a.owner.cmp(&b.owner))
    });
    out
}

/// Sums of open opportunities by a key.
#[derive(Default)]
struct Sums<K: Ord>(BTreeMap<K, (u32, i64, f64)>);

impl<K: Ord> Sums<K> {
    fn add(&mut self, k: K, o: &Opportunity) {
        let e = self.0.entry(k).or_default();
        e.0 += 1;
        e.1 += o.amount.0;
        e.2 += o.amount.0 as f64 * o.probability();
    }

    fn rows(self) -> Vec<Forecast<K>> {
        self.0
            .into_iter()
            .map(|(key, (count, amount, w))| Forecast {
                key,
                count,
                amount: Cents(amount),
                weighted: whole_yuan(w),
            })
            .collect()
    }
}

/// A forecast to the yuan: amount × probability has no meaningful cents.
fn whole_yuan(cents: f64) -> Cents {
    Cents((cents / 100.0).round() as i64 * 100)
}

/// The figures of the opportunities `opened` keeps, with the days in stage measured to
/// the end of its last day.
pub fn sales<'a>(opps: impl IntoIterator<Item = &'a Opportunity>, opened: Opened) -> SalesFigures {
    let today = opened.to;
    let opps: Vec<&Opportunity> = opps.into_iter().filter(|o| opened.keeps(o)).collect();
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
    let (mut by_month, mut by_owner) = (Sums::default(), Sums::default());
    let (mut won_by, mut open_by) = (Sums::default(), Sums::default());
    for o in &opps {
        match o.standing {
            Standing::Won => {
                won += 1;
                won_amount += o.amount.0;
                cycle.0 += (o.entered().0 - o.created.0) as f64 / DAY_MS;
                cycle.1 += 1;
                let (y, m, _) = o.entered().day().ymd();
                won_by.add((o.owner.clone(), y, m), o);
            }
            Standing::Lost => {
                lost += 1;
                lost_amount += o.amount.0;
                let r = reasons.entry(o.lost_reason.trim().to_string()).or_default();
                r.0 += 1;
                r.1 += o.amount.0;
            }
            Standing::Open(_) => {
                by_month.add(opened.close_month(o), o);
                by_owner.add(o.owner.clone(), o);
                let (y, m) = opened.close_month(o);
                open_by.add((o.owner.clone(), y, m), o);
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
    let by_month = by_month.rows();
    SalesFigures {
        opened,
        funnel,
        won,
        won_amount: Cents(won_amount),
        lost,
        lost_amount: Cents(lost_amount),
        open: by_month.iter().map(|f| f.count).sum(),
        open_amount: Cents(by_month.iter().map(|f| f.amount.0).sum()),
        weighted: Cents(by_month.iter().map(|f| f.weighted.0).sum()),
        win_rate: (won + lost > 0).then(|| won as f64 / (won + lost) as f64),
        avg_cycle_days: (cycle.1 > 0).then(|| cycle.0 / cycle.1 as f64),
        lost_reasons,
        by_month,
        by_owner: by_owner.rows(),
        won_by_owner_month: won_by.rows(),
        open_by_owner_month: open_by.rows(),
        paid_by_owner_month: Vec::new(),
    }
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

    /// Paid orders summed per seller and month, in the sellers' name order, across a
    /// year's end and whatever codes the sellers have in the columns.
    #[test]
    fn paid_orders_are_summed_per_seller_and_month() {
        let mut orders = crate::OrderColumns::default();
        let rows = [
            ("wang", (2025, 12, 30), 100),
            ("li", (2026, 1, 2), 200),
            ("wang", (2026, 1, 3), 300),
            ("li", (2026, 1, 20), 400),
            ("wang", (2025, 12, 1), 500),
            ("", (2026, 1, 5), 600),
        ];
        for (i, (seller, (y, m, d), amount)) in rows.into_iter().enumerate() {
            orders.push_order(&crate::Order {
                id: i as u32 + 1,
                customer: 1,
                day: Day::from_ymd(y, m, d).unwrap(),
                amount: Cents(amount),
                status: crate::OrderStatus::Completed,
                seller: seller.into(),
                ..Default::default()
            });
        }
        let got: Vec<((String, i32, u32), u32, i64)> = paid_by_owner_month(&orders, |_| true)
            .into_iter()
            .map(|f| (f.key, f.count, f.amount.0))
            .collect();
        let want = [
            (("li".to_string(), 2026, 1), 2, 600),
            (("wang".to_string(), 2025, 12), 2, 600),
            (("wang".to_string(), 2026, 1), 1, 300),
        ];
        assert_eq!(got, want);
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
        let f = sales(&opps, Opened::window(Day(20_100), None));
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
        let all = [a, b, c, d, e];
        let f = sales(&all, Opened::window(Day(20_010), None));
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
        let month = |f: &SalesFigures| {
            f.by_month
                .iter()
                .map(|m| (m.key, m.weighted))
                .collect::<Vec<_>>()
        };
        assert_eq!(month(&f), [((2026, 12), Cents(6_000 + 2_500))]);
        let owners: Vec<(&str, u32, Cents)> = f
            .by_owner
            .iter()
            .map(|m| (m.key.as_str(), m.count, m.weighted))
            .collect();
        assert_eq!(owners, [("", 1, Cents(2_500)), ("li", 1, Cents(6_000))]);
        assert_eq!(
            (f.open, f.open_amount, f.weighted),
            (2, Cents(15_000), Cents(8_500))
        );
        // A won opportunity reached the contract stage; a lost one only where it got.
        assert_eq!(f.funnel[3].reached, 1);
        assert_eq!(f.funnel[2].reached, 3);
    }

    /// Every figure's slice keeps exactly the opportunities the figure counts, so a
    /// drill-down lists what the bar says.
    #[test]
    fn each_figure_drills_down_to_what_it_counts() {
        let demo = crate::demo::generate(&crate::demo::DemoSpec {
            customers: 1_200,
            orders: 2_000,
            ..crate::demo::DemoSpec::standard(Day(20_600), crate::demo::NameStyle::English)
        });
        let opps = &demo.opportunities;
        assert!(opps.len() > 50, "the demo has a pipeline");
        for opened in [
            Opened::window(Day(20_600), None),
            Opened::window(Day(20_600), Some(90)),
        ] {
            let f = sales(opps, opened);
            let count = |s: &Slice| {
                let kept: Vec<_> = opps
                    .iter()
                    .filter(|o| opened.keeps(o) && s.keeps(o, &opened))
                    .collect();
                (
                    kept.len() as u32,
                    Cents(kept.iter().map(|o| o.amount.0).sum()),
                )
            };
            for st in &f.funnel {
                assert_eq!(count(&Slice::Reached(st.stage)), (st.reached, st.amount));
            }
            assert_eq!(count(&Slice::Won), (f.won, f.won_amount));
            assert_eq!(count(&Slice::Lost(None)), (f.lost, f.lost_amount));
            assert_eq!(count(&Slice::Open), (f.open, f.open_amount));
            for r in &f.lost_reasons {
                assert_eq!(
                    count(&Slice::Lost(Some(r.reason.clone()))),
                    (r.count, r.amount)
                );
            }
            for m in &f.by_month {
                assert_eq!(
                    count(&Slice::Closing(m.key.0, m.key.1)),
                    (m.count, m.amount)
                );
            }
            for m in &f.by_owner {
                assert_eq!(count(&Slice::Owner(m.key.clone())), (m.count, m.amount));
            }
            for m in &f.won_by_owner_month {
                let (w, y, mo) = m.key.clone();
                assert_eq!(count(&Slice::WonBy(w, y, mo)), (m.count, m.amount));
            }
        }
    }

    #[test]
    fn slices_read_back_from_their_codes() {
        for s in [
            Slice::Reached(Stage::Negotiation),
            Slice::Won,
            Slice::Lost(None),
            Slice::Lost(Some(String::new())),
            Slice::Lost(Some("价格: 太高".into())),
            Slice::Open,
            Slice::Closing(2026, 12),
            Slice::Owner("0190-x".into()),
            Slice::WonBy("a:b".into(), 2026, 3),
        ] {
            assert_eq!(Slice::parse(&s.code()), Some(s.clone()), "{}", s.code());
        }
        for bad in ["", "reached:won", "closing:2026-13", "won:x", "nonsense"] {
            assert_eq!(Slice::parse(bad), None, "{bad}");
        }
    }

    /// A quota is a month's target: over a quarter it is three of them; what was won in
    /// the period counts, and open ones closing in it are the forecast.
    #[test]
    fn quotas_are_met_by_what_was_won_in_the_period() {
        let day = |m, d| Day::from_ymd(2026, m, d).unwrap();
        let won = |n, owner: &str, on, amount| {
            let mut o = opp(n, &[(Standing::Open(Stage::InitialContact), 0)], amount);
            o.owner = owner.into();
            o.move_to(Standing::Won, on);
            o
        };
        let ms = |m, d| Day::from_ymd(2026, m, d).unwrap().start_millis();
        let mut open = opp(9, &[(Standing::Open(Stage::Negotiation), 0)], 10_000 * 100);
        open.owner = "li".into();
        open.close = Some(day(12, 20));
        let all = [
            won(1, "li", ms(12, 6), 3_000 * 100),
            won(2, "li", ms(11, 11), 2_000 * 100),
            won(3, "wang", ms(12, 11), 500 * 100),
            won(4, "li", ms(9, 22), 9_000 * 100), // another quarter
            open,
        ];
        let f = sales(&all, Opened::window(day(12, 15), None));
        let quotas = [
            ("li".to_string(), Cents(4_000 * 100)),
            ("wang".to_string(), Cents(1_000 * 100)),
            ("zhao".to_string(), Cents(1_000 * 100)),
        ];
        let month = attainment(&f, &quotas, QuotaPeriod::Month);
        let rows: Vec<(&str, i64, i64, i64)> = month
            .iter()
            .map(|r| (r.owner.as_str(), r.quota.0, r.won.0, r.forecast.0))
            .collect();
        assert_eq!(
            rows,
            [
                ("li", 4_000 * 100, 3_000 * 100, 6_000 * 100),
                ("wang", 1_000 * 100, 500 * 100, 0),
                ("zhao", 1_000 * 100, 0, 0)
            ]
        );
        assert_eq!(month[0].attainment(), 0.75);
        let quarter = attainment(&f, &quotas, QuotaPeriod::Quarter);
        assert_eq!(
            (quarter[0].owner.as_str(), quarter[0].quota, quarter[0].won),
            ("li", Cents(12_000 * 100), Cents(5_000 * 100))
        );
        let rates = [("li".to_string(), 250), ("wang".to_string(), 1_000)];
        let rows = commissions(&f, &rates, QuotaPeriod::Quarter, CommissionBasis::Won);
        let paid: Vec<(&str, u32, i64, i64)> = rows
            .iter()
            .map(|r| (r.owner.as_str(), r.rate_bp, r.won.0, r.commission.0))
            .collect();
        // 2.5 % of ¥5,000 won in the quarter; 10 % of ¥500.
        assert_eq!(
            paid,
            [
                ("li", 250, 5_000 * 100, 125 * 100),
                ("wang", 1_000, 500 * 100, 50 * 100)
            ]
        );
        assert_eq!(
            QuotaPeriod::Quarter.months(day(12, 15)),
            [(2026, 10), (2026, 11), (2026, 12)]
        );

        // On paid orders instead: li sold ¥800 paid in December and ¥300 still unpaid,
        // ¥99 cancelled, ¥1,000 paid in November (the quarter), one of a customer gone.
        let mut orders = crate::OrderColumns::default();
        let mut sold = |id, customer, on: Day, amount: i64, status| {
            orders.push_order(&crate::Order {
                id,
                customer,
                day: on,
                amount: Cents(amount * 100),
                status,
                seller: "li".into(),
                ..Default::default()
            })
        };
        use crate::OrderStatus as S;
        sold(1, 1, day(12, 3), 500, S::Completed);
        sold(2, 1, day(12, 4), 300, S::Paid);
        sold(3, 1, day(12, 5), 300, S::Shipped);
        sold(4, 1, day(12, 6), 99, S::Cancelled);
        sold(5, 1, day(11, 6), 1_000, S::Completed);
        sold(6, 2, day(12, 6), 7_000, S::Completed);
        let mut f = f;
        f.paid_by_owner_month = paid_by_owner_month(&orders, |k| k == 1);
        let on_paid = |period| -> Vec<(String, i64, i64)> {
            commissions(&f, &rates, period, CommissionBasis::Paid)
                .into_iter()
                .map(|r| (r.owner, r.won.0, r.commission.0))
                .collect()
        };
        assert_eq!(
            on_paid(QuotaPeriod::Month),
            [("li".into(), 800 * 100, 20 * 100), ("wang".into(), 0, 0)]
        );
        assert_eq!(on_paid(QuotaPeriod::Quarter)[0].1, 1_800 * 100);
        assert_eq!(
            CommissionBasis::from_code("paid"),
            Some(CommissionBasis::Paid)
        );
    }
}
