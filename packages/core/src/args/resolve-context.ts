import {
  ArgumentError,
  type ArgumentErrorDetails,
  type ArgumentSource,
  fieldLabel,
  sourceOfField,
} from "./argument-error.js";

/** What the rules of TrainingArguments need to know about the input while resolving it. */
export interface ResolveContext {
  /** Whether the user gave this field (as opposed to it taking its default). */
  given(field: string): boolean;
  /** The field as the user should read it: `--name` when it came from the command line. */
  label(field: string): string;
  /** Throws an {@link ArgumentError} about a field, prefixed with that field's source. */
  fail(field: string, detail: string, extra?: Partial<ArgumentErrorDetails>): never;
  /** Records a warning about a field, prefixed with that field's source. */
  warn(field: string, message: string): void;
  readonly warnings: string[];
}

export function createResolveContext(
  rawInput: Record<string, unknown>,
  source: ArgumentSource | undefined,
): ResolveContext {
  const warnings: string[] = [];
  const prefixed = (field: string, text: string) => {
    const where = sourceOfField(source, field);
    return where ? `${where}: ${text}` : text;
  };
  return {
    warnings,
    given: (field) => rawInput[field] !== undefined,
    label: (field) => fieldLabel(field, source),
    fail(field, detail, extra = {}) {
      throw new ArgumentError({ ...extra, detail, field, source: sourceOfField(source, field) });
    },
    warn(field, message) {
      warnings.push(prefixed(field, message));
    },
  };
}
