import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer, addStaff } from './harness.mjs';

test('an unpaid order counts in arrears and on the receivables list until it is paid', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    await addStaff(page, url, 'Zhou Min');
    await createCustomer(page, url, { name: 'Owing Trading Co', kind: 'organisation', fields: { '#f-fcreditlimit': '1000', '#f-farrears': '100' } });
    const customer = page.url();
    // The opening balance alone is owed.
    assert.match(await page.textContent('.profile'), /Arrears\s*¥100\.00/);

    // A new order starts open, and one that passes the limit is warned about.
    await page.click('#add-order');
    assert.equal(await page.inputValue('#f-orderstatus'), 'open');
    await page.fill('#f-amount', '950');
    await page.waitForSelector('#order-credit');
    assert.match(await page.textContent('#order-credit'), /limit of ¥1,000\.00 by ¥50\.00/);
    await page.selectOption('#f-seller', { label: 'Zhou Min' });
    await page.fill('#f-cost', '600');
    await page.click('#save-order');
    await page.waitForSelector('.tl-order .order-status');
    assert.match(await page.textContent('.tl-order'), /Open, unpaid/);
    assert.match(await page.textContent('.tl-order'), /Zhou Min/);
    assert.match(await page.textContent('.profile'), /Arrears\s*¥1,050\.00/);

    // The receivables list has the customer, the order and the opening balance.
    await page.goto(`${url}#/orders`);
    await page.click('#to-receivables');
    await page.waitForSelector('#receivables .receivable');
    const row = await page.textContent('#receivables .receivable');
    assert.match(row, /Owing Trading Co/);
    assert.match(row, /¥1,050\.00/);
    assert.match(await page.textContent('#receivables-total'), /1 customer owes ¥1,050\.00/);
    // The order list shows its status.
    await page.goto(`${url}#/orders`);
    await page.waitForSelector('#order-table .order-row .col-status.unpaid');

    // Paid: completed, it no longer counts, and it survives a reload.
    await page.goto(customer);
    await page.waitForSelector('.tl-order');
    await page.click('.tl-order >> text=Edit');
    await page.selectOption('#f-orderstatus', 'completed');
    assert.equal(await page.locator('#order-credit').count(), 0, 'a paid order is never over credit');
    await page.click('#save-order');
    await page.waitForSelector('.tl-order .order-status', { state: 'detached' });
    await page.reload();
    await page.waitForSelector('.tl-order');
    assert.match(await page.textContent('.profile'), /Arrears\s*¥100\.00/);
    await page.click('.tl-order >> text=Edit');
    assert.equal(await page.inputValue('#f-orderstatus'), 'completed');
    assert.equal(await page.inputValue('#f-cost'), '600.00');
    await page.goto(`${url}#/receivables`);
    await page.waitForSelector('#receivables .receivable');
    assert.match(await page.textContent('#receivables .receivable'), /Opening balance/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
