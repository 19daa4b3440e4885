import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, loadDemo } from './harness.mjs';

async function inked(page, sel) {
  return page.$eval(`${sel} canvas`, c => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink++;
    return ink / (data.length / 4);
  });
}

const rows = page => page.locator('#survey-table tbody tr');

test('the demo surveys draw a Kano chart, SERVQUAL gaps and custom means', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/insights/satisfaction`);
    await page.waitForSelector('#satisfaction-stats', { timeout: 90000 });
    for (const id of ['#kano-0', '#servqual-dims-1', '#servqual-items-1', '#custom-2']) {
      await page.locator(id).scrollIntoViewIfNeeded();
      await page.waitForFunction(s => document.querySelector(`${s} canvas`)?.width > 0, id);
      assert.ok(await inked(page, id) > 0.01, `${id} is drawn`);
    }
    // The Kano table: every starter feature with the category the demo built in.
    await page.click('#kano-0 .chart-toggle');
    const kano = await page.locator('#kano-0 table tbody tr').evaluateAll(trs =>
      Object.fromEntries(trs.map(tr => [tr.cells[0].textContent, tr.cells[1].textContent])));
    assert.equal(Object.keys(kano).length, 7);
    assert.equal(kano['Hassle-free returns'], 'Must-be');
    assert.equal(kano['Free home delivery'], 'One-dimensional');
    assert.equal(kano['A birthday gift'], 'Attractive');
    // SERVQUAL: reliability falls furthest short, with expectation and perception shown.
    await page.click('#servqual-dims-1 .chart-toggle');
    const dims = await page.locator('#servqual-dims-1 table tbody tr').evaluateAll(trs =>
      trs.map(tr => [...tr.cells].map(c => c.textContent)));
    assert.equal(dims.length, 5);
    const worst = dims.reduce((a, b) => (Number(a[3]) < Number(b[3]) ? a : b));
    assert.equal(worst[0], 'Reliability');
    assert.ok(Number(worst[1]) > Number(worst[2]), 'perception below expectation');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('a Kano survey is designed, answered on the customer page and at the kiosk, and counted', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/surveys`);
    await page.waitForSelector('#survey-table');
    const before = await rows(page).count();
    await page.click('#new-kano');
    await page.waitForSelector('#survey-name');
    // Empty name and an empty new item are each named; nothing is saved.
    await page.fill('#survey-name', '');
    await page.click('#add-survey-item');
    await page.click('#save-survey');
    await page.waitForSelector('#survey-name[aria-invalid=true]');
    assert.equal(await page.getAttribute('#item-text-7', 'aria-invalid'), 'true');
    await page.fill('#survey-name', 'Counter features');
    await page.fill('#item-text-7', 'Free parking');
    await page.click('button[aria-label="Remove this item 1"]');
    await page.click('#save-survey');
    await page.waitForFunction(() => location.hash === '#/surveys');
    await page.waitForFunction(n => document.querySelectorAll('#survey-table tbody tr').length === n, before + 1);
    await page.reload();
    const row = page.locator('#survey-table tbody tr', { hasText: 'Counter features' });
    await row.waitFor();
    assert.deepEqual((await row.locator('td').allTextContents()).slice(1, 4), ['Kano', '7', '0']);
    // Unanswered, it could be deleted; it is kept for answers.
    assert.equal(await row.locator('.delete-survey').isDisabled(), false);
    const id = await row.getAttribute('data-id');

    await page.goto(`${url}#/customers`);
    await page.click('#customer-table tbody tr a >> nth=0');
    await page.click('#add-response');
    await page.selectOption('#sv-survey', id);
    await page.waitForSelector('.survey-q');
    assert.equal(await page.locator('.survey-q').count(), 7);
    assert.match(await page.textContent('.survey-q >> nth=6'), /Free parking/);
    // Half a pair is named, not saved.
    await page.selectOption('#sv-item-0-a', '1');
    await page.click('#save-response');
    await page.waitForSelector('.survey-q.field-invalid');
    await page.selectOption('#sv-item-0-b', '5');
    await page.selectOption('#sv-item-6-a', '1');
    await page.selectOption('#sv-item-6-b', '3');
    await page.click('#save-response');
    await page.waitForSelector('#responses li:has-text("Counter features · 2 items answered")');
    await page.reload();
    await page.waitForSelector('#responses li:has-text("Counter features · 2 items answered")');

    // At the kiosk: each feature is two screens; skipping a half skips the feature.
    await page.goto(`${url}#/kiosk?survey=${id}`);
    await page.waitForSelector('#kiosk-search');
    assert.equal(await page.inputValue('#kiosk-survey'), id);
    await page.fill('#kiosk-search', 'a');
    await page.click('.kiosk-customer >> nth=0');
    await page.waitForSelector('#kiosk-q');
    assert.match(await page.textContent('.kiosk-progress'), /1 \/ 14/);
    assert.equal(await page.locator('.kiosk-score').count(), 5);
    await page.click('.kiosk-score[data-score="2"]');
    assert.match(await page.textContent('#kiosk-q'), /did not offer/);
    await page.click('.kiosk-score[data-score="5"]');
    for (let k = 2; k < 14; k++) await page.click('.kiosk-skip');
    await page.waitForSelector('#kiosk-thanks');

    await page.goto(`${url}#/surveys`);
    const counted = page.locator('#survey-table tbody tr', { hasText: 'Counter features' });
    await page.waitForFunction(() => [...document.querySelectorAll('#survey-table tbody tr')]
      .some(tr => tr.textContent.includes('Counter features') && tr.cells[3].textContent === '2'));
    assert.equal(await counted.locator('.delete-survey').isDisabled(), true, 'answered: archive only');
    // Its editor says what editing an answered survey does.
    await counted.locator('a').first().click();
    await page.waitForSelector('#survey-answered');
    assert.match(await page.textContent('#survey-answered'), /This survey has 2 responses/);

    // The new survey shows up on the dashboard once recomputed. Figures computed after
    // the first answer may show meanwhile, marked out of date: wait for fresh ones.
    await page.goto(`${url}#/insights/satisfaction`);
    await page.waitForFunction(() => [...document.querySelectorAll('.survey-results h2')]
      .some(h => h.textContent === 'Counter features')
      && document.querySelector('#analysis-as-of') && !document.querySelector('#analysis-as-of .stale'),
    null, { timeout: 90000 });
    const section = page.locator('.survey-results', { hasText: 'Counter features' });
    assert.match(await section.locator('p.muted').first().textContent(), /2 responses/);

    // Archived, it leaves the response form but keeps its results.
    await page.goto(`${url}#/surveys`);
    await counted.locator('.archive-survey').click();
    await page.waitForFunction(() => [...document.querySelectorAll('#survey-table tbody tr')]
      .some(tr => tr.textContent.includes('Counter features') && tr.textContent.includes('Archived')));
    await page.goto(`${url}#/customers`);
    await page.click('#customer-table tbody tr a >> nth=0');
    await page.click('#add-response');
    const options = await page.locator('#sv-survey option').allTextContents();
    assert.ok(!options.includes('Counter features'), 'archived surveys take no answers');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('an unanswered survey deletes with undo; SERVQUAL weights must add up to 100%', async () => {
  const app = await open({ locale: 'zh-CN' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/surveys`);
    await page.waitForSelector('#no-surveys');
    await page.click('#new-servqual');
    await page.waitForSelector('#survey-weights');
    assert.equal(await page.locator('.survey-item').count(), 22, 'the classic 22 items');
    await page.fill('#weight-1', '40');
    await page.click('#save-survey');
    await page.waitForSelector('#survey-weights[aria-invalid=true]');
    assert.match(await page.textContent("#survey-weights"), /120\.0%/);
    await page.fill('#weight-0', '0');
    await page.fill('#weight-2', '10');
    await page.fill('#weight-3', '30');
    await page.click('#save-survey');
    await page.waitForSelector('#survey-table');
    await page.click('#survey-table tbody tr a >> nth=0');
    await page.waitForSelector('#weight-1');
    assert.equal(await page.inputValue('#weight-1'), '40', 'weights are kept');
    await page.goto(`${url}#/surveys`);
    await page.click('.delete-survey');
    await page.waitForSelector('#no-surveys');
    await page.click('.toast button:has-text("撤销")');
    await page.waitForSelector('#survey-table tbody tr');
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});

test('answers to a designed survey import by item columns from a downloaded template, and can be taken back', async () => {
  const app = await open({ locale: 'en-US' });
  const { page, url } = app;
  try {
    await loadDemo(page);
    await page.goto(`${url}#/surveys`);
    const row = page.locator('#survey-table tbody tr', { hasText: 'Store visit' });
    await row.waitFor();
    await page.waitForFunction(() => !document.querySelector('#survey-table').textContent.includes('…'));
    const id = await row.getAttribute('data-id');
    const before = Number(await row.locator('td >> nth=3').textContent());
    await page.goto(`${url}#/customers`);
    await page.click('#customer-table tbody tr a >> nth=0');
    await page.waitForSelector('#customer-name');
    const customer = decodeURIComponent(page.url().split('#/customers/')[1]);

    await page.goto(`${url}#/insights/satisfaction`);
    await page.waitForSelector('#satisfaction-stats', { timeout: 90000 });
    await page.selectOption('#template-survey', id);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#import-template')]);
    const header = (await (await download.createReadStream()).toArray()).join('').replace(/^\uFEFF/, '').trim();
    assert.equal(header, 'customer,date,Q1,Q2,Q3,comment');

    await page.click('#import-responses-link');
    await page.waitForSelector('#import-kind-responses:checked');
    await page.selectOption('#import-survey', id);
    // Not a table with the columns needed: said once, before any row is checked.
    await page.setInputFiles('#import-file', { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('hello\n1\n') });
    await page.waitForSelector('#import-missing');
    assert.ok(await page.isDisabled('#import-check'));
    const csv = `${header}\n${customer},2026-10-01,5,4,2,quick checkout\n${customer},2026-10-02,9,,,\n`;
    await page.setInputFiles('#import-file', { name: 'visit.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['order_customer', 'response_date', 'item0', 'item1', 'item2', 'response_comment']);
    const q1 = await page.locator('#import-preview .import-map >> nth=2').evaluate(s => s.selectedOptions[0].textContent);
    assert.match(q1, /^Item 1: /, 'items are named by number and text');
    await page.click('#import-check');
    await page.waitForSelector('#import-plan');
    assert.deepEqual(await page.locator('#import-errors li').allTextContents(), ['Line 3, Q1 “9”: Not a score from 1 to 5']);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');
    const answered = async (n) => {
      await page.goto(`${url}#/surveys`);
      await page.waitForFunction(([n]) => [...document.querySelectorAll('#survey-table tbody tr')]
        .some(tr => tr.textContent.includes('Store visit') && tr.cells[3].textContent === String(n)), [n]);
    };
    await answered(before + 1);

    // Taken back from the import history: the survey has its answers from before.
    await page.goto(`${url}#/imports`);
    await page.click('.import-job .rollback');
    await page.click('dialog[open] .btn-danger');
    await page.waitForSelector('.import-job[data-status="RolledBack"]', { timeout: 60000 });
    await answered(before);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
