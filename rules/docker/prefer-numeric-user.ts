import { dockerRule } from '../core/rule.js';
import type { DockerfileModel } from '../core/dockerfile-model.js';
import { readOptions } from '../core/shell.js';

/** UIDs and GIDs the Dockerfile assigns explicitly (`useradd -u`, `adduser -u`, `groupadd -g`, `addgroup -g`). */
function declaredIds(model: DockerfileModel): { users: Map<string, string>; groups: Map<string, string> } {
  const users = new Map<string, string>();
  const groups = new Map<string, string>();
  for (const { script } of model.runs(model.stages)) {
    for (const c of script.commands) {
      if (c.name === 'useradd' || c.name === 'adduser') {
        const { options, operands } = readOptions(c.args, {
          shortWithValue: c.name === 'useradd' ? 'ugsdGcpefkK' : 'uGshgk',
          longWithValue: ['uid', 'gid', 'shell', 'home', 'home-dir', 'groups', 'comment', 'gecos', 'ingroup', 'password', 'expiredate', 'inactive', 'skel', 'key', 'conf', 'firstuid', 'lastuid'],
        });
        const uid = options.find((o) => o.name === 'u' || o.name === 'uid')?.value;
        const login = operands[0]?.text;
        if (uid && /^\d+$/.test(uid) && login) users.set(login, uid);
      } else if (c.name === 'groupadd' || c.name === 'addgroup') {
        const { options, operands } = readOptions(c.args, { shortWithValue: 'gKp', longWithValue: ['gid', 'key', 'password'] });
        const gid = options.find((o) => o.name === 'g' || o.name === 'gid')?.value;
        const name = operands[0]?.text;
        if (gid && /^\d+$/.test(gid) && name) groups.set(name, gid);
      }
    }
  }
  return { users, groups };
}

export default dockerRule<'name'>({
  meta: {
    id: 'docker/prefer-numeric-user',
    stage: 'build',
    severity: 'info',
    title: 'Set the final USER as a numeric UID',
    rationale: 'Kubernetes can only enforce `runAsNonRoot: true` when it can tell the image user is not root. With a user name (`USER app`) the kubelet cannot resolve it without the image\'s `/etc/passwd` and refuses to start the container ("image has non-numeric user … cannot verify user is non-root") unless the pod also sets `runAsUser`. A numeric `USER 10001:10001` is checkable everywhere and does not depend on the passwd file.',
    remediation: 'Use the numeric UID (and GID) the Dockerfile creates:\n\n```dockerfile\nRUN useradd -u 10001 -U app\nUSER 10001:10001\n```',
    references: [
      { title: 'Kubernetes: security context runAsNonRoot', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
      { title: 'Dockerfile reference: USER', url: 'https://docs.docker.com/reference/dockerfile/#user' },
    ],
    equivalents: { hadolint: ['DL3066'] },
    fix: 'suggestion',
    messages: { name: 'The {{stage}} runs as the user name `{{user}}`: Kubernetes cannot verify a non-numeric user is not root. Use its numeric UID.' },
    examples: { invalid: 'FROM alpine:3.22\nRUN adduser -D -u 10001 app\nUSER app', valid: 'FROM alpine:3.22\nRUN adduser -D -u 10001 app\nUSER 10001' },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final) return;
    const users = model.chainInstructions(final).filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    const arg = last ? model.args(last)[0] : undefined;
    if (!last || !arg) return;
    const resolved = model.resolve(arg.text, last);
    if (!resolved) return;
    const [user, group] = resolved.split(':');
    if (/^\d+$/.test(user) || user === 'root') return;
    const ids = declaredIds(model);
    const uid = ids.users.get(user);
    const fixes = [];
    if (uid && arg.text === resolved && !arg.quoted) {
      // a group name becomes its GID only when the file creates the group with an explicit one
      const gid = group === undefined ? undefined : /^\d+$/.test(group) ? group : ids.groups.get(group);
      const text = group === undefined ? uid : `${uid}:${gid ?? group}`;
      fixes.push({ title: `Use the numeric user ${text}`, edits: [{ start: arg.span.start, end: arg.span.end, text }], isPreferred: true });
    }
    ctx.report({
      messageId: 'name',
      data: { stage: model.describe(final), user: resolved },
      span: arg.span,
      resource: model.resource(final),
      fixes,
    });
  },
});
