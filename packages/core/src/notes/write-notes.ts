import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import { dashboardNote } from './dashboard-note.js';
import { uniqueFileNames } from './file-names.js';
import { splitFrontmatter } from './frontmatter.js';
import type { IntegrationGoalsH, NoteContext } from './note-context.js';
import { mergeNote, renderNote, type GeneratedNote } from './note-merge.js';
import { sessionNote } from './session-note.js';
import { summarizeSessions, type NoteFrame, type ImagingSession } from './session-summary.js';
import { summarizeTargets } from './target-summary.js';
import { targetNote } from './target-note.js';

/** The part of the catalog notes read; `Catalog` satisfies it. */
export interface NotesCatalog {
  search(filter: { includeUnstitched?: boolean }): NoteFrame[];
}

export type SessionPlotPoint = ImagingSession['points'][number];

export interface WriteNotesOptions {
  /** Vault folder for astrocat's notes; default `Astrocat`. */
  folder?: string;
  dataview?: boolean;
  templates?: NoteContext['templates'];
  goalsH?: IntegrationGoalsH;
  recentSessions?: number;
  /** Renders a night's quality plot as SVG (analysis' `plotSessionSvg`); no plots without it. */
  plotSvg?: (points: SessionPlotPoint[]) => string;
  /**
   * Renders it as PNG instead (analysis' `plotSessionPng`), for viewers and exports that show no
   * SVG; wins over `plotSvg`.
   */
  plotPng?: (points: SessionPlotPoint[]) => Uint8Array;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; path: string }) => void;
}

export interface WriteNotesResult {
  /** Vault-relative paths (forward slashes). */
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Session plots of another format (or of plots now turned off) that this run deleted. */
  removed: string[];
  dashboardPath: string;
  sessions: number;
  targets: number;
}

const PLOT_EXTENSIONS = ['svg', 'png'] as const;

const ID_LINE = /^astrocat_id:[ \t]*(.*?)[ \t]*$/m;

function readScalar(text: string): string {
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text.startsWith("'") ? text.slice(1, -1).replace(/''/g, "'") : text;
}

/** Finds notes astrocat wrote (by their `astrocat_id` property), so renamed or moved notes are still updated. */
async function indexExistingNotes(
  vaultDir: string,
  folder: string,
): Promise<{ notes: Map<string, string>; files: Set<string> }> {
  const found = new Map<string, string>();
  // Every other file seen on the way (plots among them), so stale ones are found without more I/O.
  const files = new Set<string>();
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(vaultDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = posix.join(rel, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) await walk(child);
      else if (e.isFile() && !e.name.endsWith('.md')) files.add(child);
      else if (e.isFile()) {
        const yaml = splitFrontmatter(await readFile(join(vaultDir, child), 'utf8')).yaml;
        const m = ID_LINE.exec(yaml);
        if (m && !found.has(readScalar(m[1] as string)))
          found.set(readScalar(m[1] as string), child);
      }
    }
  };
  await walk(folder);
  return { notes: found, files };
}

async function writeAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const dir = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
  const tmp = join(dir, `.${path.slice(dir.length + 1)}.astrocat-tmp`);
  await writeFile(tmp, content);
  await rename(tmp, path);
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function sessionBaseNames(sessions: readonly ImagingSession[]): Map<string, string> {
  const count = new Map<string, number>();
  const base = (s: ImagingSession): string => `${s.night} ${s.target ?? 'Unknown target'}`;
  for (const s of sessions) count.set(base(s), (count.get(base(s)) ?? 0) + 1);
  const sorted = [...sessions].sort((a, b) => a.key.localeCompare(b.key));
  return uniqueFileNames(
    sorted.map((s) => [
      s.key,
      (count.get(base(s)) ?? 0) > 1 && s.rig ? `${base(s)} ${s.rig}` : base(s),
    ]),
  );
}

/**
 * Writes session notes, target notes and the dashboard for the whole catalog into a vault folder.
 * Existing notes are merged (user text and properties kept); a file is written only when its
 * content changes, atomically (temp file + rename). This is the notes area's only I/O.
 *
 * @example
 * ```ts
 * const result = await writeNotes('/home/me/Vault', catalog, { folder: 'Astro', dataview: true });
 * console.log(`${result.created.length} created, ${result.updated.length} updated`);
 * ```
 */
