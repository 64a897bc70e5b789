import { randomBytes } from 'node:crypto';
import type { Diagnostic } from '../errors/index.js';

/** What one plan step does. `delete` moves into the library's trash so it can be undone. */
export type StepOp = 'move' | 'mkdir' | 'rmdir' | 'copy' | 'link' | 'stamp-header' | 'delete';

/** Which command produced a plan. */
export type OperationKind = 'prepare' | 'cull' | 'promote' | 'cleanup' | 'restore' | 'undo';

export interface PlanStep {
  /** Index of the step in its plan. */
  id: number;
  op: StepOp;
  /** Source file (move, copy, link, delete, stamp-header) or folder (rmdir). */
  from?: string;
  /** Planned destination (move, copy, link) or folder (mkdir); the applied one may get a `_2` suffix. */
  to?: string;
  sha256?: string;
  sizeBytes?: number;
  /** Cards to write for `stamp-header`. */
  cards?: { keyword: string; value: string | number | boolean; comment?: string }[];
  /** Why the step exists (`reject: hfr > 4.6`), for the dry-run listing. */
  reason?: string;
  /** For `copy`: clone copy-on-write where the file system can (a verified plain copy elsewhere). */
  reflink?: boolean;
}

export interface Plan {
  opId: string;
  kind: OperationKind;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** Library root; the journal lives in `<libraryDir>/.astrocat/journal/`. */
  libraryDir: string;
  steps: PlanStep[];
  /** The operation an `undo` plan reverses. */
  undoes?: string;
}

/** A plan plus what was noticed while building it (skipped frames, missing tokens). */
export interface PlannedOperation {
  plan: Plan;
  diagnostics: Diagnostic[];
}

/** A sortable, unique operation id: `20241005T211403123Z-prepare-1a2b3c`. */
export function newOperationId(kind: OperationKind, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${kind}-${randomBytes(3).toString('hex')}`;
}

/**
 * Builds a plan from step descriptions, numbering them in order.
 *
 * @example
 * ```ts
 * const plan = createPlan('prepare', '/lib', [{ op: 'move', from: '/raw/a.fits', to: '/lib/x/a.fits' }]);
 * ```
 */
export function createPlan(
  kind: OperationKind,
  libraryDir: string,
  steps: Omit<PlanStep, 'id'>[],
  options: { opId?: string; now?: Date; undoes?: string } = {},
): Plan {
  const now = options.now ?? new Date();
  const plan: Plan = {
    opId: options.opId ?? newOperationId(kind, now),
    kind,
    createdAt: now.toISOString(),
    libraryDir,
    steps: steps.map((step, id) => ({ id, ...step })),
  };
  if (options.undoes !== undefined) plan.undoes = options.undoes;
  return plan;
}

/** One line per step, for `--dry-run`. */
export function formatPlan(plan: Plan): string {
  const lines = plan.steps.map((step) => {
    const arrow =
      step.from && step.to ? `${step.from} -> ${step.to}` : (step.to ?? step.from ?? '');
    return `${String(step.id).padStart(5)} ${step.op.padEnd(12)} ${arrow}${step.reason ? `  (${step.reason})` : ''}`;
  });
  return [`${plan.kind} ${plan.opId}: ${plan.steps.length} steps`, ...lines].join('\n');
}
