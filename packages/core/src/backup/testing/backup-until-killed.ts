/**
 * Child process for the resume test: backs one library file up to an S3 endpoint with the
 * ledger in a SQLite catalog, and is SIGKILLed by the test while a part hangs.
 * Usage: node --import tsx backup-until-killed.ts '<json of BackupChildArgs>'
 */
import { openBetterSqlite } from '../../catalog/index.js';
import { planBackup } from '../plan-backup.js';
import { runBackup } from '../run-backup.js';
import { openS3Target } from '../s3-target.js';
import { openBackupLedger } from '../sql-backup-ledger.js';
import { itemFor } from './make-library.js';

export interface BackupChildArgs {
  catalogPath: string;
  endpoint: string;
  bucket: string;
  prefix: string;
  root: string;
  relPath: string;
  partSizeBytes: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as BackupChildArgs;
const ledger = openBackupLedger(await openBetterSqlite(args.catalogPath));
const target = await openS3Target({
  name: 'cloud',
  bucket: args.bucket,
  prefix: args.prefix,
  endpoint: args.endpoint,
  partSizeBytes: args.partSizeBytes,
  maxAttempts: 1,
});
const item = await itemFor(args.root, args.relPath, {});
const plan = await planBackup({ source: [item], ledger, target: 'cloud' });
await runBackup({ plan, target, ledger, retry: { attempts: 1 } });
