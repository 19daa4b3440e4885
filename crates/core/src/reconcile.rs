//! Reconciling two versions of a shared record (the sync issue's conflicts): a push
//! refused as stale (CouchDB's 409), or conflict branches found on the server, are
//! merged field by field against the base version the device kept, the last one both
//! sides had.
//!
//! - A field changed on one side only takes that side's value, silently.
//! - A field changed on both sides to the same value takes it.
//! - A field changed differently on both sides keeps the value of the later write (the
//!   greater [`Rev`]: its count, then its device), so every device that merges the same
//!   two versions ends with the same record; the other value is recorded as a
//!   [`FieldConflict`] until someone picks. Nothing is ever lost.
//! - An edit beats a delete: a record deleted on one side and changed on the other is
//!   kept, as changed; deleted on one side and untouched on the other, it goes.
//!
//! Fields are a document's top-level members (a customer's contacts are one field).
//! The bookkeeping members ([`BOOKKEEPING`]) are not merged: the caller stamps the
//! result with a new revision. `updated` takes the later time and `created` the
//! earlier: two devices that made the same record (a care rule's task, whose id is
//! derived from what called for it) made it once, at the first of their times.

use crate::sync::Rev;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Members of a document that are the replication's, not the record's.
pub const BOOKKEEPING: &[&str] = &["_id", "_rev", "_conflicts", "_deleted", crate::sync::STAMP];
/// The member that says when the record was last changed: the later one is kept.
const UPDATED: &str = "updated";
/// The member that says when the record was made: the earlier one is kept.
const CREATED: &str = "created";
/// The members that say when, not what: a merge that differs from a version only in
/// these is that version.
pub const TIMES: &[&str] = &[CREATED, UPDATED];

/// One version of a record: its body and the write that made it; `None` for a deleted
/// record.
#[derive(Debug, Clone, PartialEq)]
pub struct Version<'a> {
    pub body: Option<&'a Map<String, Value>>,
    pub rev: &'a Rev,
}

/// A field both sides changed differently: the value kept and the one set aside, with
/// the write that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub field: String,
    pub kept: Value,
    pub other: Value,
    pub other_rev: Rev,
}

/// The merge of two versions.
#[derive(Debug, Clone, PartialEq)]
pub enum Merged {
    /// Deleted on one side, untouched (or deleted) on the other.
    Deleted,
    /// The record, and the fields set aside (sorted by field).
    Kept {
        body: Map<String, Value>,
        conflicts: Vec<FieldConflict>,
    },
}

/// Merges `a` and `b`, both descended from `base` (`None`: the record was new on both
/// sides, or no base was kept). The result does not depend on which side is `a`.
pub fn merge(base: Option<&Map<String, Value>>, a: Version, b: Version) -> Merged {
    let (a_body, b_body) = match (a.body, b.body) {
        (None, None) => return Merged::Deleted,
        (Some(x), None) => return deleted_one_side(base, x),
        (None, Some(y)) => return deleted_one_side(base, y),
        (Some(x), Some(y)) => (x, y),
    };
    // The later write wins a field both changed; the same on every device.
    let (win, lose, lose_rev) = if a.rev >= b.rev {
        (a_body, b_body, b.rev)
    } else {
        (b_body, a_body, a.rev)
    };
    let empty = Map::new();
    let base = base.unwrap_or(&empty);
    let mut fields: Vec<&String> = (win.keys().chain(lose.keys()).chain(base.keys()))
        .filter(|k| !BOOKKEEPING.contains(&k.as_str()))
        .collect();
    fields.sort();
    fields.dedup();
    let mut body = Map::new();
    let mut conflicts = Vec::new();
    for f in fields {
        let (o, w, l) = (base.get(f), win.get(f), lose.get(f));
        let value = if f == UPDATED {
            later(w, l)
        } else if f == CREATED {
            earlier(w, l)
        } else if w == l || l == o {
            w
        } else if w == o {
            l
        } else {
            conflicts.push(FieldConflict {
                field: f.clone(),
                kept: w.cloned().unwrap_or(Value::Null),
                other: l.cloned().unwrap_or(Value::Null),
                other_rev: lose_rev.clone(),
            });
            w
        };
        if let Some(v) = value {
            body.insert(f.clone(), v.clone());
        }
    }
    Merged::Kept { body, conflicts }
}

