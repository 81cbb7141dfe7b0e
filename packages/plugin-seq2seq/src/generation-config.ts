import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TrainableModel } from "@tfjs-trainer/core";
import {
  GENERATION_CONFIG_FILE,
  type GenerationConfig,
  type GenerativeModel,
  generationConfigFromModelConfig,
} from "@tfjs-trainer/models";

/** HF's GenerationConfig default max_length, which Seq2SeqTrainer pads to when the model's config sets none. */
export const HF_DEFAULT_MAX_LENGTH = 20;

/**
 * HF's Seq2SeqTrainer.load_generation_config: an object is copied; a string names a JSON file or a folder holding
 * generation_config.json. Read synchronously: HF installs it in the trainer's constructor, before anything is saved.
 */
export function loadGenerationConfigArgument(value: string | Record<string, unknown>): GenerationConfig {
  if (typeof value !== "string") return structuredClone(value);
  let file = value;
  try {
    if (statSync(value).isDirectory()) file = join(value, GENERATION_CONFIG_FILE);
  } catch (error) {
    throw new Error(`generation_config: ${value}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `generation_config: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`generation_config: ${file} is not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`generation_config: ${file} does not hold a JSON object`);
  }
  return parsed as GenerationConfig;
}

/** Whether the model can generate (what `generate()` of @tfjs-trainer/models needs). */
export function isGenerativeModel(model: TrainableModel): model is TrainableModel & GenerativeModel {
  const m = model as Partial<GenerativeModel>;
  return (
    typeof m.decodeStep === "function" && typeof m.isEncoderDecoder === "boolean" && m.config !== undefined
  );
}

export function requireGenerativeModel(model: TrainableModel): TrainableModel & GenerativeModel {
  if (!isGenerativeModel(model)) {
    throw new Error(
      `predict_with_generate needs a model that generates (decodeStep, isEncoderDecoder, config: ` +
        `@tfjs-trainer/models' BART, T5 or GPT-2); ${model.modelClass ?? "this model"} does not`,
    );
  }
  return model;
}

/** Installs `config` as the model's generation config (HF: `self.model.generation_config = gen_config`). */
export function setModelGenerationConfig(model: TrainableModel, config: GenerationConfig): void {
  const generative = requireGenerativeModel(model) as { generationConfig?: GenerationConfig };
  try {
    generative.generationConfig = config;
  } catch (error) {
    throw new Error(`generation_config: the model's generationConfig cannot be replaced (${error})`);
  }
  if (generative.generationConfig !== config) {
    throw new Error("generation_config: the model's generationConfig cannot be replaced (read-only)");
  }
}

/** The model's generation config as generate() reads it: generation_config.json, else config.json's fields. */
export function modelGenerationConfig(model: GenerativeModel): GenerationConfig {
  return model.generationConfig ?? generationConfigFromModelConfig(model.config);
}

/** The lengths Seq2SeqTrainer pads to, from the model's generation config with HF's defaults filled in. */
export interface PaddingLengths {
  maxLength: number;
  maxNewTokens: number | null;
}

export function paddingLengths(config: GenerationConfig): PaddingLengths {
  const count = (name: string, value: unknown): number => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      throw new Error(`the model's generation config has ${name} = ${JSON.stringify(value)}: not a length`);
    }
    return value;
  };
  const maxLength = config.max_length ?? HF_DEFAULT_MAX_LENGTH;
  const maxNewTokens = config.max_new_tokens ?? null;
  return {
    maxLength: count("max_length", maxLength),
    maxNewTokens: maxNewTokens === null ? null : count("max_new_tokens", maxNewTokens),
  };
}

/**
 * HF's Seq2SeqTrainer.prediction_step: a row shorter than the model's max_length is padded to it; otherwise, when
 * max_new_tokens is set, one shorter than max_new_tokens + 1 is padded to that. Note that the lengths come from the
 * model's generation config, not from the generation kwargs of the call.
 */
export function paddedLength(length: number, { maxLength, maxNewTokens }: PaddingLengths): number {
  if (length < maxLength) return maxLength;
  if (maxNewTokens !== null && length < maxNewTokens + 1) return maxNewTokens + 1;
  return length;
}
