import { cleanUpTokenization } from "./clean-up-tokenization";
import { Backends } from "./encode/backends";
import { encodeSequences } from "./encode/encode-sequences";
import { encodeWords } from "./encode/encode-words";
import { type ResolvedEncodeOptions, resolveEncodeOptions } from "./encode/resolve-encode-options";
import { TokenizerError } from "./errors";
import { findPretrainedFiles } from "./load/find-pretrained-files";
import { configFileOf, resolveSpecialTokens } from "./load/resolve-special-tokens";
import { writeTokenizerFolder } from "./save/save-pretrained";
import { buildSpecialTokensMap, buildTokenizerConfig, readModelMaxLength } from "./save/tokenizer-config";
import { trainTokenizer } from "./train/train-tokenizer";
import type {
  DecodeOptions,
  EncodeOptions,
  Encoding,
  SpecialTokenRole,
  SpecialTokens,
  TrainTokenizerOptions,
} from "./types";

/** The HF config files that may come with a tokenizer.json; `source` names it in errors. */
export interface TokenizerJsonOptions {
  tokenizerConfig?: Record<string, unknown>;
  specialTokensMap?: Record<string, unknown>;
  source?: string;
}

/**
 * HF's `PreTrainedTokenizerFast` over the Rust `tokenizers` library: tokenizer.json does the tokenizing;
 * tokenizer_config.json / special_tokens_map.json give the special tokens and model_max_length.
 */
export class PreTrainedTokenizer {
  readonly modelMaxLength: number | undefined;
  private readonly backends: Backends;
  private readonly specialTokens: SpecialTokens;
  private readonly cleanUpTokenizationSpaces: boolean;

  private constructor(
    private readonly tokenizerJson: string,
    private readonly loadedConfig: Record<string, unknown> | undefined,
    specialTokens: SpecialTokens,
    backends: Backends,
    modelType: unknown,
  ) {
    this.backends = backends;
    this.specialTokens = specialTokens;
    this.modelMaxLength = readModelMaxLength(loadedConfig);
    // transformers 5 never cleans up after a BPE model: it would remove real spaces before punctuation.
    this.cleanUpTokenizationSpaces =
      loadedConfig?.clean_up_tokenization_spaces === true && modelType !== "BPE";
  }

  /**
   * A folder as HF's `save_pretrained` writes it or as a downloaded HF checkpoint has it (tokenizer.json, with
   * tokenizer_config.json and special_tokens_map.json when present), or the path of a tokenizer.json.
   */
  static async fromPretrained(path: string): Promise<PreTrainedTokenizer> {
    const files = await findPretrainedFiles(path);
    return PreTrainedTokenizer.fromTokenizerJson(files.tokenizerJson, {
      tokenizerConfig: files.tokenizerConfig,
      specialTokensMap: files.specialTokensMap,
      source: files.tokenizerJsonPath,
    });
  }

