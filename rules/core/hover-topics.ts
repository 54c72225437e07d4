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
};

export const DOCKER_KEYWORD_TOPICS: Record<string, KeyTopic> = {
  USER: { text: 'Sets the user the following instructions and the container run as. The final stage should end with a non-root, preferably numeric, user.', rules: ['docker/no-root-user', 'docker/require-user'] },
  FROM: { text: 'Starts a build stage from a base image. Pin a tag or digest, prefer minimal bases, and keep build tools in earlier stages.', rules: ['docker/no-latest-base-image', 'docker/prefer-minimal-base-image'] },
  ADD: { text: 'Copies files like COPY, but also fetches URLs and extracts archives. Use COPY unless you need that.', rules: ['docker/prefer-copy-over-add'] },
  ARG: { text: 'A build-time variable. Its value is recorded in the image history: never pass secrets this way.', rules: ['docker/no-secrets-in-arg-env'] },
  ENV: { text: 'An environment variable persisted in the image config: visible to anyone who can pull the image.', rules: ['docker/no-secrets-in-arg-env', 'docker/no-hardcoded-secrets'] },
  RUN: { text: 'Runs a command at build time; its effects become an image layer.', rules: ['docker/no-pipe-to-shell', 'docker/no-debug-tools'] },
};
