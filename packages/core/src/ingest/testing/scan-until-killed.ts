/**
 * Child process for the kill-midway test: scans FOLDER into CATALOG in small batches and SIGKILLs
 * itself once KILL_AFTER files have been read, as a power cut would.
 */
import { Catalog } from '../../catalog/index.js';
import { scanFolders } from '../scan.js';

const [catalogPath, folder, killAfter] = process.argv.slice(2);
const catalog = await Catalog.open({ path: catalogPath! });
await scanFolders(catalog, [folder!], {
  extensions: ['.fits', '.fz', '.xisf'],
  ignore: ['.astrocat'],
  batchSize: 7,
  onProgress: ({ read }) => {
    if (read >= Number(killAfter)) process.kill(process.pid, 'SIGKILL');
  },
});
catalog.close();
