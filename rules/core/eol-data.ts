import type { ImageRef } from './image-ref.js';
import { globMatch } from './image-ref.js';

/**
 * End-of-life dates of the base images people build on, from each project's published schedule (the same dates
 * endoflife.date lists). The table is data, dated: `EOL_AS_OF` is the day it was last reviewed, and a release counts as
 * past end of life when its date is on or before the evaluation date (the rule's `asOf` option, this date by default —
 * rules never read the clock). Users add rows through the rule's `releases` option.
 */
export const EOL_AS_OF = '2026-11-27';

export interface EolCycle {
  /** Release line as it appears in tags: `3.19`, `20`, `11`, `20.04`. */
  cycle: string;
  /** End of (free, community) security support, `YYYY-MM-DD`. */
  eol: string;
}

export interface EolProduct {
  /** Display name. */
  product: string;
  /** Image names (last path component) that carry this product's version in their tag. */
  images: readonly string[];
  cycles: readonly EolCycle[];
  /** Codenames used as tags (`bullseye` → `11`). */
  codenames?: Readonly<Record<string, string>>;
  /** The whole image is deprecated regardless of tag (date of the deprecation); tags matching `exceptTags` excluded. */
  deprecated?: { since: string; exceptTags?: RegExp };
  /** Where the schedule is published. */
  source: string;
}

const DEBIAN_CODENAMES = { jessie: '8', stretch: '9', buster: '10', bullseye: '11', bookworm: '12', trixie: '13' };
const UBUNTU_CODENAMES = {
  trusty: '14.04', xenial: '16.04', bionic: '18.04', cosmic: '18.10', disco: '19.04', eoan: '19.10', focal: '20.04',
  groovy: '20.10', hirsute: '21.04', impish: '21.10', jammy: '22.04', kinetic: '22.10', lunar: '23.04', mantic: '23.10',
  noble: '24.04', oracular: '24.10', plucky: '25.04', questing: '25.10',
};
const NODE_CODENAMES = {
  argon: '4', boron: '6', carbon: '8', dubnium: '10', erbium: '12', fermium: '14', gallium: '16', hydrogen: '18',
  iron: '20', jod: '22', krypton: '24',
};

