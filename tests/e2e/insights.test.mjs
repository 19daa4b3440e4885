import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, loadDemo } from './harness.mjs';

/** Share of a canvas's pixels that are not white: a drawn chart is far from blank. */
async function inked(page, sel) {
  return page.$eval(`${sel} canvas`, c => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink++;
    return ink / (data.length / 4);
  });
}

async function computed(page) {
  await page.waitForSelector('#analysis-as-of', { timeout: 90000 });
  await page.waitForSelector('#insight-stats, #chart-pyramid, #chart-retention, #chart-clusters, #satisfaction-stats', { timeout: 90000 });
}

test('dashboards compute in the worker, draw every chart, and drill down to the customers', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights`);
    await computed(page);
    const stats = await page.locator('#insight-stats .stat-value').allTextContents();
    assert.equal(stats[0], '2,000', 'every demo customer is analysed');
    assert.ok(await page.locator('#top-actions li').count() > 0, 'there is something to do');
    assert.ok(await inked(page, '#chart-segments') > 0.02);

    await page.click('a.tab[href="#/insights/value"]');
    for (const id of ['#chart-pyramid', '#chart-migration', '#chart-rf', '#chart-behaviour', '#chart-clv']) {
      await page.waitForSelector(`${id} canvas`);
      await page.waitForFunction(s => document.querySelector(`${s} canvas`).width > 0, id);
      assert.ok(await inked(page, id) > 0.02, `${id} is drawn`);
    }
    assert.ok(await page.locator('#top-clv tbody tr').count() > 0);
    // The table view holds the same figures, and the VIP tier's count leads to its list.
    await page.click('#chart-pyramid .chart-toggle');
    const vipRow = await page.locator('#chart-pyramid table tbody tr').first().locator('td').allTextContents();
    assert.equal(vipRow[0], 'VIP');
    const vips = vipRow[1];
    // In the table view each row links to its customers (the keyboard's drill-down).
    assert.match(await page.getAttribute('#chart-pyramid table tbody tr a >> nth=0', 'href'), /insight=tier%3Avip|insight=tier:vip/);
    await page.click('#chart-pyramid .chart-toggle');
    // The same figures download as CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#chart-pyramid .chart-csv')]);
    assert.equal(download.suggestedFilename(), 'kehu-chart-pyramid.csv');
    const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
    assert.ok(csv.startsWith('\uFEFF'));
    assert.match(csv.split('\r\n')[1], new RegExp(`^VIP,${vips.replace(/,/g, '')}|^VIP,"${vips}"`));
    const box = await page.locator('#chart-pyramid canvas').boundingBox();
    await page.mouse.click(box.x + box.width * 0.38, box.y + 20);
    await page.waitForFunction(() => location.hash.includes('insight=tier'));
    await page.waitForSelector('#insight-filter');
    assert.equal((await page.textContent('#result-count')).split(' ')[0], vips, 'drill-down lands on the VIP list');
    // The list row's customer carries the analysis as badges.
    await page.click('#customer-table tbody tr a >> nth=0');
    await page.waitForSelector('#insight-badges a:has-text("VIP")');

    await page.goto(`${url}#/insights/loyalty`);
    for (const id of ['#chart-retention', '#chart-p-alive', '#chart-cohorts']) {
      await page.waitForFunction(s => document.querySelector(`${s} canvas`)?.width > 0, id);
      assert.ok(await inked(page, id) > 0.01, `${id} is drawn`);
    }
    await page.goto(`${url}#/insights/clusters`);
    await page.waitForFunction(() => document.querySelector('#chart-clusters canvas')?.width > 0);
    assert.ok(await inked(page, '#chart-clusters') > 0.01);
    assert.equal(await page.locator('#cluster-profiles article').count(), 5);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('insights survive a reload without recomputing, and a data change recomputes them', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights`);
    await computed(page);
    await page.reload();
    await page.waitForSelector('#insight-stats');
    // Opened from the cache, and left so: a stale cache would show its figures first and
    // recompute a moment later (1.5 s after the page finds it stale), so watch for a while.
    const recomputed = await page.evaluate(() => new Promise(resolve => {
      if (document.querySelector('#analysis-progress')) return resolve(true);
      const o = new MutationObserver(() => {
        if (document.querySelector('#analysis-progress')) { o.disconnect(); resolve(true); }
      });
      o.observe(document.body, { childList: true, subtree: true });
      setTimeout(() => { o.disconnect(); resolve(false); }, 5000);
    }));
    assert.equal(recomputed, false, 'opened from the cache, not recomputed');
    assert.equal(await page.locator('#analysis-as-of .stale').count(), 0);
    const before = await page.locator('#insight-stats .stat-value').allTextContents();
    // A new customer changes the data version: the page marks the results stale and
    // recomputes in the background.
    await page.goto(`${url}#/customers/new?kind=person`);
    await page.fill('#f-fname', '新客户甲');
    await page.click('#save-customer');
    await page.waitForSelector('#customer-name');
    await page.goto(`${url}#/insights`);
    await page.waitForFunction(b => {
      const v = [...document.querySelectorAll('#insight-stats .stat-value')].map(e => e.textContent);
      return v.length && v[0] !== b;
    }, before[0], { timeout: 90000 });
    assert.equal(await page.textContent('#insight-stats .stat-value >> nth=0'), '2,001');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

/** The analysis window of the stored insights (`null`: all time), read from IndexedDB. */
function cachedWindow(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const r = indexedDB.open('kehu');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const get = r.result.transaction('insights').objectStore('insights').get('latest');
      get.onsuccess = () => { r.result.close(); resolve(get.result ? JSON.parse(get.result.doc).request.window_days : 'none'); };
      get.onerror = () => reject(get.error);
    };
  }));
}

