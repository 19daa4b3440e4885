//! Telling other tabs what changed, so two open tabs stay consistent.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// What a committed write touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// These customers were created, edited, deleted or restored.
    Customers(Vec<String>),
    /// Records of one kind (see `kehu_core::kinds`), of these customers, changed.
    Records {
        kind: String,
        customers: Vec<String>,
    },
    /// Orders of these customer keys changed.
    Orders(Vec<u32>),
    /// Survey designs changed.
    Surveys,
    /// The values sync set aside (conflicts between devices) changed.
    Conflicts,
    /// Anything may have changed (bulk load, erase).
    All,
}

impl Change {
    fn encode(&self) -> String {
        match self {
            Change::Customers(ids) => format!("c:{}", ids.join(",")),
            Change::Records { kind, customers } => format!("d:{kind}:{}", customers.join(",")),
            Change::Orders(keys) => format!(
                "o:{}",
                keys.iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Change::Surveys => "s:".into(),
            Change::Conflicts => "x:".into(),
            Change::All => "a:".into(),
        }
    }

    fn decode(s: &str) -> Option<Change> {
        let (kind, rest) = s.split_once(':')?;
        let list = || -> Vec<String> {
            rest.split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        Some(match kind {
            "c" => Change::Customers(list()),
            "d" => {
                let (kind, ids) = rest.split_once(':')?;
                Change::Records {
                    kind: kind.to_string(),
                    customers: ids
                        .split(',')
                        .filter(|x| !x.is_empty())
                        .map(str::to_string)
                        .collect(),
                }
            }
            "o" => Change::Orders(list().iter().filter_map(|k| k.parse().ok()).collect()),
            "s" => Change::Surveys,
            "x" => Change::Conflicts,
            "a" => Change::All,
            _ => return None,
        })
    }
}

type Listeners = Rc<RefCell<Vec<Box<dyn Fn(&Change)>>>>;

/// A BroadcastChannel per database name, for other tabs, and the same announcements
/// delivered in this tab to [`ChangeFeed::subscribe_here`] (the channel does not deliver
/// a tab's own messages back to it).
#[derive(Clone)]
pub struct ChangeFeed {
    channel: Option<web_sys::BroadcastChannel>,
    listeners: Listeners,
    here: Listeners,
}

impl ChangeFeed {
    pub(crate) fn new(db_name: &str) -> ChangeFeed {
        let listeners: Listeners = Rc::default();
        // Where BroadcastChannel is missing, tabs simply do not sync.
        let channel = web_sys::BroadcastChannel::new(&format!("kehu-changes:{db_name}")).ok();
        if let Some(ch) = &channel {
            let l = listeners.clone();
            let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |e: web_sys::MessageEvent| {
                    if let Some(change) = e.data().as_string().as_deref().and_then(Change::decode) {
                        for f in l.borrow().iter() {
                            f(&change);
                        }
                    }
                },
            );
            ch.set_onmessage(Some(cb.as_ref().unchecked_ref()));
            cb.forget();
        }
        ChangeFeed {
            channel,
            listeners,
            here: Rc::default(),
        }
    }

    /// Calls `f` for every change another tab announces.
    pub fn subscribe(&self, f: impl Fn(&Change) + 'static) {
        self.listeners.borrow_mut().push(Box::new(f));
    }

    /// Calls `f` for every change this tab announces (its own committed writes).
    pub fn subscribe_here(&self, f: impl Fn(&Change) + 'static) {
        self.here.borrow_mut().push(Box::new(f));
    }

    /// Tells the other tabs and this tab's [`ChangeFeed::subscribe_here`] listeners (the
    /// import worker's writes are announced by the page that started it, once, at the
    /// end).
    pub fn announce(&self, change: &Change) {
        if let Some(ch) = &self.channel {
            let _ = ch.post_message(&JsValue::from_str(&change.encode()));
        }
        for f in self.here.borrow().iter() {
            f(change);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_round_trips() {
        for c in [
            Change::Customers(vec!["a".into(), "b".into()]),
            Change::Records {
                kind: "interactions".into(),
                customers: vec![],
            },
            Change::Records {
                kind: "responses".into(),
                customers: vec!["x".into(), "y".into()],
            },
            Change::Orders(vec![1, 22]),
            Change::All,
        ] {
            assert_eq!(Change::decode(&c.encode()), Some(c));
        }
    }
}
