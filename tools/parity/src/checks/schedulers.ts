import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { getScheduler, type Optimizer } from "@tfjs-trainer/core";
import { guard, type ParityRow } from "../table.js";

interface SchedulerFile {
  base_lr: number;
  num_warmup_steps: number;
  num_training_steps: number;
  types: Record<string, { kwargs: Record<string, unknown>; lr: number[] }>;
}

export const SCHEDULER_TOLERANCE = 1e-9;

/** An optimizer with one parameter group and no parameters: all a schedule touches. */
function groupOnly(lr: number): Optimizer {
  return {
    paramGroups: [{ params: [], lr, initialLr: lr, weightDecay: 0 }],
    step() {},
    stateDict: () => ({ tensors: {}, meta: {} }),
    loadStateDict() {},
    dispose() {},
  };
}

/** schedulers.json: the lr before each step of every schedule, max absolute difference. */
export async function checkSchedulers(dir: string): Promise<ParityRow[]> {
  const file = JSON.parse(await readFile(join(dir, "schedulers.json"), "utf8")) as SchedulerFile;
  const rows: ParityRow[] = [];
  for (const [type, { kwargs, lr }] of Object.entries(file.types)) {
    rows.push(
      ...(await guard(`schedulers/${type}`, "max |lr − HF|", () => {
        const optimizer = groupOnly(file.base_lr);
        const scheduler = getScheduler(type, optimizer, {
          numWarmupSteps: file.num_warmup_steps,
          numTrainingSteps: file.num_training_steps,
          kwargs,
        });
        let worst = 0;
        lr.forEach((expected, i) => {
          if (i > 0) scheduler.step();
          worst = Math.max(worst, Math.abs(scheduler.getLastLr()[0] - expected));
        });
        return [
          {
            case: `schedulers/${type}`,
            measure: "max |lr − HF|",
            value: worst,
            tolerance: SCHEDULER_TOLERANCE,
            ok: worst <= SCHEDULER_TOLERANCE,
          },
        ];
      })),
    );
  }
  return rows;
}
