import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let projectId: string;
const BASE = '/api/projects/agent_test/agent/instructions';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Agent Test')).id;
  await createProject(t, 'Agent Other');
});
afterAll(async () => {
  await t.close();
});

const create = async (body: Record<string, unknown> = { instruction_text: 'Render page 1' }) => {
  const res = await t.api('POST', BASE, { body });
  expect(res.status, res.text).toBe(200);
  return res.body.instruction as Record<string, any> & { id: string };
};
const events = async (id: string) => (await t.api('GET', `${BASE}/${id}/events`)).body.events as Array<Record<string, string>>;
const audits = (code: string) =>
  t.server.store.db.selectFrom('audit_events').selectAll().where('event_code', '=', code).orderBy('created_at').execute();
const rowOf = (id: string) =>
  t.server.store.db.selectFrom('agent_instructions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('creating instructions', () => {
  it('stores a pending instruction, its created event and an audit row', async () => {
    const res = await t.api('POST', BASE, { body: { instruction_text: '  Render page 1  ' } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['audit_id', 'instruction', 'ok']);
    const instruction = res.body.instruction;
    expect(instruction).toMatchObject({
      project_id: projectId,
      instruction_text: 'Render page 1',
      instruction_type: 'agent_instruction',
      payload_json: {},
      status: 'pending',
      confirmed_at: '',
      canceled_at: '',
      priority: 100,
      requires_confirmation: true,
      attempts: 0,
      max_attempts: 3,
      next_attempt_at: '',
      last_error: '',
      locked_by: '',
      locked_at: '',
      started_at: '',
      finished_at: '',
      agent_response_json: {},
    });
    expect(instruction.id).toMatch(UUID_V4);
    expect(instruction.created_at).toMatch(TIMESTAMP);
    expect(instruction.updated_at).toBe(instruction.created_at);

    const evs = await events(instruction.id);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ project_id: projectId, instruction_id: instruction.id, event_type: 'created', message: 'Instruction created' });
    expect(evs[0]?.id).toMatch(UUID_V4);

    const audit = await t.server.store.db.selectFrom('audit_events').selectAll().where('id', '=', res.body.audit_id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ project_id: projectId, actor_user_id: null, event_code: 'agent_instruction.create' });
    expect(JSON.parse(audit.payload_json)).toEqual({ instruction_id: instruction.id, status: 'pending' });

    const row = await rowOf(instruction.id);
    expect(row).toMatchObject({ attempts: 0, max_attempts: 3, next_attempt_at: null, locked_by: null, agent_response_json: null });
  });

  it('accepts the instruction_type + payload_json dialect', async () => {
    const typed = await create({ instruction_type: '  Pipeline_RUN ', payload_json: { objective: '  Ink chapter 2 ', scene: 4 } });
    expect(typed).toMatchObject({
      instruction_text: 'Ink chapter 2',
      instruction_type: 'pipeline_run',
      payload_json: { objective: '  Ink chapter 2 ', scene: 4 },
    });
    const noObjective = await create({ instruction_type: 'QA_Check', payload_json: { objective: '   ', extra: [1] } });
    expect(noObjective).toMatchObject({ instruction_text: 'Execute qa_check', instruction_type: 'qa_check', payload_json: { objective: '   ', extra: [1] } });
    const numericObjective = await create({ instruction_type: 'custom', payload_json: { objective: 42 } });
    expect(numericObjective.instruction_text).toBe('Execute custom');
    const typeOnly = await create({ instruction_type: 'storage_sync' });
    expect(typeOnly).toMatchObject({ instruction_text: 'Execute storage_sync', payload_json: {} });
    const both = await create({ instruction_text: 'Explicit text', instruction_type: 'asset_edit', payload_json: { objective: 'ignored' } });
    expect(both).toMatchObject({ instruction_text: 'Explicit text', instruction_type: 'asset_edit', payload_json: { objective: 'ignored' } });
    const textWithPayload = await create({ instruction_text: 'Text', payload_json: { k: 'v' } });
    expect(textWithPayload).toMatchObject({ instruction_type: 'agent_instruction', payload_json: { k: 'v' } });

    const row = await rowOf(typed.id);
    expect(row.instruction_type).toBe('pipeline_run');
    expect(JSON.parse(row.payload_json)).toEqual({ objective: '  Ink chapter 2 ', scene: 4 });
    expect((await t.api('GET', `${BASE}/${typed.id}`)).body.instruction).toEqual(typed);
  });

  it('needs a text or a type, checked before the project lookup', async () => {
    for (const body of [{}, { instruction_text: '  ' }, { instruction_text: null }, { payload_json: { objective: 'x' } }, { instruction_type: ' ', instruction_text: '' }]) {
      const res = await t.api('POST', '/api/projects/nope/agent/instructions', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ ok: false, error: "Field 'instruction_text' is required" });
    }
    const missing = await t.api('POST', '/api/projects/nope/agent/instructions', { body: { instruction_text: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
    const unknownType = await t.api('POST', '/api/projects/nope/agent/instructions', { body: { instruction_type: 'Render' } });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body).toEqual({ ok: false, error: "Field 'instruction_type' must be one of: pipeline_run, asset_edit, qa_check, storage_sync, custom" });
    const noAttempts = await t.api('POST', '/api/projects/nope/agent/instructions', { body: { instruction_text: 'x', max_attempts: 0 } });
    expect(noAttempts.body).toEqual({ ok: false, error: "Field 'max_attempts' must be at least 1" });
    expect((await t.api('POST', BASE, { body: { payload_json: [1] , instruction_type: 'custom' } })).status).toBe(422);
    expect((await t.api('POST', BASE, { body: { instruction_text: 'x', priority: 1.5 } })).status).toBe(422);
    expect((await t.api('POST', BASE, { body: { instruction_text: 3 } })).status).toBe(422);
  });

  it('queues at once without confirmation, except a paid pipeline run', async () => {
    const queued = await create({ instruction_type: 'asset_edit', payload_json: { objective: 'Fix panel 2' }, requires_confirmation: false, priority: 7, max_attempts: 5 });
    expect(queued).toMatchObject({ status: 'confirmed', requires_confirmation: false, priority: 7, max_attempts: 5 });
    expect(queued.confirmed_at).toMatch(TIMESTAMP);
    expect((await events(queued.id)).map((e) => [e.event_type, e.message])).toEqual([
      ['created', 'Instruction created'],
      ['queued', 'Instruction queued (no confirmation required)'],
    ]);
    const audit = (await audits('agent_instruction.create')).map((a) => JSON.parse(a.payload_json)).find((p) => p.instruction_id === queued.id);
    expect(audit).toEqual({ instruction_id: queued.id, status: 'confirmed' });
    const paid = await create({ instruction_type: 'pipeline_run', payload_json: { mode: 'run' }, requires_confirmation: false });
    expect(paid).toMatchObject({ status: 'pending', requires_confirmation: true });
  });

  it('reads a stored payload that fails to parse as {} and NULL event messages as ""', async () => {
    const instruction = await create();
    await t.server.store.db.updateTable('agent_instructions').set({ payload_json: 'not json' }).where('id', '=', instruction.id).execute();
    await t.server.store.db.updateTable('agent_instruction_events').set({ message: null }).where('instruction_id', '=', instruction.id).execute();
    expect((await t.api('GET', `${BASE}/${instruction.id}`)).body.instruction.payload_json).toEqual({});
    expect((await events(instruction.id))[0]?.message).toBe('');
  });
});

