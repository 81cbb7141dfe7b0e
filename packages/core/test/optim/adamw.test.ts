import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NamedParameter } from "../../src/model/contract.js";
import { AdamW, createParamGroups } from "../../src/optim/index.js";
import { disposeParameters, maxAbsDifference, namedParameter, valuesOf } from "./helpers.js";

interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/** torch.optim.AdamW's update written out in float64, one element at a time. */
function adamwReference(initial: number[], gradsPerStep: number[][], h: AdamWHyper): number[] {
  const p = [...initial];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  gradsPerStep.forEach((g, index) => {
    const step = index + 1;
    const bc1 = 1 - h.beta1 ** step;
    const bc2 = 1 - h.beta2 ** step;
    for (let i = 0; i < p.length; i++) {
      p[i] *= 1 - h.lr * h.weightDecay;
      m[i] = h.beta1 * m[i] + (1 - h.beta1) * g[i];
      v[i] = h.beta2 * v[i] + (1 - h.beta2) * g[i] * g[i];
      p[i] -= ((h.lr / bc1) * m[i]) / (Math.sqrt(v[i]) / Math.sqrt(bc2) + h.eps);
    }
  });
  return p;
}

/**
 * The same update as torch's CPU kernels round it: every tensor operation rounds to float32, and every Python-float
 * scalar is rounded to float32 where it meets a tensor. Our AdamW must agree with this to the bit.
 */
function adamwFloat32Emulation(initial: number[], gradsPerStep: number[][], h: AdamWHyper): number[] {
  const f = Math.fround;
  const p = initial.map(f);
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  gradsPerStep.forEach((rawGrad, index) => {
    const g = rawGrad.map(f);
    const step = index + 1;
    const stepSize = h.lr / (1 - h.beta1 ** step);
    const bc2Sqrt = Math.sqrt(1 - h.beta2 ** step);
    const lerpWeight = f(1 - h.beta1);
    for (let i = 0; i < p.length; i++) {
      if (h.weightDecay !== 0) p[i] = f(p[i] * f(1 - h.lr * h.weightDecay));
      m[i] = f(m[i] + f(f(g[i] - m[i]) * lerpWeight));
      v[i] = f(f(v[i] * f(h.beta2)) + f(f(g[i] * f(1 - h.beta2)) * g[i]));
      const denom = f(f(f(Math.sqrt(v[i])) / f(bc2Sqrt)) + f(h.eps));
      p[i] = f(p[i] + f(f(m[i] * f(-stepSize)) / denom));
    }
  });
  return p;
}

const hyper: AdamWHyper = { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5 };
const initialValues: Record<string, number[]> = {
  "encoder.dense.weight": [0.5, -1.25, 2, 0.75, -0.3, 1.1],
  "encoder.dense.bias": [0.2, -0.4, 0.9],
  "encoder.LayerNorm.weight": [1, 1.5, 0.8],
};
const shapes: Record<string, number[]> = {
  "encoder.dense.weight": [2, 3],
  "encoder.dense.bias": [3],
  "encoder.LayerNorm.weight": [3],
};
/** A different gradient each step, so a state that is restored wrongly shows. */
function gradientValues(name: string, step: number): number[] {
  return initialValues[name].map((_, i) => Math.sin(1 + i * 0.7 + step * 1.3) * (i % 2 === 0 ? 2 : 0.01));
}

function makeParams(): NamedParameter[] {
  return Object.keys(initialValues).map((name) => namedParameter(name, initialValues[name], shapes[name]));
}

function makeOptimizer(params: NamedParameter[]): AdamW {
  return new AdamW(createParamGroups(params, hyper.weightDecay, hyper.lr), {
    lr: hyper.lr,
    betas: [hyper.beta1, hyper.beta2],
    eps: hyper.eps,
  });
}

function stepWith(optimizer: AdamW, params: NamedParameter[], step: number, fixed = false): void {
  const grads: Record<string, tf.Tensor> = {};
  for (const param of params) {
    grads[param.name] = tf.tensor(gradientValues(param.name, fixed ? 0 : step), shapes[param.name]);
  }
  optimizer.step(grads);
  tf.dispose(Object.values(grads));
}

