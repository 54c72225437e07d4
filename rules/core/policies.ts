/**
 * `policies` in `.palisade.yaml`: shorthands for the organisation-policy rules (RULES.md §5). Each shorthand switches
 * its rules on (at their default severity) and sets their options; `rules.<id>` entries are applied afterwards, so an
 * explicit `off`, severity or option there wins.
 *
 * One approach for every organisation-policy rule (stage `policy`): it is off by default (`enabledByDefault: false`,
 * so in no preset but `strict` and `all`), and it enforces only what it is told. The rules that RULES.md calls "when
 * configured" (registries, base images, labels, annotations, replica bounds, runtime and priority classes, resource
 * bounds) do nothing while their lists or bounds are empty, even when switched on by a preset; the two "when enabled"
 * rules (image digests) and `k8s/namespace-pod-security-label` (level `baseline` unless set) act as soon as they are
 * on. A policy shorthand, or a `rules` entry with options, turns a rule on and configures it.
 *
 * This module is the single source for the shorthands: their JSON Schema (config schema, editor completion) and how
 * each maps onto rule options.
 */

/** Label and annotation requirements: a list of keys, or keys with a regular expression their value must match. */
export type KeyRequirements = string[] | Record<string, string>;

/** Dockerfile label value types (`docker/required-labels`). */
export const LABEL_TYPES = ['text', 'url', 'email', 'hash', 'rfc3339', 'semver', 'spdx'] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/** Resource bounds (`k8s/resource-bounds`): Kubernetes quantities (`500m`, `2`, `1Gi`). */
export const RESOURCE_BOUND_KEYS = [
  'cpuRequestMin', 'cpuRequestMax', 'cpuLimitMin', 'cpuLimitMax',
  'memoryRequestMin', 'memoryRequestMax', 'memoryLimitMin', 'memoryLimitMax',
] as const;
export type ResourceBounds = Partial<Record<(typeof RESOURCE_BOUND_KEYS)[number], string | number>>;

export interface PolicySettings {
  /** Registries (or registry/path prefixes, or globs) images may come from. */
  trustedRegistries?: string[];
  /** Registries images must not come from. */
  deniedRegistries?: string[];
  /** Base images the final stage of a Dockerfile may start from (globs). */
  allowedBaseImages?: string[];
  /** Require images pinned by digest, in Dockerfiles and manifests. */
  requireImageDigests?: boolean;
  requiredLabels?: KeyRequirements;
  requiredAnnotations?: KeyRequirements;
  /** Labels the final image must carry, with the type of their value. */
  imageLabels?: Record<string, LabelType>;
  replicas?: { min?: number; max?: number };
  /** Minimum `pod-security.kubernetes.io/enforce` level of every Namespace. */
  podSecurityLevel?: 'baseline' | 'restricted';
  runtimeClasses?: string[];
  priorityClasses?: string[];
  resources?: ResourceBounds;
}

/** A Kubernetes quantity: `500m`, `0.5`, `2`, `1Gi`, `128Mi`, `1e3`. */
export const QUANTITY_PATTERN = '^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$';

const stringList = (description: string, format?: string): Record<string, unknown> => ({
  type: 'array', description, items: { type: 'string', minLength: 1, ...(format ? { format } : {}) },
});

/** JSON Schema of label/annotation requirements: a list of keys, or a map key → regular expression. */
export function keyRequirementsSchema(description: string): Record<string, unknown> {
  return {
    description,
    if: { type: 'array' },
    then: { items: { type: 'string', minLength: 1 }, uniqueItems: true },
    else: {
      type: 'object',
      additionalProperties: { type: 'string', format: 'regex' },
      errorMessage: 'Use a list of keys, or a mapping of keys to a regular expression their value must match.',
    },
  };
}

export function quantitySchema(description: string): Record<string, unknown> {
  return {
    description,
    type: ['string', 'number'],
    pattern: QUANTITY_PATTERN,
    minimum: 0,
    patternErrorMessage: 'Use a Kubernetes quantity such as 500m, 2, 512Mi or 1Gi.',
  };
}

export function resourceBoundsSchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(RESOURCE_BOUND_KEYS.map((k) => [k, quantitySchema(`${k.replace(/([A-Z])/g, ' $1').toLowerCase()} of every container`)])),
  };
}

export function replicaBoundsSchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      min: { type: 'integer', minimum: 0, description: 'Fewest replicas a workload may declare.' },
      max: { type: 'integer', minimum: 0, description: 'Most replicas a workload may declare.' },
    },
  };
}

