/** Deterministic toy rows (see toy-rows.d.mts); plain JS so the child process needs no build step. */
export function toyRows(count, vocab = 16, labels = 3, maxLen = 6) {
  let x = 12345;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  return Array.from({ length: count }, () => {
    const len = 2 + (next() % (maxLen - 1));
    const ids = Array.from({ length: len }, () => 1 + (next() % (vocab - 1)));
    return { input_ids: ids, label: ids[0] % labels };
  });
}
