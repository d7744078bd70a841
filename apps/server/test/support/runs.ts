import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { makeTestPng, startFakeOpenAIImagesServer, type TFakeOpenAIServer } from '@kroma/adapters/testing';
import type { TTestServer } from './server.js';

export const FAKE_KEY = 'sk-test-fake-key-0123456789';

/** Real PNG scenes `scenes/<prefix>_<i>.png` under the app root; returns their app-relative paths. */
export async function writeScenes(appRoot: string, count: number, prefix = 'scene'): Promise<string[]> {
  const paths: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const path = `scenes/${prefix}_${index}.png`;
    mkdirSync(dirname(join(appRoot, path)), { recursive: true });
    writeFileSync(join(appRoot, path), await makeTestPng({ width: 16, height: 16, color: { r: 90 + index, g: 90 + index, b: 90 + index } }));
    paths.push(path);
  }
  return paths;
}

/** The local OpenAI-compatible images server, grey images (they pass the output guard). */
export const startFakeOpenAI = (latencyMs = 0): Promise<TFakeOpenAIServer> =>
  startFakeOpenAIImagesServer({ apiKey: FAKE_KEY, latencyMs });

/** The environment a server needs to run against `fake`: small, cheap images. */
export const runEnv = (fake: TFakeOpenAIServer, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  OPENAI_API_KEY: FAKE_KEY,
  OPENAI_BASE_URL: fake.url,
  OPENAI_IMAGE_SIZE: '1024x1024',
  OPENAI_IMAGE_QUALITY: 'low',
  ...extra,
});

/** Polls `GET …/runs/{runId}` until `done(run)` holds; returns that answer's run. */
export async function waitForRun(
  t: TTestServer,
  slug: string,
  runId: string,
  done: (run: any) => boolean,
  timeoutMs = 15_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const res = await t.api('GET', `/api/projects/${slug}/runs/${runId}`);
    last = res.body?.run;
    if (res.status === 200 && done(last)) return last;
    await delay(20);
  }
  throw new Error(`run ${runId} did not reach the expected state within ${timeoutMs} ms; last: ${JSON.stringify(last?.progress)}`);
}

export const isFinal = (run: any): boolean => !['queued', 'running'].includes(run?.status);

/** Rows of `table` (counted directly in the database). */
export async function countRows(t: TTestServer, table: 'runs' | 'run_jobs' | 'run_candidates' | 'assets' | 'asset_links' | 'quality_reports' | 'cost_events'): Promise<number> {
  const row = await t.server.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
