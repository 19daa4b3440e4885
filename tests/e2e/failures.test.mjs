import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

test('a panic shows an error screen with a way to reload, not a blank page', async () => {
  const app = await open({ locale: 'en-US' });
  const { page } = app;
  try {
    await page.evaluate(() => { try { window.wasmBindings.kehu_crash_for_test(); } catch (_) { /* the trap */ } });
    await page.waitForSelector('#crash');
    assert.equal(await page.textContent('#crash h1'), 'Something went wrong');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Reload');
    await page.click('#crash button');
    await page.waitForSelector('.welcome');
    assert.equal(await page.locator('#crash').count(), 0);
  } finally { await app.close(); }
});

test('without IndexedDB (as in some private modes) the user is told why', async () => {
  const app = await open({
    locale: 'en-US',
    init: () => Object.defineProperty(window, 'indexedDB', { get: () => undefined }),
    ready: '.panel-error',
  });
  try {
    assert.match(await app.page.textContent('.panel-error'), /offers no local database here \(private mode\?\)/);
    assert.equal(await app.page.locator('.panel-error button').textContent(), 'Retry');
  } finally { await app.close(); }
});
