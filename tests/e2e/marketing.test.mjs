import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

/** A customer from the form: a mobile and an email when given, consent granted (or
 *  refused, with its source) on channels, blacklisted when asked. */
async function customer(page, url, { name, mobile = '', email = '', granted = [], refused = [], black = false }) {
  await page.goto(`${url}#/customers/new?kind=person`);
  await page.fill('#f-fname', name);
  if (mobile) await page.fill('#f-fmobile', mobile);
  if (email) await page.fill('#f-femail', email);
  for (const ch of granted) await page.check(`input[aria-label="${ch} Granted"]`);
  for (const ch of refused) await page.fill(`input[aria-label="${ch} Source"]`, 'unsubscribed');
  if (black) {
    await page.check('#f-fblacklisted');
    await page.fill('#f-fblacklistreason', 'Fraud');
  }
  await page.click('#save-customer');
  await page.waitForSelector('#customer-name');
}

/** A new campaign on `channel` to every customer, `control` percent held back. */
async function newCampaign(page, url, name, channel, control) {
  await page.goto(`${url}#/campaigns/new`);
  await page.fill('#campaign-name', name);
  await page.selectOption('#campaign-channel', channel);
  await page.fill('#campaign-control', String(control));
}

async function launch(page) {
  await page.click('#campaign-preview');
  await page.waitForSelector('#campaign-drawn');
  await page.click('#campaign-launch');
  await page.click('dialog[open] .btn-primary');
  await page.waitForSelector('#campaign-launched', { timeout: 30000 });
  await page.waitForSelector('#member-table .member-row');
}

const leftOut = page => page.$$eval('#campaign-left-out .left-out-row',
  rows => Object.fromEntries(rows.map(r => [r.dataset.why, Number(r.dataset.count)])));

