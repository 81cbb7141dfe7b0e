import type { DatasetBuilder, Row } from "../core/types.js";
import brownPos from "./brown-pos.js";
import mnist from "./mnist.js";
import mobyDick from "./moby-dick.js";
import mobySwag from "./moby-swag.js";
import sentiment from "./sentiment.js";
import sotu from "./sotu.js";
import summarization from "./summarization.js";
import translation from "./translation.js";
import wordnetQa from "./wordnet-qa.js";

/** Every dataset the command writes, in the order of the HF example scripts they feed. */
export const DATASETS: readonly DatasetBuilder<Row>[] = [
  sentiment,
  mobyDick,
  sotu,
  brownPos,
  wordnetQa,
  mobySwag,
  summarization,
  translation,
  mnist,
] as unknown as DatasetBuilder<Row>[];

export function datasetNamed(name: string): DatasetBuilder<Row> {
  const found = DATASETS.find((d) => d.name === name);
  if (!found) throw new Error(`unknown dataset "${name}"; one of: ${DATASETS.map((d) => d.name).join(", ")}`);
  return found;
}
