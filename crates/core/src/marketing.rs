//! Campaigns as records (营销活动, DOMAIN.md §4): what a campaign is for and through
//! which channel, what it may spend and has spent, and from which saved segment its
//! list is drawn; once launched, one [`CampaignMember`] per customer on the list — the
//! contacted and the held-back control group alike — on which the customer's
//! responses are recorded. The list and the numbers themselves are in
//! [`crate::campaign`]; [`effects`] puts them together for every campaign.
//!
//! A member is a record of its customer (moved by a merge, removed when the customer is
//! forgotten), so who was on a campaign's list never outlives the customer's record.

use crate::campaign::{self, LeftOut, Lift};
use crate::validate::{self, Field, FieldError, Problem};
use crate::{Cents, ConsentChannel, Day, Id, Millis, OrderColumns};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The control group's share of the list when the owner says nothing: 10 %.
pub const CONTROL_BP: u32 = 1_000;
/// Days after the contact in which an order counts for the campaign (DOMAIN.md §4).
pub const WINDOW_DAYS: u16 = 30;
/// The longest attribution window a campaign may have.
pub const MAX_WINDOW: u16 = 365;
/// The largest control group: half the list.
pub const MAX_CONTROL_BP: u32 = 5_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: Id,
    pub name: String,
    /// What it is meant to achieve, in the owner's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub goal: String,
    pub channel: ConsentChannel,
    #[serde(default)]
    pub budget: Cents,
    /// What it has cost so far (ROI and cost per response are reckoned on this).
    #[serde(default)]
    pub cost: Cents,
    /// The first and last day it runs.
    pub start: Day,
    pub end: Day,
    /// Who runs it (a staff id; empty for nobody): the call list's tasks are theirs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// The saved segment the list is drawn from; `None`: every customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<Id>,
    /// The share of the list held back as the control group, in basis points.
    pub control_bp: u32,
    /// Days after the contact in which an order is the campaign's.
    pub window: u16,
    /// Set once the list is drawn and its members written; the channel, segment and
    /// control share are fixed from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launched: Option<Launched>,
    pub created: Millis,
    pub updated: Millis,
}

/// The list as it was drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Launched {
    /// The day of contact: the attribution window opens on it.
    pub day: Day,
    pub contacted: u32,
    pub control: u32,
    /// How many of the segment were left out, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<(LeftOut, u32)>,
}

impl Launched {
    /// The counts of `list` drawn on `day`.
    pub fn of(list: &campaign::TargetList, day: Day) -> Launched {
        Launched {
            day,
            contacted: list.contacted.len() as u32,
            control: list.control.len() as u32,
            left_out: (list.left_out.iter())
                .map(|&(why, n)| (why, n as u32))
                .collect(),
        }
    }
}

impl Campaign {
    /// A month's email campaign from `today`, for a new form.
    pub fn new(id: Id, today: Day, now: Millis) -> Campaign {
        Campaign {
            id,
            name: String::new(),
            goal: String::new(),
            channel: ConsentChannel::Email,
            budget: Cents(0),
            cost: Cents(0),
            start: today,
            end: Day(today.add_months(1).0 - 1),
            owner: String::new(),
            segment: None,
            control_bp: CONTROL_BP,
            window: WINDOW_DAYS,
            launched: None,
            created: now,
            updated: now,
        }
    }

    /// The seed of its control group's draw: its id, so the draw is the same on every
    /// device and every time it is previewed.
    pub fn seed(&self) -> u64 {
        use std::hash::Hasher;
        let mut h = crate::fxhash::FxHasher::default();
        h.write(self.id.as_str().as_bytes());
        h.finish()
    }

    /// The id of `customer`'s membership: made from the campaign's and the customer's,
    /// so a launch written twice (two devices) makes each member once.
    pub fn member_id(&self, customer: &Id) -> Id {
        Id::derived(
            self.created.0.max(0) as u64,
            &[self.id.as_str(), customer.as_str()],
        )
    }

