import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer } from './harness.mjs';

test('possible duplicates side by side; merge moves the orders and can be undone; "not the same" is remembered', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: 'Wang Fang', fields: { '#f-femail': 'wang@example.com', '#f-fcity': 'Hangzhou' } });
    await createCustomer(page, url, { name: 'Fang Wang', fields: { '#f-femail': 'WANG@example.com', '#f-fmobile': '138 0000 1111' } });
    // The second one has an order.
    await page.click('#add-order');
    await page.fill('#f-amount', '88');
    await page.click('#save-order');
    await page.waitForSelector('.tl-order:has-text("88.00")');
    await createCustomer(page, url, { name: '上海新时代服饰有限公司', kind: 'organisation', fields: { '#f-fcity': '上海' } });
    await createCustomer(page, url, { name: '上海新时代服饰公司', kind: 'organisation', fields: { '#f-fcity': '上海' } });

    await page.goto(`${url}#/customers`);
    await page.click('#find-duplicates');
    await page.waitForSelector('#dup-0');
    assert.equal(await page.textContent('#dup-count'), '2 possible duplicate pairs');
    assert.match(await page.textContent('#dup-0 .dup-reasons'), /Same email/);
    assert.match(await page.textContent('#dup-1 .dup-reasons'), /Similar name, same city/);
    // The differing fields are marked; both values are shown.
    const differing = await page.locator('#dup-0 tr.dup-differs th').allTextContents();
    assert.ok(differing.includes('Name') && differing.includes('City'), differing.join());

    // Keep the left (the first created, Wang Fang), then undo: both again.
    assert.equal(await page.textContent('#dup-0 thead th:nth-child(2)'), 'Wang Fang');
    await page.click('#dup-0-keep-left');
    await page.waitForSelector('.toast:has-text("Merged into Wang Fang")');
    await page.waitForSelector('#dup-count:has-text("1 possible")');
    await page.click('.toast:has-text("Merged into") .btn-link');
    await page.waitForSelector('#dup-count:has-text("2 possible")');

    // Merge for good: the order and the phone come along; the other is in the trash.
    await page.click('#dup-0-keep-left');
    await page.waitForSelector('#dup-count:has-text("1 possible")');
    await page.goto(`${url}#/customers?q=Fang`);
    await page.waitForSelector('#customer-table');
    assert.deepEqual(await page.locator('#customer-table tbody .col-name a').allTextContents(), ['Wang Fang']);
    await page.click('#customer-table tbody .col-name a');
    await page.waitForSelector('.tl-order:has-text("88.00")');
    assert.match(await page.textContent('main'), /138 0000 1111/);
    await page.goto(`${url}#/customers?trash=1`);
    await page.waitForSelector('#customer-table');
    assert.deepEqual(await page.locator('#customer-table tbody .col-name a').allTextContents(), ['Fang Wang']);

    // Not the same: gone from the list, also after a reload.
    await page.goto(`${url}#/customers/duplicates`);
    await page.waitForSelector('#dup-0');
    assert.match(await page.textContent('#dup-0 .dup-reasons'), /Similar name, same city/);
    await page.click('#dup-0-different');
    await page.waitForSelector('#dup-count:has-text("No possible duplicates")');
    await page.reload();
    await page.waitForSelector('#dup-count:has-text("No possible duplicates")');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
