import { randomUUID } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Writes a new file's whole contents through `handle`, which is open for writing at position 0. */
export type WriteContents = (handle: FileHandle) => Promise<void>;

/**
 * Writes `bytes` to `path` so that a reader only ever sees the old file or the whole new one (see
 * `writeAtomically`).
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await writeAtomically(path, (handle) => handle.writeFile(bytes));
}

/**
 * Writes a file so that a reader only ever sees the old file or the whole new one: `writeContents` writes into a
 * hidden temporary file in the same folder (a rename is atomic only within one file system), which is flushed to
 * disk and renamed over `path`. On any failure, the writer's own included, the temporary file is removed and the
 * error names `path`.
 */
export async function writeAtomically(path: string, writeContents: WriteContents): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, "wx");
    await writeContents(handle);
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
