import { TokenizerError } from "../errors";
import type { EncodeOptions } from "../types";
import type { PaddingSettings, TruncationSettings } from "./backends";

export interface ResolvedEncodeOptions {
  addSpecialTokens: boolean;
  truncation: TruncationSettings | undefined;
  padding: PaddingSettings | undefined;
  returnOverflowing: boolean;
}

/** What the options fall back on, from the tokenizer. */
export interface EncodeDefaults {
  modelMaxLength: number | undefined;
  padToken: string | undefined;
  padTokenId: number | undefined;
}

const KNOWN_OPTIONS = new Set([
  "addSpecialTokens",
  "truncation",
  "maxLength",
  "stride",
  "returnOverflowing",
  "padding",
]);

const STRATEGIES: Record<string, TruncationSettings["strategy"]> = {
  true: "LongestFirst",
  longest_first: "LongestFirst",
  only_first: "OnlyFirst",
  only_second: "OnlySecond",
};

/** Checks every field (a misspelt one names itself) and fills in HF's defaults. */
export function resolveEncodeOptions(
  options: EncodeOptions | undefined,
  defaults: EncodeDefaults,
): ResolvedEncodeOptions {
  const given = options ?? {};
  if (typeof given !== "object" || Array.isArray(given))
    throw new TokenizerError("encode options must be an object");
  for (const key of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TokenizerError(`unknown encode option "${key}" (known: ${[...KNOWN_OPTIONS].join(", ")})`);
    }
  }
  const addSpecialTokens = optionalBoolean(given.addSpecialTokens, "addSpecialTokens") ?? true;
  const returnOverflowing = optionalBoolean(given.returnOverflowing, "returnOverflowing") ?? false;
  const maxLength = optionalInteger(given.maxLength, "maxLength", 1);
  const stride = optionalInteger(given.stride, "stride", 0) ?? 0;

  const truncationOption = given.truncation ?? false;
  if (truncationOption !== false && !(String(truncationOption) in STRATEGIES)) {
    throw new TokenizerError(
      `encode option truncation must be true, false, "longest_first", "only_first" or "only_second", not ${JSON.stringify(truncationOption)}`,
    );
  }
  const paddingOption = given.padding ?? false;
  if (paddingOption !== false && paddingOption !== "max_length") {
    throw new TokenizerError(
      `encode option padding must be false or "max_length", not ${JSON.stringify(paddingOption)}`,
    );
  }

  const length = (what: string) => {
    const resolved = maxLength ?? defaults.modelMaxLength;
    if (resolved === undefined) {
      throw new TokenizerError(
        `${what} needs maxLength: this tokenizer has no modelMaxLength to fall back on`,
      );
    }
    return resolved;
  };
  const truncation: TruncationSettings | undefined =
    truncationOption === false
      ? undefined
      : { maxLength: length("truncation"), strategy: STRATEGIES[String(truncationOption)], stride };
  let padding: PaddingSettings | undefined;
  if (paddingOption === "max_length") {
    if (defaults.padToken === undefined || defaults.padTokenId === undefined) {
      throw new TokenizerError('padding: "max_length" needs a pad token, and this tokenizer has none');
    }
    padding = {
      maxLength: length('padding: "max_length"'),
      padId: defaults.padTokenId,
      padToken: defaults.padToken,
    };
  }
  return { addSpecialTokens, truncation, padding, returnOverflowing };
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new TokenizerError(`encode option ${name} must be a boolean, not ${JSON.stringify(value)}`);
}

function optionalInteger(value: unknown, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= min) return value;
  throw new TokenizerError(`encode option ${name} must be an integer ≥ ${min}, not ${JSON.stringify(value)}`);
}