describe('listing and reading', () => {
  it('lists by updated_at DESC, id DESC within the project', async () => {
    const db = t.server.store.db;
    const ids = ['bbbbbbbb-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002', 'bbbbbbbb-0000-4000-8000-000000000003'];
    const stamps = ['2031-01-01T00:00:00Z', '2031-01-02T00:00:00Z', '2031-01-01T00:00:00Z'];
    await db
      .insertInto('agent_instructions')
      .values(ids.map((id, i) => ({ id, project_id: projectId, instruction_text: id, status: 'pending', created_at: stamps[i] as string, updated_at: stamps[i] as string })))
      .execute();
    const elsewhere = await t.api('POST', '/api/projects/agent_other/agent/instructions', { body: { instruction_text: 'not here' } });
    const list = await t.api('GET', BASE);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(list.body.instructions.length);
    expect(list.body.instructions.slice(0, 3).map((i: { id: string }) => i.id)).toEqual([ids[1], ids[2], ids[0]]);
    expect(list.body.instructions.map((i: { id: string }) => i.id)).not.toContain(elsewhere.body.instruction.id);
    expect(list.body.instructions.find((i: { id: string }) => i.id === ids[0])).toMatchObject({ instruction_type: 'agent_instruction', payload_json: {} });
  });

  it('answers Project not found on the collection and Agent instruction not found below it', async () => {
    expect((await t.api('GET', '/api/projects/nope/agent/instructions')).body).toEqual({ ok: false, error: 'Project not found' });
    const instruction = await create();
    const bases = [`${BASE}/missing`, `/api/projects/nope/agent/instructions/${instruction.id}`, `/api/projects/agent_other/agent/instructions/${instruction.id}`];
    const suffixes = [['GET', ''], ['GET', '/events'], ['POST', '/confirm'], ['POST', '/cancel']] as const;
    for (const [method, path] of bases.flatMap((base) => suffixes.map(([m, suffix]) => [m, base + suffix] as const))) {
      const res = await t.api(method, path, { body: method === 'POST' ? {} : undefined });
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Agent instruction not found' });
    }
    expect((await rowOf(instruction.id)).status).toBe('pending');
  });
});

