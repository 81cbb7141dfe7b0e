import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { replayOfflineRun } from "./replay.js";
import { describeError } from "./reporter.js";
import { METADATA_FILE, RunDirectory } from "./run-dir.js";

export interface SyncCommandIo {
  out(line: string): void;
  err(line: string): void;
  env?: NodeJS.ProcessEnv;
}

const USAGE = `usage: tfjs-trainer-wandb-sync [--project P] [--entity E] [--base-url URL] [--force] <dir>...

Uploads W&B run folders written by @tfjs-trainer/plugin-wandb. <dir> is a run folder
(offline-run-… or run-…), a folder holding run folders (output_dir/wandb) or an output_dir.
Folders already synced are skipped unless --force. The API key is read from WANDB_API_KEY.`;

/** The `tfjs-trainer-wandb-sync` command; returns the exit status. */
export async function runSyncCommand(argv: string[], io: SyncCommandIo = consoleIo()): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${describeError(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    io.err(USAGE);
    return 2;
  }
  const runs = positionals.flatMap((dir) => findRunFolders(resolve(dir)));
  if (runs.length === 0) {
    io.err(`no W&B run folder (with ${METADATA_FILE}) found in ${positionals.join(", ")}`);
    return 1;
  }
  let failed = 0;
  for (const dir of runs) {
    if (!values.force && RunDirectory.open(dir).isSynced()) {
      io.out(`skipped ${dir} (already synced; --force uploads it again)`);
      continue;
    }
    try {
      const result = await replayOfflineRun(dir, {
        project: values.project,
        entity: values.entity,
        baseUrl: values["base-url"],
        env: io.env,
      });
      io.out(`synced ${dir}: ${result.historyLines} history rows → ${result.url}`);
    } catch (error) {
      failed++;
      io.err(`failed ${dir}: ${describeError(error)}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: "string" },
      entity: { type: "string" },
      "base-url": { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

/** A run folder itself, else the run folders in it (or in its `wandb/`), oldest first. */
export function findRunFolders(dir: string): string[] {
  if (existsSync(join(dir, METADATA_FILE))) return [dir];
  const parent = existsSync(join(dir, "wandb")) ? join(dir, "wandb") : dir;
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return [];
  return readdirSync(parent)
    .filter((name) => /^(offline-)?run-/.test(name) && existsSync(join(parent, name, METADATA_FILE)))
    .sort((a, b) => a.replace(/^offline-/, "").localeCompare(b.replace(/^offline-/, "")))
    .map((name) => join(parent, name));
}

function consoleIo(): SyncCommandIo {
  return { out: (line) => console.log(line), err: (line) => console.error(line) };
}
