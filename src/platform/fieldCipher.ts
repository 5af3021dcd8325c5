import crypto from 'node:crypto';

/**
 * Field-level encryption of personal data with AES-256-GCM (Node's crypto), and keyed
 * hashes (HMAC-SHA256 "blind indexes") for exact-match search without decrypting.
 * Two sub-keys are derived from the one configured data key with HKDF, so the search
 * hashes reveal nothing about the encryption key.
 */
export interface FieldCipher {
  encrypt(field: string, plaintext: string): Buffer;
  decrypt(field: string, ciphertext: Buffer): string;
  blindIndex(field: string, value: string): string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `linli:${purpose}`, 32));
}

/** Builds a cipher from a base64 32-byte key. */
export function createFieldCipher(keyBase64: string): FieldCipher {
  const master = Buffer.from(keyBase64, 'base64');
  if (master.length !== 32) throw new Error('The data key must be 32 bytes');
  const encKey = deriveKey(master, 'field-encryption');
  const indexKey = deriveKey(master, 'blind-index');
  return {
    encrypt(field, plaintext) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      // The field name is authenticated data: a ciphertext moved to another column fails to decrypt.
      cipher.setAAD(Buffer.from(field));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(field, ciphertext) {
      if (ciphertext[0] !== VERSION) throw new Error('Unknown ciphertext version');
      const iv = ciphertext.subarray(1, 1 + IV_BYTES);
      const tag = ciphertext.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, iv);
      decipher.setAAD(Buffer.from(field));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    blindIndex(field, value) {
      return crypto.createHmac('sha256', indexKey).update(`${field}\u0000${value}`).digest('base64url').slice(0, 32);
    },
  };
}

/** A fresh random data key, base64. */
export function generateDataKey(): string {
  return crypto.randomBytes(32).toString('base64');
}
