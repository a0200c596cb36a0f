// Shared by the e2e tests and the benchmark: start the static server and Debian's Chromium.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts tools/serve.mjs on a free port; resolves to { url, stop }. */
export async function startServer(dir) {
  const args = [new URL('../../tools/serve.mjs', import.meta.url).pathname, '0'];
  if (dir) args.push(dir);
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8');
  while (!/http:\/\/\S+\//.test(out)) {
    const [chunk] = await once(proc.stdout, 'data');
    out += chunk;
  }
  const url = out.match(/http:\/\/\S+\//)[0];
  return { url, stop: () => proc.kill() };
}

/** Launches headless Chromium (a fresh temporary profile each time) with the flags this
 * machine needs: no background networking, no sandbox as root. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Opens `url` in a new context, recording every request (URL and body) and every console
 * error into `log` ({ requests: [], consoleErrors: [] }); resolves once the page is ready. */
export async function openRecorded(browser, url, log, { fixedTime, ...options } = {}) {
  const context = await browser.newContext(options);
  // A page that works with today's date (the intake desk's payment date) can be given one.
  if (fixedTime) await context.clock.setFixedTime(new Date(fixedTime));
  const page = await context.newPage();
  page.on('request', (r) => log.requests.push({ url: r.url(), body: r.postData() ?? '' }));
  page.on('console', (m) => m.type() === 'error' && log.consoleErrors.push(m.text()));
  page.on('pageerror', (e) => log.consoleErrors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** The privacy promise: every request went to `origin` (or was a local blob: download) and
 * none carried a body; and no console error was logged. */
export function assertPrivate(assert, log, origin) {
  assert.ok(log.requests.length > 0);
  for (const r of log.requests) {
    assert.ok(new URL(r.url).origin === origin || r.url.startsWith('blob:'), r.url);
    assert.equal(r.body, '', `a request carried a body: ${r.url}`);
  }
  assert.deepEqual(log.consoleErrors, []);
}

/** For a test file: starts the server and Chromium before its tests and stops them after.
 * Returns { server, browser, log } (filled in once started). */
export function setUp(before, after) {
  const ctx = { log: { requests: [], consoleErrors: [] } };
  before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.server?.stop();
  });
  return ctx;
}

/** The axe-core (WCAG) violations of the page as "rule: targets" lines. The page must have
 * been opened with { bypassCSP: true }: axe is injected as an inline script, which the site's
 * CSP rightly forbids. Text in the same colour as its background is reported too (as
 * "color-contrast equalRatio: targets"): axe files it under `incomplete`, not `violations`,
 * which let white 修改 / 删除 buttons on the white page pass (issue #31). */
export async function axeViolations(page) {
  await injectAxe(page);
  return page.evaluate(async () => {
    const r = await window.axe.run();
    const lines = r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
    const invisible = r.incomplete.filter((v) => v.id === 'color-contrast')
      .flatMap((v) => v.nodes.filter((n) => n.any.some((c) => c.data?.messageKey === 'equalRatio')));
    if (invisible.length) lines.push(`color-contrast equalRatio: ${invisible.map((n) => n.target).join(' ')}`);
    return lines;
  });
}

/** Injects axe-core into the page once (the page must have been opened with { bypassCSP: true }). */
async function injectAxe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
  }
}

/** axe-core's color-contrast rule alone, as "axe color-contrast (why): target fg/bg ratio" lines:
 * its violations AND its `incomplete` results. axe puts a node in `incomplete` ("needs review")
 * whenever it cannot decide, and in particular whenever text and background are the same colour
 * (messageKey "equalRatio", a 1:1 ratio: axe assumes such text is hidden on purpose). That is how
 * white 修改 / 删除 buttons on the white page passed `axeViolations`, which reads `violations`
 * only. Here an incomplete result is a failure unless `justified(node)` names a reason for it
 * (node: { target, messageKey, fgColor, bgColor }), and the reason is then the caller's to defend. */
