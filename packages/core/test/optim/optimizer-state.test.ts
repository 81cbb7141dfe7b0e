import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NamedParameter } from "../../src/model/contract.js";
import { AdamW, type OptimizerStateDict, SGD } from "../../src/optim/index.js";
import { disposeParameters, namedParameter } from "./helpers.js";

let params: NamedParameter[] = [];
let optimizer: AdamW;

/** A state written after one step over `w` [2, 2] and `b` [2]. */
function savedState(): OptimizerStateDict {
  const source = [namedParameter("w", [1, 2, 3, 4], [2, 2]), namedParameter("b", [0, 0])];
  const writer = new AdamW([{ params: [source[0]] }, { params: [source[1]], weightDecay: 0 }]);
  const grads = { w: tf.ones([2, 2]), b: tf.ones([2]) };
  writer.step(grads);
  const state = writer.stateDict();
  tf.dispose(Object.values(grads));
  writer.dispose();
  disposeParameters(source);
  return state;
}

function withTensors(state: OptimizerStateDict, change: (tensors: Record<string, tf.Tensor>) => void) {
  const tensors = { ...state.tensors };
  change(tensors);
  return { tensors, meta: structuredClone(state.meta) };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

afterEach(() => {
  optimizer?.dispose();
  disposeParameters(params);
  params = [];
});

describe("optimizer loadStateDict validation", () => {
  function fresh(): AdamW {
    params = [namedParameter("w", [1, 2, 3, 4], [2, 2]), namedParameter("b", [0, 0])];
    optimizer = new AdamW([{ params: [params[0]] }, { params: [params[1]], weightDecay: 0 }]);
    return optimizer;
  }

  it("names the parameter whose saved moment has the wrong shape", () => {
    const state = savedState();
    const wrong = withTensors(state, (t) => {
      t["state.w.exp_avg"] = tf.zeros([4]);
    });
    expect(() => fresh().loadStateDict(wrong)).toThrow(
      "AdamW.loadStateDict: tensor 'state.w.exp_avg' has shape [4] but parameter 'w' has shape [2,2]",
    );
    tf.dispose([...Object.values(state.tensors), wrong.tensors["state.w.exp_avg"]]);
  });

  it("names a missing tensor, an unexpected tensor, and state for an unknown parameter", () => {
    const state = savedState();
    const missing = withTensors(state, (t) => {
      delete t["state.b.exp_avg_sq"];
    });
    expect(() => fresh().loadStateDict(missing)).toThrow(
      "tensor 'state.b.exp_avg_sq' of parameter 'b' is missing",
    );
    const extra = withTensors(state, (t) => {
      t["state.w.max_exp_avg_sq"] = t["state.w.exp_avg_sq"];
    });
    expect(() => optimizer.loadStateDict(extra)).toThrow(
      "tensor 'state.w.max_exp_avg_sq' belongs to no parameter state",
    );
    const unknown = withTensors(state, () => {});
    (unknown.meta.state as Record<string, unknown>)["c"] = { step: 1 };
    expect(() => optimizer.loadStateDict(unknown)).toThrow(
      "state for 'c', which is not a parameter of this optimizer",
    );
    tf.dispose(Object.values(state.tensors));
  });

  it("refuses other groupings and other optimizer kinds", () => {
    const state = savedState();
    const sgdParams = [namedParameter("w", [1, 2, 3, 4], [2, 2])];
    const sgd = new SGD(sgdParams);
    expect(() => sgd.loadStateDict(state)).toThrow(
      "SGD.loadStateDict: the state was written by a AdamW optimizer",
    );
    sgd.dispose();
    disposeParameters(sgdParams);

    const swapped = withTensors(state, () => {});
    const groups = swapped.meta.param_groups as Array<{ params: string[] }>;
    [groups[0].params, groups[1].params] = [groups[1].params, groups[0].params];
    expect(() => fresh().loadStateDict(swapped)).toThrow(
      "parameter 'b' is in saved group 0 but not in group 0",
    );

    const oneGroup = withTensors(state, () => {});
    oneGroup.meta.param_groups = (oneGroup.meta.param_groups as unknown[]).slice(0, 1);
    expect(() => optimizer.loadStateDict(oneGroup)).toThrow(
      "the saved state has 1 parameter groups, this optimizer has 2",
    );
    tf.dispose(Object.values(state.tensors));
  });

  it("a refused state changes nothing", () => {
    const state = savedState();
    const o = fresh();
    const grads = { w: tf.fill([2, 2], 0.5), b: tf.fill([2], 0.5) };
    o.step(grads);
    const before = o.stateDict();
    const bad = withTensors(state, (t) => {
      t["state.b.exp_avg"] = tf.zeros([3]);
    });
    (bad.meta.param_groups as Array<Record<string, unknown>>)[0].lr = 42;
    expect(() => o.loadStateDict(bad)).toThrow(/parameter 'b' has shape \[2\]/);
    const after = o.stateDict();
    expect(after.meta).toEqual(before.meta);
    expect(o.paramGroups[0].lr).toBe(1e-3);
    for (const key of Object.keys(before.tensors)) {
      expect(Array.from(after.tensors[key].dataSync())).toEqual(Array.from(before.tensors[key].dataSync()));
    }
    tf.dispose([
      ...Object.values(grads),
      ...Object.values(state.tensors),
      ...Object.values(before.tensors),
      ...Object.values(after.tensors),
      bad.tensors["state.b.exp_avg"],
    ]);
  });

  it("a step with a gradient for an unknown parameter or of the wrong shape changes nothing", () => {
    const o = fresh();
    const unknown = { w: tf.ones([2, 2]), c: tf.ones([2]) };
    expect(() => o.step(unknown)).toThrow(
      "AdamW.step: got a gradient for 'c', which is not a parameter of this optimizer",
    );
    const misshapen = { w: tf.ones([4]) };
    expect(() => o.step(misshapen)).toThrow(
      "AdamW.step: the gradient of 'w' has shape [4] but the parameter has [2,2]",
    );
    expect(Array.from(params[0].variable.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([...Object.values(unknown), ...Object.values(misshapen)]);
  });
});
