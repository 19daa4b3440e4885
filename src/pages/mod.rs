//! One module per page.

pub mod backup;
pub mod conflict;
pub mod customer;
pub mod customer_form;
pub mod customers;
pub mod duplicates;
pub mod home;
pub mod import;
pub mod imports;
pub mod insights;
pub mod kiosk;
pub mod leads;
pub mod orders;
pub mod pipeline;
pub mod settings;
pub mod staff;
pub mod surveys;
pub mod tasks;
