/**
 * For each flat index of `outShape`, the flat index of `inShape` it reads when `inShape` is broadcast to it (numpy
 * rules: shapes aligned on the right, axes of size 1 repeated).
 */
export function broadcastSourceIndices(outShape: number[], inShape: number[]): Int32Array {
  const rank = outShape.length;
  const padded = [...Array(rank - inShape.length).fill(1), ...inShape];
  const size = outShape.reduce((product, dim) => product * dim, 1);
  const sources = new Int32Array(size);
  const inStrides = new Array<number>(rank);
  for (let axis = rank - 1, stride = 1; axis >= 0; axis--) {
    inStrides[axis] = padded[axis] === 1 ? 0 : stride;
    stride *= padded[axis];
  }
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let source = 0;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const position = rest % outShape[axis];
      rest = (rest - position) / outShape[axis];
      source += position * inStrides[axis];
    }
    sources[flat] = source;
  }
  return sources;
}
