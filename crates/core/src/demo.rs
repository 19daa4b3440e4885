//! Deterministic demo data: customers, three years of orders and interactions.
//!
//! The same seed, size and "today" always give the same data, so screenshots, tests and
//! benchmarks are repeatable. Values are skewed the way small-business revenue is (a few
//! customers bring most of it), orders follow the retail calendar (Singles' Day, the
//! year-end and Spring Festival peaks, a summer 618 bump), and lifecycle stages agree
//! with each customer's orders.

use crate::analytics::satisfaction::Dimension;
use crate::validate::blank_customer;
use crate::*;
use kehu_analytics::rng::SplitMix64;

/// Which language the generated names fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NameStyle {
    Chinese,
    English,
}

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct DemoSpec {
    pub seed: u64,
    pub customers: usize,
    pub orders: usize,
    pub interactions_per_customer: usize,
    pub today: Day,
    pub style: NameStyle,
    /// The shop's offset from UTC in minutes, so that its desk's tickets come in and
    /// are answered during its opening hours (China's unless told).
    #[serde(default = "china")]
    pub utc_offset_min: i32,
}

fn china() -> i32 {
    480
}

impl DemoSpec {
    /// The demo the app offers: about 2,000 customers and 20,000 orders.
    pub fn standard(today: Day, style: NameStyle) -> DemoSpec {
        DemoSpec {
            seed: 20_261_123,
            customers: 2_000,
            orders: 20_000,
            interactions_per_customer: 3,
            today,
            style,
            utc_offset_min: china(),
        }
    }
}

/// Generated records. Order and interaction customers are indices into `customers`
/// (the store assigns the real keys when it writes them); order ids are 0 (unsaved).
#[derive(Debug, Clone)]
pub struct DemoData {
    pub customers: Vec<Customer>,
    /// The account managers the customers belong to.
    pub staff: Vec<Staff>,
    /// A pipeline: open opportunities at every stage (fewer further on), and some won
    /// and lost in the last half year.
    pub opportunities: Vec<Opportunity>,
    /// The owners' to-do lists: the open opportunities' next steps (some overdue, most
    /// this week or next), shop chores, and tasks done in the last month.
    pub tasks: Vec<crate::Task>,
    /// Leads of the last two months, at every status, owned by region.
    pub leads: Vec<crate::Lead>,
    /// The catalogue (`demo_sales.rs`).
    pub products: Vec<crate::Product>,
    /// Quotes for the pipeline.
    pub quotes: Vec<crate::Quote>,
    /// The sellers' expense claims.
    pub expenses: Vec<crate::Expense>,
    /// Saved customer-list filters.
    pub segments: Vec<crate::Segment>,
    /// The service desk: tickets old and new (`demo_service`).
    pub tickets: Vec<crate::Ticket>,
    /// Service contracts and warranties (`demo_service`), their renewal tasks in `tasks`.
    pub contracts: Vec<crate::Contract>,
    /// The knowledge base (`demo_service`).
    pub articles: Vec<crate::Article>,
    /// Care rules, switched on (`care::demo`).
    pub care_rules: Vec<crate::care::CareRule>,
    /// Campaigns, two launched with their members' responses (`marketing::demo`).
    pub campaigns: Vec<crate::marketing::Campaign>,
    pub campaign_members: Vec<crate::marketing::CampaignMember>,
    pub orders: OrderColumns,
    /// The orders' lines, by the orders' ids here (1, 2, …), which the store replaces.
    pub lines: crate::OrderLines,
    pub interactions: Vec<Interaction>,
    /// Survey answers, by customer id.
    pub responses: Vec<SurveyResponse>,
    /// The designed surveys some responses answer.
    pub surveys: Vec<Survey>,
}

/// SplitMix64 ([`kehu_analytics::rng::SplitMix64`]): tiny, fast, and good enough for demo
/// data.
#[derive(Debug, Clone)]
pub struct Rng(SplitMix64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(SplitMix64::new(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        self.0.f64()
    }

    /// Uniform in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.f64().max(1e-12);
        let v = self.f64();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    pub fn bytes10(&mut self) -> [u8; 10] {
        let a = self.next_u64().to_le_bytes();
        let b = self.next_u64().to_le_bytes();
        [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1]]
    }
}

const ZH_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "欧阳",
];
const ZH_GIVEN: &[&str] = &[
    "芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建国", "晓东", "子涵", "欣怡", "浩然", "雨桐", "思远",
    "婷婷", "佳怡", "文博", "一鸣", "嘉欣", "志强",
];
const ZH_CITIES: &[(&str, &str)] = &[
    ("华东", "上海"),
    ("华东", "杭州"),
    ("华东", "南京"),
    ("华东", "苏州"),
    ("华北", "北京"),
    ("华北", "天津"),
    ("华南", "广州"),
    ("华南", "深圳"),
    ("西南", "成都"),
    ("西南", "重庆"),
    ("华中", "武汉"),
    ("西北", "西安"),
];
const ZH_ORG_WORDS: &[&str] = &[
    "华信",
    "恒达",
    "鑫源",
    "瑞丰",
    "长城",
    "东方",
    "嘉禾",
    "博远",
    "天成",
    "金桥",
    "新时代",
    "蓝海",
];
const ZH_INDUSTRIES: &[&str] = &["贸易", "科技", "餐饮", "建材", "物流", "服饰", "文化传媒"];
const ZH_OCCUPATIONS: &[&str] = &[
    "教师",
    "工程师",
    "医生",
    "设计师",
    "会计",
    "销售",
    "学生",
    "公务员",
];
const ZH_OWNERS: &[&str] = &["张经理", "李静", "王磊", "陈晨"];
const ZH_TAGS: &[&str] = &[
    "老客户",
    "价格敏感",
    "重视服务",
    "团购",
    "节日送礼",
    "线上",
    "门店",
    "会员",
    "推荐人",
];
const ZH_ROLES: &[&str] = &["采购经理", "总经理", "财务", "行政"];
const ZH_SUBJECTS: &[&str] = &[
    "回访满意度",
    "新品介绍",
    "报价跟进",
    "售后咨询",
    "节日问候",
    "合同续签",
    "投诉处理",
];

