import type { Generated } from 'kysely';

/** `users` (holdover, FK target of projects.user_id) and `app_users` (canonical) share one shape and one id. */
export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  is_active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ProjectTable {
  id: string;
  user_id: string;
  owner_user_id: string | null;
  slug: string;
  name: string;
  description: Generated<string>;
  status: Generated<string>;
  settings_json: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface ProjectStorageTable {
  id: string;
  project_id: string;
  total_bytes: Generated<number>;
  used_bytes: Generated<number>;
  local_base_dir: Generated<string>;
  local_project_root: string | null;
  s3_enabled: Generated<number>;
  s3_bucket: string | null;
  s3_prefix: string | null;
  s3_region: string | null;
  s3_profile: string | null;
  s3_endpoint_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  project_id: string | null;
  token_hash: string;
  token_prefix: string;
  label: Generated<string>;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface AuditEventTable {
  id: string;
  project_id: string | null;
  actor_user_id: string | null;
  event_code: string;
  payload_json: Generated<string>;
  created_at: string;
}

export interface ProjectSecretTable {
  project_id: string;
  provider_code: string;
  secret_name: string;
  secret_value: string;
  key_ref: Generated<string>;
  created_at: string;
  updated_at: string;
}
