import type { ResourceType } from '../catalog/resource-types.js';
import type { CoverageEntry, ScopeRef } from '../snapshot/types.js';

/** What the collectors report while they run, so the CLI can draw progress. */
export type CollectProgressEvent =
  | { kind: 'started'; type: ResourceType; scope: ScopeRef }
  | {
      kind: 'page';
      type: ResourceType;
      scope: ScopeRef;
      endpoint: string;
      page: number;
      items: number;
      totalPages?: number;
    }
  | {
      kind: 'retry';
      type: ResourceType;
      scope: ScopeRef;
      endpoint: string;
      attempt: number;
      reason: 'rate_limited' | 'server' | 'timeout' | 'network';
      status?: number;
      delayMs: number;
    }
  | { kind: 'done'; type: ResourceType; scope: ScopeRef; coverage: CoverageEntry };

export type ProgressListener = (event: CollectProgressEvent) => void;
