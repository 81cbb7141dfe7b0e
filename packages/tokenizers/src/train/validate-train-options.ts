import { stat } from "node:fs/promises";
import { TokenizerError } from "../errors";
import type { TrainTokenizerOptions } from "../types";

const KNOWN_OPTIONS = new Set(["files", "texts", "model", "vocabSize", "lowercase", "modelMaxLength"]);

/** Checks every field of `train`'s options, naming the one at fault, and that every corpus file exists. */
export async function validateTrainOptions(options: TrainTokenizerOptions): Promise<void> {
  if (typeof options !== "object" || options === null)
    throw new TokenizerError("train options must be an object");
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TokenizerError(`unknown train option "${key}" (known: ${[...KNOWN_OPTIONS].join(", ")})`);
    }
  }
  if (options.model !== "wordpiece" && options.model !== "bpe") {
    throw new TokenizerError(
      `train option model must be "wordpiece" or "bpe", not ${JSON.stringify(options.model)}`,
    );
  }
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < 1) {
    throw new TokenizerError(
      `train option vocabSize must be a positive integer, not ${JSON.stringify(options.vocabSize)}`,
    );
  }
  if (
    options.modelMaxLength !== undefined &&
    !(Number.isInteger(options.modelMaxLength) && options.modelMaxLength > 0)
  ) {
    throw new TokenizerError(
      `train option modelMaxLength must be a positive integer, not ${JSON.stringify(options.modelMaxLength)}`,
    );
  }
  if (options.lowercase !== undefined) {
    if (options.model !== "wordpiece")
      throw new TokenizerError("train option lowercase applies to wordpiece only");
    if (typeof options.lowercase !== "boolean")
      throw new TokenizerError("train option lowercase must be a boolean");
  }
  if ((options.files === undefined) === (options.texts === undefined)) {
    throw new TokenizerError("train needs exactly one of the options files and texts");
  }
  if (
    options.texts !== undefined &&
    typeof (options.texts as Iterable<string>)[Symbol.iterator] !== "function"
  ) {
    throw new TokenizerError("train option texts must be an iterable of strings");
  }
  if (options.files !== undefined) {
    if (!Array.isArray(options.files) || options.files.length === 0) {
      throw new TokenizerError("train option files must be a non-empty array of paths");
    }
    for (const file of options.files) {
      if (typeof file !== "string") throw new TokenizerError("train option files must hold paths (strings)");
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile())
        throw new TokenizerError(`training file ${file} does not exist or is not a file`, file);
    }
  }
}
