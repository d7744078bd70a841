import type { TCharacter, TCharacterBody } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { toCharacter } from './mappers.js';
import { namedEntityRepository } from './named-entities.js';

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