  /** From the text of a tokenizer.json (and the config objects that come with it). */
  static fromTokenizerJson(tokenizerJson: string, options: TokenizerJsonOptions = {}): PreTrainedTokenizer {
    const source = options.source ?? "tokenizer.json";
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(tokenizerJson);
    } catch (error) {
      throw new TokenizerError(`${source} is not valid JSON: ${(error as Error).message}`, source);
    }
    let backends: Backends;
    try {
      backends = new Backends(parsed);
    } catch (error) {
      throw new TokenizerError(
        `${source} is not a tokenizer.json the tokenizers library can load: ${(error as Error).message}`,
        source,
      );
    }
    const { tokenizerConfig } = options;
    const specialTokens = resolveSpecialTokens(
      { tokenizerJson: parsed, tokenizerConfig, specialTokensMap: options.specialTokensMap, source },
      (token) => backends.plain.tokenToId(token) !== null,
    );
    const modelMaxLength = tokenizerConfig?.model_max_length;
    if (modelMaxLength !== undefined && !(typeof modelMaxLength === "number" && modelMaxLength > 0)) {
      throw new TokenizerError(
        `${configFileOf(source)}: model_max_length must be a positive number`,
        configFileOf(source),
      );
    }
    const modelType = (parsed.model as { type?: unknown } | undefined)?.type;
    return new PreTrainedTokenizer(tokenizerJson, tokenizerConfig, specialTokens, backends, modelType);
  }

  /** Trains a WordPiece or byte-level BPE tokenizer of exactly `vocabSize` entries (see the README). */
  static async train(options: TrainTokenizerOptions): Promise<PreTrainedTokenizer> {
    const { tokenizerJson, tokenizerConfig } = await trainTokenizer(options);
    return PreTrainedTokenizer.fromTokenizerJson(tokenizerJson, {
      tokenizerConfig,
      source: "trained tokenizer",
    });
  }

  /** Entries in the vocabulary, added tokens included (HF's `len(tokenizer)`): the size of a model's embeddings. */
  get vocabSize(): number {
    return this.backends.plain.getVocabSize(true);
  }

  get padToken(): string | undefined {
    return this.specialTokens.pad;
  }
  get unkToken(): string | undefined {
    return this.specialTokens.unk;
  }
  get clsToken(): string | undefined {
    return this.specialTokens.cls;
  }
  get sepToken(): string | undefined {
    return this.specialTokens.sep;
  }
  get maskToken(): string | undefined {
    return this.specialTokens.mask;
  }
  get bosToken(): string | undefined {
    return this.specialTokens.bos;
  }
  get eosToken(): string | undefined {
    return this.specialTokens.eos;
  }
  get padTokenId(): number | undefined {
    return this.specialTokenId("pad");
  }
  get unkTokenId(): number | undefined {
    return this.specialTokenId("unk");
  }
  get clsTokenId(): number | undefined {
    return this.specialTokenId("cls");
  }
  get sepTokenId(): number | undefined {
    return this.specialTokenId("sep");
  }
  get maskTokenId(): number | undefined {
    return this.specialTokenId("mask");
  }
  get bosTokenId(): number | undefined {
    return this.specialTokenId("bos");
  }
  get eosTokenId(): number | undefined {
    return this.specialTokenId("eos");
  }

  /** HF's `tokenizer(text, pair, …)` for one input. */
  async encode(text: string, pair?: string, options?: EncodeOptions): Promise<Encoding> {
    checkText(text, "encode: text");
    if (pair !== undefined)
      checkText(pair, "encode: pair (options go third: encode(text, undefined, options))");
    const resolved = this.resolve(options);
    const [encoded] = await this.run(() => encodeSequences(this.backends, [{ text, pair }], resolved));
    return encoded;
  }

  /** HF's `is_split_into_words=True`: `wordIds` index into `words` (token classification labels). */
  async encodeWords(words: string[], options?: EncodeOptions): Promise<Encoding> {
    const resolved = this.resolve(options);
    return this.run(() => encodeWords(this.backends, words, resolved));
  }

  /** Texts and [text, pair] tuples, encoded in parallel by the Rust library. */
  async encodeBatch(texts: (string | [string, string])[], options?: EncodeOptions): Promise<Encoding[]> {
    if (!Array.isArray(texts))
      throw new TokenizerError("encodeBatch takes an array of texts or [text, pair] tuples");
    const inputs = texts.map((item, i) => {
      if (typeof item === "string") return { text: item };
      if (Array.isArray(item) && item.length === 2) {
        checkText(item[0], `encodeBatch: texts[${i}][0]`);
        checkText(item[1], `encodeBatch: texts[${i}][1]`);
        return { text: item[0], pair: item[1] };
      }
      throw new TokenizerError(`encodeBatch: texts[${i}] is neither a string nor a [text, pair] tuple`);
    });
    const resolved = this.resolve(options);
    return this.run(() => encodeSequences(this.backends, inputs, resolved));
  }

  async decode(ids: number[], options: DecodeOptions = {}): Promise<string> {
    checkIds(ids, "ids");
    const text = await this.run(() => this.backends.plain.decode(ids, options.skipSpecialTokens ?? false));
    return this.cleanUpTokenizationSpaces ? cleanUpTokenization(text) : text;
  }

  async decodeBatch(batch: number[][], options: DecodeOptions = {}): Promise<string[]> {
    if (!Array.isArray(batch)) throw new TokenizerError("decodeBatch takes an array of id arrays");
    for (const [i, ids] of batch.entries()) checkIds(ids, `batch[${i}]`);
    const texts = await this.run(() =>
      this.backends.plain.decodeBatch(batch, options.skipSpecialTokens ?? false),
    );
    return this.cleanUpTokenizationSpaces ? texts.map(cleanUpTokenization) : texts;
  }

  tokenToId(token: string): number | undefined {
    return this.backends.plain.tokenToId(token) ?? undefined;
  }

  idToToken(id: number): string | undefined {
    return this.backends.plain.idToToken(id) ?? undefined;
  }

  /** Token → id for the whole vocabulary, added tokens included. */
  getVocab(): Record<string, number> {
    return this.backends.plain.getVocab(true);
  }

  /** The tokenizer.json text this tokenizer was built from (byte-identical across trainings on one corpus). */
  toTokenizerJson(): string {
    return this.tokenizerJson;
  }

  /** tokenizer.json + tokenizer_config.json + special_tokens_map.json, each written atomically, loadable by HF. */
  async savePretrained(dir: string): Promise<void> {
    await writeTokenizerFolder(dir, {
      tokenizerJson: this.tokenizerJson,
      tokenizerConfig: buildTokenizerConfig(
        this.loadedConfig,
        this.specialTokens,
        this.modelMaxLength,
        this.loadedConfig?.clean_up_tokenization_spaces === true,
      ),
      specialTokensMap: buildSpecialTokensMap(this.specialTokens),
    });
  }

  private specialTokenId(role: SpecialTokenRole): number | undefined {
    const token = this.specialTokens[role];
    return token === undefined ? undefined : this.tokenToId(token);
  }

  private resolve(options: EncodeOptions | undefined): ResolvedEncodeOptions {
    return resolveEncodeOptions(options, {
      modelMaxLength: this.modelMaxLength,
      padToken: this.padToken,
      padTokenId: this.padTokenId,
    });
  }

  /** Turns what the Rust library rejects about an input (e.g. a pair too short to truncate) into a TokenizerError. */
  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof TokenizerError) throw error;
      throw new TokenizerError(`tokenizers: ${(error as Error).message}`);
    }
  }
}

function checkText(value: unknown, name: string): void {
  if (typeof value !== "string") throw new TokenizerError(`${name} must be a string`);
}

function checkIds(ids: unknown, name: string): void {
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id) && id >= 0 && id < 2 ** 32)) {
    throw new TokenizerError(`decode: ${name} must be an array of non-negative integer ids`);
  }
}