/// Merges the live conflict branches of one document, the server's winner first, into
/// one record: each branch in turn with what the ones before made, field by field as
/// [`merge`] does. `base` is a version every branch descends from, when the device has
/// one; without it a field the branches hold differently is set aside even if only one
/// changed it (no side can be told unchanged). Every value that lost is in the
/// conflicts, each naming the value finally kept.
pub fn merge_branches(
    base: Option<&Map<String, Value>>,
    branches: &[Version],
) -> Option<(Map<String, Value>, Vec<FieldConflict>)> {
    let (first, rest) = branches.split_first()?;
    let mut body = without_bookkeeping(first.body?);
    let mut rev = first.rev.clone();
    let mut conflicts: Vec<FieldConflict> = Vec::new();
    for b in rest {
        if b.body.is_none() {
            continue;
        }
        let now = Version {
            body: Some(&body),
            rev: &rev,
        };
        if let Merged::Kept {
            body: m,
            conflicts: c,
        } = merge(base, now, b.clone())
        {
            body = m;
            conflicts.extend(c);
        }
        rev = rev.max(b.rev.clone());
    }
    // A later branch may have changed what an earlier merge kept: the list names the
    // final value, and a value that finally won is no longer set aside.
    for c in &mut conflicts {
        c.kept = body.get(&c.field).cloned().unwrap_or(Value::Null);
    }
    conflicts.retain(|c| c.other != c.kept);
    let mut unique: Vec<FieldConflict> = Vec::new();
    for c in conflicts {
        if !unique
            .iter()
            .any(|u| u.field == c.field && u.other == c.other)
        {
            unique.push(c);
        }
    }
    Some((body, unique))
}

/// One side deleted the record, the other has `kept`: it goes only if `kept` is the
/// base, untouched.
fn deleted_one_side(base: Option<&Map<String, Value>>, kept: &Map<String, Value>) -> Merged {
    let unchanged = base.is_some_and(|b| same_record(b, kept));
    if unchanged {
        Merged::Deleted
    } else {
        Merged::Kept {
            body: without_bookkeeping(kept),
            conflicts: Vec::new(),
        }
    }
}

fn same_record(x: &Map<String, Value>, y: &Map<String, Value>) -> bool {
    without_bookkeeping(x) == without_bookkeeping(y)
}

