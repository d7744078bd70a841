import { kromaContract } from '@kroma/contract';
import { isAppRouteOtherResponse, type AppRoute } from '@ts-rest/core';
import { generateOpenApi } from '@ts-rest/open-api';

export const OPENAPI_PATH = '/openapi.json';

type Json = Record<string, unknown>;

/**
 * @ts-rest/open-api writes the OpenAPI 3.1 form `exclusiveMinimum: <number>` into its 3.0 document; rewrite it
 * to the 3.0 form so standard validators accept the document.
 */
function fixExclusiveBounds(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(fixExclusiveBounds);
  if (!node || typeof node !== 'object') return;
  const obj = node as Json;
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (typeof obj[key] === 'number') {
      obj[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = obj[key];
      obj[key] = true;
    }
  }
  Object.values(obj).forEach(fixExclusiveBounds);
}

const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

/**
 * @ts-rest/open-api leaves a non-JSON success response (`c.otherResponse`, the Server-Sent Events stream) without
 * content; describe it with its content type and a string schema.
 */
function describeOtherResponses(document: Json): void {
  const paths = document.paths as Record<string, Record<string, { responses: Record<string, Json> }>>;
  for (const router of Object.values(kromaContract)) {
    for (const route of Object.values(router as Record<string, AppRoute>)) {
      const success = route.responses[200];
      const operation = paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      if (success === undefined || !isAppRouteOtherResponse(success) || operation === undefined) continue;
      const description = (success.body as { description?: string } | undefined)?.description ?? '';
      operation.responses['200'] = {
        description: description || '200',
        content: { [success.contentType]: { schema: { type: 'string', description } } },
      };
    }
  }
}

export function buildOpenApiDocument(version: string): Json {
  const document = generateOpenApi(
    kromaContract,
    {
      info: {
        title: 'Kroma API',
        version,
        description:
          'Project-first AI image production. Success bodies are flat (`ok: true` plus resource keys, always 200); every error is `{"ok":false,"error":"…"}`.',
      },
      servers: [{ url: 'http://127.0.0.1:8788' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'kroma_… API token' } },
      },
    },
    { setOperationId: true },
  ) as unknown as Json;
  fixExclusiveBounds(document);
  describeOtherResponses(document);
  return document;
}
