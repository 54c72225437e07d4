import { readOptions, type Command, type OptionSpec, type OptionUse, type Script, type Word } from './shell.js';

/**
 * Package-manager invocations read from RUN commands: which manager, what it is asked to do (install, remove, refresh
 * the index …), which packages with which versions, and the options, each with its token. Shared by every rule that
 * reasons about installs (debug tools, pinning, caches, signatures, stale indexes).
 */

export type PackageManager =
  | 'apt-get' | 'apt' | 'aptitude' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'tdnf' | 'zypper' | 'rpm' | 'dpkg'
  | 'pip' | 'npm' | 'yarn' | 'pnpm' | 'gem' | 'go';

/** Managers of operating-system packages (as opposed to language packages). */
export const OS_MANAGERS: ReadonlySet<PackageManager> = new Set<PackageManager>(['apt-get', 'apt', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'tdnf', 'zypper', 'rpm', 'dpkg']);

/** Managers that share a package index: `apt update` refreshes what `apt-get install` reads. */
export function managerFamily(manager: PackageManager): string {
  switch (manager) {
    case 'apt-get': case 'apt': case 'aptitude': return 'apt';
    case 'yum': case 'dnf': case 'microdnf': case 'tdnf': return 'rpm-repo';
    default: return manager;
  }
}

export type PackageAction = 'install' | 'remove' | 'update' | 'upgrade' | 'dist-upgrade' | 'clean' | 'other';

export interface PackageArgument {
  word: Word;
  /** Package name without version, architecture or repository tag; undefined for files, URLs and `$VARS`. */
  name: string | undefined;
  /** The version constraint as written (`1.2.3`, `>=1.2`), when any. */
  version: string | undefined;
}

export interface PackageCommand {
  manager: PackageManager;
  command: Command;
  action: PackageAction;
  /** The sub-command as written (`install`, `add`, `in` …). */
  actionWord: Word | undefined;
  packages: PackageArgument[];
  options: OptionUse[];
  /** An operating-system package manager (apt, apk, yum/dnf, zypper, rpm, dpkg), not a language one. */
  os: boolean;
}

interface ManagerSpec {
  options: OptionSpec;
  actions: Record<string, PackageAction>;
}

const RPM_REPO_OPTIONS: OptionSpec = {
  shortWithValue: 'cdexR',
  longWithValue: ['setopt', 'enablerepo', 'disablerepo', 'installroot', 'releasever', 'exclude', 'repo', 'repofrompath', 'forcearch', 'downloaddir', 'destdir', 'config', 'color', 'rpmverbosity', 'enableplugin', 'disableplugin', 'comment', 'excludepkgs', 'includepkgs', 'repoid'],
};
const RPM_REPO_ACTIONS: Record<string, PackageAction> = {
  install: 'install', groupinstall: 'install', localinstall: 'install', reinstall: 'install', downgrade: 'install',
  remove: 'remove', erase: 'remove', autoremove: 'remove', groupremove: 'remove',
  makecache: 'update', 'check-update': 'update',
  update: 'upgrade', upgrade: 'upgrade', 'update-minimal': 'upgrade', 'upgrade-minimal': 'upgrade',
  'distro-sync': 'dist-upgrade', distrosync: 'dist-upgrade',
  clean: 'clean',
};
const APT_SPEC: ManagerSpec = {
  options: { shortWithValue: 'oct', longWithValue: ['option', 'config-file', 'target-release', 'default-release'] },
  actions: {
    install: 'install', reinstall: 'install', remove: 'remove', purge: 'remove', autoremove: 'remove', autopurge: 'remove',
    update: 'update', upgrade: 'upgrade', 'dist-upgrade': 'dist-upgrade', 'full-upgrade': 'dist-upgrade', clean: 'clean', autoclean: 'clean',
  },
};

