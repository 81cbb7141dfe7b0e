import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Prefix of folders being written; never taken for a checkpoint, removed when found stale. */
export const TEMP_PREFIX = ".tmp-";

/**
 * Writes a file and flushes it to disk before returning, so a rename after it publishes complete bytes. Node's
 * errors name the system call, not the file ("ENOSPC: no space left on device, write"): this names the file.
 */
export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  try {
    const handle = await open(path, "w");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new Error(`${path}: could not write the file (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Fills a temporary sibling folder, then renames it to `finalDir`. A crash at any moment leaves either the old
 * folder, or the new complete one, under the final name — never a half-written one.
 */
export async function writeDirAtomically(
  finalDir: string,
  fill: (tempDir: string) => Promise<void>,
): Promise<void> {
  const parent = dirname(finalDir);
  await mkdir(parent, { recursive: true });
  await removeStaleTempDirs(parent);
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const temp = join(parent, `${TEMP_PREFIX}${basename(finalDir)}-${suffix}`);
  await mkdir(temp);
  try {
    await fill(temp);
    await syncDir(temp);
    if (await exists(finalDir)) {
      // rename cannot replace a non-empty folder: move the old one aside first, delete it once the new one is in place
      const old = join(parent, `${TEMP_PREFIX}old-${basename(finalDir)}-${suffix}`);
      await rename(finalDir, old);
      try {
        await rename(temp, finalDir);
      } catch (error) {
        // the old folder goes back under its name: a failed replace must not lose the complete one
        await rename(old, finalDir);
        throw error;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, finalDir);
    }
    await syncDir(parent);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Temporary folders end in -<pid>-<8 hex digits>, so the process that made one can be asked whether it still runs. */
const TEMP_DIR_RE = new RegExp(`^${TEMP_PREFIX.replace(".", "\\.")}.*-(\\d+)-[0-9a-f]{8}$`);

/**
 * Removes the temporary folders a killed process left (a checkpoint it was writing, one it was deleting): those of
 * a process that no longer runs. A live process's folders, this one's included, are left alone.
 */
async function removeStaleTempDirs(parent: string): Promise<void> {
  for (const entry of await readdir(parent, { withFileTypes: true })) {
    const pid = Number(TEMP_DIR_RE.exec(entry.name)?.[1]);
    if (!entry.isDirectory() || !pid || pid === process.pid || isRunning(pid)) continue;
    await rm(join(parent, entry.name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } catch {
    // some filesystems refuse fsync on folders; the rename is still atomic there
  } finally {
    await handle.close();
  }
}
