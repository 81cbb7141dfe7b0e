import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SpecialTokens, TrainTokenizerOptions } from "../types";
import { BPE_SPECIAL_TOKEN, trainByteLevelBpe } from "./bpe";
import { writeTextsFile } from "./corpus";
import { validateTrainOptions } from "./validate-train-options";
import { trainWordPiece } from "./wordpiece";

export interface TrainedTokenizer {
  tokenizerJson: string;
  /** tokenizer_config.json as HF's save_pretrained writes it for such a tokenizer. */
  tokenizerConfig: Record<string, unknown>;
}

/** Trains in a temporary folder (removed afterwards) and returns the tokenizer.json text and its config. */
export async function trainTokenizer(options: TrainTokenizerOptions): Promise<TrainedTokenizer> {
  await validateTrainOptions(options);
  const workDir = await mkdtemp(join(tmpdir(), "tfjs-trainer-tokenizers-"));
  try {
    const files = options.files ?? [await writeTextsFile(options.texts!, workDir)];
    const tokenizerJson =
      options.model === "wordpiece"
        ? await trainWordPiece(files, options.vocabSize, options.lowercase ?? true, workDir)
        : await trainByteLevelBpe(files, options.vocabSize, workDir);
    const specialTokens: SpecialTokens =
      options.model === "wordpiece"
        ? { pad: "[PAD]", unk: "[UNK]", cls: "[CLS]", sep: "[SEP]", mask: "[MASK]" }
        : { bos: BPE_SPECIAL_TOKEN, eos: BPE_SPECIAL_TOKEN, unk: BPE_SPECIAL_TOKEN, pad: BPE_SPECIAL_TOKEN };
    const tokenizerConfig: Record<string, unknown> = {
      clean_up_tokenization_spaces: false,
      tokenizer_class: "PreTrainedTokenizerFast",
      ...Object.fromEntries(Object.entries(specialTokens).map(([role, token]) => [`${role}_token`, token])),
    };
    if (options.modelMaxLength !== undefined) tokenizerConfig.model_max_length = options.modelMaxLength;
    return { tokenizerJson, tokenizerConfig };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
