// Every control on every page can be seen and reached, in each page's states (the desk's list
// and receipt, results, errors), in Chinese and English, on a 1366×768 desktop and a 390×844
// phone, in normal and large-text (大字) mode. Two checks at each state: axe-core's
// color-contrast rule with its `incomplete` results counted as failures (axe files a 1:1
// white-on-white control under `incomplete`, which is how the desk's white 修改 / 删除 buttons
// passed the other tests), and our own walk over the visible controls (text contrast against the
// effective background, on screen or reachable by scrolling, in the tab order).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launch, contrastProblems } from './browser.mjs';

const COUNTY = new URL('../fixtures/intake-county-2027.json', import.meta.url).pathname;
const VIEWPORTS = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };

let server;
let browser;

/** Opens `path` in a fresh context (a `variant` of language, viewport and text size); returns the
 * page and a `check(state)` that records the contrast problems of the page as it is now. */
async function open(path, { lang, viewport, large }, { fixedTime } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport], bypassCSP: true, acceptDownloads: true });
  if (fixedTime) await context.clock.setFixedTime(new Date(fixedTime));
  await context.addInitScript((on) => localStorage.setItem('canbao-large-text', on ? '1' : '0'), large);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${server.url}${path}?lang=${lang}`);
  await page.waitForSelector('body[data-ready="true"]');
  // A page without the header's switch (the embedding demo) is given the mode directly.
  if (large && !(await page.$('#large-toggle'))) await page.evaluate(() => document.documentElement.classList.add('large-text'));
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('large-text')), large, 'large-text mode as asked');
  if (await page.$('#large-toggle')) assert.equal(await page.getAttribute('#large-toggle', 'aria-pressed'), String(large));
  const problems = [];
  const states = [];
  const check = async (state) => {
    states.push(state);
    for (const p of await contrastProblems(page)) problems.push(`${state}: ${p}`);
  };
  return { page, check, problems, states, pageErrors };
}

const file = (name, text, mimeType = 'text/csv') => ({ name, mimeType, buffer: Buffer.from(text) });

/** A valid ID for region 110105, birth date yyyymmdd and sequence. */
function id18(birth, seq) {
  const body = `110105${birth}${String(seq).padStart(3, '0')}`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Each page driven through its states by stable ids; `check(state)` at each. */
const PAGES = {
  'index.html': { path: '', async drive({ check }) { await check('home'); } },

  'intake.html': {
    path: 'intake.html',
    fixedTime: '2026-11-30T10:00:00+08:00',
    async drive({ page, check }) {
      await page.waitForSelector('body[data-calc="true"]');
      await check('empty form');
      await page.setInputFiles('#policy-file', COUNTY);
      await page.waitForFunction(() => document.getElementById('township').tagName === 'SELECT');
      await page.click('#submit');
      await page.waitForSelector('#error-summary:not([hidden])');
      await check('errors, with a policy');
      const register = async (name, id) => {
        await page.fill('#name', name);
        await page.fill('#id-number', id);
        await page.selectOption('#ethnicity', '01');
        await page.fill('#phone', '13800138000');
        await page.selectOption('#hukou', 'agricultural');
        await page.selectOption('#township', '城关镇');
        await page.selectOption('#village', '城南村');
        await page.fill('#address', '三组12号');
        await page.selectOption('#category', 'resident');
        await page.click('#submit');
        await page.waitForSelector('#confirmation:not([hidden])');
      };
      await register('张三', '11010519491231002X');
      await page.click('#next-household');
      await register('李四', '110103198001011235');
      assert.equal(await page.$$eval('#session-table tbody button', (b) => b.length) >= 4, true, 'edit and delete for each person');
      await check('a receipt and the list of two');
      await page.click('#token-export summary');
      await page.click('#session-table tbody tr:first-child button:first-of-type');
      await page.waitForSelector('#cancel-edit:not([hidden])');
      await check('editing the first, the token export open');
      await page.click('#cancel-edit'); // the person's fields cleared, the household kept
      await page.selectOption('#doc-type', 'newborn');
      await page.click('#submit');
      await page.waitForSelector('#error-summary:not([hidden])');
      await check('a newborn with errors, the list below');
      await page.fill('#passphrase', 'short');
      await page.click('#keep');
      await page.waitForSelector('#passphrase-error:not([hidden])');
      await page.click('#session-table tbody tr:last-child button:last-of-type');
      await check('one deleted, a passphrase refused');
    },
  },

  'calc.html': {
    path: 'calc.html',
    async drive({ page, check }) {
      await page.fill('#lapsed', 'two');
      await page.click('#person-submit');
      await page.waitForSelector('#error-summary:not([hidden])');
      await check('errors');
      const preset = await page.$$eval('#preset option', (os) => os.find((o) => o.textContent.includes('2026'))?.value);
      assert.ok(preset !== undefined, 'a national 2026 preset');
      await page.selectOption('#preset', preset);
      await page.fill('#payment-date', '2025-12-01');
      await page.fill('#lapsed', '3');
      await page.click('#person-submit');
      await page.waitForSelector('#person-result:not([hidden])');
      await check('a person’s result with its explanation and the ways to shorten the wait');
      await page.fill('#rows', '单位\t户籍人口\t本地参保\t异地参保\n东村\t1200\t1100\t57\n西村\t800\t700\t81\n');
      await page.click('#coverage-form button[type="submit"]');
      await page.waitForSelector('#chart svg');
      await check('a coverage table and chart');
      // The household, budget and refund forms (being added): each submitted as it stands, so
      // that its errors or its result are on the page.
      const more = [];
      for (const form of ['household', 'budget', 'refund']) {
        if (!(await page.isVisible(`#${form}-submit`))) continue;
        if (form === 'household' && await page.isVisible('#add-member')) await page.click('#add-member');
        await page.click(`#${form}-submit`);
        more.push(form);
      }
      if (more.length) await check(`the ${more.join(', ')} forms submitted as they stand`);
      const employee = await page.$$eval('#preset option', (os) => os.find((o) => /梅州|Meizhou/.test(o.textContent))?.value);
      assert.ok(employee !== undefined, 'an employee-scheme preset');
      await page.selectOption('#preset', employee);
      await page.fill('#wage', '3000');
      await page.click('#employee-form button[type="submit"]');
      await page.waitForSelector('#employee-result-list dt');
      await check('an employee’s result');
    },
  },

  'roster.html': {
    path: 'roster.html',
    async drive({ page, check }) {
      await page.setInputFiles('#roster-file', file('x.csv', 'a,b\n1,2\n'));
      await page.waitForSelector('#error-summary:not([hidden])');
      await check('a file without a header row');
      await page.click('#sample');
      await page.waitForSelector('#map-section:not([hidden])');
      await check('a file read, its columns to confirm');
      await page.click('#run');
      await page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
      await check('the result with its problem rows');
      await page.click('#problems tbody tr a');
      await page.waitForSelector('#row-detail:not([hidden])');
      await check('a problem row shown in full');
    },
  },

  'campaign.html': {
    path: 'campaign.html',
    async drive({ page, check }) {
      await page.click('#ledger-run');
      await page.waitForSelector('#error-summary:not([hidden])');
      await check('errors');
      const P = [1, 2, 3, 4].map((k) => id18(`198${k}0101`, 10 + k));
      await page.setInputFiles('#base-file', file('2024参保.csv', `姓名,身份证号码,乡镇,村\n甲,${P[0]},城关镇,东村\n乙,${P[1]},城关镇,东村\n丙,${P[2]},河口镇,西村\n丁,${P[3]},河口镇,西村\n`));
      await page.setInputFiles('#current-file', file('2025参保.csv', `姓名,身份证号码\n乙,${P[1]}\n`));
      await page.click('#ledger-run');
      await page.waitForSelector('#ledger-result:not([hidden])', { timeout: 60_000 });
      await check('a ledger built');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ledger-download')]);
      const ledger = readFileSync(await download.path());
      await page.setInputFiles('#now-file', { name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: ledger });
      await page.setInputFiles('#ledger-file', { name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: ledger });
      await page.click('#report-run');
      await page.waitForSelector('#report-result:not([hidden])', { timeout: 60_000 });
      await check('a progress report with its chart');
    },
  },

  'match.html': {
    path: 'match.html',
    async drive({ page, check }) {
      await page.click('#tokenize-submit');
      await page.waitForSelector('#error-summary:not([hidden])');
      await check('errors');
      await page.click('#new-secret');
      await page.setInputFiles('#roster', file('roster.csv', '姓名,身份证号码,出生日期\n张三,11010519491231002X,1949-12-31\n李四,110105194912310021,1990-03-07\n王五,110105198001010016,1980-01-01\n'));
      await page.waitForSelector('#field-columns:not([hidden])');
      await page.click('#tokenize-submit');
      await page.waitForSelector('#tokenize-result:not([hidden])');
      await check('a roster made into tokens, with its problem rows');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#tokens-download')]);
      const tokens = readFileSync(await download.path());
      await page.setInputFiles('#file-a', { name: 'a.tokens.csv', mimeType: 'text/csv', buffer: tokens });
      await page.setInputFiles('#file-b', { name: 'b.tokens.csv', mimeType: 'text/csv', buffer: tokens });
      await page.click('#compare-submit');
      await page.waitForSelector('#compare-result:not([hidden])');
      await check('two token files compared, with the picture');
    },
  },

  'embed.html': {
    path: 'embed.html',
    async drive({ page, check }) {
      await page.click('button[type="submit"]');
      await check('the field’s error shown');
      await page.locator('#id-input input').fill('11010519491231002X');
      await page.click('button[type="submit"]');
      await page.waitForSelector('#submitted:not([hidden])');
      await check('the form submitted');
    },
  },
};

