import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { CHECKPOINT_PREFIX, TRAINER_STATE_FILE } from "./file-names.js";

const CHECKPOINT_RE = new RegExp(`^${CHECKPOINT_PREFIX}-(\\d+)$`);

/** Checkpoint folders of `outputDir`, oldest step first (temporary folders are not checkpoints). */
export async function listCheckpoints(outputDir: string): Promise<{ step: number; path: string }[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(outputDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      const match = CHECKPOINT_RE.exec(e.name);
      return match ? [{ step: Number(match[1]), path: join(outputDir, e.name) }] : [];
    })
    .sort((a, b) => a.step - b.step);
}

/**
 * HF's get_last_checkpoint: the checkpoint folder with the highest step, or undefined. A folder without its
 * trainer_state.json is not a complete checkpoint (one cut off by a crash while an older version deleted it) and
 * is passed over.
 */
export async function getLastCheckpoint(outputDir: string): Promise<string | undefined> {
  const all = await listCheckpoints(outputDir);
  return all.filter((c) => existsSync(join(c.path, TRAINER_STATE_FILE))).at(-1)?.path;
}
