/** Growable Int32 columns for runs of above-threshold pixels. */
class IntColumn {
  values = new Int32Array(1024);
  push(index: number, value: number): void {
    if (index >= this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index] = value;
  }
}

/** A connected group of runs: its pixel count and bounding box. */
export interface Component {
  areaPx: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Indexes into the labeler's run columns. */
  runs: number[];
}

/**
 * Connected-component labelling one row at a time (8-connectivity) over horizontal runs, so the
 * detection pass never holds a full-frame mask: memory grows with the number of runs, not pixels.
 */
export class RunLabeler {
  readonly y = new IntColumn();
  readonly x0 = new IntColumn();
  readonly x1 = new IntColumn();
  private readonly parent = new IntColumn();
  count = 0;
  private previousStart = 0;
  private previousEnd = 0;
  private currentStart = 0;
  private scan = 0;

  /** Starts row `y`; runs must then be added left to right. */
  beginRow(): void {
    this.previousStart = this.currentStart;
    this.previousEnd = this.count;
    this.currentStart = this.count;
    this.scan = this.previousStart;
  }

  addRun(y: number, x0: number, x1: number): void {
    const index = this.count++;
    this.y.push(index, y);
    this.x0.push(index, x0);
    this.x1.push(index, x1);
    this.parent.push(index, index);
    const x0s = this.x0.values;
    const x1s = this.x1.values;
    const ys = this.y.values;
    // Runs arrive left to right, so previous-row runs ending left of this one never match again.
    while (this.scan < this.previousEnd && (x1s[this.scan] as number) < x0 - 1) this.scan++;
    for (let k = this.scan; k < this.previousEnd; k++) {
      if ((x0s[k] as number) > x1 + 1) break;
      if ((ys[k] as number) === y - 1) this.union(index, k);
    }
  }

  private find(index: number): number {
    const parent = this.parent.values;
    let root = index;
    while ((parent[root] as number) !== root) root = parent[root] as number;
    while ((parent[index] as number) !== root) {
      const next = parent[index] as number;
      parent[index] = root;
      index = next;
    }
    return root;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.values[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  /** The components with at least `minAreaPx` pixels. */
  components(minAreaPx: number): Component[] {
    const byRoot = new Map<number, Component>();
    for (let k = 0; k < this.count; k++) {
      const root = this.find(k);
      const y = this.y.values[k] as number;
      const x0 = this.x0.values[k] as number;
      const x1 = this.x1.values[k] as number;
      let component = byRoot.get(root);
      if (!component) {
        component = { areaPx: 0, x0, x1, y0: y, y1: y, runs: [] };
        byRoot.set(root, component);
      }
      component.areaPx += x1 - x0 + 1;
      component.x0 = Math.min(component.x0, x0);
      component.x1 = Math.max(component.x1, x1);
      component.y0 = Math.min(component.y0, y);
      component.y1 = Math.max(component.y1, y);
      component.runs.push(k);
    }
    return [...byRoot.values()].filter((component) => component.areaPx >= minAreaPx);
  }
}
