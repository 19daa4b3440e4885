//! The customer list: search, filters, sorting and paging over an in-memory projection.
//!
//! The app keeps one [`CustomerRow`] per customer in memory (about 200 bytes each, so
//! 100,000 customers fit in ~20 MB) and answers every keystroke from it in a few
//! milliseconds; IndexedDB is read once at start and kept in step by the store's change
//! notifications.

use crate::analytics::insights::{PerCustomer, QUADRANTS, clv_cents, p_alive_bin};
use crate::analytics::rfm::Segment;
use crate::analytics::satisfaction::Loyalty;
use crate::analytics::value::{Quadrant, Tier};
use crate::text::{digits, fold, normalise_tag};
use crate::*;

/// What the list shows and filters on, projected from a [`Customer`].
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRow {
    pub id: Id,
    pub key: u32,
    pub kind: Kind,
    pub name: String,
    pub code: String,
    pub customer_type: CustomerType,
    pub stage: LifecycleStage,
    pub level: RelationshipLevel,
    /// The mobile number, else the landline.
    pub phone: String,
    pub email: String,
    pub city: String,
    pub owner: String,
    pub tags: Vec<String>,
    pub key_account: bool,
    pub blacklisted: bool,
    /// The opening balance owed (unpaid orders are added from the order store).
    pub arrears: Cents,
    pub created: Millis,
    pub updated: Millis,
    pub deleted: bool,
    /// Folded name, contact points, tags, city and contacts, for substring search.
    haystack: String,
    /// All phone digits, separated by spaces, for number search ignoring punctuation.
    phone_digits: String,
    name_key: String,
}

impl CustomerRow {
    /// What duplicate finding needs, from the row: every phone of the customer and its
    /// contacts, as digits.
    pub fn person(&self) -> crate::dedup::Person<'_> {
        crate::dedup::Person {
            id: &self.id.0,
            key: self.key,
            name: &self.name,
            code: &self.code,
            email: &self.email,
            phones: self.phone_digits.split_whitespace().collect(),
            city: &self.city,
            deleted: self.deleted,
        }
    }

    pub fn from_customer(c: &Customer) -> CustomerRow {
        let mut hay = String::new();
        let mut add = |s: &str| {
            if !s.is_empty() {
                hay.push_str(&fold(s));
                hay.push('\u{1}');
            }
        };
        add(&c.name);
        add(&c.code);
        add(&c.phone);
        add(&c.mobile);
        add(&c.email);
        add(&c.wechat);
        add(&c.city);
        add(&c.region);
        for t in &c.tags {
            add(t);
        }
        for k in &c.contacts {
            add(&k.name);
            add(&k.phone);
            add(&k.email);
        }
        let mut phone_digits = String::new();
        for p in [&c.phone, &c.mobile]
            .into_iter()
            .chain(c.contacts.iter().map(|k| &k.phone))
        {
            phone_digits.push_str(&digits(p));
            phone_digits.push(' ');
        }
        CustomerRow {
            id: c.id.clone(),
            key: c.key,
            kind: c.kind,
            name: c.name.clone(),
            code: c.code.clone(),
            customer_type: c.customer_type,
            stage: c.stage,
            level: c.level,
            phone: if c.mobile.is_empty() {
                c.phone.clone()
            } else {
                c.mobile.clone()
            },
            email: c.email.clone(),
            city: c.city.clone(),
            owner: c.owner.clone(),
            tags: c.tags.clone(),
            key_account: c.key_account,
            blacklisted: c.blacklisted,
            arrears: c.arrears,
            created: c.created,
            updated: c.updated,
            deleted: c.deleted.is_some(),
            haystack: hay,
            phone_digits,
            name_key: fold(&c.name),
        }
    }

    /// Every whitespace-separated term must occur in the name, a contact point, a tag,
    /// the city or a contact; a term of digits also matches phone numbers ignoring
    /// their punctuation.
    pub fn matches_text(&self, terms: &[String]) -> bool {
        terms.iter().all(|t| {
            self.haystack.contains(t.as_str())
                || (t.len() >= 3
                    && t.bytes().all(|b| b.is_ascii_digit())
                    && self.phone_digits.contains(t.as_str()))
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Updated,
    Created,
    Name,
    Stage,
    Owner,
}

impl SortKey {
    pub const ALL: &'static [SortKey] = &[
        SortKey::Updated,
        SortKey::Created,
        SortKey::Name,
        SortKey::Stage,
        SortKey::Owner,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Updated => "updated",
            SortKey::Created => "created",
            SortKey::Name => "name",
            SortKey::Stage => "stage",
            SortKey::Owner => "owner",
        }
    }

    pub fn from_code(s: &str) -> Option<SortKey> {
        SortKey::ALL.iter().copied().find(|k| k.code() == s)
    }
}

