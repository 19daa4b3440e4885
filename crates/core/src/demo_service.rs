//! The demo's service desk, from a generator of its own (so the rest of the demo stays
//! as it was): about one ticket per twenty live customers over the last four months,
//! inquiries most often, then complaints and faults. Those older than a week are
//! resolved or closed, answered within hours, with a note or call, a resolution and,
//! for complaints and faults, a root cause; the recent ones are still open, a few of
//! them past their service level.

use crate::article::Article;
use crate::contract::{Contract, ContractKind};
use crate::demo::{DemoSpec, NameStyle, Rng};
use crate::sla::{Priority, TicketType};
use crate::ticket::{Channel, RootCause, Ticket, TicketNote, TicketStatus};
use crate::{
    Cents, Customer, CustomerType, Day, Id, LifecycleStage, Millis, Product, Staff, StaffRole,
    SurveyResponse, Task,
};

/// Subjects by type, in the order of [`TicketType::ALL`].
fn subjects(style: NameStyle) -> [&'static [&'static str]; 6] {
    match style {
        NameStyle::Chinese => [
            &[
                "如何开具发票",
                "会员积分怎么查",
                "能否加急发货",
                "产品保修期多久",
            ],
            &[
                "收到的货物破损",
                "配送超时三天",
                "客服态度不好",
                "价格与报价不符",
            ],
            &["设备无法开机", "系统登录报错", "打印机卡纸", "屏幕显示异常"],
            &["尺码不合适要换货", "颜色与图片不符退货", "多发了一件"],
            &["新品使用回访", "维修后回访"],
            &["生日问候", "老客户节日关怀"],
        ],
        NameStyle::English => [
            &[
                "How do I get an invoice",
                "Checking loyalty points",
                "Can delivery be rushed",
                "How long is the warranty",
            ],
            &[
                "Goods arrived damaged",
                "Delivery three days late",
                "Rude service at the counter",
                "Price differs from the quote",
            ],
            &[
                "Device will not start",
                "Login error in the app",
                "Printer jams",
                "Screen flickers",
            ],
            &[
                "Wrong size, exchange wanted",
                "Colour not as pictured",
                "One item too many",
            ],
            &["Follow-up after first use", "Follow-up after repair"],
            &[
                "Birthday greetings",
                "Season's greetings to a long-time customer",
            ],
        ],
    }
}

fn words(style: NameStyle) -> [&'static str; 3] {
    match style {
        NameStyle::Chinese => ["已回电说明情况", "已处理完毕，客户满意", "已安排上门检查"],
        NameStyle::English => [
            "Called back and explained",
            "Sorted out; the customer is happy",
            "Engineer visit arranged",
        ],
    }
}