test('a computation can be cancelled and the window changed', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights`);
    // The overview computed the dashboards for all time.
    await computed(page);
    const allTime = await page.textContent('#insight-stats .stat-value >> nth=1');
    assert.equal(await cachedWindow(page), null);
    // A new window starts a computation; cancelled, it leaves nothing: long after a run
    // would have ended, the figures shown and the ones stored are still all time.
    // Clicked the moment it appears: a worker loaded ahead finishes the demo's run in
    // less time than a click through the harness takes.
    await page.evaluate(() => new MutationObserver((_, seen) => {
      const cancel = document.querySelector('#analysis-cancel');
      if (cancel) { seen.disconnect(); cancel.click(); }
    }).observe(document.body, { childList: true, subtree: true }));
    await page.selectOption('#analysis-window', '365');
    await page.waitForSelector('#analysis-progress', { state: 'detached' });
    await page.waitForTimeout(8000);
    assert.equal(await page.textContent('#insight-stats .stat-value >> nth=1'), allTime, 'no results of the cancelled run');
    assert.equal(await cachedWindow(page), null, 'nothing of it was cached');
    // The window chosen is remembered: after a reload the dashboards follow it.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#analysis-window')?.value === '365');
    await page.waitForFunction(allTime => {
      const v = document.querySelector('#insight-stats .stat-value:nth-of-type(1)');
      const all = [...document.querySelectorAll('#insight-stats .stat-value')].map(e => e.textContent);
      return v && all[1] && all[1] !== allTime;
    }, allTime, { timeout: 90000 });
    const buyers = Number((await page.textContent('#insight-stats .stat-value >> nth=1')).replace(/,/g, ''));
    assert.ok(buyers > 0 && buyers < 2000, `a one-year window has fewer buyers (${buyers})`);
    assert.equal(await cachedWindow(page), 365);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a survey response recorded on the customer page changes NPS after recomputation', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights/satisfaction`);
    await computed(page);
    await page.waitForSelector('#satisfaction-stats');
    for (const id of ['#chart-nps', '#chart-nps-trend', '#chart-loyalty', '#chart-curve']) {
      await page.waitForFunction(s => document.querySelector(`${s} canvas`)?.width > 0, id);
      assert.ok(await inked(page, id) > 0.01, `${id} is drawn`);
    }
    // The loyalty quadrant drills down to its customers.
    await page.click('#chart-loyalty .chart-toggle');
    const trueRow = await page.locator('#chart-loyalty table tbody tr').first().locator('td').allTextContents();
    await page.click('#chart-loyalty .chart-toggle');
    await page.locator('#chart-loyalty canvas').scrollIntoViewIfNeeded();
    const box = await page.locator('#chart-loyalty canvas').boundingBox();
    await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.35);
    await page.waitForFunction(() => location.hash.includes('insight=loyalty'));
    assert.equal((await page.textContent('#result-count')).split(' ')[0], trueRow[1]);
    await page.goto(`${url}#/insights/satisfaction`);
    await page.waitForSelector('#satisfaction-stats');
    const mix = async () => (await page.textContent('#satisfaction-stats .stat-value >> nth=1')).split(' / ').map(Number);
    const [p0, , d0] = await mix();
    assert.ok(p0 > 0 && d0 > 0, 'the demo has promoters and detractors');

    await page.goto(`${url}#/customers`);
    await page.click('#customer-table tbody tr a >> nth=0');
    await page.click('#add-response');
    await page.click('#save-response');
    await page.waitForSelector('#response-form .field-error', { timeout: 5000 });
    await page.selectOption('#sv-nps', '0');
    await page.click('#save-response');
    await page.waitForSelector('#responses li:has-text("NPS 0")');
    await page.reload();
    await page.waitForSelector('#responses li:has-text("NPS 0")');

    await page.goto(`${url}#/insights/satisfaction`);
    await page.waitForFunction(d => {
      const v = document.querySelector('#satisfaction-stats .stat-value:nth-of-type(1)');
      const all = [...document.querySelectorAll('#satisfaction-stats .stat-value')].map(e => e.textContent);
      return all.length > 1 && Number(all[1].split(' / ')[2]) === d + 1;
    }, d0, { timeout: 90000 });
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('kiosk mode records a response, one question at a time, and resets for the next customer', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/customers`);
    await page.click('#customer-table tbody tr a >> nth=0');
    const name = await page.textContent('#customer-name');
    const before = await page.locator('#responses li').count();
    await page.click('#open-kiosk');
    await page.waitForSelector('#kiosk .kiosk-question');
    assert.equal(await page.locator('.kiosk-score').count(), 11, 'NPS asks 0–10');
    await page.click('.kiosk-score[data-score="10"]');
    assert.equal(await page.locator('.kiosk-score').count(), 5, 'then CSAT 1–5');
    await page.click('.kiosk-score[data-score="5"]');
    await page.click('.kiosk-skip');
    await page.waitForSelector('#kiosk-thanks');
    // The kiosk resets by itself and asks for the device back: the customer sees no
    // picker (no other customer's name). Without a PIN, staff go straight to it.
    await page.waitForSelector('#kiosk-handback', { timeout: 10000 });
    assert.equal(await page.locator('#kiosk-search').count(), 0);
    await page.click('#kiosk-next');
    await page.fill('#kiosk-search', name);
    await page.waitForSelector('.kiosk-customer');
    await page.click('.kiosk-customer >> nth=0');
    await page.click('.kiosk-score[data-score="3"]');
    await page.click('.kiosk-skip');
    await page.click('.kiosk-skip');
    await page.waitForSelector('#kiosk-thanks');
    await page.goBack();
    await page.goto(`${url}#/customers`);
    await page.click('#customer-table tbody tr a >> nth=0');
    // (Demo names can repeat, so the second answer may belong to a namesake.)
    await page.waitForFunction(n => document.querySelectorAll('#responses li').length >= n, before + 1);
    assert.equal(await page.locator('#responses li:has-text("NPS 10 · CSAT 5")').count(), 1);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('survey responses import through the wizard, each bad row named by line and column', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/customers`);
    await page.click('#customer-table tbody tr a >> nth=0');
    await page.waitForSelector('#customer-name');
    const id = decodeURIComponent(page.url().split('#/customers/')[1]);
    const before = await page.locator('#responses li').count();
    await page.goto(`${url}#/insights/satisfaction`);
    await computed(page);
    await page.click('#import-responses-link');
    await page.waitForSelector('#import-kind-responses:checked');
    const csv = `customer,date,nps,csat,comment\n${id},2026-01-15,9,4,"fast, friendly"\nnobody,2026-01-15,9,,\n${id},2026-01-16,12,,\n`;
    await page.setInputFiles('#import-file', { name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['order_customer', 'response_date', 'nps', 'csat', 'response_comment']);
    await page.click('#import-check');
    await page.waitForSelector('#import-plan');
    // Rows read, responses, skipped, rows with errors.
    assert.deepEqual(await page.locator('#import-plan dd').allTextContents(), ['3', '1', '0', '2']);
    assert.deepEqual(await page.locator('#import-errors li').allTextContents(), [
      'Line 3, customer “nobody”: No such customer',
      'Line 4, nps “12”: Not a score from 0 to 10',
    ]);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    // The same file again: its response is in kehu already, so nothing to write.
    await page.setInputFiles('#import-file', { name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#import-preview');
    await page.click('#import-check');
    await page.waitForSelector('#import-plan');
    assert.deepEqual(await page.locator('#import-plan dd').allTextContents(), ['3', '0', '1', '2']);
    assert.ok(await page.locator('#import-errors li:has-text("Line 2, customer")').textContent()
      .then(t => t.endsWith('Already imported (the same record is stored)')));
    assert.ok(await page.isDisabled('#import-run'));
    await page.goto(`${url}#/customers/${encodeURIComponent(id)}`);
    await page.waitForFunction(n => document.querySelectorAll('#responses li').length === n, before + 1);
    assert.equal(await page.locator('#responses li:has-text("NPS 9 · CSAT 4")').count(), 1);
    assert.ok(await page.locator('#responses li:has-text("fast, friendly")').count() === 1);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('loyalty charts drill down: a cohort cell, a retention month, a P(alive) bin', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights/loyalty`);
    await computed(page);
    const count = async () => Number((await page.textContent('#result-count')).split(' ')[0].replace(/,/g, ''));
    // The oldest cohort's first cell is the whole cohort.
    await page.click('#chart-cohorts .chart-toggle');
    const first = await page.locator('#chart-cohorts table tbody tr').first().locator('td').allTextContents();
    await page.click('#chart-cohorts .chart-toggle');
    await page.locator('#chart-cohorts canvas').scrollIntoViewIfNeeded();
    const box = await page.locator('#chart-cohorts canvas').boundingBox();
    await page.mouse.click(box.x + 75, box.y + 32);
    await page.waitForFunction(() => location.hash.includes('insight=cohort'));
    await page.waitForSelector('#insight-filter');
    assert.match(await page.textContent('#insight-filter'), new RegExp(`First ordered in ${first[0]}`));
    assert.equal(await count(), Number(first[1]), 'the cohort cell lands on its customers');
    // The retention table links each month to the customers retained in it.
    await page.goto(`${url}#/insights/loyalty`);
    await page.click('#chart-retention .chart-toggle');
    const last = await page.locator('#chart-retention table tbody tr').last().locator('td').allTextContents();
    await page.locator('#chart-retention table tbody tr').last().locator('a').click();
    await page.waitForFunction(() => location.hash.includes('insight=retained'));
    await page.waitForSelector('#insight-filter');
    assert.equal(await count(), Number(last[2].split('/')[0]));
    assert.equal(await page.inputValue('#filter-insight'), `retained:${last[0]}`, 'the select shows the slice');
    // P(alive) 90–100%.
    await page.goto(`${url}#/insights/loyalty`);
    await page.click('#chart-p-alive .chart-toggle');
    const top = await page.locator('#chart-p-alive table tbody tr').last().locator('td').allTextContents();
    await page.locator('#chart-p-alive table tbody tr').last().locator('a').click();
    await page.waitForFunction(() => location.hash.includes('insight=palive'));
    await page.waitForSelector('#insight-filter');
    assert.equal(await count(), Number(top[1].replace(/,/g, '')));
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('with a staff PIN the kiosk cannot be left without it, not by the address bar, a reload or a new tab', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url, ctx } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/settings`);
    await page.fill('#kiosk-pin-setting', '12');
    await page.click('#save-kiosk-pin');
    await page.waitForSelector('#kiosk-pin-setting[aria-invalid=true]');
    await page.fill('#kiosk-pin-setting', '2468');
    await page.click('#save-kiosk-pin');
    await page.waitForSelector('#kiosk-pin-state:has-text("A staff PIN is set")');
    // Stored as a salted hash, never as the digits.
    const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes('pin')));
    assert.ok(stored.every(([, v]) => !v.includes('2468')), JSON.stringify(stored));
    assert.match(stored.find(([k]) => k === 'kehu.kiosk_pin_hash')[1], /^pbkdf2-sha256\$210000\$[0-9a-f]{32}\$[0-9a-f]{64}$/);

    await page.goto(`${url}#/kiosk`);
    await page.waitForSelector('#kiosk-search');
    // The app's chrome behind the kiosk is inert.
    assert.equal(await page.getAttribute('header.topbar', 'inert'), '');
    // A typed address (or the back button) comes straight back to the kiosk.
    await page.evaluate(() => { location.hash = '#/customers'; });
    await page.waitForFunction(() => location.hash.startsWith('#/kiosk'));
    assert.equal(await page.locator('#kiosk').count(), 1);
    // A reload, or a new tab at any address, opens the kiosk waiting for staff, even
    // when the address names a customer.
    await page.goto(`${url}#/customers`);
    await page.reload();
    await page.waitForSelector('#kiosk-handback');
    assert.match(page.url(), /#\/kiosk/);
    const other = await ctx.newPage();
    await other.goto(`${url}#/settings`);
    await other.waitForSelector('#kiosk-handback');
    await other.close();
    // The picker, like the way out, takes the PIN; wrong tries wait longer and longer.
    await page.click('#kiosk-next');
    for (let n = 1; n <= 4; n++) {
      await page.fill('#kiosk-pin', '1111');
      await page.click('#kiosk-pin-ok');
      await page.waitForSelector(n < 4 ? '#kiosk-pin-err:has-text("Wrong PIN")' : '#kiosk-pin-err:has-text("Try again in 5 s")');
    }
    await page.fill('#kiosk-pin', '2468');
    await page.click('#kiosk-pin-ok');
    await page.waitForSelector('#kiosk-pin-err:has-text("Too many tries")');
    assert.equal(await page.locator('#kiosk-search').count(), 0, 'not even the right PIN, too soon');
    await page.waitForTimeout(5200);
    await page.fill('#kiosk-pin', '2468');
    await page.click('#kiosk-pin-ok');
    await page.waitForSelector('#kiosk-search');
    // Leaving takes the PIN too; then navigation is free again, reloads included.
    await page.click('#kiosk-exit');
    await page.fill('#kiosk-pin', '2468');
    await page.click('#kiosk-pin-ok');
    await page.waitForFunction(() => location.hash === '#/insights/satisfaction');
    await page.waitForSelector('#kiosk', { state: 'detached' });
    assert.equal(await page.getAttribute('header.topbar', 'inert'), null);
    await page.evaluate(() => { location.hash = '#/customers'; });
    await page.reload();
    await page.waitForSelector('#customer-table', { timeout: 10000 });
    assert.equal(await page.evaluate(() => location.hash), '#/customers');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('the value pyramid ranks by gross margin when asked, and keeps that choice', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights/value`);
    await computed(page);
    await page.waitForSelector('#chart-pyramid:has-text("Ranked by revenue")');
    await page.selectOption('#pyramid-rank', 'margin');
    await page.waitForSelector('#chart-pyramid:has-text("Ranked by gross margin")', { timeout: 90000 });
    await page.click('#chart-pyramid .chart-toggle');
    const head = await page.locator('#chart-pyramid table thead th').allTextContents();
    assert.equal(head[head.length - 1], 'Gross margin');
    const vip = await page.locator('#chart-pyramid table tbody tr').first().locator('td').allTextContents();
    assert.match(vip[vip.length - 1], /^¥[\d,]+\.\d{2}$/, 'the VIP tier has a margin');
    await page.reload();
    await page.waitForSelector('#chart-pyramid:has-text("Ranked by gross margin")', { timeout: 90000 });
    assert.equal(await page.inputValue('#pyramid-rank'), 'margin');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('basket analysis finds what the demo sells together, and a product\'s page lists it', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights/basket`);
    await page.waitForSelector('#analysis-as-of', { timeout: 90000 });
    await page.waitForFunction(() => document.querySelector('#chart-basket canvas')?.width > 0, null, { timeout: 90000 });
    assert.ok(await inked(page, '#chart-basket') > 0.01);
    assert.match(await page.textContent('#basket-summary'), /^[\d,]+ orders with lines and 1[23] products analysed; \d+ rules found\.$/);
    // The rules table lists the strongest with their products linked.
    assert.ok(await page.locator('#basket-rules tbody tr').count() >= 10);
    assert.ok(await page.locator('#basket-rules tbody tr td:first-child a').count() >= 10);
    // The table view: pairs strongest first, each leading to the first product's page.
    await page.click('#chart-basket .chart-toggle');
    const head = await page.locator('#chart-basket table thead th').allTextContents();
    assert.deepEqual(head, ['If bought', 'Also bought', 'Orders with both', 'Support', 'Confidence', 'Lift']);
    const first = await page.locator('#chart-basket table tbody tr').first().locator('td').allTextContents();
    assert.ok(Number(first[5]) > 1, `lift above chance: ${first}`);
    const href = await page.getAttribute('#chart-basket table tbody tr a >> nth=0', 'href');
    assert.match(href, /^#\/products\/[0-9a-f-]{36}$/);
    await page.goto(url + href);
    await page.waitForSelector('#product-form');
    assert.equal(await page.inputValue('#product-name'), first[0]);
    await page.waitForSelector('#bought-together tbody tr');
    const together = await page.locator('#bought-together tbody td:first-child').allTextContents();
    assert.ok(together.includes(first[1]), `${first[1]} is among ${together}`);
    assert.match(await page.locator('#bought-together tbody td:nth-child(2)').first().textContent(), /^\d+%$/);
    // A companion's name leads to its own page.
    await page.click('#bought-together tbody a >> nth=0');
    await page.waitForFunction(h => location.hash !== h, href);
    await page.waitForSelector('#product-form');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
