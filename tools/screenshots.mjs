// Screenshots of every page at phone and desktop widths, and on a phone with a 24 px browser
// font (an elderly-friendly setting; tests/e2e/layout.test.mjs checks that nothing scrolls
// sideways there), into docs/screenshots/ (shown in docs/pages.md). Run by `make screenshots`
// after the package is built; uses made-up data only.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, launch } from '../tests/e2e/browser.mjs';

const require = createRequire(import.meta.url);
const { generateRoster } = require('canbao/roster');
const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });

const server = await startServer();
const browser = await launch();
const sizes = {
  phone: { viewport: { width: 390, height: 844 } },
  'phone-24px': { viewport: { width: 390, height: 844 }, fontSize: 24 },
  desktop: { viewport: { width: 1280, height: 900 } },
};
const county = new URL('../tests/fixtures/intake-county-2027.json', import.meta.url).pathname;

const pages = {
  home: async () => {},
  intake: async (p) => {
    await p.fill('#name', '张三');
    await p.fill('#id-number', '110105194912310021');
    await p.click('#submit');
  },
  // A registered person: the receipt with the amounts from a (made-up) county's policy file.
  'intake-receipt': async (p) => {
    await p.waitForSelector('body[data-calc="true"]');
    await p.setInputFiles('#policy-file', county);
    await p.waitForFunction(() => document.getElementById('township').tagName === 'SELECT');
    await p.fill('#name', '张三');
    await p.fill('#id-number', '11010519491231002X');
    await p.selectOption('#ethnicity', '01');
    await p.fill('#phone', '13800138000');
    await p.selectOption('#hukou', 'agricultural');
    await p.selectOption('#township', '城关镇');
    await p.selectOption('#village', '城南村');
    await p.fill('#address', '三组12号');
    await p.selectOption('#category', 'resident');
    await p.check('#groups input[value="dibao"]');
    await p.click('#submit');
    await p.waitForSelector('#confirmation:not([hidden])');
  },
  calc: async (p) => {
    await p.check('#groups input[value="dibao"]');
    await p.fill('#payment-date', '2024-02-15');
    await p.click('#person-submit');
  },
  roster: async (p) => {
    const bytes = Buffer.from(generateRoster(1000, { format: 'xlsx', damagedPercent: 8 }));
    await p.setInputFiles('#roster-file', { name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: bytes });
    await p.waitForSelector('#map-section:not([hidden])');
    await p.click('#run');
    await p.waitForSelector('#result:not([hidden])');
    await p.click('#problems tbody tr a');
    await p.waitForSelector('#row-detail:not([hidden])');
  },
  match: async (p) => {
    await p.click('#new-secret');
  },
  embed: async (p) => {
    await p.locator('#id-input input').fill('110105194912310021');
    await p.click('button[type="submit"]');
  },
};
const files = { home: '', intake: 'intake.html', 'intake-receipt': 'intake.html', calc: 'calc.html', roster: 'roster.html', match: 'match.html', embed: 'embed.html' };

try {
  for (const [name, act] of Object.entries(pages)) {
    for (const [size, { viewport, fontSize }] of Object.entries(sizes)) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      await context.clock.setFixedTime(new Date('2026-11-30T10:00:00+08:00'));
      const page = await context.newPage();
      if (fontSize) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Page.setFontSizes', { fontSizes: { standard: fontSize, fixed: fontSize } });
      }
      await page.goto(server.url + files[name]);
      await page.waitForSelector('body[data-ready="true"]');
      await act(page);
      await page.screenshot({ path: `${out}/${name}-${size}.png`, fullPage: size === 'desktop' });
      await context.close();
      console.log(`${out}/${name}-${size}.png`);
    }
  }
} finally {
  await browser.close();
  server.stop();
}
