import type * as tf from "@tensorflow/tfjs";

type NumericArray = Float32Array | Int32Array | Uint8Array;

/** TF's UnsortedSegmentSum shape rule: [numSegments] followed by the axes of x that segmentIds does not cover. */
export function segmentSumShape(xShape: number[], segmentIdsShape: number[], numSegments: number): number[] {
  const prefix = xShape.slice(0, segmentIdsShape.length);
  if (prefix.some((size, axis) => size !== segmentIdsShape[axis])) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds of shape [${segmentIdsShape}] must be a prefix of x's shape [${xShape}]`,
    );
  }
  return [numSegments, ...xShape.slice(segmentIdsShape.length)];
}

/**
 * out[segmentIds[i], j] += x[i, j] over rows i of x (seen as [segmentIds.length, rowSize]); rows whose id is negative
 * or not below numSegments are dropped, as in TF. `out` must hold numSegments × rowSize zeros.
 *
 * One pass over x: the stock cpu kernel instead builds a mask and a product of the size of x per segment, so the
 * gradient of a 30k-row embedding costs 30k passes.
 */
export function accumulateSegments(
  x: NumericArray,
  segmentIds: NumericArray,
  numSegments: number,
  out: NumericArray,
): void {
  const rows = segmentIds.length;
  const rowSize = rows === 0 ? 0 : x.length / rows;
  for (let row = 0; row < rows; row++) {
    const segment = segmentIds[row];
    if (!(segment >= 0 && segment < numSegments)) continue;
    const from = row * rowSize;
    const to = segment * rowSize;
    for (let j = 0; j < rowSize; j++) out[to + j] += x[from + j];
  }
}

export function numSegmentsAttr(attrs: tf.NamedAttrMap | undefined): number {
  const numSegments = attrs?.numSegments;
  if (typeof numSegments !== "number" || !Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`UnsortedSegmentSum: numSegments must be an integer >= 0, got ${String(numSegments)}`);
  }
  return numSegments;
}
