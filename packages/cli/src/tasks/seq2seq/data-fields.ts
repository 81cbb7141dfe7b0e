import { z } from "zod";

/**
 * The `data:` fields run_summarization.py and run_translation.py share (their DataTrainingArguments, same names and
 * defaults).
 */
export const seq2seqDataShape = {
  source_prefix: z
    .string()
    .default("")
    .describe('Text put before every source, e.g. T5\'s "summarize: " or "translate English to German: ".'),
  max_source_length: z
    .number()
    .int()
    .positive()
    .default(1024)
    .describe("Source tokens kept (longer sources are truncated)."),
  max_target_length: z
    .number()
    .int()
    .positive()
    .default(128)
    .describe("Target tokens kept for training (longer targets are truncated)."),
  val_max_target_length: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "Target tokens kept for validation and test; also generate()'s max_length when generation_max_length is " +
        "unset (as in HF's scripts). Default: max_target_length.",
    ),
  add_prefix_space: z
    .boolean()
    .default(false)
    .describe(
      "Put a space before every source and target (HF tokenizers' add_prefix_space): a byte-level BPE marks a " +
        "word's leading space, so without it a target's first word is another token than the same word in the source.",
    ),
  num_beams: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "Beams of generate() in evaluate and predict; wins over generation_num_beams (as in HF's scripts).",
    ),
};

export type Seq2SeqData = z.output<z.ZodObject<typeof seq2seqDataShape>>;