describe('every control can be seen and reached', { concurrency: 4 }, () => {
  before(async () => {
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.stop();
  });

  test('the checks fail on a control that cannot be seen or reached, and pass its visible twin', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title><style>
      body { margin: 0; background: #fff; color: #0b0c0c; font: 16px sans-serif; }
      .header { background: #1d5c4d; } .white { background: none; border: 0; color: #fff; font: inherit; }
      .skip { position: absolute; left: -9999px; } .skip:focus { left: 1rem; }
      .wrap { overflow-x: auto; } .wide { width: 900px; display: flex; justify-content: space-between; }
      .clip { overflow: hidden; height: 2rem; } .clip button { margin-top: 5rem; }
    </style></head><body>
      <a class="skip" href="#m">Skip</a>
      <div class="header"><button class="white" id="in-header">English</button></div>
      <main id="m">
        <button class="white" id="white-on-white">Delete</button>
        <button id="no-tab" tabindex="-1">Edit</button>
        <button id="faded" style="opacity: .3; color: #767676">Faint</button>
        <button id="gone" style="position: absolute; left: 500px">Beyond</button>
        <div class="clip"><button id="clipped">Clipped</button></div>
        <div class="wrap"><div class="wide"><span>a</span><button id="scrolled">Reachable</button></div></div>
        <svg role="img" aria-label="chart" width="200" height="40"><rect width="200" height="40" fill="#1d5c4d"/><text x="4" y="24" fill="#0b0c0c">Dark on green</text></svg>
        <button disabled style="opacity: .5">Disabled</button>
      </main></body></html>`);
    const found = await contrastProblems(page);
    const about = (id) => found.filter((p) => p.includes(id));
    // axe's 1:1 white-on-white: "incomplete", counted here; and our own measurement.
    assert.ok(about('white-on-white').some((p) => /^axe color-contrast incomplete \(equalRatio\)/.test(p)), found.join('\n'));
    assert.ok(about('"Delete"').some((p) => p.startsWith('contrast 1.00:1 < 4.5:1')), found.join('\n'));
    assert.ok(about('#no-tab').some((p) => p.startsWith('not reachable by keyboard')), found.join('\n'));
    assert.ok(found.some((p) => /^contrast \d\.\d\d:1 < 4\.5:1 .*button#faded/.test(p)), found.join('\n'));
    assert.ok(about('#gone').some((p) => p.startsWith('off-screen sideways')), found.join('\n'));
    assert.ok(about('#clipped').some((p) => p.startsWith('clipped away')), found.join('\n'));
    assert.ok(found.some((p) => p.includes('svg text "Dark on green"')), found.join('\n'));
    // Not faulted: the header's white button, the skip link (shown when focused), the button
    // reached by scrolling its table, the disabled button.
    for (const ok of ['#in-header', 'Skip', '#scrolled', 'Disabled']) assert.deepEqual(about(ok), [], ok);
    await context.close();
  });

  for (const [name, spec] of Object.entries(PAGES)) {
    for (const lang of ['zh', 'en']) {
      for (const viewport of Object.keys(VIEWPORTS)) {
        for (const large of [false, true]) {
          const variant = { lang, viewport, large };
          test(`${name} (${lang}, ${viewport}${large ? ', 大字 large text' : ''})`, async (t) => {
            const run = await open(spec.path, variant, spec);
            try {
              await spec.drive(run);
              t.diagnostic(`states checked: ${run.states.join('; ')}`);
              assert.ok(run.states.length > 0);
              assert.deepEqual(run.problems, [], `in the states: ${run.states.join('; ')}`);
              assert.deepEqual(run.pageErrors, []);
            } finally {
              await run.page.context().close();
            }
          });
        }
      }
    }
  }
});