    /// The campaign launched on `day` with `list` drawn, and its members.
    pub fn launch(
        &self,
        list: &campaign::TargetList,
        day: Day,
        now: Millis,
    ) -> (Campaign, Vec<CampaignMember>) {
        let member = |customer: &Id, control: bool| CampaignMember {
            id: self.member_id(customer),
            customer: customer.clone(),
            campaign: self.id.clone(),
            control,
            day,
            responses: Vec::new(),
            created: now,
            updated: now,
        };
        let members = (list.contacted.iter().map(|c| member(c, false)))
            .chain(list.control.iter().map(|c| member(c, true)))
            .collect();
        let c = Campaign {
            launched: Some(Launched::of(list, day)),
            updated: now,
            ..self.clone()
        };
        (c, members)
    }
}

/// A customer's response to a campaign, from the least to the most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    Sent,
    Opened,
    Replied,
    Visited,
    Bought,
}

impl ResponseKind {
    pub const ALL: [ResponseKind; 5] = [
        ResponseKind::Sent,
        ResponseKind::Opened,
        ResponseKind::Replied,
        ResponseKind::Visited,
        ResponseKind::Bought,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ResponseKind::Sent => "sent",
            ResponseKind::Opened => "opened",
            ResponseKind::Replied => "replied",
            ResponseKind::Visited => "visited",
            ResponseKind::Bought => "bought",
        }
    }

    pub fn from_code(s: &str) -> Option<ResponseKind> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Whether it is a response at all: a message sent is the shop's doing.
    pub fn responds(self) -> bool {
        self != ResponseKind::Sent
    }
}

/// One response, and the day it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub kind: ResponseKind,
    pub day: Day,
}

/// A customer on a campaign's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignMember {
    pub id: Id,
    pub customer: Id,
    pub campaign: Id,
    /// Held back: never contacted, measured against.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub control: bool,
    /// The day of contact (the campaign's launch).
    pub day: Day,
    /// Each kind at most once, in [`ResponseKind::ALL`]'s order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Response>,
    pub created: Millis,
    pub updated: Millis,
}

impl CampaignMember {
    pub fn has(&self, kind: ResponseKind) -> bool {
        self.responses.iter().any(|r| r.kind == kind)
    }

    /// Whether the customer responded at all (see [`ResponseKind::responds`]).
    pub fn responded(&self) -> bool {
        self.responses.iter().any(|r| r.kind.responds())
    }

    /// The member with `kind` recorded on `day` (`on`) or taken away (`!on`); `None`
    /// when nothing changes. A control member is never contacted, so has none.
    pub fn marked(&self, kind: ResponseKind, on: bool, day: Day, now: Millis) -> Option<Self> {
        if self.control || self.has(kind) == on {
            return None;
        }
        let mut m = self.clone();
        m.responses.retain(|r| r.kind != kind);
        if on {
            m.responses.push(Response {
                kind,
                day: day.max(self.day),
            });
            m.responses.sort_by_key(|r| r.kind);
        }
        m.updated = now;
        Some(m)
    }
}

impl crate::kinds::Doc for Campaign {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("campaigns");

    crate::kinds::doc_accessors!(shop);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_campaign(self)
    }
}

impl crate::kinds::Doc for CampaignMember {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo {
        indexes: &["campaign"],
        ..crate::kinds::KindInfo::created("campaign_members")
    };

    crate::kinds::doc_accessors!(customer);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn indexed(&self) -> Vec<(&'static str, std::borrow::Cow<'_, str>)> {
        vec![("campaign", self.campaign.as_str().into())]
    }

    fn check(self, _refs: &crate::kinds::Refs, today: Day) -> Result<Self, Vec<FieldError>> {
        check_member(self, today)
    }
}

