/**
 * Container image references: `[registry[:port]/]path[:tag][@digest]` (RULES.md §0.4).
 */
export interface ImageRef {
  raw: string;
  /** Registry host (with port); `docker.io` when the reference names none. */
  registry: string;
  /** Whether the registry was written explicitly. */
  explicitRegistry: boolean;
  /** Repository path without registry, e.g. `library/nginx` is reported as written: `nginx`. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
  /** Offsets inside `raw`. */
  tagStart: number | undefined;
  repositoryStart: number;
}

export function parseImageRef(raw: string): ImageRef {
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry = 'docker.io';
  let explicitRegistry = false;
  let repositoryStart = 0;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      explicitRegistry = true;
      repositoryStart = slash + 1;
    }
  }
  const path = rest.slice(repositoryStart);
  // a colon after the last slash is a tag; before it, it was a port (handled as part of the registry)
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  let tag: string | undefined;
  let tagStart: number | undefined;
  let repository = path;
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    tagStart = repositoryStart + colon + 1;
    repository = path.slice(0, colon);
  }
  return { raw, registry, explicitRegistry, repository, tag, digest, tagStart, repositoryStart };
}

/** Untagged or `:latest` and not pinned by digest. */
export function isFloatingTag(ref: ImageRef): boolean {
  if (ref.digest) return false;
  return ref.tag === undefined || ref.tag === '' || ref.tag === 'latest';
}

/** The last path component (`nginx` for `docker.io/library/nginx`). */
export function imageBaseName(ref: ImageRef): string {
  const i = ref.repository.lastIndexOf('/');
  return ref.repository.slice(i + 1).toLowerCase();
}

/** Simple glob for image and registry patterns: `*` matches any run of characters (including `/`). */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$');
  return re.test(value);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
