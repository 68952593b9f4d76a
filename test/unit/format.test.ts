/** Number formatting: `exact` groups whole numbers itself (no ICU at start-up), and reads as toLocaleString('en-US') did. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exact } from '../../src/core/cost/format';

test('exact groups digits as en-US does, for every length and sign, and falls back for the rest', () => {
  const values = [0, -0, 7, -7, 999, 1000, -1000, 12345, 999999, 1000000, 25557032, -4089184256, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 1234.5678, -0.5, Infinity, -Infinity, NaN];
  for (let n = 1; n < 1e16; n = n * 10 + (n % 7)) values.push(n, -n);
  for (const n of values) assert.equal(exact(n), n.toLocaleString('en-US'), String(n));
  assert.equal(exact(null), '—');
});
