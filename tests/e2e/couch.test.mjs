// The validation function the shop's CouchDB runs on every write
// (couch/validate_doc_update.js), called as CouchDB calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { startPeer } from './peer.mjs';
import { setup, users, validation } from '../../couch/setup.mjs';

// The source exactly as couch-setup installs it.
const validate = vm.runInNewContext(`(${validation()})`);

const user = (name, ...roles) => ({ name, roles });
const stamp = (author = 'li', n = 3) => ({ n, by: 'device-1', author });
const record = (id, extra = {}) => ({ _id: id, kehu: stamp(), ...extra });
/** The refusal's reason, or null when the write is allowed. */
function refusal(doc, old, ctx) {
  try { validate(doc, old, ctx, {}); return null; } catch (e) { return e.forbidden; }
}

test('staff write their own records, signed with their name; viewers and strangers cannot write', () => {
  const staff = user('li', 'staff');
  assert.equal(refusal(record('customers:0190-a'), null, staff), null);
  assert.equal(refusal(record('redemptions:0190-b'), null, staff), null);
  assert.match(refusal(record('customers:0190-a', { kehu: stamp('wang') }), null, staff), /signed by the user/);
  assert.match(refusal({ _id: 'customers:0190-a' }, null, staff), /signed by the user/);
  assert.match(refusal(record('customers:0190-a'), null, user('li', 'viewer')), /only staff/);
  assert.match(refusal(record('customers:0190-a'), null, user(null)), /only staff/);
  assert.match(refusal(record('customers:0190-a', { kehu: { by: 'device-1', author: 'li' } }), null, staff), /revision/);
});

test('only kehu records, and an order batch is never changed, only taken back', () => {
  const staff = user('li', 'staff');
  assert.match(refusal(record('whatever:1'), null, staff), /not a kehu record/);
  assert.match(refusal(record('customers:'), null, staff), /not a kehu record/);
  assert.match(refusal(record('nocolon'), null, staff), /not a kehu record/);
  const batch = record('order_batches:0190-c', { day: [1] });
  assert.equal(refusal(batch, null, staff), null, 'written once');
  assert.match(refusal({ ...batch, day: [2] }, batch, staff), /never changed/);
  assert.equal(refusal({ _id: batch._id, _deleted: true, kehu: { author: 'li' } }, batch, staff), null, 'taken back');
});

test('admins may write anything', () => {
  assert.equal(refusal({ _id: 'whatever' }, null, user('boss', 'admin')), null);
  assert.equal(refusal({ _id: 'order_batches:x', day: [9] }, { _id: 'order_batches:x' }, user('root', '_admin')), null);
});

test('couch-setup makes a shop database that the server guards as the validation says, and runs again', async () => {
  const peer = await startPeer();
  try {
    const accounts = users(['--user', 'li:pw1:staff', '--user', 'zhao:pw2:viewer', '--user', 'boss:pw3:admin']);
    await setup(peer.adminUrl('shop'), accounts);
    await setup(peer.adminUrl('shop'), accounts);
    const as = (who, pw) => ({ authorization: 'Basic ' + Buffer.from(`${who}:${pw}`).toString('base64'), 'content-type': 'application/json' });
    const put = (headers, id, doc) => fetch(`${peer.url}shop/${encodeURIComponent(id)}`, { method: 'PUT', headers, body: JSON.stringify({ _id: id, ...doc }) });
    const li = as('li', 'pw1');
    const signed = { kehu: stamp('li', 1), name: '王芳' };

    assert.equal((await fetch(`${peer.url}shop`)).status, 401, 'no one reads without signing in');
    assert.equal((await put(li, 'customers:0190-a', signed)).status, 201);
    assert.equal((await fetch(`${peer.url}shop/customers:0190-a`, { headers: as('zhao', 'pw2') })).status, 200, 'a viewer reads');
    const viewer = await put(as('zhao', 'pw2'), 'customers:0190-b', { ...signed, kehu: stamp('zhao', 1) });
    assert.equal(viewer.status, 403);
    assert.match((await viewer.json()).reason, /only staff/);
    assert.equal((await put(li, 'customers:0190-c', { ...signed, kehu: stamp('boss', 1) })).status, 403, 'no forged author');
    const batch = await put(li, 'order_batches:0190-d', { ...signed, day: [1] });
    assert.equal(batch.status, 201);
    const { rev } = await batch.json();
    assert.equal((await put(li, 'order_batches:0190-d', { ...signed, _rev: rev, day: [2] })).status, 403, 'a batch is never changed');
    assert.equal((await put(as('boss', 'pw3'), 'anything', {})).status, 201, 'the shop\'s admin writes anything');
    assert.throws(() => users(['--user', 'x:y:owner']), /ROLE one of admin, staff, viewer/);
  } finally { peer.stop(); }
});
