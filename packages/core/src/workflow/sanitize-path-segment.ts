/**
 * Which file-system naming rules a path must satisfy. `portable` is the union of all three, so a
 * library synced between Windows, macOS and Linux machines never holds a name one of them rejects.
 */
export type PathConvention = 'windows' | 'macos' | 'linux' | 'portable';

export interface SanitizeOptions {
  /** Naming rules to satisfy; default `portable`. */
  convention?: PathConvention;
  /** Longest allowed segment in UTF-8 bytes; default 255 (ext4, APFS; NTFS allows 255 UTF-16 units). */
  maxBytes?: number;
  /** Character that replaces each forbidden one; default `_`. */
  replacement?: string;
  /** Keep the last `.ext` intact when truncating (file names); default false. */
  keepExtension?: boolean;
}

const WINDOWS_FORBIDDEN = /[<>:"/\\|?*]/g;
const MACOS_FORBIDDEN = /[/:]/g;
const LINUX_FORBIDDEN = /[/]/g;
// Control characters are legal on Linux but break shells, sync clients and Windows alike.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i;

function forbiddenFor(convention: PathConvention): RegExp {
  if (convention === 'macos') return MACOS_FORBIDDEN;
  if (convention === 'linux') return LINUX_FORBIDDEN;
  return WINDOWS_FORBIDDEN;
}

/** Length of a string in UTF-8 bytes. */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a code point. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8ByteLength(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = utf8ByteLength(char);
    if (used + size > maxBytes) break;
    out += char;
    used += size;
  }
  return out;
}

/**
 * Makes one path segment (a folder or file name) safe for the given naming convention. Pure: it
 * never looks at a disk. The result is NFC-normalized so macOS and Linux agree on the bytes, never
 * contains a separator, is never `.`/`..` or empty, has no trailing dots or spaces on Windows rules,
 * never equals a reserved Windows device name (with any extension), and fits `maxBytes`.
 *
 * @example
 * ```ts
 * sanitizePathSegment('NGC 7000 / North America'); // 'NGC 7000 _ North America'
 * sanitizePathSegment('CON.fits', { convention: 'windows' }); // 'CON_.fits'
 * ```
 */
export function sanitizePathSegment(segment: string, options: SanitizeOptions = {}): string {
  const convention = options.convention ?? 'portable';
  const replacement = options.replacement ?? '_';
  const maxBytes = options.maxBytes ?? 255;
  const windowsRules = convention === 'windows' || convention === 'portable';

  let name = segment.normalize('NFC').replace(CONTROL, replacement);
  name = name.replace(forbiddenFor(convention), replacement);
  if (windowsRules) name = name.replace(/[. ]+$/u, '');
  if (name === '' || /^\.+$/.test(name)) name = replacement;
  if (windowsRules && WINDOWS_RESERVED.test(name)) {
    const dot = name.indexOf('.');
    name =
      dot < 0 ? `${name}${replacement}` : `${name.slice(0, dot)}${replacement}${name.slice(dot)}`;
  }
  return fitBytes(name, maxBytes, options.keepExtension ?? false, windowsRules, replacement);
}

function fitBytes(
  name: string,
  maxBytes: number,
  keepExtension: boolean,
  windowsRules: boolean,
  replacement: string,
): string {
  if (utf8ByteLength(name) <= maxBytes) return name;
  const dot = keepExtension ? name.lastIndexOf('.') : -1;
  const ext = dot > 0 && utf8ByteLength(name.slice(dot)) < maxBytes / 2 ? name.slice(dot) : '';
  let stem = truncateUtf8(name.slice(0, name.length - ext.length), maxBytes - utf8ByteLength(ext));
  // Truncation can expose a trailing dot or space that Windows would silently drop.
  if (windowsRules) stem = stem.replace(/[. ]+$/u, '');
  return (stem === '' ? replacement : stem) + ext;
}

/**
 * Sanitizes every segment of a relative path written with `/` separators and rejoins them with
 * `/`. Empty segments (`a//b`) are dropped; a leading `/` is not allowed to make a path absolute.
 *
 * @example
 * ```ts
 * sanitizeRelativePath('M31/../../etc/passwd'); // 'M31/_/_/etc/passwd'
 * ```
 */
export function sanitizeRelativePath(path: string, options: SanitizeOptions = {}): string {
  const parts = path.split('/').filter((part) => part !== '');
  const last = parts.length - 1;
  return parts
    .map((part, index) =>
      sanitizePathSegment(part, {
        ...options,
        keepExtension: index === last || options.keepExtension,
      }),
    )
    .join('/');
}
