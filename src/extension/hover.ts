/** Hover cards on layer calls: the layer in words, its figures, shapes and the formula with the user's numbers. */
import * as vscode from 'vscode';
import { describeCall, multAddsFormula, notesTopic } from '../core/cost/explain';
import { bytes, exact, shape } from '../core/cost/format';
import type { CallResult } from '../core/results';
import type { DocumentStore } from './documents';

export class LayerHoverProvider implements vscode.HoverProvider {
  static register(store: DocumentStore): vscode.Disposable {
    return vscode.languages.registerHoverProvider({ language: 'python' }, new LayerHoverProvider(store));
  }

  constructor(private readonly store: DocumentStore) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const offset = doc.offsetAt(pos);
    // The innermost call under the cursor: nn.Sequential(nn.Conv2d(…)) shows the conv over its own text.
    const hits = this.store.analysis(doc).calls.filter((c) => c.span.from <= offset && offset < c.span.to);
    const call = hits.sort((a, b) => a.span.to - a.span.from - (b.span.to - b.span.from))[0];
    if (!call) return undefined;
    const md = card(call);
    // How often forward runs this layer, from model results already computed for this version (CodeLens resolves them).
    for (const m of this.store.cachedModels(doc) ?? []) {
      const rows = m.layers.filter((l) => l.file === doc.uri.fsPath && l.line === call.line && l.type === call.type);
      if (rows.length === 0) continue;
      const total = rows.reduce((a, l) => a + l.multAdds, 0);
      const paths = [...new Set(rows.map((l) => l.path))];
      md.appendMarkdown(`\n\nIn ${escape(m.name)}: built ${paths.length === 1 ? 'once' : `${paths.length} times`}, called ${rows.length === 1 ? 'once' : `${rows.length} times`} · Mult-Adds ${exact(total)} in all`);
    }
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(call.span.from), doc.positionAt(call.span.to)));
  }
}

function card(c: CallResult): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${c.type}** — ${escape(describeCall(c))}\n\n`);
  for (const d of c.diagnostics) md.appendMarkdown(`$(error) ${escape(d.message)}\n\n`);
  const params = c.params !== null ? exact(c.params) : c.paramsFormula ? `\`${c.paramsFormula}\`` : '—';
  md.appendMarkdown('| params | Mult-Adds | FLOPs | MAC (memory access) |\n|---:|---:|---:|---:|\n');
  md.appendMarkdown(`| ${params} | ${exact(c.multAdds)} | ${exact(c.flops)} | ${exact(c.memoryAccessCost)} (${bytes(c.memoryAccessBytes)}) |\n\n`);
  if (c.outputShape) {
    const source = c.inputSource?.kind === 'annotation' ? `annotated on line ${c.inputSource.line}` : 'default input (annotate: `# layer-lens: input …`)';
    md.appendMarkdown(`${shape(c.inputShape)} → ${shape(c.outputShape)} · ${source}\n\n`);
  }
  const f = multAddsFormula(c);
  if (f) {
    md.appendMarkdown(`Mult-Adds = ${f.symbols} = ${f.numbers}\n\n`);
    for (const n of f.notes) md.appendMarkdown(`${escape(n)}\n\n`);
  }
  if (c.assumptions.length) md.appendMarkdown(`_Assuming ${escape(c.assumptions.join(', '))}._\n\n`);
  else if (c.unknownReason && !c.diagnostics.length) md.appendMarkdown(`_${escape(c.unknownReason)}_\n\n`);
  const topic = notesTopic(c);
  if (topic) md.appendMarkdown(`Notes: ${topic}`);
  md.supportThemeIcons = true;
  return md;
}

/** Markdown-escape text that comes from code (argument values, messages). */
function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|#]/g, (ch) => `\\${ch}`);
}
