import { describe, expect, it } from 'vitest';
import { keyOfLine, parseYamlBlocks, readStringList, splitFrontmatter } from './frontmatter.js';

describe('splitFrontmatter', () => {
  it('splits without changing a byte', () => {
    const text = '---\ntitle: x\ntags:\n  - a\n---\n# Body\n';
    const s = splitFrontmatter(text);
    expect(s.yaml).toBe('title: x\ntags:\n  - a\n');
    expect(s.body).toBe('# Body\n');
    expect(s.open + s.yaml + s.close + s.body).toBe(text);
  });

  it('keeps CRLF and a BOM', () => {
    const text = '\uFEFF---\r\na: 1\r\n---\r\nbody\r\n';
    const s = splitFrontmatter(text);
    expect(s.eol).toBe('\r\n');
    expect(s.yaml).toBe('a: 1\r\n');
    expect(s.open + s.yaml + s.close + s.body).toBe(text);
  });

  it('treats a note without a closing fence as having no frontmatter', () => {
    const text = '---\na: 1\nno end\n';
    expect(splitFrontmatter(text)).toMatchObject({ open: '', yaml: '', body: text });
  });
});

describe('parseYamlBlocks', () => {
  const yaml = [
    '# leading comment',
    'title: My "note"',
    'tags:',
    '- one',
    '- two',
    '',
    '"quoted key": 1',
    "'single': 2",
    'text: |',
    '  line one',
    '',
    '  line two',
    'map:',
    '  a: 1',
    '# trailing',
    '',
  ].join('\n');

  it('cuts top-level properties and keeps every byte', () => {
    const blocks = parseYamlBlocks(yaml);
    expect(blocks.map((b) => b.key)).toEqual([
      'title',
      'tags',
      'quoted key',
      'single',
      'text',
      'map',
      null,
    ]);
    expect(blocks.map((b) => b.lead + b.text).join('')).toBe(yaml);
    expect(blocks[4]?.text).toBe('text: |\n  line one\n\n  line two\n');
  });

  it('recognizes key lines and rejects others', () => {
    expect(keyOfLine('set_temp_c: -10')).toBe('set_temp_c');
    expect(keyOfLine('date:')).toBe('date');
    expect(keyOfLine('"a: b": 1')).toBe('a: b');
    expect(keyOfLine('http://x')).toBeNull();
    expect(keyOfLine('- item')).toBeNull();
  });
});

describe('readStringList', () => {
  const read = (text: string): string[] | null => readStringList({ key: 'tags', lead: '', text });
  it('reads block, flow and single forms', () => {
    expect(read('tags:\n  - a\n  - "b c"\n')).toEqual(['a', 'b c']);
    expect(read('tags:\n- a\n- b\n')).toEqual(['a', 'b']);
    expect(read('tags: [a, "b", \'c\']\n')).toEqual(['a', 'b', 'c']);
    expect(read('tags: solo\n')).toEqual(['solo']);
    expect(read('tags:\n')).toEqual([]);
  });
  it('refuses shapes it does not understand', () => {
    expect(read('tags:\n  a: 1\n')).toBeNull();
    expect(read('tags: {a: 1}\n')).toBeNull();
  });
});
