import { type GenerationConfig, generationConfigFromModelConfig } from "./generation-config.js";
import { checkOptionNames, type GenerateOptions, HF_NAME_OF_OPTION } from "./options.js";
import type { GenerativeModel } from "./types.js";

/** Everything one generate() call decodes with, after HF's precedence and length rules. */
export interface ResolvedGeneration {
  numBeams: number;
  numReturnSequences: number;
  /** Tokens in the decoder's prompt: the input length (decoder-only) or 1, the start token (encoder-decoder). */
  promptLength: number;
  /** Total row length at which a row stops. */
  maxLength: number;
  /** Row length below which eos tokens are banned (0: never). */
  minLength: number;
  lengthPenalty: number;
  earlyStopping: boolean | "never";
  noRepeatNgramSize: number;
  repetitionPenalty: number;
  /** Empty when no eos token is set (rows then stop only at maxLength). */
  eosTokenIds: number[];
  padTokenId: number | undefined;
  decoderStartTokenId: number | undefined;
  forcedBosTokenId: number | undefined;
  forcedEosTokenIds: number[];
}

/** HF's GenerationConfig defaults (_get_default_generation_params) for what is used here. */
const HF_DEFAULT_MAX_LENGTH = 20;

/**
 * Generation-config fields that would change the output of greedy or beam search and are not implemented, with the
 * values that make them no-ops. A model config setting another value fails loudly instead of being ignored.
 */
const UNSUPPORTED_UNLESS: Record<string, readonly unknown[]> = {
  do_sample: [false],
  num_beam_groups: [1],
  diversity_penalty: [0],
  penalty_alpha: [0],
  dola_layers: [],
  constraints: [],
  force_words_ids: [],
  bad_words_ids: [],
  sequence_bias: [],
  encoder_no_repeat_ngram_size: [0],
  encoder_repetition_penalty: [1],
  exponential_decay_length_penalty: [],
  suppress_tokens: [],
  begin_suppress_tokens: [],
  forced_decoder_ids: [],
  renormalize_logits: [false],
  remove_invalid_values: [false],
  guidance_scale: [1],
  watermarking_config: [],
  stop_strings: [],
  max_time: [],
  token_healing: [false],
  prompt_lookup_num_tokens: [],
  assistant_early_exit: [],
  low_memory: [false],
};

/**
 * The parameters of one call: options first, then the model's generation config (generation_config.json, else the
 * generation fields of config.json), then HF's defaults; lengths as HF's _prepare_generated_length makes them.
 */
