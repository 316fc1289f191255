/**
 * What report.html shows, in the order the page is written: the head (verdict, summary, coverage, filters,
 * compliance, rule reference) from one pass over the accounts, then each account's findings rows, access map and
 * evidence, computed when its turn comes so that one account's results are held at a time (src/renderers/html.ts).
 */
import {
  FindingLinker,
  accessMap,
  anchorsWith,
  recordingRenames,
  rowRefs,
  uniqueRowAnchors,
  type AccessMapView,
  type ReachLink,
  type RowRefs,
} from './access-map.js';
import { HeadTally, type HeadData, type HtmlHead } from './html-head.js';
import {
  RuleTable,
  findingEvidence,
  findingRow,
  tableResults,
  type FindingEvidence,
  type FindingRow,
} from './html-findings.js';
import { compareText } from './results.js';
import type { AccountReport, ReportInput } from './types.js';

const NO_ROWS: RowRefs = new Map();

/** The page's parts: `head` from one pass over the accounts (run by the constructor), the rest per account. */
export class HtmlPagePlan {
  readonly head: HtmlHead;
  /** Accounts in report order (by id); parts of account `a` are asked for by its index. */
  readonly accounts: readonly AccountReport[];
  private readonly includePassing: boolean;
  private readonly ruleTable: RuleTable;
  /**
   * Per account, the anchors of its access map rows that differ from the usual ones (an id another account has
   * too): with them the rows are made again in each pass, instead of every account's being held. Null: no reach.
   */
  private readonly renamed: (ReadonlyMap<string, string> | null)[] = [];

  constructor(input: ReportInput) {
    this.accounts = [...input.accounts].sort((a, b) => compareText(a.accountId, b.accountId));
    this.includePassing = input.includePassing === true;
    const catalog = [...input.rules].sort((a, b) => compareText(a.id, b.id));
    this.ruleTable = new RuleTable(catalog);
    const tally = new HeadTally(input, catalog, this.ruleTable);
    const used = new Set<string>();
    for (const account of this.accounts) {
      tally.add(account);
      const renamed = new Map<string, string>();
      if (account.reach) rowRefs(account, recordingRenames(uniqueRowAnchors(used, account.accountId), renamed));
      this.renamed.push(account.reach ? renamed : null);
    }
    this.head = tally.head();
  }

  /**
   * The findings rows of account `a`, in table order; the access map rows they link to are added to `linker`
   * (once per account: ask for each account's rows once per linker).
   */
  findingRows(a: number, linker: FindingLinker): FindingRow[] {
    const links = linker.account(this.refs(a) ?? NO_ROWS);
    return Array.from(tableResults(this.accounts[a]!, this.includePassing), ({ r, fixed }) =>
      findingRow(r, a, this.ruleTable.indexOf(r.rule_id), fixed, links(r)),
    );
  }

  /** The evidence of account `a`'s rows, in the same order. */
  evidence(a: number): FindingEvidence[] {
    return Array.from(tableResults(this.accounts[a]!, this.includePassing), ({ r }) => findingEvidence(r));
  }

  /** The access map of account `a`; null when it has no reach (the account is not read then). */
  accessMap(a: number): AccessMapView | null {
    const refs = this.refs(a);
    return refs ? accessMap(this.accounts[a]!, refs) : null;
  }

  private refs(a: number): RowRefs | null {
    const renamed = this.renamed[a];
    return renamed ? rowRefs(this.accounts[a]!, anchorsWith(renamed)) : null;
  }
}

export interface ReportData extends HeadData {
  findings: FindingRow[];
  /** Access map rows findings link to. */
  reach: ReachLink[];
}

export interface HtmlViewModel extends Omit<HtmlHead, 'data'> {
  data: ReportData;
  /** Each row's evidence, by index. */
  evidence: FindingEvidence[];
  accessMaps: AccessMapView[];
}

/**
 * The whole page's model at once, every account's parts in memory: for tests. The page itself is written part by
 * part from the same `HtmlPagePlan`.
 */
export function buildHtmlViewModel(input: ReportInput): HtmlViewModel {
  const plan = new HtmlPagePlan(input);
  const linker = new FindingLinker();
  const indices = plan.accounts.map((_, a) => a);
  const findings = indices.flatMap((a) => plan.findingRows(a, linker));
  return {
    ...plan.head,
    data: { ...plan.head.data, findings, reach: linker.take() },
    evidence: indices.flatMap((a) => plan.evidence(a)),
    accessMaps: indices.flatMap((a) => plan.accessMap(a) ?? []),
  };
}
