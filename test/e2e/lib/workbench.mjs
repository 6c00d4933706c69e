// Page-object for the code-server workbench. Every wait is a deadline-bounded poll.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './wait.mjs';

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROWS = `${QUICK_INPUT} .monaco-list-row`;

export class Workbench {
  constructor(page, { artifactsDir }) {
    this.page = page;
    this.artifactsDir = artifactsDir;
  }

  /** Opens code-server in a new page and waits until the explorer shows the folder. */
  static async open(browser, url, { artifactsDir, timeout = 90_000 } = {}) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    const wb = new Workbench(page, { artifactsDir });
    await page.goto(url);
    await waitFor(() => page.locator('.explorer-folders-view .monaco-list-row').count(), {
      timeout,
      what: 'workbench with the workspace folder in the explorer',
    });
    return wb;
  }

  /** Rows of the open quick input as {label (aria-label), focused}. */
  async quickInputRows() {
    return this.page.$$eval(QUICK_ROWS, (els) =>
      els.map((e) => ({ label: e.getAttribute('aria-label') ?? '', focused: e.classList.contains('focused') })),
    );
  }

  /**
   * F1, then `text` (the palette keeps its ">" unless `files`), then accepts the
   * row that `matches`: Enter if it is focused, a click otherwise. F1 rather than
   * Ctrl+Shift+P / Ctrl+P because headless Chromium does not deliver those to the workbench.
   */
  async pick(text, matches, { files = false, what = text, timeout = 30_000 } = {}) {
    const { page } = this;
    await page.keyboard.press('F1');
    await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible' });
    await waitFor(async () => (await page.inputValue(QUICK_INPUT_BOX)) === '>', { what: 'command palette prefix' });
    if (files) await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
    const row = await waitFor(
      async () => {
        if ((await page.inputValue(QUICK_INPUT_BOX)) !== (files ? text : `>${text}`)) return null;
        const rows = await this.quickInputRows();
        const i = rows.findIndex((r) => matches(r.label));
        return i >= 0 ? { ...rows[i], index: i } : null;
      },
      { timeout, what: `quick input row for ${what}` },
    );
    if (row.focused) await page.keyboard.press('Enter');
    else await page.locator(QUICK_ROWS).nth(row.index).click();
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  }

  /** Opens the palette filtered by `text`, polls until `ok(labels)` holds, closes it; returns the labels. */
  async paletteLabels(text, ok, { timeout = 30_000 } = {}) {
    const { page } = this;
    await page.keyboard.press('F1');
    await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible' });
    await page.keyboard.type(text);
    let labels = [];
    try {
      await waitFor(async () => ok((labels = (await this.quickInputRows()).map((r) => r.label))), {
        timeout,
        what: () => `palette entries for "${text}" (now: ${JSON.stringify(labels)})`,
      });
    } finally {
      await page.keyboard.press('Escape');
      await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
    }
    return labels;
  }

  /** Runs a command by its palette label, e.g. "Twelve-Factor: Rescan Workspace". */
  async runCommand(label, opts) {
    // Rows read "Label" or "Label, Keybinding".
    await this.pick(label, (l) => l === label || l.startsWith(`${label}, `), { what: `command "${label}"`, ...opts });
  }

  /** Opens a workspace file by relative path through Quick Open and waits for its tab. */
  async openFile(relPath) {
    const base = path.posix.basename(relPath);
    const dir = path.posix.dirname(relPath);
    // File rows read "server.js src, file results".
    const prefix = dir === '.' ? `${base},` : `${base} ${dir},`;
    await this.pick(relPath, (l) => l.startsWith(prefix), { files: true, what: `file ${relPath}` });
    await waitFor(async () => (await this.activeTabTitle()) === base, { what: `editor tab ${base}` });
  }

  async activeTabTitle() {
    return this.page
      .locator('.editor-group-container.active .tab.active')
      .first()
      .getAttribute('aria-label', { timeout: 1_000 });
  }

  /** Cursor position from the status bar ("Ln 4, Col 19", possibly followed by a selection count). */
  async cursorPosition() {
    const text = await this.page.locator('[id="status.editor.selection"]').textContent({ timeout: 1_000 });
    const m = /Ln (\d+), Col (\d+)/.exec(text ?? '');
    return m ? { line: Number(m[1]), col: Number(m[2]) } : null;
  }

  async statusBarTexts() {
    return this.page.$$eval('.statusbar-item', (els) => els.map((e) => e.textContent.trim()).filter(Boolean));
  }

  /** Text of the active editor's rendered lines (Monaco renders spaces as U+00A0). */
  async editorLines() {
    return this.page.$$eval('.editor-group-container.active .monaco-editor .view-line', (els) =>
      els
        .map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent.replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
  }

  /** The innermost rendered token span in the active editor containing `text`. */
  editorToken(text) {
    return this.page
      .locator('.editor-group-container.active .monaco-editor .view-line span span', { hasText: text })
      .first();
  }

  /** Puts the cursor inside `text` by clicking its token (not the squiggle decoration). */
  async clickEditorText(text) {
    await this.editorToken(text).click();
  }

  /**
   * Opens the Problems view and returns its rendered marker rows. The view is a virtual
   * list that renders only what fits, so `filter` (typed into the view's filter box;
   * matched against message, source and code) keeps other extensions' rows out.
   */
  async problems({ filter = 'twelve-factor' } = {}) {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    }
    const box = this.page.locator('.part.panel input[placeholder^="Filter (e.g."]').first();
    if ((await box.inputValue()) !== filter) await box.fill(filter);
    return this.page.$$eval('.markers-panel .monaco-list-row', (els) => {
      let file = null;
      const out = [];
      for (const e of els.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))) {
        if (e.getAttribute('aria-level') === '1') {
          file = e.querySelector('.label-name')?.textContent ?? null;
          continue;
        }
        const text = (sel) => e.querySelector(sel)?.textContent ?? '';
        const pos = /Ln (\d+), Col (\d+)/.exec(text('.marker-line'));
        const icon = e.querySelector('.marker-icon')?.className ?? '';
        out.push({
          file,
          severity: ['error', 'warning', 'info'].find((s) => icon.includes(s)) ?? 'unknown',
          message: text('.marker-message'),
          source: text('.marker-source'),
          code: text('.marker-code'),
          line: pos ? Number(pos[1]) : null,
          col: pos ? Number(pos[2]) : null,
        });
      }
      return out;
    });
  }

  /** Polls the Problems view until `predicate(rows)` holds; returns the rows. */
  async waitForProblems(predicate, { timeout = 60_000, what = 'problems', filter } = {}) {
    let rows = [];
    await waitFor(async () => predicate((rows = await this.problems({ filter }))), {
      timeout,
      what: () => `${what} (rows now: ${JSON.stringify(rows)})`,
    });
    return rows;
  }

  /**
   * Cursor on `text`, then "Quick Fix..." from the palette; returns the menu's action titles. VS Code drops a
   * code-action query when an extension (de)registers a provider for the file while it runs (the built-in
   * TypeScript extension does as it starts); then no menu opens, and the next round asks again, as a user would.
   */
  async openQuickFixMenu(text, { timeout = 30_000 } = {}) {
    const menu = this.page.locator('.action-widget').first();
    return waitFor(
      async () => {
        if (!(await menu.isVisible())) {
          await this.clickEditorText(text);
          await this.runCommand('Quick Fix...');
          await menu.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
        }
        const titles = await this.quickFixItems();
        return titles.length ? titles : null;
      },
      { timeout, what: 'quick fix menu items' },
    );
  }

  async quickFixItems() {
    return this.page.$$eval('.action-widget .monaco-list-row.action', (els) =>
      els.map((e) => ({
        title: e.querySelector('.title')?.textContent ?? '',
        focused: e.classList.contains('focused'),
      })),
    );
  }

  /** With the menu open, moves the focus to the first action titled `prefix`… and applies it with Enter. */
  async applyQuickFix(prefix) {
    const items = await this.quickFixItems();
    const target = items.findIndex((i) => i.title.startsWith(prefix));
    if (target < 0) throw new Error(`No quick fix starting with "${prefix}" in ${JSON.stringify(items)}`);
    for (let step = 0; step <= items.length; step++) {
      const now = await this.quickFixItems();
      if (now.findIndex((i) => i.focused) === target) break;
      await this.page.keyboard.press('ArrowDown');
    }
    const focused = (await this.quickFixItems()).find((i) => i.focused);
    if (!focused?.title.startsWith(prefix))
      throw new Error(`Could not focus quick fix "${prefix}"; focused: ${focused?.title}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').first().waitFor({ state: 'hidden' });
  }

  /** The sidebar pane of a view by its name, e.g. "Checklist". */
  viewPane(name) {
    return this.page.locator('.pane').filter({ has: this.page.locator(`.pane-header[aria-label="${name} Section"]`) });
  }

  /** Visible rows of a tree view as {label, description, level, expanded, index}. */
  async treeRows(viewName) {
    return this.viewPane(viewName)
      .locator('.monaco-list-row[role=treeitem]')
      .evaluateAll((els) =>
        els
          .map((e) => ({
            index: Number(e.dataset.index),
            level: Number(e.getAttribute('aria-level')),
            expanded: e.getAttribute('aria-expanded'),
            label: e.querySelector('.label-name')?.textContent ?? '',
            description: e.querySelector('.label-description')?.textContent ?? '',
          }))
          .sort((a, b) => a.index - b.index),
      );
  }

  treeRow(viewName, index) {
    return this.viewPane(viewName).locator(`.monaco-list-row[role=treeitem][data-index="${index}"]`);
  }

  /** Saves a screenshot (of `locator` if given, else the page) to artifacts/<name>.png. */
  async screenshot(name, locator) {
    fs.mkdirSync(this.artifactsDir, { recursive: true });
    const file = path.join(this.artifactsDir, `${name}.png`);
    await (locator ?? this.page).screenshot({ path: file });
    return file;
  }
}
