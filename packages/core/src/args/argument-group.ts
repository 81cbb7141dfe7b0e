import type { z } from "zod";
import type { ArgumentSource } from "./argument-error.js";
import { asFieldMapping, parseFields } from "./validate-fields.js";
import type { WarningHandler } from "./warnings.js";

export interface FromDictOptions {
  /** Where warnings about deprecated or ignored fields go (default: printed once each). */
  onWarning?: WarningHandler;
}

/**
 * A named set of fields the {@link ArgumentParser} fills: HF's dataclass role. `TrainingArguments` (the class itself)
 * is one; {@link defineArgumentGroup} makes others from a zod object schema.
 */
export interface ArgumentGroup<T> {
  /** Shown in help and errors, like HF's dataclass name ("ModelArguments"). */
  readonly groupName: string;
  readonly description?: string;
  /** The fields this group declares, with their types, defaults and descriptions. */
  readonly schema: z.ZodObject;
  /**
   * Names accepted and then ignored with a warning: fields of the tool the config was written for that have no
   * meaning here. A name declared by another group's schema takes precedence.
   */
  readonly ignoredFieldNames?: Iterable<string>;
  /** Validates strictly and builds the group's value. */
  fromDict(values: Record<string, unknown>, source?: ArgumentSource, options?: FromDictOptions): T;
}

/** The value an {@link ArgumentGroup} builds. */
export type ArgumentGroupValue<G> = G extends { fromDict(...args: never[]): infer T } ? T : never;

/**
 * A group whose value is its zod schema's output. Cross-field rules can be added with the schema's own
 * `.superRefine()`, which keeps it an object schema.
 */
export function defineArgumentGroup<S extends z.ZodObject>(
  groupName: string,
  schema: S,
  options: { description?: string } = {},
): ArgumentGroup<z.output<S>> {
  return {
    groupName,
    description: options.description,
    schema,
    fromDict(values, source) {
      return parseFields(schema, asFieldMapping(values, source), source);
    },
  };
}
