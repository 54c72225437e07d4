import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file system path of a `file:` URI, `/`-separated on every platform; undefined for other schemes. */
export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri).replace(/\\/g, '/');
  } catch {
    return undefined;
  }
}

export function uriOfPath(path: string): string {
  return pathToFileURL(path).href;
}

/**
 * The name the engine sees for a document: the path for files (so `Dockerfile.dev` and `templates/` are recognised),
 * the decoded path part for other schemes (`untitled:Untitled-1`, `git:/x/Dockerfile?…`).
 */
export function fileNameOfUri(uri: string): string {
  const path = pathOfUri(uri);
  if (path !== undefined) return path;
  const withoutQuery = uri.replace(/[?#].*$/, '');
  const colon = withoutQuery.indexOf(':');
  try {
    return decodeURIComponent(withoutQuery.slice(colon + 1).replace(/^\/\/[^/]*/, ''));
  } catch {
    return withoutQuery.slice(colon + 1);
  }
}

/** The parent folder of a `/`-separated path. */
export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  // keep a Windows drive root as `C:/`
  if (/^[A-Za-z]:$/.test(path.slice(0, i))) return path.slice(0, i + 1);
  return path.slice(0, i);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether `path` is `folder` or inside it (both `/`-separated). */
export function isInside(path: string, folder: string): boolean {
  if (path === folder) return true;
  const f = folder.endsWith('/') ? folder : folder + '/';
  return path.startsWith(f);
}
