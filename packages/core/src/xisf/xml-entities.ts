const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five predefined XML entities and numeric character references in one pass.
 * The XML parser runs with entity processing off (no DOCTYPE entity can expand), so this is
 * the only decoding: unknown entity names such as `&lol9;` stay as literal text.
 *
 * @example
 * ```ts
 * decodeXmlEntities('M&amp;M &#65;'); // 'M&M A'
 * ```
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g,
    (whole, hex, dec, name) => {
      if (name !== undefined) return NAMED[name as string] ?? whole;
      const code = hex !== undefined ? parseInt(hex as string, 16) : parseInt(dec as string, 10);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : whole;
    },
  );
}

/**
 * Escapes text for a double-quoted XML attribute or character data, keeping line breaks and
 * tabs (a parser would normalize them to spaces in an attribute).
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\n\r\t]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}
