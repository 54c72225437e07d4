// The `pss-baseline` and `pss-restricted` presets answer exactly as the Kubernetes PodSecurity admission: a pod the
// admission admits at a level gets no finding from that level's preset, a pod it rejects gets at least one.
//
// Every row states what the admission does with the pod (derived from the Pod Security Standards controls as the
// admission implements them, `policy/check_*.go`), at `baseline` and at `restricted`, for the policy version in
// `version` (default: latest). Pods start from a restricted-compliant pod and change one thing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { palisade } from '../support/engine.mjs';

const ADMIT = 'admit';
const REJECT = 'reject';

/** A pod that the restricted level admits: the starting point of every row. */
function compliantPod() {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'app',
        image: 'nginx:1.27',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
}

const app = (pod) => pod.spec.containers[0];
const appSc = (pod) => app(pod).securityContext;
const restrictedContainer = (name) => ({
  name, image: 'busybox:1.36',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
});

/** [name, change to the compliant pod, baseline, restricted, options] */
const CASES = [
  ['restricted-compliant pod', () => {}, ADMIT, ADMIT],
  ['no security context at all', (p) => { delete p.spec.securityContext; delete app(p).securityContext; }, ADMIT, REJECT],

  // host namespaces, privileged, HostProcess
  ['privileged container', (p) => { appSc(p).privileged = true; appSc(p).allowPrivilegeEscalation = true; }, REJECT, REJECT],
  ['privileged: false', (p) => { appSc(p).privileged = false; }, ADMIT, ADMIT],
  ['hostNetwork: true', (p) => { p.spec.hostNetwork = true; }, REJECT, REJECT],
  ['hostPID: true', (p) => { p.spec.hostPID = true; }, REJECT, REJECT],
  ['hostIPC: true', (p) => { p.spec.hostIPC = true; }, REJECT, REJECT],
  ['hostNetwork: false', (p) => { p.spec.hostNetwork = false; }, ADMIT, ADMIT],
  ['Windows HostProcess at pod level', (p) => { p.spec.securityContext.windowsOptions = { hostProcess: true }; }, REJECT, REJECT],
  ['Windows HostProcess on a container', (p) => { appSc(p).windowsOptions = { hostProcess: true }; }, REJECT, REJECT],
  ['privileged ephemeral container', (p) => {
    p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36', securityContext: { privileged: true } }];
  }, REJECT, REJECT],

  // volumes
  ['hostPath volume', (p) => { p.spec.volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }]; }, REJECT, REJECT],
  ['hostPath volume on the runtime socket', (p) => { p.spec.volumes = [{ name: 'd', hostPath: { path: '/var/run/docker.sock' } }]; }, REJECT, REJECT],
  ['hostPath: null (no source: the API defaults an emptyDir)', (p) => { p.spec.volumes = [{ name: 'v', hostPath: null }]; }, ADMIT, ADMIT],
  ['nfs volume', (p) => { p.spec.volumes = [{ name: 'n', nfs: { server: 'nfs', path: '/x' } }]; }, ADMIT, REJECT],
  ['gitRepo volume', (p) => { p.spec.volumes = [{ name: 'g', gitRepo: { repository: 'https://example.com/r.git' } }]; }, ADMIT, REJECT],
  ['allowed volume types (image volume included)', (p) => {
    p.spec.volumes = [
      { name: 'a', configMap: { name: 'a' } }, { name: 'b', secret: { secretName: 'b' } }, { name: 'c', emptyDir: {} },
      { name: 'd', projected: { sources: [] } }, { name: 'e', downwardAPI: {} }, { name: 'f', csi: { driver: 'x' } },
      { name: 'g', persistentVolumeClaim: { claimName: 'g' } }, { name: 'h', image: { reference: 'models:1' } },
      { name: 'i', ephemeral: { volumeClaimTemplate: { spec: {} } } },
    ];
  }, ADMIT, ADMIT],

  // host ports and probes
  ['hostPort 8080', (p) => { app(p).ports = [{ containerPort: 80, hostPort: 8080 }]; }, REJECT, REJECT],
  ['hostPort 0', (p) => { app(p).ports = [{ containerPort: 80, hostPort: 0 }]; }, ADMIT, ADMIT],
  ['probe with a host (policy 1.34+)', (p) => { app(p).livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }; }, REJECT, REJECT],
  ['lifecycle hook with a host', (p) => { app(p).lifecycle = { preStop: { tcpSocket: { host: 'db', port: 5432 } } }; }, REJECT, REJECT],
  ['probe with an empty host', (p) => { app(p).readinessProbe = { httpGet: { host: '', port: 80 } }; }, ADMIT, ADMIT],
  ['probe with a host at policy v1.33', (p) => { app(p).livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }; }, ADMIT, ADMIT, 'v1.33'],

  // capabilities
  ['add NET_BIND_SERVICE', (p) => { appSc(p).capabilities.add = ['NET_BIND_SERVICE']; }, ADMIT, ADMIT],
  ['add CHOWN (baseline set)', (p) => { appSc(p).capabilities.add = ['CHOWN']; }, ADMIT, REJECT],
  ['add CAP_CHOWN (compared literally)', (p) => { appSc(p).capabilities.add = ['CAP_CHOWN']; }, REJECT, REJECT],
  ['add chown (compared literally)', (p) => { appSc(p).capabilities.add = ['chown']; }, REJECT, REJECT],
  ['add net_bind_service in lower case', (p) => { appSc(p).capabilities.add = ['net_bind_service']; }, REJECT, REJECT],
  ['add SYS_ADMIN', (p) => { appSc(p).capabilities.add = ['SYS_ADMIN']; }, REJECT, REJECT],
  ['add NET_RAW', (p) => { appSc(p).capabilities.add = ['NET_RAW']; }, REJECT, REJECT],
  ['add SYS_TIME', (p) => { appSc(p).capabilities.add = ['SYS_TIME']; }, REJECT, REJECT],
  ['drop all (lower case)', (p) => { appSc(p).capabilities.drop = ['all']; }, ADMIT, REJECT],
  ['drop NET_RAW only', (p) => { appSc(p).capabilities.drop = ['NET_RAW']; }, ADMIT, REJECT],
  ['no capabilities', (p) => { delete appSc(p).capabilities; }, ADMIT, REJECT],
  ['capabilities only at pod level (not a pod field)', (p) => {
    delete appSc(p).capabilities;
    p.spec.securityContext.capabilities = { drop: ['ALL'] };
  }, ADMIT, REJECT],

  // privilege escalation
  ['allowPrivilegeEscalation missing', (p) => { delete appSc(p).allowPrivilegeEscalation; }, ADMIT, REJECT],
  ['allowPrivilegeEscalation: true', (p) => { appSc(p).allowPrivilegeEscalation = true; }, ADMIT, REJECT],
  ['allowPrivilegeEscalation only at pod level (not a pod field)', (p) => {
    delete appSc(p).allowPrivilegeEscalation;
    p.spec.securityContext.allowPrivilegeEscalation = false;
  }, ADMIT, REJECT],

  // running as non-root
  ['runAsNonRoot only on the container', (p) => { delete p.spec.securityContext.runAsNonRoot; appSc(p).runAsNonRoot = true; }, ADMIT, ADMIT],
  ['runAsNonRoot missing everywhere', (p) => { delete p.spec.securityContext.runAsNonRoot; }, ADMIT, REJECT],
  ['pod runAsNonRoot: false, container true', (p) => { p.spec.securityContext.runAsNonRoot = false; appSc(p).runAsNonRoot = true; }, ADMIT, REJECT],
  ['container runAsNonRoot: false under a true pod', (p) => { appSc(p).runAsNonRoot = false; }, ADMIT, REJECT],
  ['container runAsNonRoot: null under a true pod', (p) => { appSc(p).runAsNonRoot = null; }, ADMIT, ADMIT],
  ['runAsUser 1000 without runAsNonRoot', (p) => { delete p.spec.securityContext.runAsNonRoot; p.spec.securityContext.runAsUser = 1000; }, ADMIT, REJECT],
  ['pod runAsUser: 0 overridden by the container', (p) => { p.spec.securityContext.runAsUser = 0; appSc(p).runAsUser = 1000; }, ADMIT, REJECT],
  ['container runAsUser: 0', (p) => { appSc(p).runAsUser = 0; }, ADMIT, REJECT],
  ['runAsGroup: 0 (not a PSS control)', (p) => { p.spec.securityContext.runAsGroup = 0; }, ADMIT, ADMIT],

  // user namespaces (policy 1.35+)
  ['hostUsers: false relaxes runAsNonRoot and runAsUser', (p) => {
    p.spec.hostUsers = false;
    delete p.spec.securityContext.runAsNonRoot;
    p.spec.securityContext.runAsUser = 0;
    appSc(p).runAsNonRoot = false;
  }, ADMIT, ADMIT],
  ['hostUsers: false at policy v1.34 (no relaxation yet)', (p) => {
    p.spec.hostUsers = false;
    delete p.spec.securityContext.runAsNonRoot;
  }, ADMIT, REJECT, 'v1.34'],
  ['hostUsers: false with procMount Unmasked', (p) => { p.spec.hostUsers = false; appSc(p).procMount = 'Unmasked'; }, ADMIT, REJECT],
  ['hostUsers: true with procMount Unmasked', (p) => { p.spec.hostUsers = true; appSc(p).procMount = 'Unmasked'; }, REJECT, REJECT],
  ['procMount Unmasked', (p) => { appSc(p).procMount = 'Unmasked'; }, REJECT, REJECT],
  ['procMount Default', (p) => { appSc(p).procMount = 'Default'; }, ADMIT, ADMIT],
  ['hostUsers: false does not relax capabilities', (p) => { p.spec.hostUsers = false; delete appSc(p).capabilities; }, ADMIT, REJECT],

  // seccomp
  ['seccomp Unconfined at pod level', (p) => { p.spec.securityContext.seccompProfile = { type: 'Unconfined' }; }, REJECT, REJECT],
  ['seccomp Unconfined on a container', (p) => { appSc(p).seccompProfile = { type: 'Unconfined' }; }, REJECT, REJECT],
  ['seccomp Localhost with a profile', (p) => {
    p.spec.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/app.json' };
  }, ADMIT, ADMIT],
  ['seccomp without a type', (p) => { appSc(p).seccompProfile = {}; }, REJECT, REJECT],
  ['seccomp missing everywhere', (p) => { delete p.spec.securityContext.seccompProfile; }, ADMIT, REJECT],
  ['seccomp on every container instead of the pod', (p) => {
    delete p.spec.securityContext.seccompProfile;
    appSc(p).seccompProfile = { type: 'RuntimeDefault' };
    p.spec.initContainers = [{ ...restrictedContainer('init'), securityContext: { ...restrictedContainer('init').securityContext, seccompProfile: { type: 'Localhost', localhostProfile: 'init.json' } } }];
  }, ADMIT, ADMIT],
  ['seccomp on the app container but not on the init container', (p) => {
    delete p.spec.securityContext.seccompProfile;
    appSc(p).seccompProfile = { type: 'RuntimeDefault' };
    p.spec.initContainers = [restrictedContainer('init')];
  }, ADMIT, REJECT],
  ['legacy seccomp annotation unconfined (ignored from policy 1.19)', (p) => {
    p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
  }, ADMIT, ADMIT],

  // AppArmor
  ['AppArmor annotation unconfined', (p) => {
    p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
  }, REJECT, REJECT],
  ['AppArmor annotation unconfined for a container that does not exist', (p) => {
    p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/other': 'unconfined' };
  }, REJECT, REJECT],
  ['AppArmor annotation runtime/default for a container that does not exist', (p) => {
    p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/other': 'runtime/default' };
  }, ADMIT, ADMIT],
  ['AppArmor annotation localhost/profile', (p) => {
    p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/deny-write' };
  }, ADMIT, ADMIT],
  ['AppArmor field Unconfined', (p) => { p.spec.securityContext.appArmorProfile = { type: 'Unconfined' }; }, REJECT, REJECT],
  ['AppArmor field RuntimeDefault', (p) => { appSc(p).appArmorProfile = { type: 'RuntimeDefault' }; }, ADMIT, ADMIT],

  // SELinux
  ['SELinux type spc_t', (p) => { p.spec.securityContext.seLinuxOptions = { type: 'spc_t' }; }, REJECT, REJECT],
  ['SELinux type container_engine_t (policy 1.31+)', (p) => { appSc(p).seLinuxOptions = { type: 'container_engine_t' }; }, ADMIT, ADMIT],
  ['SELinux type container_engine_t at policy v1.30', (p) => { appSc(p).seLinuxOptions = { type: 'container_engine_t' }; }, REJECT, REJECT, 'v1.30'],
  ['SELinux user set', (p) => { appSc(p).seLinuxOptions = { user: 'system_u' }; }, REJECT, REJECT],
  ['SELinux role set', (p) => { appSc(p).seLinuxOptions = { role: 'system_r' }; }, REJECT, REJECT],
  ['SELinux level only', (p) => { p.spec.securityContext.seLinuxOptions = { level: 's0:c123,c456' }; }, ADMIT, ADMIT],

  // sysctls
  ['safe sysctl', (p) => { p.spec.securityContext.sysctls = [{ name: 'kernel.shm_rmid_forced', value: '1' }]; }, ADMIT, ADMIT],
  ['unsafe sysctl', (p) => { p.spec.securityContext.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }]; }, REJECT, REJECT],
  ['safe sysctl written with slashes', (p) => { p.spec.securityContext.sysctls = [{ name: 'net/ipv4/tcp_syncookies', value: '1' }]; }, REJECT, REJECT],
  ['sysctl safe from policy 1.37', (p) => { p.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_notsent_lowat', value: '16384' }]; }, ADMIT, ADMIT],
  ['sysctl safe from 1.32 at policy v1.31', (p) => { p.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }]; }, REJECT, REJECT, 'v1.31'],
  ['sysctl safe from 1.32 at policy v1.32', (p) => { p.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }]; }, ADMIT, ADMIT, 'v1.32'],

  // Windows pods
  ['Windows pod with runAsNonRoot only', (p) => {
    p.spec.os = { name: 'windows' };
    delete p.spec.securityContext.seccompProfile;
    delete app(p).securityContext;
  }, ADMIT, ADMIT],
  ['Windows pod without runAsNonRoot', (p) => {
    p.spec.os = { name: 'windows' };
    p.spec.securityContext = {};
    delete app(p).securityContext;
  }, ADMIT, REJECT],

  // containers of every kind
  ['native sidecar without the restricted fields', (p) => {
    p.spec.initContainers = [{ name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' }];
  }, ADMIT, REJECT],
  ['restricted init and ephemeral containers', (p) => {
    p.spec.initContainers = [restrictedContainer('init')];
    p.spec.ephemeralContainers = [restrictedContainer('debug')];
  }, ADMIT, ADMIT],

  // not Pod Security Standards controls: the presets stay silent
  ['writable root filesystem, latest image, secret in env', (p) => {
    app(p).image = 'nginx';
    app(p).env = [{ name: 'DB_PASSWORD', value: 'hunter2' }];
  }, ADMIT, ADMIT],
];

function asDeployment(pod) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, annotations: pod.metadata.annotations }, spec: pod.spec } },
  };
}

