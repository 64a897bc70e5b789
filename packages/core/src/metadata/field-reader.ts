import type { Diagnostic } from '../errors/index.js';
import type { HeaderField, SlotTable } from './capture-profiles.js';
import type { HeaderLookup } from './header-lookup.js';

/** Diagnostic codes the metadata layer reports (values, never thrown). */
export const MetadataDiagnostic = {
  /** A card or property holds a value that cannot be read as what its keyword means. */
  BAD_VALUE: 'METADATA_BAD_VALUE',
  /** The frame-type card holds a value we do not recognise, or a type we cannot represent. */
  UNKNOWN_FRAME_TYPE: 'METADATA_UNKNOWN_FRAME_TYPE',
} as const;

export type PropertyValue = string | number | boolean | null;

/**
 * XISF properties read when no FITS keyword gives the field, with the factor to our unit.
 * Instrument:Camera:Gain is deliberately absent: it is electrons per ADU, like EGAIN.
 */
const XISF_PROPERTIES: Partial<Record<HeaderField, readonly (readonly [string, number])[]>> = {
  exposureSec: [['Instrument:ExposureTime', 1]],
  object: [['Observation:Object:Name', 1]],
  filter: [['Instrument:Filter:Name', 1]],
  camera: [['Instrument:Camera:Name', 1]],
  optic: [['Instrument:Telescope:Name', 1]],
  // XISF stores focal length and aperture in metres.
  focalLengthMm: [['Instrument:Telescope:FocalLength', 1000]],
  apertureMm: [['Instrument:Telescope:Aperture', 1000]],
  sensorTempC: [['Instrument:Sensor:Temperature', 1]],
  setTempC: [['Instrument:Sensor:TargetTemperature', 1]],
  binX: [['Instrument:Camera:XBinning', 1]],
  binY: [['Instrument:Camera:YBinning', 1]],
  pixelSizeUm: [['Instrument:Sensor:XPixelSize', 1]],
  dateObs: [['Observation:Time:Start', 1]],
  siteLat: [['Observation:Location:Latitude', 1]],
  siteLon: [['Observation:Location:Longitude', 1]],
  siteElevM: [['Observation:Location:Elevation', 1]],
  raDeg: [
    ['Observation:Center:RA', 1],
    ['Observation:Object:RA', 1],
  ],
  decDeg: [
    ['Observation:Center:Dec', 1],
    ['Observation:Object:Dec', 1],
  ],
};

const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A raw value found for a field, where it came from (for diagnostics) and its unit factor. */
export interface RawValue {
  value: PropertyValue;
  keyword: string;
  card?: number;
  scale: number;
}

const NONE: readonly RawValue[] = [];

/**
 * Reads header fields through a profile's keyword table, falling back to XISF properties, and
 * records a METADATA_BAD_VALUE diagnostic for every value it has to reject. The common reads
 * ({@link text}, {@link number}) allocate nothing unless a value is bad.
 */
export class FieldReader {
  constructor(
    private readonly lookup: HeaderLookup,
    private readonly table: SlotTable,
    private readonly properties: Record<string, PropertyValue> | undefined,
    readonly diagnostics: Diagnostic[],
  ) {}

  /** Every present, non-empty raw value for a field, header keywords first. */
  raw(field: HeaderField): readonly RawValue[] {
    let found: RawValue[] | null = null;
    const slots = this.table.slots[field];
    for (let i = 0; i < slots.length; i++) {
      const index = this.lookup.indexBySlot(slots[i]!);
      if (index < 0) continue;
      const { value } = this.lookup.cards[index]!;
      if (isBlank(value)) continue;
      const raw: RawValue = {
        value,
        keyword: this.table.keywords[field][i]!,
        card: index,
        scale: 1,
      };
      if (found === null) found = [raw];
      else found.push(raw);
    }
    const properties = this.properties;
    if (properties !== undefined) {
      for (const [id, scale] of XISF_PROPERTIES[field] ?? NO_PROPERTIES) {
        const value = properties[id];
        if (value === undefined || isBlank(value)) continue;
        if (found === null) found = [];
        found.push({ value, keyword: id, scale });
      }
    }
    return found ?? NONE;
  }

  /** The first value that reads as text. */
  text(field: HeaderField): string | null {
    const slots = this.table.slots[field];
    for (let i = 0; i < slots.length; i++) {
      const index = this.lookup.indexBySlot(slots[i]!);
      if (index < 0) continue;
      const value = this.lookup.cards[index]!.value;
      if (typeof value === 'string') {
        const trimmed = value.trim();
        if (trimmed.length > 0) return trimmed;
      } else if (typeof value === 'number' && Number.isFinite(value)) {
        return String(value);
      } else if (value !== null) {
        this.bad({ value, keyword: this.table.keywords[field][i]!, card: index, scale: 1 }, 'text');
      }
    }
    if (this.properties === undefined || XISF_PROPERTIES[field] === undefined) return null;
    for (const raw of this.raw(field)) {
      if (
        raw.card === undefined &&
        (typeof raw.value === 'string' || typeof raw.value === 'number')
      ) {
        return String(raw.value).trim();
      }
    }
    return null;
  }

  /** The first value that reads as a number and passes `valid`; rejected values are reported. */
  number(
    field: HeaderField,
    valid: (n: number) => boolean = Number.isFinite,
    expected = 'a number',
  ): number | null {
    const slots = this.table.slots[field];
    for (let i = 0; i < slots.length; i++) {
      const index = this.lookup.indexBySlot(slots[i]!);
      if (index < 0) continue;
      const value = this.lookup.cards[index]!.value;
      if (isBlank(value)) continue;
      const parsed = toNumber(value);
      if (parsed !== null && Number.isFinite(parsed) && valid(parsed)) return parsed;
      this.bad({ value, keyword: this.table.keywords[field][i]!, card: index, scale: 1 }, expected);
    }
    if (this.properties === undefined || XISF_PROPERTIES[field] === undefined) return null;
    for (const raw of this.raw(field)) {
      if (raw.card !== undefined) continue;
      const parsed = toNumber(raw.value);
      const value = parsed === null ? null : parsed * raw.scale;
      if (value !== null && Number.isFinite(value) && valid(value)) return value;
      this.bad(raw, expected);
    }
    return null;
  }

  /** Reports a value that could not be used. */
  bad(raw: RawValue, expected: string): void {
    const diagnostic: Diagnostic = {
      severity: 'warning',
      code: MetadataDiagnostic.BAD_VALUE,
      message: `${raw.keyword}: cannot use ${JSON.stringify(raw.value)} as ${expected}`,
    };
    if (raw.card !== undefined) diagnostic.card = raw.card;
    this.diagnostics.push(diagnostic);
  }
}

const NO_PROPERTIES: readonly (readonly [string, number])[] = [];

function isBlank(value: PropertyValue): boolean {
  return value === null || (typeof value === 'string' && value.trim().length === 0);
}

export function toNumber(value: PropertyValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return NUMERIC.test(trimmed) ? Number(trimmed) : null;
}
