/** Polling for what the editor does in its own time (a worker's answer, diagnostics published). */

/** The first truthy value `probe` gives, polled every 20 ms; fails after `ms` naming `what`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 25_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Sets `layerLens` settings (undefined removes one) and returns once the extension has been told of each: VS Code
 * may fire the change event after `update` resolves, and a change of an engine setting restarts the worker, so a
 * test that goes on before that sees the next test's work restarted.
 */
export async function configure(settings: Record<string, unknown>): Promise<void> {
  const vscode = await import('vscode');
  const told = new Set<string>();
  const listener = vscode.workspace.onDidChangeConfiguration((e) => {
    for (const key of Object.keys(settings)) if (e.affectsConfiguration(`layerLens.${key}`)) told.add(key);
  });
  try {
    const config = vscode.workspace.getConfiguration('layerLens');
    const changing = Object.keys(settings).filter((key) => config.inspect(key)?.globalValue !== settings[key]);
    for (const key of changing) await config.update(key, settings[key], vscode.ConfigurationTarget.Global);
    await until(`VS Code to report the change of ${changing.join(', ')}`, () => changing.every((key) => told.has(key)), 5_000);
    // The extension's own listener runs in the same dispatch; a turn of the loop lets what it started begin.
    await new Promise((r) => setTimeout(r, 0));
  } finally {
    listener.dispose();
  }
}
