import { InvalidArgumentError, Option, type Command } from 'commander';
import { BG_REMOVE_BACKENDS, UPSCALE_BACKENDS, type TBgRemoveBackend } from '@kroma/contract';
import { STAGES, TIMES_OF_DAY, WEATHERS } from '@kroma/pipeline';

/*
 * Flag parsers and the option groups several verbs share. A bad value is a commander InvalidArgumentError, so it
 * ends as a usage error (exit 2) naming the flag.
 */

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

/** Boolean-value flags (§1.1.5): present without a value → true; `1|true|yes|on` / `0|false|no|off`, any case. */
export function parseBool(value: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new InvalidArgumentError('expected true/false (1|true|yes|on or 0|false|no|off).');
}

export function parsePositiveInt(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected an integer >= 1.');
  }
  return number;
}

export function parseNonNegativeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError('expected a number >= 0.');
  return number;
}

/** CSV flags (§1.1.6): split on `,`, trimmed, empties dropped. */
export const parseCsv = (value: string): string[] =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

export function parseBgRemoveBackends(value: string): TBgRemoveBackend[] {
  const backends = parseCsv(value).map((part) => part.toLowerCase());
  const unknown = backends.find((backend) => !(BG_REMOVE_BACKENDS as readonly string[]).includes(backend));
  if (unknown !== undefined) throw new InvalidArgumentError(`unknown backend "${unknown}" (allowed: ${BG_REMOVE_BACKENDS.join(', ')}).`);
  return backends as TBgRemoveBackend[];
}

const boolOption = (flags: string, description: string): Option =>
  new Option(`${flags} [bool]`, description).argParser(parseBool);

/** `--project`, `--project-root`, `--json`: every project verb. */
export function addProjectOptions(command: Command): Command {
  return command
    .option('--project <slug>', 'project slug (env KROMA_PROJECT, then IMAGE_LAB_PROJECT)')
    .option('--project-root <dir>', "project folder (relative → app root); default: the project's storage root in the database")
    .option('--json', 'print one JSON object instead of text');
}

/** Output guard switches (§1.4); unset → the manifest's `output_guard`. */
export function addGuardOptions(command: Command): Command {
  return command
    .addOption(boolOption('--output-guard-enabled', 'run the output guard (default true)'))
    .addOption(boolOption('--enforce-grayscale', 'hard-fail images that are not grayscale-like (manifest default false)'))
    .addOption(boolOption('--fail-on-chroma-exceed', 'make the chroma warning a hard failure (manifest default false)'))
    .addOption(new Option('--max-chroma-delta <n>', 'chroma threshold (manifest default 2)').argParser(parseNonNegativeNumber));
}

/** The settings-layer and config-file flags (§2.5). */
export function addSettingsOptions(command: Command): Command {
  return command
    .option('--app-settings <path>', 'app settings layer (relative → app root); default settings/pipeline.settings.{toml,json}')
    .option('--project-settings <path>', 'project settings layer (relative → project root); default .kroma/pipeline.settings.json')
    .option('--manifest <path>', 'planning manifest (relative → app root); default: the settings layers, else built in')
    .option('--postprocess-config <path>', 'post-process config (relative → app root); default: the settings layers, else built in');
}

/** Post-process switches of `dry`/`run` (§1.4): unset → the settings layers, then the post-process config. */
export function addPostOptions(command: Command): Command {
  return command
    .option('--post-bg-remove', 'remove backgrounds of each winner')
    .option('--post-upscale', 'upscale each winner')
    .option('--post-color', 'colour-correct each winner')
    .option('--post-color-profile <name>', 'colour profile (post-process config default: neutral)')
    .addOption(new Option('--upscale-backend <backend>', 'upscaler').choices(UPSCALE_BACKENDS))
    .addOption(new Option('--bg-remove-backends <csv>', 'background-removal backends in fallback order').argParser(parseBgRemoveBackends))
    .addOption(boolOption('--bg-refine-openai', 'OpenAI edge refine after background removal (config default true)'))
    .addOption(boolOption('--bg-refine-openai-required', 'fail when the refine fails (config default true)'));
}

/** Planning flags shared by `dry` and `run` (§1.4). */
export function addPlanOptions(command: Command): Command {
  return command
    .addOption(new Option('--stage <stage>', 'prompt stage').choices(STAGES).default('style'))
    .addOption(new Option('--time <time>', 'time of day').choices(TIMES_OF_DAY).default('day'))
    .addOption(new Option('--weather <weather>', 'weather').choices(WEATHERS).default('clear'))
    .option('--input <path>', 'scene image or folder of scenes (recursive); excludes --scene-refs')
    .addOption(new Option('--scene-refs <csv>', 'scene paths (default: manifest scene_refs)').argParser(parseCsv))
    .addOption(new Option('--style-refs <csv>', 'style anchor paths (default: manifest style_refs)').argParser(parseCsv))
    .option('--jobs-file <path>', 'JSON array of explicit jobs; replaces manifest job expansion')
    .addOption(new Option('--candidates <n>', 'candidates per job (manifest default 1)').argParser(parsePositiveInt))
    .addOption(new Option('--max-candidates <n>', 'cap on candidates (manifest default 6)').argParser(parsePositiveInt))
    .option('--allow-many-candidates', 'allow candidates above --max-candidates')
    .addOption(new Option('--safe-batch-limit <n>', 'max jobs per run (manifest default 20)').argParser(parsePositiveInt))
    .option('--allow-large-batch', 'allow more jobs than the safe batch limit')
    .addOption(new Option('--characters <csv>', "characters (from the project's database) in every job").argParser(parseCsv))
    .addOption(boolOption('--default-no-invention', 'append the no-invention sentence (manifest default true)'))
    .option('--style-base-prompt <text>', 'override prompts.style_base')
    .option('--time-day-prompt <text>', 'override prompts.time_day')
    .option('--time-night-prompt <text>', 'override prompts.time_night')
    .option('--weather-clear-prompt <text>', 'override prompts.weather_clear')
    .option('--weather-rain-prompt <text>', 'override prompts.weather_rain')
    .option('--model <model>', 'image model (env OPENAI_IMAGE_MODEL, else gpt-image-1)')
    .option('--size <size>', 'image size (env OPENAI_IMAGE_SIZE, else 1024x1536)')
    .option('--quality <quality>', 'image quality (env OPENAI_IMAGE_QUALITY, else high)');
}

/** Where an ingest goes: a running server, else the database file directly. */
export function addIngestTargetOptions(command: Command): Command {
  return command
    .option('--server <url>', 'post to this Kroma server instead of writing the database (env KROMA_SERVER_URL)')
    .option('--token <token>', 'bearer token for --server when it enforces tokens (env KROMA_API_TOKEN)');
}