export async function axeContrast(page, { justified = () => null } = {}) {
  await injectAxe(page);
  const nodes = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations', 'incomplete'], elementRef: true });
    const out = [];
    for (const [kind, list] of [['violation', r.violations], ['incomplete', r.incomplete]]) {
      for (const rule of list) {
        for (const n of rule.nodes) {
          const d = n.any.concat(n.all, n.none).find((c) => c.data)?.data ?? {};
          out.push({ kind, target: n.target.join(' '), svgText: n.element instanceof SVGTextContentElement, messageKey: d.messageKey ?? '', fgColor: d.fgColor, bgColor: d.bgColor, ratio: d.contrastRatio, expected: d.expectedContrastRatio });
        }
      }
    }
    return out;
  });
  return nodes
    .filter((n) => n.kind === 'violation' || !justified(n))
    .map((n) => `axe color-contrast ${n.kind}${n.messageKey ? ` (${n.messageKey})` : ''}: ${n.target} ${n.fgColor} on ${n.bgColor} ${n.ratio}:1, needs ${n.expected}`);
}

/** A check of our own, independent of axe: every visible control (button, link, input, select,
 * textarea, summary, in open shadow roots too) as "problem: control" lines.
 * - Contrast: each piece of its text (and a field's value, a file input's button) in its colour,
 *   faded by any opacity, against its effective background (the background colours of it and
 *   its ancestors composited, up to the first opaque one, on white) at least 4.5:1, or 3:1 for
 *   large text (24 px, or 18.66 px bold). Disabled controls are exempt (WCAG 1.4.3).
 * - On screen: not wider than, nor outside, the viewport's horizontal extent unless inside a
 *   container that scrolls to it; not clipped away by an overflow-hidden ancestor; not a speck.
 *   A control that is off-screen until focused (the skip link) is judged while focused.
 * - Reachable by keyboard: focusable in the tab order (not tabindex=-1, not inert) unless disabled. */
