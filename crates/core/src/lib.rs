//! kehu's domain core: the customer model, validation, list queries and demo data.
//!
//! The key design decision: this crate is pure. It never touches the browser, the
//! file system or the clock; "today", ids and timestamps are parameters. That keeps every
//! rule testable natively with `cargo test`, and lets the app, the storage layer and the
//! command line share one implementation.
//!
//! Money is held as integer minor units ([`Cents`]) everywhere, so totals and ties are
//! exact; calendar dates are whole days since 1970-01-01 ([`Day`]); instants are
//! milliseconds since the Unix epoch ([`Millis`]).

pub mod analytics;
pub mod article;
pub mod backup;
pub mod campaign;
pub mod campaign_export;
pub mod care;
pub mod contract;
pub mod customer;
pub mod date;
pub mod dedup;
pub mod demo;
mod demo_sales;
mod demo_service;
pub mod envelope;
pub mod expense;
pub mod export;
pub mod fxhash;
pub mod id;
pub mod import;
pub mod interaction;
pub mod kinds;
pub mod lead;
pub mod marketing;
pub mod money;
pub mod opportunity;
pub mod order;
pub mod order_lines;
pub mod product;
pub mod query;
pub mod quote;
pub mod reconcile;
pub mod replicate;
pub mod rewards;
pub mod segment;
pub mod shop;
pub mod sla;
pub mod staff;
pub mod survey;
pub mod sync;
pub mod task;
pub mod text;
pub mod ticket;
pub mod validate;
pub mod xlsx;

pub use article::Article;
pub use contract::Contract;
pub use customer::*;
pub use date::{Day, Millis};
pub use expense::Expense;
pub use id::Id;
pub use interaction::{Interaction, InteractionKind};
pub use kinds::{Doc, Docs};
pub use lead::Lead;
pub use money::Cents;
pub use opportunity::Opportunity;
pub use order::{
    Order, OrderColumns, OrderItem, OrderStatus, OrderSummary, Overview, Owing, receivables,
};
pub use order_lines::{LineBuilder, OrderLines};
pub use product::Product;
pub use quote::Quote;
pub use segment::Segment;
pub use staff::{Staff, StaffRole};
pub use survey::{
    Answer, AnswerColumns, ItemAnswer, PackedAnswers, Question, Scale, Survey, SurveyItem,
    SurveyKind, SurveyResponse,
};
pub use task::Task;
pub use ticket::Ticket;