const created: NamedParameter[][] = [];
const optimizers: AdamW[] = [];
function track(params: NamedParameter[], optimizer: AdamW): void {
  created.push(params);
  optimizers.push(optimizer);
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

afterEach(() => {
  for (const optimizer of optimizers.splice(0)) optimizer.dispose();
  for (const params of created.splice(0)) disposeParameters(params);
});

describe("AdamW", () => {
  it("matches torch's formula after 3 steps with fixed gradients, decaying only the decay group", () => {
    const params = makeParams();
    const optimizer = makeOptimizer(params);
    track(params, optimizer);
    expect(optimizer.paramGroups.map((g) => g.params.map((p) => p.name))).toEqual([
      ["encoder.dense.weight"],
      ["encoder.dense.bias", "encoder.LayerNorm.weight"],
    ]);
    for (let step = 1; step <= 3; step++) stepWith(optimizer, params, step, true);

    for (const param of params) {
      const decays = param.name === "encoder.dense.weight";
      const grads = [1, 2, 3].map(() => gradientValues(param.name, 0));
      const expected = adamwReference(initialValues[param.name], grads, {
        ...hyper,
        weightDecay: decays ? hyper.weightDecay : 0,
      });
      expect(maxAbsDifference(valuesOf(param), expected)).toBeLessThan(1e-6);
      // The other group's treatment gives clearly different weights, so the check above tells the groups apart.
      const otherTreatment = adamwReference(initialValues[param.name], grads, {
        ...hyper,
        weightDecay: decays ? 0 : hyper.weightDecay,
      });
      expect(maxAbsDifference(valuesOf(param), otherTreatment)).toBeGreaterThan(1e-3);
    }
  });

  it("rounds like torch's float32 kernels, in torch's order of operations (bit for bit)", () => {
    const params = makeParams();
    const optimizer = makeOptimizer(params);
    track(params, optimizer);
    for (let step = 1; step <= 4; step++) stepWith(optimizer, params, step);
    for (const param of params) {
      const grads = [1, 2, 3, 4].map((step) => gradientValues(param.name, step));
      const weightDecay = param.name === "encoder.dense.weight" ? hyper.weightDecay : 0;
      const expected = adamwFloat32Emulation(initialValues[param.name], grads, { ...hyper, weightDecay });
      expect(Array.from(valuesOf(param))).toEqual(expected);
    }
  });

  it("leaves a parameter without a gradient untouched, with no state", () => {
    const params = makeParams();
    const optimizer = makeOptimizer(params);
    track(params, optimizer);
    const grads = { "encoder.dense.weight": tf.ones([2, 3]) };
    optimizer.step(grads);
    optimizer.step(grads);
    expect(grads["encoder.dense.weight"].isDisposed).toBe(false);
    tf.dispose(Object.values(grads));
    expect(Array.from(valuesOf(params[1]))).toEqual(
      Array.from(new Float32Array(initialValues["encoder.dense.bias"])),
    );
    const { tensors, meta } = optimizer.stateDict();
    expect(Object.keys(tensors).sort()).toEqual([
      "state.encoder.dense.weight.exp_avg",
      "state.encoder.dense.weight.exp_avg_sq",
    ]);
    expect(meta.state).toEqual({ "encoder.dense.weight": { step: 2 } });
    tf.dispose(Object.values(tensors));
  });

  it("continues bit-identically after stateDict → new optimizer → loadStateDict", () => {
    const uninterruptedParams = makeParams();
    const uninterrupted = makeOptimizer(uninterruptedParams);
    track(uninterruptedParams, uninterrupted);
    for (let step = 1; step <= 5; step++) stepWith(uninterrupted, uninterruptedParams, step);

    const firstParams = makeParams();
    const first = makeOptimizer(firstParams);
    track(firstParams, first);
    for (let step = 1; step <= 2; step++) stepWith(first, firstParams, step);
    const saved = first.stateDict();
    const savedMeta = JSON.parse(JSON.stringify(saved.meta));

    // A new run: new variables holding the weights as saved, a new optimizer, the state loaded into it.
    const resumedParams = firstParams.map((p) =>
      namedParameter(p.name, Array.from(valuesOf(p)), shapes[p.name]),
    );
    const resumed = makeOptimizer(resumedParams);
    track(resumedParams, resumed);
    resumed.loadStateDict({ tensors: saved.tensors, meta: savedMeta });
    tf.dispose(Object.values(saved.tensors));
    for (let step = 3; step <= 5; step++) stepWith(resumed, resumedParams, step);

    resumedParams.forEach((param, i) => {
      expect(Array.from(valuesOf(param))).toEqual(Array.from(valuesOf(uninterruptedParams[i])));
    });
    const a = uninterrupted.stateDict();
    const b = resumed.stateDict();
    expect(b.meta).toEqual(a.meta);
    for (const key of Object.keys(a.tensors)) {
      expect(Array.from(b.tensors[key].dataSync())).toEqual(Array.from(a.tensors[key].dataSync()));
    }
    tf.dispose([...Object.values(a.tensors), ...Object.values(b.tensors)]);
  });

  it("loadStateDict restores the groups' hyperparameters", () => {
    const params = makeParams();
    const optimizer = makeOptimizer(params);
    track(params, optimizer);
    optimizer.paramGroups[0].lr = 0.0123;
    const saved = optimizer.stateDict();
    const otherParams = makeParams();
    const other = makeOptimizer(otherParams);
    track(otherParams, other);
    other.loadStateDict(saved);
    expect(other.paramGroups[0].lr).toBe(0.0123);
    expect(other.paramGroups[0].betas).toEqual([hyper.beta1, hyper.beta2]);
    expect(other.paramGroups[1].weightDecay).toBe(0);
  });

  it("validates its hyperparameters", () => {
    const params = makeParams();
    created.push(params);
    expect(() => new AdamW(params, { betas: [1, 0.999] })).toThrow(
      "AdamW group 0: betas[0] must be in [0, 1), got 1",
    );
    expect(() => new AdamW(params, { lr: -1 })).toThrow("AdamW group 0: lr must be >= 0, got -1");
    expect(() => new AdamW([{ params }, { params: [params[0]] }])).toThrow(
      "AdamW: parameter 'encoder.dense.weight' appears in more than one parameter group",
    );
    expect(() => new AdamW([])).toThrow("AdamW: got an empty parameter list");
  });
});
