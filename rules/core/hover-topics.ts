/**
 * Hover text for security-relevant keys and instructions even where nothing is wrong: what the setting does and which
 * rule guards it. Keys are YAML keys (any depth) or Dockerfile keywords.
 */
export interface KeyTopic {
  text: string;
  /** Rules that check this key. */
  rules: string[];
}

export const YAML_KEY_TOPICS: Record<string, KeyTopic> = {
  privileged: { text: 'Runs the container with every capability and access to all host devices: effectively root on the node.', rules: ['k8s/no-privileged'] },
  hostPID: { text: "Shares the node's process namespace: the pod can see and signal every process on the node.", rules: ['k8s/no-host-pid'] },
  hostIPC: { text: "Shares the node's IPC namespace (shared memory, semaphores) with the pod.", rules: ['k8s/no-host-ipc'] },
  hostNetwork: { text: "Puts the pod in the node's network namespace: it can bind node ports and sniff node traffic.", rules: ['k8s/no-host-network'] },
  allowPrivilegeEscalation: { text: 'Controls the no_new_privs flag: with `false`, setuid binaries cannot raise privileges.', rules: ['k8s/no-privilege-escalation'] },
  runAsNonRoot: { text: 'The kubelet refuses to start a container whose user is root (UID 0).', rules: ['k8s/run-as-non-root'] },
  runAsUser: { text: 'The UID the container process runs as; `0` is root.', rules: ['k8s/no-run-as-root-uid'] },
  capabilities: { text: 'Linux capabilities added to or dropped from the container; drop `ALL` and add back only what is needed.', rules: ['k8s/drop-all-capabilities'] },
  readOnlyRootFilesystem: { text: "Mounts the container's root filesystem read-only, so an attacker cannot modify binaries or drop tools.", rules: ['k8s/read-only-root-filesystem'] },
  automountServiceAccountToken: { text: 'Whether the ServiceAccount API token is mounted into the pod; most workloads never call the API.', rules: ['k8s/no-automount-service-account-token'] },
  serviceAccountName: { text: 'The identity the pod uses against the Kubernetes API.', rules: ['k8s/no-default-service-account'] },
  image: { text: 'The container image; pin a version tag or a digest so that what runs is what was reviewed.', rules: ['k8s/no-latest-image-tag'] },
  securityContext: { text: 'Security settings of the pod or container: user, privileges, capabilities, seccomp, filesystem.', rules: ['k8s/run-as-non-root', 'k8s/no-privilege-escalation', 'k8s/drop-all-capabilities', 'k8s/read-only-root-filesystem'] },
  add: { text: 'Linux capabilities added to the container on top of the runtime defaults; each one widens what a compromised process may do.', rules: ['k8s/no-dangerous-capabilities', 'k8s/capabilities-baseline'] },
  drop: { text: 'Linux capabilities removed from the container; `ALL` removes every one, including the runtime defaults.', rules: ['k8s/drop-all-capabilities'] },
  hostPath: { text: "Mounts a file or folder of the node into the pod: the pod reads (or writes) the node's file system directly.", rules: ['k8s/no-host-path', 'k8s/no-sensitive-host-mount', 'k8s/no-runtime-socket-mount', 'k8s/host-path-read-only'] },
  hostPort: { text: "Binds a container port on the node's own network interfaces, bypassing Services and most network policies.", rules: ['k8s/no-host-port'] },
  hostProcess: { text: 'Runs a Windows container as a process directly on the node, with the privileges of the node.', rules: ['k8s/no-windows-host-process'] },
  procMount: { text: '`Unmasked` exposes the whole of `/proc` to the container instead of the masked default view.', rules: ['k8s/default-proc-mount'] },
  seccompProfile: { text: 'The seccomp filter of system calls; `Unconfined` lets the container call every system call of the kernel.', rules: ['k8s/no-unconfined-seccomp', 'k8s/require-seccomp-profile'] },
  appArmorProfile: { text: 'The AppArmor profile confining the container; `Unconfined` turns the confinement off.', rules: ['k8s/no-unconfined-apparmor'] },
  seLinuxOptions: { text: 'The SELinux label of the container; a custom type or user can escape the policy that confines containers.', rules: ['k8s/restrict-selinux-options'] },
  sysctls: { text: "Kernel parameters set for the pod; unsafe ones change the node's kernel for every pod on it.", rules: ['k8s/safe-sysctls'] },
  runAsGroup: { text: 'The primary GID of the container process; `0` is the root group, which often owns writable system files.', rules: ['k8s/no-root-group'] },
  fsGroup: { text: 'The supplementary group that owns mounted volumes; `0` gives the root group access to them.', rules: ['k8s/no-root-group'] },
  hostAliases: { text: "Entries added to the pod's `/etc/hosts`: they silently redirect names the application trusts.", rules: ['k8s/no-host-aliases'] },
  externalIPs: { text: "External IPs a Service claims on every node; anyone allowed to set them can intercept other workloads' traffic.", rules: ['k8s/no-service-external-ips'] },
  verbs: { text: 'What the RBAC rule allows on its resources; `*`, `escalate`, `bind` and `impersonate` grant far more than they look.', rules: ['k8s/rbac-no-wildcards', 'k8s/rbac-no-escalate-bind', 'k8s/rbac-no-impersonate'] },
  roleRef: { text: 'The Role or ClusterRole a binding grants; binding `cluster-admin` gives every permission in the cluster.', rules: ['k8s/rbac-no-cluster-admin-binding'] },
};

export const DOCKER_KEYWORD_TOPICS: Record<string, KeyTopic> = {
  USER: { text: 'Sets the user the following instructions and the container run as. The final stage should end with a non-root, preferably numeric, user.', rules: ['docker/no-root-user', 'docker/require-user'] },
  FROM: { text: 'Starts a build stage from a base image. Pin a tag or digest, prefer minimal bases, and keep build tools in earlier stages.', rules: ['docker/no-latest-base-image', 'docker/prefer-minimal-base-image'] },
  ADD: { text: 'Copies files like COPY, but also fetches URLs and extracts archives. Use COPY unless you need that.', rules: ['docker/prefer-copy-over-add'] },
  ARG: { text: 'A build-time variable. Its value is recorded in the image history: never pass secrets this way.', rules: ['docker/no-secrets-in-arg-env'] },
  ENV: { text: 'An environment variable persisted in the image config: visible to anyone who can pull the image.', rules: ['docker/no-secrets-in-arg-env', 'docker/no-hardcoded-secrets'] },
  RUN: { text: 'Runs a command at build time; its effects become an image layer.', rules: ['docker/no-pipe-to-shell', 'docker/no-debug-tools'] },
  COPY: { text: 'Copies files from the build context or another stage into the image; whatever it copies ships with the image.', rules: ['docker/no-secret-files-in-image'] },
  EXPOSE: { text: 'Documents the ports the container listens on; port 22 means an SSH server inside the container.', rules: ['docker/no-expose-ssh'] },
  WORKDIR: { text: 'Sets the working folder of later instructions and of the container; a system folder mixes application files with the OS.', rules: ['docker/no-system-workdir'] },
  SHELL: { text: 'The shell RUN uses; with `-o pipefail` a failing command in a pipe fails the build instead of being hidden.', rules: ['docker/require-pipefail'] },
};
