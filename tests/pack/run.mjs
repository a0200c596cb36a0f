// The packed npm tarball (npm pack) installed into small sample projects, as a portal
// developer would: Node ESM and CommonJS, a Vite build, a webpack 5 build, a plain
// <script type="module"> page on a static host with no bundler, and the validators in
// Element Plus, Ant Design Vue and Ant Design (React) forms. Each browser build is then
// loaded in headless Chromium and must validate an ID and compute a contribution.
// Run by `make test-pack` (part of `make test`), after `make pkg`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readdirSync, cpSync } from 'node:fs';
import { resolve, join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer, launch } from '../e2e/browser.mjs';

const root = process.cwd();
const work = resolve('target/pack');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

run('npm', ['pack', join(root, 'pkg'), '--pack-destination', work, '--silent'], root);
const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));

function sample(name, files) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  run('npm', ['install', '--no-audit', '--no-fund', '--silent', tarball], dir);
  return dir;
}

// The code a portal page would run: an ID, a contribution, and a column of IDs checked in
// the package's batch worker (which the bundler must emit as a worker chunk).
const APP = `
import { validateId } from 'canbao';
import { presetPolicies, residentContribution } from 'canbao/calc';
import { BatchWorker } from 'canbao/worker';
const id = validateId('11010519491231002X', { referenceDate: '2026-11-22' });
const county = presetPolicies().find((p) => p.id === 'county-example-2024');
const c = residentContribution(county, { groups: ['dibao'] });
const worker = new BatchWorker();
let chunks = 0;
const batch = await worker.validateIds(['11010519491231002X', '11010519491231002Y', '110105491231002'], {
  chunkSize: 1, onProgress: () => { chunks += 1; },
});
worker.terminate();
document.body.dataset.result = [id.ok, id.region.county, c.payable, batch.valid, chunks].join('|');
`;
const EXPECTED = 'true|朝阳区|266.00|2|3';

// Node: ESM and CommonJS.
const node = sample('node-sample', {
  'esm.mjs': "import { validateId } from 'canbao'; import { residentContribution, presetPolicies } from 'canbao/calc'; import { keyFingerprint } from 'canbao/tokens';\nconsole.log(validateId('11010519491231002X').ok, residentContribution(presetPolicies()[3], { groups: ['tekun'] }).payable, typeof keyFingerprint);",
  'cjs.cjs': "const { validateId } = require('canbao'); const { coverageTable } = require('canbao/calc');\nconsole.log(validateId('11010519491231002X').ok, coverageTable([{ unit: 'A', registered: 8, insuredLocal: 7, insuredElsewhere: 0 }]).total.coverageRate);",
});
assert.equal(run(process.execPath, ['esm.mjs'], node).trim(), 'true 0.00 function');
assert.equal(run(process.execPath, ['cjs.cjs'], node).trim(), 'true 87.50');
console.log('node ESM and CommonJS: ok');

