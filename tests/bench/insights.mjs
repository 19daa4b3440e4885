// Dashboards benchmark (run by `cargo xtask bench insights`, never by CI): the built app
// in headless Chromium with 100,000 customers and 1,000,000 orders in IndexedDB. Measures
// the time from "Recompute" to the results in, then to every dashboard drawn; the longest
// main-thread task meanwhile; and the tab's memory. Figures go to standard output.
import { open } from '../e2e/harness.mjs';

const CUSTOMERS = Number(process.env.KEHU_BENCH_CUSTOMERS || 100000);
const ORDERS = Number(process.env.KEHU_BENCH_ORDERS || 1000000);
const OPPORTUNITIES = Number(process.env.KEHU_BENCH_OPPORTUNITIES || 20000);

// Long tasks and the app's wasm memory, collected from page start.
const init = () => {
  window.__long = [];
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', e => { window.__wasm = e.detail.wasm; });
};

const app = await open({ locale: 'en-US', init });
const { page, url } = app;
const t = () => page.evaluate(() => performance.now());
const longest = (from, to) => page.evaluate(([a, b]) =>
  window.__long.filter(([s]) => s >= a && s <= b).reduce((m, [, d]) => Math.max(m, d), 0), [from, to]);
try {
  const l0 = Date.now();
  await page.evaluate(([c, o]) => window.wasmBindings.kehu_load_generated(c, o), [CUSTOMERS, ORDERS]);
  console.log(`loaded ${CUSTOMERS} customers and ${ORDERS} orders in ${((Date.now() - l0) / 1000).toFixed(1)} s`);
  // The demo's pipeline topped up to the issue's 20,000 opportunities, on the demo's own
  // customers: the rest closed over the last year, a tenth still open.
  const opportunities = await page.evaluate(async (total) => {
    const db = await new Promise(r => { const q = indexedDB.open('kehu'); q.onsuccess = () => r(q.result); });
    const have = await new Promise(r => { const q = db.transaction('opportunities').objectStore('opportunities').getAll(); q.onsuccess = () => r(q.result); });
    const customers = have.map(o => o.customer);
    const tx = db.transaction('opportunities', 'readwrite');
    const day = 86400000, now = Date.now();
    for (let n = have.length; n < total; n++) {
      const isOpen = n % 10 === 0;
      const at = now - (10 + (n % 350)) * day;
      const standing = isOpen ? { open: 'negotiation' } : (n % 3 ? 'lost' : 'won');
      const id = `00000000-0000-7000-9000-${String(n + 1).padStart(12, '0')}`;
      const cid = customers[n % customers.length];
      const doc = { id, customer: cid, title: `Opportunity ${n + 1}`, amount: 100000 + (n * 7919) % 9000000,
        standing, close: Math.floor(now / day) + (isOpen ? 30 : -(n % 300)), owner: '', next_step: '',
        history: [{ to: { open: 'initial_contact' }, at }, { to: standing, at: at + 5 * day }],
        created: at, updated: at + 5 * day };
      const settled = isOpen ? 'open' : new Date(at + 5 * day).toISOString().slice(0, 10);
      tx.objectStore('opportunities').put({ id, customer: cid, created: at, settled, doc: JSON.stringify(doc) });
    }
    await new Promise(r => { tx.oncomplete = r; });
    return Math.max(total, have.length);
  }, OPPORTUNITIES);
  await page.reload();
  await page.waitForSelector('#stats', { timeout: 300000 });
  // First visit computes (nothing cached yet); wait for it, then measure a recompute.
  await page.goto(`${url}#/insights`);
  await page.waitForSelector('#insight-stats', { timeout: 300000 });
  await page.waitForSelector('#analysis-progress', { state: 'detached', timeout: 300000 });
  // New figures start the care rules' run a moment later, in a worker of its own; it
  // is not the recompute's, so the recompute waits until the rules have been idle for
  // longer than that moment.
  await page.waitForFunction(() => {
    window.__careBusy ??= performance.now();
    if (document.documentElement.dataset.care !== 'idle') window.__careBusy = performance.now();
    return performance.now() - window.__careBusy > 3000;
  }, null, { polling: 100, timeout: 120000 });
  // The stages as the progress line shows them, with when each began.
  await page.evaluate(() => {
    window.__stages = [];
    const poll = setInterval(() => {
      const l = document.querySelector('#analysis-progress label')?.textContent;
      const last = window.__stages[window.__stages.length - 1];
      if (l && (!last || last[0] !== l)) window.__stages.push([l, performance.now()]);
      if (window.__stages.length && !l) { window.__stages.push(['done', performance.now()]); clearInterval(poll); }
    }, 10);
  });
  const t0 = await t();
  await page.click('#recompute');
  await page.waitForSelector('#analysis-progress');
  await page.waitForSelector('#analysis-progress', { state: 'detached', timeout: 300000 });
  await page.waitForSelector('#insight-stats');
  const t1 = await t();
  const computeLong = await longest(t0, t1);
  const tabs = {};
  for (const [tab, sel] of [['value', '#chart-rf'], ['loyalty', '#chart-cohorts'], ['clusters', '#chart-clusters'], ['overview', '#chart-segments']]) {
    const a = await t();
    await page.goto(`${url}#/insights/${tab === 'overview' ? '' : tab}`);
    await page.waitForFunction(s => document.querySelector(`${s} canvas`)?.width > 0, sel);
    await page.evaluate(() => new Promise(r => requestAnimationFrame(() => r())));
    tabs[tab] = (await t()) - a;
  }
  const t2 = await t();
  const renderLong = await longest(t1, t2);
  // Pivot reports over the 1M orders in the page's report worker: the first visit loads
  // the back office and the worker reads the data; the next reports compute on what it
  // kept.
  const f0 = await t();
  await page.goto(`${url}#/reports`);
  await page.waitForSelector('#pivot[data-rows="month"]', { timeout: 300000 });
  const reports = [['first (loading the back office, reading)', (await t()) - f0]];
  const r0 = await t();
  for (const [rows, cols] of [['region', ''], ['owner', ''], ['month', ''], ['customer', ''], ['region', 'quarter']]) {
    const a = await t();
    await page.selectOption('#report-rows', rows);
    if (cols) await page.selectOption('#report-cols', cols);
    await page.waitForFunction(([r, c]) => {
      const table = document.querySelector(`#pivot[data-rows="${r}"]`);
      return table && !document.querySelector('.report-status')?.textContent && (!c || table.querySelectorAll('thead th').length > 2);
    }, [rows, cols], { timeout: 300000 });
    reports.push([cols ? `${rows} × ${cols}` : rows, (await t()) - a]);
  }
  const reportLong = await longest(r0, await t());
  // The Sales dashboard after a card moves on the board: only its figures are
  // recomputed (the worker reads the customers' keys and the opportunities, not the
  // orders), a moment after the last change.
  await page.goto(`${url}#/pipeline`);
  await page.waitForSelector('.board-col[data-stage=negotiation] .opp-card', { timeout: 60000 });
  const card = page.locator('.board-col[data-stage=negotiation] .opp-card').first();
  const moved = await card.getAttribute('data-id');
  await card.focus();
  await page.evaluate(() => {
    window.__job = [];
    const poll = setInterval(() => {
      const on = !!document.querySelector('#analysis-progress');
      if (on !== (window.__job.length % 2 === 1)) window.__job.push(performance.now());
      if (window.__job.length === 2) clearInterval(poll);
    }, 5);
  });
  const m0 = await t();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(i => document.querySelector(`.board-col[data-stage=contract] .opp-card[data-id="${i}"]`), moved);
  const m1 = await t();
  await page.goto(`${url}#/insights/sales`);
  await page.waitForFunction(() => window.__job.length === 2, null, { timeout: 300000 });
  await page.waitForSelector('#chart-funnel canvas');
  const [j0, j1] = await page.evaluate(() => window.__job);
  const salesLong = await longest(m0, await t());
  if (process.env.KEHU_BENCH_TRACE) console.log('long tasks after the move (ms from the key press):', await page.evaluate(a => window.__long.filter(([s]) => s >= a).map(([s, d]) => `+${(s - a).toFixed(0)} ${d.toFixed(0)}`).join(', '), m0), `moved +${(m1 - m0).toFixed(0)}, job +${(j0 - m0).toFixed(0)} → +${(j1 - m0).toFixed(0)}`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find(m => m.name === 'JSHeapUsedSize').value;
  const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0);
  const mb = b => (b / 1048576).toFixed(0);
  console.log(`recompute → results in (worker): ${((t1 - t0) / 1000).toFixed(2)} s; longest main-thread task meanwhile: ${computeLong.toFixed(0)} ms`);
  const stages = await page.evaluate(() => window.__stages);
  console.log('worker stages: ' + stages.slice(0, -1).map(([l, at], k) =>
    `${l.replace(/^Computing: /, '')} ${((stages[k + 1][1] - at) / 1000).toFixed(2)} s`).join(', '));
  console.log(`then drawing each dashboard: ${Object.entries(tabs).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}; longest task: ${renderLong.toFixed(0)} ms`);
  console.log(`recompute → all dashboards ready: ${((t2 - t0) / 1000).toFixed(2)} s`);
  const computeMs = t1 - t0;
  console.log(`pivot reports over ${ORDERS} orders (compute and draw; the first also loads the back office, starts the worker and reads): ${reports.map(([k, v]) => `${k} ${v.toFixed(0)} ms (${(v / computeMs).toFixed(2)}x the recompute)`).join(', ')}; target 1,000 ms; longest main-thread task: ${reportLong.toFixed(0)} ms`);
  console.log(`sales dashboard after a card moved (${opportunities} opportunities): the worker's recompute ${((j1 - j0) / 1000).toFixed(2)} s = ${((j1 - j0) / computeMs).toFixed(2)}x the full recompute (target 2 s); move saved → dashboard updated ${((j1 - m1) / 1000).toFixed(2)} s, of which waiting for more changes ${((j0 - m1) / 1000).toFixed(2)} s; longest main-thread task: ${salesLong.toFixed(0)} ms`);
  console.log(`tab memory: JS heap ${mb(heap)} MB, app wasm memory ${mb(wasm)} MB (the worker's memory is freed when it ends)`);
  if (app.errors.length) console.log('page errors:', app.errors);
} finally {
  await app.close();
}
