import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer, loadDemo, addStaff } from './harness.mjs';
import { parseCsv } from './csv.mjs';

test('create a customer, reload, still there; edit; find by Chinese name', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await createCustomer(page, url, {
      name: '王小明',
      fields: { '#f-fmobile': '138 0013 8000', '#f-femail': 'xiaoming@example.cn', '#f-ftags': '老客户，VIP' },
    });
    assert.equal(await page.textContent('#customer-name'), '王小明');
    const id = new URL(page.url()).hash;
    await page.reload();
    await page.waitForSelector('#customer-name');
    assert.equal(await page.textContent('#customer-name'), '王小明', 'survives a reload');
    assert.deepEqual(await page.locator('#customer-tags .tag').allTextContents(), ['老客户', 'VIP']);

    await page.click('#edit-customer');
    await page.fill('#f-fname', '王晓明');
    await page.fill('#f-fcity', '杭州');
    await page.click('#save-customer');
    await page.waitForSelector('#customer-name:has-text("王晓明")');
    await page.reload();
    await page.waitForSelector('#customer-name');
    assert.equal(await page.textContent('#customer-name'), '王晓明', 'edit persisted');
    assert.equal(new URL(page.url()).hash, id);

    await page.goto(`${url}#/customers`);
    await page.fill('#customer-search', '晓明');
    await page.waitForSelector('#customer-table');
    assert.deepEqual(await page.locator('#customer-table tbody .col-name a').allTextContents(), ['王晓明']);
    await page.fill('#customer-search', '13800138000');
    assert.equal(await page.locator('#customer-table tbody tr').count(), 1, 'phone digits match');
    await page.fill('#customer-search', '没有这个人');
    await page.waitForSelector('.empty');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('bad input is refused field by field and nothing is saved', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/customers/new`);
    await page.fill('#f-femail', 'not-an-email');
    await page.fill('#f-fbirthdate', '2999-01-01');
    await page.click('#save-customer');
    await page.waitForSelector('.field-error');
    const errors = await page.locator('.field-error').allTextContents();
    assert.ok(errors.includes('Required'), errors.join('|'));
    assert.ok(errors.includes('Not a valid email address'));
    assert.ok(errors.includes('Cannot be in the future'));
    assert.equal(await page.getAttribute('#f-fname', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-fname', 'focus moves to the first error');
    await page.fill('#f-fname', 'Ada');
    await page.waitForFunction(() => document.querySelectorAll('.field-error').length === 2, null, { timeout: 5000 });
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('.empty');
  } finally { await app.close(); }
});

test('delete asks first, moves to the trash, and can be undone', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: 'Grace Hopper' });
    await page.click('#delete-customer');
    await page.waitForSelector('dialog[open]');
    await page.click('dialog .btn-danger');
    await page.waitForSelector('#customer-table, .empty');
    assert.equal(await page.locator('text=Grace Hopper').count(), 1, 'only the toast names her');
    // A toast follows a change of language while it shows.
    await page.selectOption('#lang-select', 'zh-CN');
    await page.waitForSelector('.toast:has-text("已删除：Grace Hopper")');
    await page.selectOption('#lang-select', 'en');
    await page.waitForSelector('.toast:has-text("Deleted: Grace Hopper")');
    await page.click('.toast .btn-link');
    await page.waitForSelector('#customer-name:has-text("Grace Hopper")');
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    assert.deepEqual(await page.locator('#customer-table tbody .col-name a').allTextContents(), ['Grace Hopper']);

    // Deleted without undo: in the trash, restorable after a reload.
    await page.click('#customer-table tbody .col-name a');
    await page.click('#delete-customer');
    await page.click('dialog .btn-danger');
    await page.waitForSelector('.empty');
    await page.reload();
    await page.goto(`${url}#/customers?trash=1`);
    await page.click('#customer-table tbody .col-name a');
    await page.click('#restore-customer');
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    assert.equal(await page.locator('#customer-table tbody tr').count(), 1);
  } finally { await app.close(); }
});

