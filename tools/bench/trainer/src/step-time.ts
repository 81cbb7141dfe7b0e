/** A step's start as the bench records it: wall clock and the process's CPU time, both in milliseconds. */
export interface StepStamp {
  wallMs: number;
  cpuMs: number;
}

export function stamp(): StepStamp {
  const { user, system } = process.cpuUsage();
  return { wallMs: performance.now(), cpuMs: (user + system) / 1000 };
}

/**
 * Milliseconds per step, wall clock and CPU, from the stamps taken as steps began: steps `warmup` …
 * `warmup + steps - 1`, each ending where the next begins (so `starts` needs `warmup + steps + 1` entries). CPU time
 * counts every thread of the process (GC, file writes) and hardly moves when other processes share the cores.
 */
export function perStep(starts: readonly StepStamp[], warmup: number, steps: number): StepStamp {
  if (!(steps > 0)) throw new Error(`perStep: steps must be > 0, got ${steps}`);
  const end = warmup + steps;
  if (starts.length <= end) {
    throw new Error(`perStep: ${starts.length} step starts recorded, ${end + 1} needed`);
  }
  const first = starts[warmup]!;
  const last = starts[end]!;
  return { wallMs: (last.wallMs - first.wallMs) / steps, cpuMs: (last.cpuMs - first.cpuMs) / steps };
}
