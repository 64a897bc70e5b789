import * as vscode from 'vscode';
import { scanFolderCommand, showStatisticsCommand } from './catalog-commands.js';
import { IMAGE_EDITOR_VIEW_TYPE, ImageFileEditorProvider } from './image-editor.js';

const IMAGE_FILE = /\.(fits|fit|fts|fits\.fz|xisf)$/i;

function activeImageUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri =
    input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText
      ? input.uri
      : vscode.window.activeTextEditor?.document.uri;
  return uri && IMAGE_FILE.test(uri.fsPath) ? uri : undefined;
}

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('astrocat');
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.text = '$(telescope) astrocat';
  status.tooltip = 'astrocat: Show Catalog Statistics';
  status.command = 'astrocat.showStatistics';
  status.show();
  const report = (error: unknown): void =>
    void vscode.window.showErrorMessage(`astrocat: ${(error as Error).message}`);

  context.subscriptions.push(
    output,
    status,
    vscode.window.registerCustomEditorProvider(
      IMAGE_EDITOR_VIEW_TYPE,
      new ImageFileEditorProvider(context),
      {
        webviewOptions: { retainContextWhenHidden: false },
        supportsMultipleEditorsPerDocument: true,
      },
    ),
    vscode.commands.registerCommand('astrocat.scanFolder', async (arg?: unknown) => {
      try {
        const result = await scanFolderCommand(context.extensionPath, output, arg);
        if (result) status.text = `$(telescope) astrocat: +${result.added}`;
        return result;
      } catch (error) {
        report(error);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('astrocat.showStatistics', async () => {
      try {
        const totals = await showStatisticsCommand(context.extensionPath, output);
        status.text = `$(telescope) astrocat: ${totals.frames} frames`;
        return totals;
      } catch (error) {
        report(error);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('astrocat.showHeader', async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : activeImageUri();
      if (!uri)
        return void vscode.window.showWarningMessage(
          'astrocat: open a .fits, .fit, .fts, .fits.fz or .xisf file first',
        );
      await vscode.commands.executeCommand('vscode.openWith', uri, IMAGE_EDITOR_VIEW_TYPE);
    }),
  );
}

export function deactivate(): void {}
