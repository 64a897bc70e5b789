const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_NAME_BYTES = 120;

function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).byteLength <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (encoder.encode(out + ch).byteLength > maxBytes) break;
    out += ch;
  }
  return out;
}

/**
 * Turns any text into a file name (without extension) that is valid on Windows, macOS and Linux
 * and safe inside an Obsidian wiki link: no path separators, reserved characters (`<>:"/\|?*`),
 * link syntax (`#^[]|`), control characters, leading dots, trailing dots or spaces, or Windows
 * device names; at most 120 UTF-8 bytes.
 *
 * @example
 * ```ts
 * safeFileName('M 31: "Andromeda" / Panel A'); // "M 31 - Andromeda - Panel A"
 * ```
 */
export function safeFileName(text: string, fallback = 'untitled'): string {
  let name = text
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s*[<>:"/\\|?*#^[\]]+\s*/g, ' - ')
    .replace(/\s+/g, ' ')
    .replace(/ - (?:- )+/g, ' - ')
    .replace(/^[\s.-]+/, '')
    .replace(/[\s.-]+$/, '');
  name = truncateUtf8(name, MAX_NAME_BYTES).replace(/[\s.]+$/, '');
  if (name === '') name = fallback;
  if (WINDOWS_RESERVED.test(name)) name = `${name}_`;
  return name;
}

/**
 * Assigns each key a distinct file name, comparing case-insensitively (macOS and Windows
 * file systems do): later duplicates get " (2)", " (3)", ... Deterministic for the same input order.
 *
 * @example
 * ```ts
 * uniqueFileNames([['a', 'M31'], ['b', 'm31']]); // Map { a => 'M31', b => 'm31 (2)' }
 * ```
 */
export function uniqueFileNames(
  entries: ReadonlyArray<readonly [key: string, wanted: string]>,
): Map<string, string> {
  const taken = new Set<string>();
  const result = new Map<string, string>();
  for (const [key, wanted] of entries) {
    const base = safeFileName(wanted);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++)
      name = `${truncateUtf8(base, MAX_NAME_BYTES - 8)} (${n})`;
    taken.add(name.toLowerCase());
    result.set(key, name);
  }
  return result;
}
