import { rngFor } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { dedupeBy, splitRows } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { majorityAccuracy } from "../metrics/counting.js";
import { requireSource } from "../sources/require.js";

const PACKAGE = "mnist";
const SIDE = 28;
const SIZES = sizesOf(TINY, { train: 3000, validation: 500, test: 500 });

export interface ImageRow extends Record<string, unknown> {
  /** 784 grey levels 0–255, row-major 28×28. */
  pixels: number[];
  label: number;
}

type MnistDigit = { raw: number[]; length: number };

/**
 * The package stores each digit's images as one flat array of 0–1 values rounded to 3 decimals (v/255); × 255
 * rounded gives back the original byte exactly, as 1/255 is wider than the rounding.
 */
let cache: ImageRow[] | undefined;

function readDigits(): ImageRow[] {
  if (cache) return cache;
  const digits = requireSource<Record<number, MnistDigit>>(PACKAGE);
  const rows: ImageRow[] = [];
  for (let label = 0; label < 10; label++) {
    const { raw, length } = digits[label];
    if (raw.length !== length * SIDE * SIDE)
      throw new Error(`${PACKAGE}: digit ${label}'s data is not whole 28×28 images`);
    for (let i = 0; i < length; i++) {
      const pixels = raw.slice(i * SIDE * SIDE, (i + 1) * SIDE * SIDE).map((v) => Math.round(v * 255));
      rows.push({ pixels, label });
    }
  }
  // an image stored twice would otherwise be able to sit in train and validation at once
  cache = dedupeBy(rows, (r) => r.pixels.join(","));
  return cache;
}

export default defineDataset<ImageRow>({
  name: "mnist",
  task: "image classification (run_image_classification)",
  source: {
    packages: [PACKAGE],
    license:
      "MIT (the mnist package, Copyright (c) 2015 Juan Cazala); its README says it holds 10,000 samples of the MNIST " +
      "digits (LeCun, Cortes & Burges) and does not say which",
  },
  sizes: SIZES,
  build({ size, seed }) {
    return { splits: splitRows("mnist", readDigits(), SIZES[size], rngFor(seed, "mnist", "split")) };
  },
  baselines({ train = [], validation = [] }) {
    return [
      {
        name: "majority class",
        value: majorityAccuracy(train, validation, (r) => String(r.label)),
        unit: "accuracy %",
      },
    ];
  },
});
