import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { NamedParameter } from "../../src/model/contract.js";
import { AdamW, createParamGroups, type Optimizer, SGD } from "../../src/optim/index.js";
import { disposeParameters, namedParameter } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function params(): NamedParameter[] {
  return [
    namedParameter("encoder.dense.weight", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [2, 3]),
    namedParameter("encoder.dense.bias", [0, 0, 0]),
    namedParameter("encoder.LayerNorm.weight", [1, 1, 1]),
  ];
}

function grads(step: number): Record<string, tf.Tensor> {
  return {
    "encoder.dense.weight": tf.fill([2, 3], Math.sin(step)),
    "encoder.dense.bias": tf.fill([3], Math.cos(step)),
    "encoder.LayerNorm.weight": tf.fill([3], 0.1),
  };
}

const cases: Array<[string, (p: NamedParameter[]) => Optimizer]> = [
  ["AdamW", (p) => new AdamW(createParamGroups(p, 0.01, 1e-3))],
  [
    "SGD with Nesterov momentum",
    (p) => new SGD(p, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.1 }),
  ],
];

describe("optimizer tensor memory", () => {
  for (const [label, create] of cases) {
    it(`${label}: the tensor count is flat over 50 steps and back to its start after dispose`, () => {
      const model = params();
      const start = tf.memory().numTensors;
      const optimizer = create(model);
      let afterFirstStep = 0;
      for (let step = 1; step <= 50; step++) {
        const g = grads(step);
        optimizer.step(g);
        tf.dispose(Object.values(g));
        if (step === 1) afterFirstStep = tf.memory().numTensors;
      }
      expect(tf.memory().numTensors).toBe(afterFirstStep);
      const { tensors } = optimizer.stateDict();
      tf.dispose(Object.values(tensors));
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(start);
      disposeParameters(model);
    });
  }
});
