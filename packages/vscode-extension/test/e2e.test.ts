// End to end in real VS Code (code-server 4.100.3 = VS Code 1.100.3) on loopback, driven by
// playwright-core and Debian's chromium, per shared/recipes/code-server.md. The tools are
// installed (idempotently) by scripts/setup-e2e.sh into a cache folder outside the repo.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../fixtures/generate-library.js';
import { hasCommand, requirePeer } from '../../../test-support/external-tools.js';
import { openBetterSqlite } from '../../core/src/catalog/better-sqlite-driver.js';

const extRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const screenshotDir =
  process.env.ASTROCAT_SCREENSHOTS ?? join(tmpdir(), 'astrocat-vscode-screenshots');
const available = requirePeer(
  'chromium + code-server (scripts/setup-e2e.sh)',
  hasCommand('chromium') && hasCommand('bash', ['-c', 'true']),
);

type Page = {
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
  };
  screenshot(options: { path: string }): Promise<unknown>;
  frames(): Array<{ url(): string; evaluate<T>(fn: () => T): Promise<T> }>;
  locator(selector: string): {
    filter(o: { hasText: string | RegExp }): {
      first(): {
        waitFor(o?: { timeout?: number }): Promise<void>;
        textContent(): Promise<string | null>;
        click(): Promise<void>;
      };
    };
  };
  waitForTimeout(ms: number): Promise<void>;
};
type Browser = {
  newPage(o?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
};

let work: string;
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let workspace: string;
let catalogPath: string;
const fitsName = 'M51_light.fits';
const xisfName = 'masterFlat_L.xisf';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url}`);
}

async function runCommand(title: string): Promise<void> {
  await page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ hasText: fitsName })
    .first()
    .click();
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', {
    timeout: 10_000,
  });
  await page.keyboard.type(title, { delay: 5 });
  await page.waitForTimeout(400);
  await page.keyboard.press('Enter');
}

async function openFile(name: string): Promise<void> {
  // Click the file in the Explorer: steadier than Quick Open, which waits for the file search index.
  const row = page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ hasText: name })
    .first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

/** Reads the explorer webview's header table (webviews live in nested iframes). */
async function headerCards(fileName: string, timeoutMs = 30_000): Promise<Record<string, string>> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      const cards = await frame
        .evaluate(() => {
          const title = document.getElementById('title')?.textContent ?? '';
          const rows = [...document.querySelectorAll('.header-table tbody tr')];
          return {
            title,
            rows: rows.map((r) => [
              r.querySelector('.keyword')?.textContent ?? '',
              r.querySelector('.value')?.textContent ?? '',
            ]),
          };
        })
        .catch(() => null);
      if (cards && cards.title === fileName && cards.rows.length > 0)
        return Object.fromEntries(cards.rows);
    }
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: join(screenshotDir, `failed-${fileName}.png`) });
  throw new Error(`no header table for ${fileName}`);
}

beforeAll(async () => {
  if (!available) return;
  const toolsDir = execFileSync('bash', [join(extRoot, 'scripts', 'setup-e2e.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync(process.execPath, [join(extRoot, 'scripts', 'build.mjs')], { stdio: 'pipe' });
  const vsce = createRequire(join(extRoot, 'package.json')).resolve('@vscode/vsce/vsce');
  const vsix = join(extRoot, 'dist', 'astrocat-vscode.vsix');
  execFileSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--skip-license', '-o', vsix],
    { cwd: extRoot, stdio: 'pipe' },
  );

  work = mkdtempSync(join(tmpdir(), 'astrocat-vscode-'));
  workspace = join(work, 'workspace');
  catalogPath = join(work, 'catalog', 'catalog.sqlite');
  const library = generateLibrary(join(work, 'library'));
  mkdirSync(workspace, { recursive: true });
  const light = library.lights.find((p) => p.includes('M51'))!;
  copyFileSync(light, join(workspace, fitsName));
  copyFileSync(
    library.masters.find((p) => basename(p).startsWith('masterFlat'))!,
    join(workspace, xisfName),
  );
  for (const extra of library.lights.filter((p) => p.includes('M101')).slice(0, 2))
    copyFileSync(extra, join(workspace, basename(extra)));

  const user = join(work, 'user');
  const ext = join(work, 'ext');
  mkdirSync(join(user, 'User'), { recursive: true });
  writeFileSync(
    join(user, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      'workbench.tips.enabled': false,
      'astrocat.catalogPath': catalogPath,
    }),
  );
  const codeServer = join(toolsDir, 'node_modules', '.bin', 'code-server');
  execFileSync(
    codeServer,
    ['--user-data-dir', user, '--extensions-dir', ext, '--install-extension', vsix],
    { stdio: 'pipe' },
  );
  const port = await freePort();
  server = spawn(
    codeServer,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      user,
      '--extensions-dir',
      ext,
      workspace,
    ],
    { stdio: 'ignore', detached: false },
  );
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, 60_000);
  const { chromium } = createRequire(join(toolsDir, 'package.json'))('playwright-core') as {
    chromium: { launch(o: unknown): Promise<Browser> };
  };
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // Opening a file before the extension host registered our editor opens it as text: wait for our status item.
  await page
    .locator('.statusbar-item')
    .filter({ hasText: 'astrocat' })
    .first()
    .waitFor({ timeout: 60_000 });
  mkdirSync(screenshotDir, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
  if (work && existsSync(work)) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!available)('VS Code extension in code-server', () => {
  it('shows the FITS header with known keyword values', async () => {
    await openFile(fitsName);
    const cards = await headerCards(fitsName);
    expect(cards['IMAGETYP']).toBe('LIGHT');
    expect(cards['OBJECT']).toBe('M51');
    expect(cards['INSTRUME']).toBe('ZWO ASI2600MM Pro');
    expect(Number(cards['EXPOSURE'])).toBe(120);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(screenshotDir, 'fits-header.png') });
  });

  it('shows the XISF header with known keyword values', async () => {
    await openFile(xisfName);
    const cards = await headerCards(xisfName);
    expect(cards['IMAGETYP']).toBe('Master Flat');
    expect(cards['FILTER']).toBe('L');
    expect(Number(cards['NCOMBINE'])).toBe(30);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(screenshotDir, 'xisf-header.png') });
  });

  it('scans the workspace folder into the catalog', async () => {
    await runCommand('astrocat: Scan Folder into Catalog');
    const toast = page
      .locator('.notifications-toasts')
      .filter({ hasText: /astrocat: scanned/ })
      .first();
    await toast.waitFor({ timeout: 60_000 });
    expect(await toast.textContent()).toMatch(/astrocat: scanned 4 files — 4 added/);
    await page.screenshot({ path: join(screenshotDir, 'scan.png') });
    const db = await openBetterSqlite(catalogPath, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM frames').get()).toEqual({ n: 4 });
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  });
});
