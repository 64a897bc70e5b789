import type { PutObjectResult, RemoteObjectHead } from './storage-target.js';

const PLAIN_MD5 = /^[0-9a-f]{32}$/;
const MULTIPART_ETAG = /^[0-9a-f]{32}-(\d+)$/;

export interface UploadExpectation {
  sha256: string;
  sizeBytes: number;
  /**
   * Compare a single-part ETag with the MD5 we sent (default true). Turn off for buckets with
   * SSE-KMS, whose ETags are not content MD5s.
   */
  compareSinglePartEtag?: boolean;
}

/**
 * Checks an object right after upload against what was sent; returns the problems found
 * (empty when it passes). A multipart ETag is `md5-of-part-md5s-N`: only its part count is
 * checked, never compared with a file MD5.
 *
 * @example
 * ```ts
 * const problems = checkUploadedObject(await target.head(key), { sha256, sizeBytes }, putResult);
 * ```
 */
export function checkUploadedObject(
  head: RemoteObjectHead | null,
  expected: UploadExpectation,
  put: PutObjectResult,
): string[] {
  if (!head) return ['object not found after upload'];
  const problems: string[] = [];
  if (head.sizeBytes !== expected.sizeBytes)
    problems.push(`size ${head.sizeBytes} != ${expected.sizeBytes}`);
  if (head.facts.sha256 !== expected.sha256)
    problems.push(`metadata sha256 ${head.facts.sha256 ?? 'absent'} != ${expected.sha256}`);
  if (head.facts.sizeBytes !== null && head.facts.sizeBytes !== expected.sizeBytes)
    problems.push(`metadata size ${head.facts.sizeBytes} != ${expected.sizeBytes}`);
  if (put.etag && head.etag && put.etag !== head.etag)
    problems.push(`ETag changed between upload and HEAD (${put.etag} -> ${head.etag})`);
  const etag = head.etag ?? put.etag;
  if (etag && put.partCount > 1) {
    const multipart = MULTIPART_ETAG.exec(etag);
    // Some S3-compatible servers return a plain hash for multipart objects; that carries no part count.
    if (multipart && Number(multipart[1]) !== put.partCount)
      problems.push(`ETag part count ${multipart[1]} != ${put.partCount} parts sent`);
  } else if (etag && put.partCount === 1) {
    if (MULTIPART_ETAG.test(etag)) problems.push(`single-part upload has a multipart ETag ${etag}`);
    else if (
      (expected.compareSinglePartEtag ?? true) &&
      put.md5 &&
      PLAIN_MD5.test(etag) &&
      etag !== put.md5
    ) {
      problems.push(
        `ETag ${etag} != MD5 ${put.md5} of the bytes sent: the server stored different bytes`,
      );
    }
  }
  return problems;
}
