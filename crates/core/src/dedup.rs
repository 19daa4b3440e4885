//! Finding customers recorded twice, and merging two into one.
//!
//! Candidates are pairs that share an email, a phone number or a customer number, or
//! whose names are nearly the same in the same city. Pairs are found through keys
//! (exact values, and city plus the name's first character for the fuzzy test), never
//! by comparing every customer with every other: 100,000 customers take well under a
//! second.

use crate::fxhash::FxHashMap;
use crate::text::fold;
use crate::{Customer, Millis};

/// Why two customers look like one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    SameCode,
    SameEmail,
    SamePhone,
    /// Nearly the same name, in the same city.
    SimilarName,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::SameCode => "code",
            Reason::SameEmail => "email",
            Reason::SamePhone => "phone",
            Reason::SimilarName => "name",
        }
    }
}

/// What duplicate finding looks at in a customer: borrowed from a whole [`Customer`] or
/// from the list's lighter rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Person<'a> {
    pub id: &'a str,
    pub key: u32,
    pub name: &'a str,
    pub code: &'a str,
    pub email: &'a str,
    pub phones: Vec<&'a str>,
    pub city: &'a str,
    pub deleted: bool,
}

impl<'a> Person<'a> {
    pub fn of(c: &'a Customer) -> Person<'a> {
        Person {
            id: &c.id.0,
            key: c.key,
            name: &c.name,
            code: &c.code,
            email: &c.email,
            phones: vec![&c.mobile, &c.phone],
            city: &c.city,
            deleted: c.is_deleted(),
        }
    }
}

/// Two customers (positions in the slice searched, `a < b`) and why they match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub reasons: Vec<Reason>,
}

/// Most pairs one key may produce: a value shared by hundreds of customers (a shop's
/// own phone number typed for walk-ins) is a placeholder, not a duplicate.
const MAX_GROUP: usize = 20;

/// A name reduced for comparison: folded, without spaces, punctuation or a company
/// form (有限公司, Co., Ltd.), so "上海新时代服饰有限公司" and "上海新时代服饰公司" match.
pub fn name_key(name: &str) -> String {
    let mut s: String = fold(name).chars().filter(|c| c.is_alphanumeric()).collect();
    for suffix in [
        "有限责任公司",
        "股份有限公司",
        "有限公司",
        "公司",
        "coltd",
        "ltd",
        "limited",
        "inc",
        "llc",
        "gmbh",
        "co",
    ] {
        if let Some(rest) = s.strip_suffix(suffix)
            && rest.chars().count() >= 2
        {
            s = rest.to_string();
            break;
        }
    }
    s
}

