// What a user does and sees in the VS Code workbench, as Playwright steps. Every wait is on visible state; no sleeps.
// Selectors are those of VS Code 1.100 (code-server 4.100.3).

const TIMEOUT = 30_000;

/** The editor of the active editor group. */
export function activeEditor(page) {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** Open a workspace file through Quick Open (Ctrl+P) and wait until the editor shows `expectText`. */
export async function openFile(page, relativePath, expectText) {
  await runQuickOpen(page, relativePath, (query) => query.split('/').pop());
  const editor = activeEditor(page);
  await editor.locator('.view-lines', { hasText: expectText }).waitFor({ timeout: TIMEOUT });
  return editor;
}

async function runQuickOpen(page, query, rowText) {
  await dismissWidgets(page);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(query);
  // the list first shows recent files: wait until the focused (first) row is the file asked for
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: rowText(query) }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/**
 * Run a command from the palette by its full title (`Palisade: Fix All in File`). `pick`: then choose the item with
 * this label in the quick pick the command opens (its title is the command's title).
 */
export async function runCommand(page, title, { pick } = {}) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await dismissWidgets(page);
    await page.keyboard.press('Control+Shift+P');
    await input.waitFor({ timeout: TIMEOUT });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    if (!pick) break;
    // the command's own picker (titled like the command) replaces the palette in the same widget
    await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: TIMEOUT });
    try {
      await input.fill(pick, { timeout: attempt === 1 ? 5000 : TIMEOUT });
    } catch (e) {
      // A view that finishes opening meanwhile (the markdown preview of an earlier step) can take the focus, and a picker
      // closes when it loses the focus: what a user then does is run the command again. Once, and said in the log.
      if (attempt > 1 || (await input.isVisible())) throw e;
      console.log(`runCommand: the picker of "${title}" closed before the pick was typed (the focus moved); running the command again`);
      continue;
    }
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: pick }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    break;
  }
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/** Close hovers, menus and pickers so that the next key press reaches the editor. */
export async function dismissWidgets(page) {
  for (let i = 0; i < 3; i++) {
    const open = await page.locator('.quick-input-widget:visible, .monaco-hover:not(.hidden):visible, .action-widget:visible, .suggest-widget.visible').count();
    if (!open) return;
    await page.keyboard.press('Escape');
  }
}

/**
 * Every squiggle rendered in the active editor with the text it underlines, its 1-based line and its centre, read from
 * the DOM as painted: each character of the line whose centre lies inside the squiggle's box belongs to it.
 */
export async function squiggles(page) {
  const found = await page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    if (!editor) return [];
    const lines = [...editor.querySelectorAll('.view-lines .view-line')];
    const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
    const within = (el, y) => { const b = el.getBoundingClientRect(); return y >= b.top && y < b.bottom; };
    const out = [];
    for (const sq of editor.querySelectorAll('.view-overlays [class*="squiggly-"]')) {
      const severity = /squiggly-(error|warning|info|hint)/.exec(sq.className)?.[1];
      const box = sq.getBoundingClientRect();
      if (!severity || box.width === 0) continue;
      const y = box.top + box.height / 2;
      const line = lines.find((l) => within(l, y));
      let text = '';
      if (line) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let i = 0; i < node.data.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const c = range.getBoundingClientRect();
            const x = c.left + c.width / 2;
            if (x > box.left && x < box.right) text += node.data[i];
          }
        }
      }
      const number = numbers.find((n) => within(n, y));
      const lineBox = line?.getBoundingClientRect();
      out.push({
        severity,
        text: text.replace(/\u00a0/g, ' '),
        line: number ? Number(number.textContent) : undefined,
        centre: { x: box.left + box.width / 2, y: lineBox ? lineBox.top + lineBox.height / 2 : y },
      });
    }
    return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.centre.x - b.centre.x);
  });
  return found;
}

/** The squiggles without their coordinates: what tests compare. */
const described = (all) => all.map(({ severity, text, line }) => ({ severity, text, line }));

