/** Hover cards on layer calls: the layer in words, its figures, shapes and the formula with the user's numbers. */
import * as vscode from 'vscode';
import { describeCall, multAddsFormula } from '../core/cost/explain';
import { topicById, topicForCall, topicForName, type NotesTopic } from '../core/notes/topics';
import { bytes, exact, shape } from '../core/cost/format';
import type { CallResult } from '../core/results';
import type { DocumentStore } from './documents';
import { kerasShape } from './codeLens';

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
    if (!call) return this.kerasHover(doc, pos) ?? this.topicHover(doc, pos);
    const md = card(call, doc.lineAt(call.line - 1).text);
    // How often forward runs this layer, from model results already computed for this version (CodeLens resolves them).
    for (const m of this.store.cachedModels(doc) ?? []) {
      const rows = m.layers.filter((l) => l.file === doc.uri.fsPath && l.line === call.line && l.type === call.type);
      if (rows.length === 0) continue;
      const total = rows.reduce((a, l) => a + l.multAdds, 0);
      const paths = [...new Set(rows.map((l) => l.path))];
      // The shapes this layer really sees in the model (the figures above use the call's own input).
      const shapes = rows.length === 1 ? ` · ${shape(rows[0].inputShape)} → ${shape(rows[0].outputShape)}` : '';
      md.appendMarkdown(`\n\nIn ${escape(m.name)} on ${m.input.map(shape).join(', ')}: built ${paths.length === 1 ? 'once' : `${paths.length} times`}, called ${rows.length === 1 ? 'once' : `${rows.length} times`}${shapes} · Mult-Adds ${exact(total)} in all`);
    }
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(call.span.from), doc.positionAt(call.span.to)));
  }

  /** A Keras layer's line: its figures from the models already evaluated for this version (CodeLens evaluates them). */
  private kerasHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const models = this.store.cachedModels(doc)?.filter((m) => m.framework === 'keras') ?? [];
    for (const m of models) {
      const calls = m.layers.filter((l) => l.file === doc.uri.fsPath && l.line === pos.line + 1 && l.type !== 'InputLayer');
      if (!calls.length) continue;
      const l = calls[0];
      const md = trusted();
      md.appendMarkdown(`**${l.type}** (Keras) — ${escape(l.path)} in ${escape(m.name)}\n\n`);
      const total = (f: (x: typeof l) => number) => calls.reduce((a, x) => a + f(x), 0);
      md.appendMarkdown('| params | Mult-Adds | FLOPs | MAC (memory access) |\n|---:|---:|---:|---:|\n');
      const params = l.nonTrainable ? `${exact(l.params + l.nonTrainable)} (${exact(l.params)} trainable)` : exact(l.params);
      md.appendMarkdown(`| ${params} | ${exact(total((x) => x.multAdds))} | ${exact(total((x) => x.flops))} | ${exact(total((x) => x.memoryAccessCost))} |\n\n`);
      md.appendMarkdown(`${kerasShape(l.inputShape)} → ${kerasShape(l.outputShape)}${calls.length > 1 ? ` · called ${calls.length} times` : ''}\n\n`);
      const topic = l.category === 'conv' && l.type.startsWith('Depthwise') ? topicById('mobilenet') : l.category === 'norm' ? topicById('normalization') : l.category === 'rnn' ? topicById('lstm') : l.category === 'conv' ? topicById('convolution') : undefined;
      md.appendMarkdown([topic ? notesLink(topic) : undefined, notesLink(topicById('shufflenet')!, `MAC: ${vscode.l10n.t('memory access cost')} (ShuffleNet V2)`)].filter(Boolean).join(' · '));
      return new vscode.Hover(md, doc.lineAt(pos.line).range);
    }
    return undefined;
  }

  /** Not a layer, but a name the notes cover (a triplet or focal loss, a P×K sampler, an SE block): a link to them. */
  private topicHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const range = doc.getWordRangeAtPosition(pos, /[A-Za-z_][A-Za-z0-9_]*/);
    const topic = range && topicForName(doc.getText(range));
    if (!topic) return undefined;
    const md = trusted();
    md.appendMarkdown(notesLink(topic));
    return new vscode.Hover(md, range);
  }
}

/** Hover markdown that may run only the notes command (its links). */
function trusted(): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = { enabledCommands: ['layerLens.openNotes'] };
  md.supportThemeIcons = true;
  return md;
}

/** `$(book) Open in notes: MobileNet` as a command link to the notes' section. */
function notesLink(topic: NotesTopic, label = `${vscode.l10n.t('Open in notes')}: ${topic.title}`): string {
  const args = encodeURIComponent(JSON.stringify([{ topic: topic.id }]));
  return `[$(book) ${label}](command:layerLens.openNotes?${args} "${topic.title}")`;
}

function card(c: CallResult, line: string): vscode.MarkdownString {
  const md = trusted();
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
  // The layer's own section, and ShuffleNet's for what MAC means.
  const topic = topicForCall(c, line);
  const links = [topic ? notesLink(topic) : undefined, notesLink(topicById('shufflenet')!, `MAC: ${vscode.l10n.t('memory access cost')} (ShuffleNet V2)`)];
  md.appendMarkdown(links.filter(Boolean).join(' · '));
  return md;
}

/** Markdown-escape text that comes from code (argument values, messages). */
function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|#]/g, (ch) => `\\${ch}`);
}
