import { TokenizerError } from "../errors";
import { SPECIAL_TOKEN_ROLES, type SpecialTokenRole, type SpecialTokens } from "../types";

/**
 * Reads `<role>_token` entries of tokenizer_config.json or special_tokens_map.json: a string, or the
 * `{ "content": … }` object older transformers versions wrote; null means none.
 */
export function readSpecialTokens(source: Record<string, unknown> | undefined, file: string): SpecialTokens {
  const tokens: SpecialTokens = {};
  if (!source) return tokens;
  for (const role of SPECIAL_TOKEN_ROLES) {
    const key = `${role}_token`;
    const value = source[key];
    if (value === undefined || value === null) continue;
    if (typeof value === "string") tokens[role] = value;
    else if (typeof value === "object" && typeof (value as { content?: unknown }).content === "string") {
      tokens[role] = (value as { content: string }).content;
    } else throw new TokenizerError(`${file}: ${key} must be a string or an object with "content"`, file);
  }
  return tokens;
}

/** Names HF checkpoints give their special tokens, and the roles each one plays. */
const WELL_KNOWN_ROLES: Record<string, SpecialTokenRole[]> = {
  "[PAD]": ["pad"],
  "<pad>": ["pad"],
  "[UNK]": ["unk"],
  "<unk>": ["unk"],
  "[CLS]": ["cls"],
  "[SEP]": ["sep"],
  "[MASK]": ["mask"],
  "<mask>": ["mask"],
  "<s>": ["bos"],
  "</s>": ["eos"],
  "<|endoftext|>": ["bos", "eos", "unk"],
};

type Json = Record<string, unknown>;

/**
 * Special tokens of a tokenizer.json loaded without a tokenizer_config.json: the model's unk token, the post
 * processor's cls/sep, the padding section's pad token, then added special tokens with a well-known name.
 */
export function inferSpecialTokens(tokenizerJson: Json): SpecialTokens {
  const tokens: SpecialTokens = {};
  const offer = (role: SpecialTokenRole, token: unknown) => {
    if (typeof token === "string" && tokens[role] === undefined) tokens[role] = token;
  };
  offer("unk", (tokenizerJson.model as Json | null)?.unk_token);
  const processor = tokenizerJson.post_processor as Json | null;
  if (processor?.type === "BertProcessing" || processor?.type === "RobertaProcessing") {
    offer("cls", (processor.cls as unknown[] | undefined)?.[0]);
    offer("sep", (processor.sep as unknown[] | undefined)?.[0]);
  } else if (processor?.type === "TemplateProcessing") {
    const { before, after } = templateSpecialTokens(processor.single);
    offer("cls", before);
    offer("sep", after);
  }
  offer("pad", (tokenizerJson.padding as Json | null)?.pad_token);
  for (const added of (tokenizerJson.added_tokens as Json[] | undefined) ?? []) {
    if (added.special !== true || typeof added.content !== "string") continue;
    for (const role of WELL_KNOWN_ROLES[added.content] ?? []) offer(role, added.content);
  }
  return tokens;
}

/** The special token right before `$A` and the first one after it in a TemplateProcessing single template. */
function templateSpecialTokens(template: unknown): { before?: string; after?: string } {
  if (!Array.isArray(template)) return {};
  const pieces = template as Json[];
  const sequenceAt = pieces.findIndex((piece) => piece.Sequence !== undefined);
  if (sequenceAt < 0) return {};
  const specialId = (piece: Json | undefined) =>
    (piece?.SpecialToken as Json | undefined)?.id as string | undefined;
  return { before: specialId(pieces[sequenceAt - 1]), after: specialId(pieces[sequenceAt + 1]) };
}
