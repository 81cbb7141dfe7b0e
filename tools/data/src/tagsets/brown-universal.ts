/**
 * Brown corpus tags → the 12 tags of the universal tagset (Petrov, Das & McDonald 2012, "A Universal
 * Part-of-Speech Tagset"). This table is the whole mapping; tools/data/README.md explains each choice.
 *
 * Brown writes modifiers around its ~80 base tags: `-tl` (in a title), `-hl` (in a headline), `-nc` (cited word),
 * `fw-` (foreign word), `*` (negated: `md*` = can't), `$` (possessive: `nn$`) and `+` (contractions: `ppss+md` =
 * I'll). `universalTag` removes them in that order and looks the base tag up here.
 */
export const UNIVERSAL_TAGS = [
  "NOUN",
  "VERB",
  "ADJ",
  "ADV",
  "PRON",
  "DET",
  "ADP",
  "NUM",
  "CONJ",
  "PRT",
  "X",
  ".",
] as const;
export type UniversalTag = (typeof UNIVERSAL_TAGS)[number];

const BASE: Record<string, UniversalTag> = {
  // punctuation, quotes and brackets
  ".": ".",
  ",": ".",
  ":": ".",
  "(": ".",
  ")": ".",
  "--": ".",
  "``": ".",
  "''": ".",
  "'": ".",
  // determiners, articles, pre-/post-quantifiers, existential "there", wh-determiners
  abl: "DET",
  abn: "DET",
  abx: "DET",
  ap: "DET",
  at: "DET",
  dt: "DET",
  dti: "DET",
  dts: "DET",
  dtx: "DET",
  ex: "DET",
  wdt: "DET",
  // every verb form: lexical, be, do, have, modals
  vb: "VERB",
  vbd: "VERB",
  vbg: "VERB",
  vbn: "VERB",
  vbz: "VERB",
  be: "VERB",
  bed: "VERB",
  bedz: "VERB",
  beg: "VERB",
  bem: "VERB",
  ben: "VERB",
  ber: "VERB",
  bez: "VERB",
  do: "VERB",
  dod: "VERB",
  doz: "VERB",
  hv: "VERB",
  hvd: "VERB",
  hvg: "VERB",
  hvn: "VERB",
  hvz: "VERB",
  md: "VERB",
  // nouns: common, proper, adverbial (home, Sunday)
  nn: "NOUN",
  nns: "NOUN",
  np: "NOUN",
  nps: "NOUN",
  nr: "NOUN",
  nrs: "NOUN",
  // pronouns: nominal (everybody), personal, possessive, reflexive, wh-pronouns
  pn: "PRON",
  pp$: "PRON",
  pp$$: "PRON",
  ppl: "PRON",
  ppls: "PRON",
  ppo: "PRON",
  pps: "PRON",
  ppss: "PRON",
  wp$: "PRON",
  wpo: "PRON",
  wps: "PRON",
  // adjectives; ordinals (first, 2nd) too, since the universal NUM is for cardinal numbers
  jj: "ADJ",
  jjr: "ADJ",
  jjs: "ADJ",
  jjt: "ADJ",
  od: "ADJ",
  // adverbs, qualifiers (very, enough), wh-adverbs, and the negator not / n't (`*`)
  rb: "ADV",
  rbr: "ADV",
  rbt: "ADV",
  rn: "ADV",
  ql: "ADV",
  qlp: "ADV",
  wql: "ADV",
  wrb: "ADV",
  "*": "ADV",
  // prepositions and subordinating conjunctions (the Penn Treebank's IN, which the universal tagset calls ADP)
  in: "ADP",
  cs: "ADP",
  cc: "CONJ",
  cd: "NUM",
  // particles: infinitival "to", verb particles (up, out)
  to: "PRT",
  rp: "PRT",
  // interjections and untagged words
  uh: "X",
  nil: "X",
};

const memo = new Map<string, UniversalTag>();

/** The universal tag of one Brown tag (lowercase, as the corpus writes it); throws on a tag it does not know. */
export function universalTag(brownTag: string): UniversalTag {
  let tag = memo.get(brownTag);
  if (!tag) {
    tag = mapTag(brownTag);
    memo.set(brownTag, tag);
  }
  return tag;
}

function mapTag(brownTag: string): UniversalTag {
  let tag = brownTag.toLowerCase();
  if (tag.startsWith("fw-")) return "X";
  tag = tag.replace(/-(tl|hl|nc)\b/g, "");
  // a contraction takes the tag of its first part: I'll (ppss+md) → PRON
  if (tag.length > 1) tag = tag.split("+")[0];
  // a negated form keeps its part of speech: can't (md*) → VERB
  if (tag.length > 1 && tag.endsWith("*")) tag = tag.slice(0, -1);
  const direct = BASE[tag];
  if (direct) return direct;
  if (tag.endsWith("$") && BASE[tag.slice(0, -1)]) return BASE[tag.slice(0, -1)];
  throw new Error(
    `brown-pos: Brown tag "${brownTag}" has no universal tag (tools/data/src/tagsets/brown-universal.ts)`,
  );
}
