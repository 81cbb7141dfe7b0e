/** The source name used for values given as command-line flags. */
export const COMMAND_LINE = "command line";

/**
 * Where argument values came from: one name for all of them (a file path, {@link COMMAND_LINE}), or a function
 * naming the source of each field when a file and command-line overrides were merged.
 */
export type ArgumentSource = string | ((field: string) => string);

/** The source of one field, from either form of {@link ArgumentSource}. */
export function sourceOfField(source: ArgumentSource | undefined, field: string): string | undefined {
  return typeof source === "function" ? source(field) : source;
}

/** How a field is named to the user: as a flag when it came from the command line, else by its name. */
export function fieldLabel(field: string, source: ArgumentSource | undefined): string {
  return sourceOfField(source, field) === COMMAND_LINE ? `--${field}` : field;
}

export interface ArgumentErrorDetails {
  /** What went wrong, without the source prefix. */
  detail: string;
  /** The field at fault (for a rule between fields, the one to change). */
  field?: string;
  /** What the field accepts, in words ("an integer >= 1"). */
  expected?: string;
  /** The value given, as shown to the user. */
  received?: string;
  /** The closest valid name, for a misspelt field. */
  suggestion?: string;
  /** A file path, or {@link COMMAND_LINE}. */
  source?: string;
}

/** An argument that is unknown, mistyped, or breaks a rule between fields. The message starts with its source. */
export class ArgumentError extends Error {
  readonly detail: string;
  readonly field: string | undefined;
  readonly expected: string | undefined;
  readonly received: string | undefined;
  readonly suggestion: string | undefined;
  readonly source: string | undefined;

  constructor(details: ArgumentErrorDetails) {
    super(details.source ? `${details.source}: ${details.detail}` : details.detail);
    this.name = "ArgumentError";
    this.detail = details.detail;
    this.field = details.field;
    this.expected = details.expected;
    this.received = details.received;
    this.suggestion = details.suggestion;
    this.source = details.source;
  }
}

/** Shows a value the way the user wrote it: strings quoted, structures as JSON, long ones shortened. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