/// The rules a campaign obeys, whoever wrote it: a name; texts within their limits;
/// money not below zero; an end not before its start; a control group of at most half
/// the list; an attribution window of 1 to [`MAX_WINDOW`] days.
pub fn check_campaign(c: Campaign) -> Result<Campaign, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let name = validate::line(&c.name, validate::MAX_TEXT, Field::CampaignName, &mut err);
    if name.is_empty() {
        err(Field::CampaignName, Problem::Required);
    }
    let goal = validate::block(&c.goal, validate::MAX_NOTES, Field::CampaignGoal, &mut err);
    for (v, field) in [
        (c.budget, Field::CampaignBudget),
        (c.cost, Field::CampaignCost),
    ] {
        if v.0 < 0 {
            err(field, Problem::Negative);
        }
    }
    if c.end < c.start {
        err(Field::CampaignEnd, Problem::EndsBeforeStart);
    }
    if c.control_bp > MAX_CONTROL_BP {
        err(Field::CampaignControl, Problem::InvalidPercent);
    }
    if c.window == 0 || c.window > MAX_WINDOW {
        err(
            Field::CampaignWindow,
            Problem::TooManyDays {
                max: MAX_WINDOW as u32,
            },
        );
    }
    validate::merged(Ok(Campaign { name, goal, ..c }), errs)
}

/// The rules a membership obeys: responses of a contacted member only, each kind once
/// and in order, none before the contact nor after `today`.
pub fn check_member(m: CampaignMember, today: Day) -> Result<CampaignMember, Vec<FieldError>> {
    let in_order = m.responses.windows(2).all(|w| w[0].kind < w[1].kind);
    let days_fit = (m.responses.iter()).all(|r| r.day >= m.day && r.day <= today);
    if (m.control && !m.responses.is_empty()) || !in_order || !days_fit {
        return Err(vec![FieldError {
            field: Field::CampaignResponses,
            problem: Problem::Inconsistent,
        }]);
    }
    Ok(m)
}

/// A campaign as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignDraft {
    pub name: String,
    pub goal: String,
    pub channel: ConsentChannel,
    pub budget: String,
    pub cost: String,
    pub start: String,
    pub end: String,
    pub owner: String,
    /// A segment id, or empty for every customer.
    pub segment: String,
    /// The control group's share, in percent.
    pub control: String,
    pub window: String,
}

impl CampaignDraft {
    pub fn from_campaign(c: &Campaign) -> CampaignDraft {
        let money = |v: Cents| match v.0 {
            0 => String::new(),
            _ => v.to_string(),
        };
        CampaignDraft {
            name: c.name.clone(),
            goal: c.goal.clone(),
            channel: c.channel,
            budget: money(c.budget),
            cost: money(c.cost),
            start: c.start.to_string(),
            end: c.end.to_string(),
            owner: c.owner.clone(),
            segment: c.segment.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
            control: validate::format_bp(c.control_bp),
            window: c.window.to_string(),
        }
    }

    /// The campaign this draft makes of `base` at `now`, or every problem. A launched
    /// campaign keeps its channel, segment and control share: its list is drawn.
    pub fn validate(&self, base: Campaign, now: Millis) -> Result<Campaign, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut err = |field, problem| errs.push(FieldError { field, problem });
        let mut day = |s: &str, field| {
            if s.trim().is_empty() {
                err(field, Problem::Required);
            }
            validate::opt_date(s, field, &mut err)
        };
        let (start, end) = (
            day(&self.start, Field::CampaignStart),
            day(&self.end, Field::CampaignEnd),
        );
        let budget = validate::money(&self.budget, Field::CampaignBudget, &mut err);
        let cost = validate::money(&self.cost, Field::CampaignCost, &mut err);
        let control_bp = match self.control.trim() {
            "" => 0,
            s => validate::basis_points(s).unwrap_or_else(|e| {
                err(Field::CampaignControl, e.problem);
                0
            }),
        };
        let window = match self.window.trim() {
            "" => WINDOW_DAYS,
            s => validate::whole_days(s, MAX_WINDOW).unwrap_or_else(|p| {
                err(Field::CampaignWindow, p);
                WINDOW_DAYS
            }),
        };
        let segment = self.segment.trim();
        let mut c = Campaign {
            name: self.name.clone(),
            goal: self.goal.clone(),
            channel: self.channel,
            budget: budget.unwrap_or(Cents(0)),
            cost: cost.unwrap_or(Cents(0)),
            start: start.unwrap_or(base.start),
            // An unreadable end is named above; the rule on its order would repeat it.
            end: end.unwrap_or(Day(i32::MAX)),
            owner: self.owner.trim().to_string(),
            segment: (!segment.is_empty()).then(|| Id(segment.into())),
            control_bp,
            window,
            updated: now,
            ..base.clone()
        };
        if base.launched.is_some() {
            c.channel = base.channel;
            c.segment = base.segment;
            c.control_bp = base.control_bp;
        }
        validate::merged(check_campaign(c), errs)
    }
}

