// The validation function the shop's CouchDB runs on every write
// (couch/validate_doc_update.js), called as CouchDB calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const source = fs.readFileSync(path.resolve(import.meta.dirname, '../../couch/validate_doc_update.js'), 'utf8');
const validate = vm.runInNewContext(`(${source.replace(/^\/\/.*$/mg, '')})`);

const user = (name, ...roles) => ({ name, roles });
const record = (id, extra = {}) => ({ _id: id, author: 'li', rev: 3, by: 'device-1', ...extra });
/** The refusal's reason, or null when the write is allowed. */
function refusal(doc, old, ctx) {
  try { validate(doc, old, ctx, {}); return null; } catch (e) { return e.forbidden; }
}

test('staff write their own records, signed with their name; viewers and strangers cannot write', () => {
  const staff = user('li', 'staff');
  assert.equal(refusal(record('customers:0190-a'), null, staff), null);
  assert.equal(refusal(record('redemptions:0190-b'), null, staff), null);
  assert.match(refusal(record('customers:0190-a', { author: 'wang' }), null, staff), /signed by the user/);
  assert.match(refusal(record('customers:0190-a'), null, user('li', 'viewer')), /only staff/);
  assert.match(refusal(record('customers:0190-a'), null, user(null)), /only staff/);
  assert.match(refusal(record('customers:0190-a', { rev: undefined }), null, staff), /revision/);
});

test('only kehu records, and an order batch is never changed, only taken back', () => {
  const staff = user('li', 'staff');
  assert.match(refusal(record('whatever:1'), null, staff), /not a kehu record/);
  assert.match(refusal(record('customers:'), null, staff), /not a kehu record/);
  assert.match(refusal(record('nocolon'), null, staff), /not a kehu record/);
  const batch = record('order_batches:0190-c', { day: [1] });
  assert.equal(refusal(batch, null, staff), null, 'written once');
  assert.match(refusal({ ...batch, day: [2] }, batch, staff), /never changed/);
  assert.equal(refusal({ _id: batch._id, _deleted: true, author: 'li' }, batch, staff), null, 'taken back');
});

test('admins may write anything', () => {
  assert.equal(refusal({ _id: 'whatever' }, null, user('boss', 'admin')), null);
  assert.equal(refusal({ _id: 'order_batches:x', day: [9] }, { _id: 'order_batches:x' }, user('root', '_admin')), null);
});
