//! The demo's catalogue and quotes: what the demo shop (a supplier of shop equipment,
//! supplies and services) sells, with stock, and quotes for its pipeline: drafted or
//! sent for the opportunities past first contact (some sent ones expired), accepted for
//! recent wins and rejected for recent losses. Generated from a seed of their own, so
//! the rest of the demo is unchanged.

use crate::demo::{DemoSpec, NameStyle, Rng, unit};
use crate::expense::Expense;
use crate::opportunity::{Stage, Standing};
use crate::product::Product;
use crate::quote::{Quote, QuoteLine, QuoteStatus, next_number};
use crate::{Cents, Day, Id, Millis, Opportunity};

/// (sku, category, name, unit, price, cost, stock) in yuan; stock `None` for services.
type Item = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    Option<i64>,
);

const CATALOGUE_ZH: &[Item] = &[
    (
        "POS-100",
        "收银设备",
        "收银一体机",
        "台",
        3980,
        2650,
        Some(24),
    ),
    ("POS-110", "收银设备", "扫码枪", "台", 268, 150, Some(85)),
    ("POS-120", "收银设备", "小票打印机", "台", 499, 320, Some(3)),
    ("POS-130", "收银设备", "钱箱", "个", 189, 95, Some(40)),
    (
        "SUP-200",
        "门店耗材",
        "热敏纸（80mm，50 卷）",
        "箱",
        120,
        70,
        Some(310),
    ),
    ("SUP-210", "门店耗材", "价格标签纸", "卷", 45, 22, Some(0)),
    (
        "SUP-220",
        "门店耗材",
        "环保购物袋（500 只）",
        "包",
        160,
        96,
        Some(120),
    ),
    ("DSP-300", "陈列设备", "展示货架", "组", 1280, 760, Some(16)),
    (
        "DSP-310",
        "陈列设备",
        "冷藏展示柜",
        "台",
        6800,
        4900,
        Some(5),
    ),
    ("DSP-320", "陈列设备", "LED 灯箱", "个", 860, 520, Some(22)),
    (
        "SRV-400",
        "软件与服务",
        "会员系统年费",
        "年",
        2400,
        600,
        None,
    ),
    (
        "SRV-410",
        "软件与服务",
        "上门安装调试",
        "次",
        300,
        120,
        None,
    ),
    ("SRV-420", "软件与服务", "延长保修", "年", 480, 150, None),
];

const CATALOGUE_EN: &[Item] = &[
    (
        "POS-100",
        "Checkout",
        "All-in-one POS terminal",
        "unit",
        3980,
        2650,
        Some(24),
    ),
    (
        "POS-110",
        "Checkout",
        "Barcode scanner",
        "unit",
        268,
        150,
        Some(85),
    ),
    (
        "POS-120",
        "Checkout",
        "Receipt printer",
        "unit",
        499,
        320,
        Some(3),
    ),
    (
        "POS-130",
        "Checkout",
        "Cash drawer",
        "unit",
        189,
        95,
        Some(40),
    ),
    (
        "SUP-200",
        "Supplies",
        "Thermal paper (80 mm, 50 rolls)",
        "box",
        120,
        70,
        Some(310),
    ),
    (
        "SUP-210",
        "Supplies",
        "Price labels",
        "roll",
        45,
        22,
        Some(0),
    ),
    (
        "SUP-220",
        "Supplies",
        "Shopping bags (500)",
        "pack",
        160,
        96,
        Some(120),
    ),
    (
        "DSP-300",
        "Display",
        "Shelving unit",
        "set",
        1280,
        760,
        Some(16),
    ),
    (
        "DSP-310",
        "Display",
        "Chilled display case",
        "unit",
        6800,
        4900,
        Some(5),
    ),
    (
        "DSP-320",
        "Display",
        "LED light box",
        "unit",
        860,
        520,
        Some(22),
    ),
    (
        "SRV-400",
        "Software & service",
        "Loyalty system, yearly",
        "year",
        2400,
        600,
        None,
    ),
    (
        "SRV-410",
        "Software & service",
        "Installation visit",
        "visit",
        300,
        120,
        None,
    ),
    (
        "SRV-420",
        "Software & service",
        "Extended warranty",
        "year",
        480,
        150,
        None,
    ),
];

