// The roster-matching page in headless Chromium: a secret, two rosters tokenized in the page,
// their token files compared, with every request recorded (only the site's own files may be
// fetched) — and the same secret giving the same tokens here as natively and in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setUp, openRecorded, assertPrivate, axeViolations } from './browser.mjs';

const ctx = setUp(before, after);
const log = ctx.log;
const vectors = JSON.parse(readFileSync(new URL('../vectors/tokens.json', import.meta.url), 'utf8'));

async function openPage(options = {}) {
  return openRecorded(ctx.browser, `${ctx.server.url}match.html`, log, { acceptDownloads: true, ...options });
}

const csv = (text) => ({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
const summaryLinks = (page) => page.$$eval('#error-list a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));

async function tokenizeRoster(page, text) {
  await page.setInputFiles('#roster', csv(text));
  await page.waitForSelector('#field-columns:not([hidden])');
  await page.click('#tokenize-submit');
  await page.waitForSelector('#tokenize-result:not([hidden])');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#tokens-download')]);
  return readFileSync(await download.path(), 'utf8');
}

const REGISTRY = '姓名,身份证号码,出生日期\n张三,11010519491231002X,1949-12-31\n李四,110105194912310021,1990-03-07\n王五,110105198001010016,1980-01-01\n张三,11010519491231002x,1949-12-31\n';
const INSURED = '公民身份号码,姓名,出生日期\n110105491231002,张 三,1949年12月31日\n,李四,19900307\n440305199001010018,赵六,1990-01-01\n';

test('the shared secret gives the same tokens in the browser as natively and in Node', async () => {
  const page = await openPage();
  await page.fill('#secret', vectors.secret);
  await page.click('#use-secret');
  assert.match(await page.textContent('#fingerprint'), new RegExp(vectors.fingerprints['hmac-sha256']));
  // A blank line does not shift the references: they are the sheet's own row numbers.
  const file = await tokenizeRoster(page, '身份证号码\n11010519491231002X\n\n110105491231002\n');
  const expected = vectors.cases.find((c) => c.scheme === 'hmac-sha256' && c.input === '11010519491231002X').token.slice(0, 32);
  assert.match(file, new RegExp(`\\n2,${expected}\\n4,${expected}\\n$`));
  assert.match(await page.textContent('#roster-info'), /表头在第 1 行，共 2 个数据行。表头以下有 1 个空行/);
  assert.match(file, new RegExp(`#fingerprint,${vectors.fingerprints['hmac-sha256']}`));
  await page.context().close();
});

test('two rosters tokenized with one secret and compared: counts, Venn picture, findings download', async () => {
  const page = await openPage();
  await page.check('#scheme-sm3');
  await page.click('#new-secret');
  const secret = await page.inputValue('#secret');
  assert.match(secret, /^CB1-/);
  assert.match(await page.textContent('#fingerprint'), /hmac-sm3/);
  const a = await tokenizeRoster(page, REGISTRY);
  assert.deepEqual(await page.$$eval('#tokenize-summary dd', (dds) => dds.map((d) => d.textContent)), ['4', '3', '1', '0']);
  assert.match(await page.textContent('#problem-list'), /第 3 行 证件号码：校验位不符/);
  const b = await tokenizeRoster(page, INSURED);
  assert.ok(!a.includes('11010519491231002X') && !a.includes('张三'), 'no raw value in a token file');

  await page.setInputFiles('#file-a', { name: 'a.tokens.csv', mimeType: 'text/csv', buffer: Buffer.from(a) });
  await page.setInputFiles('#file-b', { name: 'b.tokens.csv', mimeType: 'text/csv', buffer: Buffer.from(b) });
  await page.check('#name-birth');
  await page.click('#compare-submit');
  await page.waitForSelector('#compare-result:not([hidden])');
  const summary = await page.$$eval('#compare-summary dd', (dds) => dds.map((d) => d.textContent));
  assert.deepEqual(summary, ['4', '3', '3', '1', '1', '1', '1', '0', '0 / 0']);
  assert.deepEqual(await page.$$eval('#venn .venn-count', (ts) => ts.map((x) => x.textContent)), ['1', '3', '1']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#compare-download')]);
  const findings = readFileSync(await download.path(), 'utf8');
  assert.match(findings, /^\uFEFF类别,A 行号,B 行号,说明,代码\n/);
  assert.match(findings, /两份名单都有,3,3,姓名和出生日期一致,in_both\n/);
  assert.match(findings, /只在 A,4,,,only_a\n/);
  assert.match(findings, /A 中重复,2,,1,duplicate_a\nA 中重复,5,,1,duplicate_a\n/);
  assert.equal(await page.isVisible('#only-a-box'), false);
  // A's own table joined by row number: names in the page and in the findings.
  await page.setInputFiles('#own-a', csv(REGISTRY));
  await page.click('#compare-submit');
  await page.waitForSelector('#only-a-box:not([hidden])');
  assert.deepEqual(await page.$$eval('#only-a-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent))), [['4', '王五', '', '']]);
  const [joined] = await Promise.all([page.waitForEvent('download'), page.click('#compare-download')]);
  const joinedText = readFileSync(await joined.path(), 'utf8');
  assert.match(joinedText, /^\uFEFF类别,A 行号,B 行号,说明,代码,A 姓名,A 乡镇（街道）,A 村（社区）\n/);
  assert.match(joinedText, /只在 A,4,,,only_a,王五,,\n/);

  // A file made with another secret is refused, not silently matched as empty.
  await page.click('#new-secret');
  const other = await tokenizeRoster(page, INSURED);
  await page.setInputFiles('#file-b', { name: 'other.tokens.csv', mimeType: 'text/csv', buffer: Buffer.from(other) });
  await page.click('#compare-submit');
  await page.waitForSelector('#error-summary:not([hidden])');
  const links = await summaryLinks(page);
  assert.equal(links.length, 1);
  assert.equal(links[0][0], '#file-b');
  assert.match(links[0][1], /密钥指纹不同/);
  await page.context().close();
});

test('empty phone cells are not problems: counted and listed apart, collapsed; real problems stay prominent', async () => {
  const page = await openPage();
  await page.click('#new-secret');
  // Row 2 complete, rows 3 and 5 without a phone (row 5's cell only spaces), row 4 a wrong
  // check digit and no phone, row 6 a phone of 10 digits.
  await tokenizeRoster(page, [
    '姓名,身份证号码,手机号码',
    '张三,11010519491231002X,13812345678',
    '李四,110105198001010016,',
    '王五,110105194912310021,',
    '赵六,440305199001010018,   ',
    '孙七,11010519491231002X,1381234567',
  ].join('\n'));
  assert.deepEqual(await page.$$eval('#tokenize-summary dt', (dts) => dts.map((d) => d.textContent)),
    ['行数', '全部字段成功', '有问题的行（无法生成的字段留空，行数不变）', '缺少选填项的行（不算问题，令牌留空）']);
  assert.deepEqual(await page.$$eval('#tokenize-summary dd', (dds) => dds.map((d) => d.textContent)), ['5', '1', '2', '3']);
  // Only the real problems in the prominent list: the check digit and the short phone.
  assert.deepEqual(await page.$$eval('#problem-list li', (lis) => lis.map((li) => li.textContent)), [
    '第 4 行 证件号码：校验位不符，号码中可能有数字录错',
    '第 6 行 手机号码：号码位数不对',
  ]);
  // Empty optional cells: one collapsed line, the rows inside.
  assert.equal(await page.textContent('#missing-optional summary'), '3 行缺少选填项（手机号码）');
  assert.equal(await page.$eval('#missing-optional', (d) => d.open), false);
  assert.equal(await page.isVisible('#missing-optional li'), false);
  await page.click('#missing-optional summary');
  assert.deepEqual(await page.$$eval('#missing-optional li', (lis) => lis.map((li) => li.textContent)),
    ['第 3 行：手机号码', '第 4 行：手机号码', '第 5 行：手机号码']);

  // Without an ID column, name and birth date are what rows match on: an empty one is a problem.
  await page.setInputFiles('#roster', csv('姓名,出生日期,手机号码\n张三,,13812345678\n,1990-03-07,\n'));
  await page.waitForSelector('#field-columns:not([hidden])');
  await page.click('#tokenize-submit');
  await page.waitForSelector('#problem-list');
  const problems = await page.$$eval('#problem-list li', (lis) => lis.map((li) => li.textContent));
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /^第 2 行 出生日期/);
  assert.match(problems[1], /^第 3 行 姓名/);
  assert.equal(await page.textContent('#missing-optional summary'), '1 行缺少选填项（手机号码）');

  // In English.
  await page.click('#lang-toggle');
  assert.equal(await page.textContent('#missing-optional summary'), '1 row missing optional values (Mobile number)');
  await page.context().close();
});

test('errors in the GOV.UK pattern: no secret, no roster, a mistyped secret', async () => {
  const page = await openPage();
  await page.click('#tokenize-submit');
  assert.deepEqual((await summaryLinks(page)).map((l) => l[0]), ['#secret', '#roster']);
  await page.fill('#secret', vectors.secret.replace(/.$/, (c) => (c === '0' ? '1' : '0')));
  await page.click('#use-secret');
  assert.match(await page.textContent('#secret-error'), /密钥校验不符/);
  assert.equal(await page.getAttribute('#secret', 'aria-invalid'), 'true');
  await page.context().close();
});

test('no accessibility violations (axe-core), with results and with errors shown', async () => {
  const page = await openPage({ bypassCSP: true });
  const run = () => axeViolations(page);
  assert.deepEqual(await run(), []);
  await page.click('#compare-submit');
  await page.waitForSelector('#error-summary:not([hidden])');
  assert.deepEqual(await run(), []);
  await page.click('#new-secret');
  await tokenizeRoster(page, REGISTRY);
  assert.deepEqual(await run(), []);
  await page.context().close();
});

test('no request leaves the page origin or carries data; the console is clean', () => {
  assertPrivate(assert, log, new URL(ctx.server.url).origin);
  for (const r of log.requests) assert.ok(!/CB1|1101051949/i.test(r.url), `a request URL carries data: ${r.url}`);
});
