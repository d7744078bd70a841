import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TAgentRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
}

export interface TAgentServer {
  url: string;
  requests: TAgentRequest[];
  close(): Promise<void>;
}

/**
 * A local agent API. What it answers is picked by the envelope's `payload.answer`: done, failed, running, 500,
 * nonjson, slow (answers `done` after 1 s), flaky (500 on the first request of an instruction, then done).
 */
export async function startAgentServer(): Promise<TAgentServer> {
  const requests: TAgentRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, any>;
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      const answer: string = body.payload?.answer ?? 'done';
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      const seen = requests.filter((r) => r.body.instruction_id === body.instruction_id).length;
      if (answer === 'failed') json(200, { status: 'failed', error: 'cannot do that' });
      else if (answer === 'running') json(202, { status: 'running', job: 'j1' });
      else if (answer === '500' || (answer === 'flaky' && seen === 1)) res.writeHead(500).end('agent exploded');
      else if (answer === 'nonjson') res.writeHead(200, { 'content-type': 'text/plain' }).end('all good!');
      else if (answer === 'slow') setTimeout(() => json(200, { status: 'done' }), 1000);
      else json(200, { status: 'done', echo: body.objective });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
