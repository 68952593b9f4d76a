/**
 * The same integration suite in a desktop VS Code, for machines that have or can download one
 * (`npm run test:electron`). Here, without internet, test/editor/runIntegration.ts runs it in code-server.
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '../../..');

runTests({
  extensionDevelopmentPath: ROOT,
  extensionTestsPath: path.join(ROOT, 'out/test/integration/suite/index.js'),
  launchArgs: [path.join(ROOT, 'samples'), '--disable-extensions', '--disable-workspace-trust'],
}).then(
  () => process.exit(0),
  (e) => {
    console.error(`integration tests failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
