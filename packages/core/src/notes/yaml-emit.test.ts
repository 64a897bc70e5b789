import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { emitProperty, yamlDate, yamlString, type FrontmatterValue } from './yaml-emit.js';

function roundTrip(key: string, value: FrontmatterValue): unknown {
  const text = `---\n${emitProperty(key, value)}\n---\nbody\n`;
  return (matter(text).data as Record<string, unknown>)[key];
}

describe('emitProperty', () => {
  const tricky = [
    'M 31',
    'Esprit 100@f5.5+ASI2600MM',
    'a: b',
    'x #comment',
    '#tag',
    '- dash',
    'yes',
    'No',
    'null',
    '~',
    '123',
    '1e3',
    '0x1F',
    '2024-10-05',
    '',
    ' leading',
    'trailing ',
    'quote " and \\ backslash',
    "it's",
    'line\nbreak',
    'tab\there',
    '[[Astrocat/Targets/M 31|M 31]]',
    '{braces}',
    '*star',
    '&anchor',
    '!tag',
    '%percent',
    '@at',
    '`tick`',
    'Ünïcödé ✨ 😀',
    'ls\u2028ps\u2029nel\u0085',
  ];
  it.each(tricky)('round-trips the string %j through a YAML parser', (text) => {
    expect(roundTrip('k', text)).toBe(text);
  });

  it('writes simple strings unquoted for readability', () => {
    expect(yamlString('M 31')).toBe('M 31');
    expect(yamlString('Esprit 100@f5.5+ASI2600MM')).toBe('Esprit 100@f5.5+ASI2600MM');
    expect(yamlString('yes')).toBe('"yes"');
  });

  it('writes numbers, booleans and null with their types', () => {
    expect(roundTrip('n', 12.5)).toBe(12.5);
    expect(roundTrip('n', -0)).toBe(0);
    expect(roundTrip('n', Number.NaN)).toBeNull();
    expect(roundTrip('b', false)).toBe(false);
    expect(roundTrip('z', null)).toBeNull();
  });

  it('writes dates unquoted so YAML readers type them as dates', () => {
    expect(emitProperty('night', yamlDate('2024-10-05'))).toBe('night: 2024-10-05');
    expect(roundTrip('night', yamlDate('2024-10-05'))).toEqual(new Date('2024-10-05T00:00:00Z'));
    expect(() => yamlDate('05.10.2024')).toThrow(RangeError);
  });

  it('writes lists and flat maps in Obsidian layout', () => {
    expect(emitProperty('filters', ['Ha', 'OIII'])).toBe('filters:\n  - Ha\n  - OIII');
    expect(roundTrip('filters', ['Ha', 'yes', 'a: b'])).toEqual(['Ha', 'yes', 'a: b']);
    expect(roundTrip('empty', [])).toEqual([]);
    expect(roundTrip('by', { Ha: 30, 'O III': 12.5, none: null })).toEqual({
      Ha: 30,
      'O III': 12.5,
      none: null,
    });
  });
});
