import { TokenizerError } from "../errors";
import type { SpecialTokens } from "../types";
import { inferSpecialTokens, readSpecialTokens } from "./special-tokens";

export interface SpecialTokenSources {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig?: Record<string, unknown>;
  specialTokensMap?: Record<string, unknown>;
  /** The tokenizer.json's path (or name), to name the files in errors. */
  source: string;
}

/**
 * HF's precedence: tokenizer_config.json, then special_tokens_map.json; with neither, what tokenizer.json itself
 * shows. A token a config file names must be in the vocabulary (HF would add it, and a model's embeddings would no
 * longer match the vocabulary size).
 */
export function resolveSpecialTokens(
  sources: SpecialTokenSources,
  hasToken: (token: string) => boolean,
): SpecialTokens {
  const { tokenizerConfig, specialTokensMap, source } = sources;
  if (!tokenizerConfig && !specialTokensMap) {
    return Object.fromEntries(
      Object.entries(inferSpecialTokens(sources.tokenizerJson)).filter(([, token]) => hasToken(token)),
    );
  }
  const tokens: SpecialTokens = {
    ...readSpecialTokens(specialTokensMap, source.replace(/tokenizer\.json$/, "special_tokens_map.json")),
    ...readSpecialTokens(tokenizerConfig, configFileOf(source)),
  };
  for (const [role, token] of Object.entries(tokens)) {
    if (!hasToken(token)) {
      throw new TokenizerError(`${role}_token "${token}" is not in the vocabulary of ${source}`, source);
    }
  }
  return tokens;
}

/** The tokenizer_config.json beside a tokenizer.json, to name it in errors. */
export function configFileOf(source: string): string {
  return source.replace(/tokenizer\.json$/, "tokenizer_config.json");
}
