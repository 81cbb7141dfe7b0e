// Writes data/train.jsonl and data/eval.jsonl: hand-written SQuAD-style examples ({id, question, context, answers:
// {text, answer_start}}), answer_start found in the context so the spans are always right.
import { writeFileSync } from "node:fs";

const CONTEXTS = {
  eiffel:
    "The Eiffel Tower is in Paris. It was built in 1889 by the company of Gustave Eiffel, and it is made of iron.",
  curie:
    "Marie Curie was a physicist and chemist. She won the Nobel Prize in Physics in 1903 and the Nobel Prize in " +
    "Chemistry in 1911.",
  nile: "The Nile is the longest river in Africa. It flows north through Egypt into the Mediterranean Sea.",
  everest: "Mount Everest is the highest mountain on Earth. It stands on the border between Nepal and China.",
  lovelace:
    "Ada Lovelace was an English mathematician. She worked with Charles Babbage on his mechanical computer, the " +
    "Analytical Engine. Her notes on the engine contain what many call the first computer program, an algorithm " +
    "that computes Bernoulli numbers. She was born in London in 1815.",
};

const TRAIN = [
  ["eiffel", "Where is the Eiffel Tower?", "Paris"],
  ["eiffel", "When was the Eiffel Tower built?", "1889"],
  ["eiffel", "Whose company built the tower?", "Gustave Eiffel"],
  ["eiffel", "What is the tower made of?", "iron"],
  ["curie", "What was Marie Curie?", "a physicist and chemist"],
  ["curie", "When did Marie Curie win the Nobel Prize in Physics?", "1903"],
  ["curie", "When did she win the Nobel Prize in Chemistry?", "1911"],
  ["nile", "Which river is the longest in Africa?", "The Nile"],
  ["nile", "Which country does the Nile flow through?", "Egypt"],
  ["nile", "Into which sea does the Nile flow?", "the Mediterranean Sea"],
  ["everest", "What is the highest mountain on Earth?", "Mount Everest"],
  ["everest", "Between which countries does Mount Everest stand?", "Nepal and China"],
  ["lovelace", "Who worked with Charles Babbage?", "Ada Lovelace"],
  ["lovelace", "What was the mechanical computer called?", "the Analytical Engine"],
  ["lovelace", "What does the algorithm compute?", "Bernoulli numbers"],
  ["lovelace", "Where was Ada Lovelace born?", "London"],
];

const EVAL = [
  ["eiffel", "In which city is the Eiffel Tower?", "Paris"],
  ["eiffel", "When was the tower built?", "1889"],
  ["curie", "In which year did Marie Curie win the Nobel Prize in Chemistry?", "1911"],
  ["nile", "Which is the longest river in Africa?", "The Nile"],
  ["everest", "Which mountain is the highest on Earth?", "Mount Everest"],
  ["lovelace", "Who was an English mathematician?", "Ada Lovelace"],
  ["lovelace", "When was Ada Lovelace born?", "1815"],
];

function rows(list, split) {
  return list.map(([key, question, answer], i) => {
    const context = CONTEXTS[key];
    const start = context.indexOf(answer);
    if (start < 0) throw new Error(`"${answer}" is not in the ${key} context`);
    return {
      id: `${split}-${key}-${i}`,
      question,
      context,
      answers: { text: [answer], answer_start: [start] },
    };
  });
}

const jsonl = (list) => `${list.map((row) => JSON.stringify(row)).join("\n")}\n`;
writeFileSync(new URL("./data/train.jsonl", import.meta.url), jsonl(rows(TRAIN, "train")));
writeFileSync(new URL("./data/eval.jsonl", import.meta.url), jsonl(rows(EVAL, "eval")));
