import type { Diagnostic } from '../errors/index.js';
import type { ApplyResult } from './apply-plan.js';
import type { CullGroup } from './cull.js';
import type { StepOutcome } from './journal.js';
import type { Plan, StepOp } from './plan.js';
import type { PromoteGroup } from './promote.js';
import type { OperationRun } from './run-operation.js';

/** What happened to one file or folder: the JSON row scripts read. */
export interface FileReport {
  op: StepOp;
  source: string | null;
  destination: string | null;
  /** `planned` in a dry run; `not-run` for a step an applied run never reached. */
  outcome: StepOutcome | 'planned' | 'not-run';
  reason?: string;
  note?: string;
  error?: string;
}

/** A workflow command's result (or plan, for a dry run) as data. */
export interface RunReport {
  kind: Plan['kind'];
  opId: string;
  dryRun: boolean;
  libraryDir: string;
  counts: Record<string, number>;
  files: FileReport[];
  diagnostics: Diagnostic[];
  /** Interrupted operations finished first. */
  resumed: { opId: string; kind: Plan['kind']; counts: Record<string, number> }[];
  commands: { command: string[]; ok: boolean; exitCode: number | null; stderr: string }[];
  groups?: CullGroup[] | PromoteGroup[];
}

/** The rows of an applied operation: every step with its source, destination and outcome. */
export function fileReports(plan: Plan, applied: ApplyResult | null): FileReport[] {
  const results = new Map((applied?.results ?? []).map((r) => [r.id, r]));
  return plan.steps.map((step) => {
    const result = results.get(step.id);
    const row: FileReport = {
      op: step.op,
      source: step.from ?? null,
      destination: result?.to ?? step.to ?? null,
      outcome: applied ? (result?.outcome ?? 'not-run') : 'planned',
    };
    if (step.reason) row.reason = step.reason;
    if (result?.note) row.note = result.note;
    if (result?.error) row.error = `${result.error.code}: ${result.error.message}`;
    return row;
  });
}

function summary(result: ApplyResult) {
  return { opId: result.opId, kind: result.kind, counts: { ...result.counts } };
}

/**
 * Turns an operation run into its report; `files` lists the plan's steps with outcomes.
 *
 * @example
 * ```ts
 * const report = runReport(await prepare({ ...options, dryRun: true }));
 * console.log(formatRunReport(report));
 * ```
 */
export function runReport(
  run: OperationRun & { groups?: CullGroup[] | PromoteGroup[] },
  options: { dryRun?: boolean } = {},
): RunReport {
  const files = fileReports(run.plan, run.applied);
  const counts: Record<string, number> = {};
  for (const file of files) counts[file.outcome] = (counts[file.outcome] ?? 0) + 1;
  const report: RunReport = {
    kind: run.plan.kind,
    opId: run.plan.opId,
    dryRun: Boolean(options.dryRun),
    libraryDir: run.plan.libraryDir,
    counts,
    files,
    diagnostics: run.diagnostics,
    resumed: run.resumed.map(summary),
    commands: run.commands.map((c) => ({
      command: c.command,
      ok: c.exitCode === 0 && !c.timedOut && c.error === undefined,
      exitCode: c.exitCode,
      stderr: c.stderr,
    })),
  };
  if (run.groups) report.groups = run.groups;
  return report;
}

/** The report of a plan applied on its own (resume, undo, restore). */
export function applyReport(plan: Plan, applied: ApplyResult | null, dryRun = false): RunReport {
  return runReport({ plan, applied, diagnostics: [], resumed: [], commands: [] }, { dryRun });
}

/** True when a file step failed or a pre command stopped the run. */
export function reportFailed(report: RunReport): boolean {
  return (
    report.files.some((f) => f.outcome === 'failed' || f.error !== undefined) ||
    report.diagnostics.some((d) => d.code === 'WORKFLOW_PRE_COMMAND_FAILED')
  );
}

function formatGroup(group: CullGroup | PromoteGroup): string {
  if ('rejects' in group) {
    const hfr = group.stats.hfr ? ` HFR median ${group.stats.hfr.median.toFixed(2)}` : '';
    const decided = group.auto ? 'auto' : 'asked';
    return `  ${group.folder}: ${group.rejects.length}/${group.total} rejected (${decided})${hfr}`;
  }
  const state = group.promoted ? 'promoted' : `kept: missing ${group.missing.join(', ')}`;
  return `  ${group.rig} ${group.target} ${group.night}: ${group.lights} light(s) ${state}`;
}

/** Readable text for a report: a count line, groups, notable files and diagnostics. */
export function formatRunReport(report: RunReport): string {
  const counts = Object.entries(report.counts).map(([outcome, n]) => `${n} ${outcome}`);
  const head = `${report.dryRun ? 'dry run: ' : ''}${report.kind} ${report.opId}: ${counts.join(', ') || 'nothing to do'}`;
  const lines = [head];
  for (const resumed of report.resumed) lines.push(`resumed ${resumed.kind} ${resumed.opId}`);
  for (const group of report.groups ?? []) lines.push(formatGroup(group));
  for (const file of report.files) {
    if (!report.dryRun && file.outcome !== 'failed' && !file.error && !file.note) continue;
    const arrow =
      file.source && file.destination
        ? `${file.source} -> ${file.destination}`
        : (file.destination ?? file.source ?? '');
    const tail = file.error ?? file.note ?? file.reason ?? '';
    lines.push(
      `  ${file.op.padEnd(12)} ${arrow}${tail ? `  (${tail})` : ''}${report.dryRun ? '' : ` [${file.outcome}]`}`,
    );
  }
  for (const d of report.diagnostics) {
    if (d.severity !== 'info') lines.push(`${d.severity}: ${d.message} [${d.code}]`);
  }
  for (const c of report.commands)
    if (!c.ok) lines.push(`command failed: ${c.command.join(' ')} ${c.stderr.trim()}`);
  return lines.join('\n');
}
