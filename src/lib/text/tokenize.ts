/** Words of a text: lowercased, split on anything that is not a letter, digit or an inner - _ . (error codes). */
export function tokenize(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+(?:[-_.'’][\p{L}\p{N}]+)*/gu) ?? [];
  return words.map((w) => w.replace(/['’]/g, ''));
}
