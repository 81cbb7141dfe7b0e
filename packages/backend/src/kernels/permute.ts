import { transposeTiles } from "./blocked-transpose.js";

type Values = Float32Array | Int32Array | Uint8Array;

/**
 * The same permutation over fewer axes: size-1 axes dropped, and axes that stay next to each other in the same
 * order merged ([8, 4, 128, 64] by [0, 2, 1, 3] stays as it is; [2, 3, 4] by [0, 2, 1] too; [a, b, c] by
 * [1, 2, 0] becomes [a, b·c] by [1, 0]).
 */
export function collapsePermutation(shape: number[], perm: number[]): { dims: number[]; perm: number[] } {
  const kept = perm.filter((axis) => shape[axis] !== 1);
  // groups of input axes that follow each other in the output
  const groups: number[][] = [];
  for (const axis of kept) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  const byInputOrder = [...groups].sort((p, q) => p[0] - q[0]);
  const dims = byInputOrder.map((group) => group.reduce((size, axis) => size * shape[axis], 1));
  return { dims, perm: groups.map((group) => byInputOrder.indexOf(group)) };
}

/**
 * out = x transposed by `perm`, for any rank: matrices (and batches of them) in cache tiles, anything else with
 * the output written in order, one run along its last axis at a time.
 */
export function permute(x: Values, shape: number[], perm: number[], out: Values): void {
  const { dims, perm: p } = collapsePermutation(shape, perm);
  const rank = dims.length;
  if (rank === 0 || p.every((axis, i) => axis === i)) {
    out.set(x);
    return;
  }
  if (rank === 2) {
    transposeTiles(x, 1, dims[0], dims[1], out);
    return;
  }
  if (rank === 3 && p[0] === 0 && p[1] === 2 && p[2] === 1) {
    transposeTiles(x, dims[0], dims[1], dims[2], out);
    return;
  }
  const inStrides = new Array<number>(rank);
  for (let axis = rank - 1, stride = 1; axis >= 0; axis--) {
    inStrides[axis] = stride;
    stride *= dims[axis];
  }
  const outDims = p.map((axis) => dims[axis]);
  const steps = p.map((axis) => inStrides[axis]);
  const inner = rank - 1;
  const length = outDims[inner];
  const step = steps[inner];
  const position = new Array<number>(inner).fill(0);
  let from = 0;
  for (let o = 0; o < out.length; o += length) {
    for (let j = 0, i = from; j < length; j++, i += step) out[o + j] = x[i];
    for (let axis = inner - 1; axis >= 0; axis--) {
      from += steps[axis];
      if (++position[axis] < outDims[axis]) break;
      position[axis] = 0;
      from -= steps[axis] * outDims[axis];
    }
  }
}