const EN_FIRST: &[&str] = &[
    "Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Sophia", "Lucas", "Mia", "Ethan", "Grace",
    "Henry", "Chloe", "Jack", "Ella", "Leo", "Ruby", "Oscar", "Lily", "Max",
];
const EN_LAST: &[&str] = &[
    "Smith", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright", "Green", "Hall", "Wood",
    "Clarke", "Hughes", "Lewis", "Baker", "Turner", "Hill", "Moore", "Cooper",
];
const EN_CITIES: &[(&str, &str)] = &[
    ("North", "Leeds"),
    ("North", "Manchester"),
    ("South", "London"),
    ("South", "Brighton"),
    ("West", "Bristol"),
    ("Midlands", "Birmingham"),
    ("Scotland", "Edinburgh"),
];
const EN_ORG_WORDS: &[&str] = &[
    "Northwind",
    "Bluebell",
    "Harbour",
    "Oakridge",
    "Summit",
    "Riverside",
    "Crown",
    "Meadow",
];
const EN_INDUSTRIES: &[&str] = &[
    "Trading",
    "Software",
    "Catering",
    "Building Supplies",
    "Logistics",
    "Fashion",
    "Media",
];
const EN_OCCUPATIONS: &[&str] = &[
    "Teacher",
    "Engineer",
    "Nurse",
    "Designer",
    "Accountant",
    "Sales",
    "Student",
    "Civil servant",
];
const EN_OWNERS: &[&str] = &["Alice Chen", "Ben Carter", "Dana Li", "Sam Patel"];
const EN_TAGS: &[&str] = &[
    "regular",
    "price-sensitive",
    "service-first",
    "bulk-buyer",
    "gifts",
    "online",
    "in-store",
    "member",
    "referrer",
];
const EN_ROLES: &[&str] = &["Buyer", "Managing director", "Finance", "Office manager"];
const EN_SUBJECTS: &[&str] = &[
    "Satisfaction follow-up",
    "New range",
    "Quote follow-up",
    "After-sales question",
    "Season's greetings",
    "Contract renewal",
    "Complaint",
];

/// Relative order volume by month: Spring Festival (Jan/Feb), 618 (Jun), Singles' Day
/// (Nov) and the year end are the peaks.
const MONTH_WEIGHT: [f64; 12] = [1.3, 1.1, 0.8, 0.8, 0.9, 1.2, 0.8, 0.8, 0.9, 1.0, 1.6, 1.4];

struct Vocab {
    surnames: &'static [&'static str],
    given: &'static [&'static str],
    cities: &'static [(&'static str, &'static str)],
    org_words: &'static [&'static str],
    industries: &'static [&'static str],
    occupations: &'static [&'static str],
    owners: &'static [&'static str],
    tags: &'static [&'static str],
    roles: &'static [&'static str],
    subjects: &'static [&'static str],
}

fn vocab(style: NameStyle) -> Vocab {
    match style {
        NameStyle::Chinese => Vocab {
            surnames: ZH_SURNAMES,
            given: ZH_GIVEN,
            cities: ZH_CITIES,
            org_words: ZH_ORG_WORDS,
            industries: ZH_INDUSTRIES,
            occupations: ZH_OCCUPATIONS,
            owners: ZH_OWNERS,
            tags: ZH_TAGS,
            roles: ZH_ROLES,
            subjects: ZH_SUBJECTS,
        },
        NameStyle::English => Vocab {
            surnames: EN_LAST,
            given: EN_FIRST,
            cities: EN_CITIES,
            org_words: EN_ORG_WORDS,
            industries: EN_INDUSTRIES,
            occupations: EN_OCCUPATIONS,
            owners: EN_OWNERS,
            tags: EN_TAGS,
            roles: EN_ROLES,
            subjects: EN_SUBJECTS,
        },
    }
}

fn person_name(rng: &mut Rng, v: &Vocab, style: NameStyle) -> String {
    match style {
        NameStyle::Chinese => format!("{}{}", rng.pick(v.surnames), rng.pick(v.given)),
        NameStyle::English => format!("{} {}", rng.pick(v.given), rng.pick(v.surnames)),
    }
}

fn phone(rng: &mut Rng, style: NameStyle) -> String {
    match style {
        NameStyle::Chinese => format!(
            "1{}{} {:04} {:04}",
            rng.pick(&[3, 5, 8, 9]),
            rng.below(10),
            rng.below(10_000),
            rng.below(10_000)
        ),
        NameStyle::English => format!("07{:03} {:06}", rng.below(1000), rng.below(1_000_000)),
    }
}

