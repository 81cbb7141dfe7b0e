import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { SGD, type SGDOptions } from "../../src/optim/index.js";
import { disposeParameters, maxAbsDifference, namedParameter, valuesOf } from "./helpers.js";

/** torch.optim.SGD's update written out in float64. */
function sgdReference(initial: number[], gradsPerStep: number[][], o: Required<SGDOptions>): number[] {
  const p = [...initial];
  let buffer: number[] | undefined;
  for (const rawGrad of gradsPerStep) {
    const g = rawGrad.map((gi, i) => gi + o.weightDecay * p[i]);
    let direction = g;
    if (o.momentum !== 0) {
      const previous = buffer;
      buffer =
        previous === undefined ? [...g] : previous.map((b, i) => o.momentum * b + (1 - o.dampening) * g[i]);
      const current = buffer;
      direction = o.nesterov ? g.map((gi, i) => gi + o.momentum * current[i]) : current;
    }
    for (let i = 0; i < p.length; i++) p[i] -= o.lr * direction[i];
  }
  return p;
}

const initial = [0.5, -1.5, 2.25, 0.1];
const gradsPerStep = [1, 2, 3, 4].map((step) => initial.map((_, i) => Math.cos(step * 0.9 + i)));

function runSgd(options: Required<SGDOptions>): Float32Array {
  const param = namedParameter("layer.weight", initial);
  const optimizer = new SGD([param], options);
  for (const values of gradsPerStep) {
    const grad = tf.tensor(values);
    optimizer.step({ "layer.weight": grad });
    grad.dispose();
  }
  const result = valuesOf(param);
  optimizer.dispose();
  disposeParameters([param]);
  return result;
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("SGD", () => {
  const cases: Array<[string, Required<SGDOptions>]> = [
    ["plain", { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false }],
    [
      "momentum, dampening, weight decay",
      { lr: 0.1, momentum: 0.9, dampening: 0.3, weightDecay: 0.05, nesterov: false },
    ],
    ["nesterov", { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0.01, nesterov: true }],
  ];
  for (const [label, options] of cases) {
    it(`${label} matches torch's formula`, () => {
      const actual = runSgd(options);
      expect(maxAbsDifference(actual, sgdReference(initial, gradsPerStep, options))).toBeLessThan(1e-6);
    });
  }

  it("the three variants give different weights (so the formula checks tell them apart)", () => {
    const [plain, momentum, nesterov] = cases.map(([, options]) => runSgd(options));
    expect(maxAbsDifference(plain, momentum)).toBeGreaterThan(1e-2);
    expect(maxAbsDifference(momentum, nesterov)).toBeGreaterThan(1e-2);
  });

  it("keeps the momentum buffer in its state dict and refuses Nesterov without momentum", () => {
    const param = namedParameter("w", [1, 2]);
    const optimizer = new SGD([param], { lr: 0.1, momentum: 0.5 });
    const grad = tf.tensor([1, -1]);
    optimizer.step({ w: grad });
    const { tensors, meta } = optimizer.stateDict();
    expect(Array.from(tensors["state.w.momentum_buffer"].dataSync())).toEqual([1, -1]);
    expect(meta.param_groups).toEqual([
      {
        lr: 0.1,
        initial_lr: 0.1,
        weight_decay: 0,
        momentum: 0.5,
        dampening: 0,
        nesterov: false,
        params: ["w"],
      },
    ]);
    tf.dispose([grad, ...Object.values(tensors)]);
    optimizer.dispose();
    expect(() => new SGD([param], { nesterov: true })).toThrow(
      "SGD group 0: Nesterov momentum needs momentum > 0 and dampening 0",
    );
    disposeParameters([param]);
  });
});
