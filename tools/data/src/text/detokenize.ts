/**
 * Brown's tokens back to running text: quotes `` and '' become ", punctuation closes up to the word before it,
 * opening brackets and quotes to the word after. Enough for readable sentences; not a general detokenizer.
 */
const CLOSES_LEFT = new Set([".", ",", ":", ";", "?", "!", ")", "]", "'", "''", "%"]);
const OPENS_RIGHT = new Set(["(", "[", "``", "$"]);

export function detokenize(words: readonly string[]): string {
  let out = "";
  let glueNext = true;
  for (const word of words) {
    const text = word === "``" || word === "''" ? '"' : word;
    const glue = glueNext || CLOSES_LEFT.has(word);
    out += glue ? text : ` ${text}`;
    glueNext = OPENS_RIGHT.has(word);
  }
  return out;
}
