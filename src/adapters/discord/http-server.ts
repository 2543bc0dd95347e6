import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RawFile } from '@discordjs/rest';
import { InteractionResponseType, InteractionType, MessageFlags, Routes, type APIInteraction, type APIInteractionResponse } from 'discord-api-types/v10';
import type { REST } from '@discordjs/rest';
import type { HttpRoutes } from '../../core/http-routes.ts';
import type { Logger } from '../../logger.ts';
import type { InteractionHandler } from './interactions.ts';

/** Discord signs each request; one older than this is a replay and refused. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;
const MAX_BODY_BYTES = 1024 * 1024;
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte key follows. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function ed25519PublicKey(hex: string): KeyObject {
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 32) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters (the application\'s public key)');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Whether Discord signed exactly this timestamp and body, recently. */
export function verifySignature(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer, now: Date): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > MAX_SIGNATURE_AGE_MS) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}

/**
 * The body, or undefined when it is over 1 MiB. An oversized body is read to its end and dropped,
 * so the client gets its 413 instead of a connection reset mid-upload; past DRAIN_LIMIT_BYTES the
 * connection is cut (nobody legitimate sends that much).
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT_BYTES) {
        resolve(undefined);
        req.destroy();
      } else if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface HttpEndpointDeps {
  publicKey: string;
  handler: InteractionHandler;
  rest: REST;
  log: Logger;
  now: () => Date;
  /** The bot's own routes (health, readiness, metrics), served on this port too. */
  routes?: HttpRoutes;
}

/**
 * The HTTP interactions endpoint: verifies Discord's Ed25519 signature, answers PING, and hands
 * every other interaction to the same handler the gateway uses. The first answer is the HTTP
 * response; later edits go through the interaction webhook, so any replica can serve any request.
 */
export function createInteractionServer(deps: HttpEndpointDeps): Server {
  const key = ed25519PublicKey(deps.publicKey);
  return createServer(async (req, res) => {
    try {
      if (deps.routes && (await deps.routes.handle(req, res))) return;
      if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
      const body = await readBody(req);
      if (!body) {
        res.setHeader('connection', 'close');
        return send(res, 413, { error: 'too large' });
      }
      const signature = req.headers['x-signature-ed25519'];
      const timestamp = req.headers['x-signature-timestamp'];
      if (!verifySignature(key, typeof signature === 'string' ? signature : undefined, typeof timestamp === 'string' ? timestamp : undefined, body, deps.now())) {
        deps.log.warn({ signed: Boolean(signature) }, 'discord interaction with a missing, bad or stale signature refused');
        return send(res, 401, { error: 'invalid request signature' });
      }
      let raw: APIInteraction;
      try {
        raw = JSON.parse(body.toString('utf8')) as APIInteraction;
      } catch {
        return send(res, 400, { error: 'invalid json' });
      }
      if (raw.type === InteractionType.Ping) return send(res, 200, { type: InteractionResponseType.Pong });

      const answered = new Promise<void>((resolve) => {
        void deps.handler
          .handle(raw, async (response, files) => {
            await respond(res, raw, response, files, deps.rest);
            resolve();
          })
          .catch((error: unknown) => deps.log.error({ err: error }, 'discord interaction failed'))
          .finally(() => {
            // Handled elsewhere (a duplicate) or nothing to say: the request still needs an end.
            send(res, 202);
            resolve();
          });
      });
      await answered;
    } catch (error) {
      deps.log.error({ err: error }, 'discord HTTP endpoint failed');
      send(res, 500, { error: 'internal error' });
    }
  });
}

/** Files cannot travel in a JSON response: defer, then attach them in the edit. */
async function respond(res: ServerResponse, raw: APIInteraction, response: APIInteractionResponse, files: RawFile[], rest: REST): Promise<void> {
  if (!files.length || (response.type !== InteractionResponseType.ChannelMessageWithSource && response.type !== InteractionResponseType.UpdateMessage)) {
    send(res, 200, response);
    return;
  }
  const { flags, ...data } = (response.data ?? {}) as { flags?: number } & Record<string, unknown>;
  send(
    res,
    200,
    response.type === InteractionResponseType.UpdateMessage
      ? { type: InteractionResponseType.DeferredMessageUpdate }
      : { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: (flags ?? 0) & MessageFlags.Ephemeral } },
  );
  await rest.patch(Routes.webhookMessage(raw.application_id, raw.token, '@original'), { body: data, files, auth: false });
}
