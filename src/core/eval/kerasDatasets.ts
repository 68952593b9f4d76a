/**
 * keras.datasets: what `load_data()` gives, as shapes (the values are the data's, never read). The sizes are the
 * published datasets': a model fed `x_train` or built on `x_train.shape[1:]` gets its input from the code. The
 * text datasets (imdb, reuters) give sequences of any length: only their labels' shapes are known.
 */
import { builtin } from './builtins';
import { type RValue, type TensorValue, opaque, tuple } from '../values/value';

const array = (shape: number[], dtype: string): TensorValue => ({ kind: 'tensor', shape, dtype, numpy: true });

/** (train, test) sizes and each example's shape, by dataset. */
const IMAGES: Record<string, { train: number; test: number; x: number[]; y: number[]; dtype: string }> = {
  mnist: { train: 60000, test: 10000, x: [28, 28], y: [], dtype: 'uint8' },
  fashion_mnist: { train: 60000, test: 10000, x: [28, 28], y: [], dtype: 'uint8' },
  cifar10: { train: 50000, test: 10000, x: [32, 32, 3], y: [1], dtype: 'uint8' },
  cifar100: { train: 50000, test: 10000, x: [32, 32, 3], y: [1], dtype: 'uint8' },
  // 506 houses, 13 features; test_split=0.2 leaves 404 for training.
  boston_housing: { train: 404, test: 102, x: [13], y: [], dtype: 'float64' },
};

const TEXT: Record<string, { train: number; test: number }> = { imdb: { train: 25000, test: 25000 }, reuters: { train: 8982, test: 2246 } };

export function kerasDatasetsModule(): Map<string, RValue> {
  const out = new Map<string, RValue>();
  for (const [name, d] of Object.entries(IMAGES)) {
    const load = builtin(`keras.datasets.${name}.load_data`, () => {
      const split = (n: number) => tuple([array([n, ...d.x], d.dtype), array([n, ...d.y], name === 'boston_housing' ? 'float64' : 'uint8')]);
      return tuple([split(d.train), split(d.test)]);
    });
    out.set(name, { kind: 'module', name: `keras.datasets.${name}`, attrs: new Map([['load_data', load]]) });
  }
  for (const [name, d] of Object.entries(TEXT)) {
    const load = builtin(`keras.datasets.${name}.load_data`, (_a, _k, site) => {
      const split = (n: number) => tuple([opaque(`${name}'s texts, sequences of word ids whose lengths only the data decides`, site), array([n], 'int64')]);
      return tuple([split(d.train), split(d.test)]);
    });
    out.set(name, { kind: 'module', name: `keras.datasets.${name}`, attrs: new Map([['load_data', load]]) });
  }
  return out;
}
