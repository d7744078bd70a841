import type { TManifestEntry } from './format.js';

/** What a finished package amounts to: the archive's SHA-256 (`null` for a folder) and its size in bytes. */
export interface TPackageOutput {
  sha256: string | null;
  sizeBytes: number;
}

/** Where package entries go: a gzipped tar stream, or a folder. Both write to a temp path the caller renames. */
export interface TPackageSink {
  /** The temp file or folder being written. */
  readonly tempPath: string;
  /**
   * Adds one file as `entryPath`, streaming it; the size and SHA-256 are of the bytes packaged. `move` lets a
   * folder take a generated file by renaming it.
   */
  addFile(entryPath: string, sourcePath: string, options?: { move?: boolean }): Promise<TManifestEntry>;
  finish(): Promise<TPackageOutput>;
  /** Removes whatever was written (after a failure). */
  abort(): Promise<void>;
}
