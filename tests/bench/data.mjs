// The shop the browser benchmarks work on: CSV files a user would import, generated
// the same way every run (a fixed seed), in a temporary directory of their own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯晨';
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '西安', '南京', '重庆', '天津', '苏州', '长沙', '郑州', '青岛'];
// A 32-bit LCG (Numerical Recipes' constants) in integer arithmetic; its high bits,
// since the low ones of a power-of-two modulus cycle fast. (The float version before
// lost precision in the product and repeated itself within a million orders.)
let seed = 42;
const rnd = (n) => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return (seed >>> 8) % n; };

export const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-bench-'));
export const mb = (b) => (b / 1048576).toFixed(0);

/** `n` customers (Chinese headers, numbers C0000001…, 1% repeated emails) to `file`. */
export function customersCsv(file, n) {
  const lines = ['客户编号,姓名,手机,邮箱,城市'];
  for (let i = 1; i <= n; i++) {
    const name = SURNAMES[rnd(SURNAMES.length)] + GIVEN[rnd(GIVEN.length)] + (rnd(2) ? GIVEN[rnd(GIVEN.length)] : '');
    // 1% share an email with an earlier customer: duplicates to find.
    const email = rnd(100) === 0 && i > 10 ? `c${rnd(i - 1) + 1}@example.com` : `c${i}@example.com`;
    lines.push(`C${String(i).padStart(7, '0')},${name},1${String(3000000000 + i * 7).slice(0, 10)},${email},${CITIES[rnd(CITIES.length)]}`);
  }
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
}

/** `n` orders of random customers among the first `customers`, numbered `${prefix}1`…, to `file`. */
export function ordersCsv(file, n, customers, prefix = 'O') {
  const out = fs.openSync(file, 'w');
  let buf = ['订单号,客户编号,下单日期,金额'];
  const start = Date.UTC(2023, 0, 1);
  for (let i = 1; i <= n; i++) {
    const c = rnd(customers) + 1;
    const day = new Date(start + rnd(1000) * 86400000).toISOString().slice(0, 10);
    buf.push(`${prefix}${i},C${String(c).padStart(7, '0')},${day},${(rnd(50000) / 100 + 5).toFixed(2)}`);
    if (buf.length === 50000) { fs.writeSync(out, buf.join('\r\n') + '\r\n'); buf = []; }
  }
  if (buf.length) fs.writeSync(out, buf.join('\r\n') + '\r\n');
  fs.closeSync(out);
  return file;
}

/** Watches the page's long tasks from its first script on (an `open` init). */
export const watchLong = () => {
  addEventListener('TrunkApplicationStarted', e => { window.__wasm = e.detail.wasm; });
  window.__long = [];
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
};

/** The page's longest task between two of its `performance.now()` times. */
export const longest = (page, a, b) => page.evaluate(([a, b]) => (window.__long || [])
  .filter(([s, d]) => s + d >= a && s <= b).reduce((m, [, d]) => Math.max(m, d), 0), [a, b]);

/** One import through the wizard as a user makes it; the time of each step. */
export async function wizard(page, url, kind, file) {
  const now = () => page.evaluate(() => performance.now());
  await page.goto(`${url}#/import?kind=${kind}`);
  await page.waitForSelector('#import-file', { state: 'attached' });
  const t0 = await now();
  await page.setInputFiles('#import-file', file);
  await page.waitForSelector('#import-preview', { timeout: 120000 });
  const t1 = await now();
  await page.click('#import-check');
  await page.waitForSelector('#import-plan', { timeout: 300000 });
  const t2 = await now();
  const figures = await page.locator('#import-plan dd').allTextContents();
  // The file is read and checked in the worker: the page's longest task meanwhile
  // (the target is under 50 ms).
  const long = await longest(page, t0, t2);
  if (await page.isDisabled('#import-run')) throw new Error(`nothing to import: ${await page.textContent('#import-plan')} ${(await page.textContent('main')).slice(-600)}`);
  await page.click('#import-run');
  await page.waitForSelector('#import-done', { timeout: 300000 });
  const t3 = await now();
  return { preview: t1 - t0, check: t2 - t1, write: t3 - t2, total: t3 - t0, figures, longest: long, done: t3 };
}

/** The floor under a write: what kehu's database holds (every object store, or those
 * named in `only`), as stored, written again by a plain loop into an empty database of
 * the same shape (the same key paths and indexes), a thousand records a transaction,
 * with nothing else to do. Read first, untimed; the time is the writes' alone. */
export const writeFloor = (page, only = null) => page.evaluate(async (only) => {
  const done = (q) => new Promise((ok, no) => { q.onsuccess = () => ok(q.result); q.onerror = () => no(q.error); });
  const from = await done(indexedDB.open('kehu'));
  const stores = [];
  for (const name of from.objectStoreNames) {
    if (only && !only.includes(name)) continue;
    const s = from.transaction(name).objectStore(name);
    const indexes = [...s.indexNames].map(i => s.index(i)).map(i => ({ name: i.name, keyPath: i.keyPath, unique: i.unique, multiEntry: i.multiEntry }));
    const [keys, values] = await Promise.all([done(s.getAllKeys()), done(s.getAll())]);
    stores.push({ name, keyPath: s.keyPath, autoIncrement: s.autoIncrement, indexes, keys, values });
  }
  from.close();
  await done(indexedDB.deleteDatabase('kehu-floor'));
  const open = indexedDB.open('kehu-floor', 1);
  open.onupgradeneeded = () => {
    for (const s of stores) {
      const made = open.result.createObjectStore(s.name, s.keyPath === null ? { autoIncrement: s.autoIncrement } : { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
      for (const i of s.indexes) made.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
    }
  };
  const to = await done(open);
  const t0 = performance.now();
  let records = 0;
  for (const s of stores) {
    for (let at = 0; at < s.values.length; at += 1000) {
      const tx = to.transaction(s.name, 'readwrite');
      const store = tx.objectStore(s.name);
      for (let i = at; i < Math.min(at + 1000, s.values.length); i++) {
        if (s.keyPath === null) store.put(s.values[i], s.keys[i]); else store.put(s.values[i]);
      }
      records += Math.min(1000, s.values.length - at);
      await new Promise((ok, no) => { tx.oncomplete = ok; tx.onerror = () => no(tx.error); });
    }
  }
  const ms = performance.now() - t0;
  to.close();
  await done(indexedDB.deleteDatabase('kehu-floor'));
  return { ms, records };
}, only);
