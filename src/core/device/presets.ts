/**
 * Devices for the roofline latency range (./roofline.ts), as data: each preset's dense peak FLOP/s per dtype (no
 * with-sparsity figures: vendor tables often print those, 2× too high), its memory bandwidth, and the achievable
 * share of each, with where every number comes from. Users add their own in the layerLens.devices setting (or a
 * JSON file for the CLI), checked by parseDevices below.
 */

export interface DevicePreset {
  /** Short name for --device and settings: `a100`, `pixel1-cpu`. */
  name: string;
  title: string;
  /** Dense peak operations per second by dtype (FLOP/s; int8: op/s); null where the device has no such path. */
  peakFlops: { float32: number | null; float16: number | null; bfloat16: number | null; int8: number | null };
  /** Memory bandwidth, bytes per second. */
  bandwidth: number;
  /** Share of the peak a well-tuned large kernel reaches. */
  computeFraction: number;
  /** Share of the bandwidth a streaming kernel reaches. */
  bandwidthFraction: number;
  /** Where the numbers come from. */
  source: string;
}

/** The fractions a device gets without a measurement of its own: PyTorch's runtime estimators assume 75% of peak
 * FLOP/s (torch/utils/_runtime_estimation.py, torch/distributed/_tools/runtime_estimator.py); GPUs measure 77–92%
 * of their memory bandwidth in BabelStream and clpeak runs. */
const GPU = { computeFraction: 0.75, bandwidthFraction: 0.8 };
/** CPUs: STREAM reaches 67–78% of DRAM bandwidth (TI app notes SPRAD45A, SPRACV1B). */
const CPU = { computeFraction: 0.75, bandwidthFraction: 0.7 };

export const DEVICES: readonly DevicePreset[] = [
  {
    name: 'h100-sxm', title: 'NVIDIA H100 SXM5 80 GB',
    peakFlops: { float32: 66.9e12, float16: 989.4e12, bfloat16: 989.4e12, int8: 1978.9e12 }, bandwidth: 3.35e12,
    // Best-shape BF16 GEMM: 794.5 of 989 TFLOPS (stas00/ml-engineering, MAMF table); H100 NVL BabelStream 77–85%.
    computeFraction: 0.8, bandwidthFraction: 0.8,
    source: 'NVIDIA H100 datasheet (SXM; tensor figures without sparsity: half the starred ones); fp32 is the plain CUDA-core rate (TF32 tensor: 494.7 TFLOPS)',
  },
  {
    name: 'a100-sxm', title: 'NVIDIA A100 SXM4 80 GB',
    peakFlops: { float32: 19.5e12, float16: 312e12, bfloat16: 312e12, int8: 624e12 }, bandwidth: 2.039e12,
    // Best-shape BF16 GEMM: 271.2 of 312 TFLOPS (86.9%, stas00/ml-engineering); A100 memcopy 1,355 of 1,555 GB/s (87%).
    computeFraction: 0.85, bandwidthFraction: 0.85,
    source: 'NVIDIA A100 datasheet (nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf), dense figures',
  },
  {
    name: 'rtx4090', title: 'NVIDIA GeForce RTX 4090',
    // fp16/bf16 with fp32 accumulation, as PyTorch's GEMMs run (GeForce halves the fp16-accumulate rate of 330).
    peakFlops: { float32: 82.6e12, float16: 165.2e12, bfloat16: 165.2e12, int8: 660.6e12 }, bandwidth: 1.008e12,
    // clpeak measured 921 of 1,008 GB/s (krrishnarraj/clpeak issue 106).
    computeFraction: GPU.computeFraction, bandwidthFraction: 0.9,
    source: 'NVIDIA Ada specifications as tabulated by Tom\'s Hardware and waredb (dense tensor rates, fp32 accumulate); 384-bit GDDR6X at 21 Gbps',
  },
  {
    name: 'gtx1080ti', title: 'NVIDIA GeForce GTX 1080 Ti (ShuffleNet V2\'s GPU)',
    // Pascal: fp16 at 1/64 of fp32 (no fast path), no bf16; int8 by DP4A, 4× the fp32 op rate.
    peakFlops: { float32: 11.34e12, float16: null, bfloat16: null, int8: 45.4e12 }, bandwidth: 484e9,
    ...GPU,
    source: '3,584 CUDA cores × 2 × 1.582 GHz boost; 352-bit GDDR5X, 484 GB/s (NVIDIA specifications)',
  },
  {
    name: 'apple-m2-gpu', title: 'Apple M2 GPU (10 cores)',
    peakFlops: { float32: 3.579e12, float16: 3.579e12, bfloat16: null, int8: null }, bandwidth: 100e9,
    ...GPU,
    source: 'philipturner/metal-benchmarks (10 cores at 1,398 MHz; fp16 at the fp32 rate); Apple: 100 GB/s unified memory',
  },
  {
    name: 'apple-m1-gpu', title: 'Apple M1 GPU (8 cores)',
    peakFlops: { float32: 2.617e12, float16: 2.617e12, bfloat16: null, int8: null }, bandwidth: 68.3e9,
    ...GPU,
    source: 'Apple: 2.6 TFLOPS; philipturner/metal-benchmarks (8 cores at 1,278 MHz); LPDDR4X-4266 × 128 bits = 68.3 GB/s',
  },
  {
    name: 'snapdragon810-a57', title: 'Qualcomm Snapdragon 810, one Cortex-A57 core (ShuffleNet V2\'s ARM, single thread)',
    // ARMv8.0 NEON: one 128-bit FMA a cycle, 8 fp32 FLOPs; no fp16 arithmetic.
    peakFlops: { float32: 15.7e9, float16: null, bfloat16: null, int8: null }, bandwidth: 24.8e9,
    ...CPU,
    source: '8 FLOPs a cycle × 1.958 GHz (vfpbench, wlog.flatlib.jp); 2 × 32-bit LPDDR4 at 1,555 MHz, 24.8 GB/s (AnandTech, Snapdragon 810 preview)',
  },
  {
    name: 'pixel1-cpu', title: 'Google Pixel 1, one big Kryo core (MobileNetV2\'s and MnasNet\'s phone)',
    peakFlops: { float32: 17.2e9, float16: null, bfloat16: null, int8: null }, bandwidth: 29.8e9,
    ...CPU,
    source: 'Snapdragon 821 (MSM8996 Pro-AB): 8 FLOPs a cycle × 2.15 GHz (vfpbench); 2 × 32-bit LPDDR4-1866, 29.8 GB/s (aggregator figure: low confidence)',
  },
  {
    name: 'rpi4', title: 'Raspberry Pi 4 (4 × Cortex-A72, 1.5 GHz)',
    peakFlops: { float32: 48e9, float16: null, bfloat16: null, int8: null }, bandwidth: 12.8e9,
    // STREAM on a Pi 4 reached 5.56 of 12.8 GB/s (sci-pi.org.uk); the board's memory may run at 2,000 MT/s.
    computeFraction: CPU.computeFraction, bandwidthFraction: 0.45,
    source: '4 cores × 1.5 GHz × 8 FLOPs a cycle (vfpbench, Cortex-A72); 32-bit LPDDR4-3200 (Raspberry Pi Beginner\'s Guide)',
  },
  {
    name: 'rpi5', title: 'Raspberry Pi 5 (4 × Cortex-A76, 2.4 GHz)',
    // Two 128-bit FMA pipes (LLVM's Neoverse N1 model, copied from the A76): 16 FLOPs a cycle.
    peakFlops: { float32: 153.6e9, float16: null, bfloat16: null, int8: null }, bandwidth: 17.07e9,
    ...CPU,
    source: '4 cores × 2.4 GHz × 16 FLOPs a cycle (llvm AArch64SchedNeoverseN1.td); 32-bit LPDDR4X-4267 (Raspberry Pi 5 announcement)',
  },
];

