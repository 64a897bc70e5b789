import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../config/index.js';
import { makeTestLight } from './make-test-frame.js';
import {
  cullPassFor,
  cullTarget,
  platformConvention,
  workflowSettings,
} from './workflow-settings.js';

describe('workflow configuration', () => {
  it('defaults to the reference cull passes, DARK+FLAT for promote and the platform convention', () => {
    const { workflow } = parseConfig({});
    expect(cullPassFor(workflow, 'any', 1)).toEqual({
      pass: 1,
      rule: 'hfr > 4.6 or rmsArcsec > 2',
      autoAcceptFraction: 0.3,
    });
    expect(cullPassFor(workflow, 'any', 2)).toEqual({
      pass: 2,
      rule: 'hfr > 5.5',
      autoAcceptFraction: 1,
    });
    const settings = workflowSettings(workflow, 'win32');
    expect(settings.convention).toBe('windows');
    expect(settings.templates).toBeUndefined();
    expect(settings.stampMetrics).toBe(false);
    const light = makeTestLight('/l.fits');
    const dark = makeTestLight('/d.fits', { frameType: 'DARK', target: null, filter: null });
    expect(settings.calibrationCheck([light], [dark]).missing).toEqual(['FLAT']);
    expect(platformConvention('darwin')).toBe('macos');
    expect(platformConvention('linux')).toBe('linux');
  });

  it('picks a rig’s own pass over the general one', () => {
    const { workflow } = parseConfig({
      workflow: {
        cull: [
          { pass: 1, rule: 'hfr > 3', autoAcceptFraction: 0.2 },
          {
            rig: 'C8E@f10+ASI2600',
            pass: 1,
            rule: 'hfr > 6 or stars < 50',
            autoAcceptFraction: 0.5,
          },
        ],
      },
    });
    expect(cullPassFor(workflow, 'C8E@f10+ASI2600', 1).rule).toBe('hfr > 6 or stars < 50');
    expect(cullPassFor(workflow, 'Other', 1).rule).toBe('hfr > 3');
    // Pass 2 not configured at all: the built-in strict pass.
    expect(cullPassFor(workflow, 'Other', 2).rule).toBe('hfr > 5.5');
  });

  it('rejects a bad rule, pass or unknown key with the field path', () => {
    expect(() =>
      parseConfig({ workflow: { cull: [{ pass: 1, rule: 'hfr >', autoAcceptFraction: 0.3 }] } }),
    ).toThrow(/workflow\.cull\.0\.rule/);
    expect(() =>
      parseConfig({ workflow: { cull: [{ pass: 3, rule: 'hfr > 1', autoAcceptFraction: 0.3 }] } }),
    ).toThrow(/workflow\.cull\.0\.pass/);
    expect(() => parseConfig({ workflow: { libary: '/x' } })).toThrow(/libary/);
    expect(() => parseConfig({ workflow: { promote: { requires: ['LIGHT'] } } })).toThrow(
      /requires/,
    );
  });

  it('resolves library and raw against the config file and maps commands to specs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'astrocat-wfconfig-'));
    try {
      const path = join(dir, 'astrocat.json');
      writeFileSync(
        path,
        JSON.stringify({
          workflow: {
            library: 'lib',
            raw: '/abs/raw',
            convention: 'portable',
            layout: { LIGHT: '{rig}/{stage}/{target}/{datetime}.{ext}' },
            rigs: [{ name: 'Main', optic: 'Esprit100', camera: 'ASI2600MM' }],
            preCommands: [{ command: 'systemctl', args: ['--user', 'stop', 'dropbox'] }],
          },
        }),
      );
      const { config } = loadConfig({ path });
      expect(config.workflow.library).toBe(join(dir, 'lib'));
      expect(config.workflow.raw).toBe('/abs/raw');
      const settings = workflowSettings(config.workflow);
      expect(settings.convention).toBe('portable');
      expect(settings.templates).toEqual({ LIGHT: '{rig}/{stage}/{target}/{datetime}.{ext}' });
      expect(settings.rigs).toEqual([{ name: 'Main', optic: 'Esprit100', camera: 'ASI2600MM' }]);
      expect(settings.pre).toEqual([
        { file: 'systemctl', args: ['--user', 'stop', 'dropbox'], timeoutMs: 60_000 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a cull folder and its rig from --rig or --dir', () => {
    expect(cullTarget('/lib', { rig: 'R1' })).toEqual({ dir: '/lib/R1/10_Blink', rig: 'R1' });
    expect(cullTarget('/lib', { dir: '/lib/R2/10_Blink/M31' })).toEqual({
      dir: '/lib/R2/10_Blink/M31',
      rig: 'R2',
    });
    expect(() => cullTarget('/lib', {})).toThrow(/rig or a folder/);
  });
});
