// Import benchmark (run by `cargo xtask bench import`, never by CI): the built app in
// headless Chromium. Generates a 100,000-customer CSV (GBK-free UTF-8, Chinese headers,
// 1% repeated emails) and a 1,000,000-row orders CSV (~40 MB) referring to them by
// customer number; imports both through the wizard as a user would (file → preview →
// check every row → write), then finds duplicates and searches the list. The baselines,
// in the same browser run: a plain JavaScript loop writing one IndexedDB record per
// order, and one writing again the customer records the import wrote. Figures go to
// standard output.
import fs from 'node:fs';
import path from 'node:path';
import { open } from '../e2e/harness.mjs';
import { customersCsv, ordersCsv, tempDir, mb, watchLong, writeFloor, wizard as importWith } from './data.mjs';

const CUSTOMERS = Number(process.env.KEHU_BENCH_CUSTOMERS || 100000);
const ORDERS = Number(process.env.KEHU_BENCH_ORDERS || 1000000);
const BASELINE_ROWS = 100000;

const dir = tempDir();
const customersFile = customersCsv(path.join(dir, 'customers.csv'), CUSTOMERS);
const ordersFile = ordersCsv(path.join(dir, 'orders.csv'), ORDERS, CUSTOMERS);
console.log(`generated ${CUSTOMERS} customers (${mb(fs.statSync(customersFile).size)} MB) and ${ORDERS} orders (${mb(fs.statSync(ordersFile).size)} MB)`);

const init = watchLong;
const app = await open({ locale: 'en-US', init });
const { page, url } = app;
const now = () => page.evaluate(() => performance.now());
const secs = (ms) => (ms / 1000).toFixed(2);

const wizard = (kind, file) => importWith(page, url, kind, file);

async function memory() {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find(m => m.name === 'JSHeapUsedSize').value;
  const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0);
  return { heap, wasm };
}

try {
  // Baseline: a plain loop, one IndexedDB record per order, in this browser.
  const baseline = await page.evaluate(async (n) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('kehu-bench-baseline', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('orders', { keyPath: 'id' });
      r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error);
    });
    const t0 = performance.now();
    await new Promise((res, rej) => {
      const tx = db.transaction('orders', 'readwrite');
      const s = tx.objectStore('orders');
      for (let i = 0; i < n; i++) s.put({ id: i, customer: `C${i % 100000}`, day: '2026-01-05', amount: 12.5 });
      tx.oncomplete = res; tx.onerror = () => rej(tx.error);
    });
    const ms = performance.now() - t0;
    db.close();
    indexedDB.deleteDatabase('kehu-bench-baseline');
    return ms;
  }, BASELINE_ROWS);
  const rate = BASELINE_ROWS / (baseline / 1000);
  console.log(`baseline: one IndexedDB record per order, ${BASELINE_ROWS} rows in ${secs(baseline)} s = ${rate.toFixed(0)} rows/s (1M rows would take ~${(ORDERS / rate).toFixed(0)} s)`);

  const c = await wizard('customers', customersFile);
  console.log(`customers import (${CUSTOMERS} rows): preview ${secs(c.preview)} s, check ${secs(c.check)} s, write ${secs(c.write)} s; file → done ${secs(c.total)} s; longest main-thread task while reading and checking ${c.longest.toFixed(0)} ms; figures ${c.figures.join(' / ')}`);
  // The customers' floor: the records the import wrote, with their indexes, written again
  // by a plain loop (the snapshot and the rest left out: a plain import would not have them).
  const floor = await writeFloor(page, ['customers']);
  console.log(`  the same ${floor.records} customer records and indexes written by a plain loop: ${secs(floor.ms)} s; the import's write took ${(c.write / floor.ms).toFixed(2)}× that (target ≤ 1.5×)`);
  const d0 = await now();
  await page.click('#import-find-duplicates');
  await page.waitForSelector('#dup-count:has-text("possible duplicate pairs")', { timeout: 300000 });
  const d1 = await now();
  console.log(`then finding duplicates among ${CUSTOMERS}: ${secs(d1 - d0)} s (${await page.textContent('#dup-count')}); import with deduplication ${secs(c.total + d1 - d0)} s`);

  const o = await wizard('orders', ordersFile);
  const m = await memory();
  console.log(`orders import (${ORDERS} rows): preview ${secs(o.preview)} s, check ${secs(o.check)} s, write ${secs(o.write)} s; file → done ${secs(o.total)} s (${(ORDERS / (o.total / 1000)).toFixed(0)} rows/s, ${(o.total > 0 ? (ORDERS / rate) / (o.total / 1000) : 0).toFixed(1)}× the baseline); longest main-thread task while reading and checking ${o.longest.toFixed(0)} ms; figures ${o.figures.join(' / ')}`);
  console.log(`tab memory after the orders import: JS heap ${mb(m.heap)} MB, app wasm memory ${mb(m.wasm)} MB`);
  const a0 = await now();
  await page.goto(`${url}#/insights`);
  await page.waitForSelector('#insight-stats', { timeout: 300000 });
  await page.waitForSelector('#analysis-progress', { state: 'detached', timeout: 300000 });
  const a1 = await now();
  console.log(`then the dashboards computed on it: ${secs(a1 - a0)} s; file → dashboards ${secs(o.total + a1 - a0)} s`);

  // Search: typing a name into the list of 100k customers until the count changes.
  await page.goto(`${url}#/customers`);
  await page.waitForSelector('#customer-table');
  const times = [];
  const everyone = await page.textContent('#result-count');
  for (const q of ['王伟', '138', 'c4242@', '杭州', '李']) {
    await page.fill('#customer-search', '');
    await page.waitForFunction((all) => document.querySelector('#result-count')?.textContent === all, everyone);
    const before = await page.textContent('#result-count');
    const s0 = await now();
    await page.fill('#customer-search', q);
    await page.waitForFunction((b) => document.querySelector('#result-count')?.textContent !== b, before);
    times.push([q, (await now()) - s0, await page.textContent('#result-count')]);
  }
  console.log('search in 100k customers (typed → count shown): ' + times.map(([q, ms, r]) => `${q} ${ms.toFixed(0)} ms (${r.split(' ')[0]})`).join(', '));

  // The order list over 1M orders: first rows, then a jump to the middle and to the end.
  const l0 = await now();
  await page.goto(`${url}#/orders`);
  await page.waitForSelector('#order-table .order-row[data-id]');
  const l1 = await now();
  const jumps = [];
  for (const at of [0.5, 1, 0.25]) {
    const j0 = await now();
    const target = await page.locator('#order-scroll').evaluate((e, f) => { e.scrollTop = (e.scrollHeight - e.clientHeight) * f; return e.scrollTop; }, at);
    // Done when a row with its data is inside the scroller's visible box.
    await page.waitForFunction(() => {
      const box = document.querySelector('#order-scroll').getBoundingClientRect();
      return [...document.querySelectorAll('#order-table .order-row[data-id]')].some(r => {
        const t = r.getBoundingClientRect().top;
        return t >= box.top + 30 && t < box.bottom;
      });
    });
    jumps.push([at, (await now()) - j0, target]);
  }
  const drawn = await page.locator('#order-table .order-row').count();
  console.log(`order list of ${(await page.textContent('#order-count')).trim()}: first rows ${(l1 - l0).toFixed(0)} ms; jumps ` + jumps.map(([f, ms]) => `to ${f * 100}% ${ms.toFixed(0)} ms`).join(', ') + `; ${drawn} rows in the page`);
  if (app.errors.length) console.log('page errors:', app.errors);
} finally {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
