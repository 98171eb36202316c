import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ArchiveStore } from '../core/ports.js';
import { callAws, toDomainError } from './aws-errors.js';

export class S3ArchiveStore implements ArchiveStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    /** Send SHA-256 checksums so S3 verifies each upload; off for s3rver, which does not check them. */
    private readonly verifyChecksums: boolean,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string, sha256: string): Promise<void> {
    await callAws(`put ${key}`, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: contentType,
          Metadata: { sha256 },
          ...(this.verifyChecksums ? { ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64') } : {}),
        }),
      ),
    );
  }

  /** Streams a body of known length (large artifacts) without buffering it. */
  async putStream(key: string, body: Readable, bytes: number, contentType: string): Promise<void> {
    await callAws(`put ${key}`, () =>
      this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: bytes, ContentType: contentType })),
    );
  }

  /** Streams a body of unknown length (a WACZ being built) as a multipart upload, a 5 MB part at a time. */
  async upload(key: string, body: Readable, contentType: string): Promise<{ bytes: number }> {
    let bytes = 0;
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    await callAws(`upload ${key}`, () =>
      new Upload({ client: this.s3, params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }, queueSize: 2 }).done(),
    );
    return { bytes };
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) return false;
      throw toDomainError(err, `head ${key}`);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    return callAws(`get ${key}`, async () => {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return res.Body!.transformToByteArray();
    });
  }

  async stream(key: string): Promise<{ body: ReadableStream<Uint8Array>; bytes: number; contentType: string }> {
    const res = await callAws(`get ${key}`, () => this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    return {
      body: res.Body!.transformToWebStream() as ReadableStream<Uint8Array>,
      bytes: res.ContentLength ?? 0,
      contentType: res.ContentType ?? 'application/octet-stream',
    };
  }

  async streamRange(key: string, offset: number, length: number): Promise<ReadableStream<Uint8Array>> {
    const res = await callAws(`get ${key} bytes ${offset}+${length}`, () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${offset}-${offset + length - 1}` })),
    );
    return res.Body!.transformToWebStream() as ReadableStream<Uint8Array>;
  }

  async presign(key: string, expiresInSeconds: number, filename: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      }),
      { expiresIn: Math.min(expiresInSeconds, 900) },
    );
  }
}

/** Creates the bucket on first start of the local runtime. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