function asCronJob(pod) {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { annotations: pod.metadata.annotations }, spec: { restartPolicy: 'OnFailure', ...pod.spec } } } } },
  };
}

/** The preset, with every rule that declares `pssVersion` pinned to `version`. */
function presetConfig(level, version) {
  const config = { extends: [`pss-${level}`] };
  if (version) {
    // an entry in `rules` turns a rule on: pin only the rules the preset already runs
    const inPreset = palisade.resolveConfig(config, palisade.builtinRules).rules;
    config.rules = {};
    for (const rule of palisade.builtinRules) {
      if (inPreset.has(rule.meta.id) && rule.meta.options?.schema?.properties?.pssVersion) config.rules[rule.meta.id] = { options: { pssVersion: version } };
    }
  }
  return palisade.resolveConfig(config, palisade.builtinRules);
}

function findingsFor(object, level, version) {
  const text = stringify(object);
  const findings = palisade.lint({ text, fileName: 'case.yaml' }, presetConfig(level, version));
  assert.deepEqual(findings.filter((f) => f.ruleId === 'parse-error' || f.ruleId === 'internal-error'), [], 'the case parses');
  return findings;
}

function build(change) {
  const pod = compliantPod();
  change(pod);
  return pod;
}

/** Rows repeated as a Deployment and a CronJob: the workload kinds carry the same pod in their template. */
const REPEATED = new Set([
  'restricted-compliant pod', 'no security context at all', 'privileged container', 'hostPath volume',
  'AppArmor annotation unconfined', 'seccomp missing everywhere', 'hostUsers: false with procMount Unmasked',
]);