/** The built-in table. Rows are release lines; lines older than the oldest row are past end of life too. */
export const EOL_TABLE: readonly EolProduct[] = [
  {
    product: 'Alpine Linux', images: ['alpine'], source: 'https://alpinelinux.org/releases/',
    cycles: [
      { cycle: '3.12', eol: '2022-05-01' }, { cycle: '3.13', eol: '2022-11-01' }, { cycle: '3.14', eol: '2023-05-01' },
      { cycle: '3.15', eol: '2023-11-01' }, { cycle: '3.16', eol: '2024-05-23' }, { cycle: '3.17', eol: '2024-11-22' },
      { cycle: '3.18', eol: '2025-05-09' }, { cycle: '3.19', eol: '2025-11-01' }, { cycle: '3.20', eol: '2026-04-01' },
      { cycle: '3.21', eol: '2026-11-01' }, { cycle: '3.22', eol: '2027-05-01' },
    ],
  },
  {
    product: 'Debian', images: ['debian'], source: 'https://wiki.debian.org/LTS', codenames: DEBIAN_CODENAMES,
    // end of Debian LTS (the last free security support)
    cycles: [
      { cycle: '8', eol: '2020-06-30' }, { cycle: '9', eol: '2022-06-30' }, { cycle: '10', eol: '2024-06-30' },
      { cycle: '11', eol: '2026-08-31' }, { cycle: '12', eol: '2028-06-30' },
    ],
  },
  {
    product: 'Ubuntu', images: ['ubuntu'], source: 'https://ubuntu.com/about/release-cycle', codenames: UBUNTU_CODENAMES,
    // end of standard support (Expanded Security Maintenance is a paid subscription)
    cycles: [
      { cycle: '14.04', eol: '2019-04-25' }, { cycle: '16.04', eol: '2021-04-30' }, { cycle: '18.04', eol: '2023-05-31' },
      { cycle: '18.10', eol: '2019-07-18' }, { cycle: '19.04', eol: '2020-01-23' }, { cycle: '19.10', eol: '2020-07-17' },
      { cycle: '20.04', eol: '2025-05-29' }, { cycle: '20.10', eol: '2021-07-22' }, { cycle: '21.04', eol: '2022-01-20' },
      { cycle: '21.10', eol: '2022-07-14' }, { cycle: '22.04', eol: '2027-06-01' }, { cycle: '22.10', eol: '2023-07-20' },
      { cycle: '23.04', eol: '2024-01-25' }, { cycle: '23.10', eol: '2024-07-11' }, { cycle: '24.04', eol: '2029-05-31' },
      { cycle: '24.10', eol: '2025-07-10' }, { cycle: '25.04', eol: '2026-01-15' },
    ],
  },
  {
    product: 'CentOS Linux', images: ['centos'], source: 'https://www.centos.org/centos-linux-eol/',
    cycles: [
      { cycle: '6', eol: '2020-11-30' }, { cycle: '7', eol: '2024-06-30' }, { cycle: '8', eol: '2021-12-31' },
    ],
    codenames: { centos6: '6', centos7: '7', centos8: '8' },
  },
  {
    product: 'Fedora', images: ['fedora'], source: 'https://docs.fedoraproject.org/en-US/releases/eol/',
    cycles: [
      { cycle: '36', eol: '2023-05-16' }, { cycle: '37', eol: '2023-12-05' }, { cycle: '38', eol: '2024-05-21' },
      { cycle: '39', eol: '2024-11-26' }, { cycle: '40', eol: '2025-05-13' }, { cycle: '41', eol: '2025-12-15' },
    ],
  },
  {
    product: 'Amazon Linux', images: ['amazonlinux'], source: 'https://aws.amazon.com/amazon-linux-2/faqs/',
    cycles: [{ cycle: '1', eol: '2023-12-31' }, { cycle: '2', eol: '2026-06-30' }],
  },
  {
    product: 'Node.js', images: ['node'], source: 'https://github.com/nodejs/Release', codenames: NODE_CODENAMES,
    cycles: [
      { cycle: '10', eol: '2021-04-30' }, { cycle: '11', eol: '2019-06-01' }, { cycle: '12', eol: '2022-04-30' },
      { cycle: '13', eol: '2020-06-01' }, { cycle: '14', eol: '2023-04-30' }, { cycle: '15', eol: '2021-06-01' },
      { cycle: '16', eol: '2023-09-11' }, { cycle: '17', eol: '2022-06-01' }, { cycle: '18', eol: '2025-04-30' },
      { cycle: '19', eol: '2023-06-01' }, { cycle: '20', eol: '2026-04-30' }, { cycle: '21', eol: '2024-06-01' },
      { cycle: '22', eol: '2027-04-30' }, { cycle: '23', eol: '2025-06-01' }, { cycle: '24', eol: '2028-04-30' },
      { cycle: '25', eol: '2026-06-01' },
    ],
  },
  {
    product: 'Python', images: ['python'], source: 'https://devguide.python.org/versions/',
    cycles: [
      { cycle: '2.7', eol: '2020-01-01' }, { cycle: '3.5', eol: '2020-09-13' }, { cycle: '3.6', eol: '2021-12-23' },
      { cycle: '3.7', eol: '2023-06-27' }, { cycle: '3.8', eol: '2024-10-07' }, { cycle: '3.9', eol: '2025-10-31' },
      { cycle: '3.10', eol: '2026-10-31' }, { cycle: '3.11', eol: '2027-10-31' }, { cycle: '3.12', eol: '2028-10-31' },
      { cycle: '3.13', eol: '2029-10-31' },
    ],
  },
  {
    product: 'PHP', images: ['php'], source: 'https://www.php.net/supported-versions.php',
    cycles: [
      { cycle: '5.6', eol: '2018-12-31' }, { cycle: '7.0', eol: '2019-01-10' }, { cycle: '7.1', eol: '2019-12-01' },
      { cycle: '7.2', eol: '2020-11-30' }, { cycle: '7.3', eol: '2021-12-06' }, { cycle: '7.4', eol: '2022-11-28' },
      { cycle: '8.0', eol: '2023-11-26' }, { cycle: '8.1', eol: '2025-12-31' }, { cycle: '8.2', eol: '2026-12-31' },
      { cycle: '8.3', eol: '2027-12-31' }, { cycle: '8.4', eol: '2028-12-31' },
    ],
  },
  {
    product: 'Ruby', images: ['ruby'], source: 'https://www.ruby-lang.org/en/downloads/branches/',
    cycles: [
      { cycle: '2.6', eol: '2022-04-12' }, { cycle: '2.7', eol: '2023-03-31' }, { cycle: '3.0', eol: '2024-04-23' },
      { cycle: '3.1', eol: '2025-03-31' }, { cycle: '3.2', eol: '2026-03-31' }, { cycle: '3.3', eol: '2027-03-31' },
      { cycle: '3.4', eol: '2028-03-31' },
    ],
  },
  {
    product: 'Go', images: ['golang'], source: 'https://go.dev/doc/devel/release#policy',
    // a Go release is supported until the second newer major release ships
    cycles: [
      { cycle: '1.18', eol: '2023-02-01' }, { cycle: '1.19', eol: '2023-09-06' }, { cycle: '1.20', eol: '2024-02-06' },
      { cycle: '1.21', eol: '2024-08-13' }, { cycle: '1.22', eol: '2025-02-11' }, { cycle: '1.23', eol: '2025-08-12' },
      { cycle: '1.24', eol: '2026-02-11' }, { cycle: '1.25', eol: '2026-08-19' },
    ],
  },
  {
    product: 'the openjdk image', images: ['openjdk'], source: 'https://hub.docker.com/_/openjdk',
    cycles: [],
    // the Docker Official Image stopped receiving updates for released JDKs in July 2022 (early-access builds continue)
    deprecated: { since: '2022-07-01', exceptTags: /(^|-)ea(-|$)/ },
  },
];

