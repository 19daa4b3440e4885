import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open, loadDemo, DIST } from './harness.mjs';

/** Once the service worker of the build has installed and serves the page. */
const controlled = page => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });

test('after the first visit the app boots and works offline, page, office and worker, and it is installable', async () => {
  const app = await open({ locale: 'en' });
  const { ctx, page, url } = app;
  try {
    await loadDemo(page);
    await controlled(page);
    const cdp = await ctx.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'the manifest, its icons and the worker make it installable');

    await ctx.setOffline(true);
    await page.reload();
    await page.waitForSelector('#stats');
    // The back office's binary and the dashboards' worker come from the cache too.
    await page.goto(`${url}#/leads`);
    await page.waitForSelector('#office h1:text-is("Leads")');
    await page.goto(`${url}#/insights`);
    await page.waitForSelector('#insight-stats, #chart-pyramid', { timeout: 90000 });
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table a, .customer-row a');
    assert.deepEqual(app.errors, [], 'nothing was missing offline');
  } finally { await app.close(); }
});

test('a new build waits until the user agrees to reload into it', async () => {
  // A copy of the build to publish a new version into.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-site-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const app = await open({ locale: 'zh-CN', dir });
  const { page } = app;
  try {
    await controlled(page);
    const caches = () => page.evaluate(() => caches.keys());
    const [first] = await caches();

    // A new build: its worker installs beside the running one and waits.
    const sw = path.join(dir, 'sw.js');
    fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(/const REVISION = "[0-9a-f]+"/, 'const REVISION = "0123456789abcdef"'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then(r => r.update()));
    await page.waitForSelector('#update-ready');
    assert.match(await page.textContent('#update-ready'), /客户有新版本/);
    assert.deepEqual((await caches()).sort(), [first, 'kehu-0123456789abcdef'].sort(), 'both builds kept meanwhile');

    // Later: the prompt goes, the page stays.
    await page.click('#update-later');
    await page.waitForSelector('#update-ready', { state: 'detached' });

    // Asked again on the next visit; reloading switches to the new build and drops the old.
    await page.reload();
    await page.waitForSelector('#update-reload');
    await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
    await page.waitForSelector('main .welcome, main .page');
    await page.waitForFunction(() => caches.keys().then(k => k.length === 1 && k[0] === 'kehu-0123456789abcdef'));
    assert.equal(await page.locator('#update-ready').count(), 0);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
