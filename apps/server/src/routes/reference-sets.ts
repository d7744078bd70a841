import { kromaContract } from '@kroma/contract';
import {
  createReferenceSet,
  createReferenceSetItem,
  deleteReferenceSet,
  deleteReferenceSetItem,
  getReferenceSet,
  getReferenceSetItem,
  listReferenceSetItems,
  listReferenceSets,
  updateReferenceSet,
  updateReferenceSetItem,
} from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const referenceSetsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.referenceSets, {
    listReferenceSets: async ({ params }) => {
      const sets = await listReferenceSets(store, params.slug);
      return ok({ count: sets.length, reference_sets: sets });
    },
    createReferenceSet: async ({ params, body }) =>
      ok({ reference_set: await createReferenceSet(store, params.slug, body) }),
    getReferenceSet: async ({ params }) =>
      ok({ reference_set: await getReferenceSet(store, params.slug, params.referenceSetId) }),
    updateReferenceSet: async ({ params, body }) =>
      ok({ reference_set: await updateReferenceSet(store, params.slug, params.referenceSetId, body) }),
    deleteReferenceSet: async ({ params }) =>
      ok({ deleted: true as const, id: await deleteReferenceSet(store, params.slug, params.referenceSetId) }),

    // Nested lists echo the set id exactly as given in the path.
    listReferenceSetItems: async ({ params }) => {
      const items = await listReferenceSetItems(store, params.slug, params.referenceSetId);
      return ok({ reference_set_id: params.referenceSetId, count: items.length, items });
    },
    createReferenceSetItem: async ({ params, body }) =>
      ok({ item: await createReferenceSetItem(store, params.slug, params.referenceSetId, body) }),
    getReferenceSetItem: async ({ params }) =>
      ok({ item: await getReferenceSetItem(store, params.slug, params.referenceSetId, params.itemId) }),
    updateReferenceSetItem: async ({ params, body }) =>
      ok({ item: await updateReferenceSetItem(store, params.slug, params.referenceSetId, params.itemId, body) }),
    deleteReferenceSetItem: async ({ params }) =>
      ok({
        deleted: true as const,
        id: await deleteReferenceSetItem(store, params.slug, params.referenceSetId, params.itemId),
      }),
  });
