// Rule documentation links in VS Code. The server links each diagnostic to the rule's Markdown page as a file URL,
// which any editor can open; VS Code would open it as editable source. Here the links are rewritten so that the
// Problems panel, the diagnostic hover and our own hover open the rendered page in VS Code's Markdown preview.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { Commands, DIAGNOSTIC_SOURCE, EXTENSION_ID } from '../../shared/protocol';

/** A rule id as the engine writes it (`config/hardcoded-secret`); anything else never reaches the file system. */
const RULE_ID = /^[a-z][a-z-]*\/[a-z0-9][a-z0-9-]*$/;

export const isRuleId = (s: unknown): s is string => typeof s === 'string' && RULE_ID.test(s);

/** The bundled page of a rule, inside the extension. */
export function ruleDocsUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  const [factor, rule] = ruleId.split('/');
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', factor, `${rule}.md`);
}

/**
 * The Problems panel and the diagnostic hover open a code link with the opener service, which refuses command URIs
 * there but hands URIs of VS Code's own scheme (`vscode://`, `code-oss://`, …) to the extension's URI handler.
 */
export function docsHandlerUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: vscode.env.uriScheme,
    authority: EXTENSION_ID,
    path: '/docs',
    query: `rule=${ruleId}`,
  });
}

/** The rule id in a URI the handler received; undefined for anything that is not a docs link. */
export function ruleOfHandlerUri(uri: vscode.Uri): string | undefined {
  if (uri.path !== '/docs') return undefined;
  const rule = new URLSearchParams(uri.query).get('rule');
  return isRuleId(rule) ? rule : undefined;
}

/** The server's file-URL link to a page under docs/rules, as `[text](file:///…/docs/rules/<factor>/<rule>.md)`. */
const FILE_DOCS_LINK = /\]\((file:[^)\s]*\/docs\/rules\/([a-z][a-z-]*)\/([a-z0-9][a-z0-9-]*)\.md)\)/g;

function commandLink(ruleId: string): string {
  return `command:${Commands.showDocumentation}?${encodeURIComponent(JSON.stringify([{ ruleId }]))}`;
}

/** Our hover's Markdown with its docs links turned into trusted command links (hover Markdown drops other schemes). */
export function rewriteHoverMarkdown(md: vscode.MarkdownString): vscode.MarkdownString {
  const value = md.value.replace(
    FILE_DOCS_LINK,
    (_m, _url, factor: string, rule: string) => `](${commandLink(`${factor}/${rule}`)})`,
  );
  if (value === md.value) return md;
  const out = new vscode.MarkdownString(value);
  out.isTrusted = { enabledCommands: [Commands.showDocumentation] };
  out.supportHtml = md.supportHtml;
  out.supportThemeIcons = md.supportThemeIcons;
  return out;
}

export function docsMiddleware(): Middleware {
  return {
    handleDiagnostics(uri, diagnostics, next) {
      for (const d of diagnostics) {
        if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'object' || !isRuleId(String(d.code.value))) continue;
        d.code = { value: d.code.value, target: docsHandlerUri(String(d.code.value)) };
      }
      next(uri, diagnostics);
    },
    async provideHover(document, position, token, next) {
      const hover = await next(document, position, token);
      if (!hover) return hover;
      const contents = hover.contents.map((c) => (c instanceof vscode.MarkdownString ? rewriteHoverMarkdown(c) : c));
      return new vscode.Hover(contents, hover.range);
    },
  };
}

/** Opens `<scheme>://twelve-factor.twelve-factor/docs?rule=<id>` links; other paths are ignored. */
export function docsUriHandler(open: (ruleId: string) => Promise<void>): vscode.UriHandler {
  return {
    handleUri(uri) {
      const rule = ruleOfHandlerUri(uri);
      return rule ? open(rule) : undefined;
    },
  };
}
