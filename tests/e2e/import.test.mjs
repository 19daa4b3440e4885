import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { open, createCustomer, watchLongTasks, addStaff } from './harness.mjs';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** Picks a file in the wizard and waits for its preview. */
async function pick(page, file) {
  await page.setInputFiles('#import-file', typeof file === 'string' ? path.resolve(FIXTURES, file) : file);
}

async function check(page) {
  await page.click('#import-check');
  await page.waitForSelector('#import-plan');
  const figures = await page.locator('#import-plan dd').allTextContents();
  const errors = await page.locator('#import-errors li').allTextContents().catch(() => []);
  return { figures, errors };
}

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8') };
}

test('a GBK customer file with Chinese headers: preview, mapping, every row checked, import, reload, import again', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    await page.click('#welcome-import');
    await pick(page, 'customers-gbk.csv');
    await page.waitForSelector('#import-preview');
    assert.equal(await page.inputValue('#import-encoding'), 'gb18030', 'GBK sniffed');
    assert.deepEqual(await page.locator('#import-preview thead .import-head').allTextContents(),
      ['客户编号', '姓名', '手机', '邮箱', '城市', '生日', '客户类型', '标签', '信用额度', '备注']);
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['code', 'name', 'mobile', 'email', 'city', 'birth_date', 'type', 'tags', 'credit_limit', 'notes'],
      'every column suggested from its Chinese name');

    const { figures, errors } = await check(page);
    // Rows read, new, updated, unchanged, skipped, rows with errors.
    assert.deepEqual(figures, ['6', '3', '0', '0', '1', '2']);
    assert.deepEqual(errors, [
      '第 5 行，邮箱「not-an-email」：不是有效的邮箱地址',
      '第 5 行，生日「2026-02-30」：不是有效的日期（没有这一天，或无法识别的写法）',
      '第 6 行，手机「138-0000-1111」：与第 2 行重复',
      '第 7 行，客户类型「外星人」：不是可选的值',
    ]);
    const report = await download(page, '#import-report');
    assert.match(report.name, /^kehu-import-errors-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = report.text.slice(1).trim().split('\r\n');
    assert.equal(lines[0], '行号,列,内容,问题');
    assert.equal(lines.length, 5);
    assert.match(lines[3], /^6,手机,138-0000-1111,与第 2 行重复$/);

    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    await page.reload();
    await page.waitForSelector('.page');
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    const names = await page.locator('#customer-table tbody .col-name a').allTextContents();
    assert.deepEqual(names.sort(), ['<img src=x onerror=alert(1)>', '李雷', '王芳'].sort(), 'survives a reload');
    assert.equal(await page.locator('#customer-table img').count(), 0, 'a name with HTML is text');
    await page.fill('#customer-search', 'C002');
    await page.waitForSelector('#customer-table tbody tr >> nth=0');
    assert.deepEqual(await page.locator('#customer-table tbody .col-name a').allTextContents(), ['李雷'], 'found by customer number');
    await page.click('#customer-table tbody .col-name a');
    await page.waitForSelector('#customer-name');
    const profile = await page.locator('main').textContent();
    assert.match(profile, /C002/);
    assert.match(profile, /1990|1989/, 'the Excel serial birth date 32874 is 1990-01-01');

    // The list's own export imports again without changing anything.
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    const exported = await download(page, '#export-csv');
    await page.goto(`${url}#/import`);
    await pick(page, { name: exported.name, mimeType: 'text/csv', buffer: Buffer.from(exported.text) });
    await page.waitForSelector('#import-preview');
    const back = await check(page);
    assert.deepEqual(back.figures, ['3', '0', '0', '3', '0', '0'], back.errors.join('\n'));

    // The same file again changes nothing: found by number, nothing new to write.
    await page.goto(`${url}#/import`);
    await pick(page, 'customers-gbk.csv');
    await page.waitForSelector('#import-preview');
    const again = await check(page);
    assert.deepEqual(again.figures, ['6', '0', '0', '3', '1', '2']);
    assert.equal(await page.isDisabled('#import-run'), true);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('orders find their customers by number; unknown ones are errors or new customers; remembered mapping', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/import`);
    await pick(page, 'customers-gbk.csv');
    await page.waitForSelector('#import-preview');
    // The Chinese file in an English UI: the same suggestions; the user also maps 备注
    // elsewhere (to nothing), which is remembered.
    await page.selectOption('#import-preview .import-map >> nth=9', '');
    await check(page);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');

    await page.click('#import-orders-next');
    await pick(page, 'orders.csv');
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['order_number', 'order_customer', 'order_date', 'order_amount']);
    await page.uncheck('#import-create-missing');
    let { figures, errors } = await check(page);
    // Rows, orders, new customers, skipped, rows with errors.
    assert.deepEqual(figures, ['7', '4', '0', '1', '2']);
    assert.deepEqual(errors, [
      'Line 6, 客户编号 “C999”: No such customer',
      'Line 7, 金额 “-5”: Cannot be negative',
      'Line 8, 订单号 “A2”: Duplicate of line 3',
    ]);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');

    await page.goto(`${url}#/customers?q=C001`);
    await page.waitForSelector('#customer-table');
    await page.click('#customer-table tbody .col-name a');
    await page.waitForSelector('#timeline');
    const amounts = await page.locator('#timeline .tl-order .tl-amount').allTextContents();
    assert.equal(amounts.length, 2, 'two orders of C001');
    assert.ok(amounts.some(a => a.includes('1,234.50')), amounts.join());

    // The same file again: its orders are in kehu already, so nothing is written twice.
    await page.goto(`${url}#/import?kind=orders`);
    await pick(page, 'orders.csv');
    await page.waitForSelector('#import-preview');
    await page.uncheck('#import-create-missing');
    ({ figures, errors } = await check(page));
    assert.deepEqual(figures, ['7', '0', '0', '5', '2']);
    assert.equal(errors.filter(e => e.endsWith('Already imported (the same record is stored)')).length, 4);
    assert.ok(await page.isDisabled('#import-run'));

    // Next time, the column mapped to nothing stays unmapped.
    await page.goto(`${url}#/import?kind=customers`);
    await pick(page, 'customers-gbk.csv');
    await page.waitForSelector('#import-preview');
    assert.equal(await page.locator('#import-preview .import-map >> nth=9').inputValue(), '',
      'the choice "do not import" is remembered, not replaced by the suggestion');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('bad files are named once, for the file: binary, empty, header only', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/import`);
    await pick(page, { name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]) });
    await page.waitForSelector('#import-file-error');
    assert.match(await page.textContent('#import-file-error'), /not a text \(CSV\) file/);
    assert.equal(await page.locator('#import-preview').count(), 0);
    await pick(page, { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    await page.waitForSelector('#import-file-error:has-text("empty")');
    await pick(page, { name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from('name,email\r\n') });
    await page.waitForSelector('#import-preview');
    const { figures } = await check(page);
    assert.deepEqual(figures, ['0', '0', '0', '0', '0', '0']);
    assert.equal(await page.isDisabled('#import-run'), true);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a file read with the wrong delimiter is one column until the delimiter is chosen', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/import`);
    // Sniffing would find the semicolons; a file with a single row of data is where
    // people override it, so choose the wrong one on purpose.
    await pick(page, { name: 'semi.csv', mimeType: 'text/csv', buffer: Buffer.from('name;email\r\nWang;w@example.com\r\nLi;l@example.com\r\n') });
    await page.waitForSelector('#import-preview');
    assert.equal(await page.inputValue('#import-delimiter'), ';');
    await page.selectOption('#import-delimiter', ',');
    await page.waitForSelector('#import-missing');
    assert.equal(await page.locator('#import-preview .import-head').count(), 1, 'one column');
    assert.equal(await page.isDisabled('#import-check'), true, 'no name column yet');
    await page.selectOption('#import-delimiter', ';');
    await page.waitForSelector('#import-missing', { state: 'detached' });
    assert.equal(await page.locator('#import-preview .import-head').count(), 2);
    const { figures } = await check(page);
    assert.deepEqual(figures.slice(0, 2), ['2', '2']);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

/** A file of `n` customers on disk (a real file keeps its date, which resuming checks). */
function customersFile(n, note) {
  const rows = ['name,city,notes'];
  for (let i = 0; i < n; i++) rows.push(`Customer ${i},City ${i % 50},${note}`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-')), `customers-${n}.csv`);
  fs.writeFileSync(file, rows.join('\r\n'));
  return file;
}

async function customerCount(page, url) {
  await page.goto(`${url}#/customers`);
  await page.waitForSelector('main .page, main .welcome');
  if (await page.locator('#customer-table').count() === 0) return 0;
  const text = await page.textContent('#result-count >> nth=0');
  return Number(text.split(' ')[0].replace(/,/g, ''));
}

test('storage full in the middle of an import: the batches before stay, the import stops cleanly and resumes once there is space', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    // 20,000 customers with long notes need far more than the quota set below.
    const file = customersFile(20000, 'x'.repeat(400));
    const cdp = await page.context().newCDPSession(page);
    const origin = new URL(url).origin;
    // Room for a batch or two (each 5,000 customers, written with its list snapshot
    // part) beside the build the service worker keeps, which counts in the same quota.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
    const { usage } = await page.evaluate(() => navigator.storage.estimate());
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 9 * 1024 * 1024 });
    await page.goto(`${url}#/import`);
    await pick(page, file);
    await page.waitForSelector('#import-preview');
    await check(page);
    await page.click('#import-run');
    await page.waitForSelector('.toast-error:has-text("storage is full")', { timeout: 60000 });
    await page.waitForSelector('#import-stopped');
    assert.equal(await page.locator('#import-done').count(), 0);
    const written = Number((await page.textContent('#import-stopped .muted')).match(/Written ([\d,]+)/)[1].replace(/,/g, ''));
    // Some batches went in before the disk was full, whole batches only.
    assert.ok(written >= 5000 && written < 20000 && written % 5000 === 0, `whole batches only: ${written}`);
    // Counted in another tab, so this one keeps its resume button.
    const other = await page.context().newPage();
    assert.equal(await customerCount(other, url), written, 'what it says it wrote, and not a row more');
    await other.close();

    // Space again: the same import goes on from its last batch, on the page still open.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.click('#import-resume');
    await page.waitForSelector('#import-done', { timeout: 120000 });
    assert.equal(await customerCount(page, url), 20000, 'every row once');
    // The storage error is the one expected console message.
    assert.ok(app.errors.every(e => /Quota|quota/.test(e)), app.errors.join('\n'));
  } finally { await app.close(); }
});

