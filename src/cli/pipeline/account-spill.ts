import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AccountReport } from '../../renderers/types.js';

/** What a report holds per result or per resource; the rest of an AccountReport is a few kilobytes. */
const HEAVY_FIELDS = ['results', 'passing', 'fixedSinceBaseline', 'regions', 'reach', 'idpNames', 'documents'] as const;
type HeavyField = (typeof HEAVY_FIELDS)[number];
type Body = Pick<AccountReport, HeavyField>;
/** Signals that end the process without its 'exit' event. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Evaluated accounts kept on disk until the reports are written, so that a run of many accounts holds one at a
 * time: reading a heavy field of a spilled account loads that account's body (v8 serialisation) and drops the
 * one loaded before. Renderers that go through the accounts one after another load each once per pass.
 * The files live in a private temporary folder (0700) removed by `close()`, when the process exits or when it is
 * ended by SIGINT, SIGTERM or SIGHUP (not SIGKILL); they hold
 * results derived from the snapshot already written, never a credential.
 */
export class AccountSpill {
  private readonly dir: string;
  private next = 0;
  private current: { file: string; body: Body } | undefined;
  private readonly onExit = (): void => this.close();
  /** Interrupted (Ctrl-C, a CI job cancelled): the files go, then the signal ends the process as it would have. */
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.close();
    process.kill(process.pid, signal);
  };
  /** Bodies read back from disk so far (a renderer that holds every account at once reads each of them again). */
  loads = 0;

  constructor(parent = tmpdir()) {
    this.dir = mkdtempSync(path.join(parent, 'cf-access-audit-spill-'));
    process.once('exit', this.onExit);
    for (const signal of SIGNALS) process.once(signal, this.onSignal);
  }

  /** `report` with its heavy fields written to disk: they read back (the same values) when accessed. */
  spill(report: AccountReport): AccountReport {
    const file = path.join(this.dir, `${this.next++}.v8`);
    const body: Partial<Record<HeavyField, unknown>> = {};
    const light: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(report)) {
      if ((HEAVY_FIELDS as readonly string[]).includes(key)) body[key as HeavyField] = value;
      else light[key] = value;
    }
    writeFileSync(file, serialize(body), { mode: 0o600 });
    for (const key of Object.keys(body) as HeavyField[]) {
      Object.defineProperty(light, key, { enumerable: true, get: () => this.load(file)[key] });
    }
    return light as unknown as AccountReport;
  }

  private load(file: string): Body {
    if (this.current?.file !== file) {
      this.current = undefined;
      this.loads += 1;
      this.current = { file, body: deserialize(readFileSync(file)) as Body };
    }
    return this.current.body;
  }

  close(): void {
    process.off('exit', this.onExit);
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    this.current = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs `run` with a spill when there are several accounts (one account gains nothing), closed afterwards. */
export async function withAccountSpill<T>(accounts: number, run: (spill?: AccountSpill) => Promise<T>): Promise<T> {
  const spill = accounts > 1 ? new AccountSpill() : undefined;
  try {
    return await run(spill);
  } finally {
    spill?.close();
  }
}
