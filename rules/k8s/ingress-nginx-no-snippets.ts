import { annotationsOf } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { isScalar, isTemplated, mapAt, nodeAt, stringOf, TEMPLATE_MARK, type Pair, type Scalar } from '../core/yaml-model.js';

type Messages = 'snippet' | 'codeExecution' | 'injection';

const PREFIX = 'nginx.ingress.kubernetes.io/';

/** Annotations whose values are pasted into nginx.conf and were abused for configuration injection. */
const INJECTABLE = new Set(['auth-url', 'auth-tls-match-cn', 'mirror-target', 'mirror-host']);

/** Lua handlers (`content_by_lua_block` …) and the `alias` directive read files or run code in the controller. */
const LUA = /\b[a-z_]*_by_lua(?:_block|_file)?\b/i;
const ALIAS = /(?:^|[\s;{}])alias\s+\S/;
/** Characters that end a directive or open a block in nginx.conf. */
const INJECTION = /[\n\r#{};|'"`]/;

export default k8sRule<Messages>({
  meta: {
    id: 'k8s/ingress-nginx-no-snippets',
    stage: 'access',
    severity: 'warning',
    title: 'Ingresses should not inject nginx configuration snippets',
    rationale: 'ingress-nginx pastes snippet annotations (`configuration-snippet`, `server-snippet`, `auth-snippet` …) verbatim into the shared nginx.conf of the controller, which runs with a token that can read every Secret of the cluster. Whoever can create an Ingress can then read those Secrets: with Lua handlers or an `alias` directive directly (CVE-2021-25742, reported as an error), and through crafted values of annotations such as `auth-url` or `mirror-target` (the 2025 annotation-injection CVEs, reported as errors).',
    remediation: 'Remove the snippet annotations and use the controller\'s dedicated annotations instead; keep `allow-snippet-annotations: "false"` in the controller configuration and upgrade the controller. Values of `auth-url`, `auth-tls-match-cn`, `mirror-target` and `mirror-host` must be plain URLs or names.',
    references: [
      { title: 'CVE-2021-25742: ingress-nginx custom snippets', url: 'https://github.com/kubernetes/ingress-nginx/issues/7837' },
      { title: 'ingress-nginx: annotations risk', url: 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations-risk/' },
    ],
    equivalents: { checkov: ['CKV_K8S_152', 'CKV_K8S_153', 'CKV_K8S_154'], trivy: ['KCV-0093'], kubescape: ['C-0059'], nsa: ['C-0059'] },
    profiles: ['nsa'],
    fix: 'none',
    messages: {
      snippet: '{{resource}} injects raw nginx configuration through `{{key}}`; snippets run with the controller\'s access to every Secret.',
      codeExecution: '{{resource}} `{{key}}` contains {{what}}, which lets the Ingress read files or run code in the controller (CVE-2021-25742).',
      injection: '{{resource}} `{{key}}` contains characters that break out of the nginx directive ({{chars}}): configuration injection.',
    },
    examples: {
      invalid: 'kind: Ingress\nmetadata:\n  annotations:\n    nginx.ingress.kubernetes.io/server-snippet: |\n      location /x { content_by_lua_block { } }',
      valid: 'kind: Ingress\nmetadata:\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: "true"',
    },
  },
  kinds: ['Ingress'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind !== 'Ingress') return;
    const metadata = mapAt(o.node, ['metadata']);
    const annotations = mapAt(metadata, ['annotations']);
    if (!annotations) return;
    // only ingress-nginx reads these annotations; another class makes them inert
    const className = stringOf(nodeAt(o.node, ['spec', 'ingressClassName'])) ?? annotationsOf(metadata)['kubernetes.io/ingress.class'];
    if (className !== undefined && !className.includes('nginx') && !className.includes(TEMPLATE_MARK)) return;
    for (const pair of annotations.items as Pair<Scalar, unknown>[]) {
      const key = stringOf(pair.key);
      if (!key || !isScalar(pair.key)) continue;
      const value = isScalar(pair.value) && !isTemplated(pair.value) ? stringOf(pair.value) : undefined;
      const valueNode = isScalar(pair.value) ? (pair.value as Scalar) : undefined;
      const name = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : undefined;
      const data = { resource: o.resource, key };
      if (/snippet/i.test(key)) {
        const what = value === undefined ? undefined : LUA.test(value) ? 'a Lua handler' : ALIAS.test(value) ? 'an `alias` directive' : undefined;
        if (what && valueNode) {
          ctx.report({ messageId: 'codeExecution', data: { ...data, what }, span: ctx.doc.span(valueNode), severity: 'error' });
        } else {
          ctx.report({ messageId: 'snippet', data, span: ctx.doc.span(pair.key) });
        }
        continue;
      }
      if (name && INJECTABLE.has(name) && value !== undefined && valueNode && INJECTION.test(value)) {
        const chars = [...new Set(value.match(new RegExp(INJECTION.source, 'g')) ?? [])]
          .map((c) => (c === '\n' ? 'newline' : c === '\r' ? 'carriage return' : `\`${c}\``)).join(', ');
        ctx.report({ messageId: 'injection', data: { ...data, chars }, span: ctx.doc.span(valueNode), severity: 'error' });
      }
    }
  },
});
