/**
 * Words of a text: lowercased, split on anything that is not a letter, digit or an inner - _ . (error
 * codes). A possessive or "is" ends nothing ("Outlook's" is outlook, "she's" she: read as "outlooks" and
 * "shes" they were words of no article); other contractions are kept whole ("can't" is cant).
 */
export function tokenize(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+(?:[-_.'’][\p{L}\p{N}]+)*/gu) ?? [];
  return words.map((w) => w.replace(/['’]s$/, '').replace(/['’]/g, ''));
}