/// Whether two name keys are nearly the same: equal, or within one edit for short
/// names and within 15% of the length for longer ones.
pub fn similar(a: &str, b: &str) -> bool {
    if a == b {
        return !a.is_empty();
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let n = a.len().max(b.len());
    // Short names differing in a character are different people: 王芳/王方, 王伟芳/王伟娜,
    // and a dropped character makes another name (王伟/王伟芳).
    let cjk = a.iter().chain(&b).any(|c| !c.is_ascii());
    if n <= if cjk { 4 } else { 5 } {
        return false;
    }
    let allowed = if n <= 8 { 1 } else { (n * 15 / 100).max(1) };
    if a.len().abs_diff(b.len()) > allowed {
        return false;
    }
    edit_distance(&a, &b) <= allowed
}

/// Edit distance counting a swap of neighbours as one edit (optimal string alignment):
/// typing "zhangwie" for "zhangwei" is one slip.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, x) in d.iter_mut().take(w).enumerate() {
        *x = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// A phone number long enough to say who someone is (short ones are extensions or
/// typos).
fn phone_key(p: &str) -> Option<String> {
    let d = crate::text::phone_key(p);
    (d.len() >= 7).then_some(d)
}

/// The candidate pairs among `customers` (those in the trash are left out), strongest
/// reasons first, skipping pairs `dismissed` says are different people.
pub fn find(people: &[Person], dismissed: impl Fn(&str, &str) -> bool) -> Vec<Pair> {
    let mut groups: FxHashMap<(Reason, String), Vec<usize>> = FxHashMap::default();
    let mut names: FxHashMap<(String, char), Vec<usize>> = FxHashMap::default();
    let mut keys: Vec<String> = Vec::with_capacity(people.len());
    for (i, c) in people.iter().enumerate() {
        let key = name_key(c.name);
        if c.deleted {
            keys.push(key);
            continue;
        }
        let mut add = |r: Reason, k: String| groups.entry((r, k)).or_default().push(i);
        if !c.code.trim().is_empty() {
            add(Reason::SameCode, fold(c.code.trim()));
        }
        if !c.email.trim().is_empty() {
            add(Reason::SameEmail, c.email.trim().to_lowercase());
        }
        let mut phones: Vec<String> = c.phones.iter().filter_map(|p| phone_key(p)).collect();
        phones.sort();
        phones.dedup();
        for p in phones {
            add(Reason::SamePhone, p);
        }
        let city = fold(c.city.trim());
        if let Some(first) = key.chars().next()
            && !city.is_empty()
        {
            names.entry((city, first)).or_default().push(i);
        }
        keys.push(key);
    }
    let mut found: FxHashMap<(usize, usize), Vec<Reason>> = FxHashMap::default();
    let mut note = |a: usize, b: usize, r: Reason| {
        let v = found.entry((a.min(b), a.max(b))).or_default();
        if !v.contains(&r) {
            v.push(r);
        }
    };
    for ((reason, _), members) in &groups {
        if members.len() < 2 || members.len() > MAX_GROUP {
            continue;
        }
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                note(a, b, *reason);
            }
        }
    }
    for members in names.values() {
        if members.len() < 2 {
            continue;
        }
        // A name more than MAX_GROUP customers in one city share is a common name (王伟),
        // not one customer recorded many times.
        let mut same: FxHashMap<&str, usize> = FxHashMap::default();
        for &m in members {
            *same.entry(keys[m].as_str()).or_default() += 1;
        }
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let common = keys[a] == keys[b] && same[keys[a].as_str()] > MAX_GROUP;
                if !common && similar(&keys[a], &keys[b]) {
                    note(a, b, Reason::SimilarName);
                }
            }
        }
    }
    let mut pairs: Vec<Pair> = found
        .into_iter()
        .filter(|((a, b), _)| !dismissed(people[*a].id, people[*b].id))
        .map(|((a, b), mut reasons)| {
            reasons.sort();
            Pair { a, b, reasons }
        })
        .collect();
    pairs.sort_by(|x, y| {
        y.reasons
            .len()
            .cmp(&x.reasons.len())
            .then(x.reasons.cmp(&y.reasons))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    pairs
}

/// A stable name for a pair of customer ids, for remembering "not the same person".
pub fn pair_key(a: &str, b: &str) -> String {
    if a < b {
        format!("{a}+{b}")
    } else {
        format!("{b}+{a}")
    }
}

/// `keep` with what only `other` knows: empty fields filled in, tags, contacts, consents
/// and custom fields joined, notes appended, the earlier creation date. Identity (id,
/// key) stays `keep`'s.
pub fn merged(keep: &Customer, other: &Customer, now: Millis) -> Customer {
    let mut c = keep.clone();
    let fill = |mine: &mut String, theirs: &String| {
        if mine.trim().is_empty() {
            mine.clone_from(theirs);
        }
    };
    fill(&mut c.code, &other.code);
    fill(&mut c.phone, &other.phone);
    fill(&mut c.mobile, &other.mobile);
    fill(&mut c.email, &other.email);
    fill(&mut c.wechat, &other.wechat);
    fill(&mut c.region, &other.region);
    fill(&mut c.city, &other.city);
    fill(&mut c.address, &other.address);
    fill(&mut c.occupation, &other.occupation);
    fill(&mut c.owner, &other.owner);
    c.gender = c.gender.or(other.gender);
    c.source = c.source.or(other.source);
    c.birth_date = c.birth_date.or(other.birth_date);
    c.company_size = c.company_size.or(other.company_size);
    c.credit_rating = c.credit_rating.or(other.credit_rating);
    c.credit_limit = c.credit_limit.or(other.credit_limit);
    c.category_spend = c.category_spend.or(other.category_spend);
    c.key_account |= other.key_account;
    c.potential_key_account =
        !c.key_account && (c.potential_key_account || other.potential_key_account);
    for t in &other.tags {
        let k = crate::text::normalise_tag(t);
        if !c.tags.iter().any(|x| crate::text::normalise_tag(x) == k) {
            c.tags.push(t.clone());
        }
    }
    for k in &other.contacts {
        if !c.contacts.contains(k) {
            c.contacts.push(k.clone());
        }
    }
    for k in &other.consents {
        if c.consent(k.channel).is_none() {
            c.consents.push(k.clone());
        }
    }
    for f in &other.custom_fields {
        if !c.custom_fields.iter().any(|x| x.name == f.name) {
            c.custom_fields.push(f.clone());
        }
    }
    if !other.notes.trim().is_empty() && !c.notes.contains(other.notes.trim()) {
        c.notes = if c.notes.trim().is_empty() {
            other.notes.clone()
        } else {
            format!("{}\n\n{}", c.notes, other.notes)
        };
    }
    c.created = c.created.min(other.created);
    c.updated = now;
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;
    use crate::validate::blank_customer;

    fn c(id: &str, name: &str, city: &str) -> Customer {
        let mut c = blank_customer(Id(id.into()), 0, Millis(10));
        c.name = name.into();
        c.city = city.into();
        c
    }

    #[test]
    fn names_compare_without_company_forms_and_by_small_edits() {
        assert_eq!(name_key("上海新时代服饰有限公司"), "上海新时代服饰");
        assert_eq!(name_key("Acme Trading Co., Ltd."), "acmetrading");
        assert!(similar(
            &name_key("上海新时代服饰有限公司"),
            &name_key("上海新时代服饰公司")
        ));
        assert!(similar("zhangwei", "zhangwie"), "a typo");
        assert!(
            similar("上海新时代服饰", "上海新时代服装"),
            "one character in a longer name"
        );
        assert!(
            !similar("王芳", "王方"),
            "short names differing by one: other people"
        );
        assert!(!similar("王伟芳", "王伟娜"));
        assert!(!similar("王伟", "王伟芳"));
        assert!(similar("王伟芳", "王伟芳"), "the same name");
        assert!(!similar("李雷", "韩梅梅"));
        assert!(!similar("", ""));
    }

    #[test]
    fn finds_pairs_by_each_reason_and_skips_dismissed_and_trashed() {
        let mut a = c("a", "王芳", "北京");
        a.email = "Wang@Example.com".into();
        a.mobile = "+86 138 0000 1111".into();
        let mut b = c("b", "王芳芳", "上海");
        b.email = "wang@example.com".into();
        let mut d = c("d", "Li Lei", "Wuhan");
        d.phone = "13800001111".into();
        let e = c("e", "上海新时代服饰有限公司", "上海");
        let f = c("f", "上海新时代服饰公司", "上海");
        let g = c("g", "上海新时代服饰公司", "杭州");
        let mut h = c("h", "王芳", "北京");
        h.deleted = Some(Millis(1));
        let all = [a, b, d, e, f, g, h];
        let all: Vec<Person> = all.iter().map(Person::of).collect();
        let pairs = find(&all, |_, _| false);
        let got: Vec<(usize, usize, Vec<Reason>)> = pairs
            .iter()
            .map(|p| (p.a, p.b, p.reasons.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 1, vec![Reason::SameEmail]),
                (0, 2, vec![Reason::SamePhone]),
                (3, 4, vec![Reason::SimilarName]),
            ]
        );
        let pairs = find(&all, |x, y| pair_key(x, y) == pair_key("b", "a"));
        assert_eq!(pairs.len(), 2);
    }

    #[test]
    fn a_value_shared_by_many_is_a_placeholder() {
        let all: Vec<Customer> = (0..30)
            .map(|i| {
                let mut x = c(&format!("c{i}"), &format!("客户{i}"), "");
                x.phone = "010-8888 8888".into();
                x
            })
            .collect();
        let people: Vec<Person> = all.iter().map(Person::of).collect();
        assert!(find(&people, |_, _| false).is_empty());
        // Thirty 王伟 in Beijing are different people; two are worth a look.
        let mut all: Vec<Customer> = (0..30)
            .map(|i| c(&format!("w{i}"), "王伟", "北京"))
            .collect();
        let people: Vec<Person> = all.iter().map(Person::of).collect();
        assert!(find(&people, |_, _| false).is_empty());
        all.truncate(2);
        let people: Vec<Person> = all.iter().map(Person::of).collect();
        assert_eq!(find(&people, |_, _| false).len(), 1);
    }

    #[test]
    fn merging_fills_gaps_and_joins_lists() {
        let mut keep = c("a", "王芳", "北京");
        keep.tags = vec!["VIP".into()];
        keep.notes = "prefers mornings".into();
        keep.created = Millis(50);
        let mut other = c("b", "王芳", "");
        other.email = "w@example.com".into();
        other.tags = vec!["vip".into(), "老客户".into()];
        other.notes = "met at the fair".into();
        other.created = Millis(20);
        let m = merged(&keep, &other, Millis(99));
        assert_eq!(m.id.0, "a");
        assert_eq!(m.city, "北京");
        assert_eq!(m.email, "w@example.com");
        assert_eq!(m.tags, ["VIP", "老客户"]);
        assert_eq!(m.notes, "prefers mornings\n\nmet at the fair");
        assert_eq!((m.created, m.updated), (Millis(20), Millis(99)));
    }

    proptest::proptest! {
        /// Similarity is symmetric, and a name is similar to itself.
        #[test]
        fn similarity_is_symmetric(a in "[a-z王李张]{0,12}", b in "[a-z王李张]{0,12}") {
            proptest::prop_assert_eq!(similar(&a, &b), similar(&b, &a));
            proptest::prop_assert_eq!(similar(&a, &a), !a.is_empty());
        }
    }
}
