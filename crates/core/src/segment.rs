//! Saved segments (客户细分, DOMAIN.md §4): a customer-list filter kept by name — any
//! of the list's filters, the analytics' slices included (an RFM segment such as
//! "Can't lose them", the value pyramid's VIPs, a cluster). A segment keeps the filter,
//! never its members: they are found afresh each time it is used, so it follows the
//! data. A record of the whole shop, so it is backed up and synced like any other.

use crate::validate::{self, Field, FieldError, MAX_NAME, MAX_TEXT, Problem};
use crate::{Day, Id, Millis};
use serde::{Deserialize, Serialize};

/// The customer list's parameters a segment keeps: what picks customers, not how they
/// are shown (sort, page) nor the trash.
pub const FILTER_KEYS: [&str; 10] = [
    "q", "kind", "type", "stage", "level", "owner", "tag", "key", "black", "insight",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub id: Id,
    pub name: String,
    /// The list's filter parameters, in [`FILTER_KEYS`]' order.
    pub filter: Vec<(String, String)>,
    pub created: Millis,
    pub updated: Millis,
}

impl Segment {
    /// The segment `name` of a list's parameters (see [`Segment::filter_of`]).
    pub fn new(id: Id, name: &str, params: &[(String, String)], now: Millis) -> Segment {
        Segment {
            id,
            name: name.to_string(),
            filter: Segment::filter_of(params),
            created: now,
            updated: now,
        }
    }

    /// The filter in a list's parameters: the keys of [`FILTER_KEYS`] with a value, in
    /// that order (so the same filter is the same segment however it was reached).
    pub fn filter_of(params: &[(String, String)]) -> Vec<(String, String)> {
        FILTER_KEYS
            .iter()
            .filter_map(|&k| {
                let (_, v) = params
                    .iter()
                    .find(|(pk, v)| pk == k && !v.trim().is_empty())?;
                Some((k.to_string(), v.trim().to_string()))
            })
            .collect()
    }
}

impl crate::kinds::Doc for Segment {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo::created("segments");

    crate::kinds::doc_accessors!(shop);

    fn when(&self) -> f64 {
        self.created.0 as f64
    }

    fn check(self, _refs: &crate::kinds::Refs, _today: Day) -> Result<Self, Vec<FieldError>> {
        check_segment(self)
    }
}

/// The rules a segment obeys, whoever wrote it: a name; a filter of at least one of
/// [`FILTER_KEYS`], each once, values within [`MAX_TEXT`].
pub fn check_segment(s: Segment) -> Result<Segment, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut err = |field, problem| errs.push(FieldError { field, problem });
    let name = validate::line(&s.name, MAX_NAME, Field::SegmentName, &mut err);
    if name.is_empty() {
        err(Field::SegmentName, Problem::Required);
    }
    if s.filter.is_empty() {
        err(Field::SegmentFilter, Problem::Required);
    }
    let mut seen = Vec::new();
    for (k, v) in &s.filter {
        if !FILTER_KEYS.contains(&k.as_str()) || seen.contains(&k) || v.is_empty() {
            err(Field::SegmentFilter, Problem::Inconsistent);
        }
        seen.push(k);
        validate::line(v, MAX_TEXT, Field::SegmentFilter, &mut err);
    }
    validate::merged(Ok(Segment { name, ..s }), errs)
}

/// The demo's segments: the customers not to lose, the pyramid's VIPs, the business
/// customers, and the first seller's own.
pub fn demo(spec: &crate::demo::DemoSpec, staff: &[crate::Staff]) -> Vec<Segment> {
    let mut rng = crate::demo::Rng::new(spec.seed ^ 0x5e65_e475);
    let zh = spec.style == crate::demo::NameStyle::Chinese;
    let at = Millis(spec.today.start_millis().0 - 20 * 86_400_000);
    let pick = |a: &str, b: &str| if zh { a } else { b }.to_string();
    let mut list = vec![
        (
            pick("不能失去的客户", "Can't lose them"),
            ("insight", "segment:cant_lose_them".to_string()),
        ),
        (
            pick("金字塔顶端 VIP", "Pyramid VIPs"),
            ("insight", "tier:vip".to_string()),
        ),
        (
            pick("企业客户", "Business customers"),
            ("type", "business".to_string()),
        ),
    ];
    if let Some(s) = staff.first() {
        let name = pick(
            &format!("{}的客户", s.name),
            &format!("{}'s customers", s.name),
        );
        list.push((name, ("owner", s.id.0.clone())));
    }
    list.into_iter()
        .map(|(name, (k, v))| {
            let id = Id::v7(at.0 as u64, rng.bytes10());
            Segment::new(id, &name, &[(k.to_string(), v)], at)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_segment_keeps_the_filter_in_one_order_and_nothing_else() {
        let params = p(&[
            ("sort", "name"),
            ("insight", "segment:cant_lose"),
            ("page", "3"),
            ("kind", "person"),
            ("tag", " "),
        ]);
        let s = Segment::new(Id("s".into()), "  流失风险大客户 ", &params, Millis(1));
        assert_eq!(
            s.filter,
            p(&[("kind", "person"), ("insight", "segment:cant_lose")])
        );
        let s = check_segment(s).unwrap();
        assert_eq!(s.name, "流失风险大客户");
    }

    #[test]
    fn a_segment_needs_a_name_and_a_filter_of_known_keys() {
        let bad = |name: &str, filter| {
            let s = Segment {
                filter,
                ..Segment::new(Id("s".into()), name, &[], Millis(1))
            };
            check_segment(s)
                .unwrap_err()
                .into_iter()
                .map(|e| e.problem)
                .collect::<Vec<_>>()
        };
        assert_eq!(bad("", Vec::new()), [Problem::Required, Problem::Required]);
        assert_eq!(bad("x", p(&[("page", "2")])), [Problem::Inconsistent]);
        assert_eq!(
            bad("x", p(&[("tag", "a"), ("tag", "b")])),
            [Problem::Inconsistent]
        );
    }
}
