import { ArgumentError, COMMAND_LINE } from "./argument-error.js";
import {
  acceptsType,
  alternativesOf,
  describeExpected,
  type JsonSchemaNode,
  listItemsOf,
} from "./field-spec.js";

// HF's string_to_bool words.
const TRUE_WORDS = new Set(["true", "yes", "t", "y", "1"]);
const FALSE_WORDS = new Set(["false", "no", "f", "n", "0"]);
// Decimal numbers only: Number() would also take "0x10", "" and " ", which argparse's int/float reject.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

const isUntyped = (node: JsonSchemaNode) =>
  alternativesOf(node).every((alt) => alt.type === undefined && !alt.enum);

function parseBoolean(token: string, numbersAccepted: boolean): boolean | undefined {
  const word = token.toLowerCase();
  // "1" and "0" are numbers first when the field takes numbers.
  if (numbersAccepted && (word === "1" || word === "0")) return undefined;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** One token as the type the field accepts; a token that fits no type stays a string for validation to report. */
function coerceToken(token: string, node: JsonSchemaNode): unknown {
  const acceptsString = acceptsType(node, "string");
  const acceptsNumber = acceptsType(node, "number");
  if (acceptsType(node, "null") && !acceptsString && /^(null|none)$/i.test(token)) return null;
  if (acceptsType(node, "boolean")) {
    const flag = parseBoolean(token, acceptsNumber);
    if (flag !== undefined) return flag;
  }
  if (acceptsNumber && NUMBER.test(token)) return Number(token);
  // Objects come as JSON; a field that also takes strings gets the text (TrainingArguments parses it as HF does).
  if (acceptsType(node, "object") && !acceptsString && /^\s*[[{]/.test(token)) {
    try {
      return JSON.parse(token);
    } catch {
      return token;
    }
  }
  return token;
}

/**
 * The value of a command-line flag from its tokens, by the field's JSON Schema: a bare flag is true for boolean
 * fields; list fields take every token; other fields take exactly one. Fields without a schema (accepted but
 * ignored names) take a scalar, or a list when given several tokens.
 */
export function coerceFlagValues(
  field: string,
  values: readonly string[] | null,
  node: JsonSchemaNode,
): unknown {
  const expected = describeExpected(node);
  if (values === null) {
    if (acceptsType(node, "boolean")) return true;
    throw new ArgumentError({
      detail: `--${field} expects ${expected}, got no value`,
      field,
      expected,
      received: "nothing",
      source: COMMAND_LINE,
    });
  }
  const items = isUntyped(node) ? undefined : listItemsOf(node);
  if (items !== undefined) return values.map((token) => coerceToken(token, items));
  if (values.length === 1) return coerceToken(values[0], node);
  if (isUntyped(node)) return values.map((token) => coerceToken(token, node));
  const received = values.map((token) => JSON.stringify(token)).join(" ");
  throw new ArgumentError({
    detail: `--${field} expects one value (${expected}), got ${values.length}: ${received}`,
    field,
    expected,
    received,
    source: COMMAND_LINE,
  });
}
