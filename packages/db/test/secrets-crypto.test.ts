import { createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKeyring,
  decryptSecret,
  encryptSecret,
  formatMasterKey,
  keyringFromEnv,
  openStore,
  parseMasterKey,
  readSecretValue,
  upsertProject,
  upsertSecret,
} from '../src/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kroma-secrets-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const newKey = () => randomBytes(32);

describe('enc:v1 cipher', () => {
  it('round-trips, with a fresh nonce each time', () => {
    const key = newKey();
    const first = encryptSecret('sk-live-ünïcode-🔑', key);
    const second = encryptSecret('sk-live-ünïcode-🔑', key);
    expect(first).not.toBe(second);
    expect(decryptSecret(first, [key])).toBe('sk-live-ünïcode-🔑');
    expect(decryptSecret(encryptSecret('', key), [key])).toBe('');
  });

  it('is enc:v1: + padded base64url of nonce(12) ‖ ciphertext ‖ tag(16)', () => {
    const key = newKey();
    for (const plaintext of ['a', 'ab', 'abc', 'sk-0123456789']) {
      const stored = encryptSecret(plaintext, key);
      expect(stored.startsWith('enc:v1:')).toBe(true);
      const encoded = stored.slice('enc:v1:'.length);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]*={0,2}$/);
      expect(encoded.length % 4).toBe(0);
      const raw = Buffer.from(encoded, 'base64url');
      expect(raw.length).toBe(12 + Buffer.byteLength(plaintext) + 16);
      expect(Buffer.from(raw).toString('base64url').replace(/=+$/, '')).toBe(encoded.replace(/=+$/, ''));
    }
    // 'a' gives 29 bytes → 40 base64 chars with one '=' of padding
    expect(encryptSecret('a', key).endsWith('=')).toBe(true);
    // the layout, decrypted by hand the way the Rust store reads it
    const raw = Buffer.from(encryptSecret('by hand', key).slice('enc:v1:'.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    expect(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString()).toBe('by hand');
  });

  it('refuses the wrong key with the original message', () => {
    const key = newKey();
    const stored = encryptSecret('value', key);
    expect(() => decryptSecret(stored, [newKey()])).toThrow('Unable to decrypt secret with configured rotation keys');
    expect(() => decryptSecret('enc:v1:AAAA', [key])).toThrow('Unable to decrypt secret with configured rotation keys');
    const raw = Buffer.from(stored.slice('enc:v1:'.length), 'base64url');
    raw[13] = (raw[13] as number) ^ 1; // flip one ciphertext bit: the tag no longer matches
    const tampered = `enc:v1:${raw.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
    expect(() => decryptSecret(tampered, [key])).toThrow('Unable to decrypt secret with configured rotation keys');
  });

  it('says the master key is missing when there is none to try', () => {
    expect(() => decryptSecret(encryptSecret('x', newKey()), [])).toThrow(/^Master key not found/);
  });

  it('passes legacy plaintext through untouched', () => {
    expect(decryptSecret('sk-plain-legacy', [newKey()])).toBe('sk-plain-legacy');
    expect(decryptSecret('sk-plain-legacy', [])).toBe('sk-plain-legacy');
  });
});

describe('keyring', () => {
  it('parses a 32-byte key from 44-char base64url and refuses other lengths', () => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i)); // forces '-' and '_' in the text
    const text = formatMasterKey(key);
    expect(text).toHaveLength(44);
    expect(text.endsWith('=')).toBe(true);
    expect(text).toMatch(/[-_]/);
    expect(parseMasterKey(text, 'test').equals(key)).toBe(true);
    expect(parseMasterKey(`  ${text}\n`, 'test').equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('base64'), 'test').equals(key)).toBe(true);
    expect(() => parseMasterKey(randomBytes(16).toString('base64url'), 'IAT_MASTER_KEY')).toThrow(
      'IAT_MASTER_KEY must hold 32 bytes encoded as base64 (44 characters); got 16 bytes',
    );
  });

  it('creates var/backend/master.key (0600) on first encryption and reuses it', () => {
    const dir = tempDir();
    const keyring = keyringFromEnv({}, dir);
    const file = join(dir, 'var/backend/master.key');
    expect(keyring.decryptionKeys()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    const key = keyring.encryptionKey();
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}=\n$/);
    expect(parseMasterKey(text, 'file').equals(key)).toBe(true);
    expect(keyringFromEnv({}, dir).encryptionKey().equals(key)).toBe(true);
    expect(keyring.keyRef).toBe('local-master');
  });

  it('keeps a key another process wrote first and replaces a blank file', () => {
    const dir = tempDir();
    const file = join(dir, 'master.key');
    const early = keyringFromEnv({ IAT_MASTER_KEY_FILE: 'master.key' }, dir);
    expect(early.decryptionKeys()).toEqual([]);
    const other = newKey();
    writeFileSync(file, `${formatMasterKey(other)}\n`);
    expect(early.encryptionKey().equals(other)).toBe(true);

    writeFileSync(file, '  \n');
    const fresh = keyringFromEnv({ IAT_MASTER_KEY_FILE: file }, dir).encryptionKey();
    expect(parseMasterKey(readFileSync(file, 'utf8'), 'file').equals(fresh)).toBe(true);
  });

  it('uses IAT_MASTER_KEY without touching the disk, and IAT_MASTER_KEY_REF as the label', () => {
    const dir = tempDir();
    const key = newKey();
    const keyring = keyringFromEnv({ IAT_MASTER_KEY: formatMasterKey(key), IAT_MASTER_KEY_REF: ' kms-2 ' }, dir);
    expect(keyring.encryptionKey().equals(key)).toBe(true);
    expect(keyring.keyRef).toBe('kms-2');
    expect(existsSync(join(dir, 'var'))).toBe(false);
  });

  it('decrypts with IAT_MASTER_KEY_PREVIOUS keys after a rotation', () => {
    const dir = tempDir();
    const oldKey = newKey();
    const stored = encryptSecret('rotated-value', oldKey);
    const current = keyringFromEnv(
      { IAT_MASTER_KEY: formatMasterKey(newKey()), IAT_MASTER_KEY_PREVIOUS: ` ${formatMasterKey(newKey())},${formatMasterKey(oldKey)}, ` },
      dir,
    );
    expect(current.decryptionKeys()).toHaveLength(3);
    expect(decryptSecret(stored, current.decryptionKeys())).toBe('rotated-value');
    const withoutPrevious = createKeyring({ masterKey: formatMasterKey(newKey()) }, dir);
    expect(() => decryptSecret(stored, withoutPrevious.decryptionKeys())).toThrow(
      'Unable to decrypt secret with configured rotation keys',
    );
  });
});

describe('readSecretValue', () => {
  it('decrypts stored secrets, passes legacy plaintext, and answers undefined for missing or blank', async () => {
    const dir = tempDir();
    const key = newKey();
    const store = await openStore({ path: 'app.db', appRoot: dir, keyring: createKeyring({ masterKey: formatMasterKey(key) }, dir) });
    const actor = { userId: null };
    const { project } = await upsertProject(store, actor, { name: 'Vault' });
    await upsertSecret(store, actor, 'vault', { provider_code: 'OpenAI', secret_name: 'api_key', secret_value: '  sk-abc  ' });
    const row = await store.db.selectFrom('project_secrets').selectAll().executeTakeFirstOrThrow();
    expect(row.secret_value.startsWith('enc:v1:')).toBe(true);
    expect(decryptSecret(row.secret_value, [key])).toBe('sk-abc');

    expect(await readSecretValue(store, project.id, 'openai', 'api_key')).toBe('sk-abc');
    expect(await readSecretValue(store, project.id, 'OpenAI', ' api_key ')).toBe('sk-abc');
    expect(await readSecretValue(store, project.id, 'openai', 'other')).toBeUndefined();
    expect(await readSecretValue(store, project.id, '___', 'api_key')).toBeUndefined();

    const now = '2026-01-01T00:00:00Z';
    await store.db
      .insertInto('project_secrets')
      .values([
        { project_id: project.id, provider_code: 'legacy', secret_name: 'plain', secret_value: 'sk-legacy', created_at: now, updated_at: now },
        { project_id: project.id, provider_code: 'legacy', secret_name: 'empty', secret_value: '  ', created_at: now, updated_at: now },
      ])
      .execute();
    expect(await readSecretValue(store, project.id, 'legacy', 'plain')).toBe('sk-legacy');
    expect(await readSecretValue(store, project.id, 'legacy', 'empty')).toBeUndefined();
    await store.close();
  });
});
