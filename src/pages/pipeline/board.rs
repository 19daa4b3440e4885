//! The board as data: which cards each column holds under a filter, and the figures over
//! them. Pure, so it is tested natively.

use kehu_core::opportunity::{Opportunity, Standing};
use kehu_core::{Cents, Day};

/// How long a won or lost opportunity stays on the board after it closed.
pub const CLOSED_SHOWN_DAYS: i32 = 90;

/// The board's filters, as typed: an owner (a staff id), a close month (`2026-12`) and
/// a least amount. Blank means any; a value that does not parse filters nothing out, and
/// [`BoardFilter::problems`] says so.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardFilter {
    pub owner: String,
    pub month: String,
    pub min_amount: String,
}

/// What is wrong with a typed filter.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterProblem {
    /// Not a month like `2026-12`.
    Month,
    Amount(kehu_core::validate::Problem),
}

/// A filter parsed once, for testing every opportunity.
struct Parsed<'a> {
    owner: &'a str,
    month: Option<(i32, u32)>,
    min: Option<Cents>,
}

impl Parsed<'_> {
    fn keeps(&self, o: &Opportunity) -> bool {
        (self.owner.is_empty() || o.owner == self.owner)
            && self
                .month
                .is_none_or(|(y, m)| o.close.is_some_and(|d| (d.ymd().0, d.ymd().1) == (y, m)))
            && self.min.is_none_or(|min| o.amount >= min)
    }
}

impl BoardFilter {
    fn parsed(&self) -> Parsed<'_> {
        Parsed {
            owner: &self.owner,
            month: parse_month(&self.month),
            min: Cents::parse(self.min_amount.trim()).ok(),
        }
    }

    /// The typed filters that filter nothing because they do not parse.
    pub fn problems(&self) -> Vec<FilterProblem> {
        use kehu_core::validate::Problem;
        let mut out = Vec::new();
        if !self.month.trim().is_empty() && parse_month(&self.month).is_none() {
            out.push(FilterProblem::Month);
        }
        match Cents::parse(self.min_amount.trim()) {
            _ if self.min_amount.trim().is_empty() => {}
            Ok(c) if c.0 < 0 => out.push(FilterProblem::Amount(Problem::Negative)),
            Ok(_) => {}
            Err(e) => out.push(FilterProblem::Amount(Problem::Money(e))),
        }
        out
    }
}

/// `2026-12` → (2026, 12).
fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

/// One card: what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: String,
    pub title: String,
    pub customer_name: String,
    pub amount: Cents,
    pub owner: String,
    pub next_step: String,
    pub days_in_stage: u32,
    pub standing: Standing,
    /// The open task due first about it.
    pub next_task: Option<kehu_core::Task>,
}

