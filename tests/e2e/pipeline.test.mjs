import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, loadDemo, createCustomer } from './harness.mjs';

const column = (page, id) => page.evaluate(i => document.querySelector(`.opp-card[data-id="${i}"]`)?.closest('.board-col')?.dataset.stage, id);

test('the pipeline board: a card moved by keyboard and by dragging stays moved after a reload', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/pipeline`);
    await page.waitForSelector('#board .opp-card');
    const stages = await page.locator('.board-col').evaluateAll(cs => cs.map(c => c.dataset.stage));
    assert.deepEqual(stages, ['contact', 'intent', 'negotiation', 'contract', 'won', 'lost']);
    // The open count is the open columns' counts (a long column draws its first 40).
    const heads = await page.locator('.board-col:not([data-stage=won]):not([data-stage=lost]) .board-col-head .muted').allTextContents();
    const open = heads.reduce((n, t) => n + Number(t.split(' · ')[0].replace(/,/g, '')), 0);
    const shown = (await page.locator('#board-stats .stat-value').first().textContent()).replace(/,/g, '');
    assert.equal(Number(shown), open, 'the open count is the open cards');
    const drawn = await page.locator('.board-col:not([data-stage=won]):not([data-stage=lost]) .opp-card').count();
    // A least amount that is not one says so, and filters nothing out.
    await page.fill('#board-min', 'abc');
    await page.press('#board-min', 'Tab');
    await page.waitForSelector('#board-filter-err:not(:empty)');
    assert.equal(await page.textContent('#board-filter-err'), '最低金额：请输入数字，例如 128.50；现在没有按金额筛选。');
    assert.equal(await page.getAttribute('#board-min', 'aria-invalid'), 'true');
    assert.equal(await page.locator('.board-col:not([data-stage=won]):not([data-stage=lost]) .opp-card').count(), drawn);
    await page.fill('#board-min', '');
    await page.press('#board-min', 'Tab');
    await page.waitForSelector('#board-filter-err:empty', { state: 'attached' });

    // Keyboard: Tab to a card, → moves it one stage on, and the focus stays on it.
    const first = page.locator('.board-col[data-stage=contact] .opp-card').first();
    const id = await first.getAttribute('data-id');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(i => document.querySelector(`.board-col[data-stage=intent] .opp-card[data-id="${i}"]`), id);
    await page.waitForFunction(i => document.activeElement?.dataset?.id === i, id);
    assert.match(await page.textContent('#board-said'), /已移到 意向达成/);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(i => document.querySelector(`.board-col[data-stage=contact] .opp-card[data-id="${i}"]`), id);
    await page.waitForFunction(i => document.activeElement?.dataset?.id === i, id);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(i => document.querySelector(`.board-col[data-stage=intent] .opp-card[data-id="${i}"]`), id);

    // Drag and drop: from its column to negotiation's header (in view, so the page does
    // not scroll between picking the card up and dropping it; the demo's reminders
    // folded out of the way).
    await page.click('#reminders-fold');
    await page.dragAndDrop(`.opp-card[data-id="${id}"]`, '.board-col[data-stage=negotiation]', { targetPosition: { x: 40, y: 16 } });
    await page.waitForFunction(i => document.querySelector(`.board-col[data-stage=negotiation] .opp-card[data-id="${i}"]`), id);
    await page.reload();
    await page.waitForSelector('#board .opp-card');
    assert.equal(await column(page, id), 'negotiation');
    // Its page shows the stage it is at now.
    await page.click(`.opp-card[data-id="${id}"] .opp-title`);
    await page.waitForSelector('#opportunity-form');
    assert.equal(await page.inputValue('#opp-stage'), 'negotiation');
    const history = await page.locator('#opp-history li').allTextContents();
    assert.deepEqual(history.slice(-4).map(h => h.split(' ')[0]), ['意向达成', '初期联络', '意向达成', '商务谈判'],
      'every move recorded, with its date');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('an opportunity added on a customer\'s page, a bad amount named first, shows on the board', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: 'Acme Ltd', kind: 'organisation' });
    await page.click('#new-opportunity');
    await page.waitForSelector('#opportunity-form');
    await page.fill('#opp-title', 'Store upgrade');
    await page.fill('#opp-amount', '12,0O0');
    await page.fill('#opp-probability', '150');
    await page.click('#opp-save');
    await page.waitForSelector('#opp-amount-err');
    assert.match(await page.textContent('#opp-probability-err'), /0 to 100/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'opp-amount', 'the first bad field has the focus');
    await page.fill('#opp-amount', '12,000');
    await page.fill('#opp-probability', '');
    await page.fill('#opp-close', '2027-01-15');
    await page.fill('#opp-next', 'Send the quote');
    await page.click('#opp-save');
    await page.waitForSelector('#customer-opportunities .opp-item');
    assert.match(await page.textContent('#customer-opportunities .opp-item'), /Store upgrade\s*Initial contact\s*¥12,000\.00/);
    await page.goto(`${url}#/pipeline`);
    await page.waitForSelector('.board-col[data-stage=contact] .opp-card');
    const card = await page.textContent('.board-col[data-stage=contact] .opp-card');
    assert.match(card, /Store upgrade/);
    assert.match(card, /Acme Ltd/);
    assert.match(card, /Send the quote/);
    assert.equal((await page.locator('#board-stats .stat-value').allTextContents())[2], '¥1,200.00', 'weighted at 10 %');
    // On a phone the card moves by its buttons.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('.opp-card .opp-move button[aria-label="Move to Intent reached"]');
    await page.waitForSelector('.board-col[data-stage=intent] .opp-card');
    // Deleted from its page, and back with undo.
    await page.click('.opp-card .opp-title');
    await page.click('#opp-delete');
    await page.waitForSelector('#customer-opportunities');
    await page.waitForFunction(() => !document.querySelector('#customer-opportunities .opp-item'));
    await page.click('.toast button:has-text("Undo")');
    await page.waitForSelector('#customer-opportunities .opp-item');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('the textbook funnel: 80 → 30 → 16 → 10 opportunities, 1125 → 318 → 168 → 108 ten-thousands', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: '教材公司', kind: 'organisation' });
    const customer = await page.evaluate(() => location.hash.split('/')[2]);
    // The seed's example written straight into the store, as a shop's history would be.
    await page.evaluate(async (cid) => {
      const stages = ['initial_contact', 'intent_reached', 'negotiation', 'contract_signed'];
      const groups = [[50, 0, 1125 - 318], [14, 1, 318 - 168], [6, 2, 168 - 108], [10, 3, 108]];
      const db = await new Promise(r => { const q = indexedDB.open('kehu'); q.onsuccess = () => r(q.result); });
      const tx = db.transaction('opportunities', 'readwrite');
      let n = 0;
      const day = 86400000, t0 = Date.now() - 100 * day;
      for (const [count, reached, total] of groups) {
        for (let i = 0; i < count; i++) {
          const share = Math.floor(total / count) + (i < total % count ? 1 : 0);
          const history = stages.slice(0, reached + 1).map((s, k) => ({ to: { open: s }, at: t0 + k * 10 * day }));
          const id = `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`;
          const doc = { id, customer: cid, title: `机会 ${n}`, amount: share * 10000 * 100, standing: { open: stages[reached] },
            history, created: t0, updated: t0 };
          tx.objectStore('opportunities').put({ id, customer: cid, created: t0, settled: 'open', doc: JSON.stringify(doc) });
        }
      }
      await new Promise(r => { tx.oncomplete = r; });
    }, customer);
    // The Sales dashboard, computed in the worker, draws the seed's funnel; its table
    // view has the figures.
    await page.goto(`${url}#/insights/sales`);
    await page.waitForSelector('#chart-funnel canvas', { timeout: 60000 });
    await page.click('#chart-funnel .chart-toggle');
    const rows = await page.locator('#chart-funnel .chart-table tbody tr').evaluateAll(trs => trs.map(tr => [...tr.children].map(c => c.textContent)));
    assert.deepEqual(rows.map(r => r.slice(0, 3)), [
      ['初期联络', '80', '¥11,250,000'],
      ['意向达成', '30', '¥3,180,000'],
      ['商务谈判', '16', '¥1,680,000'],
      ['合同签订', '10', '¥1,080,000'],
    ]);
    assert.deepEqual(rows.map(r => r[3]), ['38%', '53%', '63%', '–'], 'a half rounds up');
    assert.equal(await page.textContent('#sales-stats .stat:first-child .stat-value'), '80');
    const weighted = '#sales-stats .stat:nth-child(3) .stat-value';
    const forecast = await page.textContent(weighted);
    // A stage's row drills down to the opportunities that reached it.
    await page.click('#chart-funnel .chart-table tbody tr:nth-child(3) a');
    await page.waitForSelector('#opp-list');
    assert.equal(await page.textContent('#opp-list-title'), '到达「商务谈判」的商机');
    assert.equal(await page.textContent('#opp-list-summary'), '共 16 个商机，金额 ¥1,680,000.00');
    assert.equal(await page.locator('#opp-list tbody tr').count(), 16);
    // Back on the board,
    await page.goto(`${url}#/pipeline`);
    await page.waitForSelector('.board-col[data-stage=contact] .opp-card');
    // A long column draws its first 40 cards, and the rest on asking.
    const contact = '.board-col[data-stage=contact]';
    assert.equal(await page.locator(`${contact} .opp-card`).count(), 40);
    assert.equal(await page.textContent(`${contact} .board-more`), '再显示 10 个（共 50 个）');
    await page.click(`${contact} .board-more`);
    await page.waitForFunction(s => document.querySelectorAll(`${s} .opp-card`).length === 50, contact);
    assert.equal(await page.locator(`${contact} .board-more`).count(), 0);
    // A card moved on to contract signing: the Sales dashboard follows by itself (only
    // its figures are recomputed), and a reload keeps the new figures.
    const card = page.locator('.board-col[data-stage=negotiation] .opp-card').first();
    const moved = await card.getAttribute('data-id');
    await card.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(i => document.querySelector(`.board-col[data-stage=contract] .opp-card[data-id="${i}"]`), moved);
    await page.goto(`${url}#/insights/sales`);
    await page.waitForFunction(([s, before]) => {
      const now = document.querySelector(s)?.textContent;
      return now && now !== before;
    }, [weighted, forecast], { timeout: 60000 });
    await page.click('#chart-funnel .chart-toggle');
    const contractRow = '#chart-funnel .chart-table tbody tr:nth-child(4) td:nth-child(2)';
    assert.equal(await page.textContent(contractRow), '11');
    assert.equal(await page.textContent('#chart-funnel .chart-table tbody tr:nth-child(3) td:nth-child(4)'), '69%');
    await page.reload();
    await page.waitForSelector('#chart-funnel canvas');
    await page.click('#chart-funnel .chart-toggle');
    assert.equal(await page.textContent(contractRow), '11');
    assert.equal(await page.locator('#analysis-progress').count(), 0, 'nothing left to compute');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
