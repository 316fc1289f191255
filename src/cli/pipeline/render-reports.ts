import path from 'node:path';
import { REPORT_FILES, RENDERERS, REPORT_FORMATS, type ReportFormat, type ReportInput } from '../../renderers/index.js';
import type { FailedAccount } from '../../renderers/types.js';
import { findingsJsonChunks } from '../../renderers/findings-json.js';
import { htmlChunks } from '../../renderers/html.js';
import { sarifChunks } from '../../renderers/sarif.js';
import { renderSummaryMarkdown } from '../../renderers/summary-markdown.js';
import { stageFileChunks, type StagedFile } from '../../snapshot/atomic-write.js';
import { refuseLink } from '../../snapshot/safe-path.js';
import { accountFailure, stopsTheRun } from './account-failure.js';

export interface RenderedReports {
  /** Paths written, in format order. */
  files: string[];
  /** The input as reported: accounts that could not be rendered moved to `failedAccounts`. */
  input: ReportInput;
}

/** Each format as pieces of text (a large report is never one string). */
const CHUNKS: Record<ReportFormat, (input: ReportInput) => Iterable<string>> = {
  sarif: (input) => sarifChunks(input),
  html: htmlChunks,
  json: findingsJsonChunks,
  markdown: (input) => [renderSummaryMarkdown(input)],
};

/**
 * Renders every requested format, one after another, each written piece by piece beside its file; once all
 * are written they replace the old files (credential values scrubbed, never through a symbolic link).
 * When a renderer fails in a run of several accounts, each account is rendered alone to find the one that
 * breaks it; that account is listed as failed and the rest is rendered again.
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
    const staged: StagedFile[] = [];
    let broken: { format: ReportFormat; error: unknown } | undefined;
    for (const [i, format] of wanted.entries()) {
      try {
        staged.push(await stageFileChunks(targets[i]!, CHUNKS[format](current), scrub));
      } catch (error) {
        broken = { format, error };
        break;
      }
    }
    if (!broken) {
      for (const file of staged) await file.commit();
      return { files: targets, input: current };
    }
    for (const file of staged) await file.discard();
    current = withoutCulprits(current, broken.format, broken.error);
  }
}

/** `input` with the accounts `format` fails on moved to `failedAccounts`; rethrows what no account explains. */
function withoutCulprits(input: ReportInput, format: ReportFormat, error: unknown): ReportInput {
  const several = input.accounts.length + (input.failedAccounts?.length ?? 0) > 1;
  if (!several || stopsTheRun(error)) throw error;
  const failed = culprits(input, format);
  if (failed.length === 0) throw error;
  const ids = new Set(failed.map((f) => f.accountId));
  return {
    ...input,
    accounts: input.accounts.filter((a) => !ids.has(a.accountId)),
    failedAccounts: [...(input.failedAccounts ?? []), ...failed],
  };
}

/** Renders `formats` (in the order given) without writing, isolating accounts that break a renderer. */
export function renderInMemory(
  input: ReportInput,
  formats: readonly ReportFormat[],
): {
  contents: string[];
  input: ReportInput;
} {
  let current = input;
  for (;;) {
    const contents: string[] = [];
    try {
      for (const format of formats) contents.push(RENDERERS[format](current));
      return { contents, input: current };
    } catch (error) {
      current = withoutCulprits(current, formats[contents.length]!, error);
    }
  }
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