/// The catalogue, added a year before "today"; the price labels are discontinued.
pub fn products(spec: &DemoSpec) -> Vec<Product> {
    let mut rng = Rng::new(spec.seed ^ 0x0091_0d00);
    let items = match spec.style {
        NameStyle::Chinese => CATALOGUE_ZH,
        NameStyle::English => CATALOGUE_EN,
    };
    let start = Day(spec.today.0 - 365).start_millis().0 + 9 * 3_600_000;
    items
        .iter()
        .enumerate()
        .map(|(n, &(sku, category, name, unit, price, cost, stock))| {
            let at = Millis(start + n as i64 * 60_000);
            Product {
                sku: sku.into(),
                category: category.into(),
                name: name.into(),
                unit: unit.into(),
                price: Cents(price * 100),
                cost: Some(Cents(cost * 100)),
                stock,
                active: sku != "SUP-210",
                ..Product::new(Id::v7(at.0 as u64, rng.bytes10()), at)
            }
        })
        .collect()
}

/// Quotes for the pipeline's opportunities (see the module's comment), numbered by
/// year in the order they were issued.
pub fn quotes(spec: &DemoSpec, opportunities: &[Opportunity], products: &[Product]) -> Vec<Quote> {
    let mut rng = Rng::new(spec.seed ^ 0x0907_e500);
    let offered: Vec<&Product> = products.iter().filter(|p| p.active).collect();
    let chinese = spec.style == NameStyle::Chinese;
    let terms = match chinese {
        true => "款到发货；报价含 13% 增值税专用发票。",
        false => "Payment before delivery; prices include a 13% VAT invoice.",
    };
    let mut out: Vec<Quote> = Vec::new();
    let mut plan: Vec<(&Opportunity, Day, QuoteStatus)> = Vec::new();
    for o in opportunities {
        let entered = o.entered().day();
        let (issued, status) = match o.standing {
            Standing::Open(Stage::InitialContact) => continue,
            // Drafted this week; sent in the last weeks (some now past their validity).
            Standing::Open(Stage::IntentReached) => (
                Day(entered.0.max(spec.today.0 - rng.below(7) as i32)),
                QuoteStatus::Draft,
            ),
            Standing::Open(_) => (
                Day(entered.0.max(spec.today.0 - rng.below(40) as i32)),
                QuoteStatus::Sent,
            ),
            Standing::Won if spec.today.0 - entered.0 < 90 => (
                Day(entered.0 - 3 - rng.below(10) as i32),
                QuoteStatus::Accepted,
            ),
            Standing::Lost if spec.today.0 - entered.0 < 90 && rng.chance(0.5) => (
                Day(entered.0 - 5 - rng.below(10) as i32),
                QuoteStatus::Rejected,
            ),
            _ => continue,
        };
        plan.push((o, issued, status));
    }
    plan.sort_by_key(|(o, d, _)| (*d, o.id.clone()));
    for (o, issued, status) in plan {
        let at = Millis(issued.start_millis().0 + 15 * 3_600_000);
        let year = issued.year();
        let number = next_number(out.iter().map(|q| q.number.as_str()), year);
        let mut q = Quote::new(
            Id::v7(at.0 as u64, rng.bytes10()),
            o.customer.clone(),
            number,
            issued,
            at,
        );
        q.opportunity = Some(o.id.clone());
        q.owner = o.owner.clone();
        q.status = status;
        q.tax_bp = 1300;
        q.terms = terms.into();
        q.valid_until = Day(issued.0 + 30);
        if status == QuoteStatus::Accepted {
            q.ordered = Some(Millis(at.0 + 86_400_000));
        }
        q.lines = lines_for(o.amount, &offered, &mut rng);
        if rng.chance(0.3) {
            q.discount_bp = 500;
        }
        out.push(q);
    }
    out
}

