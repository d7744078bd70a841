import type { TStyleGuide, TStyleGuideBody } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { toStyleGuide } from './mappers.js';
import { namedEntityRepository } from './named-entities.js';

const styleGuides = namedEntityRepository({
  table: 'style_guides',
  required: ['name', 'instructions'],
  optional: ['notes'],
  notFound: 'Style guide not found',
  duplicateName: 'Style guide name already exists',
  toWire: toStyleGuide,
});

export const listStyleGuides = (store: KromaStore, slug: string): Promise<TStyleGuide[]> => styleGuides.list(store, slug);

export const createStyleGuide = (store: KromaStore, slug: string, body: TStyleGuideBody): Promise<TStyleGuide> =>
  styleGuides.create(store, slug, body);

export const getStyleGuide = (store: KromaStore, slug: string, id: string): Promise<TStyleGuide> =>
  styleGuides.get(store, slug, id);

export const updateStyleGuide = (store: KromaStore, slug: string, id: string, body: TStyleGuideBody): Promise<TStyleGuide> =>
  styleGuides.update(store, slug, id, body);

/** Returns the deleted id. */
export const deleteStyleGuide = (store: KromaStore, slug: string, id: string): Promise<string> =>
  styleGuides.remove(store, slug, id);
