import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { mergeNote, renderNote, type GeneratedNote } from './note-merge.js';
import { yamlDate } from './yaml-emit.js';

function note(frames: number, extra: Partial<GeneratedNote> = {}): GeneratedNote {
  return {
    properties: {
      astrocat: 'session',
      night: yamlDate('2024-10-05'),
      frames,
      hfr: frames > 10 ? 2.5 : null,
      tags: ['astrocat/session'],
    },
    unionLists: ['tags'],
    sections: [
      { name: 'summary', markdown: `${frames} frames.` },
      { name: 'table', markdown: `| Filter | Frames |\n| --- | ---: |\n| Ha | ${frames} |` },
    ],
    head: '# M 31 — 2024-10-05\n\n',
    tail: '## Notes\n\n',
    ...extra,
  };
}

describe('renderNote / mergeNote', () => {
  it('renders valid frontmatter and marked sections', () => {
    const text = renderNote(note(12));
    const parsed = matter(text);
    expect(parsed.data).toMatchObject({
      astrocat: 'session',
      frames: 12,
      hfr: 2.5,
      tags: ['astrocat/session'],
    });
    expect(text).toContain('<!-- astrocat:begin table -->\n| Filter | Frames |');
    expect(text).toContain('| Ha | 12 |\n<!-- astrocat:end table -->');
    expect(text.endsWith('## Notes\n\n')).toBe(true);
  });

  it('is idempotent', () => {
    const text = renderNote(note(12));
    expect(mergeNote(text, note(12))).toBe(text);
    const edited = text.replace('## Notes\n\n', '## Notes\n\nClouds after 2am.\n');
    const merged = mergeNote(edited, note(20));
    expect(mergeNote(merged, note(20))).toBe(merged);
  });

  it('keeps user text, user properties and extra tags while updating generated parts', () => {
    const original = renderNote(note(12));
    const edited = original
      .replace('frames: 12\n', 'frames: 12\nrating: 4\nseeing: "poor: windy"\n')
      .replace('  - astrocat/session\n', '  - astrocat/session\n  - good-night\n')
      .replace('# M 31 — 2024-10-05\n', '# Andromeda, first light\n\nWritten before the table.\n')
      .replace('## Notes\n\n', '## Notes\n\nClouds after 2am.\n\n- [ ] redo flats\n');
    const merged = mergeNote(edited, note(30));
    const data = matter(merged).data as Record<string, unknown>;
    expect(data).toMatchObject({
      frames: 30,
      rating: 4,
      seeing: 'poor: windy',
      tags: ['astrocat/session', 'good-night'],
    });
    expect(merged).toContain('| Ha | 30 |');
    expect(merged).not.toContain('| Ha | 12 |');
    // Every user byte outside the markers is still there, in order.
    for (const part of [
      '# Andromeda, first light\n\nWritten before the table.\n',
      '## Notes\n\nClouds after 2am.\n\n- [ ] redo flats\n',
      'rating: 4\n',
    ]) {
      expect(merged).toContain(part);
    }
    const outside = (t: string): string =>
      t
        .replace(/<!-- astrocat:begin (\w+) -->[\s\S]*?<!-- astrocat:end \1 -->/g, '')
        .replace(/^---\n[\s\S]*?\n---\n/, '');
    expect(outside(merged)).toBe(outside(edited));
  });

  it('removes a generated property whose value became null and inserts new ones in order', () => {
    const withHfr = renderNote(note(12));
    expect(withHfr).toContain('hfr: 2.5');
    const without = mergeNote(withHfr, note(5));
    expect(without).not.toContain('hfr:');
    const back = mergeNote(without, note(12));
    expect(back).toBe(withHfr);
  });

  it('appends a section the note does not have yet and leaves a broken section alone', () => {
    const base = renderNote(note(12));
    const more = note(12, {
      sections: [...note(12).sections, { name: 'plot', markdown: '![[plot.svg]]' }],
    });
    const merged = mergeNote(base, more);
    expect(
      merged.endsWith(
        '## Notes\n\n<!-- astrocat:begin plot -->\n![[plot.svg]]\n<!-- astrocat:end plot -->\n',
      ),
    ).toBe(true);
    const broken = base.replace('<!-- astrocat:end table -->\n', '');
    const after = mergeNote(broken, note(40));
    expect(after).toContain('| Ha | 12 |');
    expect(after).toContain('40 frames.');
  });

  it('empties a section that is now empty, and neither renders nor appends an empty one', () => {
    const withPlot = note(12, {
      sections: [...note(12).sections, { name: 'plot', markdown: '![[plot.svg]]' }],
    });
    const noPlot = note(12, { sections: [...note(12).sections, { name: 'plot', markdown: '' }] });
    expect(renderNote(noPlot)).toBe(renderNote(note(12)));
    expect(mergeNote(renderNote(note(12)), noPlot)).toBe(renderNote(note(12)));
    const cleared = mergeNote(renderNote(withPlot), noPlot);
    expect(cleared).not.toContain('plot.svg');
    expect(cleared).toContain('<!-- astrocat:begin plot -->\n<!-- astrocat:end plot -->');
    expect(mergeNote(cleared, withPlot)).toBe(renderNote(withPlot));
  });

  it('adds frontmatter to a note that has none and keeps CRLF notes CRLF', () => {
    const plain = 'My own note\n';
    const merged = mergeNote(plain, note(3));
    expect(merged.startsWith('---\nastrocat: session\n')).toBe(true);
    expect(merged).toContain('\n---\nMy own note\n');
    const crlf = renderNote(note(3), '\r\n');
    expect(crlf.replace(/\r\n/g, '')).not.toContain('\n');
    expect(mergeNote(crlf, note(3))).toBe(crlf);
    expect(mergeNote(crlf, note(4)).replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('handles frontmatter rewritten in Obsidian style (flow lists, reordered keys)', () => {
    const rewritten =
      '---\ntags: [mine, astrocat/session]\nframes: 12\nastrocat: session\nnight: 2024-10-05\n---\nbody\n';
    const merged = mergeNote(rewritten, note(13));
    const data = matter(merged).data as Record<string, unknown>;
    expect(data['tags']).toEqual(['astrocat/session', 'mine']);
    expect(data['frames']).toBe(13);
    expect(data['hfr']).toBe(2.5);
    expect(merged.indexOf('hfr: 2.5')).toBeGreaterThan(merged.indexOf('frames: 13'));
  });
});
