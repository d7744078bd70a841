// The bench's agent API: answers every request at once with {"status":"done"} and counts requests per instruction.
import { createServer } from 'node:http';

export async function startInstantAgent() {
  const counts = new Map();
  const arrivals = new Map();
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const id = JSON.parse(text).instruction_id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      if (!arrivals.has(id)) arrivals.set(id, performance.now());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"done"}');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/agent`,
    /** performance.now() of the first request for `id`, once it came. */
    arrivalOf: (id) => arrivals.get(id),
    requests: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    duplicates: () => [...counts.values()].filter((n) => n > 1).length,
    distinct: () => counts.size,
    reset() {
      counts.clear();
      arrivals.clear();
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
