import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** How the test agent answers one request. */
export type TAgentAnswer = 'done' | 'failed' | 'running' | 'accepted' | 'rejected' | '500' | 'slow' | 'non_json' | 'hang';

export interface TAgentRequest {
  instructionId: string;
  body: any;
  headers: IncomingHttpHeaders;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface TTestAgent {
  url: string;
  requests: TAgentRequest[];
  /** Requests received for one instruction. */
  countFor(instructionId: string): number;
  /** Resolves once `count` requests for the instruction have arrived. */
  waitFor(instructionId: string, count?: number, timeoutMs?: number): Promise<TAgentRequest>;
  close(): Promise<void>;
}

export interface TTestAgentOptions {
  /** How long `slow` waits before answering done. */
  slowMs?: number;
  /** Default: the envelope's `payload.answers[n-1]` (the last one repeats), else `done`. */
  answerFor?: (body: any, requestNumber: number) => TAgentAnswer;
}

const scripted = (body: any, n: number): TAgentAnswer => {
  const answers: unknown = body?.payload?.answers;
  if (!Array.isArray(answers) || answers.length === 0) return 'done';
  return answers[Math.min(n, answers.length) - 1] as TAgentAnswer;
};

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/** A local agent API (node:http) answering done / failed / running / 500 / slow / non-JSON per instruction. */
export async function startTestAgent(options: TTestAgentOptions = {}): Promise<TTestAgent> {
  const requests: TAgentRequest[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  const answerFor = options.answerFor ?? scripted;
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(text);
        const id = String(body.instruction_id);
        const n = (counts.get(id) ?? 0) + 1;
        counts.set(id, n);
        requests.push({ instructionId: id, body, headers: req.headers, at: Date.now() });
        const answer = answerFor(body, n);
        if (answer === 'hang') return;
        if (answer === 'slow') await delay(options.slowMs ?? 2_000, undefined, { signal: closing.signal }).catch(() => undefined);
        if (closing.signal.aborted) return;
        if (answer === '500') return send(res, 500, 'agent exploded');
        if (answer === 'non_json') return send(res, 200, '<html>not json</html>', 'text/html');
        const status = answer === 'slow' ? 'done' : answer;
        send(res, 200, JSON.stringify({ status, handled: id, ...(answer === 'failed' && { error: 'agent could not do it' }) }));
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/agent`,
    requests,
    countFor: (id) => counts.get(id) ?? 0,
    async waitFor(id, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const matching = requests.filter((request) => request.instructionId === id);
        if (matching.length >= count) return matching[count - 1]!;
        await delay(5);
      }
      throw new Error(`the agent got no request #${count} for ${id} within ${timeoutMs} ms`);
    },
    async close() {
      closing.abort();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