for (const level of ['baseline', 'restricted']) {
  describe(`pss-${level} preset`, () => {
    for (const [name, change, baseline, restricted, version] of CASES) {
      const expected = level === 'baseline' ? baseline : restricted;
      for (const [shape, wrap] of [['Pod', (p) => p], ['Deployment', asDeployment], ['CronJob', asCronJob]]) {
        // the workload shapes repeat a representative subset
        if (shape !== 'Pod' && !REPEATED.has(name)) continue;
        test(`${expected === ADMIT ? 'admits' : 'rejects'}: ${name} (${shape}${version ? `, ${version}` : ''})`, () => {
          const findings = findingsFor(wrap(build(change)), level, version);
          const summary = findings.map((f) => `${f.ruleId}: ${f.message}`);
          if (expected === ADMIT) assert.deepEqual(summary, [], 'an admitted pod gets no finding');
          else assert.ok(findings.length > 0, 'a rejected pod gets at least one finding');
        });
      }
    }
  });
}

describe('presets and options', () => {
  test('the PSS presets set pssLevel on the rules that declare it, and user options merge over it', () => {
    const config = palisade.resolveConfig({
      extends: ['pss-restricted'],
      rules: { 'k8s/run-as-non-root': { options: { acceptNonZeroRunAsUser: true } } },
    }, palisade.builtinRules);
    assert.equal(config.rules.get('k8s/no-privilege-escalation').options.pssLevel, 'restricted');
    assert.equal(config.rules.get('k8s/default-proc-mount').options.pssLevel, 'restricted');
    assert.deepEqual(config.rules.get('k8s/run-as-non-root').options, { pssVersion: 'latest', pssLevel: 'restricted', acceptNonZeroRunAsUser: true });
    const baseline = palisade.resolveConfig({ extends: ['pss-baseline'] }, palisade.builtinRules);
    assert.equal(baseline.rules.get('k8s/default-proc-mount').options.pssLevel, 'baseline');
    assert.equal(baseline.rules.has('k8s/run-as-non-root'), false, 'restricted rules are not in the baseline preset');
    const recommended = palisade.resolveConfig(undefined, palisade.builtinRules);
    assert.equal(recommended.rules.get('k8s/default-proc-mount').options.pssLevel, undefined);
  });

  test('every rule of the PSS presets declares where it comes from', () => {
    for (const preset of ['pss-baseline', 'pss-restricted']) {
      const ids = [...palisade.resolveConfig({ extends: [preset] }, palisade.builtinRules).rules.keys()];
      assert.ok(ids.length >= 10, `${preset} has rules`);
      for (const id of ids) {
        const rule = palisade.builtinRules.find((r) => r.meta.id === id);
        assert.ok(rule.meta.equivalents.pss?.length, `${id} names its PSS control`);
      }
    }
    assert.ok(palisade.PRESET_DESCRIPTIONS['pss-baseline'].includes('admission'));
    assert.ok(palisade.PRESET_DESCRIPTIONS['pss-restricted'].includes('admission'));
  });

  test('outside the presets the rules keep their hints (catalog mode)', () => {
    const text = stringify(build((p) => { p.spec.hostUsers = false; appSc(p).procMount = 'Unmasked'; }));
    const all = palisade.lint({ text, fileName: 'case.yaml' }, palisade.resolveConfig({ extends: ['all'] }, palisade.builtinRules));
    assert.ok(all.some((f) => f.ruleId === 'k8s/default-proc-mount'), 'Unmasked /proc is reported outside the baseline preset');
  });
});
