/**
 * One error type for the whole library. Every failure carries a stable `code` from
 * {@link ErrorCode} so hosts and scripts can branch on it without parsing messages.
 *
 * @example
 * ```ts
 * try { await readFitsHeaders(src); } catch (e) { if (isAstroError(e, 'FITS_NOT_FITS')) skip(); }
 * ```
 */
export const ErrorCode = {
  /** The file is empty. */
  EMPTY_FILE: 'EMPTY_FILE',
  /** The file ends before its header or data does. */
  TRUNCATED: 'TRUNCATED',
  /** The bytes are not a FITS file (no SIMPLE/XTENSION card). */
  FITS_NOT_FITS: 'FITS_NOT_FITS',
  /** A FITS header violates the standard badly enough that it cannot be read. */
  FITS_BAD_HEADER: 'FITS_BAD_HEADER',
  /** The image uses a compression we do not decode (PLIO, HCOMPRESS, ...). */
  UNSUPPORTED_COMPRESSION: 'UNSUPPORTED_COMPRESSION',
  /** The bytes are not an XISF file (no XISF0100 signature). */
  XISF_NOT_XISF: 'XISF_NOT_XISF',
  /** The XISF XML header is malformed or misses required attributes. */
  XISF_BAD_HEADER: 'XISF_BAD_HEADER',
  /** A stored checksum does not match the data. */
  CHECKSUM_MISMATCH: 'CHECKSUM_MISMATCH',
  /** The file format is not one we read. */
  UNKNOWN_FORMAT: 'UNKNOWN_FORMAT',
  /** A requested HDU or image does not exist or holds no image. */
  NO_IMAGE: 'NO_IMAGE',
  /** Configuration is missing or invalid. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** The catalog database cannot be opened or migrated. */
  CATALOG_ERROR: 'CATALOG_ERROR',
  /** A plugin (third-party agent) could not be loaded. */
  PLUGIN_LOAD_FAILED: 'PLUGIN_LOAD_FAILED',
  /** The operation was cancelled through its AbortSignal. */
  ABORTED: 'ABORTED',
  /** A filesystem operation failed (permissions, missing file, full disk). */
  IO_ERROR: 'IO_ERROR',
  /** Arguments given to an API are invalid. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A storage target (S3, NAS folder) failed a request or returned an object that fails its checks. */
  REMOTE_ERROR: 'REMOTE_ERROR',
  /** Stored data cannot be decoded (a corrupt compressed stream, or one of the wrong size). */
  CORRUPT_DATA: 'CORRUPT_DATA',
  /** Another workflow run holds the library's lock. */
  WORKFLOW_LOCKED: 'WORKFLOW_LOCKED',
  /** A cull rule expression does not parse or names an unknown metric. */
  WORKFLOW_RULE_INVALID: 'WORKFLOW_RULE_INVALID',
  /** A workflow journal cannot be read (no plan record) or an operation cannot be undone. */
  WORKFLOW_JOURNAL_INVALID: 'WORKFLOW_JOURNAL_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AstroError extends Error {
  override readonly name = 'AstroError';
  readonly code: ErrorCode;
  /** Extra facts about the failure (path, offset, keyword, ...), safe to print as JSON. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

export function isAstroError(error: unknown, code?: ErrorCode): error is AstroError {
  return error instanceof AstroError && (code === undefined || error.code === code);
}

/** Wraps any thrown value as an AstroError, keeping an AstroError as it is. */
export function toAstroError(error: unknown, code: ErrorCode = ErrorCode.IO_ERROR): AstroError {
  if (error instanceof AstroError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AstroError(code, message, { cause: error });
}

/** A problem found while reading that did not stop the read (a bad card, a checksum mismatch). */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** HDU index (FITS) or image index (XISF) the problem belongs to. */
  hdu?: number;
  /** 0-based card index within the HDU's header. */
  card?: number;
}

/** An expected-failure-tolerant result: the value plus what was wrong on the way. */
export interface WithDiagnostics<T> {
  value: T;
  diagnostics: Diagnostic[];
}
