import { spawn } from "node:child_process";
import type { CaseSpec } from "./case-spec.js";
import { parseCaseEvent } from "./protocol.js";

/** What one measurement process reported. */
export interface CaseResult {
  runs: Record<string, number>[];
  notes: string[];
  error?: string;
}

/**
 * Runs a case in a process of its own (this same script with --case), so no measurement inherits another's heap,
 * JIT state, wasm memory or RSS. Killed after `capMs`, it keeps the runs it reported.
 */
export function runCase(spec: CaseSpec, capMs: number): Promise<CaseResult> {
  const result: CaseResult = { runs: [], notes: [] };
  const args = [...process.execArgv, process.argv[1]!, "--case", JSON.stringify(spec)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let pending = "";
    let stderr = "";
    const take = (line: string) => {
      const event = parseCaseEvent(line);
      if (!event) return;
      if ("run" in event) result.runs.push(event.run);
      else if ("note" in event) result.notes.push(event.note);
      else result.error = event.error;
    };
    child.stdout.on("data", (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop()!;
      lines.forEach(take);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      result.notes.push(`stopped at the ${Math.round(capMs / 1000)} s cap`);
      child.kill("SIGKILL");
    }, capMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      result.error = error.message;
      resolve(result);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      take(pending);
      if (code !== 0 && signal !== "SIGKILL" && !result.error) {
        result.error = `exited with ${code ?? signal}: ${lastLine(stderr)}`;
      }
      resolve(result);
    });
  });
}

function lastLine(text: string): string {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  return lines.at(-1)?.trim() ?? "";
}
