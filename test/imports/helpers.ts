import { randomBytes } from 'node:crypto';
import type { Session, TestContext } from '../support/app';

/** A multipart/form-data body holding one file. */
export function multipart(fileName: string, content: Buffer | string, field = 'file') {
  const boundary = `----binhan${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(t: TestContext, session: Session | null, fileName: string, content: Buffer | string, field = 'file') {
  const m = multipart(fileName, content, field);
  return t.app.inject({
    method: 'POST',
    url: '/api/imports/uploads',
    headers: { 'content-type': m.contentType, ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}) },
    payload: m.body,
  });
}

/** Starts an import and waits for the background job of the app's process. */
export async function runImport(t: TestContext, session: Session, body: Record<string, unknown>) {
  const res = await t.as(session, 'POST', '/api/imports', body);
  if (res.statusCode !== 200) return { res, batch: null };
  await t.services.imports.idle();
  const batch = (await t.as(session, 'GET', `/api/imports/${res.json().batchId}`)).json();
  return { res, batch };
}