/** Wait until `predicate(squiggles)` holds; returns the squiggles. Fails with the last seen state. */
export async function waitForSquiggles(page, predicate, description, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const last = described(await squiggles(page));
    if (predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for squiggles: ${description}; saw ${JSON.stringify(last)}`);
    await page.waitForTimeout(100);   // polling the DOM, not waiting for time to pass
  }
}

/** The centre of the squiggle under `target`: its text, or `{ text, line }` (squiggles sit under .view-lines). */
export async function squiggleCentre(page, target) {
  const { text, line } = typeof target === 'string' ? { text: target } : target;
  const all = await squiggles(page);
  const hit = all.find((s) => s.text === text && (line === undefined || s.line === line));
  if (!hit) throw new Error(`no squiggle under ${JSON.stringify(target)}; squiggles: ${JSON.stringify(described(all))}`);
  return hit.centre;
}

/**
 * Rows of the Problems panel (opened with Ctrl+Shift+M): their aria-label and visible text. The list is virtual (only
 * rows in view exist), so `filter` types into the panel's filter box first, as a user narrows a long list.
 */
export async function problems(page, filter = '') {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await dismissWidgets(page);
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: TIMEOUT });
  }
  const box = page.locator('input[aria-label="Filter Problems"]').first();
  const current = await box.inputValue();
  if (current !== filter) {
    if (current) {
      // clear first and wait for the unfiltered list, so that what follows is the new filter's result
      await box.fill('');
      await page.waitForFunction(() => {
        const badge = document.querySelector('.viewpane-filter-badge');
        if (badge && badge.offsetParent !== null && /Showing/.test(badge.textContent)) return false;
        return document.querySelector('.markers-panel .monaco-list-row') || /No problems/.test(document.querySelector('.markers-panel')?.textContent ?? '');
      }, undefined, { timeout: TIMEOUT });
    }
    if (filter) await box.fill(filter);
  }
  if (filter) {
    // re-filtering is deferred. Settled: the "Showing N of M" badge is up (the filter box was cleared before, so it is
    // this filter's); or, without a badge (VS Code drops it when every problem matches, and when the last match
    // disappears), the list is empty or every row matches
    await page.waitForFunction((f) => {
      const badge = document.querySelector('.viewpane-filter-badge');
      if (badge && badge.offsetParent !== null && /Showing \d+ of/.test(badge.textContent)) return true;
      const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')];
      const markers = rows.filter((r) => /^(Error|Warning|Info): /.test(r.getAttribute('aria-label') ?? ''));
      const needle = f.toLowerCase();
      return markers.every((r) => r.innerText.toLowerCase().includes(needle) || (r.getAttribute('aria-label') ?? '').toLowerCase().includes(needle));
    }, filter, { timeout: TIMEOUT });
  }
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => ({ label: r.getAttribute('aria-label') ?? '', text: r.innerText.replace(/\s+/g, ' ').trim() })));
}

/** Wait for a Problems row whose text contains every string of `parts` (the first part filters the list). */
export async function waitForProblem(page, parts, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let rows = [];
  for (;;) {
    rows = await problems(page, parts[0]);
    const row = rows.find((r) => parts.every((p) => r.text.includes(p) || r.label.includes(p)));
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`no Problems row with ${JSON.stringify(parts)}; rows: ${JSON.stringify(rows)}`);
    await page.waitForTimeout(100);
  }
}

/** Wait until no Problems row contains `text` (used as the filter). */
export async function waitForNoProblem(page, text, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const rows = await problems(page, text);
    if (!rows.some((r) => r.text.includes(text) || r.label.includes(text))) return;
    if (Date.now() > deadline) throw new Error(`a Problems row still mentions ${text}: ${JSON.stringify(rows)}`);
    await page.waitForTimeout(100);
  }
}

/** Hover the squiggle under `text` and return the hover's text once it shows `expect`. */
export async function hoverSquiggle(page, text, expect) {
  await dismissWidgets(page);
  const c = await squiggleCentre(page, text);
  await page.mouse.move(c.x, c.y - 20);
  await page.mouse.move(c.x, c.y);
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expect }).first();
  await hover.waitFor({ timeout: TIMEOUT });
  return { locator: hover, text: await hover.innerText() };
}

/**
 * Put the cursor on the squiggle under `text`, open the quick-fix menu (Ctrl+.) and return its item titles.
 *
 * Moving the cursor makes VS Code ask for code actions on its own a moment later (the light bulb), and that request
 * cancels a Ctrl+. request still in flight, which then reports "No code actions available". So, as a user does, wait
 * for the light bulb on that line before pressing Ctrl+.; should the message still come (a marker update landing in
 * between), press Ctrl+. again, twice at most.
 */
export async function openQuickFixMenu(page, text, expectTitle) {
  await dismissWidgets(page);
  const c = await squiggleCentre(page, text);
  await page.mouse.click(c.x, c.y);
  await page.waitForFunction((y) => [...document.querySelectorAll('.codicon[class*="gutter-lightbulb"], .lightBulbWidget')].some((e) => {
    const box = e.getBoundingClientRect();
    return box.height > 0 && getComputedStyle(e).visibility !== 'hidden' && y >= box.top && y < box.bottom;
  }), c.y, { timeout: TIMEOUT });
  const item = page.locator('.action-widget .monaco-list-row.action', { hasText: expectTitle }).first();
  const none = page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' });
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    const shown = await Promise.race([
      item.waitFor({ timeout: TIMEOUT }).then(() => 'menu', () => 'timeout'),
      none.waitFor({ timeout: TIMEOUT }).then(() => 'none', () => 'timeout'),
    ]);
    if (shown === 'menu') break;
    if (shown === 'timeout') throw new Error(`no quick-fix menu item ${JSON.stringify(expectTitle)} under ${JSON.stringify(text)}`);
    if (attempt === 3) throw new Error(`"No code actions available" under ${JSON.stringify(text)}, ${attempt} times`);
    console.log(`# quick fix under ${JSON.stringify(text)}: "No code actions available" (attempt ${attempt}), pressing Ctrl+. again`);
    await page.keyboard.press('Escape');
    await none.waitFor({ state: 'hidden', timeout: TIMEOUT });
  }
  const titles = await page.locator('.action-widget .monaco-list-row.action').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
  return { item, titles };
}

