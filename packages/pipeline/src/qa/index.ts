// Output guard (QA), candidate ranking, job finalisation and archiving.
export { listImageFiles } from './image-files.js';
export {
  buildOutputGuardReport,
  classifyChroma,
  guardThreshold,
  type TBuildOutputGuardReportInput,
  type TOutputGuardFileEntry,
  type TOutputGuardReason,
  type TOutputGuardReport,
  type TOutputGuardSettings,
  type TOutputGuardSummary,
} from './output-guard-report.js';
export { ZERO_RANK, rankFromReport, type TCandidateRank, type TRankableReport } from './rank.js';
export {
  ALL_CANDIDATES_FAILED,
  finalizeJob,
  selectWinner,
  type TFinalizableJob,
  type TRankedCandidate,
} from './finalize.js';
export {
  archiveFile,
  archiveStamp,
  badArchiveDir,
  replacedArchiveDir,
  sanitizeArchiveStem,
  type TArchiveKind,
} from './archive.js';
export { archiveBad, type TArchiveBadOptions, type TArchiveBadResult } from './archive-bad.js';
export {
  formatQaText,
  qaCommandResult,
  type TQaCheckedResult,
  type TQaCommandResult,
  type TQaSkippedResult,
} from './qa-command.js';
