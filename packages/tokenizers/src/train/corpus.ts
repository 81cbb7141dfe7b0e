import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { TokenizerError } from "../errors";

/** Writes texts one per line, the form the Rust trainer reads; returns the file's path. */
export async function writeTextsFile(texts: Iterable<string>, dir: string): Promise<string> {
  const path = join(dir, "texts.txt");
  let index = 0;
  await writeLines(
    path,
    (function* () {
      for (const text of texts) {
        if (typeof text !== "string")
          throw new TokenizerError(`train option texts: item ${index} is not a string`);
        index += 1;
        yield text;
      }
    })(),
  );
  return path;
}

/** Streams lines to a file, waiting for the stream to drain so memory stays flat on a large corpus. */
export async function writeLines(
  path: string,
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const out = createWriteStream(path, { encoding: "utf8" });
  const failed = once(out, "error").then(([error]) => {
    throw error;
  });
  try {
    for await (const line of lines) {
      if (!out.write(`${line}\n`)) await Promise.race([once(out, "drain"), failed]);
    }
  } finally {
    out.end();
  }
  await Promise.race([once(out, "finish"), failed]);
}

/** Every line of every file, in order, as the Rust trainer reads them. */
export async function* readLines(files: string[]): AsyncGenerator<string> {
  for (const file of files) {
    const lines = createInterface({
      input: createReadStream(file, { encoding: "utf8" }),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) yield line;
  }
}
