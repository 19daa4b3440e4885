import { open, createCustomer } from './e2e/harness.mjs';
for (const locale of ['zh', 'en']) {
  for (const width of [1280, 390]) {
    const app = await open({ locale });
    const { page, url, ctx } = app;
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${url}#/customers/new?kind=organisation`);
    await page.fill('#f-fname', '长城物流');
    await page.fill('#f-fphone', '021-6666 8888');
    await page.fill('#f-femail', 'info@greatwall.example');
    await page.fill('#f-fwechat', 'greatwall_sh');
    await page.click('text=/添加联系人|Add contact/');
    await page.fill('input[aria-label="姓名"], input[aria-label="Name"]', '王经理');
    await page.click('#save-customer');
    await page.waitForSelector('#customer-name');
    await page.click('.profile .reach-copy');
    await page.waitForSelector('#reach-offer');
    await page.screenshot({ path: `/tmp/reach-${locale}-${width}.png`, fullPage: false });
    await page.click('#reach-log');
    await page.waitForSelector('#interaction-form');
    await page.screenshot({ path: `/tmp/reach-${locale}-${width}-form.png`, fullPage: true });
    console.log(locale, width, app.errors);
    await app.close();
  }
}