/// Expense claims of the sellers and managers over the last two months: the older
/// ones approved or paid (a few rejected), the recent ones submitted or still drafts;
/// some spent on one of the owner's opportunities.
pub fn expenses(
    spec: &DemoSpec,
    staff: &[crate::Staff],
    opportunities: &[Opportunity],
) -> Vec<Expense> {
    use crate::expense::{ExpenseCategory as C, ExpenseStatus as S};
    let mut rng = Rng::new(spec.seed ^ 0x0e8e_05e5);
    let chinese = spec.style == NameStyle::Chinese;
    let mut out = Vec::new();
    let sellers = staff.iter().filter(|s| {
        s.active && matches!(s.role, crate::StaffRole::Sales | crate::StaffRole::Manager)
    });
    for s in sellers {
        let theirs: Vec<&Opportunity> =
            opportunities.iter().filter(|o| o.owner == s.id.0).collect();
        // Two in the month so far (its first day included), the rest over two months.
        let (_, _, day_of_month) = spec.today.ymd();
        for n in 0..6 + rng.below(5) {
            let age = match n {
                0 | 1 => rng.below(day_of_month as usize) as i32,
                _ => rng.below(60) as i32,
            };
            let day = Day(spec.today.0 - age);
            let at = Millis(day.start_millis().0 + 18 * 3_600_000);
            let (category, lo, hi, zh, en) = *rng.pick(&[
                (C::Travel, 300usize, 2000usize, "高铁往返", "Train tickets"),
                (C::Meals, 150, 800, "客户招待", "Client dinner"),
                (C::Transport, 20, 200, "打车", "Taxi"),
                (C::Lodging, 300, 600, "酒店住宿", "Hotel"),
                (C::Gifts, 100, 1000, "节日礼品", "Holiday gifts"),
                (C::Samples, 50, 500, "样品寄送", "Samples sent"),
            ]);
            let mut x = Expense::new(Id::v7(at.0 as u64, rng.bytes10()), day, at);
            x.owner = s.id.0.clone();
            x.category = category;
            x.amount = Cents((lo as i64 + rng.below(hi - lo) as i64) * 100);
            x.note = if chinese { zh } else { en }.into();
            if !theirs.is_empty() && rng.chance(0.4) {
                let o = rng.pick(&theirs);
                x.customer = Some(o.customer.clone());
                x.opportunity = Some(o.id.clone());
            }
            x.status = match age {
                a if a < 5 => S::Draft,
                a if a < 20 => S::Submitted,
                _ if rng.chance(0.1) => S::Rejected,
                a if a < 40 => S::Approved,
                _ => S::Paid,
            };
            out.push(x);
        }
    }
    out
}

/// One to four products whose net comes near `amount`.
fn lines_for(amount: Cents, offered: &[&Product], rng: &mut Rng) -> Vec<QuoteLine> {
    let k = 1 + rng.below(4);
    let mut picked: Vec<&Product> = Vec::new();
    while picked.len() < k.min(offered.len()) {
        let p = *rng.pick(offered);
        if !picked.iter().any(|q| q.id == p.id) {
            picked.push(p);
        }
    }
    let share = amount.0 / picked.len() as i64;
    picked
        .into_iter()
        .map(|p| {
            let mut l = QuoteLine::of(p);
            l.quantity = ((share / p.price.0.max(1)) as u32).clamp(1, 500);
            if rng.chance(0.25) {
                l.discount_bp = 1000;
            }
            l
        })
        .collect()
}

/// What goes together in the demo shop's orders, by SKU: the first product of a
/// bundle is what the customer came for; each other one joins with its chance. Checkout
/// hardware brings paper and a cash drawer, software brings installation and a
/// warranty, shelving brings labels: the patterns basket analysis should find.
const BUNDLES: &[(&str, &[(&str, f64)])] = &[
    (
        "POS-100",
        &[("POS-110", 0.6), ("SRV-400", 0.5), ("SRV-420", 0.35)],
    ),
    ("POS-110", &[("SUP-200", 0.3)]),
    ("POS-120", &[("SUP-200", 0.8), ("POS-130", 0.3)]),
    ("POS-130", &[("POS-120", 0.2)]),
    ("SUP-200", &[("SUP-220", 0.25)]),
    ("SUP-220", &[("SUP-200", 0.2)]),
    ("DSP-300", &[("SUP-210", 0.7), ("DSP-310", 0.3)]),
    ("DSP-310", &[("DSP-320", 0.4)]),
    ("DSP-320", &[("SUP-210", 0.3)]),
    ("SRV-400", &[("SRV-410", 0.6)]),
    ("SRV-410", &[("SRV-400", 0.3)]),
];

