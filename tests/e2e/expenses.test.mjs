import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, addStaff } from './harness.mjs';

test('expenses: a claim named when bad, filed under its month, summed by person; rejected ones not counted', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await addStaff(page, url, '王磊');
    await page.goto(`${url}#/expenses`);
    await page.waitForSelector('#no-expenses');
    await page.click('#new-expense');
    await page.waitForSelector('#expense-form');
    await page.fill('#expense-amount', '一百');
    await page.click('#expense-save');
    assert.equal(await page.textContent('#expense-owner-err'), '必填');
    assert.match(await page.textContent('#expense-amount-err'), /数字/);

    const add = async (category, amount, status) => {
      await page.goto(`${url}#/expenses/new`);
      await page.waitForSelector('#expense-form');
      await page.selectOption('#expense-owner', { label: '王磊' });
      await page.selectOption('#expense-category', category);
      await page.fill('#expense-amount', amount);
      await page.selectOption('#expense-status', status);
      await page.click('#expense-save');
      await page.waitForSelector('#expense-table');
    };
    await add('travel', '1,200', 'submitted');
    await add('meals', '380.50', 'approved');
    await add('gifts', '999', 'rejected');
    assert.match(await page.textContent('#expenses-month'), /3 笔/);
    const line = await page.locator('#expense-summary .expense-owner td').allTextContents();
    assert.deepEqual(line.slice(1), ['¥1,200.00', '¥380.50', '¥1,580.50', '3']);
    assert.match(line[0], /差旅 ¥1,200\.00/);
    await page.click('#expenses-rejected');
    await page.waitForFunction(() => document.querySelectorAll('#expense-table .expense-row').length === 1);

    // Another month holds none of them; the address keeps the month across a reload.
    await page.click('#expenses-prev');
    await page.waitForSelector('#no-expenses');
    await page.reload();
    await page.waitForSelector('#no-expenses');
    await page.click('#expenses-next');
    await page.waitForSelector('#expense-table');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
