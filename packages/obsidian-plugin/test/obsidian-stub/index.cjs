// A small stand-in for the `obsidian` module: just the API surface the plugin uses, backed by a
// real folder on disk, recording notices, commands, ribbon icons and opened files for tests.
const fs = require('node:fs');
const path = require('node:path');

const record = { notices: [], opened: [] };
globalThis.window ??= globalThis;

class Notice {
  constructor(message, _timeoutMs) {
    this.message = message;
    this.hidden = false;
    record.notices.push(message);
  }
  setMessage(message) {
    this.message = message;
    record.notices.push(message);
    return this;
  }
  hide() {
    this.hidden = true;
  }
}

class TAbstractFile {
  constructor(vaultPath) {
    this.path = vaultPath;
    this.name = path.posix.basename(vaultPath);
  }
}
class TFile extends TAbstractFile {}

class FileSystemAdapter {
  constructor(basePath) {
    this.basePath = basePath;
  }
  getBasePath() {
    return this.basePath;
  }
}

class Vault {
  constructor(basePath) {
    this.adapter = new FileSystemAdapter(basePath);
  }
  getAbstractFileByPath(vaultPath) {
    const full = path.join(this.adapter.basePath, ...vaultPath.split('/'));
    return fs.existsSync(full) && fs.statSync(full).isFile() ? new TFile(vaultPath) : null;
  }
}

class App {
  constructor(basePath) {
    this.vault = new Vault(basePath);
    this.workspace = {
      getLeaf: () => ({ openFile: async (file) => void record.opened.push(file.path) }),
    };
  }
}

class Plugin {
  constructor(app, manifest) {
    this.app = app;
    this.manifest = manifest;
    this.commands = [];
    this.ribbonIcons = [];
    this.settingTabs = [];
  }
  dataPath() {
    return path.join(this.app.vault.adapter.basePath, this.manifest.dir, 'data.json');
  }
  async loadData() {
    return fs.existsSync(this.dataPath())
      ? JSON.parse(fs.readFileSync(this.dataPath(), 'utf8'))
      : null;
  }
  async saveData(data) {
    fs.writeFileSync(this.dataPath(), JSON.stringify(data, null, 2));
  }
  addCommand(command) {
    const full = { ...command, id: `${this.manifest.id}:${command.id}` };
    this.commands.push(full);
    return full;
  }
  addRibbonIcon(icon, title, callback) {
    this.ribbonIcons.push({ icon, title, callback });
    return {};
  }
  addSettingTab(tab) {
    this.settingTabs.push(tab);
  }
}

class Component {}

class PluginSettingTab {
  constructor(app, plugin) {
    this.app = app;
    this.plugin = plugin;
    this.containerEl = {
      children: [],
      empty() {
        this.children = [];
      },
    };
  }
}

function control() {
  const c = {
    value: undefined,
    onChangeHandler: undefined,
    setValue(v) {
      c.value = v;
      return c;
    },
    setPlaceholder() {
      return c;
    },
    onChange(handler) {
      c.onChangeHandler = handler;
      return c;
    },
  };
  return c;
}

class Setting {
  constructor(containerEl) {
    this.controls = [];
    this.desc = '';
    containerEl.children.push(this);
  }
  setName(name) {
    this.name = name;
    return this;
  }
  setDesc(desc) {
    this.desc = desc;
    return this;
  }
  addText(cb) {
    const c = control();
    this.controls.push(c);
    cb(c);
    return this;
  }
  addTextArea(cb) {
    return this.addText(cb);
  }
  addToggle(cb) {
    return this.addText(cb);
  }
  addDropdown(cb) {
    const c = control();
    c.options = [];
    c.addOption = (value, label) => {
      c.options.push({ value, label });
      return c;
    };
    this.controls.push(c);
    cb(c);
    return this;
  }
}

const normalizePath = (p) =>
  p
    .replace(/\\/g, '/')
    .replace(/\/+/g, '/')
    .replace(/^\/|\/$/g, '');

module.exports = {
  App,
  Component,
  FileSystemAdapter,
  Notice,
  Plugin,
  PluginSettingTab,
  Setting,
  TAbstractFile,
  TFile,
  Vault,
  normalizePath,
  __record: record,
};
