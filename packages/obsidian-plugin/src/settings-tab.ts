import { PluginSettingTab, Setting, type App } from 'obsidian';
import type AstrocatPlugin from './main.js';
import { validateSettings, type AstrocatSettings } from './settings.js';

/** The settings tab: every edit is validated before it is saved. */
export class AstrocatSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    private readonly plugin: AstrocatPlugin,
  ) {
    super(app, plugin);
  }

  private async update(patch: Partial<AstrocatSettings>, setting: Setting): Promise<void> {
    const candidate = { ...this.plugin.settings, ...patch };
    const problem = validateSettings(candidate);
    setting.setDesc(problem ?? '');
    if (problem) return;
    this.plugin.settings = candidate;
    await this.plugin.saveSettings();
  }

  override display(): void {
    const { containerEl } = this;
    containerEl.empty();
    const s = this.plugin.settings;
    const folders = new Setting(containerEl)
      .setName('Library folders')
      .setDesc('One absolute folder per line.');
    folders.addTextArea((t) =>
      t.setValue(s.libraryFolders.join('\n')).onChange((v) =>
        this.update(
          {
            libraryFolders: v
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean),
          },
          folders,
        ),
      ),
    );
    const catalog = new Setting(containerEl)
      .setName('Catalog file')
      .setDesc('The SQLite catalog shared with the astrocat CLI.');
    catalog.addText((t) =>
      t.setValue(s.catalogPath).onChange((v) => this.update({ catalogPath: v }, catalog)),
    );
    const notes = new Setting(containerEl)
      .setName('Notes folder')
      .setDesc('Vault folder for session notes, target notes and the dashboard.');
    notes.addText((t) =>
      t.setValue(s.notesFolder).onChange((v) => this.update({ notesFolder: v }, notes)),
    );
    const session = new Setting(containerEl)
      .setName('Session note template')
      .setDesc('Text new session notes end with; {{target}}, {{night}}, {{rig}}.');
    session.addTextArea((t) =>
      t
        .setValue(s.templates.session)
        .onChange((v) => this.update({ templates: { ...s.templates, session: v } }, session)),
    );
    const target = new Setting(containerEl).setName('Target note template');
    target.addTextArea((t) =>
      t
        .setValue(s.templates.target)
        .onChange((v) => this.update({ templates: { ...s.templates, target: v } }, target)),
    );
    const dataview = new Setting(containerEl)
      .setName('Dataview blocks')
      .setDesc('Also add Dataview queries (plain tables are always written).');
    dataview.addToggle((t) =>
      t.setValue(s.dataview).onChange((v) => this.update({ dataview: v }, dataview)),
    );
    const plot = new Setting(containerEl)
      .setName('Quality plots')
      .setDesc("Session notes embed the night's HFR, stars, background and guiding over time.");
    plot.addDropdown((d) =>
      d
        .addOption('svg', 'SVG')
        .addOption('png', 'PNG (for exports without SVG)')
        .addOption('none', 'None')
        .setValue(s.plotFormat)
        .onChange((v) => this.update({ plotFormat: v as AstrocatSettings['plotFormat'] }, plot)),
    );
  }
}
