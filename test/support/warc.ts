import { WARCParser } from 'warcio';

export interface ParsedRecord {
  type: string;
  url?: string;
  status?: number;
  payloadDigest?: string;
  refersTo?: string;
  contentLength?: string;
  contentEncoding?: string;
  payload: Uint8Array;
}

/** Parses a (gzip-per-record) WARC with warcio, as a replay tool would. */
export async function readWarc(bytes: Uint8Array): Promise<ParsedRecord[]> {
  const records: ParsedRecord[] = [];
  const parser = new WARCParser(
    (async function* () {
      yield bytes;
    })(),
  );
  for await (const record of parser) {
    const payload = await record.readFully(false);
    const headers = record.httpHeaders?.headers;
    records.push({
      type: record.warcType,
      url: record.warcTargetURI ?? undefined,
      status: record.httpHeaders?.statusCode ? Number(record.httpHeaders.statusCode) : undefined,
      payloadDigest: record.warcPayloadDigest ?? undefined,
      refersTo: record.warcRefersToTargetURI ?? undefined,
      contentLength: headers?.get('content-length') ?? undefined,
      contentEncoding: headers?.get('content-encoding') ?? undefined,
      payload,
    });
  }
  return records;
}
