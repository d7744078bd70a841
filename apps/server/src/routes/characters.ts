import { kromaContract } from '@kroma/contract';
import { createCharacter, deleteCharacter, getCharacter, listCharacters, updateCharacter } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const charactersRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.characters, {
    listCharacters: async ({ params }) => {
      const characters = await listCharacters(store, params.slug);
      return ok({ count: characters.length, characters });
    },
    createCharacter: async ({ params, body }) => ok({ character: await createCharacter(store, params.slug, body) }),
    getCharacter: async ({ params }) => ok({ character: await getCharacter(store, params.slug, params.characterId) }),
    updateCharacter: async ({ params, body }) =>
      ok({ character: await updateCharacter(store, params.slug, params.characterId, body) }),
    deleteCharacter: async ({ params }) =>
      ok({ deleted: true as const, id: await deleteCharacter(store, params.slug, params.characterId) }),
  });
