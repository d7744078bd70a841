import { SingleBar } from 'cli-progress';
import type { TRunLogProgress } from '@kroma/contract';
import type { TCliIo } from './output.js';

/** Receives the engine's progress; `stop` ends the bar (or nothing, for plain lines). */
export interface TProgressReporter {
  update: (progress: TRunLogProgress) => void;
  stop: () => void;
}

const describe = (progress: TRunLogProgress): string =>
  `jobs ${progress.jobs_done}/${progress.jobs_total}, candidates ${progress.candidates_done}/${progress.candidates_total}, ${progress.stage}`;

/** A plain line whenever the counts or the pass change (logs and pipes stay readable). */
function lineReporter(io: TCliIo): TProgressReporter {
  let last = '';
  return {
    update(progress) {
      const line = describe(progress);
      if (line === last) return;
      last = line;
      io.stderr(`Progress: ${line}\n`);
    },
    stop: () => undefined,
  };
}

/** One bar per run on a TTY, counting candidates, with jobs and the current pass beside it. */
function barReporter(): TProgressReporter {
  const bar = new SingleBar({
    format: 'Run [{bar}] {value}/{total} candidates | jobs {jobs} | {stage}',
    hideCursor: true,
    clearOnComplete: false,
    stream: process.stderr,
  });
  let started = false;
  return {
    update(progress) {
      const payload = { jobs: `${progress.jobs_done}/${progress.jobs_total}`, stage: progress.stage };
      if (!started) {
        bar.start(progress.candidates_total, progress.candidates_done, payload);
        started = true;
        return;
      }
      bar.setTotal(progress.candidates_total);
      bar.update(progress.candidates_done, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export const createProgressReporter = (io: TCliIo): TProgressReporter => (io.isTty ? barReporter() : lineReporter(io));
