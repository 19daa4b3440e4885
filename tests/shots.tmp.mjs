import { open, createCustomer } from './e2e/harness.mjs';
const csv = '订单号,客户编号,下单日期,商品,数量,单价,折扣,状态,销售员\r\n' +
  'SO-1,C002,2026-01-05,Receipt printer,2,500,9折,已付款,\r\n' +
  ',,,Thermal paper,10,12.50,,,\r\n' +
  'SO-2,C009,2026-01-06,Scanner,1,300,,,\r\n' +
  'SO-2,,,Cable,1,20,,,\r\n' +
  'SO-3,C002,2026-01-07,Shelf,1,cheap,,,\r\n' +
  'SO-1,C002,2026-01-05,Rug,1,10,,,\r\n';
for (const locale of ['zh', 'en']) {
  for (const width of [1280, 390]) {
    const app = await open({ locale });
    const { page, url } = app;
    await page.setViewportSize({ width, height: 900 });
    await createCustomer(page, url, { name: '长城物流', kind: 'organisation', fields: { '#f-fcode': 'C002' } });
    await page.goto(`${url}#/import?kind=order_lines`);
    await page.waitForSelector('#import-kind-order_lines:checked');
    await page.setInputFiles('#import-file', { name: 'lines.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#import-preview');
    await page.uncheck('#import-create-missing');
    await page.screenshot({ path: `/tmp/lines-${locale}-${width}-preview.png`, fullPage: true });
    await page.click('#import-check');
    await page.waitForSelector('#import-plan');
    await page.locator('#import-plan').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/lines-${locale}-${width}-plan.png`, fullPage: true });
    console.log(locale, width, app.errors);
    await app.close();
  }
}
