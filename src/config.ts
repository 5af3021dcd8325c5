import path from 'node:path';

/** Typed configuration, parsed once from the environment. The only module that reads process.env. */
export interface Config {
  /** PostgreSQL server URL; absent means the embedded engine under dataDir. */
  databaseUrl: string | undefined;
  /** External MQTT broker URL; absent means the embedded broker. */
  mqttUrl: string | undefined;
  /** Port of the embedded MQTT broker; 0 picks a free one. */
  mqttPort: number;
  /** Prefix of the client ids Linli subscribes with at the external broker; stable per process. */
  mqttClientId: string | undefined;
  /** The shared-subscription group at the external broker: processes of one Linli share it; another Linli on the same broker needs its own. */
  mqttShareGroup: string;
  host: string;
  port: number;
  dataDir: string;
  /** Base64 of 32 bytes; encrypts residents' personal data. Required with a database server. */
  dataKey: string | undefined;
  /** Mark session cookies Secure (set when served over HTTPS). */
  cookieSecure: boolean;
  /** Load the demo community into an empty database on start. */
  demo: boolean;
  /** Messages a second the demo's device simulator publishes while Linli serves the demo; 0 turns it off. */
  demoDeviceRate: number;
  /** Optional raster base-map tile URL template for the console map (e.g. Tianditu). */
  baseMapUrl: string | undefined;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Configuration error in ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name] || String(fallback);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(name, `"${raw}" is not a port number (0–65535)`);
  }
  return port;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `"${raw}" is not a boolean (use 1/0, true/false)`);
}

function readDataKey(env: Env): string | undefined {
  const raw = env.LINLI_DATA_KEY;
  if (raw === undefined || raw === '') return undefined;
  if (Buffer.from(raw, 'base64').length !== 32) {
    throw new ConfigError('LINLI_DATA_KEY', 'must be 32 bytes in base64 (try: openssl rand -base64 32)');
  }
  return raw;
}

function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `protocol must be one of ${protocols.join(', ')}`);
  }
  return raw;
}

function readShareGroup(env: Env): string {
  const raw = env.MQTT_SHARE_GROUP || 'linli';
  // MQTT 5 (4.8.2): a share name is a non-empty string without '/', '+' or '#'.
  if (/[/+#]/.test(raw)) throw new ConfigError('MQTT_SHARE_GROUP', `"${raw}" may not contain '/', '+' or '#'`);
  return raw;
}

function readRate(env: Env, name: string, fallback: number): number {
  const raw = env[name] || String(fallback);
  const rate = Number(raw);
  if (!Number.isFinite(rate) || rate < 0) throw new ConfigError(name, `"${raw}" is not a number of messages a second (0 or more)`);
  return rate;
}

/** Parses the environment into a Config; throws ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return {
    databaseUrl,
    mqttUrl: readUrl(env, 'MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:']),
    mqttPort: readPort(env, 'MQTT_PORT', 1883),
    mqttClientId: env.MQTT_CLIENT_ID || undefined,
    mqttShareGroup: readShareGroup(env),
    host: env.HOST || '127.0.0.1',
    port: readPort(env, 'PORT', 8080),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    dataKey: readDataKey(env),
    cookieSecure: readBoolean(env, 'COOKIE_SECURE', false),
    demo: readBoolean(env, 'LINLI_DEMO', true),
    demoDeviceRate: readRate(env, 'LINLI_DEMO_DEVICE_RATE', 5),
    baseMapUrl: readUrl(env, 'BASE_MAP_URL', ['http:', 'https:']),
    logLevel: env.LOG_LEVEL || 'info',
  };
}
