import type { HeaderCard } from '../metadata/frame-record.js';

export type XisfSampleFormat =
  'UInt8' | 'UInt16' | 'UInt32' | 'UInt64' | 'Float32' | 'Float64' | 'Complex32' | 'Complex64';

/**
 * An XISF property. Scalars become numbers (Int64/UInt64 beyond 2^53 stay strings), Boolean
 * becomes a boolean, String and TimePoint become strings; vectors, matrices and other block-held
 * values are kept with `value: null` and a diagnostic.
 */
export interface XisfProperty {
  id: string;
  type: string;
  value: string | number | boolean | null;
  comment?: string;
}

export interface XisfImageInfo {
  /** 0-based position among the file's Image elements. */
  index: number;
  /** Every dimension then the channel count, e.g. [width, height, channels]. */
  geometry: number[];
  width: number;
  height: number;
  channels: number;
  sampleFormat: XisfSampleFormat;
  colorSpace: string;
  bounds?: [number, number];
  pixelStorage: 'Planar' | 'Normal';
  location:
    | { kind: 'attachment'; position: number; size: number }
    | { kind: 'inline'; encoding: string }
    | { kind: 'embedded' };
  compression?: {
    codec: 'zlib' | 'lz4' | 'lz4hc' | 'zstd';
    shuffled: boolean;
    uncompressedSize: number;
    itemSize?: number;
  };
  checksum?: { algorithm: string; digest: string };
  /** The Image element's imageType attribute, e.g. Light, Dark, Flat, Bias, MasterDark. */
  imageType?: string;
  /** Big-endian data blocks say so; little-endian is the default. */
  byteOrder?: 'little' | 'big';
  fitsKeywords: HeaderCard[];
  properties: XisfProperty[];
}

export interface XisfHeader {
  version: string;
  images: XisfImageInfo[];
  /** Properties of the Metadata element (XISF:CreatorApplication, XISF:CreationTime, ...). */
  metadata: XisfProperty[];
  /** Length in bytes of the XML header, from the preamble. */
  headerLength: number;
}

export interface XisfImage {
  width: number;
  height: number;
  channels: number;
  sampleFormat: XisfSampleFormat;
  /**
   * Samples in planar order (channel 0 rows top to bottom, then channel 1, ...) whatever the
   * file's pixelStorage. Complex formats hold interleaved (real, imaginary) pairs.
   */
  data: Uint8Array | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;
}

export interface XisfWriteImage {
  width: number;
  height: number;
  /** Default 1. */
  channels?: number;
  sampleFormat: XisfSampleFormat;
  /** Default Gray for 1 channel, RGB for 3. */
  colorSpace?: 'Gray' | 'RGB';
  /** Planar samples; UInt64 takes numbers (exact up to 2^53); complex takes (re, im) pairs. */
  data: ArrayLike<number>;
  /** Representable range written for Float32/Float64 images (the spec requires one); default [0, 1]. */
  bounds?: [number, number];
  imageType?: string;
  fitsKeywords?: Array<{
    keyword: string;
    value: string | number | boolean | null;
    comment?: string;
  }>;
  properties?: XisfProperty[];
  compression?: 'zlib' | 'lz4' | 'lz4hc' | 'zstd';
  /** Byte-shuffle before compressing (item size = the sample component size). */
  shuffle?: boolean;
  checksum?: 'sha-1' | 'sha-256' | 'sha-512';
}
