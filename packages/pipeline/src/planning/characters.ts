import { validationError } from '@kroma/contract';

/** A project's character card: the canonical text and reference images every panel with the character carries. */
export interface TCharacterCard {
  name: string;
  description: string;
  prompt_text: string;
  reference_images: string[];
}

/** The cards for `names`, in the order named (a repeated name counts once); an unknown name is an error naming it. */
export function selectCharacters(names: readonly string[], cards: readonly TCharacterCard[]): TCharacterCard[] {
  const byName = new Map(cards.map((card) => [card.name.trim(), card]));
  const selected: TCharacterCard[] = [];
  for (const raw of names) {
    const name = raw.trim();
    const card = byName.get(name);
    if (card === undefined) {
      const known = [...byName.keys()].join(', ') || 'none';
      throw validationError(`unknown character "${name}" (known characters: ${known})`);
    }
    if (!selected.includes(card)) selected.push(card);
  }
  return selected;
}

/** `Character <name>: <description> <prompt_text>`, blank parts left out and the whole trimmed. */
export function characterPromptLine(card: TCharacterCard): string {
  const parts = [card.description.trim(), card.prompt_text.trim()].filter((part) => part !== '');
  return [`Character ${card.name.trim()}:`, ...parts].join(' ').trim();
}
