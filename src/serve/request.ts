import type { IncomingMessage } from 'node:http';

interface Target {
  pathname: string;
  /** Without the `?`; '' when none. */
  query: string;
}

/**
 * The request target, refused unless it is a plain origin-form path: no absolute URL (a proxy request), no
 * dot segments or encoded slashes (a way around the operation and policy checks), no backslash or control
 * characters. Answers the problem as a string when refused.
 */
export function parseTarget(raw: string | undefined): Target | string {
  if (raw?.[0] !== '/') return 'the request target must be a path starting with "/", not an absolute URL';
  const mark = raw.indexOf('?');
  const pathname = mark < 0 ? raw : raw.slice(0, mark);
  const query = mark < 0 ? '' : raw.slice(mark + 1);
  if (pathname.includes('//') || /(^|\/)\.\.?(\/|$)/.test(pathname))
    return 'the path may not contain "//", "." or ".." segments';
  if (/%(2e|2f|5c|00)/i.test(pathname)) return 'the path may not contain encoded dots, slashes or NUL';
  if (/[\\\u0000-\u001f\u007f#]/.test(raw))
    return 'the request target may not contain a backslash, "#" or control characters';
  return { pathname, query };
}

/** The body up to `max` bytes; 'too_large' as soon as it is known to be over (without reading the rest). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too_large'> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > max) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > max) {
        req.off('data', onData);
        req.pause();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)));
    req.once('error', reject);
  });
}

export const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';

export const LOOPBACK = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
