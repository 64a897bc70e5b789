import type { ImageFileDescription } from '@astro/core/image-file';

/** Messages the extension sends to the explorer webview. */
export type ToWebview =
  | { type: 'description'; fileName: string; description: ImageFileDescription }
  | {
      type: 'preview';
      dataUrl: string;
      width: number;
      height: number;
      sourceWidth: number;
      sourceHeight: number;
    }
  | { type: 'previewUnavailable'; message: string }
  | { type: 'error'; message: string };

/** Messages the webview sends back. */
export type FromWebview = { type: 'ready' } | { type: 'copy'; text: string };

export function isFromWebview(value: unknown): value is FromWebview {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; text?: unknown };
  return m.type === 'ready' || (m.type === 'copy' && typeof m.text === 'string');
}
