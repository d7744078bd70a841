import { describe, expect, it } from 'vitest';
import { estimateRunCost, formatEstimate, formatRunProtocol, SUMMARY_MARKER } from '../src/index.js';

describe('formatRunProtocol', () => {
  it('prints the four lines and the marker line, each ending with a newline (§1.8)', () => {
    const summary = { run_log_path: 'proj/runs/run_x.json', project_slug: 'demo', project_root: 'proj', jobs: 2, mode: 'run' as const };

    const text = formatRunProtocol(summary);

    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n').slice(0, -1);
    expect(lines.slice(0, 4)).toEqual(['Run log: proj/runs/run_x.json', 'Project: demo', 'Project root: proj', 'Jobs: 2 (run/completed)']);
    expect(lines[4]?.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(JSON.parse((lines[4] ?? '').slice(SUMMARY_MARKER.length))).toEqual(summary);
    expect(formatRunProtocol({ ...summary, mode: 'dry' })).toContain('Jobs: 2 (dry/planned)\n');
  });
});

describe('formatEstimate', () => {
  it('prints the total and how it was priced on two lines', () => {
    const estimate = estimateRunCost({ model: 'gpt-image-1', size: '1024x1024', quality: 'high', jobs: 2, candidates: 2, refineCalls: 0 });

    const lines = formatEstimate(estimate).split('\n');

    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('Estimated cost: $0.79 (4 image calls: 4 generation + 0 refine)');
    expect(lines[1]).toMatch(/^ {2}priced as gpt-image-1 1024x1024 high: \$0\.\d\d per image/);
  });
});
