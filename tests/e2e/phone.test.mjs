// kehu on a phone (390 × 844, the width of a common handset): every page in both
// languages fits the screen's width (nothing scrolls sideways), the navigation folds
// into a menu whose labels each stay on one line, and the list's filters fold behind a
// button that counts those applied; on a wide screen the navigation stays in the bar.
// Screenshots go to KEHU_SHOTS when it is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { open, loadDemo, createCustomer } from './harness.mjs';

const SHOTS = process.env.KEHU_SHOTS;

const PAGES = [
  ['home', '#/', 'main .page'],
  ['customers', '#/customers', '#customer-table'],
  ['customer', null, '#customer-name'],
  ['new-customer', '#/customers/new?kind=person', '#f-fname'],
  ['orders', '#/orders', '#order-table .order-row[data-id]'],
  ['insights', '#/insights', '#insight-stats'],
  ['value', '#/insights/value', '#chart-pyramid canvas'],
  ['loyalty', '#/insights/loyalty', '#chart-retention canvas'],
  ['satisfaction', '#/insights/satisfaction', '#satisfaction-stats'],
  ['clusters', '#/insights/clusters', '#chart-clusters canvas'],
  ['sales', '#/insights/sales', '#chart-funnel canvas'],
  ['opportunities', '#/opportunities?slice=open', '#opp-list'],
  ['import', '#/import', '#import-file'],
  ['imports', '#/imports', 'main .page'],
  ['duplicates', '#/customers/duplicates', 'main .page'],
  ['surveys', '#/surveys', '#survey-table'],
  ['new-survey', '#/surveys/new?kind=kano', 'main form'],
  ['settings', '#/settings', '#restore-file'],
  ['sync', '#/sync', '#sync-form'],
  ['staff', '#/staff', '#staff-table'],
  ['pipeline', '#/pipeline', '#board .opp-card'],
  ['tasks', '#/tasks', '.task-item'],
  ['leads', '#/leads', '#lead-table .lead-row'],
  ['task-matrix', '#/tasks?view=matrix', '#quadrant-1 .task-item'],
  ['task-calendar', '#/tasks?view=calendar', '#calendar .cal-task'],
  ['products', '#/products', '#product-table .product-row'],
  ['quotes', '#/quotes', '#quote-table .quote-row'],
  // {quote}: the first quote listed.
  ['quote', '{quote}', '#quote-lines .quote-line'],
  ['quote-print', '{quote}/print', '#sheet-lines tbody tr'],
  ['expenses', '#/expenses', '#expense-table .expense-row'],
  ['receivables', '#/receivables', '#receivables .receivable'],
];

