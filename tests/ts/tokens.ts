// Compiled with tsc --noEmit (strict) against the built package: the token types are exact.
import {
  newCampaignSecret, keyFingerprint, tokenize, tokenizeIds, writeTokenFile, readTokenFile,
  compareTokenFiles, canonicalValue,
  type TokenizeResult, type Comparison, type TokenFileContents, type IdTokenBatch, type TokenScheme,
} from 'canbao/tokens';

const secret: string = newCampaignSecret();
const scheme: TokenScheme = 'hmac-sm3';
const fp: string = keyFingerprint(secret, scheme);
const t: TokenizeResult = tokenize(secret, scheme, ['id', 'name'], [{ id: '11010519491231002X', name: '张三' }], { bits: 128 });
const first = t.rows[0];
const idToken: string | null | undefined = first?.id;
const codes: string[] = first?.errors.map((e) => e.code) ?? [];
const csv: string = writeTokenFile(t, 'csv');
const read: TokenFileContents = readTokenFile(csv);
const bits: 128 | 256 = read.header.bits;
const batch: IdTokenBatch = tokenizeIds(secret, scheme, '11010519491231002X\n');
const width: 16 | 32 = batch.bytesPerToken;
const c: Comparison = compareTokenFiles(csv, writeTokenFile(t, 'jsonl'), { nameBirthDate: false, csv: true });
const rule: 'id' | 'name_birth_date' | undefined = c.inBoth[0]?.rule;
const canon = canonicalValue('name', '买买提 • 艾力');
if (canon.ok) console.log(canon.canonical.length);
console.log(fp, idToken, codes, bits, width, rule, c.counts.onlyA, c.csv?.length);

// @ts-expect-error: unknown scheme
tokenize(secret, 'md5', ['id'], []);
// @ts-expect-error: unknown field
tokenize(secret, scheme, ['passport'], []);
// @ts-expect-error: bits are 128 or 256
tokenize(secret, scheme, ['id'], [], { bits: 64 });
