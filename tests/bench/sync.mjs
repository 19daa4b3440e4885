// Sync benchmark (run by `cargo xtask bench sync`, never by CI): two devices, two
// browser profiles of the built app, syncing through a real peer (pouchdb-server in
// memory, set up as couch-setup sets up a shop). Device a imports 100,000 customers and
// 1,000,000 orders through the wizard and pushes them; device b, empty, signs in and
// pulls them all. Then an edit on a is timed until b's open page shows it, and a
// 100,000-order import on a until b's order list counts it. The baseline, in the same
// browser against the same database: PouchDB's own replicator (the `pouchdb` package,
// pinned below, fetched from npm by xtask) pulling it into IndexedDB. Figures go to
// standard output.
import fs from 'node:fs';
import path from 'node:path';
import { open } from '../e2e/harness.mjs';
import { startPeer, signIn, held } from '../e2e/peer.mjs';
import { setup, users } from '../../couch/setup.mjs';
import { customersCsv, ordersCsv, writeFloor, tempDir, mb, watchLong, longest, wizard } from './data.mjs';
import { cpuNow, cpuSince } from './cpu.mjs';

const CUSTOMERS = Number(process.env.KEHU_BENCH_CUSTOMERS || 100000);
const ORDERS = Number(process.env.KEHU_BENCH_ORDERS || 1000000);
const MORE_ORDERS = Number(process.env.KEHU_BENCH_MORE_ORDERS || 100000);
const EDITS = 5;
// The browser bundle of PouchDB, unpacked by `cargo xtask bench sync` from `npm pack`.
const POUCHDB = process.env.KEHU_POUCHDB;
const T = 900000;

const secs = (ms) => (ms / 1000).toFixed(2);
const rate = (n, ms) => (n / (ms / 1000)).toFixed(0);
const now = (page) => page.evaluate(() => performance.now());

const dir = tempDir();
const customersFile = customersCsv(path.join(dir, 'customers.csv'), CUSTOMERS);
const ordersFile = ordersCsv(path.join(dir, 'orders.csv'), ORDERS, CUSTOMERS);
const moreFile = ordersCsv(path.join(dir, 'more-orders.csv'), MORE_ORDERS, CUSTOMERS, 'P');
console.log(`generated ${CUSTOMERS} customers, ${ORDERS} orders (${mb(fs.statSync(ordersFile).size)} MB) and ${MORE_ORDERS} more orders`);

const peer = await startPeer();
await setup(peer.adminUrl('kehu'), users(['--user', 'li:pw-li:staff', '--user', 'wang:pw-wang:staff']));
const a = await open({ locale: 'en-US', couch: peer.url, init: watchLong });
const b = await open({ locale: 'en-US', couch: peer.url, init: watchLong });

/** Signs `device` in and times it until the indicator says synced (from the sign-in
 * page shown: opening it loads the back office, which is not sync's work). */
async function firstSync(device, name, password) {
  await device.page.goto(`${device.url}#/sync`);
  await device.page.waitForSelector('#sync-form');
  const t0 = await now(device.page);
  await signIn(device, name, password, T);
  const t1 = await now(device.page);
  return { ms: t1 - t0, longest: await longest(device.page, t0, t1) };
}

/** One edit of a customer's name on a, timed until b's open page shows it. */
async function edit(id, name) {
  await b.page.goto(`${b.url}#/customers/${encodeURIComponent(id)}`);
  await b.page.waitForSelector('#customer-name');
  await a.page.goto(`${a.url}#/customers/${encodeURIComponent(id)}/edit`);
  await a.page.fill('#f-fname', name);
  const t0 = Date.now();
  await a.page.click('#save-customer');
  await b.page.waitForFunction((n) => document.querySelector('#customer-name')?.textContent.includes(n), name, { timeout: 60000 });
  return Date.now() - t0;
}


/** The floor under a pull's reads: every document of the database from the server's
 * changes feed with their bodies, a thousand a request, parsed and dropped. */
const fetchFloor = (page, url) => page.evaluate(async (db) => {
  const t0 = performance.now();
  let since = 0, docs = 0;
  for (;;) {
    const r = await fetch(`${db}/_changes?style=all_docs&include_docs=true&limit=1000&since=${encodeURIComponent(since)}`, { credentials: 'include' });
    const page = await r.json();
    if (!page.results.length) break;
    docs += page.results.length;
    since = page.last_seq;
  }
  return { ms: performance.now() - t0, docs };
}, `${url}couch/kehu`);

/** PouchDB's replicator pulling the shop into IndexedDB: a third device, empty, in the same
 * browser. */
async function pouchdb(batch) {
  const c = await open({ locale: 'en-US', couch: peer.url });
  try {
    // A page of its own at the app's origin (the sync path is the app's), without the
    // app's Content-Security-Policy.
    const { page, url } = c;
    await page.route(`${url}pouch.html`, r => r.fulfill({ contentType: 'text/html', body: '<!doctype html><script src="pouchdb.min.js"></script>' }));
    await page.route(`${url}pouchdb.min.js`, r => r.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(POUCHDB) }));
    await page.goto(`${url}pouch.html`);
    await page.waitForFunction(() => typeof PouchDB === 'function');
    return await page.evaluate(async ({ remote, batch }) => {
      const local = new PouchDB('pouch-bench');
      const source = new PouchDB(remote, { auth: { username: 'wang', password: 'pw-wang' } });
      const t0 = performance.now();
      const info = await PouchDB.replicate(source, local, batch ? { batch_size: batch } : {});
      return { ms: performance.now() - t0, docs: info.docs_written, ok: info.ok };
    }, { remote: `${url}couch/kehu`, batch });
  } finally { await c.close(); }
}

