//! Service levels (服务等级, DOMAIN.md §3): how soon a ticket must be answered and
//! resolved, counted in business time. The shop's [`Calendar`] gives its opening hours
//! per weekday, less its holidays, plus the weekend days China makes working days
//! (调休). The [`Policy`] gives a first-response and a resolution target per ticket type
//! and priority, with defaults a small shop can start from. From a ticket's opening,
//! [`Calendar::add`] finds the instant a target falls due in the shop's zone, and
//! [`Policy::check`] where a ticket stands against it.

use crate::date::{Day, Millis, Zone};
use crate::validate::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

const MS_PER_MIN: i64 = 60_000;
/// How far ahead a due time is looked for: past it, a calendar open so rarely is
/// treated as always closed.
const MAX_DAYS: i32 = 3_660;

/// What a ticket is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketType {
    /// 咨询
    Inquiry,
    /// 投诉
    Complaint,
    /// 故障处理
    Fault,
    /// 退换货
    Return,
    /// 客户回访
    FollowUp,
    /// 客户关怀
    Care,
}

impl TicketType {
    pub const ALL: [TicketType; 6] = [
        Self::Inquiry,
        Self::Complaint,
        Self::Fault,
        Self::Return,
        Self::FollowUp,
        Self::Care,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Inquiry => "inquiry",
            Self::Complaint => "complaint",
            Self::Fault => "fault",
            Self::Return => "return",
            Self::FollowUp => "follow_up",
            Self::Care => "care",
        }
    }

    pub fn from_code(s: &str) -> Option<TicketType> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }
}

/// How much a ticket matters, lowest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Self::Low, Self::Normal, Self::High, Self::Urgent];

    pub fn code(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }

    pub fn from_code(s: &str) -> Option<Priority> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }
}

/// A day's opening hours, in minutes from local midnight (`open < close`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub open: u16,
    pub close: u16,
}

impl Hours {
    pub const fn new(open_h: u16, close_h: u16) -> Hours {
        Hours {
            open: open_h * 60,
            close: close_h * 60,
        }
    }

    fn ms(self) -> (i64, i64) {
        (
            self.open as i64 * MS_PER_MIN,
            self.close as i64 * MS_PER_MIN,
        )
    }
}

/// When the shop works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Monday first; `None` is a day closed.
    pub week: [Option<Hours>; 7],
    /// Days closed whatever the week says (public holidays), sorted.
    #[serde(default)]
    pub holidays: Vec<Day>,
    /// Days open whatever the week says (调休: a Saturday worked for a holiday), sorted;
    /// they keep the hours of the first open weekday.
    #[serde(default)]
    pub workdays: Vec<Day>,
}

impl Default for Calendar {
    /// Monday to Friday, 9:00–18:00.
    fn default() -> Calendar {
        let day = Some(Hours::new(9, 18));
        Calendar {
            week: [day, day, day, day, day, None, None],
            holidays: Vec::new(),
            workdays: Vec::new(),
        }
    }
}

impl Calendar {
    /// The hours the shop is open on `d`, if it is.
    pub fn hours_on(&self, d: Day) -> Option<Hours> {
        if self.holidays.binary_search(&d).is_ok() {
            return None;
        }
        match self.week[d.weekday() as usize] {
            Some(h) => Some(h),
            None if self.workdays.binary_search(&d).is_ok() => {
                self.week.iter().flatten().next().copied()
            }
            None => None,
        }
    }

    /// The instant `minutes` of business time after `from`: counting starts at `from`
    /// when the shop is open then, else at its next opening. A calendar that is never
    /// open within ten years counts wall-clock time instead.
    pub fn add(&self, from: Millis, minutes: u32, zone: &Zone) -> Millis {
        let local = zone.local(from);
        let mut day = Millis(local).day();
        let mut at = local - day.start_millis().0;
        let mut left = minutes as i64 * MS_PER_MIN;
        for _ in 0..MAX_DAYS {
            if let Some(h) = self.hours_on(day) {
                let (open, close) = h.ms();
                let start = at.max(open);
                if start < close {
                    let here = close - start;
                    // A target met at closing time is due then, not at the next opening.
                    if left <= here {
                        return zone.instant(day.start_millis().0 + start + left);
                    }
                    left -= here;
                }
            }
            day = Day(day.0 + 1);
            at = 0;
        }
        Millis(from.0 + minutes as i64 * MS_PER_MIN)
    }

