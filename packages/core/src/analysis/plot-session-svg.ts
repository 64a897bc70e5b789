/** One frame of a night or target, as plotted. */
export interface SessionPoint {
  /** ISO 8601 UTC time of the frame (DATE-OBS). */
  timeUtc: string;
  hfrPx?: number | null;
  fwhmPx?: number | null;
  starCount?: number | null;
  backgroundAdu?: number | null;
  rmsArcsec?: number | null;
}

export interface SessionPlotOptions {
  title?: string;
  /** Total width in px (default 800). */
  widthPx?: number;
  /** Height of each panel in px (default 140). */
  panelHeightPx?: number;
}

interface Series {
  label: string;
  colour: string;
  pick: (point: SessionPoint) => number | null | undefined;
}

const PANELS: Array<{ title: string; series: Series[] }> = [
  {
    title: 'HFR / FWHM (px)',
    series: [
      { label: 'HFR', colour: '#2b7bb9', pick: (p) => p.hfrPx },
      { label: 'FWHM', colour: '#e07b39', pick: (p) => p.fwhmPx },
    ],
  },
  { title: 'Stars', series: [{ label: 'stars', colour: '#3a9d5d', pick: (p) => p.starCount }] },
  {
    title: 'Background (ADU)',
    series: [{ label: 'background', colour: '#8e6cbf', pick: (p) => p.backgroundAdu }],
  },
  {
    title: 'Guiding RMS (″)',
    series: [{ label: 'RMS', colour: '#c2453d', pick: (p) => p.rmsArcsec }],
  },
];

const MARGIN = { left: 64, right: 16, top: 28, bottom: 18 };

/**
 * Plots per-frame quality over time as a self-contained SVG (one panel per metric that has data:
 * HFR and FWHM, star count, background, guiding RMS), ready to embed in a Markdown note.
 *
 * @example
 * ```ts
 * const svg = plotSessionSvg(frames.map((f) => ({ timeUtc: f.dateObs, hfrPx: f.hfrPx, starCount: f.starCount })), { title: 'M31 2024-10-01' });
 * ```
 */
export function plotSessionSvg(points: SessionPoint[], options: SessionPlotOptions = {}): string {
  const width = options.widthPx ?? 800;
  const panelHeight = options.panelHeightPx ?? 140;
  const timed = points
    .map((point) => ({ point, time: Date.parse(point.timeUtc) }))
    .filter((entry) => Number.isFinite(entry.time))
    .sort((a, b) => a.time - b.time);
  const panels = PANELS.filter((panel) =>
    panel.series.some((series) => timed.some(({ point }) => isFiniteNumber(series.pick(point)))),
  );
  const titleHeight = options.title ? 28 : 0;
  const height = titleHeight + Math.max(1, panels.length) * panelHeight + 24;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title)
    parts.push(
      `<text x="${width / 2}" y="19" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
    );
  if (timed.length === 0 || panels.length === 0) {
    parts.push(
      `<text x="${width / 2}" y="${titleHeight + 40}" text-anchor="middle" fill="#666">no data</text>`,
      '</svg>',
    );
    return parts.join('\n');
  }
  const t0 = timed[0]!.time;
  const t1 = Math.max(t0 + 60_000, timed[timed.length - 1]!.time);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const xOf = (time: number): number => MARGIN.left + ((time - t0) / (t1 - t0)) * plotWidth;
  panels.forEach((panel, index) => {
    const top = titleHeight + index * panelHeight;
    const plotTop = top + MARGIN.top;
    const plotHeight = panelHeight - MARGIN.top - MARGIN.bottom;
    const values = panel.series.flatMap((series) =>
      timed.map(({ point }) => series.pick(point)).filter(isFiniteNumber),
    );
    let low = Math.min(...values);
    let high = Math.max(...values);
    if (high - low < 1e-9) [low, high] = [low - 1, high + 1];
    const pad = (high - low) * 0.08;
    low -= pad;
    high += pad;
    const yOf = (value: number): number =>
      plotTop + plotHeight - ((value - low) / (high - low)) * plotHeight;
    parts.push(
      `<g>`,
      `<text x="${MARGIN.left}" y="${top + 18}" font-weight="bold">${escapeXml(panel.title)}</text>`,
    );
    parts.push(
      `<rect x="${MARGIN.left}" y="${plotTop}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#bbbbbb"/>`,
    );
    for (const tick of niceTicks(low, high, 4)) {
      const y = yOf(tick).toFixed(1);
      parts.push(
        `<line x1="${MARGIN.left - 4}" y1="${y}" x2="${MARGIN.left + plotWidth}" y2="${y}" stroke="#eeeeee"/>`,
      );
      parts.push(
        `<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#444">${formatTick(tick)}</text>`,
      );
    }
    panel.series.forEach((series, seriesIndex) => {
      const coords = timed
        .map(({ point, time }) => ({ time, value: series.pick(point) }))
        .filter((entry): entry is { time: number; value: number } => isFiniteNumber(entry.value))
        .map(({ time, value }) => `${xOf(time).toFixed(1)},${yOf(value).toFixed(1)}`);
      if (coords.length === 0) return;
      parts.push(
        `<polyline fill="none" stroke="${series.colour}" stroke-width="1.5" points="${coords.join(' ')}"/>`,
      );
      for (const coord of coords) {
        const [x, y] = coord.split(',');
        parts.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${series.colour}"/>`);
      }
      if (panel.series.length > 1) {
        const lx = MARGIN.left + plotWidth - 70 * (panel.series.length - seriesIndex);
        parts.push(
          `<rect x="${lx}" y="${top + 10}" width="10" height="10" fill="${series.colour}"/>`,
        );
        parts.push(`<text x="${lx + 14}" y="${top + 19}">${escapeXml(series.label)}</text>`);
      }
    });
    parts.push(`</g>`);
  });
  const axisY = titleHeight + panels.length * panelHeight + 14;
  for (let k = 0; k <= 5; k++) {
    const time = t0 + ((t1 - t0) * k) / 5;
    parts.push(
      `<text x="${xOf(time).toFixed(1)}" y="${axisY}" text-anchor="middle" fill="#444">${new Date(time).toISOString().slice(11, 16)}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left - 24}" y="${axisY}" text-anchor="end" fill="#888">UTC</text>`,
    '</svg>',
  );
  return parts.join('\n');
}

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function niceTicks(low: number, high: number, count: number): number[] {
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high; tick += step)
    ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

function formatTick(value: number): string {
  return Math.abs(value) >= 1000 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}
