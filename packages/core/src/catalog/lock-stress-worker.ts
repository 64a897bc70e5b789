// Test-only child process for write-lock.test.ts: writes N catalog changes through one driver.
// Usage: node --import tsx lock-stress-worker.ts <better|wasm> <catalogPath> <count> <tag> [sync]
// Without `sync` it skips fsync (synchronous=OFF): the journal and locking are the same, only ~30 ms/commit faster here.
import { noteFrame } from '../notes/test-frames.js';
import { openBetterSqlite } from './better-sqlite-driver.js';
import { Catalog } from './catalog.js';
import { openWasmSqlite } from './wasm-driver.js';
import { CatalogLock, catalogLockPath, withCatalogLock } from './write-lock.js';

const [kind, path, countText, tag, sync] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string | undefined,
];
const raw = kind === 'wasm' ? await openWasmSqlite(path) : await openBetterSqlite(path);
const driver = withCatalogLock(raw, new CatalogLock(catalogLockPath(path)));
const catalog = await Catalog.open({ path, driver, journalMode: 'delete' });
if (sync !== 'sync') catalog.driver.exec('PRAGMA synchronous = OFF');
const count = Number(countText);
for (let i = 0; i < count; i++) {
  const record = noteFrame({
    path: `/lib/${tag}/${String(i).padStart(4, '0')}.fits`,
    target: tag,
    hfrPx: i / 100,
  });
  catalog.upsertFrames([
    { record, file: { sizeBytes: 1000 + i, mtimeMs: i }, fingerprint: `${tag}-${i}` },
  ]);
}
catalog.close();
process.stdout.write(`${tag} wrote ${count}\n`);
