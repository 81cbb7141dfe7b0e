import { z } from "zod";

/** `model:` — a checkpoint folder to start from, or an architecture and its config to train from scratch. */
export const modelSectionSchema = z
  .object({
    name_or_path: z
      .string()
      .optional()
      .describe("An HF checkpoint folder (config.json + model.safetensors), relative to the config file."),
    architecture: z
      .string()
      .optional()
      .describe("Class to build, e.g. BertForSequenceClassification; default: the task's."),
    config: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .optional()
      .describe("HF config fields for a model trained from scratch, or a path to a config.json."),
  })
  .strict();

export const tokenizerTrainSchema = z
  .object({
    model: z
      .enum(["wordpiece", "bpe"])
      .optional()
      .describe("Default: the task's (wordpiece for BERT, bpe for GPT-2)."),
    vocab_size: z.number().int().min(16).describe("Size of the vocabulary, special tokens included."),
    lowercase: z.boolean().optional(),
    files: z
      .array(z.string())
      .optional()
      .describe("Text files to train on; default: the text columns of the train split."),
  })
  .strict();

/** `tokenizer:` — a tokenizer.json (or a folder holding one), or one to train on the data first. */
export const tokenizerSectionSchema = z
  .object({
    name_or_path: z
      .string()
      .optional()
      .describe("tokenizer.json or a folder with one; default: the model's folder."),
    train: tokenizerTrainSchema.optional(),
  })
  .strict();

/** The `data:` fields every task has (HF example scripts' DataTrainingArguments). */
export const dataBaseShape = {
  train_file: z.string().optional().describe("JSON Lines (or a JSON array) with one example per row."),
  validation_file: z.string().optional(),
  test_file: z.string().optional(),
  max_train_samples: z.number().int().positive().optional(),
  max_eval_samples: z.number().int().positive().optional(),
  max_predict_samples: z.number().int().positive().optional(),
};

export const pluginEntrySchema = z.union([
  z.string(),
  z.tuple([z.string(), z.record(z.string(), z.unknown())]),
]);

/** Keys of a config that are sections; every other top-level key is a TrainingArguments field (HF's flat recipe). */
export const SECTION_KEYS = ["task", "model", "tokenizer", "data", "plugins"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export type ModelSection = z.output<typeof modelSectionSchema>;
export type TokenizerSection = z.output<typeof tokenizerSectionSchema>;
export type TokenizerTrainOptions = z.output<typeof tokenizerTrainSchema>;
export type PluginEntry = z.output<typeof pluginEntrySchema>;
