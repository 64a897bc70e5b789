import { afterAll, afterEach, beforeAll } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startTestS3Server, type TestS3Server } from './s3rver-server.js';

/**
 * Starts s3rver with a fault proxy in front of it for the enclosing `describe`, and stops both
 * after it; the proxy's rule goes back to passing everything after each test. Read the servers
 * from the returned object inside tests (they exist from `beforeAll` on).
 */
export function useS3BehindFaultProxy(): { readonly s3: TestS3Server; readonly proxy: FaultProxy } {
  const servers = {} as { s3: TestS3Server; proxy: FaultProxy };
  beforeAll(async () => {
    servers.s3 = await startTestS3Server();
    servers.proxy = await startFaultProxy(servers.s3.endpoint);
  });
  afterAll(async () => {
    await servers.proxy.close();
    await servers.s3.close();
  });
  afterEach(() => servers.proxy.setRule(() => 'pass'));
  return servers;
}
