import type { PaddingOptions, PaddingSide, PaddingStrategy } from "./types.js";

/** Padding options after validation, with defaults filled in. */
export interface ResolvedPadding {
  padding: PaddingStrategy;
  maxLength: number | undefined;
  padToMultipleOf: number | undefined;
  paddingSide: PaddingSide;
}

export function requireInteger(collator: string, name: string, value: unknown): number {
  if (!Number.isInteger(value)) {
    throw new Error(`${collator}: ${name} must be an integer, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

export function optionalPositiveInteger(collator: string, name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new Error(`${collator}: ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

export function requireProbability(collator: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new Error(`${collator}: ${name} must be a probability in [0, 1], got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks the padding options once, when the collator is built, so a typo fails before the first batch. */
export function resolvePadding(collator: string, options: PaddingOptions): ResolvedPadding {
  const padding = options.padding ?? "longest";
  if (padding !== "longest" && padding !== "max_length" && padding !== false) {
    throw new Error(
      `${collator}: padding must be "longest", "max_length" or false, got ${JSON.stringify(padding)}`,
    );
  }
  const maxLength = optionalPositiveInteger(collator, "maxLength", options.maxLength);
  if (padding === "max_length" && maxLength === undefined) {
    throw new Error(`${collator}: padding "max_length" needs maxLength`);
  }
  const paddingSide = options.paddingSide ?? "right";
  if (paddingSide !== "right" && paddingSide !== "left") {
    throw new Error(`${collator}: paddingSide must be "right" or "left", got ${JSON.stringify(paddingSide)}`);
  }
  return {
    padding,
    maxLength,
    padToMultipleOf: optionalPositiveInteger(collator, "padToMultipleOf", options.padToMultipleOf),
    paddingSide,
  };
}