export async function controlProblems(page) {
  return inPage(page, ({ parse, over, ratio, hex }) => {
    const SELECTOR = 'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [tabindex]:not([tabindex="-1"])';
    const controls = [];
    (function collect(root) {
      controls.push(...root.querySelectorAll(SELECTOR));
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) collect(el.shadowRoot);
    })(document);
    const parentOf = (n) => n.assignedSlot ?? n.parentElement ?? (n.parentNode instanceof ShadowRoot ? n.parentNode.host : null);
    /** The background under `el`: its and its ancestors' colours composited on white; null with
     * a reason when an image is in the way. */
    const background = (el, own = null) => {
      const layers = own ? [own] : [];
      for (let n = el; n && !(own?.a === 1); n = parentOf(n)) {
        const s = getComputedStyle(n);
        if (s.backgroundImage !== 'none') return { reason: `a background image on ${n.tagName.toLowerCase()}` };
        const c = parse(s.backgroundColor);
        if (!c) return { reason: `unreadable background colour ${s.backgroundColor}` };
        if (c.a > 0) layers.push(c);
        if (c.a === 1) break;
      }
      return { color: layers.reverse().reduce((under, layer) => over(layer, under), { r: 255, g: 255, b: 255, a: 1 }) };
    };
    const opacity = (el) => { let o = 1; for (let n = el; n; n = parentOf(n)) o *= Number(getComputedStyle(n).opacity); return o; };
    const name = (el) => {
      const tag = el.tagName.toLowerCase();
      const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
      return `${tag}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}${text ? ` "${text}"` : ''}`;
    };
    const isLarge = (s) => parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
    /** Contrast problems of `el` (text in its own colour on its background). */
    const contrast = (el) => {
      const out = [];
      const check = (holder, what, fgStyle, bg) => {
        const fg = parse(fgStyle.color);
        if (!fg || bg.reason) { out.push(`contrast undecidable (${bg.reason ?? `colour ${fgStyle.color}`}): ${what}`); return; }
        const faded = over({ ...fg, a: fg.a * opacity(holder) }, bg.color);
        const r = ratio(faded, bg.color);
        const need = isLarge(fgStyle) ? 3 : 4.5;
        if (r < need - 0.005) out.push(`contrast ${r.toFixed(2)}:1 < ${need}:1 (${hex(faded)} on ${hex(bg.color)}): ${what}`);
      };
      const type = el.tagName === 'INPUT' ? el.type : '';
      if (['checkbox', 'radio', 'range', 'color', 'image'].includes(type)) return out;
      if (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA') {
        check(el, name(el), getComputedStyle(el), background(el));
        if (type === 'file') {
          const b = getComputedStyle(el, '::file-selector-button');
          const own = parse(b.backgroundColor);
          check(el, `${name(el)} (its button)`, b, own ? background(el, own) : { reason: `button colour ${b.backgroundColor}` });
        }
        return out;
      }
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const seen = new Set();
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const holder = t.parentElement;
        if (!t.data.trim() || seen.has(holder) || !holder.getClientRects().length || getComputedStyle(holder).visibility !== 'visible') continue;
        seen.add(holder);
        check(holder, holder === el ? name(el) : `${name(el)} (${holder.tagName.toLowerCase()} "${t.data.trim().slice(0, 16)}")`, getComputedStyle(holder), background(holder));
      }
      return out;
    };
    /** Why `el` cannot be seen or reached on screen, or null. */
    const placement = (el) => {
      const r = el.getBoundingClientRect();
      if (r.width < 4 || r.height < 4) return `too small to see (${r.width.toFixed(0)}×${r.height.toFixed(0)} px)`;
      if (opacity(el) < 0.1) return 'transparent';
      const width = document.documentElement.clientWidth;
      let scroller = null; // the nearest container that scrolls sideways
      for (let n = parentOf(el); n && n !== document.body && n !== document.documentElement; n = parentOf(n)) {
        const s = getComputedStyle(n);
        const c = n.getBoundingClientRect();
        if (!scroller && ['auto', 'scroll'].includes(s.overflowX)) {
          // Reachable by scrolling this container: within its scrollable extent.
          const left = r.left - c.left - n.clientLeft + n.scrollLeft;
          if (left < -1 || left + r.width > n.scrollWidth + 1) return `outside the extent of its scrolling container ${name(n)}`;
          scroller = n;
        } else if ([s.overflowX, s.overflowY].some((o) => o === 'hidden' || o === 'clip')
          && (r.right <= c.left || r.left >= c.right || r.bottom <= c.top || r.top >= c.bottom)) {
          return `clipped away by ${name(n)}`;
        }
      }
      const box = (scroller ?? el).getBoundingClientRect();
      if (box.left < -1 || box.right > width + 1) {
        return `off-screen sideways (${box.left.toFixed(0)} to ${box.right.toFixed(0)} px of ${width}${scroller ? `, its scrolling container ${name(scroller)}` : ''})`;
      }
      if (r.bottom + window.scrollY < 0) return 'above the top of the page';
      return null;
    };
    const problems = [];
    const previous = document.activeElement;
    for (const el of controls) {
      const s = getComputedStyle(el);
      if (!el.getClientRects().length || s.visibility !== 'visible') continue; // not shown in this state
      const disabled = el.matches(':disabled');
      if (!disabled && (el.tabIndex < 0 || el.closest('[inert]'))) problems.push(`not reachable by keyboard (tabindex ${el.tabIndex}${el.closest('[inert]') ? ', inert' : ''}): ${name(el)}`);
      let where = placement(el);
      let focused = false;
      if (where && !disabled && el.tabIndex >= 0) {
        // Shown once focused (a skip link): judged while focused.
        el.focus({ preventScroll: true });
        focused = true;
        where = placement(el);
      }
      if (where) problems.push(`${where}: ${name(el)}`);
      else if (!disabled) problems.push(...contrast(el));
      if (focused) el.blur();
    }
    if (previous && previous !== document.activeElement && previous.focus) previous.focus({ preventScroll: true });
    return problems;
  });
}

