import type { KromaStore } from '../store.js';
import { readSecretValue } from './secrets.js';
import { loadStorage } from './storage.js';
import { requireProject } from './project-lookup.js';

/** Where and how a project mirrors to S3: its storage settings plus credentials from its `aws` secrets. */
export interface TS3SyncTarget {
  projectSlug: string;
  projectId: string;
  /** Absolute, resolved local project root. */
  projectRoot: string;
  enabled: boolean;
  bucket: string;
  /** Trimmed of `/`; default `iat-projects`. */
  prefix: string;
  region: string;
  profile: string;
  endpointUrl: string;
  /** `s3://<bucket>/<prefix>/<project id>/` (no prefix segment when empty). */
  destination: string;
  /** Key prefix for the objects: `<prefix>/<project id>` (or just the id). */
  keyPrefix: string;
  /** From project secrets provider `aws`: `access_key_id`, `secret_access_key`, optional `session_token`. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The secrets provider whose `access_key_id` / `secret_access_key` / `session_token` sign the sync. */
export const AWS_SECRETS_PROVIDER = 'aws';

/** Both keys, or none (the SDK's default chain then applies: AWS_* variables, profile). */
async function projectCredentials(store: KromaStore, projectId: string): Promise<TS3SyncTarget['credentials']> {
  const [accessKeyId, secretAccessKey, sessionToken] = await Promise.all(
    ['access_key_id', 'secret_access_key', 'session_token'].map((name) => readSecretValue(store, projectId, AWS_SECRETS_PROVIDER, name)),
  );
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return { accessKeyId, secretAccessKey, ...(sessionToken !== undefined && { sessionToken }) };
}

/**
 * 404 `Project not found`; never throws for disabled S3 or a blank bucket (the caller words that error). The
 * destination uses the project id, as the native original does since `f309d7b` (the legacy script used the slug).
 */
export async function loadS3SyncTarget(store: KromaStore, slug: string): Promise<TS3SyncTarget> {
  const project = await requireProject(store.db, slug);
  const { local, s3 } = await loadStorage(store, store.db, project);
  const prefix = s3.prefix.trim().replace(/^\/+|\/+$/g, '');
  const bucket = s3.bucket.trim();
  const keyPrefix = prefix === '' ? project.id : `${prefix}/${project.id}`;
  const credentials = await projectCredentials(store, project.id);
  return {
    projectSlug: project.slug,
    projectId: project.id,
    projectRoot: local.project_root,
    enabled: s3.enabled,
    bucket,
    prefix,
    region: s3.region.trim(),
    profile: s3.profile.trim(),
    endpointUrl: s3.endpoint_url.trim(),
    destination: `s3://${bucket}/${keyPrefix}/`,
    keyPrefix,
    ...(credentials !== undefined && { credentials }),
  };
}
