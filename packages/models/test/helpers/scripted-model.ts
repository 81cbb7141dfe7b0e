import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { generate } from "../../src/generation/generate.js";
import type { GenerateOptions } from "../../src/generation/options.js";
import type {
  DecoderCache,
  DecodeStepArgs,
  DecodeStepResult,
  EncoderState,
  GenerativeModel,
} from "../../src/generation/types.js";

/**
 * Next-token probabilities after the tokens generated so far (prompt, or decoder start token, excluded), given the
 * row's prompt (decoder-only) or source (encoder-decoder): the tokens named get those probabilities, the rest of the
 * mass is shared evenly by the other tokens. The fake model's logits are their logs, so log_softmax gives back
 * these log-probabilities.
 */
export type Script = (
  generated: readonly number[],
  context: { prompt: readonly number[]; source?: readonly number[] },
) => Partial<Record<number, number>>;

/** Rows seen so far, kept as a tensor so that generate()'s reorder and dispose calls are exercised for real. */
class RowCache implements DecoderCache {
  constructor(
    readonly rows: tf.Tensor2D,
    readonly promptLength: number,
  ) {}

  reorder(indices: tf.Tensor1D): RowCache {
    const next = new RowCache(tf.gather(this.rows, indices, 0), this.promptLength);
    this.dispose();
    return next;
  }

  dispose(): void {
    this.rows.dispose();
  }
}

class SourceState implements EncoderState {
  constructor(readonly source: tf.Tensor2D) {}

  select(indices: tf.Tensor1D): SourceState {
    return new SourceState(tf.gather(this.source, indices, 0));
  }

  dispose(): void {
    this.source.dispose();
  }
}

/** A GenerativeModel whose next-token distribution follows a script; it records how many tokens each step fed. */
export class ScriptedModel implements GenerativeModel {
  readonly fedLengths: number[] = [];
  /** The attention mask each step got (decoder-only). */
  readonly attentionMasks: number[][][] = [];
  encodeCalls = 0;

  constructor(
    readonly vocab: number,
    private readonly script: Script,
    readonly config: Record<string, unknown> = {},
    readonly isEncoderDecoder = false,
    readonly generationConfig?: Record<string, unknown>,
  ) {}

  encode(inputIds: tf.Tensor, _attentionMask: tf.Tensor): EncoderState {
    this.encodeCalls++;
    return new SourceState(tf.tidy(() => inputIds.toInt().clone() as tf.Tensor2D));
  }

  decodeStep(args: DecodeStepArgs): DecodeStepResult {
    const past = args.cache as RowCache | undefined;
    this.fedLengths.push(args.inputIds.shape[1] as number);
    if (args.attentionMask) this.attentionMasks.push(args.attentionMask.arraySync() as number[][]);
    const rows = tf.tidy(() =>
      past
        ? (tf.concat([past.rows, args.inputIds.toInt()], 1) as tf.Tensor2D)
        : (args.inputIds.toInt().clone() as tf.Tensor2D),
    );
    const promptLength =
      past?.promptLength ?? (this.isEncoderDecoder ? 0 : (args.inputIds.shape[1] as number));
    const sources = (args.encoder as SourceState | undefined)?.source.arraySync();
    const logits = rows.arraySync().map((row, i) =>
      this.logitsAfter(row.slice(promptLength), {
        prompt: row.slice(0, promptLength),
        source: sources?.[i],
      }),
    );
    return {
      logits: tf.tensor2d(logits, [logits.length, this.vocab]),
      cache: new RowCache(rows, promptLength),
    };
  }

  private logitsAfter(generated: number[], context: { prompt: number[]; source?: number[] }): number[] {
    // Encoder-decoder rows start with the decoder start token, which is not a generated token.
    const named = this.script(this.isEncoderDecoder ? generated.slice(1) : generated, context);
    const namedMass = Object.values(named).reduce((a: number, b) => a + (b ?? 0), 0);
    const others = this.vocab - Object.keys(named).length;
    const rest = (1 - namedMass) / others;
    return Array.from({ length: this.vocab }, (_, token) => Math.log(named[token] ?? rest));
  }
}

/** generate()'s token ids as nested arrays (the output tensor disposed). */
export async function generatedRows(
  model: GenerativeModel,
  prompts: number[][],
  options: GenerateOptions = {},
): Promise<number[][]> {
  const out = await generate(model, { inputIds: prompts }, options);
  const rows = (await out.array()) as number[][];
  out.dispose();
  return rows;
}

/** The scripted vocabulary 0…6 with eos 5 and pad 6, as the search tests write their expectations. */
export const SCRIPT_VOCAB = 7;
export const SCRIPT_EOS = 5;
export const SCRIPT_PAD = 6;

/**
 * generate() on a scripted model (eos and pad as above unless the options say otherwise), checking that every tensor
 * it made was disposed. Returns the rows and the model, whose records show what each step was fed.
 */
export async function runScript(
  script: Script,
  options: GenerateOptions,
  prompts: number[][] = [[1]],
  model = new ScriptedModel(SCRIPT_VOCAB, script),
): Promise<{ rows: number[][]; model: ScriptedModel }> {
  const before = tf.memory().numTensors;
  const rows = await generatedRows(model, prompts, {
    eosTokenId: SCRIPT_EOS,
    padTokenId: SCRIPT_PAD,
    ...options,
  });
  expect(tf.memory().numTensors).toBe(before);
  return { rows, model };
}