/// Lines for the demo's orders (`orders.id` must be set, ascending): a bundle drawn by
/// the order, the companions at list price, one or two of each, and the product the
/// customer came for making up the rest of the amount, in as many units as its list
/// price suggests when they divide the rest evenly (else one). Every order's lines add
/// up to its amount exactly; an order too small for a companion has one line. Drawn
/// from numbers fixed by the order (`unit`), so nothing else in the demo moves.
pub fn lines(orders: &crate::OrderColumns, products: &[Product]) -> crate::OrderLines {
    let by_sku = |sku: &str| products.iter().find(|p| p.sku == sku);
    let mut out = crate::LineBuilder::default();
    for i in 0..orders.len() {
        let (main, others) = BUNDLES[(unit(i, 11) * BUNDLES.len() as f64) as usize % BUNDLES.len()];
        let Some(main) = by_sku(main) else { continue };
        let amount = orders.cents[i];
        let mut items = vec![crate::OrderItem::default()];
        let mut rest = amount;
        for (k, &(sku, chance)) in others.iter().enumerate() {
            let Some(p) = by_sku(sku) else { continue };
            if unit(i, 20 + k as u64) >= chance {
                continue;
            }
            let quantity = 1 + (unit(i, 40 + k as u64) < 0.3) as u32;
            let net = p.price.0 * quantity as i64;
            // The main line keeps at least half the amount.
            if rest - net < amount / 2 {
                continue;
            }
            rest -= net;
            items.push(item_of(p, quantity, p.price));
        }
        let quantity = units_dividing(rest, main.price.0);
        items[0] = item_of(main, quantity, Cents(rest / quantity as i64));
        out.push(orders.id[i], &items);
    }
    out.finish()
}

/// A line of `p`. Its unit cost keeps the catalogue's ratio of cost to price at the
/// price sold (a main line's price is made to fit the order's amount, so the list cost
/// could exceed it), so margin reports on the demo are believable.
fn item_of(p: &Product, quantity: u32, unit_price: Cents) -> crate::OrderItem {
    let unit_cost = p
        .cost
        .filter(|_| p.price.0 > 0)
        .map(|c| Cents((unit_price.0 as i128 * c.0 as i128 / p.price.0 as i128) as i64));
    crate::OrderItem {
        product: p.name.clone(),
        product_id: Some(p.id.clone()),
        quantity,
        unit_price,
        unit_cost,
        ..Default::default()
    }
}

/// How many units of a product listed at `list` make up `amount`: the count nearest
/// `amount / list` (at most 200) that divides it evenly, counting down; 1 if none does.
fn units_dividing(amount: i64, list: i64) -> u32 {
    let guess = (amount as f64 / list.max(1) as f64)
        .round()
        .clamp(1.0, 200.0) as i64;
    (1..=guess)
        .rev()
        .take(50)
        .find(|q| amount % q == 0)
        .unwrap_or(1) as u32
}

#[cfg(test)]
mod tests {
    use crate::demo::{DemoSpec, NameStyle, generate};
    use crate::kinds::{Doc, Refs};
    use crate::quote::QuoteStatus;

    #[test]
    fn the_demo_sells_a_catalogue_and_quotes_its_pipeline_and_every_record_passes_its_check() {
        let spec = DemoSpec {
            customers: 600,
            orders: 3000,
            ..DemoSpec::standard(crate::Day(20_400), NameStyle::Chinese)
        };
        let d = generate(&spec);
        assert_eq!(d.products.len(), 13);
        assert!(d.products.iter().any(|p| !p.active));
        let (customers, surveys) = (Default::default(), Default::default());
        let refs = Refs {
            customers: &customers,
            surveys: &surveys,
        };
        for p in &d.products {
            assert!(p.clone().check(&refs, spec.today).is_ok(), "{p:?}");
        }
        assert!(d.quotes.len() >= 10, "{}", d.quotes.len());
        for q in &d.quotes {
            assert!(q.clone().check(&refs, spec.today).is_ok(), "{q:?}");
            assert!(
                d.opportunities
                    .iter()
                    .any(|o| Some(&o.id) == q.opportunity.as_ref())
            );
        }
        let status = |s| {
            d.quotes
                .iter()
                .filter(|q| q.status_on(spec.today) == s)
                .count()
        };
        for s in [QuoteStatus::Draft, QuoteStatus::Sent, QuoteStatus::Accepted] {
            assert!(status(s) > 0, "{s:?}");
        }
        assert!(d.expenses.len() >= 8);
        let (y, m, _) = spec.today.ymd();
        let month = crate::Day::from_ymd(y, m, 1).unwrap();
        assert!(
            d.expenses.iter().filter(|x| x.day >= month).count() >= 4,
            "this month has claims"
        );
        for x in &d.expenses {
            assert!(x.clone().check(&refs, spec.today).is_ok(), "{x:?}");
        }
        let mut numbers: Vec<&str> = d.quotes.iter().map(|q| q.number.as_str()).collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), d.quotes.len(), "numbers are unique");
    }
}
