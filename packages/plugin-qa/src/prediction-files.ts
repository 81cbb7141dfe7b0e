import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { QaPostprocessResult } from "./postprocess.js";
import { pythonJsonDumps } from "./python-json.js";

/** HF's file names: `predictions.json`, or `<prefix>_predictions.json` when a prefix is given (likewise the others). */
export function predictionFileNames(prefix?: string | null): {
  predictions: string;
  nbest: string;
  nullOdds: string;
} {
  const name = (base: string) => (prefix === undefined || prefix === null ? base : `${prefix}_${base}`);
  return {
    predictions: name("predictions.json"),
    nbest: name("nbest_predictions.json"),
    nullOdds: name("null_odds.json"),
  };
}

/**
 * Writes the predictions (id → text), the n-best lists and, for SQuAD v2 (when the result has null odds), the null
 * score differences, as HF's postprocess_qa_predictions writes them: `json.dumps(..., indent=4)` plus a newline.
 * Creates `outputDir` when missing (HF requires it to exist). Returns the paths written.
 */
export async function writeQaPredictionFiles(
  outputDir: string,
  result: QaPostprocessResult,
  prefix?: string | null,
): Promise<string[]> {
  await mkdir(outputDir, { recursive: true });
  const names = predictionFileNames(prefix);
  const files: [string, unknown][] = [
    [names.predictions, result.predictions],
    [names.nbest, result.nbest],
  ];
  if (result.nullOdds) files.push([names.nullOdds, result.nullOdds]);
  const paths: string[] = [];
  for (const [name, value] of files) {
    const path = join(outputDir, name);
    await writeFile(path, `${pythonJsonDumps(value, 4)}\n`, "utf8");
    paths.push(path);
  }
  return paths;
}
