import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseEvent, type RowSpec } from "./row.js";

/** What a row's process reported. */
export interface ChildResult {
  /** Milliseconds per operation, one per timed run. */
  samples: number[];
  notes: string[];
  /** Why the row has no numbers by design (package missing, no GPU, torch not importable, stock kernel missing …). */
  skip?: string;
  /** What went wrong while measuring. */
  error?: string;
  /** Stopped before any run finished: how long its first operation had been running (a run takes longer). */
  atLeastMs?: number;
}

export interface RowResult extends ChildResult {
  spec: RowSpec;
}

/** torch_bench.py sits beside the package's dist/ (the bundle's folder) and src/. */
const TORCH_SCRIPT = fileURLToPath(new URL("../torch_bench.py", import.meta.url));

/** A row's own process gets some slack over its budget (start-up, one last run) before it is stopped. */
export function hardCapMs(budgetMs: number): number {
  return budgetMs * 1.5 + 30_000;
}

function command(spec: RowSpec): [string, string[]] {
  const json = JSON.stringify(spec);
  if (spec.engine.runtime === "torch") return ["python3", [TORCH_SCRIPT, json]];
  // this same script, in row mode (see cli.ts)
  return [process.execPath, [process.argv[1]!, "--row", json]];
}

/**
 * Runs a row in a process of its own (tfjs backends and registered kernels are per process; wasm and webgpu cannot
 * be unloaded) and collects what it reports. Stopped at its hard cap, it keeps the runs it finished.
 */
export async function runRow(spec: RowSpec): Promise<RowResult> {
  const [program, args] = command(spec);
  return { spec, ...(await runChild(program, args, hardCapMs(spec.budgetMs))) };
}

/** Runs `program` and collects the events it prints (see row.ts); killed after `capMs`, it keeps what it sent. */
export function runChild(program: string, args: string[], capMs: number): Promise<ChildResult> {
  const result: ChildResult = { samples: [], notes: [] };
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let startedAt: number | undefined;
    const take = (line: string) => {
      const event = parseEvent(line);
      if (!event) return;
      if ("started" in event) startedAt = performance.now();
      else if ("sample" in event) result.samples.push(event.sample);
      else if ("note" in event) result.notes.push(event.note);
      else if ("skip" in event) result.skip = event.skip;
      else result.error = event.error;
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split("\n");
      stdout = lines.pop()!;
      lines.forEach(take);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      result.notes.push(`stopped at the ${Math.round(capMs / 1000)} s cap`);
      if (result.samples.length === 0 && startedAt !== undefined)
        result.atLeastMs = performance.now() - startedAt;
      child.kill("SIGKILL");
    }, capMs);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === "ENOENT") result.skip = `${program} not found`;
      else result.error = error.message;
      resolve(result);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      take(stdout);
      const failed = (code !== 0 && code !== null) || (signal && signal !== "SIGKILL");
      if (failed && !result.skip && !result.error) {
        result.error = `exited with ${code ?? signal}: ${lastLine(stderr)}`;
      }
      resolve(result);
    });
  });
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split("\n")
      .filter((l) => l.trim())
      .pop() ?? ""
  );
}
