import { z } from "zod";

/** A JSON Schema fragment, as `z.toJSONSchema` writes it. */
export interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  items?: JsonSchemaNode;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
  deprecated?: boolean;
  [keyword: string]: unknown;
}

/** What the parser knows about one field: its JSON Schema, which drives command-line coercion, messages and help. */
export interface FieldSpec {
  readonly name: string;
  readonly schema: JsonSchemaNode;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly description: string | undefined;
  readonly deprecated: boolean;
}

const specsBySchema = new WeakMap<z.ZodObject, ReadonlyMap<string, FieldSpec>>();

/**
 * Field specs of an object schema, in declaration order. The input side of the schema is described because that is
 * what users write (a field may take `"none"` or a list, and be normalised later).
 */
export function fieldSpecsOf(schema: z.ZodObject): ReadonlyMap<string, FieldSpec> {
  const cached = specsBySchema.get(schema);
  if (cached) return cached;
  let properties: Record<string, JsonSchemaNode> = {};
  try {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;
    properties = (json.properties ?? {}) as Record<string, JsonSchemaNode>;
  } catch {
    // A schema that cannot be described still parses; its fields are then coerced and reported as "any value".
  }
  const specs = new Map<string, FieldSpec>();
  for (const name of Object.keys(schema.shape)) {
    const node = properties[name] ?? {};
    specs.set(name, {
      name,
      schema: node,
      hasDefault: "default" in node,
      defaultValue: node.default,
      description: typeof node.description === "string" ? node.description : undefined,
      deprecated: node.deprecated === true,
    });
  }
  specsBySchema.set(schema, specs);
  return specs;
}

/**
 * The single-type alternatives a node accepts: nested anyOf/oneOf are flattened and `type: [a, b]` is split, so
 * each alternative has at most one type.
 */
export function alternativesOf(node: JsonSchemaNode): JsonSchemaNode[] {
  const nested = node.anyOf ?? node.oneOf;
  if (nested) return nested.flatMap(alternativesOf);
  if (Array.isArray(node.type)) return node.type.map((type) => ({ ...node, type }));
  return [node];
}

/** Whether a node accepts values of a JSON type ("integer" counts as a number; an empty schema accepts anything). */
export function acceptsType(node: JsonSchemaNode, type: string): boolean {
  return alternativesOf(node).some((alt) => {
    if (alt.type === undefined) return alt.enum === undefined && alt.const === undefined;
    if (type === "number") return alt.type === "number" || alt.type === "integer";
    return alt.type === type;
  });
}

/** The item schema of the first list alternative, if the node accepts lists. */
export function listItemsOf(node: JsonSchemaNode): JsonSchemaNode | undefined {
  const list = alternativesOf(node).find((alt) => alt.type === "array");
  return list ? (list.items ?? {}) : undefined;
}

// zod writes the safe-integer limits for every integer; they are not worth telling a user.
const isMeaningfulBound = (bound: number | undefined): bound is number =>
  bound !== undefined && Math.abs(bound) < Number.MAX_SAFE_INTEGER;

function describeRange(node: JsonSchemaNode): string {
  const low = isMeaningfulBound(node.exclusiveMinimum)
    ? { value: node.exclusiveMinimum, open: true }
    : isMeaningfulBound(node.minimum)
      ? { value: node.minimum, open: false }
      : undefined;
  const high = isMeaningfulBound(node.exclusiveMaximum)
    ? { value: node.exclusiveMaximum, open: true }
    : isMeaningfulBound(node.maximum)
      ? { value: node.maximum, open: false }
      : undefined;
  if (low && high) return ` in ${low.open ? "(" : "["}${low.value}, ${high.value}${high.open ? ")" : "]"}`;
  if (low) return ` ${low.open ? ">" : ">="} ${low.value}`;
  if (high) return ` ${high.open ? "<" : "<="} ${high.value}`;
  return "";
}

const quoteAll = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join(", ");

function describeAlternative(node: JsonSchemaNode): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum)
    return node.enum.length === 1 ? JSON.stringify(node.enum[0]) : `one of ${quoteAll(node.enum)}`;
  switch (node.type) {
    case "integer":
      return `an integer${describeRange(node)}`;
    case "number":
      return `a number${describeRange(node)}`;
    case "boolean":
      return "a boolean (true or false)";
    case "string":
      return "a string";
    case "null":
      return "null";
    case "object":
      return "an object";
    case "array": {
      const items = alternativesOf(node.items ?? {});
      if (items.length === 1 && items[0].type === "string" && !items[0].enum) return "a list of strings";
      if (items.length === 1 && items[0].enum) return `a list of values from ${quoteAll(items[0].enum)}`;
      return `a list of (${describeExpected(node.items ?? {})})`;
    }
    default:
      return "any value";
  }
}

/** What a field accepts, in words: `an integer >= 1`, `one of "no", "steps", "epoch" or null`. */
export function describeExpected(node: JsonSchemaNode): string {
  const parts = [...new Set(alternativesOf(node).map(describeAlternative))];
  if (parts.length === 1) return parts[0];
  return `${parts.slice(0, -1).join(", ")} or ${parts[parts.length - 1]}`;
}

/** A short type name for help text: INT, FLOAT, BOOL, STR, {a,b}, and `[...]` for lists. */
export function describeTypeShort(node: JsonSchemaNode): string {
  const names = alternativesOf(node)
    .filter((alt) => alt.type !== "null")
    .map((alt): string => {
      if (alt.enum) return `{${alt.enum.join(",")}}`;
      if (alt.type === "array") return `${describeTypeShort(alt.items ?? {})}...`;
      switch (alt.type) {
        case "integer":
          return "INT";
        case "number":
          return "FLOAT";
        case "boolean":
          return "BOOL";
        case "string":
          return "STR";
        case "object":
          return "JSON";
        default:
          return "VALUE";
      }
    });
  return [...new Set(names)].join("|") || "VALUE";
}
