import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, addStaff } from './harness.mjs';

test('a lead: bad input named, owned by the region rule, qualified, and converted into a customer with an opportunity', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await addStaff(page, url, '王磊', { '#staff-region': '华东' });
    await page.goto(`${url}#/leads`);
    await page.waitForSelector('#no-leads');
    await page.click('#new-lead');
    await page.waitForSelector('#lead-form');
    await page.fill('#lead-phone', '电话');
    await page.fill('#lead-score', '120');
    await page.click('#lead-save');
    assert.equal(await page.textContent('#lead-name-err'), '必填');
    assert.ok(await page.isVisible('#lead-phone-err'), 'the phone is named');
    assert.ok(await page.isVisible('#lead-score-err'), 'the score is named');

    await page.fill('#lead-name', '李明');
    await page.fill('#lead-company', '明达贸易');
    await page.fill('#lead-phone', '138 0013 8000');
    await page.fill('#lead-score', '');
    await page.fill('#lead-region', '西北');
    await page.click('#lead-by-region');
    assert.ok(await page.isVisible('#lead-by-region-err'), 'nobody covers the region: said so');
    await page.fill('#lead-region', '华东');
    await page.click('#lead-by-region');
    await page.waitForSelector('#lead-by-region-err', { state: 'detached' });
    assert.equal(await page.$eval('#lead-owner', s => s.selectedOptions[0].textContent), '王磊');
    await page.selectOption('#lead-source', 'referral');
    await page.fill('#lead-interest', '年度办公用品');
    await page.fill('#lead-amount', '50,000');
    assert.match(await page.textContent('#lead-auto-score'), /自动评分 70/);
    await page.click('#lead-save');
    await page.waitForSelector('#lead-table .lead-row');
    const row = await page.textContent('#lead-table .lead-row');
    assert.match(row, /明达贸易 · 李明/);
    assert.match(row, /新线索/);
    assert.match(row, /王磊/);

    // Not qualified yet: converting is explained and not offered.
    await page.click('#lead-table .lead-row a');
    await page.waitForSelector('#lead-convert');
    assert.equal(await page.isDisabled('#lead-convert-btn'), true);
    await page.selectOption('#lead-status', 'qualified');
    await page.click('#lead-save');
    await page.waitForSelector('#lead-table .lead-row');
    await page.click('#leads-qualified');
    await page.waitForFunction(() => document.querySelectorAll('#lead-table .lead-row').length === 1);
    assert.match(page.url(), /status=qualified/);
    await page.click('#lead-table .lead-row a');
    await page.waitForSelector('#lead-convert-btn:not([disabled])');
    await page.click('#lead-convert-btn');

    // The customer's page: an organisation with its contact, an opportunity, the note.
    await page.waitForSelector('#customer-opportunities .opp-item');
    assert.match(await page.textContent('h1'), /明达贸易/);
    assert.match(await page.textContent('#customer-opportunities'), /年度办公用品/);
    assert.match(await page.textContent('#customer-opportunities'), /50,000/);
    assert.match(await page.textContent('#timeline'), /由线索转化/);
    assert.match(await page.textContent('main'), /李明/);

    await page.reload();
    await page.goto(`${url}#/leads`);
    await page.waitForSelector('#lead-table .lead-row');
    assert.match(await page.textContent('#lead-table .lead-row'), /已转化/);
    await page.click('#lead-table .lead-row a');
    await page.waitForSelector('#lead-converted');
    assert.equal(await page.$('#lead-convert'), null, 'a converted lead is not converted twice');
    await page.click('#lead-customer');
    await page.waitForSelector('#customer-opportunities');
    assert.match(await page.textContent('h1'), /明达贸易/);

    // A new lead saved with nobody chosen follows its region.
    await page.goto(`${url}#/leads/new`);
    await page.waitForSelector('#lead-form');
    await page.fill('#lead-name', '周洁');
    await page.fill('#lead-region', '华东');
    await page.click('#lead-save');
    await page.waitForSelector('#lead-table .lead-row:has-text("周洁")');
    assert.match(await page.textContent('#lead-table .lead-row:has-text("周洁")'), /王磊/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a leads file through the wizard: owners by name or by region, a repeated phone skipped, an unknown owner named', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await addStaff(page, url, '王磊', { '#staff-region': '华东' });
    await addStaff(page, url, '陈晨', { '#staff-region': '华南' });
    await page.goto(`${url}#/leads`);
    await page.click('#import-leads');
    await page.waitForSelector('#import-kind-leads:checked');
    await page.setInputFiles('#import-file', { name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '姓名,公司,手机,地区,来源,状态,负责人,意向\r\n张伟,新时代服饰,13800000001,华东,展会,已联系,,收银系统\r\n' +
      '李娜,,13800000002,华东,,,陈晨,\r\n王五,,138-0000-0001,华东,,,,\r\n赵六,,13800000004,华东,,,无此人,\r\n') });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['lead_name', 'lead_company', 'lead_phone', 'lead_region', 'lead_source', 'lead_status', 'lead_owner', 'lead_interest']);
    await page.click('#import-check');
    await page.waitForSelector('#import-plan');
    const errors = (await page.locator('#import-errors li').allTextContents()).join('\n');
    // Rows, leads, skipped, rows with errors.
    assert.deepEqual(await page.locator('#import-plan dd').allTextContents(), ['4', '2', '1', '1'], errors);
    assert.match(errors, /团队里没有这个人/);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');

    await page.goto(`${url}#/leads`);
    await page.reload();
    await page.waitForSelector('#lead-table .lead-row');
    const rows = await page.$$eval('#lead-table .lead-row', r => r.map(x => x.innerText.replace(/\s+/g, ' ')));
    assert.equal(rows.length, 2);
    const zhang = rows.find(r => r.includes('张伟'));
    assert.match(zhang, /王磊/, 'no owner in the file: the region rule gives it to 王磊');
    assert.match(zhang, /已联系/);
    assert.match(rows.find(r => r.includes('李娜')), /陈晨/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
