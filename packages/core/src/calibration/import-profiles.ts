import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { Diagnostic } from '../errors/index.js';
import { parseNinaProfile, type RigProfile } from './nina-profile.js';
import { CalibrationStore } from './schema.js';

export interface ProfileImport {
  imported: RigProfile[];
  /** Files not imported, each with the reason (also in `diagnostics`). */
  skipped: { path: string; reason: string }[];
  diagnostics: Diagnostic[];
}

/** `.profile` files among the paths; folders are searched recursively, in name order. */
async function profileFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) files.push(...(await profileFiles([full])));
      else if (entry.name.toLowerCase().endsWith('.profile')) files.push(full);
    }
  }
  return files;
}

/**
 * Imports N.I.N.A. profiles into the catalog's equipment tables. A malformed file or profile
 * name is reported and skipped; the others import.
 *
 * @example
 * ```ts
 * const { imported, skipped } = await importProfiles(catalog, ['C:/Users/me/AppData/Local/NINA/Profiles']);
 * ```
 */
export async function importProfiles(
  catalog: Pick<Catalog, 'driver'>,
  paths: readonly string[],
): Promise<ProfileImport> {
  const result: ProfileImport = { imported: [], skipped: [], diagnostics: [] };
  for (const path of await profileFiles(paths)) {
    let xml: string;
    try {
      xml = await readFile(path, 'utf8');
    } catch (error) {
      const reason = `cannot read: ${(error as Error).message}`;
      result.skipped.push({ path, reason });
      result.diagnostics.push({
        severity: 'error',
        code: 'PROFILE_UNREADABLE',
        message: `${path}: ${reason}`,
      });
      continue;
    }
    const parsed = parseNinaProfile(xml, path);
    result.diagnostics.push(...parsed.diagnostics);
    if (parsed.value === null) {
      const reason =
        parsed.diagnostics.find((d) => d.severity === 'error')?.message ?? 'not a profile';
      result.skipped.push({
        path,
        reason: reason.startsWith(`${path}: `) ? reason.slice(path.length + 2) : reason,
      });
      continue;
    }
    result.imported.push(parsed.value);
  }
  new CalibrationStore(catalog.driver).saveProfiles(result.imported);
  return result;
}
