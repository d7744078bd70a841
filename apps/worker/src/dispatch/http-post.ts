import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface THttpAnswer {
  status: number;
  statusText: string;
  text: string;
}

/**
 * Keep-alive connections to the agent. Idle sockets close after 4 s, before a server's usual 5 s keep-alive
 * timeout can close one under a new request; they never keep the process alive.
 */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 16, timeout: 4_000 };
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/**
 * POSTs `body` and reads the whole answer. node:http rather than fetch: against a local agent, fetch's per-request
 * overhead (streams, AbortSignal plumbing) cost several times the request itself.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<THttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const https = target.protocol === 'https:';
    if (!https && target.protocol !== 'http:') {
      reject(new Error(`unsupported protocol ${target.protocol}`));
      return;
    }
    const send = https ? httpsRequest : httpRequest;
    const request = send(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: https ? httpsAgent : httpAgent, signal },
      (response: IncomingMessage) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
