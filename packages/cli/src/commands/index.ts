import type { Command } from 'commander';
import { register as registerAnalyze } from './analyze.js';
import { register as registerBackup } from './backup.js';
import { register as registerLifecycle } from './lifecycle.js';
import { register as registerPrune } from './prune.js';
import { register as registerRestore } from './restore.js';
import { register as registerVerify } from './verify.js';
import { register as registerInit } from './init.js';
import { register as registerNotes } from './notes.js';
import { register as registerPreview } from './preview.js';
import { register as registerScan } from './scan.js';
import { register as registerSearch } from './search.js';
import { register as registerShow } from './show.js';
import { register as registerStats } from './stats.js';
import { register as registerWatch } from './watch.js';
import { register as registerCalibrate } from './calibrate.js';
import { register as registerMasters } from './masters.js';
import { register as registerProfiles } from './profiles.js';
import { register as registerCleanup } from './cleanup.js';
import { register as registerCull } from './cull.js';
import { register as registerJournal } from './journal.js';
import { register as registerPrepare } from './prepare.js';
import { register as registerPromote } from './promote.js';
import { register as registerRestoreRejects } from './restore-rejects.js';
import { register as registerResume } from './resume.js';
import { register as registerUndo } from './undo.js';

/** Every command module, in the order `astrocat --help` lists them. */
export function registerCommands(program: Command): void {
  const commands = [
    registerInit,
    registerScan,
    registerWatch,
    registerSearch,
    registerStats,
    registerShow,
    registerAnalyze,
    registerPreview,
    registerNotes,
    registerPrepare,
    registerCull,
    registerPromote,
    registerCleanup,
    registerResume,
    registerUndo,
    registerJournal,
    registerRestoreRejects,
    registerBackup,
    registerVerify,
    registerRestore,
    registerPrune,
    registerLifecycle,
    registerProfiles,
    registerMasters,
    registerCalibrate,
  ];
  for (const register of commands) register(program);
}