const SPECS: Record<PackageManager, ManagerSpec> = {
  'apt-get': APT_SPEC,
  apt: APT_SPEC,
  aptitude: APT_SPEC,
  apk: {
    options: { shortWithValue: 'Xpt', longWithValue: ['repository', 'root', 'virtual', 'arch', 'cache-dir', 'keys-dir', 'repositories-file', 'cache-max-age', 'timeout'] },
    actions: { add: 'install', del: 'remove', update: 'update', upgrade: 'upgrade', cache: 'clean', fix: 'other' },
  },
  yum: { options: RPM_REPO_OPTIONS, actions: RPM_REPO_ACTIONS },
  dnf: { options: RPM_REPO_OPTIONS, actions: RPM_REPO_ACTIONS },
  microdnf: { options: RPM_REPO_OPTIONS, actions: RPM_REPO_ACTIONS },
  tdnf: { options: RPM_REPO_OPTIONS, actions: RPM_REPO_ACTIONS },
  zypper: {
    options: { shortWithValue: 'rRDCctp', longWithValue: ['repo', 'root', 'reposd-dir', 'cache-dir', 'config', 'type', 'from', 'installroot'] },
    actions: {
      install: 'install', in: 'install', remove: 'remove', rm: 'remove', refresh: 'update', ref: 'update',
      update: 'upgrade', up: 'upgrade', patch: 'upgrade', 'dist-upgrade': 'dist-upgrade', dup: 'dist-upgrade', clean: 'clean', cc: 'clean',
    },
  },
  rpm: { options: { shortWithValue: '', longWithValue: ['root', 'dbpath', 'define', 'excludepath', 'prefix', 'relocate'] }, actions: {} },
  dpkg: { options: { longWithValue: ['root', 'admindir', 'instdir'] }, actions: {} },
  pip: {
    options: {
      shortWithValue: 'rciteCfb',
      longWithValue: ['requirement', 'constraint', 'index-url', 'extra-index-url', 'editable', 'trusted-host', 'target', 'prefix', 'root', 'find-links', 'platform', 'python-version', 'implementation', 'abi', 'src', 'upgrade-strategy', 'progress-bar', 'cache-dir', 'log', 'proxy', 'retries', 'timeout', 'exists-action', 'cert', 'client-cert', 'no-binary', 'only-binary', 'config-settings', 'global-option', 'install-option', 'build', 'report', 'python'],
    },
    actions: { install: 'install', uninstall: 'remove', download: 'other', wheel: 'other', cache: 'clean' },
  },
  npm: {
    options: { shortWithValue: 'w', longWithValue: ['prefix', 'registry', 'workspace', 'tag', 'omit', 'include', 'cache', 'loglevel', 'userconfig', 'globalconfig', 'install-strategy'] },
    actions: {
      install: 'install', i: 'install', in: 'install', add: 'install', isntall: 'install', ci: 'install', 'clean-install': 'install',
      uninstall: 'remove', un: 'remove', rm: 'remove', remove: 'remove', r: 'remove', unlink: 'remove', cache: 'clean', update: 'upgrade', up: 'upgrade',
    },
  },
  yarn: {
    options: { longWithValue: ['cwd', 'modules-folder', 'network-timeout', 'registry', 'cache-folder', 'mutex', 'global-folder'] },
    actions: { add: 'install', install: 'install', remove: 'remove', cache: 'clean', upgrade: 'upgrade', global: 'other' },
  },
  pnpm: {
    options: { shortWithValue: 'C', longWithValue: ['dir', 'filter', 'registry', 'store-dir', 'reporter'] },
    actions: { add: 'install', install: 'install', i: 'install', remove: 'remove', rm: 'remove', uninstall: 'remove', update: 'upgrade', up: 'upgrade', store: 'clean' },
  },
  gem: {
    options: { shortWithValue: 'vinsP', longWithValue: ['version', 'install-dir', 'bindir', 'source', 'trust-policy', 'platform', 'document'] },
    actions: { install: 'install', i: 'install', uninstall: 'remove', update: 'upgrade', cleanup: 'clean' },
  },
  go: { options: {}, actions: { install: 'install', get: 'install' } },
};

const GO_VALUE_FLAGS = new Set(['-ldflags', '-tags', '-o', '-mod', '-modfile', '-gcflags', '-asmflags', '-p', '-C', '-pkgdir', '-toolexec', '-overlay', '-pgo', '-buildmode', '-compiler', '-gccgoflags', '-installsuffix']);

