import type { SpecialTokens } from "../types";

/** Where HF stores "no limit" (`int(1e30)`); anything this large means the tokenizer has no maximum length. */
const NO_MAX_LENGTH = 1e29;

export function readModelMaxLength(config: Record<string, unknown> | undefined): number | undefined {
  const value = config?.model_max_length;
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value < NO_MAX_LENGTH
    ? value
    : undefined;
}

/**
 * tokenizer_config.json as HF's `save_pretrained` writes it (keys sorted): what was loaded, with the special tokens,
 * model_max_length and clean-up flag this tokenizer has now. `PreTrainedTokenizerFast` is the class every
 * transformers version can load from tokenizer.json alone.
 */
export function buildTokenizerConfig(
  loaded: Record<string, unknown> | undefined,
  specialTokens: SpecialTokens,
  modelMaxLength: number | undefined,
  cleanUpTokenizationSpaces: boolean,
): Record<string, unknown> {
  const config: Record<string, unknown> = { tokenizer_class: "PreTrainedTokenizerFast", ...loaded };
  delete config.model_max_length;
  for (const [role, token] of Object.entries(specialTokens)) config[`${role}_token`] = token;
  if (modelMaxLength !== undefined) config.model_max_length = modelMaxLength;
  config.clean_up_tokenization_spaces = cleanUpTokenizationSpaces;
  return sortKeys(config);
}

/** special_tokens_map.json, which transformers 4 reads and 5 still accepts. */
export function buildSpecialTokensMap(specialTokens: SpecialTokens): Record<string, string> {
  return sortKeys(
    Object.fromEntries(Object.entries(specialTokens).map(([role, token]) => [`${role}_token`, token])),
  );
}

function sortKeys<T>(object: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