test('an import cut off by a reload resumes from the history with the same file, and is taken back completely', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    const file = customersFile(30000, 'a regular customer');
    await page.goto(`${url}#/import`);
    await pick(page, file);
    await page.waitForSelector('#import-preview');
    await check(page);
    await page.click('#import-run');
    // A batch is in: another tab sees the import running, and offers neither resuming
    // it (its rows would be written twice) nor taking it back.
    await page.waitForSelector('#import-written:has-text("Written")', { timeout: 60000 });
    const other = await app.ctx.newPage();
    await other.goto(`${url}#/imports`);
    await other.waitForSelector('#imports');
    assert.match(await other.textContent('.import-job'), /Running \(in another tab\)/);
    assert.equal(await other.locator('.import-job .resume-file, .import-job .rollback').count(), 0);
    await other.close();
    // Then the tab goes away mid-import.
    await page.reload();
    await page.waitForSelector('main .page, main .welcome');
    const before = await customerCount(page, url);
    assert.ok(before > 0 && before < 30000 && before % 5000 === 0, `whole batches only: ${before}`);

    // The wizard points to it.
    await page.goto(`${url}#/import`);
    await page.waitForSelector('#import-unfinished:has-text("1")');
    await page.click('#import-unfinished a');
    await page.waitForSelector('#imports');
    assert.equal(await page.locator('.import-job').count(), 1);
    assert.equal(await page.getAttribute('.import-job', 'data-status'), 'Running');
    assert.match(await page.textContent('.import-job'), /Interrupted/);
    // Another file is refused.
    await page.setInputFiles('.resume-file', path.join(FIXTURES, 'orders.csv'));
    await page.waitForSelector('#imports-error:has-text("not the file")');
    await page.setInputFiles('.resume-file', file);
    await page.waitForSelector('.import-job[data-status="Done"]', { timeout: 120000 });
    assert.equal(await customerCount(page, url), 30000, 'every row once');

    // Taken back: not one customer left.
    await page.goto(`${url}#/imports`);
    await page.click('.import-job .rollback');
    await page.click('dialog[open] .btn-danger');
    await page.waitForSelector('.import-job[data-status="RolledBack"]', { timeout: 60000 });
    assert.match(await page.textContent('.import-job'), /Taken back/);
    assert.equal(await page.locator('.import-job .rollback').count(), 0);
    assert.equal(await customerCount(page, url), 0);
    await page.reload();
    assert.equal(await customerCount(page, url), 0, 'still gone after a reload');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('an Excel workbook imports from its first sheet: headers, numbers, dates as serial days, rich text', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/import`);
    // Written by openpyxl (crates/core/tests/data/make_xlsx_fixture.py).
    await pick(page, path.resolve(import.meta.dirname, '../../crates/core/tests/data/customers.xlsx'));
    await page.waitForSelector('#import-preview');
    assert.equal(await page.locator('#import-encoding').count(), 0, 'no encoding to choose for a workbook');
    assert.deepEqual(await page.locator('#import-preview thead .import-head').allTextContents(),
      ['客户编号', '姓名', '手机', '生日', '信用额度']);
    assert.deepEqual(await page.locator('#import-preview tbody td:first-child').allTextContents(), ['2', '3', '5'],
      'line numbers are the sheet\'s row numbers');
    const { figures, errors } = await check(page);
    assert.deepEqual(figures, ['3', '3', '0', '0', '0', '0'], errors.join('\n'));
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    await page.goto(`${url}#/customers?q=C001`);
    await page.waitForSelector('#customer-table');
    await page.click('#customer-table tbody .col-name a');
    await page.waitForSelector('#customer-name');
    const profile = await page.locator('main').textContent();
    assert.match(profile, /王芳/);
    assert.match(profile, /13800001111/);
    assert.match(profile, /1990/, 'the date cell (serial 32874) is 1990-01-01');

    // A zip that is no workbook is named as such.
    await page.goto(`${url}#/import`);
    await pick(page, { name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04 not really a workbook') });
    await page.waitForSelector('#import-file-error');
    assert.match(await page.textContent('#import-file-error'), /workbook cannot be read/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('interactions from a file land on their customers\' timelines, at the local time written', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/import`);
    await pick(page, 'customers-gbk.csv');
    await page.waitForSelector('#import-preview');
    await check(page);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');

    await page.goto(`${url}#/import?kind=interactions`);
    await pick(page, { name: 'visits.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '客户编号,联系时间,方式,主题,内容\r\nC001,2026-01-05 14:30,拜访,续约,谈了明年的价格\r\nC002,2026/1/6,电话,,\r\nC999,2026-01-07,call,,\r\n' +
      'C001,2026-07-06 09:15,拜访,夏季回访,\r\n') });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['order_customer', 'interaction_at', 'interaction_kind', 'interaction_subject', 'interaction_note']);
    const { figures, errors } = await check(page);
    // Rows read, interactions, skipped, rows with errors.
    assert.deepEqual(figures, ['4', '3', '0', '1']);
    assert.deepEqual(errors, ['第 4 行，客户编号「C999」：找不到这个客户']);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    await page.reload();
    await page.goto(`${url}#/customers?q=C001`);
    await page.waitForSelector('#customer-table');
    await page.click('#customer-table tbody .col-name a');
    await page.waitForSelector('#timeline');
    const visit = page.locator('#timeline .tl-item:has-text("续约")');
    assert.match(await visit.textContent(), /拜访/);
    assert.match(await visit.textContent(), /14:30/, 'the local time as written');
    assert.match(await visit.textContent(), /谈了明年的价格/);
    // The suite runs in New York: a summer moment keeps its wall-clock time too (the
    // summer offset, not today's, converts it), and sits at that instant.
    const summer = page.locator('#timeline .tl-item:has-text("夏季回访")');
    assert.match(await summer.textContent(), /09:15/, 'the local time of a daylight-saving date');
    const [zone, stored] = await page.evaluate(() => new Promise(resolve => {
      const r = indexedDB.open('kehu');
      r.onsuccess = () => {
        const q = r.result.transaction('interactions').objectStore('interactions').getAll();
        q.onsuccess = () => {
          const x = q.result.map(v => JSON.parse(v.doc)).find(d => d.subject === '夏季回访');
          r.result.close();
          resolve([Intl.DateTimeFormat().resolvedOptions().timeZone, x.at]);
        };
      };
    }));
    if (zone === 'America/New_York') {
      assert.equal(stored, Date.UTC(2026, 6, 6, 13, 15), '09:15 EDT is 13:15 UTC, not 14:15');
    }
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('contacts join their organisations; a repeated person is skipped, a person customer refused', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: '上海新时代服饰有限公司', kind: 'organisation' });
    await createCustomer(page, url, { name: 'Wang Fang' });
    await page.goto(`${url}#/import?kind=contacts`);
    await pick(page, { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '公司名称,联系人,职务,手机,邮箱\r\n上海新时代服饰有限公司,李经理,采购经理,13800001234,\r\n上海新时代服饰有限公司,李经理,,,li@xsd.com\r\n上海新时代服饰公司,张三,财务,,\r\nWang Fang,王五,,,\r\n') });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['contact_of', 'contact_name', 'contact_role', 'contact_phone', 'contact_email']);
    const { figures, errors } = await check(page);
    // Rows, new contacts, filled in, unchanged, skipped, rows with errors.
    assert.deepEqual(figures, ['4', '1', '0', '0', '1', '2'], errors.join('\n'));
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    await page.reload();
    await page.goto(`${url}#/customers?q=新时代`);
    await page.waitForSelector('#customer-table');
    await page.click('#customer-table tbody .col-name a');
    await page.waitForSelector('#customer-name');
    const profile = await page.locator('main').textContent();
    assert.match(profile, /李经理/);
    assert.match(profile, /采购经理/);
    assert.match(profile, /13800001234/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('an order file creates the customers it names when they are not found, each once, with their orders', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/import?kind=orders`);
    await pick(page, { name: 'shop-orders.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '订单号,客户,手机,下单日期,金额\r\nB1,张伟,13800000001,2026-01-05,100\r\nB2,李娜,13800000002,2026-01-06,200\r\n' +
      'B3,张伟,13800000001,2026-01-07,300\r\nB4,王强,,2026-01-08,50.5\r\n') });
    await page.waitForSelector('#import-preview');
    assert.ok(await page.isChecked('#import-create-missing'), 'on by default');
    const { figures, errors } = await check(page);
    // Rows, orders, new customers, skipped, rows with errors.
    assert.deepEqual(figures, ['4', '4', '3', '0', '0'], errors.join('\n'));
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    assert.deepEqual((await page.locator('#customer-table tbody .col-name a').allTextContents()).sort(),
      ['张伟', '李娜', '王强'].sort());
    await page.fill('#customer-search', '张伟');
    await page.waitForFunction(() => document.querySelectorAll('#customer-table tbody tr').length === 1);
    await page.click('#customer-table tbody .col-name a');
    await page.waitForSelector('#timeline');
    assert.equal(await page.locator('#timeline .tl-order').count(), 2, 'both of his orders, on one customer');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

/** CRC-32 (zip's), for the workbook written below. */
function crc32(buf) {
  let c, crc = 0xFFFFFFFF;
  for (const b of buf) {
    c = (crc ^ b) & 0xFF;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xFFFFFFFF) >>> 0;
}

/** A workbook of `n` customers (one sheet of inline strings, stored zip) on disk. */
function workbookFile(n) {
  const cell = (ref, v) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
  let rows = `<row r="1">${cell('A1', '姓名')}${cell('B1', '城市')}</row>`;
  for (let i = 0; i < n; i++) rows += `<row r="${i + 2}">${cell(`A${i + 2}`, `表格客户 ${i}`)}${cell(`B${i + 2}`, `城市 ${i % 30}`)}</row>`;
  const parts = [['xl/worksheets/sheet1.xml', `<worksheet><sheetData>${rows}</sheetData></worksheet>`]];
  const local = [], central = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const data = Buffer.from(text), nameBuf = Buffer.from(name), crc = crc32(data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(data.length, 18); h.writeUInt32LE(data.length, 22); h.writeUInt16LE(nameBuf.length, 26);
    local.push(h, nameBuf, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(nameBuf.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-')), `customers-${n}.xlsx`);
  fs.writeFileSync(file, Buffer.concat([...local, dir, end]));
  return file;
}

test('the Stop button ends a workbook import between batches; it resumes from the history with the same workbook', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    const n = 25000;
    const file = workbookFile(n);
    await page.goto(`${url}#/import`);
    await page.waitForSelector('#import-file');
    // The workbook is unpacked, previewed, checked and written in the worker: the page
    // never stops for long meanwhile (HEAVY_TASK_MS; the 50 ms target is benchmarked).
    const long = await watchLongTasks(page);
    await pick(page, file);
    await page.waitForSelector('#import-preview');
    const { figures } = await check(page);
    assert.equal(figures[0], String(n).replace(/\B(?=(\d{3})+$)/g, ','));
    // Stop is pressed the moment the first batch is reported, from the page itself: a
    // click from here waits for the page to settle, and the worker may write the whole
    // file meanwhile on a slow machine.
    await page.evaluate(() => {
      new MutationObserver((_, seen) => {
        if (!document.getElementById('import-written')?.textContent.includes('Written')) return;
        seen.disconnect();
        document.getElementById('import-stop').click();
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await page.click('#import-run');
    await page.waitForSelector('#import-stopped', { timeout: 60000 });
    // (Reloading the list of ten thousand customers afterwards is the page's own work,
    // not the file's: measured up to here.)
    assert.deepEqual(await long(), [], 'no heavy main-thread task while the workbook was read');
    assert.equal(await page.locator('#import-done').count(), 0);
    const written = Number((await page.textContent('#import-stopped .muted')).match(/Written ([\d,]+)/)[1].replace(/,/g, ''));
    assert.ok(written >= 5000 && written < n && written % 5000 === 0, `stopped between batches: ${written}`);
    const other = await page.context().newPage();
    assert.equal(await customerCount(other, url), written, 'as many as it says, no more');
    await other.close();

    // Later (another visit), from the history, with the same workbook picked again.
    await page.reload();
    await page.goto(`${url}#/imports`);
    await page.waitForSelector('.import-job[data-status="Cancelled"]');
    await page.setInputFiles('.resume-file', file);
    await page.waitForSelector('.import-job[data-status="Done"]', { timeout: 120000 });
    assert.equal(await customerCount(page, url), n, 'every row once');
    await page.fill('#customer-search', '表格客户 24999');
    await page.waitForFunction(() => document.querySelectorAll('#customer-table tbody tr').length === 1);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a catalogue file adds products; a SKU already there or repeated is skipped, a bad price named', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/products`);
    await page.click('#import-products');
    await page.waitForSelector('#import-kind-products:checked');
    const file = { name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '货号,商品名称,分类,单位,售价,成本价,库存,状态\r\nT-01,龙井 250g,茶叶,盒,128.00,70,40,在售\r\n' +
      'T-02,紫砂壶,茶具,把,"1,280",,,下架\r\nt-02,紫砂壶（重复）,茶具,把,1280,,,\r\nT-03,茶盘,茶具,个,便宜,,,\r\n') };
    await pick(page, file);
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['product_sku', 'product_name', 'product_category', 'product_unit', 'product_price', 'product_cost', 'product_stock', 'product_active']);
    const { figures, errors } = await check(page);
    // Rows, products, skipped, rows with errors.
    assert.deepEqual(figures, ['4', '2', '1', '1'], errors.join('\n'));
    assert.match(errors.join('\n'), /Line 5/);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    assert.match(await page.textContent('#import-done'), /Products 2/);

    await page.goto(`${url}#/products`);
    await page.reload();
    await page.waitForSelector('main .page');
    const list = await page.textContent('main');
    assert.match(list, /龙井 250g/);
    assert.match(list, /¥128\.00/);

    // The same file again adds nothing: every SKU is in the catalogue now.
    await page.goto(`${url}#/import?kind=products`);
    await pick(page, file);
    await page.waitForSelector('#import-preview');
    const again = await check(page);
    assert.deepEqual(again.figures, ['4', '0', '3', '1'], again.errors.join('\n'));
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('an opportunities file lands on the board at its stages, owned as named; unknown customers and repeats reported', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await addStaff(page, url, 'Chen Chen');
    await createCustomer(page, url, { name: 'Great Wall Logistics', kind: 'organisation', fields: { '#f-fcode': 'C002' } });
    await page.goto(`${url}#/pipeline`);
    await page.click('#import-opportunities');
    await page.waitForSelector('#import-kind-opportunities:checked');
    await pick(page, { name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from(
      'Customer,Title,Amount,Stage,Owner,Close\r\nC002,Warehouse labels,"3,000",Negotiation,Chen Chen,2027-03-15\r\n' +
      'C009,Ghost deal,100,,,\r\nGreat Wall Logistics,warehouse labels,10,,,\r\nC002,Scanners,800,,,\r\n') });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['opp_customer', 'opp_title', 'opp_amount', 'opp_stage', 'opp_owner', 'opp_close']);
    const { figures, errors } = await check(page);
    // Rows, opportunities, skipped, rows with errors.
    assert.deepEqual(figures, ['4', '2', '1', '1'], errors.join('\n'));
    assert.match(errors.join('\n'), /No such customer/);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');

    await page.goto(`${url}#/pipeline`);
    await page.reload();
    await page.waitForSelector('#board .opp-card');
    const negotiation = await page.textContent('.board-col[data-stage=negotiation]');
    assert.match(negotiation, /Warehouse labels/);
    assert.match(negotiation, /3,000/);
    assert.match(await page.textContent('.board-col[data-stage=contact]'), /Scanners/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a tickets file from another help desk: customers found, types and statuses read in either language, repeats and unknown customers reported', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: 'Great Wall Logistics', kind: 'organisation', fields: { '#f-fcode': 'C002' } });
    await page.goto(`${url}#/tickets`);
    await page.click('#import-tickets');
    await page.waitForSelector('#import-kind-tickets:checked');
    // Days a few days back, so the resolved one is among the desk's recent ones.
    const ago = n => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
    await pick(page, { name: 'tickets.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '客户编号,主题,类型,状态,受理时间,解决时间\r\n' +
      `C002,Late delivery,投诉,Resolved,${ago(4)} 09:00,${ago(3)} 10:00\r\n` +
      'C009,Ghost ticket,,,,\r\n' +
      `C002,Invoice question,Inquiry,,${ago(2)},\r\n` +
      `Great Wall Logistics,late delivery,complaint,,${ago(4)} 09:00,\r\n`) });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['ticket_customer', 'ticket_subject', 'ticket_type', 'ticket_status', 'ticket_opened', 'ticket_resolved']);
    const { figures, errors } = await check(page);
    // Rows, tickets, skipped (the same ticket again), rows with errors.
    assert.deepEqual(figures, ['4', '2', '1', '1'], errors.join('\n'));
    assert.match(errors.join('\n'), /No such customer/);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');

    await page.goto(`${url}#/tickets`);
    await page.reload();
    await page.waitForSelector('#ticket-table');
    assert.deepEqual(await page.locator('#ticket-table tbody tr td:first-child').allTextContents(), ['Invoice question']);
    await page.check('#tickets-done');
    await page.waitForFunction(() => document.querySelectorAll('#ticket-table tbody tr').length === 2);
    assert.match(await page.textContent('#ticket-table'), /Late delivery/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('an order lines file makes one order of each number\'s rows, whole or not at all, with its lines on the timeline', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: 'Great Wall Logistics', kind: 'organisation', fields: { '#f-fcode': 'C002' } });
    const customerPage = page.url();
    await page.goto(`${url}#/import?kind=order_lines`);
    await page.waitForSelector('#import-kind-order_lines:checked');
    await page.waitForSelector('#import-lines-hint');
    await pick(page, { name: 'lines.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '订单号,客户编号,下单日期,商品,数量,单价,折扣\r\n' +
      'SO-1,C002,2026-01-05,Receipt printer,2,500,9折\r\n' +
      ',,,Thermal paper,10,12.50,\r\n' +
      'SO-2,C009,2026-01-06,Scanner,1,300,\r\n' +
      'SO-2,,,Cable,1,20,\r\n' +
      'SO-3,C002,2026-01-07,Shelf,1,cheap,\r\n') });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['order_number', 'order_customer', 'order_date', 'line_product', 'line_quantity', 'line_price', 'line_discount']);
    // Customers not found are errors here, not new customers.
    await page.uncheck('#import-create-missing');
    const { figures, errors } = await check(page);
    // Rows, orders, lines, new customers, skipped, rows with errors.
    assert.deepEqual(figures, ['5', '1', '2', '0', '0', '3'], errors.join('\n'));
    const said = errors.join('\n');
    assert.match(said, /Line 4.*No such customer/);
    assert.match(said, /Line 5.*Line 4 of the same order has an error/);
    assert.match(said, /Line 6/);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    assert.match(await page.textContent('#import-done'), /Orders 1/);

    await page.goto(customerPage);
    await page.reload();
    await page.waitForSelector('#timeline .tl-order');
    const order = await page.textContent('#timeline .tl-order');
    assert.match(order, /1,025\.00/);
    assert.match(order, /Receipt printer/);
    assert.match(order, /Thermal paper/);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
