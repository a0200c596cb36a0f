// Screenshots of every page at phone and desktop widths, into docs/screenshots/ (shown in the
// README). Run by `make screenshots` after the package is built; uses made-up data only.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, launch } from '../tests/e2e/browser.mjs';

const require = createRequire(import.meta.url);
const { generateRoster } = require('canbao/roster');
const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });

const server = await startServer();
const browser = await launch();
const sizes = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

const pages = {
  home: async () => {},
  intake: async (p) => {
    await p.fill('#name', '张三');
    await p.fill('#id-number', '110105194912310021');
    await p.click('#submit');
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
const files = { home: '', intake: 'intake.html', calc: 'calc.html', roster: 'roster.html', match: 'match.html', embed: 'embed.html' };

try {
  for (const [name, act] of Object.entries(pages)) {
    for (const [size, viewport] of Object.entries(sizes)) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
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
