/** One sentence's tags, by name, for the words that were scored. */
export type TagSequence = readonly string[];

/** accuracy, and precision / recall / f1 first when the tags are chunks (the keys of run_ner's results). */
export type TaggingMetrics = Record<string, number>;

const IOB_TAG = /^[BIES]-./;

/**
 * Whether a label set is a chunking scheme (IOB1/IOB2/IOBES: "O" and prefixed tags such as "B-PER"), so entity
 * precision/recall/f1 mean something. POS tags ("NOUN", "VERB") are not: seqeval would read their first letter as
 * a chunk prefix.
 */
export function isChunkTagSet(names: readonly string[]): boolean {
  return (
    names.some((name) => IOB_TAG.test(name)) && names.every((name) => name === "O" || IOB_TAG.test(name))
  );
}

/**
 * run_ner's metrics: seqeval's overall precision/recall/f1 over entities (default, non-strict mode) when the tags are
 * chunks, and token accuracy always, in seqeval's key order. Zero divisions score 0, as seqeval's default.
 */
export function scoreTagging(
  gold: readonly TagSequence[],
  predicted: readonly TagSequence[],
  chunks: boolean,
): TaggingMetrics {
  if (gold.length !== predicted.length) {
    throw new Error(`scoreTagging: ${gold.length} gold sentences but ${predicted.length} predicted`);
  }
  let correct = 0;
  let total = 0;
  gold.forEach((tags, i) => {
    if (tags.length !== predicted[i].length) {
      throw new Error(
        `scoreTagging: sentence ${i} has ${tags.length} gold tags but ${predicted[i].length} predicted`,
      );
    }
    tags.forEach((tag, j) => {
      total++;
      if (predicted[i][j] === tag) correct++;
    });
  });
  const accuracy = ratio(correct, total);
  if (!chunks) return { accuracy };
  const goldEntities = new Set(gold.flatMap((tags, i) => entitiesOf(tags).map((e) => `${i}:${e}`)));
  const predictedEntities = predicted.flatMap((tags, i) => entitiesOf(tags).map((e) => `${i}:${e}`));
  const hits = predictedEntities.filter((entity) => goldEntities.has(entity)).length;
  const precision = ratio(hits, predictedEntities.length);
  const recall = ratio(hits, goldEntities.size);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, accuracy };
}

/**
 * seqeval's get_entities: each chunk as "type:first:last". A chunk ends where the prefix or the type changes as
 * seqeval's end_of_chunk / start_of_chunk rules say (an I- after O or after another type starts a chunk, as IOB1).
 */
export function entitiesOf(tags: TagSequence): string[] {
  const entities: string[] = [];
  let previousPrefix = "O";
  let previousType = "";
  let begin = 0;
  [...tags, "O"].forEach((tag, i) => {
    const prefix = tag[0] ?? "O";
    const type = chunkType(tag);
    if (endsChunk(previousPrefix, prefix, previousType, type))
      entities.push(`${previousType}:${begin}:${i - 1}`);
    if (startsChunk(previousPrefix, prefix, previousType, type)) begin = i;
    previousPrefix = prefix;
    previousType = type;
  });
  return entities;
}

/** seqeval's `chunk[1:].split("-", maxsplit=1)[-1] or "_"`: "B-PER" → "PER", "O" → "_". */
function chunkType(tag: string): string {
  const rest = tag.slice(1);
  const dash = rest.indexOf("-");
  return (dash < 0 ? rest : rest.slice(dash + 1)) || "_";
}

function endsChunk(previous: string, prefix: string, previousType: string, type: string): boolean {
  if (previous === "E" || previous === "S") return true;
  if ((previous === "B" || previous === "I") && (prefix === "B" || prefix === "S" || prefix === "O"))
    return true;
  return previous !== "O" && previous !== "." && previousType !== type;
}

function startsChunk(previous: string, prefix: string, previousType: string, type: string): boolean {
  if (prefix === "B" || prefix === "S") return true;
  if ((previous === "E" || previous === "S" || previous === "O") && (prefix === "E" || prefix === "I"))
    return true;
  return prefix !== "O" && prefix !== "." && previousType !== type;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
