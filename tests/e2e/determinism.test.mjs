// The same orders file gives the same RFM scores everywhere: imported through the
// wizard into two empty browsers, and run through `kehu analyze`. Quintile ties are
// broken in DOMAIN.md's id order, which must be the order of the ids the user knows
// (here the customer numbers), never of the ids a browser made up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from './harness.mjs';
import { parseCsv } from './csv.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const AS_OF = '2026-06-30';

/** 997 customers with numeric customer numbers, met in shuffled order, and orders on a
 *  few days with a few amounts, so the quintiles are full of ties. */
function ordersFile() {
  let seed = 20261202;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const numbers = Array.from({ length: 997 }, (_, i) => String(1000 + i * 37));
  for (let i = numbers.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [numbers[i], numbers[j]] = [numbers[j], numbers[i]];
  }
  const lines = ['customer_id,order_date,amount'];
  for (const n of numbers) {
    for (let k = 1 + rand(3); k > 0; k--) {
      const month = String(1 + rand(6)).padStart(2, '0');
      lines.push(`${n},2026-${month}-${rand(2) ? '01' : '15'},${[50, 100, 150][rand(3)]}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** `kehu analyze` on the file: customer number → [segment code, R, F]. */
function cli(file) {
  const out = path.join(path.dirname(file), 'analysis.csv');
  execFileSync('cargo', ['run', '-q', '-p', 'kehu-cli', '--', 'analyze', '--orders', file, '--as-of', AS_OF, '--out', out],
    { cwd: ROOT, stdio: 'inherit' });
  const [head, ...rows] = parseCsv(fs.readFileSync(out, 'utf8'));
  const col = (name) => head.indexOf(name);
  return new Map(rows.map(r => [r[col('customer_id')], [r[col('segment')], r[col('r_score')], r[col('f_score')]]]));
}

/** Imports the file into an empty browser; the customer list's segment per customer,
 *  and the R × F grid's table. */
async function browser(file) {
  const app = await open({ locale: 'en-US', init: `localStorage.setItem('kehu.analysis_as_of', '${AS_OF}')` });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/import?kind=orders`);
    await page.waitForSelector('#import-file');
    await page.setInputFiles('#import-file', file);
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['order_customer', 'order_date', 'order_amount']);
    await page.check('#import-create-missing');
    await page.click('#import-check');
    await page.waitForSelector('#import-plan', { timeout: 60000 });
    await page.click('#import-run');
    await page.waitForSelector('#import-done', { timeout: 60000 });

    await page.goto(`${url}#/insights/value`);
    await page.waitForSelector('#chart-rf .chart-toggle', { timeout: 90000 });
    await page.click('#chart-rf .chart-toggle');
    const grid = await page.locator('#chart-rf table tbody tr').evaluateAll(
      rows => rows.map(r => [...r.querySelectorAll('th, td')].map(c => c.textContent.trim())));

    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const [head, ...rows] = parseCsv(Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8'));
    const name = head.indexOf('Name'), segment = head.indexOf('Segment');
    assert.ok(name >= 0 && segment >= 0, head.join());
    const segments = new Map(rows.map(r => [r[name], r[segment]]));
    assert.deepEqual(app.errors, []);
    return { grid, segments };
  } finally { await app.close(); }
}

test('an orders file gives the same RFM scores in two empty browsers and in kehu analyze', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-rfm-'));
  const file = path.join(dir, 'orders.csv');
  fs.writeFileSync(file, ordersFile());

  const first = await browser(file);
  const second = await browser(file);
  assert.deepEqual(second.grid, first.grid, 'the R × F grid is the same in both browsers');
  assert.deepEqual([...second.segments].sort(), [...first.segments].sort(), 'each customer has the same segment in both');
  assert.equal(first.segments.size, 997);

  const label = {
    champions: 'Champions', loyal_customers: 'Loyal customers', potential_loyalists: 'Potential loyalists',
    new_customers: 'New customers', promising: 'Promising', need_attention: 'Need attention',
    about_to_sleep: 'About to sleep', at_risk: 'At risk', cant_lose_them: "Can't lose them",
    hibernating: 'Hibernating',
  };
  const reference = cli(file);
  assert.equal(reference.size, 997);
  const differ = [...reference].filter(([n, [code]]) => label[code] !== first.segments.get(n));
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} customers differ from kehu analyze`);
  // The grid's table (R, F, segment, customers, mean spend) counts the CLI's (R, F) pairs.
  const cells = new Map();
  for (const [, [, r, f]] of reference) cells.set(`${r},${f}`, (cells.get(`${r},${f}`) ?? 0) + 1);
  const shown = new Map(first.grid.map(([r, f, , n]) => [`${r},${f}`, Number(n.replace(/,/g, ''))])
    .filter(([, n]) => n > 0));
  assert.deepEqual(new Map([...shown].sort()), new Map([...cells].sort()));
});
