import { basename, dirname, extname, join } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import {
  copyVerified,
  errnoOf,
  sameContent,
  sameInode,
  statOrNull,
  type WorkflowFs,
} from './file-ops.js';

/** Errors from `link()` that mean "this file system has no hard links", not "you may not". */
const NO_HARD_LINKS = new Set(['ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EPERM', 'EMLINK']);

/** How a move was carried out. */
export type MoveMethod = 'link' | 'rename' | 'copy';

/** Where a file may go: a free name, or an existing file with identical content. */
export type DestinationChoice =
  | { kind: 'free'; to: string }
  | { kind: 'duplicate'; to: string }
  /** A candidate is promised to an earlier step that has not moved yet: decide after it has. */
  | { kind: 'claimed'; to: string };

/**
 * The n-th candidate name for `path`: the path itself, then `name_2.fits`, `name_3.fits`, ...
 * An underscore (not ` (2)`) keeps names free of spaces and parentheses for shells and NINA
 * patterns; `.fits.fz` keeps its double extension.
 */
export function candidateName(path: string, n: number): string {
  if (n <= 1) return path;
  const name = basename(path);
  const ext = /\.[^.]+\.fz$/i.exec(name)?.[0] ?? extname(name);
  return join(dirname(path), `${name.slice(0, name.length - ext.length)}_${n}${ext}`);
}

/**
 * Finds where `from` may go without overwriting anything: the first candidate name that is free,
 * unless a candidate on the way already holds the same bytes, which makes `from` a duplicate.
 */
export async function chooseDestination(
  fs: WorkflowFs,
  from: string,
  to: string,
  isClaimed: (path: string) => boolean = () => false,
): Promise<DestinationChoice> {
  const source = await statOrNull(fs, from);
  for (let n = 1; n < 10_000; n++) {
    const candidate = candidateName(to, n);
    if (isClaimed(candidate)) return { kind: 'claimed', to: candidate };
    const existing = await statOrNull(fs, candidate);
    if (existing === null) return { kind: 'free', to: candidate };
    if (existing.isDirectory) continue;
    if (source && (sameInode(source, existing) || (await sameContent(fs, from, candidate)))) {
      return { kind: 'duplicate', to: candidate };
    }
  }
  throw new AstroError(ErrorCode.IO_ERROR, `no free name for ${to}`, { details: { from, to } });
}

/** The temporary name a cross-device copy is written under before it takes its real name. */
export function partialName(to: string): string {
  return join(dirname(to), `.${basename(to)}.astrocat-part`);
}

export interface MoveOptions {
  /** Copy instead of move (the source is kept). */
  keepSource?: boolean;
  /** Called before a copy starts, so the caller can journal that equal bytes (not the inode) will prove it. */
  beforeCopy?: () => void;
  /** Recovery: accept equal bytes under another inode as our own finished copy. */
  contentMatch?: boolean;
  /** For a copy: clone copy-on-write where the file system can. */
  reflink?: boolean;
}

/**
 * Moves `from` to the free path `to` and never overwrites: `link()` + `unlink()` on one file
 * system (atomic, fails with EEXIST if `to` appeared meanwhile); a rename after an existence check
 * where hard links are unsupported; across file systems (EXDEV) copy → fsync → verify size and
 * SHA-256 → link into place → unlink, the copy retried once. Throws the errno error on failure.
 *
 * @example
 * ```ts
 * const choice = await chooseDestination(nodeFs, src, dst);
 * if (choice.kind === 'free') await moveNoClobber(nodeFs, src, choice.to);
 * ```
 */
export async function moveNoClobber(
  fs: WorkflowFs,
  from: string,
  to: string,
  options: MoveOptions = {},
): Promise<MoveMethod> {
  if (options.keepSource) {
    options.beforeCopy?.();
    await copyIntoPlace(fs, from, to, { reflink: Boolean(options.reflink) });
    return 'copy';
  }
  try {
    await fs.link(from, to);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EXDEV') {
      options.beforeCopy?.();
      await copyIntoPlace(fs, from, to);
      await fs.unlink(from);
      return 'copy';
    }
    if (code !== undefined && NO_HARD_LINKS.has(code) && (await statOrNull(fs, from)) !== null) {
      await renameNoClobber(fs, from, to, error);
      return 'rename';
    }
    throw error;
  }
  await fs.unlink(from);
  return 'link';
}

async function renameNoClobber(
  fs: WorkflowFs,
  from: string,
  to: string,
  cause: unknown,
): Promise<void> {
  // Without hard links the check and the rename are two calls; the window is accepted and documented.
  if ((await statOrNull(fs, to)) !== null) {
    throw Object.assign(new Error(`EEXIST: ${to} exists`), { code: 'EEXIST', cause });
  }
  await fs.rename(from, to);
}

/**
 * Hard-links `from` at the free path `to` (a second name, no second copy); where hard links are
 * impossible (another file system, FAT) it falls back to a verified copy.
 */
export async function linkNoClobber(
  fs: WorkflowFs,
  from: string,
  to: string,
  options: Pick<MoveOptions, 'beforeCopy'> = {},
): Promise<MoveMethod> {
  try {
    await fs.link(from, to);
    return 'link';
  } catch (error) {
    const code = errnoOf(error);
    if (code !== 'EXDEV' && (code === undefined || !NO_HARD_LINKS.has(code))) throw error;
    options.beforeCopy?.();
    await copyIntoPlace(fs, from, to);
    return 'copy';
  }
}

async function copyIntoPlace(
  fs: WorkflowFs,
  from: string,
  to: string,
  options: { reflink?: boolean } = {},
): Promise<void> {
  const part = partialName(to);
  await fs.unlink(part).catch(() => undefined);
  try {
    await copyVerified(fs, from, part, options);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') throw error;
    await fs.unlink(part).catch(() => undefined);
    await copyVerified(fs, from, part, options);
  }
  try {
    await fs.link(part, to);
    await fs.unlink(part);
  } catch (error) {
    const code = errnoOf(error);
    if (code === undefined || !NO_HARD_LINKS.has(code)) {
      await fs.unlink(part).catch(() => undefined);
      throw error;
    }
    await renameNoClobber(fs, part, to, error);
  }
}

/** What a resumed move found on disk. */
export type MoveRecovery = 'moved' | 'redo' | 'reroute' | 'lost';

/**
 * Finishes a move that was journaled as begun toward `to` and then interrupted, judging only by
 * the disk: source and destination the same inode (or, for a journaled copy, the same bytes) →
 * unlink the source; only the destination → already moved; only the source → `redo`; destination
 * held by another file → `reroute`; neither → `lost` (never produced by our own sequence).
 * Equal bytes under another inode are not trusted for a link-move: that is an identical file
 * placed there by someone else, which must be reported as a duplicate, not absorbed.
 */
export async function recoverMove(
  fs: WorkflowFs,
  from: string,
  to: string,
  options: MoveOptions = {},
): Promise<MoveRecovery> {
  await fs.unlink(partialName(to)).catch(() => undefined);
  const [source, target] = await Promise.all([statOrNull(fs, from), statOrNull(fs, to)]);
  if (source === null) return target === null ? 'lost' : 'moved';
  if (target === null) return 'redo';
  const copied = options.keepSource || options.contentMatch;
  if (sameInode(source, target) || (copied && (await sameContent(fs, from, to)))) {
    if (!options.keepSource) await fs.unlink(from);
    return 'moved';
  }
  return 'reroute';
}
