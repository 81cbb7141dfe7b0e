import type { HistogramProto } from "./messages.js";

/** How values are binned: TensorFlow's exponential buckets (torch's "tensorflow", the default), a number of
 * equal-width bins over [min, max] (numpy's `bins=n`), or explicit ascending bin edges. */
export type HistogramBins = "tensorflow" | number | readonly number[];

let tensorflowEdges: number[] | undefined;

/**
 * TensorFlow's default bucket edges, as torch's SummaryWriter builds them: ±1e-12 growing by ×1.1 up to 1e20,
 * mirrored around 0 (1549 edges).
 */
export function tensorflowBucketEdges(): number[] {
  if (!tensorflowEdges) {
    const positive: number[] = [];
    for (let v = 1e-12; v < 1e20; v *= 1.1) positive.push(v);
    tensorflowEdges = [...positive.map((v) => -v).reverse(), 0, ...positive];
  }
  return tensorflowEdges;
}

/** numpy's linspace(start, stop, n + 1): the edges of `n` equal bins, the last one exactly `stop`. */
function equalWidthEdges(min: number, max: number, n: number): number[] {
  let [lo, hi] = [min, max];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const step = (hi - lo) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => lo + i * step);
  edges[n] = hi;
  return edges;
}

/**
 * The HistogramProto torch's `add_histogram` writes: numpy's histogram of the values over the edges (bins are
 * [e_i, e_i+1), the last one closed; values outside the edges are not counted), trimmed to the buckets from the
 * first to the last non-empty one, with one empty bucket kept on the left so TensorBoard sees the left edge;
 * `bucket_limit` holds each bucket's right edge. min, max, num, sum and sum_squares are over all the values (sums
 * pairwise, as numpy adds).
 */
export function makeHistogram(values: ArrayLike<number>, bins: HistogramBins = "tensorflow"): HistogramProto {
  const n = values.length;
  if (n === 0) throw new RangeError("histogram: no values");
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min || Number.isNaN(v)) min = v;
    if (v > max || Number.isNaN(v)) max = v;
    squares[i] = v * v;
  }
  const sum = pairwiseSum(values, 0, n);
  const sumSquares = pairwiseSum(squares, 0, n);
  if (typeof bins === "number" && !(Number.isFinite(min) && Number.isFinite(max))) {
    throw new RangeError(`histogram: equal-width bins need finite values (range [${min}, ${max}])`);
  }
  const edges =
    bins === "tensorflow"
      ? tensorflowBucketEdges()
      : typeof bins === "number"
        ? equalWidthEdges(min, max, checkBinCount(bins))
        : checkEdges(bins);
  const counts = countIntoBins(values, edges);

  let first = -1;
  let last = -1;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) throw new RangeError("histogram: no value falls inside the bin edges");
  const end = last + 1;
  const bucket = first > 0 ? counts.slice(first - 1, end) : [0, ...counts.slice(0, end)];
  const bucketLimit = edges.slice(first, end + 1);
  return { min, max, num: n, sum, sum_squares: sumSquares, bucket_limit: bucketLimit, bucket };
}

/** numpy's pairwise summation (blocks of 128 summed in 8 lanes), so sums come out as torch's to the last bit. */
function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let r = 0;
    for (let i = 0; i < n; i++) r += a[start + i];
    return r;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
}

function checkBinCount(bins: number): number {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be a positive integer`);
  return bins;
}

function checkEdges(edges: readonly number[]): number[] {
  if (edges.length < 2) throw new RangeError("histogram: bin edges need at least two values");
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i] >= edges[i - 1])) throw new RangeError("histogram: bin edges must be ascending");
  }
  return [...edges];
}

/** numpy's counts for explicit edges: value v goes to the last i with edges[i] <= v; v equal to the last edge
 * goes to the last bin; values outside the edges (and NaN) are not counted. */
function countIntoBins(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    if (v === hi) {
      counts[counts.length - 1]++;
      continue;
    }
    let a = 0;
    let b = edges.length - 1;
    while (b - a > 1) {
      const mid = (a + b) >> 1;
      if (edges[mid] <= v) a = mid;
      else b = mid;
    }
    counts[a]++;
  }
  return counts;
}
