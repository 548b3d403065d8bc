// Translation of the core's user-visible messages (unknown reasons, diagnostics, summary text). Pure: the
// extension installs the table of the display language (vscode.l10n.bundle); without one, messages are English.
// Templates use the placeholders of vscode.l10n.t ({0}, {1} …), so one bundle file serves both.

/** A translation table: English template -> translation (or { message }, as bundle files may hold). */
export type Messages = Record<string, string | { message: string }>;

let table: Messages | undefined;
let version = 0;

/** Installs the translations of the display language; undefined returns to English. */
export function setMessages(messages: Messages | undefined): void {
  const next = messages && Object.keys(messages).length ? messages : undefined;
  if (next !== table) version++;
  table = next;
}

/** Changes whenever another table is installed: caches of reports (which hold messages) include it in their keys. */
export function messagesVersion(): number {
  return version;
}

/** The table installed now (for handing on to a separately bundled analyzer). */
export function getMessages(): Messages | undefined {
  return table;
}

/** A value put into a message: written as a template literal would write it. */
export type MsgArg = string | number | boolean | null | undefined;

/** The message `template` in the current language, with {0}, {1} … replaced by `args`. */
export function msg(template: string, ...args: MsgArg[]): string {
  const entry = table && Object.prototype.hasOwnProperty.call(table, template) ? table[template] : undefined;
  const text = typeof entry === 'string' ? entry : typeof entry?.message === 'string' ? entry.message : template;
  if (!args.length) return text;
  return text.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

/** `a`, `a or b`, `a or b or c`: alternatives in a message. */
export function orList(items: readonly string[]): string {
  return items.reduce((acc, x, i) => (i === 0 ? x : msg('{0} or {1}', acc, x)), '');
}

/** `a`, `a and b`, `a and b and c`: several values in a message. */
export function andList(items: readonly string[]): string {
  return items.reduce((acc, x, i) => (i === 0 ? x : msg('{0} and {1}', acc, x)), '');
}
