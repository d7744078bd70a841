import { KromaError } from '@kroma/contract';

/*
 * The three error families of config validation, each a 400 whose message starts with the original's prefix
 * so a caller can tell which file is at fault.
 */

export const SETTINGS_ERROR_PREFIX = 'settings layer validation failed';
export const MANIFEST_ERROR_PREFIX = 'planning manifest validation failed';
export const POSTPROCESS_ERROR_PREFIX = 'postprocess config validation failed';

export const settingsLayerError = (detail: string): KromaError =>
  new KromaError('validation', `${SETTINGS_ERROR_PREFIX}: ${detail}`);

export const manifestError = (path: string, detail: string): KromaError =>
  new KromaError('validation', `${MANIFEST_ERROR_PREFIX} (${path}): ${detail}`);

export const postprocessError = (path: string, detail: string): KromaError =>
  new KromaError('validation', `${POSTPROCESS_ERROR_PREFIX} (${path}): ${detail}`);

/** A file-level problem (unreadable, unparsable); the loader that caught it adds the prefix. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}
