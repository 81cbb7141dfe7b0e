// Writes data/train.jsonl and data/eval.jsonl: token sequences labelled by which third of the vocabulary most of
// their tokens come from. Synthetic on purpose: small enough for the quick start to learn in seconds on a CPU.
import { writeFileSync } from "node:fs";

let x = 2024;
const next = () => {
  x = (x * 1103515245 + 12345) % 2147483648;
  return x / 2147483648;
};

function row() {
  const label = Math.floor(next() * 3);
  const length = 4 + Math.floor(next() * 9);
  const input_ids = Array.from({ length }, () => {
    const group = next() < 0.7 ? label : Math.floor(next() * 3);
    return 1 + group * 10 + Math.floor(next() * 10);
  });
  return { input_ids, label };
}

const jsonl = (n) => `${Array.from({ length: n }, () => JSON.stringify(row())).join("\n")}\n`;
writeFileSync(new URL("./data/train.jsonl", import.meta.url), jsonl(512));
writeFileSync(new URL("./data/eval.jsonl", import.meta.url), jsonl(128));
