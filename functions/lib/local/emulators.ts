import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';
import path from 'node:path';

const require = createRequire(import.meta.url);

export interface Emulators {
  s3Endpoint: string;
  dynamoEndpoint: string;
  close(): Promise<void>;
}

/**
 * The embedded AWS stand-ins: dynalite (DynamoDB API, LevelDB under `<dataDir>/dynamodb`) and
 * s3rver (S3 API, files under `<dataDir>/s3`), both on 127.0.0.1 with OS-chosen ports.
 */
export async function startEmulators(dataDir: string): Promise<Emulators> {
  const dynamoDir = path.join(dataDir, 'dynamodb');
  const s3Dir = path.join(dataDir, 's3');
  await mkdir(dynamoDir, { recursive: true });
  await mkdir(s3Dir, { recursive: true });

  const dynalite = require('dynalite') as (opts: object) => Server;
  const dynamo = dynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const dynamoPort = (dynamo.address() as AddressInfo).port;

  const S3rver = require('s3rver') as new (opts: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, directory: s3Dir, silent: true, vhostBuckets: false });
  const s3Address = await s3.run();

  return {
    s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
    dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
    async close() {
      await s3.close().catch(() => undefined);
      await new Promise<void>((resolve) => {
        dynamo.close(() => resolve());
        (dynamo as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      const db = (dynamo as unknown as { db?: { close?(cb: () => void): void } }).db;
      if (db?.close) await new Promise<void>((resolve) => db.close!(() => resolve()));
    },
  };
}
