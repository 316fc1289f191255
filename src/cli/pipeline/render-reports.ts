import path from 'node:path';
import { REPORT_FILES, RENDERERS, REPORT_FORMATS, type ReportFormat, type ReportInput } from '../../renderers/index.js';
import type { FailedAccount } from '../../renderers/types.js';
import { writeFileAtomic } from '../../snapshot/atomic-write.js';
import { refuseLink } from '../../snapshot/safe-path.js';
import { accountFailure, stopsTheRun } from './account-failure.js';

export interface RenderedReports {
  /** Paths written, in format order. */
  files: string[];
  /** The input as reported: accounts that could not be rendered moved to `failedAccounts`. */
  input: ReportInput;
}

/**
 * Renders every requested format and writes the files atomically (credential values scrubbed, never
 * through a symbolic link). When a renderer fails in a run of several accounts, each account is rendered
 * alone to find the one that breaks it; that account is listed as failed and the rest is rendered again.
 */
export async function renderReports(
  outDir: string,
  input: ReportInput,
  formats: readonly ReportFormat[],
  scrub: (text: string) => string,
): Promise<RenderedReports> {
  const wanted = REPORT_FORMATS.filter((f) => formats.includes(f));
  const targets = wanted.map((format) => path.join(outDir, REPORT_FILES[format]));
  for (const file of targets) await refuseLink(file);
  let current = input;
  for (;;) {
    const outcome = renderAll(current, wanted);
    if ('contents' in outcome) {
      for (const [i, content] of outcome.contents.entries()) await writeFileAtomic(targets[i]!, scrub(content));
      return { files: targets, input: current };
    }
    const failed = new Set(outcome.failed.map((f) => f.accountId));
    current = {
      ...current,
      accounts: current.accounts.filter((a) => !failed.has(a.accountId)),
      failedAccounts: [...(current.failedAccounts ?? []), ...outcome.failed],
    };
  }
}

type Rendered = { contents: string[] } | { failed: FailedAccount[] };

function renderAll(input: ReportInput, formats: readonly ReportFormat[]): Rendered {
  const contents: string[] = [];
  for (const format of formats) {
    try {
      contents.push(RENDERERS[format](input));
    } catch (error) {
      const several = input.accounts.length + (input.failedAccounts?.length ?? 0) > 1;
      if (!several || stopsTheRun(error)) throw error;
      const failed = culprits(input, format);
      if (failed.length === 0) throw error;
      return { failed };
    }
  }
  return { contents };
}

/** The accounts a renderer fails on when given them alone. */
function culprits(input: ReportInput, format: ReportFormat): FailedAccount[] {
  const failed: FailedAccount[] = [];
  for (const account of input.accounts) {
    try {
      RENDERERS[format]({ ...input, accounts: [account], failedAccounts: [] });
    } catch (error) {
      failed.push(accountFailure({ id: account.accountId, name: account.accountName }, 'render', error));
    }
  }
  return failed;
}
