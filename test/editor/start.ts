/**
 * `npm start`: a local VS Code (code-server) on 127.0.0.1 with Layer Lens installed from a fresh .vsix and
 * the samples/ workspace open. Prints the URL; Ctrl+C stops it and everything it started.
 */
import * as path from 'node:path';
import { startCodeServer, stopCodeServer } from './codeServer';

const ROOT = path.resolve(__dirname, '../../..');

async function main(): Promise<void> {
  const vsix = path.join(ROOT, 'layer-lens.vsix');
  const port = Number(process.env.PORT ?? 8080);
  const cs = await startCodeServer({ folder: path.join(ROOT, 'samples'), port: Number.isSafeInteger(port) ? port : undefined, installVsix: vsix });
  console.log(`Layer Lens is running in VS Code at ${cs.url}/?folder=${encodeURIComponent(path.join(ROOT, 'samples'))}`);
  console.log('Open it in a browser (reload once if the extension list was still loading). Ctrl+C stops it.');
  const stop = () => {
    void stopCodeServer(cs).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`layer-lens start: ${(e as Error).message}`);
  process.exit(2);
});
