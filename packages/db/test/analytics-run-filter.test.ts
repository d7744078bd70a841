import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestRunLog, listCostEvents, listQualityReports, upsertProject, type KromaStore } from '../src/index.js';
import { costEvent, runJob, runLog, tempStore } from './support/run-logs.js';

let env: Awaited<ReturnType<typeof tempStore>>;
let store: KromaStore;
let runA: string;
let runB: string;
let otherRun: string;

beforeEach(async () => {
  env = await tempStore('analytics');
  store = env.store;
  await upsertProject(store, { userId: null }, { name: 'Ledger' });
  await upsertProject(store, { userId: null }, { name: 'Other' });
  const ingest = async (project: string, path: string, jobs: number, events: number) =>
    (
      await ingestRunLog(store, {
        runLogPath: path,
        log: runLog(project, Array.from({ length: jobs }, (_, i) => runJob(`j${i}`)), {
          cost_events: Array.from({ length: events }, () => costEvent({ usd: 0.04 })),
        }),
      })
    ).run_id;
  runA = await ingest('ledger', 'runs/a.json', 2, 3); // 2 jobs × 2 candidates + the run → 5 reports
  runB = await ingest('ledger', 'runs/b.json', 1, 1); // 3 reports
  otherRun = await ingest('other', 'runs/o.json', 1, 1);
});
afterEach(() => env.close());

describe('analytics run_id filter', () => {
  it('lists one run\'s quality reports and cost events, or every run\'s when blank', async () => {
    const reportsOf = async (runId?: string, limit?: string) =>
      (await listQualityReports(store, 'ledger', limit, runId)).map((report) => report.run_id);
    expect(await reportsOf(runA)).toEqual(Array(5).fill(runA));
    expect(await reportsOf(runB)).toEqual(Array(3).fill(runB));
    expect((await reportsOf()).length).toBe(8);
    expect((await reportsOf('  ')).length).toBe(8);
    expect(await reportsOf(runA, '2')).toEqual([runA, runA]);

    const eventsOf = async (runId?: string) => (await listCostEvents(store, 'ledger', undefined, runId)).map((event) => event.run_id);
    expect(await eventsOf(runA)).toEqual([runA, runA, runA]);
    expect(await eventsOf(runB)).toEqual([runB]);
    expect((await eventsOf('')).length).toBe(4);
  });

  it('answers an empty list for an unknown run or another project\'s, and 404 only for a missing project', async () => {
    expect(await listQualityReports(store, 'ledger', undefined, 'unknown')).toEqual([]);
    expect(await listCostEvents(store, 'ledger', undefined, otherRun)).toEqual([]);
    await expect(listCostEvents(store, 'nope', undefined, runA)).rejects.toMatchObject({ kind: 'not_found', message: 'Project not found' });
    await expect(listQualityReports(store, 'nope')).rejects.toMatchObject({ kind: 'not_found', message: 'Project not found' });
  });
});
