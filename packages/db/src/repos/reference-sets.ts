import type { TReferenceSet, TReferenceSetBody } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { toReferenceSet } from './mappers.js';
import { namedEntityRepository } from './named-entities.js';

export const REFERENCE_SET_NOT_FOUND = 'Reference set not found';

const referenceSets = namedEntityRepository({
  table: 'reference_sets',
  required: ['name'],
  optional: ['description'],
  notFound: REFERENCE_SET_NOT_FOUND,
  duplicateName: 'Reference set name already exists',
  toWire: toReferenceSet,
});

export const listReferenceSets = (store: KromaStore, slug: string): Promise<TReferenceSet[]> =>
  referenceSets.list(store, slug);

export const createReferenceSet = (store: KromaStore, slug: string, body: TReferenceSetBody): Promise<TReferenceSet> =>
  referenceSets.create(store, slug, body);

export const getReferenceSet = (store: KromaStore, slug: string, id: string): Promise<TReferenceSet> =>
  referenceSets.get(store, slug, id);

export const updateReferenceSet = (
  store: KromaStore,
  slug: string,
  id: string,
  body: TReferenceSetBody,
): Promise<TReferenceSet> => referenceSets.update(store, slug, id, body);

/** Returns the deleted id; the set's items are deleted with it (FK cascade; the original left them orphaned). */
export const deleteReferenceSet = (store: KromaStore, slug: string, id: string): Promise<string> =>
  referenceSets.remove(store, slug, id);
