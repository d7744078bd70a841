import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestPng } from '@kroma/adapters/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHttpBackend, runWorker, WorkerLoop, type TWorkerBackend } from '../src/index.js';
import { startTestAgent, type TTestAgent } from './support/agent-server.js';
import { fastSettings, runLoopUntil } from './support/direct-env.js';
import { startTestServer, type TTestServer } from './support/server.js';

describe('the loop against a real server (the contract client)', () => {
  let t: TTestServer;
  let agent: TTestAgent;
  let backend: TWorkerBackend;
  let slug: string;
  let logs: string[];
  beforeEach(async () => {
    t = await startTestServer();
    agent = await startTestAgent({ slowMs: 600 });
    backend = openHttpBackend({ url: t.url }, t.dir, {});
    slug = (await t.call('POST', '/api/projects', { name: 'Remote' })).project.slug;
    logs = [];
  });
  afterEach(async () => {
    await agent.close();
    await t.close();
  });

  const base = () => `/api/projects/${slug}/agent/instructions`;
  const create = async (body: Record<string, unknown>) =>
    (await t.call('POST', base(), { instruction_type: 'custom', requires_confirmation: false, ...body })).instruction;
  const get = async (id: string) => (await t.call('GET', `${base()}/${id}`)).instruction;
  const statusIs = (id: string, statuses: string[]) => async () => statuses.includes((await get(id)).status);
  const loopWith = (overrides: Parameters<typeof fastSettings>[0] = {}) =>
    new WorkerLoop({ backend, settings: fastSettings(overrides), env: {}, log: (line) => logs.push(line) });

  it("dispatches with the worker's own agent URL, re-polls a remote running answer, and completes through the server", async () => {
    const remote = await create({ payload_json: { answers: ['running', 'done'] } });
    const summary = await runLoopUntil(loopWith({ agentApiUrl: agent.url, agentApiToken: 'worker-token' }), statusIs(remote.id, ['done']));
    expect(summary.processed).toBe(2);
    expect(agent.countFor(remote.id)).toBe(2);
    expect((await agent.waitFor(remote.id)).headers.authorization).toBe('Bearer worker-token');
    const events = (await t.call('GET', `${base()}/${remote.id}/events`)).events.map((e: any) => e.event_type);
    expect(events).toEqual(['created', 'queued', 'started', 'result', 'started', 'result']);
  });

  it("without an agent URL of its own, asks the server to dispatch with the project's agent_api secrets", async () => {
    await t.call('POST', `/api/projects/${slug}/secrets`, { provider_code: 'agent_api', secret_name: 'url', secret_value: agent.url });
    await t.call('POST', `/api/projects/${slug}/secrets`, { provider_code: 'agent_api', secret_name: 'token', secret_value: 'project-token' });
    const edit = await create({ instruction_type: 'asset_edit', payload_json: { objective: 'Fix panel 2', answers: ['500', 'done'] } });
    await runLoopUntil(loopWith({ dispatch: { timeoutSeconds: 2, retries: 1, backoffSeconds: 0.05 } }), statusIs(edit.id, ['done', 'failed']));
    const done = await get(edit.id);
    expect(done).toMatchObject({ status: 'done', attempts: 1, agent_response_json: { status: 'done', handled: edit.id } });
    const request = await agent.waitFor(edit.id, 2);
    expect(request.headers.authorization).toBe('Bearer project-token');
    expect(request.body).toMatchObject({ instruction_type: 'asset_edit', objective: 'Fix panel 2', project_slug: slug });
  });

  it('a cancel through the API stops the work; the late result is dropped', async () => {
    const hanging = await create({ payload_json: { answers: ['hang'] } });
    const loop = loopWith({ agentApiUrl: agent.url, maxLockedSeconds: 0.3 });
    const running = runLoopUntil(loop, async () => logs.some((line) => line.includes('lock lost')));
    await agent.waitFor(hanging.id);
    await t.call('POST', `${base()}/${hanging.id}/cancel`, {});
    expect((await running).processed).toBe(1);
    expect(await get(hanging.id)).toMatchObject({ status: 'canceled', attempts: 0, locked_by: '' });
  });

  it('a paused queue hands out nothing until resumed', async () => {
    expect((await t.call('POST', '/api/agent/queue/pause')).queue.paused).toBe(true);
    const waiting = await create({});
    const loop = loopWith({ agentApiUrl: agent.url });
    const running = loop.run();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agent.countFor(waiting.id)).toBe(0);
    expect((await backend.source.queue()).paused).toBe(true);
    await t.call('POST', '/api/agent/queue/resume');
    await agent.waitFor(waiting.id);
    loop.stop();
    expect((await running).processed).toBe(1);
    expect((await get(waiting.id)).status).toBe('done');
  });

  it('pipeline_run (dry) plans here and ingests through the server', async () => {
    mkdirSync(join(t.dir, 'scenes'), { recursive: true });
    writeFileSync(join(t.dir, 'scenes/a.png'), await makeTestPng({ width: 16, height: 16, color: { r: 90, g: 90, b: 90 } }));
    const dry = await create({ instruction_type: 'pipeline_run', payload_json: { mode: 'dry', input: 'scenes' } });
    await runLoopUntil(loopWith(), statusIs(dry.id, ['done', 'failed']));
    const done = await get(dry.id);
    expect(done).toMatchObject({ status: 'done', agent_response_json: { ok: true, mode: 'dry', jobs: 1 } });
    expect(done.agent_response_json.notes).toContain('character cards are not loaded over HTTP; jobs are planned without them (run the worker with --db for cards)');
    const runs = (await t.call('GET', `/api/projects/${slug}/runs`)).runs;
    expect(runs.map((run: any) => run.id ?? run.run_id)).toContain(done.agent_response_json.run_id);
  });

  it('kroma-worker --once --server-url prints {ok, worker_id, processed}', async () => {
    const one = await create({});
    let stdout = '';
    let stderr = '';
    const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
    const argv = ['--once', '--server-url', t.url, '--worker-id', 'cli-worker', '--agent-api-url', agent.url];
    expect(await runWorker(argv, { io, env: {}, cwd: t.dir })).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ok: true, worker_id: 'cli-worker', processed: 1 });
    expect(stderr).toContain(`cli-worker working on ${t.url}`);
    expect(await get(one.id)).toMatchObject({ status: 'done', locked_by: '' });
  });
});
