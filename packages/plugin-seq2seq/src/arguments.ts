import {
  IGNORED_HF_FIELD_NAMES,
  TrainingArguments,
  type TrainingArgumentsInit,
  type TrainingArgumentsOptions,
  trainingArgumentsSchema,
} from "@tfjs-trainer/core";
import type { z } from "zod";
import { seq2seqArgumentsShape } from "./options.js";

/** TrainingArguments' schema plus HF's Seq2SeqTrainingArguments fields (appended, in HF's order). */
export const seq2seqTrainingArgumentsSchema = trainingArgumentsSchema.extend(seq2seqArgumentsShape);

/** What the constructor accepts: TrainingArguments' fields and the four generation fields. */
export type Seq2SeqTrainingArgumentsInit = TrainingArgumentsInit &
  Partial<z.input<z.ZodObject<typeof seq2seqArgumentsShape>>>;

const DECLARED_HERE = new Set(Object.keys(seq2seqArgumentsShape));

/**
 * HF's Seq2SeqTrainingArguments: TrainingArguments plus predict_with_generate, generation_max_length,
 * generation_num_beams and generation_config, validated, written to training_args.json and read by the seq2seq
 * plugin when its own options leave them out. (sortish_sampler stays accepted and ignored, as in core.)
 */
export class Seq2SeqTrainingArguments extends TrainingArguments {
  static override readonly groupName: string = "Seq2SeqTrainingArguments";
  static override readonly description: string | undefined =
    "Hugging Face Seq2SeqTrainingArguments (transformers 5.x names).";
  static override readonly schema: z.ZodObject = seq2seqTrainingArgumentsSchema;
  static override readonly ignoredFieldNames: readonly string[] = IGNORED_HF_FIELD_NAMES.filter(
    (name) => !DECLARED_HERE.has(name),
  );

  declare readonly predict_with_generate: boolean;
  declare readonly generation_max_length: number | null;
  declare readonly generation_num_beams: number | null;
  declare readonly generation_config: string | Readonly<Record<string, unknown>> | null;

  constructor(init: Seq2SeqTrainingArgumentsInit = {}, options: TrainingArgumentsOptions = {}) {
    super(init as TrainingArgumentsInit, options);
  }

  override with(changes: Seq2SeqTrainingArgumentsInit, options: TrainingArgumentsOptions = {}): this {
    return super.with(changes as TrainingArgumentsInit, options);
  }
}
