/**
 * Text folded for matching: lower case, accents dropped, punctuation as spaces. Two forms, because Danish (and other
 * Nordic) letters are written two ways by people who cannot type them: "Ålborg" as "Aalborg", "Kalkværksvej" as
 * "Kalkvaerksvej", "Søndergade" as "Soendergade" (the Danish form: æ → ae, ø → oe, å → aa) or as "Sondergade" (the
 * plain form: the letter without its mark). A query matches a text when one of its forms matches one of the text's.
 * Pure.
 */

/** Letters that Unicode does not decompose into a base letter and a mark. */
const DANISH: Readonly<Record<string, string>> = { æ: 'ae', ø: 'oe', å: 'aa', ß: 'ss', œ: 'oe', þ: 'th', ð: 'd', ł: 'l', đ: 'd', ı: 'i' };
const PLAIN: Readonly<Record<string, string>> = { ...DANISH, ø: 'o', å: 'a', œ: 'oe' };

const SPECIAL = /[æøåßœþðłđı]/g;
const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** Printable ASCII: nothing to fold but case and punctuation (most ids and many names). */
const ASCII = /^[\x20-\x7e]*$/;
const NOT_ASCII_WORD = /[^a-z0-9]+/g;

function foldWith(text: string, table: Readonly<Record<string, string>>): string {
  if (ASCII.test(text)) return text.toLowerCase().replace(NOT_ASCII_WORD, ' ').trim();
  return text
    .toLowerCase()
    .replace(SPECIAL, (c) => table[c] ?? c)
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(NOT_WORD, ' ')
    .trim();
}

/** The folded forms of a text: one, or two when the Danish and plain forms differ. Empty text gives []. */
export function foldForms(text: string): readonly string[] {
  const danish = foldWith(text, DANISH);
  if (danish === '') return [];
  const plain = foldWith(text, PLAIN);
  return plain === danish ? [danish] : [danish, plain];
}

/** The Danish form only (for display-independent keys and tests). */
export function fold(text: string): string {
  return foldWith(text, DANISH);
}
