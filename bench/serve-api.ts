import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createHttpApp } from '../functions/lib/wiring.js';
import type { EmulatedStack } from '../test/support/emulated-stack.js';

/** The real HTTP app over an emulated stack, listening on a free loopback port, as `npm start` serves it. */
export async function serveApi(stack: EmulatedStack, readKey: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = createHttpApp(
    stack.services,
    stack.config,
    { adminKey: 'bench-admin-key-0123456789', readKey },
    { artifactDelivery: 'stream' },
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
