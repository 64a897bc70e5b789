/**
 * Parses an angle written as sexagesimal ("05 35 17.3", "-05:23:28", "12h30m45s",
 * "+22°00'52\"") or as a plain decimal ("83.82"), and returns it in **degrees**: an angle in
 * hours is multiplied by 15. Returns `null` for anything it cannot read or that is out of range
 * (minutes or seconds ≥ 60, hours outside 0–24, degrees outside ±360).
 *
 * The sign is read from the text, not from the first number, so "-00 30 00" is −0.5°.
 *
 * @example
 * ```ts
 * parseSexagesimal('05 35 17.3', 'hours'); // 83.8221
 * parseSexagesimal('-05:23:28', 'degrees'); // -5.3911
 * ```
 */
export function parseSexagesimal(text: string, unit: 'hours' | 'degrees'): number | null {
  const parts = splitParts(text);
  if (parts === null) return null;
  const { negative, fields } = parts;
  if (fields.length === 0 || fields.length > 3) return null;
  const values: number[] = [];
  for (const field of fields) {
    if (!NUMBER.test(field)) return null;
    values.push(Number(field));
  }
  const [whole = 0, minutes = 0, seconds = 0] = values;
  // Only the last field may carry a fraction ("05 35.5" is fine, "05.5 35" is not).
  for (let i = 0; i < fields.length - 1; i++) if (fields[i]!.includes('.')) return null;
  if (minutes >= 60 || seconds >= 60) return null;
  const magnitude = whole + minutes / 60 + seconds / 3600;
  if (unit === 'hours' ? magnitude > 24 : magnitude > 360) return null;
  const value = (negative ? -magnitude : magnitude) * (unit === 'hours' ? 15 : 1);
  if (unit === 'hours' && value < 0) return null;
  return value;
}

const NUMBER = /^\d+(?:\.\d*)?$|^\.\d+$/;
// Unit markers used as separators: h m s, d ° ' ′ " ″ and colons.
const SEPARATORS = /[\s:hmsd°'′"″]+/i;

function splitParts(text: string): { negative: boolean; fields: string[] } | null {
  let body = text.trim();
  if (body.length === 0) return null;
  let negative = false;
  const first = body[0];
  if (first === '-' || first === '+' || first === '\u2212') {
    negative = first !== '+';
    body = body.slice(1).trim();
  }
  // A value like "1e5" or "5-3" has a second sign or letters we do not treat as separators.
  if (/[^\d.\s:hmsd°'′"″]/i.test(body)) return null;
  const fields = body.split(SEPARATORS).filter((f) => f.length > 0);
  return { negative, fields };
}
