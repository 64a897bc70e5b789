/** The container formats we read. */
export type ImageFormat = 'fits' | 'xisf';

const FITS_SIGNATURE = 'SIMPLE  =';
const XISF_SIGNATURE = 'XISF0100';

/** Tells the format from the first bytes of a file (not from its name, which may lie). */
export function detectFormat(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, FITS_SIGNATURE)) return 'fits';
  if (startsWith(head, XISF_SIGNATURE)) return 'xisf';
  return null;
}

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.byteLength < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** File names we treat as images when scanning (matched case-insensitively, longest first). */
export function hasImageExtension(name: string, extensions: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((ext) => lower.endsWith(ext.toLowerCase()));
}