/** JSON Schema of the `policies` section. */
export function policiesSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description: 'Organisation policies: shorthands that switch on and configure the organisation-policy rules (stage `policy`).',
    additionalProperties: false,
    properties: {
      trustedRegistries: stringList('Registries images may come from: a host (`registry.corp.example`), a host and path prefix (`ghcr.io/acme`) or a glob (`*.dkr.ecr.*.amazonaws.com`). Enables `k8s/trusted-registries` and `docker/trusted-registries`.'),
      deniedRegistries: stringList('Registries images must not come from (same forms as trustedRegistries). Enables `k8s/trusted-registries` and `docker/trusted-registries`.'),
      allowedBaseImages: stringList('Base images the final stage of a Dockerfile may use, as globs (`gcr.io/distroless/*`). Enables `docker/allowed-base-images`.'),
      requireImageDigests: { type: 'boolean', description: 'Require images pinned by `@sha256:` digest. Enables `k8s/require-image-digest` and `docker/require-base-image-digest`.' },
      requiredLabels: keyRequirementsSchema('Labels every Kubernetes object must carry. Enables `k8s/required-labels`.'),
      requiredAnnotations: keyRequirementsSchema('Annotations every Kubernetes object must carry. Enables `k8s/required-annotations`.'),
      imageLabels: {
        type: 'object',
        description: 'Labels the final image of a Dockerfile must carry, with the type of their value. Enables `docker/required-labels`.',
        additionalProperties: { enum: [...LABEL_TYPES] },
      },
      replicas: { ...replicaBoundsSchema(), description: 'Replica bounds of Deployments, StatefulSets, ReplicaSets and HorizontalPodAutoscalers. Enables `k8s/replica-bounds` and `k8s/hpa-replica-bounds`.' },
      podSecurityLevel: { enum: ['baseline', 'restricted'], description: 'Minimum Pod Security admission level every Namespace must enforce. Enables `k8s/namespace-pod-security-label`.' },
      runtimeClasses: stringList('RuntimeClasses pods must use (e.g. `gvisor`, `kata`). Enables `k8s/require-runtime-class`.'),
      priorityClasses: stringList('PriorityClasses pods may use. Enables `k8s/allowed-priority-classes`.'),
      resources: { ...resourceBoundsSchema(), description: 'CPU and memory bounds of every container. Enables `k8s/resource-bounds`.' },
    },
  };
}

type OptionsOf = Record<string, unknown>;

const isList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyRequirements = (v: unknown): boolean =>
  (isList(v) && v.length > 0) || (isRecord(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'string'));

/**
 * The rule entries a `policies` section stands for: rule id → options to merge. A shorthand that is empty (an empty
 * list, `requireImageDigests: false`) enables nothing. Invalid values are ignored (the config validator reports them).
 */
export function policyRuleEntries(policies: unknown): Map<string, OptionsOf> {
  const out = new Map<string, OptionsOf>();
  if (!isRecord(policies)) return out;
  const add = (id: string, options: OptionsOf): void => {
    out.set(id, { ...(out.get(id) ?? {}), ...options });
  };
  const p = policies as PolicySettings;
  if (isList(p.trustedRegistries) && p.trustedRegistries.length) {
    add('k8s/trusted-registries', { allowedRegistries: p.trustedRegistries });
    add('docker/trusted-registries', { allowedRegistries: p.trustedRegistries });
  }
  if (isList(p.deniedRegistries) && p.deniedRegistries.length) {
    add('k8s/trusted-registries', { deniedRegistries: p.deniedRegistries });
    add('docker/trusted-registries', { deniedRegistries: p.deniedRegistries });
  }
  if (isList(p.allowedBaseImages) && p.allowedBaseImages.length) add('docker/allowed-base-images', { allowedBaseImages: p.allowedBaseImages });
  if (p.requireImageDigests === true) {
    add('k8s/require-image-digest', {});
    add('docker/require-base-image-digest', {});
  }
  if (nonEmptyRequirements(p.requiredLabels)) add('k8s/required-labels', { requiredLabels: p.requiredLabels });
  if (nonEmptyRequirements(p.requiredAnnotations)) add('k8s/required-annotations', { requiredAnnotations: p.requiredAnnotations });
  if (isRecord(p.imageLabels) && Object.keys(p.imageLabels).length) add('docker/required-labels', { labelSchema: p.imageLabels });
  if (isRecord(p.replicas)) {
    const bounds: OptionsOf = {};
    if (Number.isInteger(p.replicas.min)) bounds.min = p.replicas.min;
    if (Number.isInteger(p.replicas.max)) bounds.max = p.replicas.max;
    if (Object.keys(bounds).length) {
      add('k8s/replica-bounds', bounds);
      add('k8s/hpa-replica-bounds', bounds);
    }
  }
  if (p.podSecurityLevel === 'baseline' || p.podSecurityLevel === 'restricted') {
    add('k8s/namespace-pod-security-label', { requiredPodSecurityLevel: p.podSecurityLevel });
  }
  if (isList(p.runtimeClasses) && p.runtimeClasses.length) add('k8s/require-runtime-class', { allowedRuntimeClasses: p.runtimeClasses });
  if (isList(p.priorityClasses) && p.priorityClasses.length) add('k8s/allowed-priority-classes', { acceptedPriorityClassNames: p.priorityClasses });
  if (isRecord(p.resources)) {
    const bounds = Object.fromEntries(Object.entries(p.resources).filter(([k, v]) => (RESOURCE_BOUND_KEYS as readonly string[]).includes(k) && (typeof v === 'string' || typeof v === 'number')));
    if (Object.keys(bounds).length) add('k8s/resource-bounds', bounds);
  }
  return out;
}

/** Merge two `policies` sections (overrides): later keys win. */
export function mergePolicies(base: unknown, next: unknown): PolicySettings | undefined {
  if (!isRecord(next)) return isRecord(base) ? (base as PolicySettings) : undefined;
  return { ...(isRecord(base) ? base : {}), ...next } as PolicySettings;
}
