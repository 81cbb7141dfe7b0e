export type BinaryOpName = "add" | "sub" | "mul" | "div";

type Values = Float32Array;

/** out[o + j] = a[ai + j·sa] ∘ b[bi + j·sb] for j < length: one row of a broadcast binary op. */
type RowKernel = (
  a: Values,
  ai: number,
  sa: number,
  b: Values,
  bi: number,
  sb: number,
  out: Values,
  o: number,
  length: number,
) => void;

// One loop per op, the op written inline: a shared loop calling the op per element costs a call per element.
const ROW_KERNELS: Record<BinaryOpName, RowKernel> = {
  add: (a, ai, sa, b, bi, sb, out, o, length) => {
    for (let j = 0; j < length; j++, ai += sa, bi += sb) out[o + j] = a[ai] + b[bi];
  },
  sub: (a, ai, sa, b, bi, sb, out, o, length) => {
    for (let j = 0; j < length; j++, ai += sa, bi += sb) out[o + j] = a[ai] - b[bi];
  },
  mul: (a, ai, sa, b, bi, sb, out, o, length) => {
    for (let j = 0; j < length; j++, ai += sa, bi += sb) out[o + j] = a[ai] * b[bi];
  },
  div: (a, ai, sa, b, bi, sb, out, o, length) => {
    for (let j = 0; j < length; j++, ai += sa, bi += sb) out[o + j] = a[ai] / b[bi];
  },
};

/** Strides of `shape` read as `outShape` under broadcasting: 0 along axes it repeats. */
function broadcastStrides(shape: number[], outShape: number[]): number[] {
  const padded = [...Array(outShape.length - shape.length).fill(1), ...shape];
  const strides = new Array<number>(outShape.length);
  for (let axis = outShape.length - 1, stride = 1; axis >= 0; axis--) {
    strides[axis] = padded[axis] === 1 && outShape[axis] !== 1 ? 0 : stride;
    stride *= padded[axis];
  }
  return strides;
}

/**
 * a ∘ b with numpy broadcasting into `out` (of `outShape`), row by row. Adjacent axes that both operands walk the
 * same way are merged first, so a bias over [batch, tokens, hidden] is one run per token and a [rows, 1] column
 * one run per row. Each element is computed in float64 and rounded once, as the stock cpu kernels do, so results
 * are bit-identical to theirs; the stock kernels turn every element's flat index into coordinates and back when
 * the shapes differ, which is what makes them slow.
 */
export function broadcastBinary(
  op: BinaryOpName,
  a: Values,
  aShape: number[],
  b: Values,
  bShape: number[],
  out: Values,
  outShape: number[],
): void {
  if (out.length === 0) return;
  const aStrides = broadcastStrides(aShape, outShape);
  const bStrides = broadcastStrides(bShape, outShape);
  const dims: number[] = [];
  const sa: number[] = [];
  const sb: number[] = [];
  for (let axis = 0; axis < outShape.length; axis++) {
    if (outShape[axis] === 1) continue;
    const last = dims.length - 1;
    const mergeable =
      last >= 0 &&
      sa[last] === aStrides[axis] * outShape[axis] &&
      sb[last] === bStrides[axis] * outShape[axis];
    if (mergeable) {
      dims[last] *= outShape[axis];
      sa[last] = aStrides[axis];
      sb[last] = bStrides[axis];
    } else {
      dims.push(outShape[axis]);
      sa.push(aStrides[axis]);
      sb.push(bStrides[axis]);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    sa.push(0);
    sb.push(0);
  }
  const row = ROW_KERNELS[op];
  const inner = dims.length - 1;
  const length = dims[inner];
  const rows = out.length / length;
  const position = new Array<number>(inner).fill(0);
  let ai = 0;
  let bi = 0;
  for (let r = 0; r < rows; r++) {
    row(a, ai, sa[inner], b, bi, sb[inner], out, r * length, length);
    // odometer over the outer axes
    for (let axis = inner - 1; axis >= 0; axis--) {
      ai += sa[axis];
      bi += sb[axis];
      if (++position[axis] < dims[axis]) break;
      position[axis] = 0;
      ai -= sa[axis] * dims[axis];
      bi -= sb[axis] * dims[axis];
    }
  }
}
