import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one request. */
export type FaultAction =
  | 'pass'
  | 'drop-mid-body'
  | 'status-500'
  | 'flip-byte'
  /** Answer as S3 does for an upload id it no longer knows (aborted or expired). */
  | 'no-such-upload'
  /** Take the request and never answer, as a stalled link does until the client is killed. */
  | 'hang'
  /** Pass the request on, then cut the connection half-way through the answer's body. */
  | 'drop-mid-response';

export interface ProxiedRequest {
  index: number;
  method: string;
  url: string;
  contentLength: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface FaultProxy {
  endpoint: string;
  /** Every request seen, with the action taken. */
  readonly log: (ProxiedRequest & { action: FaultAction })[];
  setRule(rule: (request: ProxiedRequest) => FaultAction): void;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on loopback between a client and an S3 endpoint that injects faults: drops the
 * connection half-way through a request or an answer body, answers 500 or NoSuchUpload, never
 * answers, or flips one byte of a body in transit.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy(s3.endpoint);
 * proxy.setRule((r) => (r.method === 'PUT' && r.index === 0 ? 'status-500' : 'pass'));
 * ```
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let rule: (request: ProxiedRequest) => FaultAction = () => 'pass';
  const log: (ProxiedRequest & { action: FaultAction })[] = [];
  let index = 0;

  const server: Server = createServer((req, res) => {
    const info: ProxiedRequest = {
      index: index++,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      contentLength: Number(req.headers['content-length'] ?? 0),
      headers: req.headers,
    };
    const action = rule(info);
    log.push({ ...info, action });
    if (action === 'status-500') return answerError(req, res, 500, 'InternalError', 'injected');
    if (action === 'no-such-upload')
      return answerError(req, res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
    if (action === 'hang') {
      req.resume();
      return;
    }
    if (action === 'drop-mid-body') {
      let seen = 0;
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= info.contentLength / 2) req.socket.destroy();
      });
      if (info.contentLength === 0) req.socket.destroy();
      return;
    }
    const upstreamReq = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamRes: IncomingMessage) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (action !== 'drop-mid-response') {
          upstreamRes.pipe(res);
          return;
        }
        const cutAt = Number(upstreamRes.headers['content-length'] ?? 0) / 2;
        let sent = 0;
        upstreamRes.on('data', (chunk: Buffer) => {
          if (sent >= cutAt) return;
          const room = Math.ceil(cutAt - sent);
          res.write(chunk.subarray(0, room));
          sent += Math.min(room, chunk.length);
          if (sent >= cutAt) res.socket?.destroy();
        });
      },
    );
    upstreamReq.on('error', () => res.destroy());
    const flipAt = action === 'flip-byte' ? Math.floor(info.contentLength / 2) : -1;
    let offset = 0;
    req.on('data', (chunk: Buffer) => {
      if (flipAt >= offset && flipAt < offset + chunk.length) {
        chunk = Buffer.from(chunk);
        chunk[flipAt - offset] = (chunk[flipAt - offset] ?? 0) ^ 0xff;
      }
      offset += chunk.length;
      upstreamReq.write(chunk);
    });
    req.on('end', () => upstreamReq.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    setRule(next) {
      rule = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads the request to its end, then answers with an S3 error document. */
function answerError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  req.resume();
  req.on('end', () => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
  });
}
