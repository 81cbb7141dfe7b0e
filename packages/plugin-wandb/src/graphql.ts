import type { WandbHttpClient } from "./http-client.js";

/** The SDK's run upsert: creates the run (bucket) or updates it when `name` (the run id) already exists. */
export const UPSERT_BUCKET = `mutation UpsertBucket(
  $id: String, $name: String, $project: String, $entity: String, $groupName: String, $description: String,
  $displayName: String, $notes: String, $commit: String, $config: JSONString, $host: String, $debug: Boolean,
  $program: String, $repo: String, $jobType: String, $state: String, $sweep: String, $tags: [String!],
  $summaryMetrics: JSONString
) {
  upsertBucket(input: {
    id: $id, name: $name, groupName: $groupName, modelName: $project, entityName: $entity,
    description: $description, displayName: $displayName, notes: $notes, config: $config, commit: $commit,
    host: $host, debug: $debug, jobProgram: $program, jobRepo: $repo, jobType: $jobType, state: $state,
    sweep: $sweep, tags: $tags, summaryMetrics: $summaryMetrics
  }) {
    bucket { id name displayName description config sweepName project { id name entity { id name } } }
    inserted
  }
}`;

/** The API key's user and default entity. */
export const VIEWER = `query Viewer { viewer { id entity } }`;

export interface UpsertRunInput {
  /** The run id (W&B calls it the bucket's name). */
  name: string;
  project: string;
  entity?: string;
  displayName?: string;
  /** The wrapped config (`{ key: { value, desc } }`), sent as a JSON string. */
  config?: Record<string, unknown>;
  groupName?: string;
  tags?: string[];
  host?: string;
  program?: string;
  jobType?: string;
  summaryMetrics?: string;
}

export interface UpsertedRun {
  /** The server's storage id of the run. */
  storageId: string;
  runId: string;
  project: string;
  entity: string;
  inserted: boolean;
}

interface UpsertAnswer {
  upsertBucket?: {
    bucket?: {
      id?: string;
      name?: string;
      project?: { name?: string; entity?: { name?: string } };
    };
    inserted?: boolean;
  };
}

export async function upsertRun(
  client: WandbHttpClient,
  input: UpsertRunInput,
  maxRetries?: number,
): Promise<UpsertedRun> {
  const variables: Record<string, unknown> = {
    name: input.name,
    project: input.project,
    entity: input.entity ?? null,
  };
  if (input.displayName !== undefined) variables.displayName = input.displayName;
  if (input.config !== undefined) variables.config = JSON.stringify(input.config);
  if (input.groupName !== undefined) variables.groupName = input.groupName;
  if (input.tags !== undefined) variables.tags = input.tags;
  if (input.host !== undefined) variables.host = input.host;
  if (input.program !== undefined) variables.program = input.program;
  if (input.jobType !== undefined) variables.jobType = input.jobType;
  if (input.summaryMetrics !== undefined) variables.summaryMetrics = input.summaryMetrics;
  const data = await client.graphql<UpsertAnswer>(UPSERT_BUCKET, variables, maxRetries);
  const bucket = data.upsertBucket?.bucket;
  return {
    storageId: bucket?.id ?? "",
    runId: bucket?.name ?? input.name,
    project: bucket?.project?.name ?? input.project,
    entity: bucket?.project?.entity?.name ?? input.entity ?? "",
    inserted: data.upsertBucket?.inserted ?? false,
  };
}

/** The API key's default entity (the SDK's viewer query), or undefined when the server does not say. */
export async function viewerEntity(
  client: WandbHttpClient,
  maxRetries?: number,
): Promise<string | undefined> {
  const data = await client.graphql<{ viewer?: { entity?: string | null } | null }>(VIEWER, {}, maxRetries);
  return data.viewer?.entity ?? undefined;
}

export function fileStreamPath(entity: string, project: string, runId: string): string {
  return `/files/${encodeURIComponent(entity)}/${encodeURIComponent(project)}/${encodeURIComponent(runId)}/file_stream`;
}