/// A list query; every `None` filter means "any". Lives in the page URL.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerQuery {
    pub text: String,
    pub kind: Option<Kind>,
    pub customer_type: Option<CustomerType>,
    pub stage: Option<LifecycleStage>,
    pub level: Option<RelationshipLevel>,
    pub owner: Option<String>,
    pub tag: Option<String>,
    pub key_account: Option<bool>,
    pub blacklisted: Option<bool>,
    /// A slice of the latest analytics (a segment, a tier, ...): the dashboards'
    /// drill-down.
    pub insight: Option<InsightFilter>,
    /// Show the trash (deleted customers) instead of the live ones.
    pub in_trash: bool,
    pub sort: SortKey,
    /// Newest first for dates, Z→A for text.
    pub descending: bool,
}

impl CustomerQuery {
    pub fn is_filtered(&self) -> bool {
        !self.text.trim().is_empty()
            || self.kind.is_some()
            || self.customer_type.is_some()
            || self.stage.is_some()
            || self.level.is_some()
            || self.owner.is_some()
            || self.tag.is_some()
            || self.key_account.is_some()
            || self.blacklisted.is_some()
            || self.insight.is_some()
    }

    /// Indices into `rows` of the customers that match (live ones, or the trash when
    /// `in_trash`), in order.
    pub fn run(&self, rows: &[CustomerRow]) -> Vec<usize> {
        self.run_ranked(rows, None)
    }

    /// Like [`CustomerQuery::run`], with the text sorted by (the name, or the owner's
    /// name) ordered by `name_rank[i]` (row i's place in a locale's collation, such as
    /// pinyin order from the browser's `Intl.Collator`) instead of by folded code points
    /// or ids. A rank list of the wrong length is ignored.
    pub fn run_ranked(&self, rows: &[CustomerRow], name_rank: Option<&[u32]>) -> Vec<usize> {
        self.run_with(rows, name_rank, None)
    }

    /// [`CustomerQuery::run_ranked`] with the per-customer analytics results that an
    /// [`InsightFilter`] selects on; without them such a filter matches nobody.
    pub fn run_with(
        &self,
        rows: &[CustomerRow],
        name_rank: Option<&[u32]>,
        per: Option<&PerCustomer>,
    ) -> Vec<usize> {
        let name_rank = name_rank.filter(|r| r.len() == rows.len());
        let terms: Vec<String> = fold(&self.text)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let tag = self.tag.as_deref().map(normalise_tag);
        let mut hits: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.deleted == self.in_trash
                    && self.kind.is_none_or(|k| r.kind == k)
                    && self.customer_type.is_none_or(|t| r.customer_type == t)
                    && self.stage.is_none_or(|s| r.stage == s)
                    && self.level.is_none_or(|l| r.level == l)
                    && self.owner.as_deref().is_none_or(|o| r.owner == o)
                    && self.key_account.is_none_or(|k| r.key_account == k)
                    && self.blacklisted.is_none_or(|b| r.blacklisted == b)
                    && tag
                        .as_deref()
                        .is_none_or(|t| r.tags.iter().any(|x| normalise_tag(x) == t))
                    && self
                        .insight
                        .is_none_or(|f| per.is_some_and(|p| f.matches(p, r.key)))
                    && r.matches_text(&terms)
            })
            .map(|(i, _)| i)
            .collect();
        // Ties always fall back to the id, so the order is total and paging is stable.
        let by = |i: usize, j: usize| -> std::cmp::Ordering {
            let (a, b) = (&rows[i], &rows[j]);
            match (self.sort, name_rank) {
                (SortKey::Updated, _) => a.updated.cmp(&b.updated),
                (SortKey::Created, _) => a.created.cmp(&b.created),
                (SortKey::Name, Some(rank)) => rank[i].cmp(&rank[j]),
                (SortKey::Name, None) => a.name_key.cmp(&b.name_key),
                (SortKey::Stage, _) => a.stage.cmp(&b.stage),
                (SortKey::Owner, Some(rank)) => rank[i].cmp(&rank[j]),
                (SortKey::Owner, None) => a.owner.cmp(&b.owner),
            }
            .then_with(|| a.id.cmp(&b.id))
        };
        hits.sort_unstable_by(|&i, &j| {
            let o = by(i, j);
            if self.descending { o.reverse() } else { o }
        });
        hits
    }
}

