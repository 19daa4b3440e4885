import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer } from './harness.mjs';

async function addProduct(page, url, { sku, name, price, cost, stock = '' }) {
  await page.goto(`${url}#/products/new`);
  await page.waitForSelector('#product-form');
  await page.fill('#product-sku', sku);
  await page.fill('#product-name', name);
  await page.fill('#product-price', price);
  await page.fill('#product-cost', cost);
  await page.fill('#product-stock', stock);
  await page.click('#product-save');
  await page.waitForSelector(`#product-table td:text-is("${sku}")`);
}

test('products: a bad price and a code already used are named; the list shows margin and stock', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await page.goto(`${url}#/products`);
    await page.waitForSelector('#no-products');
    await addProduct(page, url, { sku: 'POS-1', name: '收银机', price: '3,980', cost: '2650', stock: '0' });
    await page.click('#new-product');
    await page.fill('#product-sku', ' pos-1 ');
    await page.fill('#product-name', '扫码枪');
    await page.fill('#product-price', '两百');
    await page.click('#product-save');
    assert.equal(await page.textContent('#product-sku-err'), '已被其他记录使用');
    assert.match(await page.textContent('#product-price-err'), /数字|金额/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'product-sku', 'the first bad field takes the focus');
    await page.fill('#product-sku', 'POS-2');
    await page.fill('#product-price', '268');
    await page.fill('#product-cost', '150');
    assert.equal(await page.textContent('#product-margin'), '每件毛利 ¥118.00（44%）');
    await page.click('#product-save');
    await page.waitForSelector('#product-table td:text-is("POS-2")');
    const first = await page.locator('#product-table tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(first.map(s => s.trim()), ['POS-1', '', '', '¥3,980.00', '¥2,650.00', '33%', '缺货 0']);
    await page.fill('#products-search', '扫码');
    await page.waitForFunction(() => document.querySelectorAll('#product-table tbody tr').length === 1);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a quote: lines from the catalogue, sums and credit warning as typed, printed, then accepted into an order', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await addProduct(page, url, { sku: 'POS-1', name: '收银机', price: '3980', cost: '2650', stock: '5' });
    await addProduct(page, url, { sku: 'SRV-1', name: '上门安装', price: '300', cost: '120' });
    await createCustomer(page, url, { name: '华信超市', fields: { '#f-fcreditlimit': '10000', '#f-farrears': '2000' } });
    const customerUrl = page.url();

    // From the customer's page: their quotes, and a new one for them.
    await page.click('#customer-quotes');
    await page.waitForSelector('#no-quotes');
    await page.click('#new-quote');
    await page.waitForSelector('#quote-form');
    assert.match(await page.inputValue('#quote-number'), /^Q-\d{4}-0001$/);
    await page.selectOption('#line-0-product', { label: 'POS-1 收银机' });
    assert.equal(await page.inputValue('#line-0-price'), '3980.00', 'the product fills the line');
    await page.fill('#line-0-qty', '2');
    await page.fill('#line-0-discount', '10');
    await page.click('#quote-add-line');
    await page.selectOption('#line-1-product', { label: 'SRV-1 上门安装' });
    await page.fill('#quote-tax', '13');
    // 2 × 3980 − 10 % = 7164; + 300 = 7464; 13 % tax = 970.32.
    assert.equal(await page.textContent('#sum-net'), '¥7,464.00');
    assert.equal(await page.textContent('#sum-tax'), '¥970.32');
    assert.equal(await page.textContent('#sum-total'), '¥8,434.32');
    assert.equal(await page.textContent('#sum-margin'), '¥2,044.00');
    // Owing 2,000 already, 8,434.32 more passes the 10,000 limit.
    assert.match(await page.textContent('#quote-credit'), /超出信用额度.*¥10,000\.00.*¥434\.32/);

    // A line left half done is named, row and field.
    await page.click('#quote-add-line');
    await page.fill('#line-2-name', '培训');
    await page.click('#quote-save');
    assert.equal(await page.textContent('#line-2-price-err'), '必填');
    await page.click('#line-2-remove');
    await page.click('#quote-save');
    await page.waitForSelector('#quote-print');

    // A follow-up task: about the customer and the quote, and back to the quote.
    await page.click('#quote-task');
    await page.waitForSelector('#task-form');
    assert.match(await page.inputValue('#task-title'), /^跟进报价单 Q-\d{4}-0001$/);
    assert.match(await page.textContent('#task-quote'), /^Q-\d{4}-0001$/);
    await page.click('#task-save');
    await page.waitForSelector('#quote-print');
    assert.match(page.url(), /#\/quotes\/[^/?]+$/);

    // Printed with the shop's letterhead, kept for the next quote.
    await page.click('#quote-print');
    await page.waitForSelector('#business-form');
    await page.fill('#business-name', '恒通商贸');
    await page.click('#business-save');
    await page.waitForSelector('#business-form', { state: 'detached' });
    assert.equal(await page.textContent('#sheet-business'), '恒通商贸');
    assert.equal(await page.textContent('#sheet-total'), '¥8,434.32');
    assert.equal(await page.locator('#sheet-lines tbody tr').count(), 2);
    // On paper, only the sheet.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('.topbar'), false);
    assert.equal(await page.isVisible('#print-now'), false);
    assert.equal(await page.isVisible('#quote-sheet'), true);
    await page.emulateMedia({ media: 'screen' });

    // Accepted: the order is made with its lines and the quote says so.
    await page.click('a:text-is("返回报价单")');
    await page.waitForSelector('#quote-accept');
    await page.click('#quote-accept');
    await page.waitForSelector('#quote-ordered');
    assert.equal(await page.textContent('.page-head .quote-status'), '已接受');
    assert.equal(await page.isVisible('#quote-accept'), false);
    await page.goto(customerUrl);
    await page.waitForSelector('.tl-order');
    assert.match(await page.textContent('.tl-order .tl-amount'), /¥8,434\.32/);
    assert.equal(await page.locator('.tl-order .tl-items li').count(), 2);
    // The goods left stock: 5 cash registers less the 2 sold.
    await page.goto(`${url}#/products`);
    await page.waitForSelector('#product-table .product-row');
    assert.equal(await page.locator('#product-table .product-row:has(td:text-is("POS-1")) td:last-child').textContent(), '3');
    // And the overview counts it.
    await page.goto(`${url}#/`);
    await page.waitForFunction(() => document.querySelector('#stats .stat:nth-child(2) .stat-value')?.textContent === '1');
    await page.reload();
    await page.goto(`${url}#/quotes?status=accepted`);
    await page.waitForSelector('#quote-table .quote-row');
    assert.equal(await page.getAttribute('#quotes-accepted', 'aria-pressed'), 'true');

    // A new quote accepted at once is stored, and its own page shows it accepted.
    const cid = customerUrl.split('#/customers/')[1];
    await page.goto(`${url}#/quotes/new?customer=${cid}`);
    await page.waitForSelector('#quote-form');
    assert.match(await page.inputValue('#quote-number'), /-0002$/);
    await page.selectOption('#line-0-product', { label: 'SRV-1 上门安装' });
    await page.click('#quote-accept');
    await page.waitForSelector('#quote-ordered');
    assert.match(page.url(), /#\/quotes\/[^/?]+$/);
    assert.equal(await page.textContent('.page-head .quote-status'), '已接受');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
