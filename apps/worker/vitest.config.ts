import { defineProject } from 'vitest/config';

// Workspace packages resolve to their sources in tests (the `@kroma/source` export condition).
export default defineProject({
  resolve: { conditions: ['@kroma/source'] },
  ssr: { resolve: { conditions: ['@kroma/source'] } },
  test: { name: 'worker', include: ['test/**/*.test.ts'] },
});