/// The tickets, and the ratings (CSAT responses) half of the resolved ones were given.
pub(crate) fn tickets(
    spec: &DemoSpec,
    customers: &[Customer],
    staff: &[Staff],
    products: &[Product],
) -> (Vec<Ticket>, Vec<SurveyResponse>) {
    let mut rng = Rng::new(spec.seed ^ 0x7ac4_0000);
    let [said, resolved_words, visit] = words(spec.style);
    let subjects = subjects(spec.style);
    let service: Vec<&str> = (staff.iter())
        .filter(|s| s.role == StaffRole::Service)
        .map(|s| s.id.0.as_str())
        .collect();
    // `h` hours into the shop's day `d`.
    let offset = spec.utc_offset_min as i64 * 60_000;
    let hour = |d: i32, h: f64| Millis(Day(d).start_millis().0 + (h * 3_600_000.0) as i64 - offset);
    let (mut out, mut ratings) = (Vec::new(), Vec::new());
    for c in customers
        .iter()
        .filter(|c| c.stage != LifecycleStage::Churned)
    {
        if !rng.chance(0.05) {
            continue;
        }
        let r = rng.f64();
        let k = [0.35, 0.55, 0.75, 0.85, 0.95]
            .iter()
            .filter(|&&x| r >= x)
            .count();
        let kind = TicketType::ALL[k];
        let day = spec.today.0 - rng.below(120) as i32;
        let opened = hour(day, 9.0 + 8.0 * rng.f64());
        let mut t = Ticket::new(Id::v7(opened.0 as u64, rng.bytes10()), c.id.clone(), opened);
        t.kind = kind;
        t.subject = rng.pick(subjects[k]).to_string();
        let about_goods = matches!(
            kind,
            TicketType::Complaint | TicketType::Fault | TicketType::Return
        );
        if about_goods && !products.is_empty() && rng.chance(0.8) {
            t.product = Some(rng.pick(products).id.clone());
        }
        t.channel = *rng.pick(&Channel::ALL);
        t.priority = match rng.f64() {
            x if x < 0.1 => Priority::Urgent,
            x if x < 0.35 => Priority::High,
            x if x < 0.85 => Priority::Normal,
            _ => Priority::Low,
        };
        t.assignee = match service.is_empty() {
            true => c.owner.clone(),
            false => rng.pick(&service).to_string(),
        };
        let recent = spec.today.0 - day < 7;
        // Nothing happens after the shop's today ends.
        let end = hour(spec.today.0 + 1, 0.0).0 - 60_000;
        let now = |h: f64| Millis((opened.0 + (h * 3_600_000.0) as i64).min(end));
        t.set_status(TicketStatus::Assigned, now(0.2));
        if recent && rng.chance(0.6) {
            // Still open: some answered, some waiting, a few left too long.
            if rng.chance(0.5) {
                t.log(note(now(0.5 + rng.f64()), &t.assignee, said));
                t.set_status(TicketStatus::InProgress, now(1.5));
            }
        } else {
            let answered = 0.2 + 3.0 * rng.f64();
            t.log(note(now(answered), &t.assignee, said));
            if kind == TicketType::Fault && rng.chance(0.5) {
                t.log(TicketNote {
                    call: false,
                    ..note(now(answered + 1.0), &t.assignee, visit)
                });
            }
            let done = answered + 2.0 + 30.0 * rng.f64();
            t.resolution = resolved_words.to_string();
            if matches!(
                kind,
                TicketType::Complaint | TicketType::Fault | TicketType::Return
            ) {
                t.root_cause = Some(*rng.pick(&RootCause::ALL));
            }
            t.set_status(TicketStatus::Resolved, now(done));
            if rng.chance(0.7) {
                t.set_status(TicketStatus::Closed, now(done + 24.0));
            }
            if rng.chance(0.5) {
                let at = now(done + 2.0);
                let id = Id::v7(at.0 as u64, rng.bytes10());
                let score = rating(&mut rng, kind);
                // A score of the scale, a day not after today: always accepted.
                ratings.extend(t.rate(score, "", id, at.day(), at).ok());
            }
        }
        out.push(t);
    }
    (out, ratings)
}

/// A customer's score: mostly satisfied, complaints less so.
fn rating(rng: &mut Rng, kind: TicketType) -> u8 {
    let r = rng.f64()
        + if kind == TicketType::Complaint {
            0.25
        } else {
            0.0
        };
    match r {
        x if x < 0.45 => 5,
        x if x < 0.75 => 4,
        x if x < 0.9 => 3,
        x if x < 1.0 => 2,
        _ => 1,
    }
}

