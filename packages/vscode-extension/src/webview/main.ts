// Runs inside the webview: renders what the extension sends; no logic beyond display.
import type { FromWebview, ToWebview } from '../protocol.js';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };
const vscode = acquireVsCodeApi();

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
let zoom = 1;
let fitZoom = 1;
let previewWidth = 0;

function cell(row: HTMLTableRowElement, text: string, className?: string): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function renderDescription(message: Extract<ToWebview, { type: 'description' }>): void {
  const { description } = message;
  $('status').textContent =
    `${description.format.toUpperCase()} · ${description.hdus.length} HDU${description.hdus.length === 1 ? '' : 's'}`;
  const hdus = $('hdus');
  hdus.textContent = '';
  for (const hdu of description.hdus) {
    const heading = document.createElement('h2');
    heading.textContent = `HDU ${hdu.index} · ${hdu.kind} · ${hdu.cards.length} cards`;
    const table = document.createElement('table');
    table.className = 'header-table';
    const head = table.createTHead().insertRow();
    for (const name of ['Keyword', 'Value', 'Comment', '']) cell(head, name);
    const body = table.createTBody();
    for (const card of hdu.cards) {
      const row = body.insertRow();
      row.dataset['search'] =
        `${card.keyword} ${valueText(card.value)} ${card.comment ?? ''}`.toLowerCase();
      cell(row, card.keyword, 'keyword');
      cell(row, valueText(card.value), 'value');
      cell(row, card.comment ?? '', 'comment');
      const button = document.createElement('button');
      button.textContent = 'Copy';
      button.title = `Copy ${card.keyword}`;
      button.addEventListener('click', () =>
        vscode.postMessage({ type: 'copy', text: `${card.keyword} = ${valueText(card.value)}` }),
      );
      row.insertCell().appendChild(button);
    }
    hdus.append(heading, table);
  }
  const record = $<HTMLTableElement>('record');
  record.textContent = '';
  for (const [key, value] of Object.entries(description.record)) {
    if (key === 'rawHeader' || key === 'sources') continue;
    const row = record.insertRow();
    cell(row, key, 'keyword');
    cell(row, valueText(value));
  }
  const diagnostics = $('diagnostics');
  diagnostics.textContent = '';
  for (const d of description.diagnostics) {
    const li = document.createElement('li');
    li.className = `diag-${d.severity}`;
    li.textContent = `${d.severity}: ${d.code} — ${d.message}${d.hdu === undefined ? '' : ` (HDU ${d.hdu}${d.card === undefined ? '' : `, card ${d.card}`})`}`;
    diagnostics.append(li);
  }
  if (description.diagnostics.length === 0) diagnostics.innerHTML = '<li>None</li>';
  applyFilter();
}

function applyFilter(): void {
  const query = $<HTMLInputElement>('search').value.trim().toLowerCase();
  for (const row of document.querySelectorAll<HTMLTableRowElement>('.header-table tbody tr')) {
    row.classList.toggle('hidden', query !== '' && !(row.dataset['search'] ?? '').includes(query));
  }
}

function setZoom(next: number): void {
  zoom = Math.min(16, Math.max(0.05, next));
  // Size, not a CSS transform, so the scroll box grows with the image.
  $('preview').style.width = `${Math.round(previewWidth * zoom)}px`;
  $('zoom-label').textContent = `${Math.round(zoom * 100)} %`;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'description') renderDescription(message);
  else if (message.type === 'preview') {
    const img = $<HTMLImageElement>('preview');
    img.src = message.dataUrl;
    previewWidth = message.width;
    img.classList.remove('hidden');
    img.title = `${message.sourceWidth}×${message.sourceHeight} px, shown from a ${message.width}×${message.height} preview`;
    // Fit the box width, upscaling small frames (pixelated) so they stay readable.
    fitZoom = Math.min(16, ($('preview-box').clientWidth || message.width) / message.width);
    setZoom(fitZoom);
  } else if (message.type === 'previewUnavailable')
    $('preview-box').textContent = `No preview: ${message.message}`;
  else if (message.type === 'error')
    $('status').textContent = `Cannot read this file: ${message.message}`;
});

$('search').addEventListener('input', applyFilter);
$('zoom-in').addEventListener('click', () => setZoom(zoom * 1.5));
$('zoom-out').addEventListener('click', () => setZoom(zoom / 1.5));
$('zoom-fit').addEventListener('click', () => setZoom(fitZoom));
vscode.postMessage({ type: 'ready' });
