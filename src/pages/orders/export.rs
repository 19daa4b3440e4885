//! Every order as a file: newest first, as the list shows them, with the customer's
//! number, name and kehu ID, status, salesperson and cost; amounts as plain numbers.

use super::messages as M;
use crate::i18n::{K, Label, Lang};
use crate::state::{AppState, db};
use kehu_core::query::CustomerRow;
use kehu_core::{Cents, Day, OrderColumns};
use leptos::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// The export's header in `lang`.
fn head(lang: Lang) -> [&'static str; 9] {
    [
        K::Order.text(lang),
        K::OrderDate.text(lang),
        K::FCode.text(lang),
        M::OrdersCustomer.text(lang),
        "ID",
        K::Amount.text(lang),
        K::FOrderStatus.text(lang),
        K::FSeller.text(lang),
        K::FCost.text(lang),
    ]
}

/// One line per order, the newest (highest id) first; an order whose customer is gone
/// keeps its line with the customer cells empty. `seller` names a member of staff.
fn lines<'a>(
    all: &OrderColumns,
    customers: &'a [CustomerRow],
    lang: Lang,
    seller: impl Fn(&str) -> String,
) -> Vec<Vec<Cow<'a, str>>> {
    let by_key: HashMap<u32, &CustomerRow> = customers.iter().map(|r| (r.key, r)).collect();
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_unstable_by_key(|&k| std::cmp::Reverse(all.id[k]));
    order
        .into_iter()
        .map(|k| {
            let who = by_key.get(&all.customer[k]);
            vec![
                all.id[k].to_string().into(),
                Day(all.day[k]).to_string().into(),
                who.map_or("", |r| r.code.as_str()).into(),
                who.map_or("", |r| r.name.as_str()).into(),
                who.map_or("", |r| r.id.0.as_str()).into(),
                Cents(all.cents[k]).to_string().into(),
                all.status_of(k).label(lang).into(),
                all.seller_of(k).map(&seller).unwrap_or_default().into(),
                all.cost_of(k)
                    .map(|c| c.to_string())
                    .unwrap_or_default()
                    .into(),
            ]
        })
        .collect()
}

/// Reads every order and downloads them as CSV or a workbook.
pub(super) async fn download(
    app: AppState,
    lang: Lang,
    xlsx: bool,
    roster: Option<kehu_core::staff::Roster>,
) {
    let all = match async { db()?.all_orders().await }.await {
        Ok(a) => a,
        Err(e) => return app.report(&e),
    };
    let head = head(lang);
    let seller = |id: &str| crate::roster::owner_name(&roster, id);
    let stem = format!("kehu-orders-{}", crate::platform::today());
    app.rows.with_untracked(|rows| {
        let cells = lines(&all, rows, lang, seller);
        if xlsx {
            let bytes = kehu_core::xlsx::workbook(M::OrdersTitle.text(lang), &head, cells);
            crate::platform::download_bytes(&format!("{stem}.xlsx"), crate::platform::XLSX, &bytes);
        } else {
            let csv = kehu_core::export::to_csv(&head, cells);
            crate::platform::download(&format!("{stem}.csv"), "text/csv;charset=utf-8", &csv);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::validate::blank_customer;
    use kehu_core::{Id, Millis};

    #[test]
    fn orders_export_newest_first_and_keep_those_of_customers_gone() {
        let mut all = OrderColumns {
            id: vec![1, 2, 3],
            customer: vec![7, 9, 7],
            day: vec![20_000, 20_001, 20_002],
            cents: vec![1_050, 99, 20_000],
            ..Default::default()
        };
        all.set_terms(
            2,
            kehu_core::OrderStatus::Shipped,
            "s1",
            Some(Cents(12_000)),
        );
        let mut c = blank_customer(Id("u7".into()), 7, Millis(0));
        (c.code, c.name) = ("C-7".into(), "王芳".into());
        let rows = [CustomerRow::from_customer(&c)];
        let out = lines(&all, &rows, Lang::En, |id| format!("staff {id}"));
        let ids: Vec<&str> = out.iter().map(|l| l[0].as_ref()).collect();
        assert_eq!(ids, ["3", "2", "1"]);
        assert_eq!(
            out[0][2..].join("|"),
            "C-7|王芳|u7|200.00|Shipped, unpaid|staff s1|120.00"
        );
        assert_eq!(
            out[1][2..].join("|"),
            "|||0.99|Completed||",
            "customer gone"
        );
        let csv = kehu_core::export::to_csv(&head(Lang::En), out);
        assert!(csv.contains("Order,"), "{csv}");
    }
}
