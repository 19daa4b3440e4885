import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer } from './harness.mjs';

/** `n` days from today, as a date input takes it (the browser's own calendar). */
function dayFromToday(page, n) {
  return page.evaluate(n => {
    const d = new Date(); d.setDate(d.getDate() + n);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, n);
}

test('a contract: its problems named, ending soon it leads the list, one renewal task however often saved, and a new ticket shows the cover', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: '李强' });
    const customer = await page.evaluate(() => location.hash.split('/')[2]);
    await page.waitForSelector('#customer-contracts');
    await page.click('#customer-contracts');
    await page.waitForSelector('#no-contracts');
    await page.click('#new-contract');
    await page.waitForSelector('#contract-form');

    // No title, and an end before the start: both named, nothing saved.
    await page.fill('#contract-start', await dayFromToday(page, 0));
    await page.fill('#contract-end', await dayFromToday(page, -1));
    await page.click('#contract-save');
    await page.waitForSelector('#contract-title-err:not(:empty)');
    assert.equal(await page.textContent('#contract-title-err'), '必填');
    assert.equal(await page.textContent('#contract-end-err'), '结束日期早于开始日期');

    // A year's maintenance contract ending in 20 days: due for renewal.
    await page.fill('#contract-title', '年度维保合同');
    await page.fill('#contract-start', await dayFromToday(page, -345));
    await page.fill('#contract-end', await dayFromToday(page, 20));
    await page.fill('#contract-value', '3600');
    await page.fill('#contract-coverage', '上门维修、配件更换');
    await page.click('#contract-save');
    await page.waitForSelector('#contract-table');
    const row = page.locator('#contract-table tbody tr').first();
    assert.equal(await row.getAttribute('data-standing'), 'ending');
    assert.match(await row.textContent(), /年度维保合同.*李强.*即将到期/);

    // Saved again (its value changed): still one renewal task, on the customer's page.
    await row.locator('a').first().click();
    await page.waitForSelector('#contract-form');
    await page.fill('#contract-value', '3800');
    await page.click('#contract-save');
    await page.waitForSelector('#contract-table');
    await page.goto(`${url}#/customers/${customer}`);
    await page.waitForSelector('#tasks-card .task-item');
    const renewals = await page.locator('#tasks-card .task-item', { hasText: '续签：年度维保合同' }).count();
    assert.equal(renewals, 1);

    // A new ticket for the customer shows the cover, and it survives a reload.
    await page.click('#new-ticket');
    await page.waitForSelector('#ticket-cover-list');
    assert.match(await page.textContent('#ticket-cover-list'), /服务合同：年度维保合同/);
    await page.reload();
    await page.waitForSelector('#ticket-cover-list');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
