import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const CIPHERTEXT_PREFIX = 'enc:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const DECRYPT_FAILED = 'Unable to decrypt secret with configured rotation keys';
export const MASTER_KEY_NOT_FOUND = 'Master key not found: set IAT_MASTER_KEY or provide the key file (IAT_MASTER_KEY_FILE)';

function toBase64UrlPadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** `enc:v1:` + base64url(padded) of nonce(12) ‖ ciphertext ‖ tag(16), AES-256-GCM, empty AAD. */
export function encryptSecret(plaintext: string, key: Buffer): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return CIPHERTEXT_PREFIX + toBase64UrlPadded(Buffer.concat([nonce, body, cipher.getAuthTag()]));
}

export function isEncryptedSecret(stored: string): boolean {
  return stored.startsWith(CIPHERTEXT_PREFIX);
}

/** Decrypts with each key in turn; a value without the prefix is legacy plaintext and returned as is. */
export function decryptSecret(stored: string, keys: Buffer[]): string {
  if (!isEncryptedSecret(stored)) return stored;
  if (keys.length === 0) throw new Error(MASTER_KEY_NOT_FOUND);
  const raw = Buffer.from(stored.slice(CIPHERTEXT_PREFIX.length), 'base64url');
  if (raw.length >= NONCE_BYTES + TAG_BYTES) {
    const nonce = raw.subarray(0, NONCE_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
    for (const key of keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // wrong key: try the next one
      }
    }
  }
  throw new Error(DECRYPT_FAILED);
}
