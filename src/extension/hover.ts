/**
 * Hover cards on layer calls and functional operations: the layer in words, its figures in the model that runs it
 * (summed over that model's calls, params per instance and in all), the shapes each call sees, the formula with
 * the numbers filled in, and where the input came from. On a line that also writes functional operations
 * (a matmul, an attention, a residual add), their rows too.
 */
import * as vscode from 'vscode';
import {
  bytes, exact, hoverAt, rangeText, topicForName, type CallCard, type LineRows, type NotesTopic, type OperationResult, type PlacedModel,
} from '../core';
import { DocumentStore } from './documents';
import { alignedTable, contextLine, contextText, inputSourceText, modelSourceText, operationText } from './format';
import { Config } from './config';

/** How long a hover waits for the engine before it says the figures are on their way. */
const HOVER_WAIT_MS = 250;

export class LayerHoverProvider implements vscode.HoverProvider {
  static register(store: DocumentStore): vscode.Disposable {
    return vscode.languages.registerHoverProvider({ language: 'python' }, new LayerHoverProvider(store));
  }

  constructor(private readonly store: DocumentStore) {}

  /**
   * From what is known for this version when the lines were asked about already (the CodeLens asks for the
   * lines on screen): no waiting. Otherwise the engine is asked, and a hover it cannot answer within HOVER_WAIT_MS
   * says it is still working instead of holding the card.
   */
  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const want = DocumentStore.hoverLines(pos.line + 1);
    let lines = this.store.known(doc, want.from, want.to);
    if (!lines) {
      const asked = this.store.lines(doc, want.from, want.to);
      lines = await Promise.race([asked, new Promise<undefined>((r) => setTimeout(() => r(undefined), HOVER_WAIT_MS))]);
      if (!lines) return this.pending(doc, pos);
    }
    const device = Config.device();
    const facts = hoverAt(lines, { line: pos.line + 1, offset: doc.offsetAt(pos), lineText: (l) => doc.lineAt(l - 1).text }, { device, dtype: Config.analysis().dtype ?? 'float32' });
    if (!facts) return this.topicHover(doc, pos);
    const md = trusted();
    // The line that binds a model built elsewhere (`model = torchvision.models.resnet18()`): the model's card.
    if (facts.placed) modelRows(md, facts.placed, !!facts.call || !!facts.operations.length);
    // A line that builds several layers: a row each and their sum first (what the lens sums), then the card of
    // the one under the cursor.
    if (facts.line) lineRows(md, facts.line);
    if (facts.call) card(md, facts.call, device?.title);
    if (facts.operations.length) operationRows(md, facts.operations, !!facts.call);
    const range = facts.range === 'line' ? doc.lineAt(pos.line).range : new vscode.Range(doc.positionAt(facts.range.from), doc.positionAt(facts.range.to));
    return new vscode.Hover(md, range);
  }

  /** The engine is still on this version: say so on a line that may be a layer's (the card follows on the next hover). */
  private pending(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!/\(/.test(doc.lineAt(pos.line).text)) return this.topicHover(doc, pos);
    const busy = this.store.engineState.busy;
    const md = new vscode.MarkdownString(`$(loading~spin) ${vscode.l10n.t('Layer Lens is still evaluating this file; its figures show on the next hover.')}`);
    md.supportThemeIcons = true;
    if (busy) md.appendMarkdown(`\n\n_${escape(vscode.l10n.t('Now on {0} in {1}, line {2}.', busy.name, vscode.workspace.asRelativePath(busy.file), busy.line))}_`);
    return new vscode.Hover(md, doc.lineAt(pos.line).range);
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

/** The layer call's card. */
function card(md: vscode.MarkdownString, k: CallCard, device: string | undefined): void {
  const c = k.call;
  const keras = c.framework === 'keras';
  const about = c.description;
  md.appendMarkdown(`**${c.type}**${keras ? ' (Keras)' : ''}${about !== c.type ? ` — ${escape(about)}` : ''}\n\n`);
  md.appendMarkdown(`${escape(contextLine(c))}\n\n`);
  for (const d of c.diagnostics) md.appendMarkdown(`$(error) ${escape(d.message)}\n\n`);
  const params = c.params !== null ? exact(c.params) : c.paramsFormula ? `\`${c.paramsFormula}\`` : '—';
  const withFrozen = c.nonTrainable ? ` (+ ${exact(c.nonTrainable)} ${vscode.l10n.t('non-trainable')})` : '';
  const inAll = c.instances > 1 ? ` × ${c.instances} = ${exact(c.paramsTotal)}` : '';
  const calls = c.callCount > 1 ? ` (${vscode.l10n.t('{0} calls', c.callCount)})` : '';
  md.appendMarkdown(`${alignedTable(['params', `Mult-Adds${calls}`, 'FLOPs', 'MAC (memory access)'], [[`${params}${withFrozen}${inAll}`, exact(c.multAdds), exact(c.flops), `${exact(c.memoryAccessCost)} (${bytes(c.memoryAccessBytes)})`]], 0)}\n\n`);
  // Each call's shapes, when they differ (a block used at four resolutions).
  if (k.shapes.length) md.appendMarkdown(`${k.shapes.slice(0, 6).map((s) => `\`${s}\``).join(' · ')}${k.shapes.length > 6 ? ' …' : ''}\n\n`);
  if (k.formula) {
    md.appendMarkdown(`Mult-Adds = ${k.formula.symbols} = ${k.formula.numbers}\n\n`);
    for (const n of k.formula.notes) md.appendMarkdown(`${escape(n)}\n\n`);
  }
  const onDevice = device !== undefined ? timeLine(k, device) : undefined;
  if (onDevice) md.appendMarkdown(`${onDevice}\n\n`);
  if (c.assumptions.length) md.appendMarkdown(`_Assuming ${escape(c.assumptions.join(', '))}._\n\n`);
  else if (c.unknownReason && !c.diagnostics.length) md.appendMarkdown(`_${escape(c.unknownReason)}_\n\n`);
  // The layer's own section, and ShuffleNet's for what MAC means.
  const links = [k.topic ? notesLink(k.topic) : undefined, k.macTopic ? notesLink(k.macTopic, `MAC: ${vscode.l10n.t('memory access cost')} (ShuffleNet V2)`) : undefined];
  md.appendMarkdown(links.filter(Boolean).join(' · '));
}

/** One line: the call's time on the chosen device (layerLens.device), as a range, and whether memory or compute bounds it. */
function timeLine(k: CallCard, device: string): string | undefined {
  const l = k.time;
  if (!l) return undefined;
  if ('problem' in l) return `$(clock) ${escape(l.problem)}`;
  const bound = l.bound === 'memory' ? vscode.l10n.t('memory-bound') : vscode.l10n.t('compute-bound');
  return `$(clock) ${vscode.l10n.t('{0} on {1}, {2}', rangeText(l), escape(device), bound)} · _${vscode.l10n.t('a range, not a prediction')}_`;
}

/** Every layer a line builds, a row each, and their sum (`nn.Sequential(nn.Linear(…), nn.GELU(), nn.Linear(…))`). */
function lineRows(md: vscode.MarkdownString, r: LineRows): void {
  const l = r.sum;
  const rows = l.layers.map((c, i) => [c.type, r.io[i], exact(c.paramsTotal), exact(c.multAdds), exact(c.memoryAccessCost)]);
  rows.push([vscode.l10n.t('all {0}', l.layers.length), '', exact(l.params), exact(l.multAdds), exact(l.memoryAccessCost)]);
  const times = l.callCount !== null && l.callCount > 1 ? ` (${vscode.l10n.t('{0} calls', l.callCount)})` : '';
  md.appendMarkdown(`**${vscode.l10n.t('Layers on this line')}**${times} — ${escape(contextText(l.layers[0]))}\n\n`);
  md.appendMarkdown(`${alignedTable(['layer', 'input → output', 'params', 'Mult-Adds', 'MAC'], rows, 2)}\n\n---\n\n`);
}

/** A model's totals, its input and where it was read from, as the lens on its line sums it up. */
function modelRows(md: vscode.MarkdownString, p: PlacedModel, more: boolean): void {
  const m = p.summary;
  md.appendMarkdown(`**${escape(m.name)}**${m.complete ? '' : ` (${vscode.l10n.t('incomplete')})`}\n\n`);
  const from = modelSourceText(m);
  if (from) md.appendMarkdown(`$(package) ${escape(from)}\n\n`);
  if (!m.complete && m.problem) md.appendMarkdown(`$(warning) ${escape(m.problem)}\n\n`);
  const t = m.totals;
  const params = t.nonTrainable ? `${exact(t.params)} (+ ${exact(t.nonTrainable)} ${vscode.l10n.t('non-trainable')})` : exact(t.params);
  const most = m.atBound ? '≤ ' : '';
  md.appendMarkdown(`${alignedTable(['params', 'Mult-Adds', 'FLOPs', 'MAC (memory access)'], [[params, most + exact(t.multAdds), most + exact(t.flops), most + exact(t.memoryAccessCost)]], 0)}\n\n`);
  if (m.atBound && p.atBoundAt) md.appendMarkdown(`$(info) ${escape(vscode.l10n.t('Costs at most these, from {0}: {1}', p.atBoundAt, m.atBound.message))}\n\n`);
  md.appendMarkdown(`${escape(vscode.l10n.t('Input {0} ({1})', p.input, inputSourceText(m.inputSource, m.framework)))}${more ? '\n\n---\n\n' : ''}`);
}

/** The functional operations of the line, each in its context. */
function operationRows(md: vscode.MarkdownString, ops: OperationResult[], afterCard: boolean): void {
  md.appendMarkdown(`${afterCard ? '\n\n---\n\n' : ''}**${vscode.l10n.t('Operations on this line')}** — ${escape(contextText(ops[0]))}\n\n`);
  for (const o of ops) md.appendMarkdown(`- ${operationText(o)}\n`);
}

/** Markdown-escape text that comes from code (argument values, messages). */
function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|#]/g, (ch) => `\\${ch}`);
}