/// Service contracts for about one business customer in six (a year's, some ending
/// within the month, a few already over) and warranties on a product for about one
/// customer in twenty-five, each with its renewal task while in force.
pub(crate) fn contracts(
    spec: &DemoSpec,
    customers: &[Customer],
    products: &[Product],
) -> (Vec<Contract>, Vec<Task>) {
    let mut rng = Rng::new(spec.seed ^ 0xc047_0000);
    let today = spec.today;
    let (service, warranty, renew) = match spec.style {
        NameStyle::Chinese => ("年度维保合同", "延长保修", "续签："),
        NameStyle::English => ("Annual maintenance", "Extended warranty", "Renew: "),
    };
    let coverage = match spec.style {
        NameStyle::Chinese => "上门维修、配件更换、4 小时响应",
        NameStyle::English => "On-site repairs, parts, 4-hour response",
    };
    let (mut out, mut tasks) = (Vec::new(), Vec::new());
    for c in customers
        .iter()
        .filter(|c| c.stage != LifecycleStage::Churned)
    {
        let business = c.customer_type == CustomerType::Business;
        let kind = match rng.f64() {
            x if business && x < 0.17 => ContractKind::Service,
            x if x > 0.96 && !products.is_empty() => ContractKind::Warranty,
            _ => continue,
        };
        // Started up to 13 months ago: a few have ended, some end this month.
        let start = Day(today.0 - rng.below(395) as i32);
        let at = Millis(start.start_millis().0 + 10 * 3_600_000);
        let id = Id::v7(at.0 as u64, rng.bytes10());
        let mut k = Contract::new(id, c.id.clone(), start, at);
        k.kind = kind;
        k.owner = c.owner.clone();
        match kind {
            ContractKind::Service => {
                k.title = service.to_string();
                k.coverage = coverage.to_string();
                k.value = Cents(100 * (1_200 + 600 * rng.below(8) as i64));
            }
            ContractKind::Warranty => {
                let p = rng.pick(products);
                k.title = format!("{warranty} · {}", p.name);
                k.product = Some(p.id.clone());
                k.end = Day(start.add_months(24).0 - 1);
                k.value = Cents(100 * (99 + 100 * rng.below(3) as i64));
            }
        }
        let title = format!("{renew}{}", k.title);
        tasks.extend(k.renewal(None, &title, today, at));
        out.push(k);
    }
    (out, tasks)
}

/// A small knowledge base: the answers the demo's desk gives most.
pub(crate) fn articles(spec: &DemoSpec) -> Vec<Article> {
    let pages: &[(&str, &str, &str)] = match spec.style {
        NameStyle::Chinese => &[
            (
                "开具发票",
                "在收银台或线上订单页申请，提供抬头和税号，增值税普通发票当天开具，专用发票三个工作日内寄出。",
                "发票, 咨询",
            ),
            (
                "设备无法开机",
                "先检查电源适配器和插座；长按电源键 10 秒强制重启；仍无反应请登记故障工单并安排上门检查。",
                "故障, 设备",
            ),
            (
                "退换货流程",
                "七天内凭小票可无理由退换货；商品需完好并带齐配件；质量问题十五天内可换货。",
                "退换货, 售后",
            ),
            (
                "配送延误的处理",
                "查询物流单号确认位置，向客户致歉并告知预计到达时间；超过三天可补偿优惠券。",
                "投诉, 配送",
            ),
            (
                "会员积分查询",
                "在会员小程序“我的积分”查看，也可在收银台报手机号查询；积分每年底清零。",
                "会员, 咨询",
            ),
        ],
        NameStyle::English => &[
            (
                "Issuing an invoice",
                "Ask at the till or on the order page with the company name and tax number; ordinary invoices are issued the same day, special ones posted within three working days.",
                "invoice, inquiry",
            ),
            (
                "A device will not start",
                "Check the power adapter and socket; hold the power button for 10 seconds to force a restart; if nothing happens, open a fault ticket and book a visit.",
                "fault, device",
            ),
            (
                "Returns and exchanges",
                "Within seven days, with the receipt, goods can be returned for any reason if complete with accessories; faulty goods can be exchanged within fifteen days.",
                "returns, after-sales",
            ),
            (
                "When a delivery is late",
                "Look up the tracking number, apologise and give the expected arrival; past three days, offer a coupon.",
                "complaint, delivery",
            ),
            (
                "Checking loyalty points",
                "Points are shown under “My points” in the members' app, or at the till by phone number; they expire at the end of each year.",
                "loyalty, inquiry",
            ),
        ],
    };
    let at = Millis(Day(spec.today.0 - 200).start_millis().0);
    let mut rng = Rng::new(spec.seed ^ 0xa271_0000);
    (pages.iter())
        .enumerate()
        .map(|(n, (title, body, tags))| {
            let when = Millis(at.0 + n as i64 * 86_400_000);
            Article {
                title: title.to_string(),
                body: body.to_string(),
                tags: crate::validate::parse_tags(tags),
                ..Article::new(Id::v7(when.0 as u64, rng.bytes10()), when)
            }
        })
        .collect()
}

