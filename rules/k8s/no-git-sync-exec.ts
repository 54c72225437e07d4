import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isScalar, itemsOf, pairOf, stringOf, valueOf } from '../core/yaml-model.js';

/** git-sync v4 and v3 names of the variable that chooses the git binary. */
const VARIABLES = new Set(['GITSYNC_GIT', 'GIT_SYNC_GIT']);

export default k8sRule<'gitSync'>({
  meta: {
    id: 'k8s/no-git-sync-exec',
    stage: 'deploy',
    severity: 'warning',
    title: 'git-sync must not be told which git binary to run',
    rationale: 'git-sync executes the program named by `GITSYNC_GIT` (`GIT_SYNC_GIT` in v3) instead of `git`. Whoever can set it, or can write a file at that path, makes git-sync run arbitrary code with its identity and mounts, which often include repository credentials and the shared volume the application reads its code from.',
    remediation: 'Remove the variable and use the `git` shipped in the git-sync image.',
    references: [{ title: 'git-sync: command-line flags and environment', url: 'https://github.com/kubernetes/git-sync#manual' }],
    equivalents: { checkov: ['CKV_K8S_159'] },
    fix: 'none',
    messages: { gitSync: '{{target}} sets `{{name}}`: git-sync will execute the program it names.' },
    examples: { invalid: 'env:\n  - name: GITSYNC_GIT\n    value: /tmp/git', valid: 'env:\n  - name: GITSYNC_REPO\n    value: https://github.com/org/repo' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      for (const env of itemsOf(valueOf(c.node, 'env'))) {
        const nameNode = pairOf(env, 'name')?.value;
        const name = stringOf(nameNode);
        if (!isScalar(nameNode) || name === undefined || !VARIABLES.has(name)) continue;
        ctx.report({ messageId: 'gitSync', data: { target: workloadContainer(c), name }, span: ctx.doc.span(nameNode) });
      }
    }
  },
});