/** A user-supplied row (rule option): image glob, release line, EOL date. */
export interface EolOverride {
  /** Glob on the image reference without tag (`mycorp/base`, `*\/python`). */
  image: string;
  cycle: string;
  eol: string;
}

export interface EolMatch {
  product: string;
  cycle: string;
  eol: string;
  /** The release line is older than every row of the table: its end of life is on or before `eol`. */
  older: boolean;
}

/** Compare dotted numeric versions: `3.9` < `3.10`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let k = 0; k < Math.max(pa.length, pb.length); k++) {
    const d = (pa[k] ?? 0) - (pb[k] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The release line a version string belongs to among `cycles` (the version must be at least as precise). */
function cycleOf(version: string, cycles: readonly EolCycle[]): { row: EolCycle; older: boolean } | undefined {
  const precision = cycles.length ? cycles[0].cycle.split('.').length : 1;
  const parts = version.split('.');
  if (parts.length < precision) return undefined;
  const line = parts.slice(0, precision).join('.');
  const row = cycles.find((c) => c.cycle === line);
  if (row) return { row, older: false };
  const oldest = [...cycles].sort((x, y) => compareVersions(x.cycle, y.cycle))[0];
  if (oldest && compareVersions(line, oldest.cycle) < 0) return { row: oldest, older: true };
  return undefined;
}

/** Leading numeric version of a tag (`3.12.1-slim` → `3.12.1`), or a codename translated to its version. */
function tagVersion(tag: string, product: EolProduct): string | undefined {
  const lower = tag.toLowerCase();
  const m = /^v?(\d+(?:\.\d+)*)/.exec(lower);
  if (m) return m[1];
  const head = lower.split(/[-_]/)[0];
  return product.codenames?.[head];
}

/**
 * End-of-life releases an image reference names, from its tag: the image's own version (`python:3.8`) and the
 * distribution variant in the tag (`-alpine3.18`, `-buster`, `-focal`). `latest` and untagged references match nothing.
 */
export function findEolReleases(ref: ImageRef, overrides: readonly EolOverride[] = [], table: readonly EolProduct[] = EOL_TABLE): EolMatch[] {
  const tag = ref.tag;
  if (!tag || tag === 'latest') return [];
  const name = ref.repository.slice(ref.repository.lastIndexOf('/') + 1).toLowerCase();
  const out: EolMatch[] = [];
  const withoutTag = `${ref.explicitRegistry ? ref.registry + '/' : ''}${ref.repository}`;
  for (const o of overrides) {
    if (!globMatch(o.image, withoutTag) && !globMatch(o.image, ref.repository)) continue;
    if (tag === o.cycle || tag.startsWith(o.cycle + '.') || tag.startsWith(o.cycle + '-')) {
      out.push({ product: o.image, cycle: o.cycle, eol: o.eol, older: false });
    }
  }
  if (out.length) return out;
  for (const product of table) {
    if (!product.images.includes(name)) continue;
    if (product.deprecated) {
      if (!product.deprecated.exceptTags?.test(tag)) out.push({ product: product.product, cycle: tag, eol: product.deprecated.since, older: false });
      continue;
    }
    const version = tagVersion(tag, product);
    const hit = version ? cycleOf(version, product.cycles) : undefined;
    if (hit) out.push({ product: product.product, cycle: hit.row.cycle, eol: hit.row.eol, older: hit.older });
  }
  // the distribution a language image is built on, named in its tag
  const variants: [string, RegExp, (m: RegExpExecArray) => string | undefined][] = [
    ['alpine', /(?:^|-)alpine(\d+\.\d+)(?:-|$)/, (m) => m[1]],
    ['debian', /(?:^|-)(jessie|stretch|buster|bullseye|bookworm|trixie)(?:-|$)/, (m) => DEBIAN_CODENAMES[m[1] as keyof typeof DEBIAN_CODENAMES]],
    ['ubuntu', /(?:^|-)(trusty|xenial|bionic|focal|jammy|noble|oracular|plucky)(?:-|$)/, (m) => UBUNTU_CODENAMES[m[1] as keyof typeof UBUNTU_CODENAMES]],
  ];
  for (const [image, re, version] of variants) {
    if (name === image) continue;
    const m = re.exec(tag.toLowerCase());
    const v = m ? version(m) : undefined;
    const product = table.find((p) => p.images.includes(image));
    const hit = v && product ? cycleOf(v, product.cycles) : undefined;
    if (hit && product) out.push({ product: product.product, cycle: hit.row.cycle, eol: hit.row.eol, older: hit.older });
  }
  return out;
}
