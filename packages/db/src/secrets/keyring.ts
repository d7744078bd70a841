import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

export const DEFAULT_KEY_REF = 'local-master';
export const DEFAULT_MASTER_KEY_FILE = 'var/backend/master.key';

/** Where the AES-256 master keys for secrets at rest come from. */
export interface SecretKeyring {
  /** Label stored next to each ciphertext (`project_secrets.key_ref`). */
  readonly keyRef: string;
  /** The current key; created (and saved, mode 0600) on first use when none is configured. */
  encryptionKey(): Buffer;
  /** Keys to try when decrypting: the current one (if any) first, then the previous ones. */
  decryptionKeys(): Buffer[];
}

/** Keys are 32 bytes, written as url-safe base64 with padding (44 characters); plain base64 is accepted too. */
export function parseMasterKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim().replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) {
    throw new Error(`${source} must hold 32 bytes encoded as base64 (44 characters); got ${key.length} bytes`);
  }
  return key;
}

export function formatMasterKey(key: Buffer): string {
  return key.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Writes a fresh key (mode 0600) unless another process got there first: the file is published with a hard
 * link, which never replaces an existing file, so two processes starting together cannot end up encrypting
 * under different keys. A blank key file counts as missing and is replaced.
 */
function createKeyFile(file: string): Buffer {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const key = randomBytes(32);
  writeFileSync(temp, `${formatMasterKey(key)}\n`, { mode: 0o600 });
  try {
    chmodSync(temp, 0o600);
    try {
      linkSync(temp, file);
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const existing = readFileSync(file, 'utf8').trim();
    if (existing !== '') return parseMasterKey(existing, `Master key file ${file}`);
    renameSync(temp, file);
    return key;
  } finally {
    rmSync(temp, { force: true });
  }
}

export interface KeyringOptions {
  /** Key given directly (`IAT_MASTER_KEY`). */
  masterKey?: string;
  /** Key file (`IAT_MASTER_KEY_FILE`); relative to the app root. */
  masterKeyFile?: string;
  keyRef?: string;
  /** Older keys still accepted for decryption (`IAT_MASTER_KEY_PREVIOUS`, comma-separated). */
  previousKeys?: string[];
}

export function createKeyring(options: KeyringOptions, appRoot: string): SecretKeyring {
  const file = resolve(appRoot, options.masterKeyFile ?? DEFAULT_MASTER_KEY_FILE);
  const previous = (options.previousKeys ?? []).filter((k) => k.trim() !== '');
  let cached: Buffer | undefined;

  const loadCurrent = (): Buffer | undefined => {
    if (cached) return cached;
    if (options.masterKey?.trim()) cached = parseMasterKey(options.masterKey, 'IAT_MASTER_KEY');
    else if (existsSync(file)) {
      const text = readFileSync(file, 'utf8').trim();
      if (text !== '') cached = parseMasterKey(text, `Master key file ${file}`);
    }
    return cached;
  };

  return {
    keyRef: options.keyRef?.trim() || DEFAULT_KEY_REF,
    encryptionKey() {
      const existing = loadCurrent();
      if (existing) return existing;
      cached = createKeyFile(file);
      return cached;
    },
    decryptionKeys() {
      const current = loadCurrent();
      const older = previous.map((k, i) => parseMasterKey(k, `IAT_MASTER_KEY_PREVIOUS[${i}]`));
      return current ? [current, ...older] : older;
    },
  };
}

export function keyringFromEnv(env: NodeJS.ProcessEnv, appRoot: string): SecretKeyring {
  const file = env.IAT_MASTER_KEY_FILE?.trim();
  return createKeyring(
    {
      masterKey: env.IAT_MASTER_KEY,
      masterKeyFile: file ? (isAbsolute(file) ? file : resolve(appRoot, file)) : undefined,
      keyRef: env.IAT_MASTER_KEY_REF,
      previousKeys: env.IAT_MASTER_KEY_PREVIOUS?.split(','),
    },
    appRoot,
  );
}
