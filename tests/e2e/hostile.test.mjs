// Hostile content in every page: script and markup payloads typed into every field, inside
// the files people load and in their names. None may run (no script, no dialog, no injected
// element, no request for an injected resource), every download keeps them as text, and the
// request log stays private.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setUp, openRecorded, assertPrivate } from './browser.mjs';

const ctx = setUp(before, after);
const log = ctx.log;

const PAYLOAD = '"><img src=xss-probe onerror="window.__xss=1"><script>window.__xss=1</script><svg onload="window.__xss=1">';
const FORMULA = '=HYPERLINK("http://example.invalid","x")';

async function openHostile(path) {
  const page = await openRecorded(ctx.browser, `${ctx.server.url}${path}`, log, { acceptDownloads: true });
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss(); });
  return page;
}

/** Nothing ran and nothing was injected. */
async function assertInert(page, where) {
  const found = await page.evaluate(() => ({
    xss: window.__xss ?? null,
    injected: document.querySelectorAll('img[src="xss-probe"], svg[onload], script:not([src])').length,
  }));
  assert.equal(found.xss, null, `${where}: a payload ran`);
  assert.equal(found.injected, 0, `${where}: a payload became markup`);
  assert.deepEqual(page.dialogs, [], `${where}: a dialog opened`);
  assert.ok(!log.requests.some((r) => r.url.includes('xss-probe') || r.url.includes('example.invalid')), `${where}: an injected request`);
}

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

/** No cell of a CSV starts a formula. */
function assertNoFormula(csv, where) {
  for (const line of csv.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    for (const cell of line.split(',')) assert.ok(!/^[=@]/.test(cell), `${where}: ${cell}`);
  }
}

test('the intake form: payloads in every field', async () => {
  const page = await openHostile('intake.html');
  for (const id of ['name', 'id-number', 'phone', 'address']) await page.fill(`#${id}`, PAYLOAD);
  await page.click('#submit');
  await page.waitForSelector('#error-summary:not([hidden])');
  await page.fill('#id-number', '11010519491231002X');
  await page.fill('#phone', '13800138000');
  await page.click('#submit');
  await page.waitForTimeout(200);
  await assertInert(page, 'intake');
  await page.context().close();
});

test('the calculator: payload and formula unit names in the coverage table and its CSV', async () => {
  const page = await openHostile('calc.html');
  await page.fill('#rows', `单位,户籍人口,本地参保,异地参保\n${PAYLOAD.replaceAll(',', ' ')},10,9,0\n${FORMULA.replaceAll(',', ';')},10,5,1\n`);
  await page.click('#coverage-form button[type="submit"]');
  await page.waitForSelector('#coverage-result:not([hidden])');
  assert.match(await page.textContent('#coverage-table'), /<img src=xss-probe/);
  const csv = await download(page, '#coverage-download');
  assertNoFormula(csv.text, 'coverage CSV');
  assert.match(csv.text, /"'=HYPERLINK/);
  await assertInert(page, 'calc');
  await page.context().close();
});

test('the roster tool: payloads in headers, cells and the file name; the CSV result cannot run', async () => {
  const page = await openHostile('roster.html');
  const csv = `姓名,公民身份号码,备注${PAYLOAD.replaceAll(',', ' ')}\n${FORMULA.replaceAll(',', ';')},11010519491231002X,${PAYLOAD.replaceAll(',', ' ')}\n@SUM(A1),110105194912310021,-1+2\n`;
  await page.setInputFiles('#roster-file', { name: `${PAYLOAD}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#map-section:not([hidden])');
  await page.check('input[name="format"][value="csv"]');
  await page.click('#run');
  await page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
  const out = await download(page, '#download');
  assertNoFormula(out.text, 'roster CSV');
  assert.match(out.text, /"'=HYPERLINK/);
  assert.match(out.text, /"'@SUM\(A1\)"/);
  assert.match(out.text, /"'-1\+2"/);
  await assertInert(page, 'roster');
  await page.context().close();
});

test('the matching page: payloads in the roster, its file name, the secret field and token-file names', async () => {
  const page = await openHostile('match.html');
  await page.fill('#secret', PAYLOAD);
  await page.click('#use-secret');
  await page.waitForSelector('#error-summary:not([hidden])');
  await page.click('#new-secret');
  const roster = `姓名${PAYLOAD.replaceAll(',', ' ')},身份证号码\n${FORMULA.replaceAll(',', ';')},11010519491231002X\n${PAYLOAD.replaceAll(',', ' ')},110105194912310021\n`;
  await page.setInputFiles('#roster', { name: `${PAYLOAD}.csv`, mimeType: 'text/csv', buffer: Buffer.from(roster) });
  await page.waitForSelector('#field-columns:not([hidden])');
  await page.click('#tokenize-submit');
  await page.waitForSelector('#tokenize-result:not([hidden])');
  const tokens = await download(page, '#tokens-download');
  assert.ok(!tokens.text.includes('<img'), 'no raw value in a token file');
  await page.setInputFiles('#file-a', { name: `${PAYLOAD}.tokens.csv`, mimeType: 'text/csv', buffer: Buffer.from(tokens.text) });
  await page.setInputFiles('#file-b', { name: `${PAYLOAD}.csv`, mimeType: 'text/csv', buffer: Buffer.from(PAYLOAD) });
  await page.click('#compare-submit');
  await page.waitForSelector('#error-summary:not([hidden])');
  await page.setInputFiles('#file-b', { name: 'b.tokens.csv', mimeType: 'text/csv', buffer: Buffer.from(tokens.text) });
  await page.click('#compare-submit');
  await page.waitForSelector('#compare-result:not([hidden])');
  assertNoFormula((await download(page, '#compare-download')).text, 'findings CSV');
  await assertInert(page, 'match');
  await page.context().close();
});

test('no request left the site or carried data; the console is clean', () => {
  assertPrivate(assert, log, new URL(ctx.server.url).origin);
});
