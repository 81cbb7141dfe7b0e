import { randomBytes } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { HISTORY_FILE, SUMMARY_FILE } from "./file-stream.js";

export const CONFIG_FILE = "config.json";
export const METADATA_FILE = "wandb-metadata.json";
/** Written once every row of the folder is known to be on the server. */
export const SYNCED_FILE = ".synced";
export const RUN_DIR_FORMAT = "tfjs-trainer-wandb/1";

/** What a run folder says about its run: enough to create it again on the server. Never holds the API key. */
export interface RunMetadata {
  format: string;
  /** The run id (8 characters of [a-z0-9], as W&B's generate_id). */
  id: string;
  project: string;
  /** null until the server said which entity the run belongs to (offline runs pick it at sync). */
  entity: string | null;
  /** Display name. */
  name: string;
  group: string | null;
  tags: string[];
  host: string;
  mode: "online" | "offline";
  startedAt: string;
  /** Line number, on the server, of the first line of this folder's history file (0 unless resumed elsewhere). */
  historyStart: number;
  /** null while the run is going on (or when it crashed). */
  exitcode: number | null;
}

/** W&B's run ids: 8 random characters of [a-z0-9]. */
export function generateRunId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** `offline-run-YYYYMMDD_HHMMSS-<id>` (or `run-…` online), local time, as W&B names run folders. */
export function runDirName(mode: "online" | "offline", runId: string, start: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${start.getFullYear()}${p(start.getMonth() + 1)}${p(start.getDate())}_${p(start.getHours())}${p(start.getMinutes())}${p(start.getSeconds())}`;
  return `${mode === "offline" ? "offline-" : ""}run-${stamp}-${runId}`;
}

/**
 * A run folder under `<dir>/wandb/`, laid out as W&B's: `config.json` (the wrapped config), `wandb-history.jsonl` (one
 * history row a line), `wandb-summary.json`, `wandb-metadata.json` (project, name, id, exit code). Offline runs live
 * only here; online runs keep the same spool so that nothing is lost when the network is.
 */
export class RunDirectory {
  private constructor(readonly path: string) {}

  static create(root: string, mode: "online" | "offline", runId: string, start: Date): RunDirectory {
    const path = join(root, runDirName(mode, runId, start));
    mkdirSync(path, { recursive: true });
    return new RunDirectory(path);
  }

  static open(path: string): RunDirectory {
    if (!existsSync(join(path, METADATA_FILE))) {
      throw new Error(`${path} is not a W&B run folder written by tfjs-trainer (no ${METADATA_FILE})`);
    }
    return new RunDirectory(path);
  }

  get name(): string {
    return basename(this.path);
  }

  writeMetadata(metadata: RunMetadata): void {
    writeAtomically(join(this.path, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`);
  }

  readMetadata(): RunMetadata {
    const raw = JSON.parse(readFileSync(join(this.path, METADATA_FILE), "utf8")) as Partial<RunMetadata>;
    if (typeof raw.id !== "string" || typeof raw.project !== "string") {
      throw new Error(`${join(this.path, METADATA_FILE)}: needs "id" and "project"`);
    }
    return {
      format: raw.format ?? RUN_DIR_FORMAT,
      id: raw.id,
      project: raw.project,
      entity: raw.entity ?? null,
      name: raw.name ?? raw.id,
      group: raw.group ?? null,
      tags: raw.tags ?? [],
      host: raw.host ?? "",
      mode: raw.mode ?? "offline",
      startedAt: raw.startedAt ?? "",
      historyStart: raw.historyStart ?? 0,
      exitcode: raw.exitcode ?? null,
    };
  }

  writeConfig(wrapped: Record<string, unknown>): void {
    writeAtomically(join(this.path, CONFIG_FILE), `${JSON.stringify(wrapped, null, 2)}\n`);
  }

  readConfig(): Record<string, unknown> {
    const file = join(this.path, CONFIG_FILE);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  }

  appendHistory(lines: readonly string[]): void {
    if (lines.length > 0) appendFileSync(join(this.path, HISTORY_FILE), lines.map((l) => `${l}\n`).join(""));
  }

  readHistory(): string[] {
    const file = join(this.path, HISTORY_FILE);
    if (!existsSync(file)) return [];
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    // a torn last line (a crash mid-append) is dropped; complete lines end with a newline
    lines.pop();
    return lines.filter((line) => line.length > 0);
  }

  /** Keeps the first `count` lines (a resumed run rewrites what came after its checkpoint). */
  truncateHistory(count: number): string[] {
    const lines = this.readHistory().slice(0, count);
    writeAtomically(join(this.path, HISTORY_FILE), lines.map((l) => `${l}\n`).join(""));
    return lines;
  }

  writeSummary(json: string): void {
    writeAtomically(join(this.path, SUMMARY_FILE), `${json}\n`);
  }

  readSummary(): string | undefined {
    const file = join(this.path, SUMMARY_FILE);
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, "utf8").trim();
    return text ? text : undefined;
  }

  markSynced(synced: boolean): void {
    const file = join(this.path, SYNCED_FILE);
    if (synced) writeFileSync(file, `${new Date().toISOString()}\n`);
    else rmSync(file, { force: true });
  }

  isSynced(): boolean {
    return existsSync(join(this.path, SYNCED_FILE));
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
