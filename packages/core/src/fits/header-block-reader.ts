import type { ByteSource } from '../io/byte-source.js';
import { CARD_LENGTH } from './card.js';
import { BLOCK_SIZE } from './fits-hdu.js';

/** Header bytes are fetched 8 blocks at a time: one read covers almost every real header. */
export const HEADER_CHUNK = 8 * BLOCK_SIZE;

const ascii = new TextDecoder('latin1');

/** Decodes bytes one-to-one to characters (latin1), so no byte is ever lost or merged. */
export function latin1(bytes: Uint8Array): string {
  // Node's Buffer decodes latin1 exactly, natively and without a second pass over the text.
  if (typeof Buffer === 'function')
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // Elsewhere TextDecoder's "latin1" is really windows-1252, exact only below 0x80: use it when it is exact.
  const fast = ascii.decode(bytes);
  if (!/[\u0080-\uffff]/.test(fast)) return fast;
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return text;
}

export interface HeaderText {
  /** The cards up to and including END. */
  text: string;
  /** Bytes the header occupies, padded to whole blocks. */
  headerLength: number;
  /** False when the source ended before END. */
  complete: boolean;
}

/**
 * Reads header blocks in chunks, keeping the last chunk so that a small HDU's successor is
 * usually found without another read.
 */
export class HeaderBlockReader {
  #chunk: Uint8Array = new Uint8Array(0);
  #chunkOffset = 0;

  constructor(private readonly source: ByteSource) {}

  /** Reads the header starting at `offset` up to its END card; never reads past the chunk holding END. */
  async readHeader(offset: number): Promise<HeaderText> {
    const parts: string[] = [];
    let pos = offset;
    for (;;) {
      const bytes = await this.#bytesAt(pos);
      const usable = bytes.length - (bytes.length % CARD_LENGTH);
      if (usable === 0)
        return { text: parts.join(''), headerLength: pos - offset, complete: false };
      const end = findEnd(bytes, usable);
      if (end >= 0) {
        parts.push(latin1(bytes.subarray(0, end + CARD_LENGTH)));
        const cardsLength = pos - offset + end + CARD_LENGTH;
        return {
          text: parts.join(''),
          headerLength: Math.ceil(cardsLength / BLOCK_SIZE) * BLOCK_SIZE,
          complete: true,
        };
      }
      parts.push(latin1(bytes.subarray(0, usable)));
      pos += usable;
      if (usable < bytes.length || pos >= this.source.size) {
        return { text: parts.join(''), headerLength: pos - offset, complete: false };
      }
    }
  }

  async #bytesAt(pos: number): Promise<Uint8Array> {
    const chunkEnd = this.#chunkOffset + this.#chunk.length;
    if (pos < this.#chunkOffset || pos >= chunkEnd) {
      this.#chunk = await this.source.read(
        pos,
        Math.min(HEADER_CHUNK, Math.max(0, this.source.size - pos)),
      );
      this.#chunkOffset = pos;
    }
    return this.#chunk.subarray(pos - this.#chunkOffset);
  }

  /** Whether the bytes at `offset` start an extension header (XTENSION=). */
  async startsExtension(offset: number): Promise<boolean> {
    const bytes = await this.#bytesAt(offset);
    return bytes.length >= 10 && latin1(bytes.subarray(0, 10)) === 'XTENSION= ';
  }
}

/** Byte offset of the END card (columns 1-8 `END     `) within `bytes`, or -1. */
function findEnd(bytes: Uint8Array, usable: number): number {
  for (let c = 0; c < usable; c += CARD_LENGTH) {
    if (
      bytes[c] === 69 &&
      bytes[c + 1] === 78 &&
      bytes[c + 2] === 68 &&
      isBlank(bytes, c + 3, c + 8)
    )
      return c;
  }
  return -1;
}

function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 32) return false;
  return true;
}
