import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, createCustomer } from './harness.mjs';

test('the knowledge base: problems named, found by a question in other words, suggested on a ticket and linked, and a resolution saved as an article', async () => {
  const app = await open();
  const { page, url } = app;
  try {
    await createCustomer(page, url, { name: '赵敏' });
    await page.click('#new-ticket');
    await page.waitForSelector('#ticket-form');
    await page.fill('#ticket-subject', '发票怎么开');
    await page.click('#ticket-save');
    await page.waitForSelector('#ticket-table');

    // An article: its title and text are required and named.
    await page.click('#articles-link');
    await page.waitForSelector('#no-articles');
    await page.click('#new-article');
    await page.waitForSelector('#article-form');
    await page.click('#article-save');
    await page.waitForSelector('#article-title-err:not(:empty)');
    assert.equal(await page.textContent('#article-body-err'), '必填');
    await page.fill('#article-title', '开具发票');
    await page.fill('#article-tags', '发票，咨询');
    await page.fill('#article-body', '在收银台出示小票，提供抬头和税号，当天开具。');
    await page.click('#article-save');
    await page.waitForFunction(() => /^#\/articles\/[0-9a-f-]{36}$/.test(location.hash));

    // Found by a question in other words, and not by an unrelated one.
    await page.goto(`${url}#/articles?q=${encodeURIComponent('怎么开发票')}`);
    await page.waitForSelector('#article-list');
    assert.deepEqual(await page.locator('#article-list .article-title').allTextContents(), ['开具发票']);
    await page.fill('#article-search', '天气预报');
    await page.waitForSelector('#no-article-match');

    // The ticket suggests it; linked, it is listed as the ticket's.
    await page.goto(`${url}#/tickets`);
    await page.waitForSelector('#ticket-table');
    await page.click('#ticket-table tbody tr td a');
    await page.waitForSelector('#suggested-articles .article-item');
    assert.match(await page.textContent('#suggested-articles'), /开具发票/);
    await page.click('#suggested-articles .article-link');
    await page.waitForSelector('#linked-articles .article-item');
    assert.equal(await page.locator('#suggested-articles').count(), 0);

    // Resolved, its resolution becomes an article linked to it, in one save.
    await page.selectOption('#ticket-status', 'resolved');
    await page.fill('#ticket-resolution', '作废原发票后重新开具');
    await page.click('#ticket-save');
    await page.waitForSelector('#no-open-tickets');
    await page.check('#tickets-done');
    await page.waitForSelector('#ticket-table');
    await page.click('#ticket-table tbody tr td a');
    await page.waitForSelector('#ticket-to-article');
    await page.click('#ticket-to-article');
    await page.waitForSelector('#article-from');
    assert.equal(await page.inputValue('#article-title'), '发票怎么开');
    assert.match(await page.inputValue('#article-body'), /作废原发票后重新开具/);
    await page.click('#article-save');
    await page.waitForSelector('#linked-articles');
    await page.waitForFunction(() => document.querySelectorAll('#linked-articles .article-item').length === 2);
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('#linked-articles .article-item').length === 2);
    assert.deepEqual(app.errors, []);
  } finally { await app.close(); }
});
