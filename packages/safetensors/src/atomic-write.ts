import { randomUUID } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `bytes` to `path` so that a reader only ever sees the old file or the whole new one: the bytes go to a
 * hidden temporary file in the same folder (a rename is atomic only within one file system), are flushed to disk,
 * and the temporary file is renamed over `path`. On any failure the temporary file is removed.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, "wx");
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (cause) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`${path}: could not write the file (${detail}); what was under that name is unchanged`, {
      cause,
    });
  }
}
