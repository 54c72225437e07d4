import type { ImageRef } from '../core/image-ref.js';
import { escapeRegExp } from '../core/image-ref.js';

/**
 * Image and registry patterns of the organisation-policy rules (RULES.md §5): `trustedRegistries`,
 * `deniedRegistries`, `allowedBaseImages`, `exemptRepositories`.
 *
 * A pattern is one of:
 * - a registry host, optionally with port: `registry.corp.example`, `localhost:5000` — every image of that registry;
 * - a registry and path prefix: `ghcr.io/acme` — images under that path (`ghcr.io/acme/api`, not `ghcr.io/acme-x/api`);
 * - a glob where `*` matches any characters, `/` included: `*.dkr.ecr.*.amazonaws.com`, `gcr.io/distroless/*`.
 *
 * Images are compared by their normalised name `registry/repository` (`nginx` is `docker.io/library/nginx`, and
 * `index.docker.io` is `docker.io`); a pattern containing `:` or `@` after the last `/` is compared with the tag or
 * digest included.
 */

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** `docker.io` for every Docker Hub alias, the registry lower-cased otherwise. */
export function registryOf(ref: ImageRef): string {
  const r = ref.registry.toLowerCase();
  return DOCKER_HUB_ALIASES.has(r) ? 'docker.io' : r;
}

/** The names an image is known by: `docker.io/library/nginx` and `docker.io/nginx` for an official image. */
export function imageNames(ref: ImageRef): string[] {
  const registry = registryOf(ref);
  const repo = ref.repository;
  const names = [`${registry}/${repo}`];
  if (registry === 'docker.io') {
    if (!repo.includes('/')) names.push(`docker.io/library/${repo}`);
    else if (repo.startsWith('library/')) names.push(`docker.io/${repo.slice('library/'.length)}`);
  }
  return names;
}

const globCache = new Map<string, RegExp>();

function globRegex(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    // runs of stars collapse to one `.*`: adjacent unbounded wildcards would only add backtracking
    re = new RegExp('^' + pattern.split(/\*+/).map(escapeRegExp).join('.*') + '$');
    if (globCache.size > 500) globCache.clear();
    globCache.set(pattern, re);
  }
  return re;
}

/** How a pattern is read: a registry host, or an image name (prefix or glob), with or without tag/digest. */
interface ImagePattern {
  registryOnly: boolean;
  text: string;
  pinned: boolean;
}

/**
 * Read a pattern. Without a `/`, a host (`gcr.io`, `localhost:5000`, `*.azurecr.io`) names a registry, and anything
 * else is a Docker Hub image (`node`, `node:*-alpine`); with a `/`, a first part that is not a host means Docker Hub
 * (`bitnami/*` is `docker.io/bitnami/*`).
 */
function readPattern(raw: string): ImagePattern | undefined {
  const p = raw.trim().replace(/\/+$/, '');
  if (!p) return undefined;
  if (!p.includes('/')) {
    if (/^[^:@]+:\d+$/.test(p)) return { registryOnly: true, text: p.toLowerCase(), pinned: false };
    if (!/[:@]/.test(p) && (p.includes('.') || p === 'localhost')) {
      const host = p.toLowerCase();
      return { registryOnly: true, text: DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host, pinned: false };
    }
    return { registryOnly: false, text: `docker.io/library/${p}`, pinned: /[:@]/.test(p) };
  }
  const first = p.slice(0, p.indexOf('/'));
  const hosted = first.includes('.') || first.includes(':') || first === 'localhost' || first.includes('*');
  const text = hosted ? p.replace(/^[^/]+/, (h) => (DOCKER_HUB_ALIASES.has(h.toLowerCase()) ? 'docker.io' : h.toLowerCase())) : `docker.io/${p}`;
  const last = text.slice(text.lastIndexOf('/') + 1);
  return { registryOnly: false, text, pinned: /[:@]/.test(last) };
}

/** Whether an image matches one pattern (see the module comment). */
export function imageMatches(pattern: string, ref: ImageRef): boolean {
  const p = readPattern(pattern);
  if (!p) return false;
  if (p.registryOnly) return p.text.includes('*') ? globRegex(p.text).test(registryOf(ref)) : registryOf(ref) === p.text;
  const names = imageNames(ref);
  const candidates = p.pinned ? names.flatMap((n) => pinnedForms(n, ref)) : names;
  if (p.text.includes('*')) {
    const re = globRegex(p.text);
    return candidates.some((c) => re.test(c));
  }
  return candidates.some((c) => c === p.text || (!p.pinned && c.startsWith(p.text + '/')));
}

/** `name:tag`, `name@digest` and `name:tag@digest`, as far as the reference has them. */
function pinnedForms(name: string, ref: ImageRef): string[] {
  const out: string[] = [];
  if (ref.tag !== undefined) out.push(`${name}:${ref.tag}`);
  if (ref.digest !== undefined) {
    out.push(`${name}@${ref.digest}`);
    if (ref.tag !== undefined) out.push(`${name}:${ref.tag}@${ref.digest}`);
  }
  return out;
}

/** The first pattern an image matches, if any. */
export function firstMatch(patterns: readonly string[], ref: ImageRef): string | undefined {
  return patterns.find((p) => typeof p === 'string' && imageMatches(p, ref));
}

/** A short list for messages: `a, b, c` or `a, b, c and 4 more`. */
export function listForMessage(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export const imagePatternListSchema = (description: string): Record<string, unknown> => ({
  type: 'array', items: { type: 'string', minLength: 1 }, description,
});