/// Counted sales by customer and day, for finding what one customer bought between two
/// days in a binary search (a million orders sorted once, then each member looked up,
/// rather than every order checked against every campaign).
#[derive(Debug, Clone, Default)]
pub struct Purchases {
    /// (customer key, day, cents), sorted.
    rows: Vec<(u32, i32, i64)>,
}

impl Purchases {
    /// The sales of `orders`; returned and cancelled orders are not sales.
    pub fn of(orders: &OrderColumns) -> Purchases {
        let mut rows: Vec<(u32, i32, i64)> = (0..orders.len())
            .filter(|&i| orders.status_of(i).counts())
            .map(|i| (orders.customer[i], orders.day[i], orders.cents[i]))
            .collect();
        rows.sort_unstable();
        Purchases { rows }
    }

    /// What `customer` bought from `from` through `days` days after it.
    pub fn within(&self, customer: u32, from: Day, days: u16) -> &[(u32, i32, i64)] {
        let last = from.0 + days as i32;
        let lo = self
            .rows
            .partition_point(|r| (r.0, r.1) < (customer, from.0));
        let hi = self
            .rows
            .partition_point(|r| (r.0, r.1) <= (customer, last));
        &self.rows[lo..hi.max(lo)]
    }
}

/// A campaign's effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    pub campaign: Id,
    pub contacted: u32,
    pub control: u32,
    /// How many contacted members have each response, in [`ResponseKind::ALL`]'s order.
    pub responses: [u32; 5],
    /// Contacted members with any response.
    pub responded: u32,
    /// The contacted group's orders in the window, how many of them ordered, and the
    /// revenue attributed to the campaign.
    pub orders: u32,
    pub buyers: u32,
    pub revenue: Cents,
    /// How many of the control group ordered in the same window, and for how much.
    pub control_buyers: u32,
    pub control_revenue: Cents,
    pub roi: Option<f64>,
    pub cost_per_response: Option<Cents>,
    /// The contacted group's conversion against the control group's.
    pub lift: Option<Lift>,
    /// The window has not yet closed: the figures still grow.
    pub counting: bool,
}

impl Effect {
    /// The revenue beyond what the contacted would have brought anyway, as the control
    /// group shows it: (revenue per contacted − revenue per control member) ×
    /// contacted. Attributed revenue counts every order in the window, the ones that
    /// would have come without the campaign too; this does not. None without a control
    /// group.
    pub fn incremental(&self) -> Option<Cents> {
        if self.control == 0 {
            return None;
        }
        let expected = self.control_revenue.0 as f64 * self.contacted as f64 / self.control as f64;
        Some(Cents(self.revenue.0 - expected.round() as i64))
    }
}

/// The effect of each launched campaign of `campaigns` from its `members`, the orders
/// (by customer key: `key_of` maps customer ids to keys; a member whose customer is
/// gone counts as one who bought nothing) and `today`.
pub fn effects(
    campaigns: &[Campaign],
    members: &[CampaignMember],
    key_of: &HashMap<&str, u32>,
    bought: &Purchases,
    today: Day,
) -> Vec<Effect> {
    let mut by_campaign: HashMap<&str, Vec<&CampaignMember>> = HashMap::new();
    for m in members {
        by_campaign.entry(m.campaign.as_str()).or_default().push(m);
    }
    (campaigns.iter())
        .filter_map(|c| {
            let l = c.launched.as_ref()?;
            let ms = by_campaign.get(c.id.as_str()).map_or(&[][..], |v| &v[..]);
            Some(effect(c, l, ms, key_of, bought, today))
        })
        .collect()
}

/// A customer on a campaign's list, once.
struct OnList<'a> {
    customer: &'a str,
    control: bool,
    day: Day,
    /// Which responses they gave, by [`ResponseKind`].
    kinds: [bool; 5],
}

