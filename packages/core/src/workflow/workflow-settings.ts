import { join, relative } from 'node:path';
import type { WorkflowConfig } from '../config/index.js';
import { DEFAULT_CULL_PASSES } from '../config/index.js';
import { AstroError, ErrorCode } from '../errors/index.js';
import { requireCalibration, type CalibrationCheck } from './calibration-rule.js';
import type { LayoutTemplates, RigConfig } from './layout.js';
import type { CommandSpec } from './run-command.js';
import type { PathConvention } from './sanitize-path-segment.js';

/** The rule and auto-accept level of one cull pass for one rig. */
export interface CullPassSettings {
  pass: number;
  rule: string;
  autoAcceptFraction: number;
}

/** Layout, rigs and commands every workflow operation takes from the configuration. */
export interface WorkflowSettings {
  templates?: LayoutTemplates;
  rigs: RigConfig[];
  convention: PathConvention;
  pre: CommandSpec[];
  post: CommandSpec[];
  calibrationCheck: CalibrationCheck;
  stampMetrics: boolean;
}

/** The path convention of the platform running astrocat. */
export function platformConvention(platform: NodeJS.Platform = process.platform): PathConvention {
  if (platform === 'win32') return 'windows';
  return platform === 'darwin' ? 'macos' : 'linux';
}

/**
 * Turns the configuration's `workflow` section into the options prepare, cull, promote and
 * cleanup take (templates, rigs, convention, pre/post commands, the promote calibration check).
 *
 * @example
 * ```ts
 * const settings = workflowSettings(config.workflow);
 * await prepare({ from, libraryDir, source, ...settings, onMoved });
 * ```
 */
export function workflowSettings(
  config: WorkflowConfig | undefined,
  platform: NodeJS.Platform = process.platform,
): WorkflowSettings {
  const toSpec = (c: { command: string; args: string[]; timeoutMs: number }): CommandSpec => ({
    file: c.command,
    args: c.args,
    timeoutMs: c.timeoutMs,
  });
  const settings: WorkflowSettings = {
    rigs: (config?.rigs ?? []).map(({ name, optic, camera }) => ({ name, optic, camera })),
    convention: config?.convention ?? platformConvention(platform),
    pre: (config?.preCommands ?? []).map(toSpec),
    post: (config?.postCommands ?? []).map(toSpec),
    calibrationCheck: requireCalibration(config?.promote.requires ?? ['DARK', 'FLAT']),
    stampMetrics: config?.stampMetrics ?? false,
  };
  if (config && Object.keys(config.layout).length > 0) settings.templates = { ...config.layout };
  return settings;
}

/**
 * The cull pass a rig gets: its own entry for that pass, else the entry without a rig, else the
 * built-in default (pass 1 `hfr > 4.6 or rmsArcsec > 2` auto 30 %, pass 2 `hfr > 5.5` auto 100 %).
 *
 * @example
 * ```ts
 * cullPassFor(config.workflow, 'SQA55@f5.3+ATR585M', 1); // { pass: 1, rule: 'hfr > 4.6 or rmsArcsec > 2', autoAcceptFraction: 0.3 }
 * ```
 */
export function cullPassFor(
  config: Pick<WorkflowConfig, 'cull'> | undefined,
  rig: string | null,
  pass: number,
): CullPassSettings {
  const passes = config?.cull ?? DEFAULT_CULL_PASSES;
  const chosen =
    passes.find((p) => p.pass === pass && p.rig !== undefined && p.rig === rig) ??
    passes.find((p) => p.pass === pass && p.rig === undefined) ??
    DEFAULT_CULL_PASSES.find((p) => p.pass === pass);
  if (!chosen) {
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, `no cull pass ${pass} is configured`, {
      details: { rig, pass },
    });
  }
  return { pass, rule: chosen.rule, autoAcceptFraction: chosen.autoAcceptFraction };
}

/**
 * Where a cull pass looks and which rig it is for: `--dir` (its rig is the first folder under
 * the library), else `<library>/<rig>/10_Blink`.
 */
export function cullTarget(
  libraryDir: string,
  options: { rig?: string; dir?: string; stage?: string },
): { dir: string; rig: string | null } {
  if (options.dir) {
    const first = relative(libraryDir, options.dir).split(/[\\/]/)[0];
    const rig = options.rig ?? (first && first !== '..' ? first : null);
    return { dir: options.dir, rig };
  }
  if (!options.rig) {
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, 'cull needs a rig or a folder');
  }
  return { dir: join(libraryDir, options.rig, options.stage ?? '10_Blink'), rig: options.rig };
}
