import { Catalog } from '@astro/core/catalog';
import { openWasmSqlite, type WasmModule } from '@astro/core/catalog/wasm-driver';
import { CatalogLock, catalogLockPath, withCatalogLock } from '@astro/core/catalog/write-lock';
import { plotSessionPng, plotSessionSvg } from '@astro/core/analysis';
import { parseConfig } from '@astro/core/config';
import {
  createConfiguredAgents,
  runAgents,
  scanFolders,
  type ScanResult,
} from '@astro/core/ingest';
import { writeNotes, type WriteNotesResult } from '@astro/core/notes';
import type { AstrocatSettings } from './settings.js';

/** Where the plugin's WebAssembly SQLite lives and how to load it (bundled into main.js). */
export interface WasmSource {
  wasmPath: string;
  load: () => Promise<WasmModule>;
}

/** Opens the shared catalog through the WebAssembly driver, under the cross-process catalog lock. */
export async function openCatalog(settings: AstrocatSettings, wasm: WasmSource): Promise<Catalog> {
  const raw = await openWasmSqlite(settings.catalogPath, wasm);
  const driver = withCatalogLock(raw, new CatalogLock(catalogLockPath(settings.catalogPath)));
  return Catalog.open({ path: settings.catalogPath, driver, journalMode: 'delete' });
}

async function withCatalog<T>(
  settings: AstrocatSettings,
  wasm: WasmSource,
  fn: (catalog: Catalog) => Promise<T>,
): Promise<T> {
  const catalog = await openCatalog(settings, wasm);
  try {
    return await fn(catalog);
  } finally {
    catalog.close();
  }
}

/** "Sync session notes": the whole catalog into the vault's notes folder. */
export function syncNotes(
  vaultDir: string,
  settings: AstrocatSettings,
  wasm: WasmSource,
  onProgress?: (done: number, total: number) => void,
): Promise<WriteNotesResult> {
  return withCatalog(settings, wasm, (catalog) =>
    writeNotes(vaultDir, catalog, {
      folder: settings.notesFolder,
      dataview: settings.dataview,
      templates: settings.templates,
      ...(settings.plotFormat === 'png' ? { plotPng: plotSessionPng } : {}),
      ...(settings.plotFormat === 'svg' ? { plotSvg: plotSessionSvg } : {}),
      onProgress: (p) => onProgress?.(p.done, p.total),
    }),
  );
}

/** "Scan library now": the library folders into the catalog, then the enrichment agents. */
export function scanLibrary(
  settings: AstrocatSettings,
  wasm: WasmSource,
  onProgress?: (scanned: number) => void,
): Promise<ScanResult> {
  return withCatalog(settings, wasm, async (catalog) => {
    const config = parseConfig({});
    const result = await scanFolders(catalog, settings.libraryFolders, {
      ...config.scan,
      onProgress: (p) => onProgress?.(p.scanned),
    });
    const { agents, agentOptions } = await createConfiguredAgents(config);
    await runAgents(catalog, agents, { agentOptions });
    return result;
  });
}