/// A campaign's members, one per customer. A merge of two records that were both on
/// the list leaves the survivor with two members; they count once: contacted if either
/// was, from the earlier contact, with the responses of both.
fn on_list<'a>(members: &[&'a CampaignMember]) -> Vec<OnList<'a>> {
    let mut at: HashMap<&str, usize> = HashMap::with_capacity(members.len());
    let mut out: Vec<OnList> = Vec::with_capacity(members.len());
    for m in members {
        let i = *at.entry(m.customer.as_str()).or_insert_with(|| {
            out.push(OnList {
                customer: m.customer.as_str(),
                control: true,
                day: m.day,
                kinds: [false; 5],
            });
            out.len() - 1
        });
        let o = &mut out[i];
        o.control &= m.control;
        o.day = o.day.min(m.day);
        for r in &m.responses {
            o.kinds[r.kind as usize] = true;
        }
    }
    out
}

fn effect(
    c: &Campaign,
    l: &Launched,
    members: &[&CampaignMember],
    key_of: &HashMap<&str, u32>,
    bought: &Purchases,
    today: Day,
) -> Effect {
    let mut e = Effect {
        campaign: c.id.clone(),
        contacted: 0,
        control: 0,
        responses: [0; 5],
        responded: 0,
        orders: 0,
        buyers: 0,
        revenue: Cents(0),
        control_buyers: 0,
        control_revenue: Cents(0),
        roi: None,
        cost_per_response: None,
        lift: None,
        counting: today.0 <= l.day.0 + c.window as i32,
    };
    for m in on_list(members) {
        let sales = key_of
            .get(m.customer)
            .map_or(&[][..], |&k| bought.within(k, m.day, c.window));
        if m.control {
            e.control += 1;
            e.control_buyers += !sales.is_empty() as u32;
            e.control_revenue.0 += sales.iter().map(|s| s.2).sum::<i64>();
            continue;
        }
        e.contacted += 1;
        for k in ResponseKind::ALL
            .into_iter()
            .filter(|k| m.kinds[*k as usize])
        {
            e.responses[k as usize] += 1;
        }
        e.responded += ResponseKind::ALL
            .iter()
            .any(|k| m.kinds[*k as usize] && k.responds()) as u32;
        e.orders += sales.len() as u32;
        e.buyers += !sales.is_empty() as u32;
        e.revenue.0 += sales.iter().map(|s| s.2).sum::<i64>();
    }
    e.roi = campaign::roi(e.revenue, c.cost);
    e.cost_per_response = campaign::cost_per_response(c.cost, e.responded as usize);
    e.lift = campaign::lift(
        e.buyers as usize,
        e.contacted as usize,
        e.control_buyers as usize,
        e.control as usize,
    );
    e
}

/// What the page asks the marketing worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ask {
    pub today: Day,
    pub now: Millis,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum What {
    /// Every launched campaign's effect.
    Effects,
    /// The list `campaign` would draw now (as the form stands: saved or not).
    Preview(Box<Campaign>),
    /// Draw the saved campaign's list and write its members.
    Launch(Id),
    /// The launched campaign's contacted members as the exports need them.
    Reach(Id),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Effects(Vec<Effect>),
    /// The list as it would be drawn: the segment's size and the draw.
    Preview {
        segment: u32,
        list: Launched,
    },
    /// The campaign as launched.
    Launched(Box<Campaign>),
    /// The contacted members still reachable, and how many are not any more.
    Reach {
        list: Vec<crate::campaign_export::Reach>,
        dropped: u32,
    },
    /// The segment the campaign names is gone.
    NoSegment,
    /// The segment selects on the dashboards' results, and there are none yet.
    NoInsights,
    /// The campaign is gone (deleted on another device).
    Gone,
    /// Launched already (on another device, or twice).
    AlreadyLaunched,
}

/// The demo's campaigns: a spring email campaign four months ago and a phone campaign
/// to the customers not to lose six weeks ago, both launched with responses, and an
/// SMS campaign being planned.
#[path = "demo_marketing.rs"]
pub mod demo;

#[cfg(test)]
#[path = "marketing_tests.rs"]
mod tests;
