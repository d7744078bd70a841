import { resolve } from 'node:path';
import type { TPostprocessConfig } from '@kroma/contract';
import { resolvePipelineSettings, type TConfigRoots, type TSettingsOverrides } from '@kroma/pipeline';
import { resolveProjectContext, type TCliEnvironment, type TProjectContext } from './context.js';

/** Flags every single-pass verb (`upscale`, `color`, `bgremove`) takes. */
export interface TPassFlags extends TSettingsOverrides {
  project?: string;
  projectRoot?: string;
  json?: boolean;
  input?: string;
  output?: string;
}

export interface TPassContext {
  project: TProjectContext;
  roots: TConfigRoots;
  config: TPostprocessConfig;
  /** Absolute; `--input` relative → app root, default `<project root>/outputs`. */
  input: string;
  /** Absolute; `--output` relative → app root, default `<project root>/<defaultOutputDir>`. */
  output: string;
}

export async function resolvePassContext(cli: TCliEnvironment, flags: TPassFlags, defaultOutputDir: string): Promise<TPassContext> {
  const project = await resolveProjectContext(cli, flags);
  const roots: TConfigRoots = { appRoot: cli.appRoot, projectRoot: project.projectRoot };
  const { postprocessConfig } = await resolvePipelineSettings(roots, flags);
  return {
    project,
    roots,
    config: postprocessConfig,
    input: flags.input === undefined ? resolve(project.projectRoot, 'outputs') : resolve(cli.appRoot, flags.input),
    output: flags.output === undefined ? resolve(project.projectRoot, defaultOutputDir) : resolve(cli.appRoot, flags.output),
  };
}
