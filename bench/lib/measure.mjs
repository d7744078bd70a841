// One autocannon load (programmatic API): a warm-up whose figures are thrown away, then the measured run.
import autocannon from 'autocannon';

/**
 * autocannon's latency histogram holds whole milliseconds, too coarse for sub-millisecond medians; every
 * response time it reports (hrtime based, fractional ms) is kept instead and percentiles are taken from those.
 */
async function load({ url, method, body, connections, durationSeconds }) {
  const latencies = [];
  const instance = autocannon({
    url,
    method,
    connections,
    duration: durationSeconds,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  const result = await instance;
  return { result, latencies: Float64Array.from(latencies).sort() };
}

/** Nearest-rank percentile of ascending `sorted`. */
const percentile = (sorted, p) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
const round3 = (value) => (value === null ? null : Math.round(value * 1000) / 1000);

/** Figures kept from one measured load (latencies in ms). */
function summarise({ result, latencies }) {
  return {
    requests_per_second: result.requests.average,
    requests_total: result.requests.total,
    latency_p50_ms: round3(percentile(latencies, 50)),
    latency_p99_ms: round3(percentile(latencies, 99)),
    latency_max_ms: round3(percentile(latencies, 100)),
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    duration_seconds: result.duration,
  };
}

/** Warms `target` up, then measures it with the same request for `durationSeconds`. */
export async function measureTarget(target, { connections, warmupSeconds, durationSeconds }) {
  if (warmupSeconds > 0) await load({ ...target, connections, durationSeconds: warmupSeconds });
  return summarise(await load({ ...target, connections, durationSeconds }));
}