/// Splits `orders` over customers in proportion to `weight` (largest remainders), every
/// buyer getting at least one. Linear-logarithmic, so a million orders take milliseconds.
fn apportion(weight: &[f64], total_w: f64, buyer: &[bool], orders: usize) -> Vec<usize> {
    let n = weight.len();
    if total_w <= 0.0 {
        return vec![0; n];
    }
    let exact: Vec<f64> = weight.iter().map(|w| w / total_w * orders as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    for i in 0..n {
        if buyer[i] && counts[i] == 0 {
            counts[i] = 1;
        }
    }
    let mut assigned: usize = counts.iter().sum();
    let mut by_remainder: Vec<usize> = (0..n).filter(|&i| buyer[i]).collect();
    by_remainder.sort_by(|&a, &b| {
        let (fa, fb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    let mut k = 0;
    while assigned < orders && !by_remainder.is_empty() {
        counts[by_remainder[k % by_remainder.len()]] += 1;
        assigned += 1;
        k += 1;
    }
    // The minimum of one order each can overshoot; take back from the biggest buyers.
    let mut by_count: Vec<usize> = (0..n).collect();
    by_count.sort_by_key(|&i| (std::cmp::Reverse(counts[i]), i));
    let mut k = 0;
    while assigned > orders && k < by_count.len() * 64 {
        let i = by_count[k % by_count.len()];
        if counts[i] > 1 {
            counts[i] -= 1;
            assigned -= 1;
        }
        k += 1;
    }
    counts
}

/// Generates the demo. Pure and deterministic: the same spec gives the same data.
pub fn generate(spec: &DemoSpec) -> DemoData {
    let mut rng = Rng::new(spec.seed);
    let v = vocab(spec.style);
    let span_days = 3 * 365;
    let start = Day(spec.today.0 - span_days);
    let n = spec.customers;

    // Each customer's latent appetite: log-normal, so order counts and spend are skewed.
    let appetite: Vec<f64> = (0..n).map(|_| (1.1 * rng.normal()).exp()).collect();
    // A fifth of the customers never ordered yet (prospects).
    let buyer: Vec<bool> = (0..n).map(|_| rng.chance(0.8)).collect();
    let orgs: Vec<bool> = (0..n).map(|_| rng.chance(0.25)).collect();
    // The first day each customer could buy, and for some, the day they stopped.
    let first: Vec<i32> = (0..n)
        .map(|_| start.0 + rng.below(span_days as usize - 30) as i32)
        .collect();
    let stop: Vec<Option<i32>> = (0..n)
        .map(|i| {
            let left = spec.today.0 - first[i];
            (left > 200 && rng.chance(0.3))
                .then(|| first[i] + 60 + rng.below(left as usize - 60) as i32)
        })
        .collect();

    // Distribute orders over buyers in proportion to appetite × active time.
    let weight: Vec<f64> = (0..n)
        .map(|i| {
            if !buyer[i] {
                return 0.0;
            }
            let end = stop[i].unwrap_or(spec.today.0);
            appetite[i] * ((end - first[i]).max(1) as f64).sqrt() * if orgs[i] { 1.5 } else { 1.0 }
        })
        .collect();
    let total_w: f64 = weight.iter().sum();
    let counts = apportion(&weight, total_w, &buyer, spec.orders);

    let mut orders = OrderColumns::with_capacity(spec.orders);
    let mut last_order: Vec<Option<i32>> = vec![None; n];
    let max_w = MONTH_WEIGHT.iter().cloned().fold(0.0, f64::max);
    for i in 0..n {
        let end = stop[i].unwrap_or(spec.today.0);
        let mean_yuan = if orgs[i] { 1_800.0 } else { 260.0 } * appetite[i].powf(0.35);
        let mut days: Vec<i32> = Vec::with_capacity(counts[i]);
        for k in 0..counts[i] {
            // The first order is on the customer's first day; later ones follow the
            // seasonal calendar (rejection sampling on the month weight).
            let day = if k == 0 {
                first[i]
            } else {
                loop {
                    let d = first[i] + rng.below((end - first[i]).max(1) as usize + 1) as i32;
                    if rng.f64() * max_w < MONTH_WEIGHT[Day(d).month() as usize - 1] {
                        break d;
                    }
                }
            };
            days.push(day.min(spec.today.0));
        }
        days.sort_unstable();
        for d in days {
            let yuan = (mean_yuan * (0.6 * rng.normal()).exp()).clamp(5.0, 500_000.0);
            // Prices end in whole yuan most of the time, as shop prices do.
            let cents = if rng.chance(0.7) {
                (yuan.round() as i64) * 100
            } else {
                (yuan * 100.0).round() as i64
            };
            orders.push(0, i as u32, Day(d), Cents(cents));
            last_order[i] = Some(d);
        }
    }

    let staff = demo_staff(spec, &v);
    let mut customers = Vec::with_capacity(n);
    for i in 0..n {
        let created_day = Day(first[i] - rng.below(60) as i32);
        let created =
            Millis(created_day.start_millis().0 + 9 * 3_600_000 + rng.below(28_800_000) as i64);
        let id = Id::v7(created.0 as u64, rng.bytes10());
        let mut c = blank_customer(id, 0, created);
        let (region, city) = *rng.pick(v.cities);
        c.region = region.to_string();
        c.city = city.to_string();
        c.owner = rng.pick(&staff).id.0.clone();
        c.source = Some(*rng.pick(SourceChannel::ALL));
        let tag_count = rng.below(3);
        for _ in 0..tag_count {
            let t = rng.pick(v.tags).to_string();
            if !c.tags.contains(&t) {
                c.tags.push(t);
            }
        }
        if orgs[i] {
            c.kind = Kind::Organisation;
            c.customer_type = if rng.chance(0.2) {
                CustomerType::Channel
            } else {
                CustomerType::Business
            };
            let industry = rng.pick(v.industries);
            c.name = match spec.style {
                NameStyle::Chinese => {
                    format!("{}{}{}有限公司", city, rng.pick(v.org_words), industry)
                }
                NameStyle::English => format!("{} {} Ltd", rng.pick(v.org_words), industry),
            };
            c.occupation = industry.to_string();
            c.phone = phone(&mut rng, spec.style);
            c.company_size = Some([5, 12, 30, 80, 200][rng.below(5)]);
            c.birth_date = Some(Day(created_day.0 - 365 * (2 + rng.below(25) as i32)));
            c.credit_rating = Some(*rng.pick(CreditRating::ALL));
            c.credit_limit = Some(Cents(100 * 10_000 * (1 + rng.below(20) as i64)));
            for _ in 0..1 + rng.below(3) {
                c.contacts.push(Contact {
                    name: person_name(&mut rng, &v, spec.style),
                    role: rng.pick(v.roles).to_string(),
                    phone: phone(&mut rng, spec.style),
                    email: String::new(),
                });
            }
        } else {
            c.name = person_name(&mut rng, &v, spec.style);
            c.gender = Some(if rng.chance(0.55) {
                Gender::Female
            } else {
                Gender::Male
            });
            c.mobile = phone(&mut rng, spec.style);
            c.occupation = rng.pick(v.occupations).to_string();
            let age_days = 365 * (18 + rng.below(50) as i32) + rng.below(365) as i32;
            c.birth_date = Some(Day(spec.today.0 - age_days));
        }
        if rng.chance(0.6) {
            c.email = format!("c{}@example.com", 10_000 + i);
            c.consents.push(Consent {
                channel: ConsentChannel::Email,
                granted: rng.chance(0.8),
                date: Some(created_day),
                source: "web".into(),
            });
        }
        // Stage and relationship follow what the customer actually did.
        let orders_n = counts[i];
        c.stage = match (orders_n, stop[i], last_order[i]) {
            (0, _, _) => *rng.pick(&[
                LifecycleStage::Potential,
                LifecycleStage::Opportunity,
                LifecycleStage::Target,
            ]),
            (_, Some(s), Some(last)) if spec.today.0 - last > 240 => {
                c.churn_date = Some(Day((s + 90).min(spec.today.0)));
                LifecycleStage::Churned
            }
            (1, _, _) => LifecycleStage::Signed,
            _ => LifecycleStage::User,
        };
        c.level = match orders_n {
            0 => RelationshipLevel::Basic,
            1..=3 => RelationshipLevel::Reactive,
            4..=10 => RelationshipLevel::Accountable,
            11..=30 => RelationshipLevel::Proactive,
            _ => RelationshipLevel::Partnership,
        };
        c.key_account = orders_n > 40 || (orgs[i] && orders_n > 25);
        c.potential_key_account = !c.key_account && orders_n > 15;
        if rng.chance(0.01) {
            c.blacklisted = true;
            c.blacklist_reason = match spec.style {
                NameStyle::Chinese => "多次拖欠货款".into(),
                NameStyle::English => "Repeatedly paid late".into(),
            };
            c.arrears = Cents(100 * (500 + rng.below(5_000) as i64));
        }
        if let Some(last) = last_order[i] {
            c.updated = Millis(Day(last).start_millis().0 + 15 * 3_600_000).max(created);
        }
        customers.push(c);
    }
    with_terms(&mut orders, &customers, spec.today);

    let mut interactions = Vec::new();
    for (i, c) in customers.iter().enumerate() {
        let k = rng.below(2 * spec.interactions_per_customer + 1);
        for _ in 0..k {
            let lo = first[i] - 30;
            let day = lo + rng.below((spec.today.0 - lo).max(1) as usize) as i32;
            let at =
                Millis(Day(day).start_millis().0 + 9 * 3_600_000 + rng.below(32_400_000) as i64);
            let kind = *rng.pick(&[
                InteractionKind::Call,
                InteractionKind::Call,
                InteractionKind::Email,
                InteractionKind::Visit,
                InteractionKind::Chat,
                InteractionKind::Note,
            ]);
            interactions.push(Interaction {
                id: Id::v7(at.0 as u64, rng.bytes10()),
                customer: c.id.clone(),
                kind,
                at,
                subject: rng.pick(v.subjects).to_string(),
                note: String::new(),
                created: at,
                updated: at,
            });
        }
    }

    // Survey answers follow behaviour: customers who buy often and recently answer
    // higher, so the satisfaction dashboards and the loyalty quadrant show structure.
    let mut responses = Vec::new();
    for (i, c) in customers.iter().enumerate() {
        let Some(last) = last_order[i] else { continue };
        if !rng.chance(0.45) {
            continue;
        }
        let lapsed = (spec.today.0 - last) as f64 / 365.0;
        for _ in 0..1 + rng.below(3) {
            let attitude = (6.0 + 1.1 * (1.0 + counts[i] as f64).ln() - 2.2 * lapsed.min(2.0)
                + 1.6 * rng.normal())
            .clamp(0.0, 10.0);
            let hi = (last + 60).min(spec.today.0);
            let day = first[i] + rng.below((hi - first[i]).max(1) as usize) as i32;
            let mut answers = vec![Answer {
                question: Question::Nps,
                score: attitude.round() as u8,
            }];
            if rng.chance(0.7) {
                let v = (1.0 + attitude * 0.42 + 0.6 * rng.normal())
                    .round()
                    .clamp(1.0, 5.0);
                answers.push(Answer {
                    question: Question::Csat,
                    score: v as u8,
                });
            }
            if rng.chance(0.5) {
                let v = (2.0 + attitude * 0.5 + 0.8 * rng.normal())
                    .round()
                    .clamp(1.0, 7.0);
                answers.push(Answer {
                    question: Question::Ces,
                    score: v as u8,
                });
            }
            let at = Millis(Day(day).start_millis().0 + 10 * 3_600_000);
            responses.push(SurveyResponse {
                answers,
                ..SurveyResponse::blank(
                    Id::v7(at.0 as u64, rng.bytes10()),
                    c.id.clone(),
                    Day(day),
                    at,
                )
            });
        }
    }

    let surveys = demo_surveys(spec, &mut rng);
    // The designed surveys ran in the last year, each answered by some of the customers
    // who bought then; answers again follow how each customer buys.
    for (i, c) in customers.iter().enumerate() {
        let Some(last) = last_order[i] else { continue };
        if spec.today.0 - last > 365 {
            continue;
        }
        let attitude = (1.1 * (1.0 + counts[i] as f64).ln()
            - 1.5 * (spec.today.0 - last) as f64 / 365.0)
            .clamp(-1.0, 3.0);
        for (s, share) in surveys.iter().zip([0.12, 0.10, 0.15]) {
            if !rng.chance(share) {
                continue;
            }
            let day = Day((last - rng.below(30) as i32).max(spec.today.0 - 360));
            let items = s
                .items
                .iter()
                .map(|it| demo_answer(s, it, attitude, &mut rng))
                .collect();
            let at = Millis(day.start_millis().0 + 11 * 3_600_000);
            responses.push(SurveyResponse {
                survey: Some(s.id.clone()),
                items,
                ..SurveyResponse::blank(Id::v7(at.0 as u64, rng.bytes10()), c.id.clone(), day, at)
            });
        }
    }

    let opportunities = demo_opportunities(spec, &customers);
    let staff = with_quotas(staff, &opportunities, spec.today);
    let mut tasks = demo_tasks(spec, &opportunities, &staff);
    let leads = demo_leads(spec, &staff);
    let products = crate::demo_sales::products(spec);
    let quotes = crate::demo_sales::quotes(spec, &opportunities, &products);
    for (i, id) in orders.id.iter_mut().enumerate() {
        *id = i as u32 + 1;
    }
    let lines = crate::demo_sales::lines(&orders, &products);
    let expenses = crate::demo_sales::expenses(spec, &staff, &opportunities);
    let segments = crate::segment::demo(spec, &staff);
    crate::marketing::demo::consents(&mut customers);
    let (campaigns, campaign_members) =
        crate::marketing::demo::campaigns(spec, &customers, &segments, &staff, &orders);
    let (tickets, ratings) = crate::demo_service::tickets(spec, &customers, &staff, &products);
    responses.extend(ratings);
    let (contracts, renewals) = crate::demo_service::contracts(spec, &customers, &products);
    tasks.extend(renewals);
    DemoData {
        segments,
        tickets,
        contracts,
        articles: crate::demo_service::articles(spec),
        care_rules: crate::care::demo(spec),
        campaigns,
        campaign_members,
        customers,
        opportunities,
        tasks,
        leads,
        products,
        quotes,
        expenses,
        staff,
        orders,
        lines,
        interactions,
        responses,
        surveys,
    }
}

/// The shop's account managers, a year before "today": three selling, one in service,
/// each covering a region. Drawn from a generator of their own, so the customers and
/// orders stay the same as before staff existed.
/// A number from 0 to 1 fixed by `i` and `salt` (splitmix64): order terms drawn this
/// way leave the main generator's sequence, and so every other record, as it was.
pub(crate) fn unit(i: usize, salt: u64) -> f64 {
    let mut z = (i as u64 ^ salt.rotate_left(17)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) as f64 / u64::MAX as f64
}

/// Gives the demo's orders a seller (the customer's owner), a cost (55–75 % of the
/// amount) and a status: the last fortnight's still moving (open, paid, shipped), a
/// few of the last two months shipped on credit and not yet paid, one in a hundred of
/// the last year returned and one in two hundred cancelled; the rest completed.
fn with_terms(orders: &mut OrderColumns, customers: &[Customer], today: Day) {
    for i in 0..orders.len() {
        let age = today.0 - orders.day[i];
        let (r, amount) = (unit(i, 1), orders.cents[i]);
        let status = match age {
            ..=14 if r < 0.25 => OrderStatus::Open,
            ..=14 if r < 0.4 => OrderStatus::Paid,
            ..=14 if r < 0.55 => OrderStatus::Shipped,
            ..=60 if r < 0.08 => OrderStatus::Shipped,
            ..=365 if r > 0.995 => OrderStatus::Cancelled,
            ..=365 if r > 0.985 => OrderStatus::Returned,
            _ => OrderStatus::Completed,
        };
        let cost = Cents((amount as f64 * (0.55 + 0.2 * unit(i, 2))).round() as i64);
        let seller = customers
            .get(orders.customer[i] as usize)
            .map_or("", |c| c.owner.as_str());
        orders.set_terms(i, status, seller, Some(cost));
    }
}

fn demo_staff(spec: &DemoSpec, v: &Vocab) -> Vec<Staff> {
    let mut rng = Rng::new(spec.seed ^ 0x57AF_F000);
    let at = Millis(Day(spec.today.0 - 365).start_millis().0 + 9 * 3_600_000);
    v.owners
        .iter()
        .enumerate()
        .map(|(k, name)| Staff {
            role: [
                StaffRole::Manager,
                StaffRole::Sales,
                StaffRole::Sales,
                StaffRole::Service,
            ][k % 4],
            region: v.cities[k * 3 % v.cities.len()].0.to_string(),
            phone: phone(&mut rng, spec.style),
            commission_bp: [300, 500, 500, 200][k % 4],
            ..Staff::new(Id::v7(at.0 as u64 + k as u64, rng.bytes10()), name, at)
        })
        .collect()
}

/// Monthly quotas for those who sell: a stretch of a quarter over what each won in an
/// average month of the last six (at least ¥20,000, in steps of ¥5,000), so the month
/// and the quarter under way are partly met.
fn with_quotas(mut staff: Vec<Staff>, opps: &[Opportunity], today: Day) -> Vec<Staff> {
    use crate::opportunity::Standing;
    let step = 500_000; // ¥5,000
    let since = Day(today.0 - 182);
    for s in staff.iter_mut().filter(|s| s.role != StaffRole::Service) {
        let won: i64 = opps
            .iter()
            .filter(|o| o.owner == s.id.0 && o.standing == Standing::Won)
            .filter(|o| o.entered().day() >= since)
            .map(|o| o.amount.0)
            .sum();
        let want = (won / 6 * 5 / 4).max(2_000_000);
        s.quota = Some(crate::Cents((want + step - 1) / step * step));
    }
    staff
}

/// What the demo's opportunities are about, their next steps, competitors and lost
/// reasons, in the demo's language.
fn opportunity_words(style: NameStyle) -> [&'static [&'static str]; 4] {
    match style {
        NameStyle::Chinese => [
            &[
                "年度采购合同",
                "门店设备升级",
                "会员系统定制",
                "季度补货",
                "新品试用",
                "批量团购",
                "续约谈判",
            ],
            &[
                "发送报价单",
                "安排上门演示",
                "等待采购审批",
                "约见决策人",
                "寄送样品",
                "确认合同条款",
            ],
            &["恒通贸易", "华信科技", "本地经销商"],
            &["价格高于竞争对手", "预算取消", "选择了竞争对手", "需求变化"],
        ],
        NameStyle::English => [
            &[
                "Annual supply contract",
                "Store equipment upgrade",
                "Loyalty system",
                "Quarterly restock",
                "New range trial",
                "Bulk order",
                "Renewal",
            ],
            &[
                "Send the quote",
                "Book a demo visit",
                "Waiting for purchase approval",
                "Meet the decision maker",
                "Send samples",
                "Agree contract terms",
            ],
            &["Hengtong Trading", "Northwind", "a local distributor"],
            &[
                "Price above a competitor's",
                "Budget cancelled",
                "Chose a competitor",
                "Needs changed",
            ],
        ],
    }
}

/// The demo's pipeline, drawn from a generator of its own (so the rest of the demo stays
/// as it was): about one opportunity per twelve live customers, organisations more
/// often; open ones thin out stage by stage as a funnel does, closing within three
/// months; the rest won or lost in the last six, each with its stage history.
fn demo_opportunities(spec: &DemoSpec, customers: &[Customer]) -> Vec<Opportunity> {
    use crate::opportunity::{Stage, Standing};
    let mut rng = Rng::new(spec.seed ^ 0x0995_0000);
    let [titles, steps, rivals, reasons] = opportunity_words(spec.style);
    let day_ms = |d: i32, h: i64| Millis(Day(d).start_millis().0 + h * 3_600_000);
    let mut out = Vec::new();
    for c in customers
        .iter()
        .filter(|c| c.stage != LifecycleStage::Churned)
    {
        let org = c.kind == Kind::Organisation;
        if !rng.chance(if org { 0.2 } else { 0.05 }) {
            continue;
        }
        let started = spec.today.0 - 10 - rng.below(170) as i32;
        let mut o = Opportunity::new(
            Id::v7(day_ms(started, 10).0 as u64, rng.bytes10()),
            c.id.clone(),
            day_ms(started, 10),
        );
        o.title = rng.pick(titles).to_string();
        let base = if org { 30_000.0 } else { 3_000.0 };
        o.amount = Cents(((base * (0.8 * rng.normal()).exp()).round() as i64).max(500) * 100);
        o.owner = c.owner.clone();
        // How far it got: fewer at each stage than at the one before.
        let r = rng.f64();
        let reached = [0.4, 0.67, 0.88].iter().filter(|&&x| r >= x).count();
        let mut at = started;
        for st in &Stage::ALL[1..=reached] {
            at = (at + 3 + rng.below(20) as i32).min(spec.today.0);
            o.move_to(Standing::Open(*st), day_ms(at, 14));
        }
        // The further it got, the likelier it is decided.
        let closed = rng.chance(0.35 + 0.15 * reached as f64) && at < spec.today.0 - 3;
        if closed {
            at = (at + 2 + rng.below(15) as i32).min(spec.today.0);
            let won = reached >= 2 && rng.chance(0.6) || reached == 3 && rng.chance(0.8);
            o.move_to(
                if won { Standing::Won } else { Standing::Lost },
                day_ms(at, 16),
            );
            o.close = Some(Day(at));
            if !won {
                o.lost_reason = rng.pick(reasons).to_string();
            }
        } else {
            o.close = Some(Day(spec.today.0 + 5 + rng.below(85) as i32));
            o.next_step = rng.pick(steps).to_string();
        }
        if org && rng.chance(0.4) {
            o.competitors = rng.pick(rivals).to_string();
        }
        o.updated = day_ms(at, 16);
        out.push(o);
    }
    out
}

/// The demo's tasks, from a generator of their own: seven in ten open opportunities have
/// their next step as a task (due from three days ago to twelve days ahead, a visit
/// when the step is one, urgent when due within two days, important when the amount is
/// large); a few shop chores about no customer; and done tasks of the last month.
fn demo_tasks(spec: &DemoSpec, opps: &[Opportunity], staff: &[Staff]) -> Vec<crate::Task> {
    use crate::task::{Task, TaskKind};
    let mut rng = Rng::new(spec.seed ^ 0x7a5c_0000);
    let chinese = spec.style == NameStyle::Chinese;
    let at = |d: i32| Millis(Day(d).start_millis().0 + 8 * 3_600_000);
    let mut out = Vec::new();
    let add = |rng: &mut Rng, due: i32, title: &str, kind: TaskKind| {
        let created = (due - 7).min(spec.today.0 - 1);
        let mut t = Task::new(
            Id::v7(at(created).0 as u64, rng.bytes10()),
            Day(due),
            at(created),
        );
        t.title = title.to_string();
        t.kind = kind;
        if rng.chance(0.4) {
            t.time = Some(9 * 60 + 30 * rng.below(18) as u16);
            t.remind = Some(15);
        }
        t
    };
    for o in opps.iter().filter(|o| o.standing.is_open()) {
        if !rng.chance(0.7) || o.next_step.is_empty() {
            continue;
        }
        let due = spec.today.0 - 3 + rng.below(16) as i32;
        let visit = ["上门", "约见", "demo", "Meet"]
            .iter()
            .any(|w| o.next_step.contains(w));
        let kind = if visit {
            TaskKind::Visit
        } else {
            TaskKind::Call
        };
        let mut t = add(&mut rng, due, &o.next_step, kind);
        t.owner = o.owner.clone();
        t.customer = Some(o.customer.clone());
        t.opportunity = Some(o.id.clone());
        t.urgent = due <= spec.today.0 + 2;
        t.important = o.amount.0 >= 2_000_000;
        out.push(t);
    }
    let chores: &[&str] = if chinese {
        &[
            "盘点库存",
            "整理本月客户名单",
            "准备季度销售会议",
            "更新产品价目表",
        ]
    } else {
        &[
            "Stock count",
            "Tidy this month's customer list",
            "Prepare the quarterly sales meeting",
            "Update the price list",
        ]
    };
    let sellers: Vec<&Staff> = staff.iter().filter(|s| s.quota.is_some()).collect();
    for (n, chore) in chores.iter().enumerate() {
        let mut t = add(
            &mut rng,
            spec.today.0 + 2 * n as i32 - 1,
            chore,
            TaskKind::Todo,
        );
        t.important = n % 2 == 0;
        t.urgent = n == 0;
        if let Some(s) = sellers.get(n % sellers.len().max(1)) {
            t.owner = s.id.0.clone();
        }
        out.push(t);
    }
    let follow = if chinese {
        "电话回访"
    } else {
        "Follow-up call"
    };
    for o in opps.iter().filter(|o| !o.standing.is_open()).take(40) {
        let due = spec.today.0 - 1 - rng.below(30) as i32;
        let mut t = add(&mut rng, due, follow, TaskKind::Call);
        t.owner = o.owner.clone();
        t.customer = Some(o.customer.clone());
        t.remind = None;
        t.complete(at(due));
        out.push(t);
    }
    out
}

/// The demo's leads, from a generator of their own: sixty over the last two months, in
/// the staff's regions and a few others, from every source; the older ones further on
/// (contacted, qualified or disqualified), owned by the region rule.
fn demo_leads(spec: &DemoSpec, staff: &[Staff]) -> Vec<crate::Lead> {
    use crate::lead::{Lead, LeadStatus, open_by_owner, owner_by_region};
    let mut rng = Rng::new(spec.seed ^ 0x1ead_0000);
    let v = vocab(spec.style);
    let [titles, ..] = opportunity_words(spec.style);
    let mut out: Vec<Lead> = Vec::new();
    for n in 0..60 {
        let age = 60 - n; // oldest first
        let at = Millis(Day(spec.today.0 - age).start_millis().0 + (9 + n as i64 % 8) * 3_600_000);
        let mut l = Lead::new(Id::v7(at.0 as u64, rng.bytes10()), at);
        l.name = person_name(&mut rng, &v, spec.style);
        if rng.chance(0.5) {
            l.company = format!("{}{}", rng.pick(v.org_words), rng.pick(v.industries));
        }
        l.phone = phone(&mut rng, spec.style);
        let (region, city) = *rng.pick(v.cities);
        (l.region, l.city) = (region.to_string(), city.to_string());
        l.source = Some(*rng.pick(SourceChannel::ALL));
        if rng.chance(0.6) {
            l.interest = rng.pick(titles).to_string();
            l.amount = Some(Cents((rng.below(50) as i64 + 2) * 100_000));
        }
        let r = rng.f64() * (age as f64 / 60.0);
        l.status = match r {
            r if r < 0.15 => LeadStatus::New,
            r if r < 0.35 => LeadStatus::Contacted,
            r if r < 0.55 => LeadStatus::Qualified,
            _ if rng.chance(0.5) => LeadStatus::Disqualified,
            _ => LeadStatus::Contacted,
        };
        let open = open_by_owner(&out);
        l.owner = owner_by_region(&l.region, staff, &open)
            .map(|s| s.0)
            .unwrap_or_default();
        out.push(l);
    }
    out
}

/// One of each template, made a year before "today".
fn demo_surveys(spec: &DemoSpec, rng: &mut Rng) -> Vec<Survey> {
    let chinese = spec.style == NameStyle::Chinese;
    let at = Millis((spec.today.0 - 370) as i64 * 86_400_000);
    // A millisecond apart, so they list in template order.
    SurveyKind::ALL
        .iter()
        .enumerate()
        .map(|(i, &kind)| {
            let at = Millis(at.0 + i as i64);
            Survey::starter(kind, chinese, Id::v7(at.0 as u64, rng.bytes10()), at)
        })
        .collect()
}

/// An answer shaped so each starter item lands where a shop would expect: returns are
/// must-be, delivery one-dimensional, a birthday gift attractive, gift wrapping
/// indifferent; reliability has the widest SERVQUAL gap, tangibles the narrowest.
/// `attitude` (about −1 to 3) lifts perceptions and ratings.
fn demo_answer(s: &Survey, it: &SurveyItem, attitude: f64, rng: &mut Rng) -> ItemAnswer {
    let clamp = |v: f64, lo: u8, hi: u8| v.round().clamp(lo as f64, hi as f64) as u8;
    match s.kind {
        SurveyKind::Kano => {
            // (functional, dysfunctional) per intended category; 1 like … 5 dislike.
            const SHAPES: [[(u8, u8); 2]; 7] = [
                [(2, 5), (3, 5)], // must-be
                [(1, 5), (1, 5)], // one-dimensional
                [(1, 5), (2, 5)], // one-dimensional / must-be
                [(1, 3), (1, 4)], // attractive
                [(1, 3), (1, 4)], // attractive
                [(3, 3), (4, 3)], // indifferent
                [(1, 3), (3, 3)], // attractive / indifferent
            ];
            let shape = SHAPES[(it.id as usize - 1) % SHAPES.len()];
            let (f, d) = if rng.chance(0.75) {
                shape[rng.below(2)]
            } else {
                (1 + rng.below(5) as u8, 1 + rng.below(5) as u8)
            };
            ItemAnswer {
                item: it.id,
                first: f,
                second: Some(d),
            }
        }
        SurveyKind::Servqual => {
            let gap = match it.dimension {
                Some(Dimension::Tangibles) => 0.3,
                Some(Dimension::Reliability) => 1.4,
                Some(Dimension::Responsiveness) => 1.0,
                Some(Dimension::Assurance) => 0.6,
                Some(Dimension::Empathy) => 0.9,
                None => 0.8,
            };
            let e = 6.0 + 0.6 * rng.normal();
            let p = e - gap + 0.3 * (attitude - 1.5) + 0.8 * rng.normal();
            ItemAnswer {
                item: it.id,
                first: clamp(e, 1, 7),
                second: Some(clamp(p, 1, 7)),
            }
        }
        SurveyKind::Custom => {
            let (lo, hi) = s.scale_of(it);
            // Quality rates best, value for money worst.
            let lean = [0.08, 0.0, -0.14][(it.id as usize - 1) % 3];
            let mid = lo as f64 + (hi - lo) as f64 * (0.62 + lean);
            let v = mid + (hi - lo) as f64 * (0.12 * attitude + 0.15 * rng.normal());
            ItemAnswer {
                item: it.id,
                first: clamp(v, lo, hi),
                second: None,
            }
        }
    }
}

/// Writes orders as the CSV the command line reads (`customer_id,order_date,amount`),
/// customer key k as id `C{k+1:07}`: the benchmark data of `kehu demo`, the same bytes
/// natively and in wasm.
pub fn write_orders_csv(
    orders: &crate::OrderColumns,
    w: &mut impl std::io::Write,
) -> std::io::Result<()> {
    writeln!(w, "customer_id,order_date,amount")?;
    for i in 0..orders.len() {
        writeln!(
            w,
            "C{:07},{},{}",
            orders.customer[i] + 1,
            Day(orders.day[i]),
            crate::Cents(orders.cents[i])
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(style: NameStyle) -> DemoSpec {
        DemoSpec::standard(Day::from_ymd(2026, 11, 23).unwrap(), style)
    }

    #[test]
    fn the_demo_has_a_team_and_a_believable_pipeline() {
        use crate::opportunity::{Stage, Standing, check_opportunity};
        let s = spec(NameStyle::Chinese);
        let d = generate(&s);
        let staff: std::collections::HashSet<&str> =
            d.staff.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(staff.len(), 4);
        assert!(d.customers.iter().all(|c| staff.contains(c.owner.as_str())));
        let n = d.opportunities.len();
        assert!((100..300).contains(&n), "{n} opportunities");
        let open_at = |st| {
            let at = |o: &&Opportunity| o.standing == Standing::Open(st);
            d.opportunities.iter().filter(at).count()
        };
        let open: Vec<usize> = Stage::ALL.iter().map(|&st| open_at(st)).collect();
        assert!(
            open.windows(2).all(|w| w[0] >= w[1]) && open[3] > 0,
            "a funnel: {open:?}"
        );
        let count = |x: Standing| d.opportunities.iter().filter(|o| o.standing == x).count();
        assert!(count(Standing::Won) > 5 && count(Standing::Lost) > 5);
        let owners: std::collections::HashMap<&Id, &str> = d
            .customers
            .iter()
            .map(|c| (&c.id, c.owner.as_str()))
            .collect();
        for o in &d.opportunities {
            assert_eq!(owners[&o.customer], o.owner);
            assert!(o.close.is_some());
            assert_eq!(
                check_opportunity(o.clone()).as_ref(),
                Ok(o),
                "stored as the form would"
            );
            if o.standing.is_open() {
                assert!(o.close.unwrap() > s.today && !o.next_step.is_empty());
            } else {
                assert!(o.close.unwrap() <= s.today);
            }
        }
    }

    #[test]
    fn standard_demo_has_the_promised_size_and_is_deterministic() {
        let a = generate(&spec(NameStyle::Chinese));
        let b = generate(&spec(NameStyle::Chinese));
        assert_eq!(a.customers.len(), 2_000);
        assert_eq!(a.orders.len(), 20_000);
        assert_eq!(a.customers, b.customers);
        assert_eq!(a.orders, b.orders);
        assert!(a.interactions.len() > 3_000);
    }

    #[test]
    fn records_are_valid_and_consistent() {
        let s = spec(NameStyle::English);
        let d = generate(&s);
        let mut ids = std::collections::HashSet::new();
        for c in &d.customers {
            assert!(ids.insert(c.id.clone()), "unique ids");
            assert!(!c.name.is_empty());
            assert!(c.created.day() <= s.today);
            // What the generator writes passes the form's own validation.
            let draft = crate::validate::CustomerDraft::from_customer(c);
            if let Err(e) = draft.validate(c, s.today) {
                panic!("{}: {e:?}", c.name);
            }
        }
        for i in 0..d.orders.len() {
            assert!(d.orders.day[i] <= s.today.0);
            assert!(d.orders.day[i] >= s.today.0 - 3 * 365 - 60);
            assert!(d.orders.cents[i] >= 500);
            assert!((d.orders.customer[i] as usize) < d.customers.len());
        }
        let prospects = d
            .customers
            .iter()
            .filter(|c| c.stage == LifecycleStage::Potential)
            .count();
        assert!(prospects > 50, "some customers have not bought yet");
    }

    #[test]
    fn orders_have_sellers_costs_and_a_few_unpaid_or_returned() {
        let s = spec(NameStyle::Chinese);
        let d = generate(&s);
        let o = &d.orders;
        assert!(o.is_whole());
        let status = |st: OrderStatus| (0..o.len()).filter(|&i| o.status_of(i) == st).count();
        let unpaid: Vec<usize> = (0..o.len()).filter(|&i| o.status_of(i).unpaid()).collect();
        assert!(unpaid.len() > 20, "someone owes: {}", unpaid.len());
        assert!(
            unpaid.iter().all(|&i| s.today.0 - o.day[i] <= 60),
            "only recent orders are unpaid"
        );
        assert!(status(OrderStatus::Returned) > 0 && status(OrderStatus::Cancelled) > 0);
        assert!(status(OrderStatus::Completed) > o.len() * 9 / 10);
        for i in 0..o.len() {
            let owner = &d.customers[o.customer[i] as usize].owner;
            assert_eq!(o.seller_of(i), Some(owner.as_str()), "sold by the owner");
            let (cost, amount) = (o.cost_of(i).unwrap().0, o.cents[i]);
            assert!(cost < amount || amount < 10, "a margin on order {i}");
        }
        assert!(!receivables(o, [], |_| true).is_empty());
    }

    #[test]
    fn revenue_is_skewed_and_seasonal() {
        let d = generate(&spec(NameStyle::Chinese));
        let mut per = vec![0i64; d.customers.len()];
        let mut by_month = [0usize; 12];
        for i in 0..d.orders.len() {
            per[d.orders.customer[i] as usize] += d.orders.cents[i];
            by_month[Day(d.orders.day[i]).month() as usize - 1] += 1;
        }
        per.sort_unstable_by(|a, b| b.cmp(a));
        let total: i64 = per.iter().sum();
        let top20: i64 = per[..per.len() / 5].iter().sum();
        assert!(
            top20 as f64 > 0.55 * total as f64,
            "top 20% bring most revenue"
        );
        assert!(by_month[10] > by_month[3] * 3 / 2, "November beats April");
    }

    #[test]
    fn names_fit_the_language() {
        let zh = generate(&spec(NameStyle::Chinese));
        let en = generate(&spec(NameStyle::English));
        assert!(zh.customers.iter().all(|c| !c.name.is_ascii()));
        assert!(en.customers.iter().all(|c| c.name.is_ascii()));
    }
}