/// The record's own members of a document.
pub(crate) fn without_bookkeeping(m: &Map<String, Value>) -> Map<String, Value> {
    (m.iter())
        .filter(|(k, _)| !BOOKKEEPING.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The earlier of two times (numbers), or whichever there is.
fn earlier<'v>(x: Option<&'v Value>, y: Option<&'v Value>) -> Option<&'v Value> {
    match (x, y) {
        (Some(a), Some(b)) if b.as_f64() < a.as_f64() => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}

/// The record's members of a document other than its times ([`TIMES`]).
pub(crate) fn without_times(m: &Map<String, Value>) -> Map<String, Value> {
    let mut m = without_bookkeeping(m);
    m.retain(|k, _| !TIMES.contains(&k.as_str()));
    m
}

/// The later of two times (numbers), or whichever there is.
fn later<'v>(x: Option<&'v Value>, y: Option<&'v Value>) -> Option<&'v Value> {
    match (x, y) {
        (Some(a), Some(b)) if b.as_f64() > a.as_f64() => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn rev(n: u64, by: &str) -> Rev {
        Rev { n, by: by.into() }
    }

    /// The merge of two versions that both have the record.
    fn both(
        base: Option<&Map<String, Value>>,
        (a, ra): (&Map<String, Value>, &Rev),
        (b, rb): (&Map<String, Value>, &Rev),
    ) -> Merged {
        let v = |body, rev| Version {
            body: Some(body),
            rev,
        };
        merge(base, v(a, ra), v(b, rb))
    }

    fn kept(m: Merged) -> (Map<String, Value>, Vec<FieldConflict>) {
        match m {
            Merged::Kept { body, conflicts } => (body, conflicts),
            Merged::Deleted => panic!("deleted"),
        }
    }

    #[test]
    fn fields_changed_on_one_side_merge_silently() {
        let base = obj(
            json!({"name": "王芳", "city": "上海", "phone": "1", "updated": 10, "kehu": {"n": 1, "by": "d0", "author": "li"}}),
        );
        let a = obj(json!({"name": "王芳", "city": "杭州", "phone": "1", "updated": 20}));
        let b = obj(
            json!({"name": "王芳", "city": "上海", "phone": "2", "updated": 15, "email": "w@x.cn"}),
        );
        let (ra, rb) = (rev(5, "d1"), rev(7, "d2"));
        let (body, conflicts) = kept(both(Some(&base), (&a, &ra), (&b, &rb)));
        assert_eq!(
            Value::Object(body),
            json!({"name": "王芳", "city": "杭州", "phone": "2", "email": "w@x.cn", "updated": 20})
        );
        assert!(conflicts.is_empty());
    }

    #[test]
    fn a_record_made_on_both_sides_keeps_the_first_making_and_the_last_change() {
        let a = obj(json!({"title": "续签", "created": 300, "updated": 300}));
        let b = obj(json!({"title": "续签", "created": 100, "updated": 200}));
        let (ra, rb) = (rev(1, "d1"), rev(4, "d2"));
        let (body, conflicts) = kept(both(None, (&a, &ra), (&b, &rb)));
        assert_eq!(
            Value::Object(body),
            json!({"title": "续签", "created": 100, "updated": 300})
        );
        assert!(conflicts.is_empty(), "times are not conflicts");
    }

    #[test]
    fn the_same_field_changed_differently_keeps_the_later_write_and_sets_the_other_aside() {
        let base = obj(json!({"city": "上海", "notes": ""}));
        let a = obj(json!({"city": "杭州", "notes": ""}));
        let b = obj(json!({"city": "苏州", "notes": "VIP"}));
        let (ra, rb) = (rev(9, "d1"), rev(9, "d2"));
        let (body, conflicts) = kept(both(Some(&base), (&a, &ra), (&b, &rb)));
        assert_eq!(
            Value::Object(body),
            json!({"city": "苏州", "notes": "VIP"}),
            "d2 > d1 at the same count"
        );
        assert_eq!(
            conflicts,
            vec![FieldConflict {
                field: "city".into(),
                kept: json!("苏州"),
                other: json!("杭州"),
                other_rev: ra,
            }]
        );
    }

    #[test]
    fn an_edit_beats_a_delete_and_an_untouched_record_goes() {
        let base = obj(
            json!({"title": "回访", "done": false, "kehu": {"n": 1, "by": "d0", "author": "li"}}),
        );
        let edited = obj(
            json!({"title": "回访", "done": true, "kehu": {"n": 2, "by": "d1", "author": "li"}}),
        );
        let (r1, r2) = (rev(2, "d1"), rev(3, "d2"));
        let gone = Version {
            body: None,
            rev: &r2,
        };
        let (body, conflicts) = kept(merge(
            Some(&base),
            Version {
                body: Some(&edited),
                rev: &r1,
            },
            gone.clone(),
        ));
        assert_eq!(Value::Object(body), json!({"title": "回访", "done": true}));
        assert!(conflicts.is_empty());
        let untouched = Version {
            body: Some(&base),
            rev: &r1,
        };
        assert_eq!(merge(Some(&base), untouched, gone.clone()), Merged::Deleted);
        assert_eq!(merge(Some(&base), gone.clone(), gone), Merged::Deleted);
    }

    #[test]
    fn without_a_base_only_differing_fields_conflict() {
        let a = obj(json!({"campaign": "k1", "control": false}));
        let b = obj(json!({"campaign": "k1", "control": true, "day": 3}));
        let (ra, rb) = (rev(1, "a"), rev(1, "b"));
        let (body, conflicts) = kept(both(None, (&a, &ra), (&b, &rb)));
        assert_eq!(
            Value::Object(body),
            json!({"campaign": "k1", "control": true, "day": 3})
        );
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].other, json!(false));
    }

    fn field() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![Just(None), (0..4i64).prop_map(|n| Some(json!(n)))]
    }

    fn doc() -> impl Strategy<Value = Map<String, Value>> {
        proptest::collection::vec(field(), 4).prop_map(|fs| {
            (fs.into_iter().enumerate())
                .filter_map(|(i, v)| Some((format!("f{i}"), v?)))
                .collect()
        })
    }

    fn branches<'a>(docs: &'a [(Map<String, Value>, Rev)]) -> Vec<Version<'a>> {
        (docs.iter())
            .map(|(body, rev)| Version {
                body: Some(body),
                rev,
            })
            .collect()
    }

    #[test]
    fn branches_with_a_common_base_merge_one_sided_changes_silently() {
        let base = obj(json!({"name": "王芳", "phone": "1", "city": "北京"}));
        let docs = [
            (
                obj(json!({"name": "王芳", "phone": "2", "city": "北京"})),
                rev(5, "a"),
            ),
            (
                obj(json!({"name": "王芳", "phone": "1", "city": "上海"})),
                rev(3, "b"),
            ),
        ];
        let (body, conflicts) = merge_branches(Some(&base), &branches(&docs)).unwrap();
        assert_eq!(
            body,
            obj(json!({"name": "王芳", "phone": "2", "city": "上海"}))
        );
        assert!(conflicts.is_empty());
    }

    #[test]
    fn branches_without_a_base_keep_the_later_value_and_set_every_other_aside() {
        let docs = [
            (obj(json!({"name": "王芳", "phone": "2"})), rev(5, "a")),
            (
                obj(json!({"name": "王芳", "phone": "3", "vip": true})),
                rev(7, "b"),
            ),
            (obj(json!({"name": "王小芳", "phone": "2"})), rev(6, "c")),
        ];
        let (body, conflicts) = merge_branches(None, &branches(&docs)).unwrap();
        // The latest branch (b) holds 王芳 too: its value stands.
        assert_eq!(
            body,
            obj(json!({"name": "王芳", "phone": "3", "vip": true}))
        );
        let aside: Vec<(&str, &Value, &Value)> = (conflicts.iter())
            .map(|c| (c.field.as_str(), &c.kept, &c.other))
            .collect();
        assert_eq!(
            aside,
            [
                ("phone", &json!("3"), &json!("2")),
                ("name", &json!("王芳"), &json!("王小芳")),
            ]
        );
    }

    #[test]
    fn a_deleted_branch_takes_nothing_from_the_live_ones() {
        let docs = [(obj(json!({"name": "王芳"})), rev(5, "a"))];
        let mut all = branches(&docs);
        let r = rev(9, "b");
        all.push(Version {
            body: None,
            rev: &r,
        });
        let (body, conflicts) = merge_branches(None, &all).unwrap();
        assert_eq!(body, docs[0].0);
        assert!(conflicts.is_empty());
        assert!(merge_branches(None, &[]).is_none());
    }

    proptest! {
        /// Every device merging the same two versions ends with the same record and the
        /// same values set aside, whichever it holds as its own.
        #[test]
        fn both_orders_give_the_same_result(base in doc(), a in doc(), b in doc(), an in 0..3u64, bn in 0..3u64) {
            let (ra, rb) = (rev(an, "a"), rev(bn, "b"));
            let x = both(Some(&base), (&a, &ra), (&b, &rb));
            let y = both(Some(&base), (&b, &rb), (&a, &ra));
            prop_assert_eq!(x, y);
        }

        /// Nothing is lost: each side's value of every field it changed is in the
        /// result or set aside; a side that changed nothing gets the other side back.
        #[test]
        fn nothing_is_lost(base in doc(), a in doc(), b in doc(), an in 0..3u64, bn in 0..3u64) {
            let (ra, rb) = (rev(an, "a"), rev(bn, "b"));
            let (body, conflicts) = kept(both(Some(&base), (&a, &ra), (&b, &rb)));
            for side in [&a, &b] {
                for (k, v) in side.iter().filter(|(k, v)| base.get(*k) != Some(*v)) {
                    let kept_it = body.get(k) == Some(v);
                    let aside = conflicts.iter().any(|c| &c.field == k && (&c.other == v || &c.kept == v));
                    prop_assert!(kept_it || aside, "{k}: {v} lost");
                }
            }
            if a == base {
                prop_assert_eq!(&body, &b);
            }
        }

        /// Nothing is lost when several branches merge without a base: every value any
        /// branch holds is in the record or set aside.
        #[test]
        fn no_branch_loses_a_value(docs in proptest::collection::vec((doc(), 0..4u64), 1..4)) {
            let docs: Vec<(Map<String, Value>, Rev)> = (docs.into_iter().enumerate())
                .map(|(i, (d, n))| (d, rev(n, &i.to_string())))
                .collect();
            let (body, conflicts) = merge_branches(None, &branches(&docs)).unwrap();
            for (d, _) in &docs {
                for (k, v) in d {
                    let aside = conflicts.iter().any(|c| &c.field == k && &c.other == v);
                    prop_assert!(body.get(k) == Some(v) || aside, "{k}: {v} lost");
                }
            }
            for c in &conflicts {
                prop_assert_eq!(Some(&c.kept), body.get(&c.field));
            }
        }
    }
}
