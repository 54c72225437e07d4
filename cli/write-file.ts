import fs from 'node:fs';
import path from 'node:path';

/**
 * Replace a file's content atomically: write a temporary file next to it, give it the original's mode (and owner,
 * when we may), then rename it over the original. A crash or a full disk leaves either the old or the new file,
 * never half of one. A symbolic link is resolved first so that the link stays a link.
 */
export function writeFileAtomically(file: string, content: string): void {
  const target = fs.realpathSync(file);
  const stat = fs.statSync(target);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.palisade-${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, content, { flag: 'wx', mode: stat.mode & 0o777 });
    fs.chmodSync(temp, stat.mode & 0o7777);
    if (process.getuid?.() === 0) {
      try { fs.chownSync(temp, stat.uid, stat.gid); } catch { /* keep our ownership rather than fail the fix */ }
    }
    fs.renameSync(temp, target);
  } catch (e) {
    try { fs.unlinkSync(temp); } catch { /* already gone */ }
    throw e;
  }
}
