// Mutations of real inputs (fixtures, examples, the benchmark corpus): the damage editors, merges, copy-paste and
// broken tools do to files. Each operator takes the text and a Random and returns the new text; `mutate` stacks a few.
// Invalid UTF-8 is a byte-level mutation: the result carries the bytes (what the CLI reads from disk) and the text an
// editor would show for them (every bad sequence decoded as U+FFFD).

/** Characters that mean something to YAML, Dockerfiles, shells or Helm, and a few that break naive code. */
const INTERESTING = [
  ':', '-', '- ', '[', ']', '{', '}', ',', '#', '&a', '*a', '!', '!!binary', '|', '>', '?', '%', '@', '`', "'", '"',
  '\\', '$', '${', '$(', '{{', '}}', '<<', '<<EOF', '---', '...', '\t', '\n', '\r', '\r\n', ' ', '   ', '\ufeff',
  '\u2028', '\u0085', '\u00a0', '\u200b', '\ud800', '\udc00', '😀', 'é', '\u0001', '\u001b[31m', '0x', '1e999', '.nan',
  '~', 'null', 'yes', 'on', 'true', '0777', 'privileged: true', 'hostPID: true', 'USER root', 'RUN ', 'FROM ', '<<: *a',
];

const lines = (text) => text.split(/(?<=\n)/);

export const OPERATORS = {
  /** Cut the file anywhere, even inside a surrogate pair or a `\r\n`. */
  truncate(text, rng) {
    return text.slice(0, rng.int(0, text.length));
  },
  /** Replace a few characters with interesting ones. */
  flipChars(text, rng) {
    let out = text;
    for (let n = rng.int(1, 8); n > 0 && out.length; n--) {
      const at = rng.int(0, out.length - 1);
      out = out.slice(0, at) + rng.pick(INTERESTING) + out.slice(at + rng.int(0, 3));
    }
    return out;
  },
  /** Replace a few UTF-16 code units with random ones (any value, lone surrogates included). */
  randomUnits(text, rng) {
    const units = text.split('');
    for (let n = rng.int(1, 6); n > 0 && units.length; n--) units[rng.int(0, units.length - 1)] = String.fromCharCode(rng.int(1, 0xffff));
    return units.join('');
  },
  duplicateLines(text, rng) {
    const ls = lines(text);
    if (!ls.length) return text;
    for (let n = rng.int(1, 4); n > 0; n--) {
      const from = rng.int(0, ls.length - 1);
      const count = rng.int(1, Math.min(12, ls.length - from));
      ls.splice(rng.int(0, ls.length), 0, ...ls.slice(from, from + count));
    }
    return ls.join('');
  },
  shuffleLines(text, rng) {
    const ls = lines(text);
    if (ls.length < 2) return text;
    const from = rng.int(0, ls.length - 2);
    const to = rng.int(from + 1, Math.min(ls.length - 1, from + rng.int(2, 40)));
    const window = rng.shuffle(ls.slice(from, to + 1));
    ls.splice(from, window.length, ...window);
    return ls.join('');
  },
  deleteLines(text, rng) {
    const ls = lines(text);
    for (let n = rng.int(1, 5); n > 0 && ls.length; n--) ls.splice(rng.int(0, ls.length - 1), rng.int(1, 3));
    return ls.join('');
  },
  /** Indent or dedent random lines, or every line, by random amounts. */
  reindent(text, rng) {
    const all = rng.chance(0.2);
    return lines(text).map((l) => {
      if (!all && !rng.chance(0.15)) return l;
      const delta = rng.int(-4, 6);
      return delta >= 0 ? ' '.repeat(delta) + l : l.replace(new RegExp(`^ {0,${-delta}}`), '');
    }).join('');
  },
  /** Leading spaces become tabs on some lines (YAML forbids tabs for indentation). */
  tabs(text, rng) {
    return lines(text).map((l) => (rng.chance(0.3) ? l.replace(/^( {2})+/, (m) => '\t'.repeat(m.length / 2)) : l)).join('');
  },
  crlf(text, rng) {
    if (rng.chance(0.5)) return text.replace(/\r?\n/g, '\r\n');
    // mixed and lone carriage returns
    return lines(text).map((l) => (rng.chance(0.3) ? l.replace(/\n$/, rng.pick(['\r\n', '\r', '\n\r'])) : l)).join('');
  },
  bom(text, rng) {
    if (rng.chance(0.7)) return '\ufeff' + text;
    const at = rng.int(0, text.length);
    return text.slice(0, at) + '\ufeff' + text.slice(at);
  },
  /** Insert document markers, Helm actions or comments between lines. */
  insertLines(text, rng) {
    const ls = lines(text);
    const pool = ['---\n', '...\n', '--- |\n', '{{- if .Values.x }}\n', '{{- end }}\n', '# palisade-ignore k8s/no-privileged\n',
      '# hadolint ignore=DL3002\n', '# escape=`\n', '# syntax=docker/dockerfile:1\n', 'apiVersion: v1\n', 'kind: List\n', 'items:\n',
      '\\\n', 'RUN <<EOF\n', 'EOF\n', 'FROM scratch AS x\n', '  <<: *a\n', 'x: &a {}\n', '\n\n\n'];
    for (let n = rng.int(1, 4); n > 0; n--) ls.splice(rng.int(0, ls.length), 0, rng.pick(pool));
    return ls.join('');
  },
};

/**
 * Apply 1–4 operators chosen by `rng`; another input's text may be spliced in (`donor`). Returns `{text, ops, bytes?}`;
 * `bytes` is set when the result is not valid UTF-8 (then `text` is its lenient decoding).
 */
export function mutate(text, rng, donor) {
  const names = Object.keys(OPERATORS);
  const ops = [];
  let out = text;
  for (let n = rng.int(1, 4); n > 0; n--) {
    const name = rng.pick(names);
    ops.push(name);
    out = OPERATORS[name](out, rng);
  }
  if (donor && rng.chance(0.15)) {
    const at = rng.int(0, out.length);
    const from = rng.int(0, donor.length);
    out = out.slice(0, at) + donor.slice(from, from + rng.int(0, 400)) + out.slice(at);
    ops.push('splice');
  }
  if (rng.chance(0.12)) {
    ops.push('invalidUtf8');
    const bytes = corruptUtf8(Buffer.from(out, 'utf8'), rng);
    return { text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes), bytes, ops };
  }
  return { text: out, ops };
}

/** Break the UTF-8 encoding: stray continuation bytes, truncated sequences, overlong forms, 0xFF. */
export function corruptUtf8(bytes, rng) {
  const bad = [[0xff], [0xc3], [0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xfe, 0xfe]];
  const parts = [];
  let last = 0;
  const cuts = [];
  for (let n = rng.int(1, 5); n > 0; n--) cuts.push(rng.int(0, bytes.length));
  cuts.sort((a, b) => a - b);
  for (const at of cuts) {
    parts.push(bytes.subarray(last, at), Buffer.from(rng.pick(bad)));
    last = at;
  }
  parts.push(bytes.subarray(last));
  return Buffer.concat(parts);
}
