/**
 * Reads an object given as a JSON string (how dict-valued fields such as lr_scheduler_kwargs arrive from the
 * command line). Returns undefined when the text is not a JSON object.
 *
 * Like HF, string values that look like booleans or plain numbers become those, at any depth of nested objects:
 * shells and YAML often leave `'{"num_cycles": "2"}'` with a quoted number, and the schedulers need the number.
 */
export function parseJsonObjectArgument(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isPlainObject(parsed) ? convertStringValues(parsed) : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const DIGITS = /^\d+$/;
const DECIMAL = /^\d*\.?\d*$/;

function convertStringValue(value: string): unknown {
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "false") return lower === "true";
  if (DIGITS.test(value)) return Number.parseInt(value, 10);
  // One decimal point at most and at least one digit, as HF's `replace(".", "", 1).isdigit()` accepts.
  if (DECIMAL.test(value) && /\d/.test(value)) return Number.parseFloat(value);
  return value;
}

function convertStringValues(object: Record<string, unknown>): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (isPlainObject(value)) converted[key] = convertStringValues(value);
    else if (typeof value === "string") converted[key] = convertStringValue(value);
    else converted[key] = value;
  }
  return converted;
}
