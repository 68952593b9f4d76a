/**
 * The extensionTestsPath entry: VS Code's extension host requires this file and awaits run(). The same
 * suite runs under @vscode/test-electron and under code-server. The reporter's output is also written to
 * MOCHA_REPORT_FILE, since code-server's extension host does not pass console output to the runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000 });
  const reportFile = process.env.MOCHA_REPORT_FILE;
  if (reportFile) {
    fs.writeFileSync(reportFile, '');
    const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
    const original = base.consoleLog;
    base.consoleLog = (...args: unknown[]) => {
      fs.appendFileSync(reportFile, `${util.format(...args)}\n`);
      original(...args);
    };
  }
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
}
