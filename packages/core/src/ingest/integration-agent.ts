import type { Agent } from './agent.js';

/**
 * Contributes each frame's share of integration time: the exposure of a light frame, zero for
 * calibration. Stored as a field so search and reports can filter and sum on it.
 */
export function createIntegrationAgent(): Agent {
  return {
    name: 'integration',
    async run(frame) {
      const isLight = frame.frameType === 'LIGHT';
      return {
        fields: {
          integrationSec: isLight ? (frame.exposureSec ?? 0) : 0,
          session:
            isLight && frame.night
              ? [frame.night, frame.rig ?? '?', frame.target ?? '?'].join(' | ')
              : null,
        },
      };
    },
  };
}