/// The value of `k` among a list's parameters.
fn param<'a>(p: &'a [(String, String)], k: &str) -> Option<&'a str> {
    p.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
}

fn flag(p: &[(String, String)], k: &str) -> Option<bool> {
    match param(p, k) {
        Some("1") => Some(true),
        Some("0") => Some(false),
        _ => None,
    }
}

impl CustomerQuery {
    /// The query a list's parameters describe: the URL's, or a saved segment's filter.
    pub fn from_params(p: &[(String, String)]) -> CustomerQuery {
        CustomerQuery {
            text: param(p, "q").unwrap_or("").to_string(),
            kind: param(p, "kind").and_then(Kind::from_code),
            customer_type: param(p, "type").and_then(CustomerType::from_code),
            stage: param(p, "stage").and_then(LifecycleStage::from_code),
            level: param(p, "level").and_then(RelationshipLevel::from_code),
            owner: param(p, "owner").map(str::to_string),
            tag: param(p, "tag").map(str::to_string),
            key_account: flag(p, "key"),
            blacklisted: flag(p, "black"),
            insight: param(p, "insight").and_then(InsightFilter::from_code),
            in_trash: param(p, "trash") == Some("1"),
            sort: param(p, "sort")
                .and_then(SortKey::from_code)
                .unwrap_or_default(),
            // Newest first by default for dates; A→Z for text.
            descending: match param(p, "dir") {
                Some("asc") => false,
                Some("desc") => true,
                _ => matches!(
                    param(p, "sort")
                        .and_then(SortKey::from_code)
                        .unwrap_or_default(),
                    SortKey::Updated | SortKey::Created
                ),
            },
        }
    }
}

/// A slice of the analytics results, as the dashboards drill down into the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsightFilter {
    Segment(Segment),
    Tier(Tier),
    Quadrant(Quadrant),
    Cluster(u8),
    /// An R×F grid cell: (R score, F score).
    Rf(u8, u8),
    ChurnRisk,
    /// An attitude × behaviour loyalty quadrant.
    Loyalty(Loyalty),
    /// A tenth of P(alive): bin `b` is [b/10, (b+1)/10), the last one including 1.
    PAlive(u8),
    /// A CLV histogram bin, [low, high) in whole yuan.
    Clv(i64, i64),
    /// Customers whose first order in the window fell in this month.
    Cohort(i32),
    /// Of a cohort, those who ordered again `k` months after it began.
    CohortActive(i32, u8),
    /// Ordered in the month before and in this month: the retention chart's numerator.
    Retained(i32),
    /// The latest CSAT answer.
    Csat(u8),
}

/// `2026-03` → the month's [`Period::Month`] index.
///
/// [`Period::Month`]: crate::analytics::retention::Period::Month
fn parse_month(s: &str) -> Option<i32> {
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    ((1..=12).contains(&m) && (1000..=9999).contains(&y)).then_some(y * 12 + m - 1)
}

fn month_code(m: i32) -> String {
    crate::analytics::retention::Period::Month.label(m)
}

impl InsightFilter {
    pub fn matches(self, p: &PerCustomer, key: u32) -> bool {
        match self {
            InsightFilter::Segment(s) => p.segment(key) == Some(s),
            InsightFilter::Tier(t) => p.tier(key) == Some(t),
            InsightFilter::Quadrant(q) => p.quadrant(key) == Some(q),
            InsightFilter::Cluster(c) => p.cluster(key) == Some(c),
            InsightFilter::Rf(r, f) => p.rf(key) == Some((r, f)),
            InsightFilter::ChurnRisk => p.churn_risk(key),
            InsightFilter::Loyalty(l) => p.loyalty(key) == Some(l),
            InsightFilter::PAlive(b) => p
                .p_alive
                .get(key as usize)
                .is_some_and(|&v| !v.is_nan() && p_alive_bin(v) == b as usize),
            InsightFilter::Clv(lo, hi) => p.clv.get(key as usize).is_some_and(|&v| {
                let c = clv_cents(v);
                !v.is_nan() && c >= lo * 100 && c < hi * 100
            }),
            InsightFilter::Cohort(m) => p.first_month(key) == Some(m),
            InsightFilter::CohortActive(m, k) => {
                p.first_month(key) == Some(m) && p.active_in(key, m + k as i32)
            }
            InsightFilter::Retained(m) => p.active_in(key, m - 1) && p.active_in(key, m),
            InsightFilter::Csat(v) => p.csat(key) == Some(v),
        }
    }

