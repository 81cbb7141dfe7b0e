import type { Feature } from "./types.js";

/**
 * A bad field of one row: names the row's position in the list given to the collator and the field, so a bad row in
 * a large dataset is found at once. A data loader that knows which dataset rows it collated re-words it with the
 * row's index in the dataset (`index` and `problem` are kept for that).
 */
export class FeatureError extends Error {
  constructor(
    readonly index: number,
    readonly key: string,
    readonly problem: string,
  ) {
    super(`feature ${index}: "${key}" ${problem}`);
    this.name = "FeatureError";
  }
}

export function featureError(index: number, key: string, problem: string): FeatureError {
  return new FeatureError(index, key, problem);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, dim) => size === b[dim]);
}

/** Shape of a number or of a rectangular nested list of numbers; `undefined` for anything else (ragged lists too). */
export function shapeOf(value: unknown): number[] | undefined {
  if (typeof value === "number") return [];
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return [0];
  const inner = shapeOf(value[0]);
  if (inner === undefined) return undefined;
  for (let i = 1; i < value.length; i++) {
    const shape = shapeOf(value[i]);
    if (shape === undefined || !sameShape(shape, inner)) return undefined;
  }
  return [value.length, ...inner];
}

/** Appends the numbers of a value whose shape `shapeOf` accepted, in row-major order. */
export function flattenInto(value: unknown, out: number[]): void {
  if (typeof value === "number") {
    out.push(value);
    return;
  }
  for (const item of value as unknown[]) flattenInto(item, out);
}

/** Rows must be plain objects; anything else is a dataset bug worth naming precisely. */
export function checkFeatures(features: readonly Feature[], collator: string): void {
  if (!Array.isArray(features) || features.length === 0) {
    throw new Error(`${collator}: needs a non-empty list of features`);
  }
  features.forEach((feature, index) => {
    if (typeof feature !== "object" || feature === null || Array.isArray(feature)) {
      throw new Error(`feature ${index} must be an object of named fields`);
    }
  });
}

/** True when the field is present with a value a tensor could hold (HF skips `None` and strings). */
export function isPresent(feature: Feature, key: string): boolean {
  const value = feature[key];
  return value !== undefined && value !== null;
}

/** A token-level field (ids, masks, labels): a flat list of integers. */
export function readIntegerList(feature: Feature, index: number, key: string): readonly number[] {
  const value = feature[key];
  if (value === undefined || value === null) throw featureError(index, key, "is missing");
  if (!Array.isArray(value) || !value.every((item) => Number.isInteger(item))) {
    throw featureError(index, key, "must be a list of integers");
  }
  return value as readonly number[];
}
