"""Loads every folder our models saved (out/<name>/) with Hugging Face transformers and compares HF's outputs on
the same inputs with ours (out/<name>/ours.json). Prints one line per output and exits non-zero on any mismatch.

    python3 tools/hf-interop/check_hf_loads_ours.py tools/hf-interop/out
"""

import json
import sys
from pathlib import Path

import torch
import transformers

TOLERANCE = 1e-4


def main(root: Path) -> int:
    failures = 0
    folders = sorted(p for p in root.iterdir() if (p / "ours.json").exists())
    if not folders:
        print(f"no saved models under {root}")
        return 1
    print(f"transformers {transformers.__version__}, torch {torch.__version__}")
    print(f"{'model':<14} {'class':<34} {'output':<13} {'max |ours-HF| / max|HF|':>24}  ok")
    for folder in folders:
        ours = json.loads((folder / "ours.json").read_text())
        config = json.loads((folder / "config.json").read_text())
        cls = getattr(transformers, config["architectures"][0])
        try:
            model = cls.from_pretrained(folder).eval()
        except Exception as error:  # a folder HF cannot load is a failure of ours: report it and go on
            failures += 1
            print(f"{folder.name:<14} {cls.__name__:<34} {'(load)':<13} {type(error).__name__}: {str(error)[:200]}  FAIL")
            continue
        inputs = {k: torch.tensor(v) for k, v in ours["inputs"].items()}
        with torch.no_grad():
            out = model(**inputs)
        for key, expected in ours["outputs"].items():
            theirs = getattr(out, key).float()
            mine = torch.tensor(expected, dtype=torch.float32)
            err = ((theirs - mine).abs().max() / theirs.abs().max().clamp_min(1e-30)).item()
            ok = err <= TOLERANCE and theirs.shape == mine.shape
            failures += 0 if ok else 1
            print(f"{folder.name:<14} {cls.__name__:<34} {key:<13} {err:>24.2e}  {'ok' if ok else 'FAIL'}")
    print(f"interop: {len(folders)} models, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
