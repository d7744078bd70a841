import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { createImageEditorFromEnv } from '@kroma/adapters';
import { DEFAULT_CALL_TIMEOUT_MS, resolveContainedPath, writeFileAtomic, type TConfigRoots } from '@kroma/pipeline';
import { resolveProjectContext, shownPath } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { addProjectOptions, parseNonNegativeNumber } from '../options.js';
import { printJson, printLine, UsageError } from '../output.js';

interface TGenerateOneFlags {
  project?: string;
  projectRoot?: string;
  json?: boolean;
  prompt: string;
  inputImagesFile: string;
  output: string;
  model?: string;
  size?: string;
  quality?: string;
  timeout: number;
}

/** The `--input-images-file` JSON: a non-empty array of paths (relative → app root), each inside the roots. */
async function readInputImages(file: string, roots: TConfigRoots): Promise<string[]> {
  const path = await resolveContainedPath(file, roots, '--input-images-file');
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--input-images-file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    throw new UsageError(`--input-images-file ${file} must hold a non-empty JSON array of paths`);
  }
  const images: string[] = [];
  for (const image of value as string[]) images.push(await resolveContainedPath(image, roots, 'input image'));
  return images;
}

/** `kroma generate-one`: one OpenAI image edit written to one file. */
export function registerGenerateOne(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('generate-one')
    .description('one OpenAI image edit call -> one file (needs OPENAI_API_KEY)')
    .requiredOption('--prompt <text>', 'the edit prompt')
    .requiredOption('--input-images-file <path>', 'JSON array of input image paths (scene first)')
    .requiredOption('--output <file>', 'where to write the PNG (relative → app root)')
    .option('--model <model>', 'image model (env OPENAI_IMAGE_MODEL, else gpt-image-1)')
    .option('--size <size>', 'image size (env OPENAI_IMAGE_SIZE, else 1024x1536)')
    .option('--quality <quality>', 'image quality (env OPENAI_IMAGE_QUALITY, else high)')
    .addOption(new Option('--timeout <s>', 'call timeout in seconds').argParser(parseNonNegativeNumber).default(DEFAULT_CALL_TIMEOUT_MS / 1000));
  addProjectOptions(command).action(async (flags: TGenerateOneFlags) => {
    const cli = deps.environment();
    const project = await resolveProjectContext(cli, flags);
    const roots: TConfigRoots = { appRoot: cli.appRoot, projectRoot: project.projectRoot };
    const images = await readInputImages(flags.inputImagesFile, roots);
    const output = await resolveContainedPath(flags.output, roots, '--output');
    const editor = createImageEditorFromEnv(cli.env);
    if (editor === undefined) throw new UsageError('OPENAI_API_KEY is not set (in the environment or the app root .env)');
    const model = flags.model ?? (cli.env.OPENAI_IMAGE_MODEL?.trim() || 'gpt-image-1');
    const size = flags.size ?? (cli.env.OPENAI_IMAGE_SIZE?.trim() || '1024x1536');
    const quality = flags.quality ?? (cli.env.OPENAI_IMAGE_QUALITY?.trim() || 'high');
    const result = await editor.edit({
      model,
      prompt: flags.prompt,
      images: images.map((path) => ({ path })),
      size,
      quality,
      outputFormat: 'png',
      timeoutMs: flags.timeout * 1000,
    });
    await writeFileAtomic(output, result.image);
    const summary = {
      ok: true,
      project: project.slug,
      output: shownPath(output, cli.appRoot),
      input_images: images.map((path) => shownPath(path, cli.appRoot)),
      model,
      size,
      quality,
      bytes_written: result.image.length,
    };
    if (flags.json === true) printJson(deps.io, summary);
    else printLine(deps.io, `Wrote ${summary.output} (${summary.bytes_written} bytes, ${model} ${size} ${quality})`);
  });
}