impl Card {
    /// The card's id and a digest of what it shows: the board redraws a card when this
    /// changes, and only then.
    pub fn key(&self) -> (String, u64) {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (&self.title, &self.customer_name, self.amount.0, &self.owner).hash(&mut h);
        (&self.next_step, self.days_in_stage, self.standing).hash(&mut h);
        let task = self.next_task.as_ref();
        task.map(|t| (&t.id.0, t.updated.0)).hash(&mut h);
        (self.id.clone(), h.finish())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    pub columns: Vec<(Standing, Vec<Card>)>,
    /// Opportunities stored at all (before filtering), to tell "none yet" from "none
    /// match".
    pub total: usize,
    pub open_count: usize,
    pub open_amount: Cents,
    /// Σ amount × probability over the open cards shown.
    pub weighted: Cents,
}

impl Board {
    /// The cards of `list` that `filter` keeps, by column: open ones by expected close
    /// (undated last) then amount; won and lost ones that closed in the last
    /// [`CLOSED_SHOWN_DAYS`], latest first. `total` is how many are stored (`list` may
    /// hold only those the board shows); `name` gives a customer's name by id.
    pub fn of(
        list: &[Opportunity],
        total: usize,
        filter: &BoardFilter,
        name: &dyn Fn(&str) -> String,
        today: Day,
    ) -> Board {
        let mut columns: Vec<(Standing, Vec<(&Opportunity, Day)>)> =
            Standing::ALL.iter().map(|&s| (s, Vec::new())).collect();
        let (mut open_amount, mut weighted) = (0i64, 0f64);
        let filter = filter.parsed();
        for o in list.iter().filter(|o| filter.keeps(o)) {
            let entered = o.entered().day();
            if !o.standing.is_open() && today.0 - entered.0 > CLOSED_SHOWN_DAYS {
                continue;
            }
            if o.standing.is_open() {
                open_amount += o.amount.0;
                weighted += o.amount.0 as f64 * o.probability();
            }
            if let Some((_, col)) = columns.iter_mut().find(|(s, _)| *s == o.standing) {
                col.push((o, entered));
            }
        }
        let open_count = columns
            .iter()
            .filter(|(s, _)| s.is_open())
            .map(|(_, c)| c.len())
            .sum();
        let columns = columns
            .into_iter()
            .map(|(s, mut col)| {
                if s.is_open() {
                    col.sort_by_key(|(o, _)| (o.close.is_none(), o.close, -o.amount.0));
                } else {
                    col.sort_by_key(|(o, d)| (-d.0, o.id.0.clone()));
                }
                let cards = col.into_iter().map(|(o, d)| card(o, d, name, today));
                (s, cards.collect())
            })
            .collect();
        Board {
            columns,
            total,
            open_count,
            open_amount: Cents(open_amount),
            weighted: Cents(weighted.round() as i64),
        }
    }
}

impl Board {
    /// The board with each card's next task, from the open `tasks`.
    pub fn with_tasks(mut self, tasks: &[kehu_core::Task]) -> Board {
        let next = kehu_core::task::next_by_opportunity(tasks);
        for (_, col) in &mut self.columns {
            for c in col {
                c.next_task = next.get(c.id.as_str()).map(|t| (*t).clone());
            }
        }
        self
    }
}

fn card(o: &Opportunity, entered: Day, name: &dyn Fn(&str) -> String, today: Day) -> Card {
    Card {
        id: o.id.0.clone(),
        title: o.title.clone(),
        customer_name: name(o.customer.as_str()),
        amount: o.amount,
        owner: o.owner.clone(),
        next_step: o.next_step.clone(),
        days_in_stage: (today.0 - entered.0).max(0) as u32,
        standing: o.standing,
        next_task: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::Id;
    use kehu_core::opportunity::Stage;

    fn opp(n: u32, standing: Standing, amount: i64, close: Option<Day>, at: Day) -> Opportunity {
        let mut o = Opportunity::new(Id(format!("o{n}")), Id("c1".into()), at.start_millis());
        o.title = format!("机会 {n}");
        o.amount = Cents(amount);
        o.close = close;
        o.owner = if n.is_multiple_of(2) { "even" } else { "odd" }.into();
        o.move_to(standing, at.start_millis());
        o
    }

    #[test]
    fn cards_fall_in_their_columns_filtered_and_in_order() {
        let today = Day::from_ymd(2026, 12, 3).unwrap();
        let d = |m, day| Day::from_ymd(2026, m, day);
        let nego = Standing::Open(Stage::Negotiation);
        let list = vec![
            opp(1, nego, 10_000, d(12, 20), Day(today.0 - 10)),
            opp(2, nego, 30_000, d(12, 5), Day(today.0 - 3)),
            opp(3, nego, 90_000, None, today),
            opp(4, Standing::Won, 5_000, d(11, 1), Day(today.0 - 5)),
            opp(5, Standing::Lost, 7_000, d(6, 1), Day(today.0 - 200)),
        ];
        let names = |id: &str| {
            if id == "c1" {
                "王芳".to_string()
            } else {
                String::new()
            }
        };
        let mut call = kehu_core::Task::new(kehu_core::Id("t".into()), today, kehu_core::Millis(0));
        call.opportunity = Some(kehu_core::Id("o2".into()));
        let b = Board::of(&list, list.len(), &BoardFilter::default(), &names, today)
            .with_tasks(&[call.clone()]);
        let card = |id: &str| {
            b.columns
                .iter()
                .flat_map(|(_, c)| c)
                .find(|c| c.id == id)
                .unwrap()
        };
        assert_eq!(card("o2").next_task.as_ref(), Some(&call));
        assert_eq!(card("o1").next_task, None);
        let ids = |s: Standing| -> Vec<String> {
            let col = &b.columns.iter().find(|(x, _)| *x == s).unwrap().1;
            col.iter().map(|c| c.id.clone()).collect()
        };
        assert_eq!(ids(nego), ["o2", "o1", "o3"], "by close date, undated last");
        assert_eq!(ids(Standing::Won), ["o4"]);
        assert!(
            ids(Standing::Lost).is_empty(),
            "closed long ago: off the board"
        );
        assert_eq!(
            (b.total, b.open_count, b.open_amount),
            (5, 3, Cents(130_000))
        );
        assert_eq!(b.weighted, Cents(78_000), "60 % of 1,300");
        let first = &b.columns[2].1[0];
        assert_eq!(
            (first.customer_name.as_str(), first.days_in_stage),
            ("王芳", 3)
        );

        let f = BoardFilter {
            owner: "odd".into(),
            month: "2026-12".into(),
            min_amount: "50".into(),
        };
        let b = Board::of(&list, list.len(), &f, &names, today);
        assert_eq!(b.columns[2].1.len(), 1, "o1 only: o3 has no close date");
        let typo = BoardFilter {
            month: "next".into(),
            ..BoardFilter::default()
        };
        assert_eq!(
            Board::of(&list, list.len(), &typo, &names, today).open_count,
            3
        );
        assert_eq!(typo.problems(), [FilterProblem::Month]);
        let amount = BoardFilter {
            min_amount: "abc".into(),
            ..BoardFilter::default()
        };
        use kehu_core::money::MoneyError;
        use kehu_core::validate::Problem;
        assert_eq!(
            amount.problems(),
            [FilterProblem::Amount(Problem::Money(
                MoneyError::NotANumber
            ))]
        );
        assert!(f.problems().is_empty());
    }
}
