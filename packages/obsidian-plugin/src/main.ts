import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCatalogPath } from '@astro/core/catalog';
import { FileSystemAdapter, Notice, Plugin, TFile } from 'obsidian';
import wasmBinary from 'node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm';
import { scanLibrary, syncNotes, type WasmSource } from './library.js';
import { loadSettings, type AstrocatSettings } from './settings.js';
import { AstrocatSettingTab } from './settings-tab.js';

export default class AstrocatPlugin extends Plugin {
  settings!: AstrocatSettings;

  override async onload(): Promise<void> {
    const loaded = loadSettings(await this.loadData(), defaultCatalogPath());
    this.settings = loaded.settings;
    if (loaded.warnings.length > 0) new Notice(`astrocat settings: ${loaded.warnings.join('; ')}`);
    if (loaded.migratedFrom !== null || loaded.warnings.length > 0) await this.saveSettings();
    this.addSettingTab(new AstrocatSettingTab(this.app, this));
    this.addRibbonIcon('telescope', 'astrocat: Sync session notes', () => this.syncNotes());
    this.addCommand({
      id: 'sync-session-notes',
      name: 'Sync session notes',
      callback: () => this.syncNotes(),
    });
    this.addCommand({
      id: 'open-dashboard',
      name: 'Open dashboard',
      callback: () => this.openDashboard(),
    });
    this.addCommand({
      id: 'scan-library',
      name: 'Scan library now',
      callback: () => this.scanLibrary(),
    });
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
  }

  private vaultDir(): string {
    const adapter = this.app.vault.adapter;
    if (!(adapter instanceof FileSystemAdapter))
      throw new Error('astrocat needs a vault on the local file system (desktop)');
    return adapter.getBasePath();
  }

  /** The SQLite WebAssembly binary is embedded in main.js and written beside it on first use. */
  private wasm(): WasmSource {
    const wasmPath = join(
      this.vaultDir(),
      this.manifest.dir ?? `.obsidian/plugins/${this.manifest.id}`,
      'node-sqlite3-wasm.wasm',
    );
    if (!existsSync(wasmPath)) writeFileSync(wasmPath, wasmBinary);
    return { wasmPath, load: () => import('node-sqlite3-wasm') };
  }

  async syncNotes(): Promise<void> {
    const notice = new Notice('astrocat: syncing session notes…', 0);
    try {
      const result = await syncNotes(this.vaultDir(), this.settings, this.wasm(), (done, total) =>
        notice.setMessage(`astrocat: writing notes ${done}/${total}`),
      );
      notice.setMessage(
        `astrocat: ${result.sessions} sessions — ${result.created.length} notes created, ${result.updated.length} updated, ${result.unchanged.length} unchanged` +
          (result.removed.length > 0 ? `, ${result.removed.length} old plots removed` : ''),
      );
    } catch (error) {
      notice.setMessage(`astrocat: sync failed — ${(error as Error).message}`);
    } finally {
      window.setTimeout(() => notice.hide(), 8000);
    }
  }

  async scanLibrary(): Promise<void> {
    if (this.settings.libraryFolders.length === 0) {
      new Notice('astrocat: add a library folder in the settings first');
      return;
    }
    const notice = new Notice('astrocat: scanning library…', 0);
    try {
      const r = await scanLibrary(this.settings, this.wasm(), (scanned) =>
        notice.setMessage(`astrocat: scanned ${scanned} files`),
      );
      notice.setMessage(
        `astrocat: ${r.scanned} files — ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.errors.length} errors`,
      );
    } catch (error) {
      notice.setMessage(`astrocat: scan failed — ${(error as Error).message}`);
    } finally {
      window.setTimeout(() => notice.hide(), 8000);
    }
  }

  async openDashboard(): Promise<void> {
    const path = `${this.settings.notesFolder}/Dashboard.md`;
    let file = this.app.vault.getAbstractFileByPath(path);
    if (!(file instanceof TFile)) {
      await this.syncNotes();
      file = this.app.vault.getAbstractFileByPath(path);
    }
    if (file instanceof TFile) await this.app.workspace.getLeaf(false).openFile(file);
    else new Notice('astrocat: no dashboard yet — sync session notes first');
  }
}
