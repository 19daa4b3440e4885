import { open, loadDemo } from './e2e/harness.mjs';
for (const locale of ['zh', 'en']) {
  for (const width of [1280, 390]) {
    const app = await open({ locale });
    const { page, url } = app;
    await page.setViewportSize({ width, height: 900 });
    await loadDemo(page);
    await page.goto(`${url}#/customers?type=business`);
    await page.waitForSelector('#segments .segment-chip.on');
    await page.screenshot({ path: `/tmp/seg-${locale}-${width}.png` });
    await page.goto(`${url}#/customers?kind=organisation`);
    await page.waitForSelector('#save-segment');
    await page.click('#save-segment');
    await page.click('#segment-save');
    await page.waitForSelector('#segment-name-error:not(:empty)');
    await page.screenshot({ path: `/tmp/seg-${locale}-${width}-form.png` });
    console.log(locale, width, app.errors);
    await app.close();
  }
}
