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
  /** Total width in CSS px (default 800). */
  widthPx?: number;
  /** Height of each panel in CSS px (default 140). */
  panelHeightPx?: number;
}

/** What a session plot is drawn from: shapes in CSS px, rendered by the SVG and PNG back ends. */
export interface PlotScene {
  width: number;
  height: number;
  shapes: PlotShape[];
}

export type PlotShape =
  | {
      kind: 'rect';
      x: number;
      y: number;
      width: number;
      height: number;
      fill?: string;
      stroke?: string;
    }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string }
  | { kind: 'polyline'; points: number[]; stroke: string; lineWidth: number }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      sizePx: number;
      fill: string;
      bold?: boolean;
      anchor?: 'start' | 'middle' | 'end';
      /** Centre the text vertically on y instead of standing it on the baseline. */
      middle?: boolean;
    };

interface Series {
  label: string;
  colour: string;
  pick: (point: SessionPoint) => number | null | undefined;
}

const PANELS: Array<{ unit: string; series: Series[] }> = [
  {
    unit: 'px',
    series: [
      { label: 'HFR', colour: '#2b7bb9', pick: (p) => p.hfrPx },
      { label: 'FWHM', colour: '#e07b39', pick: (p) => p.fwhmPx },
    ],
  },
  { unit: '', series: [{ label: 'Stars', colour: '#3a9d5d', pick: (p) => p.starCount }] },
  {
    unit: 'ADU',
    series: [{ label: 'Background', colour: '#8e6cbf', pick: (p) => p.backgroundAdu }],
  },
  {
    unit: '″',
    series: [{ label: 'Guiding RMS', colour: '#c2453d', pick: (p) => p.rmsArcsec }],
  },
];

const MARGIN = { left: 64, right: 16, top: 28, bottom: 18 };
const FONT_PX = 11;
const INK = '#444444';

/**
 * Lays out per-frame quality over time (one panel per metric that has data: HFR and FWHM, star
 * count, background, guiding RMS) as a {@link PlotScene}.
 */
export function layoutSessionPlot(
  points: SessionPoint[],
  options: SessionPlotOptions = {},
): PlotScene {
  const width = options.widthPx ?? 800;
  const panelHeight = options.panelHeightPx ?? 140;
  const timed = points
    .map((point) => ({ point, time: Date.parse(point.timeUtc) }))
    .filter((entry) => Number.isFinite(entry.time))
    .sort((a, b) => a.time - b.time);
  // Each panel keeps the series that have data, and exists only when one does.
  const panels = PANELS.map((panel) => ({
    unit: panel.unit,
    series: panel.series.filter((series) =>
      timed.some(({ point }) => isFiniteNumber(series.pick(point))),
    ),
  })).filter((panel) => panel.series.length > 0);
  const titleHeight = options.title ? 28 : 0;
  const height = titleHeight + Math.max(1, panels.length) * panelHeight + 24;
  const shapes: PlotShape[] = [{ kind: 'rect', x: 0, y: 0, width, height, fill: '#ffffff' }];
  const text = (
    x: number,
    y: number,
    content: string,
    extra: Partial<Extract<PlotShape, { kind: 'text' }>> = {},
  ): void => {
    shapes.push({ kind: 'text', x, y, text: content, sizePx: FONT_PX, fill: '#000000', ...extra });
  };
  if (options.title)
    text(width / 2, 19, options.title, { anchor: 'middle', sizePx: 15, bold: true });
  if (timed.length === 0 || panels.length === 0) {
    text(width / 2, titleHeight + 40, 'no data', { anchor: 'middle', fill: '#666666' });
    return { width, height, shapes };
  }
  const t0 = timed[0]!.time;
  const t1 = Math.max(t0 + 60_000, timed[timed.length - 1]!.time);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  // The first and last frames sit a little inside the frame, not on its border.
  const inset = 0.015 * plotWidth;
  const xOf = (time: number): number =>
    MARGIN.left + inset + ((time - t0) / (t1 - t0)) * (plotWidth - 2 * inset);
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
    const title = panel.series.map((series) => series.label).join(' / ');
    text(MARGIN.left, top + 18, panel.unit ? `${title} (${panel.unit})` : title, { bold: true });
    for (const tick of niceTicks(low, high, 4)) {
      const y = round1(yOf(tick));
      shapes.push({
        kind: 'line',
        x1: MARGIN.left - 4,
        y1: y,
        x2: MARGIN.left + plotWidth,
        y2: y,
        stroke: '#eeeeee',
      });
      text(MARGIN.left - 6, y, formatTick(tick), { anchor: 'end', middle: true, fill: INK });
    }
    shapes.push({
      kind: 'rect',
      x: MARGIN.left,
      y: plotTop,
      width: plotWidth,
      height: plotHeight,
      stroke: '#bbbbbb',
    });
    panel.series.forEach((series, seriesIndex) => {
      const coords = timed
        .map(({ point, time }) => ({ time, value: series.pick(point) }))
        .filter((entry): entry is { time: number; value: number } => isFiniteNumber(entry.value))
        .flatMap(({ time, value }) => [round1(xOf(time)), round1(yOf(value))]);
      if (coords.length === 0) return;
      shapes.push({ kind: 'polyline', points: coords, stroke: series.colour, lineWidth: 1.5 });
      for (let k = 0; k < coords.length; k += 2)
        shapes.push({
          kind: 'circle',
          cx: coords[k]!,
          cy: coords[k + 1]!,
          r: 2.5,
          fill: series.colour,
        });
      if (panel.series.length > 1) {
        const lx = MARGIN.left + plotWidth - 70 * (panel.series.length - seriesIndex);
        shapes.push({
          kind: 'rect',
          x: lx,
          y: top + 10,
          width: 10,
          height: 10,
          fill: series.colour,
        });
        text(lx + 14, top + 19, series.label);
      }
    });
  });
  const axisY = titleHeight + panels.length * panelHeight + 14;
  const ticks = timeTicks(t0, t1);
  for (const time of ticks.times) {
    const x = round1(xOf(time));
    text(x, axisY, ticks.label(time), { anchor: 'middle', fill: INK });
    panels.forEach((_, index) => {
      const plotTop = titleHeight + index * panelHeight + MARGIN.top;
      const plotBottom = titleHeight + (index + 1) * panelHeight - MARGIN.bottom;
      shapes.splice(1, 0, {
        kind: 'line',
        x1: x,
        y1: plotTop,
        x2: x,
        y2: plotBottom,
        stroke: '#eeeeee',
      });
    });
  }
  text(MARGIN.left - 24, axisY, 'UTC', { anchor: 'end', fill: '#888888' });
  return { width, height, shapes };
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** Round UTC times for the x axis: clock times within a night, dates across nights. */
function timeTicks(t0: number, t1: number): { times: number[]; label: (time: number) => string } {
  const span = t1 - t0;
  const multiDay = span > 1.5 * DAY;
  const steps = multiDay
    ? [1, 2, 7, 14, 28, 56, 91, 182, 364].map((days) => days * DAY)
    : [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720].map((minutes) => minutes * MINUTE);
  const step = steps.find((candidate) => span / candidate <= 6) ?? steps[steps.length - 1]!;
  const times: number[] = [];
  for (let time = Math.ceil(t0 / step) * step; time <= t1; time += step) times.push(time);
  const label = (time: number): string =>
    multiDay
      ? new Date(time).toISOString().slice(5, 10)
      : new Date(time).toISOString().slice(11, 16);
  return { times, label };
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
