import { z } from 'zod';

/*
 * Field builders for the pipeline config files. Every issue message is phrased to follow the field's
 * dotted path ("generation.candidates must be an integer >= 1"), so a reader can prefix the path and show it.
 */

export const OBJECT_MESSAGE = 'must be an object';
export const BOOLEAN_MESSAGE = 'must be a boolean';
export const STRING_MESSAGE = 'must be a string';
export const NON_EMPTY_STRING_MESSAGE = 'must be a non-empty string';
export const STRING_LIST_MESSAGE = 'must be an array of non-empty strings';
export const INTEGER_AT_LEAST_ONE_MESSAGE = 'must be an integer >= 1';

const typed = (message: string) => ({ invalid_type_error: message, required_error: message });

export const objectOf = <T extends z.ZodRawShape>(shape: T) => z.object(shape, typed(OBJECT_MESSAGE));

export const strictBoolean = () => z.boolean(typed(BOOLEAN_MESSAGE));

/** Any string, trimmed (blank allowed: an empty `color.settings_file` means "built-in profiles"). */
export const anyText = () => z.string(typed(STRING_MESSAGE)).trim();

export const nonEmptyText = () => z.string(typed(NON_EMPTY_STRING_MESSAGE)).trim().min(1, NON_EMPTY_STRING_MESSAGE);

/** An array of trimmed, non-empty strings; a bad entry is reported at its index (`scene_refs[1]`). */
export const textList = () => z.array(nonEmptyText(), typed(STRING_LIST_MESSAGE));

/**
 * A JSON integer >= `min`. `2.0` in the JSON text is indistinguishable from `2` after `JSON.parse`, so it is
 * accepted (the original rejects it); `2.5` is not.
 */
export const integerAtLeast = (min: number) => {
  const message = `must be an integer >= ${min}`;
  return z.number(typed(message)).int(message).min(min, message);
};

export const integerBetween = (min: number, max: number) => {
  const message = `must be an integer between ${min} and ${max}`;
  return z.number(typed(message)).int(message).min(min, message).max(max, message);
};

export const finiteAtLeastZero = () => {
  const message = 'must be a finite number >= 0';
  return z.number(typed(message)).finite(message).min(0, message);
};

/**
 * One of a closed set, trimmed and lower-cased first; `aliases` map accepted spellings onto a canonical value
 * (`jpeg` → `jpg`).
 */
export const choice = <T extends string>(values: readonly [T, ...T[]], aliases: Readonly<Record<string, T>> = {}) => {
  const message = `must be one of: ${[...values, ...Object.keys(aliases)].join(', ')}`;
  return z
    .string(typed(message))
    .trim()
    .toLowerCase()
    .transform((value) => aliases[value] ?? value)
    .pipe(z.enum(values as [T, ...T[]], { errorMap: () => ({ message }) }));
};
