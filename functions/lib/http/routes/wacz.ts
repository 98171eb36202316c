import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { exportKey, type Snapshot, timestamp14 } from '../../core/snapshot.js';
import { parseTimeRange } from '../../core/time.js';
import { publicKeyFingerprint, WACZ_SIGNATURE_ALGORITHM } from '../../services/wacz-signing.js';
import { writeWacz } from '../../services/wacz-writer.js';
import { SigningKeySchema, SnapshotIdParam, SourceIdParam, WaczRangeQuerySchema } from '../schemas.js';
import {
  type AppDeps,
  createRouter,
  errors,
  guards,
  LINK_MEDIA_TYPE,
  linkContent,
  problemResponse,
  redirectOrLink,
  security,
} from './shared.js';

/** The most captures one WACZ may hold; a wider range must be split. */
const MAX_WACZ_SNAPSHOTS = 500;

/** WACZ packages of a snapshot or a source range, and the key that signs them. */
export function waczRoutes(deps: AppDeps): OpenAPIHono {
  const router = createRouter();
  const { read } = guards(deps);
  /**
   * Locally the package streams straight back. On AWS a Lambda response is capped at 6 MB, so the
   * package streams into S3 under `exports/` instead and the client follows a presigned link.
   */
  async function sendWacz(c: Context, selection: Snapshot | Snapshot[], name: string, title?: string) {
    const stream = writeWacz({ store: deps.store, index: deps.index, signer: deps.signer }, selection, {
      title,
      now: () => deps.clock.now(),
    });
    if (deps.artifactDelivery === 'redirect' && deps.store.upload && deps.store.presign) {
      const key = exportKey(deps.clock.now(), name, randomUUID().slice(0, 8));
      await deps.store.upload(key, stream, 'application/wacz');
      return redirectOrLink(c, await deps.store.presign(key, 900, `${name}.wacz`), new Date(deps.clock.now().getTime() + 900_000));
    }
    return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
      'content-type': 'application/wacz',
      'content-disposition': `attachment; filename="${name}.wacz"`,
    });
  }

  const waczResponses = {
    200: {
      content: { 'application/wacz': { schema: z.string().openapi({ format: 'binary' }) }, ...linkContent },
      description: `The WACZ; on AWS, asked for with \`Accept: ${LINK_MEDIA_TYPE}\`, a link to it presigned for at most 15 minutes`,
    },
    302: { description: 'On AWS: a redirect to the built package, presigned for at most 15 minutes' },
  } as const;

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'getSnapshotWacz',
      path: '/snapshots/{id}/wacz',
      summary: 'A WACZ 1.2 package of the snapshot, replayable on its own (revisited payloads included), signed',
      security,
      middleware: [read] as const,
      request: { params: SnapshotIdParam },
      responses: {
        ...waczResponses,
        404: problemResponse('No such snapshot, or it has no WARC'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const snapshot = await deps.index.getSnapshot(id);
      if (!snapshot) throw new NotFoundError(`no snapshot ${id}`);
      return (await sendWacz(c, snapshot, id)) as never;
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'getSourceWacz',
      path: '/sources/{id}/wacz',
      summary: `One WACZ of every capture of a source in a time range (at most ${MAX_WACZ_SNAPSHOTS}), oldest first, signed`,
      security,
      middleware: [read] as const,
      request: { params: SourceIdParam, query: WaczRangeQuerySchema },
      responses: {
        ...waczResponses,
        404: problemResponse('No capture of the source in the range'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const range = parseTimeRange(c.req.valid('query').from, c.req.valid('query').to);
      const selected: Snapshot[] = [];
      let after: Record<string, unknown> | undefined;
      do {
        const page = await deps.index.listSnapshots({ sourceId: id, ...range, limit: 500, after });
        selected.push(...page.items.filter((s) => s.status !== 'failed'));
        after = page.next;
      } while (after && selected.length <= MAX_WACZ_SNAPSHOTS);
      if (selected.length > MAX_WACZ_SNAPSHOTS) {
        throw new ValidationError(`the range holds more than ${MAX_WACZ_SNAPSHOTS} captures; narrow from/to`, [
          { path: 'from', message: `at most ${MAX_WACZ_SNAPSHOTS} captures per package` },
        ]);
      }
      if (!selected.length) throw new NotFoundError(`no capture of source ${id} in the range`);
      selected.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.id.localeCompare(b.id));
      const [first, last] = [selected[0]!, selected.at(-1)!];
      const name = `${id}-${timestamp14(new Date(first.capturedAt))}-${timestamp14(new Date(last.capturedAt))}`;
      return (await sendWacz(
        c,
        selected,
        name,
        `${last.url}: ${selected.length} captures, ${first.capturedAt} to ${last.capturedAt}`,
      )) as never;
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'getSigningKey',
      path: '/signing-key',
      summary: 'The public key that signs WACZ digests, to check `datapackage-digest.json` signatures against',
      security,
      middleware: [read] as const,
      responses: {
        200: { content: { 'application/json': { schema: SigningKeySchema } }, description: 'The key' },
        404: problemResponse('Packages are not signed here'),
        ...errors,
      },
    }),
    async (c) => {
      if (!deps.signer) throw new NotFoundError('this deployment does not sign packages');
      const publicKey = await deps.signer.publicKey();
      const pem = `-----BEGIN PUBLIC KEY-----\n${publicKey.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
      return c.json(
        { algorithm: WACZ_SIGNATURE_ALGORITHM, publicKey, publicKeyPem: pem, fingerprint: publicKeyFingerprint(publicKey) },
        200,
      );
    },
  );
  return router;
}
