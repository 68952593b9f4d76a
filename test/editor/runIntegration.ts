/**
 * Runs the extension's Mocha suite (test/integration/suite) inside code-server's extension host, as
 * @vscode/test-electron's runTests does in a desktop VS Code: the extension under development and the
 * tests go in as the URL payload, and the exit code comes back through the smoke-test driver.
 * Exit code: the suite's (0 when every test passed).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, remote, startCodeServer, stopCodeServer } from './codeServer';

const ROOT = path.resolve(__dirname, '../../..');
const TIMEOUT_MS = 240_000;

async function main(): Promise<number> {
  const started = Date.now();
  // Another entry (the bench's editor part) may be given, with environment variables for it.
  const tests = path.resolve(process.argv[2] ?? path.join(ROOT, 'out/test/integration/suite/index.js'));
  const env: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LAYER_LENS_BENCH')) as [string, string][]);
  if (!existsSync(tests) || !existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('build first: npm run build && tsc -p tsconfig.editor.json');
  const cs = await startCodeServer({ extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
  const browser = await launchBrowser(cs.runDir);
  let code = 3;
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    let done!: (r: { code: number; logs?: { relativePath: string; contents: string }[] }) => void;
    const exited = new Promise<{ code: number; logs?: { relativePath: string; contents: string }[] }>((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', () => undefined);
    await page.exposeFunction('codeAutomationExit', (c: number, logs: { relativePath: string; contents: string }[]) => done({ code: c, logs }));
    const report = path.join(cs.runDir, 'mocha-report.txt');
    const payload = [
      ['extensionDevelopmentPath', remote(cs, ROOT)],
      ['extensionTestsPath', remote(cs, tests)],
      ['extensionEnvironment', JSON.stringify({ MOCHA_REPORT_FILE: report, ...env })],
    ];
    const url = `${cs.url}/?folder=${encodeURIComponent(path.join(ROOT, 'samples'))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { timeout: 60_000 });
    const timeout = new Promise<{ code: number }>((r) => setTimeout(() => r({ code: 124 }), TIMEOUT_MS));
    const result = await Promise.race([exited, timeout]);
    code = result.code;
    if ('logs' in result && result.logs) {
      for (const l of result.logs) {
        const f = path.join(cs.runDir, 'logs', l.relativePath);
        mkdirSync(path.dirname(f), { recursive: true });
        writeFileSync(f, l.contents);
      }
    }
    if (existsSync(report)) process.stdout.write(readFileSync(report, 'utf8'));
    if (code === 124) console.error(`integration tests did not finish in ${TIMEOUT_MS / 1000} s; logs in ${cs.runDir}`);
  } finally {
    await browser.close().catch(() => undefined);
    await stopCodeServer(cs);
  }
  console.log(`integration tests in code-server: exit code ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`integration tests could not run: ${(e as Error).message}`);
    process.exit(2);
  },
);
