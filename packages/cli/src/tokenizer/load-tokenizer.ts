import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { ConfigError } from "../config/config-error.js";
import type { TokenizerSection } from "../config/config-schema.js";
import type { RawSplits, Task } from "../tasks/task.js";

export interface TokenizerSources {
  section: TokenizerSection | undefined;
  /** The checkpoint folder the model starts from, whose tokenizer.json is used when the config names none. */
  modelPath: string | undefined;
  baseDir: string;
  configFile: string;
}

/**
 * The run's tokenizer: the one the config names, else the model folder's (as HF's AutoTokenizer with the model's
 * name), else one trained on the train split's texts when `tokenizer.train` asks for it.
 */
export async function loadTokenizer(
  task: Task,
  data: Record<string, unknown>,
  splits: RawSplits,
  sources: TokenizerSources,
): Promise<PreTrainedTokenizer | undefined> {
  if (!task.tokenizerModel) return undefined;
  const { section, modelPath, baseDir, configFile } = sources;
  if (section?.name_or_path)
    return load(resolve(baseDir, section.name_or_path), configFile, "tokenizer.name_or_path");
  if (section?.train) {
    const { train } = section;
    const files = train.files?.map((file) => resolve(baseDir, file));
    if (!files && !splits.train) {
      throw new ConfigError(configFile, "tokenizer.train", "needs files, or data.train_file to train on");
    }
    return PreTrainedTokenizer.train({
      model: train.model ?? task.tokenizerModel,
      vocabSize: train.vocab_size,
      lowercase: train.lowercase,
      ...(files
        ? { files }
        : { texts: (splits.train ?? []).flatMap((row) => task.texts?.(row, data) ?? []) }),
    });
  }
  if (modelPath && existsSync(join(modelPath, "tokenizer.json"))) {
    return load(modelPath, configFile, "model.name_or_path");
  }
  throw new ConfigError(
    configFile,
    "tokenizer",
    `task "${task.name}" needs a tokenizer: give tokenizer.name_or_path (a tokenizer.json or a folder with one), ` +
      "tokenizer.train (to train one on the data), or a model.name_or_path folder that holds a tokenizer.json",
  );
}

async function load(path: string, configFile: string, field: string): Promise<PreTrainedTokenizer> {
  try {
    return await PreTrainedTokenizer.fromPretrained(path);
  } catch (error) {
    throw new ConfigError(configFile, field, (error as Error).message);
  }
}
