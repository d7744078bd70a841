import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

/** A local S3-compatible server (s3rver) for tests. */
export interface TLocalS3Server {
  /** `http://127.0.0.1:<port>`: pass as the endpoint (path-style). */
  endpointUrl: string;
  /** The credentials s3rver accepts. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Objects written so far: `ObjectCreated:Put` (single PUT), `ObjectCreated:Post` (completed multipart), … */
  events: { name: string; key: string }[];
  /** An object's bytes, read back through the S3 API. */
  getObject(bucket: string, key: string): Promise<Buffer>;
  /** The keys under `prefix`, sorted. */
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  /** Stops the server and removes its storage folder. */
  close(): Promise<void>;
}

interface TS3rverEvent {
  Records: { eventName: string; s3: { object: { key: string } } }[];
}
interface TS3rverInstance {
  on(event: 'event', listener: (event: TS3rverEvent) => void): void;
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type TS3rverConstructor = new (options: Record<string, unknown>) => TS3rverInstance;

/** s3rver is a development dependency: loaded only when a test starts one. */
const S3RVER_MODULE = 's3rver';

/** s3rver on a random loopback port with `buckets` created, storing into a fresh temp folder. */
export async function startLocalS3Server(buckets: string[] = []): Promise<TLocalS3Server> {
  const { default: S3rver } = (await import(S3RVER_MODULE)) as { default: TS3rverConstructor };
  const directory = mkdtempSync(join(tmpdir(), 'kroma-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const events: TLocalS3Server['events'] = [];
  server.on('event', (event) => {
    for (const record of event.Records) events.push({ name: record.eventName, key: decodeURIComponent(record.s3.object.key) });
  });
  const { port } = await server.run();
  const endpointUrl = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: endpointUrl,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpointUrl,
    credentials,
    events,
    getObject: async (bucket, key) => {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    },
    listKeys: async (bucket, prefix) => {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key])).sort();
    },
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
