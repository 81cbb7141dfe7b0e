import { formatReceived } from "./argument-error.js";
import { parseJsonObjectArgument } from "./json-object-argument.js";
import type { ResolveContext } from "./resolve-context.js";
import type { InputTokensSeenMode, LogLevel } from "./training-arguments-schema.js";

// One-field normalisations of TrainingArguments, each the counterpart of a step of HF's __post_init__.

const DEFAULT_OUTPUT_DIR = "trainer_output";

function homeDirectory(): string | undefined {
  // Read through globalThis so these arguments also load where there is no `process` (a browser).
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.HOME ?? env?.USERPROFILE;
}

/** HF: output_dir defaults to "trainer_output", and a leading "~" is expanded (os.path.expanduser). */
export function normalizeOutputDir(value: string | null): string {
  const dir = value ?? DEFAULT_OUTPUT_DIR;
  if (dir === "~" || dir.startsWith("~/")) {
    const home = homeDirectory();
    if (home) return home + dir.slice(1);
  }
  return dir;
}

/** HF: a dict field given as a JSON string (from the command line) is parsed. Anything else is an error here. */
export function normalizeSchedulerKwargs(
  value: Record<string, unknown> | string | null,
  context: ResolveContext,
): Record<string, unknown> | null {
  if (typeof value !== "string") return value;
  const parsed = parseJsonObjectArgument(value);
  if (parsed === undefined) {
    const expected = "an object or a JSON object string";
    context.fail(
      "lr_scheduler_kwargs",
      `${context.label("lr_scheduler_kwargs")} expects ${expected}, got ${formatReceived(value)}`,
      { expected, received: formatReceived(value) },
    );
  }
  return parsed;
}

/**
 * HF decides from the logging level at construction (progress bars hidden above "warning"); here log_level stands
 * for that level, "passive" meaning the default ("warning").
 */
export function normalizeDisableTqdm(value: boolean | null, logLevel: LogLevel): boolean {
  return value ?? (logLevel === "error" || logLevel === "critical");
}

/** HF: true and false mean "all" and "no". */
export function normalizeInputTokensSeen(value: InputTokensSeenMode | boolean): InputTokensSeenMode {
  if (value === true) return "all";
  if (value === false) return "no";
  return value;
}

/**
 * HF: "none" (or null) means no integration and a single name becomes a list. HF expands "all" to the integrations
 * installed; which report plugins exist is known only to the Trainer, so "all" stays as ["all"] for it to expand.
 */
export function normalizeReportTo(value: string | string[] | null, context: ResolveContext): string[] {
  const names = value === null ? ["none"] : typeof value === "string" ? [value] : value;
  if (names.length === 1 && names[0] === "none") return [];
  if (names.length > 1 && (names.includes("none") || names.includes("all"))) {
    context.fail(
      "report_to",
      `${context.label("report_to")} takes "all", "none" or a list of integrations, not a mix: ${formatReceived(value)}`,
    );
  }
  if (names.some((name) => name.trim() === "")) {
    context.fail("report_to", `${context.label("report_to")} has an empty integration name`);
  }
  return [...new Set(names)];
}

/** true means the newest checkpoint in output_dir; false and "" mean no resume. */
export function normalizeResumeFromCheckpoint(value: string | boolean | null): string | true | null {
  if (value === false || value === "") return null;
  return value;
}