/** Contrast and visibility problems of the page in its current state: axe-core's color-contrast
 * (violations and unjustified incomplete results) and `controlProblems`; [] when none. The page
 * must have been opened with { bypassCSP: true } (axe is injected as an inline script). */
export async function contrastProblems(page, { justified = () => null } = {}) {
  // axe cannot tell the background of a chart's text (inside role="img": "imgNode"; over the
  // Venn picture's translucent circles: "bgOverlap"; a one-digit count: "shortTextContent");
  // svgTextProblems measures exactly that text against the shapes under it instead.
  const svg = (n) => (n.svgText && ['imgNode', 'bgOverlap', 'shortTextContent'].includes(n.messageKey) ? 'measured by svgTextProblems' : null);
  return [
    ...await axeContrast(page, { justified: (n) => justified(n) ?? svg(n) }),
    ...await controlProblems(page),
    ...await svgTextProblems(page),
  ];
}

/** Colours as the page computes them ("rgb(…)", "rgba(…)"): parsed, composited, their
 * relative luminance and contrast ratio (WCAG 2), written as hex. Runs in the page. */
function colourKit() {
  const parse = (c) => {
    const m = /^rgba?\(([^)]*)\)$/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
  const hex = ({ r, g, b }) => `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  return { parse, over, lum, ratio, hex };
}

/** Runs `check(colourKit())` in the page (both as source: the page's CSP allows no eval). */
function inPage(page, check) {
  return page.evaluate(`(${check})((${colourKit})())`);
}

/** The text of charts (SVG), which axe cannot measure, as "problem: text" lines: its fill
 * against the shapes painted under it (found by hit-testing its centre and both ends, the
 * shapes' fills with their opacity composited over the page's background), at least 4.5:1, or
 * 3:1 for large text. */
export async function svgTextProblems(page) {
  return inPage(page, ({ parse, over, ratio, hex }) => {
    const htmlBackground = (el) => {
      const layers = [];
      for (let n = el; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c && c.a > 0) layers.push(c);
        if (c?.a === 1) break;
      }
      return layers.reverse().reduce((under, layer) => over(layer, under), { r: 255, g: 255, b: 255, a: 1 });
    };
    const problems = [];
    const SHAPES = new Set(['rect', 'circle', 'ellipse', 'path', 'polygon']);
    for (const t of document.querySelectorAll('svg text')) {
      if (!t.textContent.trim() || !t.getClientRects().length) continue;
      t.scrollIntoView({ block: 'center', inline: 'center' });
      const r = t.getBoundingClientRect();
      const s = getComputedStyle(t);
      const fill = parse(s.fill);
      const what = `svg text "${t.textContent.trim().slice(0, 20)}"`;
      if (!fill) { problems.push(`contrast undecidable (fill ${s.fill}): ${what}`); continue; }
      const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
      const need = large ? 3 : 4.5;
      const y = r.top + r.height / 2;
      let worst = null;
      for (const x of [r.left + 1, r.left + r.width / 2, r.right - 1]) {
        const layers = [];
        let base = null;
        for (const e of document.elementsFromPoint(x, y)) {
          if (e instanceof SVGElement) {
            const es = getComputedStyle(e);
            const f = SHAPES.has(e.tagName) ? parse(es.fill) : null;
            if (f && f.a > 0) layers.push({ ...f, a: f.a * Number(es.fillOpacity) * Number(es.opacity) });
            if (e.tagName === 'svg') { const b = parse(es.backgroundColor); if (b && b.a > 0) layers.push(b); }
          } else { base = htmlBackground(e); break; }
        }
        const bg = layers.reverse().reduce((under, layer) => over(layer, under), base ?? { r: 255, g: 255, b: 255, a: 1 });
        const k = ratio(fill, bg);
        if (!worst || k < worst.k) worst = { k, bg };
      }
      if (worst.k < need - 0.005) problems.push(`contrast ${worst.k.toFixed(2)}:1 < ${need}:1 (${hex(fill)} on ${hex(worst.bg)}): ${what}`);
    }
    window.scrollTo(0, 0);
    return problems;
  });
}
