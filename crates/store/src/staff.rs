//! Staff records come from the registration (`docs.rs`); this file holds the one write
//! that is theirs: turning free-text account managers into staff.

use crate::{Batch, Db, StoreError, sync};
use kehu_core::staff::{Roster, adopt_owners};
use kehu_core::{Docs, Millis, Staff};

impl Db {
    /// Gives every customer whose owner is free text (older data, an imported file) the
    /// member of staff of that name, creating those who are missing, in ONE transaction
    /// (customers carrying the revision they were read at, so an edit in between fails
    /// it as stale rather than being overwritten). The customers' `updated` stays: this
    /// changes how the owner is written, not who it is. Returns the customers changed.
    pub async fn adopt_owners(&self, now: Millis) -> Result<usize, StoreError> {
        let roster = Roster::new(self.all_docs::<Staff>().await?);
        let mut customers = self.all_customers().await?;
        customers.retain(|c| roster.is_unadopted(&c.owner));
        if customers.is_empty() {
            return Ok(0);
        }
        let owners = customers.iter().map(|c| c.owner.as_str());
        let adoption = adopt_owners(owners, &roster, now, sync::new_id);
        // An owner that names nobody (only hidden characters) is left as it is.
        customers.retain_mut(|c| match adoption.owners.get(&c.owner) {
            Some(id) => {
                c.owner = id.0.clone();
                true
            }
            None => false,
        });
        let n = customers.len();
        if n == 0 {
            return Ok(0);
        }
        let batch = Batch {
            customers,
            docs: Docs {
                staff: adoption.new_staff,
                ..Docs::default()
            },
            ..Batch::default()
        };
        self.import(batch, |_, _| {}).await?;
        Ok(n)
    }
}
