import { CursorSigner } from '../../functions/lib/core/cursor.js';
import { buildApp, type AppDeps } from '../../functions/lib/http/app.js';
import { KeyRing } from '../../functions/lib/http/auth.js';
import { FixedClock, MemoryArchiveStore, MemoryClaimIndex, MemoryLogger, MemorySnapshotIndex } from './fakes.js';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';
export const TEST_READ_KEY = 'test-read-key-0123456789';

/** The real HTTP app over in-memory fakes, for tests that drive it with `app.request`. */
export function testApp(overrides: Partial<AppDeps> = {}) {
  return buildApp({
    index: new MemorySnapshotIndex(),
    claims: new MemoryClaimIndex(),
    store: new MemoryArchiveStore(),
    keys: new KeyRing({ adminKey: TEST_ADMIN_KEY, readKey: TEST_READ_KEY }),
    cursors: new CursorSigner('test-cursor-secret-0123456789'),
    clock: new FixedClock('2024-12-03T10:00:00.000Z'),
    logger: new MemoryLogger(),
    capture: () => Promise.reject(new Error('capture is not part of this test')),
    artifactDelivery: 'stream',
    ...overrides,
  });
}
