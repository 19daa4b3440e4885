// Records real answers of the test peer (pouchdb-server) to the requests kehu's
// replication makes, as fixtures for kehu-core's protocol readers
// (crates/core/tests/data/couch/, read by src/replicate.rs' tests):
//   node tests/e2e/record-couch-answers.mjs
import fs from 'node:fs';
import path from 'node:path';
import { startPeer } from './peer.mjs';
import { setup } from '../../couch/setup.mjs';

const OUT = path.resolve(import.meta.dirname, '../../crates/core/tests/data/couch');
const peer = await startPeer();
try {
  await setup(peer.adminUrl('shop'), [{ name: 'li', password: 'pw', role: 'staff' }]);
  const headers = { authorization: 'Basic ' + Buffer.from('li:pw').toString('base64'), 'content-type': 'application/json' };
  const call = async (method, where, body) => (await fetch(`${peer.url}shop/${where}`, { method, headers, body: body && JSON.stringify(body) })).json();
  const stamp = n => ({ n, by: 'device-1', author: 'li' });
  const saved = await call('POST', '_bulk_docs', { docs: [
    { _id: 'customers:0190-a', name: '王芳', kehu: stamp(1) },
    { _id: 'order_batches:0190-c', day: [1], kehu: stamp(1) },
    { _id: 'tasks:0190-t', title: '回访', kehu: stamp(1) },
  ] });
  const rev = id => saved.find(r => r.id === id).rev;
  // A deletion is signed too, so it goes as a document, not a DELETE.
  const deleted = await call('POST', '_bulk_docs', { docs: [
    { _id: 'tasks:0190-t', _rev: rev('tasks:0190-t'), _deleted: true, kehu: stamp(2) },
  ] });
  if (!deleted[0].ok) throw new Error(JSON.stringify(deleted));
  const pushed = await call('POST', '_bulk_docs', { docs: [
    { _id: 'customers:0190-b', name: '李明', kehu: stamp(2) },
    { _id: 'customers:0190-a', _rev: '1-00000000000000000000000000000000', name: 'stale', kehu: stamp(2) },
    { _id: 'order_batches:0190-c', _rev: rev('order_batches:0190-c'), day: [2], kehu: stamp(2) },
  ] });
  const changes = await call('GET', '_changes?style=all_docs');
  const bulkGet = await call('POST', '_bulk_get', { docs: changes.results.flatMap(r => r.changes.map(c => ({ id: r.id, rev: c.rev }))) });
  const changesDocs = await call('GET', '_changes?style=all_docs&include_docs=true');
  for (const [name, value] of Object.entries({ bulk_docs: pushed, changes, bulk_get: bulkGet, changes_docs: changesDocs })) {
    fs.writeFileSync(path.join(OUT, `${name}.json`), JSON.stringify(value, null, 1) + '\n');
  }
  console.log('written', OUT);
} finally { peer.stop(); }
