import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import type { HostOutputs, HostTensor } from "tfjs-trainer";
import { firstOutput } from "../shared/argmax.js";

/** The label id the collator pads with and the evaluation loop fills between batches of different widths. */
const IGNORE_INDEX = -100;

/** Rows of token ids from a [rows, length] host tensor, -100 read as the pad id (HF: it cannot be decoded). */
export function idRows(tensor: HostTensor, padId: number): number[][] {
  const [rows, width] = tensor.shape;
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from(tensor.data.subarray(r * width, (r + 1) * width));
    out.push(row.map((id) => (id === IGNORE_INDEX ? padId : id)));
  }
  return out;
}

/**
 * The generated ids of an evaluation or prediction. Without predict_with_generate the step returns logits
 * (floats), which are no text: the metrics need generation, so the error says how to ask for it.
 */
export function generatedIds(predictions: HostOutputs, task: string): HostTensor {
  const tensor = firstOutput(predictions);
  if (tensor.dtype !== "int32" || tensor.shape.length !== 2) {
    throw new Error(
      `${task}: the metrics and the predictions file need generated token ids, but the evaluation returned ` +
        `${tensor.dtype} [${tensor.shape.join(", ")}] (logits): set predict_with_generate: true`,
    );
  }
  return tensor;
}

/** HF's batch_decode(skip_special_tokens=True), each text stripped (postprocess_text). */
export async function decodeRows(tokenizer: PreTrainedTokenizer, rows: number[][]): Promise<string[]> {
  const texts = await tokenizer.decodeBatch(rows, { skipSpecialTokens: true });
  return texts.map((text) => text.trim());
}

/** HF's gen_len: the mean count of generated ids that are not the pad id. */
export function meanGeneratedLength(rows: readonly number[][], padId: number): number {
  if (rows.length === 0) return 0;
  const total = rows.reduce((sum, row) => sum + row.filter((id) => id !== padId).length, 0);
  return total / rows.length;
}
