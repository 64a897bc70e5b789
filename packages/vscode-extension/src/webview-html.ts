import { randomBytes } from 'node:crypto';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The explorer page: a strict CSP that only runs our bundled script, tagged with a fresh nonce. */
export function webviewHtml(cspSource: string, scriptUri: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    `default-src 'none'`,
    `img-src data: ${cspSource}`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 12px; }
  h2 { font-size: 1.1em; margin: 1em 0 0.4em; }
  table { border-collapse: collapse; width: 100%; font-family: var(--vscode-editor-font-family); font-size: 12px; }
  th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, #444); vertical-align: top; }
  td.keyword { font-weight: bold; white-space: nowrap; }
  button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 2px 8px; cursor: pointer; }
  input[type=search] { width: 320px; padding: 3px 6px; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, #555); }
  .diag-error { color: var(--vscode-errorForeground); }
  .diag-warning { color: var(--vscode-editorWarning-foreground); }
  #preview-box { overflow: auto; max-height: 70vh; border: 1px solid var(--vscode-editorWidget-border, #444); }
  #preview { image-rendering: pixelated; display: block; }
  .hidden { display: none; }
  .layout { display: flex; gap: 16px; flex-wrap: wrap; }
  .layout > section { flex: 1 1 480px; min-width: 0; }
</style>
</head>
<body>
<h1 id="title">${escapeHtml(title)}</h1>
<p id="status">Reading…</p>
<div class="layout">
  <section>
    <h2>Header</h2>
    <input type="search" id="search" placeholder="Filter keywords, values, comments" aria-label="Filter header cards">
    <div id="hdus"></div>
  </section>
  <section>
    <h2>Preview <button id="zoom-fit">Fit</button> <button id="zoom-out">−</button> <button id="zoom-in">+</button> <span id="zoom-label"></span></h2>
    <div id="preview-box"><img id="preview" class="hidden" alt="stretched preview"></div>
    <h2>Normalized record</h2>
    <table id="record"></table>
    <h2>Diagnostics</h2>
    <ul id="diagnostics"></ul>
  </section>
</div>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