    /// The URL form: `segment:champions`, `tier:vip`, `quadrant:best`, `cluster:2`,
    /// `rf:5-4`, `churn`.
    pub fn code(self) -> String {
        match self {
            InsightFilter::Segment(s) => format!("segment:{}", s.code()),
            InsightFilter::Tier(t) => format!("tier:{}", t.code()),
            InsightFilter::Quadrant(q) => format!("quadrant:{}", q.code()),
            InsightFilter::Cluster(c) => format!("cluster:{c}"),
            InsightFilter::Rf(r, f) => format!("rf:{r}-{f}"),
            InsightFilter::ChurnRisk => "churn".into(),
            InsightFilter::Loyalty(l) => format!("loyalty:{}", l.code()),
            InsightFilter::PAlive(b) => format!("palive:{b}"),
            InsightFilter::Clv(lo, hi) => format!("clv:{lo}-{hi}"),
            InsightFilter::Cohort(m) => format!("cohort:{}", month_code(m)),
            InsightFilter::CohortActive(m, k) => format!("cohort:{}+{k}", month_code(m)),
            InsightFilter::Retained(m) => format!("retained:{}", month_code(m)),
            InsightFilter::Csat(v) => format!("csat:{v}"),
        }
    }

    pub fn from_code(s: &str) -> Option<InsightFilter> {
        let (kind, v) = s.split_once(':').unwrap_or((s, ""));
        Some(match kind {
            "segment" => InsightFilter::Segment(*Segment::ALL.iter().find(|x| x.code() == v)?),
            "tier" => InsightFilter::Tier(*Tier::ALL.iter().find(|x| x.code() == v)?),
            "quadrant" => InsightFilter::Quadrant(*QUADRANTS.iter().find(|x| x.code() == v)?),
            "cluster" => InsightFilter::Cluster(v.parse().ok()?),
            "rf" => {
                let (r, f) = v.split_once('-')?;
                let (r, f) = (r.parse().ok()?, f.parse().ok()?);
                if !(1..=5).contains(&r) || !(1..=5).contains(&f) {
                    return None;
                }
                InsightFilter::Rf(r, f)
            }
            "churn" if v.is_empty() => InsightFilter::ChurnRisk,
            "loyalty" => InsightFilter::Loyalty(*Loyalty::ALL.iter().find(|x| x.code() == v)?),
            "palive" => InsightFilter::PAlive(v.parse().ok().filter(|&b: &u8| b < 10)?),
            "clv" => {
                let (lo, hi) = v.split_once('-')?;
                let (lo, hi): (i64, i64) = (lo.parse().ok()?, hi.parse().ok()?);
                if lo < 0 || hi <= lo {
                    return None;
                }
                InsightFilter::Clv(lo, hi)
            }
            "cohort" => match v.split_once('+') {
                Some((m, k)) => InsightFilter::CohortActive(parse_month(m)?, k.parse().ok()?),
                None => InsightFilter::Cohort(parse_month(v)?),
            },
            "retained" => InsightFilter::Retained(parse_month(v)?),
            "csat" => InsightFilter::Csat(v.parse().ok().filter(|&x: &u8| (1..=5).contains(&x))?),
            _ => return None,
        })
    }
}

