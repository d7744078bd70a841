// Resident memory of this process while a run is in flight: sampled on a timer, summarised afterwards.

const MB = 1024 * 1024;
const round1 = (value) => Math.round(value * 10) / 10;

/** Samples `process.memoryUsage.rss()` every `intervalMs` until `stop()`; the timer does not keep Node alive. */
export function startRssSampler(intervalMs = 50) {
  const samples = [];
  const started = performance.now();
  const take = () => samples.push({ at_ms: performance.now() - started, rss_mb: process.memoryUsage.rss() / MB });
  take();
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      return summariseRss(samples);
    },
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)];
};

/**
 * Steady state: the median of the samples in the second half of the run, when every call slot is busy and memory
 * no longer grows with start-up work. Peak: the largest sample (the kernel's `maxRSS` is reported beside it).
 */
function summariseRss(samples) {
  const end = samples.at(-1)?.at_ms ?? 0;
  const secondHalf = samples.filter((sample) => sample.at_ms >= end / 2).map((sample) => sample.rss_mb);
  return {
    samples: samples.length,
    sampled_peak_rss_mb: round1(Math.max(...samples.map((sample) => sample.rss_mb))),
    steady_rss_mb: round1(median(secondHalf) ?? 0),
    start_rss_mb: round1(samples[0]?.rss_mb ?? 0),
    end_rss_mb: round1(samples.at(-1)?.rss_mb ?? 0),
  };
}

/** The process's peak resident memory so far, from the kernel (`maxRSS` is in kilobytes). */
export const peakRssMb = () => round1(process.resourceUsage().maxRSS / 1024);
