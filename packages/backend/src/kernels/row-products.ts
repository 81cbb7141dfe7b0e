const TILE_ROWS = 64;
const TILE_COLS = 64;
const TILE_DEPTH = 256;

/** The running sums of one output tile; shared by every call (they run one at a time), not allocated per call. */
const tileSums = new Float64Array(TILE_ROWS * TILE_COLS);

/**
 * out[i][j] = Σ_t a[i][t] · bt[j][t] (out = a·btᵀ) for a [m, k] and bt [n, k], both read along contiguous rows,
 * each starting at its offset. Tiled so a 64×256 block of each stays in cache while it is reused, and each inner
 * step computes a 2×4 block of outputs from 6 loads. Sums are float64 to the end (the stock kernel rounds every
 * 48-term partial sum to float32), so results are at least as accurate as the stock kernel's.
 */
export function multiplyRows(
  a: Float32Array,
  aOffset: number,
  bt: Float32Array,
  btOffset: number,
  m: number,
  n: number,
  k: number,
  out: Float32Array,
  outOffset: number,
): void {
  const acc = tileSums;
  for (let i0 = 0; i0 < m; i0 += TILE_ROWS) {
    const i1 = Math.min(i0 + TILE_ROWS, m);
    for (let j0 = 0; j0 < n; j0 += TILE_COLS) {
      const j1 = Math.min(j0 + TILE_COLS, n);
      acc.fill(0);
      for (let k0 = 0; k0 < k; k0 += TILE_DEPTH) {
        const k1 = Math.min(k0 + TILE_DEPTH, k);
        let i = i0;
        for (; i + 1 < i1; i += 2) {
          const a0 = aOffset + i * k;
          const a1 = a0 + k;
          const row0 = (i - i0) * TILE_COLS - j0;
          const row1 = row0 + TILE_COLS;
          let j = j0;
          for (; j + 3 < j1; j += 4) {
            const b0 = btOffset + j * k;
            const b1 = b0 + k;
            const b2 = b1 + k;
            const b3 = b2 + k;
            let s00 = 0;
            let s01 = 0;
            let s02 = 0;
            let s03 = 0;
            let s10 = 0;
            let s11 = 0;
            let s12 = 0;
            let s13 = 0;
            for (let t = k0; t < k1; t++) {
              const x0 = a[a0 + t];
              const x1 = a[a1 + t];
              const y0 = bt[b0 + t];
              const y1 = bt[b1 + t];
              const y2 = bt[b2 + t];
              const y3 = bt[b3 + t];
              s00 += x0 * y0;
              s01 += x0 * y1;
              s02 += x0 * y2;
              s03 += x0 * y3;
              s10 += x1 * y0;
              s11 += x1 * y1;
              s12 += x1 * y2;
              s13 += x1 * y3;
            }
            acc[row0 + j] += s00;
            acc[row0 + j + 1] += s01;
            acc[row0 + j + 2] += s02;
            acc[row0 + j + 3] += s03;
            acc[row1 + j] += s10;
            acc[row1 + j + 1] += s11;
            acc[row1 + j + 2] += s12;
            acc[row1 + j + 3] += s13;
          }
          for (; j < j1; j++) {
            const b0 = btOffset + j * k;
            let s0 = 0;
            let s1 = 0;
            for (let t = k0; t < k1; t++) {
              s0 += a[a0 + t] * bt[b0 + t];
              s1 += a[a1 + t] * bt[b0 + t];
            }
            acc[row0 + j] += s0;
            acc[row1 + j] += s1;
          }
        }
        for (; i < i1; i++) {
          const a0 = aOffset + i * k;
          const row0 = (i - i0) * TILE_COLS - j0;
          for (let j = j0; j < j1; j++) {
            const b0 = btOffset + j * k;
            let s0 = 0;
            for (let t = k0; t < k1; t++) s0 += a[a0 + t] * bt[b0 + t];
            acc[row0 + j] += s0;
          }
        }
      }
      for (let i = i0; i < i1; i++) {
        const from = (i - i0) * TILE_COLS;
        const to = outOffset + i * n;
        for (let j = j0; j < j1; j++) out[to + j] = acc[from + j - j0];
      }
    }
  }
}
