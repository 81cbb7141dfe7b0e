"""HF reference outputs for the tokenizers package's parity tests.

For each tokenizer folder under test/fixtures ({wordpiece,bpe}/, written by our savePretrained), encodes the inputs
of test/fixtures/reference-inputs.json with transformers' PreTrainedTokenizerFast(tokenizer_file=...), and checks
that transformers loads the folder itself (AutoTokenizer and PreTrainedTokenizerFast.from_pretrained) to a tokenizer
that encodes identically. Writes one JSON file.

    python3 packages/tokenizers/tools/make_reference.py \
        --fixtures packages/tokenizers/test/fixtures --out packages/tokenizers/test/fixtures/hf-reference.json
"""

import argparse
import json
import os
import tempfile
import traceback

import tokenizers
import transformers
from transformers import AutoTokenizer, PreTrainedTokenizerFast

ROLES = ["bos", "eos", "unk", "sep", "pad", "cls", "mask"]
RETURN = dict(
    return_offsets_mapping=True,
    return_token_type_ids=True,
    return_attention_mask=True,
    return_special_tokens_mask=True,
)


def windows(tok, first, second=None, **kwargs):
    """Every row HF returns for one input (one, or several with return_overflowing_tokens)."""
    if second is None:
        enc = tok([first], **RETURN, **kwargs)
    else:
        enc = tok([first], [second], **RETURN, **kwargs)
    rows = []
    for i in range(len(enc["input_ids"])):
        rows.append(
            {
                "input_ids": enc["input_ids"][i],
                "token_type_ids": enc["token_type_ids"][i],
                "attention_mask": enc["attention_mask"][i],
                "special_tokens_mask": enc["special_tokens_mask"][i],
                "tokens": enc.tokens(i),
                "offsets": [list(span) for span in enc["offset_mapping"][i]],
                "word_ids": enc.word_ids(i),
                "sequence_ids": enc.sequence_ids(i),
            }
        )
    return rows


def guarded(fn):
    try:
        return fn()
    except Exception as error:  # recorded, so one failing case never hides the others
        return {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc(limit=3)}


def encode_all(tok, inputs):
    out = {}
    out["texts"] = [guarded(lambda t=t: windows(tok, t)[0]) for t in inputs["texts"]]
    out["textsWithoutSpecialTokens"] = [
        guarded(lambda t=t: windows(tok, t, add_special_tokens=False)[0]) for t in inputs["texts"]
    ]
    out["pairs"] = [guarded(lambda p=p: windows(tok, p[0], p[1])[0]) for p in inputs["pairs"]]
    out["words"] = [guarded(lambda w=w: windows(tok, w, is_split_into_words=True)[0]) for w in inputs["words"]]
    out["qa"] = [
        guarded(
            lambda q=q: windows(
                tok,
                q["question"],
                q["context"],
                truncation="only_second",
                max_length=q["maxLength"],
                stride=q["stride"],
                return_overflowing_tokens=True,
                padding="max_length",
            )
        )
        for q in inputs["qa"]
    ]
    # Each context and long text alone, whole: what the overflowing windows must tile, and the lengths
    # longest_first splits a pair by.
    out["qaContextsWhole"] = [
        guarded(lambda q=q: windows(tok, q["context"], add_special_tokens=False)[0]) for q in inputs["qa"]
    ]
    tt = inputs["truncatedTexts"]
    out["truncatedTexts"] = [
        guarded(
            lambda t=t: windows(
                tok, t, truncation=True, max_length=tt["maxLength"], stride=tt["stride"], return_overflowing_tokens=True
            )
        )
        for t in tt["texts"]
    ]
    out["truncatedTextsWhole"] = [
        guarded(lambda t=t: windows(tok, t, add_special_tokens=False)[0]) for t in tt["texts"]
    ]
    tp = inputs["truncatedPairs"]
    out["truncatedPairs"] = [
        guarded(lambda p=p: windows(tok, p[0], p[1], truncation="longest_first", max_length=tp["maxLength"]))
        for p in tp["pairs"]
    ]
    tw = inputs["truncatedWords"]
    out["truncatedWords"] = [
        guarded(
            lambda w=w: windows(
                tok,
                w,
                is_split_into_words=True,
                truncation=True,
                max_length=tw["maxLength"],
                stride=tw["stride"],
                return_overflowing_tokens=True,
                padding="max_length",
            )
        )
        for w in tw["words"]
    ]
    out["truncatedPairsWhole"] = [
        guarded(lambda p=p: [windows(tok, s, add_special_tokens=False)[0] for s in p]) for p in tp["pairs"]
    ]
    out["decode"] = [
        guarded(
            lambda ids=row["input_ids"]: {
                "ids": ids,
                "text": tok.decode(ids),
                "skipSpecialTokens": tok.decode(ids, skip_special_tokens=True),
            }
        )
        for row in out["texts"] + out["pairs"]
        if "input_ids" in row
    ]
    return out


def describe(tok):
    return {
        "class": type(tok).__name__,
        "special_tokens": {f"{r}_token": getattr(tok, f"{r}_token") for r in ROLES if getattr(tok, f"{r}_token")},
        "model_max_length": tok.model_max_length,
        "len": len(tok),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(os.path.join(args.fixtures, "reference-inputs.json"), encoding="utf-8") as f:
        inputs = json.load(f)
    result = {"versions": {"transformers": transformers.__version__, "tokenizers": tokenizers.__version__}}
    for name in ["wordpiece", "bpe"]:
        folder = os.path.join(args.fixtures, name)
        with open(os.path.join(folder, "tokenizer_config.json"), encoding="utf-8") as f:
            config = json.load(f)
        special = {f"{r}_token": config[f"{r}_token"] for r in ROLES if f"{r}_token" in config}
        tokenizer_file = os.path.join(folder, "tokenizer.json")

        def reference_tokenizer():
            # transformers' generic fast tokenizer over our tokenizer.json, told the special tokens.
            return PreTrainedTokenizerFast(
                tokenizer_file=tokenizer_file, model_max_length=config["model_max_length"], **special
            )

        entry = {}
        # What transformers' save_pretrained writes (from a fresh tokenizer: encoding leaves truncation and
        # padding set on the backend, which save_pretrained would write too), for our loader to read back.
        with tempfile.TemporaryDirectory() as saved:
            reference_tokenizer().save_pretrained(saved)
            files = {}
            for file in sorted(os.listdir(saved)):
                with open(os.path.join(saved, file), encoding="utf-8") as f:
                    text = f.read()
                if file == "tokenizer.json":
                    with open(tokenizer_file, encoding="utf-8") as f:
                        files[file] = {"identicalToOurs": text == f.read()}
                else:
                    files[file] = text
            entry["hfSavedFolder"] = files
        tok = reference_tokenizer()
        entry["reference"] = describe(tok)
        entry["outputs"] = encode_all(tok, inputs)
        entry["loadedFolder"] = {}
        # What transformers makes of the folder our savePretrained wrote.
        for loader_name, loader in [("AutoTokenizer", AutoTokenizer), ("PreTrainedTokenizerFast", PreTrainedTokenizerFast)]:
            loaded = guarded(lambda loader=loader: loader.from_pretrained(folder))
            if isinstance(loaded, dict):
                entry["loadedFolder"][loader_name] = loaded
                continue
            outputs = encode_all(loaded, inputs)
            entry["loadedFolder"][loader_name] = {
                **describe(loaded),
                "sameOutputs": outputs == entry["outputs"],
                "differingCases": [k for k in outputs if outputs[k] != entry["outputs"][k]],
            }
        result[name] = entry
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
