// A finding's message text from the rule's message table: `{{name}}` placeholders filled from the report's data.
import type { Message, RuleMeta } from './types';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * The text of `message` in `meta.messages`. Values go in as given, in one pass (a value that itself holds `{{x}}` is
 * not expanded again); a placeholder without a value (or an undefined one) stays as written, which test/unit/messages catches. An unknown
 * id throws: the engine counts it as a failure of that rule.
 */
export function formatMessage(meta: Pick<RuleMeta, 'id' | 'messages'>, message: Message): string {
  const template = Object.prototype.hasOwnProperty.call(meta.messages, message.messageId)
    ? meta.messages[message.messageId]
    : undefined;
  if (template === undefined) throw new Error(`${meta.id} has no message '${message.messageId}'`);
  const data = message.data;
  if (!data) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(data, name) && data[name] !== undefined ? String(data[name]) : whole,
  );
}

/** The placeholder names a template uses, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** A template in SARIF's message-string format: placeholders as `{0}`, `{1}`… in order of first use, braces doubled. */
export function sarifTemplate(template: string): string {
  const names = placeholders(template);
  return template.replace(/\{\{\s*(\w+)\s*\}\}|[{}]/g, (whole, name?: string) =>
    name ? `{${names.indexOf(name)}}` : whole + whole,
  );
}
