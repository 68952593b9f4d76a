/** Number formatting: `exact` groups whole numbers itself (no ICU at start-up), and reads as toLocaleString('en-US') did. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, exact } from '../../src/core/values/format';
import { rangeText } from '../../src/core';

test('exact groups digits as en-US does, for every length and sign, and falls back for the rest', () => {
  const values = [0, -0, 7, -7, 999, 1000, -1000, 12345, 999999, 1000000, 25557032, -4089184256, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 1234.5678, -0.5, Infinity, -Infinity, NaN];
  for (let n = 1; n < 1e16; n = n * 10 + (n % 7)) values.push(n, -n);
  for (const n of values) assert.equal(exact(n), n.toLocaleString('en-US'), String(n));
  assert.equal(exact(null), '—');
});

test('times read in the unit their size calls for, one formatter for every surface (a range in its upper end\'s unit)', () => {
  assert.deepEqual([2345, 420, 42, 1.314, 0.18, 0.0018, 0.00022, 0.0000004].map(duration), ['2.35 s', '420 ms', '42.0 ms', '1.31 ms', '180 µs', '1.80 µs', '220 ns', '0.40 ns']);
  // The hover's range once read "0.00022–0.00035 ms" where the panel said µs.
  assert.equal(rangeText({ lowerMs: 0.00022, upperMs: 0.00035 }), '220–350 ns');
  assert.equal(rangeText({ lowerMs: 0.9, upperMs: 1.5 }), '0.90–1.50 ms');
  assert.equal(rangeText({ lowerMs: 0.12, upperMs: 0.35 }), '120–350 µs');
});
