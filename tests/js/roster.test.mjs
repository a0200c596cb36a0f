// The roster module of the built package (canbao/roster) from Node: a generated roster read,
// checked in steps and written, with the same results as in one go; damaged rows reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RosterJob, generateRoster, rosterPolicies } from 'canbao/roster';

const policy = rosterPolicies().find((p) => p.id === 'county-example-2024');

test('stepping gives the same result as one go; rows in = rows out', () => {
  const bytes = generateRoster(3000, { format: 'csv', seed: 9, damagedPercent: 15 });
  const a = new RosterJob(bytes, { policy, referenceDate: '2026-11-22' });
  const seen = [];
  while (a.done < a.total) seen.push(a.step(700));
  assert.deepEqual(seen, [700, 1400, 2100, 2800, 3000]);
  const b = new RosterJob(bytes, { policy, referenceDate: '2026-11-22' });
  const ra = a.finish('csv');
  const rb = b.finish('csv');
  assert.deepEqual(ra.summary, rb.summary);
  assert.deepEqual(ra.file, rb.file);
  assert.equal(new TextDecoder().decode(ra.file).trim().split('\r\n').length, 3001);
  const s = ra.summary;
  assert.equal(s.byStatus.ok + s.byStatus.warning + s.byStatus.error, 3000);
  for (const code of ['scientific_notation', 'duplicate_in_file', 'same_id_different_name', 'checksum_mismatch', 'trailing_decimal']) {
    assert.ok(s.byCode.some((c) => c.code === code), code);
  }
  assert.ok(Number(s.budget.subsidy) > 0);
  assert.match(s.coverage.coverageRate, /^\d+\.\d\d$/);
});

test('tokens in a roster equal canbao/tokens tokens; a bad secret or file is a coded error', async () => {
  const tk = await import('canbao/tokens');
  const secret = tk.newCampaignSecret();
  const csv = new TextEncoder().encode('姓名,身份证号\n张三,11010519491231002X\n');
  const r = new RosterJob(csv, { secret, referenceDate: '2026-11-22' }).finish('csv');
  const token = tk.tokenize(secret, 'hmac-sha256', ['id'], [{ id: '11010519491231002X' }]).rows[0].id;
  assert.ok(new TextDecoder().decode(r.file).includes(token));
  assert.throws(() => new RosterJob(csv, { secret: 'CB1-00' }), (e) => e.code.startsWith('secret_'));
  assert.throws(() => new RosterJob(new TextEncoder().encode('a,b\n1,2\n')), (e) => e.code === 'no_header');
  assert.throws(() => new RosterJob(csv, { colour: 1 }), (e) => e.code === 'invalid_option');
  // A header row past the end: refused, not an empty result.
  for (const headerRow of [3, 1e9, 2 ** 32 + 1]) {
    assert.throws(() => new RosterJob(csv, { headerRow }), (e) => e.code === 'header_row_beyond_end' && /共 2 行/.test(e.message), String(headerRow));
  }
  assert.equal(new RosterJob(csv, { headerRow: 1 }).total, 1);
});

test('hostile input: wrong-typed arguments, limits and broken files are coded errors, never a trap', () => {
  const csv = new TextEncoder().encode('姓名,身份证号\n张三,11010519491231002X\n');
  for (const format of [0, {}, [], 'pdf']) {
    assert.throws(() => new RosterJob(csv).finish(format), (e) => e.code === 'invalid_option', String(format));
  }
  // The module still works after each refusal (a glue trap would have broken it).
  assert.equal(new RosterJob(csv).finish('csv').summary.rows, 1);
  for (const bytes of ['a,b', 42, null, {}]) {
    assert.throws(() => new RosterJob(bytes), (e) => e.code === 'invalid_option', String(bytes));
  }
  for (const rows of [-1, 1.5, 2e6 + 1, 'x', undefined]) {
    assert.throws(() => generateRoster(rows), (e) => e.code === 'invalid_option', String(rows));
  }
  // 50 MB-style files of nothing but line ends: refused by the row limit, quickly.
  assert.throws(() => new RosterJob(new Uint8Array(2_000_010).fill(10)), (e) => e.code === 'too_large' && /2000000/.test(e.message));
  // A quote that folds people together, and bad bytes after a UTF-8 byte-order mark.
  assert.throws(() => new RosterJob(new TextEncoder().encode('姓名,身份证号\n张三,"1\n李四,2\n王五,"3\n')), (e) => e.code === 'unbalanced_quote');
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('姓名,身份证号\n'), 0xff, 0x0a]);
  assert.throws(() => new RosterJob(bom, { lang: 'en' }), (e) => e.code === 'bad_encoding' && /line 2/.test(e.message));
});

test('readTable: the roster reader for other tools, with spreadsheet row numbers', async () => {
  const { readTable } = await import('canbao/roster');
  const t = readTable(new TextEncoder().encode('某县名单\n姓名,公民身份号码\n张三,11010519491231002X\n\n李四,110105491231002\n'));
  assert.equal(t.headerRow, 2);
  assert.deepEqual(t.headers, ['姓名', '公民身份号码']);
  assert.equal(t.mapping.id, 1);
  assert.equal(t.mapping.name, 0);
  assert.deepEqual(t.rowNumbers, ['3', '5']);
  assert.deepEqual(t.rows[1], ['李四', '110105491231002']);
  assert.equal(t.blankRows, 1);
});

test('enrollmentCsv: a desk\'s records with their receipt numbers, priced on their day of registration', async () => {
  const { enrollmentCsv, readTable } = await import('canbao/roster');
  const { presetPolicies } = await import('canbao/calc');
  const county = presetPolicies().find((p) => p.id === 'county-example-2024');
  const records = [
    { name: '张三', idNumber: '11010519491231002X', phone: '13800138000', address: '某县某镇某村三组', groups: ['dibao'], no: 4, registeredOn: '2023-11-01' },
    { name: '李四', idNumber: '440305199001010018', phone: '13900139000', address: '某县某镇某村', no: 6, registeredOn: '2025-03-01' },
  ];
  const t = readTable(new TextEncoder().encode(enrollmentCsv(records, { policy: county, referenceDate: '2026-11-30' })));
  const col = (h) => t.headers.indexOf(h);
  assert.deepEqual(t.rows.map((r) => [r[col('序号')], r[col('个人应缴（元）')], r[col('人员类别')]]), [['4', '266.00', '低保对象'], ['6', '', '']]);
  // Paid in 2025 for coverage year 2024: said, not priced.
  assert.match(t.rows[1][col('核验结果')], /2024/);
  assert.throws(() => enrollmentCsv([{ ...records[0], no: 0 }]), (e) => e.code === 'invalid_option');
  assert.throws(() => enrollmentCsv([{ ...records[0], registeredOn: 'soon' }]), (e) => e.code === 'invalid_option');
  // A plain form (not a record) may not carry a number.
  const { checkEnrollment } = await import('canbao');
  assert.throws(() => checkEnrollment({ name: '张三', no: 1 }), (e) => e.code === 'invalid_option');
});
