import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDirAtomically } from "../../src/checkpoint/atomic-dir.js";
import { getLastCheckpoint } from "../../src/checkpoint/last-checkpoint.js";

/** The pid of a process that has exited (so no process runs under it, barring reuse within the test). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("what a killed process leaves in output_dir", () => {
  it("temporary folders of a process that no longer runs are removed by the next atomic write; live ones stay", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leftovers-"));
    const stale = [
      `.tmp-checkpoint-4-${deadPid()}-0123abcd`,
      `.tmp-deleting-checkpoint-2-${deadPid()}-89abcdef`,
    ];
    const live = `.tmp-checkpoint-6-${process.pid}-00000000`;
    for (const name of [...stale, live, "notes.tmp-1-00000000"]) mkdirSync(join(dir, name));
    await writeDirAtomically(join(dir, "checkpoint-8"), async (temp) => writeFileSync(join(temp, "x"), "1"));
    expect(readdirSync(dir).sort()).toEqual([live, "checkpoint-8", "notes.tmp-1-00000000"].sort());
  });

  it("getLastCheckpoint passes over a checkpoint folder without its trainer_state.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "last-"));
    mkdirSync(join(dir, "checkpoint-4"));
    writeFileSync(join(dir, "checkpoint-4", "trainer_state.json"), "{}");
    mkdirSync(join(dir, "checkpoint-6"));
    writeFileSync(join(dir, "checkpoint-6", "optimizer.json"), "{}");
    expect(await getLastCheckpoint(dir)).toBe(join(dir, "checkpoint-4"));
    expect(existsSync(join(dir, "checkpoint-6"))).toBe(true);
  });
});
