import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type ChildEvent, eventName, parseEvent } from "./events.js";
import type { RunResult } from "./run-result.js";
import type { ChildRequest } from "./run-spec.js";

/** The built child: dist/child.js, reached the same way from src/ (tests) and from dist/ (the CLI). */
export const CHILD_SCRIPT = fileURLToPath(new URL("../dist/child.js", import.meta.url));

/** Kill the process `delayMs` after it reports the event named `anchor` (see eventName). */
export interface KillRule {
  anchor: string;
  delayMs: number;
}

export interface TimedEvent {
  event: ChildEvent;
  /** ms since the process was started, when this process read the line */
  at: number;
}

export interface ChildRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  /** Every event the process wrote, in order: after a kill, the last one is what it was doing when it died. */
  events: TimedEvent[];
  /** ms since start when SIGKILL was sent, if it was. */
  killedAt?: number;
  stderr: string;
  result?: RunResult;
  wallMs: number;
}

/** Runs one training process to its end, or until the kill rule fires; never longer than `timeoutMs`. */
export function runChild(request: ChildRequest, kill?: KillRule, timeoutMs = 300_000): Promise<ChildRun> {
  if (!existsSync(CHILD_SCRIPT)) {
    throw new Error(
      `${CHILD_SCRIPT} is missing: build the crash suite first (npx nx run @tfjs-trainer/chaos:build)`,
    );
  }
  const start = performance.now();
  const child = spawn(process.execPath, [CHILD_SCRIPT, JSON.stringify(request)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: TimedEvent[] = [];
  let killedAt: number | undefined;
  let stderr = "";
  let killTimer: NodeJS.Timeout | undefined;
  const sendKill = () => {
    killedAt ??= performance.now() - start;
    child.kill("SIGKILL");
  };
  const guard = setTimeout(() => {
    stderr += `\n(chaos: the run took longer than ${timeoutMs} ms and was killed)`;
    sendKill();
  }, timeoutMs);

  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    const event = parseEvent(line);
    if (!event) return;
    events.push({ event, at: performance.now() - start });
    if (kill && killTimer === undefined && eventName(event) === kill.anchor) {
      killTimer = setTimeout(sendKill, kill.delayMs);
    }
  });

  return new Promise((resolve, reject) => {
    child.on("error", reject);
    // "close" waits for stdout to be drained: every line the process wrote before it died is in `events`
    child.on("close", (status, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      const finished = status === 0 && existsSync(request.resultFile);
      resolve({
        status,
        signal,
        events,
        killedAt,
        stderr,
        result: finished ? (JSON.parse(readFileSync(request.resultFile, "utf8")) as RunResult) : undefined,
        wallMs: performance.now() - start,
      });
    });
  });
}
