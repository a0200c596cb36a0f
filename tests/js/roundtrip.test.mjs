// The intake desk's list read back by the roster tool, from Node (canbao/roster): every person
// (a newborn known by the birth certificate and the guardian), the groups in both languages,
// the amounts, and the registration time, lapsed years, payment timing and benefit start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RosterJob, enrollmentCsv, readTable, rosterPolicies } from 'canbao/roster';

const county = rosterPolicies().find((p) => p.id === 'county-example-2024');
const referenceDate = '2023-11-10';
const adult = {
  docType: 'resident', name: '张三', idNumber: '11010519491231002X', phone: '13800138000', address: '三组12号',
  ethnicity: '01', hukou: 'agricultural', township: '城关镇', village: '城南村', category: 'resident', year: '2024',
  relation: '02', householder: '',
};
const records = [
  { ...adult, groups: ['dibao'], no: 1, registeredAt: '2023-11-01T09:30', lapsedYears: 0 },
  {
    ...adult, docType: 'newborn', name: '张小宝', idNumber: '', birthDate: '2023-10-01', sex: 'male',
    birthCertificate: 'q440012345', guardianName: '张三', guardianId: '11010519491231002X', category: 'newborn',
    relation: '41', householder: '张三', groups: ['dibao'], no: 2, registeredAt: '2023-11-02T10:00', lapsedYears: 0,
  },
  // The policy's collection period decides the timing: a choice sent anyway is not used.
  { ...adult, name: '李四', idNumber: '110105198001010016', groups: ['tekun', 'monitoring'], no: 3, registeredAt: '2023-11-03T11:00', lapsedYears: 2, inCollectionPeriod: false },
];

for (const lang of ['zh', 'en']) {
  test(`enrollmentCsv (${lang}) read back by the roster tool person by person`, () => {
    const csv = enrollmentCsv(records, { policy: county, lang, referenceDate });
    const bytes = new TextEncoder().encode(csv);
    const t = readTable(bytes);
    const col = (zh, en) => t.headers.indexOf(lang === 'zh' ? zh : en);
    assert.equal(t.mapping.birthCertificate, col('出生医学证明编号', 'Birth certificate number'));
    assert.equal(t.mapping.guardianId, col('监护人证件号码', "Guardian's ID number"));
    assert.deepEqual(t.rows.map((r) => [
      r[col('登记时间', 'Registered at')], r[col('断保年数', 'Lapsed years')], r[col('缴费时间', 'Payment timing')],
      r[col('资助金额（元）', 'Subsidy (yuan)')], r[col('待遇开始', 'Benefit start')],
    ]), [
      ['2023-11-01 09:30', '0', lang === 'zh' ? '集中缴费期内' : 'in the collection period', '114.00', '2024-01-01'],
      ['2023-11-02 10:00', '0', lang === 'zh' ? '集中缴费期内' : 'in the collection period', '114.00', '2024-01-01'],
      ['2023-11-03 11:00', '2', lang === 'zh' ? '集中缴费期内' : 'in the collection period', '380.00', '2024-01-01'],
    ]);
    const job = new RosterJob(bytes, { policy: county, referenceDate });
    const r = job.finish('csv');
    assert.deepEqual(r.problems, []);
    assert.equal(r.summary.byStatus.ok, 3);
    assert.equal(r.summary.budget.people, 3);
    assert.equal(r.summary.budget.subsidy, '608.00');
    assert.equal(r.summary.budget.payable, '532.00');
  });
}

test('enrollmentCsv: a record\'s time, lapsed years and timing must be what they say', () => {
  const bad = [
    { registeredAt: '2023-11-01' }, { registeredAt: '2023-11-01T25:00' }, { lapsedYears: -1 }, { lapsedYears: 1.5 },
    { lapsedYears: '2' }, { inCollectionPeriod: 'yes' },
  ];
  for (const b of bad) {
    assert.throws(() => enrollmentCsv([{ ...records[0], ...b }]), (e) => e.code === 'invalid_option', JSON.stringify(b));
  }
});
