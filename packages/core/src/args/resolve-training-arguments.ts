import type { z } from "zod";
import { type ArgumentSource, formatReceived } from "./argument-error.js";
import { IGNORED_HF_FIELD_NAMES, isIgnoredHfField, isRemarkableIgnoredValue } from "./hf-ignored-fields.js";
import { applyLegacyFields } from "./legacy-fields.js";
import {
  normalizeDisableTqdm,
  normalizeInputTokensSeen,
  normalizeOutputDir,
  normalizeReportTo,
  normalizeResumeFromCheckpoint,
  normalizeSchedulerKwargs,
} from "./normalize-fields.js";
import { createResolveContext } from "./resolve-context.js";
import { deriveDependentFields, validateFieldRules } from "./training-arguments-rules.js";
import {
  type InputTokensSeenMode,
  LEGACY_FIELD_NAMES,
  type LegacyFieldName,
  type MetricsInclusion,
  type TrainingArgumentsSchema,
} from "./training-arguments-schema.js";
import { asFieldMapping, parseFields, unknownFieldError } from "./validate-fields.js";

type ParsedFields = z.output<TrainingArgumentsSchema>;

type NormalizedFieldName =
  | LegacyFieldName
  | "output_dir"
  | "lr_scheduler_kwargs"
  | "include_num_input_tokens_seen"
  | "disable_tqdm"
  | "report_to"
  | "include_for_metrics"
  | "label_names"
  | "resume_from_checkpoint";

/** Every TrainingArguments field as resolved: HF's defaults and derived values filled in, lists normalised. */
export type TrainingArgumentsFields = Omit<ParsedFields, NormalizedFieldName> & {
  output_dir: string;
  lr_scheduler_kwargs: Readonly<Record<string, unknown>> | null;
  include_num_input_tokens_seen: InputTokensSeenMode;
  disable_tqdm: boolean;
  report_to: readonly string[];
  include_for_metrics: readonly MetricsInclusion[];
  label_names: readonly string[] | null;
  resume_from_checkpoint: string | true | null;
};

export interface ResolvedTrainingArguments {
  /** The resolved fields in schema order (fields of an extended schema included), legacy names left out. */
  fields: TrainingArgumentsFields & Record<string, unknown>;
  warnings: string[];
}

const LEGACY = new Set<string>(LEGACY_FIELD_NAMES);

/**
 * Separates declared fields from HF fields we ignore, rejecting any other name. Returns the declared values and the
 * ignored fields whose values ask for behaviour we do not have.
 */
function splitInput(
  raw: Record<string, unknown>,
  declared: Record<string, unknown>,
  source: ArgumentSource | undefined,
): { values: Record<string, unknown>; remarkableIgnored: [name: string, value: unknown][] } {
  const candidates = [
    ...Object.keys(declared).filter((name) => !LEGACY.has(name)),
    ...IGNORED_HF_FIELD_NAMES,
  ];
  const values: Record<string, unknown> = {};
  const remarkableIgnored: [string, unknown][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (name in declared) {
      values[name] = value;
    } else if (!isIgnoredHfField(name)) {
      throw unknownFieldError(name, candidates, source);
    } else if (isRemarkableIgnoredValue(name, value)) {
      remarkableIgnored.push([name, value]);
    }
  }
  return { values, remarkableIgnored };
}

/**
 * Validates user input and applies HF's __post_init__: the counterpart of constructing an HF TrainingArguments.
 * `schema` is the trainingArgumentsSchema or an extension of it (a subclass's extra fields pass through unchanged).
 */
export function resolveTrainingArguments(
  input: unknown,
  schema: TrainingArgumentsSchema,
  source: ArgumentSource | undefined,
): ResolvedTrainingArguments {
  const declared = schema.shape as Record<string, unknown>;
  const { values, remarkableIgnored } = splitInput(asFieldMapping(input, source), declared, source);
  const parsed: ParsedFields = parseFields(schema, values, source);
  const context = createResolveContext(values, source);
  if (remarkableIgnored.length > 0) {
    const listed = remarkableIgnored.map(([name, value]) => `${name}=${formatReceived(value)}`).join(", ");
    context.warn(remarkableIgnored[0][0], `ignoring fields tfjs-trainer does not support: ${listed}`);
  }

  const draft = { ...parsed, include_for_metrics: [...parsed.include_for_metrics] };
  applyLegacyFields(parsed, draft, context);
  deriveDependentFields(draft, context);

  const normalized: Pick<TrainingArgumentsFields, Exclude<NormalizedFieldName, LegacyFieldName>> = {
    output_dir: normalizeOutputDir(draft.output_dir),
    lr_scheduler_kwargs: normalizeSchedulerKwargs(draft.lr_scheduler_kwargs, context),
    include_num_input_tokens_seen: normalizeInputTokensSeen(draft.include_num_input_tokens_seen),
    disable_tqdm: normalizeDisableTqdm(draft.disable_tqdm, draft.log_level),
    report_to: normalizeReportTo(draft.report_to, context),
    include_for_metrics: draft.include_for_metrics,
    label_names: draft.label_names,
    resume_from_checkpoint: normalizeResumeFromCheckpoint(draft.resume_from_checkpoint),
  };
  const resolved: Record<string, unknown> = { ...draft, ...normalized };
  validateFieldRules(draft, context);

  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(declared)) {
    if (!LEGACY.has(name)) fields[name] = resolved[name];
  }
  return { fields: fields as ResolvedTrainingArguments["fields"], warnings: context.warnings };
}
