import type { HeaderCard } from '../metadata/frame-record.js';
import type { SqlDriver, SqlStatement } from './driver.js';

/** A header value as queries compare it: numbers (booleans as 0/1) or text. */
export type IndexValue = number | string;

interface Template {
  id: number;
  /** The layout key it was stored under. */
  layout: string;
  /** [keyword, comment] per card position; comment null when the card had none. */
  cards: Array<[string, string | null]>;
  /** Keyword id per position, null for commentary cards that are not indexed. */
  keywordIds: Array<number | null>;
  hasDuplicateKeywords: boolean;
}

/** Commentary cards carry prose, not values; indexing them would cost rows and answer nothing. */
const UNINDEXED_KEYWORDS = new Set(['', 'COMMENT', 'HISTORY', 'END']);
const TEXT_BUCKET_CHARS = 10;

/** The value a card is compared as: booleans become 0/1 (as JSON `true` reads in SQL); null and NaN are not indexed. */
export function toIndexValue(value: HeaderCard['value']): IndexValue | undefined {
  if (value === null) return undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return value;
}

/** True when matching a value's bucket already means matching the value (short text). */
export function bucketIsExact(value: IndexValue): boolean {
  return typeof value === 'string' && value.length < TEXT_BUCKET_CHARS;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The coarse, order-preserving key a value is indexed under: a number keeps its sign, exponent and
 * top 5 mantissa bits (about 3 % relative width), text its first 10 characters. `a <= b` implies
 * `bucketOf(a) <= bucketOf(b)`, so a range query narrows by bucket, then checks exact values.
 */
export function bucketOf(value: IndexValue): IndexValue {
  if (typeof value === 'string') return value.slice(0, TEXT_BUCKET_CHARS);
  // Truncating the mantissa moves a value toward zero within its binade: monotone for both signs.
  bits[0] = value;
  words[1 - HIGH_WORD] = 0;
  words[HIGH_WORD]! &= 0xffff8000;
  return bits[0] === 0 ? 0 : bits[0]!;
}

/**
 * Stores raw headers compactly (a shared keyword/comment template plus a per-frame JSON array of
 * values) and keeps `header_index` runs in step. Dictionary ids are cached; call
 * {@link forgetCaches} after a rolled-back transaction, since its ids may no longer exist.
 */
export class HeaderStore {
  private readonly templatesByKey = new Map<string, Template>();
  private readonly templatesById = new Map<number, Template>();
  private readonly keywordIds = new Map<string, number>();
  private readonly recent: Template[] = [];
  private readonly findTemplate: SqlStatement;
  private readonly findTemplateById: SqlStatement;
  private readonly insertTemplate: SqlStatement;
  private readonly insertTemplateCard: SqlStatement;
  private readonly findKeyword: SqlStatement;
  private readonly insertKeyword: SqlStatement;
  private readonly insertRun: SqlStatement;
  private readonly findRun: SqlStatement;
  private readonly deleteRun: SqlStatement;

  constructor(driver: SqlDriver) {
    this.findTemplate = driver.prepare('SELECT id FROM header_templates WHERE cards = ?');
    this.findTemplateById = driver.prepare('SELECT id, cards FROM header_templates WHERE id = ?');
    this.insertTemplate = driver.prepare(
      'INSERT INTO header_templates (cards) VALUES (?) RETURNING id',
    );
    this.insertTemplateCard = driver.prepare(
      'INSERT OR IGNORE INTO header_template_cards (template_id, keyword_id, position) VALUES (?, ?, ?)',
    );
    this.findKeyword = driver.prepare('SELECT id FROM header_keywords WHERE keyword = ?');
    this.insertKeyword = driver.prepare(
      'INSERT INTO header_keywords (keyword) VALUES (?) RETURNING id',
    );
    this.insertRun = driver.prepare(
      `INSERT INTO header_index (keyword_id, bucket, first_frame_id, last_frame_id) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET last_frame_id = max(last_frame_id, excluded.last_frame_id)`,
    );
    this.findRun = driver.prepare(
      `SELECT first_frame_id AS first, last_frame_id AS last FROM header_index
       WHERE keyword_id = ? AND bucket = ? AND first_frame_id <= ? ORDER BY first_frame_id DESC LIMIT 1`,
    );
    this.deleteRun = driver.prepare(
      'DELETE FROM header_index WHERE keyword_id = ? AND bucket = ? AND first_frame_id = ?',
    );
  }

  /** The id of the template for a header layout (see `headerLayout`), stored on first use. */
  templateId(layout: string): number {
    // Frames of one session share a layout: a short list of recent ones beats a map lookup.
    let template = this.recent.find((t) => t.layout === layout);
    if (!template) {
      template = this.templatesByKey.get(layout) ?? this.storeTemplate(layout);
      this.recent.unshift(template);
      if (this.recent.length > 8) this.recent.pop();
    }
    return template.id;
  }

  decode(templateId: number, values: string): HeaderCard[] {
    return this.decoder(templateId)(values);
  }

  /** A decoder bound to one template, usable after the catalog is closed. */
  decoder(templateId: number): (values: string) => HeaderCard[] {
    const { cards } = this.template(templateId);
    return (values) => {
      const parsed = JSON.parse(values) as HeaderCard['value'][];
      return cards.map(([keyword, comment], i) => {
        const value = parsed[i] ?? null;
        return comment === null ? { keyword, value } : { keyword, value, comment };
      });
    };
  }

  /** Starts collecting index runs for a batch of frames; call `finish()` inside the same transaction. */
  beginBatch(): HeaderRunBuilder {
    return new HeaderRunBuilder(this, this.insertRun);
  }

  /** Each indexed (keyword id, bucket) pair of a stored header, once. */
  buckets(templateId: number, values: readonly HeaderCard['value'][]): Array<[number, IndexValue]> {
    const template = this.template(templateId);
    const out: Array<[number, IndexValue]> = [];
    const seen = template.hasDuplicateKeywords ? new Set<string>() : undefined;
    for (let i = 0; i < template.keywordIds.length; i++) {
      const keywordId = template.keywordIds[i];
      if (keywordId === null || keywordId === undefined) continue;
      const value = toIndexValue(values[i] ?? null);
      if (value === undefined) continue;
      const bucket = bucketOf(value);
      if (seen) {
        const key = `${keywordId}:${typeof bucket}:${bucket}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push([keywordId, bucket]);
    }
    return out;
  }

  /** Takes one frame out of the runs that cover it, splitting a run around it. */
  unindexFrame(frameId: number, templateId: number, values: string): void {
    for (const [keywordId, bucket] of this.buckets(
      templateId,
      JSON.parse(values) as HeaderCard['value'][],
    )) {
      const run = this.findRun.get<{ first: number; last: number }>(keywordId, bucket, frameId);
      if (!run || run.last < frameId) continue;
      this.deleteRun.run(keywordId, bucket, run.first);
      if (run.first < frameId) this.insertRun.run(keywordId, bucket, run.first, frameId - 1);
      if (run.last > frameId) this.insertRun.run(keywordId, bucket, frameId + 1, run.last);
    }
  }

  forgetCaches(): void {
    this.templatesByKey.clear();
    this.templatesById.clear();
    this.keywordIds.clear();
    this.recent.length = 0;
  }

  private storeTemplate(key: string): Template {
    const found = this.findTemplate.get<{ id: number }>(key);
    if (found) return this.remember(found.id, key);
    const template = this.remember(this.insertTemplate.get<{ id: number }>(key)!.id, key);
    template.keywordIds.forEach((keywordId, position) => {
      if (keywordId !== null) this.insertTemplateCard.run(template.id, keywordId, position);
    });
    return template;
  }

  private template(id: number): Template {
    const cached = this.templatesById.get(id);
    if (cached) return cached;
    const row = this.findTemplateById.get<{ id: number; cards: string }>(id);
    if (!row) throw new Error(`header template ${id} is missing`);
    return this.remember(row.id, row.cards);
  }

  private remember(id: number, key: string): Template {
    const cards = JSON.parse(key) as Array<[string, string | null]>;
    const keywordIds = cards.map(([keyword]) =>
      UNINDEXED_KEYWORDS.has(keyword.trim().toUpperCase()) ? null : this.ensureKeyword(keyword),
    );
    const indexed = keywordIds.filter((k) => k !== null);
    const template: Template = {
      id,
      layout: key,
      cards,
      keywordIds,
      hasDuplicateKeywords: new Set(indexed).size !== indexed.length,
    };
    this.templatesByKey.set(key, template);
    this.templatesById.set(id, template);
    return template;
  }

  private ensureKeyword(keyword: string): number {
    const cacheKey = keyword.toUpperCase();
    let id = this.keywordIds.get(cacheKey);
    if (id === undefined) {
      id =
        this.findKeyword.get<{ id: number }>(keyword)?.id ??
        this.insertKeyword.get<{ id: number }>(keyword)!.id;
      this.keywordIds.set(cacheKey, id);
    }
    return id;
  }
}

/**
 * Turns (frame id, header) pairs into runs: consecutive frame ids whose value for a keyword falls
 * in the same bucket share one `header_index` row. Add frames in ascending id order to pack best.
 */
export class HeaderRunBuilder {
  private readonly open = new Map<number, { bucket: IndexValue; first: number; last: number }>();
  private readonly closed: Array<[number, IndexValue, number, number]> = [];

  constructor(
    private readonly store: HeaderStore,
    private readonly insertRun: SqlStatement,
  ) {}

  add(frameId: number, templateId: number, values: readonly HeaderCard['value'][]): void {
    for (const [keywordId, bucket] of this.store.buckets(templateId, values)) {
      const run = this.open.get(keywordId);
      if (run && run.bucket === bucket && run.last === frameId - 1) {
        run.last = frameId;
        continue;
      }
      if (run) this.closed.push([keywordId, run.bucket, run.first, run.last]);
      this.open.set(keywordId, { bucket, first: frameId, last: frameId });
    }
  }

  /** Writes the collected runs; returns how many rows that took. */
  finish(): number {
    for (const [keywordId, run] of this.open)
      this.closed.push([keywordId, run.bucket, run.first, run.last]);
    this.open.clear();
    for (const [keywordId, bucket, first, last] of this.closed)
      this.insertRun.run(keywordId, bucket, first, last);
    const rows = this.closed.length;
    this.closed.length = 0;
    return rows;
  }
}