test('organisation with a contact; interactions and orders on its page survive a reload', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/customers/new?kind=organisation`);
    await page.fill('#f-fname', 'Acme Trading Ltd');
    await page.fill('#f-fcategoryspend', '400');
    await page.click('text=+ Add contact');
    await page.fill('input[aria-label="Name"]', 'Li Ming');
    await page.fill('input[aria-label="Role"]', 'Buyer');
    await page.click('#save-customer');
    await page.waitForSelector('#customer-name');
    assert.match(await page.textContent('.contacts'), /Li Ming\s+Buyer/);

    await page.click('#add-interaction');
    await page.fill('#f-subject', 'Quarterly review');
    await page.click('#save-interaction');
    await page.waitForSelector('.tl-item:has-text("Quarterly review")');

    await page.click('#add-order');
    await page.click('#order-form >> text=+ Add item');
    await page.fill('#order-form input[aria-label="Product"]', 'Green tea');
    await page.fill('#order-form input[aria-label="Quantity"]', '3');
    await page.fill('#order-form input[aria-label="Unit price"]', '12.50');
    await page.click('#save-order');
    await page.waitForSelector('.tl-order');
    assert.match(await page.textContent('.tl-order'), /37\.50/, 'amount from the items');

    await page.reload();
    await page.waitForSelector('.tl-order');
    assert.match(await page.textContent('.tl-order'), /Green tea × 3/);
    assert.equal(await page.locator('.tl-item:has-text("Quarterly review")').count(), 1);
    // 37.50 of an estimated 400 a year.
    assert.match(await page.textContent('main'), /Share of wallet \(last 12 months\)\s*9%/);

    // Edit the order's amount, then delete it and undo.
    await page.click('.tl-order >> text=Edit');
    await page.fill('#f-amount', '40');
    await page.click('#save-order');
    await page.waitForSelector('.tl-order:has-text("40.00")');
    await page.click('.tl-order >> text=Delete');
    await page.waitForSelector('.tl-order', { state: 'detached' });
    await page.click('.toast:has-text("Order deleted") .btn-link');
    await page.waitForSelector('.tl-order:has-text("40.00")');
    await page.reload();
    await page.waitForSelector('.tl-order:has-text("40.00")');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('sorting by name follows pinyin in Chinese', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    for (const name of ['张三', '李四', '王五']) await createCustomer(page, url, { name });
    await page.goto(`${url}#/customers?sort=name`);
    await page.waitForSelector('#customer-table');
    assert.deepEqual(await page.locator('#customer-table tbody .col-name a').allTextContents(), ['李四', '王五', '张三']);
    await page.click('#sort-dir');
    await page.waitForFunction(() => location.hash.includes('dir=desc'));
    assert.deepEqual(await page.locator('#customer-table tbody .col-name a').allTextContents(), ['张三', '王五', '李四']);
  } finally { await app.close(); }
});