/// Distinct owners and tags among live customers, for the filter menus, sorted.
pub fn facets(rows: &[CustomerRow]) -> (Vec<String>, Vec<String>) {
    let mut owners: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut seen_tags = std::collections::HashSet::new();
    let mut seen_owners = std::collections::HashSet::new();
    for r in rows.iter().filter(|r| !r.deleted) {
        if !r.owner.is_empty() && seen_owners.insert(r.owner.as_str()) {
            owners.push(r.owner.clone());
        }
        for t in &r.tags {
            if seen_tags.insert(normalise_tag(t)) {
                tags.push(t.clone());
            }
        }
    }
    owners.sort();
    tags.sort_by_key(|t| fold(t));
    (owners, tags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::insights::{NO_MONTH, NONE};
    use crate::validate::blank_customer;

    fn customer(n: u32, name: &str) -> Customer {
        let mut c = blank_customer(Id(format!("id{n:03}")), n, Millis(n as i64));
        c.name = name.into();
        c
    }

    fn rows(cs: &[Customer]) -> Vec<CustomerRow> {
        cs.iter().map(CustomerRow::from_customer).collect()
    }

    fn names(rows: &[CustomerRow], hits: &[usize]) -> Vec<String> {
        hits.iter().map(|&i| rows[i].name.clone()).collect()
    }

    /// November 2026.
    const M0: i32 = 2026 * 12 + 10;

    #[test]
    fn insight_filters_select_the_analysed_slice_and_round_trip_as_codes() {
        let rs = rows(&[customer(1, "a"), customer(2, "b"), customer(3, "c")]);
        let per = PerCustomer {
            segment: vec![NONE, 0, 8, NONE],
            tier: vec![NONE, 0, 3, 4],
            quadrant: vec![NONE, 0, 3, NONE],
            cluster: vec![NONE, 1, 0, NONE],
            p_alive: vec![f32::NAN, 0.95, 0.31, f32::NAN],
            clv: vec![f32::NAN, 1200.0, 99.99, f32::NAN],
            churn_risk: vec![0, 0, 1, 0],
            rf: vec![0, 5 * 16 + 4, 16 + 5, 0],
            loyalty: vec![NONE, 2, NONE, 0],
            first_month: vec![NO_MONTH, M0 - 3, M0 - 1, NO_MONTH],
            months: vec![0, (1 << 3) | (1 << 1), (1 << 1) | 1, 0],
            months_to: M0,
            csat: vec![NONE, NONE, 4, NONE],
        };
        let hits = |f: InsightFilter| {
            let q = CustomerQuery {
                insight: Some(f),
                ..Default::default()
            };
            names(&rs, &q.run_with(&rs, None, Some(&per)))
        };
        assert_eq!(hits(InsightFilter::Segment(Segment::Champions)), ["a"]);
        assert_eq!(hits(InsightFilter::Segment(Segment::CantLoseThem)), ["b"]);
        assert_eq!(hits(InsightFilter::Tier(Tier::Inactive)), ["c"]);
        assert_eq!(hits(InsightFilter::Rf(5, 4)), ["a"]);
        assert_eq!(hits(InsightFilter::ChurnRisk), ["b"]);
        assert_eq!(hits(InsightFilter::Cluster(1)), ["a"]);
        assert_eq!(hits(InsightFilter::Loyalty(Loyalty::True)), ["c"]);
        assert_eq!(hits(InsightFilter::PAlive(9)), ["a"]);
        assert_eq!(hits(InsightFilter::PAlive(3)), ["b"]);
        assert_eq!(hits(InsightFilter::Clv(1000, 2000)), ["a"]);
        assert_eq!(hits(InsightFilter::Clv(0, 100)), ["b"]);
        assert_eq!(hits(InsightFilter::Cohort(M0 - 3)), ["a"]);
        assert_eq!(hits(InsightFilter::CohortActive(M0 - 3, 2)), ["a"]);
        assert!(hits(InsightFilter::CohortActive(M0 - 3, 1)).is_empty());
        assert_eq!(hits(InsightFilter::Retained(M0)), ["b"]);
        assert!(hits(InsightFilter::Retained(M0 - 1)).is_empty());
        assert_eq!(hits(InsightFilter::Csat(4)), ["b"]);
        let q = CustomerQuery {
            insight: Some(InsightFilter::ChurnRisk),
            ..Default::default()
        };
        assert!(q.run(&rs).is_empty(), "no results yet: nobody matches");
        for f in [
            InsightFilter::Segment(Segment::AtRisk),
            InsightFilter::Tier(Tier::Vip),
            InsightFilter::Quadrant(Quadrant::Spenders),
            InsightFilter::Cluster(3),
            InsightFilter::Rf(1, 5),
            InsightFilter::ChurnRisk,
            InsightFilter::Loyalty(Loyalty::Inertia),
            InsightFilter::PAlive(0),
            InsightFilter::Clv(500, 1000),
            InsightFilter::Cohort(M0),
            InsightFilter::CohortActive(M0 - 11, 11),
            InsightFilter::Retained(M0),
            InsightFilter::Csat(5),
        ] {
            assert_eq!(InsightFilter::from_code(&f.code()), Some(f));
        }
        assert_eq!(InsightFilter::Cohort(M0).code(), "cohort:2026-11");
        for bad in [
            "rf:6-1",
            "segment:nobody",
            "churn:1",
            "tier:",
            "x",
            "palive:10",
            "clv:5-5",
            "cohort:2026-13",
            "retained:26-01",
            "csat:0",
        ] {
            assert_eq!(InsightFilter::from_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn search_matches_chinese_names_phones_emails_and_tags() {
        let mut a = customer(1, "王芳");
        a.mobile = "138-0013-8000".into();
        let mut b = customer(2, "Zhang Wei");
        b.email = "Wei.Zhang@Example.com".into();
        b.tags = vec!["VIP".into()];
        let mut c = customer(3, "王建国");
        c.tags = vec!["老客户".into()];
        let rs = rows(&[a, b, c]);
        let q = |t: &str| {
            let q = CustomerQuery {
                text: t.into(),
                sort: SortKey::Name,
                ..Default::default()
            };
            names(&rs, &q.run(&rs))
        };
        assert_eq!(q("王"), vec!["王建国", "王芳"]);
        assert_eq!(q("13800138000"), vec!["王芳"]);
        assert_eq!(q("example.COM"), vec!["Zhang Wei"]);
        assert_eq!(q("ｖｉｐ"), vec!["Zhang Wei"]);
        assert_eq!(q("老客户 王"), vec!["王建国"]);
        assert!(q("nobody").is_empty());
    }

    #[test]
    fn filters_combine_and_deleted_are_hidden() {
        let mut a = customer(1, "A");
        a.stage = LifecycleStage::User;
        a.owner = "Li".into();
        a.key_account = true;
        let mut b = customer(2, "B");
        b.stage = LifecycleStage::User;
        let mut c = customer(3, "C");
        c.stage = LifecycleStage::User;
        c.owner = "Li".into();
        c.deleted = Some(Millis(9));
        let rs = rows(&[a, b, c]);
        let q = CustomerQuery {
            stage: Some(LifecycleStage::User),
            owner: Some("Li".into()),
            ..Default::default()
        };
        assert_eq!(names(&rs, &q.run(&rs)), vec!["A"]);
        let q = CustomerQuery {
            key_account: Some(false),
            ..Default::default()
        };
        assert_eq!(names(&rs, &q.run(&rs)), vec!["B"]);
        assert_eq!(facets(&rs).0, vec!["Li"]);
    }

    #[test]
    fn names_follow_a_given_collation() {
        let rs = rows(&[
            customer(1, "张三"),
            customer(2, "李四"),
            customer(3, "王五"),
        ]);
        let q = CustomerQuery {
            sort: SortKey::Name,
            ..Default::default()
        };
        assert_eq!(
            names(&rs, &q.run(&rs)),
            vec!["张三", "李四", "王五"],
            "code points"
        );
        // Pinyin: li < wang < zhang.
        let pinyin = [2, 0, 1];
        assert_eq!(
            names(&rs, &q.run_ranked(&rs, Some(&pinyin))),
            vec!["李四", "王五", "张三"]
        );
        assert_eq!(
            q.run_ranked(&rs, Some(&[0])),
            q.run(&rs),
            "wrong length ignored"
        );
    }

    #[test]
    fn sorting_is_total_and_reversible() {
        let cs: Vec<Customer> = (0..5).map(|i| customer(i, "same")).collect();
        let rs = rows(&cs);
        let asc = CustomerQuery {
            sort: SortKey::Name,
            ..Default::default()
        };
        let desc = CustomerQuery {
            descending: true,
            ..asc.clone()
        };
        let mut a = asc.run(&rs);
        let d = desc.run(&rs);
        assert_eq!(a, vec![0, 1, 2, 3, 4], "ties fall back to id order");
        a.reverse();
        assert_eq!(a, d);
    }
}