/** A preset or a user device by name (case-insensitive). */
export function findDevice(name: string, user: readonly DevicePreset[] = []): DevicePreset | undefined {
  const n = name.trim().toLowerCase();
  return [...user, ...DEVICES].find((d) => d.name.toLowerCase() === n);
}

/** The fractions a user device gets when it does not give its own (the GPU presets' defaults, docs/conventions.md). */
export const DEFAULT_FRACTIONS = GPU;

const DTYPES = ['float32', 'float16', 'bfloat16', 'int8'] as const;

/**
 * User devices (the layerLens.devices setting, a --devices JSON file): each checked field by field; a bad one is
 * left out with a message naming it and the field, the others are kept.
 */
export function parseDevices(raw: unknown): { devices: DevicePreset[]; problems: string[] } {
  const out: { devices: DevicePreset[]; problems: string[] } = { devices: [], problems: [] };
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) return { devices: [], problems: ['devices must be a list of objects'] };
  raw.slice(0, 100).forEach((d: unknown, i) => {
    const at = `device ${i + 1}`;
    if (typeof d !== 'object' || d === null || Array.isArray(d)) return void out.problems.push(`${at}: not an object`);
    const x = d as Record<string, unknown>;
    const own = (k: string) => (Object.hasOwn(x, k) ? x[k] : undefined);
    const name = own('name');
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(name)) return void out.problems.push(`${at}: 'name' must be 1–40 letters, digits, '.', '_' or '-'`);
    const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
    const fraction = (k: string, fallback: number) => {
      const v = own(k);
      if (v === undefined) return fallback;
      if (typeof v === 'number' && v > 0 && v <= 1) return v;
      out.problems.push(`${name}: '${k}' must be a number above 0 and at most 1`);
      return undefined;
    };
    const peaks = own('peakFlops');
    if (typeof peaks !== 'object' || peaks === null) return void out.problems.push(`${name}: 'peakFlops' must be an object of FLOP/s by dtype, such as {"float32": 1.9e13}`);
    const peakFlops = { float32: null, float16: null, bfloat16: null, int8: null } as DevicePreset['peakFlops'];
    for (const t of DTYPES) {
      const v = Object.hasOwn(peaks, t) ? (peaks as Record<string, unknown>)[t] : undefined;
      if (v === undefined || v === null) continue;
      if (!positive(v)) return void out.problems.push(`${name}: 'peakFlops.${t}' must be a positive number of operations per second`);
      peakFlops[t] = v as number;
    }
    if (DTYPES.every((t) => peakFlops[t] === null)) return void out.problems.push(`${name}: 'peakFlops' gives no dtype's peak`);
    const bandwidth = own('bandwidth');
    if (!positive(bandwidth)) return void out.problems.push(`${name}: 'bandwidth' must be a positive number of bytes per second`);
    const computeFraction = fraction('computeFraction', DEFAULT_FRACTIONS.computeFraction);
    const bandwidthFraction = fraction('bandwidthFraction', DEFAULT_FRACTIONS.bandwidthFraction);
    if (computeFraction === undefined || bandwidthFraction === undefined) return;
    const title = own('title');
    const source = own('source');
    out.devices.push({
      name, title: typeof title === 'string' && title.trim() ? title.trim().slice(0, 80) : name, peakFlops, bandwidth: bandwidth as number, computeFraction, bandwidthFraction,
      source: typeof source === 'string' && source.trim() ? source.trim().slice(0, 200) : 'your settings',
    });
  });
  return out;
}
