//! What the task views show, from the tasks as read: the agenda's sections, the matrix's
//! quadrants and the calendar's days, for one owner or everyone. Pure, tested natively.

use kehu_core::Day;
use kehu_core::task::{Bucket, Minutes, Quadrant, Task};
use std::collections::BTreeMap;

/// Whose tasks are shown: everyone's, or one owner's (a staff id; empty for tasks of
/// nobody in particular).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Whose {
    #[default]
    Everyone,
    Owner(String),
}

impl Whose {
    /// From a route's `owner` parameter (`*` for everyone, `-` for nobody in
    /// particular); without one, the tasks of `me` (whoever uses this device) when set,
    /// else everyone's.
    pub fn parse(s: Option<&str>, me: Option<String>) -> Whose {
        match s {
            None | Some("") => me.map_or(Whose::Everyone, Whose::Owner),
            Some("*") => Whose::Everyone,
            Some("-") => Whose::Owner(String::new()),
            Some(o) => Whose::Owner(o.to_string()),
        }
    }

    /// The `owner` parameter that names it back.
    pub fn param(&self) -> &str {
        match self {
            Whose::Everyone => "*",
            Whose::Owner(o) if o.is_empty() => "-",
            Whose::Owner(o) => o,
        }
    }

    pub fn keeps(&self, t: &Task) -> bool {
        match self {
            Whose::Everyone => true,
            Whose::Owner(o) => &t.owner == o,
        }
    }
}

/// The agenda: open tasks by section (empty ones left out), soonest first in each, and
/// the tasks done today.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agenda {
    pub sections: Vec<(Bucket, Vec<Task>)>,
    pub done_today: Vec<Task>,
}

impl Agenda {
    /// `done_on` tells the local day a task was done.
    pub fn of(
        tasks: &[Task],
        whose: &Whose,
        today: Day,
        now: Minutes,
        done_on: impl Fn(&Task) -> Option<Day>,
    ) -> Agenda {
        let mut by: BTreeMap<Bucket, Vec<Task>> = BTreeMap::new();
        let mut done_today = Vec::new();
        for t in tasks.iter().filter(|t| whose.keeps(t)) {
            match t.bucket(today, now) {
                Some(b) => by.entry(b).or_default().push(t.clone()),
                None if done_on(t) == Some(today) => done_today.push(t.clone()),
                None => {}
            }
        }
        for list in by.values_mut() {
            list.sort_by_key(Task::order_key);
        }
        done_today.sort_by_key(|t| std::cmp::Reverse(t.done));
        Agenda {
            sections: by.into_iter().collect(),
            done_today,
        }
    }

    /// How many need doing now: overdue and due today.
    pub fn pressing(&self) -> usize {
        self.sections
            .iter()
            .filter(|(b, _)| matches!(b, Bucket::Overdue | Bucket::Today))
            .map(|(_, l)| l.len())
            .sum()
    }
}

/// The open tasks in each quadrant of the urgent × important matrix, 1 to 4, soonest
/// first.
pub fn matrix(tasks: &[Task], whose: &Whose) -> Vec<(Quadrant, Vec<Task>)> {
    Quadrant::ALL
        .into_iter()
        .map(|q| {
            let mut in_q: Vec<Task> = tasks
                .iter()
                .filter(|t| t.is_open() && whose.keeps(t) && t.quadrant() == q)
                .cloned()
                .collect();
            in_q.sort_by_key(Task::order_key);
            (q, in_q)
        })
        .collect()
}

/// How much of the calendar shows: a month or a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Month,
    Week,
}

impl Span {
    pub fn code(self) -> &'static str {
        match self {
            Span::Month => "month",
            Span::Week => "week",
        }
    }

    pub fn parse(s: Option<&str>) -> Span {
        match s {
            Some("week") => Span::Week,
            _ => Span::Month,
        }
    }
}

/// The Monday on or before `d`.
pub fn monday(d: Day) -> Day {
    Day(d.0 - d.weekday() as i32)
}

/// The calendar's weeks (Monday to Sunday) around `at`: its whole month's, or its one.
pub fn weeks(at: Day, span: Span) -> Vec<[Day; 7]> {
    let week = |m: Day| std::array::from_fn(|i| Day(m.0 + i as i32));
    match span {
        Span::Week => vec![week(monday(at))],
        Span::Month => {
            let (y, m, _) = at.ymd();
            let first = Day::from_ymd(y, m, 1).unwrap_or(at);
            let last = Day(first.add_months(1).0 - 1);
            (0..)
                .map(|w| Day(monday(first).0 + 7 * w))
                .take_while(|m| *m <= last)
                .map(week)
                .collect()
        }
    }
}

