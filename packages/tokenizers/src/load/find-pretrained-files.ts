import { stat } from "node:fs/promises";
import { join } from "node:path";
import { TokenizerError } from "../errors";
import { readJsonObjectFile } from "./read-json-file";

/** What `fromPretrained` reads: tokenizer.json, and beside it in a folder the optional HF config files. */
export interface PretrainedFiles {
  tokenizerJsonPath: string;
  tokenizerJson: string;
  tokenizerConfig?: Record<string, unknown>;
  specialTokensMap?: Record<string, unknown>;
}

const TOKENIZER_FILE = "tokenizer.json";
const CONFIG_FILE = "tokenizer_config.json";
const SPECIAL_TOKENS_FILE = "special_tokens_map.json";

/**
 * `path` is a folder as `save_pretrained` writes it or as a downloaded HF checkpoint has it, or a tokenizer.json.
 * A lone tokenizer.json is read without the files beside it, as HF's `tokenizer_file=` does.
 */
export async function findPretrainedFiles(path: string): Promise<PretrainedFiles> {
  const kind = await pathKind(path);
  if (kind === "missing") throw new TokenizerError(`no tokenizer at ${path}: the path does not exist`, path);
  if (kind === "file") {
    return { tokenizerJsonPath: path, tokenizerJson: (await readJsonObjectFile(path)).text };
  }
  const tokenizerJsonPath = join(path, TOKENIZER_FILE);
  if ((await pathKind(tokenizerJsonPath)) !== "file") {
    throw new TokenizerError(
      `${path} has no ${TOKENIZER_FILE}: give a folder written by save_pretrained (or a downloaded HF checkpoint ` +
        `folder with a fast tokenizer), or the path of a ${TOKENIZER_FILE}`,
      path,
    );
  }
  return {
    tokenizerJsonPath,
    tokenizerJson: (await readJsonObjectFile(tokenizerJsonPath)).text,
    tokenizerConfig: await readOptionalJson(join(path, CONFIG_FILE)),
    specialTokensMap: await readOptionalJson(join(path, SPECIAL_TOKENS_FILE)),
  };
}

async function readOptionalJson(path: string): Promise<Record<string, unknown> | undefined> {
  if ((await pathKind(path)) === "missing") return undefined;
  return (await readJsonObjectFile(path)).value;
}

async function pathKind(path: string): Promise<"missing" | "file" | "folder"> {
  try {
    return (await stat(path)).isDirectory() ? "folder" : "file";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw new TokenizerError(`cannot read ${path}: ${(error as Error).message}`, path);
  }
}
