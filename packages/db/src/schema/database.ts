import type { AgentInstructionEventTable, AgentInstructionTable, ChatMessageTable, ChatSessionTable, InstructionQueueStateTable } from './conversation-tables.js';
import type { CharacterTable, PromptTemplateTable, ProviderAccountTable, ReferenceSetItemTable, ReferenceSetTable, StyleGuideTable } from './creative-tables.js';
import type { ApiTokenTable, AuditEventTable, ProjectSecretTable, ProjectStorageTable, ProjectTable, UserTable } from './core-tables.js';
import type { AssetLinkTable, AssetTable, CostEventTable, ProjectExportTable, QualityReportTable, RunCandidateTable, RunJobCandidateTable, RunJobTable, RunTable } from './run-tables.js';

/** Every table Kysely knows about. */
export interface KromaDatabase {
  users: UserTable;
  app_users: UserTable;
  projects: ProjectTable;
  project_storage: ProjectStorageTable;
  api_tokens: ApiTokenTable;
  audit_events: AuditEventTable;
  runs: RunTable;
  run_jobs: RunJobTable;
  run_candidates: RunCandidateTable;
  run_job_candidates: RunJobCandidateTable;
  assets: AssetTable;
  asset_links: AssetLinkTable;
  quality_reports: QualityReportTable;
  cost_events: CostEventTable;
  project_exports: ProjectExportTable;
  prompt_templates: PromptTemplateTable;
  provider_accounts: ProviderAccountTable;
  style_guides: StyleGuideTable;
  characters: CharacterTable;
  reference_sets: ReferenceSetTable;
  reference_set_items: ReferenceSetItemTable;
  chat_sessions: ChatSessionTable;
  chat_messages: ChatMessageTable;
  agent_instructions: AgentInstructionTable;
  agent_instruction_events: AgentInstructionEventTable;
  instruction_queue_state: InstructionQueueStateTable;
  project_secrets: ProjectSecretTable;
}

export type * from './core-tables.js';
export type * from './run-tables.js';
export type * from './creative-tables.js';
export type * from './conversation-tables.js';
