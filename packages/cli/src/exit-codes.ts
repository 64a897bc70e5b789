export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** Bad arguments: reported with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