/** The manager a command runs, unwrapping `python -m pip`, `uv pip` and `yarn global add`. */
function managerOf(command: Command): { manager: PackageManager; args: Word[] } | undefined {
  const name = command.name;
  if (/^pip[0-9.]*$/.test(name)) return { manager: 'pip', args: command.args };
  if (/^python[0-9.]*$/.test(name)) {
    const m = command.args.findIndex((a) => a.text === '-m');
    if (m >= 0 && /^pip[0-9.]*$/.test(command.args[m + 1]?.text ?? '')) return { manager: 'pip', args: command.args.slice(m + 2) };
    return undefined;
  }
  if (name === 'uv' && command.args[0]?.text === 'pip') return { manager: 'pip', args: command.args.slice(1) };
  if (name === 'yarn' && command.args[0]?.text === 'global') return { manager: 'yarn', args: command.args.slice(1) };
  if (name in SPECS) return { manager: name as PackageManager, args: command.args };
  return undefined;
}

/** Read a command as a package-manager invocation; undefined for any other command. */
export function packageCommand(command: Command): PackageCommand | undefined {
  const found = managerOf(command);
  if (!found) return undefined;
  const { manager, args } = found;
  const spec = SPECS[manager];
  const os = OS_MANAGERS.has(manager);
  if (manager === 'go') return goCommand(command, args);
  if (manager === 'rpm' || manager === 'dpkg') {
    const { options, operands } = readOptions(args, spec.options);
    const install = options.some((o) => (manager === 'rpm' ? /^[iUF]$/.test(o.name) || ['install', 'upgrade', 'freshen', 'reinstall'].includes(o.name) : o.name === 'i' || o.name === 'install'));
    const remove = options.some((o) => (manager === 'rpm' ? o.name === 'e' || o.name === 'erase' : o.name === 'r' || o.name === 'P' || o.name === 'remove' || o.name === 'purge'));
    return {
      manager, command, os, options, actionWord: undefined,
      action: install ? 'install' : remove ? 'remove' : 'other',
      packages: operands.map((w) => ({ word: w, name: remove ? literalName(w.text) : undefined, version: undefined })),
    };
  }
  const { options, operands } = readOptions(args, spec.options);
  const actionWord = operands[0];
  let action: PackageAction = actionWord ? spec.actions[actionWord.text] ?? 'other' : 'other';
  let rest = operands.slice(1);
  // `yum group install …`, `dnf module install …`, `apk cache clean`
  if (actionWord && (actionWord.text === 'group' || actionWord.text === 'groups' || actionWord.text === 'module') && rest[0]) {
    action = spec.actions[rest[0].text] ?? 'other';
    rest = rest.slice(1);
  }
  if (manager === 'npm' && actionWord?.text === 'cache') action = rest[0]?.text === 'clean' ? 'clean' : 'other';
  if (manager === 'pip' && actionWord?.text === 'cache') action = rest[0]?.text === 'purge' || rest[0]?.text === 'remove' ? 'clean' : 'other';
  if (manager === 'apk' && actionWord?.text === 'cache') action = rest[0]?.text === 'clean' || rest[0]?.text === 'purge' ? 'clean' : 'other';
  if (manager === 'yarn' && actionWord?.text === 'cache') action = rest[0]?.text === 'clean' ? 'clean' : 'other';
  const packages = action === 'install' || action === 'remove' || action === 'upgrade'
    ? rest.map((w) => parsePackage(manager, w)) : [];
  // `gem install -v 1.2 name` pins the (single) gem through the option
  if (manager === 'gem' && options.some((o) => o.name === 'v' || o.name === 'version')) {
    for (const p of packages) p.version ??= options.find((o) => o.name === 'v' || o.name === 'version')?.value;
  }
  return { manager, command, os, action, actionWord, packages, options };
}

function goCommand(command: Command, args: Word[]): PackageCommand | undefined {
  const actionWord = args[0];
  const action = actionWord && (actionWord.text === 'install' || actionWord.text === 'get') ? 'install' : 'other';
  const packages: PackageArgument[] = [];
  const options: OptionUse[] = [];
  for (let k = 1; k < args.length; k++) {
    const w = args[k];
    if (w.text.startsWith('-')) {
      const flag = w.text.split('=')[0];
      options.push({ word: w, name: flag.replace(/^-+/, ''), long: true });
      if (!w.text.includes('=') && GO_VALUE_FLAGS.has(flag)) k++;
      continue;
    }
    const at = w.text.lastIndexOf('@');
    const name = at > 0 ? w.text.slice(0, at) : w.text;
    packages.push({ word: w, name: name.includes('$') ? undefined : name, version: at > 0 ? w.text.slice(at + 1) : undefined });
  }
  return { manager: 'go', command, os: false, action, actionWord, packages, options };
}

