import * as tf from "@tensorflow/tfjs";
import type { ParameterStore } from "../common/parameter-store.js";

/** torch.nn.Linear's weights under `<name>.weight` [out, in] (normal) and `<name>.bias` [out] (zeros) when it has one. */
export function declareLinear(
  store: ParameterStore,
  name: string,
  shape: { out: number; in: number },
  std: number,
  bias: boolean,
): void {
  store.create(`${name}.weight`, [shape.out, shape.in], { kind: "normal", std });
  if (bias) store.create(`${name}.bias`, [shape.out], { kind: "zeros" });
}

/** torch.nn.LayerNorm's weights: weight ones, bias zeros. */
export function declareLayerNorm(store: ParameterStore, name: string, dim: number): void {
  store.create(`${name}.weight`, [dim], { kind: "ones" });
  store.create(`${name}.bias`, [dim], { kind: "zeros" });
}

/** An embedding table whose padding row starts at zero (torch.nn.Embedding with padding_idx, as HF initialises it). */
export function declareEmbedding(
  store: ParameterStore,
  name: string,
  shape: { rows: number; dim: number },
  std: number,
  paddingIdx?: number | null,
): void {
  const table = store.create(`${name}.weight`, [shape.rows, shape.dim], { kind: "normal", std });
  if (paddingIdx === undefined || paddingIdx === null || paddingIdx < 0 || paddingIdx >= shape.rows) return;
  tf.tidy(() => {
    const keep = tf.oneHot([paddingIdx], shape.rows).sum(0).reshape([shape.rows, 1]);
    table.assign(tf.mul(table, tf.sub(1, keep)));
  });
}
