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
  for (const code of ['scientific_notation', 'duplicate_in_file', 'checksum_mismatch', 'trailing_decimal']) {
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
