import { z } from "zod";

/** A generation config: a folder holding generation_config.json, a JSON file, or the object itself (HF names). */
export const generationConfigArgument = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);

/**
 * The fields HF's Seq2SeqTrainingArguments adds to TrainingArguments, with HF's names and defaults. Core's
 * TrainingArguments accepts these names and ignores them, so they are read from the plugin's options, or from
 * {@link Seq2SeqTrainingArguments} when the trainer's arguments are of that class.
 */
export const seq2seqArgumentsShape = {
  predict_with_generate: z
    .boolean()
    .default(false)
    .describe(
      "Whether evaluate() and predict() generate (to compute generative metrics such as ROUGE or BLEU).",
    ),
  generation_max_length: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(null)
    .describe(
      "max_length of generate() in evaluate()/predict(); null: the model's generation config decides.",
    ),
  generation_num_beams: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(null)
    .describe(
      "num_beams of generate() in evaluate()/predict(); null: the model's generation config decides.",
    ),
  generation_config: generationConfigArgument
    .nullable()
    .default(null)
    .describe(
      "Replaces the model's generation config: a folder with generation_config.json, a JSON file, or an object.",
    ),
};

/** Where -100 (the ignore index) is replaced by the pad token before metrics see the ids (HF issue #22634). */
export const REPLACE_IGNORE_INDEX = ["none", "predictions", "labels", "both"] as const;
export type ReplaceIgnoreIndex = (typeof REPLACE_IGNORE_INDEX)[number];

/**
 * The plugin's options. The four HF fields are optional: one left out is taken from the trainer's arguments when
 * they declare it (Seq2SeqTrainingArguments), else HF's default.
 */
export const seq2seqOptionsSchema = z.object({
  predict_with_generate: seq2seqArgumentsShape.predict_with_generate.removeDefault().optional(),
  generation_max_length: seq2seqArgumentsShape.generation_max_length.removeDefault().optional(),
  generation_num_beams: seq2seqArgumentsShape.generation_num_beams.removeDefault().optional(),
  generation_config: seq2seqArgumentsShape.generation_config.removeDefault().optional(),
  /**
   * The id that pads generated ids and labels to the generation length: what HF takes from the tokenizer
   * (processing_class.pad_token_id, else its eos_token_id). Default: the model config's pad_token_id.
   */
  padTokenId: z.number().int().min(0).nullable().default(null),
  /**
   * Replace -100 by the pad token in the predictions, the labels or both, after the batches are concatenated and
   * before metrics and predict() see them, so `tokenizer.batchDecode` never meets -100. Default "none" (HF's output).
   */
  replaceIgnoreIndex: z.enum(REPLACE_IGNORE_INDEX).default("none"),
});

export type Seq2SeqOptions = z.input<typeof seq2seqOptionsSchema>;
export type ResolvedSeq2SeqOptions = z.output<typeof seq2seqOptionsSchema>;

/** The four HF fields as the trainer uses them (plugin options, then the arguments, then HF's defaults). */
export interface Seq2SeqSettings {
  predict_with_generate: boolean;
  generation_max_length: number | null;
  generation_num_beams: number | null;
  generation_config: string | Record<string, unknown> | null;
}

const FIELDS = [
  "predict_with_generate",
  "generation_max_length",
  "generation_num_beams",
  "generation_config",
] as const satisfies readonly (keyof Seq2SeqSettings)[];

/** Each field: the option when given, else the arguments' field when they declare it, else HF's default. */
export function resolveSettings(options: ResolvedSeq2SeqOptions, args: object): Seq2SeqSettings {
  const fromArgs = args as Partial<Record<keyof Seq2SeqSettings, unknown>>;
  const settings: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = options[field] !== undefined ? options[field] : fromArgs[field];
    settings[field] = value !== undefined ? value : seq2seqArgumentsShape[field].parse(undefined);
  }
  return settings as unknown as Seq2SeqSettings;
}
