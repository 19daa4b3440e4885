import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer, loadDemo, addStaff } from './harness.mjs';

test('the team: a member of staff added (a bad commission named first), chosen as owner, and "my customers"', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await page.goto(`${url}#/staff`);
    await page.waitForSelector('#no-staff');
    await page.click('#add-staff');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'staff-name', 'the name takes the focus');
    await page.fill('#staff-commission', '120');
    await page.fill('#staff-quota', '-5');
    await page.click('#staff-save');
    assert.equal(await page.textContent('#staff-name-err'), '必填');
    assert.equal(await page.textContent('#staff-commission-err'), '请输入 0 到 100 之间的百分比');
    assert.equal(await page.textContent('#staff-quota-err'), '不能为负数');
    await page.fill('#staff-quota', '50,000');
    await page.fill('#staff-name', '王磊');
    await page.fill('#staff-commission', '2.5%');
    await page.selectOption('#staff-role', 'manager');
    await page.click('#staff-save');
    await page.waitForSelector('#staff-table .staff-row');
    assert.deepEqual(await page.locator('#staff-table .staff-row td').allTextContents(),
      ['经理', '', '2.5%', '¥50,000', '0 位客户', '在职', '编辑']);
    await addStaff(page, url, '陈晨');
    await page.selectOption('#me-select', { label: '王磊' });

    await createCustomer(page, url, { name: '李雷', fields: { '#f-fowner': '王磊' } });
    assert.ok((await page.locator('.profile dd').allTextContents()).includes('王磊'), 'the owner by name');
    await createCustomer(page, url, { name: '韩梅梅', fields: { '#f-fowner': '陈晨' } });
    await page.goto(`${url}#/customers`);
    await page.waitForFunction(() => document.querySelectorAll('#customer-table tbody tr').length === 2);
    await page.click('#my-customers');
    await page.waitForFunction(() => document.querySelectorAll('#customer-table tbody tr').length === 1);
    assert.equal(await page.textContent('#customer-table tbody .col-owner'), '王磊');
    assert.equal(await page.getAttribute('#my-customers', 'aria-pressed'), 'true');

    // Inactive: no longer offered for new customers, still shown on their own.
    await page.goto(`${url}#/staff`);
    await page.click('.staff-row:has(th:text-is("陈晨")) .edit-staff');
    await page.uncheck('#staff-active');
    await page.click('#staff-save');
    await page.waitForSelector('.staff-row.row-muted');
    await page.reload();
    await page.waitForSelector('#staff-table');
    assert.deepEqual(await page.locator('#staff-table .staff-row th').allTextContents(), ['王磊', '陈晨'], 'active first');
    assert.equal(await page.inputValue('#me-select') !== '', true, 'who uses this device is remembered');
    assert.match(await page.textContent('.staff-row:has(th:text-is("王磊"))'), /1 位客户/);
    await page.goto(`${url}#/customers/new?kind=person`);
    const offered = await page.locator('#f-fowner option').allTextContents();
    assert.deepEqual(offered.slice(1), ['王磊']);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('account managers named in an imported file become staff, one per name', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/import`);
    const csv = 'name,owner\nAnn Lee,Zoe Chen\nBob Wu,zoe chen\nCat Ma,Yuri Park\nDan Ho,\n';
    await page.setInputFiles('#import-file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#import-preview');
    await page.click('#import-check');
    await page.waitForSelector('#import-plan');
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    await page.goto(`${url}#/staff`);
    await page.waitForFunction(() => document.querySelectorAll('#staff-table .staff-row').length === 2, null, { timeout: 20000 });
    assert.deepEqual(await page.locator('#staff-table .staff-row th').allTextContents(), ['Yuri Park', 'Zoe Chen']);
    assert.match(await page.textContent('.staff-row:has(th:text-is("Zoe Chen"))'), /2 customers/);
    await page.click('.staff-row:has(th:text-is("Zoe Chen")) a');
    await page.waitForFunction(() => document.querySelectorAll('#customer-table tbody tr').length === 2);
    assert.deepEqual(await page.locator('#customer-table tbody .col-owner').allTextContents(), ['Zoe Chen', 'Zoe Chen']);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('the demo comes with its team, each owning customers', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/staff`);
    await page.waitForFunction(() => document.querySelectorAll('#staff-table .staff-row').length === 4);
    const counts = await page.locator('#staff-table .staff-row td:nth-of-type(5)').allTextContents();
    assert.ok(counts.every(c => /^[1-9][\d,]* 位客户$/.test(c)), counts.join(' '));
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('quotas: the Sales dashboard shows each seller\'s month and quarter against their quota, and follows a new one', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights/sales`);
    await page.waitForSelector('#chart-quota-month canvas', { timeout: 90000 });
    await page.click('#chart-quota-month .chart-toggle');
    const rows = () => page.locator('#chart-quota-month .chart-table tbody tr').evaluateAll(trs => trs.map(tr => [...tr.children].map(c => c.textContent)));
    const before = await rows();
    assert.equal(before.length, 3, 'the manager and the two sellers');
    for (const r of before) assert.match(r[3], /^\d+%$/, `attainment in percent: ${r}`);
    // Commission: rate × won, for everyone with a rate.
    await page.click('#chart-commission .chart-toggle');
    const paid = await page.locator('#chart-commission .chart-table tbody tr').evaluateAll(trs => trs.map(tr => [...tr.children].map(c => c.textContent)));
    assert.equal(paid.length, 4);
    for (const [, rate, won, commission] of paid) {
      const yuan = s => Number(s.replace(/[¥,]/g, ''));
      assert.ok(Math.abs(yuan(won) * parseFloat(rate) / 100 - yuan(commission)) < 1, `${rate} of ${won} is ${commission}`);
    }
    // On paid orders instead (a setting that stays): the table follows without a recompute.
    await page.selectOption('#commission-basis', 'paid');
    await page.waitForSelector('#chart-commission th:text-is("Paid orders this month")');
    const onPaid = await page.locator('#chart-commission .chart-table tbody tr').evaluateAll(trs => trs.map(tr => [...tr.children].map(c => c.textContent)));
    assert.equal(onPaid.length, 4);
    assert.ok(onPaid.some(r => Number(r[2].replace(/[¥,]/g, '')) > 0), `someone was paid for orders: ${onPaid}`);
    await page.reload();
    await page.waitForSelector('#chart-commission', { timeout: 90000 });
    assert.equal(await page.inputValue('#commission-basis'), 'paid');
    // A new quota for the first of them: the chart follows it without a recompute.
    const who = before[0][0];
    await page.goto(`${url}#/staff`);
    await page.click(`.staff-row:has(th:text-is("${who}")) .edit-staff`);
    await page.fill('#staff-quota', '1000000');
    await page.click('#staff-save');
    await page.waitForSelector(`.staff-row:has(th:text-is("${who}")) .col-quota:text-is("¥1,000,000")`);
    await page.goto(`${url}#/insights/sales`);
    await page.waitForSelector('#chart-quota-month canvas');
    await page.click('#chart-quota-month .chart-toggle');
    const after = await rows();
    assert.deepEqual(after.find(r => r[0] === who)[1], '¥1,000,000');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});


test('territories: a new customer saved with no owner goes to whoever covers its region', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await addStaff(page, url, '王磊', { '#staff-region': '广东' });
    await addStaff(page, url, '陈晨', { '#staff-region': '上海' });
    await createCustomer(page, url, { name: '李雷', fields: { '#f-fregion': '广东' } });
    assert.ok((await page.locator('.profile dd').allTextContents()).includes('王磊'), 'owned by the region\'s seller');
    // Chosen by hand, the owner stays.
    await createCustomer(page, url, { name: '韩梅梅', fields: { '#f-fregion': '广东', '#f-fowner': '陈晨' } });
    assert.ok((await page.locator('.profile dd').allTextContents()).includes('陈晨'));
    // Nobody covers the region: nobody owns it.
    await createCustomer(page, url, { name: '张伟', fields: { '#f-fregion': '北京' } });
    const shown = await page.locator('.profile dd').allTextContents();
    assert.ok(!shown.includes('王磊') && !shown.includes('陈晨'));
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
