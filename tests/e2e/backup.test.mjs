import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open, loadDemo, watchLongTasks } from './harness.mjs';

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8') };
}

const data = (text) => text.slice(text.indexOf('"data":'));

/** The settings page's record counts, once they are `expected` (or, without it, loaded). */
async function counts(page, url, expected) {
  await page.goto(`${url}#/settings`);
  await page.waitForFunction((want) => {
    const got = [...document.querySelectorAll('.stats-small .stat-value')].map(e => e.textContent);
    return want ? got.join() === want.join() : got.length && !got.includes('…');
  }, expected, { timeout: 10000 }).catch(() => {});
  return page.locator('.stats-small .stat-value').allTextContents();
}

/** A file on disk: handing the page megabytes as a buffer costs its main thread time
 *  that is the test's, not the app's. */
function onDisk(file) {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-')), file.name);
  fs.writeFileSync(p, file.text);
  return p;
}

async function restore(page, file, mode) {
  await page.setInputFiles('#restore-file', onDisk(file));
  await page.waitForSelector('#restore-summary');
  await page.check(`#restore-${mode}`);
  await page.click('#restore-run');
  if (mode === 'replace') await page.click('dialog[open] .btn-danger');
  await page.waitForSelector('.toast:has-text("Restored from the backup")');
  await page.waitForSelector('#restore-summary', { state: 'detached' });
}

test('backup, erase, restore gives everything back; backing up again gives the same content; merge adds nothing twice; a damaged file is refused', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    // Never backed up: the overview says so and makes one.
    await page.waitForSelector('#backup-reminder');
    const first = await download(page, '#backup-now');
    assert.match(first.name, /^kehu-backup-\d{4}-\d{2}-\d{2}\.json$/);
    await page.waitForSelector('#backup-reminder', { state: 'detached' });
    const header = JSON.parse(first.text.slice(0, first.text.indexOf(',"data":')) + '}');
    assert.equal(header.kehu_backup, 1);
    assert.ok(header.counts.customers > 100 && header.counts.orders > 1000, JSON.stringify(header.counts));
    assert.match(header.checksum, /^fnv1a64:[0-9a-f]{16}$/);
    const before = await counts(page, url);
    assert.match(await page.textContent('#last-backup'), /Last backup/);

    // Erase everything, then restore the file.
    await page.click('#erase-all');
    await page.click('dialog[open] .btn-danger');
    await page.waitForFunction(() => document.querySelector('.stats-small .stat-value')?.textContent === '0');
    // Reading and checking megabytes of backup happen in the worker: the page never
    // stops for long meanwhile (HEAVY_TASK_MS; the 50 ms target is benchmarked). (Reloading the restored list afterwards is the
    // page's own work, not the file's.)
    const long = await watchLongTasks(page);
    await page.setInputFiles('#restore-file', onDisk(first));
    await page.waitForSelector('#restore-summary');
    assert.deepEqual(await long(), [], 'no heavy main-thread task while the backup is read');
    await restore(page, first, 'replace');
    assert.deepEqual(await counts(page, url, before), before, 'every record is back');
    const second = await download(page, '#backup-download');
    assert.equal(data(second.text), data(first.text), 'backup → restore → backup is identical');

    // Merging the same backup into the restored data adds nothing.
    await restore(page, first, 'merge');
    assert.deepEqual(await counts(page, url, before), before);

    // A changed byte is caught by the checksum; nothing is restored.
    const damaged = { name: 'x.json', text: first.text.replace(/"name":"([^"]+)"/, '"name":"$1x"') };
    await page.setInputFiles('#restore-file', { name: damaged.name, mimeType: 'application/json', buffer: Buffer.from(damaged.text) });
    await page.waitForSelector('#restore-error');
    assert.match(await page.textContent('#restore-error'), /damaged/);
    await page.setInputFiles('#restore-file', { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('name,email\n') });
    await page.waitForSelector('#restore-error:has-text("not a kehu backup")');
    assert.equal(await page.locator('#restore-summary').count(), 0);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
