import { buildApp, type AppInstance } from './app.ts';
import { startBackgroundWork, startDemoSimulator, startDeviceTransport } from './background.ts';
import { DEMO_PASSWORD, demoAccounts, loadDemo } from './demo/load.ts';
import { isRegistryEmpty } from './demo/store.ts';
import { systemClock } from './platform/clock.ts';
import { httpLoggerOptions } from './platform/logging.ts';
import { readSetting } from './platform/settings.ts';
import type { Runtime } from './runtime.ts';

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use. Stop what holds it, or start Linli on another port, e.g. PORT=8081 npm start`);
    this.name = 'PortInUseError';
  }
}

/** Loads the demo into an empty registry when the configuration asks for it. */
export async function seedDemoIfEmpty(runtime: Runtime, say: (line: string) => void): Promise<void> {
  if (!runtime.config.demo || !(await isRegistryEmpty(runtime.database.db))) return;
  say('Empty database: generating the demo community (演示数据)…');
  const started = Date.now();
  const loaded = await loadDemo(runtime.database.db, runtime.cipher);
  say(`Demo loaded: ${loaded.households} households, ${loaded.residents} residents in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

/** Starts the HTTP server on the configured port; the only place Linli listens. */
export async function startServer(runtime: Runtime, say: (line: string) => void): Promise<AppInstance> {
  const app = await buildApp({
    database: runtime.database,
    config: runtime.config,
    clock: systemClock,
    cipher: runtime.cipher,
    logger: httpLoggerOptions(runtime.config.logLevel),
  });
  // Before listening: Fastify takes no hooks (the loops' stop on close) once it listens.
  startBackgroundWork(app, runtime, systemClock);
  const mqtt = await startDeviceTransport(app, runtime, say);
  const simulation = await startDemoSimulator(app, runtime, mqtt);
  try {
    await app.listen({ host: runtime.config.host, port: runtime.config.port });
  } catch (err) {
    await app.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(runtime.config.port);
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : runtime.config.port;
  const host = runtime.config.host === '0.0.0.0' ? '127.0.0.1' : runtime.config.host;
  say('');
  say(`Linli is running: http://${host}:${port}/`);
  say(`  API docs: http://${host}:${port}/api/docs`);
  if (mqtt) say(`  MQTT (devices): ${mqtt.description}`);
  if (simulation) say(`  ${simulation}`);
  if ((await readSetting<boolean>(runtime.database.db, 'demo')) === true) {
    say(`  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const account of demoAccounts) say(`    ${account.username.padEnd(12)} ${account.role}`);
  }
  return app;
}
