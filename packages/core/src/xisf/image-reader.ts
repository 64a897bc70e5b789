import { AstroError, ErrorCode, type Diagnostic, type WithDiagnostics } from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';
import { parseCompression } from './block-attributes.js';
import { digestBlock } from './checksum.js';
import { decodeStoredBlock } from './codecs/index.js';
import { readParsedXisfHeader } from './header-reader.js';
import { bytesPerSample, componentBytes, swapBytes, toPixelArray } from './sample-format.js';
import { readStoredBlock } from './stored-block.js';
import type { XisfImage, XisfImageInfo } from './types.js';

export interface ReadXisfImageOptions {
  signal?: AbortSignal;
  /** Check the stored checksum before decoding (default true); a mismatch throws. */
  verifyChecksum?: boolean;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AstroError(ErrorCode.ABORTED, 'reading the XISF image was cancelled');
}

/** Reorders pixel-interleaved (Normal) samples into planes. */
function toPlanar(
  raw: Uint8Array,
  pixels: number,
  channels: number,
  sampleBytes: number,
): Uint8Array {
  if (channels === 1) return raw;
  const out = new Uint8Array(raw.length);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) {
      const from = (p * channels + c) * sampleBytes;
      out.set(raw.subarray(from, from + sampleBytes), (c * pixels + p) * sampleBytes);
    }
  }
  return out;
}

function checkDigest(info: XisfImageInfo, stored: Uint8Array, diagnostics: Diagnostic[]): void {
  if (!info.checksum) return;
  const actual = digestBlock(info.checksum.algorithm, stored);
  if (actual === undefined) {
    diagnostics.push({
      severity: 'warning',
      code: 'XISF_CHECKSUM_UNSUPPORTED',
      message: `Image #${info.index}: checksum algorithm ${info.checksum.algorithm} is not supported; not verified`,
      hdu: info.index,
    });
    return;
  }
  if (actual !== info.checksum.digest) {
    // The spec forbids decompressing data that fails its checksum, and corrupt pixels must not be used.
    throw new AstroError(
      ErrorCode.CHECKSUM_MISMATCH,
      `Image #${info.index}: ${info.checksum.algorithm} checksum mismatch`,
      {
        details: { expected: info.checksum.digest, actual, image: info.index },
      },
    );
  }
}

/**
 * Reads one image's pixels (planar order). Verifies the block checksum first unless
 * `verifyChecksum` is false, and throws CHECKSUM_MISMATCH on a mismatch: corrupt pixels are
 * never returned silently. Other failures: NO_IMAGE, TRUNCATED, UNSUPPORTED_COMPRESSION,
 * CORRUPT_DATA, ABORTED, plus everything {@link readXisfHeader} throws.
 *
 * @example
 * ```ts
 * const { value: image } = await withFileSource('master.xisf', (src) => readXisfImage(src));
 * image.data; // Float32Array of width*height*channels samples
 * ```
 */
export async function readXisfImage(
  source: ByteSource,
  index = 0,
  options: ReadXisfImageOptions = {},
): Promise<WithDiagnostics<XisfImage>> {
  const { signal } = options;
  throwIfAborted(signal);
  const { header, blocks, diagnostics } = await readParsedXisfHeader(source);
  const info = header.images[index];
  const block = blocks[index];
  if (!info || !block) {
    throw new AstroError(
      ErrorCode.NO_IMAGE,
      `the file has ${header.images.length} image(s); image #${index} does not exist`,
    );
  }
  throwIfAborted(signal);
  const stored = await readStoredBlock(source, info, block);
  throwIfAborted(signal);
  if (options.verifyChecksum ?? true) checkDigest(info, stored, diagnostics);
  else if (info.checksum)
    diagnostics.push({
      severity: 'info',
      code: 'XISF_CHECKSUM_SKIPPED',
      message: `Image #${index}: checksum not verified`,
      hdu: index,
    });

  let raw = stored;
  if (block.compression !== undefined) {
    const compression = parseCompression(block.compression, block.subblocks);
    if ('problem' in compression) {
      const code = compression.unsupported
        ? ErrorCode.UNSUPPORTED_COMPRESSION
        : ErrorCode.XISF_BAD_HEADER;
      throw new AstroError(code, `Image #${index}: ${compression.problem}`);
    }
    raw = decodeStoredBlock(stored, compression);
    throwIfAborted(signal);
  }

  const pixels = info.geometry.slice(0, -1).reduce((a, b) => a * b, 1);
  const sampleBytes = bytesPerSample(info.sampleFormat);
  const expected = pixels * info.channels * sampleBytes;
  if (raw.length !== expected) {
    throw new AstroError(
      ErrorCode.CORRUPT_DATA,
      `Image #${index}: the data block holds ${raw.length} bytes, the image needs ${expected}`,
    );
  }
  const planar =
    info.pixelStorage === 'Normal' ? toPlanar(raw, pixels, info.channels, sampleBytes) : raw;
  const data = toPixelArray(planar, info.sampleFormat);
  if (info.byteOrder === 'big')
    swapBytes(new Uint8Array(data.buffer), componentBytes(info.sampleFormat));
  return {
    value: {
      width: info.width,
      height: info.height,
      channels: info.channels,
      sampleFormat: info.sampleFormat,
      data,
    },
    diagnostics,
  };
}
