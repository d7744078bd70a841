import { DEFAULT_POSTPROCESS_CONFIG, type TPostprocessConfig, type TRunLog } from '@kroma/contract';
import { plansPostprocess, resolvePipelineSettings, type TConfigRoots } from '@kroma/pipeline';

/**
 * The post-process config the settings layers choose today, for resuming or regenerating a run whose log plans a
 * pass (the CLI's `--resume` resolves it the same way); the built-in default otherwise.
 */
export async function postprocessConfigFor(log: TRunLog, roots: TConfigRoots): Promise<TPostprocessConfig> {
  if (!plansPostprocess(log)) return structuredClone(DEFAULT_POSTPROCESS_CONFIG) as TPostprocessConfig;
  return (await resolvePipelineSettings(roots)).postprocessConfig;
}
