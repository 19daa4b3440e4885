import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer } from './harness.mjs';

/** The care rules' runs finished so far on this page. */
const runs = page => page.evaluate(() => Number(document.documentElement.dataset.careRuns || 0));

/** Waits for a run of the care rules that starts after `before` finished. */
async function nextRun(page, before) {
  await page.waitForFunction(n => Number(document.documentElement.dataset.careRuns || 0) > n, before, { timeout: 30000 });
}

const open_tasks = (page, title) =>
  page.locator('.task-item:not(.task-done)', { hasText: title }).count();

test('a care rule: its problems named, previewed before it is switched on, then it creates its task once, and never again once done', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    // A customer whose birthday is the day after tomorrow.
    const birthday = await page.evaluate(() => {
      const d = new Date();
      d.setDate(d.getDate() + 2);
      const p = n => String(n).padStart(2, '0');
      return `1990-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    });
    await createCustomer(page, url, { name: '赵敏', fields: { '#f-fbirthdate': birthday } });

    await page.goto(`${url}#/tasks`);
    await page.click('#care-rules-link');
    await page.waitForSelector('#no-care-rules');
    await page.click('#new-care-rule');
    await page.waitForSelector('#care-form');
    await page.selectOption('#care-when', 'birthday');
    await page.fill('#care-days', '');
    await page.click('#care-save');
    await page.waitForSelector('#care-name-err:not(:empty)');
    assert.equal(await page.textContent('#care-title-err'), '必填');
    assert.equal(await page.textContent('#care-days-err'), '必填');
    await page.fill('#care-days', '两天');
    await page.click('#care-preview-run');
    await page.waitForSelector('#care-days-err:has-text("整数")');
    assert.equal(await page.locator('#care-would').count(), 0, 'no preview of a rule with problems');

    await page.fill('#care-name', '生日问候');
    await page.fill('#care-days', '3');
    await page.fill('#care-title', '生日祝福电话');
    assert.equal(await page.locator('#care-switch-on').count(), 0, 'no switching on before a preview');
    await page.click('#care-preview-run');
    await page.waitForSelector('#care-would[data-total="1"]');
    assert.match(await page.textContent('#care-preview'), /赵敏/);
    // An edit sets the preview aside: the rule as it stands must be previewed.
    await page.fill('#care-title', '生日祝福');
    await page.waitForSelector('#care-would', { state: 'detached' });
    assert.equal(await page.locator('#care-switch-on').count(), 0);
    await page.fill('#care-title', '生日祝福电话');
    await page.click('#care-preview-run');
    await page.waitForSelector('#care-would[data-total="1"]');
    await page.click('#care-switch-on');
    await page.waitForSelector('#care-table .care-row[data-on="true"]');
    assert.match(await page.textContent('#care-table'), /生日或成立周年前 3 天/);
    await page.waitForSelector('.toast:has-text("关怀规则新建了 1 个任务")', { timeout: 30000 });

    await page.goto(`${url}#/tasks`);
    await page.waitForSelector('.task-item');
    assert.equal(await open_tasks(page, '生日祝福电话'), 1);
    assert.match(await page.textContent('.task-item'), /赵敏/);
    assert.equal(await page.textContent('.task-item .task-care'), '关怀', 'marked as made by a rule');

    // The app opens again and the rules run again: still the one task.
    await page.reload();
    await nextRun(page, 0);
    await page.waitForSelector('.task-item');
    assert.equal(await open_tasks(page, '生日祝福电话'), 1);

    // Done, then a change that runs the rules again: it is not made again.
    await page.click('.task-item .task-tick');
    await page.waitForFunction(() => !document.querySelector('.task-item:not(.task-done)'));
    const before = await runs(page);
    await page.goto(`${url}#/customers`);
    await page.click('text=赵敏');
    await page.waitForSelector('#customer-name');
    await page.click('#edit-customer');
    await page.fill('#f-fname', '赵敏敏');
    await page.click('#save-customer');
    await page.waitForSelector('#customer-name:has-text("赵敏敏")');
    await nextRun(page, before);
    await page.goto(`${url}#/tasks`);
    await page.waitForSelector('#tasks-done');
    assert.equal(await open_tasks(page, '生日祝福电话'), 0);

    // Its preview now has nothing left to make.
    await page.goto(`${url}#/care`);
    await page.click('#care-table .care-row a');
    await page.waitForSelector('#care-switch-off');
    await page.click('#care-preview-run');
    await page.waitForSelector('#care-would[data-total="0"]');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
