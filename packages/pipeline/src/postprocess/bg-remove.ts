import type { BackgroundRemover, ImageEditor, TImageUsage } from '@kroma/adapters';
import type { TImageFormat } from '@kroma/contract';
import { NO_REFINE_EDITOR_MESSAGE, refineCutout } from './bg-refine.js';
import type { TRefineSettings } from './bg-refine.js';
import { archiveReplacedTarget, messageOf } from './replace-target.js';

export interface TBackgroundRemovalStep {
  input: string;
  output: string;
  /** Fallback order: the first backend that succeeds wins. */
  backends: readonly string[];
  removers: Readonly<Record<string, BackgroundRemover>>;
  format: TImageFormat;
  size: string;
  crop: boolean;
  refine: { enabled: boolean; required: boolean; editor?: ImageEditor; settings: TRefineSettings };
  projectRoot: string;
  appRoot: string;
  now: () => Date;
}

export interface TBackgroundRemovalOutcome {
  input: string;
  output: string;
  backend: string;
  backendsTried: string[];
  refineApplied: boolean;
  refineError: string | null;
  refineUsage?: TImageUsage;
  /** Paid edit calls made (0 or 1). */
  refineCalls: number;
}

// HTTP removers already name themselves in some messages; the list below names every backend once.
const withoutOwnName = (name: string, message: string): string =>
  message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;

/** Tries each backend in order; all failing → `bg_remove failed: rembg: … | photoroom: …`. */
export async function cutOutWithFallback(step: TBackgroundRemovalStep): Promise<{ backend: string; backendsTried: string[] }> {
  if (step.backends.length === 0) throw new Error('bg_remove failed: no backend configured');
  const tried: string[] = [];
  const failures: string[] = [];
  for (const name of step.backends) {
    tried.push(name);
    const remover = step.removers[name];
    if (remover === undefined) {
      failures.push(`${name}: backend not available`);
      continue;
    }
    try {
      await remover.remove({ input: step.input, output: step.output, format: step.format, size: step.size, crop: step.crop });
      return { backend: name, backendsTried: tried };
    } catch (error) {
      failures.push(`${name}: ${withoutOwnName(name, messageOf(error))}`);
    }
  }
  throw new Error(`bg_remove failed: ${failures.join(' | ')}`);
}

/** One file through §7.2: archive an existing target, cut out with fallback, then the optional OpenAI refine. */
export async function removeBackground(step: TBackgroundRemovalStep): Promise<TBackgroundRemovalOutcome> {
  await archiveReplacedTarget(step.output, step.projectRoot, step.now());
  const { backend, backendsTried } = await cutOutWithFallback(step);
  const outcome: TBackgroundRemovalOutcome = {
    input: step.input,
    output: step.output,
    backend,
    backendsTried,
    refineApplied: false,
    refineError: null,
    refineCalls: 0,
  };
  const { refine } = step;
  if (!refine.enabled) return outcome;
  if (refine.editor === undefined) {
    if (refine.required) throw new Error(NO_REFINE_EDITOR_MESSAGE);
    return { ...outcome, refineError: NO_REFINE_EDITOR_MESSAGE };
  }
  const refined = await refineCutout({
    cutout: step.output,
    format: step.format,
    editor: refine.editor,
    settings: refine.settings,
    required: refine.required,
    projectRoot: step.projectRoot,
    appRoot: step.appRoot,
    now: step.now(),
  });
  return {
    ...outcome,
    refineApplied: refined.applied,
    refineError: refined.error,
    refineCalls: 1,
    ...(refined.usage && { refineUsage: refined.usage }),
  };
}
