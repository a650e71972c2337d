/**
 * Uploading a file through the import routes in a test: one multipart body, and waiting for the import job that
 * confirming an upload starts.
 */
import crypto from 'node:crypto';
import type { TestClient } from './app.ts';

/** A multipart/form-data body with one file in the field `file`, and the content type naming its boundary. */
export function multipartFile(fileName: string, content: Buffer | string, contentType = 'application/octet-stream'): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----baophu' + crypto.randomBytes(8).toString('hex');
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The import job's answer once it is no longer running (polled every 100 ms, as a page does; at most a minute). */
export async function waitForImportJob(client: TestClient, jobId: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const r = await client.get(`/api/imports/jobs/${jobId}`);
    if (r.json.status !== 'running') return r.json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('job did not finish');
}