export async function writeNotes(
  vaultDir: string,
  catalog: NotesCatalog,
  options: WriteNotesOptions = {},
): Promise<WriteNotesResult> {
  const folder = (options.folder ?? 'Astrocat').replace(/^\/+|\/+$/g, '') || 'Astrocat';
  const sessions = summarizeSessions(catalog.search({ includeUnstitched: false }));
  const targets = summarizeTargets(sessions);
  const { notes: existing, files: existingFiles } = await indexExistingNotes(vaultDir, folder);
  const sessionNames = sessionBaseNames(sessions);
  const targetNames = uniqueFileNames(targets.map((t) => [t.target, t.target]));
  const strip = (p: string): string => p.replace(/\.md$/, '');
  const plots = new Map<string, { path: string; data: string | Uint8Array }>();
  const ctx: NoteContext = {
    folder,
    sessionPath: (s) =>
      strip(existing.get(s.key) ?? `${folder}/Sessions/${sessionNames.get(s.key)}`),
    targetPath: (t) =>
      strip(existing.get(`target|${t}`) ?? `${folder}/Targets/${targetNames.get(t) ?? t}`),
    dashboardPath: strip(existing.get('dashboard') ?? `${folder}/Dashboard`),
    plotPath: (s) => plots.get(s.key)?.path ?? null,
    templates: options.templates,
    dataview: options.dataview,
    goalsH: options.goalsH,
    recentSessions: options.recentSessions,
  };
  const plot: {
    extension: string;
    render: (points: SessionPlotPoint[]) => string | Uint8Array;
  } | null = options.plotPng
    ? { extension: 'png', render: options.plotPng }
    : options.plotSvg
      ? { extension: 'svg', render: options.plotSvg }
      : null;
  const plotBase = (s: ImagingSession): string =>
    `${folder}/Sessions/plots/${sessionNames.get(s.key)}`;
  if (plot) {
    for (const s of sessions) {
      if (!s.points.some((p) => Object.keys(p).length > 1)) continue;
      plots.set(s.key, { path: `${plotBase(s)}.${plot.extension}`, data: plot.render(s.points) });
    }
  }
  // Plots are ours alone (generated, never edited): one a session no longer embeds, because the
  // format changed or plots were turned off, would only be left behind in the vault.
  const stalePlots = sessions.flatMap((s) =>
    PLOT_EXTENSIONS.map((extension) => `${plotBase(s)}.${extension}`).filter(
      (path) => path !== plots.get(s.key)?.path && existingFiles.has(path),
    ),
  );
  const jobs: Array<{ path: string; note?: GeneratedNote; raw?: string | Uint8Array }> = [
    ...sessions.map((s) => ({ path: `${ctx.sessionPath(s)}.md`, note: sessionNote(s, ctx) })),
    ...[...plots.values()].map((p) => ({ path: p.path, raw: p.data })),
    ...targets.map((t) => ({ path: `${ctx.targetPath(t.target)}.md`, note: targetNote(t, ctx) })),
    { path: `${ctx.dashboardPath}.md`, note: dashboardNote(sessions, targets, ctx) },
  ];
  const result: WriteNotesResult = {
    created: [],
    updated: [],
    unchanged: [],
    removed: [],
    dashboardPath: `${ctx.dashboardPath}.md`,
    sessions: sessions.length,
    targets: targets.length,
  };
  let done = 0;
  for (const job of jobs) {
    if (options.signal?.aborted)
      throw new AstroError(ErrorCode.ABORTED, 'writing notes was cancelled');
    const file = join(vaultDir, ...job.path.split('/'));
    try {
      const bytes = await readIfExists(file);
      const before =
        bytes === null || job.raw instanceof Uint8Array ? null : bytes.toString('utf8');
      const after =
        job.raw ??
        (before === null
          ? renderNote(job.note as GeneratedNote)
          : mergeNote(before, job.note as GeneratedNote));
      const same =
        bytes !== null &&
        (typeof after === 'string' ? before === after : Buffer.from(after).equals(bytes));
      if (same) result.unchanged.push(job.path);
      else {
        await mkdir(join(file, '..'), { recursive: true });
        await writeAtomic(file, after);
        (bytes === null ? result.created : result.updated).push(job.path);
      }
    } catch (cause) {
      throw new AstroError(
        ErrorCode.IO_ERROR,
        `cannot write note ${job.path}: ${(cause as Error).message}`,
        { cause, details: { path: file } },
      );
    }
    options.onProgress?.({ done: ++done, total: jobs.length, path: job.path });
  }
  for (const path of stalePlots) {
    const file = join(vaultDir, ...path.split('/'));
    try {
      await rm(file, { force: true });
      result.removed.push(path);
    } catch (cause) {
      throw new AstroError(
        ErrorCode.IO_ERROR,
        `cannot remove old plot ${path}: ${(cause as Error).message}`,
        { cause, details: { path: file } },
      );
    }
  }
  return result;
}
