import { open } from './e2e/harness.mjs';
const app = await open({ locale: 'en-US' });
const { page, url } = app;
await page.evaluate(([c, o]) => window.wasmBindings.kehu_load_generated(c, o), [100000, 1000000]);
await page.reload();
await page.waitForSelector('#stats', { timeout: 300000 });
await page.goto(`${url}#/insights`);
await page.waitForSelector('#insight-stats', { timeout: 300000 });
await page.waitForSelector('#analysis-progress', { state: 'detached', timeout: 300000 });
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', e => events.push(...e.value));
const done = new Promise(r => cdp.on('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
await page.click('#recompute');
await page.waitForSelector('#analysis-progress');
await page.waitForSelector('#analysis-progress', { state: 'detached', timeout: 300000 });
await page.waitForSelector('#insight-stats');
await page.waitForTimeout(500);
await cdp.send('Tracing.end');
await done;
const main = events.filter(e => e.name === 'RunTask' && e.dur > 30000);
for (const t of main) {
  const kids = events.filter(e => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur || 0) <= t.ts + t.dur && e.name !== 'RunTask' && e.dur > 2000);
  const thread = events.find(e => e.name === 'thread_name' && e.pid === t.pid && e.tid === t.tid)?.args?.name;
  console.log(`task ${(t.dur / 1000).toFixed(1)} ms on ${thread}`);
  for (const k of kids.sort((a, b) => b.dur - a.dur).slice(0, 12)) console.log(`   ${k.name} ${(k.dur / 1000).toFixed(1)} ms ${JSON.stringify(k.args?.data ?? {}).slice(0, 150)}`);
}
await app.close();
