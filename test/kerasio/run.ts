/**
 * Keras as its own documentation writes it (issue 32): published keras-io examples, each model's total params
 * against what its author's `model.summary()` printed. The examples are not in this repository; this folder holds
 * the printed figures (summaries.json) and this runner, which reads copies from a folder given on the command line:
 *
 *   node out/test/kerasio/run.js DIR     (DIR/<area>__<name>.py for examples/<area>/<name>.py; see README.md)
 *
 * A printed summary is matched to the model whose name is the receiver of its `X.summary()` (the n-th call in the
 * file), as Layer Lens names a model by the variable or call that holds it. Prints each summary's verdict and the
 * counts: exact, another figure (a mistake), not known (an honest null, the model said incomplete), red errors,
 * findings at line 1 and files that ended in an exception.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, summaryParams, type FileAnalysis } from '../../src/core';

interface Printed {
  repoPath: string;
  commit: string;
  /** Which of the file's printed summaries (0-based), and the receiver of that `X.summary()` call. */
  summary: number;
  receiver: string | null;
  /** The name after `Model:`, and the totals as printed. */
  model: string;
  total: number;
  trainable: number;
  nonTrainable: number;
}

const copyName = (repoPath: string) => repoPath.replace(/^examples\//, '').replace('/', '__');

function main(dir: string | undefined): number {
  if (!dir || !existsSync(dir)) {
    console.error('usage: node out/test/kerasio/run.js DIR  (copies of the examples: test/kerasio/README.md)');
    return 2;
  }
  const printed = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'kerasio', 'summaries.json'), 'utf8')) as Printed[];
  const counts = { summaries: 0, exact: 0, other: 0, unknown: 0, missingFile: 0, crashed: 0, redErrors: 0, atLine1: 0 };
  const byFile = new Map<string, Printed[]>();
  for (const p of printed) byFile.set(p.repoPath, [...(byFile.get(p.repoPath) ?? []), p]);
  for (const [repoPath, list] of byFile) {
    const file = path.resolve(dir, copyName(repoPath));
    counts.summaries += list.length;
    if (!existsSync(file)) {
      console.log(`${copyName(repoPath)}: no copy in ${dir}`);
      counts.missingFile += list.length;
      continue;
    }
    let analysis: FileAnalysis;
    try {
      // Only the file itself is read: the examples import nothing of their own, and keras is Layer Lens's.
      analysis = analyzeFile(file, { read: (p) => (p === file ? readFileSync(p, 'utf8') : undefined) });
    } catch (e) {
      console.log(`${copyName(repoPath)}: ended in an exception: ${e instanceof Error ? e.message : String(e)}`);
      counts.crashed++;
      continue;
    }
    const findings = [...analysis.diagnostics, ...analysis.models.flatMap((m) => m.diagnostics)].filter((d) => !d.file || d.file === file);
    counts.redErrors += findings.filter((d) => d.severity === 'error').length;
    counts.atLine1 += findings.filter((d) => d.line === 1).length;
    const models = analysis.models.filter((m) => !m.within);
    const taken = new Set<unknown>();
    for (const p of list) {
      const m = models.find((x) => !taken.has(x) && x.name === p.receiver);
      if (m) taken.add(m);
      const total = m ? summaryParams(m.totals) : null;
      const verdict = total === null ? 'not known' : total === p.total ? 'exact' : 'other';
      if (verdict === 'exact') counts.exact++;
      else if (verdict === 'other') counts.other++;
      else counts.unknown++;
      console.log(`${copyName(repoPath).padEnd(54)} ${p.model.padEnd(24)} printed ${String(p.total).padStart(9)}  Layer Lens ${String(total ?? '—').padStart(9)}  ${verdict}${m && !m.complete ? ' (incomplete)' : ''}`);
    }
  }
  console.log(`\n${counts.exact}/${counts.summaries} exact; ${counts.other} another figure; ${counts.unknown} not known (incomplete, said); ` +
    `${counts.missingFile} without a copy; ${counts.crashed} files ended in an exception; ${counts.redErrors} red errors; ${counts.atLine1} findings at line 1`);
  return counts.other + counts.crashed + counts.redErrors + counts.atLine1 > 0 ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
