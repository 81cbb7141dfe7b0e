/** HF's cap on a length nobody set when the tokenizer allows more (or sets no limit). */
const HF_DEFAULT_CAP = 1024;

/**
 * run_clm's block_size / run_mlm's max_seq_length: the configured value, at most the tokenizer's model_max_length
 * (with a warning, as HF); unset, the tokenizer's model_max_length capped at 1024 and at the checkpoint's
 * position table when the run starts from one.
 */
export function resolveSequenceLength(
  configured: number | undefined,
  field: string,
  modelMaxLength: number | undefined,
  pretrainedConfig: Record<string, unknown> | undefined,
  log: (message: string) => void,
): number {
  if (configured !== undefined) {
    if (modelMaxLength !== undefined && configured > modelMaxLength) {
      log(
        `${field} ${configured} is more than the tokenizer's model_max_length ${modelMaxLength}: using ${modelMaxLength}`,
      );
      return modelMaxLength;
    }
    return configured;
  }
  const positions = pretrainedConfig?.n_positions ?? pretrainedConfig?.max_position_embeddings;
  const limits = [modelMaxLength, typeof positions === "number" ? positions : undefined, HF_DEFAULT_CAP];
  const length = Math.min(...limits.filter((limit): limit is number => limit !== undefined));
  log(`${field} not set: using ${length}`);
  return length;
}
