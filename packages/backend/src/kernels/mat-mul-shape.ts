import * as tf from "@tensorflow/tfjs";
import { broadcastSourceIndices } from "./broadcast-index.js";

/** The sizes of a batched a·b: [batch…, m, k]·[batch…, k, n] once each side's transpose flag is applied. */
export interface MatMulShape {
  m: number;
  k: number;
  n: number;
  /** Product entries in a, in b, and in the (broadcast) output. */
  batchA: number;
  batchB: number;
  batch: number;
  /** The output's leading (broadcast) axes. */
  outOuter: number[];
  /** For each output entry, the entry of a and of b it multiplies (broadcasting). */
  aSources: Int32Array;
  bSources: Int32Array;
}

/** The shape of a·b, or the two inner sizes when they differ (callers word or delegate that error). */
export function matMulShape(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): MatMulShape | { innerMismatch: [number, number] } {
  const aOuter = aShape.slice(0, -2);
  const bOuter = bShape.slice(0, -2);
  const [aRows, aCols] = aShape.slice(-2);
  const [bRows, bCols] = bShape.slice(-2);
  const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const [kB, n] = transposeB ? [bCols, bRows] : [bRows, bCols];
  if (k !== kB) return { innerMismatch: [k, kB] };
  const outOuter = tf.broadcast_util.assertAndGetBroadcastShape(aOuter, bOuter);
  return {
    m,
    k,
    n,
    batchA: tf.util.sizeFromShape(aOuter),
    batchB: tf.util.sizeFromShape(bOuter),
    batch: tf.util.sizeFromShape(outOuter),
    outOuter,
    aSources: broadcastSourceIndices(outOuter, aOuter),
    bSources: broadcastSourceIndices(outOuter, bOuter),
  };
}
