#!/usr/bin/env bash
# Scaffolds packages/<dir> as @tfjs-trainer/<dir>: tsup build (ESM + CJS + .d.ts), vitest, tsc typecheck, biome lint.
set -euo pipefail
dir=$1; desc=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
p="$root/packages/$dir"
mkdir -p "$p/src" "$p/test"
cat > "$p/package.json" <<JSON
{
  "name": "@tfjs-trainer/$dir",
  "version": "0.1.0",
  "description": "$desc",
  "license": "Apache-2.0",
  "type": "module",
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": {
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    }
  },
  "files": ["dist", "README.md"],
  "sideEffects": false,
  "scripts": {
    "build": "tsup",
    "typecheck": "tsc -p tsconfig.json --noEmit",
    "test": "vitest run",
    "lint": "biome check ."
  }
}
JSON
cat > "$p/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "include": ["src", "test"]
}
JSON
echo 'export { default } from "../../tools/config/tsup.base";' > "$p/tsup.config.ts"
echo 'export { default } from "../../tools/config/vitest.base";' > "$p/vitest.config.ts"
echo "export {};" > "$p/src/index.ts"
echo "created $p"
