use super::*;
use crate::import::mapping::{ImportKind, suggest};
use crate::import::testing::{WHEN, ids, problems, table};
use crate::validate::{Problem, blank_customer};
use crate::{Day, Millis};

fn plan(csv: &str, stored: &[Ticket]) -> TicketPlan {
    let mut a = blank_customer(Id("c1".into()), 1, Millis(0));
    (a.name, a.code) = ("新时代服饰".into(), "C001".into());
    let mut b = blank_customer(Id("c2".into()), 2, Millis(0));
    (b.name, b.code) = ("长城物流".into(), "C002".into());
    let customers = [a, b];
    let mut t = table(csv);
    let mapping = suggest(ImportKind::Tickets, t.header(), &[], &[]);
    let mut choices = Choices::default();
    choices.add(Target::TicketType, "投诉", "complaint");
    choices.add(Target::TicketStatus, "已解决", "resolved");
    choices.add(Target::TicketChannel, "微信", "wechat");
    choices.add(Target::TicketPriority, "紧急", "urgent");
    let mut p = TicketPlanner::new(&mapping, &customers, &choices, DayOrder::default(), WHEN);
    let staff = [Staff::new(Id("s2".into()), "陈晨", Millis(0))];
    let mut kettle = Product::new(Id("p1".into()), Millis(0));
    (kettle.sku, kettle.name) = ("K-100".into(), "电水壶".into());
    p.stored(stored, &staff, &[kettle]);
    let mut out = TicketPlan::default();
    let mut id = ids();
    while let Some(row) = t.next_row() {
        p.row(row, &mut out, &mut id);
    }
    out
}

fn at(day: &str, hh: i64, mm: i64) -> Millis {
    Millis(Day::parse(day).unwrap().start_millis().0 + (hh * 60 + mm) * 60_000)
}

#[test]
fn tickets_find_their_customers_choices_assignee_and_product() {
    let csv = "客户编号,主题,类型,渠道,优先级,状态,受理时间,解决时间,处理人,产品,处理结果\n\
               C001,水壶漏水,投诉,微信,紧急,已解决,2026/1/5 09:30,2026-01-06 15:00,陈晨,K-100,换新\n\
               长城物流,发票怎么开,,,,,2026-01-07,,,,\n\
               C002,送货延迟,complaint,,,,2026-01-08 10:00,2026-01-08 11:00,,电水壶,\n";
    let p = plan(csv, &[]);
    assert_eq!(problems(&p.errors), []);
    let [a, b, c] = &p.tickets[..] else {
        panic!("{p:?}")
    };
    assert_eq!(
        (a.customer.0.as_str(), a.kind),
        ("c1", TicketType::Complaint)
    );
    assert_eq!((a.channel, a.priority), (Channel::Wechat, Priority::Urgent));
    assert_eq!(
        (a.status, a.assignee.as_str()),
        (TicketStatus::Resolved, "s2")
    );
    assert_eq!(a.opened, at("2026-01-05", 9, 30));
    assert_eq!(a.resolved, Some(at("2026-01-06", 15, 0)));
    assert_eq!(a.product, Some(Id("p1".into())));
    assert_eq!(
        (a.resolution.as_str(), a.created, a.updated),
        ("换新", WHEN.now, WHEN.now)
    );
    // Blank columns: an inquiry by phone, normal, new, opened that day.
    assert_eq!(
        (b.kind, b.channel, b.priority),
        (TicketType::Inquiry, Channel::Phone, Priority::Normal)
    );
    assert_eq!(
        (b.status, b.opened, b.resolved),
        (TicketStatus::New, at("2026-01-07", 0, 0), None)
    );
    // A resolved time without a status: resolved then; a product by its name.
    assert_eq!(
        (c.status, c.resolved),
        (TicketStatus::Resolved, Some(at("2026-01-08", 11, 0)))
    );
    assert_eq!(c.product, Some(Id("p1".into())));
    assert!(p.tickets.iter().all(|t| t.id.0.starts_with("new-")));
}

#[test]
fn unknown_customers_choices_staff_products_dates_and_repeats_are_named() {
    let mut stored = Ticket::new(Id("t".into()), Id("c1".into()), Millis(0));
    stored.subject = "水壶漏水".into();
    stored.opened = at("2026-01-05", 9, 30);
    let csv = "Customer,Subject,Type,Opened,Assignee,Product\n\
               C001,水壶漏水,,2026-01-05 09:30,,\n\
               C009,X,,,,\n\
               C002,Y,maybe,,,\n\
               C002,Z,,,Nobody,\n\
               C002,W,,,,Toaster\n\
               C002,V,,someday,,\n\
               C002,,,,,\n\
               C002,U,,2026-01-09 08:00,,\n\
               c002,u,,2026-01-09 08:00,,\n\
               C002,Later,,2027-01-01,,\n";
    let p = plan(csv, &[stored]);
    assert_eq!(p.tickets.len(), 1, "{:?}", problems(&p.errors));
    assert_eq!(
        problems(&p.skipped),
        [
            (2, Some(1), ImportProblem::AlreadyStored),
            (10, Some(1), ImportProblem::Duplicate { first: 9 })
        ]
    );
    assert_eq!(
        problems(&p.errors),
        [
            (3, Some(0), ImportProblem::UnknownCustomer),
            (4, Some(2), ImportProblem::NotAChoice),
            (5, Some(4), ImportProblem::UnknownStaff),
            (6, Some(5), ImportProblem::UnknownProduct),
            (7, Some(3), ImportProblem::NotADate),
            (8, Some(1), ImportProblem::Field(Problem::Required)),
            (11, Some(3), ImportProblem::Field(Problem::DateInFuture)),
        ]
    );
}
