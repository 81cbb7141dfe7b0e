import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreTrainedTokenizer, TokenizerError } from "../src/index";
import { fixturesDir } from "./helpers";

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "tokenizers-load-test-"));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

async function loadError(path: string): Promise<TokenizerError> {
  const error = await PreTrainedTokenizer.fromPretrained(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TokenizerError);
  return error as TokenizerError;
}

describe("fromPretrained errors name the path", () => {
  it("a path that does not exist", async () => {
    const path = join(workDir, "nowhere");
    const error = await loadError(path);
    expect(error.message).toBe(`no tokenizer at ${path}: the path does not exist`);
    expect(error.path).toBe(path);
  });

  it("a folder without tokenizer.json", async () => {
    const path = join(workDir, "empty-folder");
    await mkdir(path);
    await writeFile(join(path, "vocab.txt"), "[PAD]\n");
    expect((await loadError(path)).message).toMatch(new RegExp(`^${path} has no tokenizer\\.json`));
  });

  it("a tokenizer.json that is not JSON", async () => {
    const path = join(workDir, "broken");
    await mkdir(path);
    await writeFile(join(path, "tokenizer.json"), '{"version": "1.0", ');
    const error = await loadError(path);
    expect(error.message).toMatch(/tokenizer\.json is not valid JSON/);
    expect(error.path).toBe(join(path, "tokenizer.json"));
  });

  it("a tokenizer_config.json that is not JSON", async () => {
    const path = join(workDir, "broken-config");
    await cp(join(fixturesDir, "wordpiece"), path, { recursive: true });
    await writeFile(join(path, "tokenizer_config.json"), "{ pad_token: [PAD] }");
    expect((await loadError(path)).message).toMatch(
      /broken-config\/tokenizer_config\.json is not valid JSON/,
    );
  });

  it("JSON that is no tokenizer", async () => {
    const path = join(workDir, "not-a-tokenizer.json");
    await writeFile(path, JSON.stringify({ hello: "world" }));
    expect((await loadError(path)).message).toMatch(
      /not-a-tokenizer\.json is not a tokenizer\.json the tokenizers library can load/,
    );
  });

  it("a special token the vocabulary lacks", async () => {
    const path = join(workDir, "bad-special");
    await cp(join(fixturesDir, "wordpiece"), path, { recursive: true });
    await writeFile(join(path, "tokenizer_config.json"), JSON.stringify({ pad_token: "<pad>" }));
    expect((await loadError(path)).message).toMatch(
      /pad_token "<pad>" is not in the vocabulary of .*bad-special/,
    );
  });
});

describe("loading", () => {
  it("a bare tokenizer.json: special tokens come from the file itself, and there is no model_max_length", async () => {
    const wordpiece = await PreTrainedTokenizer.fromPretrained(
      join(fixturesDir, "wordpiece", "tokenizer.json"),
    );
    expect([
      wordpiece.padToken,
      wordpiece.unkToken,
      wordpiece.clsToken,
      wordpiece.sepToken,
      wordpiece.maskToken,
    ]).toEqual(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
    expect(wordpiece.modelMaxLength).toBeUndefined();
    // As for GPT-2's own tokenizer.json: <|endoftext|> is bos, eos and unk, and nothing names a pad token.
    const bpe = await PreTrainedTokenizer.fromPretrained(join(fixturesDir, "bpe", "tokenizer.json"));
    expect([bpe.bosToken, bpe.eosToken, bpe.unkToken, bpe.padToken]).toEqual([
      "<|endoftext|>",
      "<|endoftext|>",
      "<|endoftext|>",
      undefined,
    ]);
  });

  it("reads special tokens written as {content} objects, and HF's int(1e30) as no maximum length", async () => {
    const path = join(workDir, "old-style");
    await cp(join(fixturesDir, "wordpiece", "tokenizer.json"), join(path, "tokenizer.json"), {
      recursive: true,
    });
    await writeFile(
      join(path, "tokenizer_config.json"),
      '{"model_max_length": 1000000000000000019884624838656, "cls_token": {"__type": "AddedToken", "content": "[CLS]"}}',
    );
    await writeFile(
      join(path, "special_tokens_map.json"),
      JSON.stringify({ sep_token: "[SEP]", cls_token: "[PAD]" }),
    );
    const tokenizer = await PreTrainedTokenizer.fromPretrained(path);
    expect(tokenizer.modelMaxLength).toBeUndefined();
    expect(tokenizer.clsToken).toBe("[CLS]"); // tokenizer_config.json wins over special_tokens_map.json, as in HF
    expect(tokenizer.sepTokenId).toBe(3);
    expect(tokenizer.padToken).toBeUndefined();
  });
});

describe("savePretrained", () => {
  it("writes the three files, atomically (no temporary file left), next to what the folder already holds", async () => {
    const dir = join(workDir, "checkpoint-10");
    await mkdir(dir);
    await writeFile(join(dir, "model.safetensors"), "weights");
    const tokenizer = await PreTrainedTokenizer.fromPretrained(join(fixturesDir, "bpe"));
    await tokenizer.savePretrained(dir);
    expect((await readdir(dir)).sort()).toEqual([
      "model.safetensors",
      "special_tokens_map.json",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    for (const file of ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]) {
      expect(await readFile(join(dir, file), "utf8")).toBe(
        await readFile(join(fixturesDir, "bpe", file), "utf8"),
      );
    }
    const reloaded = await PreTrainedTokenizer.fromPretrained(dir);
    const text = "Round trip through a saved folder.";
    expect(await reloaded.encode(text, "And a pair.")).toEqual(await tokenizer.encode(text, "And a pair."));
  });

  it("keeps the fields of a loaded tokenizer_config.json it does not manage", async () => {
    const path = join(workDir, "with-extras");
    await cp(join(fixturesDir, "wordpiece"), path, { recursive: true });
    const config = JSON.parse(await readFile(join(path, "tokenizer_config.json"), "utf8"));
    await writeFile(
      join(path, "tokenizer_config.json"),
      JSON.stringify({ ...config, tokenizer_class: "BertTokenizer", do_lower_case: true }),
    );
    await (await PreTrainedTokenizer.fromPretrained(path)).savePretrained(join(workDir, "resaved"));
    const saved = JSON.parse(await readFile(join(workDir, "resaved", "tokenizer_config.json"), "utf8"));
    expect(saved).toEqual({ ...config, tokenizer_class: "BertTokenizer", do_lower_case: true });
  });

  it("names the folder it cannot write", async () => {
    const blocker = join(workDir, "a-file");
    await writeFile(blocker, "");
    const tokenizer = await PreTrainedTokenizer.fromPretrained(join(fixturesDir, "wordpiece"));
    const error = await tokenizer.savePretrained(join(blocker, "inside")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenizerError);
    expect((error as TokenizerError).message).toMatch(/cannot save the tokenizer to .*a-file\/inside/);
  });
});
