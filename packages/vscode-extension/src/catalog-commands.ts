import { join } from 'node:path';
import { Catalog, defaultCatalogPath } from '@astro/core/catalog';
import { openWasmSqlite } from '@astro/core/catalog/wasm-driver';
import { CatalogLock, catalogLockPath, withCatalogLock } from '@astro/core/catalog/write-lock';
import { parseConfig } from '@astro/core/config';
import {
  createConfiguredAgents,
  runAgents,
  scanFolders,
  type ScanResult,
} from '@astro/core/ingest';
import * as vscode from 'vscode';

function catalogPath(): string {
  return (
    vscode.workspace.getConfiguration('astrocat').get<string>('catalogPath') || defaultCatalogPath()
  );
}

/** Opens the shared catalog with the WebAssembly driver (no native module) under the catalog lock. */
async function withCatalog<T>(
  extensionPath: string,
  fn: (catalog: Catalog) => Promise<T> | T,
): Promise<T> {
  const path = catalogPath();
  const raw = await openWasmSqlite(path, {
    wasmPath: join(extensionPath, 'dist', 'node-sqlite3-wasm.wasm'),
    load: () => import('node-sqlite3-wasm'),
  });
  const catalog = await Catalog.open({
    path,
    driver: withCatalogLock(raw, new CatalogLock(catalogLockPath(path))),
    journalMode: 'delete',
  });
  try {
    return await fn(catalog);
  } finally {
    catalog.close();
  }
}

async function pickFolder(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]!.uri.fsPath;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Scan into catalog',
  });
  return picked?.[0]?.fsPath;
}

export async function scanFolderCommand(
  extensionPath: string,
  output: vscode.OutputChannel,
  arg?: unknown,
): Promise<ScanResult | undefined> {
  const folder = await pickFolder(arg);
  if (!folder) return undefined;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'astrocat: scanning',
      cancellable: true,
    },
    (progress, token) =>
      withCatalog(extensionPath, async (catalog) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const config = parseConfig({});
        const scan = await scanFolders(catalog, [folder], {
          ...config.scan,
          signal: controller.signal,
          onProgress: (p) => progress.report({ message: `${p.scanned} files` }),
        });
        const { agents, agentOptions } = await createConfiguredAgents(config);
        await runAgents(catalog, agents, { agentOptions, signal: controller.signal });
        return scan;
      }),
  );
  const text = `astrocat: scanned ${result.scanned} files — ${result.added} added, ${result.updated} updated, ${result.removed} removed, ${result.errors.length} errors`;
  output.appendLine(`${text} (${folder})`);
  for (const e of result.errors) output.appendLine(`  ${e.path}: ${e.message}`);
  void vscode.window.showInformationMessage(text);
  return result;
}

export async function showStatisticsCommand(
  extensionPath: string,
  output: vscode.OutputChannel,
): Promise<{ frames: number; integrationSec: number }> {
  const totals = await withCatalog(extensionPath, (catalog) => catalog.totals());
  output.clear();
  output.appendLine(
    `Catalog ${catalogPath()}: ${totals.frames} frames, ${(totals.integrationSec / 3600).toFixed(2)} h of light`,
  );
  for (const t of totals.byTargetFilter) {
    output.appendLine(
      `  ${(t.target ?? '(no target)').padEnd(24)} ${(t.filter ?? '-').padEnd(10)} ${String(t.frames).padStart(6)} frames ${(t.integrationSec / 3600).toFixed(2).padStart(8)} h`,
    );
  }
  output.show(true);
  void vscode.window.showInformationMessage(
    `astrocat: ${totals.frames} frames, ${(totals.integrationSec / 3600).toFixed(2)} h of light in the catalog`,
  );
  return { frames: totals.frames, integrationSec: totals.integrationSec };
}
