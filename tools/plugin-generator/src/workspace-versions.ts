import { readJson, type Tree } from "@nx/devkit";

/** Version ranges the new package declares, taken from the workspace's packages so they always match them. */
export interface WorkspaceVersions {
  /** The range of @tfjs-trainer/core, as peer and dev dependency. */
  core: string;
  /** The range of @tensorflow/tfjs core takes as a peer: a plugin shares the one copy of tfjs. */
  tfjs: string;
  zod: string;
  /** The range of @tfjs-trainer/plugin-default-flow, which the generated test trains with. */
  defaultFlow: string;
}

export const CORE_PACKAGE_JSON = "packages/core/package.json";
export const DEFAULT_FLOW_PACKAGE_JSON = "packages/plugin-default-flow/package.json";

interface PackageJson {
  version?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export function readWorkspaceVersions(tree: Tree): WorkspaceVersions {
  const core = readPackageJson(tree, CORE_PACKAGE_JSON);
  const defaultFlow = readPackageJson(tree, DEFAULT_FLOW_PACKAGE_JSON);
  const tfjs = core.peerDependencies?.["@tensorflow/tfjs"];
  const zod = core.dependencies?.zod;
  if (!tfjs || !zod) {
    throw new Error(
      `plugin generator: ${CORE_PACKAGE_JSON} lacks peerDependencies["@tensorflow/tfjs"] or dependencies.zod, ` +
        "which the new package's ranges are taken from",
    );
  }
  return { core: `^${core.version}`, tfjs, zod, defaultFlow: `^${defaultFlow.version}` };
}

function readPackageJson(tree: Tree, path: string): PackageJson & { version: string } {
  if (!tree.exists(path)) {
    throw new Error(
      `plugin generator: ${path} not found: run the generator from the root of the tfjs-trainer workspace`,
    );
  }
  const manifest = readJson<PackageJson>(tree, path);
  if (!manifest.version) throw new Error(`plugin generator: ${path} has no "version"`);
  return { ...manifest, version: manifest.version };
}
