// Pipeline board benchmark (run by `cargo xtask bench pipeline`, never by CI): the built
// app in headless Chromium with 20,000 opportunities in IndexedDB, 2,000 of them open
// (the scale). Measures the time from opening the board to its columns drawn (the
// first 40 cards of each, and the figures over all),
// and the longest main-thread task meanwhile, against a baseline in the same page: plain
// JavaScript building the same 2,000 cards as DOM nodes, laid out. Figures go to stdout.
import { open, createCustomer } from '../e2e/harness.mjs';

const TOTAL = Number(process.env.KEHU_BENCH_OPPORTUNITIES || 20000);
const OPEN = Number(process.env.KEHU_BENCH_OPEN || 2000);

const init = () => {
  window.__long = [];
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
};

const app = await open({ locale: 'en-US', init });
const { page, url } = app;
const t = () => page.evaluate(() => performance.now());
const longest = (from, to) => page.evaluate(([a, b]) =>
  window.__long.filter(([s, d]) => s + d >= a && s <= b).reduce((m, [, d]) => Math.max(m, d), 0), [from, to]);
try {
  await createCustomer(page, url, { name: 'Bench Ltd', kind: 'organisation' });
  const customer = await page.evaluate(() => location.hash.split('/')[2]);
  // Written straight into the store: open ones spread over the four stages, the rest
  // closed long ago (off the board, and not read: the `settled` index skips them).
  await page.evaluate(async ([cid, total, openN]) => {
    const stages = ['initial_contact', 'intent_reached', 'negotiation', 'contract_signed'];
    const db = await new Promise(r => { const q = indexedDB.open('kehu'); q.onsuccess = () => r(q.result); });
    const tx = db.transaction('opportunities', 'readwrite');
    const day = 86400000, now = Date.now();
    for (let n = 0; n < total; n++) {
      const isOpen = n < openN;
      const at = now - (isOpen ? (n % 60) : 200 + (n % 300)) * day;
      const standing = isOpen ? { open: stages[n % 4] } : (n % 3 ? 'lost' : 'won');
      const id = `00000000-0000-7000-8000-${String(n + 1).padStart(12, '0')}`;
      const doc = { id, customer: cid, title: `Opportunity ${n + 1}`, amount: 100000 + (n * 7919) % 9000000,
        standing, close: Math.floor(now / day) + (n % 90), next_step: 'Send the quote',
        history: [{ to: { open: 'initial_contact' }, at }, ...(isOpen && n % 4 === 0 ? [] : [{ to: standing, at: at + day }])],
        created: at, updated: at };
      // `settled`: the board's index field, as the app writes it.
      const settled = isOpen ? 'open' : new Date(at + day).toISOString().slice(0, 10);
      tx.objectStore('opportunities').put({ id, customer: cid, created: at, settled, doc: JSON.stringify(doc) });
    }
    await new Promise(r => { tx.oncomplete = r; });
  }, [customer, TOTAL, OPEN]);
  const runs = [];
  for (let k = 0; k < 3; k++) {
    await page.goto(`${url}#/customers`);
    await page.waitForSelector('#customer-table');
    const t0 = await t();
    await page.goto(`${url}#/pipeline`);
    // Every column draws its first 40 cards (and a "show more"): the open ones are all
    // counted once the figures say so.
    await page.waitForFunction(n => Number(document.querySelector('#board-stats .stat-value')?.textContent.replace(/,/g, '')) === n
      && document.querySelectorAll('#board .opp-card').length > 0, OPEN, { timeout: 60000 });
    await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
    const t1 = await t();
    runs.push([t1 - t0, await longest(t0, t1)]);
  }
  // A card moved by keyboard: saved, the board read again and redrawn, the focus kept.
  const moves = [];
  for (let k = 0; k < 3; k++) {
    const card = page.locator('.board-col[data-stage=negotiation] .opp-card').first();
    const id = await card.getAttribute('data-id');
    await card.focus();
    const a = await t();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(i => document.querySelector(`.board-col[data-stage=contract] .opp-card[data-id="${i}"]`)
      && document.activeElement?.dataset?.id === i, id);
    const b = await t();
    moves.push([b - a, await longest(a, b)]);
  }
  // Baseline: the same 2,000 cards built by plain JavaScript, laid out.
  const base = [];
  for (let k = 0; k < 3; k++) {
    base.push(await page.evaluate(async (n) => {
      const a = performance.now();
      const board = document.createElement('div');
      board.className = 'board';
      const cols = [];
      for (let c = 0; c < 6; c++) {
        const col = document.createElement('section'); col.className = 'board-col';
        const ul = document.createElement('ul'); ul.className = 'board-cards';
        col.append(ul); board.append(col); cols.push(ul);
      }
      for (let i = 0; i < n; i++) {
        const li = document.createElement('li'); li.className = 'opp-card'; li.tabIndex = 0; li.draggable = true;
        li.innerHTML = `<a class="opp-title" href="#/opportunities/x${i}">Opportunity ${i}</a><div class="opp-customer">Bench Ltd</div>`
          + `<div class="opp-meta"><span class="opp-amount">¥12,345.00</span><span class="muted">12 days in stage</span></div>`
          + `<div class="opp-next">Send the quote</div>`;
        cols[i % 4].append(li);
      }
      document.querySelector('main').append(board);
      board.getBoundingClientRect();
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      const ms = performance.now() - a;
      board.remove();
      return ms;
    }, OPEN));
  }
  const best = runs.reduce((m, r) => (r[0] < m[0] ? r : m));
  const b = Math.min(...base);
  console.log(`pipeline board, ${TOTAL} opportunities (${OPEN} open): drawn in ${best[0].toFixed(0)} ms (best of 3; runs ${runs.map(r => r[0].toFixed(0)).join(', ')} ms)`);
  console.log(`  longest main-thread task meanwhile: ${best[1].toFixed(0)} ms`);
  console.log(`  baseline, the same ${OPEN} cards as plain DOM: ${b.toFixed(0)} ms; board / baseline = ${(best[0] / b).toFixed(1)}×`);
  const worst = moves.reduce((m, r) => Math.max(m, r[1]), 0);
  console.log(`  a card moved by keyboard, saved and the board redrawn: ${moves.map(r => r[0].toFixed(0)).join(', ')} ms (= ${moves.map(r => (r[0] / b).toFixed(1)).join(', ')}× the baseline); longest main-thread task: ${worst.toFixed(0)} ms`);
  if (app.errors.length) console.log('errors:', app.errors);
} finally {
  await app.close();
}
