// Types of action-outputs.mjs, for the tests that import it.
export declare const SEVERITIES: readonly ['critical', 'high', 'medium', 'low', 'info'];
export declare function exitReason(code: number): 'ok' | 'findings' | 'usage' | 'incomplete';
export declare function countFindings(report: unknown): Record<string, number>;
export declare function accountIds(report: unknown): string[];
export declare function actionOutputs(
  outDir: string,
  exitCode: number,
  requestedAccounts?: string,
): Record<string, string>;
export declare function formatOutputs(outputs: Record<string, string>): string;
