/**
 * CodeLens: one compact lens per layer line (params · Mult-Adds · MAC), and one per model class or factory
 * with its totals, resolved lazily. Positions come from the analysis of the current version only, so a
 * lens never shows a stale number; lines keep their lens while the user types on other lines.
 */
import * as vscode from 'vscode';
import { compact, shape } from '../core/cost/format';
import type { DocumentStore } from './documents';

class ModelLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly doc: vscode.TextDocument, readonly modelName: string) {
    super(range);
  }
}

export class LayerCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  static register(store: DocumentStore): vscode.Disposable {
    const provider = new LayerCodeLensProvider(store);
    return vscode.Disposable.from(
      vscode.languages.registerCodeLensProvider({ language: 'python' }, provider),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('layerLens') && provider.changed.fire()),
      provider.changed,
    );
  }

  constructor(private readonly store: DocumentStore) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('layerLens').get<boolean>('codeLens.enabled', true)) return [];
    const lenses: vscode.CodeLens[] = [];
    const seenLines = new Set<number>();
    for (const c of this.store.analysis(doc).calls) {
      if (c.category === 'container' || seenLines.has(c.line)) continue;
      seenLines.add(c.line);
      const range = new vscode.Range(c.line - 1, 0, c.line - 1, 0);
      const title = c.multAdds !== null || c.params !== null
        ? `${c.type}: params ${compact(c.params)} · Mult-Adds ${compact(c.multAdds)} · MAC ${compact(c.memoryAccessCost)}`
        : `${c.type}: ${c.diagnostics[0]?.message ?? c.unknownReason ?? 'not known statically'}`;
      lenses.push(new vscode.CodeLens(range, { title, command: '' }));
    }
    // A lens for every class or factory that can be built without arguments; its totals are resolved lazily.
    const text = doc.getText();
    for (const m of text.matchAll(/^(class|def)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) {
      if (m[2].startsWith('_')) continue;
      const line = doc.positionAt(m.index!).line;
      lenses.push(new ModelLens(new vscode.Range(line, 0, line, 0), doc, `${m[2]}()`));
    }
    return lenses;
  }

  resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    if (!(lens instanceof ModelLens)) return lens;
    const m = this.store.models(lens.doc).models.find((x) => x.name === lens.modelName);
    if (!m) {
      lens.command = { title: '', command: '' };
      return lens;
    }
    const t = m.totals;
    const title = m.complete
      ? `Model: params ${compact(t.params)} · Mult-Adds ${compact(t.multAdds)} · FLOPs ${compact(t.flops)} · MAC ${compact(t.memoryAccessCost)} · input ${m.input.map(shape).join(', ')}`
      : `Model (incomplete): ${m.diagnostics.find((d) => d.severity !== 'info')?.message ?? 'see Problems'}`;
    lens.command = { title, command: 'layerLens.analyzeFile' };
    return lens;
  }
}
