// What a user does and sees in the VS Code workbench, as Playwright steps. Every wait is on visible state; no sleeps.
// Selectors are those of VS Code 1.100 (code-server 4.100.3).

const TIMEOUT = 30_000;

/** The editor of the active editor group. */
export function activeEditor(page) {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** Open a workspace file through Quick Open (Ctrl+P) and wait until the editor shows `expectText`. */
export async function openFile(page, relativePath, expectText) {
  await runQuickOpen(page, relativePath, path => path.split('/').pop());
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
  await page.locator('.quick-input-list .monaco-list-row', { hasText: rowText(query) }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

/** Run a command from the palette by its full title (`Palisade: Fix All in File`). */
export async function runCommand(page, title) {
  await dismissWidgets(page);
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
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
 * Every squiggle rendered in the active editor with the text it underlines and its 1-based line, read from the
 * pixels' DOM: each character of the line whose centre lies inside the squiggle's box belongs to it.
 */
export async function squiggles(page) {
  return page.evaluate(() => {
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
      out.push({ severity, text: text.replace(/\u00a0/g, ' '), line: number ? Number(number.textContent) : undefined });
    }
    return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  });
}

/** Wait until `predicate(squiggles)` holds; returns the squiggles. Fails with the last seen state. */
export async function waitForSquiggles(page, predicate, description, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last = [];
  for (;;) {
    last = await squiggles(page);
    if (predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for squiggles: ${description}; saw ${JSON.stringify(last)}`);
    await page.waitForTimeout(100);   // polling the DOM, not waiting for time to pass
  }
}

/** The centre of the first squiggle underlining `text` (squiggles sit under .view-lines: act on coordinates). */
export async function squiggleCentre(page, text) {
  const point = await page.evaluate((wanted) => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    const lines = [...editor.querySelectorAll('.view-lines .view-line')];
    for (const sq of editor.querySelectorAll('.view-overlays [class*="squiggly-"]')) {
      const box = sq.getBoundingClientRect();
      const y = box.top + box.height / 2;
      const line = lines.find((l) => { const b = l.getBoundingClientRect(); return y >= b.top && y < b.bottom; });
      if (!line) continue;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let under = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
          range.setStart(node, i); range.setEnd(node, i + 1);
          const c = range.getBoundingClientRect();
          if (c.left + c.width / 2 > box.left && c.left + c.width / 2 < box.right) under += node.data[i];
        }
      }
      if (under.replace(/\u00a0/g, ' ') === wanted) return { x: box.left + box.width / 2, y: line.getBoundingClientRect().top + line.getBoundingClientRect().height / 2 };
    }
    return undefined;
  }, text);
  if (!point) throw new Error(`no squiggle under "${text}"; squiggles: ${JSON.stringify(await squiggles(page))}`);
  return point;
}

/** Rows of the Problems panel (opened with Ctrl+Shift+M): their aria-label and visible text. */
export async function problems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await dismissWidgets(page);
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: TIMEOUT });
  }
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => ({ label: r.getAttribute('aria-label') ?? '', text: r.innerText.replace(/\s+/g, ' ').trim() })));
}

/** Wait for a Problems row whose text contains every string of `parts`; returns it. */
export async function waitForProblem(page, parts, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let rows = [];
  for (;;) {
    rows = await problems(page);
    const row = rows.find((r) => parts.every((p) => r.text.includes(p) || r.label.includes(p)));
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`no Problems row with ${JSON.stringify(parts)}; rows: ${JSON.stringify(rows)}`);
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

/** Put the cursor on the squiggle under `text`, open the quick-fix menu (Ctrl+.) and return its item titles. */
export async function openQuickFixMenu(page, text, expectTitle) {
  await dismissWidgets(page);
  const c = await squiggleCentre(page, text);
  await page.mouse.click(c.x, c.y);
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget .monaco-list-row.action', { hasText: expectTitle }).first();
  await item.waitFor({ timeout: TIMEOUT });
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

/** Go to a 1-based line with Ctrl+G. */
export async function goToLine(page, line, column) {
  await dismissWidgets(page);
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(column ? `${line}:${column}` : String(line));
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/** The text of the editor's model is not in the DOM (only visible lines are); read the visible lines. */
export async function visibleLines(page) {
  return activeEditor(page).locator('.view-lines .view-line').evaluateAll((lines) =>
    lines.map((l) => ({ top: parseFloat(l.style.top), text: l.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top).map((l) => l.text));
}
