import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer } from './harness.mjs';

/** The day `n` days ago in the browser's zone, as a date input takes it. */
const daysAgo = (page, n) => page.evaluate(n => new Date(Date.now() - n * 864e5).toLocaleDateString('en-CA'), n);

/** An order of `amount` with `status`, spending `points` if given. */
async function order(page, amount, status, points) {
  await page.click('#add-order');
  await page.fill('#f-amount', amount);
  await page.selectOption('#f-orderstatus', status);
  if (points !== undefined) await page.fill('#f-points', points);
  await page.click('#save-order');
}

const text = (page, sel) => page.textContent(sel).then(t => t.replace(/\s+/g, ' ').trim());

test('points earned on paid orders raise the tier and are spent as a discount on an order, given back with undo', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    await createCustomer(page, url, { name: 'Li Points' });
    const customer = page.url();
    // Off by default: no points anywhere.
    await page.click('#add-order');
    assert.equal(await page.locator('#f-points').count(), 0);
    assert.equal(await page.locator('#customer-points').count(), 0);

    // Switched on from a month ago; a threshold not above the one before is refused.
    await page.goto(`${url}#/campaigns`);
    await page.click('#rewards-link');
    await page.waitForSelector('#rewards-form');
    await page.check('#rewards-on');
    await page.fill('#rewards-since', await daysAgo(page, 30));
    assert.match(await text(page, '#rewards-example'), /¥100\.00 paid earns 100 points; 100 points take ¥1\.00 off/);
    const from = page.locator('#rewards-tiers input[aria-label="From points"]');
    assert.equal(await from.count(), 4);
    await from.nth(2).fill('800');
    await page.click('#rewards-save');
    assert.match(await text(page, '#rewards-tiers'), /Must be above the one before/);
    await from.nth(2).fill('5000');
    await page.click('#rewards-save');
    await page.waitForSelector('.toast:has-text("Rewards programme saved")');

    // A paid order of ¥1,500 earns 1,500 points: Silver, 3,500 short of Gold. An open
    // one earns nothing until paid.
    await page.goto(customer);
    await page.waitForSelector('#customer-points');
    await order(page, '1500', 'completed');
    await page.waitForSelector('#points-balance:has-text("1,500")');
    assert.equal(await text(page, '#points-tier'), 'Silver');
    assert.equal(await text(page, '#points-balance'), '1,500 (¥15.00)');
    assert.equal(await text(page, '#points-next'), '3,500 more points to Gold');

    // Spending more than held is refused on the field; 1,000 take ¥10 off ¥100.
    await page.click('#add-order');
    await page.fill('#f-amount', '100');
    assert.match(await text(page, '#f-points-hint'), /1,500 points to spend, worth ¥15\.00/);
    await page.fill('#f-points', '2000');
    await page.click('#save-order');
    assert.equal(await text(page, '#f-points-err'), 'Only 1,500 points to spend');
    await page.fill('#f-points', '1000');
    assert.equal(await text(page, '#f-points-off'), '¥10.00 off: ¥90.00 to pay');
    await page.click('#save-order');
    await page.waitForSelector('#points-balance:has-text("500 (¥5.00)")');
    assert.match(await text(page, '#timeline'), /¥90\.00/);
    assert.equal(await text(page, '#points-spent'), '1,000');
    assert.equal(await text(page, '#points-tier'), 'Silver', 'spending never lowers the tier');
    await page.click('#customer-points summary');
    const lines = await page.locator('#points-lines li').allTextContents();
    assert.equal(lines.length, 2);
    assert.match(lines[0], /¥10\.00 off an order \(paid ¥90\.00\)\s*−1,000.*Balance 500/);
    assert.match(lines[1], /Order of ¥1,500\.00\s*\+1,500.*Balance 1,500/);

    // Given back (the order was cancelled), then taken again with undo.
    await page.click('#points-lines .give-back');
    await page.waitForSelector('#points-balance:has-text("1,500 (¥15.00)")');
    await page.click('.toast:has-text("Points given back") button');
    await page.waitForSelector('#points-balance:has-text("500 (¥5.00)")');

    // Survives a reload.
    await page.reload();
    await page.waitForSelector('#points-balance');
    assert.equal(await text(page, '#points-balance'), '500 (¥5.00)');

    // Switched off: no points on the page or the order form; on again, they are back.
    await page.goto(`${url}#/rewards`);
    await page.uncheck('#rewards-on');
    await page.click('#rewards-save');
    await page.waitForSelector('.toast:has-text("Rewards programme saved")');
    await page.goto(customer);
    await page.waitForSelector('#timeline');
    assert.equal(await page.locator('#customer-points').count(), 0);
    await page.click('#add-order');
    assert.equal(await page.locator('#f-points').count(), 0);
    await page.goto(`${url}#/rewards`);
    await page.check('#rewards-on');
    await page.click('#rewards-save');
    await page.goto(customer);
    await page.waitForSelector('#points-balance:has-text("500 (¥5.00)")');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('the programme and the points spent travel in a backup, in Chinese', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/rewards`);
    await page.waitForSelector('#rewards-form');
    assert.match(await text(page, 'h1'), /奖励顾客计划/);
    await page.check('#rewards-on');
    await page.fill('#rewards-per-yuan', '2');
    await page.click('#rewards-save');
    await page.waitForSelector('.toast:has-text("奖励计划已保存")');
    await createCustomer(page, url, { name: '王积分' });
    await order(page, '600', 'completed');
    await page.waitForSelector('#points-balance:has-text("1,200")');
    assert.equal(await text(page, '#points-tier'), '银卡会员');
    await order(page, '50', 'completed', '300');
    // 1,200 − 300 spent + 94 for the ¥47 paid after the discount.
    await page.waitForSelector('#points-balance:has-text("994")');
    assert.match(await text(page, '#customer-points'), /再得 3,706 积分升至金卡会员/);

    await page.goto(`${url}#/settings`);
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#backup-download')]);
    const backup = JSON.parse(Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8'));
    assert.equal(JSON.parse(backup.data.settings.rewards).per_yuan, 2);
    const spent = JSON.stringify(backup.data).match(/"redemptions":\[[^\]]*\]/)[0];
    assert.match(spent, /"points":300,"off":300,"paid":4700/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