describe('confirm and cancel', () => {
  it('confirms a pending instruction once; re-confirming is an audited no-op', async () => {
    const instruction = await create();
    const res = await t.api('POST', `${BASE}/${instruction.id}/confirm`, { body: {} });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['audit_id', 'instruction', 'ok']);
    const confirmed = res.body.instruction;
    expect(confirmed).toMatchObject({ id: instruction.id, status: 'confirmed', canceled_at: '' });
    expect(confirmed.confirmed_at).toMatch(TIMESTAMP);
    expect(confirmed.updated_at).toBe(confirmed.confirmed_at);
    expect((await events(instruction.id)).map((e) => [e.event_type, e.message])).toEqual([
      ['created', 'Instruction created'],
      ['confirmed', 'Instruction confirmed'],
    ]);

    const again = await t.api('POST', `${BASE}/${instruction.id}/confirm`, { body: { message: 'twice' } });
    expect(again.status).toBe(200);
    expect(again.body.instruction).toEqual(confirmed);
    expect(again.body.audit_id).not.toBe(res.body.audit_id);
    expect(await events(instruction.id)).toHaveLength(2);
    const confirms = (await audits('agent_instruction.confirm')).filter((a) => JSON.parse(a.payload_json).instruction_id === instruction.id);
    const payload = { instruction_id: instruction.id, status: 'confirmed' };
    expect(confirms.map((a) => JSON.parse(a.payload_json))).toEqual([payload, payload]);
    expect(confirms.map((a) => a.id).sort()).toEqual([res.body.audit_id, again.body.audit_id].sort());

    // The original refused this (400 `Instruction is already confirmed`), leaving a queued instruction uncancellable.
    const canceled = await t.api('POST', `${BASE}/${instruction.id}/cancel`, { body: {} });
    expect(canceled.status).toBe(200);
    expect(canceled.body.instruction).toMatchObject({ status: 'canceled', confirmed_at: confirmed.confirmed_at });
    expect((await rowOf(instruction.id)).status).toBe('canceled');
  });

  it('cancels a pending instruction with the given message; re-cancel is a no-op, confirm is refused', async () => {
    const instruction = await create();
    const res = await t.api('POST', `${BASE}/${instruction.id}/cancel`, { body: { message: '  Not needed  ' } });
    expect(res.status).toBe(200);
    expect(res.body.instruction).toMatchObject({ status: 'canceled', confirmed_at: '' });
    expect(res.body.instruction.canceled_at).toMatch(TIMESTAMP);
    const audit = await t.server.store.db.selectFrom('audit_events').selectAll().where('id', '=', res.body.audit_id).executeTakeFirstOrThrow();
    expect(audit.event_code).toBe('agent_instruction.cancel');
    expect(JSON.parse(audit.payload_json)).toEqual({ instruction_id: instruction.id, status: 'canceled' });

    const again = await t.api('POST', `${BASE}/${instruction.id}/cancel`, { body: { message: 'again' } });
    expect(again.status).toBe(200);
    expect(again.body.instruction).toEqual(res.body.instruction);
    expect(typeof again.body.audit_id).toBe('string');
    const confirmAudits = (await audits('agent_instruction.confirm')).length;
    const refused = await t.api('POST', `${BASE}/${instruction.id}/confirm`, { body: { message: 'please' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ ok: false, error: 'Instruction is already canceled' });
    expect((await audits('agent_instruction.confirm')).length).toBe(confirmAudits);
    expect((await events(instruction.id)).map((e) => [e.event_type, e.message])).toEqual([
      ['created', 'Instruction created'],
      ['canceled', 'Not needed'],
    ]);
    const cancels = (await audits('agent_instruction.cancel')).filter((a) => JSON.parse(a.payload_json).instruction_id === instruction.id);
    expect(cancels).toHaveLength(2);
  });

  it('uses the default message for a blank one and needs a JSON body', async () => {
    const instruction = await create();
    expect((await t.api('POST', `${BASE}/${instruction.id}/confirm`, { body: { message: '   ' } })).status).toBe(200);
    expect((await events(instruction.id))[1]).toMatchObject({ event_type: 'confirmed', message: 'Instruction confirmed' });
    const other = await create();
    expect((await t.api('POST', `${BASE}/${other.id}/cancel`, { body: { message: null } })).status).toBe(200);
    expect((await events(other.id))[1]).toMatchObject({ event_type: 'canceled', message: 'Instruction canceled' });
    expect((await t.api('POST', `${BASE}/${other.id}/cancel`, { body: { message: 5 } })).status).toBe(422);
  });

  it('retries a failed instruction on confirm, cancels a running one, and refuses to re-queue running or done ones', async () => {
    const db = t.server.store.db;
    const failed = await create();
    await db
      .updateTable('agent_instructions')
      .set({ status: 'failed', attempts: 3, next_attempt_at: '2030-01-01T00:00:00Z', last_error: 'boom', locked_by: 'worker-1', locked_at: '2030-01-01T00:00:00Z', agent_response_json: '{"a":1}', finished_at: '2030-01-01T00:00:00Z' })
      .where('id', '=', failed.id)
      .execute();
    const requeued = await t.api('POST', `${BASE}/${failed.id}/confirm`, { body: {} });
    expect(requeued.body.instruction).toMatchObject({ status: 'confirmed', attempts: 0, last_error: '', finished_at: '', agent_response_json: { a: 1 } });
    expect(await rowOf(failed.id)).toMatchObject({ next_attempt_at: null, last_error: null, locked_by: null, locked_at: null, attempts: 0, agent_response_json: '{"a":1}' });

    const running = await create();
    await db
      .updateTable('agent_instructions')
      .set({ status: 'running', confirmed_at: '2030-01-01T00:00:00Z', next_attempt_at: '2030-01-02T00:00:00Z', last_error: 'slow', locked_by: 'worker-2', locked_at: '2030-01-01T00:00:00Z' })
      .where('id', '=', running.id)
      .execute();
    const refusedConfirm = await t.api('POST', `${BASE}/${running.id}/confirm`, { body: {} });
    expect(refusedConfirm.status).toBe(400);
    expect(refusedConfirm.body).toEqual({ ok: false, error: 'Instruction is running' });
    const canceled = await t.api('POST', `${BASE}/${running.id}/cancel`, { body: {} });
    expect(canceled.body.instruction).toMatchObject({ status: 'canceled', confirmed_at: '2030-01-01T00:00:00Z', locked_by: '', locked_at: '' });
    expect(await rowOf(running.id)).toMatchObject({ locked_by: null, locked_at: null, last_error: 'slow', next_attempt_at: '2030-01-02T00:00:00Z' });
    expect((await events(running.id)).map((e) => e.event_type)).toEqual(['created', 'canceled']);

    const done = await create();
    await db.updateTable('agent_instructions').set({ status: 'done' }).where('id', '=', done.id).execute();
    expect((await t.api('POST', `${BASE}/${done.id}/confirm`, { body: {} })).body).toEqual({ ok: false, error: 'Instruction is done' });
    expect((await t.api('POST', `${BASE}/${done.id}/cancel`, { body: {} })).body).toEqual({ ok: false, error: 'Instruction is already done' });
    await db.updateTable('agent_instructions').set({ status: 'failed' }).where('id', '=', done.id).execute();
    expect((await t.api('POST', `${BASE}/${done.id}/cancel`, { body: {} })).body).toEqual({ ok: false, error: 'Instruction is already failed' });
    expect((await events(done.id)).map((e) => e.event_type)).toEqual(['created']);
  });

  it('lists events in insertion order and echoes the path id', async () => {
    const instruction = await create();
    await t.api('POST', `${BASE}/${instruction.id}/confirm`, { body: { message: 'go' } });
    await t.api('POST', `${BASE}/${instruction.id}/cancel`, { body: { message: 'stop' } });
    const res = await t.api('GET', `${BASE}/${instruction.id}/events`);
    expect(res.body).toMatchObject({ ok: true, instruction_id: instruction.id, count: 3 });
    expect(res.body.events.map((e: Record<string, string>) => [e.event_type, e.message])).toEqual([
      ['created', 'Instruction created'],
      ['confirmed', 'go'],
      ['canceled', 'stop'],
    ]);
    const seqs = await t.server.store.db.selectFrom('agent_instruction_events').select('seq').where('instruction_id', '=', instruction.id).execute();
    expect(seqs.map((r) => r.seq).sort()).toEqual([1, 2, 3]);
  });
});
