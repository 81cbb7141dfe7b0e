// One training run in its own process, so that the crash suite can kill it with SIGKILL at any moment. It says on
// stdout when it is ready, when each step ends and when each checkpoint starts and stops being written.
// argv[2]: a ChildRequest as JSON.
import { writeFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { definePlugin, listCheckpoints } from "@tfjs-trainer/core";
import { type ChildEvent, formatEvent } from "./events.js";
import { collectRunResult } from "./run-result.js";
import type { ChildRequest } from "./run-spec.js";
import { makeTrainer } from "./training-run.js";

// stdout is a pipe, which Node writes synchronously on Linux: a line is out before the work it announces begins
const report = (event: ChildEvent) => process.stdout.write(formatEvent(event));

const reporter = definePlugin({
  name: "chaos-reporter",
  apply(trainer) {
    // step and save ends after every other tap (so rotation is part of a save), "saved" before every other tap
    const last = { name: "chaos-reporter", stage: 10_000 };
    trainer.hooks.stepEnd.tapPromise(last, async ({ state }) => {
      report({ type: "step", step: state.global_step, tensors: tf.memory().numTensors });
    });
    // the number of checkpoint folders before and after rotation tells the suite which saves delete one
    trainer.hooks.save.tapPromise({ name: "chaos-reporter", stage: -10_000 }, async ({ state, args }) => {
      const checkpoints = (await listCheckpoints(args.output_dir)).length;
      report({ type: "saved", step: state.global_step, checkpoints });
    });
    trainer.hooks.save.tapPromise(last, async ({ state, args }) => {
      const checkpoints = (await listCheckpoints(args.output_dir)).length;
      report({ type: "save-end", step: state.global_step, checkpoints, best: state.best_model_checkpoint });
    });
  },
});

const request = JSON.parse(process.argv[2] ?? "null") as ChildRequest | null;
if (!request?.spec || !request.outputDir || !request.resultFile) {
  throw new Error("chaos child: argv[2] must be a JSON ChildRequest { spec, outputDir, resume, resultFile }");
}
await tf.setBackend("cpu");
const trainer = makeTrainer(request.spec, request.outputDir, {
  plugins: [reporter],
  onSaveBegin: (step) => report({ type: "save-begin", step }),
});
report({ type: "ready" });
await trainer.train({ resumeFromCheckpoint: request.resume });
writeFileSync(request.resultFile, JSON.stringify(await collectRunResult(trainer)));
report({ type: "done" });
