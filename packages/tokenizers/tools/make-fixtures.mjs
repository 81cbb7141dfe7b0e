// Writes test/fixtures/{wordpiece,bpe}/ (tokenizers trained on the UCI Sentiment Labelled Sentences that the
// `sentiment` package ships) and test/fixtures/reference-inputs.json (what tools/make_reference.py encodes with HF).
// Run after a build: npx nx run @tfjs-trainer/tokenizers:build && node packages/tokenizers/tools/make-fixtures.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { PreTrainedTokenizer } from "../dist/index.js";

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const require = createRequire(import.meta.url);
const corpusDir = `${require.resolve("sentiment/package.json").replace(/package\.json$/, "")}test/fixtures/`;

/** Same loading as test/corpus.ts: every sentence of the three files, trimmed, in file order. */
const sentences = ["imdb", "amazon", "yelp"].flatMap((name) =>
  JSON.parse(readFileSync(`${corpusDir}${name}.json`, "utf8")).map((row) => row.text.trim()),
);

for (const model of ["wordpiece", "bpe"]) {
  const tokenizer = await PreTrainedTokenizer.train({
    model,
    texts: sentences,
    vocabSize: 2000,
    modelMaxLength: 128,
  });
  await tokenizer.savePretrained(`${fixtures}${model}`);
}

const picked = sentences.filter((_, i) => i % 200 === 7);
const tricky = [
  "",
  "   Leading, trailing   and  double  spaces   ",
  "Accents: café, naïve, Ångström, résumé.",
  "Emoji 😀 in the middle, CJK 中文字 and a zero-width\u200bspace.",
  "Numbers 3.14, $100 and 1,000,000!",
  "Contractions: can't, won't, I'm, they're, it's.",
  "UPPER lower MiXeD CaSe",
  "tab\tand\nnewline",
  "[CLS] special [SEP] tokens [MASK] written <|endoftext|> in text",
];
const words = (text) => text.split(/\s+/).filter((word) => word.length > 0);
const long = (start) => sentences.slice(start, start + 6).join(" ");
const inputs = {
  texts: [...picked, ...tricky],
  pairs: [
    [picked[0], picked[1]],
    ["Who liked the food?", picked[2]],
    ["Is it good?", "Yes. 😀 Very good, café-quality."],
    ["", picked[3]],
  ],
  words: [...picked.slice(0, 6), tricky[2], tricky[3], tricky[5]].map(words),
  // Question answering as HF's run_qa.py prepares it: only_second, stride, overflowing windows, max_length padding.
  qa: [
    { question: "What did they think of the movie?", context: long(10), maxLength: 48, stride: 12 },
    { question: "How was the service?", context: long(2100), maxLength: 40, stride: 8 },
    { question: "Price?", context: long(1200), maxLength: 64, stride: 16 },
  ],
  truncatedTexts: { texts: [long(30), picked[4], tricky[3]], maxLength: 12, stride: 3 },
  truncatedPairs: {
    pairs: [
      [long(40), long(50)],
      [picked[5], long(60)],
      [long(70), "short"],
    ],
    maxLength: 20,
  },
  truncatedWords: { words: [words(long(80)), words(picked[6])], maxLength: 10, stride: 2 },
};
writeFileSync(`${fixtures}reference-inputs.json`, `${JSON.stringify(inputs, null, 2)}\n`);
console.log(`wrote ${fixtures}{wordpiece,bpe}/ and reference-inputs.json`);
