/**
 * Credential detection shared by the Dockerfile and Kubernetes rules: high-confidence credential shapes in any text
 * (`findCredentials`) and secret-looking variable names (`isSecretName`). Patterns are deliberately narrow: a finding
 * here is an error, so a match must almost certainly be a real credential.
 */

export type CredentialKind =
  | 'aws-access-key-id' | 'github-token' | 'slack-token' | 'private-key' | 'jwt' | 'google-api-key' | 'npm-token'
  | 'url-credentials';

export interface CredentialMatch {
  /** Offsets into the searched text; for `url-credentials` the `user:password` part. */
  start: number;
  end: number;
  kind: CredentialKind;
}

/** Human names of the kinds, for messages. */
export const CREDENTIAL_LABELS: Record<CredentialKind, string> = {
  'aws-access-key-id': 'an AWS access key id',
  'github-token': 'a GitHub token',
  'slack-token': 'a Slack token',
  'private-key': 'a private key',
  jwt: 'a JSON Web Token',
  'google-api-key': 'a Google API key',
  'npm-token': 'an npm access token',
  'url-credentials': 'a password in a URL',
};

const PATTERNS: { kind: CredentialKind; re: RegExp; group?: number }[] = [
  { kind: 'private-key', re: /-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'aws-access-key-id', re: /(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  { kind: 'github-token', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { kind: 'slack-token', re: /(?<![A-Za-z0-9])xox[baprs]-[0-9A-Za-z-]{10,}/g },
  { kind: 'jwt', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g },
  { kind: 'google-api-key', re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { kind: 'npm-token', re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  // scheme://user:password@host — the password must be a literal, not `$VAR`, `${VAR}` or `$(cmd)`
  { kind: 'url-credentials', re: /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/\s:@'"`$]*:(?![$%{<])[^/\s@'"`$]+)@/g, group: 1 },
];

/** Texts above this size are searched in windows to bound regex work on pathological input. */
const MAX_SCAN = 2_000_000;

/** Every high-confidence credential in `text`, sorted by offset, without overlaps. */
export function findCredentials(text: string): CredentialMatch[] {
  const hay = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const found: CredentialMatch[] = [];
  for (const { kind, re, group } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(hay); m; m = re.exec(hay)) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      let start = m.index;
      let end = m.index + m[0].length;
      if (group && m[group] !== undefined) {
        start = m.index + m[0].indexOf(m[group]);
        end = start + m[group].length;
        // `user:` with an empty user and a password, or `user:pass`: require a non-empty password
        if (!m[group].split(':')[1]) continue;
      }
      found.push({ start, end, kind });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: CredentialMatch[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) continue;
    out.push(f);
  }
  return out;
}

/** Show a credential without revealing it: the first four characters and its length. */
export function maskCredential(value: string): string {
  if (value.length <= 4) return '****';
  return `${value.slice(0, 4)}… (${value.length} characters)`;
}

/** BuildKit's `SecretsUsedInArgOrEnv` name tokens (a token is delimited by `_` or the ends of the name). */
export const SECRET_NAME_PATTERN = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
/** Tokens that make a name harmless (`PUBLIC_KEY`, `KEY_FILE`, `TOKEN_VERSION`). */
export const SECRET_NAME_ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** Well-known secret variables the token pattern misses (and those hadolint DL3064 / Trivy DS-0031 list). */
export const KNOWN_SECRET_NAMES: ReadonlySet<string> = new Set([
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AZURE_CLIENT_SECRET', 'GITHUB_TOKEN', 'GH_TOKEN',
  'GITHUB_PAT', 'GH_PAT', 'NPM_TOKEN', 'NPM_AUTH_TOKEN', 'NODE_AUTH_TOKEN', 'DOCKER_PASSWORD', 'DOCKERHUB_PASSWORD',
  'DOCKER_AUTH_CONFIG', 'VAULT_TOKEN', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN',
  'SLACK_TOKEN', 'HEROKU_API_KEY', 'CI_DEPLOY_PASSWORD', 'CI_JOB_TOKEN', 'POSTGRES_PASSWORD', 'PGPASSWORD',
  'MYSQL_PWD', 'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MONGO_INITDB_ROOT_PASSWORD', 'REDIS_PASSWORD',
  'RABBITMQ_DEFAULT_PASS', 'GITLAB_TOKEN', 'SONAR_TOKEN', 'CODECOV_TOKEN', 'SNYK_TOKEN', 'SENTRY_AUTH_TOKEN',
  'DATADOG_API_KEY', 'DD_API_KEY', 'NEW_RELIC_LICENSE_KEY', 'STRIPE_SECRET_KEY', 'TWILIO_AUTH_TOKEN',
  'SENDGRID_API_KEY', 'GOOGLE_API_KEY', 'FIREBASE_TOKEN', 'CLOUDFLARE_API_TOKEN', 'DIGITALOCEAN_ACCESS_TOKEN',
  'ARM_CLIENT_SECRET', 'ARTIFACTORY_PASSWORD', 'NUGET_API_KEY', 'PYPI_TOKEN', 'TWINE_PASSWORD', 'GEM_HOST_API_KEY',
  'CARGO_REGISTRY_TOKEN', 'JWT_SECRET', 'SECRET_KEY_BASE', 'DJANGO_SECRET_KEY', 'APP_KEY',
]);

/** Front-end bundler prefixes: `VITE_NPM_TOKEN` is the well-known `NPM_TOKEN` under another name. */
const BUNDLER_PREFIXES = /^(VITE_|REACT_APP_)/;

/** Whether a variable name looks like it holds a secret (BuildKit's rule plus the well-known names). */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  const bare = upper.replace(BUNDLER_PREFIXES, '');
  if (KNOWN_SECRET_NAMES.has(upper) || KNOWN_SECRET_NAMES.has(bare)) return true;
  return SECRET_NAME_PATTERN.test(name) && !SECRET_NAME_ALLOW.test(name);
}
