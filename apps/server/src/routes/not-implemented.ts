import { KromaError } from '@kroma/contract';

/** Temporary: a domain whose slice has not landed yet answers 500 on each of its routes. */
export function notImplementedRoutes<T extends object>(router: T): never {
  const handlers: Record<string, () => Promise<never>> = {};
  for (const name of Object.keys(router)) {
    handlers[name] = async () => {
      throw new KromaError('internal', `Route ${name} is not implemented yet`);
    };
  }
  return handlers as never;
}
