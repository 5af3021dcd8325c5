/**
 * HTTP ingest for gateways that cannot speak MQTT: a batch of one device's messages, authenticated with
 * the device's own id and secret (HTTP Basic), through the same pipeline as MQTT. The answer comes after
 * everything is written, telemetry included, so a 200 means nothing is waiting in memory.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../platform/errors.ts';
import type { Ingest } from './ingest.ts';
import type { Channel } from './kinds.ts';
import { authenticateDevice } from './registry.ts';

function basicCredentials(header: string | undefined): { user: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { user: text.slice(0, colon), secret: text.slice(colon + 1) };
}

export async function gatewayIngest(
  deps: { db: Kysely<DB>; ingest: Ingest }, deviceId: string, authorization: string | undefined, messages: { channel: Channel; payload: unknown }[],
) {
  const credentials = basicCredentials(authorization);
  if (!credentials || credentials.user !== deviceId || !(await authenticateDevice(deps.db, deviceId, credentials.secret))) {
    throw new AppError('DEVICE_AUTH_FAILED');
  }
  const result = { accepted: 0, malformed: 0, duplicates: 0 };
  for (const message of messages) {
    const outcome = await deps.ingest.ingest(deviceId, message.channel, message.payload);
    if (outcome === 'duplicate') result.duplicates++;
    else if (outcome === 'accepted') result.accepted++;
    else result.malformed++;
  }
  await deps.ingest.flush();
  return result;
}
