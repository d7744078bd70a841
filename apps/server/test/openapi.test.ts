import SwaggerParser from '@apidevtools/swagger-parser';
import { listContractRoutes } from '@kroma/contract';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let document: OpenAPIV3.Document;
beforeAll(async () => {
  t = await startTestServer();
  document = (await t.api('GET', '/openapi.json')).body;
});
afterAll(async () => t.close());

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

function operations(doc: OpenAPIV3.Document): Array<{ method: string; path: string; op: OpenAPIV3.OperationObject }> {
  const out: Array<{ method: string; path: string; op: OpenAPIV3.OperationObject }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (op) out.push({ method: method.toUpperCase(), path, op });
    }
  }
  return out;
}

/** Routes declared with `c.noBody()`: the server ignores whatever is sent. */
const NO_BODY_PATHS = [/\/runs\/\{runId\}\/cancel$/, /^\/api\/agent\/queue\/(pause|resume)$/];

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('describes exactly the contract routes (90 operations)', () => {
    const documented = operations(document).map((o) => `${o.method} ${o.path}`).sort();
    const contract = listContractRoutes()
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
      .sort();
    expect(documented).toEqual(contract);
    expect(documented).toHaveLength(90);
  });

  it('gives every body and every success response a real schema (no silent `{}`)', () => {
    for (const { method, path, op } of operations(document)) {
      const content = (op.responses['200'] as OpenAPIV3.ResponseObject).content ?? {};
      if (path.endsWith('/runs/{runId}/events')) {
        // The run event stream: Server-Sent Events, text.
        expect(Object.keys(content), `${method} ${path} 200`).toEqual(['text/event-stream']);
        expect((content['text/event-stream']?.schema as OpenAPIV3.SchemaObject).type).toBe('string');
        continue;
      }
      const success = content['application/json']?.schema as OpenAPIV3.SchemaObject;
      expect(Object.keys(success?.properties ?? {}), `${method} ${path} 200`).toContain('ok');
      const body = (op.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content?.['application/json']?.schema as
        | OpenAPIV3.SchemaObject
        | undefined;
      if (NO_BODY_PATHS.some((pattern) => pattern.test(path))) {
        // Declared without a body: the server ignores whatever is sent.
        expect(op.requestBody, `${method} ${path} body`).toBeUndefined();
      } else if (method === 'POST' || method === 'PUT') {
        expect(body?.type, `${method} ${path} body`).toBe('object');
      }
      const error = (op.responses['404'] as OpenAPIV3.ResponseObject).content?.['application/json']?.schema as OpenAPIV3.SchemaObject;
      expect(Object.keys(error?.properties ?? {}), `${method} ${path} 404`).toEqual(['ok', 'error']);
    }
  });

  it('matches what the server really answers: every documented operation is routed', async () => {
    for (const { method, path } of operations(document)) {
      const concrete = path.replace(/\{[A-Za-z]+\}/g, 'probe');
      const res = await t.api(method, concrete, method === 'POST' || method === 'PUT' ? { body: {} } : {});
      expect([404, 405].includes(res.status) && /^(No route|Method)/.test(res.body?.error ?? ''), `${method} ${path}: ${res.text}`).toBe(false);
    }
  });

  it('and an undocumented path is not routed', async () => {
    const res = await t.api('GET', '/api/projects/probe/not-a-route');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('No route for GET /api/projects/probe/not-a-route');
  });
});
