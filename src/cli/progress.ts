import type { CoverageStatus } from '../snapshot/types.js';
import { terminalText } from '../common/sanitize.js';
import type { OutputStream } from './io.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** Where one resource type of one account stands. */
export interface TypeProgress {
  account: string;
  /** `account` or a zone id. */
  scope: string;
  type: string;
  requests: number;
  retries: number;
  items: number;
  /** Set when the type is finished. */
  status?: CoverageStatus;
  message?: string;
}

export interface ProgressOptions {
  stream: OutputStream;
  env: Record<string, string | undefined>;
  verbosity: Verbosity;
  /** `--table`: print the findings table even when the stream is not a terminal. */
  findingsTable?: boolean;
  now?: () => number;
}

const FRAMES = ['-', '\\', '|', '/'];

/** Colour on `stream`: only on a terminal, never with `NO_COLOR` (https://no-color.org) or `TERM=dumb`. */
export function colorFor(stream: OutputStream, env: Record<string, string | undefined>): boolean {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY === true && !noColor && env.TERM !== 'dumb';
}

/**
 * Progress on stderr. On a TTY: one live status line (types done, requests, retries, the types in flight)
 * plus a line per finished type; otherwise (or with CI set) plain `key=value` lines per finished type.
 * `--quiet` hides progress and informational lines, never warnings; `NO_COLOR` turns colour off.
 */
export class ProgressReporter {
  readonly color: boolean;
  /** Whether the run ends with the findings table: on a terminal unless --quiet, or when asked (`--table`). */
  readonly findingsTable: boolean;
  private readonly stream: OutputStream;
  private readonly verbosity: Verbosity;
  private readonly live: boolean;
  private readonly now: () => number;
  private readonly types = new Map<string, TypeProgress>();
  private liveLineShown = false;
  private lastRender = 0;
  private frame = 0;
  private expectedTypes = 0;

  constructor(options: ProgressOptions) {
    this.stream = options.stream;
    this.verbosity = options.verbosity;
    this.live = options.stream.isTTY === true && options.verbosity !== 'quiet' && !options.env.CI;
    this.color = colorFor(options.stream, options.env);
    this.findingsTable =
      options.findingsTable === true || (options.stream.isTTY === true && options.verbosity !== 'quiet');
    this.now = options.now ?? Date.now;
  }

  /** Width of the terminal, when the stream is one. */
  get columns(): number | undefined {
    return this.stream.isTTY === true ? this.stream.columns : undefined;
  }

  /** How many (account, scope, type) entries to expect, for the "n/m types" counter. */
  expect(count: number): void {
    this.expectedTypes += count;
  }

  /** A normal message (hidden by --quiet). */
  info(line: string): void {
    if (this.verbosity !== 'quiet') this.writeLine(terminalText(line));
  }

  /** A diagnostic message (only with --verbose). */
  detail(line: string): void {
    if (this.verbosity === 'verbose') this.writeLine(this.paint('2', terminalText(line)));
  }

  /** Something the user should look at (expired or unmatched suppressions, unreadable types): always printed. */
  warn(line: string): void {
    this.writeLine(this.paint('33', `warning: ${terminalText(line)}`));
  }

  /** Always printed, even with --quiet. */
  summary(line: string): void {
    this.writeLine(line);
  }

  /** Several lines at once (the findings table), already made safe for the terminal by the caller. */
  block(text: string): void {
    if (text !== '') this.writeLine(text.replace(/\n$/, ''));
  }

  update(update: TypeProgress): void {
    const progress = update.message === undefined ? update : { ...update, message: terminalText(update.message) };
    const id = `${progress.account}/${progress.scope}/${progress.type}`;
    const wasDone = this.types.get(id)?.status !== undefined;
    this.types.set(id, progress);
    if (progress.status !== undefined && !wasDone) {
      if (this.verbosity !== 'quiet') this.writeLine(this.typeLine(progress));
      return;
    }
    if (this.live && this.now() - this.lastRender >= 80) this.renderLive();
  }

  /** Clears the live line; call before the final summary. */
  close(): void {
    this.clearLive();
  }

  paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  private typeLine(p: TypeProgress): string {
    const scope = p.scope === 'account' ? '' : ` zone=${p.scope}`;
    if (!this.live) {
      const message = p.message ? ` message=${JSON.stringify(p.message)}` : '';
      return (
        `collect account=${p.account}${scope} type=${p.type} status=${p.status} items=${p.items} ` +
        `requests=${p.requests} retries=${p.retries}${message}`
      );
    }
    const mark =
      p.status === 'ok'
        ? this.paint('32', 'ok')
        : p.status === 'not_collected'
          ? this.paint('2', 'n/a')
          : this.paint('31', p.status ?? '');
    const where = p.scope === 'account' ? p.account : `${p.account} zone ${p.scope}`;
    const retries = p.retries > 0 ? `, ${p.retries} retr${p.retries === 1 ? 'y' : 'ies'}` : '';
    const message = p.status !== 'ok' && p.message ? ` (${p.message})` : '';
    return (
      `  ${mark.padEnd(this.color ? 11 : 3)} ${p.type.padEnd(24)} ${String(p.items).padStart(5)} items  ` +
      `${p.requests} req${retries}  [${where}]${message}`
    );
  }

  private renderLive(): void {
    const all = [...this.types.values()];
    const done = all.filter((p) => p.status !== undefined).length;
    const requests = all.reduce((sum, p) => sum + p.requests, 0);
    const retries = all.reduce((sum, p) => sum + p.retries, 0);
    const running = all.filter((p) => p.status === undefined).map((p) => p.type);
    const total = Math.max(this.expectedTypes, all.length);
    this.frame = (this.frame + 1) % FRAMES.length;
    let line =
      `${FRAMES[this.frame]} collecting: ${done}/${total} types, ${requests} requests, ${retries} retries` +
      (running.length > 0 ? `; reading ${running.slice(0, 3).join(', ')}${running.length > 3 ? ', ...' : ''}` : '');
    const width = this.stream.columns ?? 100;
    if (line.length > width - 1) line = line.slice(0, width - 1);
    this.stream.write(`\r\u001b[2K${line}`);
    this.liveLineShown = true;
    this.lastRender = this.now();
  }

  private clearLive(): void {
    if (this.liveLineShown) {
      this.stream.write('\r\u001b[2K');
      this.liveLineShown = false;
    }
  }

  private writeLine(line: string): void {
    this.clearLive();
    this.stream.write(`${line}\n`);
    if (this.live && this.types.size > 0 && [...this.types.values()].some((p) => p.status === undefined))
      this.renderLive();
  }
}
