// Expands a VS Code snippet body the way the editor inserts it when the user accepts every default:
// placeholders become their default text, bare tabstops mirror the placeholder of the same number (or nothing),
// choices their first option, variables sample values. Syntax VS Code would silently insert as text
// (an unescaped `${name}` in a template literal, an unknown variable) is an error here.

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; n: number; children?: Node[]; choices?: string[] }
  | { kind: 'variable'; name: string; children?: Node[] };

/** Sample values for the variables VS Code resolves. */
export const SAMPLE_VARIABLES: Record<string, string> = {
  TM_SELECTED_TEXT: '',
  TM_CURRENT_LINE: '',
  TM_CURRENT_WORD: '',
  TM_LINE_INDEX: '0',
  TM_LINE_NUMBER: '1',
  TM_FILENAME: 'server.ts',
  TM_FILENAME_BASE: 'server',
  TM_DIRECTORY: '/work/app/src',
  TM_FILEPATH: '/work/app/src/server.ts',
  RELATIVE_FILEPATH: 'src/server.ts',
  CLIPBOARD: '',
  WORKSPACE_NAME: 'app',
  WORKSPACE_FOLDER: '/work/app',
  CURSOR_INDEX: '0',
  CURSOR_NUMBER: '1',
  CURRENT_YEAR: '2025',
  CURRENT_YEAR_SHORT: '25',
  CURRENT_MONTH: '01',
  CURRENT_MONTH_NAME: 'January',
  CURRENT_MONTH_NAME_SHORT: 'Jan',
  CURRENT_DATE: '02',
  CURRENT_DAY_NAME: 'Thursday',
  CURRENT_DAY_NAME_SHORT: 'Thu',
  CURRENT_HOUR: '03',
  CURRENT_MINUTE: '04',
  CURRENT_SECOND: '05',
  CURRENT_SECONDS_UNIX: '1735787045',
  CURRENT_TIMEZONE_OFFSET: '+00:00',
  RANDOM: '123456',
  RANDOM_HEX: 'a1b2c3',
  UUID: '00000000-0000-4000-8000-000000000000',
  BLOCK_COMMENT_START: '/*',
  BLOCK_COMMENT_END: '*/',
  LINE_COMMENT: '//',
};

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  private fail(message: string): never {
    throw new Error(`${message} at offset ${this.i}: …${this.s.slice(Math.max(0, this.i - 30), this.i + 30)}…`);
  }

  /** Nodes up to the end of input, or up to the `}` closing a placeholder when `nested`. */
  parse(nested = false): Node[] {
    const out: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ kind: 'text', text });
      text = '';
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\') {
        const next = this.s[this.i + 1];
        // Only `$`, `}` and `\` are escapable; any other backslash is literal.
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.i += 2;
        } else {
          text += c;
          this.i++;
        }
      } else if (c === '}' && nested) {
        flush();
        this.i++;
        return out;
      } else if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          out.push(node);
        } else {
          text += '$';
          this.i++;
        }
      } else {
        text += c;
        this.i++;
      }
    }
    if (nested) this.fail('unclosed placeholder');
    flush();
    return out;
  }

  /** A tabstop, placeholder, choice or variable at `$`, or undefined when the `$` is plain text. */
  private dollar(): Node | undefined {
    const rest = this.s.slice(this.i + 1);
    let m = /^\d+/.exec(rest);
    if (m) {
      this.i += 1 + m[0].length;
      return { kind: 'tabstop', n: Number(m[0]) };
    }
    m = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(rest);
    if (m) {
      this.i += 1 + m[0].length;
      return this.variable(m[0]);
    }
    if (rest[0] !== '{') return undefined;
    m = /^\{(\d+)/.exec(rest);
    if (m) {
      const n = Number(m[1]);
      this.i += 1 + m[0].length;
      const c = this.s[this.i];
      if (c === '}') {
        this.i++;
        return { kind: 'tabstop', n };
      }
      if (c === ':') {
        this.i++;
        return { kind: 'tabstop', n, children: this.parse(true) };
      }
      if (c === '|') {
        this.i++;
        return { kind: 'tabstop', n, choices: this.choices() };
      }
      if (c === '/') this.fail('transforms are not supported by this expander');
      this.fail('malformed tabstop');
    }
    m = /^\{([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) {
      this.i += 1 + m[0].length;
      const c = this.s[this.i];
      if (c === '}') {
        this.i++;
        return this.variable(m[1]);
      }
      if (c === ':') {
        this.i++;
        return this.variable(m[1], this.parse(true));
      }
      this.fail(`malformed variable \${${m[1]}`);
    }
    // `${` followed by anything else is inserted literally by VS Code, and is almost always a missing escape.
    this.fail('unescaped "${"');
  }

  private variable(name: string, children?: Node[]): Node {
    if (!(name in SAMPLE_VARIABLES)) this.fail(`unknown variable ${name} (an unescaped "$" in the body?)`);
    return { kind: 'variable', name, children };
  }

  private choices(): string[] {
    const out: string[] = [];
    let cur = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\' && ',|\\$}'.includes(this.s[this.i + 1])) {
        cur += this.s[this.i + 1];
        this.i += 2;
      } else if (c === ',') {
        out.push(cur);
        cur = '';
        this.i++;
      } else if (c === '|' && this.s[this.i + 1] === '}') {
        out.push(cur);
        this.i += 2;
        return out;
      } else {
        cur += c;
        this.i++;
      }
    }
    this.fail('unclosed choice');
  }
}

export interface Expansion {
  text: string;
  /** Tabstop numbers in the body. */
  tabstops: number[];
}

export function expandSnippet(
  body: string | string[],
  variables: Record<string, string> = SAMPLE_VARIABLES,
): Expansion {
  const source = Array.isArray(body) ? body.join('\n') : body;
  const nodes = new Parser(source).parse();
  const defaults = new Map<number, Node[] | string>();
  const tabstops = new Set<number>();
  const collect = (list: Node[]) => {
    for (const n of list) {
      if (n.kind === 'tabstop') {
        tabstops.add(n.n);
        if (n.children && !defaults.has(n.n)) defaults.set(n.n, n.children);
        if (n.choices && !defaults.has(n.n)) defaults.set(n.n, n.choices[0] ?? '');
      }
      if (n.kind !== 'text' && n.children) collect(n.children);
    }
  };
  collect(nodes);
  const render = (list: Node[], depth = 0): string => {
    if (depth > 20) throw new Error('placeholders nest too deeply (a placeholder mirrors itself?)');
    return list
      .map((n): string => {
        if (n.kind === 'text') return n.text;
        if (n.kind === 'variable') {
          const v = variables[n.name] ?? '';
          return v || (n.children ? render(n.children, depth + 1) : '');
        }
        const d = defaults.get(n.n);
        if (d === undefined) return '';
        return typeof d === 'string' ? d : render(d, depth + 1);
      })
      .join('');
  };
  return { text: render(nodes), tabstops: [...tabstops].sort((a, b) => a - b) };
}
