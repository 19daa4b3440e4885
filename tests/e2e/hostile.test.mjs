// The bad-input suite in the browser (crates/core/tests/data/hostile, written by
// make_hostile.py): each file through the import wizard or the restore, the message the
// user is shown, and, at the end, nothing written: no customer, no order, no import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { open } from './harness.mjs';

const DIR = path.resolve(import.meta.dirname, '../../crates/core/tests/data/hostile');

// Refused as files: the message shown under the drop zone.
const FILES = {
  'binary.csv': /not a text \(CSV\) file/,
  'empty.csv': /The file is empty/,
  'blank-lines.csv': /The file is empty/,
  'nul-early.csv': /not a text \(CSV\) file/,
  'utf16-without-bom.csv': /not a text \(CSV\) file/,
  '16385-columns.csv': /too large to import: more than 16,384 columns\. Nothing was imported/,
  'zip-bomb.xlsx': /packed more than 200:1 \(a “zip bomb”\?\)\. Nothing was imported/,
  'forged-size.xlsx': /unpacks to more than 2048 MB\. Nothing was imported/,
  'shared-text-too-big.xlsx': /text is larger than 256 MB\. Nothing was imported/,
  'row-1048577.xlsx': /more than 1,048,576 rows\. Nothing was imported/,
  'column-xfe.xlsx': /more than 16,384 columns\. Nothing was imported/,
  'not-a-workbook.xlsx': /workbook cannot be read/,
  'truncated.xlsx': /workbook cannot be read/,
};

// Read, but every row refused by the check: the message, and nothing to import.
const CHECKED = {
  'name-too-long.csv': /At most 100 characters/,
  'city-too-long.csv': /At most 200 characters/,
  'notes-too-long.csv': /At most 5000 characters/,
  'tag-too-long.csv': /Each tag can have at most 30 characters/,
  'too-many-tags.csv': /At most 50 tags/,
  'bad-email.csv': /Not a valid email address/,
  'bad-phone.csv': /Not a valid phone number/,
  'birth-in-the-future.csv': /Cannot be in the future/,
  'not-a-date.csv': /Not a date/,
  'extra-fields.csv': /4 fields where the header has 2/,
  'ambiguous-amount.csv': /Separators that do not group thousands/,
  'negative-amount.csv': /Cannot be negative/,
  'huge-amount.csv': /Amount too large/,
  'order-of-nobody.csv': /No such customer/,
  'order-in-the-future.csv': /Cannot be in the future/,
};

// Backups: the message of the restore card; the database is left as it was.
const BACKUPS = {
  'backup-not-json.json': /not a kehu backup file/,
  'backup-truncated.json': /damaged/,
  'backup-edited.json': /damaged/,
  'backup-newer-format.json': /newer kehu \(format 9\)/,
  'backup-newer-schema.json': /database version 99; this app is at \d+/,
  'backup-shared-key.json': /same internal number as “Ada”/,
  'backup-key-4294967295.json': /internal number is out of range/,
  'backup-columns-differ.json': /Order block 1: its columns differ in length/,
  'backup-order-outside-chunk.json': /Order 7: its id lies outside its block/,
  'backup-orphan-order.json': /its customer is not in the backup/,
  'backup-name-too-long.json': /Name At most 100 characters/,
  'backup-bad-email.json': /Email Not a valid email address/,
  'backup-score-off-scale.json': /Not on the 1–5 scale/,
  'backup-future-order.json': /after today/,
  'backup-duplicate-id.json': /repeats an earlier record/,
  'backup-negative-amount.json': /amount is negative or too large/,
};

test('every hostile file is refused with a clear message, and nothing is written', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    // One customer the order files name, so their rows fail on what is wrong with them.
    await page.goto(`${url}#/customers/new`);
    await page.fill('#f-fname', 'Ada');
    await page.click('#save-customer');
    await page.waitForSelector('#customer-name');

    const pick = async (name) => {
      await page.setInputFiles('#import-file', path.join(DIR, name));
    };
    for (const [name, message] of Object.entries(FILES)) {
      await page.goto(`${url}#/import`);
      await pick(name);
      await page.waitForSelector('#import-file-error', { timeout: 30000 });
      assert.match(await page.textContent('#import-file-error'), message, name);
      assert.equal(await page.locator('#import-preview').count(), 0, `${name}: no preview`);
    }
    for (const [name, message] of Object.entries(CHECKED)) {
      const orders = /amount|order/.test(name);
      await page.goto(`${url}#/import?kind=${orders ? 'orders' : 'customers'}`);
      await page.waitForSelector('#import-file');
      await pick(name);
      await page.waitForSelector('#import-preview, #import-file-error', { timeout: 30000 });
      if (orders) await page.uncheck('#import-create-missing');
      await page.click('#import-check');
      await page.waitForSelector('#import-plan, #import-file-error', { timeout: 60000 });
      const shown = [
        ...(await page.locator('#import-errors li').allTextContents().catch(() => [])),
        ...(await page.locator('#import-file-error').allTextContents()),
      ].join('\n');
      assert.match(shown, message, name);
      if (await page.locator('#import-run').count()) {
        assert.equal(await page.isDisabled('#import-run'), true, `${name}: nothing to import`);
      }
    }
    await page.goto(`${url}#/settings`);
    for (const [name, message] of Object.entries(BACKUPS)) {
      await page.setInputFiles('#restore-file', path.join(DIR, name));
      await page.waitForSelector('#restore-error', { timeout: 10000 });
      await page.waitForFunction(m => new RegExp(m).test(document.querySelector('#restore-error')?.textContent ?? ''),
        message.source, { timeout: 10000 }).catch(() => {});
      assert.match(await page.textContent('#restore-error'), message, name);
      assert.equal(await page.locator('#restore-run').count(), 0, `${name}: no way to restore it`);
    }

    // Nothing written: the one customer made above, no orders, no imports.
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    assert.deepEqual(await page.locator('#customer-table tbody .col-name a').allTextContents(), ['Ada']);
    await page.goto(`${url}#/orders`);
    await page.waitForSelector('main .page');
    assert.equal(await page.locator('#order-table tbody tr').count(), 0);
    await page.goto(`${url}#/imports`);
    await page.waitForSelector('main .page');
    assert.equal(await page.locator('.import-job').count(), 0);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
