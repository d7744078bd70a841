import type { Generated } from 'kysely';

export interface ChatSessionTable {
  id: string;
  project_id: string;
  title: string;
  status: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** `seq` keeps insertion order explicit (rowid order is not stable across VACUUM). */
export interface ChatMessageTable {
  id: string;
  project_id: string;
  session_id: string;
  seq: number;
  role: string;
  content: string;
  created_at: string;
}

export interface AgentInstructionTable {
  id: string;
  project_id: string;
  instruction_text: string;
  instruction_type: Generated<string>;
  payload_json: Generated<string>;
  status: string;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  canceled_at: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  locked_by: string | null;
  locked_at: string | null;
  agent_response_json: string | null;
  /** Lower runs sooner. */
  priority: Generated<number>;
  /** 1 when the instruction had to wait (pending) for a user's confirm. */
  requires_confirmation: Generated<number>;
  started_at: string | null;
  finished_at: string | null;
}

/** The instruction queue's single row (`id` 1): workers claim nothing while `paused` is 1. */
export interface InstructionQueueStateTable {
  id: number;
  paused: Generated<number>;
  paused_at: string | null;
  updated_at: string;
}

export interface AgentInstructionEventTable {
  id: string;
  project_id: string;
  instruction_id: string;
  seq: number;
  event_type: string;
  message: string | null;
  created_at: string;
}
