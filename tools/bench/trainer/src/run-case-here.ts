import type { CaseSpec } from "./case-spec.js";
import { runCheckpointCase } from "./cases/checkpoint.js";
import { runEvalMemoryCase } from "./cases/eval-memory.js";
import { runFitCase } from "./cases/fit.js";
import { runHooksCase } from "./cases/hooks.js";
import { runResumeCase, runResumePrepareCase } from "./cases/resume.js";
import { runStepsCase } from "./cases/steps.js";
import { report } from "./protocol.js";

/** A measurement process: runs the case it was started with and reports what it measured (see protocol.ts). */
export async function runCaseHere(spec: CaseSpec): Promise<void> {
  try {
    switch (spec.kind) {
      case "steps":
        return await runStepsCase(spec);
      case "fit":
        return await runFitCase(spec);
      case "hooks":
        return await runHooksCase(spec);
      case "checkpoint":
        return await runCheckpointCase(spec);
      case "resume-prepare":
        return await runResumePrepareCase(spec);
      case "resume":
        return await runResumeCase(spec);
      case "eval-memory":
        return await runEvalMemoryCase(spec);
      default:
        throw new Error(`unknown case kind "${(spec as { kind: string }).kind}"`);
    }
  } catch (error) {
    report({ error: (error as Error).stack ?? String(error) });
  }
}
