import type { TCharacter, TCharacterBody } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { localImageUri } from '../util/local-image-uri.js';
import { toCharacter } from './mappers.js';
import { namedEntityRepository } from './named-entities.js';
import { requireProject } from './project-lookup.js';

const characters = namedEntityRepository({
  table: 'characters',
  required: ['name'],
  optional: ['description', 'prompt_text'],
  notFound: 'Character not found',
  duplicateName: 'Character name already exists',
  toWire: toCharacter,
});

export const listCharacters = (store: KromaStore, slug: string): Promise<TCharacter[]> => characters.list(store, slug);

export const createCharacter = (store: KromaStore, slug: string, body: TCharacterBody): Promise<TCharacter> =>
  characters.create(store, slug, body);

export const getCharacter = (store: KromaStore, slug: string, id: string): Promise<TCharacter> =>
  characters.get(store, slug, id);

export const updateCharacter = (store: KromaStore, slug: string, id: string, body: TCharacterBody): Promise<TCharacter> =>
  characters.update(store, slug, id, body);

/** Returns the deleted id. */
export const deleteCharacter = (store: KromaStore, slug: string, id: string): Promise<string> =>
  characters.remove(store, slug, id);

/** A character with its reference images: what a pipeline job naming the character carries. */
export interface TCharacterCardRecord {
  name: string;
  description: string;
  prompt_text: string;
  /** Absolute local image paths, in reference item `sort_order`. */
  reference_images: string[];
}

export interface TLoadCharacterCardsOptions {
  /** Relative `content_uri`s resolve against it. */
  projectRoot: string;
  /** Told about each reference item skipped because it is no local image (an http(s) URI, say). */
  warn?: (message: string) => void;
}

/**
 * The project's characters as cards. The database links no images to characters, so by convention a character's
 * reference images are the items of the project's reference set named like the character (case-insensitive),
 * in item `sort_order`, taking each item's `content_uri` that is a local image; items with text only are ignored.
 */
export async function loadCharacterCards(
  store: KromaStore,
  slug: string,
  options: TLoadCharacterCardsOptions,
): Promise<TCharacterCardRecord[]> {
  const list = await listCharacters(store, slug);
  if (list.length === 0) return [];
  const project = await requireProject(store.db, slug);
  const items = await store.db
    .selectFrom('reference_set_items as item')
    .innerJoin('reference_sets as set', 'set.id', 'item.reference_set_id')
    .select(['set.name as set_name', 'item.label', 'item.content_uri'])
    .where('set.project_id', '=', project.id)
    .orderBy('item.sort_order', 'asc')
    .orderBy('item.updated_at', 'desc')
    .orderBy('item.id', 'desc')
    .execute();
  const key = (name: string): string => name.trim().toLowerCase();
  return list.map((character) => {
    const reference_images: string[] = [];
    for (const item of items) {
      if (key(item.set_name) !== key(character.name) || (item.content_uri ?? '').trim() === '') continue;
      const image = localImageUri(item.content_uri ?? '', options.projectRoot);
      if (image.kind === 'path') reference_images.push(image.path);
      else options.warn?.(`character ${character.name}: reference item "${item.label}" (${item.content_uri ?? ''}) skipped: ${image.reason}`);
    }
    return { name: character.name, description: character.description, prompt_text: character.prompt_text, reference_images };
  });
}
