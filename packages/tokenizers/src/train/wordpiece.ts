import { join } from "node:path";
import { Tokenizer } from "tokenizers";
import { readLines, writeLines } from "./corpus";
import { keepFirst } from "./keep-first";
import { canonicalTokenizerJson, trainBpe } from "./rust-trainer";

export const WORDPIECE_SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
const PREFIX = "##";

/**
 * BERT-style WordPiece. The Rust WordPiece trainer numbers the "##x" pieces in hash-map order, which changes from
 * run to run and with it the order of equally frequent merges, so two runs on one corpus give different
 * vocabularies. Here the BPE trainer (deterministic) learns the same merges instead: every character after the
 * first of a word is written as a private-use stand-in, so "##x" pieces are ordinary symbols with fixed ids, and
 * the stand-ins are turned back into "##" pieces afterwards.
 */
export async function trainWordPiece(
  files: string[],
  vocabSize: number,
  lowercase: boolean,
  workDir: string,
): Promise<string> {
  const normalizer = {
    type: "BertNormalizer",
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase,
  };
  const prepare = Tokenizer.fromString(
    JSON.stringify({ ...wordPieceJson(normalizer, { "[UNK]": 0 }), added_tokens: [], post_processor: null }),
  );
  const splitWords = (line: string) =>
    prepare
      .getPreTokenizer()!
      .preTokenizeString(prepare.getNormalizer()!.normalizeString(line))
      .map(([word]) => word);

  const wordsFile = join(workDir, "words.txt");
  const firstChars = new Set<string>();
  const innerChars = new Set<string>();
  await writeLines(
    wordsFile,
    mapLines(readLines(files), (line) => {
      const words = splitWords(line);
      for (const word of words) {
        const [first, ...rest] = word;
        firstChars.add(first);
        for (const char of rest) innerChars.add(char);
      }
      return words.join(" ");
    }),
  );

  const standIn = standInsFor(innerChars, new Set([...firstChars, ...innerChars]));
  const original = new Map([...standIn].map(([char, mapped]) => [mapped, char]));
  const mappedFile = join(workDir, "mapped.txt");
  await writeLines(
    mappedFile,
    mapLines(readLines([wordsFile]), (line) =>
      line
        .split(" ")
        .map((word) => {
          const [first, ...rest] = word;
          return first === undefined ? "" : first + rest.map((char) => standIn.get(char)).join("");
        })
        .join(" "),
    ),
  );
  const trained = await trainBpe({ type: "WhitespaceSplit" }, [mappedFile], workDir);

  // Pieces a word can continue with: every inner character seen, and every character the pre-tokenizer would
  // leave inside a word, so text written in the training alphabet never needs [UNK].
  const alphabet = [...new Set([...firstChars, ...innerChars])].sort(byCodePoint);
  const continuations = alphabet.filter(
    (char) => innerChars.has(char) || splitWords(`a${char}`).length === 1,
  );
  const learnt = trained.tokens
    .filter((token) => [...token].length > 1)
    .map((token) => {
      const chars = [...token];
      const text = chars.map((char) => original.get(char) ?? char).join("");
      return original.has(chars[0]) ? PREFIX + text : text;
    });
  const vocab = keepFirst(
    [...WORDPIECE_SPECIAL_TOKENS, ...alphabet, ...continuations.map((char) => PREFIX + char), ...learnt],
    vocabSize,
    WORDPIECE_SPECIAL_TOKENS.length + alphabet.length + continuations.length,
  );
  return canonicalTokenizerJson(
    wordPieceJson(normalizer, Object.fromEntries(vocab.map((t, id) => [t, id]))),
    workDir,
  );
}

function wordPieceJson(normalizer: object, vocab: Record<string, number>) {
  const id = (token: string) => vocab[token];
  const special = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  const sequence = (name: "A" | "B", typeId: number) => ({ Sequence: { id: name, type_id: typeId } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: WORDPIECE_SPECIAL_TOKENS.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer,
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)],
      pair: [
        special("[CLS]", 0),
        sequence("A", 0),
        special("[SEP]", 0),
        sequence("B", 1),
        special("[SEP]", 1),
      ],
      special_tokens: Object.fromEntries(
        ["[CLS]", "[SEP]"].map((token) => [token, { id: token, ids: [id(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: "WordPiece", prefix: PREFIX, cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: PREFIX,
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

/** Stand-ins from the supplementary private-use planes, skipping any code point the corpus itself uses. */
function standInsFor(chars: Set<string>, used: Set<string>): Map<string, string> {
  const standIn = new Map<string, string>();
  let next = 0xf0000;
  for (const char of [...chars].sort(byCodePoint)) {
    while (used.has(String.fromCodePoint(next))) next += 1;
    standIn.set(char, String.fromCodePoint(next));
    next += 1;
  }
  return standIn;
}

function byCodePoint(a: string, b: string): number {
  return a.codePointAt(0)! - b.codePointAt(0)!;
}

async function* mapLines(
  lines: AsyncIterable<string>,
  map: (line: string) => string,
): AsyncGenerator<string> {
  for await (const line of lines) yield map(line);
}
