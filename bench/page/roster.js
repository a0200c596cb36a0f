// A 600,000-row roster end to end in the browser (read → check → compute → tokenize → write),
// and reading alone against SheetJS (xlsx) and papaparse (CSV): same files, same page.
// `?stage=` runs one stage per page load, so that each one's peak memory can be measured.
// `?stage=canbao-xlsx-plain` runs the xlsx job on the build for browsers without WebAssembly
// SIMD: the SIMD probe of canbao/roster is made to fail before the module loads.
import * as XLSX from '/node_modules/@e965/xlsx/xlsx.mjs';

const status = document.getElementById('status');
const log = (s) => { status.textContent += `\n${s}`; };
const params = new URLSearchParams(location.search);
const stage = params.get('stage');
const xlsxUrl = params.get('xlsx');
const csvUrl = params.get('csv');

async function main() {
  if (stage === 'canbao-xlsx-plain') {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (bytes) => (bytes.length < 64 ? false : validate(bytes));
  }
  const { RosterJob } = await import('/pkg/web/roster.js');
  const secret = (await (await fetch('/tests/vectors/tokens.json')).json()).secret;
  const policy = await (await fetch('/src/policy/presets/county-example-2024.json')).json();
  const out = {};
  const time = async (name, fn) => {
    const t = performance.now();
    const r = await fn();
    out[name] = performance.now() - t;
    log(`${name.padEnd(34)} ${out[name].toFixed(0).padStart(8)} ms`);
    return r;
  };
  if (stage === 'canbao-xlsx' || stage === 'canbao-xlsx-plain' || stage === 'canbao-csv') {
    const xlsxOut = stage !== 'canbao-csv';
    const url = xlsxOut ? xlsxUrl : csvUrl;
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const t0 = performance.now();
    const job = await time('read', () => new RosterJob(bytes, { policy, secret, referenceDate: '2026-11-22' }));
    out.rows = job.total;
    await time('check + compute + tokenize', () => { while (job.done < job.total) job.step(50_000); });
    const result = await time(`write ${xlsxOut ? 'xlsx' : 'csv'}`, () => job.finish(xlsxOut ? 'xlsx' : 'csv'));
    out.total = performance.now() - t0;
    out.outputBytes = result.file.length;
    out.byStatus = result.summary.byStatus;
  } else if (stage === 'canbao-campaign') {
    // A campaign's ledger and progress: last year's 600,000-row list against this year's (the
    // same people, 95% of them 已参保: the others are not enrolled), the stock ledger written,
    // then a progress report from two snapshots of it read back (now and previous).
    const { buildLedger, progressReport } = await import('/pkg/web/roster.js');
    const bytes = new Uint8Array(await (await fetch(csvUrl)).arrayBuffer());
    const later = new Uint8Array(await (await fetch(params.get('later'))).arrayBuffer());
    const t0 = performance.now();
    const phases = {};
    const onProgress = ({ phase }) => { phases[phase] ??= performance.now() - t0; };
    const ledger = await time('ledger (two lists → workbook)', () => buildLedger(bytes, later, { kind: 'stock', policy, referenceDate: '2026-11-22', onProgress }));
    out.ledgerPhases = { base: phases.base, current: phases.current, write: phases.write };
    out.rows = ledger.counts.baseRows;
    out.ledgerRows = ledger.counts.ledger;
    out.villages = ledger.villages.length;
    out.ledgerBytes = ledger.file.length;
    const report = await time('progress (two snapshots → report)', () => progressReport(ledger.file, ledger.file.slice(), { policy }));
    out.reportRows = report.rows;
    out.total = performance.now() - t0;
  } else if (stage === 'sheetjs-read') {
    const bytes = new Uint8Array(await (await fetch(xlsxUrl)).arrayBuffer());
    const rows = await time('SheetJS read + sheet_to_json', () => {
      const wb = XLSX.read(bytes, { type: 'array', dense: true });
      return XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 });
    });
    out.rows = rows.length - 1;
  } else if (stage === 'canbao-read-xlsx' || stage === 'canbao-read-csv') {
    const bytes = new Uint8Array(await (await fetch(stage.endsWith('xlsx') ? xlsxUrl : csvUrl)).arrayBuffer());
    const job = await time('canbao read', () => new RosterJob(bytes, {}));
    out.rows = job.total;
  } else if (stage === 'papaparse-read') {
    const bytes = new Uint8Array(await (await fetch(csvUrl)).arrayBuffer());
    const rows = await time('papaparse (decode + parse)', () => window.Papa.parse(new TextDecoder().decode(bytes), { skipEmptyLines: false }).data);
    out.rows = rows.length - 2;
  }
  window.rosterResults = out;
}

main().catch((e) => { window.rosterError = String(e?.stack ?? e); log(window.rosterError); });
