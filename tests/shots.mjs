import { open, createCustomer, loadDemo } from './e2e/harness.mjs';
import path from 'node:path';
const OUT = path.resolve(import.meta.dirname, 'screenshots');
const DIR = path.resolve(import.meta.dirname, '../crates/core/tests/data/hostile');
for (const [locale, width] of [['zh-CN', 1280], ['en-US', 1280], ['zh-CN', 390]]) {
  const tag = `${locale}-${width}`;
  const app = await open({ locale });
  const { page, url, ctx } = app;
  await page.setViewportSize({ width, height: 900 });
  try {
    await createCustomer(page, url, { name: locale === 'zh-CN' ? '王芳' : 'Ada Lovelace', fields: { '#f-fcity': '杭州' } });
    const here = page.url();
    await page.click('#edit-customer');
    await page.fill('#f-fcity', '上海');
    await page.fill('#f-ftags', 'VIP');
    const other = await ctx.newPage();
    await other.goto(here); await other.waitForSelector('#customer-name');
    await other.click('#edit-customer'); await other.fill('#f-fcity', '北京'); await other.click('#save-customer');
    await other.waitForSelector('#customer-name'); await other.close();
    await page.click('#save-customer');
    await page.waitForSelector('#save-conflict');
    await page.locator('#save-conflict').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/conflict-${tag}.png` });
    // Import: a Big5 file read as GBK, and a wide file.
    await page.goto(`${url}#/import`);
    const big5 = Buffer.from([0xab, 0xc8, 0xa4, 0xe1, 0xbd, 0x73, 0xb8, 0xb9, 0x2c, 0xa9, 0x6d, 0xa6, 0x57, 0x0d, 0x0a, 0x31, 0x30, 0x30, 0x31, 0x2c, 0xb3, 0xaf, 0xa4, 0x6a, 0xa4, 0xe5, 0x0d, 0x0a, 0x31, 0x30, 0x30, 0x32, 0x2c, 0xaa, 0x4c, 0xa4, 0x70, 0xa9, 0xfa, 0x0d, 0x0a]);
    await page.setInputFiles('#import-file', { name: 'big5.csv', mimeType: 'text/csv', buffer: big5 });
    await page.waitForSelector('#import-preview');
    await page.screenshot({ path: `${OUT}/import-doubt-${tag}.png`, fullPage: true });
    await page.setInputFiles('#import-file', path.join(DIR, 'zip-bomb.xlsx'));
    await page.waitForSelector('#import-file-error');
    await page.screenshot({ path: `${OUT}/import-bomb-${tag}.png` });
    await page.goto(`${url}#/settings`);
    await page.setInputFiles('#restore-file', path.join(DIR, 'backup-key-4294967295.json'));
    await page.waitForSelector('#restore-error');
    await page.fill('#kiosk-pin-setting', '2468');
    await page.click('#save-kiosk-pin');
    await page.waitForSelector('#kiosk-pin-state');
    await page.locator('#backup').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/settings-${tag}.png`, fullPage: true });
    await page.goto(`${url}#/kiosk`);
    await page.waitForSelector('#kiosk-search');
    await page.screenshot({ path: `${OUT}/kiosk-pick-${tag}.png` });
    await page.reload();
    await page.waitForSelector('#kiosk-handback');
    await page.click('#kiosk-next');
    for (let n = 0; n < 4; n++) { await page.fill('#kiosk-pin', '1111'); await page.click('#kiosk-pin-ok'); await page.waitForSelector('#kiosk-pin-err'); await page.waitForTimeout(300); }
    await page.screenshot({ path: `${OUT}/kiosk-pin-${tag}.png` });
  } finally { await app.close().catch(e => console.error(e.message)); }
}
console.log('done');