/// The page `step` spans from `at` (a month or a week on, or back).
pub fn step(at: Day, span: Span, step: i32) -> Day {
    match span {
        Span::Week => Day(monday(at).0 + 7 * step),
        Span::Month => {
            let (y, m, _) = at.ymd();
            Day::from_ymd(y, m, 1).unwrap_or(at).add_months(step)
        }
    }
}

/// Tasks by their due day, each day's in the order they are done.
pub fn by_day<'a>(tasks: &'a [Task], whose: &Whose) -> BTreeMap<Day, Vec<&'a Task>> {
    let mut days: BTreeMap<Day, Vec<&Task>> = BTreeMap::new();
    for t in tasks.iter().filter(|t| whose.keeps(t)) {
        days.entry(t.due).or_default().push(t);
    }
    for list in days.values_mut() {
        list.sort_by_key(|t| t.order_key());
    }
    days
}

/// `HH:MM` of minutes after midnight.
pub fn clock(m: Minutes) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::{Id, Millis};

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn task(id: &str, due: Day, owner: &str) -> Task {
        let mut t = Task::new(Id(id.into()), due, Millis(0));
        t.title = id.into();
        t.owner = owner.into();
        t
    }

    #[test]
    fn the_agenda_shows_one_owners_tasks_by_section_and_todays_done() {
        let today = day(2026, 12, 3);
        let mut late = task("late", day(2026, 12, 1), "a");
        late.time = Some(600);
        let mut done = task("done", day(2026, 12, 2), "a");
        done.done = Some(Millis(1));
        let tasks = [
            task("week", day(2026, 12, 5), "a"),
            late,
            task("earlier", day(2026, 11, 30), "a"),
            task("today", today, "a"),
            task("theirs", today, "b"),
            done,
        ];
        let a = Agenda::of(&tasks, &Whose::Owner("a".into()), today, 600, |t| {
            t.done.map(|_| today)
        });
        let ids: Vec<(Bucket, Vec<&str>)> = a
            .sections
            .iter()
            .map(|(b, l)| (*b, l.iter().map(|t| t.id.as_str()).collect()))
            .collect();
        assert_eq!(
            ids,
            [
                (Bucket::Overdue, vec!["earlier", "late"]),
                (Bucket::Today, vec!["today"]),
                (Bucket::ThisWeek, vec!["week"]),
            ]
        );
        assert_eq!(a.pressing(), 3);
        assert_eq!(a.done_today.len(), 1);
        let all = Agenda::of(&tasks, &Whose::Everyone, today, 600, |_| None);
        assert_eq!(all.pressing(), 4);
    }

    #[test]
    fn the_tasks_shown_are_mine_unless_everyones_are_asked_for() {
        let me = || Some("s1".to_string());
        assert_eq!(Whose::parse(None, me()), Whose::Owner("s1".into()));
        assert_eq!(Whose::parse(None, None), Whose::Everyone);
        assert_eq!(Whose::parse(Some("*"), me()), Whose::Everyone);
        assert_eq!(
            Whose::parse(Some("-"), me()),
            Whose::Owner(String::new()),
            "nobody's"
        );
        for w in [
            Whose::Everyone,
            Whose::Owner("s2".into()),
            Whose::Owner(String::new()),
        ] {
            assert_eq!(Whose::parse(Some(w.param()), me()), w);
        }
    }

    #[test]
    fn the_matrix_holds_open_tasks_in_their_quadrants() {
        let mut a = task("a", day(2026, 12, 3), "");
        a.urgent = true;
        a.important = true;
        let mut b = task("b", day(2026, 12, 4), "");
        b.important = true;
        let mut gone = b.clone();
        gone.done = Some(Millis(1));
        let m = matrix(&[a, b, gone], &Whose::Everyone);
        let sizes: Vec<(u8, usize)> = m.iter().map(|(q, l)| (*q as u8, l.len())).collect();
        assert_eq!(sizes, [(1, 1), (2, 1), (3, 0), (4, 0)]);
    }

    /// December 2026 starts on a Tuesday and ends on a Thursday: five weeks from Monday
    /// 30 November to Sunday 3 January.
    #[test]
    fn a_months_calendar_covers_it_in_whole_weeks() {
        let w = weeks(day(2026, 12, 17), Span::Month);
        assert_eq!(w.len(), 5);
        assert_eq!((w[0][0], w[4][6]), (day(2026, 11, 30), day(2027, 1, 3)));
        let one = weeks(day(2026, 12, 3), Span::Week);
        assert_eq!(
            (one[0][0], one[0][6]),
            (day(2026, 11, 30), day(2026, 12, 6))
        );
        assert_eq!(step(day(2026, 12, 17), Span::Month, 1), day(2027, 1, 1));
        assert_eq!(step(day(2026, 12, 3), Span::Week, -1), day(2026, 11, 23));
        assert_eq!(clock(545), "09:05");
    }
}
