import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Diagnostic, WithDiagnostics } from '../errors/index.js';
import { decodeXmlEntities } from '../xisf/xml-entities.js';

/** A rig as a N.I.N.A. profile describes it. */
export interface RigProfile {
  /** The profile's GUID (`Profile/Id`). */
  profileId: string;
  /** `<optic>@f<ratio>+<camera>`. */
  name: string;
  optic: string;
  focalRatio: number;
  camera: string;
  focalLengthMm: number | null;
  /** Filter wheel slots in position order. */
  filters: { position: number; name: string }[];
  sourcePath: string;
}

/**
 * Splits a profile name `<optic>@f<ratio>+<camera>`; null when it does not follow that form.
 *
 * @example
 * ```ts
 * parseProfileName('C8E@f10+ZWO ASI2600MM Pro'); // { optic: 'C8E', focalRatio: 10, camera: 'ZWO ASI2600MM Pro' }
 * ```
 */
export function parseProfileName(
  name: string,
): { optic: string; focalRatio: number; camera: string } | null {
  const match = /^([^@+]+)@f(\d+(?:[.,]\d+)?)\+(.+)$/i.exec(name.trim());
  if (!match) return null;
  const optic = (match[1] as string).trim();
  const camera = (match[3] as string).trim();
  const focalRatio = Number((match[2] as string).replace(',', '.'));
  if (optic === '' || camera === '' || !(focalRatio > 0)) return null;
  return { optic, focalRatio, camera };
}

// DataContract XML: namespace prefixes vary by writer (d2p1:, d3p1:), so they are dropped.
// Entity processing is off so a DOCTYPE can never expand; predefined entities are decoded by hand.
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'FilterInfo',
});

type XmlNode = Record<string, unknown>;

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' ? (node as XmlNode)[name] : undefined;
}

function text(node: unknown): string | null {
  if (typeof node === 'string') return decodeXmlEntities(node);
  if (typeof node === 'number') return String(node);
  return null;
}

function numberOf(node: unknown): number | null {
  const value = text(node);
  if (value === null || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function problem(path: string, code: string, message: string): Diagnostic {
  return { severity: 'error', code, message: `${path}: ${message}` };
}

/**
 * Reads one N.I.N.A. `.profile` (DataContract XML): id, name, focal length and ratio, filter
 * wheel filters. A malformed file or a name not of the form `<optic>@f<ratio>+<camera>` gives
 * `null` with an error diagnostic, never a throw.
 *
 * @example
 * ```ts
 * const { value, diagnostics } = parseNinaProfile(readFileSync(path, 'utf8'), path);
 * ```
 */
export function parseNinaProfile(
  xml: string,
  sourcePath: string,
): WithDiagnostics<RigProfile | null> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      value: null,
      diagnostics: [
        problem(
          sourcePath,
          'PROFILE_MALFORMED',
          `not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`,
        ),
      ],
    };
  }
  const profile = child(parser.parse(xml) as XmlNode, 'Profile');
  if (profile === undefined || typeof profile !== 'object') {
    return {
      value: null,
      diagnostics: [problem(sourcePath, 'PROFILE_MALFORMED', 'no <Profile> root element')],
    };
  }
  const name = text(child(profile, 'Name'))?.trim() ?? '';
  const profileId = text(child(profile, 'Id'))?.trim() ?? '';
  const parts = parseProfileName(name);
  if (!parts) {
    return {
      value: null,
      diagnostics: [
        problem(
          sourcePath,
          'PROFILE_BAD_NAME',
          `profile name "${name}" is not <optic>@f<ratio>+<camera>; skipped`,
        ),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  if (profileId === '')
    diagnostics.push({
      severity: 'warning',
      code: 'PROFILE_NO_ID',
      message: `${sourcePath}: no profile Id; the name identifies it`,
    });
  const telescope = child(profile, 'TelescopeSettings');
  const focalRatio = numberOf(child(telescope, 'FocalRatio'));
  if (focalRatio !== null && Math.abs(focalRatio - parts.focalRatio) > 0.05) {
    diagnostics.push({
      severity: 'warning',
      code: 'PROFILE_RATIO_MISMATCH',
      message: `${sourcePath}: name says f${parts.focalRatio}, TelescopeSettings says f${focalRatio}; the name wins`,
    });
  }
  const infos = child(
    child(child(profile, 'FilterWheelSettings'), 'FilterWheelFilters'),
    'FilterInfo',
  );
  const filters = (Array.isArray(infos) ? infos : [])
    .map((info, i) => ({
      position: numberOf(child(info, '_position')) ?? i,
      name: text(child(info, '_name'))?.trim() ?? '',
    }))
    .filter((f) => f.name !== '')
    .sort((a, b) => a.position - b.position);
  return {
    value: {
      profileId: profileId === '' ? name : profileId,
      name,
      ...parts,
      focalLengthMm: numberOf(child(telescope, 'FocalLength')),
      filters,
      sourcePath,
    },
    diagnostics,
  };
}
