import { open, loadDemo } from './e2e/harness.mjs';
for (const locale of ['zh-CN', 'en-US']) {
  const app = await open({ locale });
  const { page, url } = app;
  await loadDemo(page);
  for (const [w, h, tag] of [[1280, 900, 'wide'], [390, 844, 'phone']]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(`${url}#/pipeline`);
    await page.waitForSelector('#board .opp-card');
    await page.screenshot({ path: `/tmp/shot-pipeline-${locale}-${tag}.png` });
    await page.goto(`${url}#/staff`);
    await page.waitForSelector('#staff-table');
    await page.click('.edit-staff');
    await page.waitForTimeout(200);
    await page.screenshot({ path: `/tmp/shot-staff-${locale}-${tag}.png`, fullPage: true });
    await page.click('.opp-card >> nth=0').catch(() => {});
    await page.goto(`${url}#/pipeline`);
    await page.waitForSelector('#board .opp-card');
    await page.click('.opp-card .opp-title >> nth=0');
    await page.waitForSelector('#opportunity-form');
    await page.screenshot({ path: `/tmp/shot-opp-${locale}-${tag}.png`, fullPage: true });
    await page.click('.page-head .muted a');
    await page.waitForSelector('#customer-opportunities');
    await page.screenshot({ path: `/tmp/shot-customer-${locale}-${tag}.png`, fullPage: true });
  }
  await app.close();
}
