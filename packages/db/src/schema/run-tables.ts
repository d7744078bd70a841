/** Canonical/legacy column pairs (run_mode/mode, model_name/model, …) are both written, read canonical-first. */
export interface RunTable {
  id: string;
  project_id: string;
  status: string | null;
  stage: string | null;
  created_at: string | null;
  run_log_path: string | null;
  run_mode: string | null;
  mode: string | null;
  time_of_day: string | null;
  weather: string | null;
  image_size: string | null;
  image_quality: string | null;
  model_name: string | null;
  model: string | null;
  provider_code: string | null;
  started_at: string | null;
  finished_at: string | null;
  settings_snapshot_json: string | null;
  meta_json: string | null;
  /** Live progress (TRunProgress JSON); NULL for rows written before migration 0008. */
  progress_json: string | null;
  /** The validated trigger body of a run started through the API (for replay / remix); NULL otherwise. */
  trigger_json: string | null;
  updated_at: string | null;
}

export interface RunJobTable {
  id: string;
  run_id: string;
  /** Position in the run log (1-based); NULL for rows written before migration 0007. */
  seq: number | null;
  job_key: string | null;
  status: string | null;
  created_at: string | null;
  prompt_text: string | null;
  selected_candidate: number | null;
  selected_candidate_index: number | null;
  final_output: string | null;
  final_asset_id: string | null;
  meta_json: string | null;
}

export interface RunCandidateTable {
  id: string;
  job_id: string;
  candidate_index: number | null;
  status: string | null;
  output_asset_id: string | null;
  final_asset_id: string | null;
  output_path: string | null;
  final_output_path: string | null;
  rank_hard_failures: number | null;
  rank_soft_warnings: number | null;
  rank_avg_chroma_exceed: number | null;
  meta_json: string | null;
  created_at: string | null;
}

/** Holdover of the original (same ids as run_candidates, written by ingest, read by nothing). */
export type RunJobCandidateTable = Omit<RunCandidateTable, 'output_asset_id' | 'final_asset_id'>;

export interface AssetTable {
  id: string;
  project_id: string;
  kind: string | null;
  asset_kind: string | null;
  storage_uri: string | null;
  rel_path: string | null;
  storage_backend: string | null;
  mime_type: string | null;
  width: number | null;
  height: number | null;
  sha256: string | null;
  run_id: string | null;
  job_id: string | null;
  candidate_id: string | null;
  metadata_json: string | null;
  meta_json: string | null;
  created_at: string | null;
}

export interface AssetLinkTable {
  id: string;
  project_id: string;
  parent_asset_id: string;
  child_asset_id: string;
  link_type: string;
  created_at: string;
  updated_at: string;
}

export interface QualityReportTable {
  id: string;
  project_id: string;
  run_id: string | null;
  asset_id: string | null;
  report_type: string | null;
  grade: string | null;
  hard_failures: number | null;
  soft_warnings: number | null;
  avg_chroma_exceed: number | null;
  summary_json: string | null;
  meta_json: string | null;
  created_at: string | null;
}

export interface CostEventTable {
  id: string;
  project_id: string;
  run_id: string | null;
  job_id: string | null;
  provider_code: string | null;
  model_name: string | null;
  event_type: string | null;
  units: number | null;
  unit_cost_usd: number | null;
  total_cost_usd: number | null;
  currency: string | null;
  meta_json: string | null;
  created_at: string | null;
}

export interface ProjectExportTable {
  id: string;
  project_id: string;
  run_id: string | null;
  status: string | null;
  export_format: string | null;
  storage_uri: string | null;
  rel_path: string | null;
  file_size_bytes: number | null;
  checksum_sha256: string | null;
  manifest_json: string | null;
  meta_json: string | null;
  created_at: string | null;
  completed_at: string | null;
  /** The legacy (Python) writer's columns (migration 0011); new exports fill them alongside the canonical ones. */
  export_path: string | null;
  export_asset_id: string | null;
  export_sha256: string | null;
  sha256: string | null;
  format: string | null;
}
