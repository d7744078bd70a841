import { kromaContract } from '@kroma/contract';
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
  return document;
}
