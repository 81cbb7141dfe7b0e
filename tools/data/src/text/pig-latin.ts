/**
 * The "Pig Latin" language game, word by word: a word that starts with a vowel gets "way" (apple → appleway); any
 * other word moves its leading consonants, with "qu" as one consonant and "y" a vowel after the first letter, to
 * the end and adds "ay" (string → ingstray, quiet → ietquay, rhythm → ythmrhay). Case follows the word's shape
 * (The → Ethay, NATO → ATONAY); digits, punctuation and spacing are left as they are. Written here because the rule
 * is a few lines and the npm packages for it are unmaintained one-offs.
 */
const WORD = /[A-Za-z]+(?:'[A-Za-z]+)*/g;
const VOWEL = /[aeiou]/;

function onset(lower: string): number {
  if (VOWEL.test(lower[0])) return 0;
  let i = 0;
  while (i < lower.length) {
    const ch = lower[i];
    if (ch === "q" && lower[i + 1] === "u") {
      i += 2;
      continue;
    }
    if (VOWEL.test(ch) || (ch === "y" && i > 0)) break;
    i++;
  }
  return i;
}

function translateWord(word: string): string {
  const lower = word.toLowerCase();
  const cut = onset(lower);
  const game = cut === 0 ? `${lower}way` : `${lower.slice(cut)}${lower.slice(0, cut)}ay`;
  if (word.length > 1 && word === word.toUpperCase()) return game.toUpperCase();
  if (word[0] === word[0].toUpperCase()) return game[0].toUpperCase() + game.slice(1);
  return game;
}

export function pigLatin(text: string): string {
  return text.replace(WORD, translateWord);
}
