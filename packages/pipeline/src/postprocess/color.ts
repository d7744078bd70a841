import type { ColorCorrector } from '@kroma/adapters';
import type { TColorProfile } from '@kroma/contract';
import { archiveReplacedTarget } from './replace-target.js';

/** `settings` in the colour records: the settings file as configured, `builtin` when there is none (§1.7). */
export const colorSettingsLabel = (settingsFile: string): string => (settingsFile.trim() === '' ? 'builtin' : settingsFile);

/** A profile by name; an unknown name lists the known ones. */
export function pickColorProfile(profiles: Readonly<Record<string, TColorProfile>>, name: string): TColorProfile {
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (profile === undefined) {
    throw new Error(`unknown colour profile "${name}" (known: ${Object.keys(profiles).sort().join(', ')})`);
  }
  return profile;
}

export interface TColorStep {
  input: string;
  /** Always a `.png`: the corrector writes PNG and keeps the transparency. */
  output: string;
  profile: TColorProfile;
  colorCorrector: ColorCorrector;
  projectRoot: string;
  now: () => Date;
}

/** One file: archive an existing target (§3.6), then apply the profile. */
export async function colorOne(step: TColorStep): Promise<void> {
  await archiveReplacedTarget(step.output, step.projectRoot, step.now());
  await step.colorCorrector.apply({ input: step.input, output: step.output, profile: step.profile });
}