function literalName(text: string): string | undefined {
  return text && !text.includes('$') && !text.includes('`') ? text : undefined;
}

const RPM_ARCH = /\.(x86_64|noarch|aarch64|i686|i386|ppc64le|s390x|armv7hl|src)$/;

/** Split a package argument into name and version the way its manager spells versions. */
export function parsePackage(manager: PackageManager, word: Word): PackageArgument {
  const t = word.text;
  const none = { word, name: undefined, version: undefined };
  if (!t || t.startsWith('-')) return none;
  switch (manager) {
    case 'apt-get': case 'apt': case 'aptitude': {
      if (t.includes('/') && (t.startsWith('.') || t.startsWith('/'))) return none;
      if (/\.deb$/.test(t)) return none;
      const m = /^([^=/]+?)(?::[a-z0-9]+)?(?:=(.*)|\/(.*))?$/.exec(t);
      if (!m) return none;
      return { word, name: literalName(m[1]), version: m[2] };
    }
    case 'apk': {
      if (t.startsWith('/') || t.startsWith('.') && t.includes('/') || /\.apk$/.test(t)) return none;
      const m = /^([^=~<>@]+)(?:@[^=~<>]+)?(?:([=~<>]+)(.*))?$/.exec(t);
      if (!m) return none;
      return { word, name: literalName(m[1]), version: m[3] !== undefined ? `${m[2]}${m[3]}` : undefined };
    }
    case 'yum': case 'dnf': case 'microdnf': case 'tdnf': case 'zypper': {
      if (t.startsWith('/') || t.startsWith('./') || /\.rpm$/.test(t) || /^https?:/.test(t)) return none;
      if (t.startsWith('@')) return { word, name: literalName(t), version: undefined };
      let body = t.replace(RPM_ARCH, '');
      let version: string | undefined;
      const op = /^([^<>=]+?)\s*([<>=]+)\s*(.+)$/.exec(body);
      if (op) { body = op[1]; version = `${op[2]}${op[3]}`; }
      else {
        const dash = /^(.+?)-(\d[^-]*(?:-[^-]+)?)$/.exec(body);
        if (dash) { body = dash[1]; version = dash[2]; }
      }
      return { word, name: literalName(body), version };
    }
    case 'pip': {
      if (t.startsWith('.') || t.startsWith('/') || /^(git\+|https?:|file:)/.test(t) || /\.(whl|tar\.gz|zip)$/.test(t)) return none;
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(t);
      if (!m) return none;
      const rest = m[3].trim();
      return { word, name: literalName(m[1]), version: rest ? rest : undefined };
    }
    case 'npm': case 'yarn': case 'pnpm': {
      if (t.startsWith('.') || t.startsWith('/') || /^(git\+|git:|https?:|file:|github:)/.test(t) || /\.tgz$/.test(t) || /^[^@/]+\/[^@/]+$/.test(t)) return none;
      const at = t.indexOf('@', 1);
      const name = at > 0 ? t.slice(0, at) : t;
      const version = at > 0 ? t.slice(at + 1) : undefined;
      return { word, name: literalName(name), version };
    }
    case 'gem': {
      const colon = t.indexOf(':');
      return { word, name: literalName(colon > 0 ? t.slice(0, colon) : t), version: colon > 0 ? t.slice(colon + 1) : undefined };
    }
    default:
      return { word, name: literalName(t), version: undefined };
  }
}

/** Every package-manager command of a script, in order. */
export function packageCommands(script: Script): PackageCommand[] {
  const out: PackageCommand[] = [];
  for (const c of script.commands) {
    const p = packageCommand(c);
    if (p) out.push(p);
  }
  return out;
}

/** The option of a package command, by short letter or long name. */
export function findOption(p: PackageCommand, ...names: string[]): OptionUse | undefined {
  return p.options.find((o) => names.includes(o.name));
}

/** `apk add --virtual NAME` / `-t NAME`: the virtual package that groups the installed packages. */
export function virtualPackage(p: PackageCommand): string | undefined {
  if (p.manager !== 'apk') return undefined;
  return p.options.find((o) => o.name === 't' || o.name === 'virtual')?.value;
}

