import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigJson, stringifyConfigJson, writeJsonFile } from "../common/config-json.js";

/** generation_config.json as HF writes it: GenerationConfig's field names (max_length, num_beams, eos_token_id …). */
export type GenerationConfig = Record<string, unknown>;

export const GENERATION_CONFIG_FILE = "generation_config.json";

/**
 * Fields of config.json that HF's GenerationConfig.from_model_config carries into the generation config of a model
 * saved without generation_config.json (older checkpoints kept their generation defaults in config.json).
 */
const MODEL_CONFIG_GENERATION_FIELDS = [
  "bos_token_id",
  "eos_token_id",
  "pad_token_id",
  "decoder_start_token_id",
  "max_length",
  "min_length",
  "do_sample",
  "early_stopping",
  "num_beams",
  "num_beam_groups",
  "diversity_penalty",
  "temperature",
  "top_k",
  "top_p",
  "typical_p",
  "repetition_penalty",
  "length_penalty",
  "no_repeat_ngram_size",
  "encoder_no_repeat_ngram_size",
  "bad_words_ids",
  "num_return_sequences",
  "forced_bos_token_id",
  "forced_eos_token_id",
  "remove_invalid_values",
  "exponential_decay_length_penalty",
  "suppress_tokens",
  "begin_suppress_tokens",
] as const;

/** The folder's generation_config.json, or undefined when it has none. */
export async function readGenerationConfig(dir: string): Promise<GenerationConfig | undefined> {
  const path = join(dir, GENERATION_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(
      `${path}: cannot read the generation config (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const value = parseConfigJson(text) as unknown;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${path}: not a JSON object`);
  }
  return value as GenerationConfig;
}

/** HF's GenerationConfig.from_model_config: the generation fields a config.json sets (null ones left out). */
export function generationConfigFromModelConfig(modelConfig: Record<string, unknown>): GenerationConfig {
  const generation: GenerationConfig = { _from_model_config: true };
  for (const field of MODEL_CONFIG_GENERATION_FIELDS) {
    const value = modelConfig[field];
    if (value !== undefined && value !== null) generation[field] = value;
  }
  return generation;
}

/**
 * What a loaded model generates with by default: the folder's generation_config.json, else the fields of its
 * config.json (as HF's from_pretrained does).
 */
export async function loadGenerationConfig(
  dir: string,
  modelConfig: Record<string, unknown>,
): Promise<GenerationConfig> {
  return (await readGenerationConfig(dir)) ?? generationConfigFromModelConfig(modelConfig);
}

export async function writeGenerationConfig(dir: string, config: GenerationConfig): Promise<void> {
  await writeJsonFile(join(dir, GENERATION_CONFIG_FILE), stringifyConfigJson(config));
}
