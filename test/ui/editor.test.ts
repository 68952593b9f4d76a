/**
 * What only the screen shows, in a real VS Code: Layer Lens installed from its .vsix into code-server,
 * a samples/ file open, the analysis in the Output panel. Screenshots go to test-output/ (not in git).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { type CodeServer, launchBrowser, startCodeServer, stopCodeServer } from '../editor/codeServer';

const ROOT = path.resolve(__dirname, '../../..');
const OUT = path.join(ROOT, 'test-output');
const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  editorLines: '.editor-instance .monaco-editor .view-lines',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  outputView: '.part.panel .output-view, .part.panel .monaco-editor',
};

let cs: CodeServer;
let browser: BrowserContext;
let page: Page;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  cs = await startCodeServer({ installVsix: path.join(ROOT, 'layer-lens.vsix') });
  browser = await launchBrowser(cs.runDir);
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(path.join(ROOT, 'samples'))}`, { timeout: 60_000 });
  await page.locator(SEL.workbench).waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  if (cs) await stopCodeServer(cs);
});

/**
 * Run a command from the palette. Contributed commands appear once the extension host has read the
 * installed extensions, which can take a while after the workbench shows: the palette is reopened until then.
 */
async function command(label: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.locator(SEL.quickInput).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator(SEL.quickInputBox).fill(`>${label}`);
    try {
      await page.locator(SEL.quickInputRow, { hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 4) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
  await page.locator(SEL.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** On failure, a screenshot of what the page showed. */
async function withScreenshot(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await page.screenshot({ path: path.join(OUT, `${name}-failure.png`) }).catch(() => undefined);
    throw e;
  }
}

test('the installed .vsix activates on a samples/ file and its command shows the analysis', () => withScreenshot('analyse-command', async () => {
  const row = page.locator(SEL.explorerRow, { hasText: 'tiny_resnet.py' });
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.locator(SEL.editorLines, { hasText: 'class TinyResNet' }).waitFor({ timeout: 20_000 });
  await command('Layer Lens: Analyse Layers in This File');
  // The Output view shows the end of the table: the GRU row and the rejected conv.
  const output = page.locator('.part.panel').filter({ hasText: 'must be divisible by groups' });
  await output.first().waitFor({ state: 'visible', timeout: 20_000 });
  // Monaco renders spaces as no-break spaces.
  const text = (await page.locator('.part.panel').first().innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /GRU\s+74,496\s+737,280\s+1,474,560\s+76,544/);
  assert.match(text, /error: Conv2d: in_channels \(64\) must be divisible by groups \(5\)/);
  assert.doesNotMatch(text, /\bMACs\b/);
  // The annotation grammar colours `# layer-lens: input …` inside comments.
  const annotation = page.locator(`${SEL.editorLines} .view-line`, { hasText: '# layer-lens: input 1x64x56x56' }).first();
  const colours = await annotation.locator('span > span').evaluateAll((spans) => spans.map((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color));
  assert.ok(new Set(colours).size >= 3, `annotation tokens are highlighted apart from the comment (${colours.join(', ')})`);
  await page.screenshot({ path: path.join(OUT, 'editor-analyse-command.png'), animations: 'disabled' });
}));
