/** The one order and the labels every renderer uses for reach rows (docs/reach.md). */
import { classRank } from '../reach/classes.js';
import { REACH_TYPES, type PublicReach, type ReachType } from '../reach/model.js';
import { compareText } from './results.js';

/** `one` heads a row, `many` a column, `word` goes inside a sentence. */
export const REACH_TYPE_LABELS: Record<ReachType, { one: string; many: string; word: string }> = {
  access_application: { one: 'Application', many: 'Applications', word: 'application' },
  infrastructure_target: { one: 'Target', many: 'Targets', word: 'target' },
  mcp_server: { one: 'MCP server', many: 'MCP servers', word: 'MCP server' },
  mcp_portal: { one: 'MCP portal', many: 'MCP portals', word: 'MCP portal' },
};

/** Short type codes for anchors (`reach-app-<id>`) and filter values. */
export const REACH_TYPE_CODES: Record<ReachType, string> = {
  access_application: 'app',
  infrastructure_target: 'target',
  mcp_server: 'mcp-server',
  mcp_portal: 'mcp-portal',
};

function typeRank(type: ReachType): number {
  return REACH_TYPES.indexOf(type);
}

/** Broadest class first, then type (applications, targets, MCP servers, portals), name and id. */
export function compareReach(a: PublicReach, b: PublicReach): number {
  return (
    classRank(a.broadest) - classRank(b.broadest) ||
    typeRank(a.type) - typeRank(b.type) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id)
  );
}

export function sortReach(reach: readonly PublicReach[]): PublicReach[] {
  return [...reach].sort(compareReach);
}
