// S3 mirror of a local folder (@aws-sdk/client-s3): upload only what changed, multipart for large files.
export {
  syncDirectoryToS3,
  DEFAULT_MULTIPART_THRESHOLD_BYTES,
  type TS3Credentials,
  type TS3SyncOptions,
  type TS3SyncReport,
} from './sync-directory.js';
export {
  syncProjectToS3,
  S3_NOT_ENABLED_MESSAGE,
  S3_BUCKET_MISSING_MESSAGE,
  MISSING_LOCAL_ROOT_REASON,
  type TS3ProjectTarget,
  type TS3ProjectSyncOptions,
} from './sync-project.js';
export { MISSING_CREDENTIALS_MESSAGE } from './s3-errors.js';
