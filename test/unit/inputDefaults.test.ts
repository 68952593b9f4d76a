/** What a model input the user gives (`--input 8x3x299x299`) also sets for the layer lines no model runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_INPUTS, inputDefaultsFrom } from '../../src/core';

test('an image input sets the batch and the image size; a sequence input sets the batch and the length', () => {
  assert.deepEqual(inputDefaultsFrom(undefined), DEFAULT_INPUTS);
  assert.deepEqual(inputDefaultsFrom([8, 3, 299, 299]), { ...DEFAULT_INPUTS, batch: 8, imageSize: 299 });
  // (batch, length, features): the length, and the last dimension read as an image size too (a 3-D shape is either).
  assert.deepEqual(inputDefaultsFrom([4, 100, 512]), { ...DEFAULT_INPUTS, batch: 4, imageSize: 512, sequenceLength: 100 });
  assert.deepEqual(inputDefaultsFrom([2, 77]), { ...DEFAULT_INPUTS, batch: 2, sequenceLength: 77 });
  // The defaults given are kept where the input says nothing.
  assert.deepEqual(inputDefaultsFrom([16, 10], { ...DEFAULT_INPUTS, channels: 3 }).channels, 3);
});