/** Click a quick-fix menu item (the menu's pointer block lifts after the first pointer move). */
export async function chooseMenuItem(page, item) {
  const b = await item.boundingBox();
  await page.mouse.move(b.x + 5, b.y + b.height / 2);
  await page.mouse.move(b.x + 10, b.y + b.height / 2);
  await item.click();
}

/** The text of the status bar item contributed by an extension (`palisade.palisade.palisade.status` → label). */
export async function statusItemLabel(page, name = 'Palisade') {
  const item = page.locator(`.statusbar-item[aria-label^="${name}"], .statusbar-item:has([aria-label^="${name}"])`).first();
  await item.waitFor({ timeout: TIMEOUT });
  return (await item.getAttribute('aria-label')) ?? (await item.locator(`[aria-label^="${name}"]`).first().getAttribute('aria-label'));
}

/** Go to a 1-based line (and column) through Quick Open's `:line:column`, which also scrolls it into view. */
export async function goToLine(page, line, column) {
  await dismissWidgets(page);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(column ? `:${line}:${column}` : `:${line}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: `line ${line}` }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/** The lines of the active editor in view (only those exist in the DOM): `[{ line, text }]`, 1-based. */
export async function visibleLines(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    if (!editor) return [];
    const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
    return [...editor.querySelectorAll('.view-lines .view-line')].map((l) => {
      const box = l.getBoundingClientRect();
      const y = box.top + box.height / 2;
      const number = numbers.find((n) => { const b = n.getBoundingClientRect(); return y >= b.top && y < b.bottom; });
      return { line: number ? Number(number.textContent) : undefined, text: l.textContent.replace(/\u00a0/g, ' ') };
    }).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  });
}
