import { readFile } from "node:fs/promises";
import { TokenizerError } from "../errors";

/** Reads a file that must exist and hold a JSON object; returns the text (kept verbatim) and the parsed object. */
export async function readJsonObjectFile(
  path: string,
): Promise<{ text: string; value: Record<string, unknown> }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new TokenizerError(`cannot read ${path}: ${(error as Error).message}`, path);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TokenizerError(`${path} is not valid JSON: ${(error as Error).message}`, path);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TokenizerError(`${path} must hold a JSON object`, path);
  }
  return { text, value: value as Record<string, unknown> };
}
