import { basename } from 'node:path';
import { describeImageFile, type ImageFileDescription } from '@astro/core/image-file';
import { withFileSource } from '@astro/core/io';
import * as vscode from 'vscode';
import { renderPreview } from './preview.js';
import { isFromWebview, type ToWebview } from './protocol.js';
import { webviewHtml } from './webview-html.js';

export const IMAGE_EDITOR_VIEW_TYPE = 'astrocat.imageFile';

/** The read-only FITS/XISF explorer: header tables, normalized record, diagnostics, preview. */
export class ImageFileEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly context: vscode.ExtensionContext) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')],
    };
    const scriptUri = webview.asWebviewUri(
      vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js'),
    );
    webview.html = webviewHtml(
      webview.cspSource,
      scriptUri.toString(),
      basename(document.uri.fsPath),
    );
    const post = (message: ToWebview): void => void webview.postMessage(message);
    webview.onDidReceiveMessage(async (message: unknown) => {
      if (!isFromWebview(message)) return;
      if (message.type === 'copy') {
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage(`Copied ${message.text.slice(0, 40)}`, 2000);
        return;
      }
      const path = document.uri.fsPath;
      let description: ImageFileDescription;
      try {
        description = await withFileSource(path, (source) => describeImageFile(source, path));
      } catch (error) {
        post({ type: 'error', message: (error as Error).message });
        return;
      }
      post({ type: 'description', fileName: basename(path), description });
      try {
        const preview = await withFileSource(path, (source) => renderPreview(source, path));
        const dataUrl = `data:image/png;base64,${Buffer.from(preview.png).toString('base64')}`;
        post({
          type: 'preview',
          dataUrl,
          width: preview.width,
          height: preview.height,
          sourceWidth: preview.sourceWidth,
          sourceHeight: preview.sourceHeight,
        });
      } catch (error) {
        post({ type: 'previewUnavailable', message: (error as Error).message });
      }
    });
  }
}
