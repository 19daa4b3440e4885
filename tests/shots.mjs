import { open, loadDemo } from './e2e/harness.mjs';
for (const locale of ['zh-CN', 'en-US']) {
  const app = await open({ locale });
  const { page, url } = app;
  await loadDemo(page);
  for (const [w, h, tag] of [[1280, 900, 'wide'], [390, 844, 'phone']]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(`${url}#/pipeline`);
    await page.waitForSelector('#funnel-table');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/shot-pipeline-${locale}-${tag}.png`, fullPage: true });
  }
  await app.close();
}
