import { open, createCustomer, addStaff } from './e2e/harness.mjs';
const files = {
  leads: '姓名,公司,手机,地区,来源,状态,负责人,评分\r\n王小明,明日咖啡,13800000011,华东,展会,已联系,陈晨,80\r\n李雷,,13800000011,华南,网站,,,\r\n韩梅梅,星光超市,abc,华北,,未知状态,无名氏,120\r\n',
  opportunities: '客户编号,机会名称,金额,阶段,负责人,预计成交日期\r\nC002,仓库标签,"3,000",商务谈判,陈晨,2027-03-15\r\nC009,幽灵订单,100,,,\r\nC002,扫描枪,八百,,,明天\r\n',
};
for (const locale of ['zh']) {
  for (const width of [1280, 390]) {
    const app = await open({ locale });
    const { page, url } = app;
    await page.setViewportSize({ width, height: 900 });
    await addStaff(page, url, '陈晨');
    await createCustomer(page, url, { name: '长城物流', kind: 'organisation', fields: { '#f-fcode': 'C002' } });
    for (const [kind, csv] of Object.entries(files)) {
      await page.goto(`${url}#/customers`);
      await page.goto(`${url}#/import?kind=${kind}`);
      await page.waitForSelector(`#import-kind-${kind}:checked`);
      await page.setInputFiles('#import-file', { name: `${kind}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.waitForSelector('#import-preview');
      await page.click('#import-check');
      await page.waitForSelector('#import-plan');
      await page.screenshot({ path: `/tmp/${kind}-${locale}-${width}.png`, fullPage: true });
    }
    console.log(locale, width, app.errors);
    await app.close();
  }
}
