//! Parsing imported files. Parsing never fails as a whole on bad rows: it returns what it
//! could read and a list of row errors with their line numbers. Only a file that cannot
//! be read as a table at all (no header, a required column missing) is an error.

pub mod campaign_responses;
pub mod formats;
pub mod fuzzing;
mod index;
pub mod job;
pub mod leads;
pub mod mapping;
pub mod opportunities;
pub mod order_lines;
pub mod orders;
pub mod plan;
pub mod products;
pub mod responses;
pub mod sheet;
pub mod table;
#[cfg(test)]
mod testing;
pub mod text;
pub mod tickets;
