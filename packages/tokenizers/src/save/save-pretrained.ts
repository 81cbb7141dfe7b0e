import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { TokenizerError } from "../errors";

/** The files of a tokenizer folder, as HF's `PreTrainedTokenizerFast.save_pretrained` names them. */
export interface TokenizerFolderFiles {
  tokenizerJson: string;
  tokenizerConfig: Record<string, unknown>;
  specialTokensMap: Record<string, string>;
}

/** Each file goes to a temporary name and is renamed into place, so a crash never leaves a half-written one. */
export async function writeTokenizerFolder(dir: string, files: TokenizerFolderFiles): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, "tokenizer.json"), files.tokenizerJson);
    await writeFileAtomic(
      join(dir, "tokenizer_config.json"),
      `${JSON.stringify(files.tokenizerConfig, null, 2)}\n`,
    );
    await writeFileAtomic(
      join(dir, "special_tokens_map.json"),
      `${JSON.stringify(files.specialTokensMap, null, 2)}\n`,
    );
  } catch (error) {
    throw new TokenizerError(`cannot save the tokenizer to ${dir}: ${(error as Error).message}`, dir);
  }
}