// Vite.
const vite = sample('vite-sample', {
  'index.html': '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/src/main.js"></script></head><body></body></html>',
  'src/main.js': APP,
  // Module workers that import modules (as canbao's does) need the ES worker format.
  'vite.config.js': "export default { worker: { format: 'es' } };",
});
run(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error', '--outDir', 'dist', '--base', './'], vite);

// webpack 5.
const webpack = sample('webpack-sample', {
  'src/main.js': APP,
  'webpack.config.cjs': `module.exports = { mode: 'production', entry: './src/main.js', output: { path: __dirname + '/dist', publicPath: 'auto', clean: true }, experiments: { topLevelAwait: true } };`,
});
run(join(root, 'node_modules/.bin/webpack'), ['--config', 'webpack.config.cjs', '--no-stats'], webpack);
writeFileSync(join(webpack, 'dist/index.html'), '<!doctype html><html><head><meta charset="utf-8"><script defer src="main.js"></script></head><body></body></html>');

// A plain static host: the package's files copied as they are, no bundler.
const plain = join(work, 'plain-sample');
mkdirSync(join(plain, 'dist'), { recursive: true });
cpSync(join(node, 'node_modules/canbao'), join(plain, 'dist/canbao'), { recursive: true });
writeFileSync(join(plain, 'dist/main.js'), APP.replace("from 'canbao';", "from './canbao/web/index.js';").replace("from 'canbao/calc';", "from './canbao/web/calc.js';").replace("from 'canbao/worker';", "from './canbao/web/batch.js';"));
writeFileSync(join(plain, 'dist/index.html'), '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="main.js"></script></head><body></body></html>');

// Form libraries: the rules of canbao/validators in Element Plus and Ant Design Vue (Vue 3)
// and Ant Design (React), one Vite build with a page each. Each page validates a wrong ID
// (canbao's message shown by the library under the field) and then the right one.
const FORM_CHECK = `
export async function outcome(validate, setGood, selector) {
  const bad = await validate().then(() => 'passed', () => 'failed');
  await new Promise((r) => setTimeout(r, 300));
  const message = document.querySelector(selector)?.textContent.trim() ?? 'no message shown';
  setGood();
  await new Promise((r) => setTimeout(r, 50));
  const good = await validate().then(() => 'passed', () => 'failed');
  document.body.dataset.result = [bad, message, good].join('|');
}
export const BAD = '110105194912310021';
export const GOOD = '11010519491231002X';
`;
const VUE_APP = (lib, form, item, input, valueProp, selector) => `
import { createApp, h, reactive, ref } from 'vue';
import { ${form}, ${item}, ${input} } from '${lib}';
import { idRule } from 'canbao/validators';
import { outcome, BAD, GOOD } from './check.js';
const model = reactive({ idNumber: BAD });
const form = ref();
createApp({
  setup: () => () => h(${form}, { ref: form, model, rules: { idNumber: [idRule({ required: true })] } }, () =>
    h(${item}, { label: '证件号码', ${lib === 'element-plus' ? 'prop' : 'name'}: 'idNumber' }, () =>
      h(${input}, { ${valueProp}: model.idNumber, 'onUpdate:${valueProp}': (v) => { model.idNumber = v; } }))),
}).mount(document.body.appendChild(document.createElement('div')));
await new Promise((r) => setTimeout(r, 50));
await outcome(() => form.value.validate(), () => { model.idNumber = GOOD; }, '${selector}');
`;
const forms = sample('forms-sample', {
  'element.html': '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/src/element.js"></script></head><body></body></html>',
  'antdv.html': '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/src/antdv.js"></script></head><body></body></html>',
  'antd.html': '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/src/antd.js"></script></head><body></body></html>',
  'src/check.js': FORM_CHECK,
  'src/element.js': VUE_APP('element-plus', 'ElForm', 'ElFormItem', 'ElInput', 'modelValue', '.el-form-item__error'),
  'src/antdv.js': VUE_APP('ant-design-vue', 'Form', 'FormItem', 'Input', 'value', '.ant-form-item-explain-error'),
  'src/antd.js': `
import { createElement as h, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { Form, Input } from 'antd';
import { idRule } from 'canbao/validators';
import { outcome, BAD, GOOD } from './check.js';
function App({ ready }) {
  const [form] = Form.useForm();
  useEffect(() => ready(form), []);
  return h(Form, { form, initialValues: { idNumber: BAD } },
    h(Form.Item, { label: '证件号码', name: 'idNumber', rules: [idRule({ required: true, promise: true })] }, h(Input)));
}
const form = await new Promise((ready) => createRoot(document.body.appendChild(document.createElement('div'))).render(h(App, { ready })));
await outcome(() => form.validateFields(), () => form.setFieldsValue({ idNumber: GOOD }), '.ant-form-item-explain-error');
`,
  'vite.config.js': `export default { worker: { format: 'es' }, build: { chunkSizeWarningLimit: 5000, rollupOptions: { input: ['element.html', 'antdv.html', 'antd.html'] } } };`,
});
// The libraries at the major versions portals use today.
run('npm', ['install', '--no-audit', '--no-fund', '--silent', 'vue@3', 'element-plus@2', 'ant-design-vue@4', 'react@18', 'react-dom@18', 'antd@5'], forms);
run(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error', '--outDir', 'dist', '--base', './'], forms);
const FORM_EXPECTED = 'failed|校验位不符，号码中可能有数字录错|passed';

const server = await startServer(work);
const browser = await launch();
try {
  for (const name of ['vite-sample', 'webpack-sample', 'plain-sample']) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}${name}/dist/index.html`);
    await page.waitForFunction(() => document.body?.dataset.result, null, { timeout: 30_000 }).catch(() => {});
    const result = await page.evaluate(() => document.body?.dataset.result ?? null);
    assert.equal(result, EXPECTED, `${name}: ${errors.join('; ')}`);
    console.log(`${name}: ok`);
    await page.close();
  }
  for (const name of ['element', 'antdv', 'antd']) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}forms-sample/dist/${name}.html`);
    await page.waitForFunction(() => document.body?.dataset.result, null, { timeout: 30_000 }).catch(() => {});
    const result = await page.evaluate(() => document.body?.dataset.result ?? null);
    assert.equal(result, FORM_EXPECTED, `${name}: ${errors.join('; ')}`);
    console.log(`form library sample ${name}: ok`);
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
}