test('the filtered list exports as CSV for Excel, with formulas defused', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: '=HYPERLINK("http://x","点我")', fields: { '#f-fcity': '杭州, 西湖' } });
    await createCustomer(page, url, { name: '王芳', fields: { '#f-fcity': '上海' } });
    await addStaff(page, url, '张经理');
    await createCustomer(page, url, { name: '李雷', fields: { '#f-fcity': '杭州', '#f-ftags': '欠款大户', '#f-fowner': '张经理' } });
    await page.goto(`${url}#/customers`);
    await page.fill('#customer-search', '杭州');
    await page.waitForFunction(() => document.querySelectorAll('#customer-table tbody tr').length === 2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(download.suggestedFilename(), /^kehu-customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
    assert.ok(text.startsWith('\uFEFF'), 'a BOM, so Excel reads UTF-8');
    const lines = text.slice(1).trim().split('\r\n');
    assert.equal(lines.length, 3, 'the header and the two filtered customers');
    assert.match(lines[0], /^ID,名称,/);
    const formula = lines.find(l => l.includes('HYPERLINK'));
    assert.ok(formula.includes(`"'=HYPERLINK(""http://x"",""点我"")"`), formula);
    assert.ok(formula.includes('"杭州, 西湖"'));
    assert.ok(lines.some(l => l.includes(',李雷,')));
    assert.ok(lines.some(l => l.includes(',杭州,张经理,欠款大户,')), 'the account manager by name');
    // Anonymised: the same rows, no kehu ids, no free text, personal fields replaced by
    // stand-ins salted for this file only.
    const ids = lines.slice(1).map(l => l.slice(0, 36));
    const anon = async () => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click('#export-anon')]);
      return Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8').slice(1).trim().split('\r\n');
    };
    const a1 = await anon();
    const all = a1.join('\n');
    assert.equal(a1.length, 3);
    assert.ok(!all.includes('李雷') && !all.includes('HYPERLINK'), 'no names');
    assert.ok(ids.every(id => !all.includes(id)), 'no kehu ids');
    assert.ok(!all.includes('欠款大户'), 'no tags');
    assert.ok(!all.includes('张经理'), 'no account manager');
    assert.doesNotMatch(a1[0], /^ID,|标签/);
    assert.match(a1[1], /^客户 [0-9A-F]{16},/);
    assert.match(all, /经理 [0-9A-F]{16}/);
    assert.ok(all.includes('杭州'), 'the city stays');
    const a2 = await anon();
    assert.equal(a2.length, 3);
    assert.notEqual(a2[1].split(',')[0], a1[1].split(',')[0], 'another file, other stand-ins: files cannot be joined');
    // The same list as an Excel workbook: a zip of XML parts (stored, so readable here);
    // the formula is a text cell, never a formula.
    const [x] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    assert.match(x.suggestedFilename(), /^kehu-customers-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsx = Buffer.concat(await (await x.createReadStream()).toArray());
    assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
    const sheet = xlsx.toString('utf8');
    assert.ok(sheet.includes('<t xml:space="preserve">李雷</t>'));
    assert.ok(sheet.includes('<t xml:space="preserve">=HYPERLINK(&quot;http://x&quot;,&quot;点我&quot;)</t>'));
    assert.ok(!sheet.includes('<f>'), 'no formulas');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('an edit saved in another tab is not lost: the stale save shows both versions and asks', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url, ctx } = app;
  try {
    await createCustomer(page, url, { name: 'Ada Lovelace', fields: { '#f-fcity': 'London' } });
    const here = page.url();
    await page.click('#edit-customer');
    await page.fill('#f-fcity', 'Paris');
    // Meanwhile another tab edits and saves the same customer.
    const other = await ctx.newPage();
    await other.goto(here);
    await other.waitForSelector('#customer-name');
    await other.click('#edit-customer');
    await other.fill('#f-fcity', 'Berlin');
    await other.click('#save-customer');
    await other.waitForSelector('#customer-name');
    // This tab's save is refused with the two versions side by side; nothing saved yet.
    await page.click('#save-customer');
    await page.waitForSelector('#save-conflict');
    const row = await page.locator('.conflict-table tbody tr').allTextContents();
    assert.deepEqual(row, ['CityBerlinParis']);
    await page.click('#conflict-mine');
    await page.waitForSelector('#customer-name');
    await other.reload();
    await other.waitForSelector('#customer-name');
    assert.ok((await other.textContent('.profile')).includes('Paris'), 'kept, knowingly');

    // Trashed elsewhere: a stale edit cannot bring it back.
    await page.click('#edit-customer');
    await page.fill('#f-fcity', 'Rome');
    await other.click('#delete-customer');
    await other.click('dialog[open] .btn-danger');
    await other.waitForSelector('#customer-table, .empty');
    await page.click('#save-customer');
    await page.waitForSelector('#save-conflict');
    assert.match(await page.textContent('#save-conflict'), /moved to the trash/);
    assert.equal(await page.locator('#conflict-mine').count(), 0);
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('.empty, #customer-table');
    assert.equal(await page.locator('#customer-table tbody tr').count(), 0, 'still in the trash');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a customer in the trash can be forgotten for good, with their orders', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: 'Forget Me' });
    await page.click('#add-order');
    await page.fill('#f-amount', '88');
    await page.click('#order-form button[type=submit]');
    await page.waitForSelector('.timeline-order, #timeline li');
    await page.click('#delete-customer');
    await page.click('dialog[open] .btn-danger');
    await page.waitForSelector('.empty');
    await page.goto(`${url}#/customers?trash=1`);
    await page.click('#customer-table tbody .col-name a');
    await page.click('#purge-customer');
    await page.waitForSelector('dialog[open]');
    assert.match(await page.textContent('dialog[open]'), /cannot be undone/);
    await page.click('dialog[open] .btn-danger');
    await page.waitForSelector('.empty');
    await page.reload();
    await page.goto(`${url}#/orders`);
    await page.waitForSelector('main .page');
    assert.equal(await page.locator('text=Forget Me').count(), 0, 'no order names them');
    await page.goto(`${url}#/customers?trash=1`);
    await page.waitForSelector('.empty');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('every filter, sort and page of the list agrees with the list exported whole', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    const exported = async () => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
      const rows = parseCsv(Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8'));
      const head = rows.shift();
      return rows.map(r => Object.fromEntries(head.map((h, i) => [h, r[i]])));
    };
    const all = await exported();
    assert.equal(all.length, 2000);
    const count = async () => Number((await page.textContent('#result-count')).split(' ')[0].replace(/,/g, ''));
    // Each filter, at each of its first values, keeps exactly the customers with it.
    const filters = [
      ['#filter-kind', 'Kind'], ['#filter-type', 'Customer type'], ['#filter-stage', 'Lifecycle stage'],
      ['#filter-level', 'Relationship level'], ['#filter-owner', 'Account manager'], ['#filter-tag', 'Tags'],
      ['#filter-key', 'Key account'], ['#filter-black', 'Blacklisted'],
    ];
    for (const [select, column] of filters) {
      const options = await page.locator(`${select} option`).evaluateAll(os => os.slice(1, 3).map(o => [o.value, o.textContent]));
      assert.ok(options.length > 0, select);
      for (const [value, label] of options) {
        await page.selectOption(select, value);
        const want = all.filter(r => column === 'Tags' ? r.Tags.split('; ').includes(label) : r[column] === label).length;
        await page.waitForFunction(([w]) => {
          const t = document.querySelector('#result-count')?.textContent ?? '';
          return Number(t.split(' ')[0].replace(/,/g, '')) === w || (w === 0 && document.querySelector('.empty'));
        }, [want], { timeout: 5000 }).catch(() => {});
        assert.equal(want === 0 ? 0 : await count(), want, `${select} = ${label}`);
      }
      await page.selectOption(select, '');
    }
    // Two filters at once: both apply.
    await page.selectOption('#filter-kind', 'organisation');
    await page.selectOption('#filter-key', '1');
    const both = all.filter(r => r.Kind === 'Organisation' && r['Key account'] === 'Yes').length;
    await page.waitForFunction(w => document.querySelector('#result-count')?.textContent.startsWith(`${w} `), both);
    await page.click('#clear-filters');

    // Each sort, both ways: the export comes in that order, and page 2 continues it.
    const keyOf = { created: 'Created', updated: 'Updated', stage: 'Lifecycle stage', owner: 'Account manager' };
    for (const [sort, column] of Object.entries(keyOf)) {
      await page.selectOption('#sort-select', sort);
      for (const dir of ['asc', 'desc']) {
        if (await page.getAttribute('#sort-dir', 'aria-label') !== (dir === 'desc' ? 'Descending' : 'Ascending')) {
          await page.click('#sort-dir');
        }
        await page.waitForFunction(d => location.hash.includes(`dir=${d}`) || (d === 'desc' && !location.hash.includes('dir=')), dir);
        const rows = await exported();
        assert.equal(rows.length, 2000);
        const values = rows.map(r => r[column]);
        if (column === 'Created' || column === 'Updated') {
          const sorted = [...values].sort();
          if (dir === 'desc') sorted.reverse();
          assert.deepEqual(values, sorted, `${sort} ${dir}`);
        } else {
          // Grouped: each value in one run.
          const runs = values.filter((v, i) => i === 0 || v !== values[i - 1]);
          assert.equal(new Set(runs).size, runs.length, `${sort} ${dir} groups its values`);
        }
        const firstPage = await page.locator('#customer-table tbody .col-name a').allTextContents();
        assert.deepEqual(firstPage, rows.slice(0, firstPage.length).map(r => r.Name), `${sort} ${dir}: page 1`);
        await page.click('.pager .btn >> nth=1');
        await page.waitForSelector('#page-info:has-text("Page 2 of")');
        const second = await page.locator('#customer-table tbody .col-name a').allTextContents();
        assert.deepEqual(second, rows.slice(firstPage.length, firstPage.length + second.length).map(r => r.Name),
          `${sort} ${dir}: page 2 continues it`);
        await page.click('.pager .btn >> nth=0');
        await page.waitForSelector('#page-info:has-text("Page 1 of")');
      }
    }
    // The last page holds the rest, and a reload keeps filters, sort and page (the URL).
    const pages = Number((await page.textContent('#page-info')).match(/of (\d+)/)[1]);
    await page.selectOption('#filter-kind', 'person');
    const persons = all.filter(r => r.Kind === 'Person').length;
    await page.reload();
    await page.waitForSelector('#customer-table');
    assert.equal(await page.inputValue('#filter-kind'), 'person');
    assert.equal(await count(), persons);
    assert.ok(pages > 1);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('deleting an interaction or a survey response can be undone, and the undo survives a reload', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: 'Undo Me' });
    await page.click('#add-interaction');
    await page.fill('#f-subject', 'Called about the invoice');
    await page.click('#save-interaction');
    await page.waitForSelector('.tl-item:has-text("Called about the invoice")');
    await page.click('.tl-item:has-text("Called about the invoice") >> text=Delete');
    await page.waitForSelector('.tl-item:has-text("Called about the invoice")', { state: 'detached' });
    await page.click('.toast:has-text("Interaction deleted") .btn-link');
    await page.waitForSelector('.tl-item:has-text("Called about the invoice")');

    await page.click('#add-response');
    await page.selectOption('#sv-nps', '6');
    await page.click('#save-response');
    await page.waitForSelector('#responses li:has-text("NPS 6")');
    await page.click('#responses li:has-text("NPS 6") .delete-response');
    await page.waitForSelector('#responses li:has-text("NPS 6")', { state: 'detached' });
    await page.click('.toast:has-text("Survey response deleted") .btn-link');
    await page.waitForSelector('#responses li:has-text("NPS 6")');

    await page.reload();
    await page.waitForSelector('#customer-name');
    assert.equal(await page.locator('.tl-item:has-text("Called about the invoice")').count(), 1);
    assert.equal(await page.locator('#responses li:has-text("NPS 6")').count(), 1);
    // Deleted without undo, it stays deleted.
    await page.click('#responses li:has-text("NPS 6") .delete-response');
    await page.waitForSelector('#responses li:has-text("NPS 6")', { state: 'detached' });
    await page.reload();
    await page.waitForSelector('#customer-name');
    assert.equal(await page.locator('#responses li:has-text("NPS 6")').count(), 0);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a number is called, an address written to and a WeChat id copied from the page, each offered for the timeline', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url, ctx } = app;
  try {
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await createCustomer(page, url, { name: 'Zhang Wei', fields: {
      '#f-fmobile': '138 0000 0000', '#f-femail': 'zhang@example.com', '#f-fwechat': 'zhang_88' } });
    const call = page.locator('.profile a.reach[href^="tel:"]');
    assert.equal(await call.getAttribute('href'), 'tel:13800000000');
    assert.equal(await page.locator('.profile a.reach[href^="mailto:"]').getAttribute('href'), 'mailto:zhang@example.com');

    // The WeChat id goes to the clipboard; the contact is offered for the timeline.
    await page.click('.profile .reach-copy');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'zhang_88');
    await page.waitForSelector('#reach-offer');
    assert.match(await page.textContent('#reach-offer'), /WeChat with zhang_88/);
    await page.click('#reach-offer >> text=Not now');
    assert.equal(await page.locator('#reach-offer').count(), 0);

    // A call, by keyboard: logged with its kind and subject filled in. Headless Chromium,
    // sent to a tel: link, looks for a dialler and may swallow the next click meanwhile
    // (the Save below, one run in three); the page keeps the browser from following the
    // link, and the app's own handler still sees the keypress's click.
    await page.evaluate(() => document.addEventListener('click', e => {
      if (e.target.closest('a[href^="tel:"]')) e.preventDefault();
    }, true));
    await call.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#reach-offer');
    await page.click('#reach-log');
    await page.waitForSelector('#interaction-form');
    assert.equal(await page.inputValue('#ix-kind'), 'call');
    assert.equal(await page.inputValue('#f-subject'), 'Called 138 0000 0000');
    await page.click('#save-interaction');
    await page.waitForSelector('.tl-item:has-text("Called 138 0000 0000")');
    await page.reload();
    await page.waitForSelector('.tl-item:has-text("Called 138 0000 0000")');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a filter saved as a segment is applied again with one click, finds new members, and is deleted with an undo', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  const count = async () => (await page.textContent('#result-count')).replace(/\s+/g, ' ');
  try {
    await loadDemo(page);
    await page.goto(`${url}#/customers`);
    // The demo's segments, the analytics' slices among them.
    await page.waitForSelector('#segments .segment-chip');
    const chips = await page.locator('#segments .segment-chip a').allTextContents();
    assert.ok(chips.includes("Can't lose them") && chips.includes('Business customers'), chips.join(', '));
    await page.click('#segments a:has-text("Business customers")');
    await page.waitForFunction(() => location.hash.includes('type=business'));
    assert.equal(await page.inputValue('#filter-type'), 'business');
    assert.equal(await page.textContent('#segments .segment-chip.on a'), 'Business customers');
    assert.equal(await page.locator('#save-segment').count(), 0, 'saved already');

    // A filter of our own: no name is refused, then saved under one.
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#segments');
    assert.equal(await page.locator('#save-segment').count(), 0, 'nothing to save without a filter');
    await page.selectOption('#filter-kind', 'organisation');
    await page.selectOption('#filter-key', '1');
    await page.click('#save-segment');
    await page.click('#segment-save');
    await page.waitForSelector('#segment-name-error:has-text("Required")');
    await page.fill('#segment-name', 'Key organisations');
    await page.click('#segment-save');
    await page.waitForSelector('#segments .segment-chip.on a:has-text("Key organisations")');
    const before = await count();

    // A new key organisation is a member next time the segment is used.
    await page.goto(`${url}#/customers/new?kind=organisation`);
    await page.fill('#f-fname', 'Zenith Holdings');
    await page.check('#f-fkeyaccount');
    await page.click('#save-customer');
    await page.waitForSelector('#customer-name');
    await page.goto(`${url}#/customers`);
    await page.reload();
    await page.click('#segments a:has-text("Key organisations")');
    await page.waitForFunction(() => location.hash.includes('kind=organisation') && location.hash.includes('key=1'));
    await page.waitForFunction(b => document.querySelector('#result-count')?.textContent.replace(/\s+/g, ' ') !== b, before);
    assert.match(await page.textContent('main'), /Zenith Holdings/);

    // Deleted, then undone.
    await page.click('#segments .segment-chip:has-text("Key organisations") .chip-x');
    await page.waitForFunction(() => ![...document.querySelectorAll('#segments a')].some(a => a.textContent === 'Key organisations'));
    await page.click('.toast:has-text("Segment deleted") .btn-link');
    await page.waitForSelector('#segments a:has-text("Key organisations")');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('saved segments are listed in the order of the language: pinyin in Chinese', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#segments .segment-chip');
    const chips = await page.locator('#segments .segment-chip a').allTextContents();
    // bù, jīn, qǐ, zhāng (code points would put 金 last).
    assert.deepEqual(chips, ['不能失去的客户', '金字塔顶端 VIP', '企业客户', '张经理的客户']);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
