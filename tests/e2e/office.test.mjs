import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

// The back office (src/office.rs) is a second wasm binary the page loads on demand.
test('the back office loads the first time one of its pages opens, once, and follows the language', async () => {
  const app = await open();
  const { page, url } = app;
  const fetched = [];
  page.on('request', r => { if (r.url().includes('kehu-office')) fetched.push(r.url()); });
  try {
    await page.waitForSelector('.welcome');
    assert.deepEqual(fetched, [], 'the home page does not fetch the office');

    await page.click('#nav-tasks');
    await page.waitForSelector('#tasks-page, main .page');
    assert.deepEqual(fetched, [], 'nor does an everyday page');

    await page.goto(`${url}#/leads`);
    await page.waitForSelector('#office h1:text-is("线索")');
    assert.ok(fetched.some(u => u.endsWith('kehu-office_bg.wasm')), 'the office is fetched when needed');
    assert.equal(await page.getAttribute('.nav-link.active', 'href'), '#/pipeline', 'leads belong to the pipeline');

    // The language chosen in the page's header reaches the office.
    await page.selectOption('#lang-select', 'en');
    await page.waitForSelector('#office h1:text-is("Leads")');

    // An everyday page: the office shows nothing; back again, it is not fetched twice.
    const before = fetched.length;
    await page.click('#main-nav a[href="#/customers"]');
    await page.waitForSelector('main .page h1');
    assert.equal(await page.locator('#office > *:not(.toasts)').count(), 0, 'the office is empty off its pages');
    await page.goBack();
    await page.waitForSelector('#office h1:text-is("Leads")');
    await page.click('#new-lead');
    await page.fill('#lead-name', 'Ada');
    await page.click('#lead-save');
    await page.waitForSelector('.lead-row');
    assert.equal(fetched.length, before, 'loaded once per page load');

    // After a reload the office opens straight away at its own address.
    await page.reload();
    await page.waitForSelector('#office .lead-row');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('the page and the office share one stack of toasts, whose buttons stay clickable', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await page.click('#load-demo');
    await page.waitForSelector('#stats', { timeout: 60000 });
    await page.goto(`${url}#/products/new`);
    await page.waitForSelector('#product-form');
    await page.fill('#product-sku', 'T-1');
    await page.fill('#product-name', '测试');
    await page.fill('#product-price', '1');
    await page.click('#product-save');
    await page.waitForSelector('.toasts .toast:has-text("产品已保存")');
    assert.equal(await page.locator('.toasts').count(), 1, 'one stack');
    await page.click('.toast:has-text("产品已保存") .btn-icon', { timeout: 5000 });
    await page.waitForSelector('.toast:has-text("产品已保存")', { state: 'detached' });
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
