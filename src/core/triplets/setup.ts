/**
 * A triplet-loss setup in code: P and K (`P, K = 16, 4`, `P = 16`), a P×K sampler (`batch_size=64,
 * num_instances=4`, RandomIdentitySampler-style), and the loss's mining strategy (batch-hard, batch-all).
 * Read from the selected text first; when the selection is about triplets but does not say P and K,
 * from the whole file.
 */
export interface TripletSetup {
  P: number;
  K: number;
  /** How P and K were found, in words. */
  source: string;
  mining?: 'batch-hard' | 'batch-all';
}

const TRIPLET_WORDS = /triplet|sampler|batch[_-]?(hard|all)|hardest_(positive|negative)|num_instances|identit/i;

function numbers(text: string): { P: number; K: number; source: string } | undefined {
  const pair = /\bP\s*,\s*K\s*=\s*(\d+)\s*,\s*(\d+)/.exec(text);
  if (pair) return { P: Number(pair[1]), K: Number(pair[2]), source: `P, K = ${pair[1]}, ${pair[2]}` };
  const p = /\b(?:P|num_identities|num_pids|p)\s*=\s*(\d+)\b/.exec(text);
  const k = /\b(?:K|num_instances|instances_per_identity|k)\s*=\s*(\d+)\b/.exec(text);
  const batch = /\bbatch_size\s*=\s*(\d+)\b/.exec(text);
  if (p && k) return { P: Number(p[1]), K: Number(k[1]), source: `${p[0].replace(/\s+/g, ' ')}, ${k[0].replace(/\s+/g, ' ')}` };
  if (batch && k && Number(k[1]) > 0 && Number(batch[1]) % Number(k[1]) === 0) {
    return { P: Number(batch[1]) / Number(k[1]), K: Number(k[1]), source: `batch_size = ${batch[1]} ÷ ${k[0].split('=')[0].trim()} = ${k[1]}` };
  }
  return undefined;
}

/** The strategy the code names (comments aside, which may compare both); none when it names both. */
function mining(text: string): TripletSetup['mining'] {
  const code = text.replace(/#.*$/gm, '');
  const all = /batch[_-]?all/i.test(code);
  const hard = /batch[_-]?hard|hardest_(positive|negative)/i.test(code);
  return all === hard ? undefined : all ? 'batch-all' : 'batch-hard';
}

export function findTripletSetup(selection: string, file: string): TripletSetup | undefined {
  if (!TRIPLET_WORDS.test(selection) && !/\bP\s*,\s*K\s*=/.test(selection)) return undefined;
  const own = numbers(selection);
  const found = own ?? numbers(file);
  if (!found || found.P < 1 || found.K < 1) return undefined;
  return { ...found, source: own ? found.source : `${found.source} (elsewhere in the file)`, mining: mining(selection) ?? mining(file) };
}