try {
  const c = await wizard(a.page, a.url, 'customers', customersFile);
  const o = await wizard(a.page, a.url, 'orders', ordersFile);
  console.log(`device a imported ${CUSTOMERS} customers in ${secs(c.total)} s and ${ORDERS} orders in ${secs(o.total)} s`);

  const push = await firstSync(a, 'li', 'pw-li');
  const docs = (await (await fetch(`${peer.adminUrl('kehu').replace('admin:secret@', '')}`, { headers: { authorization: 'Basic ' + Buffer.from('admin:secret').toString('base64') } })).json()).doc_count;
  console.log(`first push from a: ${secs(push.ms)} s for the whole shop (${docs} documents on the server, ${rate(docs, push.ms)} docs/s); longest main-thread task ${push.longest.toFixed(0)} ms`);

  const had = await held(a.page);
  const cpu = cpuNow();
  const pull = await firstSync(b, 'wang', 'pw-wang');
  const used = cpuSince(cpu);
  const got = await held(b.page);
  console.log(`first pull into empty b: ${secs(pull.ms)} s for ${got.customers} customers and ${got.orders} orders (${rate(docs, pull.ms)} docs/s; target < 20 s); longest main-thread task ${pull.longest.toFixed(0)} ms`);
  // Two cores: past 2 CPU seconds a second, the pull waits for a core, not for anyone.
  console.log(`  CPU used meanwhile by every process: ${used.total.toFixed(1)} s (${(used.total / (pull.ms / 1000)).toFixed(2)} cores busy on average); the largest:\n    ${used.lines.join('\n    ')}`);
  if (got.customers !== had.customers || got.orders !== had.orders) console.log(`  MISMATCH: a holds ${had.customers} customers and ${had.orders} orders`);

  // What the same work costs with nothing but the platform: the server's side, then
  // IndexedDB's.
  const fetched = await fetchFloor(b.page, b.url);
  console.log(`  floor: the changes feed with every body, fetched and parsed by a plain loop in b's page: ${secs(fetched.ms)} s for ${fetched.docs} documents; the pull took ${(pull.ms / fetched.ms).toFixed(1)}× that`);
  const wrote = await writeFloor(b.page);
  console.log(`  floor: everything b's pull stored (${wrote.records} records), written by a plain loop into an empty database: ${secs(wrote.ms)} s; the pull took ${(pull.ms / wrote.ms).toFixed(1)}× that, and ${(pull.ms / (fetched.ms + wrote.ms)).toFixed(2)}× the two floors one after the other`);

  // The same database, pulled by PouchDB.
  if (POUCHDB) {
    for (const batch of [0, 1000]) {
      const p = await pouchdb(batch);
      const named = batch ? `batch_size ${batch}` : 'its defaults';
      console.log(`PouchDB's replicator (${named}) pulling the same database in the same browser: ${secs(p.ms)} s for ${p.docs} documents (${rate(p.docs, p.ms)} docs/s; ok ${p.ok}); kehu's first pull was ${(p.ms / pull.ms).toFixed(1)}× faster (target ≥ 5×)`);
    }
  } else {
    console.log('PouchDB baseline skipped: KEHU_POUCHDB names no pouchdb.min.js');
  }

  // An edit on a, visible on b (both online, b's page open on the customer).
  await a.page.goto(`${a.url}#/customers`);
  await a.page.fill('#customer-search', 'c42@');
  await a.page.click('#customer-table tbody tr a');
  await a.page.waitForSelector('#customer-name');
  const id = decodeURIComponent(new URL(a.page.url()).hash.split('/')[2]);
  const edits = [];
  for (let i = 0; i < EDITS; i++) edits.push(await edit(id, `改名 ${i}`));
  edits.sort((x, y) => x - y);
  console.log(`an edit on a shown on b's open page: median ${edits[EDITS >> 1]} ms, slowest ${edits[EDITS - 1]} ms over ${EDITS} edits (target < 2 s)`);

  // A 100k-order import on a, until b's order list counts it.
  await b.page.goto(`${b.url}#/orders`);
  await b.page.waitForSelector('#order-count');
  const more = await wizard(a.page, a.url, 'orders', moreFile);
  const t0 = Date.now();
  const b0 = await now(b.page);
  await b.page.waitForFunction((n) => Number(document.querySelector('#order-count')?.textContent.replace(/[^\d]/g, '')) === n,
    ORDERS + MORE_ORDERS, { timeout: T, polling: 100 });
  const arrived = Date.now() - t0;
  const bLong = await longest(b.page, b0, await now(b.page));
  await a.page.waitForSelector('#sync-status.sync-ok', { timeout: T });
  console.log(`an import of ${MORE_ORDERS} orders on a: written in ${secs(more.write)} s, then on b's order list ${secs(arrived)} s later (target < 10 s); longest main-thread task on b meanwhile ${bLong.toFixed(0)} ms`);

  for (const [name, d] of [['a', a], ['b', b]]) if (d.errors.length) console.log(`page errors on ${name}:`, d.errors);
} finally {
  await a.close();
  await b.close();
  peer.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
