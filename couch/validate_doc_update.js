// kehu's server-side check of every write to a shop's CouchDB database (installed as
// `_design/kehu`'s `validate_doc_update`). The database's security object lets only
// the shop's members read; this decides who may write what:
// - admins (the server's, or the shop's `admin` role) may write anything;
// - `staff` may write the shop's records, each stamped (`kehu`) with the revision of
//   the write that made it (`n`, `by`: the device) and signed with their own user
//   name (`author`: nobody writes in another's name);
// - `viewer`s may read only;
// - a document is named `<kind>:<id>` after one of kehu's kinds (KINDS below, which a
//   test in kehu-core holds equal to the registered kinds);
// - an import's order batch is never changed once written, only deleted (an import
//   taken back).
function (newDoc, oldDoc, userCtx, secObj) {
  var KINDS = [
    "customers", "surveys", "order_batches", "orders",
    "interactions", "responses", "staff", "opportunities", "tasks", "leads", "products",
    "quotes", "expenses", "segments", "tickets", "contracts", "articles", "care_rules",
    "campaigns", "campaign_members", "redemptions", "shop_settings"
  ];
  var roles = userCtx.roles || [];
  function has(role) { return roles.indexOf(role) !== -1; }
  if (has("_admin") || has("admin")) return;
  if (!has("staff")) {
    throw({ forbidden: "only staff may change the shop's records" });
  }
  var at = newDoc._id.indexOf(":");
  var kind = at > 0 ? newDoc._id.slice(0, at) : "";
  if (KINDS.indexOf(kind) === -1 || at === newDoc._id.length - 1) {
    throw({ forbidden: "not a kehu record: " + newDoc._id });
  }
  var stamp = newDoc.kehu || {};
  if (stamp.author !== userCtx.name) {
    throw({ forbidden: "a record is signed by the user who writes it" });
  }
  if (kind === "order_batches" && oldDoc && !oldDoc._deleted && !newDoc._deleted) {
    throw({ forbidden: "an order batch is never changed, only taken back" });
  }
  if (!newDoc._deleted && (typeof stamp.n !== "number" || typeof stamp.by !== "string")) {
    throw({ forbidden: "a record carries its revision (kehu.n, kehu.by)" });
  }
}
