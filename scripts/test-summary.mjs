// Prints the closing `N passed, N failed` line CI reads, from vitest's JSON report.
import { readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? '.ci/out/vitest.json';
try {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  console.log(`${report.numPassedTests} passed, ${failed} failed`);
} catch (error) {
  console.log(`0 passed, 1 failed (no vitest report at ${reportPath}: ${error.message})`);
}
