/** A normalised 1-D Gaussian reaching 2σ (at least ±1 pixel). */
export function gaussianKernel(sigmaPx: number): Float32Array {
  const reach = Math.max(1, Math.ceil(2 * sigmaPx));
  const kernel = new Float32Array(2 * reach + 1);
  let sum = 0;
  for (let k = -reach; k <= reach; k++) {
    const value = Math.exp((-0.5 * k * k) / (sigmaPx * sigmaPx));
    kernel[k + reach] = value;
    sum += value;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] = (kernel[k] as number) / sum;
  return kernel;
}

/**
 * Convolves `padded` (a row with `reach` edge copies on both sides) with the symmetric `kernel`
 * into `out`. The common reaches are unrolled: this loop runs once per pixel of every frame.
 */
export function filterRow(
  padded: Float32Array,
  out: Float32Array,
  width: number,
  kernel: Float32Array,
): void {
  const reach = (kernel.length - 1) / 2;
  const k0 = kernel[reach] as number;
  const k1 = (kernel[reach + 1] ?? 0) as number;
  const k2 = (kernel[reach + 2] ?? 0) as number;
  const k3 = (kernel[reach + 3] ?? 0) as number;
  if (reach === 3) {
    for (let x = 0; x < width; x++) {
      out[x] =
        k0 * (padded[x + 3] as number) +
        k1 * ((padded[x + 2] as number) + (padded[x + 4] as number)) +
        k2 * ((padded[x + 1] as number) + (padded[x + 5] as number)) +
        k3 * ((padded[x] as number) + (padded[x + 6] as number));
    }
  } else if (reach === 2) {
    for (let x = 0; x < width; x++) {
      out[x] =
        k0 * (padded[x + 2] as number) +
        k1 * ((padded[x + 1] as number) + (padded[x + 3] as number)) +
        k2 * ((padded[x] as number) + (padded[x + 4] as number));
    }
  } else {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < kernel.length; k++)
        sum += (kernel[k] as number) * (padded[x + k] as number);
      out[x] = sum;
    }
  }
}

/** Vertical pass: `out[x] = Σ kernel[k]·rows[k][x]` over rows centred on the output row. */
export function combineRows(
  rows: Float32Array[],
  out: Float32Array,
  width: number,
  kernel: Float32Array,
): void {
  const reach = (kernel.length - 1) / 2;
  if (reach === 3) {
    const [r0, r1, r2, r3, r4, r5, r6] = rows as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const k0 = kernel[3] as number;
    const k1 = kernel[4] as number;
    const k2 = kernel[5] as number;
    const k3 = kernel[6] as number;
    for (let x = 0; x < width; x++) {
      out[x] =
        k0 * (r3[x] as number) +
        k1 * ((r2[x] as number) + (r4[x] as number)) +
        k2 * ((r1[x] as number) + (r5[x] as number)) +
        k3 * ((r0[x] as number) + (r6[x] as number));
    }
    return;
  }
  out.fill(0, 0, width);
  for (let k = 0; k < rows.length; k++) {
    const source = rows[k] as Float32Array;
    const weight = kernel[k] as number;
    for (let x = 0; x < width; x++) out[x] = (out[x] as number) + weight * (source[x] as number);
  }
}

/** Filters `patch` (w×h) in place with the separable kernel, holding edge values. */
export function filterPatch(patch: Float32Array, w: number, h: number, kernel: Float32Array): void {
  const reach = (kernel.length - 1) / 2;
  const line = new Float32Array(Math.max(w, h) + 2 * reach);
  const out = new Float32Array(Math.max(w, h));
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) line[x + reach] = patch[row + x] as number;
    padEdges(line, w, reach);
    filterRow(line, out, w, kernel);
    for (let x = 0; x < w; x++) patch[row + x] = out[x] as number;
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) line[y + reach] = patch[y * w + x] as number;
    padEdges(line, h, reach);
    filterRow(line, out, h, kernel);
    for (let y = 0; y < h; y++) patch[y * w + x] = out[y] as number;
  }
}

function padEdges(line: Float32Array, count: number, reach: number): void {
  const first = line[reach] as number;
  const last = line[count + reach - 1] as number;
  for (let k = 0; k < reach; k++) {
    line[k] = first;
    line[count + reach + k] = last;
  }
}
