import type { z } from "zod";
import {
  ArgumentError,
  type ArgumentSource,
  COMMAND_LINE,
  fieldLabel,
  formatReceived,
  sourceOfField,
} from "./argument-error.js";
import { describeExpected, fieldSpecsOf } from "./field-spec.js";
import { closestName } from "./suggest.js";

/** The error for a name no group declares, with the closest valid name when one is near. */
export function unknownFieldError(
  field: string,
  candidates: Iterable<string>,
  source: ArgumentSource | undefined,
): ArgumentError {
  const suggestion = closestName(field, candidates);
  const fromCommandLine = sourceOfField(source, field) === COMMAND_LINE;
  const named = (name: string) => (fromCommandLine ? `--${name}` : `"${name}"`);
  const hint = suggestion ? ` (did you mean ${named(suggestion)}?)` : "";
  return new ArgumentError({
    detail: `unknown ${fromCommandLine ? "argument" : "field"} ${named(field)}${hint}`,
    field,
    suggestion,
    source: sourceOfField(source, field),
  });
}

/** Requires a plain mapping of field names to values (what a JSON or YAML config holds at its top level). */
export function asFieldMapping(values: unknown, source: ArgumentSource | undefined): Record<string, unknown> {
  if (values !== null && typeof values === "object" && !Array.isArray(values)) {
    return values as Record<string, unknown>;
  }
  const where = typeof source === "string" ? source : undefined;
  throw new ArgumentError({
    detail: `expected a mapping of field names to values, got ${formatReceived(values)}`,
    expected: "an object",
    received: formatReceived(values),
    source: where,
  });
}

function errorFromIssue(
  issue: z.core.$ZodIssue,
  schema: z.ZodObject,
  values: Record<string, unknown>,
  source: ArgumentSource | undefined,
): ArgumentError {
  const field = typeof issue.path[0] === "string" ? issue.path[0] : undefined;
  if (field === undefined) {
    return new ArgumentError({
      detail: issue.message,
      source: typeof source === "string" ? source : undefined,
    });
  }
  const label = fieldLabel(field, source);
  const where = sourceOfField(source, field);
  if (issue.code === "custom") {
    return new ArgumentError({ detail: `${label}: ${issue.message}`, field, source: where });
  }
  const spec = fieldSpecsOf(schema).get(field);
  const expected = spec ? describeExpected(spec.schema) : "a valid value";
  const value = values[field];
  if (value === undefined) {
    const missing = where === COMMAND_LINE ? `argument ${label}` : `field "${field}"`;
    return new ArgumentError({
      detail: `missing required ${missing} (expects ${expected})`,
      field,
      expected,
      source: where,
    });
  }
  const received = formatReceived(value);
  return new ArgumentError({
    detail: `${label} expects ${expected}, got ${received}`,
    field,
    expected,
    received,
    source: where,
  });
}

/**
 * Validates values against an object schema, after checking every name is declared (a misspelt name is the more
 * likely cause of a later type error, so it is reported first).
 */
export function parseFields<S extends z.ZodObject>(
  schema: S,
  values: Record<string, unknown>,
  source: ArgumentSource | undefined,
): z.output<S> {
  const declared = Object.keys(schema.shape);
  for (const name of Object.keys(values)) {
    if (!(name in schema.shape)) throw unknownFieldError(name, declared, source);
  }
  const result = schema.safeParse(values);
  if (!result.success) throw errorFromIssue(result.error.issues[0], schema, values, source);
  return result.data;
}