test('a campaign list leaves out the customers without consent and counts them', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    await customer(page, url, { name: 'Ann Agreed', mobile: '13800000001', granted: ['SMS'] });
    await customer(page, url, { name: 'Bob Unasked', mobile: '13800000002' });
    await customer(page, url, { name: 'Cat Refused', mobile: '13800000003', refused: ['SMS'] });
    await customer(page, url, { name: 'Dan Nonumber', email: 'dan@example.com', granted: ['SMS'] });
    await customer(page, url, { name: 'Eve Blacklisted', mobile: '13800000005', granted: ['SMS'], black: true });
    await newCampaign(page, url, 'Members day text', 'sms', 0);
    await page.click('#campaign-preview');
    await page.waitForSelector('#campaign-drawn');
    const drawn = await page.$eval('#campaign-drawn', e => [Number(e.dataset.contacted), Number(e.dataset.control)]);
    assert.deepEqual(drawn, [1, 0]);
    assert.match(await page.textContent('#campaign-drawn'), /5 in the segment: 1 to contact/);
    assert.deepEqual(await leftOut(page),
      { blacklisted: 1, optedout: 1, noconsent: 1, nocontact: 1 });
    assert.match(await page.textContent('#campaign-left-out'), /No consent for this channel/);

    // Launched: the list is drawn for good, with its one member.
    await launch(page);
    const names = await page.$$eval('#member-table .member-row td:first-child', r => r.map(x => x.textContent));
    assert.deepEqual(names, ['Ann Agreed']);
    await page.check('#member-table .response-replied');
    await page.waitForFunction(() => document.querySelector('#stat-responded .stat-value')?.textContent === '100.0%', null, { timeout: 30000 });

    // By email nobody may be contacted, so there is nothing to launch.
    await newCampaign(page, url, 'Newsletter', 'email', 10);
    await page.click('#campaign-preview');
    await page.waitForSelector('#campaign-drawn[data-contacted="0"]');
    assert.equal(await page.locator('#campaign-launch').count(), 0);

    await page.reload();
    await page.goto(`${url}#/campaigns`);
    await page.click('.campaign-row a:text("Members day text")');
    await page.waitForSelector('#campaign-launched');
    assert.match(await page.textContent('#campaign-launched'), /1 contacted, 0 held back/);
    assert.deepEqual(await leftOut(page), { blacklisted: 1, optedout: 1, noconsent: 1, nocontact: 1 });
    assert.equal(await page.isChecked('#member-table .response-replied'), true);
    assert.equal(await page.isDisabled('#campaign-channel'), true, 'a launched list keeps its channel');

    // The customer's page shows the campaign, and takes a response too.
    const campaign = page.url();
    await page.click('#member-table .member-row a');
    await page.waitForSelector('#customer-campaigns');
    assert.match(await page.textContent('#customer-campaigns'), /Members day text/);
    assert.equal(await page.isChecked('#customer-campaigns .response-replied'), true);
    await page.check('#customer-campaigns .response-visited');
    await page.goto(campaign);
    await page.waitForSelector('#member-table .response-visited:checked');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

async function addOrder(page, url, name, amount) {
  await page.goto(`${url}#/customers`);
  await page.click(`a:text-is("${name}")`);
  await page.waitForSelector('#customer-name');
  const before = await page.locator('.tl-order').count();
  await page.click('#add-order');
  await page.fill('#f-amount', amount);
  await page.click('#save-order');
  await page.waitForFunction(n => document.querySelectorAll('.tl-order').length > n, before);
}

const lift = page => page.$eval('#campaign-lift', e => e.dataset.difference);

test('control-group lift: the contacted against those held back, with its interval', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    const people = ['Ann', 'Bob', 'Cat', 'Dan'];
    for (const [n, name] of people.entries()) {
      await customer(page, url, { name, email: `${name.toLowerCase()}@example.com`, granted: ['Email'] });
    }
    await newCampaign(page, url, 'Half and half', 'email', 50);
    await page.fill('#campaign-cost', '100');
    await launch(page);
    const campaign = page.url();
    const groups = await page.$$eval('#member-table .member-row',
      rows => rows.map(r => [r.querySelector('td').textContent, r.dataset.control === 'true']));
    const contacted = groups.filter(([, c]) => !c).map(([n]) => n);
    const control = groups.filter(([, c]) => c).map(([n]) => n);
    assert.equal(contacted.length, 2);
    assert.equal(control.length, 2);
    assert.deepEqual(groups.map(([n]) => n), [...contacted.sort(), ...control.sort()], 'by name, held back last');
    await page.fill('#members-find', 'da');
    await page.waitForFunction(() => document.querySelectorAll('#member-table .member-row').length === 1);
    assert.equal(await page.textContent('#member-table .member-row a'), 'Dan');
    await page.fill('#members-find', '');
    assert.match(await page.textContent('#campaign-lift'), /\+0\.0 points/);

    // One of the two contacted buys: 50 % against none of the control group.
    await addOrder(page, url, contacted[0], '300');
    await page.goto(campaign);
    await page.waitForFunction(() => document.querySelector('#campaign-lift')?.dataset.difference === '0.5000', null, { timeout: 30000 });
    // The unpooled 95 % interval of 1/2 − 0/2: ±1.96·√(.5·.5/2).
    assert.match(await page.textContent('#campaign-lift'), /\+50\.0 points \(95% CI -19\.3 to \+119\.3\)/);
    assert.equal(await page.textContent('#stat-revenue .stat-value'), '¥300');
    assert.equal(await page.textContent('#stat-roi .stat-value'), '+200%');
    assert.equal(await page.textContent('#stat-incremental .stat-value'), '¥300');

    // So does one held back: no lift any more, and nothing incremental.
    await addOrder(page, url, control[0], '300');
    await page.goto(campaign);
    await page.waitForFunction(() => document.querySelector('#campaign-lift')?.dataset.difference === '0.0000', null, { timeout: 30000 });
    assert.equal(await lift(page), '0.0000');
    assert.equal(await page.textContent('#stat-incremental .stat-value'), '¥0');
    assert.match(await page.textContent('#campaign-lift'), /within the margin of error/);

    // The Marketing dashboard compares it, its table view included.
    await page.goto(`${url}#/insights/marketing`);
    await page.waitForSelector('#marketing-stats');
    assert.match(await page.textContent('#marketing-stats'), /¥300/);

    // Deleted with its list, and back with it on undo.
    await page.goto(campaign);
    await page.click('#campaign-delete');
    await page.waitForSelector('#no-campaigns');
    await page.click('.toast button:has-text("Undo")');
    await page.waitForSelector('.campaign-row a:text("Half and half")');
    await page.click('.campaign-row a:text("Half and half")');
    await page.waitForSelector('#member-table .member-row');
    assert.equal(await page.locator('#member-table .member-row').count(), 4);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8') };
}

test('a launched list leaves kehu as CSV, vCards, mailto links and call tasks, and responses come back by file', async () => {
  const app = await open({ locale: 'en' });
  const { page, url } = app;
  try {
    await page.goto(`${url}#/`);
    await customer(page, url, { name: '=Ann', mobile: '13800000001', email: 'ann@example.com', granted: ['Email'] });
    await customer(page, url, { name: 'Bob', mobile: '13800000002', email: 'bob@example.com', granted: ['Email'] });
    await customer(page, url, { name: 'Cat', email: 'cat@example.com' });
    await newCampaign(page, url, 'Autumn news', 'email', 0);
    await launch(page);

    const csv = await download(page, '#export-csv');
    assert.equal(csv.name, 'kehu-Autumn news.csv');
    assert.deepEqual(csv.text.replace('\ufeff', '').trim().split('\r\n'),
      ['Name,Email,Customer number', "'=Ann,ann@example.com,", 'Bob,bob@example.com,']);
    const vcf = await download(page, '#export-vcard');
    assert.equal((vcf.text.match(/BEGIN:VCARD/g) || []).length, 2);
    assert.match(vcf.text, /EMAIL;TYPE=INTERNET:bob@example.com/);
    await page.click('#export-mailto');
    await page.waitForSelector('#mailto-links a');
    assert.equal(await page.getAttribute('#mailto-links a', 'href'), 'mailto:?bcc=ann@example.com,bob@example.com');
    assert.match(await page.textContent('#mailto-links'), /Batch 1: members 1–2/);
    await page.click('#export-calls');
    await page.waitForSelector('.toast:has-text("2 call tasks made")');
    await page.click('#export-calls');
    await page.waitForSelector('.toast:has-text("0 call tasks made")');

    await page.goto(`${url}#/campaigns`);
    await page.click('#import-responses');
    await page.waitForSelector('#import-kind-campaign_responses:checked');
    // Today where the browser is (New York): a UTC date is tomorrow there in the evening.
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.setInputFiles('#import-file', { name: 'opens.csv', mimeType: 'text/csv', buffer: Buffer.from(
      '活动,邮箱,回应,日期\r\n' +
      `Autumn news,ann@example.com,已打开,${today}\r\n` +
      'Autumn news,bob@example.com,bought,\r\n' +
      'Autumn news,cat@example.com,opened,\r\n' +
      'Winter news,bob@example.com,opened,\r\n') });
    await page.waitForSelector('#import-preview');
    assert.deepEqual(await page.locator('#import-preview .import-map').evaluateAll(s => s.map(x => x.value)),
      ['response_campaign', 'response_customer', 'response_kind', 'response_day']);
    await page.click('#import-check');
    await page.waitForSelector('#import-plan');
    const figures = await page.locator('#import-plan dd').allTextContents();
    const errors = (await page.locator('#import-errors li').allTextContents()).join('\n');
    // Rows, responses, skipped, rows with errors.
    assert.deepEqual(figures, ['4', '2', '0', '2'], errors);
    assert.match(errors, /not on the campaign's list/);
    assert.match(errors, /No launched campaign by this name/);
    await page.click('#import-run');
    await page.waitForSelector('#import-done');

    await page.goto(`${url}#/campaigns`);
    await page.click('.campaign-row a:text("Autumn news")');
    await page.waitForSelector('#member-table .member-row');
    const ticked = await page.$$eval('#member-table .member-row', rows => rows.map(r =>
      [r.querySelector('td').textContent, [...r.querySelectorAll('input:checked')].map(i => i.className)]));
    assert.deepEqual(ticked.sort(), [['=Ann', ['response-opened']], ['Bob', ['response-bought']]]);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