    /// The business minutes from `a` to `b` (none when `b` is not after `a`): how long
    /// a ticket waited as the targets count it.
    pub fn between(&self, a: Millis, b: Millis, zone: &Zone) -> u32 {
        if b <= a {
            return 0;
        }
        let (la, lb) = (zone.local(a), zone.local(b));
        let (first, last) = (Millis(la).day(), Millis(lb).day());
        let mut total = 0i64;
        let mut day = first;
        while day <= last {
            if let Some(h) = self.hours_on(day) {
                let base = day.start_millis().0;
                let (open, close) = h.ms();
                let from = (la - base).max(open);
                let to = (lb - base).min(close);
                total += (to - from).max(0);
            }
            day = Day(day.0 + 1);
            // Past ten years of closed days nothing is counted: bound the loop.
            if day.0 - first.0 > MAX_DAYS {
                break;
            }
        }
        (total / MS_PER_MIN).clamp(0, u32::MAX as i64) as u32
    }
}

/// A first-response and a resolution target, in business minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub respond: u32,
    pub resolve: u32,
}

/// The shop's service levels: its calendar, and targets by type and priority.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub calendar: Calendar,
    /// Targets that differ from [`Policy::default_target`].
    #[serde(default)]
    pub targets: Vec<(TicketType, Priority, Target)>,
}

impl Policy {
    /// The levels a setting holds (a `Policy` as JSON): the defaults when it is empty
    /// or unreadable, as before the shop set any.
    pub fn from_setting(text: &str) -> Policy {
        serde_json::from_str(text).unwrap_or_default()
    }
}

/// Where a ticket stands against one of its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Done, and in time.
    Met,
    /// Open, with time to spare.
    OnTrack,
    /// Open, with a quarter of the target or less left.
    Near,
    /// Past due: done late, or open past it.
    Breached,
}

/// One target of one ticket: when it falls due, and how it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub due: Millis,
    pub standing: Standing,
}

impl Policy {
    /// The defaults (business time, a 9-hour day): by priority, answered within 30 min
    /// to a day and resolved within 4 hours to 5 days; complaints answered twice as
    /// fast, returns, follow-up visits and care given twice as long to resolve.
    pub fn default_target(t: TicketType, p: Priority) -> Target {
        let (respond, resolve) = match p {
            Priority::Urgent => (30, 4 * 60),
            Priority::High => (60, 9 * 60),
            Priority::Normal => (4 * 60, 3 * 9 * 60),
            Priority::Low => (9 * 60, 5 * 9 * 60),
        };
        match t {
            TicketType::Complaint => Target {
                respond: respond / 2,
                resolve,
            },
            TicketType::Return | TicketType::FollowUp | TicketType::Care => Target {
                respond,
                resolve: resolve * 2,
            },
            TicketType::Inquiry | TicketType::Fault => Target { respond, resolve },
        }
    }

    /// The target of type `t` at priority `p`: the shop's own, else the default.
    pub fn target(&self, t: TicketType, p: Priority) -> Target {
        (self.targets.iter())
            .find(|(tt, pp, _)| (*tt, *pp) == (t, p))
            .map_or_else(|| Self::default_target(t, p), |x| x.2)
    }

    /// How a target of `minutes` from `opened` stands at `now`, done at `done` if it
    /// was. "Near" is a quarter of the target or less left, in business time.
    pub fn check(
        &self,
        opened: Millis,
        minutes: u32,
        done: Option<Millis>,
        now: Millis,
        zone: &Zone,
    ) -> Check {
        let cal = &self.calendar;
        let due = cal.add(opened, minutes, zone);
        let standing = match done {
            Some(d) if d <= due => Standing::Met,
            Some(_) => Standing::Breached,
            None if now > due => Standing::Breached,
            None if cal.between(now, due, zone) * 4 <= minutes => Standing::Near,
            None => Standing::OnTrack,
        };
        Check { due, standing }
    }
}

/// The service levels as typed in their settings form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDraft {
    /// Monday first: open that day, and its opening and closing times (`HH:MM`).
    pub week: [(bool, String, String); 7],
    /// Days, one per line (or separated by commas or spaces), `YYYY-MM-DD`.
    pub holidays: String,
    pub workdays: String,
    /// Hours to the first answer and to resolution, as typed, for each type of
    /// [`TicketType::ALL`] and priority of [`Priority::ALL`]: `targets[t * 4 + p]`.
    pub targets: Vec<[String; 2]>,
}