/** How far the page scrolls sideways (0 when it fits), and the widest culprit. */
async function overflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const over = doc.scrollWidth - doc.clientWidth;
    if (over <= 0) return { over: 0 };
    const wide = [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 1 && !e.closest('.table-wrap, .order-scroll'))
      .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`);
    return { over, wide: wide.slice(0, 5) };
  });
}

/** Tables whose first row shows a different number of cells than their header. */
async function misaligned(page) {
  return page.$$eval('table', tables => tables.filter(t => {
    const shown = cells => [...cells].filter(c => getComputedStyle(c).display !== 'none')
      .reduce((n, c) => n + (c.colSpan || 1), 0);
    const head = t.querySelector('thead tr');
    const row = [...t.querySelectorAll('tbody tr')].find(r => !r.classList.contains('spacer') && r.cells.length > 1);
    return head && row && shown(head.cells) !== shown(row.cells);
  }).map(t => t.id || t.className));
}

/** The navigation labels that take more than one line. */
async function wrappedLabels(page) {
  return page.$$eval('#main-nav .nav-link', links => links.filter(a => {
    const r = document.createRange();
    // A link with a count beside its label: the label must not wrap.
    r.selectNodeContents(a.querySelector('.nav-label') ?? a);
    return new Set([...r.getClientRects()].map(q => Math.round(q.top))).size > 1;
  }).map(a => a.textContent));
}

for (const locale of ['zh-CN', 'en-US']) {
  test(`every page fits a phone's width, in ${locale}`, async () => {
    const app = await open({ locale });
    const { page, url } = app;
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await loadDemo(page);
      await page.goto(`${url}#/customers`);
      await page.waitForSelector('#customer-table tbody .col-name a');
      const first = await page.getAttribute('#customer-table tbody .col-name a >> nth=0', 'href');
      await page.goto(`${url}#/quotes`);
      await page.waitForSelector('#quote-table .quote-row th a');
      const quote = await page.getAttribute('#quote-table .quote-row th a >> nth=0', 'href');
      await page.goto(`${url}#/customers`);
      await page.waitForSelector('#customer-table tbody .col-name a');

      // The menu: closed, one button; open, every label on one line; a link closes it.
      assert.equal(await page.isVisible('#main-nav'), false, 'the navigation is folded');
      assert.equal(await page.getAttribute('#menu-button', 'aria-expanded'), 'false');
      const button = await page.locator('#menu-button').boundingBox();
      assert.ok(button.height >= 44, `menu button ${button.height} px high`);
      await page.click('#menu-button');
      assert.equal(await page.isVisible('#main-nav'), true);
      assert.deepEqual(await wrappedLabels(page), []);
      for (const box of await page.locator('#main-nav .nav-link').evaluateAll(l => l.map(a => a.getBoundingClientRect().height))) {
        assert.ok(box >= 44, `a menu entry is ${box} px high`);
      }
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `phone-${locale}-menu.png`) });
      await page.click('#main-nav .nav-link >> nth=2');
      await page.waitForSelector('#order-table');
      assert.equal(await page.isVisible('#main-nav'), false, 'following a link closes the menu');
      // Escape closes it too, and gives the focus back to its button.
      await page.click('#menu-button');
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('#main-nav'), false);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-button');

      // The list's filters fold behind a button that counts the ones applied.
      await page.goto(`${url}#/customers?stage=user&level=vip`);
      await page.waitForSelector('#customer-table');
      assert.equal(await page.isVisible('#filter-stage'), false);
      assert.match(await page.textContent('#filters-toggle'), /\(2\)|（2）/);
      await page.click('#filters-toggle');
      assert.equal(await page.isVisible('#filter-stage'), true);
      assert.equal(await page.inputValue('#filter-stage'), 'user');

      for (const [name, hash, ready] of PAGES) {
        await page.goto(`${url}${hash?.replace('{quote}', quote) ?? first}`);
        await page.waitForSelector(ready, { timeout: 90000 });
        await page.waitForTimeout(150);
        const { over, wide } = await overflow(page);
        assert.equal(over, 0, `${name} scrolls sideways by ${over} px: ${wide?.join(', ')}`);
        assert.deepEqual(await misaligned(page), [], `${name}: a column hidden in the rows but not in the header`);
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `phone-${locale}-${name}.png`), fullPage: true });
      }
      assert.deepEqual(app.errors, []);
    } finally { await app.close(); }
  });
}

test('on a phone only the newest toast shows, across the screen; a wide screen stacks them', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await createCustomer(page, url, { name: 'Ada Lovelace' });
    await createCustomer(page, url, { name: 'Grace Hopper' });
    await page.click('#delete-customer');
    await page.click('dialog[open] .btn-danger');
    await page.waitForSelector('.toast:has-text("Deleted: Grace Hopper")');
    const shown = () => page.$$eval('.toast', ts => ts.filter(t => t.getClientRects().length > 0).map(t => t.textContent));
    // The second customer's "Saved" at least is still up (each stays 8 s).
    assert.ok(await page.locator('.toast').count() >= 2);
    const [only] = await shown();
    assert.match(only, /Deleted: Grace Hopper/);
    assert.equal((await shown()).length, 1);
    const box = await page.locator('.toast:has-text("Deleted")').boundingBox();
    assert.ok(box.x >= 8 && box.x + box.width <= 390 - 8 && box.width > 300, JSON.stringify(box));
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'phone-en-US-toast.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal((await shown()).length, await page.locator('.toast').count(), 'a wide screen stacks them');
    await page.setViewportSize({ width: 390, height: 844 });
    // Its Undo still works.
    await page.click('.toast:has-text("Deleted") .btn-link');
    await page.waitForSelector('#customer-name:has-text("Grace Hopper")');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('on a wide screen the navigation shows in the bar and no menu button does', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page } = app;
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForSelector('#main-nav');
    assert.equal(await page.isVisible('#menu-button'), false, 'no menu button above 900 px');
    assert.equal(await page.isVisible('#main-nav'), true);
    await page.setViewportSize({ width: 900, height: 800 });
    assert.equal(await page.isVisible('#menu-button'), true, 'the menu button at 900 px');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
