import { split } from "sentence-splitter";

/** Sentences of a paragraph (sentence-splitter handles Mr., U.S., decimals and quotes). */
export function sentencesOf(paragraph: string): string[] {
  return split(paragraph)
    .filter((node) => node.type === "Sentence")
    .map((node) => node.raw.trim())
    .filter(Boolean);
}

export function wordCount(text: string): number {
  const words = text.trim().split(/\s+/);
  return words[0] === "" ? 0 : words.length;
}

/** Collapses runs of whitespace (line breaks inside paragraphs included) to one space. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Packs consecutive sentences into chunks of at most `maxWords` words; a single longer sentence becomes a chunk of
 * its own, cut at word boundaries, so no text is dropped and every chunk stays short.
 */
export function chunkSentences(sentences: readonly string[], maxWords: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let words = 0;
  const flush = () => {
    if (current.length > 0) chunks.push(current.join(" "));
    current = [];
    words = 0;
  };
  for (const sentence of sentences) {
    const n = wordCount(sentence);
    if (n > maxWords) {
      flush();
      const parts = sentence.split(/\s+/);
      for (let i = 0; i < parts.length; i += maxWords) chunks.push(parts.slice(i, i + maxWords).join(" "));
      continue;
    }
    if (words + n > maxWords) flush();
    current.push(sentence);
    words += n;
  }
  flush();
  return chunks;
}