/// The longest target a shop may set: a year of nine-hour days.
pub const MAX_TARGET_HOURS: f64 = 365.0 * 9.0;

impl PolicyDraft {
    pub fn from_policy(p: &Policy) -> PolicyDraft {
        let time = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        let week = std::array::from_fn(|d| match p.calendar.week[d] {
            Some(h) => (true, time(h.open), time(h.close)),
            None => (false, "09:00".into(), "18:00".into()),
        });
        let days = |v: &[Day]| {
            v.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let hours = |m: u32| {
            let h = m as f64 / 60.0;
            if h.fract() == 0.0 {
                format!("{h:.0}")
            } else {
                format!("{h}")
            }
        };
        let targets = (TicketType::ALL.iter())
            .flat_map(|&t| Priority::ALL.iter().map(move |&pr| p.target(t, pr)))
            .map(|x| [hours(x.respond), hours(x.resolve)])
            .collect();
        PolicyDraft {
            week,
            holidays: days(&p.calendar.holidays),
            workdays: days(&p.calendar.workdays),
            targets,
        }
    }

    /// The policy this draft makes, keeping only targets that differ from the defaults,
    /// or every problem: a time that is not one, a day closing before it opens, a day
    /// that is not a date, hours that are not a number above zero (up to
    /// [`MAX_TARGET_HOURS`]), a first answer due after the resolution.
    pub fn validate(&self) -> Result<Policy, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let mut week = [None; 7];
        for (d, (open, from, to)) in self.week.iter().enumerate() {
            if !open {
                continue;
            }
            let field = Field::SlaDay(d as u8);
            match (minutes_of(from, false), minutes_of(to, true)) {
                (Some(o), Some(c)) if o < c => week[d] = Some(Hours { open: o, close: c }),
                (Some(_), Some(_)) => err(field, Problem::ClosesBeforeOpening),
                _ => err(field, Problem::InvalidTime),
            }
        }
        let holidays = days_of(&self.holidays, Field::SlaHolidays, &mut err);
        let workdays = days_of(&self.workdays, Field::SlaWorkdays, &mut err);
        let mut targets = Vec::new();
        for (k, [respond, resolve]) in self.targets.iter().enumerate() {
            let (t, p) = (TicketType::ALL[k / 4], Priority::ALL[k % 4]);
            let field = Field::SlaTarget(k as u8);
            let (Some(respond), Some(resolve)) = (minutes_in(respond), minutes_in(resolve)) else {
                err(field, Problem::NotHours);
                continue;
            };
            if respond > resolve {
                err(field, Problem::AnswerAfterResolution);
            }
            let target = Target { respond, resolve };
            if target != Policy::default_target(t, p) {
                targets.push((t, p, target));
            }
        }
        let calendar = Calendar {
            week,
            holidays,
            workdays,
        };
        match errs.is_empty() {
            true => Ok(Policy { calendar, targets }),
            false => Err(errs),
        }
    }
}

/// `HH:MM` in minutes after midnight; a closing time may be `24:00`.
fn minutes_of(s: &str, closing: bool) -> Option<u16> {
    if closing && s.trim() == "24:00" {
        return Some(24 * 60);
    }
    crate::validate::minutes_of_day(s).map(|m| m as u16)
}

/// Hours typed (`4`, `0.5`, `27`) in whole minutes, above zero and within the limit.
fn minutes_in(s: &str) -> Option<u32> {
    let h: f64 = s.trim().replace('，', ".").parse().ok()?;
    (h > 0.0 && h <= MAX_TARGET_HOURS).then(|| ((h * 60.0).round() as u32).max(1))
}

/// Days separated by lines, commas or spaces, sorted, each once.
fn days_of(s: &str, field: Field, err: &mut impl FnMut(Field, Problem)) -> Vec<Day> {
    let mut days = Vec::new();
    for w in s.split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、') {
        if w.is_empty() {
            continue;
        }
        match Day::parse(w) {
            Some(d) => days.push(d),
            None => {
                err(field, Problem::InvalidDate);
                break;
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    days
}

#[cfg(test)]
#[path = "sla_tests.rs"]
mod tests;
