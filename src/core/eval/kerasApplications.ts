/**
 * `keras.applications` (and tf.keras.applications): the model builders Keras 2 took from the keras_applications
 * package, read from that package where the user's environment installed it (Debian's python3-keras-applications
 * 1.0.8), with Keras's modules as its globals (host.kerasApplicationsGlobals). Nothing is read until a builder is
 * called; a builder that package does not have, or the package found nowhere, is said at the call: not known,
 * never an error.
 */
import { builtin } from './builtins';
import type { Evaluator } from './evaluator';
import { type CallSite, type ModuleValue, type RValue, int, opaque, tuple } from '../values/value';

/** Each builder Keras exports, by the keras_applications module that defines it. */
const BUILDERS: Record<string, string[]> = {
  vgg16: ['VGG16'], vgg19: ['VGG19'], resnet50: ['ResNet50'], resnet: ['ResNet50', 'ResNet101', 'ResNet152'], resnet_v2: ['ResNet50V2', 'ResNet101V2', 'ResNet152V2'],
  resnext: ['ResNeXt50', 'ResNeXt101'], inception_v3: ['InceptionV3'], inception_resnet_v2: ['InceptionResNetV2'], xception: ['Xception'],
  mobilenet: ['MobileNet'], mobilenet_v2: ['MobileNetV2'], densenet: ['DenseNet121', 'DenseNet169', 'DenseNet201'], nasnet: ['NASNetMobile', 'NASNetLarge'],
};

/** Builders later Keras versions export that keras_applications 1.0.8 does not have. */
const LATER = ['MobileNetV3Small', 'MobileNetV3Large', 'EfficientNetB0', 'EfficientNetB1', 'EfficientNetB2', 'EfficientNetB3', 'EfficientNetB4', 'EfficientNetB5',
  'EfficientNetB6', 'EfficientNetB7', 'EfficientNetV2B0', 'EfficientNetV2B1', 'EfficientNetV2B2', 'EfficientNetV2B3', 'EfficientNetV2S', 'EfficientNetV2M',
  'EfficientNetV2L', 'ConvNeXtTiny', 'ConvNeXtSmall', 'ConvNeXtBase', 'ConvNeXtLarge', 'ConvNeXtXLarge', 'RegNetX002', 'RegNetY002', 'DenseNet264'];

/** What the module needs of the host: whether a module is installed, and loading it. */
export interface ApplicationsHost {
  readonly interp: Evaluator;
  found(module: string): boolean;
  load(module: string): ModuleValue;
  /** A shape-keeping function, a layer of its own on Keras tensors (keras.ts opLayer). */
  preprocess(name: string): RValue;
}

/** keras.applications's attributes: the builders, and the submodules under their keras_applications names. */
export function kerasApplicationsModule(host: ApplicationsHost): Map<string, RValue> {
  const { interp } = host;
  const builder = (module: string, name: string): RValue => builtin(`keras.applications.${name}`, (args, kwargs, site) => {
    const full = `keras_applications.${module}`;
    if (!host.found(full)) return said(interp, `keras.applications.${name} is read from the keras_applications package, which is not installed in the Python environments Layer Lens searched`, site);
    const f = host.load(full).scope?.get(name);
    return f ? interp.call(f, args, kwargs, site) : said(interp, `keras_applications.${module} does not define ${name}`, site);
  });
  const out = new Map<string, RValue>();
  for (const [module, names] of Object.entries(BUILDERS)) {
    const sub = new Map<string, RValue>();
    for (const name of names) {
      const b = builder(module, name);
      out.set(name, b);
      sub.set(name, b);
    }
    out.set(module, { kind: 'module', name: `keras.applications.${module}`, attrs: sub });
  }
  // Each module's preprocess_input keeps its input's shape (a scaling); on Keras tensors a layer of no weights.
  for (const module of Object.keys(BUILDERS)) {
    const sub = (out.get(module) as ModuleValue).attrs!;
    sub.set('preprocess_input', host.preprocess(`keras.applications.${module}.preprocess_input`));
    sub.set('decode_predictions', builtin(`keras.applications.${module}.decode_predictions`, (_a, _k, site) => opaque('the labels of predictions', site)));
  }
  out.set('imagenet_utils', { kind: 'module', name: 'keras.applications.imagenet_utils', attrs: new Map<string, RValue>([
    ['correct_pad', builtin('keras.applications.imagenet_utils.correct_pad', ([x, k], _kw, site) => correctPad(x, k, site))],
    ['preprocess_input', host.preprocess('keras.applications.imagenet_utils.preprocess_input')],
  ]) });
  for (const name of LATER) {
    out.set(name, builtin(`keras.applications.${name}`, (_a, _k, site) => said(interp, `keras.applications.${name} is not in keras_applications 1.0.8, the source Layer Lens reads Keras's applications from: its model is not known`, site)));
  }
  return out;
}

/**
 * imagenet_utils.correct_pad(inputs, kernel_size): the zero padding a strided 'valid' convolution needs to act as
 * 'same' (channels last): one less before an even size, as Keras computes it.
 */
function correctPad(x: RValue | undefined, k: RValue | undefined, site: CallSite): RValue {
  const kernel = k?.kind === 'int' ? [k.value, k.value] : (k?.kind === 'tuple' || k?.kind === 'list') && k.items.every((v) => v.kind === 'int') ? k.items.map((v) => (v as { value: number }).value) : undefined;
  if (x?.kind !== 'tensor' || x.shape?.length !== 4 || kernel?.length !== 2) return opaque('correct_pad of an input or kernel size not known statically', site);
  const [, h, w] = x.shape;
  const pad = (n: number, size: number) => tuple([int(Math.floor(size / 2) - (1 - (n % 2))), int(Math.floor(size / 2))]);
  return tuple([pad(h, kernel[0]), pad(w, kernel[1])]);
}

/** A builder not read: a warning at the call, and a value not known. */
function said(interp: Evaluator, message: string, site: CallSite): RValue {
  interp.report.diagnostic('warning', message, site, 'keras-application-unknown');
  return opaque(message, site);
}
