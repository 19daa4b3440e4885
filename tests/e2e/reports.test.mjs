import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { open, createCustomer, loadDemo, watchLongTasks, HEAVY_TASK_MS } from './harness.mjs';

async function addOrder(page, day, amount) {
  const before = await page.locator('.tl-order').count();
  await page.click('#add-order');
  await page.fill('#f-orderdate', day);
  await page.fill('#f-amount', amount);
  await page.click('#save-order');
  await page.waitForFunction(n => document.querySelectorAll('.tl-order').length > n, before);
}

const rowTexts = (page) => page.$$eval('#pivot tbody tr', rows => rows.map(r => r.innerText.replace(/\s+/g, ' ').trim()));

test('a report sums orders by month and region, lists the records behind a cell, exports, and survives a reload', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    await createCustomer(page, url, { name: 'East Tea House', fields: { '#f-fregion': '华东' } });
    await addOrder(page, '2026-01-15', '100');
    await addOrder(page, '2026-02-03', '250');
    await createCustomer(page, url, { name: 'South Cafe', fields: { '#f-fregion': '华南' } });
    await addOrder(page, '2026-02-20', '40');

    // Revenue by month is the report the link opens.
    await page.goto(`${url}#/orders`);
    await page.click('#to-reports');
    await page.waitForSelector('#pivot tbody tr');
    assert.deepEqual(await rowTexts(page), ['2026-01 ¥100.00', '2026-02 ¥290.00']);
    assert.match(await page.textContent('#report-summary'), /3 records, total ¥390\.00/);

    // Across by region: the largest region first.
    await page.selectOption('#report-cols', 'region');
    await page.waitForSelector('#pivot thead th:has-text("华南")');
    assert.deepEqual(await rowTexts(page), ['2026-01 ¥100.00 ¥100.00', '2026-02 ¥250.00 ¥40.00 ¥290.00']);

    // The records behind February × 华南.
    await page.click('#pivot tbody tr:nth-child(2) td:nth-child(3) button');
    await page.waitForSelector('#drill-records tbody tr');
    assert.match(await page.textContent('#drill h2'), /Records · 2026-02 · 华南/);
    const records = await page.$$eval('#drill-records tbody tr', rows => rows.map(r => r.innerText));
    assert.equal(records.length, 1);
    assert.match(records[0], /South Cafe/);
    assert.match(records[0], /¥40\.00/);
    // A row's total lists the row's records, by keyboard as well.
    await page.focus('#pivot tbody tr:nth-child(2) th button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#drill-records tbody tr').length === 2);
    await page.click('#drill-close');
    assert.equal(await page.locator('#drill').count(), 0);

    // Counts instead of sums, without computing again.
    await page.selectOption('#report-show', 'count');
    assert.deepEqual(await rowTexts(page), ['2026-01 1 1', '2026-02 1 1 2']);

    // The table as CSV: plain numbers a spreadsheet reads.
    await page.selectOption('#report-show', 'sum');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-csv')]);
    const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines[0], 'Month,华东,华南,Total');
    assert.equal(lines[2], '2026-02,250.00,40.00,290.00');
    assert.equal(lines[3], 'Total,350.00,40.00,390.00');

    // The address keeps the report.
    await page.selectOption('#report-show', 'average');
    await page.reload();
    await page.waitForSelector('#pivot tbody tr');
    assert.equal(await page.inputValue('#report-cols'), 'region');
    assert.equal(await page.inputValue('#report-show'), 'average');
    assert.deepEqual(await rowTexts(page), ['2026-01 ¥100.00 ¥100.00', '2026-02 ¥250.00 ¥40.00 ¥145.00']);

    // One click to revenue by region; dates bound it.
    await page.click('#preset-region');
    await page.waitForFunction(() => document.querySelector('#pivot thead th')?.innerText === 'Region');
    assert.deepEqual(await rowTexts(page), ['华东 ¥350.00', '华南 ¥40.00']);
    await page.fill('#report-from', '2026-02-01');
    await page.dispatchEvent('#report-from', 'change');
    await page.waitForFunction(() => document.querySelector('#report-summary')?.innerText.includes('2 records'));
    assert.deepEqual(await rowTexts(page), ['华东 ¥250.00', '华南 ¥40.00']);
    // Another tab adds an order while the report is open: the page's worker, which
    // kept what it read, reads afresh.
    const other = await page.context().newPage();
    await other.goto(`${url}#/customers`);
    await other.click('text=South Cafe');
    await other.waitForSelector('#customer-name');
    await addOrder(other, '2026-02-25', '60');
    await other.close();
    await page.waitForFunction(() => document.querySelector('#report-summary')?.innerText.includes('3 records'));
    assert.deepEqual(await rowTexts(page), ['华东 ¥250.00', '华南 ¥100.00']);
    // A new order is in the report as soon as it is saved.
    await page.goto(`${url}#/customers`);
    await page.click('text=South Cafe');
    await page.waitForSelector('#customer-name');
    await addOrder(page, '2026-03-01', '500');
    await page.goto(`${url}#/reports?rows=region`);
    await page.waitForSelector('#pivot tbody tr');
    assert.deepEqual(await rowTexts(page), ['华南 ¥600.00', '华东 ¥350.00']);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('reports on the demo: order lines by category and quarter, opportunities by stage, all off the page', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    await loadDemo(page);
    const heavy = await watchLongTasks(page);
    await page.goto(`${url}#/insights`);
    await page.click('#tab-reports');
    await page.waitForSelector('#pivot tbody tr');
    assert.equal((await page.textContent('nav .nav-link.active')).trim(), '洞察', 'reports sit under the dashboards');

    await page.goto(`${url}#/reports?source=lines&rows=category&cols=quarter`);
    await page.waitForFunction(() => document.querySelector('#pivot thead th')?.innerText === '品类');
    const categories = await rowTexts(page);
    assert.ok(categories.length >= 2, categories.join('\n'));
    await page.click('#pivot tbody tr:first-child th button');
    await page.waitForSelector('#drill-records tbody tr');
    assert.match(await page.textContent('#drill-records tbody tr'), /×/);

    await page.selectOption('#report-source', 'opportunities');
    await page.selectOption('#report-rows', 'stage');
    await page.selectOption('#report-measure', 'weighted');
    await page.waitForFunction(() => document.querySelector('#pivot thead th')?.innerText === '阶段');
    const stages = (await rowTexts(page)).join('\n');
    assert.match(stages, /赢单/);
    assert.match(stages, /商务谈判/);
    // The measures follow the records: opportunities have no quantity.
    const measures = await page.$$eval('#report-measure option', o => o.map(x => x.value));
    assert.deepEqual(measures, ['amount', 'weighted']);
    await page.click('#pivot tbody tr:first-child th button');
    await page.waitForSelector('#drill-records tbody tr a[href^="#/opportunities/"]');

    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${url}#/reports`);
    await page.waitForSelector('#pivot tbody tr');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 392, `the page is ${wide}px wide on a phone`);
    assert.deepEqual(await heavy(), [], `no main-thread task of ${HEAVY_TASK_MS} ms or more`);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