fn note(at: Millis, by: &str, text: &str) -> TicketNote {
    TicketNote {
        at,
        by: by.to_string(),
        call: true,
        text: text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::date::Zone;
    use crate::demo::{DemoSpec, NameStyle, generate};
    use crate::sla::{Policy, Standing};
    use crate::ticket::check_ticket;
    use crate::{Day, Millis};

    #[test]
    fn the_demo_desk_has_done_and_open_tickets_some_past_their_service_level() {
        let today = Day(20_600);
        let d = generate(&DemoSpec::standard(today, NameStyle::Chinese));
        let n = d.tickets.len();
        assert!((50..200).contains(&n), "{n} tickets");
        let (policy, zone) = (Policy::default(), Zone::fixed(480));
        let now = Millis(Day(today.0 + 1).start_millis().0 - 1);
        let open: Vec<_> = d.tickets.iter().filter(|t| t.status.is_open()).collect();
        assert!(
            !open.is_empty() && open.len() * 4 < n,
            "{} open of {n}",
            open.len()
        );
        let late = open
            .iter()
            .filter(|t| t.service(&policy, now, &zone).worst() == Standing::Breached)
            .count();
        assert!(
            late > 0 && late < open.len(),
            "{late} late of {}",
            open.len()
        );
        for t in &d.tickets {
            assert_eq!(
                check_ticket(t.clone(), today).as_ref(),
                Ok(t),
                "{}",
                t.subject
            );
            if !t.status.is_open() {
                assert!(!t.resolution.is_empty() && t.first_response.is_some());
            }
        }
        assert!(d.tickets.iter().any(|t| t.root_cause.is_some()));
        let products: Vec<_> = d
            .tickets
            .iter()
            .filter_map(|t| t.product.as_ref())
            .collect();
        assert!(
            products.len() > 10
                && products
                    .iter()
                    .all(|p| d.products.iter().any(|x| x.id == **p))
        );
        // Half the done ones were rated, each rating a response the demo holds.
        let rated: Vec<_> = d.tickets.iter().filter_map(|t| t.rating.as_ref()).collect();
        let done = n - open.len();
        assert!(
            rated.len() * 3 > done && rated.len() * 3 < done * 2,
            "{} of {done}",
            rated.len()
        );
        assert!(
            rated
                .iter()
                .all(|id| d.responses.iter().any(|r| r.id == **id))
        );
    }

    #[test]
    fn the_demo_holds_contracts_warranties_and_articles_each_contract_with_its_renewal_task() {
        use crate::contract::{ContractKind, Standing, check_contract};
        let today = Day(20_600);
        let d = generate(&DemoSpec::standard(today, NameStyle::English));
        let k = &d.contracts;
        let kinds = |kind| k.iter().filter(|c| c.kind == kind).count();
        assert!(
            kinds(ContractKind::Service) > 20 && kinds(ContractKind::Warranty) > 10,
            "{}",
            k.len()
        );
        let standing = |s| k.iter().filter(|c| c.standing(today) == s).count();
        assert!(standing(Standing::Ending) > 0 && standing(Standing::Expired) > 0);
        for c in k {
            assert_eq!(check_contract(c.clone()).as_ref(), Ok(c));
            let task = d.tasks.iter().find(|t| t.id == c.renewal_id());
            assert_eq!(task.is_some(), c.end >= today, "{}", c.title);
        }
        assert_eq!(d.articles.len(), 5);
        for a in &d.articles {
            assert_eq!(crate::article::check_article(a.clone()).as_ref(), Ok(a));
        }
    }
}
