import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import type { PredictionOutput } from "tfjs-trainer";
import { decodeRows, generatedIds, idRows } from "./generated-text.js";

/** run_summarization / run_translation's do_predict output: one generated text per line, in the split's order. */
export async function writeGeneratedPredictions(
  output: PredictionOutput,
  dir: string,
  tokenizer: PreTrainedTokenizer,
  padId: number,
  task: string,
): Promise<string> {
  if (!output.predictions) throw new Error(`${task}: predict returned no predictions`);
  const texts = await decodeRows(tokenizer, idRows(generatedIds(output.predictions, task), padId));
  const path = join(dir, "generated_predictions.txt");
  await writeFile(path, texts.join("\n"));
  return path;
}
