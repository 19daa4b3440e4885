import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, loadDemo } from './harness.mjs';

const ids = page => page.locator('#order-table .order-row').evaluateAll(rows => rows.map(r => Number(r.dataset.id)));

test('the order list scrolls through every order, newest first, drawing only the rows in view', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    await loadDemo(page);
    await page.click('nav a[href="#/orders"]');
    await page.waitForSelector('#order-table .order-row');
    const total = Number((await page.textContent('#order-count')).split(' ')[0].replace(/,/g, ''));
    assert.ok(total > 16384, `the demo spans several chunks: ${total}`);
    const first = await ids(page);
    assert.ok(first.length < 80, `only the rows in view are drawn: ${first.length}`);
    assert.deepEqual(first, [...first].sort((a, b) => b - a), 'newest first');

    // The spacers make the scroller as tall as every row.
    const pitch = await page.locator('#order-table .order-row').evaluateAll(r => r[2].getBoundingClientRect().top - r[1].getBoundingClientRect().top);
    assert.ok(Math.abs(pitch - 40) < 0.5, `rows 40 px apart, as the spacers count them: ${pitch}`);
    const scrollHeight = await page.locator('#order-scroll').evaluate(e => e.scrollHeight);
    assert.ok(Math.abs(scrollHeight - total * 40) < 80, `${scrollHeight} for ${total} rows`);

    // To the end: the oldest order (chunk 1, first slot) is the last row.
    await page.locator('#order-scroll').evaluate(e => { e.scrollTop = e.scrollHeight; });
    await page.waitForSelector('#order-table .order-row[data-id="16384"]');
    const last = await ids(page);
    assert.equal(last[last.length - 1], 16384);
    assert.ok(last.length < 80);

    // The middle, by keyboard: the scroller takes focus and pages up.
    await page.focus('#order-scroll');
    const before = await page.locator('#order-scroll').evaluate(e => e.scrollTop);
    await page.keyboard.press('PageUp');
    await page.waitForFunction(b => document.querySelector('#order-scroll').scrollTop < b, before);

    // The export holds every order, newest first, with the customer's name.
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#orders-export-csv')]);
    assert.match(d.suggestedFilename(), /^kehu-orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8');
    const lines = text.slice(1).trim().split('\r\n');
    assert.equal(lines[0], 'Order,Order date,Customer number,Customer,ID,Amount,Order status,Salesperson,Cost');
    assert.equal(lines.length, total + 1);
    assert.equal(Number(lines[1].split(',')[0]), first[0]);
    assert.match(lines[1], /^\d+,\d{4}-\d{2}-\d{2},[^,]*,[^,]+,[0-9a-f-]{36},\d+\.\d{2},"?[A-Za-z, ]+"?,[^,]+,\d+\.\d{2}$/);

    // A recent row's customer opens the customer, whose timeline (latest first) has
    // that order.
    await page.locator('#order-scroll').evaluate(e => { e.scrollTop = 0; });
    await page.waitForSelector(`#order-table .order-row[data-id="${first[0]}"]`);
    const row = page.locator('#order-table .order-row >> nth=3');
    const id = await row.getAttribute('data-id');
    await row.locator('a').click();
    await page.waitForSelector('#timeline');
    assert.ok((await page.locator('#timeline .tl-order .tl-kind').allTextContents()).includes(`Order #${id}`));
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('with no orders the list says how to add some', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/orders`);
    await page.waitForSelector('#orders-empty');
    assert.match(await page.textContent('#orders-empty'), /还没有订单/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