export function resolveGeneration(
  model: GenerativeModel,
  options: GenerateOptions,
  promptLength: number,
): ResolvedGeneration {
  checkOptionNames(options);
  const config: GenerationConfig = model.generationConfig ?? generationConfigFromModelConfig(model.config);
  const fromOptions = options as Record<string, unknown>;
  /** The option when given (null included), else the config's value; undefined when neither sets it. */
  const pick = (option: keyof GenerateOptions): unknown => {
    if (fromOptions[option] !== undefined) return fromOptions[option];
    return config[HF_NAME_OF_OPTION[option]] ?? undefined;
  };
  const doSample = pick("doSample");
  for (const [field, noOps] of Object.entries(UNSUPPORTED_UNLESS)) {
    if (field === "do_sample") continue;
    const value = config[field];
    if (value === undefined || value === null || noOps.includes(value)) continue;
    throw new Error(
      `generate: the model's generation config sets ${field} = ${JSON.stringify(value)}, which is not implemented`,
    );
  }
  if (doSample !== undefined && doSample !== false) {
    throw new Error(
      "generate: the generation config asks for sampling (do_sample); pass doSample: false for greedy/beam search",
    );
  }

  const numBeams = integer(pick("numBeams") ?? 1, "numBeams", 1);
  const numReturnSequences = integer(pick("numReturnSequences") ?? 1, "numReturnSequences", 1);
  if (numBeams === 1 && numReturnSequences > 1) {
    throw new Error("generate: greedy search returns one sequence per input (numReturnSequences must be 1)");
  }
  if (numReturnSequences > numBeams) {
    throw new Error(
      `generate: numReturnSequences (${numReturnSequences}) must be at most numBeams (${numBeams})`,
    );
  }

  const maxLength = resolveMaxLength(model, options, config, pick, promptLength);
  if (promptLength >= maxLength) {
    throw new Error(
      `generate: the ${model.isEncoderDecoder ? "decoder input" : "prompt"} has ${promptLength} tokens, ` +
        `maxLength is ${maxLength}; set maxNewTokens`,
    );
  }
  const minNewTokens = pick("minNewTokens");
  const minLength =
    minNewTokens !== undefined && minNewTokens !== null
      ? integer(minNewTokens, "minNewTokens", 0) + promptLength
      : integer(pick("minLength") ?? 0, "minLength", 0);

  const earlyStopping = pick("earlyStopping") ?? false;
  if (earlyStopping !== true && earlyStopping !== false && earlyStopping !== "never") {
    throw new Error(
      `generate: earlyStopping must be true, false or "never", got ${JSON.stringify(earlyStopping)}`,
    );
  }
  const eosTokenIds = tokenList(pick("eosTokenId"), "eosTokenId");
  const padTokenId = token(pick("padTokenId"), "padTokenId") ?? eosTokenIds[0];
  const decoderStartTokenId =
    token(pick("decoderStartTokenId"), "decoderStartTokenId") ?? token(pick("bosTokenId"), "bosTokenId");
  if (model.isEncoderDecoder && decoderStartTokenId === undefined) {
    throw new Error("generate: an encoder-decoder model needs decoderStartTokenId or bosTokenId");
  }
  return {
    numBeams,
    numReturnSequences,
    promptLength,
    maxLength,
    minLength,
    lengthPenalty: finite(pick("lengthPenalty") ?? 1, "lengthPenalty"),
    earlyStopping,
    noRepeatNgramSize: integer(pick("noRepeatNgramSize") ?? 0, "noRepeatNgramSize", 0),
    repetitionPenalty: finite(pick("repetitionPenalty") ?? 1, "repetitionPenalty"),
    eosTokenIds,
    padTokenId,
    decoderStartTokenId,
    forcedBosTokenId: token(pick("forcedBosTokenId"), "forcedBosTokenId"),
    forcedEosTokenIds: tokenList(pick("forcedEosTokenId"), "forcedEosTokenId"),
  };
}

function resolveMaxLength(
  model: GenerativeModel,
  options: GenerateOptions,
  config: GenerationConfig,
  pick: (option: keyof GenerateOptions) => unknown,
  promptLength: number,
): number {
  const maxNewTokens = pick("maxNewTokens");
  if (maxNewTokens !== undefined && maxNewTokens !== null)
    return integer(maxNewTokens, "maxNewTokens", 1) + promptLength;
  if (options.maxLength !== undefined && options.maxLength !== null)
    return integer(options.maxLength, "maxLength", 1);
  const configured = config.max_length;
  if (configured !== undefined && configured !== null && configured !== HF_DEFAULT_MAX_LENGTH) {
    return integer(configured, "max_length", 1);
  }
  // Nobody chose a length: HF generates 20 new tokens, no more than the model has positions for (GPT-2 calls its
  // position count n_positions, an alias of max_position_embeddings).
  const positions = model.config.max_position_embeddings ?? model.config.n_positions;
  const length = HF_DEFAULT_MAX_LENGTH + promptLength;
  return typeof positions === "number" ? Math.min(length, positions) : length;
}

function integer(value: unknown, name: string, least: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < least) {
    throw new Error(`generate: ${name} must be an integer ≥ ${least}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function finite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`generate: ${name} must be a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function token(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  return integer(value, name, 0);
}

function tokenList(value: unknown, name: string): number[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((id) => integer(id, name, 0));
}
