// Dashboards benchmark (run by `cargo xtask bench insights`, never by CI): the built app
// in headless Chromium with 100,000 customers and 1,000,000 orders in IndexedDB. Measures
// the time from "Recompute" to the results in, then to every dashboard drawn; the longest
// main-thread task meanwhile; and the tab's memory. Figures go to standard output.
import { open } from '../e2e/harness.mjs';

const CUSTOMERS = Number(process.env.KEHU_BENCH_CUSTOMERS || 100000);
const ORDERS = Number(process.env.KEHU_BENCH_ORDERS || 1000000);

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
  await page.reload();
  await page.waitForSelector('#stats', { timeout: 300000 });
  // First visit computes (nothing cached yet); wait for it, then measure a recompute.
  await page.goto(`${url}#/insights`);
  await page.waitForSelector('#insight-stats', { timeout: 300000 });
  await page.waitForSelector('#analysis-progress', { state: 'detached', timeout: 300000 });
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
  console.log(`tab memory: JS heap ${mb(heap)} MB, app wasm memory ${mb(wasm)} MB (the worker's memory is freed when it ends)`);
  if (app.errors.length) console.log('page errors:', app.errors);
} finally {
  await app.close();
}
