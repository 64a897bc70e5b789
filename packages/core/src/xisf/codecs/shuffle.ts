/**
 * XISF byte shuffling (spec §10.6): the bytes of equal significance of every item are stored
 * together, which makes sample data far more compressible. Trailing bytes that do not fill a
 * whole item are copied unchanged.
 *
 * @example
 * ```ts
 * const shuffled = shuffleBytes(new Uint8Array([1, 2, 3, 4]), 2); // [1, 3, 2, 4]
 * unshuffleBytes(shuffled, 2); // [1, 2, 3, 4]
 * ```
 */
export function shuffleBytes(input: Uint8Array, itemSize: number): Uint8Array {
  const output = new Uint8Array(input.length);
  if (itemSize <= 1) {
    output.set(input);
    return output;
  }
  const items = Math.floor(input.length / itemSize);
  let s = 0;
  for (let j = 0; j < itemSize; j++) {
    for (let i = 0, u = j; i < items; i++, s++, u += itemSize) output[s] = input[u]!;
  }
  output.set(input.subarray(items * itemSize), s);
  return output;
}

/** Reverses {@link shuffleBytes}. */
export function unshuffleBytes(input: Uint8Array, itemSize: number): Uint8Array {
  const output = new Uint8Array(input.length);
  if (itemSize <= 1) {
    output.set(input);
    return output;
  }
  const items = Math.floor(input.length / itemSize);
  let s = 0;
  for (let j = 0; j < itemSize; j++) {
    for (let i = 0, u = j; i < items; i++, s++, u += itemSize) output[u] = input[s]!;
  }
  output.set(input.subarray(s), items * itemSize);
  return output;
}
