import {
  type HookContext,
  Trainer,
  TrainerControl,
  TrainerState,
  type TrainingArguments,
} from "@tfjs-trainer/core";
import { describe, expect, it } from "vitest";
import defaultFlow from "../src/index.js";

/** A trainer with only this plugin, and a way to fire stepEnd / epochEnd at a chosen state. */
function flow(args: ConstructorParameters<typeof TrainingArguments>[0], maxSteps = 100) {
  const trainer = new Trainer({
    model: { inputNames: [], forward: () => ({}), namedParameters: () => [] },
    args: { output_dir: "unused", ...args },
    plugins: [defaultFlow],
  });
  const state = new TrainerState();
  state.max_steps = maxSteps;
  state.computeSteps(trainer.args, maxSteps);
  const fire = async (hook: "stepEnd" | "epochEnd", step: number, epoch = 0) => {
    state.global_step = step;
    state.epoch = epoch;
    const control = new TrainerControl();
    const ctx: HookContext = { ...trainer.context(), state, control };
    await trainer.hooks[hook].promise(ctx);
    return control;
  };
  return fire;
}

const flags = (c: TrainerControl) =>
  (["should_log", "should_evaluate", "should_save", "should_training_stop"] as const).filter((k) => c[k]);

describe("default flow", () => {
  it("steps strategies fire on multiples; logging_first_step logs step 1", async () => {
    const fire = flow({
      logging_steps: 5,
      eval_strategy: "steps",
      eval_steps: 10,
      save_steps: 20,
      logging_first_step: true,
    });
    expect(flags(await fire("stepEnd", 1))).toEqual(["should_log"]);
    expect(flags(await fire("stepEnd", 3))).toEqual([]);
    expect(flags(await fire("stepEnd", 5))).toEqual(["should_log"]);
    expect(flags(await fire("stepEnd", 10))).toEqual(["should_log", "should_evaluate"]);
    expect(flags(await fire("stepEnd", 20))).toEqual(["should_log", "should_evaluate", "should_save"]);
  });

  it("eval_delay holds evaluation back", async () => {
    const fire = flow({ eval_strategy: "steps", eval_steps: 10, eval_delay: 25 });
    expect(flags(await fire("stepEnd", 20))).not.toContain("should_evaluate");
    expect(flags(await fire("stepEnd", 30))).toContain("should_evaluate");
  });

  it("max_steps stops training and, with steps strategies, evaluates and saves there", async () => {
    const fire = flow({ logging_steps: 4, eval_strategy: "steps", eval_steps: 6, save_steps: 6 }, 10);
    expect(flags(await fire("stepEnd", 10))).toEqual([
      "should_evaluate",
      "should_save",
      "should_training_stop",
    ]);
    const epochFlow = flow({ eval_strategy: "epoch", save_strategy: "epoch" }, 10);
    expect(flags(await epochFlow("stepEnd", 10))).toEqual(["should_training_stop"]);
  });

  it("epoch strategies fire at epoch end", async () => {
    const fire = flow({
      logging_strategy: "epoch",
      eval_strategy: "epoch",
      save_strategy: "epoch",
      eval_delay: 2,
    });
    expect(flags(await fire("epochEnd", 4, 1))).toEqual(["should_log", "should_save"]);
    expect(flags(await fire("epochEnd", 8, 2))).toEqual(["should_log", "should_evaluate", "should_save"]);
    expect(flags(await fire("stepEnd", 4, 1))).toEqual([]);
  });

  it("fractional steps resolve against max_steps", async () => {
    const fire = flow({ logging_steps: 0.25 }, 20);
    expect(flags(await fire("stepEnd", 5))).toEqual(["should_log"]);
    expect(flags(await fire("stepEnd", 6))).toEqual([]);
  });
});
