import { createCipheriv, createDecipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * Sealing a secret ballot's choice for one process. Its own ballots: AES-256-GCM under a key made
 * at start that lives only in this process's memory, so a sealed choice in the database, its
 * write-ahead log or a backup opens for nobody once the process is gone. Handing pending ballots to
 * the replica closing a motion: X25519 with a fresh ephemeral key to that replica's published
 * public key (BotProcess), HKDF-SHA256, AES-256-GCM. The sealed text has one length whatever the choice (a fixed-size bitmask),
 * and is bound to its motion and organisation (associated data), so it cannot be moved to another row.
 */
const INFO = Buffer.from('pkes secret ballot v1');
/** Choice bitmask (options ≤ 10) padded to one AES block. */
const PLAIN_BYTES = 16;

export class BallotSeal {
  /** Seals this process's own ballots: plain AES-GCM, cheap enough for a General Meeting's burst. */
  private readonly ownKey = randomBytes(32);
  private readonly privateKey: KeyObject;
  /** Raw 32-byte X25519 public key, base64: what other processes seal to. */
  readonly publicKey: string;

  constructor() {
    const pair = generateKeyPairSync('x25519');
    this.privateKey = pair.privateKey;
    this.publicKey = rawPublic(pair.publicKey).toString('base64');
  }

  /** Seals option indexes for this process alone. */
  seal(choice: number[], boundTo: string): string {
    return encrypt(this.ownKey, plainOf(choice), boundTo).toString('base64');
  }

  /** Seals option indexes for another process (the one closing the motion), by its public key. */
  sealFor(choice: number[], boundTo: string, publicKey: string): string {
    const ephemeral = generateKeyPairSync('x25519');
    const ephemeralRaw = rawPublic(ephemeral.publicKey);
    const key = derive(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: fromRaw(Buffer.from(publicKey, 'base64')) }), ephemeralRaw);
    return Buffer.concat([ephemeralRaw, encrypt(key, plainOf(choice), boundTo)]).toString('base64');
  }

  /** Opens a ballot sealed by or for this process; throws if it was sealed for another or altered. */
  open(sealed: string, boundTo: string): number[] {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes.length === SEALED_BYTES) return choiceOf(decrypt(this.ownKey, bytes, boundTo));
    const ephemeralRaw = bytes.subarray(0, 32);
    const key = derive(diffieHellman({ privateKey: this.privateKey, publicKey: fromRaw(ephemeralRaw) }), ephemeralRaw);
    return choiceOf(decrypt(key, bytes.subarray(32), boundTo));
  }
}

/** iv (12) + tag (16) + one block. */
const SEALED_BYTES = 12 + 16 + PLAIN_BYTES;

function plainOf(choice: number[]): Buffer {
  const plain = Buffer.alloc(PLAIN_BYTES);
  plain.writeUInt16BE(choice.reduce((mask, i) => mask | (1 << i), 0), 0);
  return plain;
}

function choiceOf(plain: Buffer): number[] {
  const mask = plain.readUInt16BE(0);
  return [...Array(16).keys()].filter((i) => mask & (1 << i));
}

function encrypt(key: Buffer, plain: Buffer, boundTo: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer, bytes: Buffer, boundTo: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
}

function derive(shared: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, salt, INFO, 32));
}

// X25519 public keys as raw 32 bytes: the SPKI DER form is a fixed 12-byte prefix plus the key.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
function rawPublic(key: KeyObject): Buffer {
  return (key.export({ format: 'der', type: 'spki' }) as Buffer).subarray(SPKI_PREFIX.length);
}
function fromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}
