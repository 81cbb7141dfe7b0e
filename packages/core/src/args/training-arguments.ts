import type { z } from "zod";
import type { ArgumentSource } from "./argument-error.js";
import type { FromDictOptions } from "./argument-group.js";
import { IGNORED_HF_FIELD_NAMES } from "./hf-ignored-fields.js";
import { resolveTrainingArguments, type TrainingArgumentsFields } from "./resolve-training-arguments.js";
import { type StepIntervalKind, stepsFromInterval, warmupStepsFor } from "./step-counts.js";
import {
  LEGACY_FIELD_NAMES,
  type TrainingArgumentsInit,
  type TrainingArgumentsSchema,
  trainingArgumentsSchema,
} from "./training-arguments-schema.js";
import { asFieldMapping } from "./validate-fields.js";
import { warnOnce } from "./warnings.js";

export interface TrainingArgumentsOptions extends FromDictOptions {
  /** Where the values came from, for error messages: a file path, "command line", or a function per field. */
  source?: ArgumentSource;
}

/** A JSON copy of every field, as written to training_args.json. */
export type TrainingArgumentsDict = TrainingArgumentsFields & Record<string, unknown>;

type TrainingArgumentsClass<T> = new (init?: TrainingArgumentsInit, options?: TrainingArgumentsOptions) => T;

/** A base class whose instances carry a typed, read-only copy of the fields it is given. */
function withFields<F extends object>() {
  return class {
    constructor(fields: F) {
      Object.assign(this, fields);
    }
  } as unknown as new (
    fields: F,
  ) => Readonly<F>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const LEGACY = new Set<string>(LEGACY_FIELD_NAMES);

/**
 * Hugging Face's TrainingArguments for the tfjs Trainer: HF's field names (snake_case) and 5.x defaults, validated
 * and resolved on construction as HF's __post_init__ does, then frozen. Change fields with {@link with}, which
 * validates again.
 *
 * Subclasses may add fields by overriding the static `schema` with an extension of {@link trainingArgumentsSchema}
 * (and `declare`-ing the new fields); instances are frozen, so subclasses cannot add instance properties.
 */
export class TrainingArguments extends withFields<TrainingArgumentsFields>() {
  /** The group name shown by the argument parser, like HF's dataclass name. */
  static readonly groupName: string = "TrainingArguments";
  static readonly description: string | undefined =
    "Hugging Face TrainingArguments (transformers 5.x names).";
  /** The fields' schema (an extension of {@link trainingArgumentsSchema} in subclasses). */
  static readonly schema: z.ZodObject = trainingArgumentsSchema;
  /** HF fields accepted and ignored, with a warning when their value asks for something unsupported. */
  static readonly ignoredFieldNames: readonly string[] = IGNORED_HF_FIELD_NAMES;

  /** Deprecations and ignored fields met while resolving (also sent to the warning handler). */
  readonly warnings: readonly string[];
  readonly #input: Readonly<Record<string, unknown>>;

  constructor(init: TrainingArgumentsInit = {}, options: TrainingArgumentsOptions = {}) {
    const schema = (new.target as typeof TrainingArguments).schema as TrainingArgumentsSchema;
    const { fields, warnings } = resolveTrainingArguments(init, schema, options.source);
    // Cloned before freezing, so objects the caller passed in (lr_scheduler_kwargs) stay theirs to change.
    super(deepFreeze(structuredClone(fields)));
    this.warnings = Object.freeze(warnings);
    this.#input = Object.freeze({ ...init });
    const onWarning = options.onWarning ?? warnOnce;
    for (const warning of warnings) onWarning(warning);
    Object.freeze(this);
  }

  /** Builds arguments from a plain object (a parsed JSON/YAML config, a training_args.json), validating strictly. */
  static fromDict<T extends TrainingArguments>(
    this: TrainingArgumentsClass<T>,
    values: unknown,
    source?: ArgumentSource,
    options: FromDictOptions = {},
  ): T {
    return new this(asFieldMapping(values, source) as TrainingArgumentsInit, { ...options, source });
  }

  /**
   * New arguments with some fields changed, resolved from the original input plus the changes (so a derived value
   * such as eval_steps follows a changed logging_steps, as it would have at construction).
   */
  with(changes: TrainingArgumentsInit, options: TrainingArgumentsOptions = {}): this {
    const Class = this.constructor as TrainingArgumentsClass<this>;
    return new Class({ ...this.#input, ...changes } as TrainingArgumentsInit, options);
  }

  /** Every field as a plain JSON object, in HF's field order: what training_args.json holds. */
  toDict(): TrainingArgumentsDict {
    const schema = (this.constructor as typeof TrainingArguments).schema;
    const dict: Record<string, unknown> = {};
    for (const name of Object.keys(schema.shape)) {
      if (!LEGACY.has(name)) dict[name] = structuredClone((this as Record<string, unknown>)[name]);
    }
    return dict as TrainingArgumentsDict;
  }

  /** `toDict()` as indented JSON (HF's to_json_string). */
  toJSONString(): string {
    return JSON.stringify(this.toDict(), null, 2);
  }

  toJSON(): TrainingArgumentsDict {
    return this.toDict();
  }

  /** HF's get_warmup_steps: warmup_steps when it is a count, else that fraction of the steps, rounded up. */
  getWarmupSteps(numTrainingSteps: number): number {
    return warmupStepsFor(this.warmup_steps, numTrainingSteps);
  }

  /**
   * The logging, evaluation or save interval in optimizer steps for a run of `maxSteps` steps: fractions below 1
   * become `Math.ceil(maxSteps * fraction)`, as HF's Trainer computes them. eval_steps may be null (no "steps"
   * evaluation), and then so is the result.
   */
  resolveSteps(kind: "logging" | "save", maxSteps: number): number;
  resolveSteps(kind: StepIntervalKind, maxSteps: number): number | null;
  resolveSteps(kind: StepIntervalKind, maxSteps: number): number | null {
    const interval =
      kind === "logging" ? this.logging_steps : kind === "save" ? this.save_steps : this.eval_steps;
    return interval === null ? null : stepsFromInterval(interval, maxSteps);
  }

  /** The optimizer family: HF's "adamw_torch" and "adamw_torch_fused" are one AdamW here. */
  get optimizerKind(): "adamw" | "sgd" {
    return this.optim === "sgd" ? "sgd" : "adamw";
  }
}
