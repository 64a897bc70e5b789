import { z } from 'zod';

/** The settings this version writes. Saved data of older versions is migrated, never merged blind. */
export const SETTINGS_VERSION = 2;

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  /** Absolute folders holding FITS/XISF frames, scanned by "Scan library now". */
  libraryFolders: z.array(z.string().trim().min(1, 'a library folder cannot be empty')).default([]),
  /** Absolute path of the catalog file shared with the CLI. */
  catalogPath: z.string().trim().min(1, 'the catalog file is required'),
  /** Vault folder for the generated notes. */
  notesFolder: z
    .string()
    .trim()
    .min(1, 'the notes folder is required')
    .refine(
      (v) => !v.startsWith('/') && !v.split('/').includes('..'),
      'the notes folder must be a path inside the vault',
    ),
  /** Text new session/target notes start with below their generated sections. */
  templates: z
    .object({
      session: z.string().default('## Notes\n\n'),
      target: z.string().default('## Notes\n\n'),
    })
    .default({ session: '## Notes\n\n', target: '## Notes\n\n' }),
  dataview: z.boolean().default(false),
  /** Session notes embed a plot of the night's quality: SVG, PNG (for exports) or none. */
  plotFormat: z.enum(['svg', 'png', 'none']).default('svg'),
});

export type AstrocatSettings = z.infer<typeof settingsSchema>;

export function defaultSettings(catalogPath: string): AstrocatSettings {
  return settingsSchema.parse({ version: SETTINGS_VERSION, catalogPath, notesFolder: 'Astrocat' });
}

/** Version 1 (0.0.x) kept one library folder and called the catalog `catalogFile`. */
const v1Schema = z.object({
  version: z.literal(1).optional(),
  libraryFolder: z.string().optional(),
  catalogFile: z.string().optional(),
  notesFolder: z.string().optional(),
});

export interface LoadedSettings {
  settings: AstrocatSettings;
  /** Problems found in the saved data; the defaults were used for those fields. */
  warnings: string[];
  migratedFrom: number | null;
}

/**
 * Validates saved plugin data, migrating older versions step by step; invalid fields fall back
 * to defaults with a warning instead of breaking the plugin.
 *
 * @example
 * ```ts
 * const { settings, warnings } = loadSettings(await plugin.loadData(), defaultCatalogPath());
 * ```
 */
export function loadSettings(saved: unknown, defaultCatalogPath: string): LoadedSettings {
  const defaults = defaultSettings(defaultCatalogPath);
  if (saved === null || saved === undefined)
    return { settings: defaults, warnings: [], migratedFrom: null };
  let data = saved as Record<string, unknown>;
  let migratedFrom: number | null = null;
  if (typeof data !== 'object' || Array.isArray(data))
    return {
      settings: defaults,
      warnings: ['saved settings were not an object; using defaults'],
      migratedFrom,
    };
  const version = typeof data['version'] === 'number' ? data['version'] : 1;
  if (version > SETTINGS_VERSION) {
    return {
      settings: defaults,
      warnings: [`saved settings are from a newer plugin (version ${version}); using defaults`],
      migratedFrom,
    };
  }
  if (version === 1) {
    const v1 = v1Schema.safeParse(data);
    const old = v1.success ? v1.data : {};
    data = {
      version: 2,
      libraryFolders: old.libraryFolder ? [old.libraryFolder] : [],
      catalogPath: old.catalogFile ?? defaults.catalogPath,
      notesFolder: old.notesFolder ?? defaults.notesFolder,
    };
    migratedFrom = 1;
  }
  const parsed = settingsSchema.safeParse(data);
  if (parsed.success) return { settings: parsed.data, warnings: [], migratedFrom };
  // Keep every valid field, replace only the broken ones.
  const warnings = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`,
  );
  const broken = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  const repaired = Object.fromEntries(
    Object.entries({ ...defaults, ...data }).map(([k, v]) => [
      k,
      broken.has(k) ? defaults[k as keyof AstrocatSettings] : v,
    ]),
  );
  const retry = settingsSchema.safeParse(repaired);
  return { settings: retry.success ? retry.data : defaults, warnings, migratedFrom };
}

/** Validates one edit from the settings tab; returns the message to show, or null when valid. */
export function validateSettings(candidate: AstrocatSettings): string | null {
  const parsed = settingsSchema.safeParse(candidate);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'invalid settings');
}
