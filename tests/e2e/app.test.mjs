import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, loadDemo, createCustomer, addStaff } from './harness.mjs';

test('language follows the browser, can be switched, and is remembered', async () => {
  const app = await open({ locale: 'en-US' });
  const { page } = app;
  try {
    assert.equal(await page.textContent('.welcome h1'), 'Welcome to kehu');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.selectOption('#lang-select', 'zh-CN');
    await page.waitForSelector('.welcome h1:has-text("欢迎使用客户")');
    await page.reload();
    await page.waitForSelector('.welcome h1');
    assert.equal(await page.textContent('.welcome h1'), '欢迎使用客户');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  } finally { await app.close(); }
});

test('demo data loads with progress and shows its counts', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await loadDemo(page);
    // The counts arrive after the figures' boxes.
    await page.waitForFunction(() => [...document.querySelectorAll('#stats .stat-value')].every(e => !e.textContent.includes('…')));
    const stats = await page.locator('#stats .stat-value').allTextContents();
    assert.equal(stats[0], '2,000');
    // The demo's 20,000 orders, less the few returned or cancelled: not sales, so not counted.
    const orders = Number(stats[1].replace(/,/g, ''));
    assert.ok(orders > 19_500 && orders < 20_000, stats[1]);
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    assert.equal(await page.textContent('#result-count >> nth=0').then(t => t.split(' ')[0]), '2,000');
    assert.equal(await page.locator('#customer-table tbody tr').count(), 50, 'one page at a time');
    assert.match(await page.textContent('#page-info'), /共 40 页/);
    // Filters live in the URL: a reload keeps them.
    await page.selectOption('#filter-stage', 'churned');
    await page.waitForFunction(() => location.hash.includes('stage=churned'));
    const churned = await page.textContent('#result-count');
    await page.reload();
    await page.waitForSelector('#customer-table');
    assert.equal(await page.textContent('#result-count'), churned);
    assert.equal(await page.inputValue('#filter-stage'), 'churned');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('two tabs stay consistent', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url, ctx } = app;
  try {
    const other = await ctx.newPage();
    await other.goto(`${url}#/customers`);
    await other.waitForSelector('.empty');
    await createCustomer(page, url, { name: 'Tab Test' });
    await other.waitForSelector('#customer-table >> text=Tab Test', { timeout: 10000 });

    // Each half of the app only notes another tab's changes while it shows no page of
    // its own, and catches up when it shows one: the back office (the team page) and
    // then the page (the customer list).
    await addStaff(page, url, 'Li Na');
    await other.goto(`${url}#/staff`);
    await other.waitForSelector('#staff-table .staff-row:has-text("Li Na") >> text=0 customers');
    await other.goto(`${url}#/customers`);
    await other.waitForSelector('#customer-table');
    await createCustomer(page, url, { name: 'Owned Test', fields: { '#f-fowner': 'Li Na' } });
    await other.waitForSelector('#customer-table >> text=Owned Test', { timeout: 10000 });
    await other.goto(`${url}#/staff`);
    await other.waitForSelector('#staff-table .staff-row:has-text("Li Na") >> text=1 customer', { timeout: 10000 });
    await createCustomer(page, url, { name: 'Unseen Test' });
    await page.waitForTimeout(500);
    await other.goto(`${url}#/customers`);
    await other.waitForSelector('#customer-table >> text=Unseen Test', { timeout: 10000 });
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('works from a sub-path, as on a static host', async () => {
  const app = await open({ locale: 'en-US', prefix: '/kehu/' });
  const { page, url } = app;
  try {
    assert.ok(url.endsWith('/kehu/'));
    await createCustomer(page, url, { name: 'Sub Path' });
    await page.reload();
    await page.waitForSelector('#customer-name:has-text("Sub Path")');
    // The analytics worker loads from the sub-path too.
    await page.goto(`${url}#/insights`);
    await page.waitForSelector('#insight-stats', { timeout: 60000 });
    assert.equal(await page.textContent('#insight-stats .stat-value >> nth=0'), '1');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('the built page carries a strict Content-Security-Policy and refuses to run in a frame', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'/);
    assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'/);
    assert.match(policy, /connect-src 'self'/);
    assert.equal(await page.locator('.unsupported').count(), 0, 'no "too old" message here');
    // An inline script the policy does not list is blocked, and reported.
    const ran = await page.evaluate(() => new Promise(resolve => {
      document.addEventListener('securitypolicyviolation', () => resolve('blocked'), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.head.append(s);
      setTimeout(() => resolve(window.injected ? 'ran' : 'silent'), 1000);
    }));
    assert.equal(ran, 'blocked');
    // That violation was this test's doing; everything else runs clean under the policy.
    await page.waitForFunction(() => true);
    await page.waitForTimeout(300);
    assert.equal(app.violations.length, 1, app.violations.join('\n'));
    app.violations.length = 0;
    app.errors.length = 0;

    // Framed by another page, kehu shows a way out instead of itself.
    const framer = await app.ctx.newPage();
    await framer.setContent(`<iframe src="${url}" width="800" height="400"></iframe>`);
    const frame = framer.frames().find(f => f.url().startsWith(url));
    await frame.waitForSelector('#framed');
    assert.equal(await frame.locator('#main').count(), 0, 'the app did not start');
    assert.equal(await frame.getAttribute('#framed + a', 'target'), '_top');
    await framer.close();
  } finally { await app.close(); }
});

test('a browser that cannot run the app says so in both languages, not a blank page', async () => {
  // As a browser without WebAssembly SIMD: no module with it validates or compiles.
  const app = await open({
    locale: 'en-US',
    ready: '.unsupported',
    init: () => {
      const refuse = () => Promise.reject(new WebAssembly.CompileError('no SIMD here'));
      WebAssembly.validate = () => false;
      WebAssembly.compile = WebAssembly.compileStreaming = refuse;
      WebAssembly.instantiate = WebAssembly.instantiateStreaming = refuse;
    },
  });
  try {
    const { page } = app;
    assert.equal(await page.getAttribute('.unsupported', 'role'), 'alert');
    assert.match(await page.textContent('.unsupported p[lang="en"]'), /too old to run kehu\. Please update to Chrome 91, Firefox 89, Safari 16\.4/);
    assert.match(await page.textContent('.unsupported p[lang="zh-CN"]'), /此浏览器版本过旧，无法运行客户 kehu/);
    assert.equal(await page.locator('main').count(), 0, 'the app did not start');
  } finally {
    await app.close();
  }
});
